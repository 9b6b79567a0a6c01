"""`kbgen measure`: known answers on 1,000 cases, the three abandon rules, located problems and
exit codes, pause statuses, byte-identical output and the results files the build reads back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import run_cli
from measure_support import MAPPING, make_project, write_calls, write_csv, write_thousand

from kbgen.problem import Problems
from kbgen.read.performance import load_performance

EPOCH = {"SOURCE_DATE_EPOCH": "1796083200"}  # 2026-12-01 00:00 UTC


def measure(project: Path, *exports: Path, extra: tuple[str, ...] = (), env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    args: list[str | Path] = ["measure", "--project", project, *exports, "--mapping", project / "mapping.yml"]
    args += ["--from", "2026-11-01", "--to", "2026-11-30", *extra]
    return run_cli(args, env=env or EPOCH)


def results(project: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((project / "performance" / "2026-11.json").read_text(encoding="utf-8"))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "kb")


def test_a_thousand_cases_give_their_known_answers(project: Path) -> None:
    expected = write_thousand(project / "cases.csv")
    run = measure(project, project / "cases.csv")
    assert run.returncode == 0, run.stderr
    assert "kbgen: 1000 rows read, 0 bad rows" in run.stdout
    data = results(project)
    assert data["complete"] is True and data["month"] == "2026-11"
    for std_id, want in expected.items():
        month = data["standards"][std_id]["month"]
        assert (month["n"], month["met"]) == (want.n, want.met), std_id
        assert month["share"] == round(want.met * 100 / want.n, 2)
        assert month["goal_met"] is (want.met * 100 >= want.goal * want.n)
        assert month["breaches"] == want.breaches
        assert (month["p50"], month["p90"], month["p95"]) == (
            want.percentile(50),
            want.percentile(90),
            want.percentile(95),
        )
        assert month["unmeasurable"] == want.reasons
        weeks = data["standards"][std_id]["weeks"]
        assert sum(w["n"] for w in weeks if w["period"] != "2026-W44") <= want.n
    # Every case of a week counts in it, whichever month the week is reported in.
    chat_weeks = {w["period"]: w["n"] for w in data["standards"]["chat-reply"]["weeks"]}
    assert list(chat_weeks) == ["2026-W45", "2026-W46", "2026-W47", "2026-W48"]  # W44's Thursday is in October


def test_the_worked_examples_are_breaches_or_not_on_the_office_calendar(project: Path) -> None:
    write_thousand(project / "cases.csv")
    assert measure(project, project / "cases.csv").returncode == 0
    breaches = results(project)["standards"]["email-reply"]["month"]["breaches"]
    assert "X001" in breaches  # Fri 18:00 -> Tue 08:30 is 9 h 30 m of open time (Mon 16 a holiday)
    assert not {"X002", "X003", "X004", "X005"} & set(breaches)


def test_the_three_abandon_rules_give_three_shares_on_one_phone_fixture(project: Path) -> None:
    write_calls(project / "calls.csv")
    run = measure(project, project / "calls.csv")
    assert run.returncode == 0, run.stderr
    standards = results(project)["standards"]
    counted, excluded, short = (standards[s]["month"] for s in ("wait-counted", "wait-excluded", "wait-short"))
    assert (counted["n"], counted["met"], counted["share"]) == (20, 10, 50.0)
    assert (excluded["n"], excluded["met"], excluded["share"]) == (15, 10, 66.67)
    assert (short["n"], short["met"], short["share"]) == (18, 10, 55.56)
    assert excluded["unmeasurable"] == {"abandoned": 5}
    assert short["unmeasurable"] == {"short_abandon": 2}
    assert counted["unmeasurable"] == {}
    assert standards["wait-short"]["method"]["short_abandon_seconds"] == 5


def test_unmapped_values_naive_times_and_broken_rows_are_located(project: Path) -> None:
    rows = [
        [
            "1",
            "Fax",
            "abierto",
            "",
            "2026-11-03T10:00:00-05:00",
            "2026-11-03T10:01:00-05:00",
            "",
            "",
            "",
            "a",
            "b",
            "c",
        ],
        ["2", "Chat", "abierto", "", "2026-11-03 10:00", "ayer", "", "", "", "a", "b", "c"],
        ["3", "Chat", "cerrado", ""],
    ]
    write_csv(project / "bad.csv", rows)
    (project / "mapping.yml").write_text(MAPPING.replace("timezone: America/Bogota\n", ""), encoding="utf-8")
    run = measure(project, project / "bad.csv")
    assert run.returncode == 1
    lines = run.stderr.splitlines()
    assert lines == [
        'bad.csv:2:2: error: Canal: the channel "Fax" is not in the mapping (add it under values.channel in'
        " mapping.yml (a kb.yml ID, or ~ for none)) [E-export-value]",
        'bad.csv:3:5: error: Creado: "2026-11-03 10:00" has no time zone (add timezone: (the export\'s time zone)'
        " to mapping.yml) [E-export-time]",
        'bad.csv:3:6: error: Respondido: expected a date and time, got "ayer" (write it as ISO 8601:'
        " 2026-11-03T10:15:00-05:00) [E-export-time]",
        "bad.csv:4:1: error: the row has 4 fields, the header 12 (a value holding the delimiter must be quoted)"
        " [E-export]",
        "kbgen: 4 errors, 0 warnings",
    ]
    assert "more bad rows than --max-bad-rows 0: nothing was written" in run.stdout
    assert not (project / "performance").exists()
    allowed = measure(project, project / "bad.csv", extra=("--max-bad-rows", "3"))
    assert allowed.returncode == 0 and (project / "performance" / "2026-11.json").is_file()


def test_an_unknown_status_and_an_id_the_kb_lacks_in_the_mapping_are_located(project: Path) -> None:
    (project / "mapping.yml").write_text(MAPPING.replace("Interno: back-office", "Interno: backoffice"), "utf-8")
    write_calls(project / "calls.csv")
    run = measure(project, project / "calls.csv")
    assert run.returncode == 1
    assert run.stderr.splitlines()[0] == (
        'mapping.yml:9:61: error: values.channel.Interno: no channel "backoffice" in the knowledge base'
        " (use one of back-office, chat, email, phone, or ~ for none) [E-unknown-id]"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "jira"], "Invalid value for '--source'"),
        (["--to", "2026-10-01"], "--to 2026-10-01 is before --from 2026-11-01"),
        (["--from", "2026-02-30"], "February 2026 has 28 days"),
    ],
)
def test_usage_errors_exit_2(project: Path, args: list[str], message: str) -> None:
    write_calls(project / "calls.csv")
    run = measure(project, project / "calls.csv", extra=tuple(args))
    assert run.returncode == 2 and message in run.stderr
    assert not (project / "performance").exists()


def test_without_a_mapping_or_an_export_the_usage_is_wrong(project: Path) -> None:
    run = run_cli(
        [
            "measure",
            "--project",
            project,
            project / "none.csv",
            "--mapping",
            project / "mapping.yml",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ]
    )
    assert run.returncode == 2 and "does not exist" in run.stderr


def test_same_input_and_epoch_give_the_same_bytes(project: Path, tmp_path: Path) -> None:
    write_thousand(project / "cases.csv")
    write_calls(project / "calls.csv")
    outputs = []
    for out in ("a", "b"):
        run = measure(project, project / "cases.csv", project / "calls.csv", extra=("--out", str(tmp_path / out)))
        assert run.returncode == 0
        outputs.append((tmp_path / out / "2026-11.json").read_bytes())
    assert outputs[0] == outputs[1]
    later = measure(
        project,
        project / "cases.csv",
        project / "calls.csv",
        extra=("--out", str(tmp_path / "c")),
        env={"SOURCE_DATE_EPOCH": "1796169600"},
    )
    assert later.returncode == 0
    changed = (tmp_path / "c" / "2026-11.json").read_bytes()
    assert changed != outputs[0] and changed.replace(b"2026-12-02T", b"2026-12-01T") == outputs[0]


def test_a_second_export_keeps_the_standards_the_first_measured(project: Path) -> None:
    write_calls(project / "calls.csv")
    write_thousand(project / "cases.csv")
    assert measure(project, project / "cases.csv").returncode == 0
    chat = results(project)["standards"]["chat-reply"]
    calls_mapping = MAPPING.replace("created: Creado, first_response: Respondido, ", "")
    (project / "mapping.yml").write_text(calls_mapping, encoding="utf-8")
    assert measure(project, project / "calls.csv").returncode == 0
    after = results(project)["standards"]
    assert after["chat-reply"] == chat and after["wait-counted"]["month"]["n"] == 20


def test_pause_statuses_stop_the_clock(project: Path) -> None:
    standards = (project / "protocols" / "standards" / "respuesta.yml").read_text(encoding="utf-8")
    standards = standards.replace("  measure: {exclude_tags: [test]}", "  measure: {pause: [pending]}")
    (project / "protocols" / "standards" / "respuesta.yml").write_text(standards, encoding="utf-8")
    mapping = MAPPING.replace("  tags: Etiquetas\n", "  tags: Etiquetas\n  status_log: Historial\n")
    mapping = mapping.replace("fusionado: merged}", "fusionado: merged, esperando: pending}")
    (project / "mapping.yml").write_text(mapping, encoding="utf-8")
    (project / "log.csv").write_text(
        "Caso,Canal,Estado,Etiquetas,Creado,Respondido,En cola,Contestada,Colgada,Historial\n"
        "P1,Chat,abierto,,2026-11-03T10:00:00Z,2026-11-03T10:10:00Z,,,,"
        "2026-11-03T10:00:00Z abierto; 2026-11-03T10:01:00Z esperando; 2026-11-03T10:09:00Z abierto\n",
        encoding="utf-8",
    )
    assert measure(project, project / "log.csv").returncode == 0
    month = results(project)["standards"]["chat-reply"]["month"]
    assert (month["n"], month["met"], month["p50"]) == (1, 1, 120)  # 10 minutes less 8 pending: 2m, in time
    assert results(project)["standards"]["chat-reply"]["method"]["pause"] == ["pending"]


def test_the_build_reads_back_what_measure_wrote_and_locates_a_broken_file(project: Path) -> None:
    write_calls(project / "calls.csv")
    assert measure(project, project / "calls.csv").returncode == 0
    problems = Problems()
    months = load_performance(project, problems)
    assert not problems.items and [m.month for m in months] == ["2026-11"]
    (project / "performance" / "2026-10.json").write_text('{"format": 1,\n "month": }', encoding="utf-8")
    (project / "performance" / "notes.json").write_text("{}", encoding="utf-8")
    load_performance(project, problems)
    assert [p.format() for p in problems.sorted()] == [
        "performance/2026-10.json:2:11: error: not JSON: Expecting value (write it again with kbgen measure)"
        " [E-performance]",
        'performance/notes.json:1:1: error: "notes.json" is not named YYYY-MM.json (kbgen measure names each'
        " file by its month) [E-performance]",
    ]


def test_a_target_in_days_is_met_by_its_due_instant_and_statistics_other_than_share() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from kbgen.measure.aggregate import period_figures
    from kbgen.measure.calendar import BusinessCalendar
    from kbgen.measure.cases import Case
    from kbgen.measure.method import method_of
    from kbgen.measure.outcome import Measurer
    from kbgen.read.schema import Standard

    bogota = ZoneInfo("America/Bogota")
    office = BusinessCalendar.of(
        "America/Bogota", {**{d: [(420, 1200)] for d in ("mon", "tue", "wed", "thu", "fri")}, "sat": [(480, 840)]}
    )
    std = Standard.model_validate({"id": "d", "title": "D", "metric": "delivery", "target": "1d", "clock": "office"})
    m = Measurer(std, method_of(std), office)
    friday = datetime(2026, 11, 13, 18, tzinfo=bogota)

    def delivered(*when: int) -> Case:
        return Case("x", events={"created": friday, "delivered": datetime(*when, tzinfo=bogota)})  # type: ignore[misc]

    # 1d from Fri 18:00 is Sat 18:00, after Saturday's closing: Sat 14:00, 8 open hours later.
    on_time, late = m.outcome(delivered(2026, 11, 14, 14)), m.outcome(delivered(2026, 11, 16, 7, 1))
    assert on_time is not None and on_time.met and on_time.open.total_seconds() == 8 * 3600
    assert late is not None and not late.met
    average = Standard.model_validate(
        {"id": "a", "title": "A", "metric": "resolution", "target": "2h", "statistic": "average"}
    )
    outcomes = [
        Measurer(average, method_of(average), BusinessCalendar.always_open()).outcome(
            Case(str(i), events={"created": friday, "resolved": friday.replace(hour=18 + i)})
        )
        for i in (1, 2, 4)
    ]
    figures = period_figures(average, "2026-11", [o for o in outcomes if o is not None])
    assert (figures.value_seconds, figures.goal_met) == (round(7 * 3600 / 3), False)  # 2 h 20 m on average
