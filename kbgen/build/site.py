"""Build the sites: generated Markdown → one MkDocs build per audience and language → swap into place.

Every site is built in a temporary folder next to the output; the output is
replaced only when every build succeeded, under a lock, so a failed or
concurrent build never leaves a broken or mixed site.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import yaml

from kbgen import engine
from kbgen.audience import is_public
from kbgen.problem import Level, Problem, Problems
from kbgen.publish.render import Site, render_site, tel_digits
from kbgen.publish.text import TextRenderer, script_json
from kbgen.publish.views import AudienceView, make_view, output_folder
from kbgen.publish.words import Words
from kbgen.read.docs_pages import DocPage, resolve_refs
from kbgen.read.model import KnowledgeBase
from kbgen.read.schema import Channel

ASSETS = Path(__file__).parent.parent / "assets"
MATERIAL_LANGUAGES = {"es", "en", "pt", "pt-BR", "fr", "de", "it", "ca", "gl", "eu", "nl", "pl", "ru", "zh", "ja"}
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "def_list",
    {"toc": {"permalink": True, "permalink_title": ""}},
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.highlight": {"use_pygments": False}},
    {"pymdownx.tasklist": {"custom_checkbox": True}},
]
FEATURES = [
    "navigation.sections",
    "navigation.indexes",
    "navigation.prune",
    "navigation.top",
    "content.code.copy",
    "toc.follow",
]


@dataclass
class BuildResult:
    problems: Problems
    written: list[Path] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems.errors


@dataclass
class SiteJob:
    audience: str
    lang: str
    workdir: Path
    config_file: Path
    site_dir: Path
    strict: bool
    config: dict[str, Any]  # what config_file holds


Progress = Callable[[str], None]


def build(
    root: Path,
    out: Path,
    audiences: list[str],
    strict: bool = False,
    progress: Progress | None = None,
    keep_work: Path | None = None,
    timings: dict[str, float] | None = None,
) -> BuildResult:
    """Validate, generate and build; replace `out/<audience>` only if everything succeeded.

    `keep_work` keeps a copy of each site's generated docs and mkdocs.yml (for the benchmark);
    `timings` receives the seconds spent in each phase.
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
        tasks = [(audience, lang) for audience in audiences for lang in kb.languages]
        _TASK.clear()
        _TASK.update(root=root, kb=kb, views=views, stage=stage, strict=strict, keep=keep_work, tasks=tasks)
        say(f"generating and building {len(tasks)} sites")
        with engine.epoch_for_mkdocs():
            outputs = run_tasks(len(tasks))
        clock["generate"] = sum(o.generate_seconds for o in outputs)
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
        say("indexing search")
        try:
            index_search(finished)
        except SearchIndexError as exc:
            for where, why in exc.failures:
                problems.add(Problem(where, 0, 0, "", "E-pagefind", Level.ERROR, why))
            return BuildResult(problems)
        with locked(out):
            recover_swaps(out)
            (out / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
            written = [swap(target, out / target.name) for target in finished]
        clock["finish"] = time.perf_counter() - mark
        clock["total"] = time.perf_counter() - started
        say(f"done: {', '.join(str(p) for p in written)}")
        return BuildResult(problems, written)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


# kbgen's own output folder: what a build writes into OUT, and the marker that says kbgen wrote it.
MARKER = ".kbgen-site"
MARKER_TEXT = "kbgen build writes this folder: it replaces public/ and internal/ here on every build.\n"
LOCK = ".kbgen.lock"
AUDIENCES = ("public", "internal")
SOURCES = ("docs", "protocols", "overrides")
STALE_UNOWNED = 24 * 3600  # seconds: a stage folder without an owner's PID older than this is left over


def _swap_leftover(name: str) -> bool:
    """`.public.old-PID`, `.internal.old-PID`: an earlier site kept aside while a build swapped it."""
    return any(name.startswith(f".{audience}.old-") for audience in AUDIENCES)


def check_output(root: Path, out: Path) -> None:
    """Refuse an output folder where a build would overwrite what kbgen did not write: the project,
    its docs/, protocols/ or overrides/ (or a folder inside or around them), a file, or a folder
    holding anything but an earlier build's output. Raises engine.UsageError; writes nothing."""
    real = out.resolve()
    choose = "choose another folder with --out (the default is site/)"
    if root.resolve().is_relative_to(real):
        raise engine.UsageError(f"the output folder {out} holds the project itself; {choose}")
    for name in SOURCES:
        source = (root / name).resolve()
        if real.is_relative_to(source):
            raise engine.UsageError(
                f"the output folder {out} is inside {name}/, which editors write, and kbgen never "
                f"writes into docs/, protocols/ or overrides/; {choose}"
            )
        if source.is_relative_to(real):
            raise engine.UsageError(f"the output folder {out} holds the project's {name}/; {choose}")
    existing = real
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file, not a folder" if existing == real else f"cannot be created: {existing} is a file"
        raise engine.UsageError(f"the output folder {out} {what}; move the file away or {choose}")
    if existing != real:
        return  # a new folder
    entries = sorted(os.listdir(real))
    marked = MARKER in entries
    foreign = [
        name
        for name in entries
        if not (name in AUDIENCES or name in (LOCK, MARKER) or _swap_leftover(name))
        or (name in AUDIENCES and not marked and not _looks_built(real / name))
    ]
    if foreign:
        listed = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise engine.UsageError(
            f"the output folder {out} holds files kbgen did not write ({listed}); a build replaces "
            f"public/ and internal/ there, so it stops: empty the folder or {choose}"
        )


def _looks_built(folder: Path) -> bool:
    """An earlier kbgen's (or `mkdocs build`'s) output, from before the marker: a site with its home page."""
    return folder.is_dir() and not folder.is_symlink() and (folder / "index.html").is_file()


def stage_prefix(out: Path) -> str:
    """The name of a build's stage folder next to OUT, up to the PID of the build that owns it."""
    return f".{out.name}-build-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_stages(out: Path) -> None:
    """Remove stage folders next to OUT whose build was killed: their PID names no running process
    (or, from kbgen versions without the PID in the name, untouched for a day)."""
    prefix = stage_prefix(out)
    for stage in out.parent.glob(f"{glob.escape(prefix)}*"):
        owner, dash, _ = stage.name[len(prefix) :].partition("-")
        if owner.isdigit() and dash:
            stale = int(owner) != os.getpid() and not _alive(int(owner))
        else:
            try:
                stale = time.time() - stage.lstat().st_mtime > STALE_UNOWNED
            except OSError:
                continue
        if stale and stage.is_dir() and not stage.is_symlink():
            shutil.rmtree(stage, ignore_errors=True)


def recover_swaps(out: Path) -> None:
    """Under the lock: a `.public.old-PID` left by a build killed while swapping is the earlier site.
    Put it back if nothing replaced it, else remove it."""
    for leftover in sorted(out.iterdir()):
        if not _swap_leftover(leftover.name) or not leftover.is_dir():
            continue
        final = out / leftover.name[1:].split(".old-", 1)[0]
        if final.exists():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            os.replace(leftover, final)


def prepare(
    root: Path, kb: KnowledgeBase, view: AudienceView, site: Site, lang: str, stage: Path, strict: bool
) -> SiteJob:
    """Write one site's docs folder and mkdocs.yml."""
    work = stage / f"work-{view.audience}-{lang}"
    docs = work / "docs"
    docs.mkdir(parents=True)
    for page in site.pages:
        path = docs / page.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page.content, encoding="utf-8")
    nav = list(site.nav)
    nav.extend(copy_hand_written(view, docs, lang, kb.default_language))
    assets = docs / "assets" / "kbgen"
    shutil.copytree(ASSETS / "static", assets)
    overrides = work / "overrides"
    install_overrides(root, overrides)
    config = site_config(root, kb, view, lang, docs, work / "site", overrides, nav, strict)
    # Only kbgen's own pages may carry kbgen's switches (kbgen_generated, kbgen_jsonld): the plugin
    # treats every other page as hand-written.
    config["plugins"] = [{"kbgen": {"mode": "site", "generated": sorted(page.path for page in site.pages)}}]
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return SiteJob(view.audience, lang, work, config_file, work / "site", strict, config)


def sync_tree(source: Path, target: Path) -> None:
    """Make `target` hold what `source` holds, touching only files whose bytes differ, so a live
    server watching `target` sees edits as edits and no rebuild triggers another."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for rel in sorted(wanted):
        src, dst = source / rel, target / rel
        data = src.read_bytes()
        if not dst.is_file() or dst.read_bytes() != data:
            dst.parent.mkdir(parents=True, exist_ok=True)
            dst.write_bytes(data)
    for path in sorted(target.rglob("*"), reverse=True):
        rel = path.relative_to(target)
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def install_overrides(root: Path, overrides: Path) -> None:
    """kbgen's theme overrides with the project's on top; a project's main.html is extended by
    kbgen's, so its blocks apply while noindex, the banner and structured data always stay."""
    shutil.copytree(ASSETS / "overrides", overrides, dirs_exist_ok=True)
    user_overrides = root / "overrides"
    if not user_overrides.is_dir():
        return
    ours = (overrides / "main.html").read_text(encoding="utf-8")
    shutil.copytree(user_overrides, overrides, dirs_exist_ok=True)
    if (user_overrides / "main.html").is_file():
        (overrides / "main.html").rename(overrides / "kbgen-project-main.html")
        ours = ours.replace('{% extends "base.html" %}', '{% extends "kbgen-project-main.html" %}', 1)
    (overrides / "main.html").write_text(ours, encoding="utf-8")


def copy_hand_written(view: AudienceView, docs: Path, lang: str, default: str) -> list[Any]:
    """Hand-written pages for this language (or the default one with a note), and their nav entries.

    Pages are written from the text validation read and checked (never read again), with their
    references resolved against this view; only the declared assets are copied beside them.
    """
    words = Words(lang)
    refs = TextRenderer(view, words, lang)
    by_rel: dict[str, dict[str | None, DocPage]] = {}
    for page in view.docs:
        by_rel.setdefault(page.rel, {})[page.lang] = page
    nav: list[Any] = []
    for rel in sorted(by_rel):
        variants = by_rel[rel]
        chosen = variants.get(lang if lang != default else None) or variants.get(None)
        if chosen is None:
            continue
        target = docs / rel
        if target.exists():
            continue  # a generated page has this path; validation reports it
        target.parent.mkdir(parents=True, exist_ok=True)
        text = resolve_refs(chosen.text, lambda part, rel=rel: refs.resolve(part, rel))
        if lang != default and chosen.lang is None:
            note = words.t("no_translation", language=words.language_name(default))
            text = f'!!! note ""\n    {note}\n\n' + text
        target.write_text(text, encoding="utf-8")
        nav.append(rel)
    for asset in view.doc_assets:
        dest = docs / asset.rel
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(asset.source, dest)
    return nav


def user_mkdocs(root: Path) -> dict[str, Any]:
    """Theme settings from the project's mkdocs.yml; everything else is derived by kbgen."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    from mkdocs.utils.yaml import get_yaml_loader

    class NoEnvironment(get_yaml_loader()):  # type: ignore[misc]
        """MkDocs' loader, but `!ENV` reads nothing: validation refuses it outside plugins:, and
        even unvalidated it must never carry a variable of the build machine into a site."""

    NoEnvironment.add_constructor("!ENV", lambda _loader, _node: None)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=NoEnvironment)
    return data if isinstance(data, dict) else {}


def site_config(
    root: Path,
    kb: KnowledgeBase,
    view: AudienceView,
    lang: str,
    docs: Path,
    site_dir: Path,
    overrides: Path,
    nav: list[Any],
    strict: bool,
) -> dict[str, Any]:
    user = user_mkdocs(root)
    user_theme = user.get("theme") if isinstance(user.get("theme"), dict) else {}
    assert isinstance(user_theme, dict)
    words = Words(lang)
    default = kb.default_language
    org = kb.kb.organization.name.get(lang, default)[0]
    site_url = kb.kb.organization.url if view.audience == "public" else None
    if site_url:
        site_url = site_url.rstrip("/") + "/" + output_folder(lang, default)
    here = output_folder(lang, default)
    up = "../" if here else ""
    alternates = [
        {
            "name": Words(other).own_language_name(),
            "lang": other,
            "link": up + output_folder(other, default),
            "prefix": up + output_folder(other, default),
        }
        for other in kb.languages
    ]
    theme: dict[str, Any] = {
        "name": "material",
        "language": lang
        if lang in MATERIAL_LANGUAGES
        else lang.split("-")[0]
        if lang.split("-")[0] in MATERIAL_LANGUAGES
        else "en",
        "custom_dir": str(overrides),
        "font": False,
        "features": sorted(set(FEATURES) | set(user_theme.get("features") or [])),
    }
    for key in ("palette", "logo", "favicon", "icon"):
        if key in user_theme:
            theme[key] = user_theme[key]
    copyright_text = user.get("copyright")
    config: dict[str, Any] = {
        "site_name": escape(org),
        "site_description": words.t("site.description", org=org),
        "site_url": site_url,
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "strict": strict,
        "theme": theme,
        "nav": nav,
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "plugins": [{"kbgen": {"mode": "site"}}],
        "extra_css": ["assets/kbgen/kbgen.css"],
        "extra_javascript": ["assets/kbgen/kbgen.js"],
        "extra": {
            "generator": False,
            "alternate": alternates if len(kb.languages) > 1 else [],
            "kbgen": {
                "internal": view.audience == "internal",
                "announce": announce(view, words, here),
                "contact": words.t("contact"),
                "phone": header_phone(view, words),
                "lang": lang,
                "search": {
                    "placeholder": words.t("search.placeholder"),
                    "none": words.t("search.none"),
                    "label": words.t("search"),
                },
                "pagefind": up + "pagefind/",
            },
        },
        "validation": {
            "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
            "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "info", "unrecognized_links": "warn"},
        },
    }
    if isinstance(copyright_text, str):
        config["copyright"] = escape(copyright_text)
    if view.feedback_property and view.audience == "public":
        # Only when kb.yml asks for it: Material's page feedback, sent to Google Analytics.
        config["extra"]["analytics"] = {
            "provider": "google",
            "property": view.feedback_property,
            "feedback": {
                "title": words.t("helpful.page"),
                "ratings": [
                    {
                        "icon": "material/thumb-up-outline",
                        "name": words.t("helpful.yes"),
                        "data": 1,
                        "note": words.t("helpful.thanks"),
                    },
                    {
                        "icon": "material/thumb-down-outline",
                        "name": words.t("helpful.no"),
                        "data": 0,
                        "note": words.t("helpful.sorry"),
                    },
                ],
            },
        }
    return config


def public_phone(view: AudienceView) -> Channel | None:
    """The first public voice channel with a number: the phone kept in sight on every page."""
    return next((c for c in view.channels if c.kind == "voice" and is_public(c.audience) and c.contacts), None)


def header_phone(view: AudienceView, words: Words) -> dict[str, str] | None:
    """The public phone in the header, so it stays in sight while the page scrolls."""
    phone = public_phone(view)
    if phone is None:
        return None
    number = phone.contacts[0]
    return {
        "number": number,
        "tel": tel_digits(number),
        "label": f"{words.t('call_us')}: {number}",
    }


def announce(view: AudienceView, words: Words, here: str) -> str:
    """The bar on every page: the phone number in sight, and for agents the internal-site warning."""
    parts: list[str] = []
    if view.internal:
        parts.append(f'<strong class="kb-internal">{escape(words.t("internal_banner"))}</strong>')
    phone = public_phone(view)
    if phone is not None:
        number = phone.contacts[0]
        tel = tel_digits(number)
        name = escape(phone.name.get(words.lang, view.default_language)[0])
        parts.append(
            f'<a class="kb-phone" href="tel:{escape(tel)}">{escape(words.t("call_us"))}: '
            f'<strong>{escape(number)}</strong></a> <span class="kb-phone-name">({name})</span>'
        )
    del here
    return " · ".join(parts)


@dataclass
class SiteOutput:
    """What one site's worker hands back: MkDocs' findings and what the exports need."""

    audience: str
    lang: str
    site_dir: Path
    messages: list[tuple[int, str]]
    faq_export: list[dict[str, Any]]
    templates_export: list[dict[str, Any]]
    faq_locations: list[tuple[str, str]]
    generate_seconds: float


# The build's inputs, set before workers are forked so each one reads them without pickling.
_TASK: dict[str, Any] = {}


def site_task(index: int) -> SiteOutput:
    """Render one audience and language into Markdown and build it with MkDocs."""
    audience, lang = _TASK["tasks"][index]
    view = _TASK["views"][audience]
    start = time.perf_counter()
    rendered = render_site(view, lang)
    job = prepare(_TASK["root"], _TASK["kb"], view, rendered, lang, _TASK["stage"], _TASK["strict"])
    generate_seconds = time.perf_counter() - start
    if _TASK["keep"] is not None:
        shutil.copytree(job.workdir, _TASK["keep"] / job.workdir.name, dirs_exist_ok=True)
    messages = build_one(job.config_file)
    return SiteOutput(
        audience,
        lang,
        job.site_dir,
        messages,
        rendered.faq_export,
        rendered.templates_export,
        list(faq_locations(view)),
        generate_seconds,
    )


def run_tasks(count: int) -> list[SiteOutput]:
    """The sites are independent: render and build them in parallel processes, one core each."""
    workers = max(1, min(count, os.cpu_count() or 1))
    if workers == 1 or os.environ.get("KBGEN_SERIAL") or "fork" not in multiprocessing.get_all_start_methods():
        return [site_task(i) for i in range(count)]
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(site_task, range(count)))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[tuple[int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
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


def postprocess(target: Path, audience: str, kb: KnowledgeBase, sites: dict[str, SiteOutput]) -> None:
    """Outputs beyond pages: exports, permanent FAQ addresses, robots.txt."""
    default = kb.default_language
    if audience == "public":
        faqs = [item for lang in kb.languages for item in sites[lang].faq_export]
        write_json(target / "faq.json", faqs)
        robots = "User-agent: *\nAllow: /\n"
        if kb.kb.organization.url:
            robots += f"Sitemap: {kb.kb.organization.url.rstrip('/')}/sitemap.xml\n"
        (target / "robots.txt").write_text(robots, encoding="utf-8")
    else:
        templates = [item for lang in kb.languages for item in sites[lang].templates_export]
        write_json(target / "templates.json", templates)
        (target / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    if audience == "public" and len(kb.languages) > 1 and kb.kb.organization.url:
        add_hreflang(target, kb.languages, default, kb.kb.organization.url.rstrip("/") + "/")
    for lang in kb.languages:
        base = target / output_folder(lang, default)
        for faq_id, category in sites[lang].faq_locations:
            write_redirect(base / "q" / faq_id / "index.html", f"../../faq/{category}/#{faq_id}", noindex=True)


def add_hreflang(target: Path, languages: list[str], default: str, root: str) -> None:
    """Each page's language alternates in every sitemap (search engines read hreflang there)."""
    import gzip
    import re

    for lang in languages:
        sitemap = target / output_folder(lang, default) / "sitemap.xml"
        if not sitemap.is_file():
            continue
        text = sitemap.read_text(encoding="utf-8")
        here = output_folder(lang, default)

        def links(match: re.Match[str], here: str = here) -> str:
            loc = match.group(1)
            if not loc.startswith(root + here):
                return match.group(0)
            path = loc[len(root) + len(here) :]
            alternates = "".join(
                f'<xhtml:link rel="alternate" hreflang="{other}" href="{root}{output_folder(other, default)}{path}"/>'
                for other in languages
            )
            return f"<loc>{loc}</loc>{alternates}"

        text = re.sub(r"<loc>([^<]+)</loc>", links, text)
        text = text.replace(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml"',
            1,
        )
        sitemap.write_text(text, encoding="utf-8")
        with (
            open(sitemap.with_suffix(".xml.gz"), "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
        ):
            packed.write(text.encode("utf-8"))


def faq_locations(view: AudienceView) -> Iterator[tuple[str, str]]:
    """Each FAQ's category, from the view itself: a heading in an answer cannot move an address."""
    for cat in view.categories:
        for faq in cat.faqs:
            yield faq.id, cat.category.id


def write_redirect(path: Path, url: str, noindex: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    robots = '<meta name="robots" content="noindex">' if noindex else ""
    attr = escape(url, quote=True)
    path.write_text(
        '<!doctype html>\n<html lang="und"><head><meta charset="utf-8"><title>…</title>'
        f'<link rel="canonical" href="{attr}">{robots}'
        f'<meta http-equiv="refresh" content="0; url={attr}">'
        f"<script>location.replace({script_json(url)}+location.search)</script></head>"
        f'<body><a href="{attr}">{attr}</a></body></html>\n',
        encoding="utf-8",
    )


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


class SearchIndexError(Exception):
    """Pagefind could not index one or more sites: `failures` holds (site folder name, why) pairs."""

    def __init__(self, failures: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{site}: {why}" for site, why in failures))
        self.failures = failures


# How Pagefind is run (the binary shipped in the pagefind[bin] wheel); tests replace it to make it fail.
PAGEFIND = [sys.executable, "-m", "pagefind"]


def index_search(sites: list[Path]) -> None:
    """Pagefind indexes, one per site, built side by side: a first query downloads a small,
    fixed share of an index, whatever the site's size. Raises SearchIndexError when one fails."""
    running: list[subprocess.Popen[str]] = []
    try:
        for path in sites:
            running.append(_start_pagefind(path))
    except OSError as exc:
        for process in running:
            process.kill()
            process.communicate()
        raise SearchIndexError([(path.name, f"Pagefind could not be started: {exc.strerror or exc}")]) from None
    failures = []
    for path, process in zip(sites, running, strict=True):
        out, err = process.communicate()
        if process.returncode != 0:
            said = " ".join((err.strip() or out.strip()).split())  # one line, whatever Pagefind printed
            said = said if len(said) <= 300 else said[:300] + "…"
            why = f"Pagefind could not index the site (exit {process.returncode})" + (f": {said}" if said else "")
            failures.append((path.name, why))
    if failures:
        raise SearchIndexError(failures)
    for path in sites:  # Pagefind lists languages in no fixed order: same input, same bytes
        entry = path / "pagefind" / "pagefind-entry.json"
        if entry.is_file():
            data = json.loads(entry.read_text(encoding="utf-8"))
            entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")


def _start_pagefind(path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        # headings' permalink "¶" is not words customers search for
        [
            *PAGEFIND,
            "--site",
            str(path),
            "--output-subdir",
            "pagefind",
            "--silent",
            "--exclude-selectors",
            ".headerlink",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    with (out / LOCK).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def swap(new: Path, final: Path) -> Path:
    """Put `new` where `final` is, keeping the old one until the rename is done."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)
    return final
