"""kbgen's gettext catalogs: every shipped language complete, placeholders kept, keys in use known."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from kbgen.publish.catalogs import _read, catalog, shipped

KBGEN = Path(__file__).parent.parent / "kbgen"


def fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_es_en_and_pt_ship() -> None:
    assert {"es", "en", "pt"} <= set(shipped())


@pytest.mark.parametrize("lang", shipped())
def test_every_catalog_is_complete(lang: str) -> None:
    english, own = _read("en"), _read(lang)
    missing = sorted(set(english) - set(own))
    assert not missing, f"{lang}: {len(missing)} of {len(english)} words untranslated: {missing[:10]}"
    assert not set(own) - set(english), f"{lang} has words English lacks"


@pytest.mark.parametrize("lang", shipped())
def test_placeholders_are_kept(lang: str) -> None:
    english, own = _read("en"), _read(lang)
    for key, text in own.items():
        if key.startswith("reference.text"):
            continue  # shows YAML's {es: ..., en: ...}: no placeholders
        if key.startswith(("problem.", "field.")):  # {name} parts only (kbgen.publish.messages); braces are text
            assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", english[key])), key
            continue
        assert fields(text) == fields(english[key]), f"{lang} {key}: {text!r}"


def test_one_fallback_rule() -> None:
    assert catalog("pt-BR")["helpful"] == catalog("pt")["helpful"] != catalog("en")["helpful"]
    assert catalog("de")["helpful"] == catalog("en")["helpful"]  # no German catalog: English words


def test_every_key_the_code_asks_for_exists() -> None:
    asked = set()
    for path in KBGEN.rglob("*.py"):
        asked |= set(re.findall(r"""\.t\(\s*["']([a-z0-9_.-]+)["']""", path.read_text(encoding="utf-8")))
    for path in (KBGEN / "templates").rglob("*.j2"):
        asked |= set(re.findall(r"""\bt\(\s*["']([a-z0-9_.-]+)["']""", path.read_text(encoding="utf-8")))
    assert asked, "found no t('...') calls: the scan is broken"
    unknown = sorted(asked - set(_read("en")))
    assert not unknown, f"keys with no English words: {unknown}"
