"""Hand-written pages under docs/: what a page and an asset are, what a page may be named and set.

Its front matter may set only the keys below (kbgen's own `kbgen_*` switches never); every value
reaches templates escaped. kbgen.read.docs_scan finds and reads the pages; kbgen.check.docs checks
their references, links and images once the knowledge base is loaded.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from kbgen.problem import Level, Problem, Problems
from kbgen.read.loader import load_bytes
from kbgen.read.markdown_scan import MAX_NESTING, outside_code

MAX_PAGE_BYTES = 1024 * 1024
# What may be published beside pages: these kinds, under this folder of an audience folder.
ASSET_FOLDER = "images"
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf")
# Front matter a docs page may set; every value reaches templates escaped.
HIDE_VALUES = ("navigation", "toc", "footer", "feedback", "path", "tags")
FRONT_MATTER_KEYS = ("title", "description", "hide")

_YAML_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # as MkDocs reads it
_MULTIMARKDOWN_KEY = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)")


@dataclass
class DocPage:
    """A hand-written page under docs/public or docs/internal."""

    source: Path
    rel: str  # path below the audience folder, without the language part: "horarios.md"
    audience: str
    lang: str | None  # None: the default language
    text: str = ""  # as read and checked; the build uses this, never the file again
    file: str = ""  # docs/public/horarios.md


@dataclass
class DocAsset:
    """An image or PDF under docs/<audience>/images/, published as it is."""

    source: Path
    rel: str  # below the audience folder: "images/mapa.png"
    audience: str


@dataclass
class DocsFolder:
    """What scan_docs found under docs/ that may be published."""

    pages: list[DocPage]
    assets: list[DocAsset]


def page_problem(
    file: str,
    code: str,
    message: str,
    hint: str,
    level: Level = Level.ERROR,
    line: int = 1,
    col: int = 1,
    field: str = "",
) -> Problem:
    """A Problem in a docs page, by default an error about the whole file."""
    return Problem(file, line, col, field, code, level, message, hint)


def nesting_problem(file: str, line: int, col: int, depth: int, field: str = "") -> Problem:
    """E-nesting: lists or quotes nested deeper than MAX_NESTING, in a page or a text field."""
    return page_problem(
        file,
        "E-nesting",
        f"lists or quotes nested {depth} levels deep; at most {MAX_NESTING} are allowed",
        "flatten the list, or split it into sections with headings",
        line=line,
        col=col,
        field=field,
    )


# --- front matter ------------------------------------------------------------------------------


def check_front_matter(file: str, text: str, problems: Problems) -> None:
    """Front matter is data that reaches templates: only declared keys, of the declared types."""
    match = _YAML_FRONT.match(text)
    if match is None:
        _check_multimarkdown(file, text, problems)
        return
    block = match.group(1)
    if not block.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in block.splitlines()):
        return
    loaded = load_bytes(block.encode("utf-8"), file)
    for found in loaded.problems:  # positions inside the block: one line below the opening ---
        problems.add(replace(found, line=found.line + 1 if found.line else found.line, field="front matter"))
    if not loaded.ok:
        return
    data = loaded.data
    if not isinstance(data, dict):
        problems.add(
            page_problem(
                file,
                "E-front-matter",
                "front matter must be `key: value` lines",
                "write title: ..., description: ...",
                line=2,
                field="front matter",
            )
        )
        return
    for key, value in data.items():
        line, col = loaded.source.position((key,), key=True)
        _check_key(file, key, value, line + 1, col, problems)


def _check_multimarkdown(file: str, text: str, problems: Problems) -> None:
    """MkDocs also reads `key: value` lines at the very top of a page (MultiMarkdown meta-data)."""
    for number, line in enumerate(text.split("\n"), start=1):
        match = _MULTIMARKDOWN_KEY.match(line)
        if not line.strip() or (match is None and not line.startswith(("    ", "\t"))):
            return
        if match is not None:
            _check_key(
                file,
                match.group(1).lower(),
                match.group(2).strip(),
                number,
                line.index(match.group(1)) + 1,
                problems,
                multimarkdown=True,
            )


def _check_key(
    file: str, key: str, value: Any, line: int, col: int, problems: Problems, multimarkdown: bool = False
) -> None:
    def bad(message: str, hint: str) -> None:
        field = f"front matter.{key}"
        problems.add(page_problem(file, "E-front-matter", message, hint, line=line, col=col, field=field))

    if key.startswith("kbgen_"):
        bad(
            f'"{key}" is kbgen\'s own switch; a docs page may not set it',
            f"delete the line; a page may set {', '.join(FRONT_MATTER_KEYS)}",
        )
        return
    if key not in FRONT_MATTER_KEYS:
        close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else f"a page may set {', '.join(FRONT_MATTER_KEYS)}"
        if multimarkdown:
            bad(
                f'"{key}:" on the first line is read as front matter, and "{key}" is not a key a page may set',
                "start the page with a heading, or add a blank line before this one",
            )
        else:
            bad(f'unknown front matter key "{key}"', hint)
        return
    if key == "hide" and not multimarkdown:
        items = value if isinstance(value, list) else None
        if items is None or not all(isinstance(v, str) and v in HIDE_VALUES for v in items):
            bad("expected a list of " + ", ".join(HIDE_VALUES), "write hide: [toc] or hide: [navigation, toc]")
    elif key != "hide" and not isinstance(value, str):
        bad("expected text", f"write {key}: followed by the text on the same line")
    elif key != "hide" and "\n" in value:
        bad("expected one line of text", "write it on one line")


def resolve_refs(text: str, resolve: Any) -> str:
    """`{std:ID}` and friends replaced by `resolve` outside code; code shows them as written."""
    parts: list[str] = []
    at = 0
    for offset, part in outside_code(text):
        parts.append(text[at:offset])
        parts.append(resolve(part))
        at = offset + len(part)
    parts.append(text[at:])
    return "".join(parts)
