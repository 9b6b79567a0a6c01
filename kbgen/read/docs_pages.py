"""Hand-written pages under docs/: read as carefully as the YAML, checked with located Problems.

What `docs/public/` may publish is an allowlist: Markdown pages, and images or PDFs under an
`images/` folder. Everything else is reported and never copied. Each page is checked before any
Markdown library sees it: its size (from `stat`, before reading), the kind of file and where a
symlink leads, its front matter (only the keys below; kbgen's own `kbgen_*` switches never), and
the nesting depth of its lists and quotes. After the knowledge base is loaded, its references
(`{std:ID}` and friends), links and images are checked like YAML text.
"""

from __future__ import annotations

import difflib
import os
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kbgen.audience import AUDIENCES, is_public
from kbgen.problem import Level, Problem, Problems
from kbgen.read.files import display, file_problem, file_size, folder_link
from kbgen.read.loader import load_bytes
from kbgen.read.markdown_scan import (
    MAX_NESTING,
    host_allowed,
    links,
    offset_position,
    outside_code,
    remote_host,
    too_deep,
)
from kbgen.read.refs import KIND_NAMES, REF_RE

if TYPE_CHECKING:
    from kbgen.check.checks import Checker

MAX_PAGE_BYTES = 1024 * 1024
# Pages and folders kbgen writes into every site: hand-written pages may not take their place.
GENERATED_PAGES = {"index.md", "commitments.md", "contact.md", "standards.md", "replies.md", "review.md"}
GENERATED_FOLDERS = {"faq", "playbooks", "editors", "q", "assets", "pagefind"}
# Generated pages only the agents' site has: a public page cannot link to them.
INTERNAL_ONLY_PAGES = {"standards.md", "replies.md", "review.md"}
INTERNAL_ONLY_FOLDERS = {"editors"}
# What may be published beside pages: these kinds, under this folder of an audience folder.
ASSET_FOLDER = "images"
ASSET_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".pdf")
# Front matter a docs page may set; every value reaches templates escaped.
HIDE_VALUES = ("navigation", "toc", "footer", "feedback", "path", "tags")
FRONT_MATTER_KEYS = ("title", "description", "hide")

_YAML_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)  # as MkDocs reads it
_MULTIMARKDOWN_KEY = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)")


@dataclass
class DocPage:
    """A hand-written page under docs/public or docs/internal."""

    source: Path
    rel: str  # path below the audience folder, without the language part: "horarios.md"
    audience: str
    lang: str | None  # None: the default language
    text: str = ""  # as read and checked; the build uses this, never the file again
    file: str = ""  # docs/public/horarios.md


@dataclass
class DocAsset:
    """An image or PDF under docs/<audience>/images/, published as it is."""

    source: Path
    rel: str  # below the audience folder: "images/mapa.png"
    audience: str


@dataclass
class DocsFolder:
    pages: list[DocPage]
    assets: list[DocAsset]


def _problem(
    file: str,
    code: str,
    message: str,
    hint: str,
    level: Level = Level.ERROR,
    line: int = 1,
    col: int = 1,
    field: str = "",
) -> Problem:
    return Problem(file, line, col, field, code, level, message, hint)


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
        problems.add(_problem(shown, "W-docs-file", "kbgen does not publish this file", hint, Level.WARNING))
        return
    if not audience:
        problems.add(
            _problem(
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
            _problem(
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
            _problem(
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
            _problem(
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


def nesting_problem(file: str, line: int, col: int, depth: int, field: str = "") -> Problem:
    return _problem(
        file,
        "E-nesting",
        f"lists or quotes nested {depth} levels deep; at most {MAX_NESTING} are allowed",
        "flatten the list, or split it into sections with headings",
        line=line,
        col=col,
        field=field,
    )


# --- front matter ------------------------------------------------------------------------------


def check_front_matter(file: str, text: str, problems: Problems) -> None:
    """Front matter is data that reaches templates: only declared keys, of the declared types."""
    match = _YAML_FRONT.match(text)
    if match is None:
        _check_multimarkdown(file, text, problems)
        return
    block = match.group(1)
    if not block.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in block.splitlines()):
        return
    loaded = load_bytes(block.encode("utf-8"), file)
    for found in loaded.problems:  # positions inside the block: one line below the opening ---
        problems.add(replace(found, line=found.line + 1 if found.line else found.line, field="front matter"))
    if not loaded.ok:
        return
    data = loaded.data
    if not isinstance(data, dict):
        problems.add(
            _problem(
                file,
                "E-front-matter",
                "front matter must be `key: value` lines",
                "write title: ..., description: ...",
                line=2,
                field="front matter",
            )
        )
        return
    for key, value in data.items():
        line, col = loaded.source.position((key,), key=True)
        _check_key(file, key, value, line + 1, col, problems)


def _check_multimarkdown(file: str, text: str, problems: Problems) -> None:
    """MkDocs also reads `key: value` lines at the very top of a page (MultiMarkdown meta-data)."""
    for number, line in enumerate(text.split("\n"), start=1):
        match = _MULTIMARKDOWN_KEY.match(line)
        if not line.strip() or (match is None and not line.startswith(("    ", "\t"))):
            return
        if match is not None:
            _check_key(
                file,
                match.group(1).lower(),
                match.group(2).strip(),
                number,
                line.index(match.group(1)) + 1,
                problems,
                multimarkdown=True,
            )


def _check_key(
    file: str, key: str, value: Any, line: int, col: int, problems: Problems, multimarkdown: bool = False
) -> None:
    def bad(message: str, hint: str) -> None:
        problems.add(_problem(file, "E-front-matter", message, hint, line=line, col=col, field=f"front matter.{key}"))

    if key.startswith("kbgen_"):
        bad(
            f'"{key}" is kbgen\'s own switch; a docs page may not set it',
            f"delete the line; a page may set {', '.join(FRONT_MATTER_KEYS)}",
        )
        return
    if key not in FRONT_MATTER_KEYS:
        close = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1, cutoff=0.6)
        hint = f'did you mean "{close[0]}"?' if close else f"a page may set {', '.join(FRONT_MATTER_KEYS)}"
        if multimarkdown:
            bad(
                f'"{key}:" on the first line is read as front matter, and "{key}" is not a key a page may set',
                "start the page with a heading, or add a blank line before this one",
            )
        else:
            bad(f'unknown front matter key "{key}"', hint)
        return
    if key == "hide" and not multimarkdown:
        items = value if isinstance(value, list) else None
        if items is None or not all(isinstance(v, str) and v in HIDE_VALUES for v in items):
            bad("expected a list of " + ", ".join(HIDE_VALUES), "write hide: [toc] or hide: [navigation, toc]")
    elif key != "hide" and not isinstance(value, str):
        bad("expected text", f"write {key}: followed by the text on the same line")
    elif key != "hide" and "\n" in value:
        bad("expected one line of text", "write it on one line")


# --- checks after loading ------------------------------------------------------------------------


def check_docs(checker: Checker, pages: list[DocPage]) -> None:
    """References, links and images of every docs page, against the whole knowledge base."""
    kb = checker.kb
    public_playbooks = {p.id for p in kb.playbooks if is_public(p.audience, p.draft)}
    for page in pages:
        public = is_public(page.audience)
        for offset, part in outside_code(page.text):
            for match in REF_RE.finditer(part):
                line, col = offset_position(page.text, offset + match.start())
                kind, item_id, goal = match.group(1), match.group(2) or "", bool(match.group(3))
                if not item_id:
                    checker.problems.add(
                        _problem(
                            page.file,
                            "E-ref-syntax",
                            f"{match.group(0)} names no {KIND_NAMES[kind]}",
                            "write the ID after the colon",
                            line=line,
                            col=col,
                        )
                    )
                    continue
                if goal and kind != "std":
                    checker.problems.add(
                        _problem(
                            page.file,
                            "E-ref-syntax",
                            f"{match.group(0)}: only standards have .goal",
                            "",
                            line=line,
                            col=col,
                        )
                    )
                    continue
                checker.ref(page.file, (), item_id, [KIND_NAMES[kind]], public, position=(line, col))
        for link in links(page.text):
            line, col = offset_position(page.text, link.offset)
            host = remote_host(link.url)
            if host is not None:
                if link.image:
                    check_remote_image(checker, page.file, link.url, host, line, col)
                continue
            if public:
                _check_public_link(checker, page, link.url, line, col, public_playbooks)


def check_remote_image(checker: Checker, file: str, url: str, host: str, line: int, col: int, field: str = "") -> None:
    kb = checker.kb.kb
    own = remote_host(kb.organization.url or "") or ""
    if host and (host == own or host_allowed(host, list(kb.allow_hosts))):
        return
    checker.problems.add(
        _problem(
            file,
            "E-remote-image",
            f"an image from {host or url}: every visitor's browser would request it from a third party",
            f"put the image in docs/public/{ASSET_FOLDER}/ and link it from there, or allow the host in kb.yml "
            f"(allow_hosts: [{host or 'cdn.example.com'}])",
            line=line,
            col=col,
            field=field,
        )
    )


def _check_public_link(
    checker: Checker, page: DocPage, url: str, line: int, col: int, public_playbooks: set[str]
) -> None:
    path = url.split("#", 1)[0].split("?", 1)[0]
    if not path or path.startswith("/") or ":" in path.split("/", 1)[0]:
        return
    from urllib.parse import unquote

    here = posixpath.dirname(f"public/{page.rel}")
    target = posixpath.normpath(posixpath.join(here, unquote(path)))
    internal = None
    if target == "internal" or target.startswith("internal/"):
        internal = f"the internal page {target}"
    elif target.startswith("public/"):
        inner = target[len("public/") :]
        first = inner.split("/", 1)[0]
        if inner in INTERNAL_ONLY_PAGES or first in INTERNAL_ONLY_FOLDERS:
            internal = f"the agents' page {inner}"
        elif first == "playbooks" and inner not in ("playbooks", "playbooks/index.md"):
            pb = posixpath.splitext(inner[len("playbooks/") :].rstrip("/"))[0]
            if pb not in public_playbooks:
                internal = f"the internal playbook {inner}"
    if internal is None:
        return
    message = f"a public page may not link to {internal}"
    checker.problems.add(
        _problem(
            page.file,
            "E-public-ref",
            message,
            "link to a public page, or move this page to docs/internal/",
            line=line,
            col=col,
            field="link",
        )
    )


def resolve_refs(text: str, resolve: Any) -> str:
    """`{std:ID}` and friends replaced by `resolve` outside code; code shows them as written."""
    parts: list[str] = []
    at = 0
    for offset, part in outside_code(text):
        parts.append(text[at:offset])
        parts.append(resolve(part))
        at = offset + len(part)
    parts.append(text[at:])
    return "".join(parts)
