"""Promises as real charters write them: one small project per shape under tests/charters/.

Each folder states a real source's sentences (``source.md``) as a kbgen project
(``protocols/``) and holds:

- ``pages.txt``            the public pages whose Markdown is compared (one path a line);
- ``expected/LANG/PATH``   those pages as kbgen renders them, in es and en (goldens);
- ``invalid/files/...``    an overlay that breaks the shape, and ``invalid/expected.txt``,
                           the exact located lines `kbgen validate` prints for it.

Every `{std:ID}` or `{std:ID/CELL}` an FAQ quotes must read, on the FAQ's page, exactly
the words the commitments page shows for it.

    KBGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_charters.py
    git diff tests/charters/
"""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from cli_support import run_cli

from kbgen import engine
from kbgen.publish.pages.context import Context
from kbgen.publish.render import render_site
from kbgen.publish.views import make_view
from kbgen.read.refs import find_refs

CHARTERS = Path(__file__).parent / "charters"
TODAY = date(2026, 11, 23)
UPDATE = os.environ.get("KBGEN_UPDATE_GOLDEN") == "1"
LANGS = ("es", "en")


def charters() -> list[str]:
    return sorted(p.name for p in CHARTERS.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def rendered(name: str) -> dict[str, dict[str, str]]:
    """The charter's public pages per language, with no problem reported on the way."""
    kb, problems = engine.validate(CHARTERS / name, TODAY)
    assert kb is not None
    assert not [str(p) for p in problems.items], f"{name} is not valid: {[str(p) for p in problems.items]}"
    view = make_view(kb, "public", TODAY)
    return {lang: {p.path: p.content for p in render_site(view, lang).pages} for lang in LANGS}


@pytest.mark.parametrize("name", charters())
def test_goldens_read_the_promise_as_the_source_says(name: str) -> None:
    folder = CHARTERS / name
    assert (folder / "source.md").is_file(), f"{name}: write the source's own sentences in source.md"
    pages = [line.strip() for line in (folder / "pages.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    site = rendered(name)
    diffs = []
    for lang in LANGS:
        for path in pages:
            actual = site[lang][path]
            golden = folder / "expected" / lang / path
            if UPDATE:
                golden.parent.mkdir(parents=True, exist_ok=True)
                golden.write_text(actual, encoding="utf-8")
            elif golden.read_text(encoding="utf-8") != actual:
                diffs.append(f"{lang}/{path}")
    assert not diffs, f"{name}: pages differ from the goldens (KBGEN_UPDATE_GOLDEN=1 to accept): {diffs}"


@pytest.mark.parametrize("name", charters())
def test_an_faq_quoting_the_promise_says_the_same_words(name: str) -> None:
    kb, _problems = engine.validate(CHARTERS / name, TODAY)
    assert kb is not None
    view = make_view(kb, "public", TODAY)
    quoted = 0
    for lang in LANGS:
        pages = {p.path: p.content for p in render_site(view, lang).pages}
        renderer = Context(view, lang).text
        for cat in view.categories:
            page = pages[f"faq/{cat.category.id}.md"]
            for faq in cat.faqs:
                for ref in find_refs(renderer.get(faq.answer)):
                    if ref.kind != "std" or ref.goal:
                        continue
                    words = renderer.standard_words(renderer.standards[ref.id], ref.cell)
                    assert words in page, f"{name} {lang}: {ref.raw} should read {words!r} in {faq.id}"
                    assert words in pages["commitments.md"], f"{name} {lang}: {words!r} not on the commitments page"
                    quoted += 1
    assert quoted, f"{name}: no FAQ quotes a promise with {{std:ID}}"


@pytest.mark.parametrize("name", charters())
def test_the_broken_shape_is_a_located_error(name: str, tmp_path: Path) -> None:
    folder = CHARTERS / name
    project = tmp_path / name
    shutil.copytree(folder / "protocols", project / "protocols")
    shutil.copytree(folder / "invalid" / "files", project, dirs_exist_ok=True)
    run = run_cli(["validate", "--project", project, "--today", TODAY.isoformat()])
    lines = [line for line in run.stdout.splitlines() if not line.startswith("kbgen: ")]
    expected_file = folder / "invalid" / "expected.txt"
    if UPDATE:
        expected_file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8").splitlines()
    assert run.returncode == 1, run.stdout + run.stderr
    assert lines == expected
    assert all(re.match(r"^protocols/\S+:\d+:\d+: error: ", line) for line in expected if "error" in line)
