"""An FAQ's permanent address `q/ID/`: a tiny page that sends the reader on to wherever the FAQ is,
titled with the question in its language for link previews, and holding the question's own search
record. Each site's worker writes its own, beside MkDocs' pages, so the sites write theirs in parallel."""

from __future__ import annotations

from html import escape
from pathlib import Path

import jinja2
from markupsafe import Markup

from kbgen.publish.pages.base import Permanent
from kbgen.publish.text import script_json

# Autoescaped as html.escape(quote=True) escapes (markupsafe writes ' differently): the address is
# escaped here and handed over as markup, to keep the pages' bytes.
_REDIRECT = jinja2.Environment(
    loader=jinja2.PackageLoader("kbgen", "templates"), autoescape=True, keep_trailing_newline=True
).get_template("redirect.html.j2")


# The longest description link previews show in full.
DESCRIPTION_CHARS = 200


def write_permanent(path: Path, item: Permanent) -> None:
    """An FAQ's permanent address at `path`: sends the reader on to the question, keeping the query
    string (before the fragment, where servers and scripts read it); its title is the question, in
    the question's language, for link previews; its body is the question's search record."""
    path.parent.mkdir(parents=True, exist_ok=True)
    description = item.answer
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    page = _REDIRECT.render(
        url=Markup(escape(item.url, quote=True)),
        url_json=Markup(script_json(item.url)),
        lang=item.lang,
        title=item.title,
        category=item.category,
        answer=item.answer,
        keywords=item.keywords,
        description=description,
    )
    path.write_text(page, encoding="utf-8")


def write_redirects(site_dir: Path, redirects: list[Permanent]) -> None:
    """Each of a site's permanent addresses, below its language root."""
    for item in redirects:
        write_permanent(site_dir / item.path, item)
