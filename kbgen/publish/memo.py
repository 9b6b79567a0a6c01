"""Editors' Markdown converted to HTML for exports and structured data (`text.md_to_html`): once
a process for every page, export and audience; a build's workers also start from, and keep, the
last build's conversions (build/cache.py)."""

from __future__ import annotations

HTML: dict[str, str] = {}  # every conversion known to this process
ASKED: dict[str, str] = {}  # the conversions asked for since asked_html() last emptied it
LIMIT = 65_536  # conversions kept in a long-running process (kbgen serve), at most


def remember(markdown_text: str, html: str) -> str:
    """Keep a conversion just made; return its HTML."""
    if len(HTML) >= LIMIT:
        HTML.clear()
    HTML[markdown_text] = html
    return html


def known_html(conversions: dict[str, str]) -> None:
    """Conversions made earlier (by md_to_html, with the same code): md_to_html reuses them."""
    HTML.update(conversions)


def asked_html() -> dict[str, str]:
    """The conversions md_to_html gave since the last call (what a build's cache keeps)."""
    asked = dict(ASKED)
    ASKED.clear()
    return asked
