"""The parse cache: after an edit to one file, validating again re-parses that file only."""

from __future__ import annotations

import shutil
from pathlib import Path

from kbgen import engine
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
