"""When a change gives customers less: the rules for targets, hours and scopes that `kbgen diff` flags as weaker.

Calendars are given by ID, as each side of the diff has them (`old_calendars` before,
`new_calendars` after).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from kbgen.read.scalars import Duration, Percent, Score
from kbgen.read.schema import Calendar, Standard

Calendars = dict[str, Calendar]


def _merged(ranges: Iterable[Any]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for r in sorted(ranges, key=lambda r: r.start):
        if out and r.start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], r.end))
        else:
            out.append((r.start, r.end))
    return out


def covers(outer: Calendar, inner: Calendar) -> bool:
    """Whether `outer` is open whenever `inner` is (holidays aside)."""
    for day, ranges in inner.week.items():
        spans = _merged(outer.week.get(day, []))
        for start, end in _merged(ranges):
            if not any(s <= start and end <= e for s, e in spans):
                return False
    return True


def _measure(duration: Duration, clock: str, calendars: dict[str, Calendar]) -> Decimal:
    """A duration as seconds of its clock's time: business days count as the calendar's average open day."""
    cal = calendars.get(clock)
    if cal is None or not cal.week:
        return Decimal(duration.total_seconds)
    days = len(cal.week)
    open_seconds = sum((r.end - r.start) * 60 for ranges in cal.week.values() for r in ranges)
    day = Decimal(open_seconds) / days
    # A calendar month holds 365.2425 / 12 / 7 weeks of the calendar's open time
    months = duration.calendar_months * Decimal(open_seconds) * Decimal("365.2425") / 12 / 7
    return (duration.weeks * days + duration.days) * day + duration.clock_seconds + months


def coverage(std: Standard) -> Decimal | None:
    """The share of cases a standard covers, when it is a share (max = every case)."""
    if std.statistic == "max":
        return Decimal(100)
    if std.statistic == "share":
        return std.goal.value if std.goal is not None else Decimal(100)
    return None


def narrower(before: Sequence[str], after: Sequence[str]) -> bool:
    """A scope list (empty = all) that now applies to fewer cases."""
    return bool(after) and (not before or set(after) < set(before))


def fewer_hours(before: str | None, after: str | None, old_calendars: Calendars, new_calendars: Calendars) -> bool:
    """Whether a channel moving from clock `before` to `after` is open less of the time.

    Leaving `24x7` always is; moving to it never is; a channel with no set hours on
    either side is not compared.
    """
    if before is None or after is None or after == "24x7":
        return False
    if before == "24x7":
        return True
    old, new = old_calendars.get(before), new_calendars.get(after)
    return old is not None and new is not None and not covers(new, old)


def target_weaker(a: Standard, b: Standard, old_calendars: Calendars, new_calendars: Calendars) -> bool:
    """Whether standard `b`'s target promises less than `a`'s.

    Weaker: the target removed; on the same clock, a longer time ceiling or a shorter
    floor; a ceiling of as much time or more moved to a clock open no more (24x7 to
    business hours, or a calendar open less); a percentage or score (against its
    scale) that moved up for `at_most`, down otherwise. Targets of another kind or
    direction are not comparable, so never weaker.
    """
    old, new = a.target, b.target
    if old is None:
        return False
    if new is None:
        return True
    if type(old) is not type(new) or a.at_most != b.at_most:
        return False  # a different kind of promise: not comparable
    if isinstance(old, Duration) and isinstance(new, Duration):
        if a.clock == b.clock:  # one yardstick: the calendar as it is now
            longer = _measure(new, b.clock, new_calendars) > _measure(old, a.clock, new_calendars)
            shorter = _measure(new, b.clock, new_calendars) < _measure(old, a.clock, new_calendars)
            return longer if b.at_most else shorter
        if not b.at_most:
            return False
        if a.clock == "24x7":  # business time never runs faster than the clock
            return new.total_seconds >= old.total_seconds
        if b.clock == "24x7":
            return False
        cal_a, cal_b = old_calendars.get(a.clock), new_calendars.get(b.clock)
        if cal_a is None or cal_b is None or new.total_seconds < old.total_seconds:
            return False
        # Another calendar open no more than the old one: the same time counts slower.
        return covers(cal_a, cal_b) and (new.total_seconds > old.total_seconds or not covers(cal_b, cal_a))
    if isinstance(old, Percent) and isinstance(new, Percent):
        return new.value > old.value if b.at_most else new.value < old.value
    if isinstance(old, Score) and isinstance(new, Score):
        before, after = old.value / old.scale, new.value / new.scale
        return after > before if b.at_most else after < before
    return False  # pragma: no cover
