"""The bad-input corpus: one folder per case under tests/cases/, run through the CLI (in process;
a few cases also as a real process).

A case is an overlay on tests/cases/_base/ (a small valid bilingual project):

- ``files/...``      copied over the base, same relative paths;
- ``delete.txt``     base files to delete, one relative path a line;
- ``args.txt``       extra arguments for ``kbgen validate`` (``--today 2026-11-23`` is always passed);
- ``exit.txt``       the expected exit code (default 1);
- ``expected.txt``   the exact stdout lines, without the final summary line, in English;
- ``expected.es.txt`` the same in Spanish: each case runs twice, under ``LANG=en_US.UTF-8``
  and ``LANG=es_CO.UTF-8`` (the codes, files, positions and fields are the same in both).

``pytest --update-cases`` rewrites both from the current output; review the diff.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import Run, run_cli

CASES = Path(__file__).parent / "cases"
BASE = CASES / "_base"
TODAY = "2026-11-23"
SUMMARY = re.compile(r"^kbgen: (?:(\d+) (?:errors?|errores)|valid|válido), (\d+) (?:warnings?|avisos?)(?::.*)?$")
LANGUAGES = {"en": ("expected.txt", "en_US.UTF-8"), "es": ("expected.es.txt", "es_CO.UTF-8")}


def case_names() -> list[str]:
    return sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))


def build_project(case: Path | None, dest: Path) -> Path:
    """Copy the base project to `dest`, then apply the case's overlay and deletions."""
    shutil.copytree(BASE, dest)
    if case is None:
        return dest
    files = case / "files"
    if files.is_dir():
        shutil.copytree(files, dest, dirs_exist_ok=True)
    deletions = case / "delete.txt"
    if deletions.is_file():
        for line in deletions.read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                target = dest / line.strip()
                assert target.is_file(), f"{case.name}/delete.txt: {line.strip()} is not a file of the base project"
                target.unlink()
    return dest


def run_validate(project: Path, extra: list[str], subprocess_run: bool = False, lang: str = "en_US.UTF-8") -> Run:
    """`kbgen validate` on the project, in process (the corpus is about what is reported, not
    about the process), under the locale `lang`; `subprocess_run` runs the real `python -m kbgen` instead."""
    args: list[str | Path] = ["validate", "--project", project, "--today", TODAY, *extra]
    if not subprocess_run:
        return run_cli(args, env={"SOURCE_DATE_EPOCH": None, "LANG": lang}, cwd=project)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["LANG"] = lang
    done = subprocess.run(
        [sys.executable, "-m", "kbgen", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
        cwd=project,
        timeout=60,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def split_summary(stdout: str) -> tuple[list[str], str]:
    assert stdout.endswith("\n"), f"output does not end with a newline: {stdout!r}"
    lines = stdout.splitlines()
    assert lines, "no output at all"
    return lines[:-1], lines[-1]


def test_base_is_valid(tmp_path: Path) -> None:
    project = build_project(None, tmp_path / "project")
    result = run_validate(project, ["--strict"], subprocess_run=True)
    assert result.stderr == ""
    assert result.returncode == 0, result.stdout
    lines, summary = split_summary(result.stdout)
    assert lines == []
    assert summary == "kbgen: valid, 0 warnings: 2 FAQs, 2 standards, 1 playbook, 2 channels"


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("name", case_names())
def test_case(name: str, lang: str, tmp_path: Path, update_cases: bool) -> None:
    case = CASES / name
    project = build_project(case, tmp_path / "project")
    args_file = case / "args.txt"
    extra = shlex.split(args_file.read_text(encoding="utf-8")) if args_file.is_file() else []
    exit_file = case / "exit.txt"
    expected_exit = int(exit_file.read_text(encoding="utf-8").strip()) if exit_file.is_file() else 1

    expected_name, locale = LANGUAGES[lang]
    result = run_validate(project, extra, lang=locale)

    assert result.stderr == "", f"kbgen wrote to stderr (a traceback?):\n{result.stderr}"
    lines, summary = split_summary(result.stdout)
    match = SUMMARY.match(summary)
    assert match, f"the last line is not the summary: {summary!r}"
    errors, warnings = int(match.group(1) or 0), int(match.group(2))
    assert errors + warnings == len(lines), f"the summary counts {errors}+{warnings}, the report has {len(lines)}"
    actual = "".join(line + "\n" for line in lines)
    expected_file = case / expected_name
    if update_cases:
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.is_file(), f"{name}: no expected.txt (run pytest --update-cases and review it)"
    assert actual == expected_file.read_text(encoding="utf-8")
    assert result.returncode == expected_exit, result.stdout
    assert lines or expected_exit == 0, "an invalid case must report at least one problem"
    english = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert [_located(line) for line in lines] == [_located(line) for line in english], "codes never change"
    if lang != "en":  # every message and hint has its words (kbgen/publish/messages.py, problem.* entries)
        assert not [line for line, said in zip(lines, english, strict=True) if line == said], "left in English"


def _located(line: str) -> tuple[str, str]:
    """What no language changes in a report line: `file:line:col: level` and the code."""
    where, level, _rest = line.split(": ", 2)
    return f"{where}: {level}", line.rsplit(" [", 1)[-1]


@pytest.mark.parametrize("name", ["errors-in-three-files", "ref-std-in-text", "unknown-file-under-protocols"])
def test_formats_report_the_same_findings(name: str, tmp_path: Path) -> None:
    """`--format json` and `--format github` carry exactly the findings of the text report."""
    case = CASES / name
    project = build_project(case, tmp_path / "project")
    args_file = case / "args.txt"
    extra = shlex.split(args_file.read_text(encoding="utf-8")) if args_file.is_file() else []
    text = run_validate(project, extra)
    as_json = run_validate(project, [*extra, "--format", "json"])
    github = run_validate(project, [*extra, "--format", "github"])
    assert text.returncode == as_json.returncode == github.returncode
    lines, _ = split_summary(text.stdout)
    payload = json.loads(as_json.stdout)
    located = [f"{p['file']}:{p['line']}:{p['column']}: {p['level']}" for p in payload["problems"]]
    assert located == [line.split(": ", 2)[0] + ": " + line.split(": ", 2)[1] for line in lines]
    assert payload["errors"] + payload["warnings"] == len(lines)
    annotations, _ = split_summary(github.stdout)
    assert [a.split(" ", 1)[0] for a in annotations] == [f"::{p['level']}" for p in payload["problems"]]
    for annotation, p in zip(annotations, payload["problems"], strict=True):
        assert f"file={p['file']},line={p['line']},col={p['column']}" in annotation


@pytest.mark.parametrize("name", ["errors-in-three-files", "yaml-nesting-100000", "yaml-billion-laughs"])
def test_the_real_process_reports_the_same(name: str, tmp_path: Path) -> None:
    """Across the process boundary: the same lines, the same exit code, nothing on stderr."""
    project = build_project(CASES / name, tmp_path / "project")
    real = run_validate(project, [], subprocess_run=True)
    assert real.stderr == ""
    assert real == run_validate(project, [])
