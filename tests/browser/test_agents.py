"""The agents' site on a shift, at 1280 px: from the home to the data-loss crisis in two clicks at
most, the words agents type find it first, every result says whose section it is, the playbook
opens with what is done in the first 15 minutes and by whom, no table is cut off, and a copied
statement is the text as it is sent."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from browser_support import DESKTOP, REPO, Pages
from test_pages import COPY_BUTTON
from test_search import RESULTS, open_search, search

pytestmark = pytest.mark.browser

DATA_LOSS = "/internal/playbooks/customer-data-loss/"


def playbook_yaml(name: str) -> dict[str, Any]:
    path = next((REPO / "protocols" / "playbooks").rglob(f"{name}.yml"))
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def playbook_titles() -> dict[str, str]:
    """Every playbook's Spanish title, by the address of its page."""
    out = {}
    for path in (REPO / "protocols" / "playbooks").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[f"/internal/playbooks/{data['id']}/"] = data["title"]["es"]
    return out


def test_the_data_loss_crisis_is_at_most_two_clicks_from_the_agent_home(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=DESKTOP)
    page.goto(f"{base_url}/internal/")
    assert page.locator("h1").first.inner_text().rstrip("¶").strip() == "¿Qué está pasando?"
    title = playbook_yaml("customer-data-loss")["title"]["es"]
    link = page.locator("article").get_by_role("link", name=title, exact=True).first
    assert link.is_visible(), "the data-loss crisis is not on the agent home"
    link.click()
    page.wait_for_url(f"{base_url}{DATA_LOSS}")
    # The customers' home is one link away.
    page.goto(f"{base_url}/internal/")
    page.locator("article").get_by_role("link", name="Lo que ven los clientes").first.click()
    page.wait_for_url(f"{base_url}/internal/customers/")
    assert page.locator(".kb-search-button").is_visible()


@pytest.mark.parametrize("query", ["datos expuestos", "instagram datos"])
def test_agents_words_find_the_data_loss_crisis_first(page: Any, base_url: str, query: str) -> None:
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/internal/")
    open_search(page)
    results = search(page, query)
    first = results.first.get_attribute("href") or ""
    assert first.startswith(DATA_LOSS), f"{query!r} found {first} first"


@pytest.mark.parametrize("query", ["gravedad", "comunicado", "datos expuestos"])
def test_every_internal_result_title_names_its_playbook(page: Any, base_url: str, query: str) -> None:
    titles = playbook_titles()
    page.goto(f"{base_url}/internal/")
    open_search(page)
    results = search(page, query)
    shown = page.locator(f"{RESULTS} h2").all_inner_texts()
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    from_playbooks = 0
    for href, title in zip(hrefs, shown, strict=True):
        base = href.split("#", 1)[0]
        if base in titles:
            from_playbooks += 1
            assert title == titles[base] or title.startswith(titles[base] + " › "), (href, title)
    assert from_playbooks >= 3, list(zip(hrefs, shown, strict=True))
    assert len(shown) == len(set(shown)), f"two results with the same title: {shown}"


def test_the_data_loss_playbook_opens_with_the_first_15_minutes(pages: Pages, base_url: str) -> None:
    page = pages.open(viewport=DESKTOP)
    page.goto(f"{base_url}{DATA_LOSS}")
    data = playbook_yaml("customer-data-loss")
    roles = {r["id"]: r for r in data["roles"]}
    card = page.locator(".admonition.danger").first
    assert card.locator(".admonition-title").inner_text().strip() == "Primeros minutos"
    steps = page.locator("h2", has_text="Pasos").first
    card_box, steps_box = card.bounding_box(), steps.bounding_box()
    assert card_box and steps_box and card_box["y"] < steps_box["y"], "the card comes after the steps"
    assert card_box["y"] < DESKTOP["height"], "the card is not on the first screen"
    items = card.locator("li").all_inner_texts()
    first = [s for s in data["steps"] if "after" not in s and s.get("within") in ("5m", "10m", "15m")]
    assert {s["role"] for s in first} >= {"agent", "crisis-lead"}, first
    kb = yaml.safe_load((REPO / "protocols" / "kb.yml").read_text(encoding="utf-8"))
    channels = {c["id"]: c for c in kb["channels"]}
    for step in first:
        role = roles[step["role"]]
        item = next(i for i in items if role["title"]["es"] in i)
        minutes = int(step["within"][:-1])
        assert item.startswith(f"En {minutes} minutos"), item
        reach = []
        if "channel" in role:
            contact = channels[role["channel"]]["contact"]
            reach += contact if isinstance(contact, list) else [contact]
        if "contact" in role:
            reach.append(role["contact"])
        assert reach and all(c in item for c in reach), (role["id"], item)


def test_no_table_on_the_internal_site_is_wider_than_1280_px(pages: Pages, base_url: str, example_site: Path) -> None:
    page = pages.open(viewport=DESKTOP)
    internal = example_site / "internal"
    paths = sorted(
        "/internal/" + p.parent.relative_to(internal).as_posix() + "/"
        for p in internal.rglob("index.html")
        if not p.relative_to(internal).as_posix().startswith(("en/", "q/", "assets/"))
    )
    paths = [p.replace("/./", "/") for p in paths]
    assert "/internal/channels/whatsapp/" in paths and "/internal/standards/" in paths, paths
    cut = []
    for path in paths:
        page.goto(f"{base_url}{path}", wait_until="load")
        wide = page.evaluate(
            "Array.from(document.querySelectorAll('.md-typeset__scrollwrap, .md-typeset table'))"
            ".filter(el => el.scrollWidth > el.clientWidth + 1).length"
        )
        if wide or page.evaluate("document.documentElement.scrollWidth > innerWidth"):
            cut.append(path)
    assert not cut, f"tables cut off at 1280 px on {cut}"


def test_a_copied_statement_is_the_text_with_its_paragraphs_joined(pages: Pages, base_url: str) -> None:
    page = pages.open(clipboard_origin=base_url)
    page.goto(f"{base_url}{DATA_LOSS}")
    statement = next(
        s for s in playbook_yaml("customer-data-loss")["statements"] if s["id"] == "data-incident-statement"
    )
    written: str = statement["body"]["es"]
    joined = "\n\n".join(
        " ".join(line.strip() for line in p.splitlines()) for p in re.split(r"\n\s*\n", written.strip())
    )
    button = page.locator("xpath=//h3[@id='data-incident-statement']/following::pre[1]").locator(COPY_BUTTON)
    page.evaluate("navigator.clipboard.writeText('')")
    button.click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()").rstrip("\n") == joined
