"""`kbgen init`: a new knowledge-base project, copied from kbgen's starter, that builds at once."""

from __future__ import annotations

import shutil
from pathlib import Path

from kbgen import editor
from kbgen.exits import UsageError
from kbgen.publish.messages import project_language, schema_examples, schema_words

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
