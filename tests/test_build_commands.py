"""`kbgen init`, the MkDocs plugin (`mkdocs build`) and `kbgen serve`, run as a user runs them."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from build_support import build_ok, fetch, free_port, kbgen, replace_once, run_env, snapshot

pytestmark = pytest.mark.build  # real builds: not in `make quick`

ORG = "Electrohogar Andina"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh `kbgen init` project."""
    root = tmp_path_factory.mktemp("init") / "kb"
    result = kbgen("init", root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "mkdocs.yml").is_file() and (root / "protocols" / "kb.yml").is_file()
    return root


def test_init_then_build(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_ok(project, "--out", out)
    for audience in ("public", "internal"):
        for folder in ("", "en/"):
            assert (out / audience / folder / "index.html").is_file(), f"{audience}/{folder}index.html"
    assert ORG in (out / "public" / "index.html").read_text(encoding="utf-8")
    assert (out / "public" / "faq.json").is_file()


def test_init_refuses_a_non_empty_folder(project: Path) -> None:
    result = kbgen("init", project)
    assert result.returncode == 2
    assert "not empty" in result.stderr


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=project,
        env=run_env(NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_mkdocs_build_with_the_plugin(project: Path) -> None:
    result = mkdocs(project, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    index = project / "site" / "public" / "index.html"
    assert ORG in index.read_text(encoding="utf-8")
    assert (project / "site" / "public" / "faq" / "deliveries" / "index.html").is_file()
    assert not (project / "site" / "internal").exists()

    # A broken YAML file: a located error, and the earlier site/public is left as it was.
    before = snapshot(project / "site" / "public")
    faqs = project / "protocols" / "faqs" / "deliveries.yml"
    original = faqs.read_text(encoding="utf-8")
    replace_once(faqs, "  order: 1\n", "  order: [1\n")
    try:
        broken = mkdocs(project, "build")
    finally:
        faqs.write_text(original, encoding="utf-8")
    output = broken.stdout + broken.stderr
    assert broken.returncode == 1, output
    line = original.splitlines().index("  order: 1") + 1
    assert re.search(rf"protocols/faqs/deliveries\.yml:{line}:\d+: error: category\.order: YAML syntax", output), output
    assert snapshot(project / "site" / "public") == before


def wait_for(check: Callable[[], bool], process: subprocess.Popen[bytes], log: Path, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = log.read_text(encoding="utf-8", errors="replace")
            pytest.fail(f"kbgen serve exited ({process.returncode}) before {what}:\n{output[-3000:]}")
        if check():
            return
        time.sleep(0.3)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")


def test_serve_rebuilds_on_yaml_change(tmp_path: Path) -> None:
    root = tmp_path / "kb"
    assert kbgen("init", root).returncode == 0
    base = f"http://127.0.0.1:{free_port()}"
    address = base.removeprefix("http://")
    log = tmp_path / "serve.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "kbgen", "serve", "--project", str(root), "--dev-addr", address],
            env=run_env(NO_MKDOCS_2_WARNING="1"),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(lambda: ORG in (fetch(base + "/", timeout=5) or ""), process, log, 30, "the home page")
        replace_once(root / "protocols" / "faqs" / "deliveries.yml", "¿Cuánto tarda la entrega?", "¿Cuándo llega?")
        edited = base + "/faq/deliveries/"
        wait_for(lambda: "¿Cuándo llega?" in (fetch(edited, timeout=5) or ""), process, log, 30, "the edited FAQ")
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
