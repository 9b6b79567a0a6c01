"""Which charter shapes `kbgen measure` leaves out, and why: never measured as something they are not."""

from __future__ import annotations

from typing import Any

import pytest

from kbgen.measure.method import unmeasured_shape
from kbgen.read.schema import Standard


def std(**data: Any) -> Standard:
    base = {"id": "s", "title": "S", "metric": "first_response", "target": "2h"}
    return Standard.model_validate(base | data, context={"languages": ["es"]})


@pytest.mark.parametrize(
    ("standard", "reason"),
    [
        (std(), None),
        (std(target="1mo"), None),  # calendar months are measured, by due date
        (std(party="customer"), "it is not our deadline (party: customer)"),
        (std(party="other", party_name="La entidad"), "it is not our deadline (party: other)"),
        (
            std(direction="at_least", before="la visita"),
            "a minimum notice (direction: at_least) is not measured from exports",
        ),
        (
            std(target=None, deadline="el plazo del aviso"),
            "its target is not a duration (deadline, variants or updates)",
        ),
        (std(target="1d", at="10:00"), "a time of day on the last day (at) is not measured from exports"),
    ],
)
def test_unmeasured_shapes_say_why(standard: Standard, reason: str | None) -> None:
    assert unmeasured_shape(standard) == reason
