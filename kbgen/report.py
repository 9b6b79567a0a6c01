"""Reporters: render a run's Problems as text, GitHub workflow annotations or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from kbgen.problem import Problem, Problems

if TYPE_CHECKING:
    from kbgen.read.model import KnowledgeBase


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


Words = Mapping[str, str] | None  # kbgen's report.* words in the editors' language; None: English


def summary(problems: Problems, counts: dict[str, int] | None = None, words: Words = None) -> str:
    """The last line of every report: `kbgen: 2 errors, 1 warning: 12 FAQs, 3 standards`, `kbgen: valid, 0 warnings`.

    `counts` maps a singular item name to how many were read; they are appended, pluralised.
    `words` (`error`, `errors`, `FAQ`, `FAQs`, `valid`...: "{n} errores") say it in another language.
    """
    errors, warnings = len(problems.errors), len(problems.warnings)
    what = ""
    if counts:
        what = ": " + ", ".join(count(n, name, words) for name, n in counts.items())
    if errors:
        return f"kbgen: {count(errors, 'error', words)}, {count(warnings, 'warning', words)}{what}"
    valid = words.get("valid", "valid") if words else "valid"
    return f"kbgen: {valid}, {count(warnings, 'warning', words)}{what}"


def count(n: int, word: str, words: Words = None) -> str:
    """`3 errores`: a count and its word from `words` (report.*), in English without them."""
    template = words.get(word if n == 1 else f"{word}s") if words else None
    return template.replace("{n}", str(n)) if template else plural(n, word)


def plural(n: int, word: str) -> str:
    """`1 error`, `2 errors`, `3 fixes`: a count with its word, in English."""
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word}es" if word.endswith(("s", "x", "z", "ch", "sh")) else f"{n} {word}s"


def text(problems: Problems, counts: dict[str, int] | None = None, words: Words = None) -> str:
    """One `path:line:col: level: ...` line per Problem, in report order, then the summary."""
    lines = [p.format() for p in problems.sorted()]
    lines.append(summary(problems, counts, words))
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


def github(problems: Problems, counts: dict[str, int] | None = None, words: Words = None) -> str:
    """One workflow annotation per Problem, in report order, then the summary as plain text."""
    lines = [github_line(p) for p in problems.sorted()]
    lines.append(summary(problems, counts, words))
    return "\n".join(lines) + "\n"


def as_json(problems: Problems, counts: dict[str, int] | None = None, words: Words = None) -> str:
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


REPORTERS: dict[str, Callable[[Problems, dict[str, int] | None, Words], str]] = {
    "text": text,
    "github": github,
    "json": as_json,
}
