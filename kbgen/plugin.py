"""The MkDocs plugin: a thin adapter over kbgen's engine.

`plugins: [kbgen]` in a project's mkdocs.yml makes `mkdocs build` and
`mkdocs serve` give the public site in the default language: the plugin
validates in `on_config` (before MkDocs cleans its output), generates the
pages into a temporary docs folder and points MkDocs at it. In kbgen's own
builds (`mode: site`) it only sanitises what MkDocs renders.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
import tempfile
from html import escape
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from kbgen import engine
from kbgen.build import config as site_config
from kbgen.build import search, workdir
from kbgen.publish.render import render_site
from kbgen.publish.text import sanitize
from kbgen.publish.views import make_view

log = logging.getLogger("mkdocs.plugins.kbgen")


_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"')


def valid_html(html: str) -> str:
    """Correct the two markup errors of Material's templates that the Nu HTML Checker reports on
    every page: `autocomplete` on its checkbox toggles, and an empty `tabindex` on nav labels; and,
    on section index pages, a label for a table-of-contents toggle that is not there."""
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html).replace(' tabindex=""', "")
    if 'id="__toc"' not in html:
        html = html.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
    return html


class KbgenConfig(Config):
    mode = config_options.Choice(("project", "site"), default="project")
    audience = config_options.Choice(("public", "internal"), default="public")
    strict = config_options.Type(bool, default=False)
    # kbgen's own pages (paths below docs/); every other page is hand-written and trusted with nothing.
    generated = config_options.ListOfItems(config_options.Type(str), default=[])


# In `mkdocs serve`, the last configuration that validated, by project and audience: while the
# content is broken the server keeps showing it (with the problems in a banner) instead of stopping.
_LAST_GOOD: dict[str, tuple[dict[str, Any], list[str]]] = {}
_SERVING: set[str] = set()
BANNER_PROBLEMS = 20


def problems_banner(problems: list[str], total: int) -> str:
    """The preview's banner while the content is broken: every line escaped, at most BANNER_PROBLEMS."""
    items = "".join(f"<li><code>{escape(text)}</code></li>" for text in problems[:BANNER_PROBLEMS])
    more = f"<li>… {total - BANNER_PROBLEMS} more in the terminal</li>" if total > BANNER_PROBLEMS else ""
    word = "problem" if total == 1 else "problems"
    return (
        f'<div class="kb-serve-errors" role="alert"><strong>kbgen: {total} {word}; this preview shows the '
        f"last version that was valid</strong><ul>{items}{more}</ul></div>"
    )


def hand_written_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """A hand-written page's front matter as templates may see it: declared keys only, as text
    (the title is escaped once the page is rendered, the description by the template)."""
    from kbgen.read.docs_pages import FRONT_MATTER_KEYS, HIDE_VALUES

    kept: dict[str, Any] = {}
    for key in FRONT_MATTER_KEYS:
        value = meta.get(key)
        if key == "hide" and isinstance(value, list):
            kept[key] = [v for v in value if isinstance(v, str) and v in HIDE_VALUES]
        elif key != "hide" and value is not None:
            kept[key] = str(value)
    return kept


class KbgenPlugin(BasePlugin[KbgenConfig]):
    generated_pages: frozenset[str] = frozenset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "serve":
            _SERVING.add("serve")

    def on_config(self, config: Any) -> Any:
        self.generated_pages = frozenset(self.config.generated)
        if self.config.mode == "site":
            return config
        root = Path(os.environ.get("KBGEN_PROJECT") or Path(config.config_file_path).parent)
        audience = os.environ.get("KBGEN_AUDIENCE") or self.config.audience
        try:
            engine.source_date_epoch()
        except engine.UsageError as exc:
            raise PluginError(f"kbgen: {exc}") from None
        if not os.environ.get(engine.EPOCH_VARIABLE, "unset").strip():
            del os.environ[engine.EPOCH_VARIABLE]  # blank means unset, for MkDocs too (it would fail on it)
        key = hashlib.sha1(f"{root.resolve()}|{audience}".encode()).hexdigest()[:12]
        stable = Path(tempfile.gettempdir()) / f"kbgen-mkdocs-{key}"
        kb, problems = engine.validate(root)
        for problem in problems.sorted():
            (log.error if problem.level.value == "error" else log.warning)(problem.format())
        if kb is None or problems.failed(self.config.strict):
            failing = problems.errors or problems.warnings
            if _SERVING and key in _LAST_GOOD:
                # Keep the preview alive on the last good pages (still on disk in `stable`), and say why.
                derived_config, generated = _LAST_GOOD[key]
                self.generated_pages = frozenset(generated)
                self._apply(config, stable, derived_config)
                banner = problems_banner([p.format() for p in failing], len(failing))
                config["extra"]["kbgen"]["announce"] = banner + derived_config["extra"]["kbgen"]["announce"]
                return config
            count = len(failing)
            raise PluginError(
                f"kbgen: {count} {'problem' if count == 1 else 'problems'} in the knowledge base; nothing was built"
            )
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
        self.generated_pages = frozenset(generated)
        _LAST_GOOD[key] = (copy.deepcopy(derived_config), generated)
        self._apply(config, stable, derived_config)
        return config

    @staticmethod
    def _apply(config: Any, stable: Path, derived_config: dict[str, Any]) -> None:
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
        for extension in site_config.MARKDOWN_EXTENSIONS:
            name, options = (extension, {}) if isinstance(extension, str) else next(iter(extension.items()))
            if name not in config["markdown_extensions"]:
                config["markdown_extensions"].append(name)
            if options:
                config["mdx_configs"].setdefault(name, {}).update(options)

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        root = Path(os.environ.get("KBGEN_PROJECT") or Path(config.config_file_path).parent)
        for folder in ("protocols", "docs"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """A hand-written page's front matter is data from an editor: kbgen's switches are dropped,
        and only the declared keys reach the templates (validation has already refused the rest)."""
        if page.file.src_uri not in self.generated_pages:
            page.meta = hand_written_meta(page.meta if page.meta is not None else {})
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        """The backstop after Markdown: whatever an editor wrote, nothing in it runs."""
        # MkDocs and Material print titles raw (mkdocs issue 3357); generated pages carry escaped
        # titles, hand-written pages' titles (heading or front matter) are escaped here, before any
        # page's nav is rendered. Whether a page is kbgen's own comes from the build, never from the page.
        if page.file.src_uri not in self.generated_pages:
            meta = page.meta if page.meta is not None else {}
            if page.title:
                page.title = escape(str(page.title), quote=True)
            if "title" in meta:
                meta["title"] = escape(str(meta["title"]), quote=True)
        return sanitize(html)

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        return valid_html(output)

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        return valid_html(output_content)  # 404.html

    def on_post_build(self, config: Any) -> None:
        if self.config.mode == "project":
            try:
                search.index_search([Path(config["site_dir"])])
            except search.SearchIndexError as exc:
                raise PluginError(f"kbgen: {exc}") from None
