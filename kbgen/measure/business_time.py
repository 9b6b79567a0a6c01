"""Business time on a kbgen calendar: open time between two instants, and due dates.

Groundwork for measuring standards: `business_time` says how much open time
lies between two instants, `due` when a duration of open time has elapsed.
The module is pure (stdlib, `holidays`, kbgen's own scalar types): it reads
no files and keeps only caches of holidays and time-zone transitions.

How a calendar's hours become instants
--------------------------------------
A range `"HH:MM-HH:MM"` of a day is open from the first moment the local
clock shows its start to the first moment it shows its end, so a shift is one
stretch of time even across a DST change: a time the clock skips (02:30 on a
spring-forward night) is reached when the clock jumps past it, and a time it
shows twice (autumn) is taken the first time. A range ending at `24:00` meets
the next day's `00:00`, so `24x7` is always open and its business time is
elapsed time (one hour from 01:30 to 03:30 on Madrid's spring-forward night).
A closed day (absent from `week`, an extra `holidays` date, or a public
holiday of `holidays_of` as the `holidays` package reports it, moved and
observed days included) has no open time.

Durations
---------
`s`, `m` and `h` count open time: `due` returns the earliest instant at which
that much open time has elapsed since `start`.

`d` counts open days (days with some open time): `Nd` is the same local time
of day on the Nth open day after the day of `start`; when `start` is outside
hours, it first moves to the next opening. When that time is not open on the
Nth open day, it moves to the next opening of that day, or back to the day's
last closing when none is left: a deadline between two open stretches means
the same open time either way, and the earliest one is shown.

`w` counts open weeks: one open week is as many open days as the calendar's
week has open weekdays (5 for mon-fri, 6 for mon-sat, 7 for 24x7). Without
holidays `1w` is therefore the same weekday and time a week later, and each
holiday on the way pushes it one open day further, as "5 días hábiles" would.
So `1w` always equals `5d` on a mon-fri calendar, and on `24x7` it is seven
calendar days (the same wall time, 168 h of elapsed time except across DST).

`mo` and `y` count calendar months and years, date to date as a charter's "1 mes"
or "un año" does (never 30 or 365 days): the same local date and time of day that
many months later (the month's last day when it is shorter, 31 January + 1mo is 28
or 29 February), then the next opening when that instant is closed (a Sunday, a
holiday). Months come first, then days, then hours: `1mo2d` is two open days after
the month.

In `1d4h` the days come first, then the hours are counted from there.

Calendars with `seasons` are refused by `from_model` (ValueError): the engine counts
one week of hours all year, and a season would be measured wrongly.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from kbgen.measure.calendar import ALWAYS, MIDNIGHT, ONE_DAY, ZERO, BusinessCalendar, as_utc, guard_year
from kbgen.read.scalars import Duration

if TYPE_CHECKING:
    from kbgen.read.model import KnowledgeBase
    from kbgen.read.schema import Calendar


def is_open(calendar: BusinessCalendar, instant: datetime) -> bool:
    """Whether the calendar is open at `instant` (aware)."""
    at = as_utc(instant, "instant")
    return any(s <= at < e for s, e in calendar._intervals(calendar._day_of(at)))


def business_time(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Open time from `start` to `end` (aware instants); zero when `end` is not after `start`.

    Days are summed by whole weeks, so years cost no more than their holidays.
    """
    a, b = as_utc(start, "start"), as_utc(end, "end")
    if b <= a:
        return ZERO
    day_a, day_b = calendar._day_of(a), calendar._day_of(b)
    return calendar._sum_days(day_a, day_b) - calendar._open_before(a) + calendar._open_before(b)


def due(calendar: BusinessCalendar, start: datetime, duration: Duration | timedelta) -> datetime:
    """When `duration` has elapsed from `start` on `calendar`, in the calendar's time zone.

    A `timedelta` is open time, like the `s`/`m`/`h` part of a `Duration`; the
    `d` and `w` parts count open days and weeks (see the module's docstring).
    Raises ValueError for a naive `start`, a negative duration, or a calendar
    never open. Compare or subtract the result in UTC (`.astimezone(UTC)`):
    Python compares datetimes sharing a tzinfo by their wall clocks, which
    goes wrong in a repeated hour.
    """
    at = as_utc(start, "start")
    months = 0
    if isinstance(duration, timedelta):
        weeks, days, clock = 0, 0, duration
    else:
        weeks, days, clock = duration.weeks, duration.days, timedelta(seconds=duration.clock_seconds)
        months = duration.calendar_months
    if clock < ZERO or days < 0 or weeks < 0 or months < 0:
        raise ValueError(f"a duration cannot be negative, got {duration}")
    if (weeks or days or clock or months) and not calendar.weekly_open_time:
        raise ValueError("this calendar is never open: no duration of business time ever elapses on it")
    if months:
        at = _add_months(calendar, at, months)
    days += weeks * calendar.open_weekdays
    if days:
        at = _add_days(calendar, at, days)
    if clock:
        at = _add_open_time(calendar, at, clock)
    return at.astimezone(calendar.timezone)


def _add_months(cal: BusinessCalendar, at: datetime, count: int) -> datetime:
    """The same local date and time `count` calendar months later (clamped to the month's last day),
    or the next opening after it."""
    local = at.astimezone(cal.timezone)
    years, month_index = divmod(local.month - 1 + count, 12)
    year, month = local.year + years, month_index + 1
    guard_year(date(min(year, 9999), 1, 1))
    day = min(local.day, monthrange(year, month)[1])
    moved = local.replace(year=year, month=month, day=day)
    return cal._next_open(as_utc(moved, "start"))


def _add_days(cal: BusinessCalendar, at: datetime, count: int) -> datetime:
    """The same time of day `count` open days later, counting from the next opening."""
    opening = cal._next_open(at)
    day = cal._day_of(opening)
    wall = cal._reading(opening) - datetime.combine(day, MIDNIGHT)
    wall = min(max(wall, ZERO), ONE_DAY)
    while count > 2 * cal.open_weekdays:  # skip whole weeks: they hold at most `open_weekdays` open days each
        stop = day + timedelta(weeks=count // cal.open_weekdays - 1) + ONE_DAY
        count -= cal._count_open_days(day + ONE_DAY, stop)
        day = guard_year(stop - ONE_DAY)
    while count:
        day = cal._next_day(day)
        count -= bool(cal._day_open(day))
    target = cal._at(day, wall)
    intervals = cal._intervals(day)
    for s, e in intervals:
        if target < e:
            return max(s, target)
    return intervals[-1][1]


def _add_open_time(cal: BusinessCalendar, at: datetime, left: timedelta) -> datetime:
    """The earliest instant with `left` (> 0) of open time between `at` and it."""
    day = cal._day_of(at)
    for s, e in cal._intervals(day):
        s = max(s, at)
        if s < e:
            if left <= e - s:
                return s + left
            left -= e - s
    day = cal._next_day(day)
    week = cal.weekly_open_time
    while True:
        weeks = left // week - 1 if left > 3 * week else 0
        while weeks > 0:  # skip whole weeks, fewer if clock changes made them longer than usual
            total = cal._sum_days(day, day + timedelta(weeks=weeks))
            if total < left:
                left -= total
                day = guard_year(day + timedelta(weeks=weeks))
                break
            weeks //= 2
        else:
            today = cal._day_open(day)
            if left <= today:
                return _locate(cal, day, left)
            left -= today
            day = cal._next_day(day)


def _locate(cal: BusinessCalendar, day: date, left: timedelta) -> datetime:
    """The instant of `day` when `left` (at most the day's open time) has elapsed since it began."""
    intervals = cal._intervals(day)
    for s, e in intervals:
        if left <= e - s:
            return s + left
        left -= e - s
    return intervals[-1][1]  # pragma: no cover - callers pass at most the day's open time


# --- from kbgen's model --------------------------------------------------------


def from_model(calendar: Calendar) -> BusinessCalendar:
    """The engine's calendar for a validated `kb.yml` calendar (ValueError for one with seasons)."""
    if calendar.seasons:
        raise ValueError(f'calendar "{calendar.id}" has seasons, which business time does not count yet')
    of = calendar.holidays_of
    return BusinessCalendar.of(
        calendar.timezone,
        {day: [(r.start, r.end) for r in ranges] for day, ranges in calendar.week.items()},
        calendar.holidays,
        of.country if of else None,
        of.subdivision if of else None,
    )


def for_clock(kb: KnowledgeBase, clock: str, timezone: str = "UTC") -> BusinessCalendar:
    """The calendar a standard's `clock` names: `24x7` (in `timezone`) or a calendar ID of `kb.yml`."""
    if clock == ALWAYS:
        return BusinessCalendar.always_open(timezone)
    for calendar in kb.kb.calendars:
        if calendar.id == clock:
            return from_model(calendar)
    raise ValueError(f'no calendar "{clock}" in kb.yml: use 24x7 or one of {", ".join(_ids(kb.kb.calendars))}')


def _ids(calendars: Sequence[Calendar]) -> list[str]:
    return [c.id for c in calendars] or ["(none declared)"]
