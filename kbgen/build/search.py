"""Search: one Pagefind index per built site, made one language at a time and kept in the cache.

Pagefind indexes each language on its own (its pages' `<html lang>`), and a site's bundle is the
union of its languages' bundles with their entries merged: so each language can be indexed apart
(`--glob` over its own pages) and the result is the same bundle, byte for byte, as one Pagefind run
over the whole site. With the cache, each language's bundle is written under `.kbgen/cache/search/`,
keyed by Pagefind's version and options and every page it reads, and linked into the site: a rebuild
after an edit to one language's pages indexes that language again and links the others' bundles.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from kbgen.build.cache import beyond_recent, version


class SearchIndexError(Exception):
    """Pagefind could not index one or more sites: `failures` holds (site folder name, why) pairs."""

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{site}: {why}" for site, why in failures))
        self.failures = failures


# How Pagefind is run (the binary shipped in the pagefind[bin] wheel); tests replace it to make it fail.
PAGEFIND = [sys.executable, "-m", "pagefind"]
# headings' permalink "¶" is not words customers search for
OPTIONS = ["--silent", "--exclude-selectors", ".headerlink"]
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
    lang: str  # "" for the whole site
    pages: list[str]  # relative to site, with /
    glob: str  # Pagefind's --glob for these pages
    key: str = ""
    bundle: Path | None = None  # where its bundle is, once indexed or found in the cache


_SAFE = re.compile(r"[A-Za-z0-9._-]+")  # names a glob can hold as they are
WHOLE = "**/*.{html}"  # Pagefind's own default


def index_search(
    sites: list[Path], languages: dict[str, str] | None = None, cache: SearchCache | None = None
) -> list[str]:
    """Index every site for search; returns the parts indexed afresh. With a `cache`, each language
    (`languages` maps each to its folder in a site: "" for the default, "en/"...) is indexed on its
    own and kept; without, each site in one Pagefind run. Raises SearchIndexError when one fails."""
    if cache is None:
        _run([_Part(site, site.name, "", [], WHOLE, bundle=site / BUNDLE) for site in sites])
        for site in sites:
            _merge(site, [])
        return sorted(site.name for site in sites)
    parts = [part for site in sites for part in _split(site, languages or {"": ""})]
    todo = []
    for part in parts:
        part.key = _key(part)
        if (cache.folder / part.key / ENTRY).is_file():
            part.bundle = cache.folder / part.key
            os.utime(part.bundle)
        else:
            part.bundle = cache.new / part.key
            todo.append(part)
    # Every language on its own, even in a clean build: the same CPU as one run over a site, and a
    # run's memory is its language's (KB-5k: 410 MB against 600 MB for a site in one run).
    _run(todo)
    for site in sites:
        _merge(site, [part for part in parts if part.site == site])
    cache.indexed = sorted(part.name for part in todo)
    return cache.indexed


def _link(path: Path, target: Path) -> None:
    """`target` as a link to `path` (its files are named by their content: nothing writes to them again)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(path, target)
    except FileExistsError:  # the scripts every language's bundle has, the same bytes
        return
    except OSError:  # another file system
        shutil.copyfile(path, target)


def _split(site: Path, languages: dict[str, str]) -> list[_Part]:
    """A site's pages, by language: each language's folder, the default's everything outside the others'
    (the whole site as one part when a name cannot go into a glob as it is)."""
    folders = {folder.rstrip("/"): lang for lang, folder in languages.items() if folder}
    default = next((lang for lang, folder in languages.items() if not folder), None)
    pages: dict[str, list[str]] = {lang: [] for lang in languages}
    every: list[str] = []
    for top, _dirs, files in os.walk(site):
        relative = os.path.relpath(top, site)
        first = relative.split(os.sep, 1)[0]
        lang = folders.get(first, default)
        for name in files:
            if name.endswith(".html"):
                page = name if relative == "." else f"{relative}/{name}".replace(os.sep, "/")
                every.append(page)
                if lang is not None:
                    pages[lang].append(page)
    every.sort()
    if len(languages) == 1 or not all(_SAFE.fullmatch(page.split("/", 1)[0]) for page in every):
        return [_Part(site, site.name, "", every, WHOLE)]
    return [
        _Part(site, f"{site.name}/{lang}", lang, sorted(found), _glob(found))
        for lang, found in pages.items()
        if found
    ]


def _glob(pages: list[str]) -> str:
    """The glob that selects exactly `pages` (by their first folder, or their own name at the top)."""
    tops = sorted({page.split("/", 1)[0] + "/**/*.html" if "/" in page else page for page in pages})
    return tops[0] if len(tops) == 1 else "{" + ",".join(tops) + "}"


def _key(part: _Part) -> str:
    """Pagefind's version and options and every page it reads, by address and bytes."""
    digest = hashlib.sha256("\0".join((_FORMAT, version("pagefind"), *OPTIONS, part.glob)).encode())
    for page in part.pages:
        digest.update(b"\0" + page.encode() + b"\0" + (part.site / page).read_bytes())
    return digest.hexdigest()


def _run(parts: list[_Part]) -> None:
    """Pagefind over each part's pages, into the part's bundle folder: one run per core at a time
    (each holds its whole index in memory)."""
    for part in parts:
        assert part.bundle is not None
        part.bundle.parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, min(len(parts), os.cpu_count() or 1))) as pool:
        outcomes = list(pool.map(_index, parts))
    failures: dict[str, str] = {}
    for part, why in zip(parts, outcomes, strict=True):
        if why is not None and part.site.name not in failures:
            failures[part.site.name] = why
    if failures:
        raise SearchIndexError(list(failures.items()))


def _index(part: _Part) -> str | None:
    """One Pagefind run; None when it succeeds, else why it failed."""
    assert part.bundle is not None
    try:
        process = _start_pagefind(part.site, part.glob, part.bundle)
    except OSError as exc:
        return f"Pagefind could not be started: {exc.strerror or exc}"
    out, err = process.communicate()
    if process.returncode == 0:
        return None
    said = " ".join((err.strip() or out.strip()).split())  # one line, whatever Pagefind printed
    said = said if len(said) <= 300 else said[:300] + "…"
    return f"Pagefind could not index the site (exit {process.returncode})" + (f": {said}" if said else "")


def _merge(site: Path, parts: list[_Part]) -> None:
    """The site's bundle: every part's files (linked from the cache), and one entry listing every
    language, sorted: Pagefind lists them in no fixed order, and the same input must give the same bytes."""
    bundle = site / BUNDLE
    if parts:
        shutil.rmtree(bundle, ignore_errors=True)
    languages: dict[str, object] = {}
    entry: dict[str, object] = {}
    for part in parts:
        assert part.bundle is not None
        for path in sorted(part.bundle.rglob("*")):
            if not path.is_dir() and path.name != ENTRY:
                _link(path, bundle / path.relative_to(part.bundle))
        entry = json.loads((part.bundle / ENTRY).read_text(encoding="utf-8"))
        languages.update(cast(dict[str, object], entry.get("languages") or {}))
    if not parts and (bundle / ENTRY).is_file():
        entry = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        languages = cast(dict[str, object], entry.get("languages") or {})
    if entry:
        entry["languages"] = languages
        (bundle / ENTRY).write_text(json.dumps(entry, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _start_pagefind(site: Path, glob: str, bundle: Path) -> subprocess.Popen[str]:
    where = ["--output-subdir", BUNDLE] if bundle == site / BUNDLE else ["--output-path", str(bundle.resolve())]
    return subprocess.Popen(
        [*PAGEFIND, "--site", str(site), "--glob", glob, *where, *OPTIONS],
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
            for old in beyond_recent(list(folder.iterdir()), KEEP):
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
