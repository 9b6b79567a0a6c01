"""The agents' results pages: an index of every standard's latest month, and one page per standard
with its months, weeks, percentiles, cases not measured, breaches and the vendor differences."""

from __future__ import annotations

from html import escape
from typing import TypedDict

from kbgen import urls
from kbgen.publish.pages.base import Page
from kbgen.publish.pages.context import Context
from kbgen.publish.pages.performance import (
    RATE_METRICS,
    PeriodRow,
    capitalized,
    method_words,
    period_name,
    period_row,
    promise,
    results_by_standard,
    share_header,
)
from kbgen.read.performance import VendorReport
from kbgen.read.schema import Text

BREACHES_SHOWN = 200  # per month; the rest are counted


class IndexRow(TypedDict):
    """One standard on the internal results index: its latest month."""

    title: str
    link: str
    share: str
    row: PeriodRow


class MonthBlock(TypedDict):
    """One month of one standard: its figures, weeks and breaches."""

    name: str
    complete: bool
    rate: bool  # abandonment or answered: a share of calls, no case is a breach
    weeks: list[PeriodRow]
    breaches: list[str]
    more: int
    vendor: VendorReport | None
    method: list[str]


class StandardContext(TypedDict):
    """What the `performance_standard` template receives."""

    title: str
    promise: str
    months: list[PeriodRow]
    blocks: list[MonthBlock]
    headers: list[str]
    vendor_headers: list[str]


class IndexContext(TypedDict):
    """What the `performance_index` template receives."""

    title: str
    latest: str
    rows: list[IndexRow]
    headers: list[str]


def headers(ctx: Context, first: str) -> list[str]:
    """The columns of an internal results table, the period's first."""
    # Six columns fit 1280 px beside the agents' navigation: the goal beside the share, the three
    # percentiles in one cell
    keys = ("perf.cases", "perf.share_goal", "perf.kept_col", "perf.percentiles", "perf.unmeasured")
    return [first, *(ctx.t(k) for k in keys)]


def performance_internal(ctx: Context) -> list[Page]:
    """The internal results index and one page per standard with results."""
    standards = {s.id: s for s in ctx.view.standards}
    index: list[IndexRow] = []
    pages: list[Page] = []
    for std_id, months in sorted(results_by_standard(ctx.view.performance).items()):
        std = standards[std_id]
        page, _fragment = urls.performance_page(std_id, internal=True)
        row = ctx.standard_row(std, page)
        _latest_month, latest = months[-1]
        figures = period_row(ctx, std, latest, latest.month)
        rate = std.metric in RATE_METRICS and not figures["few"]
        index.append(
            {
                "title": ctx.text.title(std.title),
                "link": urls.html_link(urls.PERFORMANCE, page),
                "share": f"{figures['share']} ({share_header(ctx, std.metric).lower()})" if rate else figures["share"],
                "row": figures,
            }
        )
        blocks: list[MonthBlock] = []
        for month, result in reversed(months):
            breaches = [escape(b) for b in result.month.breaches]
            blocks.append(
                {
                    "name": escape(capitalized(period_name(ctx, month.month))),
                    "complete": month.complete,
                    "rate": std.metric in RATE_METRICS,
                    "weeks": [period_row(ctx, std, result, w) for w in result.weeks],
                    "breaches": breaches[:BREACHES_SHOWN],
                    "more": max(0, len(breaches) - BREACHES_SHOWN),
                    "vendor": result.vendor,
                    "method": method_words(ctx, std, result, month),
                }
            )
        vendor_headers = [
            ctx.t("perf.case"),
            ctx.t("perf.vendor.kbgen"),
            ctx.t("perf.vendor.theirs"),
            ctx.t("perf.vendor.diff"),
        ]
        columns = headers(ctx, ctx.t("perf.month"))
        columns[2] = share_header(ctx, std.metric)
        context: StandardContext = {
            "title": row["title"],
            "promise": promise(ctx, std),
            "months": [period_row(ctx, std, r, r.month) for _m, r in reversed(months)],
            "blocks": blocks,
            "headers": columns,
            "vendor_headers": vendor_headers,
        }
        meta = {"title": ctx.text.title(std.title)}
        pages.append(ctx.page(page, "performance_standard", meta, context))
    title = ctx.t("perf.internal_title")
    last = ctx.view.performance[-1].month if ctx.view.performance else ""
    index_headers = [ctx.t(k) for k in ("perf.standard", "perf.cases", "perf.result", "perf.goal", "perf.kept_col")]
    index_context: IndexContext = {
        "title": title,
        "latest": ctx.t("perf.latest", month=period_name(ctx, last)) if last else "",
        "rows": index,
        "headers": [*index_headers, ctx.t("perf.p90")],
    }
    meta = {"title": ctx.text.title(Text({ctx.lang: title}))}
    return [ctx.page(urls.PERFORMANCE, "performance_index", meta, index_context), *pages]
