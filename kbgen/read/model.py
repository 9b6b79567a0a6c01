"""The typed knowledge base: every item read from `protocols/` and `docs/`, and where it was written.

kbgen.read.project reads a project into it; the checks, views and pages read from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbgen import audience
from kbgen.read.docs_pages import DocAsset, DocPage
from kbgen.read.performance import MonthFile
from kbgen.read.schema import Category, Faq, Item, KbFile, Playbook, Standard, Text
from kbgen.read.schema import Level as LevelItem
from kbgen.read.source_map import PathKey, SourceMap

if TYPE_CHECKING:
    pass

DEFAULT_STAGES = ("presale", "purchase", "delivery", "postsale")


@dataclass
class CategoryEntry:
    """One FAQ file: its category and the FAQs it holds."""

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
    """Every item of one project that validated, with the positions of what it was read from."""

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
    # IDs written in a part of a file that could not be parsed, with where: (file, line).
    unparsed_ids: dict[str, tuple[str, int]] = field(default_factory=dict)
    # Items that did not validate, as read (file, path, data): their references are checked all the same.
    broken_items: list[tuple[str, PathKey, Any]] = field(default_factory=list)
    # What `kbgen measure` wrote into performance/, oldest month first.
    performance: list[MonthFile] = field(default_factory=list)

    @property
    def languages(self) -> list[str]:
        """The declared languages, the default first."""
        return list(self.kb.languages)

    @property
    def default_language(self) -> str:
        """The default language: the first in kb.yml's `languages`."""
        return self.kb.languages[0]

    @property
    def faqs(self) -> Iterator[tuple[CategoryEntry, Faq]]:
        """Every FAQ with its category entry, in file order."""
        for entry in self.categories:
            for faq in entry.faqs:
                yield entry, faq

    @property
    def stages(self) -> list[LevelItem]:
        """The stages kb.yml declares, or kbgen's default stages when it declares none."""
        if self.kb.stages:
            return list(self.kb.stages)
        return [LevelItem(id=s, title=Text({self.default_language: s})) for s in DEFAULT_STAGES]

    @property
    def custom_stages(self) -> bool:
        """Whether kb.yml declares its own stages (their titles are then the editors' words)."""
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
            ("external body", k.bodies),
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
