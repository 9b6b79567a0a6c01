"""Playbook pages: the index by kind, and one page per playbook with its steps, texts and escalations."""

from __future__ import annotations

from typing import Any, TypedDict

from kbgen import urls
from kbgen.publish.pages.base import Page, escape_title
from kbgen.publish.pages.context import PLAYBOOK_KINDS, Context, Copyable
from kbgen.publish.pages.first_minutes import FirstStep, first_minutes, role_contact
from kbgen.publish.text import escape_html, plain_text
from kbgen.read.schema import Playbook


class PlaybookEntry(TypedDict):
    """One playbook on the playbooks index."""

    title: str
    link: str
    summary: str


class KindGroup(TypedDict):
    """The playbooks index's playbooks of one kind."""

    title: str
    entries: list[PlaybookEntry]


class PlaybooksContext(TypedDict):
    """What the `playbooks` template receives: the playbooks index by kind."""

    title: str
    groups: list[KindGroup]


class Step(TypedDict):
    """One numbered step on a playbook's page; `details` are its time limit, role, standards and texts, in words."""

    number: int
    do: str
    details: list[str]
    checklist: list[str]


class Phase(TypedDict):
    """A playbook's steps of one phase."""

    title: str
    steps: list[Step]


class Severity(TypedDict):
    """One severity level on a playbook's page."""

    id: str
    title: str
    description: str
    examples: str


class Role(TypedDict):
    """One role on a playbook's page, with its duties."""

    title: str
    duties: list[str]
    contact: str


class Escalation(TypedDict):
    """One escalation on a playbook's page: when, to whom, within what time."""

    when: str
    to: str
    within: str


class PlaybookContext(TypedDict):
    """What the `playbook` template receives: one playbook's page."""

    title: str
    summary: str
    trigger: str
    signs: list[str]
    severity: list[Severity]
    roles: list[Role]
    standards: list[str]
    first: list[FirstStep]
    keywords: list[str]
    phases: list[Phase]
    templates: list[Copyable]
    statements: list[Copyable]
    avoid: list[str]
    close_when: list[str]
    escalate: list[Escalation]
    corrective: list[str]
    related: list[str]
    owner: str
    reviewed: str
    kind: str
    note: str


def playbooks_index(ctx: Context) -> Page:
    """The playbooks' index by kind (template `playbooks`)."""
    page = urls.PLAYBOOKS
    groups: list[KindGroup] = []
    for kind in PLAYBOOK_KINDS:
        books = [p for p in ctx.view.playbooks if p.kind == kind]
        if books:
            groups.append(
                {
                    "title": ctx.t(f"kind.{kind}"),
                    "entries": [
                        {
                            "title": ctx.text.inline(p.title),
                            "link": urls.relative(page, urls.playbook_page(p.id)),
                            "summary": ctx.text.inline(p.summary),
                        }
                        for p in books
                    ],
                }
            )
    context: PlaybooksContext = {"title": ctx.t("playbooks"), "groups": groups}
    return ctx.page(page, "playbooks", {"title": escape_title(ctx.t("playbooks"))}, context)


def playbook(ctx: Context, pb: Playbook) -> Page:
    """One playbook's page (template `playbook`)."""
    page = urls.playbook_page(pb.id)
    text = ctx.text
    roles = {r.id: r for r in pb.roles}
    standards = {s.id: s for s in ctx.view.standards}
    step_titles: dict[str, str] = {}
    phases: list[Phase] = []
    for number, step in enumerate(pb.steps, start=1):
        clock = next((standards[s].clock for s in step.all_standards if s in standards), "24x7")
        within = ""
        if step.within is not None:
            duration = ctx.within(step.within, clock)
            within = (
                ctx.t("within.after", duration=duration, step=step_titles[step.after])
                if step.after and step.after in step_titles
                else ctx.t("within.start", duration=duration)
            )
        if step.id:
            # The whole step, never cut: an agent reads which step the clock counts from.
            # plain_text gave words with entities undone: escape again before they go back into Markdown
            words = escape_html(f"{number}. {plain_text(text.inline(step.do))}")
            step_titles[step.id] = words.replace("*", "\\*").replace("_", "\\_")
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
        timing = [f"**{ctx.t('within')}:** {within}"] if within else []
        if role:
            timing.append(f"{ctx.t('role')}: {role}")
        if timing:
            details.append(" · ".join(timing))
        if step.every:
            details.append(ctx.t("every", duration=ctx.within(step.every, clock)))
        if serves:
            details.append(f"**{ctx.t('serves')}:** " + "; ".join(serves))
        for key, value in (("templates", step.template), ("statements", step.statement)):
            link = anchor_link(ctx, value, pb, page, key)
            if link:
                details.append(f"**{ctx.t(key)}:** {link}")
        phases[-1]["steps"].append(
            {
                "number": number,
                "do": text.markdown(step.do, page),
                "details": details,
                "checklist": [text.inline(c) for c in step.checklist],
            }
        )
    severity: list[Severity] = []
    for level in pb.severity:
        item = ctx.view.severities.get(level) if isinstance(level, str) else level
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
        related.extend(ctx.related_link(rel, page))
    context: PlaybookContext = {
        "title": text.inline(pb.title),
        "summary": text.markdown(pb.summary, page),
        "trigger": text.markdown(pb.trigger, page),
        "signs": [text.inline(s) for s in pb.signs],
        "severity": severity,
        "roles": [
            {
                "title": text.inline(r.title),
                "duties": [text.inline(d) for d in r.duties],
                "contact": role_contact(ctx, r).replace("|", "\\|"),
            }
            for r in pb.roles
        ],
        "first": first_minutes(ctx, pb),
        "keywords": [text.inline(k) for k in pb.keywords],
        "standards": [
            f"[{text.inline(standards[s].title)}]({text.link_target('std', s, page)}): "
            f"{text.standard_words(standards[s])}"
            for s in pb.standards
            if s in standards
        ],
        "phases": phases,
        "templates": [ctx.copyable(t) for t in pb.templates],
        "statements": [ctx.copyable(s) for s in pb.statements],
        "avoid": [text.inline(a) for a in pb.avoid],
        "close_when": [text.inline(c) for c in pb.close_when],
        "escalate": [
            {
                "when": text.inline(e.when),
                "to": text.inline(roles[e.to].title) if e.to in roles else e.to,
                "within": ctx.within(e.within, "24x7"),
            }
            for e in pb.escalate
        ],
        "corrective": [text.inline(c) for c in pb.corrective_actions],
        "related": related,
        "owner": ctx.owner_words(pb.owner),
        "reviewed": ctx.words.date(pb.reviewed) if pb.reviewed else "",
        "kind": ctx.t(f"kind.{pb.kind}"),
        "note": ctx.fallback_note(pb.title, pb.trigger, *(s.do for s in pb.steps)),
    }
    meta: dict[str, Any] = {"title": text.title(pb.title), "kbgen_page": "playbook"}
    return ctx.page(page, "playbook", meta, context)


def anchor_link(ctx: Context, item_id: str | None, pb: Playbook, page: str, key: str) -> str:
    """A link to a template or statement (`key`) by ID: on this playbook's page, or on the first
    other playbook's that holds it; "" when none does."""
    if item_id is None:
        return ""
    items = pb.templates if key == "templates" else pb.statements
    local = next((i for i in items if i.id == item_id), None)
    if local is not None:
        return f"[{ctx.text.inline(local.title)}]({urls.relative(page, page, urls.anchor(item_id))})"
    for other in ctx.view.playbooks:
        for item in other.templates if key == "templates" else other.statements:
            if item.id == item_id:
                target = urls.relative(page, urls.playbook_page(other.id), urls.anchor(item_id))
                return f"[{ctx.text.inline(item.title)}]({target})"
    return ""
