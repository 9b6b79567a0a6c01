"""`kbgen serve` while the content is broken: the last good pages stay served, with the problems
in a banner, and the banner goes once the content is fixed. A real server on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from build_support import copy_sample, fetch, start_serve

SCREENSHOT = os.environ.get("KBGEN_SERVE_SCREENSHOT")  # a PNG path, to look at the broken preview
WAIT = 90.0  # seconds a server gets to start or rebuild before the test gives up (not a timing assert)


def in_chromium(url: str) -> dict[str, Any]:
    """What a person sees of the page in Chromium: the banner's text, and whether the question is
    on screen. Skips without a browser, except under CI=true, where that fails."""
    from test_build_injection import CHROMIUM, browser_available

    browser_available()
    from concurrent.futures import ThreadPoolExecutor

    def look() -> dict[str, Any]:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
            try:
                tab = browser.new_page()
                tab.goto(url)
                banner = tab.locator(".kb-serve-errors")
                if SCREENSHOT:
                    tab.screenshot(path=SCREENSHOT)
                return {
                    "banner": banner.inner_text() if banner.is_visible() else "",
                    "question_visible": tab.locator("h2", has_text="¿Cuánto tarda la entrega?").is_visible(),
                }
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:  # Playwright's sync API wants a thread of its own
        return pool.submit(look).result()


def wait_for(url: str, ready: Callable[[str], bool], server: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + WAIT
    page = None
    while time.monotonic() < deadline:
        assert server.poll() is None, f"kbgen serve stopped:\n{server.communicate()[0]}"
        page = fetch(url)
        if page is not None and ready(page):
            return page
        time.sleep(0.3)
    raise AssertionError(f"{url} never became ready; last answer:\n{(page or '')[:2000]}")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    project = copy_sample(tmp_path / "project")
    server, port = start_serve(project, tmp_path)
    try:
        yield project, f"http://127.0.0.1:{port}/", server
    finally:
        server.terminate()
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()


def test_broken_content_keeps_the_last_good_pages_with_a_banner(
    served: tuple[Path, str, subprocess.Popen[str]],
) -> None:
    project, base, server = served
    url = base + "faq/deliveries/"
    good = wait_for(url, lambda page: "¿Cuánto tarda la entrega?" in page, server)
    assert "kb-serve-errors" not in good
    faqs = project / "protocols" / "faqs" / "deliveries.yml"
    original = faqs.read_text(encoding="utf-8")
    assert original.count("{std:city-delivery}") >= 1
    faqs.write_text(original.replace("{std:city-delivery}", "{std:no-such-standard}", 1), encoding="utf-8")
    broken = wait_for(url, lambda page: "kb-serve-errors" in page, server)
    assert "¿Cuánto tarda la entrega?" in broken  # the last good page, still served
    assert "unknown standard &quot;no-such-standard&quot;" in broken
    assert "protocols/faqs/deliveries.yml:" in broken
    assert "kb-serve-errors" in (fetch(base) or "")  # on every page
    seen = in_chromium(url)
    assert seen["banner"].startswith("kbgen: 1 problem; this preview shows the last version that was valid"), seen
    assert 'unknown standard "no-such-standard"' in seen["banner"], seen
    assert seen["question_visible"], seen
    faqs.write_text(original, encoding="utf-8")
    fixed = wait_for(url, lambda page: "kb-serve-errors" not in page, server)
    assert "¿Cuánto tarda la entrega?" in fixed
