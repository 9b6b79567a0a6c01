"""The one entry point every adapter uses: the CLI, the MkDocs plugin and tests."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

from kbgen.checks import check
from kbgen.mkdocs_yml import check_mkdocs_yml
from kbgen.model import KnowledgeBase, load_project
from kbgen.problem import Problems


def resolve_today(today: date | None = None) -> date:
    """`--today`, else SOURCE_DATE_EPOCH, else the clock (UTC)."""
    if today is not None:
        return today
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return datetime.now(tz=UTC).date()


def validate(root: Path, today: date | None = None) -> tuple[KnowledgeBase | None, Problems]:
    """Read and check the whole project; the knowledge base is None when nothing usable was read."""
    kb, problems = load_project(root)
    if kb is not None:
        check(kb, problems, resolve_today(today))
    check_mkdocs_yml(root, problems)
    return kb, problems
