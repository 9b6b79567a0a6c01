"""The parse cache: after an edit to one file, validating again re-parses that file only, and
reads again (validates into items) only the files whose bytes or whose languages changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_cases import CASES, build_project, case_names

from kbgen import engine
from kbgen.problem import Problem
from kbgen.read import loader


def test_edit_reparses_one_file(sample: Path, tmp_path: Path) -> None:
    project = tmp_path / "kb"
    shutil.copytree(sample, project)
    cache = loader.ParseCache()
    original = loader.CACHE
    loader.CACHE = cache
    try:
        engine.validate(project)
        files = len(list((project / "protocols").rglob("*.yml")))
        assert cache.parses == files

        engine.validate(project)
        assert cache.parses == files  # nothing changed: nothing parsed

        faq = project / "protocols" / "faqs" / "deliveries.yml"
        faq.write_text(faq.read_text(encoding="utf-8").replace("¿Cuánto tarda la entrega?", "¿Cuándo llega?"),
                       encoding="utf-8")
        kb, problems = engine.validate(project)
        assert cache.parses == files + 1
        assert kb is not None and not problems.errors
        assert any(f.question.values["es"] == "¿Cuándo llega?" for _, f in kb.faqs)
    finally:
        loader.CACHE = original


def _said(problems: list[Problem]) -> list[str]:
    return [p.format() for p in problems]


@pytest.mark.parametrize("case", case_names())
def test_a_file_read_before_reports_what_it_reported_then(case: str, tmp_path: Path) -> None:
    """kbgen serve validates again after each edit: the files that did not change are taken as read
    the last time (items, Problems, broken and unparsed IDs), and the report is the same as a fresh
    read's, for every case of the bad-input corpus."""
    project = build_project(CASES / case, tmp_path / "kb")
    original = loader.CACHE
    loader.CACHE = loader.ParseCache()
    try:
        fresh_kb, fresh = engine.validate(project)
        again_kb, again = engine.validate(project)  # every file's read is remembered now
    finally:
        loader.CACHE = original
    assert _said(again.sorted()) == _said(fresh.sorted())
    if fresh_kb is None:
        assert again_kb is None
        return
    assert again_kb is not None
    assert again_kb.broken_ids == fresh_kb.broken_ids
    assert again_kb.unparsed_ids == fresh_kb.unparsed_ids
    assert [(f, p) for f, p, _ in again_kb.broken_items] == [(f, p) for f, p, _ in fresh_kb.broken_items]
    assert [e.category.id for e in again_kb.categories] == [e.category.id for e in fresh_kb.categories]
    assert [pb.id for pb in again_kb.playbooks] == [pb.id for pb in fresh_kb.playbooks]
    assert [s.id for s in again_kb.standards] == [s.id for s in fresh_kb.standards]


def test_a_read_depends_on_the_languages_of_kb_yml(sample: Path, tmp_path: Path) -> None:
    """The same FAQ file reads differently once kb.yml drops a language its texts use."""
    project = tmp_path / "kb"
    shutil.copytree(sample, project)
    original = loader.CACHE
    loader.CACHE = loader.ParseCache()
    try:
        _, before = engine.validate(project)
        kb_yml = project / "protocols" / "kb.yml"
        text = kb_yml.read_text(encoding="utf-8")
        assert "languages: [es, en]" in text
        kb_yml.write_text(text.replace("languages: [es, en]", "languages: [es]"), encoding="utf-8")
        _, after = engine.validate(project)
    finally:
        loader.CACHE = original
    assert not before.errors
    assert any(p.code == "E-language" and p.file == "protocols/faqs/deliveries.yml" for p in after.errors)
