"""`kbgen serve` says each warning once: a rebuild prints only the warnings that are new, and how
many it did not repeat. A real server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from build_support import copy_sample, fetch, start_serve

pytestmark = pytest.mark.build  # a real server: not in `make quick`

WAIT = 90.0  # seconds a server gets to start or rebuild before the test gives up (not a timing assert)
OLD = "protocols/notas.txt:1:1: warning"
NEW = "protocols/otras-notas.txt:1:1: warning"


def wait_until(ready: Callable[[], bool], server: subprocess.Popen[str], said: list[str]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        assert server.poll() is None, "\n".join(said)
        if ready():
            return
        time.sleep(0.3)
    raise AssertionError("never happened; the server said:\n" + "\n".join(said))


def test_a_rebuild_prints_only_the_new_warnings(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    (project / "protocols" / "notas.txt").write_text("apuntes\n", encoding="utf-8")
    server, port = start_serve(project, tmp_path)
    said: list[str] = []
    assert server.stdout is not None
    stdout = server.stdout
    reader = threading.Thread(target=lambda: said.extend(line.rstrip() for line in stdout), daemon=True)
    reader.start()
    url = f"http://127.0.0.1:{port}/faq/deliveries/"
    try:
        wait_until(lambda: "¿Cuánto tarda la entrega?" in (fetch(url) or ""), server, said)
        assert sum(OLD in line for line in said) == 1
        faqs = project / "protocols" / "faqs" / "deliveries.yml"
        text = faqs.read_text(encoding="utf-8")
        faqs.write_text(text.replace("¿La entrega tiene costo?", "¿La entrega cuesta algo?"), encoding="utf-8")
        wait_until(lambda: "¿La entrega cuesta algo?" in (fetch(url) or ""), server, said)
        wait_until(lambda: any("1 warning as before, not repeated; 0 new" in line for line in said), server, said)
        assert sum(OLD in line for line in said) == 1  # not said again
        (project / "protocols" / "otras-notas.txt").write_text("más apuntes\n", encoding="utf-8")
        wait_until(lambda: any(NEW in line for line in said), server, said)
        wait_until(lambda: any("1 warning as before, not repeated; 1 new" in line for line in said), server, said)
        assert sum(OLD in line for line in said) == 1
        assert sum(NEW in line for line in said) == 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
