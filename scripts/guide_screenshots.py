"""Screenshots of the real example site for the editors' guide (es and en), into docs/internal/images/.

Run after `make site` (it serves site/ as a downloaded preview), with Debian's Chromium:
    .venv/bin/python scripts/guide_screenshots.py
"""

import os
import shutil
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "internal" / "images"
OUT.mkdir(parents=True, exist_ok=True)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def wait_up(url, proc, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise SystemExit(f"server ended: {proc.stdout.read() if proc.stdout else ''}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:  # not up yet
            time.sleep(0.5)
    raise SystemExit("timeout " + url)


def preview_search(page, base, lang, query):
    page.goto(base + ("en/" if lang == "en" else ""))
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.keyboard.type(query, delay=40)
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    time.sleep(1.0)
    page.screenshot(path=str(OUT / f"vista-previa-busqueda.{lang}.jpg"), type="jpeg", quality=70)


def main():
    # 1. a downloaded preview: kbgen serve --site site (kbgen build's output)
    srv = subprocess.Popen(
        [str(ROOT / ".venv/bin/kbgen"), "serve", "--site", str(ROOT / "site"), "--dev-addr", "127.0.0.1:8765"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_up("http://127.0.0.1:8765/public/", srv)
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = b.new_page(viewport={"width": 1100, "height": 700})
            preview_search(page, "http://127.0.0.1:8765/public/", "es", "devolver producto")
            preview_search(page, "http://127.0.0.1:8765/public/", "en", "return a product")
            b.close()
    finally:
        srv.terminate()
        srv.wait()
    # 2. kbgen serve while a file is broken: the banner over the last good pages
    for lang, locale in (("es", "es_CO.UTF-8"), ("en", "en_US.UTF-8")):
        tmp = Path(tempfile.mkdtemp())
        proj = tmp / "kb"
        shutil.copytree(ROOT / "protocols", proj / "protocols")
        shutil.copytree(ROOT / "docs", proj / "docs", ignore=shutil.ignore_patterns("images"))
        env = {**os.environ, "LANG": locale, "LC_ALL": locale}
        srv = subprocess.Popen(
            [str(ROOT / ".venv/bin/kbgen"), "serve", "--project", str(proj), "--dev-addr", "127.0.0.1:8766"],
            cwd=proj,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        try:
            wait_up("http://127.0.0.1:8766/", srv, 240)
            faq = proj / "protocols" / "faqs" / "entregas.yml"
            if not faq.exists():
                faq = sorted((proj / "protocols" / "faqs").glob("*.yml"))[0]
            text = faq.read_text(encoding="utf-8")
            lines = text.splitlines(keepends=True)
            i = next(n for n, line in enumerate(lines) if line.strip().startswith("reviewed:"))
            lines[i] = lines[i].split("reviewed:")[0] + "reviewd: 2026-02-30\n"
            faq.write_text("".join(lines), encoding="utf-8")
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = b.new_page(viewport={"width": 1100, "height": 560})
                end = time.time() + 120
                while time.time() < end:
                    page.goto("http://127.0.0.1:8766/")  # serve previews the default language
                    if page.locator(".kb-serve-errors").count():
                        break
                    time.sleep(2)
                page.screenshot(path=str(OUT / f"vista-previa-error.{lang}.jpg"), type="jpeg", quality=70)
                b.close()
        finally:
            srv.terminate()
            srv.wait()
            shutil.rmtree(tmp, ignore_errors=True)


main()
