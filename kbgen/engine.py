"""The one entry point every adapter uses: the CLI, the MkDocs plugin and tests."""

from __future__ import annotations

import contextlib
import gc
import json
import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from kbgen.check.run import check
from kbgen.exits import UsageError
from kbgen.problem import Problems
from kbgen.read.mkdocs_yml import check_mkdocs_yml
from kbgen.read.model import KnowledgeBase
from kbgen.read.project import load_project

__all__ = ["UsageError", "resolve_today", "source_date_epoch", "validate"]

EPOCH_VARIABLE = "SOURCE_DATE_EPOCH"
# gzip (MkDocs' sitemap.xml.gz) stores the build time in 32 bits: the latest second it can hold.
MAX_EPOCH = 2**32 - 1
EPOCH_FORM = (
    f"{EPOCH_VARIABLE} must be a whole number of seconds since 1970-01-01 UTC, "
    f"from 0 to {MAX_EPOCH} (2106-02-07), or empty"
)


def source_date_epoch() -> int | None:
    """SOURCE_DATE_EPOCH in seconds; None when it is unset or blank (blank means unset)."""
    raw = os.environ.get(EPOCH_VARIABLE)
    if raw is None or not raw.strip():
        return None
    text = raw.strip()
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_EPOCH:
        raise UsageError(f"{EPOCH_FORM}; got {json.dumps(text[:40])}")
    return int(text)


def hide_blank_epoch() -> str | None:
    """Check SOURCE_DATE_EPOCH, and remove it from the environment when it is blank (blank means
    unset, for MkDocs too: it reads the variable itself, and `int("")` would end its build in a
    traceback). Returns the blank value removed, or None."""
    source_date_epoch()
    raw = os.environ.get(EPOCH_VARIABLE)
    if raw is None or raw.strip():
        return None
    del os.environ[EPOCH_VARIABLE]
    return raw


@contextlib.contextmanager
def epoch_for_mkdocs() -> Iterator[None]:
    """`hide_blank_epoch` while MkDocs runs, the environment as it was afterwards."""
    blank = hide_blank_epoch()
    try:
        yield
    finally:
        if blank is not None:
            os.environ[EPOCH_VARIABLE] = blank


def resolve_today(today: date | None = None) -> date:
    """`--today`, else SOURCE_DATE_EPOCH, else the clock (UTC). Raises UsageError on a bad SOURCE_DATE_EPOCH."""
    if today is not None:
        return today
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=UTC).date()
    return datetime.now(tz=UTC).date()


@contextlib.contextmanager
def no_collections() -> Iterator[None]:
    """Python's cycle collector paused while a large structure is built that holds no garbage
    cycles: each pass would walk every object built so far (16 % of validating KB-5k). Whatever
    cycles were made are collected once it runs again."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def validate(root: Path, today: date | None = None) -> tuple[KnowledgeBase | None, Problems]:
    """Read and check the whole project; the knowledge base is None when nothing usable was read."""
    when = resolve_today(today)  # a usage error is found before any file is read
    with no_collections():
        kb, problems = load_project(root)
        if kb is not None:
            check(kb, problems, when)
        check_mkdocs_yml(root, problems)
    return kb, problems
