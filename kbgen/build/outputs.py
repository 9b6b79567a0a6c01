"""Outputs beyond MkDocs' pages: faq.json, templates.json, robots.txt, hreflang in sitemaps, `q/ID/` redirects."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kbgen.audience import is_public
from kbgen.build.workers import SiteOutput
from kbgen.publish.pages.base import Permanent
from kbgen.publish.text import script_json
from kbgen.read.model import KnowledgeBase
from kbgen.urls import output_folder


def postprocess(target: Path, audience: str, kb: KnowledgeBase, sites: dict[str, SiteOutput]) -> None:
    """Outputs beyond pages: exports, permanent FAQ addresses, robots.txt."""
    default = kb.default_language
    if is_public(audience):
        faqs = [item for lang in kb.languages for item in sites[lang].faq_export]
        write_json(target / "faq.json", faqs)
        robots = "User-agent: *\nAllow: /\n"
        if kb.kb.organization.url:
            robots += f"Sitemap: {kb.kb.organization.url.rstrip('/')}/sitemap.xml\n"
        (target / "robots.txt").write_text(robots, encoding="utf-8")
    else:
        templates = [item for lang in kb.languages for item in sites[lang].templates_export]
        write_json(target / "templates.json", templates)
        (target / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    for lang in kb.languages:
        base = target / output_folder(lang, default)
        for item in sites[lang].redirects:
            write_permanent(base / item.path, item)


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


def write_json(path: Path, data: Any) -> None:
    """Write `data` as sorted, indented UTF-8 JSON (faq.json, templates.json), so exports diff cleanly."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
