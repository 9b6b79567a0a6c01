"""Search: one Pagefind index per built site."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from pathlib import Path


class SearchIndexError(Exception):
    """Pagefind could not index one or more sites: `failures` holds (site folder name, why) pairs."""

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{site}: {why}" for site, why in failures))
        self.failures = failures


# How Pagefind is run (the binary shipped in the pagefind[bin] wheel); tests replace it to make it fail.
PAGEFIND = [sys.executable, "-m", "pagefind"]


def index_search(sites: list[Path]) -> None:
    """Pagefind indexes, one per site, built side by side: a first query downloads a small,
    fixed share of an index, whatever the site's size. Raises SearchIndexError when one fails."""
    running: list[subprocess.Popen[str]] = []
    try:
        for path in sites:
            running.append(_start_pagefind(path))
    except OSError as exc:
        for process in running:
            process.kill()
            process.communicate()
        raise SearchIndexError([(path.name, f"Pagefind could not be started: {exc.strerror or exc}")]) from None
    failures = []
    for path, process in zip(sites, running, strict=True):
        out, err = process.communicate()
        if process.returncode != 0:
            said = " ".join((err.strip() or out.strip()).split())  # one line, whatever Pagefind printed
            said = said if len(said) <= 300 else said[:300] + "…"
            why = f"Pagefind could not index the site (exit {process.returncode})" + (f": {said}" if said else "")
            failures.append((path.name, why))
    if failures:
        raise SearchIndexError(failures)
    for path in sites:  # Pagefind lists languages in no fixed order: same input, same bytes
        entry = path / "pagefind" / "pagefind-entry.json"
        if entry.is_file():
            data = json.loads(entry.read_text(encoding="utf-8"))
            entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _start_pagefind(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        # headings' permalink "¶" is not words customers search for
        [
            *PAGEFIND,
            "--site",
            str(path),
            "--output-subdir",
            "pagefind",
            "--silent",
            "--exclude-selectors",
            ".headerlink",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


class Background:
    """`mkdocs serve`: a rebuild's search index is made after the pages are on screen, beside the
    preview; the next rebuild waits for it before MkDocs empties the site folder."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None

    def start(self, site: Path) -> None:
        """Index `site` in a thread of its own; a failure is logged, as the preview stays up."""
        self.wait()

        def run() -> None:
            try:
                index_search([site])
            except SearchIndexError as exc:
                logging.getLogger("mkdocs.plugins.kbgen").error(f"kbgen: {exc}")

        self.thread = threading.Thread(target=run, name="kbgen-pagefind", daemon=True)
        self.thread.start()

    def wait(self) -> None:
        """Wait until the last index is written."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
