"""Customers on a 390 px phone find their answer and a person: search by question, a question's
address to share (also after it moved), and contacts that fit the screen and can be tapped."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import PHONE, Pages, in_view, kbgen_build, screenshot_path, serve
from build_support import copy_sample, replace_once
from test_search import RESULTS, open_search, search

pytestmark = pytest.mark.browser

# Queries customers type, and the question each must find among the first 3 results.
EXPECTED = {
    "llegó dañada": "Mi producto llegó golpeado o incompleto, ¿qué hago?",
    "nevera rayada": "Mi producto llegó golpeado o incompleto, ¿qué hago?",  # only its keywords say "rayada"
    "garantia": "¿Qué cubre la garantía y cuánto dura?",
    "entregas": "¿Cuánto tarda la entrega?",
    "reembolso": "¿Cuánto tardan en devolverme el dinero?",
}


def titles(page: Any) -> list[str]:
    return [t.strip() for t in page.locator(f"{RESULTS} h2").all_inner_texts()]


@pytest.mark.parametrize("query", list(EXPECTED))
def test_the_question_is_among_the_first_three(pages: Pages, base_url: str, query: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/")
    open_search(page)
    search(page, query)
    found = titles(page)
    assert EXPECTED[query] in found[:3], f"{query!r}: {found}"
    excerpts = page.locator(f"{RESULTS} p").all_inner_texts()
    chrome = [e for e in excerpts if re.search(r"Relacionadas:|Última revisión|¿Te sirvió|\u2042", e)]
    assert not chrome, f"page chrome or keywords in the excerpts: {chrome}"
    if query == "nevera rayada":  # found by its keywords, which are never shown
        assert not [e for e in excerpts if "rayada" in e], excerpts


def test_five_questions_fit_on_a_phone_with_their_category(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/")
    open_search(page)
    results = search(page, "entregas")
    visible = page.evaluate(
        f"""() => [...document.querySelectorAll({RESULTS!r})].filter(a => {{
            const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }}).length"""
    )
    assert visible >= 5, f"{visible} results wholly on screen"
    context = page.locator(f"{RESULTS} .kb-result-context").first.inner_text()
    assert context == "Entrega e instalación"
    href = results.first.get_attribute("href") or ""
    assert re.search(r"/public/faq/[a-z-]+/#[a-z-]+$", href), href
    path = screenshot_path("search-results-phone.png")
    page.screenshot(path=str(path))


def test_home_button_opens_the_search_panel_inside_the_screen(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/")
    page.locator(".kb-search-button").click()
    page.wait_for_function("document.activeElement && document.activeElement.matches('[data-kb-query]')")
    search(page, "garantía")
    for selector in (".md-search__inner", f"{RESULTS} h2"):
        box = page.locator(selector).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (selector, box)
    assert page.evaluate("scrollX") == 0


def test_nothing_found_offers_the_phone_and_whatsapp_as_links(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/faq/entregas-e-instalacion/")
    open_search(page)
    page.keyboard.type("xyzzy")
    help_box = page.locator("[data-kb-help]")
    help_box.wait_for(state="visible")
    assert "Sin resultados" in page.locator("[data-kb-meta]").inner_text()
    hrefs = [a.get_attribute("href") for a in help_box.locator("a").all()]
    assert "tel:018000123456" in hrefs, hrefs
    assert "https://wa.me/573005550100" in hrefs, hrefs
    featured = help_box.locator("a[href*='/faq/']")
    assert featured.count() >= 3
    featured.first.click()
    page.wait_for_url(re.compile(r"/public/faq/[a-z-]+/#[a-z-]+$"))
    in_view(page, page.url.split("#", 1)[1])


def share_address(page: Any, faq_id: str) -> str:
    """Press the question's share control (no Web Share API in desktop Chromium: it copies)."""
    page.evaluate("navigator.clipboard.writeText('')")
    share = page.locator(f"xpath=//h2[@id='{faq_id}']/following::a[@data-kb-share][1]")
    share.click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    copied: str = page.evaluate("navigator.clipboard.readText()")
    assert share.locator("xpath=following-sibling::span[1]").inner_text() == "Enlace copiado"
    return copied


def test_share_copies_the_question_address_and_it_opens_on_the_question(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE, clipboard_origin=base_url)
    page.goto(f"{base_url}/public/faq/entregas-e-instalacion/#producto-llego-danado")
    copied = share_address(page, "producto-llego-danado")
    assert copied == f"{base_url}/public/q/producto-llego-danado/"
    path = screenshot_path("question-after-share-phone.png")
    page.screenshot(path=str(path))
    for query in ("", "?fbclid=x&utm_source=y"):
        page.goto("about:blank")
        page.goto(copied + query)
        page.wait_for_url(f"{base_url}/public/faq/entregas-e-instalacion/{query}#producto-llego-danado")
        in_view(page, "producto-llego-danado")


def test_share_uses_the_web_share_api_where_the_phone_has_it(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.add_init_script("navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };")
    page.goto(f"{base_url}/public/en/faq/entregas-e-instalacion/")
    page.locator("xpath=//h2[@id='producto-llego-danado']/following::a[@data-kb-share][1]").click()
    shared = page.evaluate("window.__shared")
    assert shared == {
        "title": "My product arrived damaged or incomplete. What should I do?",
        "url": f"{base_url}/public/en/q/producto-llego-danado/",
    }


def test_a_question_address_carries_its_title_and_language(example_site: Path) -> None:
    for prefix, lang, title in (
        ("", "es", "Mi producto llegó golpeado o incompleto, ¿qué hago?"),
        ("en/", "en", "My product arrived damaged or incomplete. What should I do?"),
    ):
        html = (example_site / "public" / prefix / "q" / "producto-llego-danado" / "index.html").read_text("utf-8")
        assert f'<html lang="{lang}">' in html
        assert f"<title>{title}</title>" in html.replace("&#39;", "'")
        assert f'<meta property="og:title" content="{title}">' in html.replace("&#39;", "'")
        assert "dañada" not in html.split("<main", 1)[0]  # keywords are not in the preview


def test_language_switch_keeps_the_question(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/faq/garantia-y-reparaciones/#falla-repetida")
    page.locator(".md-select").hover()
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_url(f"{base_url}/public/en/faq/garantia-y-reparaciones/#falla-repetida")
    in_view(page, "falla-repetida")


@pytest.fixture(scope="module")
def moved_site(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample project after "¿La entrega tiene costo?" moved from deliveries to a new category."""
    project = copy_sample(tmp_path_factory.mktemp("moved") / "project")
    faqs = project / "protocols" / "faqs"
    replace_once(
        faqs / "deliveries.yml",
        '  - id: delivery-cost\n    question: {es: "¿La entrega tiene costo?", en: "Is delivery free?"}\n'
        '    answer:\n      es: no\n      en: "No."\n',
        "",
    )
    (faqs / "payments.yml").write_text(
        "category:\n  id: payments\n  title: {es: Pagos, en: Payments}\n  stage: delivery\n  order: 2\n"
        "faqs:\n  - id: delivery-cost\n"
        '    question: {es: "¿La entrega tiene costo?", en: "Is delivery free?"}\n'
        '    answer: {es: "No.", en: "No."}\n',
        encoding="utf-8",
    )
    out = project.parent / "site"
    kbgen_build(out, project=project)
    with serve(out) as url:
        yield url


def test_an_old_link_to_a_moved_question_lands_on_it(pages: Pages, moved_site: str) -> None:
    url = moved_site
    page = pages.open(viewport=PHONE)
    for old in (f"{url}/public/faq/deliveries/#delivery-cost", f"{url}/public/q/delivery-cost/"):
        page.goto(old)
        page.wait_for_url(f"{url}/public/faq/payments/#delivery-cost")
        in_view(page, "delivery-cost")
    page.goto(f"{url}/public/en/faq/deliveries/#delivery-cost")
    page.wait_for_url(f"{url}/public/en/faq/payments/#delivery-cost")
    in_view(page, "delivery-cost")


@pytest.mark.parametrize(
    "path", ["/public/", "/public/faq/entregas-e-instalacion/", "/public/contact/", "/public/en/contact/"]
)
def test_nothing_is_wider_than_a_phone(pages: Pages, base_url: str, path: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}{path}", wait_until="load")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter(e => {
            const r = e.getBoundingClientRect();
            return r.width > 0 && r.right > innerWidth + 0.5 && !e.closest('.md-sidebar, .md-search, [hidden]');
        }).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not wide, f"wider than {PHONE['width']} px on {path}: {wide[:10]}"
    if path.endswith("contact/"):
        page.screenshot(path=str(screenshot_path(f"contact{'-en' if '/en/' in path else ''}-phone.png")))


def test_every_contact_on_the_contact_page_is_a_link(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/contact/")
    items = page.locator("li:has(> strong:text-is('Contacto:'))")
    assert items.count() >= 12
    unlinked = []
    for i in range(items.count()):
        item = items.nth(i)
        text = item.inner_text().removeprefix("Contacto:").strip()
        links = " ".join(a.inner_text() for a in item.locator("a").all())
        if re.sub(r"[\s,]", "", text) != re.sub(r"[\s,]", "", links):
            unlinked.append(text)
    # Only what no link can reach: the app stores' names and a postal address.
    assert unlinked == ["Google Play · App Store", "Calle 26 n.º 69-76, of. 402, Bogotá D. C."], unlinked
    hrefs = page.evaluate("[...document.querySelectorAll('article a')].map(a => a.getAttribute('href'))")
    assert "https://wa.me/573005550100" in hrefs
    assert "mailto:servicio@example.com" in hrefs
    assert "https://www.facebook.com/ElectrohogarAndina" in hrefs
    first_voice = page.locator("article h2").first.inner_text()
    assert first_voice.rstrip("¶").strip() == "Línea gratuita nacional"


def test_phone_numbers_in_answers_are_tappable(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/public/faq/entregas-e-instalacion/")
    answer = page.locator("xpath=//h2[@id='producto-llego-danado']/following-sibling::p[1]")
    hrefs = [a.get_attribute("href") for a in answer.locator("a").all()]
    assert "https://wa.me/573005550100" in hrefs and "tel:018000123456" in hrefs, hrefs


def test_helpful_no_shows_people_and_records_nothing_without_a_destination(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/faq/entregas-e-instalacion/")
    box = page.locator("xpath=//h2[@id='producto-llego-danado']/following::div[@data-kb-helpful][1]")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    box.locator("button[data-kb-answer='no']").click()
    people = box.locator(".kb-helpful__no")
    assert people.is_visible()
    hrefs = [a.get_attribute("href") for a in people.locator("a").all()]
    assert hrefs[0] == "tel:018000123456", hrefs
    assert "Menú automático" not in people.inner_text()
    assert not box.locator(".kb-helpful__said").is_visible()  # nothing says it was recorded
    box.locator("button[data-kb-answer='yes']").click()
    assert box.locator(".kb-helpful__said").inner_text() == "Nos alegra que te haya servido."
    assert not people.is_visible()
    assert requests == []


@pytest.fixture(scope="module")
def feedback_site(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample project with a form address for "was this helpful?" in kb.yml."""
    project = copy_sample(tmp_path_factory.mktemp("feedback") / "project")
    kb = project / "protocols" / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "feedback: {url: https://forms.example.com/kb}\n", encoding="utf-8")
    out = project.parent / "site"
    kbgen_build(out, project=project)
    with serve(out) as url:
        yield url


def test_helpful_answers_go_to_the_configured_form(pages: Pages, feedback_site: str) -> None:
    page = pages.open(viewport=PHONE, allow_hosts=("forms.example.com",))
    sent: list[tuple[str, str]] = []
    page.on("request", lambda r: sent.append((r.url, r.post_data or "")) if r.method == "POST" else None)
    page.goto(f"{feedback_site}/public/faq/deliveries/")
    box = page.locator("xpath=//h2[@id='delivery-time']/following::div[@data-kb-helpful][1]")
    box.locator("button[data-kb-answer='no']").click()
    assert box.locator(".kb-helpful__said").inner_text() == "¡Gracias por contarnos!"
    assert box.locator(".kb-helpful__no").is_visible()
    page.wait_for_function("() => true")
    assert [url for url, _ in sent] == ["https://forms.example.com/kb"], sent
    body = sent[0][1]
    assert "delivery-time" in body and 'name="helpful"' in body and "no" in body, body


def test_the_not_found_page_speaks_the_site_language(example_site: Path) -> None:
    for prefix, heading in (("", "Página no encontrada"), ("en/", "Page not found")):
        html = (example_site / "public" / prefix / "404.html").read_text(encoding="utf-8")
        assert f"<h1>{heading}</h1>" in html and "404 - Not found" not in html
