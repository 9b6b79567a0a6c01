"""Read one YAML file into plain data plus the position of every node.

The data is built from libyaml's parser events, never from a YAML loader, so:

- every scalar is text (``no``, ``9:30``, ``0755`` and ``2026-02-29`` stay
  exactly as written); only a plain empty value, ``~`` or ``null`` becomes
  ``None`` ("no value"), and the schema decides what that means;
- anchors, aliases, merge keys, tags and extra documents are refused, which
  removes alias bombs and constructor tricks altogether;
- nesting depth is counted while building, iteratively;
- duplicate keys are errors that name both lines.

A broken file yields Problems and no data, or (after a syntax error, a tag, an anchor, a duplicate
key) the data read around the mistakes, with an `Unparsed` hole where each stood; it never raises.
"""

from __future__ import annotations

import hashlib
from typing import Any

from kbgen.problem import Level, Problem
from kbgen.read.source_map import Loaded, PathKey, SourceMap, Unparsed
from kbgen.read.yaml_events import CONTROL, Builder
from kbgen.read.yaml_resync import ids_in, resync

MAX_BYTES = 8 * 1024 * 1024


def _control_hint(char: str) -> str:
    if char in "\u2028\u2029":
        return "an invisible line separator (often pasted from a web page): replace it with a space or a line break"
    return "delete it; it is invisible in most editors"


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

    def fail(line: int, col: int, code: str, message: str, hint: str, text: str = "") -> Loaded:
        problem = Problem(file, line, col, "", code, Level.ERROR, message, hint)
        return Loaded(file, None, empty, [problem], unparsed_ids=ids_in(text, 0))

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
            raw.decode("utf-8", errors="replace"),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    bad = CONTROL.search(text)
    if bad:
        source = SourceMap(file, text)
        line, col = source.offset_position(bad.start())
        return fail(
            line,
            col,
            "E-control",
            f"control character U+{ord(bad.group()):04X} is not allowed",
            _control_hint(bad.group()),
            text,
        )
    builder = Builder(file, text)
    loaded = builder.build(keep_data=True)  # one read: the data around a refusal is kept below
    if loaded.data is None and any(p.code == "E-yaml" for p in loaded.problems):
        return resync(file, text, loaded)
    if not loaded.ok:  # a tag, an anchor, a duplicate key: check the rest
        around = _around_holes(loaded, builder.holes)
        if around is not None:
            return around
        loaded.data = None
    if loaded.data is None:
        loaded.unparsed_ids = ids_in(text, 0)
    return loaded


def _around_holes(loaded: Loaded, holes: list[PathKey]) -> Loaded | None:
    """The file's data with an `Unparsed` hole where each refused construct stood, so the rest is
    still checked (a duplicate key keeps its first value); None when nothing is left to read (an
    alias, a second document, a refusal at the root)."""
    if loaded.data is None or () in holes:
        return None
    data = loaded.data
    for path in holes:
        data = _punch(data, path)
    return Loaded(loaded.file, data, loaded.source, loaded.problems, partial=True)


def _punch(data: Any, path: PathKey) -> Any:
    """`data` with the value at `path` replaced by an Unparsed hole (a key at `path`: its mapping)."""
    parent: Any = None
    current = data
    for i, part in enumerate(path):
        try:
            if not isinstance(current, (dict, list)):
                raise TypeError(part)
            child = current[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):  # a key without its value: the mapping holds the hole
            path = path[:i]
            break
        parent, current = current, child
    if path and parent is not None:
        parent[path[-1]] = Unparsed()
    return data


def load_text_keeping_data(text: str, file: str) -> Loaded:
    """Parse `text` like load_bytes, but keep the data when the errors found are not syntax errors
    (a value cut by a comment, a duplicate key): `kbgen fix` compares the values a file holds
    before and after its fixes, including files whose only fault is one it fixes."""
    return Builder(file, text[1:] if text.startswith("\ufeff") else text).build(keep_data=True)
