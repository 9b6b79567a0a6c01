"""`kbgen serve --site DIR`: serve sites already built (a downloaded pull-request preview) as a web
server would, so its pages, links and search work; opened straight from disk they do not (a browser
shows folder listings for `faq/entregas/` and refuses the search index over `file://`).

DIR is a folder holding `public/` and `internal/` (what `kbgen build` writes, and the preview
artifact once unzipped), one site's folder (with `index.html`), or the artifact's `.zip` itself.
"""

from __future__ import annotations

import functools
import http.server
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from kbgen.exits import UsageError

TYPES = {".wasm": "application/wasm", ".js": "text/javascript", ".json": "application/json", ".mjs": "text/javascript"}


def site_root(site: Path, audience: str, scratch: Path) -> tuple[Path, str]:
    """The folder to serve and the address of the `audience`'s home in it: `site` with `public/`
    and `internal/` (served as they are, as on the pull request's preview, so `/` leads to
    `/public/`), one site's own folder, or the same inside `site` unzipped into `scratch`;
    UsageError when there is no site there."""
    if site.is_file():
        if not zipfile.is_zipfile(site):
            raise UsageError(f"{site} is neither a folder nor a .zip of a built site")
        with zipfile.ZipFile(site) as archive:
            for member in archive.namelist():  # never outside scratch: no absolute paths, no ..
                if member.startswith("/") or ".." in Path(member).parts:
                    raise UsageError(f"{site}: {member} would be written outside the preview folder")
            archive.extractall(scratch)
        site = scratch
    for folder in (site, site / "site"):
        if (folder / audience / "index.html").is_file():
            return folder, f"/{audience}/"
    if (site / "index.html").is_file():
        return site, "/"
    raise UsageError(f"no built site in {site}: expected {audience}/index.html (run kbgen build, or unzip the preview)")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with the types a browser needs for search; never a folder listing."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}  # noqa: RUF012 - the stdlib's own

    home = "/"

    def do_GET(self) -> None:
        """`/` leads to the audience's home; everything else is a file as built."""
        if self.path in ("", "/") and self.home != "/":
            self.send_response(302)
            self.send_header("Location", self.home)
            self.end_headers()
            return
        super().do_GET()

    def list_directory(self, path: str | Path) -> None:  # type: ignore[override]
        self.send_error(404, "No page here")
        return None

    def log_message(self, format: str, *args: object) -> None:  # quiet: one line when it starts is enough
        return None


def make_server(root: Path, dev_addr: str, home: str = "/") -> http.server.ThreadingHTTPServer:
    """A server for the sites in `root` on `dev_addr` (HOST:PORT), `/` leading to `home`; not yet serving."""
    host, _, port = dev_addr.rpartition(":")
    if not port.isdigit():
        raise UsageError(f"--dev-addr {dev_addr}: expected IP:PORT, such as 127.0.0.1:8000")
    handler = functools.partial(type("Handler", (_Handler,), {"home": home}), directory=str(root))
    try:
        return http.server.ThreadingHTTPServer((host or "127.0.0.1", int(port)), handler)
    except OSError as exc:
        raise UsageError(f"cannot serve on {dev_addr}: {exc.strerror or exc}") from None


def serve(site: Path, audience: str, dev_addr: str, say: Callable[[str], object] = print) -> None:
    """Serve the built site in `site` for `audience` on `dev_addr` until interrupted."""
    with tempfile.TemporaryDirectory(prefix="kbgen-preview-") as scratch:
        root, home = site_root(site, audience, Path(scratch))
        server = make_server(root, dev_addr, home)
        host, port = str(server.server_address[0]), server.server_address[1]
        say(f"kbgen: serving {root} at http://{host}:{port}{home} (Ctrl+C stops)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
