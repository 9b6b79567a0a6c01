"""What the plugin does to every page MkDocs renders: hand-written pages trusted with nothing, valid HTML.

Whether a page is kbgen's own comes from the build (the `generated` paths), never from the page.
"""

from __future__ import annotations

import hashlib
import re
from html import escape
from typing import Any

from kbgen.build import cache
from kbgen.publish.html_policy import sanitize as sanitize_html
from kbgen.read.docs_pages import FRONT_MATTER_KEYS, HIDE_VALUES

# Seconds this process spent in the plugin's sanitising hooks (the benchmark's breakdown reads it).
SECONDS = [0.0]

_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def clean(html: str) -> str:
    """A page's HTML through the backstop (publish.html_policy.sanitize). While a page cache is in use
    (cache.cached_rendering), the result is kept there by the HTML's digest: a page whose conversion
    came from the cache is not sanitised again (3 ms a page, a third of a KB-5k preview's MkDocs)."""
    store = cache.ACTIVE[0]
    if store is None:
        return sanitize_html(html)
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    name = store.entry("clean", cache.version("nh3"), digest)
    kept = store.load(name)
    if kept is not None and isinstance(kept.get("html"), str):
        return str(kept["html"])
    cleaned = sanitize_html(html)
    store.store(name, {"html": cleaned})
    return cleaned


def valid_html(html: str) -> str:
    """Correct the two markup errors of Material's templates that the Nu HTML Checker reports on
    every page: `autocomplete` on its checkbox toggles, and an empty `tabindex` on nav labels; and,
    on section index pages, a label for a table-of-contents toggle that is not there."""
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html).replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return html


def hand_written_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """A hand-written page's front matter as templates may see it: declared keys only, as text
    (the title is escaped once the page is rendered, the description by the template)."""
    kept: dict[str, Any] = {}
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if key == "hide" and isinstance(value, list):
            kept[key] = [v for v in value if isinstance(v, str) and v in HIDE_VALUES]
        elif key != "hide" and value is not None:
            kept[key] = str(value)
    return kept


def escape_titles(page: Any) -> None:
    """A hand-written page's title (heading or front matter), escaped before any page's nav is
    rendered: MkDocs and Material print titles raw (mkdocs issue 3357); generated pages carry
    escaped titles already."""
    meta = page.meta if page.meta is not None else {}
    if page.title:
        page.title = escape(str(page.title), quote=True)
    if "title" in meta:
        meta["title"] = escape(str(meta["title"]), quote=True)
