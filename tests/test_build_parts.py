"""Parts of the build checked on their own: the forked runner, kbgen serve's plugin settings, its
file watcher and its compiled templates."""

from __future__ import annotations

import gc
import multiprocessing
import time
from pathlib import Path
from typing import Any

import jinja2
import pytest
from watchdog.events import FileSystemEventHandler

from kbgen.build.project import CompiledTemplates, with_settings
from kbgen.build.serve import _SystemObserver
from kbgen.build.workers import run_forked
from kbgen.plugin import KbgenPlugin

FORK = "fork" in multiprocessing.get_all_start_methods()


def square(n: int) -> int:
    if n < 0:
        raise ValueError(f"negative: {n}")
    return n * n


@pytest.mark.skipif(not FORK, reason="no fork on this system: the sites are built one after another")
def test_forked_results_come_back_in_the_jobs_order() -> None:
    assert run_forked(square, [3, 1, 4, 1, 5], workers=2) == [9, 1, 16, 1, 25]


@pytest.mark.skipif(not FORK, reason="no fork on this system: the sites are built one after another")
def test_a_forked_job_s_exception_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="negative: -2"):
        run_forked(square, [1, -2, 3], workers=2)


def test_serve_adds_its_settings_to_kbgen_s_options_only() -> None:
    settings = {"project": "/kb", "audience": "internal"}
    listed = ["search", {"kbgen": {"strict": True}}, {"other": {"x": 1}}]
    assert with_settings(listed, settings) == {
        "search": {},
        "kbgen": {"strict": True, "project": "/kb", "audience": "internal"},
        "other": {"x": 1},
    }
    assert with_settings(["kbgen"], settings) == {"kbgen": settings}
    assert with_settings({"kbgen": None, "search": {}}, settings) == {"kbgen": settings, "search": {}}


def test_serve_s_watcher_wakes_on_changes_only(tmp_path: Path) -> None:
    """kbgen reads the files it watches on every rebuild: a read must not start another rebuild."""
    watched = tmp_path / "protocols"
    watched.mkdir()
    (watched / "kb.yml").write_text("a: 1\n", encoding="utf-8")
    seen: list[str] = []
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: seen.append(event.event_type)  # type: ignore[method-assign]
    observer = _SystemObserver()
    observer.schedule(handler, str(watched), recursive=True)
    observer.start()
    try:
        time.sleep(0.2)
        (watched / "kb.yml").read_text(encoding="utf-8")
        time.sleep(0.3)
        assert seen == []
        (watched / "kb.yml").write_text("a: 2\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        while "modified" not in seen and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "modified" in seen
        assert "opened" not in seen and "closed_no_write" not in seen
    finally:
        observer.stop()
        observer.join()


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)

    def unwatch(self, path: str) -> None:
        self.watched.remove(path)


def test_serve_does_not_watch_the_folder_kbgen_generates_into(tmp_path: Path) -> None:
    """Every rebuild writes the generated docs folder: watched, each edit would be built twice."""
    (tmp_path / "protocols").mkdir()
    generated = str(tmp_path / "generated" / "docs")
    plugin = KbgenPlugin()
    plugin.load_config({"project": str(tmp_path)})
    server = _Server()
    server.watch(generated)  # what MkDocs' serve does with the docs_dir kbgen pointed it at
    config: dict[str, Any] = {"docs_dir": generated}
    assert plugin.on_serve(server, config, None) is server
    assert server.watched == [str(tmp_path / "protocols")]


def test_a_template_compiled_by_an_earlier_rebuild_is_reused_until_it_changes(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>{{ x }}</p>", encoding="utf-8")
    compilations: list[str] = []

    class Counted(CompiledTemplates):
        def dump_bytecode(self, bucket: Any) -> None:
            compilations.append(bucket.key)
            super().dump_bytecode(bucket)

    compiled = Counted()

    def render() -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=compiled)
        return env.get_template("page.html").render(x=1)

    assert render() == "<p>1</p>"
    assert len(compilations) == 1
    assert render() == "<p>1</p>"
    assert len(compilations) == 1  # loaded, not compiled again
    (tmp_path / "page.html").write_text("<b>{{ x }}</b>", encoding="utf-8")
    assert render() == "<b>1</b>"  # Jinja checks the source: a changed template is compiled again
    assert len(compilations) == 2


def test_serve_pauses_the_cycle_collector_until_a_rebuild_has_been_on_screen_a_moment() -> None:
    from kbgen.build.serve import _Collections

    collections = _Collections()
    collections.IDLE = 0.2
    try:
        collections.pause()
        assert not gc.isenabled()
        collections.resume_later()
        collections.pause()  # another edit before the first rebuild's pause ran out
        time.sleep(0.5)
        assert not gc.isenabled()  # the first rebuild's timer does not resume it under the second
        collections.resume_later()
        deadline = time.monotonic() + 10
        while not gc.isenabled() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert gc.isenabled()
    finally:
        gc.enable()
