"""Results of the standards: the public "¿Cumplimos lo que prometemos?" page, and what the internal
pages share with it (a period's figures and the method, in words).

Every table is HTML with header scopes: a row's period is its `th scope="row"`. A share's bar is
an SVG drawn beside the number (hidden from screen readers, which read the number).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import TypedDict

from kbgen import urls
from kbgen.publish.pages.base import Page
from kbgen.publish.pages.context import Context
from kbgen.read.performance import MonthFile, Period, StandardResult
from kbgen.read.scalars import Duration, Percent
from kbgen.read.schema import Standard, Text

RATE_METRICS = ("abandonment", "answered")


class PeriodRow(TypedDict):
    """One period of one standard in words: the cells of a results table."""

    period: str
    n: str
    share: str
    bar: str
    goal: str
    kept: str
    few: bool
    p50: str
    p90: str
    p95: str
    unmeasurable: str


class PublicResult(TypedDict):
    """One public standard on the public results page."""

    id: str
    title: str
    promise: str
    last: str
    rows: list[PeriodRow]
    method: list[str]
    headers: list[str]


class PublicContext(TypedDict):
    """What the `performance` template receives."""

    title: str
    intro: str
    standards: list[PublicResult]


def share_header(ctx: Context, metric: str) -> str:
    """The share column's heading: cases within the target, or calls abandoned or answered."""
    return ctx.t(f"perf.share.{metric}" if metric in RATE_METRICS else "perf.share")


def results_by_standard(view_months: list[MonthFile]) -> dict[str, list[tuple[MonthFile, StandardResult]]]:
    """Every standard's results, oldest month first."""
    found: dict[str, list[tuple[MonthFile, StandardResult]]] = {}
    for month in view_months:
        for std_id, result in month.standards.items():
            found.setdefault(std_id, []).append((month, result))
    return found


def period_name(ctx: Context, name: str) -> str:
    """A month ("noviembre de 2026") or an ISO week ("2026-W45") in words."""
    if "-W" in name:
        year, week = name.split("-W")
        return ctx.t("perf.week", week=str(int(week)), year=year)
    year, month = name.split("-")
    return ctx.words.month(int(year), int(month))


def duration_words(ctx: Context, seconds: int | None, business: bool) -> str:
    """Open time in words, to the second ("1 hora y 5 minutos"); "—" when there is none."""
    if seconds is None:
        return "—"
    if seconds == 0:
        return ctx.t("perf.zero")
    hours, rest = divmod(seconds, 3600)
    return ctx.words.duration(Duration(hours=hours, minutes=rest // 60, seconds=rest % 60), business)


def short_duration(ctx: Context, seconds: int | None) -> str:
    """Open time for a table cell ("8 min 46 s"); "—" when there is none."""
    if seconds is None:
        return "—"
    return ctx.words.short_duration(seconds) if seconds else ctx.t("perf.zero")


def capitalized(text: str) -> str:
    """`text` with its first letter in capitals, as a table row or a sentence starts."""
    return text[:1].upper() + text[1:]


def bar(share: float | None, goal: float | None) -> str:
    """An inline bar of `share` (0-100) with a mark at the goal, hidden from assistive technology."""
    if share is None:
        return ""
    width = max(0.0, min(100.0, share))
    mark = ""
    if goal is not None:
        mark = f'<path class="kb-bar-goal" d="M{goal:g} 0V10"></path>'
    return (
        '<svg class="kb-bar" viewBox="0 0 100 10" width="100" height="10" aria-hidden="true">'
        f'<path class="kb-bar-track" d="M0 3H100V7H0Z"></path><path d="M0 2H{width:g}V8H0Z"></path>{mark}</svg>'
    )


def period_row(ctx: Context, std: Standard, result: StandardResult, p: Period) -> PeriodRow:
    """A period's cells; below kb.yml's `min_cases` the share is "muy pocos casos" and no verdict is given."""
    few = p.n < ctx.view.min_cases
    share = "—" if p.share is None else ctx.words.percent(Percent(Decimal(str(p.share))))
    goal = "—" if result.goal is None else ctx.words.percent(Percent(Decimal(str(result.goal))))
    kept = "—" if p.goal_met is None else ctx.t("perf.kept" if p.goal_met else "perf.not_kept")
    reasons = [f"{ctx.t(f'reason.{r}')}: {n}" for r, n in p.unmeasurable.items()]
    return {
        "period": escape(capitalized(period_name(ctx, p.period))),
        "n": ctx.words.number(Decimal(p.n)),
        "share": ctx.t("perf.few") if few else share,
        "bar": "" if few else bar(p.share, result.goal),
        "goal": goal,
        "kept": "—" if few else kept,
        "few": few,
        "p50": short_duration(ctx, p.p50),
        "p90": short_duration(ctx, p.p90),
        "p95": short_duration(ctx, p.p95),
        "unmeasurable": escape("; ".join(reasons)) or "—",
    }


def method_words(ctx: Context, std: Standard, result: StandardResult, month: MonthFile) -> list[str]:
    """How the standard was measured, in sentences (Markdown), with the data source."""
    m = result.method
    lines = [ctx.t("perf.from_to", start=ctx.t(f"event.{m.start}"), stop=ctx.t(f"event.{m.stop}"))]
    lines.append(ctx.t("perf.clock", clock=ctx.clock_words(std.clock)))
    if m.pause:
        lines.append(ctx.t("perf.pause", statuses=", ".join(escape(p) for p in m.pause)))
    if m.abandon == "short_excluded":
        threshold = duration_words(ctx, m.short_abandon_seconds, False)
        lines.append(ctx.t("perf.abandon.short_excluded", threshold=threshold))
    elif m.abandon is not None:
        lines.append(ctx.t(f"perf.abandon.{m.abandon}"))
    if m.exclude_tags:
        lines.append(ctx.t("perf.exclude_tags", tags=", ".join(f"`{escape(t)}`" for t in m.exclude_tags)))
    if ctx.view.internal and result.metric not in RATE_METRICS:  # only agents see percentiles
        lines.append(ctx.t("perf.percentile_rule"))
    source = ctx.t(f"perf.source.{result.source}")
    first, last = ctx.words.date(month.first_day), ctx.words.date(month.last_day)
    lines.append(ctx.t("perf.source", source=source, first=first, last=last))
    return lines


def promise(ctx: Context, std: Standard) -> str:
    """The promise in words: "2 minutos en el 90 % de los casos", or the target alone for a share metric."""
    target = ctx.text.standard_words(std)
    if std.statistic != "share" or std.metric in RATE_METRICS:
        return target
    return f"{target} {ctx.words.goal(std.goal or Percent(Decimal(100)))}"


def performance_public(ctx: Context) -> Page:
    """The public results page (template `performance`): each public standard's promise, last full
    month and twelve months, with the method; no case IDs, names or averages."""
    page = urls.PERFORMANCE
    standards = {s.id: s for s in ctx.view.standards}
    out: list[PublicResult] = []
    for std_id, months in sorted(results_by_standard(ctx.view.performance).items()):
        std = standards[std_id]
        full = months  # the view holds the last full months, of standards with cases in them
        month, result = full[-1]
        last = period_row(ctx, std, result, result.month)
        row = ctx.standard_row(std, page)
        if last["few"]:
            summary = ctx.t("perf.last.few", month=last["period"], n=last["n"])
        else:
            summary = ctx.t("perf.last", month=last["period"], share=last["share"], n=last["n"], kept=last["kept"])
        out.append(
            {
                "id": std_id,
                "title": row["title"],
                "promise": promise(ctx, std),
                "last": summary,
                "rows": [period_row(ctx, std, r, r.month) for _m, r in reversed(full)],
                "method": method_words(ctx, std, result, month),
                "headers": [
                    ctx.t("perf.month"),
                    ctx.t("perf.cases"),
                    share_header(ctx, std.metric),
                    ctx.t("perf.goal"),
                    ctx.t("perf.kept_col"),
                ],
            }
        )
    title = ctx.t("perf.title")
    meta = {"title": ctx.text.title(Text({ctx.lang: title})), "description": ctx.t("perf.intro")}
    context: PublicContext = {"title": title, "intro": ctx.t("perf.intro"), "standards": out}
    return ctx.page(page, "performance", meta, context)
