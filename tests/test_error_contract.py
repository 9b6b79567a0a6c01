"""The error contract: hostile input ends in a located Problem or a one-line usage error, never a traceback.

Each case runs the real CLI (in process, through click's CliRunner; one case through a subprocess to
prove stderr carries no traceback) on a copy of one project built once for the module, and asserts
the exit code, the exact lines, and that the sources and the earlier site/ are byte for byte as they
were (every file hashed, symbolic links by their target).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from build_support import run_env
from click.testing import CliRunner, Result

from kbgen import engine
from kbgen.build import search, swap
from kbgen.cli import main
from kbgen.publish.text import script_json

BASE = Path(__file__).parent / "cases" / "_base"
EPOCH = "1795392000"  # 2026-11-23
DELIVERIES = "protocols/faqs/deliveries.yml"
CLEAN_ANSWER = 'answer: {es: "No.", en: "No."}'
PAYLOAD = "No. </script><script>alert(1)</script> <!-- & fin"
CHOOSE = "choose another folder with --out (the default is site/)"
SUMMARY = "kbgen: {}, 0 warnings: 2 FAQs, 2 standards, 1 playbook, 2 channels"


def state(root: Path) -> dict[str, str]:
    """Every entry below root: files by the hash of their bytes, links by their target, folders by name."""
    seen: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                seen[rel] = "link:" + os.readlink(path)
            elif not path.is_file():  # a folder, or a pipe (never read: it would wait)
                seen[rel] = "dir" if path.is_dir() else "other"
            else:
                seen[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return seen


def invoke(*args: str | Path, epoch: str | None = EPOCH) -> Result:
    """`kbgen ARGS` in process, with SOURCE_DATE_EPOCH set to `epoch` (None: unset)."""
    env = {"SOURCE_DATE_EPOCH": epoch}
    return CliRunner().invoke(main, [str(a) for a in args], env=env, catch_exceptions=False)


def exited(result: Result, code: int) -> None:
    assert result.exit_code == code, f"exit {result.exit_code}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "Traceback" not in result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """The base case project with a hand-written page, built once into site/ with SOURCE_DATE_EPOCH
    blank (which means unset). One FAQ answer carries a script-ending payload for the build only:
    its YAML is put back afterwards, so the commands below see a clean project."""
    project = tmp_path_factory.mktemp("contract") / "kb"
    shutil.copytree(BASE, project)
    (project / "docs" / "public").mkdir(parents=True)
    (project / "docs" / "public" / "horarios.md").write_text("# Horarios\n\nAbrimos a las 8.\n", encoding="utf-8")
    faqs = project / DELIVERIES
    clean = faqs.read_text(encoding="utf-8")
    assert clean.count(CLEAN_ANSWER) == 1
    faqs.write_text(clean.replace(CLEAN_ANSWER, f'answer: {{es: "{PAYLOAD}", en: "No."}}'), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)
        result = invoke("build", "--quiet", epoch=" ")
    faqs.write_text(clean, encoding="utf-8")
    return project, result


def copy_project(source: Path, dest: Path) -> None:
    """Sources are copied; the built sites' files are hard links (fast), which is safe because a
    build never writes into an earlier site's files: it swaps whole folders."""
    sites = (source / "site" / "public", source / "site" / "internal")

    def copy(src: str, dst: str) -> object:
        if Path(src).is_relative_to(sites[0]) or Path(src).is_relative_to(sites[1]):
            os.link(src, dst)
            return dst
        return shutil.copy2(src, dst)

    shutil.copytree(source, dest, symlinks=True, copy_function=copy)


@pytest.fixture
def project(built: tuple[Path, Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A writable copy of the built project, as the current folder."""
    copy = tmp_path / "kb"
    copy_project(built[0], copy)
    monkeypatch.chdir(copy)
    yield copy


def test_a_blank_source_date_epoch_means_unset(built: tuple[Path, Result]) -> None:
    project, result = built
    exited(result, 0)
    assert (project / "site" / "public" / "index.html").is_file()
    assert (project / "site" / "internal" / "index.html").is_file()
    assert sorted(os.listdir(project / "site")) == [".kbgen-site", ".kbgen.lock", "internal", "public"]


# 1-2. Broken symbolic links under protocols/ ----------------------------------------------------------


def test_a_dangling_symlink_is_a_located_error(project: Path) -> None:
    (project / "protocols" / "faqs" / "returns.yml").symlink_to("returns-draft.yml")
    before = state(project)
    result = invoke("validate", "--today", "2026-11-23")
    exited(result, 1)
    assert result.stdout.splitlines() == [
        'protocols/faqs/returns.yml:1:1: error: a symlink to "returns-draft.yml", which does not exist '
        "(point it at an existing file, or delete it) [E-symlink]",
        SUMMARY.format("1 error"),
    ]
    assert state(project) == before


def test_a_pipe_and_a_dangling_page_are_located_errors(project: Path) -> None:
    """Opening a pipe would wait for ever; a page under docs/ that links to nothing would fail the build."""
    os.mkfifo(project / "protocols" / "faqs" / "returns.yml")
    (project / "docs" / "public" / "envios.md").symlink_to("envios-borrador.md")
    before = state(project)
    result = invoke("validate", "--today", "2026-11-23")
    exited(result, 1)
    assert result.stdout.splitlines() == [
        'docs/public/envios.md:1:1: error: a symlink to "envios-borrador.md", which does not exist '
        "(point it at an existing file, or delete it) [E-symlink]",
        "protocols/faqs/returns.yml:1:1: error: a named pipe (FIFO), not a regular file; kbgen does not open it "
        "(only regular files are read under protocols/; delete it) [E-file-type]",
        SUMMARY.format("2 errors"),
    ]
    assert state(project) == before


LOOP_LINES = [
    'protocols/faqs/a.yml:1:1: error: a symlink loop: following it to "b.yml" never reaches a file '
    "(delete the symlink) [E-symlink]",
    'protocols/faqs/b.yml:1:1: error: a symlink loop: following it to "a.yml" never reaches a file '
    "(delete the symlink) [E-symlink]",
    "protocols/playbooks/loop:1:1: warning: a symlinked folder: kbgen does not follow it, and reads nothing in it "
    "(move the folder here instead of linking it) [W-symlink]",
]


def make_loops(project: Path) -> None:
    (project / "protocols" / "playbooks" / "loop").symlink_to("..", target_is_directory=True)
    (project / "protocols" / "faqs" / "a.yml").symlink_to("b.yml")
    (project / "protocols" / "faqs" / "b.yml").symlink_to("a.yml")


def test_a_symlink_loop_is_a_located_error(project: Path) -> None:
    make_loops(project)
    before = state(project)
    result = invoke("validate", "--today", "2026-11-23")
    exited(result, 1)
    assert result.stdout.splitlines() == [*LOOP_LINES, SUMMARY.format("2 errors").replace("0 warnings", "1 warning")]
    assert state(project) == before


def test_folder_links_that_lead_into_each_other_are_never_walked(project: Path) -> None:
    """Neither link points to a folder that physically holds it, and still walking them would never
    end: symlinked folders are not followed, so each is one warning."""
    for name in ("a", "b"):
        (project / "protocols" / "shared" / name).mkdir(parents=True)
    (project / "protocols" / "shared" / "a" / "to-b").symlink_to("../b", target_is_directory=True)
    (project / "protocols" / "shared" / "b" / "to-a").symlink_to("../a", target_is_directory=True)
    before = state(project)
    result = invoke("validate", "--today", "2026-11-23")
    exited(result, 0)
    warning = "warning: a symlinked folder: kbgen does not follow it, and reads nothing in it "
    hint = "(move the folder here instead of linking it) [W-symlink]"
    assert result.stdout.splitlines() == [
        f"protocols/shared/a/to-b:1:1: {warning}{hint}",
        f"protocols/shared/b/to-a:1:1: {warning}{hint}",
        SUMMARY.format("valid").replace("0 warnings", "2 warnings"),
    ]
    assert state(project) == before


def git(project: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=kbgen", "-c", "user.email=kbgen@example.com", *args],
        cwd=project,
        check=True,
        capture_output=True,
    )


def test_diff_with_a_symlink_loop_lists_it_instead_of_crashing(project: Path) -> None:
    git(project, "init", "-q")
    git(project, "add", "protocols")
    git(project, "commit", "-q", "-m", "base")
    make_loops(project)
    before = state(project)
    result = invoke("diff", "HEAD")
    exited(result, 1)
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "kbgen: the knowledge base at the working tree has errors; fix them to compare",
        *LOOP_LINES,
        "kbgen: 2 errors, 1 warning",
    ]
    assert state(project) == before


def test_a_symlinked_folder_leading_out_of_protocols_is_an_error(project: Path) -> None:
    """Its files are neither read (from outside protocols/) nor silently skipped."""
    shared = project / "shared"
    shared.mkdir()
    (project / "protocols" / "standards" / "service.yml").rename(shared / "service.yml")
    (project / "protocols" / "standards").rmdir()
    (project / "protocols" / "standards").symlink_to("../shared", target_is_directory=True)
    result = invoke("validate", "--today", "2026-11-23")
    exited(result, 1)
    lines = result.stdout.splitlines()
    assert (
        "protocols/standards:1:1: error: a symlink to shared, outside protocols/ (a symlink may only name a file "
        "inside protocols/; copy or move the file instead) [E-symlink]"
    ) in lines
    # References to its standards are said to lead into what could not be read, never "unknown".
    assert not [line for line in lines if "[E-unknown-id]" in line]
    assert [line for line in lines if "protocols/standards could not be read" in line and "[W-ref-unread]" in line]


# 3 and 7. Output folders kbgen may not write into ------------------------------------------------------


def test_site_as_a_regular_file_is_refused(project: Path) -> None:
    shutil.rmtree(project / "site")
    (project / "site").write_text("not a folder\n", encoding="utf-8")
    before = state(project)
    result = invoke("build", "--quiet")
    exited(result, 2)
    assert result.stdout == ""
    assert result.stderr == f"kbgen: the output folder site is a file, not a folder; move the file away or {CHOOSE}\n"
    assert state(project) == before


INSIDE = "which editors write, and kbgen never writes into docs/, protocols/ or overrides/"


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("docs", f"the output folder docs is inside docs/, {INSIDE}; {CHOOSE}"),
        ("docs/public", f"the output folder docs/public is inside docs/, {INSIDE}; {CHOOSE}"),
        ("protocols", f"the output folder protocols is inside protocols/, {INSIDE}; {CHOOSE}"),
        ("protocols/faqs/out", f"the output folder protocols/faqs/out is inside protocols/, {INSIDE}; {CHOOSE}"),
        ("overrides", f"the output folder overrides is inside overrides/, {INSIDE}; {CHOOSE}"),
        (".", f"the output folder . holds the project itself; {CHOOSE}"),
        ("..", f"the output folder .. holds the project itself; {CHOOSE}"),
        (
            "site/public",
            "the output folder site/public holds files kbgen did not write (404.html, assets, commitments, ...); "
            f"a build replaces public/ and internal/ there, so it stops: empty the folder or {CHOOSE}",
        ),
        (
            "notes",
            "the output folder notes holds files kbgen did not write (todo.md); "
            f"a build replaces public/ and internal/ there, so it stops: empty the folder or {CHOOSE}",
        ),
    ],
)
def test_an_output_folder_over_sources_or_foreign_files_is_refused(project: Path, out: str, message: str) -> None:
    (project / "notes").mkdir()
    (project / "notes" / "todo.md").write_text("mine\n", encoding="utf-8")
    before = state(project.parent)  # `..` is the project's parent
    result = invoke("build", "--quiet", "--out", out)
    exited(result, 2)
    assert result.stdout == ""
    assert result.stderr == f"kbgen: {message}\n"
    assert state(project.parent) == before


def test_an_output_folder_through_a_link_into_docs_is_refused(project: Path) -> None:
    (project / "out").symlink_to("docs/public", target_is_directory=True)
    before = state(project)
    result = invoke("build", "--quiet", "--out", "out")
    exited(result, 2)
    assert result.stderr == f"kbgen: the output folder out is inside docs/, {INSIDE}; {CHOOSE}\n"
    assert state(project) == before


def test_which_output_folders_are_kbgens(project: Path) -> None:
    """Missing, empty, marked, and an unmarked earlier kbgen's site/ are accepted; an unmarked
    folder whose public/ is not a built site is not."""
    swap.check_output(project, project / "site")  # marked by the module's build
    swap.check_output(project, project / "new" / "out")
    (project / "empty").mkdir()
    swap.check_output(project, project / "empty")
    (project / "site" / ".kbgen-site").unlink()
    swap.check_output(project, project / "site")  # built by a kbgen from before the marker
    (project / "old").mkdir()
    (project / "old" / "public").mkdir()
    (project / "old" / "public" / "notes.md").write_text("mine\n", encoding="utf-8")
    with pytest.raises(engine.UsageError, match=r"holds files kbgen did not write \(public\)"):
        swap.check_output(project, project / "old")


def test_a_refused_output_folder_through_a_subprocess_prints_one_line(project: Path) -> None:
    """The process boundary: stderr holds the one line and no traceback."""
    before = state(project)
    result = subprocess.run(
        [sys.executable, "-m", "kbgen", "build", "--quiet", "--out", "docs"],
        cwd=project,
        env=run_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"kbgen: the output folder docs is inside docs/, {INSIDE}; {CHOOSE}\n"
    assert state(project) == before


# 4. SOURCE_DATE_EPOCH --------------------------------------------------------------------------------

EPOCH_FORM = (
    "kbgen: SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC, "
    "from 0 to 4294967295 (2106-02-07), or empty; got {}\n"
)


@pytest.mark.parametrize("value", ["-1", "1e9", "4294967296", "99999999999999999999", "1795392000.5", "tomorrow"])
@pytest.mark.parametrize("command", ["validate", "build", "review"])
def test_a_bad_source_date_epoch_is_a_usage_error(project: Path, command: str, value: str) -> None:
    before = state(project)
    result = invoke(command, epoch=value)
    exited(result, 2)
    assert result.stdout == ""
    assert result.stderr == EPOCH_FORM.format(json.dumps(value))
    assert state(project) == before


@pytest.mark.parametrize("value", ["", "   "])
def test_a_blank_source_date_epoch_is_unset_for_validate(project: Path, value: str) -> None:
    result = invoke("validate", epoch=value)
    exited(result, 0)
    assert result.stdout.splitlines() == [SUMMARY.format("valid")]


# 5. Dates at the end of the calendar ------------------------------------------------------------------


def test_review_on_the_last_day_there_is(project: Path) -> None:
    """Reviews due after 9999-12-31 are not due: no overflow, the others are overdue."""
    faqs = project / DELIVERIES
    faqs.write_text(
        faqs.read_text(encoding="utf-8").replace(CLEAN_ANSWER, CLEAN_ANSWER + "\n    reviewed: 9999-12-30"),
        encoding="utf-8",
    )
    result = invoke("review", "--today", "9999-12-31", "--fail")
    exited(result, 1)
    lines = [" ".join(line.split()) for line in result.stdout.splitlines()]
    assert lines == [
        "(no owner):",
        "overdue 2027-03-14 standard city-delivery reviewed 2026-09-15 protocols/standards/service.yml",
        "overdue 2027-03-30 faq delivery-time reviewed 2026-10-01 protocols/faqs/deliveries.yml",
        "quality:",
        "overdue 2027-01-28 playbook complaint-handling reviewed 2026-08-01 "
        "protocols/playbooks/daily/complaint-handling.yml",
        "overdue 9999-12-31 standard complaint-resolution never reviewed protocols/standards/service.yml",
        "kbgen: 4 overdue, 0 due within 30 days (today is 9999-12-31)",
    ]
    assert result.stderr == ""


# 6. A failing Pagefind ---------------------------------------------------------------------------------


def test_a_failing_pagefind_is_a_build_error_and_leaves_the_site(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail = "import sys; sys.stderr.write('Error: cannot index\\nno space left\\n'); sys.exit(3)"
    monkeypatch.setattr(search, "PAGEFIND", [sys.executable, "-c", fail])
    before = state(project.parent)
    result = invoke("build", "--quiet", "--audience", "public")
    exited(result, 1)
    assert result.stdout.splitlines() == [
        "public:0:0: error: Pagefind could not index the site (exit 3): Error: cannot index no space left [E-pagefind]",
        "kbgen: 1 error, 0 warnings",
    ]
    assert result.stderr == "kbgen: build failed; earlier output was left as it was\n"
    assert state(project.parent) == before  # no stage folder left next to site/ either


# 8. What a killed build leaves behind --------------------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_the_next_build_removes_what_a_killed_build_left(project: Path) -> None:
    out = project / "site"
    gone, alive = dead_pid(), os.getppid()
    stale = project / f".site-build-{gone}-x1y2z3"
    (stale / "work-public-es").mkdir(parents=True)
    running = project / f".site-build-{alive}-a1b2c3"  # another build, still running
    running.mkdir()
    internal = state(out / "internal")
    # Killed in the middle of a swap: internal/ kept aside and not yet replaced, public/ both ways.
    (out / "internal").rename(out / f".internal.old-{gone}")
    shutil.copytree(out / "public", out / f".public.old-{gone}")
    result = invoke("build", "--quiet", "--audience", "public")
    exited(result, 0)
    assert not stale.exists()
    assert running.is_dir()
    assert sorted(os.listdir(out)) == [".kbgen-site", ".kbgen.lock", "internal", "public"]
    assert state(out / "internal") == internal  # the earlier agents' site is back in place


# 9. Editor text in embedded JSON -----------------------------------------------------------------------


def test_script_json_cannot_end_or_swallow_a_script() -> None:
    data = {"text": "</script><script>alert(1)</script> <!-- a & b -->", "n": 1}
    text = script_json(data)
    assert not set("<>&") & set(text)
    assert "\\u003c/script\\u003e" in text and "\\u0026" in text
    assert json.loads(text) == data


def test_the_faq_page_structured_data_keeps_the_payload_inside(built: tuple[Path, Result]) -> None:
    project, _ = built
    html = (project / "site" / "public" / "faq" / "deliveries" / "index.html").read_text(encoding="utf-8")
    opening = '<script type="application/ld+json">'
    start = html.index(opening) + len(opening)
    body = html[start : html.index("</script>", start)]
    assert not set("<>&") & set(body)
    answers = [q["acceptedAnswer"]["text"] for q in json.loads(body)["mainEntity"]]
    assert any("</script><script>alert(1)</script> <!-- & fin" in a for a in answers), answers
    assert html.count("<script>alert(1)</script>") == 0
    redirect = (project / "site" / "public" / "q" / "delivery-cost" / "index.html").read_text(encoding="utf-8")
    script = re.search(r"<script>(.*?)</script>", redirect)
    assert script and script.group(1) == (
        'var u=new URL("../../faq/deliveries/#delivery-cost",location.href);'
        "u.search=location.search;location.replace(u.href)"
    )
