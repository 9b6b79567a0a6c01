"""Dates and calendars: review dates not in the future, holidays the holidays package knows."""

from __future__ import annotations

from datetime import date

import holidays as holidays_lib

from kbgen.check.checker import Checker
from kbgen.read.source_map import PathKey


def check_holidays(checker: Checker, file: str, path: PathKey, country: str, subdivision: str | None) -> None:
    """E-holidays unless the holidays package knows `country` (and `subdivision`, when given)."""
    try:  # the direct look-up loads one country; the full list loads them all, so only on failure
        holidays_lib.country_holidays(country, subdiv=subdivision, years=checker.today.year)
        return
    except NotImplementedError:
        pass
    supported = holidays_lib.list_supported_countries()
    if country not in supported:
        checker.report(
            file,
            (*path, "country"),
            "E-holidays",
            f'the holidays package does not know the country "{country}"',
            "use an ISO 3166 country code such as CO, MX or ES",
        )
    elif subdivision is not None and subdivision not in supported[country]:
        if supported[country]:
            hint = f"use one it lists, for example {', '.join(supported[country][:8])}"
        else:
            hint = f"the holidays package has no subdivisions for {country}: delete subdivision"
        checker.report(
            file,
            (*path, "subdivision"),
            "E-holidays",
            f'the holidays package knows no subdivision "{subdivision}" of {country}',
            hint,
        )


def check_review(checker: Checker, file: str, path: PathKey, reviewed: date | None) -> None:
    """E-future-date when an item says it was reviewed after today."""
    if reviewed is not None and reviewed > checker.today:
        checker.report(
            file,
            (*path, "reviewed"),
            "E-future-date",
            f"reviewed {reviewed.isoformat()} is in the future (today is {checker.today.isoformat()})",
            "write the date the item was last reviewed",
        )
