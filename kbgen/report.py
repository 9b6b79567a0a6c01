"""Reporters: render a run's Problems as text, GitHub workflow annotations or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kbgen.problem import Problem, Problems

if TYPE_CHECKING:
    from kbgen.read.model import KnowledgeBase
    from kbgen.tools.fix import FileResult


def counts(kb: KnowledgeBase | None) -> dict[str, int]:
    """What `kbgen validate` read, by singular item name, for the summary; nothing when it read no knowledge base."""
    if kb is None:
        return {}
    return {
        "FAQ": sum(1 for _ in kb.faqs),
        "standard": len(kb.standards),
        "playbook": len(kb.playbooks),
        "channel": len(kb.kb.channels),
    }


def summary(problems: Problems, counts: dict[str, int] | None = None) -> str:
    """The last line of every report: `kbgen: 2 errors, 1 warning: 12 FAQs, 3 standards`, `kbgen: valid, 0 warnings`.

    `counts` maps a singular item name to how many were read; they are appended, pluralised.
    """
    errors, warnings = len(problems.errors), len(problems.warnings)
    what = ""
    if counts:
        what = ": " + ", ".join(_plural(n, name) for name, n in counts.items())
    if errors:
        return f"kbgen: {_plural(errors, 'error')}, {_plural(warnings, 'warning')}{what}"
    return f"kbgen: valid, {_plural(warnings, 'warning')}{what}"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def text(problems: Problems, counts: dict[str, int] | None = None) -> str:
    """One `path:line:col: level: ...` line per Problem, in report order, then the summary."""
    lines = [p.format() for p in problems.sorted()]
    lines.append(summary(problems, counts))
    return "\n".join(lines) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_line(p: Problem) -> str:
    """A Problem as a GitHub Actions workflow command (`::error file=...,line=...,col=...,title=CODE::...`).

    Properties and message are percent-escaped as the runner requires, so a comma,
    colon or line break in them cannot cut the annotation short.
    """
    kind = "error" if p.level.value == "error" else "warning"
    message = f"{p.field}: {p.message}" if p.field else p.message
    if p.hint:
        message += f" ({p.hint})"
    props = f"file={_escape_property(p.file)},line={p.line},col={p.column},title={_escape_property(p.code)}"
    return f"::{kind} {props}::{_escape_data(message)}"


def github(problems: Problems, counts: dict[str, int] | None = None) -> str:
    """One workflow annotation per Problem, in report order, then the summary as plain text."""
    lines = [github_line(p) for p in problems.sorted()]
    lines.append(summary(problems, counts))
    return "\n".join(lines) + "\n"


def as_json(problems: Problems, counts: dict[str, int] | None = None) -> str:
    """The Problems, the error and warning totals and `counts` as one JSON document (UTF-8, not ASCII-escaped)."""
    items = [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "field": p.field,
            "code": p.code,
            "level": p.level.value,
            "message": p.message,
            "hint": p.hint,
        }
        for p in problems.sorted()
    ]
    payload = {
        "problems": items,
        "errors": len(problems.errors),
        "warnings": len(problems.warnings),
        "counts": counts or {},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


REPORTERS: dict[str, Callable[[Problems, dict[str, int] | None], str]] = {
    "text": text,
    "github": github,
    "json": as_json,
}


def fixes(results: Sequence[FileResult], check: bool) -> str:
    """The report of a `kbgen fix` run: each fix on a located line, then its line before and after.

    ``FILE:LINE:COL: fixed: MESSAGE [KIND]`` (``would fix`` with --check), then, for line fixes,
    ``    - OLD LINE`` and ``    + NEW LINE`` (tabs shown as ``\\t``); one summary line at the end.
    """
    verb = "would fix" if check else "fixed"
    out = []
    for result in results:
        for fix in result.fixes:
            out.append(f"{fix.file}:{fix.line}:{fix.column}: {verb}: {fix.message} [{fix.kind}]\n")
            if fix.before is not None and fix.after is not None:
                out.append(f"    - {_shown_line(fix.before)}\n    + {_shown_line(fix.after)}\n")
    count = sum(len(r.fixes) for r in results)
    files = sum(1 for r in results if r.changed)
    if not count:
        out.append(f"kbgen: nothing to fix in {_plural_fix(len(results), 'file')}\n")
    elif check:
        out.append(f"kbgen: {_plural_fix(count, 'fix')} needed in {_plural_fix(files, 'file')}; run kbgen fix\n")
    else:
        out.append(f"kbgen: {_plural_fix(count, 'fix')} made in {_plural_fix(files, 'file')}\n")
    return "".join(out)


def _shown_line(line: str) -> str:
    return line.replace("\t", "\\t")


def _plural_fix(n: int, word: str) -> str:
    return f"{n} {word}es" if n != 1 and word.endswith("x") else _plural(n, word)
