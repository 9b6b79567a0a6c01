"""Accessibility: axe-core (npm, injected into the page) on the pages customers and agents
use most, tables with header cells, and the keyboard path from the top of the page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browser_support import DESKTOP, PHONE, Pages, in_view

pytestmark = pytest.mark.browser

AXE_PAGES = [
    "/public/",
    "/public/en/",
    "/public/faq/entregas-e-instalacion/",
    "/public/en/faq/entregas-e-instalacion/",
    "/public/commitments/",
    "/public/en/commitments/",
    "/public/contact/",
    "/public/en/contact/",
    "/internal/playbooks/negative-online-image/",
    "/internal/en/playbooks/negative-online-image/",
    "/public/performance/",
    "/public/en/performance/",
    "/internal/performance/",
    "/internal/performance/phone-wait-time/",
    "/internal/en/performance/email-first-response/",
]
# On a phone Material shows other controls (menu and search icons) and tables scroll sideways.
AXE_PHONE_PAGES = [
    "/public/",
    "/public/faq/entregas-e-instalacion/",
    "/public/commitments/",
    "/public/contact/",
    "/internal/playbooks/negative-online-image/",
    "/public/performance/",
    "/internal/performance/phone-wait-time/",
]
BLOCKING = {"serious", "critical"}


def run_axe(page: Any, axe: Path, **options: Any) -> dict[str, Any]:
    page.add_script_tag(path=str(axe))
    result: dict[str, Any] = page.evaluate("(options) => axe.run(document, options)", options)
    return result


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements) {v['helpUrl']}")
        for node in v["nodes"][:5]:
            summary = " | ".join(node.get("failureSummary", "").splitlines()[1:3])
            lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}  — {summary}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("path", "viewport"),
    [(p, DESKTOP) for p in AXE_PAGES] + [(p, PHONE) for p in AXE_PHONE_PAGES],
    ids=[f"desktop{p}" for p in AXE_PAGES] + [f"phone{p}" for p in AXE_PHONE_PAGES],
)
def test_axe_finds_nothing_serious(
    pages: Pages, base_url: str, axe_source: Path, path: str, viewport: dict[str, int]
) -> None:
    page = pages.open(viewport=viewport)
    page.goto(f"{base_url}{path}", wait_until="load")
    result = run_axe(page, axe_source, resultTypes=["violations"])
    violations = result["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, f"axe on {path} ({viewport['width']}px), every violation:\n{describe(violations)}"


@pytest.mark.parametrize(
    "path",
    [
        # (the home page lists its channels, to fit a phone: no table)
        "/public/commitments/",
        "/public/en/commitments/",
        "/public/faq/antes-de-comprar/",
        "/internal/standards/",
        "/internal/playbooks/negative-online-image/",
        "/public/performance/",
        "/internal/performance/",
        "/internal/performance/phone-wait-time/",
    ],
)
def test_tables_have_header_cells(page: Any, base_url: str, axe_source: Path, path: str) -> None:
    page.goto(f"{base_url}{path}")
    tables = page.evaluate(
        """() => [...document.querySelectorAll('article table')].map(t => ({
            columns: Math.max(...[...t.rows].map(r => r.cells.length)),
            head: t.tHead ? [...t.tHead.querySelectorAll('th')].length : 0,
            tdInHead: t.tHead ? t.tHead.querySelectorAll('td').length : 0,
            badScope: [...t.querySelectorAll('th[scope]')].filter(
                th => !['col', 'row', 'colgroup', 'rowgroup'].includes(th.getAttribute('scope'))).length,
        }))"""
    )
    assert tables, f"no table on {path}"
    for i, table in enumerate(tables):
        assert table["head"] == table["columns"] and not table["tdInHead"], f"table {i} on {path}: {table}"
        assert not table["badScope"], f"table {i} on {path}: a th with a wrong scope"
    rules = ["th-has-data-cells", "td-headers-attr", "td-has-header", "scope-attr-valid", "table-duplicate-name"]
    result = run_axe(page, axe_source, runOnly={"type": "rule", "values": rules})
    assert not result["violations"], describe(result["violations"])
    passed = {r["id"] for r in result["passes"]}
    assert "th-has-data-cells" in passed, f"axe did not check the header cells: {sorted(passed)}"


def test_keyboard_reaches_search_and_content_and_enter_follows_a_question(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/public/")
    first = page.locator("article a[href]:not(.headerlink)").first
    first_href = first.get_attribute("href") or ""
    target = page.evaluate("(a) => a.href", first.element_handle())
    assert "#" in first_href, f"the first content link of the home page is not a question: {first_href}"

    reached_search = reached_link = False
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """(href) => {
                const el = document.activeElement;
                return {search: el.matches('[data-kb-query], label[for="__search"], [for="__search"] *'),
                        link: el.tagName === 'A' && el.getAttribute('href') === href};
            }""",
            first_href,
        )
        reached_search = reached_search or focused["search"]
        if focused["link"]:
            reached_link = True
            break
    assert reached_search, "Tab never reached the search field"
    assert reached_link, f"Tab never reached the first content link ({first_href})"

    page.keyboard.press("Enter")
    page.wait_for_url(target)
    in_view(page, first_href.split("#", 1)[1])
