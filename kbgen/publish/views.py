"""One audience's view of the knowledge base: only what that audience may see.

Filter before render: the public view is built from public, published items
only (an allowlist), so nothing downstream can reach internal content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from kbgen import audience
from kbgen.read.docs_pages import DocAsset, DocPage
from kbgen.read.model import KnowledgeBase
from kbgen.read.performance import MonthFile
from kbgen.read.schema import (
    Body,
    Calendar,
    Category,
    Channel,
    Faq,
    KbFile,
    Level,
    Owner,
    Playbook,
    Segment,
    Standard,
    Text,
)

SOON_DAYS = 30
PUBLIC_MONTHS = 12  # the public results page shows a year of full months


@dataclass
class CategoryView:
    """A published category with those of its FAQs this audience may see (at least one)."""

    category: Category
    faqs: list[Faq]


@dataclass
class ReviewItem:
    """An item the internal site lists for review, by owner.

    `kind` is standard, faq or playbook; `due` is `reviewed` plus its own `review_every`
    or kb.yml's (today when it was never reviewed); `overdue` is true when `due` has
    passed or `reviewed` is None; `file` is the file it is written in.
    """

    kind: str
    id: str
    title: Text
    owner: str
    reviewed: date | None
    due: date
    overdue: bool
    file: str


@dataclass
class AudienceView:
    """Everything one site (public or internal) shows, already filtered: what the renderer receives.

    `languages` starts with the default language; `review` is filled on the
    internal site only.
    """

    audience: str
    organization: Text
    site_url: str | None
    languages: list[str]
    allow_html: bool
    feedback_url: str | None
    feedback_property: str | None
    today: date
    categories: list[CategoryView] = field(default_factory=list)
    stages: list[Level] = field(default_factory=list)
    custom_stages: bool = False
    # kb.yml's address_form is usted: kbgen's Spanish words say "usted", not "tú"
    formal: bool = False
    standards: list[Standard] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    calendars: dict[str, Calendar] = field(default_factory=dict)
    bodies: list[Body] = field(default_factory=list)
    segments: dict[str, Segment] = field(default_factory=dict)
    severities: dict[str, Level] = field(default_factory=dict)
    priorities: dict[str, Level] = field(default_factory=dict)
    playbooks: list[Playbook] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    docs: list[DocPage] = field(default_factory=list)
    doc_assets: list[DocAsset] = field(default_factory=list)
    owners: dict[str, Owner] = field(default_factory=dict)  # kb.yml's teams, internal site only
    # Results of kbgen measure for this view's standards, oldest month first (public: only when
    # kb.yml says performance.public, without breach IDs or vendor comparisons).
    performance: list[MonthFile] = field(default_factory=list)
    min_cases: int = 30

    @property
    def default_language(self) -> str:
        """The default language: the first of `languages`, the one at the site's root."""
        return self.languages[0]

    @property
    def internal(self) -> bool:
        """Whether this is the agents' internal site rather than the customers' public one."""
        return self.audience == audience.INTERNAL

    def faq_index(self) -> dict[str, tuple[CategoryView, Faq]]:
        """Every FAQ this audience sees, by ID, with the category view it is listed under."""
        return {faq.id: (cat, faq) for cat in self.categories for faq in cat.faqs}


def make_view(kb: KnowledgeBase, site: str, today: date) -> AudienceView:
    """Everything one site (public or internal) shows, and nothing else: filter before render."""
    if site not in audience.AUDIENCES:
        raise ValueError(site)
    internal = site == audience.INTERNAL
    k: KbFile = kb.kb

    def visible(item_audience: str | None, draft: bool) -> bool:
        return audience.shown(item_audience, draft, site)

    view = AudienceView(
        audience=site,
        organization=k.organization.name,
        site_url=k.organization.url,
        languages=kb.languages,
        allow_html=k.allow_html,
        feedback_url=k.feedback.url if k.feedback else None,
        feedback_property=k.feedback.property if k.feedback and k.feedback.provider else None,
        today=today,
        stages=kb.stages,
        custom_stages=kb.custom_stages,
        formal=k.address_form == "usted",
        bodies=list(k.bodies),
    )
    for entry in kb.categories:
        if entry.category.draft:
            continue
        faqs = [f for f in entry.faqs if visible(audience.faq(entry, f), f.draft)]
        if faqs:
            view.categories.append(CategoryView(entry.category, faqs))
    view.standards = [s for s in kb.standards if visible(s.audience, s.draft)]
    view.channels = [c for c in k.channels if visible(c.audience, False)]
    used = audience.public_calendars(k.channels, kb.standards)
    view.calendars = {c.id: c for c in k.calendars if internal or c.id in used}
    view.segments = {s.id: s for s in k.segments}
    view.severities = {s.id: s for s in k.severities}
    view.priorities = {p.id: p for p in k.priorities}
    view.playbooks = [p for p in kb.playbooks if visible(p.audience, p.draft)]
    view.docs = [d for d in kb.docs if visible(d.audience, False)]
    view.doc_assets = [a for a in kb.doc_assets if visible(a.audience, False)]
    if internal:
        view.review = review_items(kb, today)
        view.owners = {o.id: o for o in k.owners}
    view.min_cases = k.performance.min_cases
    if internal or k.performance.public:
        view.performance = performance_view(kb.performance, {s.id for s in view.standards}, internal)
    return view


def performance_view(months: list[MonthFile], standards: set[str], internal: bool) -> list[MonthFile]:
    """The results one audience may see: its standards only. Customers get the last PUBLIC_MONTHS full
    months, only the standards with cases in them, and no case IDs or vendor figures."""
    if not internal:
        months = [m for m in months if m.complete][-PUBLIC_MONTHS:]
        standards = {s for s in standards if any(_has_cases(m, s) for m in months)}
    out: list[MonthFile] = []
    for month in months:
        kept = {}
        for std_id, result in month.standards.items():
            if std_id not in standards:
                continue
            if not internal:
                weeks = [w.model_copy(update={"breaches": []}) for w in result.weeks]
                update = {"month": result.month.model_copy(update={"breaches": []}), "weeks": weeks, "vendor": None}
                result = result.model_copy(update=update)
            kept[std_id] = result
        if kept:
            out.append(month.model_copy(update={"standards": kept}))
    return out


def _has_cases(month: MonthFile, std_id: str) -> bool:
    result = month.standards.get(std_id)
    return result is not None and bool(result.month.n or result.month.unmeasurable)


def add_days(day: date, days: int) -> date | None:
    """`day` plus `days`; None past 9999-12-31, the last date there is."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def review_items(kb: KnowledgeBase, today: date, soon_days: int = SOON_DAYS) -> list[ReviewItem]:
    """Items past or near their review date: `review_every` (own or kb.yml's) after `reviewed`."""
    default_every = kb.kb.review_every
    items: list[ReviewItem] = []
    horizon = add_days(today, soon_days) or date.max

    def consider(
        kind: str, item_id: str, title: Text, owner: str | None, reviewed: date | None, every: object, file: str
    ) -> None:
        period = every or default_every
        if period is None:
            return
        days = getattr(period, "total_seconds", 0) // 86400 or 1
        due = add_days(reviewed, days) if reviewed else today
        if due is None:
            return  # due after 9999-12-31, the last day a date can name: not due on any day there is
        if reviewed is None or due <= horizon:
            items.append(
                ReviewItem(kind, item_id, title, owner or "", reviewed, due, reviewed is None or due < today, file)
            )

    for std in kb.standards:
        consider("standard", std.id, std.title, std.owner, std.reviewed, std.review_every, std.file)
    for _entry, faq in kb.faqs:
        consider("faq", faq.id, faq.question, faq.owner, faq.reviewed, faq.review_every, faq.file)
    for pb in kb.playbooks:
        consider("playbook", pb.id, pb.title, pb.owner, pb.reviewed, pb.review_every, pb.file)
    items.sort(key=lambda r: (r.owner, r.due, r.kind, r.id))
    return items
