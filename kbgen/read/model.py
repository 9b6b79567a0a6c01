"""Read a project's `protocols/` into one typed `KnowledgeBase`, reporting Problems.

Each file is loaded with positions, validated against `schema`, and every
validation error is mapped back to the line and column of the node it is
about. A broken item is reported and left out, and the rest is still read,
so one run reports every mistake.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kbgen import audience
from kbgen.problem import Level, Problem, Problems
from kbgen.read import schema
from kbgen.read.docs_pages import DocAsset, DocPage
from kbgen.read.docs_scan import scan_docs
from kbgen.read.files import file_problem, folder_link
from kbgen.read.loader import load_file
from kbgen.read.schema import (
    Calendar,
    Category,
    Channel,
    Faq,
    Item,
    KbFile,
    Playbook,
    Segment,
    Standard,
    Text,
)
from kbgen.read.schema import (
    Level as LevelItem,
)
from kbgen.read.source_map import Loaded, PathKey, SourceMap, dotted

DEFAULT_STAGES = ("presale", "purchase", "delivery", "postsale")
YAML_SUFFIXES = (".yml", ".yaml")

M = TypeVar("M", bound=BaseModel)


@dataclass
class CategoryEntry:
    category: Category
    faqs: list[Faq]
    file: str


@dataclass(frozen=True)
class Named:
    """One item of the shared ID namespace."""

    kind: str
    item: Item
    public: bool
    draft: bool
    id_path: PathKey


@dataclass
class KnowledgeBase:
    root: Path
    kb: KbFile
    kb_file: str = "protocols/kb.yml"
    standards: list[Standard] = field(default_factory=list)
    categories: list[CategoryEntry] = field(default_factory=list)
    playbooks: list[Playbook] = field(default_factory=list)
    docs: list[DocPage] = field(default_factory=list)
    doc_assets: list[DocAsset] = field(default_factory=list)
    sources: dict[str, SourceMap] = field(default_factory=dict)
    # IDs of items that exist but failed validation: references to them are not reported again.
    broken_ids: set[str] = field(default_factory=set)
    # Files that could not be read at all: their IDs are unknown, so unknown references are not reported.
    unreadable: list[str] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        return list(self.kb.languages)

    @property
    def default_language(self) -> str:
        return self.kb.languages[0]

    @property
    def faqs(self) -> Iterator[tuple[CategoryEntry, Faq]]:
        for entry in self.categories:
            for faq in entry.faqs:
                yield entry, faq

    @property
    def segments(self) -> list[Segment]:
        return list(self.kb.segments)

    @property
    def stages(self) -> list[LevelItem]:
        if self.kb.stages:
            return list(self.kb.stages)
        return [LevelItem(id=s, title=Text({self.default_language: s})) for s in DEFAULT_STAGES]

    @property
    def custom_stages(self) -> bool:
        return bool(self.kb.stages)

    def namespace(self) -> Iterator[Named]:
        """Every item of the one ID namespace, with whether it is public and whether it is a draft."""
        k = self.kb
        shared: list[tuple[str, Sequence[Item]]] = [
            ("calendar", k.calendars),
            ("segment", k.segments),
            ("priority", k.priorities),
            ("severity", k.severities),
            ("stage", k.stages),
        ]
        for kind, items in shared:
            for item in items:
                yield Named(kind, item, True, False, (*item.path, "id"))
        for channel in k.channels:
            yield Named("channel", channel, audience.is_public(channel.audience), False, (*channel.path, "id"))
        for std in self.standards:
            yield Named("standard", std, audience.is_public(std.audience), std.draft, (*std.path, "id"))
        for entry in self.categories:
            cat = entry.category
            yield Named("category", cat, audience.category(entry) == audience.PUBLIC, cat.draft, (*cat.path, "id"))
            for faq in entry.faqs:
                public = audience.is_public(audience.faq(entry, faq))
                yield Named("FAQ", faq, public, audience.faq_draft(entry, faq), (*faq.path, "id"))
        for pb in self.playbooks:
            public = audience.is_public(pb.audience)
            yield Named("playbook", pb, public, pb.draft, ("id",))
            for template in pb.templates:
                yield Named("template", template, public, pb.draft, (*template.path, "id"))
            for statement in pb.statements:
                yield Named("statement", statement, public, pb.draft, (*statement.path, "id"))


def project_paths(root: Path) -> Iterator[Path]:
    """Every file under protocols/, in a stable order; a symlinked folder is yielded like a file,
    never entered (load_project says so), so no link can make the walk loop or read a file twice."""
    base = root / "protocols"
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        links = [name for name in dirnames if (Path(dirpath) / name).is_symlink()]  # listed, never entered
        for name in sorted([*filenames, *links]):
            yield Path(dirpath) / name


def load_project(root: Path) -> tuple[KnowledgeBase | None, Problems]:
    """Load and validate every YAML file of the project at `root` (checks across files come later)."""
    problems = Problems()
    base = root / "protocols"
    if not base.is_dir():
        problems.add(
            Problem(
                "protocols",
                1,
                1,
                "",
                "E-project",
                Level.ERROR,
                f"no protocols/ folder in {root}",
                "run kbgen in a knowledge-base project, or pass --project",
            )
        )
        return None, problems
    if base.is_symlink():
        refused = file_problem(root, base, root, "the project")
        if refused is not None:
            problems.add(refused)
            return None, problems

    kb_files: list[Path] = []
    standards_files: list[Path] = []
    faq_files: list[Path] = []
    playbook_files: list[Path] = []
    broken_files: list[str] = []
    for path in project_paths(root):
        rel = path.relative_to(base)
        parts = rel.parts
        refused = (
            folder_link(root, path, base, "protocols/")
            if path.is_dir() and path.is_symlink()
            else file_problem(root, path, base, "protocols/")
        )
        if refused is not None:  # a FIFO, a device, a broken link or one leading away: never opened
            problems.add(refused)
            if path.suffix in YAML_SUFFIXES or path.is_dir():  # IDs unknown, not missing: no cascade of errors
                broken_files.append(refused.file)
            continue
        if path.suffix in YAML_SUFFIXES and len(parts) == 1 and path.stem == "kb":
            kb_files.append(path)
        elif path.suffix in YAML_SUFFIXES and len(parts) == 2 and parts[0] == "standards":
            standards_files.append(path)
        elif path.suffix in YAML_SUFFIXES and len(parts) == 2 and parts[0] == "faqs":
            faq_files.append(path)
        elif path.suffix in YAML_SUFFIXES and len(parts) >= 2 and parts[0] == "playbooks":
            playbook_files.append(path)
        else:
            problems.add(
                Problem(
                    _display(root, path),
                    1,
                    1,
                    "",
                    "W-unknown-file",
                    Level.WARNING,
                    "kbgen does not read this file",
                    "kbgen reads kb.yml, standards/*.yml, faqs/*.yml and playbooks/**/*.yml; move or delete it",
                )
            )

    if not kb_files:
        problems.add(
            Problem(
                "protocols/kb.yml",
                1,
                1,
                "",
                "E-project",
                Level.ERROR,
                "protocols/kb.yml is missing",
                "create it with organization and languages (kbgen init shows an example)",
            )
        )
        return None, problems
    if len(kb_files) > 1:
        problems.add(
            Problem(
                _display(root, kb_files[1]),
                1,
                1,
                "",
                "E-project",
                Level.ERROR,
                "both kb.yml and kb.yaml exist",
                "keep one of them",
            )
        )

    reader = _Reader(root, problems)
    kb = reader.read_kb(kb_files[0])
    if kb is None:
        return None, problems
    out = KnowledgeBase(root=root, kb=kb, kb_file=_display(root, kb_files[0]))
    out.sources = reader.sources
    for path in standards_files:
        out.standards.extend(reader.read_standards(path))
    for path in faq_files:
        entry = reader.read_faqs(path)
        if entry is not None:
            out.categories.append(entry)
    for path in playbook_files:
        playbook = reader.read_playbook(path)
        if playbook is not None:
            out.playbooks.append(playbook)
    out.categories.sort(key=lambda e: (e.category.order if e.category.order is not None else 1 << 30, e.category.id))
    out.broken_ids = reader.broken_ids
    out.unreadable = broken_files + reader.unreadable
    folder = scan_docs(root, out.languages, problems)
    out.docs, out.doc_assets = folder.pages, folder.assets
    return out, problems


def _display(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


class _Reader:
    """Loads files and validates them, mapping pydantic's findings to located Problems."""

    def __init__(self, root: Path, problems: Problems) -> None:
        self.root = root
        self.problems = problems
        self.sources: dict[str, SourceMap] = {}
        self.context: dict[str, Any] = {"languages": None}
        self.broken_ids: set[str] = set()
        self.unreadable: list[str] = []

    def load(self, path: Path) -> Loaded | None:
        display = _display(self.root, path)
        try:
            loaded = load_file(str(path), display)
        except OSError as exc:  # unreadable, or gone since the folder was listed
            self.problems.add(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    "E-read",
                    Level.ERROR,
                    f"cannot read the file: {exc.strerror or exc}",
                    "check that it exists and that you may read it",
                )
            )
            self.unreadable.append(display)
            return None
        self.problems.extend(loaded.problems)
        self.sources[display] = loaded.source
        if not loaded.ok:
            self.unreadable.append(display)
        return loaded if loaded.ok else None

    def read_kb(self, path: Path) -> KbFile | None:
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
                    self._note_broken(item)
            kept[key] = good
        obj, _ = self.validate(KbFile, kept, loaded, (), report=False)
        return obj

    def _note_broken(self, item: Any) -> None:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            self.broken_ids.add(item["id"])

    def read_standards(self, path: Path) -> list[Standard]:
        loaded = self.load(path)
        if loaded is None:
            return []
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
                self._note_broken(item)
                continue
            standard.locate(loaded.file, (i,))
            out.append(standard)
        return out

    def read_faqs(self, path: Path) -> CategoryEntry | None:
        loaded = self.load(path)
        if loaded is None:
            return None
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
                    self._note_broken(item)
                    continue
                faq.locate(loaded.file, ("faqs", i))
                faqs.append(faq)
        if category is None:
            self._note_broken(data.get("category"))
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
        loaded = self.load(path)
        if loaded is None:
            return None
        playbook, _ = self.validate(Playbook, loaded.data, loaded, ())
        if playbook is None:
            self._note_broken(loaded.data)
            if isinstance(loaded.data, dict):
                for key in ("templates", "statements"):
                    for item in loaded.data.get(key) or []:
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

    # --- Problems -------------------------------------------------------------

    def error(self, loaded: Loaded, path: PathKey, code: str, message: str, hint: str = "", key: bool = False) -> None:
        line, col = loaded.source.position(path, key=key)
        self.problems.add(Problem(loaded.file, line, col, dotted(path), code, Level.ERROR, message, hint))

    def unknown_field(self, loaded: Loaded, path: PathKey, name: str, allowed: list[str]) -> None:
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else f"allowed here: {', '.join(allowed)}"
        self.error(loaded, path, "E-unknown-field", f'unknown field "{name}"', hint, key=True)

    def validate(
        self, cls: type[M], data: Any, loaded: Loaded, base: PathKey, report: bool = True
    ) -> tuple[M | None, list[Problem]]:
        before = len(self.problems.items)
        try:
            return cls.model_validate(data, context=self.context), []
        except ValidationError as exc:
            if report:
                for err in exc.errors(include_url=False):
                    self._report(cls, err, data, loaded, base)
            return None, self.problems.items[before:]

    def _report(self, cls: type[BaseModel], err: Any, data: Any, loaded: Loaded, base: PathKey) -> None:
        rel, _model = _resolve(cls, data, err["loc"])
        _parent_rel, parent = _resolve(cls, data, err["loc"][:-1]) if err["loc"] else ((), cls)
        name = str(err["loc"][-1]) if err["loc"] else ""
        required = parent is not None and name in parent.model_fields and parent.model_fields[name].is_required()
        path = (*base, *rel)
        kind = err["type"]
        ctx = err.get("ctx") or {}
        for item in ctx.get("errors") or []:  # several findings inside one field (a calendar's week)
            sub = (*path, item["key"]) if "key" in item else (*path, item["field"])
            self.error(loaded, sub, item["code"], item["message"], item["hint"], key="key" in item)
        if ctx.get("errors"):
            return
        if ctx.get("field"):
            path = (*path, ctx["field"])
        if ctx.get("key"):
            self.error(loaded, (*path, ctx["key"]), kind, err["msg"], ctx.get("hint", ""), key=True)
        elif kind == "missing":
            self.error(loaded, path, "E-required", f'missing required field "{path[-1]}"', f"add {path[-1]}: ...")
        elif kind == "extra_forbidden":
            allowed = list(parent.model_fields) if parent is not None else []
            self.unknown_field(loaded, path, str(path[-1]), allowed)
        elif kind == "E-empty" and required and not ctx.get("field"):
            self.error(loaded, path, kind, err["msg"], f"write the {name}; this field is required")
        elif kind.startswith("E-"):
            self.error(loaded, path, kind, err["msg"], ctx.get("hint", ""))
        elif kind == "too_short":
            hint = "add an entry; this field is required" if required else "add an entry, or delete the field"
            self.error(loaded, path, "E-required", "needs at least one entry", hint)
        else:
            value = err.get("input")
            if value is None:
                hint = f"write the {name}; this field is required" if required else "write a value, or delete the line"
                self.error(loaded, path, "E-empty", "has no value", hint)
            else:
                expected = {
                    "string_type": "text",
                    "list_type": "a list",
                    "dict_type": "a mapping",
                    "model_type": "a mapping",
                    "model_attributes_type": "a mapping",
                }.get(kind)
                if expected:
                    self.error(
                        loaded,
                        path,
                        "E-type",
                        f"expected {expected}, got {schema.describe(value)}",
                        _type_hint(expected),
                    )
                else:
                    self.error(loaded, path, "E-schema", err["msg"])


def _known_language(code: str) -> bool:
    from kbgen.read.scalars import ScalarError, parse_language

    try:
        parse_language(code)
    except ScalarError:
        return False
    return True


def _type_hint(expected: str) -> str:
    return {
        "a list": "write one entry per line, each starting with `- `",
        "a mapping": "write `field: value` lines, indented under this one",
        "text": "write the text on the same line, or after `|` on the lines below",
    }.get(expected, "")


def _resolve(cls: type[BaseModel], data: Any, loc: tuple[Any, ...]) -> tuple[PathKey, type[BaseModel] | None]:
    """Turn pydantic's error location into a data path, and the model holding the last field."""
    path: list[str | int] = []
    model: type[BaseModel] | None = cls
    current = data
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            path.append(part)
            current = current[part]
            model = _field_model(model, part)
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif (
            isinstance(part, str)
            and part in ("ref", "level", "function-plain", "function-after", "function-before", "tagged-union")
        ) or (isinstance(part, str) and part.startswith(("list[", "dict[", "str", "Annotated"))):
            continue
        else:
            path.append(part)
            break
    return tuple(path), model


def _field_model(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    if model is None or name not in model.model_fields:
        return None
    return _inner_model(model.model_fields[name].annotation)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _inner_model(origin)
    return None
