"""Validate data against the schema, mapping each pydantic finding to a located Problem.

pydantic's error location is walked back through the data to the node it is about, so the
Problem names the line and column of the field (or of its key, for an unknown field).
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from kbgen.problem import Level, Problem, Problems
from kbgen.read import schema
from kbgen.read.source_map import Loaded, PathKey, dotted, unparsed_paths

M = TypeVar("M", bound=BaseModel)


class Validator:
    """Validates data of loaded files, adding what is wrong to `problems`."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        self.context: dict[str, Any] = {"languages": None}

    def error(self, loaded: Loaded, path: PathKey, code: str, message: str, hint: str = "", key: bool = False) -> None:
        """An error at the node `path` of `loaded` (at its key when `key`)."""
        line, col = loaded.source.position(path, key=key)
        self.problems.add(Problem(loaded.file, line, col, dotted(path), code, Level.ERROR, message, hint))

    def unknown_field(self, loaded: Loaded, path: PathKey, name: str, allowed: list[str]) -> None:
        """E-unknown-field at the key `name`, suggesting the closest of `allowed`."""
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else f"allowed here: {', '.join(allowed)}"
        self.error(loaded, path, "E-unknown-field", f'unknown field "{name}"', hint, key=True)

    def validate(
        self, cls: type[M], data: Any, loaded: Loaded, base: PathKey, report: bool = True
    ) -> tuple[M | None, list[Problem]]:
        """`data` (found at `base` in `loaded`) as a `cls`, or None and the Problems added (none unless `report`)."""
        before = len(self.problems.items)
        try:
            return cls.model_validate(data, context=self.context), []
        except ValidationError as exc:
            if report:
                holes = unparsed_paths(data)
                for err in exc.errors(include_url=False):
                    if not holes or not _about_a_hole(cls, data, err, holes):
                        self._report(cls, err, data, loaded, base)
            return None, self.problems.items[before:]

    def _report(self, cls: type[BaseModel], err: Any, data: Any, loaded: Loaded, base: PathKey) -> None:
        rel, _model = _resolve(cls, data, err["loc"])
        _parent_rel, parent = _resolve(cls, data, err["loc"][:-1]) if err["loc"] else ((), cls)
        name = str(err["loc"][-1]) if err["loc"] else ""
        required = parent is not None and name in parent.model_fields and parent.model_fields[name].is_required()
        path = (*base, *rel)
        kind = err["type"]
        ctx = err.get("ctx") or {}
        for item in ctx.get("errors") or []:  # several findings inside one field (a calendar's week)
            sub = (*path, item["key"]) if "key" in item else (*path, item["field"])
            self.error(loaded, sub, item["code"], item["message"], item["hint"], key="key" in item)
        if ctx.get("errors"):
            return
        if ctx.get("field"):
            path = (*path, ctx["field"])
        if ctx.get("key"):
            self.error(loaded, (*path, ctx["key"]), kind, err["msg"], ctx.get("hint", ""), key=True)
        elif kind == "missing":
            self.error(loaded, path, "E-required", f'missing required field "{path[-1]}"', f"add {path[-1]}: ...")
        elif kind == "extra_forbidden":
            allowed = list(parent.model_fields) if parent is not None else []
            self.unknown_field(loaded, path, str(path[-1]), allowed)
        elif kind == "E-empty" and required and not ctx.get("field"):
            self.error(loaded, path, kind, err["msg"], f"write the {name}; this field is required")
        elif kind.startswith("E-"):
            self.error(loaded, path, kind, err["msg"], ctx.get("hint", ""))
        elif kind == "too_short":
            hint = "add an entry; this field is required" if required else "add an entry, or delete the field"
            self.error(loaded, path, "E-required", "needs at least one entry", hint)
        else:
            value = err.get("input")
            if value is None:
                hint = f"write the {name}; this field is required" if required else "write a value, or delete the line"
                self.error(loaded, path, "E-empty", "has no value", hint)
            else:
                expected = {
                    "string_type": "text",
                    "list_type": "a list",
                    "dict_type": "a mapping",
                    "model_type": "a mapping",
                    "model_attributes_type": "a mapping",
                }.get(kind)
                if expected:
                    self.error(
                        loaded,
                        path,
                        "E-type",
                        f"expected {expected}, got {schema.describe(value)}",
                        _type_hint(expected),
                    )
                else:
                    self.error(loaded, path, "E-schema", err["msg"])


def _about_a_hole(cls: type[BaseModel], data: Any, err: Any, holes: list[tuple[PathKey, bool]]) -> bool:
    """Whether a finding is about a part that could not be parsed (its E-yaml error says it all):
    inside it, a field missing beside it, or the whole that holds it."""
    rel, _model = _resolve(cls, data, err["loc"])
    for hole, wide in holes:
        if rel[: len(hole)] == hole or (len(rel) < len(hole) and hole[: len(rel)] == rel):
            return True
        if err["type"] == "missing" and rel[:-1] == hole[:-1] and wide:
            return True
    return False


def _type_hint(expected: str) -> str:
    return {
        "a list": "write one entry per line, each starting with `- `",
        "a mapping": "write `field: value` lines, indented under this one",
        "text": "write the text on the same line, or after `|` on the lines below",
    }.get(expected, "")


def _resolve(cls: type[BaseModel], data: Any, loc: tuple[Any, ...]) -> tuple[PathKey, type[BaseModel] | None]:
    """Turn pydantic's error location into a data path, and the model holding the last field."""
    path: list[str | int] = []
    model: type[BaseModel] | None = cls
    current = data
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current:
            path.append(part)
            current = current[part]
            model = _field_model(model, part)
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            path.append(part)
            current = current[part]
        elif (
            isinstance(part, str)
            and part in ("ref", "level", "function-plain", "function-after", "function-before", "tagged-union")
        ) or (isinstance(part, str) and (part.startswith(("list[", "dict[", "str", "Annotated")) or _internal(part))):
            continue
        else:
            path.append(part)
            break
    return tuple(path), model


def _internal(part: str) -> bool:
    """pydantic's own name for a member of a union or a validator (`function-plain[validate()]`,
    `tagged-union[...]`): never a field an editor wrote, so never in a message."""
    return part.startswith(("function-", "tagged-union", "union[", "nullable[", "definition-ref")) or (
        "[" in part and part.endswith("]") and "(" in part
    )


def _field_model(model: type[BaseModel] | None, name: str) -> type[BaseModel] | None:
    if model is None or name not in model.model_fields:
        return None
    return _inner_model(model.model_fields[name].annotation)


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    if origin is not None and origin is not annotation:
        return _inner_model(origin)
    return None
