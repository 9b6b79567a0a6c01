"""How long the business-time engine takes on long spans (figures, not a test).

    .venv/bin/python benchmarks/business_time.py

Prints the CPU milliseconds of each case, cold (first run, empty caches: the first one
also has the holidays package compute every year it spans) and warm.
The target of the measure issue: no case over 50 ms.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from kbgen.measure.business_time import business_time, due
from kbgen.measure.calendar import BusinessCalendar
from kbgen.read.scalars import parse_duration

BOGOTA = ZoneInfo("America/Bogota")
OFFICE = BusinessCalendar.of(
    "America/Bogota",
    {**{day: [(7 * 60, 20 * 60)] for day in ("mon", "tue", "wed", "thu", "fri")}, "sat": [(8 * 60, 14 * 60)]},
    holidays=[],
    country="CO",
)


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BOGOTA)


CASES: list[tuple[str, Callable[[], object]]] = [
    ("business_time over 25 years", lambda: business_time(OFFICE, at(2020, 1, 1, 9), at(2045, 6, 1, 17, 3))),
    ("due after 40,000 business hours", lambda: due(OFFICE, at(2026, 3, 1), timedelta(hours=40_000))),
    ("due after 3000d", lambda: due(OFFICE, at(2026, 3, 1), parse_duration("3000d"))),
    ("due after 500w", lambda: due(OFFICE, at(2026, 3, 1), parse_duration("500w"))),
    (
        "due after 200,000 h on 24x7 Madrid",
        lambda: due(BusinessCalendar.always_open("Europe/Madrid"), at(2026, 3, 1), timedelta(hours=200_000)),
    ),
]


def main() -> None:
    print(f"{'case':40} {'cold ms':>8} {'warm ms':>8}")
    for name, case in CASES:
        figures = []
        for _ in range(2):
            began = time.process_time()
            case()
            figures.append((time.process_time() - began) * 1000)
        print(f"{name:40} {figures[0]:8.1f} {figures[1]:8.1f}")


if __name__ == "__main__":
    main()
