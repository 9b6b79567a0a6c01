"""kbgen's messages to editors in their own language: which language, and the words.

The language is, first to last: `--lang`, the environment's locale (`LC_ALL`, `LC_MESSAGES`,
`LANG`: `es_CO.UTF-8` is Spanish) when kbgen ships a catalog for it, `kb.yml`'s
`editors_language`, the knowledge base's first language, English.

Checks build Problems with English words and never print; a Problem is put into the editors'
language only when it is reported (`translated`), from the `problem.*` entries of the
catalogs: each English msgstr is a pattern whose `{name}` parts are the values the check
filled in, its Spanish msgstr the same sentence with the same parts. Codes, files, positions
and field paths never change with the language.
"""

from __future__ import annotations

import functools
import json
import os
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from kbgen.problem import Problem, Problems
from kbgen.publish.catalogs import catalog, prefixed, shipped
from kbgen.read.loader import load_file
from kbgen.report import REPORTERS

_NOT_A_LANGUAGE = {"", "c", "posix"}


def environment_language(environ: Mapping[str, str]) -> str | None:
    """The language of the environment's locale, when kbgen ships a catalog for it."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            base = re.split(r"[_.@-]", value, maxsplit=1)[0].lower()
            if base in _NOT_A_LANGUAGE:
                return None
            return base if base in shipped() else None
    return None


def project_language(project: Path) -> str:
    """`kb.yml`'s `editors_language`, else its first language, else English (kb.yml unread)."""
    path = project / "protocols" / "kb.yml"
    try:
        data = load_file(str(path), "protocols/kb.yml").data
    except OSError:
        return "en"
    if not isinstance(data, dict):
        return "en"
    chosen = data.get("editors_language")
    if isinstance(chosen, str) and chosen:
        return chosen
    languages = data.get("languages")
    if isinstance(languages, list) and languages and isinstance(languages[0], str):
        return languages[0]
    return "en"


def editors_language(project: Path, override: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language kbgen speaks to the editors of `project` in (see the module's docstring)."""
    if override:
        return override
    found = environment_language(os.environ if environ is None else environ)
    return found or project_language(project)


def schema_words(lang: str) -> dict[str, str]:
    """The descriptions of the JSON Schemas' properties in `lang` (`field.*`)."""
    return prefixed(lang, "field.")


_EXAMPLES = Path(__file__).parent.parent / "assets" / "schema_examples.json"
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")


def schema_examples(lang: str) -> dict[str, list[Any]]:
    """The examples of the JSON Schemas' properties (`Model.field`), taken from real content: a text
    written in several languages is shown first as `lang`'s plain text, then in its {es:, en:} form."""
    found: dict[str, Any] = json.loads(_EXAMPLES.read_text(encoding="utf-8"))
    out = {}
    for key, value in found.items():
        translated = (
            isinstance(value, dict)
            and value
            and all(_LANGUAGE_TAG.match(k) and isinstance(v, str) for k, v in value.items())
        )
        out[key] = [value[lang], value] if translated and lang in value else [value]
    return out


@functools.cache
def _patterns(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    english, own = catalog("en"), catalog(lang)
    found = []
    for key, template in english.items():
        if key.startswith("problem."):
            parts = _FIELD.split(template)
            seen: set[str] = set()
            regex = ""
            for i, part in enumerate(parts):
                if i % 2 == 0:
                    regex += re.escape(part)
                else:  # a part named twice is the same text twice
                    regex += f"(?P={part})" if part in seen else _group(part)
                    seen.add(part)
            literal = sum(len(part) for part in parts[::2])
            found.append((literal, re.compile(f"^{regex}$", re.DOTALL), own.get(key, template)))
    # The most specific first: "unknown field ..." before "unknown {kind} ...".
    return tuple((regex, target) for _n, regex, target in sorted(found, key=lambda f: -f[0]))


_FIELD = re.compile(r"\{(\w+)\}")


def _group(name: str) -> str:
    """A value: `{value}` is always quoted ("delivery-cost"), `{count}` is digits; any other part is any text."""
    if name.startswith("value"):
        return f'(?P<{name}>"[^"]*")'
    return f"(?P<{name}>\\d+)" if re.fullmatch(r"count\d*", name) else f"(?P<{name}>.+?)"


def words(lang: str, text: str) -> str:
    """`text` (a message or hint kbgen wrote in English) in `lang`; as written when no entry fits.

    Parts named `text...` are looked up in their turn ("a list"), `kind...` are kinds of item
    ("FAQ or playbook"); every other part (an ID, a value, a file) stays as written.
    """
    if not text or lang == "en":
        return text
    for regex, target in _patterns(lang):
        match = regex.match(text)
        if match:
            values = match.groupdict()
            for name, value in values.items():
                if name.startswith("text"):
                    values[name] = words(lang, value)
                elif name.startswith("kind"):
                    values[name] = kinds(lang, value)
            return _fill(target, values)
    return text


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def kinds(lang: str, text: str) -> str:
    """ "FAQ or playbook or standard" in `lang`."""
    own = catalog(lang)
    names = [own.get(f"problemkind.{name}", name) for name in text.split(" or ")]
    return own.get("problemkind.or", " or ").join(names)


def translated(problems: Problems, lang: str) -> Problems:
    """The same Problems with their message and hint in `lang`."""
    if lang == "en":
        return problems
    out = Problems()
    out.extend(_one(p, lang) for p in problems.items)
    return out


def _one(problem: Problem, lang: str) -> Problem:
    return replace(problem, message=words(lang, problem.message), hint=words(lang, problem.hint))


def report(fmt: str, problems: Problems, counts: dict[str, int] | None, lang: str) -> str:
    """`kbgen validate`'s report in format `fmt`, its words in `lang`."""
    return REPORTERS[fmt](translated(problems, lang), counts, prefixed(lang, "report.") if lang != "en" else None)


def text(project: Path, problems: Problems, counts: dict[str, int] | None = None) -> str:
    """The text report of `problems` in the editors' language of `project` (build, review, diff, new...)."""
    return report("text", problems, counts, editors_language(project))
