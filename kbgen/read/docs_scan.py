"""Find the files under docs/ that may be published, and read each page as carefully as the YAML.

What `docs/public/` may publish is an allowlist: Markdown pages, and images or PDFs under an
`images/` folder. Everything else is reported and never copied. Each page is checked before any
Markdown library sees it: its size (from `stat`, before reading), the kind of file and where a
symlink leads, its front matter and the nesting depth of its lists and quotes.
"""

from __future__ import annotations

import os
from pathlib import Path

from kbgen.audience import AUDIENCES
from kbgen.problem import Level, Problems
from kbgen.read.docs_pages import (
    ASSET_FOLDER,
    ASSET_SUFFIXES,
    MAX_PAGE_BYTES,
    DocAsset,
    DocPage,
    DocsFolder,
    check_front_matter,
    nesting_problem,
    page_problem,
)
from kbgen.read.files import display, file_problem, file_size, folder_link
from kbgen.read.markdown_scan import too_deep
from kbgen.urls import GENERATED_FOLDERS, GENERATED_PAGES


def scan_docs(root: Path, languages: list[str], problems: Problems) -> DocsFolder:
    """Every page and asset under docs/ that may be published; the rest is reported."""
    docs_dir = root / "docs"
    found = DocsFolder([], [])
    if not docs_dir.is_dir():
        return found
    if docs_dir.is_symlink():
        problem = file_problem(root, docs_dir, root, "the project")
        if problem is not None:
            problems.add(problem)
            return found
    for dirpath, dirnames, filenames in os.walk(docs_dir):  # symlinked folders are listed, never entered
        here = Path(dirpath)
        dirnames[:] = sorted(name for name in dirnames if not name.startswith("."))  # never published
        for name in list(dirnames):
            path = here / name
            if path.is_symlink():
                dirnames.remove(name)
                problems.add(folder_link(root, path, _area(docs_dir, path), _area_name(docs_dir, path)))
        for name in sorted(filenames):
            if name.startswith("."):
                continue  # .gitkeep, .DS_Store: never published
            path = here / name
            problem = file_problem(root, path, _area(docs_dir, path), _area_name(docs_dir, path))
            if problem is not None:
                problems.add(problem)
                continue
            _one_file(root, docs_dir, path, languages, problems, found)
    return found


def _area(docs_dir: Path, path: Path) -> Path:
    rel = path.relative_to(docs_dir)
    return docs_dir / rel.parts[0] if len(rel.parts) > 1 and rel.parts[0] in AUDIENCES else docs_dir


def _area_name(docs_dir: Path, path: Path) -> str:
    area = _area(docs_dir, path)
    return "docs/" if area == docs_dir else f"docs/{area.name}/"


def _one_file(
    root: Path, docs_dir: Path, path: Path, languages: list[str], problems: Problems, found: DocsFolder
) -> None:
    shown = display(root, path)
    rel = path.relative_to(docs_dir)
    audience = rel.parts[0] if len(rel.parts) > 1 and rel.parts[0] in AUDIENCES else ""
    inner = Path(*rel.parts[1:]) if audience else rel
    if path.suffix != ".md":
        if audience and inner.parts[0] == ASSET_FOLDER and path.suffix.lower() in ASSET_SUFFIXES:
            found.assets.append(DocAsset(path, inner.as_posix(), audience))
            return
        where = f"docs/{audience or 'public'}/{ASSET_FOLDER}/"
        if path.suffix.lower() in ASSET_SUFFIXES:
            hint = f"move it to {where}, where images and PDFs are published"
        else:
            hint = f"pages are .md files, images ({', '.join(ASSET_SUFFIXES)}) go in {where}; delete backups and notes"
        problems.add(page_problem(shown, "W-docs-file", "kbgen does not publish this file", hint, Level.WARNING))
        return
    if not audience:
        problems.add(
            page_problem(
                shown,
                "E-docs-audience",
                "a page outside docs/public/ and docs/internal/",
                "move it under docs/public/ (everyone) or docs/internal/ (agents only)",
            )
        )
        return
    stem_parts = inner.name[: -len(".md")].rsplit(".", 1)
    lang = None
    if len(stem_parts) == 2 and stem_parts[1] in languages[1:]:
        lang = stem_parts[1]
        inner = inner.with_name(stem_parts[0] + ".md")
    rel_path = inner.as_posix()
    if rel_path in GENERATED_PAGES or rel_path.split("/", 1)[0] in GENERATED_FOLDERS:
        problems.add(
            page_problem(
                shown,
                "E-docs-path",
                f"kbgen generates {rel_path} itself",
                "rename the page; kbgen writes index, commitments, contact, standards, "
                "replies, review and the faq/, playbooks/, editors/ and q/ folders",
            )
        )
        return
    size = file_size(path)
    if size > MAX_PAGE_BYTES:
        problems.add(
            page_problem(
                shown,
                "E-size",
                f"the page is {size / (1024 * 1024):.1f} MiB, more than the {MAX_PAGE_BYTES // (1024 * 1024)} MiB "
                "a page may have",
                "split it into several pages",
            )
        )
        return
    with open(path, "rb") as handle:
        raw = handle.read(MAX_PAGE_BYTES + 1)
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.add(
            page_problem(
                shown,
                "E-encoding",
                f"the page is not UTF-8 (byte 0x{raw[exc.start]:02X})",
                "save it with UTF-8 encoding",
                line=line,
                col=col,
            )
        )
        return
    text = text.replace("\r\n", "\n")
    check_front_matter(shown, text, problems)
    deep = too_deep(text)
    if deep is not None:
        problems.add(nesting_problem(shown, deep.line, deep.column, deep.depth))
    # Kept even when broken, so its references and links are checked in the same run.
    found.pages.append(DocPage(path, rel_path, audience, lang, text, shown))
