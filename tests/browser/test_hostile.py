"""Hostile editor text, run in a real browser: nothing an editor writes may run in a reader's page.

A copy of tests/fixtures/sample gets four classic payloads in an FAQ answer, a question,
a category title and a playbook step, and is built twice: as editors get it
(allow_html: false, the HTML is shown as text) and with allow_html: true (the HTML goes
through Markdown and only the sanitiser stands in the way). Every page where the text
lands is opened in Chromium with a dialog handler; every link whose text is "x" is
clicked; a search renders the payloads in result excerpts. No dialog may open.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
from browser_support import EPOCH, SAMPLE, Pages, kbgen_build, serve

pytestmark = pytest.mark.browser

PAYLOADS = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "[x](https://a){ onclick=alert(1) }",
]
ONE_LINE = " ".join(PAYLOADS)
BLOCK = "\n\n".join(PAYLOADS) + "\n"
X_TEXT = re.compile(r"^\s*x\s*$")
PAGES = [
    "/public/",
    "/public/faq/deliveries/",
    "/public/en/faq/deliveries/",
    "/public/q/delivery-cost/",
    "/internal/faq/deliveries/",
    "/internal/playbooks/negative-image-online/",
    "/internal/en/playbooks/negative-image-online/",
    "/internal/playbooks/",
]


def q(text: str) -> str:
    """A YAML double-quoted scalar (a JSON string is one)."""
    return json.dumps(text, ensure_ascii=False)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def plant(root: Path, allow_html: bool) -> None:
    protocols = root / "protocols"
    faqs = protocols / "faqs" / "deliveries.yml"
    replace_once(
        faqs,
        "  title: {es: Entregas e instalación, en: Delivery and installation}\n",
        f"  title: {{es: {q('Entregas ' + ONE_LINE)}, en: {q('Delivery ' + ONE_LINE)}}}\n",
    )
    replace_once(
        faqs,
        'question: {es: "¿La entrega tiene costo?", en: "Is delivery free?"}',
        f"question: {{es: {q('¿Costo? ' + ONE_LINE)}, en: {q('Free? ' + ONE_LINE)}}}",
    )
    replace_once(
        faqs, '      es: no\n      en: "No."\n', f"      es: {q('No. ' + BLOCK)}\n      en: {q('No. ' + BLOCK)}\n"
    )
    replace_once(
        protocols / "playbooks" / "crisis" / "negative-image-online.yml",
        "do: {es: Evalúe el alcance., en: Assess the reach.}",
        f"do: {{es: {q('Evalúe. ' + BLOCK)}, en: {q('Assess. ' + BLOCK)}}}",
    )
    if allow_html:
        kb = protocols / "kb.yml"
        kb.write_text(kb.read_text(encoding="utf-8") + "allow_html: true\n", encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_sites(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[bool], str]]:
    """hostile_sites(allow_html) → the base URL of the planted sample's build (built once each)."""
    urls: dict[bool, str] = {}
    with ExitStack() as stack:

        def site(allow_html: bool) -> str:
            if allow_html not in urls:
                root = tmp_path_factory.mktemp("hostile-html" if allow_html else "hostile")
                project = root / "project"
                shutil.copytree(SAMPLE, project)
                plant(project, allow_html=allow_html)
                # Not --strict: kbgen warns about the HTML (that is the point of the test).
                kbgen_build(root / "site", project=project, strict=False)
                urls[allow_html] = stack.enter_context(serve(root / "site"))
            return urls[allow_html]

        yield site


@pytest.mark.parametrize("allow_html", [False, True], ids=["as-editors-write", "allow_html"])
def test_hostile_text_runs_nothing(pages: Pages, hostile_sites: Callable[[bool], str], allow_html: bool) -> None:
    base = hostile_sites(allow_html)
    # [x](https://a) is a real link to host "a": clicking it may try to go there. An <img src=x>
    # without its onerror may be left by the sanitiser and then fails to load: harmless here.
    page = pages.open(allow_hosts=("a",), expect_errors=re.compile(r"\b404\b.*/x\b"))
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type} {dialog.message!r} on {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    clicked = 0
    for path in PAGES:
        page.goto(f"{base}{path}", wait_until="load")
        assert page.locator("h1").count(), f"{path} did not render"
        dangerous = page.evaluate(
            """() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
                .filter(a => /^on/i.test(a.name) && !(el.tagName === 'FORM' && a.value === 'return false')
                          || /^\\s*javascript:/i.test(a.value))
                .map(a => `${el.tagName} ${a.name}=${a.value}`))"""
        )
        assert not dangerous, f"{path}: {dangerous}"
        named_x = page.locator("a", has_text=X_TEXT)
        for i in range(named_x.count()):
            link = named_x.nth(i)
            html = link.evaluate("a => a.outerHTML")
            link.click(force=True)
            page.wait_for_timeout(100)
            clicked += 1
            assert not dialogs, f"a dialog opened after clicking {html} on {path}: {dialogs}"
            if page.url.split("#")[0] != f"{base}{path}":
                page.goto(f"{base}{path}", wait_until="load")
    assert clicked >= 4, f"only {clicked} links named 'x' were found: the payloads did not land where expected"

    # Search renders the payload text in result titles and excerpts (the question's own record).
    page.goto(f"{base}/public/")
    page.keyboard.press("/")
    page.keyboard.type("costo")
    page.locator("[data-kb-results] li a").first.wait_for(state="visible")
    page.wait_for_timeout(300)
    if not allow_html:  # shown as the text the editor wrote, never as markup
        assert "<img src=x onerror=alert(1)>" in page.locator("[data-kb-results]").inner_text()
    assert not dialogs, dialogs


def test_editor_html_in_a_step_stays_text(pages: Pages, hostile_sites: Callable[[bool], str]) -> None:
    base = hostile_sites(False)
    page = pages.open(expect_errors=re.compile(r"\b404\b.*/x\b"))
    page.goto(f"{base}/internal/playbooks/negative-image-online/")
    sections = page.locator("article h2").all_inner_texts()
    images = page.locator("article img").evaluate_all("imgs => imgs.map(i => i.outerHTML)")
    assert not images, f"editor HTML became elements: {images}"
    assert any("Declaraciones" in s for s in sections), f"sections after the steps are gone: {sections}"


# kbgen's own front-matter switches written in docs pages: refused by validation (E-front-matter);
# here built with that refusal dropped, to show the plugin alone keeps them inert.
SWITCH_PAGES = {
    "docs/public/ataque-jsonld.md": (
        "---\nkbgen_jsonld: '</script><script>alert(\"jsonld\")</script>'\n---\n\n# Datos\n"
    ),
    "docs/public/ataque-titulo.md": "---\nkbgen_generated: true\ntitle: '<img src=x onerror=alert(1)>'\n---\n\nHola.\n",
}
SWITCH_URLS = ["/public/", "/public/ataque-jsonld/", "/public/ataque-titulo/", "/public/faq/deliveries/", "/internal/"]


@pytest.fixture(scope="module")
def switch_site(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from build_support import build_with_refusals_dropped

    project = tmp_path_factory.mktemp("switches") / "project"
    shutil.copytree(SAMPLE, project)
    for rel, text in SWITCH_PAGES.items():
        (project / rel).write_text(text, encoding="utf-8")
    build_with_refusals_dropped(project, {"E-front-matter"}, epoch=EPOCH)
    with serve(project / "site") as url:
        yield url


def test_front_matter_switches_open_no_dialog(pages: Pages, switch_site: str) -> None:
    page = pages.open(expect_errors=re.compile(r"\b404\b.*/x\b"))
    dialogs: list[str] = []

    def on_dialog(dialog: Any) -> None:
        dialogs.append(f"{dialog.type} {dialog.message!r} on {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    for path in SWITCH_URLS:
        page.goto(f"{switch_site}{path}", wait_until="load")
        page.wait_for_timeout(150)
        for element in page.query_selector_all("nav img, nav span, img"):
            element.dispatch_event("mouseover")
    assert not dialogs, dialogs
    page.goto(f"{switch_site}/public/ataque-titulo/", wait_until="load")
    assert "<img src=x onerror=alert(1)>" in page.locator("nav").first.inner_text()  # shown as text
