"""Search as a reader uses it: Material's search dialog answered by Pagefind (kbgen.js).

The example's public Spanish pages never use "bloquear"/"bloqueo" (only two internal
playbooks do), so the public Spanish check is a plural against its singular
("entregas" finds the word "entrega", marked in the excerpt); "bloquear" is
checked on the internal site, where Pagefind finds "bloqueo". Snowball's Spanish
stemmer gives different stems for those two (bloquear → "bloqu", bloqueo → "bloque"):
Pagefind finds it because it also matches words that start with the query's stem.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from browser_support import PHONE, Pages, in_view

pytestmark = pytest.mark.browser

RESULTS = "[data-kb-results] li.md-search-result__item a"


def faq_questions(site: Path, lang: str) -> set[str]:
    entries = json.loads((site / "public" / "faq.json").read_text(encoding="utf-8"))
    return {entry["question"] for entry in entries if entry["lang"] == lang}


def open_search(page: Any) -> None:
    """Open the dialog as a reader does: the home page's big button, else the "/" shortcut
    (kbgen.js), else (phone) the magnifier in the header."""
    hero = page.locator(".kb-search-button")
    header_icon = page.locator("label.md-header__button[for='__search']")
    if hero.count() and hero.is_visible():
        hero.click()
    elif header_icon.is_visible():
        header_icon.click()
    else:
        page.keyboard.press("/")
    page.wait_for_function("document.getElementById('__search').checked")
    page.wait_for_function("document.activeElement && document.activeElement.matches('[data-kb-query]')")


def search(page: Any, query: str) -> Any:
    """Type QUERY into the focused search field; wait until the result list is filled and has
    stopped changing (two looks 300 ms apart), and return the results."""
    page.keyboard.type(query)
    page.wait_for_function(
        """() => {
            const html = document.querySelector('[data-kb-results]').innerHTML;
            const settled = html !== '' && window.__kbLastResults === html;
            window.__kbLastResults = html;
            return settled;
        }""",
        polling=300,
    )
    results = page.locator(RESULTS)
    results.first.wait_for(state="visible")
    return results


def words(texts: list[str]) -> set[str]:
    return {w.lower() for text in texts for w in re.findall(r"\w+", text)}


def test_spanish_search_finds_the_singular_of_a_plural(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/public/")
    open_search(page)
    results = search(page, "entregas")
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert all(h.startswith("/public/") and not h.startswith("/public/en/") for h in hrefs), hrefs
    marked = words(page.locator("[data-kb-results] mark").all_inner_texts())
    assert "entrega" in marked, f"'entregas' did not find the word 'entrega'; marked: {sorted(marked)}"
    texts = results.all_inner_texts()
    assert any(re.search(r"\bentrega\b", t) for t in texts), texts


def test_internal_search_for_bloquear_finds_bloqueo(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/internal/")
    open_search(page)
    results = search(page, "bloquear")
    texts = results.all_inner_texts()
    assert any(re.search(r"\bbloqueo\b", t) for t in texts), f"no result mentions 'bloqueo': {texts}"


def test_english_search_finds_an_english_question_and_lands_on_it(page: Any, base_url: str, example_site: Path) -> None:
    english = faq_questions(example_site, "en")
    spanish = faq_questions(example_site, "es")
    page.goto(f"{base_url}/public/en/")
    open_search(page)
    results = search(page, "warranty")
    titles = [t.rstrip("¶").strip() for t in page.locator(f"{RESULTS} h2").all_inner_texts()]
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert all(h.startswith("/public/en/") for h in hrefs), f"English search left the English site: {hrefs}"
    assert not spanish & set(titles), f"Spanish questions in English results: {spanish & set(titles)}"
    questions = [i for i, title in enumerate(titles) if title in english]
    assert questions, f"no English question among the results: {titles}"

    chosen = results.nth(questions[0])
    href = chosen.get_attribute("href") or ""
    assert "#" in href, href
    chosen.click()
    page.wait_for_url(f"{base_url}{href}")
    assert not page.evaluate("document.getElementById('__search').checked"), "the search dialog stayed open"
    heading = page.locator(f"[id='{href.split('#', 1)[1]}']")
    assert heading.inner_text().rstrip("¶").strip() == titles[questions[0]]
    in_view(page, href.split("#", 1)[1])


def test_phone_search_from_the_header_magnifier(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}/public/faq/entregas-e-instalacion/")
    open_search(page)
    results = search(page, "garantía")
    href = results.first.get_attribute("href") or ""
    results.first.click()
    page.wait_for_url(f"{base_url}{href}")
    if "#" in href:
        in_view(page, href.split("#", 1)[1])


def test_typing_in_the_desktop_search_field_shows_the_results(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/public/")
    page.locator("[data-kb-query]").click()
    results = search(page, "garantía")
    box = results.first.bounding_box()
    assert box is not None
    hit = page.evaluate(
        "([x, y]) => { const el = document.elementFromPoint(x, y); return !!(el && el.closest('[data-kb-results]')); }",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert hit, "the first result is covered by the page: the search dialog is not open"


def test_result_titles_have_no_pilcrow(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/public/")
    open_search(page)
    search(page, "garantía")
    titles = page.locator(f"{RESULTS} h2").all_inner_texts()
    assert not [t for t in titles if "¶" in t], titles
