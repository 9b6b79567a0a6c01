"""`kbgen fix`'s line rules, tab and quoting (see kbgen.tools.fix for each rule's conditions), applied in place."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from kbgen.read.loader import load_text_keeping_data
from kbgen.read.source_map import Loaded
from kbgen.read.yaml_errors import GLUED_COMMENT
from kbgen.tools.fix_verify import in_block_scalar, prefix_reads, scalar_starts_line

# A kbgen field name or language code: the only keys kbgen's files have.
_KEY = r"[a-z][a-z0-9_]*(?:-[A-Za-z0-9]+)*"
_FIELD_LINE = re.compile(rf"^(?P<lead> *(?:- +)*)(?P<key>{_KEY}):(?P<gap> +)(?P<value>\S.*)$")
_ITEM_LINE = re.compile(r"^(?P<lead> *(?:- +)+)(?P<value>\S.*)$")
_STRUCTURAL = re.compile(rf"^(?:-(?: |$)|{_KEY}:(?: |$))")
_OPENER = re.compile(rf"^(?P<lead> *(?:- +)*)(?P<key>{_KEY}):[ \t]*(?:#.*)?$")
_REAL_COMMENT = re.compile(r"[ \t]#(?:[ \t]|$)")
# A plain value may not start with these (YAML indicators, quotes, block and flow starts).
_NOT_PLAIN_START = tuple("\"'|>[]{}&*!%@`#,?:-")
_TAB_MESSAGE = "a tab character is used for indentation"
_COLON_MESSAGE = "a second `: ` on one line"


@dataclass(frozen=True)
class Fix:
    """One change to one file: where (1-based), which rule, and the line before and after.

    `before` and `after` are None for whole-file fixes (bom, crlf)."""

    file: str
    line: int
    column: int
    kind: str
    message: str
    before: str | None = None
    after: str | None = None


def fix_lines(
    lines: list[str], file: str, before: Loaded, text_items: frozenset[int]
) -> tuple[list[Fix], dict[int, str]]:
    """Apply the tab and quoting rules in place; return the fixes and, by line, the text meant."""
    fixes: list[Fix] = []
    intended: dict[int, str] = {}
    tab_widths: dict[str, int] = {}
    state = before
    for _ in range(len(lines) + 1):
        syntax = next((p for p in state.problems if p.code == "E-yaml"), None)
        if syntax is None:
            break
        index = syntax.line - 1
        if not 0 <= index < len(lines) or not prefix_reads(lines[:index]):
            break
        old = lines[index]
        fix: Fix | None = None
        if syntax.message == _TAB_MESSAGE:
            fix = _fix_tab(lines, index, file, tab_widths)
        elif syntax.message == _COLON_MESSAGE:
            quoted = _quote_line(lines, index, syntax.column, "quote-colon", file)
            if quoted is not None:
                fix, intended[index + 1] = quoted
        if fix is None:
            break
        after = load_text_keeping_data("\n".join(lines), file)
        again = next((p for p in after.problems if p.code == "E-yaml"), None)
        if again is not None and again.line <= syntax.line:
            lines[index] = old  # no progress: leave the line as it was, and stop
            intended.pop(index + 1, None)
            break
        fixes.append(fix)
        state = after
    if not any(p.code == "E-yaml" for p in state.problems):
        for problem in state.problems:
            if problem.code != "E-comment":
                continue
            index = problem.line - 1
            if not scalar_starts_line(state, problem.line):
                continue
            quoted = _quote_line(lines, index, problem.column, "quote-comment", file)
            if quoted is not None:
                fixes.append(quoted[0])
                intended[problem.line] = quoted[1]
        for line in sorted(text_items):
            if 0 < line <= len(lines) and _ITEM_LINE.match(lines[line - 1]) and line not in intended:
                quoted = _quote_line(lines, line - 1, len(lines[line - 1]), "quote-item", file)
                if quoted is not None:
                    fixes.append(quoted[0])
                    intended[line] = quoted[1]
    return sorted(fixes, key=lambda f: (f.line, f.column)), intended


def _quote_line(lines: list[str], index: int, at: int, kind: str, file: str) -> tuple[Fix, str] | None:
    """Quote the plain value on line `index` (the finding is at column `at`), or None if unsure."""
    line = lines[index]
    match = None if kind == "quote-item" else _FIELD_LINE.match(line)
    owner = 0
    if match is not None:
        owner = len(match.group("lead"))
        start = match.start("value")
    else:
        item = _ITEM_LINE.match(line)
        if item is None:
            return None
        value = item.group("value")
        head = value.split(":", 1)[0]
        if re.fullmatch(_KEY, head):
            return None  # `- key: ...` that _FIELD_LINE refused: not sure enough
        owner = len(item.group("lead").rstrip()) - 1  # the column of the last dash
        start = item.start("value")
    value = line[start:].rstrip(" \t")
    if at <= start or value.startswith(_NOT_PLAIN_START) or _REAL_COMMENT.search(value):
        return None
    if kind in ("quote-colon", "quote-item") and ": " not in value:
        return None
    if kind == "quote-comment" and not GLUED_COMMENT.search(value):
        return None
    if _continues(lines, index, owner):
        return None
    quoted = _quote(value)
    lines[index] = line[:start] + quoted
    message = {
        "quote-colon": 'quoted a value holding ": "',
        "quote-comment": 'quoted a value holding " #" (YAML would cut it as a comment)',
        "quote-item": 'quoted a list item holding ": ", which YAML read as a mapping where text is expected',
    }[kind]
    return Fix(file, index + 1, start + 1, kind, message, line, lines[index]), value


def _quote(text: str) -> str:
    """`text` as a YAML quoted scalar that reads back identical."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _continues(lines: list[str], index: int, owner: int) -> bool:
    """Whether the plain value on line `index` goes on below (a multi-line plain scalar)."""
    for below in lines[index + 1 :]:
        if not below.strip():
            continue
        stripped = below.lstrip(" ")
        if stripped.startswith("#"):
            return False
        return stripped.startswith("\t") or len(below) - len(stripped) > owner
    return False


def _fix_tab(lines: list[str], index: int, file: str, widths: dict[str, int]) -> Fix | None:
    """Replace the tabs indenting line `index` with spaces that fit the context, or None."""
    line = lines[index]
    content = line.lstrip(" \t")
    lead = line[: len(line) - len(content)]
    if "\t" not in lead or not _STRUCTURAL.match(content) or in_block_scalar(lines[:index]):
        return None
    candidates = _tab_candidates(lines, index, content)
    # Where the editor saw the line: the width the same tabs got above, else where the tabs
    # put it on screen (tab stops of 4, 8 or 2); only places the context allows count.
    seen = ([widths[lead]] if lead in widths else []) + [len(lead.expandtabs(size)) for size in (4, 8, 2)]
    preferred = [width for width in dict.fromkeys(seen) if width in candidates]
    for width in preferred + [width for width in candidates if width not in preferred]:
        trial = " " * width + content
        if prefix_reads([*lines[:index], trial]):
            lines[index] = trial
            widths[lead] = width
            return Fix(file, index + 1, 1, "tab", f"indented with {width} spaces instead of tabs", line, trial)
    return None


def _tab_candidates(lines: list[str], index: int, content: str) -> list[int]:
    """Indentations line `index` may take, deepest first, from the (space-indented) lines above."""
    found: list[int] = []

    def add(width: int) -> None:
        if width not in found:
            found.append(width)

    limit: int | None = None
    for above in reversed(lines[:index]):
        stripped = above.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("\t"):
            return found  # an earlier tab line left as it was: no reliable context
        indent = len(above) - len(stripped)
        if limit is not None and indent >= limit:
            continue
        lead_match = re.match(r"^ *(?:- +)*", above)
        lead = len(lead_match.group(0)) if lead_match else indent
        if limit is None:
            opener = _OPENER.match(above)
            if opener is not None:
                add(len(opener.group("lead")) + _unit(lines))
                if content.startswith("-"):
                    add(len(opener.group("lead")))
        if lead > indent:
            add(lead)  # a key inside a list item: `- id: x` holds keys at its column
        add(indent)
        limit = indent
        if indent == 0:
            break
    add(0)
    return found


def _unit(lines: Sequence[str]) -> int:
    """The file's indentation step: the smallest indentation written with spaces (2 or 4), else 2."""
    widths = [len(x) - len(x.lstrip(" ")) for x in lines if x.startswith(" ") and x.strip()]
    smallest = min(widths, default=2)
    return smallest if smallest in (2, 4) else 2
