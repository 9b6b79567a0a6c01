"""Screenshots of the pages people see first, on a desktop and on a phone, for a human to look at:
tests/artifacts/screenshots/<page>-<desktop|phone>.png (git-ignored). The test also checks
the few things a glance should confirm: the title and the contact bar are on screen and
nothing is wider than the window."""

from __future__ import annotations

from typing import Any

import pytest
from browser_support import DESKTOP, PHONE, Pages, screenshot_path

pytestmark = pytest.mark.browser

SHOTS = {
    "public-home": "/public/",
    "public-category": "/public/faq/entregas-e-instalacion/",
    "internal-crisis-playbook": "/internal/playbooks/negative-online-image/",
    "internal-home": "/internal/",
    "internal-data-loss-playbook": "/internal/playbooks/customer-data-loss/",
    "internal-whatsapp-standards": "/internal/channels/whatsapp/",
}
SIZES = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", list(SHOTS))
def test_screenshot(pages: Pages, base_url: str, name: str, size: str) -> None:
    viewport = SIZES[size]
    page: Any = pages.open(viewport=viewport)
    page.goto(f"{base_url}{SHOTS[name]}", wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")
    path = screenshot_path(f"{name}-{size}.png")
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5_000, f"{path} looks empty"
    assert page.locator("h1").first.is_visible()
    assert page.locator(".kb-announce a.kb-phone").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"{name} is {overflow}px wider than a {viewport['width']}px window"
