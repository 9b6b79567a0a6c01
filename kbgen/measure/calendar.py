"""A kbgen calendar as business time needs it: open ranges per weekday, closed days, clock changes.

What the ranges and closed days mean, and how durations count on them, is told in
kbgen.measure.business_time, the public API over this module.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays as holidays_lib

from kbgen.read.scalars import DAYS

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


def as_utc(instant: datetime, name: str) -> datetime:
    """`instant` in UTC; a naive datetime (no time zone) is refused with `name` in the message."""
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
    # Each day's open stretches once computed: measuring cases asks for the same days again and again.
    _stretches: dict[date, tuple[tuple[datetime, datetime], ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

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

    def _intervals(self, day: date) -> tuple[tuple[datetime, datetime], ...]:
        """The open stretches of `day`, in UTC, empty ones left out."""
        known = self._stretches.get(day)
        if known is not None:
            return known
        if self.closed(day):
            found: tuple[tuple[datetime, datetime], ...] = ()
        else:
            spans = [
                (self._at(day, timedelta(minutes=s)), self._at(day, timedelta(minutes=e)))
                for s, e in self.week[day.weekday()]
            ]
            found = tuple((s, e) for s, e in spans if s < e)
        if len(self._stretches) > 100_000:  # years of days; a search over centuries must not keep them all
            self._stretches.clear()
        self._stretches[day] = found
        return found

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
        return guard_year(day) + ONE_DAY


def guard_year(day: date) -> date:
    """`day`, unless a search for open time has run on to LAST_YEAR: then the calendar has none."""
    if day.year >= LAST_YEAR:
        raise ValueError(f"no open time on this calendar before {LAST_YEAR}")
    return day
