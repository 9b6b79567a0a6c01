"""Helpers for the browser tests: build and serve a site, open watched pages, small checks.

(Kept out of conftest.py so that test modules can import them by a name no other
folder of the test suite uses.)
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SAMPLE = REPO / "tests" / "fixtures" / "sample"
SCREENSHOTS = REPO / "tests" / "artifacts" / "screenshots"
# Debian's Chromium by default; KBGEN_CHROMIUM names another build (GitHub's runners ship Chrome).
CHROMIUM = Path(os.environ.get("KBGEN_CHROMIUM", "/usr/bin/chromium"))
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
# 2026-11-23 00:00 UTC, the "today" of every build in the test suite.
EPOCH = "1795392000"
# As root, with no network: no sandbox, and none of Chromium's own background traffic.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
IN_CI = os.environ.get("CI", "").lower() == "true"

# Product defects these tests found and kbgen has not fixed yet: none.
KNOWN_DEFECTS: dict[str, re.Pattern[str]] = {}


def unavailable(reason: str) -> None:
    """Skip, or under CI=true fail: the browser tests must not silently vanish from CI."""
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


# --- building and serving -------------------------------------------------------------


def kbgen_build(out: Path, *, project: Path | None = None, strict: bool = True) -> str:
    """`kbgen build --out OUT` as a user runs it, with today fixed; returns its output, fails on error."""
    args = [sys.executable, "-m", "kbgen", "build", "--out", str(out)]
    if project is not None:
        args += ["--project", str(project)]
    if strict:
        args.append("--strict")
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH)
    env.pop("KBGEN_PROJECT", None)
    env.pop("KBGEN_AUDIENCE", None)
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, f"kbgen build failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve ROOT on 127.0.0.1 and a free port from a thread; yields the base URL (no trailing slash)."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name=f"http {root}", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# --- pages that watch themselves --------------------------------------------------------


@dataclass
class Watch:
    """What one browser context saw that a good site never shows."""

    errors: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    known: dict[str, list[str]] = field(default_factory=dict)
    expected: re.Pattern[str] | None = None
    expected_seen: list[str] = field(default_factory=list)

    def error(self, text: str) -> None:
        if self.expected is not None and self.expected.search(text):
            self.expected_seen.append(text)
            return
        for name, pattern in KNOWN_DEFECTS.items():
            if pattern.search(text):
                self.known.setdefault(name, []).append(text)
                return
        self.errors.append(text)


def watch_page(page: Any, watch: Watch) -> None:
    """Record console errors, uncaught exceptions and HTTP errors of every page PAGE shows."""

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = (message.location or {}).get("url", "")
            watch.error(f"console error on {page.url}: {message.text} ({where})")

    def on_response(response: Any) -> None:
        if response.status >= 400:
            watch.error(f"HTTP {response.status} for {response.url} (on {page.url})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: watch.error(f"uncaught exception on {page.url}: {error}"))
    page.on("response", on_response)


class Pages:
    """Pages in fresh browser contexts, each watched and closed after the test."""

    def __init__(self, browser: Any) -> None:
        self.browser = browser
        self.opened: list[tuple[Any, Any, Watch]] = []

    def open(
        self,
        viewport: dict[str, int] = DESKTOP,
        clipboard_origin: str | None = None,
        allow_hosts: tuple[str, ...] = (),
        expect_errors: re.Pattern[str] | None = None,
    ) -> Any:
        """A new page. Requests to any host but 127.0.0.1 are answered here with a 204 (the
        browser stays where it is and nothing leaves the machine) and count as problems
        unless their host is in ALLOW_HOSTS. Errors matching EXPECT_ERRORS are not problems."""
        context = self.browser.new_context(viewport=viewport)
        watch = Watch(expected=expect_errors)

        def elsewhere(url: str) -> bool:
            parts = urlsplit(url)
            return parts.scheme in ("http", "https", "ws", "wss") and parts.hostname != "127.0.0.1"

        def refuse(route: Any) -> None:
            if (urlsplit(route.request.url).hostname or "") not in allow_hosts:
                watch.foreign.append(route.request.url)
            route.fulfill(status=204, body="")

        context.route(elsewhere, refuse)
        if clipboard_origin:
            context.grant_permissions(["clipboard-read", "clipboard-write"], origin=clipboard_origin)
        page = context.new_page()
        page.set_default_timeout(10_000)
        watch_page(page, watch)
        self.opened.append((context, page, watch))
        return page

    def watch(self, page: Any) -> Watch:
        return next(w for _, p, w in self.opened if p is page)

    def close(self) -> list[str]:
        """Close every context; the problems their pages saw."""
        problems: list[str] = []
        for context, _, watch in self.opened:
            context.close()
            problems += watch.errors
            problems += [f"request to another host: {url}" for url in watch.foreign]
        self.opened.clear()
        return problems


# --- small checks ---------------------------------------------------------------------------


def in_view(page: Any, element_id: str) -> dict[str, float]:
    """Fails unless the element is on screen, below the sticky header; returns its box."""
    box: dict[str, float] | None = page.evaluate(
        """(id) => {
            const el = document.getElementById(id);
            if (!el) return null;
            const r = el.getBoundingClientRect();
            const header = document.querySelector('.md-header');
            return {top: r.top, bottom: r.bottom, height: innerHeight,
                    header: header ? header.getBoundingClientRect().bottom : 0, scrollY: scrollY};
        }""",
        element_id,
    )
    assert box is not None, f"no element with id {element_id!r} on {page.url}"
    assert box["header"] - 2 <= box["top"] < box["height"] - 20, f"#{element_id} is not in view on {page.url}: {box}"
    return box


def screenshot_path(name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / name
