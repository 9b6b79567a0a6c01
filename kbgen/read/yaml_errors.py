"""The Problems of reading YAML that need words of their own: syntax errors (where the mistake
is, and its usual cause), a comment glued to a value, an empty file."""

from __future__ import annotations

import re
from typing import Any

import yaml

from kbgen.problem import Level, Problem
from kbgen.read.source_map import PathKey, SourceMap, dotted

GLUED_COMMENT = re.compile(r"[ \t]+#(\S)")  # what E-comment reports; kbgen fix quotes by the same rule


def syntax_problem(file: str, text: str, exc: yaml.MarkedYAMLError) -> Problem:
    """The E-yaml Problem for a syntax error libyaml raised while reading `text`."""
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark is not None and (exc.problem or "").startswith("did not find expected ','"):
        mark = exc.context_mark  # an unclosed [ or {: point at it, not where libyaml gave up
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    if line > max(lines, 1):  # libyaml reports an unclosed bracket one line past the end
        line = max(lines, 1)
        last = text.rstrip("\n").rsplit("\n", 1)[-1]
        col = len(last) + 1
    problem = (exc.problem or "invalid YAML").strip()
    message, hint = _explain_syntax(problem, exc.context, text, line)
    return Problem(file, line, col, "", "E-yaml", Level.ERROR, message, hint)


def glued_comment(source: SourceMap, event: Any, path: PathKey, flow: bool) -> Problem | None:
    """`rated #1` is cut at `#` by YAML; a `#` glued to a word was meant as text."""
    text = source.text
    end = event.end_mark.index
    match = GLUED_COMMENT.match(text, end)
    if not match:
        return None
    line_end = text.find("\n", end)
    rest = text[end : line_end if line_end >= 0 else len(text)]
    line, col = source.offset_position(match.start(1) - 1)
    shown = text[event.start_mark.index : end + len(rest)].strip()
    if flow:  # inside {...} or [...] the value ends at the next , } or ]
        shown = re.split(r"[,}\]]", shown, maxsplit=1)[0].strip()
    return Problem(
        source.file,
        line,
        col,
        dotted(path),
        "E-comment",
        Level.ERROR,
        f'"#{match.group(1)}..." starts a YAML comment, so the value ends before it',
        f'quote the whole value ("{shown}"), or put a space after # for a comment',
    )


def empty_file(file: str) -> Problem:
    """The E-empty-file Problem: no document, or one holding no value."""
    return Problem(
        file,
        1,
        1,
        "",
        "E-empty-file",
        Level.ERROR,
        "the file is empty or holds only comments",
        "delete the file, or write its content",
    )


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
