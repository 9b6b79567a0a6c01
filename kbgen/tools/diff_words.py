"""`kbgen diff`'s before and after in words of one language: targets, goals, scopes, hours, holidays."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from babel.lists import format_list

from kbgen.publish.catalogs import prefixed
from kbgen.publish.words import Words
from kbgen.read.scalars import Percent
from kbgen.read.schema import Calendar, Standard
from kbgen.tools.diff_snapshot import Snapshot, say


def messages(lang: str) -> dict[str, str]:
    """kbgen diff's words in `lang`, from kbgen's catalogs (keys `diff.*`)."""
    return prefixed(lang, "diff.")


class Wording:
    """The values of a change in words of `lang`, as one side (`Snapshot`) of the diff names them."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.words = Words(lang)
        self.m = messages(lang)

    def target(self, std: Standard, side: Snapshot, name_calendar: bool) -> str:
        """A standard's target in words, as on `side`: "2 días hábiles", "menos del 3 %", or "no target".

        With `name_calendar` a business-time target also names its calendar (title, else
        ID), since two calendars' targets read the same.
        """
        if std.target is None:
            return self.m["no_target"]
        text = self.words.target(std.target, std.at_most, business=std.clock != "24x7")
        cal = side.calendars.get(std.clock)
        if name_calendar and std.clock != "24x7":
            text += f" ({say(cal.title, self.lang) if cal and cal.title else std.clock})"
        return text

    def category(self, category_id: str | None, side: Snapshot) -> str | None:
        """A category's title on `side` in the diff's language; its ID when that side has no such category."""
        entry = side.items["category"].get(category_id or "")
        return say(entry.title, self.lang) if entry else category_id

    def goal(self, std: Standard) -> str:
        """How many cases a standard's target holds for: "in 90% of cases", "on average", "always".

        A share without a goal reads as 100 %.
        """
        if std.statistic == "share":
            return self.words.goal(std.goal or Percent(Decimal(100)))
        return self.words.t(f"statistic.{std.statistic}")

    def scope(self, ids: Sequence[str], side: Snapshot) -> str:
        """A standard's scope list in words, or "all" when it is empty (every case).

        Channels are named by their names and segments or priorities by their titles on
        `side`; an ID without either is shown as it is.
        """
        if not ids:
            return self.m["all"]
        names = []
        for item_id in ids:
            text = side.channels[item_id].name if item_id in side.channels else side.names.get(item_id)
            names.append(say(text, self.lang) if text is not None else item_id)
        return format_list(names, locale=self.words.locale)

    def hours(self, clock: str | None, side: Snapshot) -> str:
        """A channel's hours in words: calendar title, weekly hours and time zone, as on `side`.

        None reads "no set hours", `24x7` "24 hours, every day"; a calendar `side` lacks
        is shown by its ID.
        """
        if clock is None:
            return self.m["no_hours"]
        if clock == "24x7":
            return self.words.t("hours.always")
        cal = side.calendars.get(clock)
        if cal is None:
            return clock
        name = say(cal.title, self.lang) if cal.title else clock
        return f"{name} ({self.week(cal)}; {self.words.timezone(cal.timezone)})"

    def week(self, cal: Calendar) -> str:
        """A calendar's weekly hours as phrases joined by "; ", or "closed" when no day has hours."""
        return "; ".join(self.words.week(cal.week)) or self.words.t("hours.closed")

    def holidays(self, cal: Calendar) -> str:
        """A calendar's closed days in words, or "none".

        Its extra holiday dates first, then "public holidays of COUNTRY (SUBDIVISION)"
        with the country named in the diff's language.
        """
        parts = [self.words.date(d) for d in sorted(cal.holidays)]
        if cal.holidays_of is not None:
            country = self.words.locale.territories.get(cal.holidays_of.country, cal.holidays_of.country)
            if cal.holidays_of.subdivision:
                country = f"{country} ({cal.holidays_of.subdivision})"
            parts.append(self.m["holidays_of"].format(country=country))
        return "; ".join(parts) or self.m["none"]
