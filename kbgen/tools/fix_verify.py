"""`kbgen fix` reading YAML: where a line stands (quoted text, a block scalar, a value's start).

Also the check every fixed file must pass before a fix is kept (`verified`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from kbgen.read.source_map import Loaded, PathKey
from kbgen.read.yaml_stream import events as _events


def prefix_reads(lines: Sequence[str]) -> bool:
    """Whether these lines, alone, are YAML without a syntax error (so the next line starts
    outside quoted text and flow collections)."""
    try:
        for _ in _events("\n".join(lines) + "\n"):
            pass
    except yaml.YAMLError:
        return False
    return True


def in_block_scalar(lines: Sequence[str]) -> bool:
    """Whether the last value of these lines is a block scalar (| or >), so the next line may be
    part of its text."""
    last: Any = None
    try:
        for event in _events("\n".join(lines) + "\n"):
            if isinstance(event, yaml.ScalarEvent):
                last = event
            elif isinstance(event, yaml.CollectionStartEvent):
                last = None  # the end events that close everything at the end of text keep it
    except yaml.YAMLError:
        return True
    return last is not None and last.style in ("|", ">")


def scalar_starts_line(loaded: Loaded, line: int) -> bool:
    """Whether a one-line value begins on `line` (so the rest of that line is the whole value)."""
    source = loaded.source
    for path, (at_line, _col) in source.values.items():
        if at_line != line:
            continue
        span = source.spans.get(path)
        if span is not None and "\n" not in source.text[span[0] : span[1]]:
            return True
    return False


def _flatten(data: Any, path: PathKey = ()) -> dict[PathKey, Any]:
    if isinstance(data, dict):
        out: dict[PathKey, Any] = {(*path, "{}"): sorted(data)}
        for key, value in data.items():
            out.update(_flatten(value, (*path, key)))
        return out
    if isinstance(data, list):
        out = {(*path, "[]"): len(data)}
        for i, value in enumerate(data):
            out.update(_flatten(value, (*path, i)))
        return out
    return {path: data}


def verified(before: Loaded, after: Loaded, intended: dict[int, str]) -> bool:
    """The fixed file loads without a syntax error, its quoted values read as meant, and every
    other value reads as before (where the original loaded at all)."""
    if after.data is None or any(p.code in ("E-yaml", "E-comment") for p in after.problems):
        return False
    new = _flatten(after.data)
    quoted: set[PathKey] = set()
    for line, text in intended.items():
        here = [path for path, (at, _c) in after.source.values.items() if at == line and new.get(path) == text]
        if not here:
            return False
        quoted.update(here)
    if before.data is None or any(p.code == "E-yaml" for p in before.problems):
        return True

    def kept(values: dict[PathKey, Any]) -> dict[PathKey, Any]:
        return {k: v for k, v in values.items() if not any(k[:n] in quoted for n in range(len(k) + 1))}

    return kept(_flatten(before.data)) == kept(new)
