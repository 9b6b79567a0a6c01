"""Each question's permanent address as the example renders it: its search record (question,
category, answer, keywords after the mark kbgen.js cuts) and its link preview; keywords are
never on the page customers read."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kbgen import engine
from kbgen.build.redirects import write_permanent
from kbgen.publish.pages.base import Permanent
from kbgen.publish.render import render_site
from kbgen.publish.views import make_view

ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 11, 23)


def example(lang: str) -> tuple[str, Permanent]:
    kb, _problems = engine.validate(ROOT, TODAY)
    assert kb is not None
    site = render_site(make_view(kb, "public", TODAY), lang)
    page = next(p.content for p in site.pages if p.path == "faq/entregas-e-instalacion.md")
    record = next(r for r in site.redirects if r.path == "q/producto-llego-danado/index.html")
    return page, record


def test_keywords_are_in_the_search_record_and_never_on_the_page(tmp_path: Path) -> None:
    page, record = example("es")
    assert "rayada" not in page
    write_permanent(tmp_path / "index.html", record)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    head, body = html.split("<body>", 1)
    assert "rayada" not in head and "<p hidden>⁂ dañada, dañado, rayada, rayado," in body
    assert '<html lang="es">' in head
    assert "<title>Mi producto llegó golpeado o incompleto, ¿qué hago?</title>" in head
    assert '<meta data-pagefind-meta="category[content]" content="Entrega e instalación">' in head
    assert '<h1 data-pagefind-meta="title">Mi producto llegó golpeado o incompleto, ¿qué hago?</h1>' in body
    # the query string goes before the fragment: q/ID/?fbclid=… lands on the question
    assert "u.search=location.search;location.replace(u.href)" in head


def test_english_record_has_english_keywords_and_language(tmp_path: Path) -> None:
    _page, record = example("en")
    write_permanent(tmp_path / "index.html", record)
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    assert "⁂ broken, scratched, dented" in html
    assert "<title>My product arrived damaged or incomplete. What should I do?</title>" in html


def test_the_share_control_leads_to_the_permanent_address() -> None:
    page, _record = example("es")
    assert 'href="../../q/producto-llego-danado/" data-kb-share' in page
