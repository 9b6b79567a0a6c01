"""The results on the sites: what `kbgen measure` wrote reaches the internal pages, the public page
only when kb.yml opts in, never an internal standard, a case ID or a value of an unmapped column."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from build_support import build_ok, files, kbgen, readable_bytes
from measure_support import CANARIES, make_project, write_calls, write_thousand

pytestmark = pytest.mark.build  # real builds: not in `make quick`


def measured(root: Path, public: bool) -> Path:
    project = make_project(root, public=public)
    write_thousand(project / "cases.csv")
    write_calls(project / "calls.csv")
    (project / "cases.csv").write_text(
        (project / "cases.csv").read_text(encoding="utf-8")
        + "B1,Interno,abierto,,2026-11-03T10:00:00-05:00,2026-11-03T10:30:00-05:00,,,,x,y,z\n",
        encoding="utf-8",
    )
    result = kbgen(
        "measure",
        "--project",
        project,
        project / "cases.csv",
        project / "calls.csv",
        "--mapping",
        project / "mapping.yml",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
    )
    assert result.returncode == 0, result.stderr
    for canary in CANARIES:
        assert canary not in result.stdout + result.stderr
    return project


def scan(folder: Path, needle: bytes) -> list[str]:
    """Files of a site holding `needle`, any case; Material's own scripts (which say "performance") left out."""
    found = []
    for path in files(folder):
        rel = path.relative_to(folder)
        if "javascripts" not in rel.parts and needle.lower() in readable_bytes(path).lower():
            found.append(str(rel))
    return found


@pytest.fixture(scope="module")
def public_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = measured(tmp_path_factory.mktemp("perf") / "kb", public=True)
    build_ok(project)
    return project


def test_no_value_of_an_unmapped_column_reaches_any_file_written(public_site: Path) -> None:
    written = [*files(public_site / "performance"), *files(public_site / "site")]
    assert written
    for canary in CANARIES:
        found = [str(p) for p in written if canary.lower().encode() in readable_bytes(p).lower()]
        assert not found, f"{canary} in {found}"


def test_the_public_page_has_public_standards_only_and_no_case_ids(public_site: Path) -> None:
    public = public_site / "site" / "public"
    page = (public / "performance" / "index.html").read_text(encoding="utf-8")
    assert "¿Cumplimos lo que prometemos?" in page
    assert 'id="chat-reply"' in page and 'id="email-reply"' in page and 'id="wait-counted"' in page
    assert "Respuesta interna secreta" not in page and "wait-excluded" not in page
    assert not scan(public, b"internal-reply") and not scan(public, b"Respuesta interna secreta")
    assert not re.search(r"\b(C0\d{3}|E0\d{3}|X00\d)\b", page), "a case ID on the public page"
    assert '<th scope="col">Mes</th>' in page and '<th scope="row">Noviembre de 2026</th>' in page
    english = (public / "en" / "performance" / "index.html").read_text(encoding="utf-8")
    assert "Are we keeping our promises?" in english


def test_an_faq_quoting_a_standard_links_to_its_results(public_site: Path) -> None:
    faq = (public_site / "site" / "public" / "faq" / "ayuda" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../performance/#chat-reply"' in faq
    internal = (public_site / "site" / "internal" / "faq" / "ayuda" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../performance/chat-reply/"' in internal


def test_the_internal_pages_show_breaches_and_every_standard(public_site: Path) -> None:
    internal = public_site / "site" / "internal" / "performance"
    index = (internal / "index.html").read_text(encoding="utf-8")
    for std_id in ("chat-reply", "email-reply", "internal-reply", "wait-counted", "wait-excluded", "wait-short"):
        assert f'href="{std_id}/"' in index
    email = (internal / "email-reply" / "index.html").read_text(encoding="utf-8")
    breaches = json.loads((public_site / "performance" / "2026-11.json").read_text(encoding="utf-8"))
    ids = breaches["standards"]["email-reply"]["month"]["breaches"]
    assert len(ids) > 200 and "Casos fuera de plazo" in email
    assert f"<code>{ids[0]}</code>" in email and f"<code>{ids[199]}</code>" in email
    assert f"<code>{ids[200]}</code>" not in email and f"y {len(ids) - 200} más" in email


def test_with_performance_public_false_nothing_about_performance_is_public(tmp_path: Path) -> None:
    project = measured(tmp_path / "kb", public=False)
    build_ok(project)
    public = project / "site" / "public"
    assert not (public / "performance").exists()
    for needle in (b"performance", b"Cumplimos lo que prometemos", b"Are we keeping"):
        assert not scan(public, needle), needle
    assert (project / "site" / "internal" / "performance" / "index.html").is_file()
