"""kbgen speaks to editors in their language: which one, and the same findings in every language."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kbgen.problem import Level, Problem, Problems
from kbgen.publish import messages

ROOT = Path(__file__).parent.parent


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "es_CO.UTF-8"}, "es"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANG": "pt_BR"}, "pt"),
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "POSIX"}, None),
        ({"LANG": "fr_FR.UTF-8"}, None),  # no French catalog: the knowledge base's language instead
        ({}, None),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "es_CO.UTF-8"}, "en"),
        ({"LC_MESSAGES": "es_ES", "LANG": "en_US.UTF-8"}, "es"),
    ],
)
def test_the_environment_language(environ: dict[str, str], expected: str | None) -> None:
    assert messages.environment_language(environ) == expected


def test_kb_yml_editors_language_else_the_first_language(tmp_path: Path) -> None:
    (tmp_path / "protocols").mkdir()
    kb = tmp_path / "protocols" / "kb.yml"
    kb.write_text("organization: {name: X}\nlanguages: [es, en]\n", encoding="utf-8")
    assert messages.editors_language(tmp_path, environ={}) == "es"
    kb.write_text("organization: {name: X}\nlanguages: [es, en]\neditors_language: en\n", encoding="utf-8")
    assert messages.editors_language(tmp_path, environ={}) == "en"
    assert messages.editors_language(tmp_path, environ={"LANG": "es_CO.UTF-8"}) == "es"
    assert messages.editors_language(tmp_path, "pt", environ={"LANG": "es_CO.UTF-8"}) == "pt"
    assert messages.editors_language(tmp_path / "nowhere", environ={}) == "en"


def test_a_problem_in_spanish_keeps_its_code_place_and_field() -> None:
    problems = Problems()
    problems.add(
        Problem(
            "f.yml",
            3,
            5,
            "faqs[0].related[0]",
            "E-unknown-id",
            Level.ERROR,
            'unknown FAQ or playbook or standard "delivery-costs"',
            'did you mean "delivery-cost"?',
        )
    )
    [said] = messages.translated(problems, "es").items
    assert said.format() == (
        'f.yml:3:5: error: faqs[0].related[0]: pregunta o protocolo o estándar: ID desconocido "delivery-costs" '
        '(¿quiso decir "delivery-cost"?) [E-unknown-id]'
    )
    assert messages.translated(problems, "en").items == problems.items


def test_words_without_an_entry_stay_as_written() -> None:
    assert messages.words("es", "a sentence kbgen has no entry for") == "a sentence kbgen has no entry for"
    assert messages.words("es", 'expected a list, got "x"') == 'se esperaba una lista, se encontró "x"'


def _validate(*args: str, lang: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES")}
    env["LANG"] = lang
    done = subprocess.run(
        [sys.executable, "-m", "kbgen", "validate", "--today", "2026-11-23", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.stderr == ""
    return done.stdout.splitlines()


def test_lang_es_co_validate_on_the_example_prints_spanish() -> None:
    assert _validate(lang="es_CO.UTF-8")[-1].startswith("kbgen: válido, 0 avisos: ")
    assert _validate("--lang", "en", lang="es_CO.UTF-8")[-1].startswith("kbgen: valid, 0 warnings: ")
    assert _validate(lang="C.UTF-8")[-1].startswith("kbgen: válido")  # kb.yml's first language: es


# Every message and hint in kbgen's code, whether a test triggers it or not, has Spanish words.
# A sample whose expression is an English word from a closed set is proved apart below.
_PROVED_APART = {("kbgen/read/scalars.py", "Q Q has Q days")}


def test_every_message_in_the_code_has_spanish_words() -> None:
    from message_sources import sources

    found = sources()
    assert len(found) > 300, "the scan found too few messages: it is broken"
    untranslated = sorted(
        {
            str(s)
            for s in found
            if (s.file, s.sample) not in _PROVED_APART and messages.words("es", s.sample) == s.sample
        }
    )
    assert not untranslated, "messages with no Spanish words (add problem.* entries):\n" + "\n".join(untranslated)


def test_the_scan_sees_a_message_it_has_no_words_for() -> None:
    import ast

    from message_sources import samples

    call = ast.parse('Problem(f, 1, 1, "", "E-x", Level.ERROR, f"no such {thing} here", "ever")').body[0]
    assert isinstance(call, ast.Expr) and isinstance(call.value, ast.Call)
    assert samples(call.value.args[6]) == ["no such Q here"]
    assert messages.words("es", "no such Q here") == "no such Q here"  # so the test above would name it


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_in_a_date_hint_has_spanish_words(month: int) -> None:
    import calendar

    text = f"{calendar.month_name[month]} 2026 has 30 days"
    assert messages.words("es", text).endswith("de 2026 tiene 30 días"), text


def test_the_preview_banner_speaks_the_editors_language() -> None:
    from kbgen.build.project import problems_banner

    lines = [f"protocols/faqs/a.yml:{n}:1: error: campo desconocido [E-unknown-field]" for n in range(22)]
    banner = problems_banner(lines, 22, "es")
    assert banner.startswith(
        '<div class="kb-serve-errors" role="alert"><strong>kbgen: 22 problemas; esta vista previa muestra la última '
        "versión válida</strong><ul><li><code>protocols/faqs/a.yml:0:1: "
    ), banner
    assert banner.endswith("<li>… 2 más en la terminal</li></ul></div>"), banner
    assert problems_banner(lines[:1], 1, "en").startswith(
        '<div class="kb-serve-errors" role="alert"><strong>kbgen: 1 problem; this preview shows the last version'
    )


def test_the_preview_says_repeated_warnings_in_the_editors_language(caplog: pytest.LogCaptureFixture) -> None:
    from kbgen.build.project import say_problems

    warning = Problem("protocols/kb.yml", 3, 1, "", "W-translation", Level.WARNING, "no en translation")
    said = {warning.format()}
    with caplog.at_level("WARNING", logger="mkdocs.plugins.kbgen"):
        say_problems([warning], said, "es")
    assert [r.getMessage() for r in caplog.records] == ["kbgen: 1 aviso como antes, sin repetirlos; 0 nuevos"]
