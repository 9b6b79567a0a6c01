"""An FAQ's permanent address `q/ID/`: a tiny page that sends the reader on to wherever the FAQ is."""

from __future__ import annotations

from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup

from kbgen.publish.text import script_json

# Autoescaped as html.escape(quote=True) escapes (markupsafe writes ' differently): the address is
# escaped here and handed over as markup, to keep the pages' bytes.
_REDIRECT = jinja2.Environment(
    loader=jinja2.PackageLoader("kbgen", "templates"), autoescape=True, keep_trailing_newline=True
).get_template("redirect.html.j2")


def write_redirect(path: Path, url: str, noindex: bool) -> None:
    """A page at `path` that sends the reader on to `url` (relative), keeping the query string."""
    path.parent.mkdir(parents=True, exist_ok=True)
    page = _REDIRECT.render(url=Markup(escape(url, quote=True)), url_json=Markup(script_json(url)), noindex=noindex)
    path.write_text(page, encoding="utf-8")


def write_redirects(site_dir: Path, redirects: list[tuple[str, str]]) -> None:
    """Each site's redirects (file below its language root, where it leads), written by the site's
    worker beside MkDocs' pages, so the sites write theirs in parallel."""
    for path, url in redirects:
        write_redirect(site_dir / path, url, noindex=True)
