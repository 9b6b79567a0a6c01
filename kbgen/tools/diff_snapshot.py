"""What one revision publishes, item by item: the `Snapshot` `kbgen diff` compares."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbgen import audience
from kbgen.read.model import KnowledgeBase
from kbgen.read.schema import Calendar, Channel, Text
from kbgen.tools.diff_change import KINDS


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


def say(text: Text, lang: str) -> str:
    """`text` in `lang`, else in its first language."""
    return text.values.get(lang) or next(iter(text.values.values()))
