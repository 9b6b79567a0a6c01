"""The checks of docs pages after the knowledge base is loaded: their references (`{std:ID}` and
friends), third-party images, and links from public pages to what only agents see."""

from __future__ import annotations

import posixpath

from kbgen.audience import is_public
from kbgen.check.checker import Checker
from kbgen.check.references import ref
from kbgen.read.docs_pages import ASSET_FOLDER, DocPage, page_problem
from kbgen.read.markdown_scan import host_allowed, links, offset_position, outside_code, remote_host
from kbgen.read.refs import KIND_NAMES, REF_RE
from kbgen.urls import INTERNAL_ONLY_FOLDERS, INTERNAL_ONLY_PAGES, linked_playbook


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
                        page_problem(
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
                        page_problem(
                            page.file,
                            "E-ref-syntax",
                            f"{match.group(0)}: only standards have .goal",
                            "",
                            line=line,
                            col=col,
                        )
                    )
                    continue
                ref(checker, page.file, (), item_id, [KIND_NAMES[kind]], public, position=(line, col))
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
    """E-remote-image unless `host` is the organization's own or one kb.yml allows."""
    kb = checker.kb.kb
    own = remote_host(kb.organization.url or "") or ""
    if host and (host == own or host_allowed(host, list(kb.allow_hosts))):
        return
    checker.problems.add(
        page_problem(
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
        elif (pb := linked_playbook(inner)) is not None and pb not in public_playbooks:
            internal = f"the internal playbook {inner}"
    if internal is None:
        return
    message = f"a public page may not link to {internal}"
    checker.problems.add(
        page_problem(
            page.file,
            "E-public-ref",
            message,
            "link to a public page, or move this page to docs/internal/",
            line=line,
            col=col,
            field="link",
        )
    )
