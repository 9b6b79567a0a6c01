"""Outputs beyond MkDocs' pages, per audience: faq.json, templates.json, robots.txt (each site's
`q/ID/` redirects are written by its worker, `redirects`)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from kbgen.audience import is_public
from kbgen.build.workers import SiteOutput
from kbgen.read.model import KnowledgeBase


def postprocess(target: Path, audience: str, kb: KnowledgeBase, sites: dict[str, SiteOutput]) -> None:
    """Outputs beyond pages: exports and robots.txt."""
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


def write_json(path: Path, data: Any) -> None:
    """Write `data` as sorted, indented UTF-8 JSON (faq.json, templates.json), so exports diff cleanly."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
