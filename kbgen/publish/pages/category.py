"""A category's page: its FAQs with answers and related links, and the FAQPage structured data."""

from __future__ import annotations

from typing import Any, TypedDict

from kbgen import urls
from kbgen.audience import is_public
from kbgen.publish.links import people
from kbgen.publish.pages.base import Page, escape_title
from kbgen.publish.pages.context import ChannelRow, Context
from kbgen.publish.text import escape_inline, plain_text, script_json
from kbgen.publish.views import CategoryView
from kbgen.read.refs import find_refs


class FaqBlock(TypedDict):
    """One FAQ on its category's page: question, answer and related links, rendered."""

    id: str
    question: str
    answer: str
    related: list[str]
    reviewed: str
    fallback: bool
    tags: str
    results: list[str]
    share: str
    share_title: str


class CategoryContext(TypedDict):
    """What the `category` template receives: one category's page."""

    title: str
    description: str
    faqs: list[FaqBlock]
    note: str
    helpful: list[ChannelRow]


def results_links(ctx: Context, answer: str, page: str) -> list[str]:
    """Links to the results of each standard the answer quotes (`{std:ID}`) that has published results."""
    measured = {s for month in ctx.view.performance for s in month.standards}
    links = []
    for std_id in dict.fromkeys(r.id for r in find_refs(answer) if r.kind == "std"):
        if std_id in measured and std_id in ctx.text.standards:
            target, fragment = urls.performance_page(std_id, ctx.view.internal)
            title = ctx.text.inline(ctx.text.standards[std_id].title)
            links.append(f"[{escape_inline(title)}]({urls.relative(page, target, fragment)})")
    return links


def category(ctx: Context, cat: CategoryView) -> Page:
    """One category's page (template `category`)."""
    text = ctx.text
    page = urls.faq_page(cat.category.id)
    blocks: list[FaqBlock] = []
    entities = []
    for faq in cat.faqs:
        related = []
        for rel in faq.related:
            related.extend(ctx.related_link(rel, page))
        blocks.append(
            FaqBlock(
                id=faq.id,
                question=text.inline(faq.question),
                answer=text.markdown(faq.answer, page),
                related=related,
                reviewed=ctx.words.date(faq.reviewed) if faq.reviewed else "",
                fallback=bool(ctx.fallback_note(faq.question, faq.answer)),
                tags=" ".join(escape_title(ctx.text.get(t)) for t in faq.tags),
                results=results_links(ctx, text.get(faq.answer), page),
                share=urls.permanent_from(page, faq.id),
                share_title=escape_title(plain_text(text.inline(faq.question))),
            )
        )
        entities.append(
            {
                "@type": "Question",
                "name": plain_text(text.inline(faq.question)),
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(text.markdown(faq.answer, None))},
            }
        )
    jsonld = script_json({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities})
    helpful = [ctx.channel_row(c) for c in people([c for c in ctx.view.channels if is_public(c.audience)])][:4]
    meta: dict[str, Any] = {
        "title": text.title(cat.category.title),
        "kbgen_jsonld": jsonld,
        "kbgen_page": "category",
        **({"description": plain_text(text.inline(cat.category.description))} if cat.category.description else {}),
    }
    context: CategoryContext = {
        "title": text.inline(cat.category.title),
        "description": text.markdown(cat.category.description, page),
        "faqs": blocks,
        "note": ctx.t("no_translation", language=ctx.words.language_name(ctx.view.default_language)),
        "helpful": helpful,
    }
    return ctx.page(page, "category", meta, context)
