"""Checks across items: one ID namespace, references, audiences, dates, translations.

Checks only add Problems; they never print and never raise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import holidays as holidays_lib

from kbgen import audience
from kbgen.editor import STARTER_TEXTS
from kbgen.problem import Level, Problem, Problems
from kbgen.read import docs_pages
from kbgen.read.markdown_scan import anchors, links, remote_host, too_deep
from kbgen.read.model import DEFAULT_STAGES, KnowledgeBase
from kbgen.read.refs import HTML_RE, KIND_NAMES, find_refs, walk_texts
from kbgen.read.schema import STATEMENT_STAGES, Item, Playbook, Text
from kbgen.read.source_map import PathKey, dotted


@dataclass
class Entry:
    """One item of the shared ID namespace."""

    id: str
    kind: str
    file: str
    path: PathKey
    public: bool
    draft: bool


class Checker:
    def __init__(self, kb: KnowledgeBase, problems: Problems, today: date) -> None:
        self.kb = kb
        self.problems = problems
        self.today = today
        self.all_ids: dict[str, list[Entry]] = {}

    # --- reporting ------------------------------------------------------------

    def report(
        self,
        file: str,
        path: PathKey,
        code: str,
        message: str,
        hint: str = "",
        level: Level = Level.ERROR,
        needle: str | None = None,
        position: tuple[int, int] | None = None,
    ) -> None:
        source = self.kb.sources.get(file)
        if position is not None:
            line, col = position
        elif source is None:
            line, col = 1, 1
        elif needle is not None:
            line, col = source.find_in_scalar(path, needle)
        else:
            line, col = source.position(path)
        self.problems.add(Problem(file, line, col, dotted(path), code, level, message, hint))

    def where(self, entry: Entry) -> str:
        source = self.kb.sources.get(entry.file)
        line = source.position(entry.path)[0] if source else 1
        return f"{entry.file}:{line}"

    # --- the checks -------------------------------------------------------------

    def run(self) -> None:
        self.collect_ids()
        self.check_kb()
        self.check_standards()
        self.check_faqs()
        self.check_playbooks()
        self.check_texts()
        docs_pages.check_docs(self, self.kb.docs)

    def collect_ids(self) -> None:
        for named in self.kb.namespace():
            item, path = named.item, named.id_path
            item_id = item.id
            new = Entry(item_id, named.kind, item.file, path, named.public, named.draft)
            same = self.all_ids.setdefault(item_id, [])
            first = same[0] if same else None
            same.append(new)
            if first is not None:
                self.report(
                    item.file,
                    path,
                    "E-duplicate-id",
                    f'duplicate ID "{item_id}": the {first.kind} at {self.where(first)} has it too',
                    "IDs are shared by every item of the knowledge base; rename one",
                )

    def ref(
        self,
        file: str,
        path: PathKey,
        target: str,
        kinds: Iterable[str],
        public: bool,
        draft: bool = False,
        needle: str | None = None,
        position: tuple[int, int] | None = None,
    ) -> None:
        """Check that `target` names an item of one of `kinds`, visible wherever the referrer is."""
        kinds = tuple(kinds)
        entries = self.all_ids.get(target, [])
        entry = next((e for e in entries if e.kind in kinds), entries[0] if entries else None)
        label = " or ".join(kinds)
        if entry is None:
            if target in self.kb.broken_ids or self.kb.unreadable:
                return  # it may well be defined in a file that could not be read
            hint = self._suggest(target, kinds)
            self.report(
                file, path, "E-unknown-id", f'unknown {label} "{target}"', hint, needle=needle, position=position
            )
            return
        if entry.kind not in kinds:
            self.report(
                file,
                path,
                "E-wrong-kind",
                f'"{target}" is a {entry.kind}, not a {label}',
                f"see {self.where(entry)}",
                needle=needle,
                position=position,
            )
            return
        if entry.draft and not draft:
            self.report(
                file,
                path,
                "E-draft-ref",
                f'{entry.kind} "{target}" is a draft and will not be published',
                "publish it (remove draft: true), or remove the reference",
                needle=needle,
                position=position,
            )
        elif public and not draft and not entry.public:
            self.report(
                file,
                path,
                "E-public-ref",
                f'public content refers to the internal {entry.kind} "{target}"',
                "make that item public, make this one internal, or remove the reference",
                needle=needle,
                position=position,
            )

    def _suggest(self, target: str, kinds: tuple[str, ...]) -> str:
        import difflib

        candidates = [same[0].id for same in self.all_ids.values() if same[0].kind in kinds]
        close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
        return f'did you mean "{close[0]}"?' if close else f"no {kinds[0]} has this ID"

    def check_kb(self) -> None:
        kb = self.kb.kb
        calendars = {c.id for c in kb.calendars}
        segments = {s.id for s in kb.segments}
        for cal in kb.calendars:
            if cal.holidays_of is not None:
                self.check_holidays(
                    cal.file, (*cal.path, "holidays_of"), cal.holidays_of.country, cal.holidays_of.subdivision
                )
        for channel in kb.channels:
            if channel.hours is not None and channel.hours != "24x7" and channel.hours not in calendars:
                self.ref(channel.file, (*channel.path, "hours"), channel.hours, ["calendar"], False)
            for i, seg in enumerate(channel.segments):
                if seg not in segments:
                    self.ref(channel.file, (*channel.path, "segments", i), seg, ["segment"], False)
        if kb.feedback is not None and kb.feedback.provider == "google" and not kb.feedback.property:
            self.report(
                self.kb.kb_file,
                ("feedback",),
                "E-required",
                'feedback with provider "google" needs "property"',
                "add property: G-XXXXXXX",
            )

    def check_holidays(self, file: str, path: PathKey, country: str, subdivision: str | None) -> None:
        try:  # the direct look-up loads one country; the full list loads them all, so only on failure
            holidays_lib.country_holidays(country, subdiv=subdivision, years=self.today.year)
            return
        except NotImplementedError:
            pass
        supported = holidays_lib.list_supported_countries()
        if country not in supported:
            self.report(
                file,
                (*path, "country"),
                "E-holidays",
                f'the holidays package does not know the country "{country}"',
                "use an ISO 3166 country code such as CO, MX or ES",
            )
        elif subdivision is not None and subdivision not in supported[country]:
            if supported[country]:
                hint = f"use one it lists, for example {', '.join(supported[country][:8])}"
            else:
                hint = f"the holidays package has no subdivisions for {country}: delete subdivision"
            self.report(
                file,
                (*path, "subdivision"),
                "E-holidays",
                f'the holidays package knows no subdivision "{subdivision}" of {country}',
                hint,
            )

    def check_standards(self) -> None:
        declared_priorities = bool(self.kb.kb.priorities)
        for std in self.kb.standards:
            public = audience.is_public(std.audience)
            if std.clock != "24x7":
                self.ref(std.file, (*std.path, "clock"), std.clock, ["calendar"], False, std.draft)
            for i, channel in enumerate(std.channels):
                self.ref(std.file, (*std.path, "channels", i), channel, ["channel"], public, std.draft)
            for i, seg in enumerate(std.segments):
                self.ref(std.file, (*std.path, "segments", i), seg, ["segment"], False, std.draft)
            if declared_priorities:
                for i, prio in enumerate(std.priorities):
                    self.ref(std.file, (*std.path, "priorities", i), prio, ["priority"], False, std.draft)
            self.check_review(std.file, std.path, std.reviewed)

    def check_faqs(self) -> None:
        stage_ids = {s.id for s in self.kb.kb.stages} if self.kb.custom_stages else set(DEFAULT_STAGES)
        for entry in self.kb.categories:
            cat = entry.category
            if cat.stage is not None and cat.stage not in stage_ids:
                if self.kb.custom_stages:
                    self.ref(cat.file, (*cat.path, "stage"), cat.stage, ["stage"], False)
                else:
                    self.report(
                        cat.file,
                        (*cat.path, "stage"),
                        "E-unknown-stage",
                        f'unknown stage "{cat.stage}"',
                        f"stages are {', '.join(DEFAULT_STAGES)}, unless kb.yml declares stages",
                    )
            for faq in entry.faqs:
                public = audience.is_public(audience.faq(entry, faq))
                draft = audience.faq_draft(entry, faq)
                if public and audience.declared_category(entry) == audience.INTERNAL:
                    self.report(
                        faq.file,
                        (*faq.path, "audience"),
                        "E-public-ref",
                        "a public FAQ in an internal category",
                        "move it to a public category, or make it internal",
                    )
                for i, rel in enumerate(faq.related):
                    self.ref(faq.file, (*faq.path, "related", i), rel, ["FAQ", "playbook", "standard"], public, draft)
                self.check_review(faq.file, faq.path, faq.reviewed)

    def check_playbooks(self) -> None:
        severities = {s.id for s in self.kb.kb.severities}
        for pb in self.kb.playbooks:
            public, draft, file = audience.is_public(pb.audience), pb.draft, pb.file
            roles = self._local_ids(pb, "roles", [r.id for r in pb.roles], "role")
            self._local_ids(pb, "steps", [s.id for s in pb.steps], "step")
            inline = [s.id for s in pb.severity if not isinstance(s, str)]
            self._local_ids(pb, "severity", inline, "severity level")
            for i, sev in enumerate(pb.severity):
                if isinstance(sev, str) and sev not in severities:
                    self.ref(file, ("severity", i), sev, ["severity"], False, draft)
            for i, std in enumerate(pb.standards):
                self.ref(file, ("standards", i), std, ["standard"], public, draft)
            seen_steps: set[str] = set()
            for i, step in enumerate(pb.steps):
                base = ("steps", i)
                if step.role is not None and step.role not in roles:
                    self.report(
                        file,
                        (*base, "role"),
                        "E-unknown-role",
                        f'unknown role "{step.role}"',
                        f"roles of this playbook: {', '.join(roles) or 'none declared'}",
                    )
                if step.after is not None and step.after not in seen_steps:
                    self.report(
                        file,
                        (*base, "after"),
                        "E-step-order",
                        f'"{step.after}" is not an earlier step',
                        "after names the id of a step above this one",
                    )
                if step.standard is not None:
                    self.ref(file, (*base, "standard"), step.standard, ["standard"], public, draft)
                for j, std in enumerate(step.standards):
                    self.ref(file, (*base, "standards", j), std, ["standard"], public, draft)
                if step.template is not None:
                    self.ref(file, (*base, "template"), step.template, ["template"], public, draft)
                if step.statement is not None:
                    self.ref(file, (*base, "statement"), step.statement, ["statement"], public, draft)
                if step.id:
                    seen_steps.add(step.id)
            for i, template in enumerate(pb.templates):
                if template.channel is not None:
                    self.ref(file, ("templates", i, "channel"), template.channel, ["channel"], public, draft)
            for i, statement in enumerate(pb.statements):
                for j, channel in enumerate(statement.channels):
                    self.ref(file, ("statements", i, "channels", j), channel, ["channel"], public, draft)
            for i, esc in enumerate(pb.escalate):
                if esc.to not in roles:
                    self.report(
                        file,
                        ("escalate", i, "to"),
                        "E-unknown-role",
                        f'unknown role "{esc.to}"',
                        f"roles of this playbook: {', '.join(roles) or 'none declared'}",
                    )
            for i, rel in enumerate(pb.related):
                self.ref(file, ("related", i), rel, ["FAQ", "playbook", "standard"], public, draft)
            self.check_review(file, (), pb.reviewed)

    def _local_ids(self, pb: Playbook, key: str, ids: Sequence[str | None], kind: str) -> list[str]:
        seen: list[str] = []
        for i, local in enumerate(ids):
            if local is None:
                continue
            if local in seen:
                self.report(
                    pb.file,
                    (key, i, "id"),
                    "E-duplicate-id",
                    f'{kind} "{local}" is named twice',
                    f"{kind} IDs are unique within a playbook",
                )
            seen.append(local)
        return seen

    def check_review(self, file: str, path: PathKey, reviewed: date | None) -> None:
        if reviewed is not None and reviewed > self.today:
            self.report(
                file,
                (*path, "reviewed"),
                "E-future-date",
                f"reviewed {reviewed.isoformat()} is in the future (today is {self.today.isoformat()})",
                "write the date the item was last reviewed",
            )

    def check_texts(self) -> None:
        """References, raw HTML and translations inside every text field."""
        kb = self.kb
        languages = kb.languages
        allow_html = kb.kb.allow_html
        holders: list[tuple[Item, bool, bool, PathKey]] = []
        kb_file = kb.kb
        groups: list[Sequence[Item]] = [
            kb_file.calendars,
            kb_file.channels,
            kb_file.segments,
            kb_file.priorities,
            kb_file.severities,
            kb_file.stages,
        ]
        for items in groups:
            for item in items:
                holders.append((item, audience.is_public(getattr(item, "audience", audience.PUBLIC)), False, item.path))
        for std in kb.standards:
            holders.append((std, audience.is_public(std.audience), std.draft, std.path))
        for entry in kb.categories:
            category_public = audience.category(entry) == audience.PUBLIC
            holders.append((entry.category, category_public, entry.category.draft, entry.category.path))
            for faq in entry.faqs:
                holders.append((faq, audience.is_public(audience.faq(entry, faq)), faq.draft, faq.path))
        for pb in kb.playbooks:
            holders.append((pb, audience.is_public(pb.audience), pb.draft, ()))
        for item, public, draft, base in holders:
            plain = {"body"} if type(item).__name__ in ("Template", "Statement") else set()
            for rel, text in walk_texts(item):
                path = (*base, *rel)
                self.check_text(
                    item.file or kb.kb_file,
                    path,
                    text,
                    public,
                    draft,
                    languages,
                    allow_html,
                    plain_text=bool(rel) and (rel[-1] == "body" or rel[-1] in plain),
                )

    def check_text(
        self,
        file: str,
        path: PathKey,
        text: Text,
        public: bool,
        draft: bool,
        languages: list[str],
        allow_html: bool,
        plain_text: bool,
    ) -> None:
        field = next((part for part in reversed(path) if isinstance(part, str)), "")
        starters = STARTER_TEXTS.get(field, frozenset())
        for lang, value in text.values.items():
            sub = (*path, lang) if len(text.values) > 1 or lang != languages[0] else path
            if not draft and value.strip() in starters:
                self.report(
                    file,
                    sub,
                    "E-placeholder",
                    f'still the starter text of kbgen new ("{value.strip()}")',
                    f"write the real {_NOUNS.get(field, field)}, or keep draft: true",
                )
            for ref in find_refs(value):
                if not ref.id:
                    self.report(
                        file,
                        sub,
                        "E-ref-syntax",
                        f"{ref.raw} names no {KIND_NAMES[ref.kind]}",
                        "write the ID after the colon",
                        needle=ref.raw,
                    )
                    continue
                if ref.goal and ref.kind != "std":
                    self.report(file, sub, "E-ref-syntax", f"{ref.raw}: only standards have .goal", needle=ref.raw)
                    continue
                self.ref(file, sub, ref.id, [KIND_NAMES[ref.kind]], public, draft, needle=ref.raw)
            if not plain_text:
                self.check_markdown(file, sub, value)
            if not allow_html and not plain_text:
                match = HTML_RE.search(value)
                if match:
                    self.report(
                        file,
                        sub,
                        "W-html",
                        f"raw HTML {match.group(0)}... will be shown as text",
                        "use Markdown instead, or set allow_html: true in kb.yml",
                        level=Level.WARNING,
                        needle=match.group(0),
                    )
        missing = [lang for lang in languages[1:] if lang not in text.values]
        keyword = path[-1:] == ("stage",) and text.values.get(languages[0], "") in STATEMENT_STAGES
        if missing and not draft and not keyword:
            self.report(
                file,
                path,
                "W-translation",
                f"no {', '.join(missing)} translation; the {languages[0]} text is shown instead",
                f"write it as {{{languages[0]}: ..., {missing[0]}: ...}}",
                level=Level.WARNING,
            )

    def check_markdown(self, file: str, path: PathKey, value: str) -> None:
        """Limits, third-party images and element ids of one Markdown text, before anything renders it."""
        source = self.kb.sources.get(file)
        deep = too_deep(value)
        if deep is not None:
            line_text = value.split("\n")[deep.line - 1].strip()
            line, col = source.find_in_scalar(path, line_text) if source else (1, 1)
            self.problems.add(docs_pages.nesting_problem(file, line, col, deep.depth, dotted(path)))
            return  # the rest would scan the same lines again for nothing
        for link in links(value):
            host = remote_host(link.url)
            if host is not None and link.image:
                line, col = source.find_in_scalar(path, link.url) if source else (1, 1)
                docs_pages.check_remote_image(self, file, link.url, host, line, col, dotted(path))
        for anchor in anchors(value):
            owners = self.all_ids.get(anchor.id)
            if owners:
                needle = value[anchor.offset :].split("\n", 1)[0]
                self.report(
                    file,
                    path,
                    "E-heading-id",
                    f"{'{ #' + anchor.id + ' }' if anchor.explicit else 'this heading'} would take the id "
                    f'"{anchor.id}", which the {owners[0].kind} at {self.where(owners[0])} has; its address '
                    "would lead here",
                    ("delete the { #... }" if anchor.explicit else "reword the heading")
                    + ": every item keeps its own anchor",
                    needle=needle,
                )


_NOUNS = {"do": "step"}  # what a field holds, where its name does not say it


def check(kb: KnowledgeBase, problems: Problems, today: date) -> None:
    Checker(kb, problems, today).run()
