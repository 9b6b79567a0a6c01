"""Read one YAML file into plain data plus the position of every node.

The data is built from libyaml's parser events, never from a YAML loader, so:

- every scalar is text (``no``, ``9:30``, ``0755`` and ``2026-02-29`` stay
  exactly as written); only a plain empty value, ``~`` or ``null`` becomes
  ``None`` ("no value"), and the schema decides what that means;
- anchors, aliases, merge keys, tags and extra documents are refused, which
  removes alias bombs and constructor tricks altogether;
- nesting depth is counted while building, iteratively;
- duplicate keys are errors that name both lines.

A broken file yields Problems and no data; it never raises.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import yaml

from kbgen.problem import Level, Problem

try:  # libyaml is what makes parsing fast; fall back so a missing build still works
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 40
_DEPTH_HINT = "flatten the structure; no kbgen field nests this deep"
_NESTING_LIMIT = "exceeded maximum nesting depth"  # PyYAML's own limit (6.0.4 and later)

PathKey = tuple[str | int, ...]
Data = dict[str, Any] | list[Any] | str | None

_NULLS = {"", "~", "null", "Null", "NULL"}
# C0 controls but tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def _control_hint(char: str) -> str:
    if char in "\u2028\u2029":
        return "an invisible line separator (often pasted from a web page): replace it with a space or a line break"
    return "delete it; it is invisible in most editors"


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


@dataclass
class Loaded:
    """One file as read: its data (None when any Problem is an error), its positions and its Problems."""

    file: str
    data: Data
    source: SourceMap
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """Whether none of the file's Problems is an error."""
        return not any(p.level is Level.ERROR for p in self.problems)


class ParseCache:
    """Parsed files by content hash: a live preview re-parses only the files that changed."""

    def __init__(self, limit: int = 20_000) -> None:
        self.limit = limit
        self.entries: dict[tuple[str, bytes], Loaded] = {}
        self.parses = 0

    def load(self, raw: bytes, display: str) -> Loaded:
        """The file `display` with bytes `raw`, parsed only if not already cached.

        The same bytes under another name are parsed again, since Problems name the
        file; reaching `limit` entries empties the cache.
        """
        key = (display, hashlib.blake2b(raw, digest_size=16).digest())
        hit = self.entries.get(key)
        if hit is not None:
            return hit
        self.parses += 1
        loaded = load_bytes(raw, display)
        if len(self.entries) >= self.limit:
            self.entries.clear()
        self.entries[key] = loaded
        return loaded


CACHE = ParseCache()


def load_file(path: str, display: str, cached: bool = True) -> Loaded:
    """Load one file; unchanged bytes (same name, same content) are not parsed again."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if not cached:
        return load_bytes(raw, display)
    return CACHE.load(raw, display)


def load_bytes(raw: bytes, file: str) -> Loaded:
    """Parse `raw` (the bytes of `file`) into located data, or Problems."""
    empty = SourceMap(file, "")

    def fail(line: int, col: int, code: str, message: str, hint: str) -> Loaded:
        return Loaded(file, None, empty, [Problem(file, line, col, "", code, Level.ERROR, message, hint)])

    if len(raw) > MAX_BYTES:
        return fail(
            1, 1, "E-size", f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB", "split it into several files"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return fail(
            line,
            col,
            "E-encoding",
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X})",
            "save it with UTF-8 encoding",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = _CONTROL.search(text)
    if bad:
        source = SourceMap(file, text)
        line, col = source.offset_position(bad.start())
        return fail(
            line,
            col,
            "E-control",
            f"control character U+{ord(bad.group()):04X} is not allowed",
            _control_hint(bad.group()),
        )
    return _Builder(file, text).build()


def load_text_keeping_data(text: str, file: str) -> Loaded:
    """Parse `text` like load_bytes, but keep the data when the errors found are not syntax errors
    (a value cut by a comment, a duplicate key): `kbgen fix` compares the values a file holds
    before and after its fixes, including files whose only fault is one it fixes."""
    return _Builder(file, text[1:] if text.startswith("\ufeff") else text).build(keep_data=True)


class _Builder:
    """Turns the event stream into data; one instance per file."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.text = text
        self.source = SourceMap(file, text)
        self.problems: list[Problem] = []

    def problem(self, mark: Any, code: str, message: str, hint: str, path: PathKey = ()) -> None:
        """Record an error at a libyaml mark (0-based; Problems are 1-based), on the field at `path`."""
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, _dotted(path), code, Level.ERROR, message, hint)
        )

    def build(self, keep_data: bool = False) -> Loaded:
        """The file's data, positions and Problems; no data when any is an error (a syntax error ends
        the read), unless `keep_data` (kbgen fix compares the values around a mistake)."""
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
            retry = _Builder(self.file, self.text[: mark.index]).build()
            depth = [p for p in retry.problems if p.code == "E-depth"]
            if depth:
                return Loaded(self.file, None, SourceMap(self.file, ""), depth)
        self.problem(mark, "E-depth", f"nesting is deeper than {MAX_DEPTH} levels", _DEPTH_HINT)
        return Loaded(self.file, None, SourceMap(self.file, ""), self.problems)

    def _syntax_error(self, exc: yaml.MarkedYAMLError) -> Loaded:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark is not None and (exc.problem or "").startswith("did not find expected ','"):
            mark = exc.context_mark  # an unclosed [ or {: point at it, not where libyaml gave up
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = self.text.count("\n") + (0 if self.text.endswith("\n") else 1)
        if line > max(lines, 1):  # libyaml reports an unclosed bracket one line past the end
            line = max(lines, 1)
            last = self.text.rstrip("\n").rsplit("\n", 1)[-1]
            col = len(last) + 1
        problem = (exc.problem or "invalid YAML").strip()
        message, hint = _explain_syntax(problem, exc.context, self.text, line)
        self.problems.append(Problem(self.file, line, col, "", "E-yaml", Level.ERROR, message, hint))
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
            self.problems.append(
                Problem(
                    self.file,
                    1,
                    1,
                    "",
                    "E-empty-file",
                    Level.ERROR,
                    "the file is empty or holds only comments",
                    "delete the file, or write its content",
                )
            )
            raise _Abort
        return root

    def _refuse_marks(self, event: Any, stack: list[list[Any]]) -> None:
        """Anchors and tags are refused where they stand; the value is still read for positions."""
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
            )

    def _scalar_value(self, stack: list[list[Any]], event: Any) -> None:
        """Record a value scalar's position and attach it to its container."""
        value = _scalar(event)
        path = self._child_path(stack)
        start: Any = event.start_mark
        self.source.values[path] = (start.line + 1, start.column + 1)
        self.source.spans[path] = (start.index, event.end_mark.index)
        style = event.style
        if style == "" and value is not None:
            self._check_plain_comment(event, path, flow=any(frame[5] for frame in stack))
        elif style == '"' and value is not None:  # raw control characters were refused for the whole file;
            bad = _CONTROL.search(value)  # only a double-quoted escape can write one
            if bad:
                self.problem(
                    start,
                    "E-control",
                    f"control character U+{ord(bad.group()):04X} is not allowed",
                    "remove the escape sequence that writes it",
                    path,
                )
        if stack:
            self._attach(stack, value, event)

    @staticmethod
    def _path_here(stack: list[list[Any]]) -> PathKey:
        if not stack:
            return ()
        return _Builder._child_path(stack)

    @staticmethod
    def _child_path(stack: list[list[Any]]) -> PathKey:
        if not stack:
            return ()
        container, path, key = stack[-1][0], stack[-1][1], stack[-1][2]
        if isinstance(container, dict):
            if isinstance(key, _Duplicate):
                return (*path, "<duplicate>", str(key))
            return (*path, key) if key is not None else path
        return (*path, len(container))

    def _take_key(self, frame: list[Any], event: Any) -> None:
        key = event.value
        path = (*frame[1], key)
        mark = event.start_mark
        bad = _CONTROL.search(key)
        if bad:
            self.problem(
                mark,
                "E-control",
                f"control character U+{ord(bad.group()):04X} is not allowed in a key",
                "remove the escape sequence that writes it",
                frame[1],
            )

        if event.style == "" and key == "<<":
            self.problem(mark, "E-merge", "merge keys (<<) are not allowed", "write every field out in full", path)
        seen: dict[str, int] = frame[4]
        if key in seen:
            self.problem(
                mark,
                "E-duplicate-key",
                f'duplicate key "{key}", first written on line {seen[key]}',
                "keep one of them; YAML would silently keep only the last",
                path,
            )
            key = _Duplicate(key)
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
            if not isinstance(key, _Duplicate):
                container[key] = value
            frame[2] = None
        else:
            container.append(value)

    def _check_plain_comment(self, event: Any, path: PathKey, flow: bool = False) -> None:
        """`rated #1` is cut at `#` by YAML; a `#` glued to a word was meant as text."""
        end = event.end_mark.index
        match = _GLUED_COMMENT.match(self.text, end)
        if match:
            line_end = self.text.find("\n", end)
            rest = self.text[end : line_end if line_end >= 0 else len(self.text)]
            line, col = self.source.offset_position(match.start(1) - 1)
            shown = self.text[event.start_mark.index : end + len(rest)].strip()
            if flow:  # inside {...} or [...] the value ends at the next , } or ]
                shown = re.split(r"[,}\]]", shown, maxsplit=1)[0].strip()
            self.problems.append(
                Problem(
                    self.file,
                    line,
                    col,
                    _dotted(path),
                    "E-comment",
                    Level.ERROR,
                    f'"#{match.group(1)}..." starts a YAML comment, so the value ends before it',
                    f'quote the whole value ("{shown}"), or put a space after # for a comment',
                )
            )


_GLUED_COMMENT = re.compile(r"[ \t]+#(\S)")
GLUED_COMMENT = _GLUED_COMMENT  # what E-comment reports; kbgen fix quotes by the same rule
_SCALAR = yaml.ScalarEvent


def _events(text: str) -> Iterator[Any]:
    """libyaml's parser events, one call each (yaml.parse makes two)."""
    parser = _EventLoader(text)
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            yield event
            if type(event) is yaml.StreamEndEvent:
                return
    finally:
        parser.dispose()


class _Abort(Exception):
    """Stop reading one file; its Problems are already recorded."""


class _Duplicate(str):
    """A repeated key: its value is read (for positions) but not kept."""


def _scalar(event: Any) -> str | None:
    if event.style == "" and event.value in _NULLS:
        return None
    return str(event.value)


def _dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


dotted = _dotted


def _explain_syntax(problem: str, context: str | None, text: str, line: int) -> tuple[str, str]:
    """Word libyaml's findings for editors, with a hint on the usual cause."""
    source_line = text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else ""
    if problem.startswith("found a tab character") or ("cannot start any token" in problem and "\t" in source_line):
        return "a tab character is used for indentation", "indent with spaces only"
    if problem.startswith("mapping values are not allowed"):
        return "a second `: ` on one line", 'quote the value if it contains ": " (for example "Nota: ...")'
    if problem.startswith("found character that cannot start any token"):
        return "a value starts with a character YAML reserves (` @ % or a tab)", "quote the value"
    if "could not find expected ':'" in problem:
        return "a line without `key: value` inside a mapping", "check the indentation, or quote a value spanning lines"
    if "did not find expected key" in problem or "did not find expected '-'" in problem:
        return "the indentation does not match the lines above", "line the field up with its siblings"
    if "found undefined tag handle" in problem or "found unknown escape" in problem:
        return f"YAML syntax: {problem}", 'quote the value with single quotes, or escape the backslash as "\\\\"'
    if context and "flow" in context:
        return (
            f"YAML syntax: {problem} ({context.strip()})",
            'quote text that holds { } [ ] , or ": " inside {...} or [...], or write it on its own lines',
        )
    if context:
        return f"YAML syntax: {problem} ({context.strip()})", "check quotes, brackets and indentation"
    return f"YAML syntax: {problem}", "check quotes, brackets and indentation"
