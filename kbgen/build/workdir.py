"""One site's working folder: generated and hand-written pages, kbgen's assets, theme overrides, mkdocs.yml."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kbgen.build.config import site_config
from kbgen.publish.pages.base import Site
from kbgen.publish.text import TextRenderer
from kbgen.publish.views import AudienceView
from kbgen.publish.words import Words
from kbgen.read.docs_pages import DocPage, resolve_refs
from kbgen.read.model import KnowledgeBase

ASSETS = Path(__file__).parent.parent / "assets"


@dataclass
class SiteJob:
    """One MkDocs build to run: one audience in one language, with its working folder and generated config."""

    audience: str
    lang: str
    workdir: Path
    config_file: Path
    site_dir: Path
    strict: bool
    config: dict[str, Any]  # what config_file holds


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
    words = Words(lang, view.formal)
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
