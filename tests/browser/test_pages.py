"""Pages as readers and agents use them: language switcher, question anchors and permanent
addresses, the copy button on canned replies, the contact bar on a phone, and a sweep of
both sites for console errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_support import PHONE, REPO, Pages, in_view

pytestmark = pytest.mark.browser

COPY_BUTTON = "button.md-clipboard, button.md-code__button[data-md-type='copy']"


def faq_entries(site: Path, lang: str = "es") -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((site / "public" / "faq.json").read_text(encoding="utf-8"))
    return [e for e in entries if e["lang"] == lang]


def categories(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "public" / "faq").iterdir() if (p / "index.html").is_file())


def test_language_switcher_lands_on_the_same_page(page: Any, base_url: str, example_site: Path) -> None:
    slugs = categories(example_site)
    assert len(slugs) >= 5, slugs
    for slug in slugs:
        page.goto(f"{base_url}/public/faq/{slug}/")
        english = page.locator("a.md-select__link[hreflang='en']")
        target = page.evaluate("(a) => new URL(a.href).pathname", english.element_handle())
        assert target == f"/public/en/faq/{slug}/", f"the English link of faq/{slug}/ goes to {target}"

    # Click through for one of them, both ways, as a reader does (the menu opens on hover).
    slug = slugs[len(slugs) // 2]
    page.goto(f"{base_url}/public/faq/{slug}/")
    page.locator(".md-select").hover()
    page.locator("a.md-select__link[hreflang='en']").click()
    page.wait_for_url(f"{base_url}/public/en/faq/{slug}/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator(".md-select").hover()
    page.locator("a.md-select__link[hreflang='es']").click()
    page.wait_for_url(f"{base_url}/public/faq/{slug}/")
    assert page.locator("html").get_attribute("lang") == "es"


def test_question_anchor_opens_with_the_question_in_view(page: Any, base_url: str, example_site: Path) -> None:
    # The last question of a category: the page must really scroll to it.
    entries = faq_entries(example_site)
    category = "entregas-e-instalacion"
    last = [e for e in entries if e["category"] == category][-1]
    page.goto(f"{base_url}/public/faq/{category}/#{last['id']}")
    heading = page.locator(f"h2[id='{last['id']}']")
    assert heading.inner_text().rstrip("¶").strip() == last["question"]
    box = in_view(page, last["id"])
    assert box["scrollY"] > 0, "the page did not scroll to the question"


def test_permanent_address_redirects_to_the_question(page: Any, base_url: str, example_site: Path) -> None:
    entries = faq_entries(example_site)
    for entry in (entries[0], entries[len(entries) // 2], entries[-1]):
        page.goto(f"{base_url}/public/q/{entry['id']}/")
        page.wait_for_url(f"{base_url}/public/faq/{entry['category']}/#{entry['id']}")
        assert page.locator(f"h2[id='{entry['id']}']").inner_text().rstrip("¶").strip() == entry["question"]
        in_view(page, entry["id"])
    english = faq_entries(example_site, "en")[-1]
    page.goto(f"{base_url}/public/en/q/{english['id']}/")
    page.wait_for_url(f"{base_url}/public/en/faq/{english['category']}/#{english['id']}")
    in_view(page, english["id"])


def reply_body(playbook: str, template: str, lang: str) -> str:
    data = yaml.safe_load((REPO / "protocols" / "playbooks" / playbook).read_text(encoding="utf-8"))
    for item in data.get("templates", []) + data.get("statements", []):
        if item["id"] == template:
            body: str = item["body"][lang]
            return body
    raise AssertionError(f"no canned reply {template} in {playbook}")


@pytest.mark.parametrize("lang", ["es", "en"])
def test_copy_button_copies_the_canned_reply(pages: Pages, base_url: str, lang: str) -> None:
    page = pages.open(clipboard_origin=base_url)
    prefix = "" if lang == "es" else "en/"
    page.goto(f"{base_url}/internal/{prefix}playbooks/negative-online-image/")
    block = page.locator("xpath=//h3[@id='social-private-message']/following::pre[1]")
    button = block.locator(COPY_BUTTON)
    assert button.count() == 1, "no copy button on the canned reply"
    page.evaluate("navigator.clipboard.writeText('')")
    button.click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    copied = page.evaluate("navigator.clipboard.readText()")
    written = reply_body("crisis/negative-online-image.yml", "social-private-message", lang)
    # As it is sent: the lines of the paragraph joined, no hard break every 80 characters.
    expected = " ".join(line.strip() for line in written.strip().splitlines())
    assert "{{ customer_name }}" in copied, copied
    assert copied.rstrip("\n") == expected


@pytest.mark.parametrize("path", ["/public/", "/public/faq/entregas-e-instalacion/", "/public/en/contact/"])
def test_contact_bar_with_the_phone_is_visible_on_a_phone(pages: Pages, base_url: str, path: str) -> None:
    page = pages.open(viewport=PHONE)
    page.goto(f"{base_url}{path}")
    bar = page.locator(".kb-announce")
    phone = bar.locator("a.kb-phone")
    assert bar.is_visible() and phone.is_visible(), f"no contact bar with a phone on {path}"
    href = phone.get_attribute("href") or ""
    assert href.startswith("tel:") and len(href) > 8, href
    digits = "".join(c for c in phone.inner_text() if c.isdigit())
    assert digits and digits in href.replace("+", ""), (phone.inner_text(), href)
    box = phone.bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"the phone link is cut off: {box}"
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"the phone link is off screen: {box}"


SWEEP = [
    "/public/",
    "/public/en/",
    "/public/commitments/",
    "/public/en/commitments/",
    "/public/contact/",
    "/public/en/contact/",
    "/public/sobre-nuestro-servicio/",
    "/internal/",
    "/internal/en/",
    "/internal/playbooks/",
    "/internal/playbooks/negative-online-image/",
    "/internal/playbooks/complaint-handling/",
    "/internal/playbooks/difficult-customer/",
    "/internal/playbooks/service-recovery/",
    "/internal/en/playbooks/customer-data-loss/",
    "/internal/replies/",
    "/internal/standards/",
    "/internal/review/",
    "/internal/principios/",
    "/internal/commitments/",
    "/internal/contact/",
]


def test_no_console_errors_anywhere(pages: Pages, base_url: str, example_site: Path) -> None:
    """Every page kind of both sites, in both languages; the fixture fails on any error seen."""
    page = pages.open()
    urls = SWEEP + [f"/public/faq/{s}/" for s in categories(example_site)]
    urls += [f"/public/en/faq/{s}/" for s in categories(example_site)]
    urls += [f"/internal/faq/{s}/" for s in categories(example_site)[:2]]
    for url in urls:
        page.goto(f"{base_url}{url}", wait_until="load")
        assert page.locator("h1").first.is_visible(), f"no title on {url}"
    # Material's late requests (the sitemap of the alternates) arrive after "load".
    page.wait_for_load_state("networkidle")


def test_public_pages_request_no_missing_sitemap(pages: Pages, base_url: str) -> None:
    page = pages.open()
    page.goto(f"{base_url}/public/faq/entregas-e-instalacion/")
    page.wait_for_load_state("networkidle")
    assert not pages.watch(page).known, pages.watch(page).known
