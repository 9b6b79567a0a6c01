"""What kbgen takes from CLDR (through Babel) is Babel's, whatever release is installed.

The goldens replace CLDR's place names by a marker (see test_build_golden.py), so these
tests pin down the part the goldens no longer see: the place is Babel's own, in the page's
language, inside kbgen's own words.
"""

from __future__ import annotations

import pytest
from babel.dates import get_timezone_location

from kbgen.publish.words import Words


@pytest.mark.parametrize(("lang", "before", "after"), [("es", "hora de ", ""), ("en", "", " time")])
@pytest.mark.parametrize("zone", ["America/Bogota", "Europe/Madrid", "America/Sao_Paulo"])
def test_timezone_place_is_babels(lang: str, before: str, after: str, zone: str) -> None:
    place = get_timezone_location(zone, locale=lang, return_city=True)
    assert Words(lang).timezone(zone) == f"{before}{place}{after}"
