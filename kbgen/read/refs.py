"""References inside text: `{std:ID}`, `{std:ID.goal}`, `{std:ID/CELL}`, `{channel:ID}`, `{faq:ID}`, `{playbook:ID}`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from kbgen.read.scalars import Duration
from kbgen.read.schema import Text

REF_RE = re.compile(r"\{(std|channel|faq|playbook):([a-z0-9][a-z0-9-]*)?(?:/([a-z0-9][a-z0-9-]*))?(\.goal)?\}")
HTML_RE = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*|!--)")

KIND_NAMES = {"std": "standard", "channel": "channel", "faq": "FAQ", "playbook": "playbook"}


@dataclass(frozen=True, slots=True)
class Ref:
    """One reference as written in a text: `{std:ID/CELL.goal}` is kind `std`, that ID, that cell, `goal` True.

    `id` is "" when the braces name none (`{faq:}`), so a check can report it; `cell` is "" without one.
    """

    kind: str  # std | channel | faq | playbook
    id: str
    goal: bool
    raw: str
    cell: str = ""


def find_refs(text: str) -> Iterator[Ref]:
    """Every `{kind:ID}` or `{std:ID.goal}` reference in `text`, in the order written."""
    if "{" not in text:  # most text: no regex
        return
    for match in REF_RE.finditer(text):
        yield Ref(match.group(1), match.group(2) or "", bool(match.group(4)), match.group(0), match.group(3) or "")


def walk_texts(obj: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], Text]]:
    """Every Text in a validated model, with its path, in the order of the model's fields."""
    found: list[tuple[tuple[str | int, ...], Text]] = []
    _collect(obj, path, found)
    return iter(found)


_PLAIN = (str, int, float, bool, type(None), date, Duration)  # values that hold no Text


def _collect(obj: Any, path: tuple[str | int, ...], found: list[tuple[tuple[str | int, ...], Text]]) -> None:
    if isinstance(obj, Text):
        found.append((path, obj))
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            value = getattr(obj, name)
            if not isinstance(value, _PLAIN):
                _collect(value, (*path, name), found)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            if not isinstance(item, _PLAIN):
                _collect(item, (*path, i), found)
