"""Search: one Pagefind index per built site, made one language at a time and kept in the cache.

Pagefind indexes each language on its own (its pages' `<html lang>`), and a site's bundle is the
union of its languages' bundles with their entries merged: so each language is indexed apart, over
a folder of links to that language's pages only, and the result is the same bundle, byte for byte,
as one Pagefind run over the whole site. A language's bundle is kept under `.kbgen/cache/search/`,
keyed by Pagefind's version and options and every page it reads: a rebuild after an edit to one
language's pages indexes that language again and copies the others' bundles.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


class SearchIndexError(Exception):
    """Pagefind could not index one or more sites: `failures` holds (site folder name, why) pairs."""

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{site}: {why}" for site, why in failures))
        self.failures = failures


# How Pagefind is run (the binary shipped in the pagefind[bin] wheel); tests replace it to make it fail.
PAGEFIND = [sys.executable, "-m", "pagefind"]
# headings' permalink "¶" is not words customers search for
OPTIONS = ["--output-subdir", "pagefind", "--silent", "--exclude-selectors", ".headerlink"]
BUNDLE = "pagefind"
ENTRY = "pagefind-entry.json"
KEEP = 8  # language bundles kept in the cache, the most recently used: this build's and the last one's
_FORMAT = "search-1"


@dataclass
class SearchCache:
    """Where language bundles are read (`folder`) and written (`new`, kept only if the build
    succeeds); `indexed` names the parts Pagefind indexed afresh ("site" or "site/lang")."""

    folder: Path
    new: Path
    indexed: list[str] = field(default_factory=list)


@dataclass
class _Part:
    site: Path
    name: str  # "public/es"
    pages: list[Path]  # relative to site
    whole: bool  # the whole site: indexed where it is
    key: str = ""
    bundle: Path | None = None  # where its bundle is, once indexed or found in the cache


def index_search(
    sites: list[Path], languages: dict[str, str] | None = None, cache: SearchCache | None = None
) -> list[str]:
    """Index every site for search; `languages` maps each language to its folder in a site ("" for
    the default, "en/"...), to index them one by one. Returns the parts indexed afresh. Raises
    SearchIndexError when Pagefind fails on one."""
    parts = [part for site in sites for part in _split(site, languages or {"": ""})]
    # the links to a language's pages are made beside the sites, on their file system
    beside = sites[0].parent if sites and languages and len(languages) > 1 else None
    with tempfile.TemporaryDirectory(prefix=".kbgen-pagefind-", dir=beside) as work:
        todo = []
        for part in parts:
            part.key = _key(part)
            kept = None if cache is None else cache.folder / part.key
            if kept is not None and (kept / ENTRY).is_file():
                part.bundle = kept
                os.utime(kept)
            else:
                todo.append(part)
        _run(todo, Path(work))
        for site in sites:
            _merge(site, [part for part in parts if part.site == site])
        if cache is not None:
            for part in todo:
                assert part.bundle is not None
                shutil.copytree(part.bundle, cache.new / part.key, dirs_exist_ok=True)
            cache.indexed = sorted(part.name for part in todo)
    return sorted(part.name for part in todo)


def _split(site: Path, languages: dict[str, str]) -> list[_Part]:
    """A site's pages, by language: each language's folder, the default's everything outside the others'."""
    folders = {lang: folder for lang, folder in languages.items() if folder}
    pages: dict[str, list[Path]] = {lang: [] for lang in languages}
    default = next((lang for lang, folder in languages.items() if not folder), None)
    for page in sorted(site.rglob("*.html")):
        relative = page.relative_to(site)
        top = relative.parts[0] + "/" if len(relative.parts) > 1 else ""
        lang = next((lang for lang, folder in folders.items() if folder == top), default)
        if lang is not None:
            pages[lang].append(relative)
    one = len(languages) == 1
    return [
        _Part(site, site.name if one else f"{site.name}/{lang}", found, one) for lang, found in pages.items() if found
    ]


def _key(part: _Part) -> str:
    """Pagefind's version and options and every page it reads, by address and bytes."""
    digest = hashlib.sha256("\0".join((_FORMAT, metadata.version("pagefind"), *OPTIONS)).encode())
    for page in part.pages:
        digest.update(b"\0" + page.as_posix().encode() + b"\0" + (part.site / page).read_bytes())
    return digest.hexdigest()


def _run(parts: list[_Part], work: Path) -> None:
    """Pagefind over each part's pages (links to them in a folder of its own), the parts side by side."""
    running: list[tuple[_Part, subprocess.Popen[str]]] = []
    try:
        for number, part in enumerate(parts):
            folder = part.site if part.whole else work / str(number)
            for page in [] if part.whole else part.pages:
                (folder / page).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(part.site / page, folder / page)
                except OSError:  # a file system without hard links
                    shutil.copyfile(part.site / page, folder / page)
            folder.mkdir(parents=True, exist_ok=True)
            part.bundle = folder / BUNDLE
            running.append((part, _start_pagefind(folder)))
    except OSError as exc:
        for _, process in running:
            process.kill()
            process.communicate()
        why = f"Pagefind could not be started: {exc.strerror or exc}"
        raise SearchIndexError([(parts[len(running)].site.name, why)]) from None
    failures: dict[str, str] = {}
    for part, process in running:
        out, err = process.communicate()
        if process.returncode != 0 and part.site.name not in failures:
            said = " ".join((err.strip() or out.strip()).split())  # one line, whatever Pagefind printed
            said = said if len(said) <= 300 else said[:300] + "…"
            why = f"Pagefind could not index the site (exit {process.returncode})" + (f": {said}" if said else "")
            failures[part.site.name] = why
    if failures:
        raise SearchIndexError(list(failures.items()))


def _merge(site: Path, parts: list[_Part]) -> None:
    """The site's bundle: every part's files, and one entry listing every language (sorted: Pagefind
    lists them in no fixed order, and the same input must give the same bytes)."""
    bundle = site / BUNDLE
    if [part.bundle for part in parts] != [bundle]:
        shutil.rmtree(bundle, ignore_errors=True)
    entry: dict[str, object] = {}
    languages: dict[str, object] = {}
    for part in parts:
        assert part.bundle is not None
        if part.bundle != bundle:
            shutil.copytree(part.bundle, bundle, dirs_exist_ok=True, ignore=shutil.ignore_patterns(ENTRY))
        if (part.bundle / ENTRY).is_file():
            entry = json.loads((part.bundle / ENTRY).read_text(encoding="utf-8"))
            languages.update(entry.get("languages") or {})  # type: ignore[call-overload]
    if entry:
        entry["languages"] = languages
        (bundle / ENTRY).write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _start_pagefind(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*PAGEFIND, "--site", str(path), *OPTIONS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def keep_bundles(new: Path, folder: Path) -> None:
    """Move the bundles a successful build indexed into the cache `folder`, and drop all but the
    KEEP most recently used (a folder kbgen cannot write only loses the cache)."""
    try:
        if new.is_dir():
            folder.mkdir(parents=True, exist_ok=True)
            for bundle in sorted(new.iterdir()):
                shutil.rmtree(folder / bundle.name, ignore_errors=True)
                shutil.move(bundle, folder / bundle.name)
        if folder.is_dir():
            kept = sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)
            for old in kept[KEEP:]:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        return


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
