"""Robustness of `kbgen build` and `kbgen serve`, run as a user runs them.

- Two builds of different projects into the same OUT at once never leave a mixed site.
- A build killed half-way leaves the earlier output byte for byte as it was.
- `kbgen serve --audience public`, crawled like a visitor would, serves no internal byte.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import re
import signal
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from build_support import build_ok, copy_sample, files, is_redirect, readable_bytes, replace_once, run_env, snapshot
from test_build_commands import free_port, wait_for
from test_build_leak import DRAFTS, INTERNAL, plant

pytestmark = pytest.mark.build  # real builds: not in `make quick`

ORG = "Electrohogar Andina"
DELIVERIES = "protocols/faqs/deliveries.yml"


def kbgen_command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "kbgen", *map(str, args)]


def stage_folders(out: Path) -> list[Path]:
    """The build's temporary folders next to OUT (`.OUT-build-XXXX`)."""
    return sorted(out.parent.glob(f".{out.name}-build-*"))


def stop(process: subprocess.Popen[bytes], grace: float = 10) -> None:
    """End a process started (with start_new_session) by this module, and its children."""
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=grace)


# 1. Concurrent builds ------------------------------------------------------------------------------------

MARKER = re.compile(rb"BUILD-R\d+-[AB]")


def mark_project(root: Path, marker: str) -> None:
    """The org name (on every page) and every public FAQ answer (pages, faq.json) carry `marker`."""
    faqs = root / DELIVERIES
    replace_once(root / "protocols" / "kb.yml", f"name: {ORG},", f"name: {ORG} {marker},")
    replace_once(faqs, "llame a la {channel:phone}.\n", f"llame a la {{channel:phone}}. {marker}\n")
    replace_once(faqs, "Call the {channel:phone}.\n", f"Call the {{channel:phone}}. {marker}\n")
    replace_once(faqs, "      es: no\n", f'      es: "no {marker}"\n')
    replace_once(faqs, '      en: "No."\n', f'      en: "No. {marker}"\n')


def site_marker(folder: Path, candidates: set[str]) -> str:
    """The one marker the whole folder carries; fails on a page without it or with two, or two builds' pages."""
    seen: dict[str, list[str]] = {}
    unmarked: list[str] = []
    checked = 0
    for path in files(folder):
        rel = path.relative_to(folder)
        found = {m.decode() for m in MARKER.findall(readable_bytes(path))}
        must_carry = (path.suffix == ".html" and not is_redirect(rel)) or rel.as_posix() == "faq.json"
        if must_carry:
            checked += 1
            if len(found) != 1:
                unmarked.append(f"{rel} has {sorted(found) or 'no marker'}")
        for marker in found:
            seen.setdefault(marker, []).append(rel.as_posix())
    assert checked > 10, f"only {checked} pages checked in {folder}"
    assert not unmarked, f"{folder.name}: pages without exactly one build's marker:\n  " + "\n  ".join(unmarked[:20])
    assert len(seen) == 1, f"{folder.name} mixes builds: " + "; ".join(
        f"{marker} in {len(where)} files, e.g. {', '.join(where[:4])}" for marker, where in sorted(seen.items())
    )
    (marker,) = seen
    assert marker in candidates, f"{folder.name} carries {marker}, from an earlier round, not one of {candidates}"
    return marker


def test_concurrent_builds_never_leave_a_mixed_site(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for number, first in enumerate(("A", "B", "A"), start=1):
        markers = {side: f"BUILD-R{number}-{side}" for side in ("A", "B")}
        projects = {}
        for side, marker in markers.items():
            project = copy_sample(tmp_path / f"round{number}-{side}")
            mark_project(project, marker)
            projects[side] = project
        order = [first, "B" if first == "A" else "A"]
        logs = {side: tmp_path / f"round{number}-{side}.log" for side in order}
        running = {}
        for side in order:  # both started before either is waited for
            with logs[side].open("wb") as sink:
                running[side] = subprocess.Popen(
                    kbgen_command("build", "--project", projects[side], "--out", out, "--quiet"),
                    env=run_env(),
                    stdout=sink,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
        try:
            for side, process in running.items():
                code = process.wait(timeout=120)
                assert code == 0, f"round {number}, build {side} exited {code}:\n" + logs[side].read_text()
        finally:
            for process in running.values():
                stop(process)
        assert (out / "public" / "faq.json").is_file()
        winners = {audience: site_marker(out / audience, set(markers.values())) for audience in ("public", "internal")}
        # Both audiences are swapped in under one lock hold, so they come from the same build too.
        assert winners["public"] == winners["internal"], f"round {number}: {winners}"
        assert not stage_folders(out), f"round {number}: stage folders left: {stage_folders(out)}"
        kbgens = {"public", "internal", ".kbgen.lock", ".kbgen-site"}
        leftovers = [p.name for p in out.iterdir() if p.name not in kbgens]
        assert not leftovers, f"round {number}: unexpected entries in OUT: {leftovers}"


# 2. An interrupted build -------------------------------------------------------------------------------


def test_a_killed_build_leaves_the_earlier_output_intact(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    out = tmp_path / "out"
    build_ok(project, "--out", out)
    before = snapshot(out)
    assert "public/faq/deliveries/index.html" in before and "internal/index.html" in before
    edited = "¿La entrega tiene costo? EDITADO-TRAS-KILL"
    replace_once(project / DELIVERIES, '"¿La entrega tiene costo?"', f'"{edited}"')
    assert not stage_folders(out)

    log = tmp_path / "killed.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            kbgen_command("build", "--project", project, "--out", out, "--quiet"),
            env=run_env(),
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the MkDocs workers die with it
        )
    try:
        deadline = time.monotonic() + 60
        while not any(any(stage.glob("work-*")) for stage in stage_folders(out)):
            if process.poll() is not None:
                output = log.read_text()
                pytest.fail(f"the build ended ({process.returncode}) before its MkDocs phase was seen:\n{output}")
            if time.monotonic() > deadline:
                pytest.fail("no stage folder with a work-* folder appeared within 60 s")
            time.sleep(0.005)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        stop(process)
    assert process.returncode == -signal.SIGKILL, f"the build was not killed but exited {process.returncode}"

    assert snapshot(out) == before, "a build killed in its MkDocs phase changed the earlier output"
    # SIGKILL gives the build no chance to clean up, so its stage folder may stay behind next to OUT
    # (hidden and outside OUT); the next build removes it, since the process it names is gone.
    assert len(stage_folders(out)) <= 1

    build_ok(project, "--out", out)
    assert not stage_folders(out), f"stage folders of the killed build left: {stage_folders(out)}"
    page = (out / "public" / "faq" / "deliveries" / "index.html").read_text(encoding="utf-8")
    assert edited in page
    assert edited.encode() not in before["public/faq/deliveries/index.html"]


# 3. Leak scan of `kbgen serve --audience public` ---------------------------------------------------------


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if not value:
                continue
            if name in ("href", "src"):
                self.found.append(value)
            elif name == "srcset":
                self.found.extend(part.split()[0] for part in value.split(",") if part.strip())


def get(url: str) -> tuple[int, str, bytes]:
    """Status, content type and body (gzip decompressed) of a GET; error statuses keep their body."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status, kind, body = response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        status, kind, body = error.code, error.headers.get("Content-Type", ""), error.read()
    if body[:2] == b"\x1f\x8b":
        with contextlib.suppress(OSError, EOFError):
            body = gzip.decompress(body)
    return status, kind or "", body


def answers(url: str, text: str) -> bool:
    """Whether the server is up and `url` holds `text`."""
    try:
        return text in get(url)[2].decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def cbor(data: bytes, at: int = 0) -> tuple[Any, int]:
    """A minimal CBOR decoder (definite lengths), enough for Pagefind's .pf_meta files."""
    head = data[at]
    major, info = head >> 5, head & 31
    at += 1
    if info < 24:
        value = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        raw = data[at : at + size]
        at += size
        if major == 7:
            return struct.unpack({2: ">e", 4: ">f", 8: ">d"}[size], raw)[0] if size > 1 else raw[0], at
        value = int.from_bytes(raw, "big")
    else:
        raise ValueError(f"unsupported CBOR item 0x{head:02x} at {at - 1}")
    if major == 0:
        return value, at
    if major == 1:
        return -1 - value, at
    if major in (2, 3):
        raw = data[at : at + value]
        return (raw.decode("utf-8") if major == 3 else raw), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = cbor(data, at)
            items.append(item)
        return items, at
    if major == 5:
        mapping = {}
        for _ in range(value):
            key, at = cbor(data, at)
            mapping[str(key)], at = cbor(data, at)
        return mapping, at
    if major == 6:
        return cbor(data, at)
    return {20: False, 21: True, 22: None}.get(value), at


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    return []


def test_serve_public_serves_no_internal_byte(tmp_path: Path) -> None:
    project = copy_sample(tmp_path / "project")
    plant(project)
    base = f"http://127.0.0.1:{free_port()}"
    log = tmp_path / "serve.log"
    scratch = tmp_path / "tmp"  # the plugin's and MkDocs' temporary folders, removed with tmp_path
    scratch.mkdir()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            kbgen_command(
                "serve", "--project", project, "--audience", "public", "--dev-addr", base.removeprefix("http://")
            ),
            env=run_env(NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch)),
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    bodies: dict[str, tuple[int, bytes]] = {}
    try:
        wait_for(lambda: answers(base + "/", ORG), process, log, 40, "the home page")

        def visit(url: str) -> tuple[int, str, bytes]:
            status, kind, body = get(url)
            bodies[url] = (status, body)
            return status, kind, body

        # Breadth-first over every same-origin href/src, from the home page and the sitemap.
        queue: deque[str] = deque([base + "/"])
        queued = {base + "/"}
        status, _, sitemap = visit(base + "/sitemap.xml")
        assert status == 200, f"sitemap.xml: {status}"
        for loc in re.findall(rb"<loc>([^<]+)</loc>", sitemap):
            queue.append(loc.decode().strip())
        while queue and len(bodies) < 400:
            url = queue.popleft()
            if url in bodies:
                continue
            status, kind, body = visit(url)
            if "html" not in kind:
                continue
            parser = Links()
            parser.feed(body.decode("utf-8", "replace"))
            for link in parser.found:
                target = urllib.parse.urljoin(url, link).split("#", 1)[0]
                if target.startswith(base + "/") and "/livereload" not in target and target not in queued:
                    queued.add(target)
                    queue.append(target)

        # What search clients and error pages fetch, which no link names.
        visit(base + "/404.html")
        visit(base + "/search/search_index.json")  # only with Material's search plugin; 404 is fine
        # serve indexes search beside the preview, after the pages are up: under load the crawl can end first
        deadline = time.monotonic() + 90
        while get(base + "/pagefind/pagefind-entry.json")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.3)
        for name in ("pagefind.js", "pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js", "pagefind-highlight.js"):
            visit(f"{base}/pagefind/{name}")
        status, _, entry_bytes = visit(base + "/pagefind/pagefind-entry.json")
        assert status == 200, f"pagefind-entry.json: {status}"
        entry = json.loads(entry_bytes)
        fragments = 0
        for lang in entry["languages"].values():
            visit(f"{base}/pagefind/wasm.{lang['wasm']}.pagefind")
            status, _, meta = visit(f"{base}/pagefind/pagefind.{lang['hash']}.pf_meta")
            assert status == 200 and meta.startswith(b"pagefind_dcd"), f"{lang['hash']}.pf_meta: {status}"
            decoded, _ = cbor(meta, len(b"pagefind_dcd"))
            for chunk in (s for s in strings(decoded) if re.fullmatch(r"[\w-]+_[0-9a-f]{5,}", s)):
                for folder, suffix in (("fragment", "pf_fragment"), ("index", "pf_index"), ("filter", "pf_filter")):
                    status, _, _ = visit(f"{base}/pagefind/{folder}/{chunk}.{suffix}")
                    fragments += status == 200 and folder == "fragment"
        pages = sum(int(lang["page_count"]) for lang in entry["languages"].values())
        assert fragments == pages > 0, f"fetched {fragments} Pagefind fragments of {pages} pages"
    finally:
        stop(process)

    ok = {url for url, (status, _) in bodies.items() if status == 200}
    # The crawl reached the customers' FAQ category pages (where internal FAQs of public categories
    # would show), so a leak there would be found.
    categories = [url for url in ok if re.fullmatch(re.escape(base) + r"/faq/[^/]+/", url)]
    assert base + "/faq/deliveries/" in categories, sorted(ok)
    assert "¿Cuánto tarda la entrega?".encode() in bodies[base + "/faq/deliveries/"][1]
    assert len(ok) > 20, f"the crawl reached only {len(ok)} URLs: {sorted(ok)}"
    assert bodies[base + "/404.html"][0] == 200

    known = {m.lower() for m in (*INTERNAL, *DRAFTS)}
    leaks: dict[str, list[str]] = {}
    for url, (_, body) in bodies.items():
        found = {m.decode() for m in re.findall(rb"leakmark[a-z0-9-]*", body.lower())}
        if "leakmark" in url.lower():
            found.add("(in the URL)")
        for marker in found:
            leaks.setdefault(marker, []).append(url.removeprefix(base))
    assert not leaks, f"{len(bodies)} responses scanned; internal content served to customers:\n" + "\n".join(
        f"  {marker}{'' if marker in known else ' (unlisted)'}: {', '.join(sorted(where)[:6])}"
        for marker, where in sorted(leaks.items())
    )
