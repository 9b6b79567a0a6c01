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
    custom_stages: bool


def home(ctx: Context, page: str = urls.HOME) -> Page:
    """The customers' front page (template `home`): the public site's home, and on the agents'
    site the page at `page` that shows agents what customers see."""
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
        "channels": [
            ctx.channel_row(c) for c in by_reach(view.channels) if c.kind not in HIDDEN_KINDS and not c.outbound
        ][:6],
        "internal": view.internal,
        "custom_stages": view.custom_stages,
    }
    meta = {"title": text.title(view.organization), "hide": ["navigation", "toc"]}
    if page == urls.HOME:
        meta["kbgen_page"] = "home"
    return ctx.page(page, "home", meta, context)
