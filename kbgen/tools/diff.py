"""What changes for customers and for agents between two git revisions of a project's `protocols/`.

`compare(project, base, head)` reads each revision's `protocols/` out of git (HEAD
None: the files as they are now, uncommitted edits included), validates both,
and compares them item by item by ID (IDs are stable, titles are not). The
result renders as Markdown for pull-request summaries or as JSON. Nothing here
prints or exits: the CLI decides the exit code.

A promise is *weaker* when customers (or, for internal standards, agents) get
less than before: a longer time ceiling, the same time counted in business
hours, a lower goal, a higher abandonment ceiling, a lower score floor, fewer
cases in scope, a public standard or channel withdrawn, fewer opening hours.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path, PurePosixPath
from typing import Any

from babel.lists import format_list
from pydantic import BaseModel

from kbgen import audience, engine
from kbgen.problem import Problems
from kbgen.publish.catalogs import prefixed
from kbgen.publish.words import Words
from kbgen.read.model import KnowledgeBase
from kbgen.read.scalars import Duration, Percent, Score
from kbgen.read.schema import Calendar, Channel, Standard, Text

# Review dates in the future are not what a diff is about: every revision is read as if today were the last day.
FAR_FUTURE = date(9999, 12, 31)
WORKING_TREE = None

KINDS = ("standard", "channel", "calendar", "category", "faq", "playbook")
CHANGES = (
    "added",
    "removed",
    "audience",
    "retitled",
    "target",
    "clock",
    "goal",
    "statistic",
    "scope",
    "metric",
    "contact",
    "hours",
    "holidays",
    "timezone",
    "category",
    "reworded",
    "changed",
)
# Not content: who owns an item and when it was reviewed do not change what readers see.
NOT_CONTENT = {"id", "owner", "reviewed", "review_every", "draft", "audience"}
SCOPES = ("channels", "segments", "priorities")  # a standard's scope: empty means every case


class DiffError(Exception):
    """A usage error: not a git repository, an unknown revision, no knowledge base at either side."""


@dataclass(frozen=True)
class Change:
    """One change to one item, with before and after in words of the knowledge base's default language."""

    audience: str  # public: customers see it (before or after); internal: only agents do
    kind: str  # standard | channel | calendar | category | faq | playbook
    id: str
    title: str
    change: str  # one of CHANGES
    before: str | None = None
    after: str | None = None
    weaker: bool = False
    fields: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    reason: str = ""  # why it is weaker: promise | standard | lost | channel | hours | closed

    def sort_key(self) -> tuple[int, int, str, int, tuple[str, ...]]:
        """Report order: public before internal, then kind (as in KINDS), ID, change (as in CHANGES), fields."""
        return (
            0 if self.audience == "public" else 1,
            KINDS.index(self.kind),
            self.id,
            CHANGES.index(self.change),
            self.fields,
        )

    def as_json(self) -> dict[str, Any]:
        """The change as JSON-ready values; `reason` is left out (`weaker` says whether it is)."""
        return {
            "audience": self.audience,
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "change": self.change,
            "before": self.before,
            "after": self.after,
            "weaker": self.weaker,
            "fields": list(self.fields),
            "languages": list(self.languages),
        }


@dataclass
class DiffResult:
    """What `compare` found: the changes in report order, worded in `language`, head's default (else base's).

    When either revision does not validate, `invalid` holds its Problems by revision
    and `changes` stays empty.
    """

    base: str
    head: str | None  # None: the working tree
    language: str
    changes: list[Change] = field(default_factory=list)
    # Revisions whose content does not validate, with their problems: such a diff is not produced.
    invalid: dict[str, Problems] = field(default_factory=dict)

    @property
    def weaker(self) -> list[Change]:
        """The changes that give customers (or, for internal standards, agents) less than before."""
        return [c for c in self.changes if c.weaker]


# --- reading revisions ----------------------------------------------------------


def _git(project: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(project), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; kbgen diff reads revisions with git") from None


def _prefix(project: Path) -> str:
    """The project's folder inside its git repository ("" at the top, else "sub/dir/")."""
    if not project.is_dir():
        raise DiffError(f"{project} is not a folder")
    done = _git(project, "rev-parse", "--show-prefix")
    if done.returncode != 0:
        raise DiffError(f"{project} is not in a git repository; kbgen diff compares git revisions")
    return done.stdout.decode().strip()


def _check_revision(project: Path, rev: str) -> None:
    if not rev or rev.startswith("-"):
        raise DiffError(f'"{rev}" is not a git revision')
    if _git(project, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise DiffError(f'unknown revision "{rev}": git knows no commit, branch or tag by that name in {project}')


def _extract(project: Path, prefix: str, rev: str, dest: Path) -> bool:
    """Write REV's protocols/ under dest/protocols (blobs exactly as committed); False when it has none."""
    tree = f"{rev}:{prefix}protocols"
    kind = _git(project, "cat-file", "-t", tree)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        return False
    listing = _git(project, "ls-tree", "-r", "-z", "--full-tree", tree)
    if listing.returncode != 0:
        raise DiffError(f"git could not list {tree}: {listing.stderr.decode(errors='replace').strip()}")
    blobs: list[tuple[str, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, otype, oid = meta.decode().split()
        path = PurePosixPath(raw_path.decode("utf-8", errors="surrogateescape"))
        # Symbolic links and submodules are not content; a path never leaves the folder.
        if otype != "blob" or mode == "120000" or path.is_absolute() or ".." in path.parts:
            continue
        blobs.append((oid, str(path)))
    base = dest / "protocols"
    base.mkdir(parents=True)
    if not blobs:
        return True
    batch = _git(project, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in blobs).encode())
    if batch.returncode != 0:
        raise DiffError(f"git could not read {tree}: {batch.stderr.decode(errors='replace').strip()}")
    out, pos = batch.stdout, 0
    for _oid, rel in blobs:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        content = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return True


def _read(project: Path, prefix: str, rev: str | None, dest: Path) -> tuple[KnowledgeBase | None, Problems, bool]:
    """One side: its knowledge base, its problems, and whether it has a protocols/ folder at all."""
    if rev is None:
        if not (project / "protocols").is_dir():
            return None, Problems(), False
        # Read in place, not copied: a copy would follow a symlink loop, open a FIFO and break
        # relative links; validation reports each of them. Only protocols/ is compared, as for a
        # revision (where nothing else is extracted), so only its problems count.
        kb, problems = engine.validate(project, FAR_FUTURE)
        return kb, Problems([p for p in problems.items if p.file.startswith("protocols")]), True
    if not _extract(project, prefix, rev, dest):
        return None, Problems(), False
    kb, problems = engine.validate(dest, FAR_FUTURE)
    return kb, problems, True


def compare(project: Path, base: str, head: str | None = WORKING_TREE) -> DiffResult:
    """Compare the knowledge base at git revision `base` with `head` (None: the working tree)."""
    prefix = _prefix(project)
    for rev in (base, head):
        if rev is not None:
            _check_revision(project, rev)
    with tempfile.TemporaryDirectory(prefix="kbgen-diff-") as tmp:
        sides = []
        for name, rev in (("base", base), ("head", head)):
            folder = Path(tmp) / name
            folder.mkdir()
            sides.append(_read(project, prefix, rev, folder))
    (kb_a, problems_a, has_a), (kb_b, problems_b, has_b) = sides
    if not has_a and not has_b:
        where = f"{base} or {head}" if head is not None else f"{base} or in the working tree"
        raise DiffError(f"no protocols/ folder in {project} at {where}; is --project right?")
    result = DiffResult(base=base, head=head, language="en")
    for label, problems, has in ((base, problems_a, has_a), (head or "the working tree", problems_b, has_b)):
        if has and problems.errors:
            result.invalid[label] = problems
    if result.invalid:
        return result
    before, after = Snapshot.of(kb_a), Snapshot.of(kb_b)
    result.language = (after.languages or before.languages or ["en"])[0]
    result.changes = Differ(before, after, result.language).run()
    return result


# --- what each side publishes ------------------------------------------------------


@dataclass
class Entry:
    """One item of a snapshot: the model object, the audience it is published to, its title.

    `category` is the ID of an FAQ's category (None for other kinds).
    """

    obj: Any
    audience: str | None  # public | internal; None: it exists but is not published (a draft)
    title: Text
    category: str | None = None


@dataclass
class Snapshot:
    """One revision's items by kind and ID, with the audience each is published to."""

    languages: list[str] = field(default_factory=list)
    items: dict[str, dict[str, Entry]] = field(default_factory=lambda: {k: {} for k in KINDS})
    calendars: dict[str, Calendar] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    names: dict[str, Text] = field(default_factory=dict)  # segments and priorities with a title

    @classmethod
    def of(cls, kb: KnowledgeBase | None) -> Snapshot:
        """What `kb` publishes, by kind and ID; an empty snapshot for None (no knowledge base there).

        A draft gets audience None; a category is published when one of its FAQs is;
        a calendar is public when a public channel or standard runs on it.
        """
        snap = cls()
        if kb is None:
            return snap
        snap.languages = kb.languages
        items = snap.items
        for std in kb.standards:
            items["standard"][std.id] = Entry(std, None if std.draft else std.audience, std.title)
        for entry in kb.categories:
            cat = entry.category
            audiences = set()
            for faq in entry.faqs:
                aud = None if audience.faq_draft(entry, faq) else audience.faq(entry, faq)
                audiences.add(aud)
                items["faq"][faq.id] = Entry(faq, aud, faq.question, cat.id)
            shown = audience.category(entry) if audiences - {None} else None
            items["category"][cat.id] = Entry(cat, shown, cat.title)
        for pb in kb.playbooks:
            items["playbook"][pb.id] = Entry(pb, None if pb.draft else pb.audience, pb.title)
        for ch in kb.kb.channels:
            items["channel"][ch.id] = Entry(ch, ch.audience, ch.name)
            snap.channels[ch.id] = ch
        public_clocks = audience.public_calendars(kb.kb.channels, kb.standards)
        for cal in kb.kb.calendars:
            aud = "public" if cal.id in public_clocks else "internal"
            items["calendar"][cal.id] = Entry(cal, aud, cal.title or Text({kb.default_language: cal.id}))
            snap.calendars[cal.id] = cal
        for segment in kb.kb.segments:
            if segment.title is not None:
                snap.names[segment.id] = segment.title
        for priority in kb.kb.priorities:
            snap.names[priority.id] = priority.title
        return snap


# --- comparing ------------------------------------------------------------------------


def _say(text: Text, lang: str) -> str:
    return text.values.get(lang) or next(iter(text.values.values()))


def _flatten(value: object, coarse: str, path: str, out: dict[str, tuple[str, str | None, str]]) -> None:
    """Every leaf of a field as path → (top-level field, language of a text or None, value)."""
    if value is None:
        return
    if isinstance(value, Text):
        for lang, text in value.values.items():
            out[f"{path}.{lang}"] = (coarse, lang, text)
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _flatten(getattr(value, name), coarse, f"{path}.{name}", out)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            key = getattr(item, "id", None) if isinstance(item, BaseModel) else None
            _flatten(item, coarse, f"{path}[{key if key is not None else i}]", out)
    elif isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, coarse, f"{path}.{k}", out)
    else:
        out[path] = (coarse, None, str(value))


def _content(obj: BaseModel, skip: Iterable[str]) -> dict[str, tuple[str, str | None, str]]:
    out: dict[str, tuple[str, str | None, str]] = {}
    left_out = NOT_CONTENT | set(skip)
    for name in type(obj).model_fields:
        if name not in left_out:
            _flatten(getattr(obj, name), name, name, out)
    return out


def _merged(ranges: Iterable[Any]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in sorted(ranges, key=lambda r: r.start):
        if out and r.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], r.end))
        else:
            out.append((r.start, r.end))
    return out


def _covers(outer: Calendar, inner: Calendar) -> bool:
    """Whether `outer` is open whenever `inner` is (holidays aside)."""
    for day, ranges in inner.week.items():
        spans = _merged(outer.week.get(day, []))
        for start, end in _merged(ranges):
            if not any(s <= start and end <= e for s, e in spans):
                return False
    return True


def _measure(duration: Duration, clock: str, calendars: dict[str, Calendar]) -> Decimal:
    """A duration as seconds of its clock's time: business days count as the calendar's average open day."""
    cal = calendars.get(clock)
    if cal is None or not cal.week:
        return Decimal(duration.total_seconds)
    days = len(cal.week)
    open_seconds = sum((r.end - r.start) * 60 for ranges in cal.week.values() for r in ranges)
    day = Decimal(open_seconds) / days
    return (duration.weeks * days + duration.days) * day + duration.clock_seconds


def _coverage(std: Standard) -> Decimal | None:
    """The share of cases a standard covers, when it is a share (max = every case)."""
    if std.statistic == "max":
        return Decimal(100)
    if std.statistic == "share":
        return std.goal.value if std.goal is not None else Decimal(100)
    return None


def _narrower(before: Sequence[str], after: Sequence[str]) -> bool:
    """A scope list (empty = all) that now applies to fewer cases."""
    return bool(after) and (not before or set(after) < set(before))


class Differ:
    """Compares two snapshots item by item; `run` returns the changes in a stable order."""

    def __init__(self, before: Snapshot, after: Snapshot, lang: str) -> None:
        self.a, self.b, self.lang = before, after, lang
        self.words = Words(lang)
        self.m = messages(lang)
        self.languages = list(dict.fromkeys([*after.languages, *before.languages]))
        self.out: list[Change] = []
        self._at: tuple[str, str, str, str] = ("", "", "", "")  # audience, kind, ID and title being compared

    def run(self) -> list[Change]:
        """Every change between the two snapshots, sorted by `Change.sort_key`."""
        for kind in KINDS:
            olds, news = self.a.items[kind], self.b.items[kind]
            for item_id in sorted(olds.keys() | news.keys()):
                self.item(kind, item_id, olds.get(item_id), news.get(item_id))
        return sorted(self.out, key=Change.sort_key)

    def add(self, change: str, weaker: bool = False, reason: str = "", **more: Any) -> None:
        """Record a change to the item being compared; `reason` says how it is weaker, when it is."""
        audience, kind, item_id, title = self._at
        self.out.append(
            Change(audience, kind, item_id, title, change, weaker=weaker, reason=reason if weaker else "", **more)
        )

    def item(self, kind: str, item_id: str, old: Entry | None, new: Entry | None) -> None:
        """Compare one item's two sides: added or removed, audience moved, then its own fields.

        A draft counts as not published; an item published on neither side is skipped.
        """
        was = old.audience if old else None
        now = new.audience if new else None
        shown = new if now is not None else old
        if shown is None or (was is None and now is None):
            return  # never published on either side (absent or a draft)
        audience = "public" if "public" in (was, now) else "internal"
        self._at = (audience, kind, item_id, _say(shown.title, self.lang))
        # Customers lose a promise or a way to reach us when a public standard or channel stops being public.
        withdrawn = was == "public" and now != "public"
        reason = {"standard": "lost", "channel": "channel"}.get(kind, "") if withdrawn else ""
        if old is None or new is None or was is None or now is None:
            draft = ("draft",) if old and new else ()  # it exists on both sides: a draft was published or made
            self.add("added" if was is None else "removed", bool(reason), reason, fields=draft)
            return
        if was != now:
            self.add("audience", bool(reason), reason, before=was, after=now)
        getattr(self, f"compare_{kind}")(old, new)

    # Each compare_KIND reports the fields it knows, then the rest as reworded (text) or changed (other).

    def retitle(self, old: Text | None, new: Text | None) -> None:
        """Record a change of title in any language.

        Before and after are shown in the diff's language when it changed there, else in
        the first language that changed; a translation added or removed shows the
        default-language titles. A missing title on either side is not compared.
        """
        if old is None or new is None:
            return
        changed = [lang for lang in self.languages if old.values.get(lang) != new.values.get(lang)]
        if not changed:
            return
        shown = self.lang if self.lang in changed else changed[0]
        before, after = old.values.get(shown), new.values.get(shown)
        if before is None or after is None:  # a translation added or dropped: show the default language
            before, after = _say(old, self.lang), _say(new, self.lang)
        self.add("retitled", before=before, after=after, languages=tuple(changed))

    def rest(self, old: BaseModel, new: BaseModel, skip: set[str]) -> None:
        """Record the content fields not compared yet (neither in `skip` nor NOT_CONTENT).

        Changed texts make one "reworded" change naming the fields and languages; any
        other changed fields make one "changed" change.
        """
        olds, news = _content(old, skip), _content(new, skip)
        text_fields: dict[str, None] = {}
        other_fields: dict[str, None] = {}
        langs: set[str] = set()
        for path in dict.fromkeys([*news, *olds]):
            if olds.get(path) != news.get(path):
                coarse, lang, _ = news.get(path) or olds[path]
                (other_fields if lang is None else text_fields)[coarse] = None
                langs.update([lang] if lang else [])
        if text_fields:
            ordered = [lang for lang in [*self.languages, *sorted(langs)] if lang in langs]
            self.add("reworded", fields=tuple(text_fields), languages=tuple(dict.fromkeys(ordered)))
        if other_fields:
            self.add("changed", fields=tuple(other_fields))

    def compare_standard(self, old: Entry, new: Entry) -> None:
        """Record a standard's changes: title, target or clock, goal or statistic, scope, metric, the rest.

        Weaker ones give reason "promise" for a public standard, "standard" for an
        internal one.
        """
        a, b = old.obj, new.obj
        assert isinstance(a, Standard) and isinstance(b, Standard)
        reason = "promise" if self._at[0] == "public" else "standard"
        self.retitle(a.title, b.title)
        moved = tuple(f for f in ("target", "direction", "clock") if getattr(a, f) != getattr(b, f))
        if moved:
            # Two calendars read the same ("2 días hábiles"): name them.
            named = a.clock != b.clock and "24x7" not in (a.clock, b.clock)
            weaker = self.target_weaker(a, b)
            change = "clock" if moved == ("clock",) else "target"
            before, after = self.target(a, self.a, named), self.target(b, self.b, named)
            self.add(change, weaker, reason, before=before, after=after, fields=moved)
        if a.goal != b.goal or a.statistic != b.statistic:
            ca, cb = _coverage(a), _coverage(b)
            weaker = ca is not None and cb is not None and cb < ca
            fields = tuple(f for f in ("goal", "statistic") if getattr(a, f) != getattr(b, f))
            if a.statistic == b.statistic:
                self.add("goal", weaker, reason, before=self.goal(a), after=self.goal(b), fields=fields)
            else:  # "on average" alone says little: say what is averaged
                before, after = (
                    f"{self.target(a, self.a, False)} {self.goal(a)}",
                    f"{self.target(b, self.b, False)} {self.goal(b)}",
                )
                self.add("statistic", weaker, reason, before=before, after=after, fields=fields)
        for name in SCOPES:
            olds, news = getattr(a, name), getattr(b, name)
            if olds != news:
                before, after = self.scope(olds, self.a), self.scope(news, self.b)
                self.add("scope", _narrower(olds, news), reason, before=before, after=after, fields=(name,))
        if a.metric != b.metric:
            self.add("metric", before=a.metric, after=b.metric, fields=("metric",))
        self.rest(a, b, {"title", "target", "direction", "clock", "goal", "statistic", "metric", *SCOPES})

    def compare_faq(self, old: Entry, new: Entry) -> None:
        """Record an FAQ's changes: question, a move to another category, the rest."""
        self.retitle(old.obj.question, new.obj.question)
        if old.category != new.category:
            before, after = self.category(old.category, self.a), self.category(new.category, self.b)
            self.add("category", before=before, after=after, fields=("category",))
        self.rest(old.obj, new.obj, {"question"})

    def compare_category(self, old: Entry, new: Entry) -> None:
        """Record a category's changes: title, then the rest."""
        self.retitle(old.obj.title, new.obj.title)
        self.rest(old.obj, new.obj, {"title"})

    def compare_playbook(self, old: Entry, new: Entry) -> None:
        """Record a playbook's changes: title, then the rest."""
        self.retitle(old.obj.title, new.obj.title)
        self.rest(old.obj, new.obj, {"title"})

    def compare_channel(self, old: Entry, new: Entry) -> None:
        """Record a channel's changes: name, contacts, hours, the rest.

        Fewer hours are weaker only on a public channel.
        """
        a, b = old.obj, new.obj
        assert isinstance(a, Channel) and isinstance(b, Channel)
        self.retitle(a.name, b.name)
        if a.contacts != b.contacts:
            none = self.m["none"]
            before, after = ", ".join(a.contacts) or none, ", ".join(b.contacts) or none
            self.add("contact", before=before, after=after, fields=("contact",))
        if a.hours != b.hours:
            weaker = self._at[0] == "public" and self.fewer_hours(a.hours, b.hours)
            before, after = self.hours(a.hours, self.a), self.hours(b.hours, self.b)
            self.add("hours", weaker, "hours", before=before, after=after, fields=("hours",))
        self.rest(a, b, {"name", "contact", "hours"})

    def compare_calendar(self, old: Entry, new: Entry) -> None:
        """Record a calendar's changes: title, weekly hours, holidays, time zone.

        Hours that no longer cover the old ones, or more closed days, are weaker only
        on a public calendar (one a public channel or standard runs on).
        """
        a, b = old.obj, new.obj
        assert isinstance(a, Calendar) and isinstance(b, Calendar)
        public = self._at[0] == "public"
        self.retitle(a.title, b.title)
        if a.week != b.week:
            weaker = public and not _covers(b, a)
            self.add("hours", weaker, "hours", before=self.week(a), after=self.week(b), fields=("week",))
        if a.holidays != b.holidays or a.holidays_of != b.holidays_of:
            more = bool(set(b.holidays) - set(a.holidays)) or (a.holidays_of is None and b.holidays_of is not None)
            fields = tuple(f for f in ("holidays", "holidays_of") if getattr(a, f) != getattr(b, f))
            before, after = self.holidays(a), self.holidays(b)
            self.add("holidays", public and more, "closed", before=before, after=after, fields=fields)
        if a.timezone != b.timezone:
            self.add("timezone", before=a.timezone, after=b.timezone, fields=("timezone",))

    # --- in words ---

    def target(self, std: Standard, side: Snapshot, name_calendar: bool) -> str:
        """A standard's target in words, as on `side`: "2 días hábiles", "menos del 3 %", or "no target".

        With `name_calendar` a business-time target also names its calendar (title, else
        ID), since two calendars' targets read the same.
        """
        if std.target is None:
            return self.m["no_target"]
        text = self.words.target(std.target, std.at_most, business=std.clock != "24x7")
        cal = side.calendars.get(std.clock)
        if name_calendar and std.clock != "24x7":
            text += f" ({_say(cal.title, self.lang) if cal and cal.title else std.clock})"
        return text

    def category(self, category_id: str | None, side: Snapshot) -> str | None:
        """A category's title on `side` in the diff's language; its ID when that side has no such category."""
        entry = side.items["category"].get(category_id or "")
        return _say(entry.title, self.lang) if entry else category_id

    def goal(self, std: Standard) -> str:
        """How many cases a standard's target holds for: "in 90% of cases", "on average", "always".

        A share without a goal reads as 100 %.
        """
        if std.statistic == "share":
            return self.words.goal(std.goal or Percent(Decimal(100)))
        return self.words.t(f"statistic.{std.statistic}")

    def scope(self, ids: Sequence[str], side: Snapshot) -> str:
        """A standard's scope list in words, or "all" when it is empty (every case).

        Channels are named by their names and segments or priorities by their titles on
        `side`; an ID without either is shown as it is.
        """
        if not ids:
            return self.m["all"]
        names = []
        for item_id in ids:
            text = side.channels[item_id].name if item_id in side.channels else side.names.get(item_id)
            names.append(_say(text, self.lang) if text is not None else item_id)
        return format_list(names, locale=self.words.locale)

    def hours(self, clock: str | None, side: Snapshot) -> str:
        """A channel's hours in words: calendar title, weekly hours and time zone, as on `side`.

        None reads "no set hours", `24x7` "24 hours, every day"; a calendar `side` lacks
        is shown by its ID.
        """
        if clock is None:
            return self.m["no_hours"]
        if clock == "24x7":
            return self.words.t("hours.always")
        cal = side.calendars.get(clock)
        if cal is None:
            return clock
        name = _say(cal.title, self.lang) if cal.title else clock
        return f"{name} ({self.week(cal)}; {self.words.timezone(cal.timezone)})"

    def week(self, cal: Calendar) -> str:
        """A calendar's weekly hours as phrases joined by "; ", or "closed" when no day has hours."""
        return "; ".join(self.words.week(cal.week)) or self.words.t("hours.closed")

    def holidays(self, cal: Calendar) -> str:
        """A calendar's closed days in words, or "none".

        Its extra holiday dates first, then "public holidays of COUNTRY (SUBDIVISION)"
        with the country named in the diff's language.
        """
        parts = [self.words.date(d) for d in sorted(cal.holidays)]
        if cal.holidays_of is not None:
            country = self.words.locale.territories.get(cal.holidays_of.country, cal.holidays_of.country)
            if cal.holidays_of.subdivision:
                country = f"{country} ({cal.holidays_of.subdivision})"
            parts.append(self.m["holidays_of"].format(country=country))
        return "; ".join(parts) or self.m["none"]

    def fewer_hours(self, before: str | None, after: str | None) -> bool:
        """Whether a channel moving from clock `before` to `after` is open less of the time.

        Leaving `24x7` always is; moving to it never is; a channel with no set hours on
        either side is not compared.
        """
        if before is None or after is None or after == "24x7":
            return False
        if before == "24x7":
            return True
        old, new = self.a.calendars.get(before), self.b.calendars.get(after)
        return old is not None and new is not None and not _covers(new, old)

    def target_weaker(self, a: Standard, b: Standard) -> bool:
        """Whether standard `b`'s target promises less than `a`'s.

        Weaker: the target removed; on the same clock, a longer time ceiling or a shorter
        floor; a ceiling of as much time or more moved to a clock open no more (24x7 to
        business hours, or a calendar open less); a percentage or score (against its
        scale) that moved up for `at_most`, down otherwise. Targets of another kind or
        direction are not comparable, so never weaker.
        """
        old, new = a.target, b.target
        if old is None:
            return False
        if new is None:
            return True
        if type(old) is not type(new) or a.at_most != b.at_most:
            return False  # a different kind of promise: not comparable
        if isinstance(old, Duration) and isinstance(new, Duration):
            if a.clock == b.clock:  # one yardstick: the calendar as it is now
                longer = _measure(new, b.clock, self.b.calendars) > _measure(old, a.clock, self.b.calendars)
                shorter = _measure(new, b.clock, self.b.calendars) < _measure(old, a.clock, self.b.calendars)
                return longer if b.at_most else shorter
            if not b.at_most:
                return False
            if a.clock == "24x7":  # business time never runs faster than the clock
                return new.total_seconds >= old.total_seconds
            if b.clock == "24x7":
                return False
            cal_a, cal_b = self.a.calendars.get(a.clock), self.b.calendars.get(b.clock)
            if cal_a is None or cal_b is None or new.total_seconds < old.total_seconds:
                return False
            # Another calendar open no more than the old one: the same time counts slower.
            return _covers(cal_a, cal_b) and (new.total_seconds > old.total_seconds or not _covers(cal_b, cal_a))
        if isinstance(old, Percent) and isinstance(new, Percent):
            return new.value > old.value if b.at_most else new.value < old.value
        if isinstance(old, Score) and isinstance(new, Score):
            before, after = old.value / old.scale, new.value / new.scale
            return after > before if b.at_most else after < before
        return False  # pragma: no cover


# --- rendering --------------------------------------------------------------------------


def messages(lang: str) -> dict[str, str]:
    """kbgen diff's words in `lang`, from kbgen's catalogs (keys `diff.*`)."""
    return prefixed(lang, "diff.")


def sentence(change: Change, m: dict[str, str]) -> str:
    """One change as a line of Markdown, in the words of `m`."""
    c = change
    kind = m[f"kind.{c.kind}.{c.audience}"] if c.kind == "standard" else m[f"kind.{c.kind}"]
    what = f"{kind} **{c.title}**"
    fields = ", ".join(f"`{f}`" for f in c.fields)
    langs = f" ({', '.join(c.languages)})" if c.languages else ""
    values = {"what": what, "kind": kind, "before": c.before, "after": c.after, "fields": fields, "langs": langs}
    if c.change in ("added", "removed"):
        text = m[f"{c.change}.draft" if "draft" in c.fields else c.change].format(**values)
    elif c.change == "audience":
        text = m[f"audience.{c.after}"].format(**values)
    elif c.change in ("retitled", "reworded", "changed", "category"):
        text = m[c.change].format(**values)
    elif c.change in ("target", "clock", "goal", "statistic") or (c.change == "hours" and c.kind == "calendar"):
        text = m["arrow"].format(**values)
    else:
        label = c.fields[0] if c.change == "scope" else c.change
        text = m["labelled"].format(label=m[f"label.{label}"], **values)
    return text + (m[f"weaker.{c.reason}"] if c.weaker else "")


def markdown(result: DiffResult) -> str:
    """The diff as Markdown for a pull-request summary: a title, then changes for customers and for agents."""
    m = messages(result.language)
    head = f"`{result.head}`" if result.head is not None else m["worktree"]
    lines = [f"## {m['title'].format(base=f'`{result.base}`', head=head)}", ""]
    if result.weaker:
        lines += [m["weak_count"].format(n=len(result.weaker)), ""]
    for site in audience.AUDIENCES:
        lines += [f"### {m[f'section.{site}']}", ""]
        changes = [c for c in result.changes if c.audience == site]
        lines += [f"- {sentence(c, m)}" for c in changes] or [m[f"none.{site}"]]
        lines.append("")
    return "\n".join(lines)


def as_json(result: DiffResult) -> str:
    """The diff as one JSON document: both revisions, the language and every change (UTF-8, not ASCII-escaped)."""
    payload = {
        "base": result.base,
        "head": result.head,
        "language": result.language,
        "changes": [c.as_json() for c in result.changes],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"markdown": markdown, "json": as_json}
