"""The examples of the editors' JSON Schemas, taken from real content.

Every property's example comes from the first file that writes it, in the example knowledge base
(`protocols/`), then the charter projects (`tests/charters/*/protocols`, sentences of published
charters), then the corpus' base project: the data is walked beside its schema, so an example is
what an editor actually wrote for that field of that kind of item. The few fields none of them
writes have examples written by hand in `kbgen/assets/schema_examples_written.yml`. Long values are
cut down to something that fits a hover (a list's first entry, or two of a list of words).

`KBGEN_UPDATE_EXAMPLES=1 pytest tests/test_schema_examples.py` rewrites
`kbgen/assets/schema_examples.json`; review its diff like a golden file.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from kbgen import editor
from kbgen.read.loader import load_bytes

ROOT = Path(__file__).resolve().parent.parent
ASSET = ROOT / "kbgen" / "assets" / "schema_examples.json"
WRITTEN = ROOT / "kbgen" / "assets" / "schema_examples_written.yml"
ROOT_MODELS = {kind: model.__name__ for kind, (_name, model) in editor.SCHEMA_FILES.items()}
FILES = {kind: name for kind, (name, _model) in editor.SCHEMA_FILES.items()}


def projects() -> list[Path]:
    """Where examples come from, first to last."""
    charters = sorted((ROOT / "tests" / "charters").glob("*/protocols"))
    return [ROOT / "protocols", *charters, ROOT / "tests" / "cases" / "_base" / "protocols"]


def kind_of(rel: Path) -> str | None:
    """The kind of a file under protocols/, by where it stands."""
    if rel.as_posix() == "kb.yml":
        return "kb"
    return {"faqs": "faqs", "standards": "standards", "playbooks": "playbook"}.get(rel.parts[0])


def _objects(schema: Any, doc: dict[str, Any], model: str) -> list[tuple[str, dict[str, Any]]]:
    """The (model name, object schema) options of `schema`: $refs followed, anyOf opened."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return _objects(doc["$defs"][name], doc, name)
    found = [(model, schema)] if "properties" in schema else []
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            found += _objects(part, doc, model)
    return found


def _item_schemas(schema: Any, doc: dict[str, Any]) -> list[Any]:
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        return _item_schemas(doc["$defs"][schema["$ref"].rsplit("/", 1)[-1]], doc)
    found = [schema["items"]] if schema.get("type") == "array" and "items" in schema else []
    for key in ("anyOf", "oneOf"):
        for part in schema.get(key, []):
            found += _item_schemas(part, doc)
    return found


def _short(value: Any) -> Any:
    if isinstance(value, list):  # a list of mappings: one entry; of words: two
        return [_short(v) for v in value[: 1 if value and isinstance(value[0], dict) else 2]]
    if isinstance(value, dict):
        return {k: _short(v) for k, v in value.items()}
    return value


def _json(value: Any) -> Any:
    """The value as JSON writes it: kbgen reads every YAML scalar as text, a schema types some."""
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if value in ("true", "false"):
        return value == "true"
    if isinstance(value, str) and value.isdigit() and not value.startswith("0"):
        return int(value)
    return value


def _example(value: Any, prop: dict[str, Any], doc: dict[str, Any]) -> Any:
    """`value` cut short, typed as JSON where its schema wants it so (`true`, `2`), else as written."""
    short = _short(value)
    typed = _json(short)
    schema = {**prop, "$defs": doc.get("$defs", {})}
    return typed if jsonschema.Draft202012Validator(schema).is_valid(typed) else short


def _walk(data: Any, schema: Any, doc: dict[str, Any], model: str, found: dict[str, Any]) -> None:
    if isinstance(data, dict):
        for owner, obj in _objects(schema, doc, model):
            for key, value in data.items():
                if key in obj["properties"]:
                    if f"{owner}.{key}" not in found:
                        found[f"{owner}.{key}"] = _example(value, obj["properties"][key], doc)
                    _walk(value, obj["properties"][key], doc, owner, found)
    elif isinstance(data, list):
        for items in _item_schemas(schema, doc):
            for value in data:
                _walk(value, items, doc, model, found)


def harvest() -> dict[str, Any]:
    """`Model.field` → an example, from real content first, then the hand-written ones."""
    schemas = editor.json_schemas()
    found: dict[str, Any] = {}
    for project in projects():
        for path in sorted(project.rglob("*.yml")):
            kind = kind_of(path.relative_to(project))
            loaded = load_bytes(path.read_bytes(), path.name)
            if kind is None or not loaded.ok:
                continue
            doc = schemas[FILES[kind]]
            _walk(loaded.data, doc, doc, ROOT_MODELS[kind], found)
    written = yaml.safe_load(WRITTEN.read_text(encoding="utf-8"))
    for key, value in written.items():
        assert key not in found, f"{key} is in real content now: delete it from {WRITTEN.name}"
        found[key] = value
    return dict(sorted(found.items()))


def properties() -> list[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """Every (file, Model.field, property schema, its document) of the exported schemas."""
    out = []
    for name, doc in editor.json_schemas().items():
        roots: list[tuple[str, Any]] = [(ROOT_MODELS[k], doc) for k, n in FILES.items() if n == name]
        roots += list(doc.get("$defs", {}).items())
        for model, schema in roots:
            for owner, obj in _objects(schema, doc, model):
                for key, prop in obj["properties"].items():
                    out.append((name, f"{owner}.{key}", prop, doc))
    return out


def write() -> None:
    ASSET.write_text(json.dumps(harvest(), ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
