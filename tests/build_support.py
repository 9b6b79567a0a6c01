"""Helpers shared by the tests/test_build_*.py modules: run kbgen for real, copy the sample, read output trees."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample"
# 2026-11-23 00:00 UTC: every build in these tests sees the same "today".
EPOCH = "1795392000"


def run_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = EPOCH
    env.update(extra)
    return env


def kbgen(*args: str | Path, cwd: Path | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """`python -m kbgen ARGS`, as a user runs it, with SOURCE_DATE_EPOCH set."""
    return subprocess.run(
        [sys.executable, "-m", "kbgen", *map(str, args)],
        cwd=cwd,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build(project: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    """`kbgen build --project PROJECT EXTRA...`, asserting nothing."""
    return kbgen("build", "--project", project, "--quiet", *extra)


def build_ok(project: Path, *extra: str | Path) -> subprocess.CompletedProcess[str]:
    result = build(project, *extra)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def copy_sample(dest: Path) -> Path:
    """A writable copy of tests/fixtures/sample (the fixture itself is never modified)."""
    shutil.copytree(SAMPLE, dest)
    return dest


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not exactly once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def files(root: Path) -> Iterator[Path]:
    """Every regular file below root, sorted, symlinks included."""
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def snapshot(root: Path) -> dict[str, bytes]:
    """Relative path → bytes of every file below root."""
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in files(root)}


def readable_bytes(path: Path) -> bytes:
    """A file's bytes as a reader or search client sees them: .gz and Pagefind's gzip files decompressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(data)
        except (OSError, EOFError):
            return data
    return data


def html_pages(root: Path) -> list[Path]:
    return [path for path in files(root) if path.suffix == ".html"]


def is_redirect(rel: Path) -> bool:
    """kbgen's permanent FAQ addresses (`q/ID/index.html`, `en/q/ID/index.html`): redirects, not pages."""
    return "q" in rel.parts[:2] and len(rel.parts) >= 3


def build_with_refusals_dropped(
    project: Path, codes: set[str], audiences: tuple[str, ...] = ("public", "internal"), epoch: str = EPOCH
) -> None:
    """Build in process as if validation had not reported `codes` (which must be exactly the
    errors it finds): what the later lines of defence let through on their own."""
    from kbgen import engine
    from kbgen.build import site

    real = engine.validate

    def lenient(root: Path, today: object = None) -> object:
        kb, problems = real(root)
        assert {p.code for p in problems.errors} == codes, [p.format() for p in problems.errors]
        problems.items = [p for p in problems.items if p.code not in codes]
        return kb, problems

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", epoch)
        patch.setattr(engine, "validate", lenient)
        result = site.build(project, project / "site", list(audiences))
    assert result.ok, [p.format() for p in result.problems.errors]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str, timeout: float = 30) -> str | None:
    """The page at `url` as text, or None while the server does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def start_serve(project: Path, tmp: Path) -> tuple[subprocess.Popen[str], int]:
    """`kbgen serve` on `project` as a real process on a free port, its output on stdout; the
    plugin's stable folder under `tmp`, private to the test. Returns the process and its port."""
    port = free_port()
    env = run_env()
    env["TMPDIR"] = str(tmp)
    server = subprocess.Popen(
        [sys.executable, "-m", "kbgen", "serve", "--project", str(project), "--dev-addr", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return server, port
