"""A persistent, content-addressed cache of MkDocs' Markdown conversion, under `.kbgen/cache/`.

Converting every page's Markdown is most of a build (the profile of a KB-5k site: 9.4 s of its
10.8 s in MkDocs). A page's conversion depends only on its Markdown, its place, the site's files
and the Markdown settings: a rebuild after an edit converts only the pages whose Markdown
changed and takes the others' HTML, table of contents, anchors and warnings from the cache.
Templates are rendered every time (they are cheap next to conversion), so a template change never
needs invalidating here. The key also holds kbgen's and the stack's versions and kb.yml, so an
upgrade or a change of kb.yml converts everything again.

Each page's rendered template is kept too, keyed by the theme overrides, the nav (every page's
place, title and front matter) and the page itself; and so are the conversions of editors' texts
for faq.json and structured data (`md_to_html`), one file per site.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from kbgen import __version__
from kbgen.publish.memo import asked_html, known_html

CACHE_DIR = Path(".kbgen") / "cache"
NEW_CACHE = "cache-new"  # below a build's stage: the entries it wrote, kept if it succeeds
FORMAT = "render-1"  # what an entry holds: change it when the entry changes shape
_PATH_KEYS = ("docs_dir", "site_dir")
_STACK = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions")
ACTIVE: list[RenderCache | None] = [None]  # the cache cached_rendering is using, for sanitize.clean


@functools.cache
def code_key() -> str:
    """kbgen's own code, every module's bytes: a change of kbgen (released or not) converts again."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.cache
def version(name: str) -> str:
    """An installed distribution's version, read once a process (keys are made for every page)."""
    return metadata.version(name)


def text_key() -> str:
    """What converting an editor's text for exports and structured data depends on."""
    stack = (f"{name}={version(name)}" for name in ("markdown", "nh3"))
    return "\0".join((FORMAT, code_key(), *stack))


def load_texts(folder: Path) -> None:
    """Hand md_to_html the conversions every site kept at its last build (made by the same code)."""
    key = text_key()
    for path in sorted(folder.glob("text-*.pickle")):
        try:
            data = pickle.loads(path.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            continue
        if isinstance(data, dict) and data.get("key") == key and isinstance(data.get("html"), dict):
            known_html(data["html"])


def keep_texts(new: Path, site: str) -> None:
    """Keep the conversions this site asked for (only these: the file never grows past the site)."""
    write_entry(new / f"text-{site}.pickle", {"key": text_key(), "html": asked_html()})


def cache_dir(root: Path) -> Path:
    """Where a project's cache lives (the folder is made when the first entry is written)."""
    return root / CACHE_DIR / "render"


def site_key(root: Path, config: dict[str, Any], files: list[str]) -> str:
    """What every page's conversion in one site depends on besides its own Markdown: kbgen's and the
    stack's versions, kb.yml, the site's settings (without the build's temporary folders) and the
    list of its files (links are checked against it)."""
    settings = {k: v for k, v in config.items() if k not in _PATH_KEYS}
    theme = dict(settings.get("theme") or {})
    theme.pop("custom_dir", None)
    settings["theme"] = theme
    digest = hashlib.sha256()
    for part in (
        FORMAT,
        code_key(),
        *(f"{name}={version(name)}" for name in _STACK),
        repr(sorted(settings.items(), key=lambda item: item[0])),
        "\n".join(sorted(files)),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    kb_yml = root / "protocols" / "kb.yml"
    digest.update(kb_yml.read_bytes() if kb_yml.is_file() else b"")
    return digest.hexdigest()


def keep_new(new: Path, folder: Path) -> None:
    """Move the entries a successful build wrote into `new` into the project's cache `folder`: a
    failed build leaves the project as it was, its cache included."""
    if not new.is_dir():
        return
    for entry in sorted(new.rglob("*.pickle")):
        target = folder / entry.relative_to(new)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(entry, target)
        except OSError:
            return  # a project folder kbgen cannot write only loses the cache


def templates_key(overrides: Path, own_overrides: bool) -> str:
    """What every page's template rendering depends on besides the site's key, its nav and the page:
    the theme overrides (kbgen's and the project's, every file's bytes), the build date and whether
    the project has templates of its own (which may read any page's front matter through the nav)."""
    digest = hashlib.sha256(f"{os.environ.get('SOURCE_DATE_EPOCH', '')}\0{own_overrides}\0".encode())
    digest_tree(digest, overrides)
    return digest.hexdigest()


def beyond_recent(entries: list[Path], keep: int) -> list[Path]:
    """The entries past the `keep` most recently used (by modification time): the ones to drop."""
    return sorted(entries, key=lambda p: p.stat().st_mtime, reverse=True)[keep:]


def digest_tree(digest: Any, folder: Path) -> None:
    """Add every file under `folder`, its address and its bytes, in a fixed order, to `digest`."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def _meta(meta: dict[str, Any] | None, everything: bool | None) -> list[tuple[str, str]]:
    return sorted((k, repr(v)) for k, v in (meta or {}).items() if everything or k != "kbgen_jsonld")


def _nav(items: Any) -> list[Any]:
    return [
        (type(item).__name__, item.title, getattr(item, "url", None), _nav(getattr(item, "children", None) or []))
        for item in items
    ]


def _toc(items: Any) -> list[Any]:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in items]


@dataclass
class RenderCache:
    """One site's cache: where entries are read (`folder`) and written (`new`, kept only when the
    build succeeds), the site's key, and which pages were converted afresh."""

    folder: Path
    new: Path
    key: str
    templates: str = ""  # templates_key(): what rendering a page's template depends on besides the page
    own_templates: bool = False  # the project has overrides/ of its own
    converted: list[str] = field(default_factory=list)
    reused: int = 0
    rendered: list[str] = field(default_factory=list)  # pages whose template was rendered afresh

    def entry(self, *parts: str) -> str:
        """The name of an entry: the hash of the site's key and everything else it depends on."""
        digest = hashlib.sha256("\0".join((self.key, *parts)).encode()).hexdigest()
        return f"{digest[:2]}/{digest}.pickle"

    def load(self, name: str) -> dict[str, Any] | None:
        """A stored entry, or None when it is missing or unreadable (then the page is converted)."""
        try:
            data = pickle.loads((self.folder / name).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return data if isinstance(data, dict) else None

    def store(self, name: str, data: dict[str, Any]) -> None:
        """Write an entry into `new`."""
        write_entry(self.new / name, data)


def write_entry(path: Path, data: dict[str, Any]) -> None:
    """Write an entry atomically; a folder kbgen cannot write only loses the cache."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as out:
            out.write(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, path)
    except OSError:
        return


class _Record(logging.Handler):
    """Keeps what MkDocs says while converting one page, to say it again when the page is reused."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.said: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Note the logger, level and message."""
        self.said.append((record.name, record.levelno, record.getMessage()))


@contextmanager
def cached_rendering(cache: RenderCache | None) -> Iterator[None]:
    """While inside, MkDocs' `Page.render` takes each page's conversion from `cache` when it holds it."""
    if cache is None:
        yield
        return
    from mkdocs.structure.pages import Page

    original = Page.render

    def render(page: Any, config: Any, files: Any) -> None:
        name = cache.entry("markdown", page.file.src_uri, page.markdown or "")
        data = cache.load(name)
        if data is not None:
            _restore(page, files, data)
            cache.reused += 1
            return
        record = _Record()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(record)
        try:
            original(page, config, files)
        finally:
            logger.removeHandler(record)
        cache.converted.append(page.file.src_uri)
        links = page.links_to_anchors
        cache.store(
            name,
            {
                "content": page.content,
                "toc": page.toc,
                "title": page._title_from_render,
                "anchors": page.present_anchor_ids,
                "links": None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                "said": record.said,
            },
        )

    from mkdocs import utils
    from mkdocs.commands import build

    build_page = build._build_page
    navs: dict[int, str] = {}

    def nav_key(nav: Any) -> str:
        """Every page's place, address, title and the front matter templates may read through the nav
        (all of it when the project has templates of its own; else all but kbgen's structured data)."""
        if id(nav) not in navs:
            shown = [(p.file.src_uri, p.url, p.title, _meta(p.meta, cache.own_templates or None)) for p in nav.pages]
            navs[id(nav)] = hashlib.sha256(repr((shown, _nav(nav.items))).encode()).hexdigest()
        return navs[id(nav)]

    def render_page(
        page: Any, config: Any, doc_files: Any, nav: Any, env: Any, dirty: bool = False, excluded: bool = False
    ) -> None:
        mine = (page.file.src_uri, page.url, page.title, _meta(page.meta, True), page.content, _toc(page.toc))
        name = cache.entry("page", cache.templates, nav_key(nav), repr((mine, excluded)))
        data = cache.load(name)
        if data is not None:
            utils.write_file(data["html"], page.file.abs_dest_path)
            return
        build_page(page, config, doc_files, nav, env, dirty, excluded)
        cache.rendered.append(page.file.src_uri)
        written = Path(page.file.abs_dest_path)
        if written.is_file():
            cache.store(name, {"html": written.read_bytes()})

    Page.render = render  # type: ignore[method-assign,assignment]
    build._build_page = render_page
    ACTIVE[0] = cache
    try:
        yield
    finally:
        Page.render = original  # type: ignore[method-assign]
        build._build_page = build_page
        ACTIVE[0] = None


def _restore(page: Any, files: Any, data: dict[str, Any]) -> None:
    page.content = data["content"]
    page.toc = data["toc"]
    page._title_from_render = data["title"]
    page.present_anchor_ids = data["anchors"]
    if data["links"] is not None:
        page.links_to_anchors = {files.get_file_from_path(uri): links for uri, links in data["links"].items()}
    for name, level, message in data["said"]:
        logging.getLogger(name).log(level, message)
