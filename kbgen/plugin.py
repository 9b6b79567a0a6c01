"""The MkDocs plugin: a thin adapter over kbgen's engine.

`plugins: [kbgen]` in a project's mkdocs.yml makes `mkdocs build` and
`mkdocs serve` give the public site in the default language: the plugin
validates in `on_config` (before MkDocs cleans its output), generates the
pages into a temporary docs folder and points MkDocs at it. In kbgen's own
builds (`mode: site`) it only sanitises what MkDocs renders.
"""

from __future__ import annotations

import logging
import os
import shutil
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


class KbgenConfig(Config):
    mode = config_options.Choice(("project", "site"), default="project")
    audience = config_options.Choice(("public", "internal"), default="public")
    strict = config_options.Type(bool, default=False)


class KbgenPlugin(BasePlugin[KbgenConfig]):
    def __init__(self) -> None:
        super().__init__()
        self._workdir: Path | None = None

    def on_config(self, config: Any) -> Any:
        if self.config.mode == "site":
            return config
        root = Path(os.environ.get("KBGEN_PROJECT") or Path(config.config_file_path).parent)
        audience = os.environ.get("KBGEN_AUDIENCE") or self.config.audience
        kb, problems = engine.validate(root)
        for problem in problems.sorted():
            (log.error if problem.level.value == "error" else log.warning)(problem.format())
        if kb is None or problems.failed(self.config.strict):
            raise PluginError(f"kbgen: {len(problems.errors)} errors in the knowledge base; nothing was built")
        lang = kb.default_language
        view = make_view(kb, audience, engine.resolve_today())
        rendered = render_site(view, lang)
        if self._workdir is not None:
            shutil.rmtree(self._workdir, ignore_errors=True)
        self._workdir = Path(tempfile.mkdtemp(prefix="kbgen-mkdocs-"))
        derived = site.prepare(root, kb, view, rendered, lang, self._workdir, strict=False)
        import yaml

        derived_config = yaml.safe_load(derived.config_file.read_text(encoding="utf-8"))
        config["docs_dir"] = derived_config["docs_dir"]
        config["nav"] = derived_config["nav"]
        config["extra"].update(derived_config["extra"])
        config["extra_css"] = list(config.get("extra_css") or []) + derived_config["extra_css"]
        config["extra_javascript"] = list(config.get("extra_javascript") or []) + derived_config["extra_javascript"]
        config["site_name"] = derived_config["site_name"]
        theme = config["theme"]
        theme.dirs.insert(0, derived_config["theme"]["custom_dir"])
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
        # MkDocs prints page titles raw (mkdocs issue 3357); generated pages carry escaped titles,
        # hand-written pages' titles are escaped here, before any page's nav is rendered.
        if page.title and "title" not in (page.meta or {}):
            page.title = escape(str(page.title), quote=True)
        return sanitize(html)

    def on_post_build(self, config: Any) -> None:
        if self._workdir is not None and self.config.mode == "project":
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
