"""The problem-code registry is complete and has no dead entries; Problem refuses other codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen.codes import CODES
from kbgen.problem import Level, Problem

KBGEN = Path(__file__).parent.parent / "kbgen"
LITERAL = re.compile(r"""["']([EW]-[a-z0-9]+(?:-[a-z0-9]+)*)["']""")


def written_codes() -> dict[str, list[str]]:
    """Every code written as a string literal in kbgen/, outside the registry, with where."""
    found: dict[str, list[str]] = {}
    for path in sorted(KBGEN.rglob("*.py")):
        if path.name == "codes.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for code in LITERAL.findall(line):
                found.setdefault(code, []).append(f"{path.relative_to(KBGEN.parent)}:{number}")
    return found


def test_every_code_written_is_registered() -> None:
    unregistered = {code: where for code, where in written_codes().items() if code not in CODES}
    assert not unregistered, f"register these in kbgen/codes.py: {unregistered}"


def test_every_registered_code_is_used() -> None:
    dead = sorted(set(CODES) - set(written_codes()))
    assert not dead, f"registered but never used: {dead}"


def test_codes_are_documented() -> None:
    for code in CODES.values():
        assert code.title and code.doc.endswith((".", ")")), code


def test_a_problem_with_an_unregistered_code_is_refused() -> None:
    with pytest.raises(ValueError, match="E-nonsense is not a registered error code"):
        Problem("f.yml", 1, 1, "", "E-nonsense", Level.ERROR, "x")
    with pytest.raises(ValueError, match="W-html is not a registered error code"):
        Problem("f.yml", 1, 1, "", "W-html", Level.ERROR, "x")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_editors_reference_lists_every_code(lang: str) -> None:
    from kbgen.publish.fieldref import code_reference

    page = code_reference(lang)
    for code in CODES.values():
        assert f"| `{code.code}` |" in page and code.title in page
