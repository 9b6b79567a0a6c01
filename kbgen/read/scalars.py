"""Strict conversion of the text editors write into typed values.

Every function takes the text exactly as written and returns a value or
raises `ScalarError` with a message and a hint for the editor.
"""

from __future__ import annotations

import calendar
import re
import zoneinfo
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from babel import Locale, UnknownLocaleError

from kbgen.read.scalar_hints import duration_hint


class ScalarError(ValueError):
    """Text that does not convert: `code` is its Problem code (`E-date`), `message` and `hint` are for the editor."""

    def __init__(self, code: str, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_id(text: str) -> str:
    """`text` when it is an ID (lowercase letters, digits and hyphens, not starting with a hyphen).

    The error suggests an ID made from the text (`Tarifas 2026` → `tarifas-2026`).
    """
    if not ID_RE.match(text):
        suggestion = re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-") or "my-id"
        raise ScalarError(
            "E-id",
            f'"{text}" is not a valid ID',
            f'use lowercase letters, digits and hyphens, for example "{suggestion}"',
        )
    return text


def parse_flag(text: str) -> bool:
    """`true` or `false` exactly; YAML 1.1's `yes`, `on` or `True` are refused."""
    if text == "true":
        return True
    if text == "false":
        return False
    raise ScalarError("E-flag", f'expected true or false, got "{text}"')


def parse_int(text: str) -> int:
    """A whole number of digits, optionally negative (no `+`, spaces or thousands separators)."""
    if not re.fullmatch(r"-?[0-9]+", text):
        raise ScalarError("E-number", f'expected a whole number, got "{text}"')
    return int(text)


def parse_date(text: str) -> date:
    """A date that exists, written `YYYY-MM-DD`; the hint names what does not exist (`February 2023 has 28 days`)."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", text)
    if not match:
        raise ScalarError("E-date", f'expected a date YYYY-MM-DD, got "{text}"', "for example 2026-10-01")
    year, month, day = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        raise ScalarError("E-date", f'expected a date YYYY-MM-DD, got "{text}"', f"there is no month {month}")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        name = calendar.month_name[month]
        raise ScalarError("E-date", f'expected a date YYYY-MM-DD, got "{text}"', f"{name} {year} has {last} days")
    return date(year, month, day)


@dataclass(frozen=True, slots=True)
class Duration:
    """A span as written: `1h30m`, `2mo`, `1y`. Units stay apart so business time can count them.

    Months and years are calendar months and years (date to date), never 30 or 365 days.
    """

    weeks: int = 0
    days: int = 0
    hours: int = 0
    minutes: int = 0
    seconds: int = 0
    months: int = 0
    years: int = 0

    @property
    def clock_seconds(self) -> int:
        """Seconds of open time in the s/m/h part."""
        return self.hours * 3600 + self.minutes * 60 + self.seconds

    @property
    def calendar_months(self) -> int:
        """The months and years part, in months."""
        return self.years * 12 + self.months

    @property
    def total_seconds(self) -> int:
        """Seconds on a 24x7 clock; a month counts as an average Gregorian month (for ordering only)."""
        return (self.weeks * 7 + self.days) * 86400 + self.clock_seconds + self.calendar_months * 2629746

    def __str__(self) -> str:
        parts = zip(
            (self.years, self.months, self.weeks, self.days, self.hours, self.minutes, self.seconds),
            ("y", "mo", "w", "d", "h", "m", "s"),
            strict=True,
        )
        return "".join(f"{n}{unit}" for n, unit in parts if n)


_DURATION_RE = re.compile(
    r"(?:([0-9]+)y)?(?:([0-9]+)mo)?(?:([0-9]+)w)?(?:([0-9]+)d)?(?:([0-9]+)h)?(?:([0-9]+)m)?(?:([0-9]+)s)?"
)


def parse_duration(text: str) -> Duration:
    """A duration such as `30s`, `15m`, `4h`, `2d`, `1w`, `2mo`, `1y` or `1h30m`: units largest first, no spaces,
    not zero.

    `1.5h` is refused with the hint `write 1h30m`.
    """
    match = _DURATION_RE.fullmatch(text.strip())
    if not text.strip() or not match:
        hint = duration_hint(text.strip())
        raise ScalarError(
            "E-duration", f'expected a duration such as 30s, 15m, 4h, 2d, 1w, 2mo or 1h30m, got "{text}"', hint
        )
    years, months, weeks, days, hours, minutes, seconds = (int(g) if g else 0 for g in match.groups())
    duration = Duration(weeks, days, hours, minutes, seconds, months, years)
    if duration.total_seconds == 0:
        raise ScalarError("E-duration", f'a duration must be longer than zero, got "{text}"')
    return duration


def number(text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the callers' patterns only pass numbers
        raise ScalarError("E-number", f'expected a number, got "{text}"') from exc


@dataclass(frozen=True, slots=True)
class Percent:
    """A percentage as written, 0 to 100: `12.5%` holds `Decimal('12.5')`, not 0.125."""

    value: Decimal

    def __str__(self) -> str:
        return f"{self.value}%"


def parse_percent(text: str) -> Percent:
    """`90%`, `90 %` or `12,5%` (a decimal comma reads as a point); more than 100 % is refused."""
    match = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?)\s?%", text.strip())
    if not match:
        raise ScalarError("E-percent", f'expected a percentage such as 90%, got "{text}"')
    value = number(match.group(1))
    if value > 100:
        raise ScalarError("E-percent", f'a percentage is at most 100%, got "{text}"')
    return Percent(value)


@dataclass(frozen=True, slots=True)
class Score:
    """A score out of a scale: `8.5/10` holds value 8.5 and scale 10."""

    value: Decimal
    scale: Decimal

    def __str__(self) -> str:
        return f"{self.value}/{self.scale}"


def parse_score(text: str) -> Score:
    """`8.5/10`, `4,5 / 5` and the like: a value from 0 up to a scale greater than zero."""
    match = re.fullmatch(r"([0-9]+(?:[.,][0-9]+)?)\s?/\s?([0-9]+(?:[.,][0-9]+)?)", text.strip())
    if not match:
        raise ScalarError("E-score", f'expected a score such as 8.5/10, got "{text}"')
    value, scale = number(match.group(1)), number(match.group(2))
    if scale <= 0 or value > scale:
        raise ScalarError("E-score", f'a score must lie between 0 and its scale, got "{text}"')
    return Score(value, scale)


Target = Duration | Percent | Score


def parse_target(text: str) -> Target:
    """A standard's target: a duration, a percentage or a score."""
    stripped = text.strip()
    if stripped.endswith("%"):
        return parse_percent(stripped)
    if "/" in stripped:
        return parse_score(stripped)
    try:
        return parse_duration(stripped)
    except ScalarError as exc:
        hint = exc.hint if exc.hint.startswith("write ") else ""
        raise ScalarError(
            "E-target", f'expected a duration (2h), a percentage (3%) or a score (8.5/10), got "{text}"', hint
        ) from None


def parse_language(text: str) -> str:
    """`text` unchanged when Babel knows it as a language tag (`es`, `pt-BR` or `pt_BR`)."""
    try:
        Locale.parse(text.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        raise ScalarError(
            "E-language", f'"{text}" is not a language code Babel knows', "use a tag such as es, en or pt-BR"
        ) from None
    return text


def parse_timezone(text: str) -> str:
    """`text` unchanged when it is an IANA time zone that zoneinfo knows (`America/Bogota`)."""
    try:
        zoneinfo.ZoneInfo(text)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ScalarError(
            "E-timezone", f'"{text}" is not a time zone', "use an IANA name such as America/Bogota"
        ) from None
    return text


@dataclass(frozen=True, slots=True)
class TimeRange:
    """Open hours within one day, in minutes from local midnight: `start` < `end` <= 1440 (24:00)."""

    start: int  # minutes from midnight
    end: int
    # "open" in a week: the day is open, its times are not published (counted as the whole day)
    untimed: bool = False

    def __str__(self) -> str:
        if self.untimed:
            return "open"
        return f"{self.start // 60:02d}:{self.start % 60:02d}-{self.end // 60:02d}:{self.end % 60:02d}"


def parse_time_range(text: str) -> TimeRange:
    """`HH:MM-HH:MM` within one day (`07:00-20:00`; it may end at `24:00`, never cross midnight)."""
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})\s*-\s*([0-9]{1,2}):([0-9]{2})", text.strip())
    if not match:
        raise ScalarError("E-hours", f'expected opening hours "HH:MM-HH:MM", got "{text}"', 'for example "07:00-20:00"')
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or m1 > 59 or m2 > 59 or h2 > 24 or (h2 == 24 and m2):
        raise ScalarError("E-hours", f'"{text}" is not a time of day', "hours go from 00:00 to 24:00")
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        raise ScalarError(
            "E-hours",
            f'"{text}" ends before it starts',
            "a range never crosses midnight: write an overnight shift as two days' ranges",
        )
    return TimeRange(start, end)


def parse_days(text: str) -> list[str]:
    """`mon`, `mon-fri` or `sat,sun` into the days they name."""
    days: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if "-" in part:
            first, _, last = part.partition("-")
            if first not in DAYS or last not in DAYS or DAYS.index(first) > DAYS.index(last):
                raise ScalarError("E-days", f'"{text}" is not a day range', "write mon-fri, sat or sat,sun")
            days.extend(DAYS[DAYS.index(first) : DAYS.index(last) + 1])
        elif part in DAYS:
            days.append(part)
        else:
            raise ScalarError("E-days", f'"{part}" is not a day', "days are mon, tue, wed, thu, fri, sat, sun")
    return days


def parse_url(text: str) -> str:
    """An `http://` or `https://` address without spaces or quotes, with surrounding blanks removed."""
    if not re.fullmatch(r"https?://[^\s<>\"']+", text.strip()):
        raise ScalarError("E-url", f'expected a web address starting with https://, got "{text}"')
    return text.strip()
