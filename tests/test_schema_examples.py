"""Every property of the editors' JSON Schemas has an example that the schema itself accepts."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from schema_examples import ASSET, harvest, properties, write

from kbgen import editor
from kbgen.publish import messages

ROOT = Path(__file__).parent.parent


def test_the_examples_are_harvested_from_real_content() -> None:
    if os.environ.get("KBGEN_UPDATE_EXAMPLES"):
        write()
    assert json.loads(ASSET.read_text(encoding="utf-8")) == harvest(), (
        "kbgen/assets/schema_examples.json is stale: KBGEN_UPDATE_EXAMPLES=1 pytest tests/test_schema_examples.py"
    )


def test_every_property_has_an_example_its_schema_accepts() -> None:
    examples = json.loads(ASSET.read_text(encoding="utf-8"))
    missing, refused = [], []
    for name, key, prop, doc in properties():
        if key not in examples:
            missing.append(f"{name}: {key}")
            continue
        schema: dict[str, Any] = {**prop, "$defs": doc.get("$defs", {})}
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(examples[key]))
        if errors:
            refused.append(f"{name}: {key} = {examples[key]!r}: {errors[0].message}")
    assert missing == [] and refused == []


@pytest.mark.parametrize(("lang", "plain"), [("es", "Antes de comprar"), ("en", "Before you buy")])
def test_a_text_example_is_shown_in_the_editors_language_first(lang: str, plain: str, tmp_path: Path) -> None:
    editor.write_schemas(tmp_path, messages.schema_words(lang), messages.schema_examples(lang))
    faqs = json.loads((tmp_path / "faqs.schema.json").read_text(encoding="utf-8"))
    title = faqs["$defs"]["Category"]["properties"]["title"]
    assert title["examples"] == [plain, {"es": "Antes de comprar", "en": "Before you buy"}]


def test_the_committed_schemas_carry_the_examples() -> None:
    """What `kbgen schema` writes for this project: typed as the editor inserts them."""
    faqs = json.loads((ROOT / "schemas" / "faqs.schema.json").read_text(encoding="utf-8"))
    faq = faqs["$defs"]["Faq"]["properties"]
    assert faq["featured"]["examples"] == [True]
    assert faq["reviewed"]["examples"] == ["2026-10-01"]
    assert faqs["properties"]["category"]["examples"][0]["id"] == "antes-de-comprar"
