"""What a build leaves behind: the same bytes for the same input, nothing touched when it fails.

One good build of a copy of the sample is the reference. Each failing build
below changes the copy, runs the real CLI, checks the exit code and message,
checks that `site/` and every source file are byte for byte as before and that
no temporary folder is left, then undoes its change.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from build_support import build, build_ok, copy_sample, replace_once, snapshot

pytestmark = pytest.mark.build  # real builds: not in `make quick`


class Project:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.site = root / "site"
        build_ok(root)
        self.good = snapshot(self.site)

    def sources(self) -> dict[str, bytes]:
        return {
            f"{folder}/{name}": data
            for folder in ("protocols", "docs", "overrides")
            for name, data in snapshot(self.root / folder).items()
        }

    def assert_untouched(self, sources_before: dict[str, bytes]) -> None:
        now = snapshot(self.site)
        assert sorted(now) == sorted(self.good), "files appeared or vanished in site/"
        changed = [name for name in self.good if now[name] != self.good[name]]
        assert not changed, f"a failed build changed {changed[:5]}"
        assert self.sources() == sources_before, "a failed build changed a source file"
        leftovers = [p.name for p in self.root.iterdir() if p.name.startswith(".site")]
        assert not leftovers, f"temporary build folders left behind: {leftovers}"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    return Project(copy_sample(tmp_path_factory.mktemp("output") / "project"))


@pytest.fixture
def restore(project: Project) -> Iterator[None]:
    """Undo whatever a test changed in the project's sources."""
    before = project.sources()
    yield
    for name in set(project.sources()) - set(before):
        (project.root / name).unlink()
    for name, data in before.items():
        (project.root / name).write_bytes(data)
    overrides = project.root / "overrides"
    if overrides.is_dir() and not any(overrides.rglob("*.*")):
        shutil.rmtree(overrides)


# Pagefind writes its entry file's languages in hash-map order, different on every run (reported);
# until kbgen rewrites it sorted, it is compared as JSON here and byte for byte in the xfail below.
UNORDERED = ("public/pagefind/pagefind-entry.json", "internal/pagefind/pagefind-entry.json")


@pytest.fixture(scope="module")
def second_build(project: Project, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    other = tmp_path_factory.mktemp("elsewhere") / "site"
    build_ok(project.root, "--out", other)
    return snapshot(other)


def test_same_input_gives_the_same_bytes(project: Project, second_build: dict[str, bytes]) -> None:
    assert sorted(second_build) == sorted(project.good), "the two builds hold different files"
    assert len(second_build) > 100
    different = [name for name in project.good if second_build[name] != project.good[name] and name not in UNORDERED]
    assert not different, f"{len(different)} files differ between two builds, e.g. {different[:5]}"
    for name in UNORDERED:
        assert json.loads(second_build[name]) == json.loads(project.good[name])


def test_search_entry_file_is_byte_identical(project: Project, second_build: dict[str, bytes]) -> None:
    assert [second_build[name] for name in UNORDERED] == [project.good[name] for name in UNORDERED]


@pytest.mark.usefixtures("restore")
def test_yaml_syntax_error_fails_and_keeps_output(project: Project) -> None:
    replace_once(project.root / "protocols" / "faqs" / "deliveries.yml", "  order: 1\n", "  order: [1\n")
    before = project.sources()
    result = build(project.root)
    assert result.returncode == 1, result.stdout + result.stderr
    # the unclosed [ of line 5 (`order: [1`), column 10: where the bracket opens
    assert re.search(
        r"^protocols/faqs/deliveries\.yml:5:10: error: category\.order: YAML syntax: .*\[E-yaml\]$",
        result.stdout,
        flags=re.M,
    ), result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert "earlier output was left as it was" in result.stderr
    project.assert_untouched(before)


@pytest.mark.usefixtures("restore")
def test_mkdocs_failure_under_strict_keeps_output(project: Project) -> None:
    """Content that validates but fails in MkDocs (a broken link in a hand-written page, --strict)."""
    page = project.root / "docs" / "public" / "horarios.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Ver](no-existe.md)\n", encoding="utf-8")
    before = project.sources()
    result = build(project.root, "--strict")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "no-existe.md" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    project.assert_untouched(before)


@pytest.fixture
def template_error(project: Project, restore: None) -> tuple[dict[str, bytes], str, int]:
    """An override template that raises while MkDocs renders pages."""
    overrides = project.root / "overrides"
    overrides.mkdir(exist_ok=True)
    (overrides / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ missing.attribute }}{% endblock %}\n', encoding="utf-8"
    )
    before = project.sources()
    result = build(project.root)
    return before, result.stdout + result.stderr, result.returncode


def test_template_error_keeps_output(project: Project, template_error: tuple[dict[str, bytes], str, int]) -> None:
    before, output, code = template_error
    assert code == 1, output
    project.assert_untouched(before)


def test_template_error_is_reported_not_raised(template_error: tuple[dict[str, bytes], str, int]) -> None:
    _before, output, code = template_error
    assert code == 1
    assert "Traceback" not in output
    # Jinja's UndefinedError carries no line, and MkDocs reports it per page: the message names
    # what is undefined and the page, as a located kbgen error rather than a traceback.
    assert re.search(r"error: MkDocs: Error building page 'index\.md': 'missing' is undefined \[E-mkdocs\]", output), (
        output)


def test_audience_public_builds_only_public(project: Project, tmp_path: Path) -> None:
    fresh = tmp_path / "fresh"
    build_ok(project.root, "--audience", "public", "--out", fresh)
    assert (fresh / "public" / "index.html").is_file()
    assert (fresh / "public" / "en" / "index.html").is_file()
    assert not (fresh / "internal").exists()


@pytest.mark.usefixtures("restore")
def test_audience_public_leaves_internal_alone(project: Project, tmp_path: Path) -> None:
    out = tmp_path / "site"
    shutil.copytree(project.site, out)
    replace_once(
        project.root / "protocols" / "faqs" / "deliveries.yml", "¿Cuánto tarda la entrega?", "¿En cuánto llega?"
    )
    build_ok(project.root, "--audience", "public", "--out", out)
    assert "¿En cuánto llega?" in (out / "public" / "faq" / "deliveries" / "index.html").read_text(encoding="utf-8")
    internal = {k[len("internal/") :]: v for k, v in project.good.items() if k.startswith("internal/")}
    assert snapshot(out / "internal") == internal
