"""`kbgen init`: a new knowledge-base project, copied from kbgen's starter, that builds at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from kbgen import editor
from kbgen.exits import UsageError
from kbgen.publish.catalogs import catalog
from kbgen.publish.messages import editors_language, project_language, schema_examples, schema_words

STARTER = Path(__file__).parent.parent / "assets" / "starter"


def create(directory: Path) -> None:
    """Copy the starter project into `directory` (new or empty) with its editors' JSON Schemas.

    Raises UsageError when `directory` holds anything.
    """
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"{directory} is not empty; choose a new folder")
    shutil.copytree(STARTER, directory, dirs_exist_ok=True)
    (directory / "gitignore").rename(directory / ".gitignore")
    lang = project_language(directory)
    editor.write_schemas(directory / editor.DEFAULT_SCHEMA_DIR, schema_words(lang), schema_examples(lang))
    _comments_in(directory, editors_language(directory))


def _comments_in(directory: Path, lang: str) -> None:
    """The starter's comment lines in the editors' language (`starter.*`); its YAML is the same."""
    english, own = catalog("en"), catalog(lang)
    words = {english[key]: own[key] for key in english if key.startswith("starter.")}
    for path in sorted(directory.rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        lines = [words.get(line, line) for line in text.split("\n")]
        path.write_text("\n".join(lines), encoding="utf-8")
