"""The MkDocs plugin: a thin adapter that wires MkDocs' events to kbgen's build modules.

`plugins: [kbgen]` in a project's mkdocs.yml makes `mkdocs build` and `mkdocs serve` give the
public site in the default language (`build.project`): the plugin validates in `on_config`
(before MkDocs cleans its output), generates the pages into a temporary docs folder and points
MkDocs at it. In kbgen's own builds (`mode: site`) it only sanitises what MkDocs renders
(`build.sanitize`).
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path
from typing import Any

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from kbgen import engine
from kbgen.build import project, sanitize, search


class KbgenConfig(Config):
    """The plugin's options under `plugins: - kbgen:` in mkdocs.yml."""

    mode = config_options.Choice(("project", "site"), default="project")
    # The project folder (default: the one holding mkdocs.yml; `kbgen serve` names it).
    project = config_options.Optional(config_options.Type(str))
    audience = config_options.Choice(("public", "internal"), default="public")
    strict = config_options.Type(bool, default=False)
    # kbgen's own pages (paths below docs/); every other page is hand-written and trusted with nothing.
    generated = config_options.ListOfItems(config_options.Type(str), default=[])


class KbgenPlugin(BasePlugin[KbgenConfig]):
    """The `kbgen` MkDocs plugin (entry point `mkdocs.plugins`): each event hands over to kbgen's build modules."""

    generated_pages: frozenset[str] = frozenset()
    serving = False
    reusing: contextlib.ExitStack | None = None  # while `mkdocs serve` builds: the page cache in use
    indexing: search.Background | None = None  # `mkdocs serve`: the search index being made

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Runs once when MkDocs starts: remembers whether this is `mkdocs serve`, where broken content
        keeps the preview on its last good pages instead of failing."""
        self.serving = command == "serve"
        self.compiled = project.CompiledTemplates()

    def on_env(self, env: Any, config: Any, files: Any) -> Any:
        """Runs when MkDocs has made the theme's Jinja environment: in `mkdocs serve`, templates compiled
        by an earlier rebuild are not compiled again."""
        if self.serving:
            env.bytecode_cache = self.compiled
        return env

    def _root(self, config: Any) -> Path:
        return Path(self.config.project or Path(config.config_file_path).parent)

    def on_config(self, config: Any) -> Any:
        """Runs after mkdocs.yml is read, before anything is built: in project mode, validates the project
        and generates its pages into a temporary docs folder MkDocs is pointed at; failed content stops
        the build with a PluginError. In site mode, only notes which pages kbgen generated."""
        self.generated_pages = frozenset(self.config.generated)
        if self.config.mode == "site":
            return config
        try:
            self.generated_pages = project.configure(
                config, self._root(config), self.config.audience, self.config.strict, self.serving
            )
        except (engine.UsageError, project.ContentFailed) as exc:
            raise PluginError(f"kbgen: {exc}") from None
        return config

    def on_pre_build(self, config: Any) -> None:
        """Runs before each build: in `mkdocs serve`, a rebuild reuses the pages an edit did not change."""
        if self.config.mode == "project" and self.serving:
            if self.indexing is not None:
                self.indexing.wait()  # before MkDocs empties the site folder
            self.reusing = project.serve_cache(config, self._root(config), self.config.audience)

    def on_build_error(self, error: Exception) -> None:
        """Runs when a build fails: stop reusing pages."""
        self._stop_reusing()

    def _stop_reusing(self) -> None:
        if self.reusing is not None:
            self.reusing.close()
            self.reusing = None

    def on_serve(self, server: Any, config: Any, builder: Any) -> Any:
        """Runs when `mkdocs serve` starts its server: watches the project's protocols/ and docs/, so an
        edit to the YAML rebuilds the preview, and no longer the folder kbgen generates the pages into
        (every rebuild writes it: watched, each edit would be built twice)."""
        root = self._root(config)
        if self.config.mode == "project":
            server.unwatch(config["docs_dir"])
        for folder in ("protocols", "docs"):
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        return server

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Any) -> str:
        """A hand-written page's front matter is data from an editor: kbgen's switches are dropped,
        and only the declared keys reach the templates (validation has already refused the rest)."""
        if page.file.src_uri not in self.generated_pages:
            page.meta = sanitize.hand_written_meta(page.meta if page.meta is not None else {})
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Any) -> str:
        """The backstop after Markdown: whatever an editor wrote, nothing in it runs."""
        start = time.perf_counter()
        if page.file.src_uri not in self.generated_pages:
            sanitize.escape_titles(page)
        html = sanitize.clean(html)
        sanitize.SECONDS[0] += time.perf_counter() - start
        return html

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Runs on each page's finished HTML: repairs it into valid HTML."""
        start = time.perf_counter()
        output = sanitize.valid_html(output)
        sanitize.SECONDS[0] += time.perf_counter() - start
        return output

    def on_post_template(self, output_content: str, template_name: str, config: Any) -> str:
        """Runs on each rendered static template (404.html): repairs it into valid HTML."""
        return sanitize.valid_html(output_content)  # 404.html

    def on_post_build(self, config: Any) -> None:
        """Runs after the site is written: in project mode, indexes it for search (pagefind); an indexing
        failure fails the build (in `mkdocs serve`, it is indexed beside the preview, and logged)."""
        self._stop_reusing()
        if self.config.mode == "project" and self.serving:
            self.indexing = self.indexing or search.Background()
            self.indexing.start(Path(config["site_dir"]))  # the edit is on screen before its index
        elif self.config.mode == "project":
            try:
                search.index_search([Path(config["site_dir"])])
            except search.SearchIndexError as exc:
                raise PluginError(f"kbgen: {exc}") from None
