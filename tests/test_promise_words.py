"""Every metric/target combination the schema accepts is said in words: none is silently ignored.

Each combination of metric, target kind, direction, statistic, clock and aim is validated
as a standard; those accepted are rendered in es and en, and their words must carry
every part of the promise (the number, "at least" or "under", business time, the share
of cases or the statistic, "an aim").
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from kbgen.publish.promises import Promises
from kbgen.publish.words import Words
from kbgen.read.scalars import Duration, Percent, Score
from kbgen.read.schema import METRICS, Standard

TARGETS = ["2h", "1mo", "3%", "8.5/10"]
DIRECTIONS = [None, "at_most", "at_least"]
STATISTICS = ["share", "average", "median", "max"]
CLOCKS = ["24x7", "office"]
AT_LEAST = {"es": "al menos", "en": "at least"}
UNDER = {"es": "menos del", "en": "under"}
AT_MOST_SCORE = {"es": "como máximo", "en": "at most"}
BUSINESS = {"es": "hábil", "en": "business"}
AIM = {"es": "Objetivo", "en": "aim"}


def accepted() -> list[tuple[Standard, dict[str, Any]]]:
    out = []
    for metric, target, direction, statistic, clock, aim in itertools.product(
        METRICS, TARGETS, DIRECTIONS, STATISTICS, CLOCKS, ("false", "true")
    ):
        data: dict[str, Any] = {"id": "s", "title": "Promesa", "metric": metric, "target": target, "clock": clock}
        data |= {"statistic": statistic, "aim": aim, "description": "Qué se mide."}
        if direction is not None:
            data["direction"] = direction
        try:
            out.append((Standard.model_validate(data, context={"languages": ["es", "en"]}), data))
        except ValidationError:
            continue
    return out


ACCEPTED = accepted()


def promises(lang: str) -> Promises:
    return Promises(Words(lang), lambda text: text.get(lang, "es")[0] if text is not None else "")


def test_the_schema_accepts_a_wide_range() -> None:
    metrics = {std.metric for std, _ in ACCEPTED}
    assert metrics == set(METRICS)
    assert {type(std.target) for std, _ in ACCEPTED} == {Duration, Percent, Score}
    assert any(std.direction == "at_least" and isinstance(std.target, Duration) for std, _ in ACCEPTED)


@pytest.mark.parametrize("lang", ["es", "en"])
def test_every_accepted_combination_is_said(lang: str) -> None:
    say = promises(lang)
    words = Words(lang)
    for std, data in ACCEPTED:
        target, goal = say.target(std), say.goal(std)
        where = f"{data} → {target!r} / {goal!r}"
        if isinstance(std.target, Duration):
            assert words.duration(std.target, std.clock != "24x7") in target, where
            assert (AT_LEAST[lang] in target) == (std.direction == "at_least"), where
            if std.clock != "24x7" and not std.target.calendar_months:
                assert BUSINESS[lang] in target, where
        elif isinstance(std.target, Percent):
            assert words.percent(std.target) in target, where
            assert (UNDER if std.at_most else AT_LEAST)[lang] in target, where
        elif isinstance(std.target, Score):
            assert words.number(std.target.value) in target and words.number(std.target.scale) in target, where
            assert (AT_MOST_SCORE if std.at_most else AT_LEAST)[lang] in target, where
        if std.statistic != "share":
            assert goal == words.t(f"statistic.{std.statistic}"), where
        elif std.aim:
            assert AIM[lang].lower() in goal.lower() and "100" not in goal, where
        else:
            assert goal == words.percent(Percent(Decimal(100))), where


@pytest.mark.parametrize("lang", ["es", "en"])
def test_notice_time_of_day_deadline_and_party_are_said(lang: str) -> None:
    say = promises(lang)

    def std(**data: Any) -> Standard:
        base = {"id": "s", "title": "Promesa", "metric": "appointment", "target": "24h"}
        return Standard.model_validate(base | data, context={"languages": ["es", "en"]})

    notice = say.target(std(direction="at_least", before={"es": "la visita", "en": "the visit"}))
    assert notice == {"es": "al menos 24 horas antes de la visita", "en": "at least 24 hours before the visit"}[lang]
    morning = say.target(std(metric="first_response", target="1d", at="10:00", clock="office"))
    ten = Words(lang).time(600)  # Babel's "10:00", "10:00 AM" (with a narrow no-break space)
    expected = {"es": f"antes de las {ten} del día hábil siguiente", "en": f"by {ten} on the next business day"}
    assert morning == expected[lang]
    words = say.target(std(target=None, deadline={"es": "el plazo del aviso", "en": "the notice's time"}))
    assert words == {"es": "el plazo del aviso", "en": "the notice's time"}[lang]
    theirs = std(party="other", party_name={"es": "La entidad", "en": "The bank"})
    assert say.goal(theirs) == ""  # not a share of our cases
    assert say.target(theirs) == {"es": "24 horas", "en": "24 hours"}[lang]


