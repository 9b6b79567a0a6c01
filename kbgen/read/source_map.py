"""Located data: what one YAML file holds, where each node stands, and the Problems found."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from kbgen.problem import Level, Problem

PathKey = tuple[str | int, ...]
Data = dict[str, Any] | list[Any] | str | None


@dataclass
class SourceMap:
    """Where every node of one file stands, by its path in the data."""

    file: str
    text: str
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    spans: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    _line_starts: list[int] = field(default_factory=list)

    def position(self, path: PathKey, *, key: bool = False) -> tuple[int, int]:
        """The 1-based position of the node at `path`, else of its nearest ancestor."""
        probe = path
        while True:
            if key and probe in self.keys:
                return self.keys[probe]
            if probe in self.values:
                return self.values[probe]
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def offset_position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of character `offset` in the file's text."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def find_in_scalar(self, path: PathKey, needle: str) -> tuple[int, int]:
        """Where `needle` is written inside the scalar at `path` (its start if not found)."""
        span = self.spans.get(path)
        if span is not None:
            at = self.text.find(needle, span[0], span[1] + len(needle))
            if at >= 0:
                return self.offset_position(at)
        return self.position(path)


class Unparsed(dict[str, Any]):
    """Where a part of a file could not be parsed (its E-yaml error is reported): an empty mapping,
    so validation sees a node of the right place and kbgen.read.validate drops what it says there."""

    def __init__(self, wide: bool = False) -> None:
        super().__init__()
        self.wide = wide  # its lines may hold its siblings too (a tab hides where a field starts)

    def __repr__(self) -> str:
        return "Unparsed()"


@dataclass
class Loaded:
    """One file as read: its data (None when any Problem is an error, unless `partial`), its positions
    and its Problems.

    `partial`: a syntax error or a refused construct (tag, anchor, duplicate key...) was found, and
    the data holds what was read around it, with an `Unparsed` where each failed part stood.
    `unparsed_ids`: the IDs written in the parts that could not be read (by line), so references to
    them are reported as such, not as unknown.
    """

    file: str
    data: Data
    source: SourceMap
    problems: list[Problem]
    partial: bool = False
    unparsed_ids: dict[str, int] = field(default_factory=dict)
    # What kbgen.read.reader made of this file, by kind and languages: a file whose bytes did not
    # change is the same Loaded (the parse cache's), and is not validated again.
    read: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Whether none of the file's Problems is an error."""
        return not any(p.level is Level.ERROR for p in self.problems)


def unparsed_paths(data: Any, base: PathKey = ()) -> list[tuple[PathKey, bool]]:
    """The path of every `Unparsed` node in `data`, and whether it is `wide`."""
    if isinstance(data, Unparsed):
        return [(base, data.wide)]
    out: list[tuple[PathKey, bool]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.extend(unparsed_paths(value, (*base, key)))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.extend(unparsed_paths(value, (*base, i)))
    return out


def dotted(path: PathKey) -> str:
    """`path` written as editors read it: ``faqs[2].answer``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
