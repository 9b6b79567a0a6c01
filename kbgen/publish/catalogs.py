"""kbgen's own words: one gettext catalog (.po) per language, read through Babel.

`kbgen/locale/LANG/LC_MESSAGES/kbgen.po` holds every word kbgen writes on pages, in the
reference and in `kbgen diff`; msgid is the key the code asks for (`hours.tz`, `diff.title`),
msgstr the words. One fallback rule for every caller: the language's own catalog (pt_BR),
then its base language's (pt), then English; an empty msgstr falls back the same way.
The catalogs are compiled in memory the first time a language is asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent.parent / "locale"
DOMAIN = "kbgen"
FALLBACK = "en"


@functools.cache
def _read(folder: str) -> dict[str, str]:
    path = LOCALE_DIR / folder / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalog = read_po(handle)
    return {str(m.id): str(m.string) for m in catalog if m.id and m.string}


def shipped() -> list[str]:
    """The languages a catalog ships for (folder names: es, en, pt, pt_BR…)."""
    return sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())


@functools.cache
def catalog(lang: str) -> Mapping[str, str]:
    """Every word in `lang`, by key, with the one fallback rule applied."""
    parts = lang.replace("-", "_").split("_")
    base = parts[0].lower()
    own = "_".join([base, *(p.upper() for p in parts[1:])])
    words = dict(_read(FALLBACK))
    words.update(_read(base))
    if own != base:
        words.update(_read(own))
    return words


def prefixed(lang: str, prefix: str) -> dict[str, str]:
    """The words whose key starts with `prefix` (`diff.`), without it."""
    return {key[len(prefix) :]: text for key, text in catalog(lang).items() if key.startswith(prefix)}
