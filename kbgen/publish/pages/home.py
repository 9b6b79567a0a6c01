"""The home page: categories by stage, featured questions, the first channels."""

from __future__ import annotations

from typing import TypedDict

from kbgen import urls
from kbgen.publish.links import by_reach
from kbgen.publish.pages.base import Page
from kbgen.publish.pages.context import ChannelRow, Context

# Channels that are not a way to reach a person: left off the home page's short list
HIDDEN_KINDS = ("self-service", "status-page", "postal")


class CategoryEntry(TypedDict):
    """One category on the home page, with a link and its number of FAQs."""

    title: str
    link: str
    description: str
    count: int


class StageGroup(TypedDict):
    """The home page's categories of one stage."""

    title: str
    categories: list[CategoryEntry]


class Featured(TypedDict):
    """A featured question on the home page, linking to its answer."""

    question: str
    link: str


class HomeContext(TypedDict):
    """What the `home` template receives: the site's front page."""

    org: str
    groups: list[StageGroup]
    featured: list[Featured]
    channels: list[ChannelRow]
    internal: bool


def home(ctx: Context) -> Page:
    """The site's front page (template `home`)."""
    page = urls.HOME
    view, text = ctx.view, ctx.text
    featured = [(cat, faq) for cat in view.categories for faq in cat.faqs if faq.featured]
    groups: list[StageGroup] = [
        {
            "title": title,
            "categories": [
                {
                    "title": text.inline(c.category.title),
                    "link": urls.relative(page, urls.faq_page(c.category.id)),
                    "description": text.inline(c.category.description),
                    "count": len(c.faqs),
                }
                for c in cats
            ],
        }
        for _stage, title, cats in ctx.stage_groups()
    ]
    context: HomeContext = {
        "org": text.inline(view.organization),
        "groups": groups,
        "featured": [
            {
                "question": text.inline(f.question),
                "link": urls.relative(page, urls.faq_page(c.category.id), urls.anchor(f.id)),
            }
            for c, f in featured
        ],
        "channels": [ctx.channel_row(c) for c in by_reach(view.channels) if c.kind not in HIDDEN_KINDS][:6],
        "internal": view.internal,
    }
    meta = {"title": text.title(view.organization), "kbgen_page": "home", "hide": ["navigation", "toc"]}
    return ctx.page(page, "home", meta, context)
