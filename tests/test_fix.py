"""`kbgen fix`: each rule on its own (tricky inputs included), the corpus, --check and the CLI.

tests/fix_cases/NAME/ holds ``files/`` (an overlay on tests/cases/_base/ with the mistakes),
``intended/`` (the same files as the editor meant them) and ``expected.txt`` (the exact report
of ``kbgen fix``; ``pytest --update-cases`` rewrites it: review the diff).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cli_support import run_cli
from test_cases import CASES, TODAY, build_project, case_names

from kbgen.read.loader import load_bytes
from kbgen.tools import fix

FIX_CASES = Path(__file__).parent / "fix_cases"


def fixed(text: str | bytes) -> tuple[str, list[str]]:
    """The fixed text of one file (the same text when nothing applies) and the kinds of fix."""
    raw = text.encode("utf-8") if isinstance(text, str) else text
    result = fix.fix_bytes(raw, "f.yml")
    out = result.text if result.text is not None else raw.decode("utf-8")
    return out, [f.kind for f in result.fixes]


def data(text: str) -> object:
    loaded = load_bytes(text.encode("utf-8"), "f.yml")
    assert loaded.ok, [p.format() for p in loaded.problems]
    return loaded.data


# --- quoting ": " -------------------------------------------------------------------------------


def test_a_value_holding_colon_space_is_double_quoted() -> None:
    text, kinds = fixed("question: Servicios de pago: cuentas\n")
    assert text == 'question: "Servicios de pago: cuentas"\n'
    assert kinds == ["quote-colon"]
    assert data(text) == {"question": "Servicios de pago: cuentas"}


def test_a_value_holding_colon_and_double_quotes_is_single_quoted() -> None:
    text, _ = fixed("""answer: Escriba "Nota: algo" y 'listo'\n""")
    assert text == """answer: 'Escriba "Nota: algo" y ''listo'''\n"""
    assert data(text) == {"answer": """Escriba "Nota: algo" y 'listo'"""}


def test_a_backslash_is_kept_as_written() -> None:
    text, _ = fixed("answer: ruta: C:\\datos\\n\n")
    assert data(text) == {"answer": "ruta: C:\\datos\\n"}


@pytest.mark.parametrize(
    "source",
    [
        'key: "a: b"\n',
        "key: 'a: b'\n",
        "url: https://x.example/a\n",
        "opens: 9:30\n",
        "answer: |\n  Nota: algo: más\n",
        "answer: >\n  Nota: algo\n",
        "title: {es: Hola, en: Hi}\n",
        "tags: [a, b]\n",
        "items:\n  - Servicios de pago: cuentas\n",  # valid YAML: a one-key mapping; validate names it
        "# a comment: with colons: here\nkey: value\n",
    ],
)
def test_what_reads_already_is_never_touched(source: str) -> None:
    assert fixed(source) == (source, [])


def test_an_item_that_can_only_be_text_is_quoted_whole() -> None:
    text, kinds = fixed("avoid:\n  - Nota: pago: cuentas\n")
    assert text == 'avoid:\n  - "Nota: pago: cuentas"\n'
    assert kinds == ["quote-colon"]


def test_an_item_with_a_key_has_only_its_value_quoted() -> None:
    text, _ = fixed("faqs:\n  - question: Pagos: cuentas\n    id: x\n")
    assert text == 'faqs:\n  - question: "Pagos: cuentas"\n    id: x\n'


@pytest.mark.parametrize(
    "source",
    [
        "answer: Nota: algo # and a real comment\n",  # where does the text end? the editor knows
        "answer: Nota: algo\n  que sigue en otra línea\n",  # a plain scalar on several lines
        "answer: [Nota: algo]\n",  # inside a flow collection
        "answer: {es: Nota: algo}\n",
        'answer: "unclosed\n  Nota: algo\n',
        "Some Key: Nota: algo\n",  # not a kbgen key
    ],
)
def test_unsure_lines_are_left_and_not_claimed(source: str) -> None:
    assert fixed(source) == (source, [])


def test_every_such_line_is_fixed_in_one_run() -> None:
    text, kinds = fixed("a: x: 1\nb: ok\nc: y: 2\n")
    assert text == 'a: "x: 1"\nb: ok\nc: "y: 2"\n'
    assert kinds == ["quote-colon", "quote-colon"]


def test_a_file_with_a_mistake_fix_cannot_mend_keeps_no_quoting_claim() -> None:
    source = "a: x: 1\nb: [unclosed\n"
    assert fixed(source) == (source, [])


# --- quoting " #" --------------------------------------------------------------------------------


def test_a_value_cut_by_a_glued_hash_is_quoted() -> None:
    text, kinds = fixed("en: Rated #1 in town\nes: ok  # a comment\n")
    assert text == 'en: "Rated #1 in town"\nes: ok  # a comment\n'
    assert kinds == ["quote-comment"]
    assert data(text) == {"en": "Rated #1 in town", "es": "ok"}


def test_a_glued_hash_before_a_real_comment_is_left() -> None:
    source = "en: Rated #1 in town # really\n"
    assert fixed(source) == (source, [])


def test_a_quoted_hash_is_left() -> None:
    source = 'en: "Rated #1"\n'
    assert fixed(source) == (source, [])


# --- tabs --------------------------------------------------------------------------------------------


def test_tabs_take_the_indentation_of_the_context() -> None:
    source = "faqs:\n\t- id: a\n\t\tquestion: q\n\t- id: b\n\t\ttitle:\n\t\t\tes: t\n"
    text, kinds = fixed(source)
    assert text == "faqs:\n  - id: a\n    question: q\n  - id: b\n    title:\n      es: t\n"
    assert kinds == ["tab"] * 5


def test_a_tab_below_a_key_value_line_becomes_a_sibling() -> None:
    text, _ = fixed("category:\n  id: x\n\ttitle: y\n")
    assert text == "category:\n  id: x\n  title: y\n"


def test_the_file_s_indentation_step_is_used() -> None:
    text, _ = fixed("category:\n    id: x\nfaqs:\n\t- id: a\n")
    assert text == "category:\n    id: x\nfaqs:\n    - id: a\n"


@pytest.mark.parametrize(
    "source",
    [
        "answer: |\n\tcontent of a block\n",  # text of a block scalar
        "answer: some\n\tmore words\n",  # a continuation, not a field
        "a: b\nc: d\t# a tab before a comment is fine YAML\n",
    ],
)
def test_tabs_that_are_not_field_indentation_are_left(source: str) -> None:
    assert fixed(source) == (source, [])


# --- BOM and CRLF ---------------------------------------------------------------------------------


def test_bom_and_crlf_are_removed_and_values_stay() -> None:
    raw = b"\xef\xbb\xbfa: b\r\nc: |\r\n  x\r\n  y\r\n"
    text, kinds = fixed(raw)
    assert text == "a: b\nc: |\n  x\n  y\n"
    assert kinds == ["bom", "crlf"]
    assert data(text) == load_bytes(raw, "f.yml").data


def test_a_file_that_is_not_utf8_is_left() -> None:
    assert fix.fix_bytes("a: ñ: b\r\n".encode("latin-1"), "f.yml").fixes == []


# --- the corpus ----------------------------------------------------------------------------------------


def fix_case_names() -> list[str]:
    return sorted(p.name for p in FIX_CASES.iterdir() if p.is_dir())


def overlay(case: Path, part: str, dest: Path) -> Path:
    build_project(None, dest)
    shutil.copytree(case / part, dest, dirs_exist_ok=True)
    return dest


def loaded_values(root: Path) -> dict[str, object]:
    out = {}
    for path in sorted((root / "protocols").rglob("*.y*ml")):
        loaded = load_bytes(path.read_bytes(), path.name)
        assert loaded.ok, [p.format() for p in loaded.problems]
        out[path.relative_to(root).as_posix()] = loaded.data
    return out


@pytest.mark.parametrize("name", fix_case_names())
def test_fix_case(name: str, tmp_path: Path, update_cases: bool) -> None:
    """After `kbgen fix` the project validates and reads exactly as the intended files."""
    case = FIX_CASES / name
    project = overlay(case, "files", tmp_path / "project")
    intended = overlay(case, "intended", tmp_path / "intended")

    check = run_cli(["fix", "--check", "--project", project])
    assert check.returncode == 1 and check.stderr == ""
    done = run_cli(["fix", "--project", project])
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == check.stdout.replace(": would fix: ", ": fixed: ").replace("needed in", "made in").replace(
        "; run kbgen fix", ""
    )
    expected = case / "expected.txt"
    if update_cases:
        expected.write_text(done.stdout, encoding="utf-8")
    assert done.stdout == expected.read_text(encoding="utf-8")

    valid = run_cli(["validate", "--project", project, "--today", TODAY], env={"SOURCE_DATE_EPOCH": None})
    assert valid.returncode == 0, valid.stdout
    assert loaded_values(project) == loaded_values(intended)
    again = run_cli(["fix", "--check", "--project", project])
    assert again.returncode == 0, again.stdout


@pytest.mark.parametrize("name", case_names())
def test_fix_on_the_bad_input_corpus(name: str, tmp_path: Path) -> None:
    """On every case of tests/cases/: a file fix claims to fix no longer has the syntax or comment
    error, and files it does not claim are left byte for byte."""
    project = build_project(CASES / name, tmp_path / "project")
    before = {p: p.read_bytes() for p in (project / "protocols").rglob("*") if p.is_file()}
    results = {r.file: r for r in fix.fix_project(project)}
    fix.write(results.values())
    for path, raw in before.items():
        shown = path.relative_to(project).as_posix()
        result = results.get(shown)
        if result is None or not result.changed:
            assert path.read_bytes() == raw, shown
            continue
        after = load_bytes(path.read_bytes(), shown)
        assert not [p for p in after.problems if p.code in ("E-yaml", "E-comment")], shown


@pytest.mark.parametrize(
    ("name", "path", "value"),
    [
        ("yaml-plain-hash-comment", ("faqs", 0, "question", "en"), "Is our service rated #1 in town?"),
        ("yaml-tab-indentation", ("category", "title"), {"es": "Devoluciones", "en": "Returns"}),
        ("yaml-tab-after-value", ("faqs", 0, "tags"), ["devoluciones"]),
    ],
)
def test_corpus_cases_fix_mends_validate(name: str, path: tuple[str | int, ...], value: object, tmp_path: Path) -> None:
    """The corpus cases whose only mistake fix can mend validate afterwards, reading as meant."""
    project = build_project(CASES / name, tmp_path / "project")
    assert run_cli(["fix", "--project", project]).returncode == 0
    valid = run_cli(["validate", "--project", project, "--today", TODAY], env={"SOURCE_DATE_EPOCH": None})
    assert valid.returncode == 0, valid.stdout
    read: object = loaded_values(project)["protocols/faqs/returns.yml"]
    for part in path:
        read = read[part]  # type: ignore[index]
    assert read == value


@pytest.mark.parametrize("project", ["tests/cases/_base", "tests/fixtures/sample", "kbgen/assets/starter", "."])
def test_valid_projects_need_no_fix(project: str) -> None:
    root = Path(__file__).parent.parent / project
    assert not [r.file for r in fix.fix_project(root) if r.changed]


# --- the command ---------------------------------------------------------------------------------------


def test_check_changes_nothing_and_exits_1(tmp_path: Path) -> None:
    project = build_project(None, tmp_path / "project")
    target = project / "protocols" / "faqs" / "deliveries.yml"
    target.write_text(target.read_text(encoding="utf-8") + "  - id: x\n    question: A: b\n", encoding="utf-8")
    raw = target.read_bytes()
    result = run_cli(["fix", "--check", "--project", project])
    assert result.returncode == 1
    assert target.read_bytes() == raw
    line = raw.decode("utf-8").count("\n")
    assert result.stdout == (
        f'protocols/faqs/deliveries.yml:{line}:15: would fix: quoted a value holding ": " [quote-colon]\n'
        "    -     question: A: b\n"
        '    +     question: "A: b"\n'
        "kbgen: 1 fix needed in 1 file; run kbgen fix\n"
    )


def test_nothing_to_fix_exits_0(tmp_path: Path) -> None:
    project = build_project(None, tmp_path / "project")
    for args in (["fix"], ["fix", "--check"]):
        result = run_cli([*args, "--project", project])
        assert (result.returncode, result.stdout) == (0, "kbgen: nothing to fix in 4 files\n")


def test_only_the_files_named_are_fixed(tmp_path: Path) -> None:
    project = build_project(None, tmp_path / "project")
    one, two = project / "protocols" / "one.yml", project / "protocols" / "two.yml"
    one.write_bytes(b"a: b\r\n")
    two.write_bytes(b"a: b\r\n")
    result = run_cli(["fix", "--project", project, one])
    assert result.returncode == 0
    assert result.stdout.startswith("protocols/one.yml:1:5: fixed: Windows line ends (CR LF) made LF on 1 line")
    assert one.read_bytes() == b"a: b\n" and two.read_bytes() == b"a: b\r\n"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run_cli(["fix", "--project", tmp_path]).returncode == 2  # no protocols/
    assert run_cli(["fix", "--project", tmp_path, tmp_path / "missing.yml"]).returncode == 2
    assert run_cli(["fix", "--nonsense"]).returncode == 2


def test_items_are_quoted_as_text_only_where_the_schema_expects_text(tmp_path: Path) -> None:
    project = build_project(None, tmp_path / "project")
    playbook = project / "protocols" / "playbooks" / "daily" / "complaint-handling.yml"
    source = playbook.read_text(encoding="utf-8").replace(
        "owner: quality\n",
        "avoid:\n  - Servicios de pago: cuentas\n  - ess: a language code mistyped\n"
        "  - Dos líneas: una\n    en: y otra\n"
        "corrective_actions: [Revisar el proceso]\nowner: quality\n",
    )
    playbook.write_text(source, encoding="utf-8")
    result = fix.fix_project(project)
    changed = [r for r in result if r.changed]
    assert [f.kind for r in changed for f in r.fixes] == ["quote-item"]
    assert changed[0].text == source.replace("  - Servicios de pago: cuentas\n", '  - "Servicios de pago: cuentas"\n')
    roles = source.replace("  - {id: agent, title: {es: Asesor, en: Agent}}\n", "  - Servicios de pago: cuentas\n")
    playbook.write_text(roles, encoding="utf-8")  # a list of mappings: not a text the schema wants
    avoid_line = source.splitlines().index("  - Servicios de pago: cuentas") + 1
    assert [f.line for r in fix.fix_project(project) for f in r.fixes] == [avoid_line]  # not the role


def test_the_pre_commit_hook_runs_fix_check_on_staged_yaml() -> None:
    hooks_file = Path(__file__).parent.parent / ".pre-commit-hooks.yaml"
    loaded = load_bytes(hooks_file.read_bytes(), hooks_file.name)
    assert loaded.ok and isinstance(loaded.data, list)
    hook = next(h for h in loaded.data if h["id"] == "kbgen-fix")
    assert hook["entry"] == "kbgen fix --check" and hook["pass_filenames"] == "true"
    assert fix.fix_bytes(hooks_file.read_bytes(), hooks_file.name).fixes == []
