"""What editors get besides errors: JSON Schemas for their editor and starter entries."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kbgen.read import schema
from kbgen.read.loader import load_bytes

SCHEMA_FILES: dict[str, tuple[str, Any]] = {
    "kb": ("kb.schema.json", schema.KbFile),
    "standards": ("standards.schema.json", schema.Standard),
    "faqs": ("faqs.schema.json", schema.FaqFile),
    "playbook": ("playbook.schema.json", schema.Playbook),
}
DEFAULT_SCHEMA_DIR = "schemas"

# The words `kbgen new` writes where the editor's own go. They have one owner, here: the starter
# entries below are written from them, and `kbgen validate` refuses to publish a text still
# equal to one of them (E-placeholder). `kbgen init`'s project holds real example content instead.
FAQ_QUESTION = {"es": "¿Pregunta del cliente?", "en": "The customer's question?"}
FAQ_ANSWER = {
    "es": "Respuesta en Markdown. Cite promesas con {std:ID} y canales con {channel:ID}.",
    "en": "Answer in Markdown. Quote promises with {std:ID} and channels with {channel:ID}.",
}
STANDARD_TITLE = {"es": "Título del estándar", "en": "Standard title"}
PLAYBOOK_TITLE = {"es": "Título del protocolo", "en": "Playbook title"}
PLAYBOOK_SUMMARY = {
    "es": "En una frase, para qué sirve este protocolo.",
    "en": "In one sentence, what this playbook is for.",
}
PLAYBOOK_TRIGGER = {"es": "Cuándo se usa.", "en": "When to use it."}
PLAYBOOK_STEP = {"es": "Saludar y confirmar que recibimos el caso.", "en": "Greet and confirm we received the case."}

STARTER_TEXTS: dict[str, frozenset[str]] = {
    field: frozenset(text for words in groups for text in words.values())
    for field, groups in {
        "question": [FAQ_QUESTION],
        "answer": [FAQ_ANSWER],
        "title": [STANDARD_TITLE, PLAYBOOK_TITLE],
        "summary": [PLAYBOOK_SUMMARY],
        "trigger": [PLAYBOOK_TRIGGER],
        "do": [PLAYBOOK_STEP],
    }.items()
}
"""By field name: the texts `kbgen new` writes in that field, which must never be published."""


def json_schemas(
    descriptions: Mapping[str, str] | None = None, examples: Mapping[str, list[Any]] | None = None
) -> dict[str, dict[str, Any]]:
    """One JSON Schema per kind of file, generated from the same models that validate.

    `descriptions` (kbgen's `field.*` words in one language, keyed `Model.field`, or `field` for a
    field that means the same in every model) become each property's description: editors' tools
    show them on hover. The model classes stay free of prose; the catalogs hold it once per language.
    `examples` (keyed `Model.field`) become each property's `examples`.
    """
    out: dict[str, dict[str, Any]] = {}
    for kind, (name, model) in SCHEMA_FILES.items():
        body = model.model_json_schema(mode="validation")
        if descriptions is not None or examples is not None:
            _describe(model.__name__, body, descriptions or {}, examples or {})
            for def_name, definition in body.get("$defs", {}).items():
                _describe(def_name, definition, descriptions or {}, examples or {})
        if kind == "standards":
            defs = body.pop("$defs", {})
            body = {"type": "array", "items": body, "$defs": defs} if defs else {"type": "array", "items": body}
        doc = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": name,
            "title": f"kbgen {kind} file",
            **body,
        }
        out[name] = doc
    return out


def _describe(model: str, schema: Any, descriptions: Mapping[str, str], examples: Mapping[str, list[Any]]) -> None:
    """Describe the properties of `schema` (of `model`), and of the mappings written inline in them."""
    if isinstance(schema, list):
        for part in schema:
            _describe(model, part, descriptions, examples)
        return
    if not isinstance(schema, dict):
        return
    for field, prop in schema.get("properties", {}).items():
        text = descriptions.get(f"{model}.{field}") or descriptions.get(field)
        if text:
            prop["description"] = text
        if f"{model}.{field}" in examples:
            prop["examples"] = examples[f"{model}.{field}"]
        for key in ("anyOf", "oneOf", "items"):
            _describe(model, prop.get(key), descriptions, examples)
    for key in ("anyOf", "oneOf", "items"):
        _describe(model, schema.get(key), descriptions, examples)


def write_schemas(
    out_dir: Path, descriptions: Mapping[str, str] | None = None, examples: Mapping[str, list[Any]] | None = None
) -> list[Path]:
    """Write every JSON Schema into `out_dir` (what `kbgen schema` does), its properties described
    with `descriptions` and `examples` (see `json_schemas`); return the files written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, doc in json_schemas(descriptions, examples).items():
        path = out_dir / name
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def schema_comment(target: Path, root: Path, name: str) -> str:
    """The first line of a new YAML file: a yaml-language-server comment with its schema, relative to `target`."""
    rel = os.path.relpath(root / DEFAULT_SCHEMA_DIR / name, target.parent)
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}\n"


def starter_faq(item_id: str, indent: int) -> str:
    """A draft FAQ entry for `kbgen new faq`, indented by `indent` spaces to sit in a file's `faqs:` list."""
    pad = " " * indent
    return (
        f"{pad}# New FAQ, written by `kbgen new faq`. It is a draft: validated, never published.\n"
        f"{pad}# Write the question and the answer, then delete the draft line to publish it.\n"
        f"{pad}- id: {item_id}\n"
        f"{pad}  draft: true\n"
        f"{pad}  question:\n"
        f'{pad}    es: "{FAQ_QUESTION["es"]}"\n'
        f'{pad}    en: "{FAQ_QUESTION["en"]}"\n'
        f"{pad}  answer:\n"
        f"{pad}    es: |\n"
        f"{pad}      {FAQ_ANSWER['es']}\n"
        f"{pad}    en: |\n"
        f"{pad}      {FAQ_ANSWER['en']}\n"
        f"{pad}  # tags: [palabra]          # words customers search with\n"
        f"{pad}  # featured: true           # show it on the home page\n"
        f"{pad}  # related: [other-faq-id]  # FAQs, playbooks or standards\n"
        f"{pad}  # owner: team-name\n"
        f"{pad}  # reviewed: YYYY-MM-DD\n"
    )


def starter_standard(item_id: str) -> str:
    """A draft standard for `kbgen new standard`, as one entry to append to a standards file."""
    return (
        "# New standard, written by `kbgen new standard`. A draft: validated, never published.\n"
        f"- id: {item_id}\n"
        "  draft: true\n"
        f"  title: {{es: {STANDARD_TITLE['es']}, en: {STANDARD_TITLE['en']}}}\n"
        "  metric: first_response      # acknowledgement, first_response, resolution, wait_time, delivery, ...\n"
        "  target: 2h                  # a duration (2h, 1h30m, 3d), a percentage (3%) or a score (8.5/10)\n"
        "  goal: 90%                   # share of cases that must meet the target\n"
        "  clock: 24x7                 # or a calendar ID from kb.yml: business time\n"
        "  audience: internal          # public = a promise shown to customers\n"
        "  # channels: [chat]\n"
        "  # measured: when the clock starts, pauses and stops\n"
        "  # owner: team-name\n"
        "  # reviewed: YYYY-MM-DD\n"
    )


def starter_playbook(item_id: str, kind: str) -> str:
    """A whole draft playbook file of `kind` for `kbgen new playbook`."""
    return (
        f"id: {item_id}                 # equals the file name\n"
        f"kind: {kind}                  # daily | crisis | recovery | customer-type\n"
        "draft: true                   # validated, never published; delete this line to publish\n"
        f"title: {{es: {PLAYBOOK_TITLE['es']}, en: {PLAYBOOK_TITLE['en']}}}\n"
        "summary:\n"
        f"  es: {PLAYBOOK_SUMMARY['es']}\n"
        f"  en: {PLAYBOOK_SUMMARY['en']}\n"
        "trigger:\n"
        f"  es: {PLAYBOOK_TRIGGER['es']}\n"
        f"  en: {PLAYBOOK_TRIGGER['en']}\n"
        "roles:\n"
        "  - {id: agent, title: {es: Asesor, en: Agent}}\n"
        "steps:                        # in order; within counts from the start of the case\n"
        "  - id: acknowledge\n"
        f"    do: {{es: {PLAYBOOK_STEP['es']}, en: {PLAYBOOK_STEP['en']}}}\n"
        "    role: agent\n"
        "    within: 15m\n"
        "  # - do: ...\n"
        "  #   after: acknowledge      # counts within from that step\n"
        "  #   template: my-reply      # a canned reply below\n"
        "# templates:\n"
        "#   - id: my-reply\n"
        "#     title: {es: Respuesta, en: Reply}\n"
        "#     channel: email\n"
        "#     body: |\n"
        "#       Hola {{ customer_name }}, ...\n"
        "# escalate:\n"
        "#   - {when: {es: ..., en: ...}, to: agent, within: 1h}\n"
        "# owner: team-name\n"
        "# reviewed: YYYY-MM-DD\n"
    )


def parses(text: str) -> bool:
    """Whether `text` reads as YAML without problems, so `kbgen new` never leaves a file broken."""
    return load_bytes(text.encode("utf-8"), "new").ok
