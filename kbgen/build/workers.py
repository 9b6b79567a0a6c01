"""Render one audience and language into Markdown and build it with MkDocs, the sites in parallel processes.

Each site's inputs travel in a `SiteTask`. Where the system can fork, every task runs in a forked
child that inherits its task (a large knowledge base is never pickled); only the small
`SiteOutput` comes back through a pipe.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, TypeVar, cast

import jinja2

from kbgen.build import sanitize
from kbgen.build.cache import (
    NEW_CACHE,
    RenderCache,
    cache_dir,
    cached_rendering,
    keep_texts,
    load_texts,
    site_key,
    templates_key,
)
from kbgen.build.redirects import write_redirects
from kbgen.build.sitecache import keep, restore, site_entry
from kbgen.build.workdir import prepare
from kbgen.publish.memo import asked_html
from kbgen.publish.pages.base import Permanent
from kbgen.publish.render import render_site
from kbgen.publish.views import AudienceView
from kbgen.read.model import KnowledgeBase


@dataclass(frozen=True)
class SiteTask:
    """Everything one site's worker needs: the project, its model and one audience's view, in one language."""

    root: Path
    kb: KnowledgeBase
    view: AudienceView
    lang: str
    stage: Path
    strict: bool
    keep: Path | None  # a folder to keep a copy of the generated docs and mkdocs.yml in (the benchmark)
    cache: bool = True  # reuse and keep page conversions in the project's .kbgen/cache/


@dataclass
class SiteOutput:
    """What one site's worker hands back: MkDocs' findings and what the exports need."""

    audience: str
    lang: str
    site_dir: Path
    messages: list[tuple[int, str]]
    faq_export: list[dict[str, Any]]
    templates_export: list[dict[str, Any]]
    redirects: list[Permanent]  # permanent FAQ addresses below the language root
    generate_seconds: float
    mkdocs_seconds: float = 0.0  # the MkDocs build, sanitising included
    sanitize_seconds: float = 0.0  # the plugin's sanitising and repairs of every page, inside MkDocs
    cpu_seconds: float = 0.0  # the worker's own CPU time (in a forked child: all of it)
    converted: list[str] = field(default_factory=list)  # pages whose Markdown was converted, not reused
    rendered: list[str] = field(default_factory=list)  # pages whose template was rendered, not reused
    reused: bool = False  # the whole site was taken from the cache, MkDocs not run


def site_task(task: SiteTask) -> SiteOutput:
    """Render one audience and language into Markdown and build it with MkDocs."""
    view = task.view
    cpu = time.process_time()
    start = time.perf_counter()
    if task.cache:
        load_texts(cache_dir(task.root))
        asked_html()  # only what this site asks for is kept
    rendered = render_site(view, task.lang)
    if task.cache:
        keep_texts(task.stage / NEW_CACHE, f"{view.audience}-{task.lang}")
    job = prepare(task.root, task.kb, view, rendered, task.lang, task.stage, task.strict)
    generate_seconds = time.perf_counter() - start
    if task.keep is not None:
        shutil.copytree(job.workdir, task.keep / job.workdir.name, dirs_exist_ok=True)
    mark, spent = time.perf_counter(), sanitize.SECONDS[0]
    cache, entry, messages = None, "", None
    if task.cache:
        docs = job.workdir / "docs"
        files = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]
        own = (task.root / "overrides").is_dir()
        cache = RenderCache(
            cache_dir(task.root),
            task.stage / NEW_CACHE,
            site_key(task.root, job.config, files),
            templates_key(job.workdir / "overrides", own),
            own,
        )
        entry = site_entry(docs, cache.key, cache.templates)
        messages = restore(cache_dir(task.root), entry, job.site_dir)  # the same inputs: the same site
    reused = messages is not None
    if messages is None:
        with cached_rendering(cache):
            messages = build_one(job.config_file)
        if cache is not None and not any(level >= logging.ERROR for level, _ in messages):
            keep(task.stage / NEW_CACHE, entry, job.site_dir, messages)
    mkdocs_seconds = time.perf_counter() - mark
    if not any(level >= logging.ERROR for level, _ in messages):
        write_redirects(job.site_dir, rendered.redirects)
    return SiteOutput(
        view.audience,
        task.lang,
        job.site_dir,
        messages,
        rendered.faq_export,
        rendered.templates_export,
        rendered.redirects,
        generate_seconds,
        mkdocs_seconds,
        sanitize.SECONDS[0] - spent,
        time.process_time() - cpu,
        [] if cache is None else sorted(cache.converted),
        [] if cache is None else sorted(cache.rendered),
        reused,
    )


def run_tasks(tasks: Sequence[SiteTask]) -> list[SiteOutput]:
    """The sites are independent: render and build them in parallel processes, one core each."""
    workers = max(1, min(len(tasks), os.cpu_count() or 1))
    if workers == 1 or os.environ.get("KBGEN_SERIAL") or "fork" not in multiprocessing.get_all_start_methods():
        return [site_task(task) for task in tasks]
    return run_forked(site_task, tasks, workers)


Job = TypeVar("Job")
Result = TypeVar("Result")


def run_forked(run: Callable[[Job], Result], jobs: Sequence[Job], workers: int) -> list[Result]:
    """`run` each job in a forked child, at most `workers` at once; the results in the jobs' order.

    A child's exception is raised here; a child that dies without a result is a RuntimeError."""
    context = multiprocessing.get_context("fork")
    results: dict[int, Result] = {}
    waiting = list(enumerate(jobs))
    running: dict[Connection, tuple[int, Any]] = {}  # a child's pipe -> (its job's index, the child)
    try:
        while waiting or running:
            while waiting and len(running) < workers:
                index, job = waiting.pop(0)
                reader, writer = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(run, job, writer))
                process.start()
                writer.close()
                running[reader] = (index, process)
            for ready in wait(list(running)):
                reader = cast(Connection, ready)
                index, process = running.pop(reader)
                try:
                    ok, value = reader.recv()
                except EOFError:
                    process.join()
                    raise RuntimeError(
                        f"a site's build process ended without a result (exit {process.exitcode})"
                    ) from None
                finally:
                    reader.close()
                process.join()
                if not ok:
                    raise value
                results[index] = value
    finally:
        for _, process in running.values():
            process.kill()
            process.join()
    return [results[index] for index in range(len(jobs))]


def _child(run: Callable[[Job], Result], job: Job, writer: Connection) -> None:
    try:
        outcome: tuple[bool, Any] = (True, run(job))
    except BaseException as exc:  # handed to the parent, which raises it
        outcome = (False, exc)
    try:
        writer.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError):  # it does not pickle: its words still reach the parent
        writer.send((False, RuntimeError(f"{type(outcome[1]).__name__}: {outcome[1]}")))
    writer.close()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the record's level and message instead of printing it."""
        self.records.append((record.levelno, record.getMessage()))


def build_one(config_file: Path) -> list[tuple[int, str]]:
    """Run one MkDocs build; return its warnings and errors instead of printing them."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    previous = logger.propagate
    logger.propagate = False
    try:
        config = load_config(config_file=str(config_file))
        config["strict"] = False  # kbgen decides on strictness from the collected warnings
        mkdocs_build(config)
    except MkDocsException as exc:
        collector.records.append((logging.ERROR, str(exc)))
    except jinja2.TemplateError as exc:  # a theme override with an error: name the template, not our copy
        name = getattr(exc, "name", None) or getattr(exc, "filename", None) or "a theme template"
        line = getattr(exc, "lineno", None)
        where = f"overrides/{name}" + (f", line {line}" if line else "")
        collector.records.append((logging.ERROR, f"template error in {where}: {exc.message or exc}"))
    finally:
        logger.removeHandler(collector)
        logger.propagate = previous
    return collector.records
