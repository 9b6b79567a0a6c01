"""The nav of one site: home, questions by stage, commitments, contact, playbooks, internal pages."""

from __future__ import annotations

from kbgen import urls
from kbgen.publish.pages.base import NavItem, escape_title
from kbgen.publish.pages.context import PLAYBOOK_KINDS, Context


def nav(ctx: Context) -> list[NavItem]:
    """MkDocs' nav for the pages this view has, labels in this language."""
    t, text, view = ctx.t, ctx.text, ctx.view
    items: list[NavItem] = [{escape_title(t("home")): urls.HOME}]
    if view.internal:
        items.append({escape_title(t("agent_home.customers")): urls.CUSTOMER_HOME})
    faq_sections: list[NavItem] = []
    for _stage, title, cats in ctx.stage_groups():
        faq_sections.append(
            {escape_title(title): [{text.title(c.category.title): urls.faq_page(c.category.id)} for c in cats]}
        )
    if faq_sections:
        items.append({escape_title(t("questions")): faq_sections})
    items.append({escape_title(t("commitments")): urls.COMMITMENTS})
    if view.performance and not view.internal:
        items.append({escape_title(t("perf.title")): urls.PERFORMANCE})
    items.append({escape_title(t("contact")): urls.CONTACT})
    if view.playbooks:
        kinds: list[NavItem] = [urls.PLAYBOOKS]
        for kind in PLAYBOOK_KINDS:
            books = [p for p in view.playbooks if p.kind == kind]
            if books:
                kinds.append(
                    {escape_title(t(f"kind.{kind}")): [{text.title(p.title): urls.playbook_page(p.id)} for p in books]}
                )
        items.append({escape_title(t("playbooks")): kinds})
    if view.internal:
        channels: list[NavItem] = [{text.title(c.name): urls.channel_standards_page(c.id)} for c in view.channels]
        items.append({escape_title(t("standards_matrix")): [urls.STANDARDS, *channels]})
        if view.performance:
            results = sorted({s for m in view.performance for s in m.standards})
            pages = [urls.performance_page(s, internal=True)[0] for s in results]
            items.append({escape_title(t("perf.internal_title")): [urls.PERFORMANCE, *pages]})
        items.append({escape_title(t("replies")): urls.REPLIES})
        items.append({escape_title(t("review")): urls.REVIEW})
        items.append({escape_title(t("editors")): [urls.FIELD_REFERENCE, urls.CODE_REFERENCE]})
    return items
