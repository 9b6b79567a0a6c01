"""Outcomes into figures: per standard and period, the cases, the share met, percentiles, reasons.

Percentiles are nearest-rank: the p-th percentile of n sorted values is the value at rank
ceil(p × n / 100), so it is always one case's own figure (p50 of 1, 2, 3, 4 is 2).
A share is a percentage rounded to two decimals; whether the goal was met is decided on the
exact counts (met × 100 ≥ goal × n), never on the rounded share.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal
from fractions import Fraction

from kbgen.measure.outcome import REASONS, Outcome
from kbgen.read.performance import Period, VendorCase, VendorReport
from kbgen.read.scalars import Duration, Percent
from kbgen.read.schema import Standard

LARGEST = 20  # differences with the vendor's figures listed per standard
DIFFERENCE = 1.0  # minutes: a vendor figure further than this from kbgen's is reported


def percentile(sorted_values: list[int], p: int) -> int | None:
    """The nearest-rank p-th percentile of `sorted_values` (ascending); None when there are none."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(Fraction(p * len(sorted_values), 100)))
    return sorted_values[rank - 1]


def _share(part: int, whole: int) -> float | None:
    if not whole:
        return None
    return float(round(Decimal(part * 100) / Decimal(whole), 2))


def period_figures(std: Standard, name: str, outcomes: Iterable[Outcome], with_breaches: bool = True) -> Period:
    """One period's figures for `std` from its outcomes."""
    reasons: Counter[str] = Counter()
    measured: list[Outcome] = []
    for o in outcomes:
        if o.reason is None:
            measured.append(o)
        else:
            reasons[o.reason] += 1
    unmeasurable = {r: reasons[r] for r in REASONS if reasons[r]}
    n = len(measured)
    if std.metric in ("abandonment", "answered"):
        count = sum(1 for o in measured if (o.abandoned if std.metric == "abandonment" else o.answered))
        goal_met = None
        if n and isinstance(std.target, Percent):
            if std.at_most:
                goal_met = Decimal(count * 100) <= std.target.value * n
            else:
                goal_met = Decimal(count * 100) >= std.target.value * n
        return Period(period=name, n=n, met=count, share=_share(count, n), goal_met=goal_met, unmeasurable=unmeasurable)
    values = sorted(int(o.open.total_seconds()) for o in measured)
    met = sum(1 for o in measured if o.met)
    figures = Period(
        period=name,
        n=n,
        met=met,
        share=_share(met, n),
        goal_met=_goal_met(std, met, n, values),
        value_seconds=_statistic(std, values),
        p50=percentile(values, 50),
        p90=percentile(values, 90),
        p95=percentile(values, 95),
        unmeasurable=unmeasurable,
        breaches=sorted({o.case_id for o in measured if not o.met}) if with_breaches else [],
    )
    return figures


def _statistic(std: Standard, values: list[int]) -> int | None:
    if std.statistic == "share" or not values:
        return None
    if std.statistic == "average":
        return round(Fraction(sum(values), len(values)))
    if std.statistic == "median":
        return percentile(values, 50)
    return values[-1]


def _goal_met(std: Standard, met: int, n: int, values: list[int]) -> bool | None:
    if not n:
        return None
    if std.statistic == "share":
        goal = std.goal.value if std.goal is not None else Decimal(100)
        return Decimal(met * 100) >= goal * n
    value = _statistic(std, values)
    target = std.target
    if value is None or not isinstance(target, Duration):
        return None
    return value <= target.clock_seconds if not (target.days or target.weeks or target.calendar_months) else None


def goal_percent(std: Standard) -> float | None:
    """The goal as the files store it: a percentage for share standards (100 when none is written)."""
    if std.metric in ("abandonment", "answered"):
        return float(std.target.value) if isinstance(std.target, Percent) else None
    if std.statistic != "share":
        return None
    return float(std.goal.value) if std.goal is not None else 100.0


def vendor_report(pairs: list[tuple[str, timedelta, float]]) -> VendorReport | None:
    """How kbgen's open time (case ID, open time, vendor minutes) differs from the vendor's minutes."""
    if not pairs:
        return None
    rows = []
    for case_id, open_time, vendor in pairs:
        ours = round(open_time.total_seconds() / 60, 2)
        theirs = round(vendor, 2)
        rows.append((round(ours - theirs, 2), case_id, ours, theirs))
    differ = [r for r in rows if abs(r[0]) > DIFFERENCE]
    differ.sort(key=lambda r: (-abs(r[0]), r[1]))
    largest = [
        VendorCase(id=i, kbgen_minutes=o, vendor_minutes=t, difference_minutes=d) for d, i, o, t in differ[:LARGEST]
    ]
    return VendorReport(compared=len(rows), differ=len(differ), largest=largest)
