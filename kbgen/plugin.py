"""The MkDocs plugin: a thin adapter over kbgen's engine.

`plugins: [kbgen]` in a project's mkdocs.yml makes `mkdocs build` and
`mkdocs serve` give the public site in the default language: the plugin
validates in `on_config` (before MkDocs cleans its output), generates the
pages into a temporary docs folder and points MkDocs at it. In kbgen's own
builds (`mode: site`) it only sanitises what MkDocs renders.
"""

from __future__ import annotations

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

from kbgen import engine, site
from kbgen.render import render_site
from kbgen.text import sanitize
from kbgen.views import make_view

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


class KbgenPlugin(BasePlugin[KbgenConfig]):
    def on_config(self, config: Any) -> Any:
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
        kb, problems = engine.validate(root)
        for problem in problems.sorted():
            (log.error if problem.level.value == "error" else log.warning)(problem.format())
        if kb is None or problems.failed(self.config.strict):
            count = len(problems.errors) or len(problems.warnings)
            raise PluginError(
                f"kbgen: {count} {'problem' if count == 1 else 'problems'} in the knowledge base; nothing was built"
            )
        lang = kb.default_language
        view = make_view(kb, audience, engine.resolve_today())
        rendered = render_site(view, lang)
        # A stable folder per project and audience, synced file by file: `mkdocs serve` watches it,
        # and only real changes reach the watcher.
        key = hashlib.sha1(f"{root.resolve()}|{audience}".encode()).hexdigest()[:12]
        stable = Path(tempfile.gettempdir()) / f"kbgen-mkdocs-{key}"
        with tempfile.TemporaryDirectory(prefix="kbgen-mkdocs-") as fresh:
            derived = site.prepare(root, kb, view, rendered, lang, Path(fresh), strict=False)
            derived_config = derived.config
            site.sync_tree(derived.workdir / "docs", stable / "docs")
            site.sync_tree(derived.workdir / "overrides", stable / "overrides")
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
        for extension in site.MARKDOWN_EXTENSIONS:
            name, options = (extension, {}) if isinstance(extension, str) else next(iter(extension.items()))
            if name not in config["markdown_extensions"]:
                config["markdown_extensions"].append(name)
            if options:
                config["mdx_configs"].setdefault(name, {}).update(options)
        return config

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        root = Path(os.environ.get("KBGEN_PROJECT") or Path(config.config_file_path).parent)
        for folder in ("protocols", "docs"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        """The backstop after Markdown: whatever an editor wrote, nothing in it runs."""
        # MkDocs and Material print titles raw (mkdocs issue 3357); generated pages carry escaped
        # titles, hand-written pages' titles (heading or front matter) are escaped here, before any
        # page's nav is rendered.
        meta = page.meta if page.meta is not None else {}
        if not meta.get("kbgen_generated"):
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
                site.index_search([Path(config["site_dir"])])
            except site.SearchIndexError as exc:
                raise PluginError(f"kbgen: {exc}") from None
