"""A whole site's MkDocs output, kept under `.kbgen/cache/site/`: a site whose inputs did not change
is not built again.

What MkDocs makes of a site depends on its docs folder (every file's bytes), its settings and file
list, kb.yml, kbgen's code and the stack's versions (`site_key`), the theme overrides and the build
date (`templates_key`; MkDocs' own build date too, for the sitemap when no SOURCE_DATE_EPOCH is set).
When all of them are the same as a successful build's, that build's site and MkDocs' warnings are
taken as they were, byte for byte, instead of running MkDocs. The most recent entries are kept only.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from typing import Any

from kbgen.build.cache import beyond_recent, digest_tree, write_entry

FOLDER = "site"  # below the render cache's folder
KEEP = 8  # sites kept, the most recently used: this build's four and the last build's changed ones


def site_entry(docs: Path, site: str, templates: str) -> str:
    """The entry's name: the hash of every docs file (address and bytes), the site's key (`site`),
    the templates' key and MkDocs' build date."""
    from mkdocs.utils import get_build_date

    digest = hashlib.sha256("\0".join(("site-1", site, templates, get_build_date(), "")).encode())
    digest_tree(digest, docs)
    return f"{FOLDER}/{digest.hexdigest()}.pickle"


def restore(folder: Path, name: str, site_dir: Path) -> list[tuple[int, str]] | None:
    """Write the kept site into `site_dir` and return MkDocs' warnings; None when there is none."""
    path = folder / name
    try:
        data = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return None
    for relative, content in data["files"].items():
        target = site_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    with contextlib.suppress(OSError):
        path.touch()  # recently used: kept
    messages: list[tuple[int, str]] = data["messages"]
    return messages


def keep(new: Path, name: str, site_dir: Path, messages: list[tuple[int, str]]) -> None:
    """Write this site's MkDocs output into the build's new entries (kept if the build succeeds)."""
    files = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}
    data: dict[str, Any] = {"files": files, "messages": messages}
    write_entry(new / name, data)


def forget_old(folder: Path) -> None:
    """Drop all but the KEEP most recently used sites (a site is some megabytes)."""
    try:
        for old in beyond_recent(list((folder / FOLDER).glob("*.pickle")), KEEP):
            old.unlink()
    except OSError:
        return
