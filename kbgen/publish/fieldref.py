"""The editors' field reference, generated from the same JSON Schema editors' tools use."""

from __future__ import annotations

from typing import Any

from kbgen.codes import CODES
from kbgen.editor import json_schemas
from kbgen.publish.catalogs import prefixed

FILES = (
    ("kb.schema.json", "protocols/kb.yml"),
    ("standards.schema.json", "protocols/standards/*.yml"),
    ("faqs.schema.json", "protocols/faqs/CATEGORY.yml"),
    ("playbook.schema.json", "protocols/playbooks/KIND/ID.yml"),
)


def describe(prop: dict[str, Any], defs: dict[str, Any], words: dict[str, str], depth: int = 0) -> str:
    """A JSON Schema property as the reference's Type column, in the language of `words` (`reference.*`).

    For example "list of ID (lowercase letters, digits, hyphens)" or "one of `public`, `internal`".
    A `$ref` is its definition's name at the top (`depth` 0) and "mapping (Name)" when nested.
    """
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"{words['mapping']} ({name})" if depth else name
    if "enum" in prop:
        return f"{words['one of']} " + ", ".join(f"`{v}`" for v in prop["enum"])
    if "const" in prop:
        return f"`{prop['const']}`"
    if any(o.get("pattern", "").startswith("^[a-z0-9]") for o in prop.get("anyOf", [])):
        return words["id"]
    if "anyOf" in prop or "oneOf" in prop:
        options = [o for o in prop.get("anyOf", prop.get("oneOf", [])) if o.get("type") != "null"]
        if len(options) == 2 and options[1].get("type") == "object" and options[1].get("additionalProperties"):
            return words["text"]
        return " / ".join(describe(o, defs, words, depth + 1) for o in options)
    kind = prop.get("type")
    if prop.get("pattern", "").startswith("^[a-z0-9]"):
        return words["id"]
    if prop.get("pattern", "").startswith("^([0-9]+w)"):
        return words["duration"]
    if prop.get("format") == "date":
        return words["date"]
    if kind == "boolean":
        return words["flag"]
    if kind == "integer":
        return words["number"]
    if kind == "array":
        return f"{words['list']} {describe(prop.get('items', {}), defs, words, depth + 1)}"
    if kind == "object":
        return str(prop.get("description") or words["mapping"])
    if isinstance(kind, list):
        return words["word"]
    return str(prop.get("description") or (words.get("string", kind) if kind == "string" else kind) or "")


def model_table(
    schema: dict[str, Any], defs: dict[str, Any], words: dict[str, str], described: dict[str, Any] | None = None
) -> list[str]:
    """One object schema's fields as Markdown table rows: name, type in words with any default, required,
    and what the field is for (the description editors see on hover, from `described`: the same schema
    exported with its descriptions)."""
    lines = [
        f"| {words['field']} | {words['kind']} | {words['required']} | {words['meaning']} |",
        "| --- | --- | --- | --- |",
    ]
    required = set(schema.get("required", []))
    notes = (described or {}).get("properties", {})
    for name, prop in schema.get("properties", {}).items():
        default = prop.get("default")
        if isinstance(default, bool):
            default = str(default).lower()
        shown = f" ({words['default']}: `{default}`)" if default not in (None, [], "") else ""
        req = words["yes"] if name in required else words["no"]
        note = str(notes.get(name, {}).get("description", "")).replace("|", "/")
        lines.append(f"| `{name}` | {describe(prop, defs, words).replace('|', '/')}{shown} | {req} | {note} |")
    return lines


def field_reference(lang: str) -> str:
    """The editors' field reference as Markdown in `lang`.

    One section per YAML file kind with a table of its fields, then a table for
    each definition it uses, in alphabetical order.
    """
    words = prefixed(lang, "reference.")
    out = [f"# {words['title']}", "", words["intro"], ""]
    schemas = json_schemas()
    described = json_schemas(prefixed(lang, "field."))
    for name, where in FILES:
        schema, with_notes = schemas[name], described[name]
        defs = schema.get("$defs", {})
        root = schema.get("items", schema)
        out += [f"## `{where}`", ""]
        out += model_table(root, defs, words, with_notes.get("items", with_notes))
        out.append("")
        for def_name in sorted(defs):
            out += [f"### {def_name}", ""]
            out += model_table(defs[def_name], defs, words, with_notes["$defs"][def_name])
            out.append("")
    return "\n".join(out)


def code_reference(lang: str) -> str:
    """Every problem code of the registry, with its level and meaning (editors' reference)."""
    words = prefixed(lang, "reference.")
    out = [f"# {words['codes']}", "", words["codes.intro"], ""]
    out += [f"| {words['code']} | {words['level']} | {words['meaning']} |", "| --- | --- | --- |"]
    for code in sorted(CODES.values(), key=lambda c: c.code):
        out.append(f"| `{code.code}` | {words[code.level]} | **{code.title}.** {code.doc.replace('|', '/')} |")
    return "\n".join(out)
