"""Build plain data and positions from libyaml's parser events (see kbgen.read.loader).

Anchors, aliases, merge keys, tags, extra documents, nesting past MAX_DEPTH, duplicate keys
and comments glued to a value are refused here, where the event stands.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from kbgen.problem import Level, Problem
from kbgen.read.source_map import Data, Loaded, PathKey, SourceMap, dotted
from kbgen.read.yaml_errors import GLUED_COMMENT, empty_file, glued_comment, syntax_problem
from kbgen.read.yaml_stream import events as _events

MAX_DEPTH = 40
_DEPTH_HINT = "flatten the structure; no kbgen field nests this deep"
_NESTING_LIMIT = "exceeded maximum nesting depth"  # PyYAML's own limit (6.0.4 and later)

_DROPPED = "<duplicate>"  # in the positions of a key that is not kept, so the kept one's stay
_NULLS = {"", "~", "null", "Null", "NULL"}
# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


class Builder:
    """Turns the event stream into data; one instance per file."""

    def __init__(self, file: str, text: str, prefix: PathKey = (), first_index: int = 0) -> None:
        """`prefix` and `first_index` place a part of a file read on its own (kbgen.read.yaml_resync):
        its root stands at `prefix`, and a root list's first entry is entry `first_index` there."""
        self.file = file
        self.text = text
        self.prefix = prefix
        self.first_index = first_index
        self.source = SourceMap(file, text)
        self.hashes = "#" in text  # without one, no value can be cut by a comment
        self.problems: list[Problem] = []
        # Where a refused construct stands (a tag, an anchor, a merge key, a value cut by a comment):
        # the loader turns each into an Unparsed hole in the data kept with keep_data, and checks the rest.
        self.holes: list[PathKey] = []

    def problem(self, mark: Any, code: str, message: str, hint: str, path: PathKey = (), hole: bool = False) -> None:
        """Record an error at a libyaml mark (0-based; Problems are 1-based), on the field at `path`;
        `hole`: the value at `path` is not to be trusted (see `holes`)."""
        if hole:
            self.holes.append(path)
        field = dotted(tuple(part for part in path if part != _DROPPED))  # the editor's path, not ours
        line, column = mark.line + 1, mark.column + 1
        self.problems.append(Problem(self.file, line, column, field, code, Level.ERROR, message, hint))

    def build(self, keep_data: bool = False) -> Loaded:
        """The file's data, positions and Problems; no data when any is an error (a syntax error ends
        the read), unless `keep_data` (the loader reads around a refusal; kbgen fix compares the
        values around a mistake)."""
        try:
            data = self._walk()
        except yaml.MarkedYAMLError as exc:
            if _NESTING_LIMIT in (exc.problem or "") and exc.problem_mark is not None:
                return self._nesting_error(exc.problem_mark)
            return self._syntax_error(exc)
        except _Abort:
            data = None
        if not keep_data and any(p.level is Level.ERROR for p in self.problems):
            data = None
        return Loaded(self.file, data, self.source, self.problems)

    def _nesting_error(self, mark: Any) -> Loaded:
        """PyYAML 6.0.4 and later stop at their own nesting limit (1,000 flow levels) while
        scanning, before kbgen's much lower one is reached. Read the text up to where PyYAML
        stopped: it is under PyYAML's limit, so kbgen's own depth check finds the first level
        too deep and words it as on every other release."""
        if 0 < mark.index < len(self.text):
            retry = Builder(self.file, self.text[: mark.index]).build()
            depth = [p for p in retry.problems if p.code == "E-depth"]
            if depth:
                return Loaded(self.file, None, SourceMap(self.file, ""), depth)
        self.problem(mark, "E-depth", f"nesting is deeper than {MAX_DEPTH} levels", _DEPTH_HINT)
        return Loaded(self.file, None, SourceMap(self.file, ""), self.problems)

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> Loaded:
        self.problems.append(syntax_problem(self.file, self.text, exc))
        return Loaded(self.file, None, SourceMap(self.file, ""), self.problems)

    def _walk(self) -> Data:
        events = _events(self.text)
        # Each frame: [container, path, pending key (maps), key event (maps), seen keys (maps), flow]
        stack: list[list[Any]] = []
        root: Data = None
        documents = 0
        has_root = False
        for event in events:
            if type(event) is _SCALAR:  # the common case first
                if event.anchor is not None or event.tag is not None:
                    self._refuse_marks(event, stack)
                if stack and stack[-1][2] is None and type(stack[-1][0]) is dict:
                    self._take_key(stack[-1], event)
                    continue
                self._scalar_value(stack, event)
                if not stack:
                    root, has_root = _scalar(event), True
                continue
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self.problem(
                        event.start_mark,
                        "E-documents",
                        "a second YAML document (---) in one file",
                        "keep one document per file; split the rest into another file",
                    )
                    raise _Abort
                continue
            if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
                continue
            if isinstance(event, yaml.AliasEvent):
                self.problem(
                    event.start_mark,
                    "E-alias",
                    f"alias *{event.anchor} is not allowed",
                    "write the value out in full; aliases are refused",
                    self._path_here(stack),
                )
                raise _Abort
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                value, _path = stack.pop()[:2]
                if not stack:
                    root, has_root = value, True
                else:
                    self._attach(stack, value, None)
                continue

            # A collection starts.
            if event.anchor is not None or event.tag is not None:
                self._refuse_marks(event, stack)
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                self.problem(
                    event.start_mark,
                    "E-complex-key",
                    "a key must be a plain word, not a list or mapping",
                    "write `name: value`",
                    self._path_here(stack),
                )
                raise _Abort
            if len(stack) >= MAX_DEPTH:
                self.problem(
                    event.start_mark,
                    "E-depth",
                    f"nesting is deeper than {MAX_DEPTH} levels",
                    _DEPTH_HINT,
                )
                raise _Abort
            path = self._child_path(stack)
            self.source.values[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
            container: dict[str, Any] | list[Any] = {} if isinstance(event, yaml.MappingStartEvent) else []
            stack.append([container, path, None, None, {}, bool(getattr(event, "flow_style", False))])
        if not has_root or root is None:
            self.problems.append(empty_file(self.file))
            raise _Abort
        return root

    def _refuse_marks(self, event: Any, stack: list[list[Any]]) -> None:
        """Anchors and tags are refused where they stand; the value is still read, and checked as
        written (text), but for a tagged list or mapping: a hole, its shape was the tag's."""
        anchor = event.anchor
        if anchor is not None:
            self.problem(
                event.start_mark,
                "E-anchor",
                f"anchor &{anchor} is not allowed",
                "delete the anchor; anchors and aliases are refused",
                self._path_here(stack),
            )
        tag = event.tag
        if tag is not None:
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(
                event.start_mark,
                "E-tag",
                f"tag {shown} is not allowed",
                "delete the tag; every value is read as text",
                self._path_here(stack),
                hole=type(event) is not _SCALAR,
            )

    def _scalar_value(self, stack: list[list[Any]], event: Any) -> None:
        """Record a value scalar's position and attach it to its container."""
        value = _scalar(event)
        path = self._child_path(stack)
        start: Any = event.start_mark
        self.source.values[path] = (start.line + 1, start.column + 1)
        self.source.spans[path] = (start.index, event.end_mark.index)
        style = event.style
        if style == "" and value is not None and self.hashes and GLUED_COMMENT.match(self.text, event.end_mark.index):
            glued = glued_comment(self.source, event, path, flow=any(frame[5] for frame in stack))
            if glued is not None:
                self.problems.append(glued)
                self.holes.append(path)
        elif style == '"' and value is not None:  # raw control characters were refused for the whole file;
            bad = CONTROL.search(value)  # only a double-quoted escape can write one
            if bad:
                self.problem(
                    start,
                    "E-control",
                    f"control character U+{ord(bad.group()):04X} is not allowed",
                    "remove the escape sequence that writes it",
                    path,
                    hole=True,
                )
        if stack:
            self._attach(stack, value, event)

    def _path_here(self, stack: list[list[Any]]) -> PathKey:
        return self._child_path(stack)

    def _child_path(self, stack: list[list[Any]]) -> PathKey:
        if not stack:
            return self.prefix
        container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
        if isinstance(container, dict):
            if isinstance(key, _Dropped):
                return (*path, _DROPPED, str(key))
            return (*path, key) if key is not None else path
        return (*path, len(container) + (self.first_index if len(stack) == 1 else 0))

    def _take_key(self, frame: list[Any], event: Any) -> None:
        key = event.value
        path = (*frame[1], key)
        mark = event.start_mark
        bad = CONTROL.search(key)
        if bad:
            self.problem(
                mark,
                "E-control",
                f"control character U+{ord(bad.group()):04X} is not allowed in a key",
                "remove the escape sequence that writes it",
                frame[1],
            )
            frame[2], frame[3] = _Dropped(key), event  # the key is not kept; its siblings are read as usual
            return

        if event.style == "" and key == "<<":
            self.problem(
                mark, "E-merge", "merge keys (<<) are not allowed", "write every field out in full", path, hole=True
            )
        seen: dict[str, int] = frame[4]
        if key in seen:
            self.problem(
                mark,
                "E-duplicate-key",
                f'duplicate key "{key}", first written on line {seen[key]}',
                "keep one of them; YAML would silently keep only the last",
                path,
            )
            key = _Dropped(key)
        else:
            seen[key] = mark.line + 1
            self.source.keys[path] = (mark.line + 1, mark.column + 1)
        frame[2] = key
        frame[3] = event

    def _attach(self, stack: list[list[Any]], value: Any, event: Any) -> None:
        frame = stack[-1]
        container = frame[0]
        if isinstance(container, dict):
            key = frame[2]
            if not isinstance(key, _Dropped):
                container[key] = value
            frame[2] = None
        else:
            container.append(value)


_SCALAR = yaml.ScalarEvent


class _Abort(Exception):
    """Stop reading one file; its Problems are already recorded."""


class _Dropped(str):
    """A key that is not kept (repeated, or holding a control character): its value is read (for
    positions) but not kept."""


def _scalar(event: Any) -> str | None:
    if event.style == "" and event.value in _NULLS:
        return None
    return str(event.value)
