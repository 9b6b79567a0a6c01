"""Pages for one audience's view in one language: Markdown built from Jinja2 templates, plus the nav.

Editor text is always a value passed into templates, never template source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from kbgen.audience import is_public
from kbgen.publish.text import TextRenderer, code_fence, escape_html, export_text, md_to_html, plain_text, script_json
from kbgen.publish.views import AudienceView, CategoryView
from kbgen.publish.words import Words
from kbgen.read.scalars import Duration, Percent
from kbgen.read.schema import STATEMENT_STAGES, Channel, Level, Playbook, Standard, Text

FULL = Percent(Decimal(100))
# What each faq.json field holds, stated in every entry: plain text has no markup at all (tags
# removed, entities decoded), so a chatbot may insert it anywhere; answer_html is sanitised HTML.
EXPORT_FORMATS = {"question": "text", "answer": "text", "answer_html": "html"}
PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")


@dataclass
class Page:
    path: str  # below docs/: "faq/deliveries.md"
    content: str


NavItem = dict[str, Any] | str


@dataclass
class Site:
    pages: list[Page]
    nav: list[NavItem]
    faq_export: list[dict[str, Any]]
    templates_export: list[dict[str, Any]]
    fallbacks: int


class ChannelRow(TypedDict):
    id: str
    description: str
    name: str
    kind: str
    contacts: list[str]
    hours: list[str]
    notes: list[str]
    address: str


class FaqBlock(TypedDict):
    id: str
    question: str
    answer: str
    related: list[str]
    reviewed: str
    fallback: bool
    tags: str


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("kbgen", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["indent4"] = lambda text: "\n".join(("    " + line) if line else "" for line in text.split("\n"))
    return env


ENV = _env()


def front_matter(meta: dict[str, Any]) -> str:
    """Front matter written by a YAML dumper, never by string templates."""
    meta = {**meta, "kbgen_generated": True}
    dumped = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=True, width=10_000)
    return "---\n" + dumped + "---\n\n"


try:  # libyaml's emitter: the pure-Python one spends seconds on long JSON-LD strings
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Dumper = yaml.SafeDumper


class SiteRenderer:
    def __init__(self, view: AudienceView, lang: str) -> None:
        self.view = view
        self.lang = lang
        self.words = Words(lang)
        self.text = TextRenderer(view, self.words, lang)
        self.pages: list[Page] = []
        self._rows: dict[str, ChannelRow] = {}

    # --- helpers ------------------------------------------------------------------

    def t(self, key: str, **values: str) -> str:
        return self.words.t(key, **values)

    def page(self, path: str, template: str, meta: dict[str, Any], **context: Any) -> None:
        body = ENV.get_template(template).render(t=self.t, **context)
        self.pages.append(Page(path, front_matter(meta) + body.strip() + "\n"))

    def clock_words(self, clock: str) -> str:
        if clock == "24x7":
            return self.t("hours.always")
        calendar = self.view.calendars.get(clock)
        if calendar is None:
            return ""
        phrases = self.words.week(calendar.week)
        return ", ".join(phrases) + f" ({self.words.timezone(calendar.timezone)})"

    def channel_row(self, channel: Channel) -> ChannelRow:
        if channel.id not in self._rows:
            self._rows[channel.id] = self._channel_row(channel)
        return self._rows[channel.id]

    def _channel_row(self, channel: Channel) -> ChannelRow:
        notes: list[str] = []
        if channel.segments:
            names = [
                self.text.inline(self.view.segments[s].title) if self.view.segments[s].title else s
                for s in channel.segments
                if s in self.view.segments
            ]
            notes.append(f"{self.t('vip_only')}: {', '.join(names)}")
        if channel.by_appointment:
            notes.append(self.t("appointment"))
        if channel.accessibility:
            notes.append(f"{self.t('accessibility')}: {self.text.inline(channel.accessibility)}")
        if channel.hours is None:
            hours = [self.t("self_service")]
        elif channel.hours == "24x7":
            hours = [self.t("hours.always")]
        else:
            hours = [self.clock_words(channel.hours)]
        contacts = [contact_link(c, voice=channel.kind == "voice") for c in channel.contacts]
        if channel.url:
            contacts.append(f"<{channel.url}>")
        return ChannelRow(
            id=channel.id,
            description=self.text.inline(channel.description),
            name=self.text.inline(channel.name),
            kind=channel.kind,
            contacts=contacts,
            hours=hours,
            notes=notes,
            address=self.text.inline(channel.address),
        )

    def standard_row(self, std: Standard, page: str) -> dict[str, str]:
        goal = ""
        if std.statistic == "share":
            goal = self.words.percent(std.goal or FULL)
        else:
            goal = self.t(f"statistic.{std.statistic}")
        channels = ", ".join(self.text.inline(c.name) for c in self.view.channels if c.id in std.channels)
        segments = ", ".join(
            self.text.inline(self.view.segments[s].title) if self.view.segments[s].title else s
            for s in std.segments
            if s in self.view.segments
        )
        return {
            "id": std.id,
            "title": self.text.inline(std.title),
            "target": self.text.standard_words(std),
            "goal": goal,
            "clock": self.clock_words(std.clock),
            "channels": channels or self.t("all_channels"),
            "segments": segments,
            "measured": self.text.markdown(std.measured, page),
            "description": self.text.markdown(std.description, page),
            "metric": std.metric,
            "audience": self.t(f"audience.{std.audience}"),
            "owner": std.owner or "",
        }

    def fallback_note(self, *texts: Text | None) -> str:
        if any(self.text.is_fallback(t) for t in texts):
            language = self.words.language_name(self.view.default_language)
            return self.t("no_translation", language=language)
        return ""

    def within(self, duration: Duration | None, clock: str) -> str:
        if duration is None:
            return ""
        return self.words.duration(duration, business=clock != "24x7")

    # --- pages ------------------------------------------------------------------------

    def render(self) -> Site:
        view = self.view
        self.home()
        for cat in view.categories:
            self.category(cat)
        self.commitments()
        self.contact()
        if view.playbooks:
            self.playbooks_index()
            for pb in view.playbooks:
                self.playbook(pb)
        if view.internal:
            self.standards_matrix()
            self.replies()
            self.review()
            from kbgen.publish.fieldref import code_reference, field_reference

            for path, reference in (("editors/fields.md", field_reference), ("editors/codes.md", code_reference)):
                text = reference(self.lang)
                title = text.splitlines()[0][2:]
                self.pages.append(Page(path, front_matter({"title": escape_title(title)}) + text + "\n"))
        return Site(self.pages, self.nav(), self.faq_export(), self.templates_export(), self.text.fallbacks)

    def stage_groups(self) -> list[tuple[str, str, list[CategoryView]]]:
        groups: list[tuple[str, str, list[CategoryView]]] = []
        stage_ids = [s.id for s in self.view.stages]
        for stage in self.view.stages:
            cats = [c for c in self.view.categories if c.category.stage == stage.id]
            if cats:
                groups.append((stage.id, self.stage_title(stage), cats))
        others = [c for c in self.view.categories if c.category.stage not in stage_ids]
        if others:
            groups.append(("other", self.t("questions"), others))
        return groups

    def stage_title(self, stage: Level) -> str:
        if not self.view.custom_stages:
            return self.words.stage_title(stage.id) or stage.id
        return self.text.inline(stage.title)

    def home(self) -> None:
        page = "index.md"
        featured = [(cat, faq) for cat in self.view.categories for faq in cat.faqs if faq.featured]
        groups = [
            {
                "title": title,
                "categories": [
                    {
                        "title": self.text.inline(c.category.title),
                        "link": f"faq/{c.category.id}.md",
                        "description": self.text.inline(c.category.description),
                        "count": len(c.faqs),
                    }
                    for c in cats
                ],
            }
            for _stage, title, cats in self.stage_groups()
        ]
        self.page(
            page,
            "home.md.j2",
            {"title": self.text.title(self.view.organization), "kbgen_page": "home", "hide": ["navigation", "toc"]},
            org=self.text.inline(self.view.organization),
            groups=groups,
            featured=[
                {"question": self.text.inline(f.question), "link": f"faq/{c.category.id}.md#{f.id}"}
                for c, f in featured
            ],
            channels=[
                self.channel_row(c)
                for c in self.view.channels
                if c.kind not in ("self-service", "status-page", "postal")
            ][:6],
            internal=self.view.internal,
        )

    def category(self, cat: CategoryView) -> None:
        page = f"faq/{cat.category.id}.md"
        blocks: list[FaqBlock] = []
        entities = []
        for faq in cat.faqs:
            related = []
            for rel in faq.related:
                related.extend(self.related_link(rel, page))
            blocks.append(
                FaqBlock(
                    id=faq.id,
                    question=self.text.inline(faq.question),
                    answer=self.text.markdown(faq.answer, page),
                    related=related,
                    reviewed=self.words.date(faq.reviewed) if faq.reviewed else "",
                    fallback=bool(self.fallback_note(faq.question, faq.answer)),
                    tags=" ".join(escape_title(t) for t in faq.tags),
                )
            )
            entities.append(
                {
                    "@type": "Question",
                    "name": plain_text(self.text.inline(faq.question)),
                    "acceptedAnswer": {"@type": "Answer", "text": plain_text(self.text.markdown(faq.answer, None))},
                }
            )
        jsonld = script_json({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities})
        helpful = [self.channel_row(c) for c in self.view.channels if is_public(c.audience)][:4]
        self.page(
            page,
            "category.md.j2",
            {
                "title": self.text.title(cat.category.title),
                "kbgen_jsonld": jsonld,
                "kbgen_page": "category",
                **(
                    {"description": plain_text(self.text.inline(cat.category.description))}
                    if cat.category.description
                    else {}
                ),
            },
            title=self.text.inline(cat.category.title),
            description=self.text.markdown(cat.category.description, page),
            faqs=blocks,
            note=self.t("no_translation", language=self.words.language_name(self.view.default_language)),
            helpful=helpful,
            feedback_url=self.view.feedback_url,
        )

    def related_link(self, item_id: str, page: str) -> list[str]:
        text = self.text
        if item_id in text.faqs:
            title = text.inline(text.faqs[item_id][1].question)
            return [f"[{title}]({text.link_target('faq', item_id, page)})"]
        if item_id in text.playbooks:
            title = text.inline(text.playbooks[item_id].title)
            return [f"[{title}]({text.link_target('playbook', item_id, page)})"]
        if item_id in text.standards:
            title = text.inline(text.standards[item_id].title)
            return [f"[{title}]({text.link_target('std', item_id, page)})"]
        return []

    def commitments(self) -> None:
        page = "commitments.md"
        public = [s for s in self.view.standards if is_public(s.audience)]
        families = (
            (
                "family.response",
                (
                    "acknowledgement",
                    "first_response",
                    "next_response",
                    "wait_time",
                    "callback",
                    "answered",
                    "abandonment",
                ),
            ),
            ("family.delivery", ("delivery", "installation", "appointment")),
            ("family.resolution", ("resolution", "refund")),
            ("family.quality", ("satisfaction", "other")),
        )
        groups = []
        for key, metrics in families:
            members = [self.standard_row(s, page) for s in public if s.metric in metrics]
            if members:
                groups.append({"title": self.t(key), "standards": members})
        self.page(
            page,
            "commitments.md.j2",
            {"title": self.text.title(Text({self.lang: self.t("commitments")}))},
            title=self.t("commitments"),
            groups=groups,
        )

    def contact(self) -> None:
        page = "contact.md"
        calendars = []
        for cal in self.view.calendars.values():
            calendars.append(
                {
                    "id": cal.id,
                    "title": self.text.inline(cal.title) if cal.title else cal.id,
                    "hours": self.clock_words(cal.id),
                    "holidays": self.holidays(cal),
                }
            )
        self.page(
            page,
            "contact.md.j2",
            {"title": escape_title(self.t("contact"))},
            title=self.t("contact"),
            channels=[self.channel_row(c) for c in self.view.channels],
            calendars=calendars,
        )

    def holidays(self, cal: Any) -> list[str]:
        import holidays as holidays_lib

        today = self.view.today
        try:
            end = today.replace(year=today.year + 1)
        except ValueError:  # 29 February: a year ahead is 28 February
            end = today.replace(year=today.year + 1, day=28)
        days: dict[Any, str] = {}
        for extra in cal.holidays:
            if today <= extra <= end:
                days[extra] = ""
        if cal.holidays_of is not None:
            lang = self.lang.replace("-", "_")
            known = holidays_lib.country_holidays(
                cal.holidays_of.country, subdiv=cal.holidays_of.subdivision, years=[today.year, today.year + 1]
            )
            supported = getattr(known, "supported_languages", ()) or ()
            chosen = next((s for s in supported if s.split("_")[0] == lang.split("_")[0]), None)
            if chosen:
                known = holidays_lib.country_holidays(
                    cal.holidays_of.country,
                    subdiv=cal.holidays_of.subdivision,
                    years=[today.year, today.year + 1],
                    language=chosen,
                )
            for day, name in sorted(known.items()):
                if today <= day <= end:
                    days[day] = str(name)
        return [f"{self.words.date(d)}" + (f": {n}" if n else "") for d, n in sorted(days.items())]

    def playbooks_index(self) -> None:
        groups = []
        for kind in ("daily", "crisis", "recovery", "customer-type"):
            books = [p for p in self.view.playbooks if p.kind == kind]
            if books:
                groups.append(
                    {
                        "title": self.t(f"kind.{kind}"),
                        "entries": [
                            {
                                "title": self.text.inline(p.title),
                                "link": f"{p.id}.md",
                                "summary": self.text.inline(p.summary),
                            }
                            for p in books
                        ],
                    }
                )
        self.page(
            "playbooks/index.md",
            "playbooks.md.j2",
            {"title": escape_title(self.t("playbooks"))},
            title=self.t("playbooks"),
            groups=groups,
        )

    def playbook(self, pb: Playbook) -> None:
        page = f"playbooks/{pb.id}.md"
        text = self.text
        roles = {r.id: r for r in pb.roles}
        standards = {s.id: s for s in self.view.standards}
        step_titles: dict[str, str] = {}
        phases: list[dict[str, Any]] = []
        for number, step in enumerate(pb.steps, start=1):
            clock = next((standards[s].clock for s in step.all_standards if s in standards), "24x7")
            within = ""
            if step.within is not None:
                duration = self.within(step.within, clock)
                within = (
                    self.t("within.after", duration=duration, step=step_titles[step.after])
                    if step.after and step.after in step_titles
                    else self.t("within.start", duration=duration)
                )
            first_line = plain_text(text.inline(step.do))
            if step.id:
                short = first_line if len(first_line) <= 60 else first_line[:57] + "…"
                # plain_text gave words with entities undone: escape again before they go back into Markdown
                step_titles[step.id] = escape_html(short).replace("*", "\\*").replace("_", "\\_")
            serves = [
                f"[{text.inline(standards[s].title)}]({text.link_target('std', s, page)}) "
                f"({text.standard_words(standards[s])})"
                for s in step.all_standards
                if s in standards
            ]
            phase = text.inline(step.phase) if step.phase else ""
            if not phases or phases[-1]["title"] != phase:
                phases.append({"title": phase, "steps": []})
            details = []
            role = text.inline(roles[step.role].title) if step.role in roles else ""
            timing = [f"**{self.t('within')}:** {within}"] if within else []
            if role:
                timing.append(f"{self.t('role')}: {role}")
            if timing:
                details.append(" · ".join(timing))
            if step.every:
                details.append(self.t("every", duration=self.within(step.every, clock)))
            if serves:
                details.append(f"**{self.t('serves')}:** " + "; ".join(serves))
            for key, value in (("templates", step.template), ("statements", step.statement)):
                link = self.anchor_link(value, pb, page, key)
                if link:
                    details.append(f"**{self.t(key)}:** {link}")
            phases[-1]["steps"].append(
                {
                    "number": number,
                    "do": text.markdown(step.do, page),
                    "details": details,
                    "checklist": [text.inline(c) for c in step.checklist],
                }
            )
        severity = []
        for level in pb.severity:
            item = self.view.severities.get(level) if isinstance(level, str) else level
            if item is not None:
                severity.append(
                    {
                        "id": item.id,
                        "title": text.inline(item.title),
                        "description": text.inline(item.description),
                        "examples": "<br>".join(text.inline(e) for e in item.examples),
                    }
                )
        related: list[str] = []
        for rel in pb.related:
            related.extend(self.related_link(rel, page))
        self.page(
            page,
            "playbook.md.j2",
            {"title": text.title(pb.title), "kbgen_page": "playbook"},
            title=text.inline(pb.title),
            summary=text.markdown(pb.summary, page),
            trigger=text.markdown(pb.trigger, page),
            signs=[text.inline(s) for s in pb.signs],
            severity=severity,
            roles=[{"title": text.inline(r.title), "duties": [text.inline(d) for d in r.duties]} for r in pb.roles],
            standards=[
                f"[{text.inline(standards[s].title)}]({text.link_target('std', s, page)}): "
                f"{text.standard_words(standards[s])}"
                for s in pb.standards
                if s in standards
            ],
            phases=phases,
            templates=[self.copyable(t, "template") for t in pb.templates],
            statements=[self.copyable(s, "statement") for s in pb.statements],
            avoid=[text.inline(a) for a in pb.avoid],
            close_when=[text.inline(c) for c in pb.close_when],
            escalate=[
                {
                    "when": text.inline(e.when),
                    "to": text.inline(roles[e.to].title) if e.to in roles else e.to,
                    "within": self.within(e.within, "24x7"),
                }
                for e in pb.escalate
            ],
            corrective=[text.inline(c) for c in pb.corrective_actions],
            related=related,
            owner=pb.owner or "",
            reviewed=self.words.date(pb.reviewed) if pb.reviewed else "",
            kind=self.t(f"kind.{pb.kind}"),
            note=self.fallback_note(pb.title, pb.trigger, *(s.do for s in pb.steps)),
        )

    def anchor_link(self, item_id: str | None, pb: Playbook, page: str, key: str) -> str:
        if item_id is None:
            return ""
        items = pb.templates if key == "templates" else pb.statements
        local = next((i for i in items if i.id == item_id), None)
        if local is not None:
            return f"[{self.text.inline(local.title)}](#{item_id})"
        for other in self.view.playbooks:
            for item in other.templates if key == "templates" else other.statements:
                if item.id == item_id:
                    return f"[{self.text.inline(item.title)}]({other.id}.md#{item_id})"
        return ""

    def copyable(self, item: Any, kind: str) -> dict[str, Any]:
        body = self.text.plain(item.body).strip("\n")
        channel = next((c for c in self.view.channels if c.id == getattr(item, "channel", None)), None)
        channels = [self.text.inline(c.name) for c in self.view.channels if c.id in getattr(item, "channels", [])]
        return {
            "id": item.id,
            "title": self.text.inline(item.title),
            "body": body,
            "fence": code_fence(body),
            "channel": self.text.inline(channel.name) if channel else ", ".join(channels),
            "subject": self.text.plain(item.subject) if getattr(item, "subject", None) else "",
            "stage": self.statement_stage(getattr(item, "stage", None)),
            "placeholders": sorted(set(PLACEHOLDER_RE.findall(body))),
        }

    def statement_stage(self, stage: Text | None) -> str:
        if stage is None:
            return ""
        word = stage.values.get(self.view.default_language, "")
        if word in STATEMENT_STAGES and len(stage.values) == 1:
            return self.t(f"statement.{word}")
        return self.text.inline(stage)

    def standards_matrix(self) -> None:
        page = "standards.md"
        rows = [self.standard_row(s, page) for s in self.view.standards]
        self.page(
            page,
            "standards.md.j2",
            {"title": escape_title(self.t("standards_matrix"))},
            title=self.t("standards_matrix"),
            standards=rows,
        )

    def replies(self) -> None:
        groups = []
        for pb in self.view.playbooks:
            if pb.templates:
                groups.append(
                    {
                        "title": self.text.inline(pb.title),
                        "link": f"playbooks/{pb.id}.md",
                        "entries": [self.copyable(t, "template") for t in pb.templates],
                    }
                )
        self.page(
            "replies.md",
            "replies.md.j2",
            {"title": escape_title(self.t("replies"))},
            title=self.t("replies"),
            groups=groups,
        )

    def review(self) -> None:
        rows = []
        for item in self.view.review:
            # Drafts are not published: they are listed without a link.
            link = ""
            if item.kind == "faq" and item.id in self.text.faqs:
                link = f"faq/{self.text.faqs[item.id][0].category.id}.md#{item.id}"
            elif item.kind == "playbook" and item.id in self.text.playbooks:
                link = f"playbooks/{item.id}.md"
            elif item.kind == "standard" and item.id in self.text.standards:
                link = f"standards.md#{item.id}"
            rows.append(
                {
                    "title": self.text.inline(item.title),
                    "link": link,
                    "owner": item.owner or "—",
                    "reviewed": self.words.date(item.reviewed) if item.reviewed else self.t("review.never"),
                    "due": self.words.date(item.due),
                    "overdue": item.overdue,
                    "file": item.file,
                }
            )
        self.page(
            "review.md",
            "review.md.j2",
            {"title": escape_title(self.t("review"))},
            title=self.t("review"),
            overdue=[r for r in rows if r["overdue"]],
            soon=[r for r in rows if not r["overdue"]],
        )

    # --- nav and exports -----------------------------------------------------------------

    def nav(self) -> list[NavItem]:
        nav: list[NavItem] = [{escape_title(self.t("home")): "index.md"}]
        faq_sections: list[NavItem] = []
        for _stage, title, cats in self.stage_groups():
            faq_sections.append(
                {escape_title(title): [{self.text.title(c.category.title): f"faq/{c.category.id}.md"} for c in cats]}
            )
        if faq_sections:
            nav.append({escape_title(self.t("questions")): faq_sections})
        nav.append({escape_title(self.t("commitments")): "commitments.md"})
        nav.append({escape_title(self.t("contact")): "contact.md"})
        if self.view.playbooks:
            kinds: list[NavItem] = ["playbooks/index.md"]
            for kind in ("daily", "crisis", "recovery", "customer-type"):
                books = [p for p in self.view.playbooks if p.kind == kind]
                if books:
                    kinds.append(
                        {
                            escape_title(self.t(f"kind.{kind}")): [
                                {self.text.title(p.title): f"playbooks/{p.id}.md"} for p in books
                            ]
                        }
                    )
            nav.append({escape_title(self.t("playbooks")): kinds})
        if self.view.internal:
            nav.append({escape_title(self.t("standards_matrix")): "standards.md"})
            nav.append({escape_title(self.t("replies")): "replies.md"})
            nav.append({escape_title(self.t("review")): "review.md"})
            nav.append({escape_title(self.t("editors")): ["editors/fields.md", "editors/codes.md"]})
        return nav

    def faq_export(self) -> list[dict[str, Any]]:
        if self.view.internal:
            return []
        out = []
        for cat in self.view.categories:
            for faq in cat.faqs:
                answer_md = self.text.markdown(faq.answer, None)
                out.append(
                    {
                        "id": faq.id,
                        "lang": self.lang,
                        "question": export_text(plain_text(self.text.inline(faq.question))),
                        "answer": export_text(plain_text(answer_md)),
                        "answer_html": md_to_html(answer_md),
                        "category": cat.category.id,
                        "url": self.text.link_target("faq", faq.id, None),
                        "formats": EXPORT_FORMATS,
                    }
                )
        return out

    def templates_export(self) -> list[dict[str, Any]]:
        if not self.view.internal:
            return []
        out = []
        for pb in self.view.playbooks:
            for tpl in pb.templates:
                item = self.copyable(tpl, "template")
                out.append(
                    {
                        "id": tpl.id,
                        "lang": self.lang,
                        "playbook": pb.id,
                        "title": plain_text(item["title"]),
                        "channel": tpl.channel or "",
                        "subject": item["subject"],
                        "body": item["body"],
                        "placeholders": item["placeholders"],
                    }
                )
        return out


def tel_digits(number: str) -> str:
    """A phone number as a tel: link wants it: digits and a leading +."""
    return re.sub(r"[^\d+]", "", number)


def contact_link(contact: str, voice: bool = True) -> str:
    """A contact customers can tap: web addresses, e-mail addresses and phone numbers become links."""
    text = contact.replace("|", "\\|").replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")
    if re.fullmatch(r"https?://\S+", contact):
        return f"[{text}]({contact})"
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", contact, flags=re.I):
        return f"[{text}](mailto:{contact})"
    digits = tel_digits(contact)
    if voice and re.fullmatch(r"\+?[\d\s().-]{7,}", contact) and len(digits) >= 7:
        return f"[{text}](tel:{digits})"
    return text


def escape_title(value: str) -> str:
    from html import escape

    return escape(value, quote=True)


def render_site(view: AudienceView, lang: str) -> Site:
    return SiteRenderer(view, lang).render()
