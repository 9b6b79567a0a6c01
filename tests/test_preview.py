"""`kbgen serve --site DIR`: a built site (a downloaded preview) served as a web server would."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from kbgen.exits import UsageError
from kbgen.tools import preview


def built(root: Path) -> Path:
    """A tiny site as kbgen build writes it: public/ and internal/, a page, a search index."""
    for site in ("public", "internal"):
        (root / site / "faq" / "entregas").mkdir(parents=True)
        (root / site / "pagefind").mkdir()
        (root / site / "index.html").write_text(f"<h1>{site}</h1>", encoding="utf-8")
        (root / site / "faq" / "entregas" / "index.html").write_text("<h1>Entregas</h1>", encoding="utf-8")
        (root / site / "pagefind" / "wasm.es.pagefind").write_bytes(b"\0asm")
        (root / site / "pagefind" / "pagefind.js").write_text("export {}", encoding="utf-8")
        (root / site / "pagefind" / "x.wasm").write_bytes(b"\0asm")
    return root


@contextmanager
def served(site: Path, audience: str = "public") -> Iterator[str]:
    scratch = site.parent / "scratch"
    scratch.mkdir(exist_ok=True)
    root, home = preview.site_root(site, audience, scratch)
    server = preview.make_server(root, "127.0.0.1:0", home)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def get(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), b""


def test_pages_by_their_addresses_and_never_a_folder_listing(tmp_path: Path) -> None:
    site = built(tmp_path / "preview")
    with served(site) as base:
        assert get(base + "/")[2] == b"<h1>public</h1>"  # / leads to /public/, as on the preview
        assert get(base + "/public/faq/entregas/")[2] == b"<h1>Entregas</h1>"
        assert get(base + "/internal/")[2] == b"<h1>internal</h1>"
        assert get(base + "/public/faq/")[0] == 404  # no index.html: never a listing of the folder
        status, kind, _ = get(base + "/public/pagefind/x.wasm")
        assert (status, kind) == (200, "application/wasm")
        assert get(base + "/public/pagefind/pagefind.js")[1].startswith("text/javascript")
    with served(site, "internal") as base:
        assert get(base + "/")[2] == b"<h1>internal</h1>"
    with served(site / "public") as base:  # one site's own folder
        assert get(base + "/faq/entregas/")[2] == b"<h1>Entregas</h1>"


def test_the_downloaded_zip_itself(tmp_path: Path) -> None:
    site = built(tmp_path / "preview")
    archive = tmp_path / "kb-preview-7.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for path in site.rglob("*"):
            out.write(path, path.relative_to(site).as_posix())
    with served(archive) as base:
        assert get(base + "/public/faq/entregas/")[2] == b"<h1>Entregas</h1>"


def test_what_is_not_a_site_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no built site"):
        preview.site_root(tmp_path, "public", tmp_path / "scratch")
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as out:
        out.writestr("../evil.txt", "x")
    with pytest.raises(UsageError, match="outside the preview folder"):
        preview.site_root(bad, "public", tmp_path / "scratch")
    with pytest.raises(UsageError, match="expected IP:PORT"):
        preview.make_server(tmp_path, "localhost")
