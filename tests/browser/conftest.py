"""Real-browser tests: Debian's Chromium driven by Playwright against sites built by kbgen.

The example knowledge base is built once per session (`kbgen build --strict` with
SOURCE_DATE_EPOCH fixed) and served over HTTP on 127.0.0.1 from a thread.
Every page a test opens is watched: a console error, an uncaught exception,
an HTTP error or a request to any host but 127.0.0.1 fails the test.

Without /usr/bin/chromium or Playwright (or axe-core, for the accessibility
tests) these tests are skipped with the reason, except under CI=true, where
the same condition fails them: CI must really run them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import AXE, CHROMIUM, FLAGS, Pages, kbgen_build, serve, unavailable


@pytest.fixture(scope="session")
def chromium_ready() -> None:
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (Debian: apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        unavailable(f"Playwright does not import ({error}); pip install -e '.[test]'")


@pytest.fixture(scope="session")
def example_site(chromium_ready: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's example knowledge base, built once: <tmp>/site/{public,internal}."""
    out = tmp_path_factory.mktemp("browser") / "site"
    kbgen_build(out)
    return out


@pytest.fixture(scope="session")
def base_url(example_site: Path) -> Iterator[str]:
    """http://127.0.0.1:PORT serving the example's site folder (/public/…, /internal/…)."""
    with serve(example_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(chromium_ready: None) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def axe_source(chromium_ready: None) -> Path:
    if not AXE.exists():
        unavailable(f"axe-core is not installed at {AXE} (run: npm ci --prefix tests/browser)")
    return AXE


@pytest.fixture
def pages(browser: Any) -> Iterator[Pages]:
    """Opens watched pages; at the end of the test, any console error, uncaught exception,
    HTTP error or request to another host that one of them saw fails the test."""
    opened = Pages(browser)
    yield opened
    problems = opened.close()
    assert not problems, "the browser saw problems:\n" + "\n".join(problems)


@pytest.fixture
def page(pages: Pages) -> Any:
    """A desktop-sized (1280×900) watched page."""
    return pages.open()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, every browser test runs in one worker: they share one built site,
    one server and one browser (session fixtures), which each worker would otherwise make again."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))
