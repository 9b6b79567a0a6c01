"""The business-time engine: worked examples checked by hand, DST edges, the model adapter and properties.

The default run keeps each property at 300 examples; the `slow` variant of the
inverse property runs 10,000.
"""

from __future__ import annotations

import itertools
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbgen.measure.business_time import business_time, due, for_clock, from_model, is_open
from kbgen.measure.calendar import BusinessCalendar
from kbgen.read.project import load_project
from kbgen.read.scalars import Duration, parse_duration

BOGOTA = ZoneInfo("America/Bogota")
MADRID = ZoneInfo("Europe/Madrid")
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
# kb.yml's example: mon-fri 07:00-20:00, sat 08:00-14:00, Colombia's holidays plus two closed days.
OFFICE = BusinessCalendar.of(
    "America/Bogota",
    {**{d: [(7 * 60, 20 * 60)] for d in WORKDAYS}, "sat": [(8 * 60, 14 * 60)]},
    [date(2026, 12, 25), date(2027, 1, 1)],
    country="CO",
)

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# make test runs the slow property with 2,000 examples; make thorough (KBGEN_THOROUGH=1) with 10,000.
SLOW = settings(
    max_examples=10_000 if os.environ.get("KBGEN_THOROUGH") == "1" else 2_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def bogota(*args: int) -> datetime:
    return datetime(*args, tzinfo=BOGOTA)  # type: ignore[arg-type, misc]


def madrid(*args: int) -> datetime:
    return datetime(*args, tzinfo=MADRID)  # type: ignore[arg-type, misc]


def elapsed(a: datetime, b: datetime) -> timedelta:
    """Real elapsed time: Python subtracts (and compares) datetimes of one tzinfo by their wall clocks."""
    return b.astimezone(UTC) - a.astimezone(UTC)


def hours(h: float) -> timedelta:
    return timedelta(hours=h)


# --- the worked examples ----------------------------------------------------------------------


def test_christmas_eve_to_monday() -> None:
    # Thu 24th 19:30-20:00 = 30m; Fri 25th closed (extra and CO); Sat 26th 08-14 = 6h;
    # Sun 27th closed; Mon 28th 07:00-07:45 = 45m. Total 7h15m.
    assert business_time(OFFICE, bogota(2026, 12, 24, 19, 30), bogota(2026, 12, 28, 7, 45)) == hours(7.25)


def test_new_year() -> None:
    # Thu 31st 19:00-20:00 = 1h; Fri Jan 1st closed; Sat 2nd 08-14 = 6h; Sun 3rd closed;
    # Mon 4th 07:00-09:00 = 2h (Epiphany is observed on Mon 11th in 2027). Total 9h.
    assert business_time(OFFICE, bogota(2026, 12, 31, 19), bogota(2027, 1, 4, 9)) == hours(9)


def test_observed_holiday() -> None:
    # Fri 13th 18:00-20:00 = 2h; Sat 14th 08-14 = 6h; Sun 15th closed; Mon 16th closed
    # (Independence of Cartagena, observed); Tue 17th 07:00-08:30 = 1h30m. Total 9h30m.
    assert business_time(OFFICE, bogota(2026, 11, 13, 18), bogota(2026, 11, 17, 8, 30)) == hours(9.5)


def test_24x7_across_spring_forward() -> None:
    # Madrid's clocks jump from 02:00 to 03:00 on 2026-03-29: 01:30 to 03:30 local is one hour.
    always = BusinessCalendar.always_open("Europe/Madrid")
    assert business_time(always, madrid(2026, 3, 29, 1, 30), madrid(2026, 3, 29, 3, 30)) == hours(1)


def test_due_inverts_the_worked_examples() -> None:
    assert due(OFFICE, bogota(2026, 12, 24, 19, 30), parse_duration("7h15m")) == bogota(2026, 12, 28, 7, 45)
    assert due(OFFICE, bogota(2026, 12, 31, 19), parse_duration("9h")) == bogota(2027, 1, 4, 9)
    assert due(OFFICE, bogota(2026, 11, 13, 18), timedelta(hours=9, minutes=30)) == bogota(2026, 11, 17, 8, 30)


def test_due_ends_at_a_closing_rather_than_the_next_opening() -> None:
    # Exactly the day's open time left: the deadline is Saturday's closing, not Monday's opening.
    assert due(OFFICE, bogota(2026, 12, 24, 19, 30), parse_duration("6h30m")) == bogota(2026, 12, 26, 14)


def test_nothing_before_start() -> None:
    assert business_time(OFFICE, bogota(2026, 12, 28, 9), bogota(2026, 12, 28, 8)) == timedelta(0)
    assert business_time(OFFICE, bogota(2026, 12, 28, 9), bogota(2026, 12, 28, 9)) == timedelta(0)


# --- calendar months and years ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # "1 mes": date to date. Mon 2026-11-02 10:00 + 1mo = Wed 2026-12-02 10:00 (open).
        (bogota(2026, 11, 2, 10), "1mo", bogota(2026, 12, 2, 10)),
        # 31 January + 1mo is the month's last day, Sat 28 February 2026: open 08-14, so 10:00 holds.
        (bogota(2026, 1, 31, 10), "1mo", bogota(2026, 2, 28, 10)),
        # ...at 16:00 it is after Saturday's closing: the next opening, Mon 2 March 07:00.
        (bogota(2026, 1, 31, 16), "1mo", bogota(2026, 3, 2, 7)),
        # "2 meses" landing on Christmas (closed) moves to Sat 26th 08:00.
        (bogota(2026, 10, 25, 7, 30), "2mo", bogota(2026, 12, 26, 8)),
        # "un año" from Thu 2026-12-24 09:00 is Fri 2027-12-24 09:00 (Christmas Eve 2027 is open).
        (bogota(2026, 12, 24, 9), "1y", bogota(2027, 12, 24, 9)),
        # "13 meses" = 1 year and 1 month, counted as months.
        (bogota(2026, 1, 15, 9), "13mo", due(OFFICE, bogota(2026, 1, 15, 9), parse_duration("1y1mo"))),
        # Months first, then open days: 2026-11-02 + 1mo = Wed 2 Dec, + 2 open days = Fri 4 Dec.
        (bogota(2026, 11, 2, 10), "1mo2d", bogota(2026, 12, 4, 10)),
    ],
)
def test_months_and_years_run_date_to_date(start: datetime, duration: str, expected: datetime) -> None:
    assert due(OFFICE, start, parse_duration(duration)) == expected


def test_months_on_24x7_are_calendar_months() -> None:
    always = BusinessCalendar.always_open("Europe/Madrid")
    # Not 30 days: 31 January + 1mo is 28 February, across no DST change; 1 March + 1mo crosses one.
    assert due(always, madrid(2026, 1, 31, 12), parse_duration("1mo")) == madrid(2026, 2, 28, 12)
    assert due(always, madrid(2026, 3, 1, 12), parse_duration("1mo")) == madrid(2026, 4, 1, 12)
    assert due(always, madrid(2024, 2, 29, 12), parse_duration("1y")) == madrid(2025, 2, 28, 12)


# --- days and weeks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # Same time on the next open day: Sat 26th 19:30 is after closing, so Saturday's closing.
        (bogota(2026, 12, 24, 19, 30), "1d", bogota(2026, 12, 26, 14)),
        # Two open days: Sat 26th, Mon 28th, at 19:30.
        (bogota(2026, 12, 24, 19, 30), "2d", bogota(2026, 12, 28, 19, 30)),
        # Fri 13th 18:00 + 2 open days: Sat 14th, (Mon 16th is a holiday) Tue 17th at 18:00.
        (bogota(2026, 11, 13, 18), "2d", bogota(2026, 11, 17, 18)),
        # Sunday is closed: count from the next opening, Tue 17th 07:00; one open day later is Wed 18th.
        (bogota(2026, 11, 15, 10), "1d", bogota(2026, 11, 18, 7)),
        # Before opening on a Saturday (08:00): one open day later is Mon 16th... a holiday, so Tue 17th 08:00.
        (bogota(2026, 11, 14, 6), "1d", bogota(2026, 11, 17, 8)),
        # A mon-sat week has 6 open days: Tue 10th + 1w = Wed 11 ... Sat 14, Tue 17, Wed 18 (Mon 16 is closed).
        (bogota(2026, 11, 10, 10), "1w", bogota(2026, 11, 18, 10)),
        # Without holidays in the way, 1w is the same time a week later.
        (bogota(2026, 11, 17, 10), "1w", bogota(2026, 11, 24, 10)),
        # Days, then hours: Sat 26th 14:00 (closing) + 4h = Mon 28th 11:00.
        (bogota(2026, 12, 24, 19, 30), "1d4h", bogota(2026, 12, 28, 11)),
    ],
)
def test_days_and_weeks(start: datetime, duration: str, expected: datetime) -> None:
    assert due(OFFICE, start, parse_duration(duration)) == expected


def test_a_lunch_break_moves_to_the_afternoon() -> None:
    split = BusinessCalendar.of("America/Bogota", {d: [(8 * 60, 13 * 60), (15 * 60, 19 * 60)] for d in WORKDAYS})
    # Mon 14:00 is in the break: next opening 15:00, one open day later Tue 15:00.
    assert due(split, bogota(2026, 11, 2, 14), parse_duration("1d")) == bogota(2026, 11, 3, 15)
    # 12:00 on Friday is open; Monday's 12:00 too.
    assert due(split, bogota(2026, 11, 6, 12), parse_duration("1d")) == bogota(2026, 11, 9, 12)
    assert business_time(split, bogota(2026, 11, 2, 12), bogota(2026, 11, 2, 16)) == hours(2)
    assert due(split, bogota(2026, 11, 2, 12), hours(1)) == bogota(2026, 11, 2, 13)
    assert due(split, bogota(2026, 11, 2, 12), hours(1.5)) == bogota(2026, 11, 2, 15, 30)


def test_24x7_days_keep_the_wall_clock() -> None:
    always = BusinessCalendar.always_open("Europe/Madrid")
    # 1d across the spring-forward night is the same wall time, 23 hours later.
    assert due(always, madrid(2026, 3, 28, 12), parse_duration("1d")) == madrid(2026, 3, 29, 12)
    assert due(always, madrid(2026, 3, 28, 12), parse_duration("1w")) == madrid(2026, 4, 4, 12)
    assert due(always, madrid(2026, 3, 28, 12), parse_duration("24h")) == madrid(2026, 3, 29, 13)


def test_days_in_a_repeated_hour() -> None:
    # On 2026-10-25 Madrid shows 02:30 twice. From the first, a day later is 02:30; from the second,
    # the clock had already reached 03:00 before going back, so a day later is 03:00.
    always = BusinessCalendar.always_open("Europe/Madrid")
    first, second = madrid(2026, 10, 25, 2, 30), datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=MADRID)
    assert elapsed(first, second) == hours(1)
    assert due(always, first, parse_duration("1d")) == madrid(2026, 10, 26, 2, 30)
    assert due(always, second, parse_duration("1d")) == madrid(2026, 10, 26, 3)


def test_utc_days_are_days() -> None:
    always = BusinessCalendar.always_open()
    start = datetime(2026, 5, 3, 17, 4, 5, 6, tzinfo=UTC)
    assert due(always, start, parse_duration("10d")) == start + timedelta(days=10)
    assert due(always, start, parse_duration("3w2d5s")) == start + timedelta(weeks=3, days=2, seconds=5)


# --- clock changes ----------------------------------------------------------------------------


def test_a_range_inside_the_skipped_hour() -> None:
    # 02:30 never shows on 2026-03-29 in Madrid: the range opens when the clock jumps to 03:00.
    night = BusinessCalendar.of("Europe/Madrid", {"sun": [(150, 195)]})
    assert business_time(night, madrid(2026, 3, 29), madrid(2026, 3, 30)) == timedelta(minutes=15)
    assert is_open(night, madrid(2026, 3, 29, 3, 0))
    assert not is_open(night, datetime(2026, 3, 29, 0, 59, tzinfo=UTC))
    # The Sunday before it is an ordinary one: 45 minutes.
    assert business_time(night, madrid(2026, 3, 22), madrid(2026, 3, 23)) == timedelta(minutes=45)


def test_a_shift_through_the_repeated_hour() -> None:
    # On 2026-10-25 Madrid's clocks go from 03:00 back to 02:00: a 02:30-05:00 shift lasts 3h30m,
    # and a 00:00-02:30 shift ends the first time the clock shows 02:30.
    night = BusinessCalendar.of("Europe/Madrid", {"sun": [(0, 150), (150, 300)]})
    day = (madrid(2026, 10, 25), madrid(2026, 10, 26))
    assert business_time(night, *day) == hours(6)
    early = BusinessCalendar.of("Europe/Madrid", {"sun": [(0, 150)]})
    assert business_time(early, *day) == hours(2.5)


@pytest.mark.parametrize(
    ("zone", "day", "length"),
    [
        ("Europe/Madrid", date(2026, 3, 29), 23),
        ("Europe/Madrid", date(2026, 10, 25), 25),
        ("America/Santiago", date(2026, 4, 4), 25),  # clocks go back at midnight, to Saturday 23:00
        ("America/Santiago", date(2026, 9, 6), 23),  # 00:00 never shows
        ("Australia/Lord_Howe", date(2026, 4, 5), 24.5),  # half-hour DST
        ("America/Bogota", date(2026, 4, 5), 24),
    ],
)
def test_a_full_day_lasts_as_long_as_the_clock_says(zone: str, day: date, length: float) -> None:
    tz = ZoneInfo(zone)
    full = BusinessCalendar.of(zone, {"sat": [(0, 1440)], "sun": [(0, 1440)]})
    start = datetime.combine(day, datetime.min.time(), tz)
    end = datetime.combine(day + timedelta(days=1), datetime.min.time(), tz)
    assert business_time(full, start, end) == hours(length)
    assert business_time(BusinessCalendar.always_open(zone), start, end) == elapsed(start, end)


# --- refusals ---------------------------------------------------------------------------------


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        business_time(OFFICE, datetime(2026, 1, 1), bogota(2026, 1, 2))
    with pytest.raises(ValueError, match="naive"):
        due(OFFICE, datetime(2026, 1, 1), hours(1))


def test_a_calendar_never_open() -> None:
    never = BusinessCalendar.of("UTC", {})
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert business_time(never, start, start + timedelta(days=3650)) == timedelta(0)
    with pytest.raises(ValueError, match="never open"):
        due(never, start, hours(1))
    with pytest.raises(ValueError, match="never open"):
        due(never, start, parse_duration("1w"))
    assert due(never, start, timedelta(0)) == start


def test_bad_calendars_and_durations() -> None:
    with pytest.raises(ValueError, match="days"):
        BusinessCalendar.of("UTC", {"monday": [(0, 60)]})
    with pytest.raises(ValueError, match="disjoint"):
        BusinessCalendar.of("UTC", {"mon": [(0, 60), (30, 90)]})
    with pytest.raises(ValueError, match="negative"):
        due(OFFICE, bogota(2026, 1, 1), -hours(1))


def test_long_spans_end_and_agree_with_short_ones() -> None:
    """Spans of decades take the whole-week path; summed year by year (short spans) they agree,
    and due() inverts them. How fast they are is printed by benchmarks/business_time.py."""
    start, end = bogota(2020, 1, 1, 9), bogota(2045, 6, 1, 17, 3)
    yearly = [start] + [bogota(year, 1, 1) for year in range(2021, 2046)] + [end]
    total = business_time(OFFICE, start, end)
    assert total == sum((business_time(OFFICE, a, b) for a, b in itertools.pairwise(yearly)), timedelta())
    assert business_time(OFFICE, start, due(OFFICE, start, total)) == total
    madrid_open = BusinessCalendar.always_open("Europe/Madrid")
    far = due(madrid_open, madrid(2026, 3, 1), hours(200_000))
    assert business_time(madrid_open, madrid(2026, 3, 1), far) == hours(200_000)
    weeks, days = (due(OFFICE, bogota(2026, 3, 1), parse_duration(d)).astimezone(UTC) for d in ("500w", "3000d"))
    assert weeks == days  # the office is open six days a week: 500 open weeks are 3,000 open days


# --- the adapter from kbgen's model -----------------------------------------------------------


def test_from_the_sample_project(sample: Path) -> None:
    kb, problems = load_project(sample)
    assert kb is not None and not problems.failed()
    office = for_clock(kb, "office")
    assert office == from_model(kb.kb.calendars[0])
    # Wed 23rd 19:00-20:00 = 1h; 24th closed (kb.yml), 25th closed (CO); Sat 26th 08:00 + 1h.
    assert due(office, bogota(2026, 12, 23, 19), parse_duration("2h")) == bogota(2026, 12, 26, 9)
    assert for_clock(kb, "24x7", "America/Bogota") == BusinessCalendar.always_open("America/Bogota")
    with pytest.raises(ValueError, match="no calendar"):
        for_clock(kb, "nope")


# --- properties -------------------------------------------------------------------------------

ZONES = [
    "UTC",
    "America/Bogota",
    "Europe/Madrid",
    "America/Santiago",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "America/Havana",
]
# Days near clock changes in those zones, so instants often fall beside them.
CHANGES = [
    date(2026, 3, 8), date(2026, 3, 29), date(2026, 4, 5), date(2026, 9, 6),
    date(2026, 10, 4), date(2026, 10, 25), date(2026, 11, 1), date(2027, 3, 14),
]  # fmt: skip
BOUNDS = [0, 30, 60, 90, 120, 150, 180, 1380, 1410, 1440]


# Strategies are built once: Hypothesis spends less on them than on fresh ones per draw.
MINUTE, SNAP, RANGE_COUNT = st.integers(0, 1440), st.booleans(), st.integers(0, 3)
KINDS = st.lists(st.sampled_from(["usual", "usual", "closed", "own"]), min_size=7, max_size=7)
EXTRA = st.frozensets(st.dates(date(2025, 6, 1), date(2028, 6, 1)), max_size=8)
COUNTRY, ZONE = st.sampled_from([None, None, "CO", "ES", "US", "CL"]), st.sampled_from(ZONES)
NEAR, CHANGE, MICROS = st.booleans(), st.sampled_from(CHANGES), st.sampled_from([0, 0, 0, 1, 500_000, 999_999])
NEAR_SECONDS, FAR_MINUTES = st.integers(-3 * 86400, 3 * 86400), st.integers(0, 2 * 365 * 1440)


@st.composite
def day_ranges(draw: st.DrawFn) -> list[tuple[int, int]]:
    """0 to 3 sorted, disjoint ranges, often with ends beside midnight and DST hours."""

    def minute(low: int, high: int) -> int:
        value = low + draw(MINUTE) * (high - low) // 1440
        if draw(SNAP):  # snap to the next interesting minute, if any
            value = next((b for b in BOUNDS if value <= b <= high), value)
        return value

    ranges: list[tuple[int, int]] = []
    at = 0
    for _ in range(draw(RANGE_COUNT)):
        if at >= 1440:
            break
        start = minute(at, 1439)
        end = minute(start + 1, 1440)
        ranges.append((start, end))
        at = end
    return ranges


DAY_RANGES = day_ranges()


@st.composite
def calendars(draw: st.DrawFn, open_: bool = False) -> BusinessCalendar:
    # Most weeks repeat one day's hours: draw them once, and give only some days hours of their own.
    usual = draw(DAY_RANGES)
    kinds = draw(KINDS)
    week = {
        day: usual if kind == "usual" else draw(DAY_RANGES) if kind == "own" else []
        for day, kind in zip(("mon", "tue", "wed", "thu", "fri", "sat", "sun"), kinds, strict=True)
    }
    if open_ and not any(week.values()):
        week["mon"] = [(540, 1020)]
    return BusinessCalendar.of(draw(ZONE), week, draw(EXTRA), draw(COUNTRY))


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    if draw(NEAR):
        base = datetime.combine(draw(CHANGE), datetime.min.time(), UTC)
        offset = timedelta(seconds=draw(NEAR_SECONDS))
    else:
        base = datetime(2026, 1, 1, tzinfo=UTC)
        offset = timedelta(minutes=draw(FAR_MINUTES))
    return base + offset + timedelta(microseconds=draw(MICROS))


open_time = st.one_of(
    st.integers(1, 48 * 3600).map(lambda s: timedelta(seconds=s)),
    st.integers(1, 2000).map(lambda h: timedelta(hours=h)),
    st.integers(1, 10**6).map(lambda us: timedelta(microseconds=us)),
)


def check_inverse(cal: BusinessCalendar, a: datetime, d: timedelta) -> None:
    end = due(cal, a, d).astimezone(UTC)  # arithmetic in UTC: see `elapsed`
    assert business_time(cal, a, end) == d
    # ... and it is the earliest such instant.
    assert business_time(cal, a, end - timedelta(microseconds=1)) < d


@FAST
@given(calendars(open_=True), instants(), open_time)
def test_due_inverts_business_time(cal: BusinessCalendar, a: datetime, d: timedelta) -> None:
    check_inverse(cal, a, d)


@pytest.mark.slow
@SLOW
@given(calendars(open_=True), instants(), open_time)
def test_due_inverts_business_time_many(cal: BusinessCalendar, a: datetime, d: timedelta) -> None:
    check_inverse(cal, a, d)


@FAST
@given(calendars(), instants(), instants(), instants())
def test_additive_and_at_most_elapsed(cal: BusinessCalendar, x: datetime, y: datetime, z: datetime) -> None:
    a, b, c = sorted((x, y, z))
    ab, bc, ac = business_time(cal, a, b), business_time(cal, b, c), business_time(cal, a, c)
    assert ab + bc == ac
    assert timedelta(0) <= ab <= b - a
    assert ac <= c - a


@FAST
@given(calendars(), instants(), st.integers(0, 80))
def test_whole_weeks_add_up_in_short_spans(cal: BusinessCalendar, a: datetime, weeks: int) -> None:
    # The long-span path (whole weeks, with holidays and clock changes as corrections) agrees with
    # short spans summed day by day.
    points = [a + timedelta(days=i) for i in range(0, 7 * weeks, 5)] + [a + timedelta(weeks=weeks)]
    chunks = [business_time(cal, p, q) for p, q in itertools.pairwise(points)]
    assert business_time(cal, a, points[-1]) == sum(chunks, timedelta(0))


@FAST
@given(calendars(open_=True), instants(), open_time, open_time)
def test_due_is_monotonic(cal: BusinessCalendar, a: datetime, d1: timedelta, d2: timedelta) -> None:
    d1, d2 = sorted((d1, d2))
    assert due(cal, a, d1).astimezone(UTC) <= due(cal, a, d2).astimezone(UTC)


@FAST
@given(calendars(open_=True), instants(), instants(), st.integers(0, 400), st.integers(0, 400))
def test_open_days_are_monotonic(cal: BusinessCalendar, a: datetime, b: datetime, n1: int, n2: int) -> None:
    (a, b), (n1, n2) = sorted((a, b)), sorted((n1, n2))
    first = due(cal, a, Duration(days=n1)).astimezone(UTC)
    assert first <= due(cal, a, Duration(days=n2)).astimezone(UTC)
    assert first <= due(cal, b, Duration(days=n1)).astimezone(UTC)
    if n1:
        # A deadline in days is open time or a closing, never in the middle of the night.
        assert is_open(cal, first) or is_open(cal, first - timedelta(microseconds=1))


@FAST
@given(st.sampled_from(ZONES), instants(), instants())
def test_24x7_is_elapsed_time(zone: str, a: datetime, b: datetime) -> None:
    a, b = sorted((a, b))
    assert business_time(BusinessCalendar.always_open(zone), a, b) == b - a


def reference(cal: BusinessCalendar, a: datetime, b: datetime) -> timedelta:
    """Open minutes from a to b by brute force, on whole minutes.

    A minute is open when the highest reading the local clock has shown so far lies
    in a range of its day: so a skipped time is reached at the jump, and a repeated
    hour keeps the state it had when the clock first went back.
    """
    tz, minute = cal.timezone, timedelta(minutes=1)
    highest = max((a - i * minute).astimezone(tz).replace(tzinfo=None) for i in range(1, 1500))
    total, at = timedelta(0), a
    while at < b:
        highest = max(highest, at.astimezone(tz).replace(tzinfo=None))
        day, since = highest.date(), highest.hour * 60 + highest.minute
        if not cal.closed(day) and any(s <= since < e for s, e in cal.week[day.weekday()]):
            total += minute
        at += minute
    return total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars(), instants(), st.integers(0, 2 * 1440))
def test_matches_a_minute_by_minute_count(cal: BusinessCalendar, a: datetime, minutes: int) -> None:
    a = a.replace(second=0, microsecond=0)
    b = a + timedelta(minutes=minutes)
    assert business_time(cal, a, b) == reference(cal, a, b)
