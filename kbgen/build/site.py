"""Build the sites: generated Markdown → one MkDocs build per audience and language → swap into place.

Every site is built in a temporary folder next to the output; the output is
replaced only when every build succeeded, under a lock, so a failed or
concurrent build never leaves a broken or mixed site.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kbgen import engine
from kbgen.build.cache import CACHE_DIR, NEW_CACHE, cache_dir, keep_new
from kbgen.build.outputs import postprocess
from kbgen.build.search import SearchCache, SearchIndexError, index_search, keep_bundles
from kbgen.build.sitecache import forget_old
from kbgen.build.swap import (
    MARKER,
    MARKER_TEXT,
    check_output,
    locked,
    recover_swaps,
    remove_stale_stages,
    stage_prefix,
    swap,
)
from kbgen.build.workers import SiteTask, run_tasks
from kbgen.problem import Level, Problem, Problems
from kbgen.publish.views import make_view
from kbgen.urls import output_folder

SEARCH_CACHE = CACHE_DIR / "search"  # each language's Pagefind bundle (`search`)
NEW_SEARCH = "search-new"  # below a build's stage: the bundles it indexed, kept if it succeeds


@dataclass
class BuildResult:
    """What a build found and wrote: its Problems and the files it produced."""

    problems: Problems
    written: list[Path] = field(default_factory=list)
    # The pages whose Markdown each site converted afresh (not taken from the cache), by "audience/lang"
    converted: dict[str, list[str]] = field(default_factory=dict)
    rendered: dict[str, list[str]] = field(default_factory=dict)  # and whose template each site rendered
    indexed: list[str] = field(default_factory=list)  # the "audience/lang" parts Pagefind indexed afresh
    reused: list[str] = field(default_factory=list)  # the sites taken whole from the cache, MkDocs not run

    @property
    def ok(self) -> bool:
        """Whether the build found no errors (warnings do not fail it)."""
        return not self.problems.errors


Progress = Callable[[str], None]


def build(
    root: Path,
    out: Path,
    audiences: list[str],
    strict: bool = False,
    progress: Progress | None = None,
    keep_work: Path | None = None,
    timings: dict[str, float] | None = None,
    cache: bool = True,
) -> BuildResult:
    """Validate, generate and build; replace `out/<audience>` only if everything succeeded.

    `keep_work` keeps a copy of each site's generated docs and mkdocs.yml (for the benchmark);
    `timings` receives the seconds spent in each phase; `cache` reuses the page conversions kept in
    the project's .kbgen/cache/ (and keeps new ones there).
    """
    clock = timings if timings is not None else {}
    started = time.perf_counter()
    say = progress or (lambda _msg: None)
    check_output(root, out)
    today = engine.resolve_today()
    kb, problems = engine.validate(root, today)
    clock["validate"] = time.perf_counter() - started
    if kb is None or problems.failed(strict):
        return BuildResult(problems)
    mark = time.perf_counter()
    shown, out = out, out.resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
        remove_stale_stages(out)
        stage = Path(tempfile.mkdtemp(prefix=f"{stage_prefix(out)}{os.getpid()}-", dir=out.parent))
    except OSError as exc:
        raise engine.UsageError(f"cannot write the output folder {shown}: {exc.strerror or exc}") from None
    try:
        views = {audience: make_view(kb, audience, today) for audience in audiences}
        tasks = [
            SiteTask(root, kb, views[audience], lang, stage, strict, keep_work, cache)
            for audience in audiences
            for lang in kb.languages
        ]
        say(f"generating and building {len(tasks)} sites")
        with engine.epoch_for_mkdocs():
            outputs = run_tasks(tasks)
        clock["generate"] = sum(o.generate_seconds for o in outputs)
        clock["mkdocs_sites"] = sum(o.mkdocs_seconds for o in outputs)  # summed over the sites
        clock["sanitize"] = sum(o.sanitize_seconds for o in outputs)  # inside mkdocs_sites
        clock["workers_cpu"] = sum(o.cpu_seconds for o in outputs)
        clock["mkdocs"] = time.perf_counter() - mark
        mark = time.perf_counter()
        for output in outputs:
            for level, message in output.messages:
                file = f"{output.audience}/{output.lang}"
                lvl = Level.ERROR if level >= logging.ERROR or strict else Level.WARNING
                problems.add(
                    Problem(file, 0, 0, "", "E-mkdocs" if lvl is Level.ERROR else "W-mkdocs", lvl, f"MkDocs: {message}")
                )
        if problems.failed(strict):
            return BuildResult(problems)
        finished = []
        for audience in audiences:
            target = stage / audience
            default = kb.default_language
            mine = {o.lang: o for o in outputs if o.audience == audience}
            for lang in kb.languages:  # the default language first: the others go inside it
                dest = target / output_folder(lang, default)
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(mine[lang].site_dir), str(dest))
            postprocess(target, audience, kb, mine)
            finished.append(target)
        clock["exports"] = time.perf_counter() - mark
        say("indexing search")
        search_started = time.perf_counter()
        searches = SearchCache(root / SEARCH_CACHE, stage / NEW_SEARCH) if cache else None
        try:
            folders = {lang: output_folder(lang, kb.default_language) for lang in kb.languages}
            indexed = index_search(finished, folders, searches)
        except SearchIndexError as exc:
            for where, why in exc.failures:
                problems.add(Problem(where, 0, 0, "", "E-pagefind", Level.ERROR, why))
            return BuildResult(problems)
        clock["search"] = time.perf_counter() - search_started
        with locked(out):
            recover_swaps(out)
            (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            written = [swap(target, out / target.name) for target in finished]
        keep_new(stage / NEW_CACHE, cache_dir(root))
        forget_old(cache_dir(root))
        if searches is not None:
            keep_bundles(searches.new, searches.folder)
        clock["finish"] = time.perf_counter() - mark
        clock["total"] = time.perf_counter() - started
        say(f"done: {', '.join(str(p) for p in written)}")
        converted = {f"{o.audience}/{o.lang}": o.converted for o in outputs}
        rendered = {f"{o.audience}/{o.lang}": o.rendered for o in outputs}
        reused = sorted(f"{o.audience}/{o.lang}" for o in outputs if o.reused)
        return BuildResult(problems, written, converted, rendered, indexed, reused)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
