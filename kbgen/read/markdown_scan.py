"""Cheap line scans of editor Markdown, run before any Markdown library sees the text.

Python-Markdown recurses once per nesting level of lists and quotes: 1,000 levels end in a
`RecursionError` after half a minute, 3,000 run for minutes. The depth is counted here from
each line's indentation and its `>` and list markers, in linear time, so a limit can be
enforced with a located error before conversion. Links and images are found the same way, so
checks can name the line an editor wrote them on.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_NESTING = 20

# One `>` or one list marker (-, +, *, 1. or 1)) followed by white space or the end of the line.
_MARKERS = re.compile(r"(?:[ \t]*(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))+")
_MARKER = re.compile(r">|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)")


@dataclass(frozen=True, slots=True)
class Deep:
    """Where a line is nested too deep, and how deep."""

    line: int  # 1-based, within the scanned text
    column: int
    depth: int


def too_deep(text: str, limit: int = MAX_NESTING) -> Deep | None:
    """The first line nested deeper than `limit` lists or quotes, counting 4 columns of indentation
    as one level (Python-Markdown's tab length), or None."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) <= limit:  # too short to hold limit+1 levels
            continue
        width = 0
        for char in line:
            if char == " ":
                width += 1
            elif char == "\t":
                width += 4 - width % 4
            else:
                break
        depth = width // 4
        rest = line.lstrip(" \t")
        match = _MARKERS.match(rest)
        if match:
            depth += len(_MARKER.findall(match.group(0)))
        if depth > limit:
            return Deep(number, len(line) - len(rest) + 1, depth)
    return None


# Fenced blocks and inline code: what an editor shows as an example, never a reference or a link.
_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]*\1[ \t]*$|\Z)|(`+)(?!`).+?(?<!`)\2(?!`)", re.M | re.S)


def code_spans(text: str) -> list[tuple[int, int]]:
    """Offsets (start, end) of fenced code blocks and inline code spans."""
    if "`" not in text and "~~~" not in text:  # most editor text: skip the regex
        return []
    return [m.span() for m in _CODE.finditer(text)]


@functools.lru_cache(maxsize=1024)
def _outside_code(text: str) -> tuple[tuple[int, str], ...]:
    parts: list[tuple[int, str]] = []
    at = 0
    for start, end in code_spans(text):
        if start > at:
            parts.append((at, text[at:start]))
        at = end
    if at < len(text):
        parts.append((at, text[at:]))
    return tuple(parts)


def outside_code(text: str) -> Iterator[tuple[int, str]]:
    """The parts of `text` that are not code, with their offsets."""
    yield from _outside_code(text)


@dataclass(frozen=True, slots=True)
class Link:
    """A link or image URL found in Markdown or HTML."""

    offset: int  # where the URL starts
    url: str
    image: bool


_INLINE = re.compile(r"(!?)\[(?:[^\[\]\n]|\[[^\[\]\n]*\])*\]\(\s*<?([^\s()<>]+)")
_REF_DEF = re.compile(r"^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s<>]+)", re.M)
_REF_USE = re.compile(r"!\[([^\]\n]*)\]\[([^\]\n]*)\]")
_HTML_URL = re.compile(
    r"<(img|a|source|video|audio|iframe|link|script)\b[^>]*?\b(src|href|srcset|poster)\s*=\s*"
    r"[\"']?([^\"'\s>]+)",
    re.I,
)
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s>]+)>", re.I)


def links(text: str) -> Iterator[Link]:
    """Every link and image URL written in Markdown or raw HTML, outside code."""
    if "](" not in text and "]:" not in text and "<" not in text and "][" not in text:
        return
    image_labels: set[str] = set()
    for _offset, part in outside_code(text):
        for match in _REF_USE.finditer(part):
            image_labels.add((match.group(2) or match.group(1)).strip().lower())
    for offset, part in outside_code(text):
        for match in _INLINE.finditer(part):
            yield Link(offset + match.start(2), match.group(2), bool(match.group(1)))
        for match in _REF_DEF.finditer(part):
            yield Link(offset + match.start(2), match.group(2), match.group(1).strip().lower() in image_labels)
        for match in _HTML_URL.finditer(part):
            tag = match.group(1).lower()
            yield Link(offset + match.start(3), match.group(3), tag != "a")
        for match in _AUTOLINK.finditer(part):
            yield Link(offset + match.start(1), match.group(1), False)


def remote_host(url: str) -> str | None:
    """The host a URL makes the browser contact, or None for a relative address."""
    lowered = url.strip().lower()
    if lowered.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*://", lowered):
        try:
            return urlsplit(url.strip() if not lowered.startswith("//") else "https:" + url.strip()).hostname or ""
        except ValueError:
            return ""
    return None


def host_allowed(host: str, allowed: list[str]) -> bool:
    """`cdn.example.com` allows itself; `.example.com` allows every subdomain of example.com."""
    host = host.lower().rstrip(".")
    for entry in allowed:
        entry = entry.lower().rstrip(".")
        if entry.startswith("."):
            if host.endswith(entry) or host == entry[1:]:
                return True
        elif host == entry:
            return True
    return False


def offset_position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `text`."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# Headings and attribute lists that give an element an id.
_ATX = re.compile(r"^[ ]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M)
_SETEXT = re.compile(r"^([^\n]+)\n[ ]{0,3}(?:=+|-+)[ \t]*$", re.M)
_ATTR_ID = re.compile(r"\{:?[^{}\n]*?#([A-Za-z0-9_-]+)[^{}\n]*\}")


@dataclass(frozen=True, slots=True)
class Anchor:
    """A link target a page defines: a heading's slug or an explicit `{ #id }`."""

    offset: int
    id: str
    explicit: bool  # written as { #id }, not a heading's automatic slug


def _slug(title: str) -> str:
    """What Python-Markdown's toc makes of a heading (its default `slugify`)."""
    import unicodedata

    value = re.sub(r"\{:?[^{}]*\}\s*$", "", title)
    value = re.sub(r"<[^>]*>", "", value)
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\w\s-]", "", value).strip().lower()
    return re.sub(r"[-\s]+", "-", value)


def anchors(text: str) -> Iterator[Anchor]:
    """Element ids an editor's text gives: `{ #id }` attributes and headings' automatic slugs."""
    if "#" not in text and "\n" not in text:  # no attribute, no ATX heading, no setext underline
        return
    for offset, part in outside_code(text):
        for match in _ATTR_ID.finditer(part):
            yield Anchor(offset + match.start(), match.group(1), True)
        for match in _ATX.finditer(part):
            if not _ATTR_ID.search(match.group(1)):
                yield Anchor(offset + match.start(), _slug(match.group(1)), False)
        for match in _SETEXT.finditer(part):
            if not _ATTR_ID.search(match.group(1)) and not match.group(1).lstrip().startswith(("-", "*", "+", "#")):
                yield Anchor(offset + match.start(), _slug(match.group(1)), False)
