"""Hand-written pages and project files that cannot be plain files of the corpus: symlinks, FIFOs,
very large pages; run through the real CLI in process (click's CliRunner)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbgen import engine
from kbgen.cli import main
from kbgen.publish.render import render_site
from kbgen.publish.views import make_view

BASE = Path(__file__).parent / "cases" / "_base"
TODAY = "2026-11-23"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(BASE, root)
    (root / "docs" / "public").mkdir(parents=True)
    (root / "docs" / "internal").mkdir(parents=True)
    (root / "docs" / "internal" / "principios.md").write_text("# Principios\n\nCANARY-internal\n", encoding="utf-8")
    return root


def validate(root: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--project", str(root), "--today", TODAY])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()[:-1]


def test_symlinks_leading_away_are_errors(project: Path, tmp_path: Path) -> None:
    public = project / "docs" / "public"
    outside = tmp_path / "secret.md"
    outside.write_text("# Secret\n\nCANARY-outside\n", encoding="utf-8")
    (public / "principios-publico.md").symlink_to("../internal/principios.md")
    (public / "fuera.md").symlink_to(outside)
    (public / "roto.md").symlink_to("no-existe.md")
    (public / "carpeta").symlink_to(project / "docs" / "internal", target_is_directory=True)
    (public / "propia.md").write_text("# Propia\n", encoding="utf-8")
    (public / "alias.md").symlink_to("propia.md")  # inside its own folder: allowed
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        "docs/public/carpeta:1:1: error: a symlink to docs/internal, outside docs/public/ (a symlink may only "
        "name a file inside docs/public/; copy or move the file instead) [E-symlink]",
        "docs/public/fuera.md:1:1: error: a symlink to a file outside the project (copy the file into the "
        "project instead; kbgen never publishes files from elsewhere) [E-symlink]",
        "docs/public/principios-publico.md:1:1: error: a symlink to docs/internal/principios.md, outside "
        "docs/public/ (a symlink may only name a file inside docs/public/; copy or move the file instead) [E-symlink]",
        'docs/public/roto.md:1:1: error: a symlink to "no-existe.md", which does not exist (point it at an '
        "existing file, or delete it) [E-symlink]",
    ]


def test_symlinks_under_protocols_must_stay_inside(project: Path, tmp_path: Path) -> None:
    outside = tmp_path / "other.yml"
    shutil.copy(project / "protocols" / "faqs" / "deliveries.yml", outside)
    (project / "protocols" / "faqs" / "deliveries.yml").unlink()
    (project / "protocols" / "faqs" / "deliveries.yml").symlink_to(outside)
    code, lines = validate(project)
    assert code == 1
    assert lines[0] == (
        "protocols/faqs/deliveries.yml:1:1: error: a symlink to a file outside the project (copy the file into "
        "the project instead; kbgen never publishes files from elsewhere) [E-symlink]"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_are_never_opened(project: Path) -> None:
    os.mkfifo(project / "protocols" / "faqs" / "pipe.yml")
    os.mkfifo(project / "docs" / "public" / "pipe.md")
    code, lines = validate(project)  # opening either would block forever
    assert code == 1
    assert lines == [
        "docs/public/pipe.md:1:1: error: a named pipe (FIFO), not a regular file; kbgen does not open it "
        "(only regular files are read under docs/public/; delete it) [E-file-type]",
        "protocols/faqs/pipe.yml:1:1: error: a named pipe (FIFO), not a regular file; kbgen does not open it "
        "(only regular files are read under protocols/; delete it) [E-file-type]",
    ]


def test_a_50_mib_page_is_refused_before_it_is_read(project: Path) -> None:
    with (project / "docs" / "public" / "enorme.md").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: its size without writing it
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        "docs/public/enorme.md:1:1: error: the page is 50.0 MiB, more than the 1 MiB a page may have "
        "(split it into several pages) [E-size]"
    ]


@pytest.mark.parametrize("levels", [1000, 3000])
def test_deep_docs_pages_are_refused_before_markdown(project: Path, levels: int) -> None:
    (project / "docs" / "public" / "profunda.md").write_text("# P\n\n" + "> " * levels + "x\n", encoding="utf-8")
    (project / "docs" / "internal" / "lista.md").write_text("# L\n\n" + "* " * levels + "x\n", encoding="utf-8")
    code, lines = validate(project)
    assert code == 1
    assert [line.split(": error: ")[0] for line in lines] == [
        "docs/internal/lista.md:3:1",
        "docs/public/profunda.md:3:1",
    ]
    assert all(f"nested {levels} levels deep" in line and line.endswith("[E-nesting]") for line in lines)


def test_faq_addresses_come_from_the_view(project: Path) -> None:
    """A heading in an answer is refused, and even then q/ID/ names each FAQ's own category."""
    faqs = project / "protocols" / "faqs" / "deliveries.yml"
    faqs.write_text(
        faqs.read_text(encoding="utf-8").replace(
            'answer: {es: "No.", en: "No."}', 'answer: "No.\\n\\n## Otra { #elsewhere }\\n"'
        ),
        encoding="utf-8",
    )
    kb, _problems = engine.validate(project)
    assert kb is not None
    view = make_view(kb, "public", engine.resolve_today())
    assert [(r.path, r.url) for r in render_site(view, "es").redirects] == [
        ("q/delivery-time/index.html", "../../faq/deliveries/#delivery-time"),
        ("q/delivery-cost/index.html", "../../faq/deliveries/#delivery-cost"),
    ]


def test_hidden_folders_are_not_read_and_a_linked_docs_folder_must_stay_inside(project: Path, tmp_path: Path) -> None:
    hidden = project / "docs" / "public" / ".borradores"
    hidden.mkdir()
    (hidden / "x.md").write_text("---\nkbgen_generated: true\n---\n", encoding="utf-8")
    assert validate(project) == (0, [])
    elsewhere = tmp_path / "elsewhere-docs"
    shutil.move(project / "docs", elsewhere)
    (project / "docs").symlink_to(elsewhere, target_is_directory=True)
    code, lines = validate(project)
    assert code == 1
    assert lines == [
        "docs:1:1: error: a symlink to a file outside the project (copy the file into the project instead; kbgen "
        "never publishes files from elsewhere) [E-symlink]"
    ]
