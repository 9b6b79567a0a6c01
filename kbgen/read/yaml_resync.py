"""After a YAML syntax error, read the rest of the file where the parser can start again.

libyaml stops at the first syntax error, so one unquoted `: ` used to hide every other mistake
of its file. Block YAML is laid out by indentation, so a file splits into its entries without a
parser: each top-level key of a mapping, each `- ` entry of a list. Each entry is parsed on its
own (the lines before it blanked, so every line and column stays where the editor wrote it); an
entry that fails is split the same way one level down (a list under a key, the fields of a list
entry), until the part that fails is as small as the layout allows. That part becomes an
`Unparsed` node with its own E-yaml error; everything around it is data, checked as usual.

Flow collections (`{...}`, `[...]`) and block scalars are never split: they fail as one entry.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from kbgen.problem import Level, Problem
from kbgen.read.source_map import Loaded, PathKey, SourceMap, Unparsed, dotted
from kbgen.read.yaml_events import Builder

_KEY = re.compile(r" *(?:\"([^\"\\]*)\"|'([^']*)'|([^\s#'\"{\[&*!|>%@`-][^#]*?|-[^\s#][^#]*?)) *:(?:[ \t]|$)")
_ID = re.compile(r"^[ \t-]*id:[ \t]*[\"']?([a-z0-9][a-z0-9-]*)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)
_MAX_PARTS = 20_000  # a file of many broken entries is read as far as this many parses


def resync(file: str, text: str, failed: Loaded) -> Loaded:
    """`failed` (the whole-file read that stopped at a syntax error) read again part by part; the
    same `failed` when the layout does not split (it then still names the IDs written in it)."""
    reader = _Resync(file, text)
    data = reader.block(0, len(reader.lines), (), 0)
    errors = [p for p in reader.problems if p.level is Level.ERROR]
    if data is None or not errors or reader.parses > _MAX_PARTS:
        return Loaded(file, None, failed.source, failed.problems, unparsed_ids=ids_in(text, 0))
    source = SourceMap(file, text)
    for part in reader.parts:
        for path, pos in part.values.items():
            source.values.setdefault(path, pos)
        for path, pos in part.keys.items():
            source.keys.setdefault(path, pos)
    source.spans.update(reader.spans)
    problems = reader.problems
    if not any(p.code == "E-yaml" for p in problems):  # the syntax error is never lost
        problems = [p for p in failed.problems if p.code == "E-yaml"] + problems
    return Loaded(file, data, source, problems, partial=True, unparsed_ids=reader.ids)


def ids_in(text: str, first_line: int) -> dict[str, int]:
    """The IDs written as `id: ...` lines in `text` (whose first line is line `first_line` + 1)."""
    return {m.group(1): first_line + text.count("\n", 0, m.start()) + 1 for m in _ID.finditer(text)}


class _Resync:
    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.problems: list[Problem] = []
        self.parts: list[SourceMap] = []
        self.spans: dict[PathKey, tuple[int, int]] = {}
        self.ids: dict[str, int] = {}
        self.parses = 0

    def block(self, lo: int, hi: int, prefix: PathKey, indent: int) -> dict[str, Any] | list[Any] | None:
        """The mapping or list written at `indent` on lines lo..hi, entry by entry; None when the
        lines are not laid out as one (then the caller keeps its own error)."""
        content = [i for i in range(lo, hi) if _content(self.lines[i])]
        if not content:
            return None
        first = self.lines[content[0]]
        if _indent(first) != indent or first.lstrip(" ").startswith(("---", "...", "%")):
            return None
        is_list = _is_item(first[indent:])
        if not is_list and not _KEY.match(first):
            return None  # a flow collection or text: nothing to split
        heads = [
            i
            for i in content
            if _indent(self.lines[i]) == indent
            and not _tabbed(self.lines[i])
            and _is_item(self.lines[i][indent:]) == is_list
        ]
        if any(_indent(self.lines[i]) < indent and not _tabbed(self.lines[i]) for i in content):
            return None
        bounds = [*heads, hi]
        out: dict[str, Any] | list[Any] = [] if is_list else {}
        for n, start in enumerate(heads):
            end = bounds[n + 1]
            if isinstance(out, list):
                out.append(self.item(start, end, prefix, indent, len(out)))
            else:
                key, value = self.field(start, end, prefix, indent)
                if key in out:
                    line = start + 1
                    self.problems.append(
                        Problem(
                            self.file,
                            line,
                            indent + 1,
                            dotted((*prefix, key)),
                            "E-duplicate-key",
                            Level.ERROR,
                            f'duplicate key "{key}"',
                            "keep one of them; YAML would silently keep only the last",
                        )
                    )
                    continue
                out[key] = value
        return out

    def item(self, lo: int, hi: int, prefix: PathKey, indent: int, index: int) -> Any:
        """Entry `index` of a list, on lines lo..hi."""
        loaded = self.parse(lo, hi, prefix, index)
        if loaded is not None and loaded.ok and isinstance(loaded.data, list) and len(loaded.data) == 1:
            self.keep(loaded, lo)
            return loaded.data[0]
        line = self.lines[lo]
        after = line[indent + 1 :]
        inner = indent + 1 + (len(after) - len(after.lstrip(" ")))
        here = (*prefix, index)
        if _content(line[inner:]) and not _KEY.match(line[inner:]):  # `- {...}`, `- text`: the smallest part
            return self.fail(lo, hi, loaded, here)
        if _content(line[inner:]):  # `- key: value ...`: the fields of the entry, one by one
            saved = line
            self.lines[lo] = line[:indent] + " " * (inner - indent) + line[inner:]
            value = self.nested(lo, hi, here, inner, loaded)
            self.lines[lo] = saved
            return value
        return self.nested(lo + 1, hi, here, _child_indent(self.lines, lo + 1, hi), loaded)

    def field(self, lo: int, hi: int, prefix: PathKey, indent: int) -> tuple[str, Any]:
        """One `key: value` of a mapping, on lines lo..hi."""
        loaded = self.parse(lo, hi, prefix, 0)
        if loaded is not None and loaded.ok and isinstance(loaded.data, dict) and len(loaded.data) == 1:
            self.keep(loaded, lo)
            [(key, value)] = loaded.data.items()
            return key, value
        line = self.lines[lo]
        match = _KEY.match(line)
        key = next((g for g in match.groups() if g is not None), "") if match else ""
        if not key:
            return f"<line {lo + 1}>", self.fail(lo, hi, loaded, (*prefix, f"<line {lo + 1}>"))
        here = (*prefix, key)
        rest = line[match.end() :].strip() if match else ""
        if rest and not rest.startswith("#"):  # a value on the key's own line: the smallest part
            return key, self.fail(lo, hi, loaded, here)
        child = _child_indent(self.lines, lo + 1, hi)
        if child < indent or (child == indent and not _is_item(self.lines[_first(self.lines, lo + 1, hi)][child:])):
            return key, self.fail(lo, hi, loaded, here)
        return key, self.nested(lo + 1, hi, here, child, loaded)

    def nested(self, lo: int, hi: int, here: PathKey, indent: int, loaded: Loaded | None) -> Any:
        """The value at `here`, read one level down; Unparsed (and the entry's own error) when that
        level does not split or holds no error of its own."""
        if indent < 0:
            return self.fail(lo, hi, loaded, here)
        before = len(self.problems)
        value = self.block(lo, hi, here, indent)
        if value is None or not any(p.level is Level.ERROR for p in self.problems[before:]):
            del self.problems[before:]
            return self.fail(lo, hi, loaded, here)
        return value

    def fail(self, lo: int, hi: int, loaded: Loaded | None, here: PathKey) -> Unparsed:
        """The part on lines lo..hi, at `here`, as Unparsed, with the errors of reading it alone."""
        unsure = not here or (isinstance(here[-1], str) and here[-1].startswith("<line "))
        field = dotted(here[:-1] if unsure else here)
        if loaded is not None:
            self.problems.extend(replace(p, field=p.field or field) for p in loaded.problems)
        if loaded is None or loaded.ok:  # it reads alone (a bare `text` line) but not where it stands
            line = self.lines[lo]
            self.problems.append(
                Problem(
                    self.file,
                    lo + 1,
                    _indent(line) + 1,
                    field,
                    "E-yaml",
                    Level.ERROR,
                    "a line without `key: value` inside a mapping",
                    "check the indentation, or quote a value spanning lines",
                )
            )
        self.ids.update(ids_in("".join(self.lines[lo:hi]), lo))
        return Unparsed(wide=unsure or any(_tabbed(line) for line in self.lines[lo:hi] if _content(line)))

    def parse(self, lo: int, hi: int, prefix: PathKey, index: int) -> Loaded | None:
        self.parses += 1
        if self.parses > _MAX_PARTS:
            return None
        text = "\n" * lo + "".join(self.lines[lo:hi])
        return Builder(self.file, text, prefix, index).build()

    def keep(self, loaded: Loaded, lo: int) -> None:
        self.problems.extend(loaded.problems)  # warnings only
        self.parts.append(loaded.source)
        shift = self.starts[lo] - lo  # the blanked lines are one character each
        for path, (start, end) in loaded.source.spans.items():
            self.spans[path] = (start + shift, end + shift)


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _tabbed(line: str) -> bool:
    """Whether a tab stands in the line's indentation (the line then belongs to the entry above)."""
    return line[_indent(line)] == "\t"


def _is_item(rest: str) -> bool:
    return rest.startswith("-") and (len(rest) == 1 or rest[1] in " \t\r\n")


def _first(lines: list[str], lo: int, hi: int) -> int:
    return next((i for i in range(lo, hi) if _content(lines[i])), lo)


def _child_indent(lines: list[str], lo: int, hi: int) -> int:
    """The indentation of the first line of content in lo..hi; -1 when none, or when a tab indents it."""
    for i in range(lo, hi):
        if _content(lines[i]):
            return -1 if _tabbed(lines[i]) else _indent(lines[i])
    return -1
