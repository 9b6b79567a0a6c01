"""Compares two `Snapshot`s item by item: the `Differ` behind `kbgen diff`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel

from kbgen.audience import is_public
from kbgen.read.schema import Calendar, Channel, Standard, Text
from kbgen.tools.diff_change import KINDS, Change
from kbgen.tools.diff_snapshot import Entry, Snapshot, say
from kbgen.tools.diff_weaker import coverage, covers, fewer_hours, narrower, target_weaker
from kbgen.tools.diff_words import Wording

# Not content: who owns an item and when it was reviewed do not change what readers see.
NOT_CONTENT = {"id", "owner", "reviewed", "review_every", "draft", "audience"}
SCOPES = ("channels", "segments", "priorities")  # a standard's scope: empty means every case


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


class Differ:
    """Compares two snapshots item by item; `run` returns the changes in a stable order."""

    def __init__(self, before: Snapshot, after: Snapshot, lang: str) -> None:
        self.a, self.b, self.lang = before, after, lang
        self.say = Wording(lang)
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
        self._at = (audience, kind, item_id, say(shown.title, self.lang))
        # Customers lose a promise or a way to reach us when a public standard or channel stops being public.
        withdrawn = is_public(was) and not is_public(now)
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
            before, after = say(old, self.lang), say(new, self.lang)
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
        reason = "promise" if is_public(self._at[0]) else "standard"
        self.retitle(a.title, b.title)
        moved = tuple(f for f in ("target", "direction", "clock") if getattr(a, f) != getattr(b, f))
        if moved:
            # Two calendars read the same ("2 días hábiles"): name them.
            named = a.clock != b.clock and "24x7" not in (a.clock, b.clock)
            weaker = target_weaker(a, b, self.a.calendars, self.b.calendars)
            change = "clock" if moved == ("clock",) else "target"
            before, after = self.say.target(a, self.a, named), self.say.target(b, self.b, named)
            self.add(change, weaker, reason, before=before, after=after, fields=moved)
        if a.goal != b.goal or a.statistic != b.statistic:
            ca, cb = coverage(a), coverage(b)
            weaker = ca is not None and cb is not None and cb < ca
            fields = tuple(f for f in ("goal", "statistic") if getattr(a, f) != getattr(b, f))
            if a.statistic == b.statistic:
                self.add("goal", weaker, reason, before=self.say.goal(a), after=self.say.goal(b), fields=fields)
            else:  # "on average" alone says little: say what is averaged
                before, after = (
                    f"{self.say.target(a, self.a, False)} {self.say.goal(a)}",
                    f"{self.say.target(b, self.b, False)} {self.say.goal(b)}",
                )
                self.add("statistic", weaker, reason, before=before, after=after, fields=fields)
        for name in SCOPES:
            olds, news = getattr(a, name), getattr(b, name)
            if olds != news:
                before, after = self.say.scope(olds, self.a), self.say.scope(news, self.b)
                self.add("scope", narrower(olds, news), reason, before=before, after=after, fields=(name,))
        if a.metric != b.metric:
            self.add("metric", before=a.metric, after=b.metric, fields=("metric",))
        self.rest(a, b, {"title", "target", "direction", "clock", "goal", "statistic", "metric", *SCOPES})

    def compare_faq(self, old: Entry, new: Entry) -> None:
        """Record an FAQ's changes: question, a move to another category, the rest."""
        self.retitle(old.obj.question, new.obj.question)
        if old.category != new.category:
            before, after = self.say.category(old.category, self.a), self.say.category(new.category, self.b)
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
            none = self.say.m["none"]
            before, after = ", ".join(a.contacts) or none, ", ".join(b.contacts) or none
            self.add("contact", before=before, after=after, fields=("contact",))
        if a.hours != b.hours:
            weaker = is_public(self._at[0]) and fewer_hours(a.hours, b.hours, self.a.calendars, self.b.calendars)
            before, after = self.say.hours(a.hours, self.a), self.say.hours(b.hours, self.b)
            self.add("hours", weaker, "hours", before=before, after=after, fields=("hours",))
        self.rest(a, b, {"name", "contact", "hours"})

    def compare_calendar(self, old: Entry, new: Entry) -> None:
        """Record a calendar's changes: title, weekly hours, holidays, time zone.

        Hours that no longer cover the old ones, or more closed days, are weaker only
        on a public calendar (one a public channel or standard runs on).
        """
        a, b = old.obj, new.obj
        assert isinstance(a, Calendar) and isinstance(b, Calendar)
        public = is_public(self._at[0])
        self.retitle(a.title, b.title)
        if a.week != b.week:
            weaker = public and not covers(b, a)
            self.add("hours", weaker, "hours", before=self.say.week(a), after=self.say.week(b), fields=("week",))
        if a.holidays != b.holidays or a.holidays_of != b.holidays_of:
            more = bool(set(b.holidays) - set(a.holidays)) or (a.holidays_of is None and b.holidays_of is not None)
            fields = tuple(f for f in ("holidays", "holidays_of") if getattr(a, f) != getattr(b, f))
            before, after = self.say.holidays(a), self.say.holidays(b)
            self.add("holidays", public and more, "closed", before=before, after=after, fields=fields)
        if a.timezone != b.timezone:
            self.add("timezone", before=a.timezone, after=b.timezone, fields=("timezone",))
