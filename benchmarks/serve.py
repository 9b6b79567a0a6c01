"""How long an edit takes to show in `kbgen serve` (a figure, not a test).

    .venv/bin/python benchmarks/serve.py              # KB-5k
    .venv/bin/python benchmarks/serve.py --faqs 1000

Generates the synthetic knowledge base, starts `kbgen serve`, opens the edited FAQ's category page
in headless Chromium (MkDocs' live reload reloads it), then edits one FAQ's answer several times
and prints, for each edit, the seconds from writing the file to the new words on screen; and the
lines the server printed for each rebuild (warnings are said once, then only new ones). Without
Chromium it polls the page over HTTP instead, and says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import generate

CHROMIUM = Path(os.environ.get("KBGEN_CHROMIUM", "/usr/bin/chromium"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def edit(path: Path, original: str, marker: str) -> None:
    """Write `original` with `marker` at the start of faq-1's Spanish answer (cat-0.yml)."""
    head = '      es: "'
    at = original.index(head, original.index("id: faq-1\n")) + len(head)
    path.write_text(original[:at] + marker + ". " + original[at:], encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--faqs", type=int, default=5000)
    parser.add_argument("--categories", type=int, default=100)
    parser.add_argument("--playbooks", type=int, default=300)
    parser.add_argument("--standards", type=int, default=50)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="kbgen-serve-bench-"))
    server = None
    try:
        project = base / "kb"
        generate(project, args.faqs, args.categories, args.playbooks, args.standards)
        port = free_port()
        env = {**os.environ, "SOURCE_DATE_EPOCH": "1795392000", "TMPDIR": str(base)}
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "serve", "--project", str(project), "--dev-addr", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        said: list[tuple[float, str]] = []
        assert server.stdout is not None
        stdout = server.stdout
        threading.Thread(
            target=lambda: [said.append((time.perf_counter(), line.rstrip())) for line in stdout], daemon=True
        ).start()
        url = f"http://127.0.0.1:{port}/faq/cat-0/"
        while fetch(url) is None:
            assert server.poll() is None, "\n".join(line for _, line in said)
            time.sleep(0.2)
        print(f"kbgen serve, {args.faqs:,} FAQs: first page served after {time.perf_counter() - start:.1f} s")
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())} (2 cores, shared)")
        faqs = project / "protocols" / "faqs" / "cat-0.yml"
        original = faqs.read_text(encoding="utf-8")
        browser = CHROMIUM.is_file()
        if browser:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as pw:
                chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
                tab = chromium.new_page()
                tab.goto(url)
                for n in range(args.edits):
                    time.sleep(3)  # let the watcher settle
                    before = len(said)
                    marker = f"Marca {n} {time.time_ns()}"
                    written = time.perf_counter()
                    edit(faqs, original, marker)
                    tab.wait_for_function(
                        "m => document.body && document.body.innerText.includes(m)", arg=marker, timeout=120_000
                    )
                    seen = time.perf_counter() - written
                    time.sleep(1)
                    lines = [line for _, line in said[before:]]
                    print(f"edit {n + 1}: visible in Chromium after {seen:.2f} s; the server said {len(lines)} lines:")
                    for line in lines[:8]:
                        print(f"    {line}")
                chromium.close()
        else:
            print(f"(no Chromium at {CHROMIUM}: polling the page over HTTP instead)")
            for n in range(args.edits):
                time.sleep(3)
                marker = f"Marca {n} {time.time_ns()}"
                written = time.perf_counter()
                edit(faqs, original, marker)
                while marker not in (fetch(url) or ""):
                    time.sleep(0.05)
                print(f"edit {n + 1}: served after {time.perf_counter() - written:.2f} s")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
