"""Times of day and days of the year, as remedies, deadlines and seasons name them."""

from __future__ import annotations

import calendar
import re

from kbgen.read.scalars import ScalarError


def parse_time_of_day(text: str) -> int:
    """`HH:MM` as minutes after midnight: `10:00` is 600."""
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ScalarError("E-hours", f'expected a time of day "HH:MM", got "{text}"', 'for example "10:00"')
    return int(match.group(1)) * 60 + int(match.group(2))


def parse_month_day(text: str) -> tuple[int, int]:
    """`MM-DD`, a day of any year: `04-01` is (4, 1); `02-29` is accepted (it holds in leap years)."""
    match = re.fullmatch(r"([0-9]{2})-([0-9]{2})", text.strip())
    if match:
        month, day = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(2024, month)[1]:
            return month, day
    raise ScalarError("E-date", f'expected a day of the year "MM-DD", got "{text}"', 'for example "04-01" for 1 April')
