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

In `1d4h` the days come first, then the hours are counted from there.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from kbgen.read.scalars import DAYS, Duration

if TYPE_CHECKING:
    from kbgen.read.model import KnowledgeBase
    from kbgen.read.schema import Calendar

ALWAYS = "24x7"
ZERO = timedelta(0)
ONE_DAY = timedelta(days=1)
MIDNIGHT = time()
NOON = time(12)
SAMPLE_DAYS = 4  # offsets are sampled this often to find clock changes
LAST_YEAR = 9990  # searches for open time give up here rather than loop towards date.max
FAST_DAYS = 28  # spans of at least this many days are summed by whole weeks

Range = tuple[int, int]  # minutes from local midnight: 0 <= start < end <= 1440


@lru_cache(maxsize=1024)
def _public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The public holidays of one year, as the holidays package knows them (observed days included)."""
    try:
        found = holidays_lib.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError as exc:
        raise ValueError(f"the holidays package does not know {country} {subdivision or ''}".strip()) from exc
    return frozenset(d for d in found if d.year == year)


@lru_cache(maxsize=1024)
def _offset_change_days(zone: ZoneInfo, year: int) -> frozenset[date]:
    """Days of `year` that may hold a UTC-offset change: their open time is computed, not looked up.

    Offsets are sampled at local noon every few days, then every day where
    they differ; a change between two noons marks both days. (Between 1970
    and 2040 no zone of tzdata changes its offset twice within 7 days.)
    """
    first = date(year, 1, 1) - ONE_DAY if year > 1 else date(year, 1, 1)
    last = date(year, 12, 31) + ONE_DAY if year < 9999 else date(year, 12, 31)

    def offset(day: date) -> timedelta | None:
        return zone.utcoffset(datetime.combine(day, NOON))

    marked: set[date] = set()
    day, before = first, offset(first)
    while day < last:
        step = min(SAMPLE_DAYS, (last - day).days)
        ahead = day + timedelta(days=step)
        later = offset(ahead)
        if later != before:
            for i in range(step):
                one, two = day + timedelta(days=i), day + timedelta(days=i + 1)
                if offset(one) != offset(two):
                    marked.update((one, two))
        day, before = ahead, later
    return frozenset(d for d in marked if d.year == year)


def _transition(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """The instant between `before` and `after` (UTC) at which the zone's offset changes to `after`'s."""
    low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
    target = after.astimezone(zone).utcoffset()
    while high - low > 1:  # transitions fall on whole seconds
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, UTC).astimezone(zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def _utc(instant: datetime, name: str) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"{name} is a naive datetime ({instant.isoformat()}): give it a time zone")
    return instant.astimezone(UTC)


@dataclass(frozen=True)
class BusinessCalendar:
    """When a clock runs: weekly hours in a time zone, minus closed days.

    `week` has seven entries, Monday first, each the day's sorted, disjoint
    ranges in minutes from local midnight (`(420, 1200)` is 07:00-20:00).
    """

    timezone: ZoneInfo
    week: tuple[tuple[Range, ...], ...]
    holidays: frozenset[date] = frozenset()
    country: str | None = None
    subdivision: str | None = None
    _closed_years: dict[int, frozenset[date]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.week) != 7:
            raise ValueError(f"a week has 7 days, got {len(self.week)}")
        for ranges in self.week:
            previous_end = 0
            for start, end in ranges:
                if not previous_end <= start < end <= 1440:
                    raise ValueError(f"ranges must be sorted, disjoint and within 00:00-24:00, got {ranges}")
                previous_end = end

    @classmethod
    def always_open(cls, timezone: str | ZoneInfo = "UTC") -> BusinessCalendar:
        """The `24x7` clock in a time zone."""
        zone = timezone if isinstance(timezone, ZoneInfo) else ZoneInfo(timezone)
        return cls(zone, tuple(((0, 1440),) for _ in DAYS))

    @classmethod
    def of(
        cls,
        timezone: str,
        week: Mapping[str, Iterable[Range]],
        holidays: Iterable[date] = (),
        country: str | None = None,
        subdivision: str | None = None,
    ) -> BusinessCalendar:
        """A calendar from day names (`mon` ... `sun`) mapped to ranges in minutes."""
        unknown = set(week) - set(DAYS)
        if unknown:
            raise ValueError(f"unknown days {sorted(unknown)}: days are {', '.join(DAYS)}")
        days = tuple(tuple(sorted(week.get(day, ()))) for day in DAYS)
        return cls(ZoneInfo(timezone), days, frozenset(holidays), country, subdivision)

    # --- facts derived once --------------------------------------------------

    @cached_property
    def _nominal(self) -> tuple[timedelta, ...]:
        """Open time of each weekday when no clock change happens that day."""
        return tuple(timedelta(minutes=sum(e - s for s, e in ranges)) for ranges in self.week)

    @cached_property
    def weekly_open_time(self) -> timedelta:
        """Open time of a week without holidays or clock changes."""
        return sum(self._nominal, ZERO)

    @cached_property
    def open_weekdays(self) -> int:
        """How many weekdays have hours: the number of open days in one open week (`1w`)."""
        return sum(1 for ranges in self.week if ranges)

    # --- days ----------------------------------------------------------------

    def closed(self, day: date) -> bool:
        """Whether `day` is an extra holiday or a public holiday (regardless of the weekly hours)."""
        year = self._closed_years.get(day.year)
        if year is None:
            extra = {d for d in self.holidays if d.year == day.year}
            public = _public_holidays(self.country, self.subdivision, day.year) if self.country else frozenset()
            year = self._closed_years[day.year] = frozenset(extra | public)
        return day in year

    def _at(self, day: date, since_midnight: timedelta) -> datetime:
        """The first instant (UTC) at which the local clock shows `since_midnight` on `day`."""
        naive = datetime.combine(day, MIDNIGHT) + since_midnight
        after = naive.replace(tzinfo=self.timezone).astimezone(UTC)  # fold=0: the first of two, if twice
        if after.astimezone(self.timezone).replace(tzinfo=None) == naive:
            return after
        # The clock skips `naive`: it is reached at the jump, which lies between the two readings of it.
        return _transition(self.timezone, naive.replace(tzinfo=self.timezone, fold=1).astimezone(UTC), after)

    def _reading(self, instant: datetime) -> datetime:
        """The highest local time the clock has shown by `instant` (naive).

        In a repeated hour that is the time the clock went back from, so it never decreases.
        """
        local = instant.astimezone(self.timezone)
        if not local.fold:
            return local.replace(tzinfo=None)
        first = local.replace(fold=0)
        jump = _transition(self.timezone, first.astimezone(UTC), instant)
        return (
            jump.astimezone(self.timezone).replace(tzinfo=None)
            + (first.utcoffset() or ZERO)
            - (local.utcoffset() or ZERO)
        )

    def _intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The open stretches of `day`, in UTC, empty ones left out."""
        if self.closed(day):
            return []
        spans = [
            (self._at(day, timedelta(minutes=s)), self._at(day, timedelta(minutes=e)))
            for s, e in self.week[day.weekday()]
        ]
        return [(s, e) for s, e in spans if s < e]

    def _irregular(self, day: date) -> bool:
        return day in _offset_change_days(self.timezone, day.year)

    def _day_open(self, day: date) -> timedelta:
        """All the open time of `day`."""
        nominal = self._nominal[day.weekday()]
        if not nominal or self.closed(day):
            return ZERO
        if self._irregular(day):
            return sum((e - s for s, e in self._intervals(day)), ZERO)
        return nominal

    def _day_of(self, instant: datetime) -> date:
        """The day whose stretch from its 00:00 to the next 00:00 holds `instant`."""
        local = instant.astimezone(self.timezone).date()
        return local + ONE_DAY if instant >= self._at(local + ONE_DAY, ZERO) else local

    def _sum_days(self, first: date, stop: date) -> timedelta:
        """Open time of the days `first` up to, not including, `stop`."""
        count = (stop - first).days
        if count < FAST_DAYS:
            return sum((self._day_open(first + timedelta(days=i)) for i in range(count)), ZERO)
        weeks, rest = divmod(count, 7)
        total = self.weekly_open_time * weeks
        total += sum((self._nominal[(first.weekday() + i) % 7] for i in range(rest)), ZERO)
        for day in self._exceptions(first, stop):
            total += self._day_open(day) - self._nominal[day.weekday()]
        return total

    def _count_open_days(self, first: date, stop: date) -> int:
        """How many of the days `first` up to, not including, `stop` have open time."""
        count = (stop - first).days
        if count < FAST_DAYS:
            return sum(1 for i in range(count) if self._day_open(first + timedelta(days=i)))
        weeks, rest = divmod(count, 7)
        total = self.open_weekdays * weeks + sum(1 for i in range(rest) if self.week[(first.weekday() + i) % 7])
        for day in self._exceptions(first, stop):
            total -= bool(self._nominal[day.weekday()]) and not self._day_open(day)
        return total

    def _exceptions(self, first: date, stop: date) -> set[date]:
        """The days in [first, stop) whose open time may differ from their weekday's: closed or clock-change."""
        found: set[date] = set()
        for year in range(first.year, (stop - ONE_DAY).year + 1):
            self.closed(date(year, 1, 1))  # fills the year's closed days
            candidates = self._closed_years[year] | _offset_change_days(self.timezone, year)
            found.update(d for d in candidates if first <= d < stop)
        return found

    # --- instants ------------------------------------------------------------

    def _open_before(self, instant: datetime) -> timedelta:
        """Open time of the day of `instant`, up to `instant`."""
        intervals = self._intervals(self._day_of(instant))
        return sum((min(e, instant) - s for s, e in intervals if s < instant), ZERO)

    def _next_open(self, instant: datetime) -> datetime:
        """`instant` when it is open, else the next opening."""
        day = self._day_of(instant)
        for s, e in self._intervals(day):
            if instant < e:
                return max(s, instant)
        while True:
            day = self._next_day(day)
            intervals = self._intervals(day) if self._day_open(day) else []
            if intervals:
                return intervals[0][0]

    def _next_day(self, day: date) -> date:
        """The day after `day`, refusing to search on for ever."""
        return _guard(day) + ONE_DAY


def _guard(day: date) -> date:
    if day.year >= LAST_YEAR:
        raise ValueError(f"no open time on this calendar before {LAST_YEAR}")
    return day


def is_open(calendar: BusinessCalendar, instant: datetime) -> bool:
    """Whether the calendar is open at `instant` (aware)."""
    at = _utc(instant, "instant")
    return any(s <= at < e for s, e in calendar._intervals(calendar._day_of(at)))


def business_time(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Open time from `start` to `end` (aware instants); zero when `end` is not after `start`.

    Days are summed by whole weeks, so years cost no more than their holidays.
    """
    a, b = _utc(start, "start"), _utc(end, "end")
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
    at = _utc(start, "start")
    if isinstance(duration, timedelta):
        weeks, days, clock = 0, 0, duration
    else:
        weeks, days, clock = duration.weeks, duration.days, timedelta(seconds=duration.clock_seconds)
    if clock < ZERO or days < 0 or weeks < 0:
        raise ValueError(f"a duration cannot be negative, got {duration}")
    if (weeks or days or clock) and not calendar.weekly_open_time:
        raise ValueError("this calendar is never open: no duration of business time ever elapses on it")
    days += weeks * calendar.open_weekdays
    if days:
        at = _add_days(calendar, at, days)
    if clock:
        at = _add_open_time(calendar, at, clock)
    return at.astimezone(calendar.timezone)


def _add_days(cal: BusinessCalendar, at: datetime, count: int) -> datetime:
    """The same time of day `count` open days later, counting from the next opening."""
    opening = cal._next_open(at)
    day = cal._day_of(opening)
    wall = cal._reading(opening) - datetime.combine(day, MIDNIGHT)
    wall = min(max(wall, ZERO), ONE_DAY)
    while count > 2 * cal.open_weekdays:  # skip whole weeks: they hold at most `open_weekdays` open days each
        stop = day + timedelta(weeks=count // cal.open_weekdays - 1) + ONE_DAY
        count -= cal._count_open_days(day + ONE_DAY, stop)
        day = _guard(stop - ONE_DAY)
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
                day = _guard(day + timedelta(weeks=weeks))
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
    """The engine's calendar for a validated `kb.yml` calendar."""
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
