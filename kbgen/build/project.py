"""A project's own `mkdocs build` or `mkdocs serve` with `plugins: [kbgen]`: the public site (or the
one the plugin's `audience` option names) in the default language.

`configure` validates, generates the pages into a stable folder per project and audience and lays
kbgen's configuration (the same `config.site_config` as `kbgen build`) over the project's. While
`mkdocs serve` runs, broken content keeps the last good pages on screen, with the problems in a banner.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import logging
import tempfile
from html import escape
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

from kbgen import engine
from kbgen.build import cache, workdir
from kbgen.build.config import MARKDOWN_EXTENSIONS
from kbgen.publish import messages
from kbgen.publish.catalogs import prefixed
from kbgen.publish.render import render_site
from kbgen.publish.views import make_view
from kbgen.report import count

log = logging.getLogger("mkdocs.plugins.kbgen")

# In `mkdocs serve`, the last configuration that validated, by project and audience: while the
# content is broken the server keeps showing it (with the problems in a banner) instead of stopping.
_LAST_GOOD: dict[str, tuple[dict[str, Any], list[str]]] = {}
# In `mkdocs serve`, the warnings the last rebuild printed, by project and audience: each rebuild
# prints only the warnings that are new, so an editor sees what their edit caused.
_SAID: dict[str, set[str]] = {}
BANNER_PROBLEMS = 20


class ContentFailed(Exception):
    """The knowledge base has problems and there is no last good version to show: nothing is built."""


def problems_banner(problems: list[str], total: int, lang: str = "en") -> str:
    """The preview's banner while the content is broken, in the editors' language `lang`: every
    line escaped, at most BANNER_PROBLEMS."""
    words = prefixed(lang, "serve.")
    items = "".join(f"<li><code>{escape(text)}</code></li>" for text in problems[:BANNER_PROBLEMS])
    more = total - BANNER_PROBLEMS
    tail = f"<li>{escape(words['more'].format(n=more))}</li>" if more > 0 else ""
    title = words["banner"].format(problems=count(total, "problem", prefixed(lang, "report.")))
    return f'<div class="kb-serve-errors" role="alert"><strong>{escape(title)}</strong><ul>{items}{tail}</ul></div>'


def configure(config: Any, root: Path, audience: str, strict: bool, serving: bool) -> frozenset[str]:
    """Generate the site into MkDocs' `config`; return the generated pages' paths below docs/.

    Raises engine.UsageError for a bad SOURCE_DATE_EPOCH and ContentFailed for broken content."""
    engine.hide_blank_epoch()  # for the whole MkDocs run that follows
    key = hashlib.sha1(f"{root.resolve()}|{audience}".encode()).hexdigest()[:12]
    stable = Path(tempfile.gettempdir()) / f"kbgen-mkdocs-{key}"
    kb, problems = engine.validate(root)
    lang = messages.editors_language(root)
    said = messages.translated(problems, lang)
    say_problems(said.sorted(), _SAID.setdefault(key, set()) if serving else None, lang)
    if kb is None or problems.failed(strict):
        failing = said.errors or said.warnings
        if serving and key in _LAST_GOOD:
            # Keep the preview alive on the last good pages (still on disk in `stable`), and say why.
            derived_config, generated = _LAST_GOOD[key]
            apply(config, stable, derived_config)
            banner = problems_banner([p.format() for p in failing], len(failing), lang)
            config["extra"]["kbgen"]["announce"] = banner + derived_config["extra"]["kbgen"]["announce"]
            return frozenset(generated)
        total = count(len(failing), "problem", prefixed(lang, "report."))
        raise ContentFailed(prefixed(lang, "serve.")["failed"].format(problems=total))
    lang = kb.default_language
    view = make_view(kb, audience, engine.resolve_today())
    rendered = render_site(view, lang)
    # A stable folder per project and audience, synced file by file: `mkdocs serve` watches it,
    # and only real changes reach the watcher.
    with tempfile.TemporaryDirectory(prefix="kbgen-mkdocs-") as fresh:
        derived = workdir.prepare(root, kb, view, rendered, lang, Path(fresh), strict=False)
        derived_config = derived.config
        workdir.sync_tree(derived.workdir / "docs", stable / "docs")
        workdir.sync_tree(derived.workdir / "overrides", stable / "overrides")
    generated = sorted(page.path for page in rendered.pages)
    _LAST_GOOD[key] = (copy.deepcopy(derived_config), generated)
    apply(config, stable, derived_config)
    return frozenset(generated)


def say_problems(problems: list[Any], said: set[str] | None, lang: str = "en") -> None:
    """Log every error, and every warning not in `said` (the last rebuild's, in `mkdocs serve`;
    None: every warning); then `said` holds this rebuild's warnings. The count is said in `lang`."""
    warnings = {p.format() for p in problems if p.level.value != "error"}
    for problem in problems:
        text = problem.format()
        if problem.level.value == "error":
            log.error(text)
        elif said is None or text not in said:
            log.warning(text)
    if said is None:
        return
    kept = len(warnings & said)
    if kept:
        # said at warning level: `kbgen serve` shows warnings and errors only
        repeated = count(kept, "warning", prefixed(lang, "report."))
        log.warning(prefixed(lang, "serve.")["repeated"].format(warnings=repeated, n=len(warnings) - kept))
    said.clear()
    said.update(warnings)


_EFFECTIVE = (
    "site_name",
    "site_url",
    "site_description",
    "copyright",
    "theme",
    "extra",
    "extra_css",
    "extra_javascript",
    "nav",
    "use_directory_urls",
    "markdown_extensions",
    "mdx_configs",
    "validation",
    "repo_url",
    "repo_name",
    "edit_uri",
)


def serve_cache(config: Any, root: Path, audience: str) -> contextlib.ExitStack | None:
    """In `mkdocs serve`, reuse the conversion and rendering of every page the edit did not change
    (build.cache; entries in the project's .kbgen/cache/serve/), until the returned stack is closed.

    Only when kbgen is the only plugin: another plugin's page events would be skipped for reused pages."""
    key = hashlib.sha1(f"{root.resolve()}|{audience}".encode()).hexdigest()[:12]
    if key not in _LAST_GOOD or set(config["plugins"]) != {"kbgen"}:
        return None
    derived_config = _LAST_GOOD[key][0]
    docs = Path(config["docs_dir"])
    files = [p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()]
    user = Path(config.config_file_path)
    settings = {
        **derived_config,
        "serve: mkdocs.yml": user.read_bytes() if user.is_file() else b"",
        # what MkDocs uses now: the banner of broken content is in `extra`, the theme holds the project's
        **{f"serve: {name}": repr(config[name]) for name in _EFFECTIVE},
    }
    own = (root / "overrides").is_dir()
    templates = "".join(
        cache.templates_key(Path(folder), own)
        for folder in config["theme"].dirs
        if "site-packages" not in Path(folder).parts
    )
    folder = root / cache.CACHE_DIR / "serve"
    stack = contextlib.ExitStack()
    stack.enter_context(
        cache.cached_rendering(cache.RenderCache(folder, folder, cache.site_key(root, settings, files), templates, own))
    )
    return stack


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as compiled by an earlier rebuild of `mkdocs serve` (each rebuild makes a
    new Jinja environment): Jinja checks each template's source against the one compiled."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Fill `bucket` from an earlier compilation, if any."""
        if bucket.key in self.kept:
            bucket.bytecode_from_string(self.kept[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a template just compiled."""
        self.kept[bucket.key] = bucket.bytecode_to_string()


def apply(config: Any, stable: Path, derived_config: dict[str, Any]) -> None:
    """Point MkDocs at kbgen's generated docs folder and settings."""
    derived_config = copy.deepcopy(derived_config)
    config["docs_dir"] = str(stable / "docs")
    config["nav"] = derived_config["nav"]
    extra = derived_config["extra"]
    extra["alternate"] = []  # mkdocs builds one language; kbgen build builds them all
    config["extra"].update(extra)
    config["extra_css"] = list(config.get("extra_css") or []) + derived_config["extra_css"]
    config["extra_javascript"] = list(config.get("extra_javascript") or []) + derived_config["extra_javascript"]
    config["site_name"] = derived_config["site_name"]
    theme = config["theme"]
    theme.dirs.insert(0, str(stable / "overrides"))
    theme["font"] = False
    theme["language"] = derived_config["theme"]["language"]
    features = set(theme.get("features") or []) | set(derived_config["theme"]["features"])
    theme["features"] = sorted(features)
    for extension in MARKDOWN_EXTENSIONS:
        name, options = (extension, {}) if isinstance(extension, str) else next(iter(extension.items()))
        if name not in config["markdown_extensions"]:
            config["markdown_extensions"].append(name)
        if options:
            config["mdx_configs"].setdefault(name, {}).update(options)


def with_settings(plugins: Any, settings: dict[str, str]) -> dict[str, Any]:
    """A mkdocs.yml's `plugins:` (a list or a mapping) as a mapping, `settings` added to kbgen's options.

    A mapping, because MkDocs empties the one-key mappings of a list as it reads them, and `mkdocs
    serve` reads the same overrides again on every rebuild."""
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else [
            next(iter(entry.items())) if isinstance(entry, dict) and len(entry) == 1 else (entry, {})
            for entry in plugins or []
        ]
    )
    return {name: {**(opts or {}), **settings} if name == "kbgen" else opts for name, opts in entries}


def serve_overrides(config_file: Path, settings: dict[str, str]) -> dict[str, Any]:
    """What `kbgen serve` lays over a project's mkdocs.yml: its plugins, kbgen's with `settings`."""
    from mkdocs.utils.yaml import yaml_load

    with config_file.open(encoding="utf-8") as handle:
        loaded = yaml_load(handle)
    if not isinstance(loaded, dict) or "plugins" not in loaded:
        return {}
    return {"plugins": with_settings(loaded["plugins"], settings)}
