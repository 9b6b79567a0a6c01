"""What rendering produces (`Page`, `Site`) and how a page becomes Markdown: Jinja2 and front matter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined


@dataclass
class Page:
    """One generated Markdown page."""

    path: str  # below docs/, as urls.py names it
    content: str


NavItem = dict[str, Any] | str


@dataclass(frozen=True)
class Permanent:
    """An FAQ's permanent address (`q/ID/`): the redirect file below the language's output folder
    and the URL it sends to (from `urls.permanent_redirect`), with what link previews and the
    search index read there, all plain text: the question, its category, its answer and keywords."""

    path: str
    url: str
    lang: str
    title: str
    category: str
    answer: str
    keywords: str


@dataclass
class Site:
    """One audience's site in one language: pages, nav, exports, and the permanent FAQ addresses."""

    pages: list[Page]
    nav: list[NavItem]
    faq_export: list[dict[str, Any]]
    templates_export: list[dict[str, Any]]
    redirects: list[Permanent] = field(default_factory=list)


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("kbgen", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["indent4"] = lambda text: "\n".join(("    " + line) if line else "" for line in text.split("\n"))
    return env


ENV = _env()


def front_matter(meta: dict[str, Any]) -> str:
    """Front matter written by a YAML dumper, never by string templates."""
    meta = {**meta, "kbgen_generated": True}
    dumped = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=True, width=10_000)
    return "---\n" + dumped + "---\n\n"


try:  # libyaml's emitter: the pure-Python one spends seconds on long JSON-LD strings
    _Dumper: Any = yaml.CSafeDumper
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Dumper = yaml.SafeDumper


def template_page(path: str, template: str, meta: dict[str, Any], context: Mapping[str, object]) -> Page:
    """A page from a template in `kbgen/templates/`, given its front matter and what it receives."""
    body = ENV.get_template(template).render(**context)
    return Page(path, front_matter(meta) + body.strip() + "\n")


def escape_title(value: str) -> str:
    """A title as MkDocs prints it raw (nav labels, <title>): HTML-escaped."""
    return escape(value, quote=True)
