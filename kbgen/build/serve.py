"""`kbgen serve`: MkDocs' live server over one audience's site, with the kbgen plugin.

Editing a YAML file or a page in docs/ rebuilds and reloads the browser; while the content is
broken, the plugin keeps serving the last good version with the problems in a banner.

This is `mkdocs serve`'s loop (mkdocs.commands.serve) with one change: the file watcher is the
system's (inotify on Linux) instead of MkDocs' poll of every watched file each half second, so a
rebuild starts as soon as the editor saves; only changes wake it, not a file being read. And the
cycle collector waits until a rebuild is on screen (`_Collections`).
"""

from __future__ import annotations

import gc
import logging
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from watchdog.events import EVENT_TYPE_CLOSED_NO_WRITE, EVENT_TYPE_OPENED, FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import ObservedWatch

from kbgen.build.project import serve_overrides
from kbgen.exits import ContentError

_NOT_A_CHANGE = {EVENT_TYPE_OPENED, EVENT_TYPE_CLOSED_NO_WRITE}  # kbgen reads what it watches


class _Changes(FileSystemEventHandler):
    """Hands on the events that change a file; opening or reading one is not a change."""

    def __init__(self, handler: FileSystemEventHandler) -> None:
        self.handler = handler

    def dispatch(self, event: FileSystemEvent) -> None:
        """Pass `event` on unless it only opened or read a file."""
        if event.event_type not in _NOT_A_CHANGE:
            self.handler.dispatch(event)


class _SystemObserver(Observer):  # type: ignore[misc,valid-type]
    """The system's file watcher, telling MkDocs' handlers of changes only."""

    def schedule(
        self, event_handler: FileSystemEventHandler, path: str, *, recursive: bool = False, **options: Any
    ) -> ObservedWatch:
        """Watch `path` for `event_handler`, filtered."""
        watch: ObservedWatch = super().schedule(_Changes(event_handler), path, recursive=recursive, **options)
        return watch


class _Collections:
    """Python's cycle collector, paused from the start of a rebuild until the preview has been idle for
    IDLE seconds: a pass in the middle of a rebuild walks the whole server's heap (the project, MkDocs'
    pages, the caches), between an edit and its page. The cycles a rebuild leaves are collected then."""

    IDLE = 2.0

    def __init__(self) -> None:
        self.builds = 0
        self.lock = threading.Lock()

    def pause(self) -> None:
        """A rebuild starts."""
        with self.lock:
            self.builds += 1
            gc.disable()

    def resume_later(self) -> None:
        """A rebuild ended: collect and resume in IDLE seconds, unless another has started by then."""
        timer = threading.Timer(self.IDLE, self._resume, args=(self.builds,))
        timer.daemon = True
        timer.start()

    def _resume(self, build: int) -> None:
        with self.lock:
            if self.builds == build:
                gc.collect()
                gc.enable()


def serve(project: Path, audience: str, dev_addr: str) -> None:
    """Serve `project`'s site for `audience` on `dev_addr` until interrupted; ContentError when
    MkDocs cannot (a busy port, a configuration it refuses)."""
    from mkdocs.exceptions import MkDocsException

    settings = {"project": str(project.resolve()), "audience": audience}  # the plugin's options
    config_file = project / "mkdocs.yml"
    overrides: dict[str, Any] = {}
    if config_file.exists():
        overrides = serve_overrides(config_file, settings)
    else:
        folder = Path(tempfile.mkdtemp(prefix="kbgen-serve-"))
        (folder / "docs").mkdir()
        config_file = folder / "mkdocs.yml"
        config = {"site_name": "kbgen", "theme": {"name": "material"}, "plugins": [{"kbgen": settings}]}
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        _serve(str(config_file), dev_addr, overrides)
    except (MkDocsException, OSError) as exc:  # a busy port, a configuration MkDocs refuses
        raise ContentError(f"serve stopped: {exc}") from None


def _serve(config_file: str, dev_addr: str, overrides: dict[str, Any]) -> None:
    """mkdocs.commands.serve.serve with live reload, a clean first build and the system's watcher."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    log = logging.getLogger("mkdocs.commands.serve")
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config() -> Any:
        return load_config(config_file=config_file, site_dir=site_dir, dev_addr=dev_addr, **overrides)

    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    config.site_url = serve_url = _serve_url(host, port, mount_path)

    collections = _Collections()

    def builder(config: Any = None) -> None:
        log.info("Building documentation...")
        collections.pause()
        try:
            if config is None:
                config = get_config()
                config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=False)
        finally:
            collections.resume_later()

    server = LiveReloadServer(builder=builder, host=host, port=port, root=site_dir, mount_path=mount_path)
    server.observer = _SystemObserver()

    def error_page(code: int) -> bytes | None:
        page = Path(site_dir) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.error_handler = error_page
    try:
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
