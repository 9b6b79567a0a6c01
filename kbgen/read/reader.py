"""Read each kind of file under protocols/ (kb.yml, standards, FAQs, playbooks) into typed items.

A file that does not load is remembered as unreadable; an item that does not validate is reported
(by kbgen.read.validate) and its ID remembered as broken, so references to it are not reported again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

from pydantic import BaseModel

from kbgen.problem import Level, Problem, Problems
from kbgen.read import schema
from kbgen.read.files import display
from kbgen.read.loader import load_file
from kbgen.read.model import CategoryEntry
from kbgen.read.schema import Body, Calendar, Category, Channel, Faq, KbFile, Playbook, Segment, Standard
from kbgen.read.schema import Level as LevelItem
from kbgen.read.source_map import Loaded, PathKey, SourceMap, unparsed_paths
from kbgen.read.validate import Validator

R = TypeVar("R")


class Reader(Validator):
    """Loads the files of one project and validates their items."""

    def __init__(self, root: Path, problems: Problems) -> None:
        super().__init__(problems)
        self.root = root
        self.sources: dict[str, SourceMap] = {}
        self.broken_ids: set[str] = set()
        self.unreadable: list[str] = []
        # Where each ID written in a part of a file that could not be parsed stands: (file, line).
        self.unparsed_ids: dict[str, tuple[str, int]] = {}
        # Items that did not validate, as read (file, path, data): their references are still checked.
        self.broken_items: list[tuple[str, tuple[str | int, ...], Any]] = []

    def load(self, path: Path) -> Loaded | None:
        """The file at `path` loaded, its Problems and positions recorded; None if it does not load."""
        shown = display(self.root, path)
        try:
            loaded = load_file(str(path), shown)
        except OSError as exc:  # unreadable, or gone since the folder was listed
            self.problems.add(
                Problem(
                    shown,
                    1,
                    1,
                    "",
                    "E-read",
                    Level.ERROR,
                    f"cannot read the file: {exc.strerror or exc}",
                    "check that it exists and that you may read it",
                )
            )
            self.unreadable.append(shown)
            return None
        self.problems.extend(loaded.problems)
        self.sources[shown] = loaded.source
        for found, line in loaded.unparsed_ids.items():
            self.unparsed_ids.setdefault(found, (shown, line))
        if loaded.data is None and any(p.code == "E-size" for p in loaded.problems):
            self.unreadable.append(shown)  # nothing of it is known, not even the IDs it holds
        return loaded if loaded.ok or loaded.partial else None

    def read_kb(self, path: Path) -> KbFile | None:
        """kb.yml, or None when it does not load or validate even in part."""
        loaded = self.load(path)
        if loaded is None:
            return None
        data = loaded.data
        if isinstance(data, dict):
            langs, _ = self.validate(schema.LanguagesOnly, data, loaded, (), report=False)
            if langs is not None:
                self.context["languages"] = list(langs.languages)
            # Otherwise languages has mistakes (reported below): texts are read without checking
            # their language keys, so one typo does not turn into an error in every file.
        kb, _ = self.validate(KbFile, data, loaded, ())
        if kb is None and isinstance(data, dict) and self.context["languages"]:
            kb = self._salvage_kb(data, loaded)
        if kb is None:
            return None
        for key, items in (
            ("calendars", kb.calendars),
            ("channels", kb.channels),
            ("segments", kb.segments),
            ("priorities", kb.priorities),
            ("severities", kb.severities),
            ("stages", kb.stages),
            ("bodies", kb.bodies),
        ):
            for i, item in enumerate(items):
                item.locate(loaded.file, (key, i))
        return kb

    def _salvage_kb(self, data: dict[str, Any], loaded: Loaded) -> KbFile | None:
        """kb.yml has errors (already reported): keep its valid parts so other files can still be checked."""
        kinds: dict[str, type[BaseModel]] = {
            "calendars": Calendar,
            "channels": Channel,
            "segments": Segment,
            "priorities": LevelItem,
            "severities": LevelItem,
            "stages": LevelItem,
            "bodies": Body,
        }
        kept: dict[str, Any] = {"organization": {"name": "?"}, "languages": self.context["languages"]}
        for key, cls in kinds.items():
            raw = data.get(key)
            if not isinstance(raw, list):
                continue
            good = []
            for i, item in enumerate(raw):
                item = {"id": item} if key == "segments" and isinstance(item, str) else item
                obj, _ = self.validate(cls, item, loaded, (key, i), report=False)
                if obj is not None:
                    good.append(item)
                else:
                    self._note_broken(item, loaded, (key, i))
            kept[key] = good
        obj, _ = self.validate(KbFile, kept, loaded, (), report=False)
        return obj

    def _note_broken(self, item: Any, loaded: Loaded | None = None, path: PathKey = ()) -> None:
        """An item that did not validate: its ID is known (references to it are not reported again,
        or reported as unparsed when a part of it could not be parsed), its references still checked."""
        if loaded is not None:
            self.broken_items.append((loaded.file, path, item))
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            return
        if loaded is not None and unparsed_paths(item):
            line = loaded.source.position((*path, "id"))[0]
            self.unparsed_ids.setdefault(item["id"], (loaded.file, line))
        else:
            self.broken_ids.add(item["id"])

    def _remembered(self, kind: str, loaded: Loaded, read: Callable[[], R]) -> R:
        """`read()` for a file read before with the same bytes and languages (the same Loaded, from
        the parse cache, as in `kbgen serve`): its result and what it reported, as then. The items
        are not changed once read, so they can be shared."""
        key = (kind, tuple(self.context["languages"] or ()))
        kept = loaded.read.get(key)
        if kept is None:
            problems, broken = len(self.problems.items), len(self.broken_items)
            ids, unparsed = set(self.broken_ids), dict(self.unparsed_ids)
            result = read()
            kept = (
                result,
                self.problems.items[problems:],
                self.broken_items[broken:],
                self.broken_ids - ids,
                [(k, v) for k, v in self.unparsed_ids.items() if k not in unparsed],
            )
            loaded.read[key] = kept
            return result
        result, reported, broken_items, broken_ids, unparsed_ids = kept
        self.problems.extend(reported)
        self.broken_items.extend(broken_items)
        self.broken_ids.update(broken_ids)
        for found, where in unparsed_ids:
            self.unparsed_ids.setdefault(found, where)
        return cast(R, result)

    def read_standards(self, path: Path) -> list[Standard]:
        """The standards of one file under standards/ that validate."""
        loaded = self.load(path)
        if loaded is None:
            return []
        return list(self._remembered("standards", loaded, lambda: self._standards(loaded)))

    def _standards(self, loaded: Loaded) -> list[Standard]:
        if not isinstance(loaded.data, list):
            self.error(
                loaded,
                (),
                "E-type",
                f"expected a list of standards, got {schema.describe(loaded.data)}",
                "start each standard with `- id: ...`",
            )
            return []
        out = []
        for i, item in enumerate(loaded.data):
            standard, _ = self.validate(Standard, item, loaded, (i,))
            if standard is None:
                self._note_broken(item, loaded, (i,))
                continue
            standard.locate(loaded.file, (i,))
            out.append(standard)
        return out

    def read_faqs(self, path: Path) -> CategoryEntry | None:
        """The category and FAQs of one file under faqs/; None when the category does not validate."""
        loaded = self.load(path)
        if loaded is None:
            return None
        return self._remembered("faqs", loaded, lambda: self._faqs(path, loaded))

    def _faqs(self, path: Path, loaded: Loaded) -> CategoryEntry | None:
        data = loaded.data
        if not isinstance(data, dict):
            self.error(
                loaded,
                (),
                "E-type",
                f"expected category: and faqs:, got {schema.describe(data)}",
                "an FAQ file has a category: mapping and a faqs: list",
            )
            return None
        for key in data:
            if key not in ("category", "faqs"):
                self.unknown_field(loaded, (key,), key, ["category", "faqs"])
        for key in ("category", "faqs"):
            if key not in data:
                self.error(
                    loaded,
                    (key,),
                    "E-required",
                    f'missing required field "{key}"',
                    "an FAQ file has a category: mapping and a faqs: list",
                )
        category, _ = (
            self.validate(Category, data.get("category"), loaded, ("category",)) if "category" in data else (None, [])
        )
        faqs: list[Faq] = []
        raw_faqs = data.get("faqs")
        if raw_faqs == []:
            self.error(
                loaded,
                ("faqs",),
                "E-required",
                "needs at least one FAQ",
                "add an FAQ with `- id: ...`, or delete the file",
            )
        elif "faqs" in data and not isinstance(raw_faqs, list):
            self.error(
                loaded,
                ("faqs",),
                "E-type",
                f"expected a list of FAQs, got {schema.describe(raw_faqs)}",
                "start each FAQ with `- id: ...`",
            )
        elif isinstance(raw_faqs, list):
            for i, item in enumerate(raw_faqs):
                faq, _ = self.validate(Faq, item, loaded, ("faqs", i))
                if faq is None:
                    self._note_broken(item, loaded, ("faqs", i))
                    continue
                faq.locate(loaded.file, ("faqs", i))
                faqs.append(faq)
        if category is None:
            self._note_broken(data.get("category"), loaded, ("category",))
            for faq in faqs:
                self.broken_ids.add(faq.id)
            return None
        category.locate(loaded.file, ("category",))
        if category.id != path.stem:
            self.error(
                loaded,
                ("category", "id"),
                "E-file-name",
                f'category ID "{category.id}" differs from the file name "{path.name}"',
                f"rename the file to {category.id}{path.suffix}, or the ID to {path.stem}",
            )
        return CategoryEntry(category=category, faqs=faqs, file=loaded.file)

    def read_playbook(self, path: Path) -> Playbook | None:
        """The playbook of one file under playbooks/, or None when it does not validate."""
        loaded = self.load(path)
        if loaded is None:
            return None
        return self._remembered("playbook", loaded, lambda: self._playbook(path, loaded))

    def _playbook(self, path: Path, loaded: Loaded) -> Playbook | None:
        playbook, _ = self.validate(Playbook, loaded.data, loaded, ())
        if playbook is None:
            self._note_broken(loaded.data, loaded, ())
            if isinstance(loaded.data, dict):
                for key in ("templates", "statements"):
                    items = loaded.data.get(key)
                    for item in items if isinstance(items, list) else []:
                        self._note_broken(item)
            return None
        playbook.locate(loaded.file, ())
        for key, items in (("templates", playbook.templates), ("statements", playbook.statements)):
            for i, item in enumerate(items):
                item.locate(loaded.file, (key, i))
        if playbook.id != path.stem:
            self.error(
                loaded,
                ("id",),
                "E-file-name",
                f'playbook ID "{playbook.id}" differs from the file name "{path.name}"',
                f"rename the file to {playbook.id}{path.suffix}, or the ID to {path.stem}",
            )
        return playbook
