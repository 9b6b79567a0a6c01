"""The page cache under .kbgen/cache/: a rebuild converts (Markdown) and renders (templates) only
the pages that show what changed, and writes the same bytes as a clean build; kbgen's version and
kb.yml invalidate everything, a template every page's rendering."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
from build_support import EPOCH, copy_sample

from kbgen.build import cache, sanitize, search, site

pytestmark = pytest.mark.build  # real builds: not in `make quick`


def tree(root: Path) -> dict[str, bytes]:
    """Every file below root by its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(project: Path, out: Path, use_cache: bool = True) -> site.BuildResult:
    result = site.build(project, out, ["public", "internal"], cache=use_cache)
    assert result.ok, [p.format() for p in result.problems.errors]
    return result


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.setenv("KBGEN_SERIAL", "1")  # one process: the same code path, easier to follow
    return copy_sample(tmp_path / "kb")


def test_first_build_converts_every_page_and_a_second_none(project: Path, tmp_path: Path) -> None:
    first = run(project, tmp_path / "one")
    assert sorted(first.converted) == ["internal/en", "internal/es", "public/en", "public/es"]
    for pages in first.converted.values():
        assert "faq/deliveries.md" in pages
        assert "index.md" in pages
    assert (project / ".kbgen" / "cache" / "render").is_dir()
    assert first.rendered == first.converted
    assert first.indexed == ["internal/en", "internal/es", "public/en", "public/es"]
    again = run(project, tmp_path / "two")
    assert again.converted == {"internal/en": [], "internal/es": [], "public/en": [], "public/es": []}
    assert again.rendered == again.converted
    assert again.indexed == []  # every language's search bundle is taken from the cache
    assert first.reused == []
    assert again.reused == ["internal/en", "internal/es", "public/en", "public/es"]  # MkDocs not run at all
    assert tree(tmp_path / "two") == tree(tmp_path / "one")


def test_one_faq_edit_converts_only_its_category_page_and_matches_a_clean_build(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project, tmp_path / "warm")
    cleaned: list[str] = []
    backstop = sanitize.sanitize_html
    monkeypatch.setattr(sanitize, "sanitize_html", lambda html: cleaned.append(html) or backstop(html))
    faqs = project / "protocols" / "faqs" / "deliveries.yml"
    text = faqs.read_text(encoding="utf-8")
    assert text.count('en: "No."') == 1
    faqs.write_text(text.replace('en: "No."', 'en: "No, never: delivery is free."'), encoding="utf-8")
    edited = run(project, tmp_path / "incremental")
    # The answer is English and shown on both audiences' category page, and nowhere else.
    assert edited.converted == {
        "internal/en": ["faq/deliveries.md"],
        "internal/es": [],
        "public/en": ["faq/deliveries.md"],
        "public/es": [],
    }
    assert edited.rendered == edited.converted
    assert len(cleaned) == 2  # only the converted pages are sanitised again
    assert all("No, never: delivery is free." in html for html in cleaned)
    assert edited.indexed == ["internal/en", "public/en"]  # the Spanish sites' search is not indexed again
    assert edited.reused == ["internal/es", "public/es"]  # nor are the Spanish sites built again
    page = (tmp_path / "incremental" / "public" / "en" / "faq" / "deliveries" / "index.html").read_text("utf-8")
    assert "No, never: delivery is free." in page
    shutil.rmtree(project / ".kbgen")
    run(project, tmp_path / "clean", use_cache=False)
    assert not (project / ".kbgen").exists()
    assert tree(tmp_path / "incremental") == tree(tmp_path / "clean")


def test_kbgen_version_and_kb_yml_invalidate_every_page(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(project, tmp_path / "warm")
    monkeypatch.setattr(cache, "__version__", "999.0")
    cache.code_key.cache_clear()
    try:
        upgraded = run(project, tmp_path / "upgraded")
    finally:
        cache.code_key.cache_clear()
    assert all("faq/deliveries.md" in pages and "index.md" in pages for pages in upgraded.converted.values())
    assert upgraded.rendered == upgraded.converted
    assert upgraded.reused == []
    kb_yml = project / "protocols" / "kb.yml"
    kb_yml.write_text(kb_yml.read_text(encoding="utf-8") + "\n# a comment changes kb.yml's bytes\n", "utf-8")
    changed = run(project, tmp_path / "kb-yml")
    assert all("faq/deliveries.md" in pages and "index.md" in pages for pages in changed.converted.values())
    assert changed.rendered == changed.converted
    assert changed.reused == []


def test_a_template_change_renders_every_page_again_without_converting_any(project: Path, tmp_path: Path) -> None:
    """A theme override changes every page's HTML: every page's template is rendered again, while
    no page's Markdown is converted again (conversion does not depend on templates)."""
    warm = run(project, tmp_path / "warm")
    overrides = project / "overrides"
    overrides.mkdir()
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block footer %}<p id="kb-test-footer">pie</p>{% endblock %}\n',
        encoding="utf-8",
    )
    themed = run(project, tmp_path / "themed")
    assert themed.converted == {"internal/en": [], "internal/es": [], "public/en": [], "public/es": []}
    assert themed.rendered == warm.rendered
    assert themed.reused == []
    page = (tmp_path / "themed" / "public" / "faq" / "deliveries" / "index.html").read_text("utf-8")
    assert 'id="kb-test-footer"' in page
    shutil.rmtree(project / ".kbgen")
    run(project, tmp_path / "clean", use_cache=False)
    assert tree(tmp_path / "themed") == tree(tmp_path / "clean")


def test_a_reused_page_still_says_its_mkdocs_warnings(project: Path, tmp_path: Path) -> None:
    (project / "docs" / "public" / "roto.md").write_text(
        "# Roto\n\nVea [esto](no-existe.md) y [aquello](#nada).\n", encoding="utf-8"
    )
    said = [
        "public/es:0:0: warning: MkDocs: Doc file 'roto.md' contains a link '#nada', but there is no such "
        "anchor on this page. [W-mkdocs]",
        "public/es:0:0: warning: MkDocs: Doc file 'roto.md' contains a link 'no-existe.md', but the target "
        "is not found among documentation files. [W-mkdocs]",
    ]
    first = run(project, tmp_path / "one")
    assert "roto.md" in first.converted["public/es"]
    assert [p.format() for p in first.problems.sorted() if p.file == "public/es"] == said
    again = run(project, tmp_path / "two")
    assert again.converted["public/es"] == []
    assert "public/es" in again.reused
    assert [p.format() for p in again.problems.sorted() if p.file == "public/es"] == said


def test_texts_converted_by_the_same_code_are_reused_and_by_other_code_not(project: Path, tmp_path: Path) -> None:
    """faq.json's HTML comes from the texts' cache, only when the same code made it."""
    run(project, tmp_path / "warm")
    kept = project / ".kbgen" / "cache" / "render" / "text-public-en.pickle"
    data = pickle.loads(kept.read_bytes())
    assert data["key"] == cache.text_key()
    assert data["html"]["No."] == "<p>No.</p>"
    kept.write_bytes(pickle.dumps({"key": "older kbgen", "html": {"No.": "<p>STALE</p>"}}))
    run(project, tmp_path / "again")
    assert "STALE" not in (tmp_path / "again" / "public" / "faq.json").read_text(encoding="utf-8")
    assert '"answer_html": "<p>No.</p>"' in (tmp_path / "again" / "public" / "faq.json").read_text(encoding="utf-8")
    kept.write_bytes(pickle.dumps({"key": cache.text_key(), "html": {"No.": "<p>REUSED</p>"}}))
    run(project, tmp_path / "reused")
    assert '"answer_html": "<p>REUSED</p>"' in (tmp_path / "reused" / "public" / "faq.json").read_text("utf-8")


def test_search_indexed_one_language_at_a_time_is_one_pagefind_run_over_the_site(project: Path, tmp_path: Path) -> None:
    """Each language's bundle (Pagefind with --glob over its pages), merged, is byte for byte what
    one Pagefind run over the whole site makes."""
    run(project, tmp_path / "out", use_cache=False)
    for audience in ("public", "internal"):
        apart = tmp_path / f"apart-{audience}"
        shutil.copytree(tmp_path / "out" / audience, apart)
        parts = search._split(apart, {"es": "", "en": "en/"})
        assert [part.name for part in parts] == [f"{apart.name}/es", f"{apart.name}/en"]
        for part in parts:
            part.bundle = tmp_path / f"bundle-{audience}-{part.lang}"
        search._run(parts)
        search._merge(apart, parts)
        assert tree(apart / "pagefind") == tree(tmp_path / "out" / audience / "pagefind")


def test_search_cache_keeps_the_latest_bundles_only(project: Path, tmp_path: Path) -> None:
    run(project, tmp_path / "one")
    kept = project / ".kbgen" / "cache" / "search"
    assert len(list(kept.iterdir())) == 4
    faqs = project / "protocols" / "faqs" / "deliveries.yml"
    text = faqs.read_text(encoding="utf-8")
    for n in range(3):  # each edit indexes both audiences' English again: 2 new bundles
        faqs.write_text(text.replace('en: "No.', f'en: "No{n}.'), encoding="utf-8")
        run(project, tmp_path / f"edit-{n}")
    assert len(list(kept.iterdir())) == search.KEEP
