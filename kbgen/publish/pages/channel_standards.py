"""The agents' standards by channel: one page per channel with every standard that applies to it
(its own and those for every channel), and the lines both these pages and the matrix show."""

from __future__ import annotations

from typing import TypedDict

from kbgen import urls
from kbgen.publish.pages.base import Page, escape_title
from kbgen.publish.pages.context import ChannelRow, Context
from kbgen.publish.pages.standard_row import StandardRow
from kbgen.publish.text import plain_text
from kbgen.read.scalars import Duration
from kbgen.read.schema import Channel, Standard


class StandardLine(TypedDict):
    """A standard on the agents' standards pages: its row, its metric in words, its target with the
    share of cases it promises, and its clock (both only for a time: a share of calls or a score
    is counted on no clock, and its cases are all of them)."""

    row: StandardRow
    metric: str
    target: str
    clock: str
    link: str


class ChannelStandardsContext(TypedDict):
    """What the `channel_standards` template receives: one channel and the standards for it."""

    title: str
    channel: ChannelRow
    contact_link: str
    own: list[StandardLine]
    general: list[StandardLine]
    matrix_link: str


def standard_line(ctx: Context, std: Standard, page: str) -> StandardLine:
    """A standard as the agents' standards pages show it; links relative to `page`."""
    row = ctx.standard_row(std, page)
    timed = isinstance(std.target, Duration)
    target = row["target"]
    clock = ""
    if timed:
        target = (
            ctx.t("target.cases", target=target, goal=row["goal"])
            if std.statistic == "share"
            else (f"{target} ({row['goal']})")
        )
        calendar = ctx.view.calendars.get(std.clock)
        if std.clock == "24x7":
            clock = ctx.t("hours.always")
        elif calendar is not None and calendar.title is not None:
            where = urls.relative(page, urls.CONTACT, urls.anchor(f"calendar-{calendar.id}"))
            clock = f"[{ctx.text.inline(calendar.title)}]({where})"
        else:
            clock = row["clock"]
    return {
        "row": row,
        "metric": ctx.t(f"metric.{std.metric}"),
        "target": target,
        "clock": clock,
        "link": urls.relative(page, urls.STANDARDS, urls.anchor(std.id)),
    }


def standards_for(ctx: Context, channel: Channel) -> tuple[list[Standard], list[Standard]]:
    """The standards that apply to `channel`: those that name it, and those for every channel
    (`all_channels`), internal targets included. A standard that names no channel and does not say
    all_channels (a delivery time, a refund) is not a channel's standard."""
    own = [s for s in ctx.view.standards if channel.id in s.channels]
    general = [s for s in ctx.view.standards if s.all_channels and channel.id not in s.channels]
    return own, general


def channel_standards(ctx: Context) -> list[Page]:
    """One page per channel of the agents' site (template `channel_standards`)."""
    pages = []
    for channel in ctx.view.channels:
        page = urls.channel_standards_page(channel.id)
        own, general = standards_for(ctx, channel)
        title = ctx.t("channel_standards.title", channel=ctx.text.inline(channel.name))
        plain = ctx.t("channel_standards.title", channel=plain_text(ctx.text.inline(channel.name)))
        context: ChannelStandardsContext = {
            "title": title,
            "channel": ctx.channel_row(channel),
            "contact_link": urls.relative(page, urls.CONTACT, urls.anchor(channel.id)),
            "own": [standard_line(ctx, s, page) for s in own],
            "general": [standard_line(ctx, s, page) for s in general],
            "matrix_link": urls.relative(page, urls.STANDARDS),
        }
        meta = {"title": escape_title(plain), "hide": ["toc"]}
        pages.append(ctx.page(page, "channel_standards", meta, context))
    return pages


def standards_links(ctx: Context, page: str) -> dict[str, str]:
    """Each channel's standards page, by channel ID, linked from `page` (agents' site only)."""
    if not ctx.view.internal:
        return {}
    return {c.id: urls.relative(page, urls.channel_standards_page(c.id)) for c in ctx.view.channels}
