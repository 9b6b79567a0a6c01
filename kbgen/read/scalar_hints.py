"""Hints that say what an editor meant to write: `write 2d` for "2 days", `write 1h30m` for "1.5h"."""

from __future__ import annotations

import re

DURATION_UNITS = "units are s, m, h, d, w, mo (calendar months) and y (years), largest first, no spaces"

_UNIT_WORDS = {
    "y": ("año", "años", "year", "years"),
    "mo": ("mes", "meses", "month", "months"),
    "w": ("semana", "semanas", "week", "weeks"),
    "d": ("día", "días", "dia", "dias", "day", "days"),
    "h": ("hora", "horas", "hour", "hours"),
    "m": ("minuto", "minutos", "minute", "minutes", "min"),
    "s": ("segundo", "segundos", "second", "seconds"),
}


def duration_hint(text: str) -> str:
    """How to write what an editor meant: `write 2d` for "2 days", `write 1h30m` for "1.5h"."""
    decimal = re.fullmatch(r"([0-9]+)[.,]5\s*h", text)
    if decimal:
        return f"write {decimal.group(1)}h30m"
    words = re.fullmatch(r"([0-9]+)\s*([^\W\d_]+)(?:\s+(?:hábiles|habiles|business|working))?", text.lower())
    if words:
        unit = next((u for u, names in _UNIT_WORDS.items() if words.group(2) in names), None)
        if unit is not None:
            return f"write {words.group(1)}{unit}"
    return DURATION_UNITS
