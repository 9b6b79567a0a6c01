"""kbgen's own words per language, and promises written in words by Babel.

The words come from kbgen's gettext catalogs (kbgen.catalogs: es, en and pt ship);
any other language Babel knows gets English words around Babel-formatted numbers,
durations, dates and hours.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_skeleton, format_time, get_day_names, get_timezone_location
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent, parse_pattern
from babel.units import format_unit

from kbgen.publish.catalogs import catalog
from kbgen.read.amounts import Money
from kbgen.read.scalars import DAYS, Duration, Percent, Score, Target, TimeRange

_UNITS = (
    ("years", "duration-year"),
    ("months", "duration-month"),
    ("weeks", "duration-week"),
    ("days", "duration-day"),
    ("hours", "duration-hour"),
    ("minutes", "duration-minute"),
    ("seconds", "duration-second"),
)


class Words:
    """Everything one language needs to say things: catalog words and Babel formats."""

    def __init__(self, lang: str, formal: bool = False) -> None:
        self._memo: dict[tuple[object, ...], str] = {}
        self.lang = lang
        # kb.yml's address_form: usted picks the catalog's `KEY@usted` words where it has them
        self.formal = formal
        self.locale = Locale.parse(lang.replace("-", "_"))
        self.base = lang.split("-")[0].lower()
        self.catalog = catalog(lang)

    def t(self, key: str, **values: str) -> str:
        """The catalog's words for `key`, with `{name}` placeholders filled from `values`.

        Raises KeyError for a key that no catalog has, English included.
        """
        text = self.catalog.get(f"{key}@usted") if self.formal else None
        if text is None:
            text = self.catalog[key]
        return text.format(**values) if values else text

    def language_name(self, lang: str) -> str:
        """The name of language `lang` in this language, capitalised: "Inglés" for `en` in Spanish."""
        name = Locale.parse(lang.replace("-", "_")).get_display_name(self.locale) or lang
        return name[:1].upper() + name[1:]

    def own_language_name(self) -> str:
        """This language's name in itself, capitalised: "Español", "Português"."""
        name = self.locale.get_display_name(self.locale) or self.lang
        return name[:1].upper() + name[1:]

    def stage_title(self, stage: str) -> str | None:
        """The title of one of kbgen's own stages ("Antes de comprar" for `presale`); None for any other stage."""
        return self.catalog.get(f"stage.{stage}")

    def number(self, value: Decimal) -> str:
        """A decimal number in this language's format: "8,5" in Spanish, "8.5" in English."""
        return format_decimal(value, locale=self.locale)

    def percent(self, value: Percent) -> str:
        """A percentage in this language's format with every decimal written: "90 %" in Spanish, "12.5%" in English."""
        key = ("percent", value)
        if key not in self._memo:
            self._memo[key] = format_percent(value.value / 100, locale=self.locale, decimal_quantization=False)
        return self._memo[key]

    def duration(self, duration: Duration, business: bool = False) -> str:
        """A duration in words: "1 hora y 30 minutos".

        With `business` it is said as open time of a calendar: "2 horas hábiles",
        "2 business hours", "1 hora y 30 minutos de tiempo hábil".
        """
        key = ("duration", duration, business)
        if key not in self._memo:
            self._memo[key] = self._duration(duration, business)
        return self._memo[key]

    def _duration(self, duration: Duration, business: bool) -> str:
        parts = [(getattr(duration, field), unit) for field, unit in _UNITS if getattr(duration, field)]
        words = [self._unit(n, unit) for n, unit in parts]
        # Months and years run date to date on any clock: never "1 mes hábil"
        calendar = [
            w for (_n, unit), w in zip(parts, words, strict=True) if unit in ("duration-year", "duration-month")
        ]
        if business and calendar:
            rest = Duration(duration.weeks, duration.days, duration.hours, duration.minutes, duration.seconds)
            if not rest.total_seconds:
                return format_list(words, locale=self.locale)
            return format_list([*calendar, self._duration(rest, True)], locale=self.locale)
        if not business:
            return format_list(words, locale=self.locale)
        if all(unit in ("duration-minute", "duration-second") for _n, unit in parts):
            # a short wait is not said in "business seconds": it runs while the line is open
            return self.t("business.open", duration=format_list(words, locale=self.locale))
        if len(words) == 1:
            n = parts[0][0]
            if self.base == "en":
                unit_word = words[0].split(" ", 1)[1]
                return f"{n} business {unit_word}"
            suffix = self.t("business.suffix.one") if n == 1 else self.t("business.suffix")
            return f"{words[0]} {suffix}"
        return self.t("business.multi", list=format_list(words, locale=self.locale))

    def every(self, duration: Duration, business: bool = False) -> str:
        """A period as "every …" says it: "hora" for 1h ("cada hora"), else the duration ("cada 20 minutos")."""
        parts = [(getattr(duration, f), u) for f, u in _UNITS if getattr(duration, f)]
        if len(parts) == 1 and parts[0][0] == 1 and not business:
            return self.t(f"unit.{parts[0][1].removeprefix('duration-')}")
        return self.duration(duration, business)

    def _unit(self, n: int, unit: str) -> str:
        word = str(format_unit(n, unit, length="long", locale=self.locale))
        if unit in word:  # Babel lacks the long form for this locale
            word = str(format_unit(n, unit, length="short", locale=self.locale))
        return word

    def target(self, target: Target, at_most: bool, business: bool) -> str:
        """A standard's target in words: "2 horas hábiles", "menos del 3 %", "al menos 8,5 sobre 10".

        `at_most` picks "under" or "at least" for a percentage or a score; a duration is
        said without either, and `business` only applies to it.
        """
        if isinstance(target, Duration):
            return self.duration(target, business)
        direction = "at_most" if at_most else "at_least"
        if isinstance(target, Percent):
            return self.t(f"{direction}.percent", value=self.percent(target))
        if isinstance(target, Score):
            return self.t(f"{direction}.score", value=self.number(target.value), scale=self.number(target.scale))
        raise TypeError(target)  # pragma: no cover

    def money(self, value: Money) -> str:
        """An amount in this language's currency format, without decimals when it is whole: "£50", "50 £"."""
        key = ("money", value)
        if key not in self._memo:
            pattern = parse_pattern(self.locale.currency_formats["standard"].pattern)
            if value.amount == value.amount.to_integral_value():
                pattern.frac_prec = (0, 0)
            self._memo[key] = pattern.apply(value.amount, self.locale, currency=value.currency, currency_digits=False)
        return self._memo[key]

    def date(self, value: date) -> str:
        """A date in this language's long format: "1 de octubre de 2026"."""
        key = ("date", value)
        if key not in self._memo:
            self._memo[key] = format_date(value, format="long", locale=self.locale)
        return self._memo[key]

    def time(self, minutes: int) -> str:
        """A time of day from minutes after midnight, in the short format: "7:00", "7:00 AM".

        1440 (a range that ends at midnight) reads 24:00 where the format is 24-hour, and
        "midnight" in words where it is 12-hour (never 11:59 PM).
        """
        if minutes >= 24 * 60:
            last = format_time(time(23, 59), format="short", locale=self.locale)
            return last.replace("23:59", "24:00") if "23:59" in last else self.t("hours.midnight")
        return format_time(time(minutes // 60, minutes % 60), format="short", locale=self.locale)

    def day(self, day: str) -> str:
        """The full name of a weekday (`mon` ... `sun`) in this language: "lunes"."""
        return str(get_day_names("wide", locale=self.locale)[DAYS.index(day)])

    def ranges(self, ranges: list[TimeRange]) -> str:
        """One day's open ranges as a list in words: "de 7:00 a 12:00 y de 14:00 a 18:00"; "todo el día" for
        00:00-24:00, nothing for a day whose times are not published."""
        if any(r.untimed for r in ranges):
            return ""
        if ranges == [TimeRange(0, 24 * 60)]:
            return self.t("hours.all_day")
        texts = [self.t("hours.range", start=self.time(r.start), end=self.time(r.end)) for r in ranges]
        return format_list(texts, locale=self.locale)

    def week(self, week: dict[str, list[TimeRange]]) -> list[str]:
        """Opening hours as phrases: days with the same hours run together ("lunes a viernes de 7:00 a 20:00")."""
        out: list[str] = []
        i = 0
        while i < len(DAYS):
            day = DAYS[i]
            if day not in week:
                i += 1
                continue
            j = i
            while j + 1 < len(DAYS) and week.get(DAYS[j + 1]) == week[day]:
                j += 1
            days = self.day(day) if j == i else self.t("hours.days", first=self.day(day), last=self.day(DAYS[j]))
            if j == i + 1:
                days = format_list([self.day(day), self.day(DAYS[j])], locale=self.locale)
            hours = self.ranges(week[day])
            out.append(f"{days}, {hours}" if week[day] == [TimeRange(0, 24 * 60)] else f"{days} {hours}".strip())
            i = j + 1
        return out

    def timezone(self, name: str) -> str:
        """An IANA time zone by its place, as readers know it: "hora de Bogotá" for America/Bogota."""
        place = get_timezone_location(name, locale=self.locale, return_city=True)
        return self.t("hours.tz", place=place)

    def goal(self, goal: Percent) -> str:
        """The share of cases a standard's target holds for: "en el 90 % de los casos"."""
        return self.t("goal.share", goal=self.percent(goal))

    def month_day(self, month_day: tuple[int, int]) -> str:
        """A day of any year in words: "1 de abril", "April 1"."""
        return str(format_skeleton("MMMMd", date(2024, *month_day), locale=self.locale))

    def month(self, year: int, month: int) -> str:
        """A month and its year in words: "noviembre de 2026", "November 2026"."""
        return str(format_skeleton("yMMMM", date(year, month, 1), locale=self.locale))

    def short_duration(self, seconds: int) -> str:
        """A span in short units for tables: "1 h 5 min 3 s" ("8 min 46 s")."""
        hours, rest = divmod(seconds, 3600)
        parts = [(hours, "duration-hour"), (rest // 60, "duration-minute"), (rest % 60, "duration-second")]
        return " ".join(str(format_unit(n, unit, length="short", locale=self.locale)) for n, unit in parts if n)
