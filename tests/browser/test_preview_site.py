"""`kbgen serve --site DIR` on a built site: pages and search work as on the published site."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from browser_support import screenshot_path
from test_search import open_search, search

from kbgen.tools import preview

pytestmark = pytest.mark.browser


def test_a_downloaded_preview_served_by_kbgen_has_working_search(page: Any, example_site: Path) -> None:
    root, home = preview.site_root(example_site, "public", example_site.parent / "scratch")
    server = preview.make_server(root, "127.0.0.1:0", home)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        page.goto(base + "/")
        assert page.url == base + "/public/"
        open_search(page)
        results = search(page, "entregas")
        assert results.count() > 0
        href = results.first.get_attribute("href") or ""
        assert href.startswith("/public/")
        page.screenshot(path=str(screenshot_path("preview-search.png")))
        page.goto(base + href)
        assert page.locator("h1").first.is_visible()
        # Let the page's last requests (the favicon) finish before the server stops: a request cut by
        # the shutdown is a connection reset the page watcher would rightly report.
        page.wait_for_load_state("networkidle")
    finally:
        server.shutdown()
        server.server_close()
