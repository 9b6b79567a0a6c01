"""Zendesk and Freshdesk exports: read with the vendors' own columns, and kbgen's business time
set beside the vendor's, the cases that differ by more than a minute reported, never hidden."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import run_cli
from measure_support import CANARIES, make_project

EPOCH = {"SOURCE_DATE_EPOCH": "1796083200"}


def ticket(number: int, created: str, reply_calendar: int | None, reply_business: int | None, channel: str) -> dict:  # type: ignore[type-arg]
    return {
        "id": number,
        "created_at": created,
        "status": "solved",
        "priority": None,
        "tags": ["cliente"],
        "via": {"channel": channel, "source": {"from": {"name": CANARIES[0], "address": CANARIES[1]}}},
        "subject": CANARIES[2],
        "description": CANARIES[2],
        "requester_id": 99,
        "metric_set": None
        if reply_calendar is None
        else {"reply_time_in_minutes": {"calendar": reply_calendar, "business": reply_business}},
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "kb")


def test_zendesk_business_minutes_are_compared_and_differences_listed(project: Path) -> None:
    export = {
        "tickets": [
            # Tue 3 Nov 10:00 Bogotá, first reply 90 minutes later: both count 90 business minutes.
            ticket(101, "2026-11-03T15:00:00Z", 90, 90, "email"),
            # Fri 13 Nov 18:00 -> Tue 17 08:30: kbgen counts 570 minutes (Monday 16 is a holiday in
            # Colombia); a help desk whose calendar lacks it counts Monday's 13 hours too.
            ticket(102, "2026-11-13T23:00:00Z", 5190, 1350, "email"),
            ticket(103, "2026-11-05T14:00:00Z", 30, 30.5, "email"),  # half a minute apart: not reported
            ticket(104, "2026-11-05T14:00:00Z", None, None, "email"),  # no reply yet
        ],
        "end_of_stream": True,
    }
    (project / "zendesk.json").write_text(json.dumps(export), encoding="utf-8")
    (project / "zendesk.yml").write_text("values:\n  channel: {email: email, web: chat}\n", encoding="utf-8")
    run = run_cli(
        [
            "measure",
            "--project",
            project,
            project / "zendesk.json",
            "--source",
            "zendesk",
            "--mapping",
            project / "zendesk.yml",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
        env=EPOCH,
    )
    assert run.returncode == 0, run.stderr
    assert "  2026-11 email-reply: 1 of 3 cases differ by more than 1 minute" in run.stdout
    assert "    102: kbgen 570 min, vendor 1350 min, -780 min" in run.stdout
    data = json.loads((project / "performance" / "2026-11.json").read_text(encoding="utf-8"))
    email = data["standards"]["email-reply"]
    assert email["source"] == "zendesk"
    assert email["month"]["n"] == 3 and email["month"]["unmeasurable"] == {"no_reply_yet": 1}
    assert email["vendor"] == {
        "compared": 3,
        "differ": 1,
        "largest": [{"id": "102", "kbgen_minutes": 570.0, "vendor_minutes": 1350.0, "difference_minutes": -780.0}],
    }
    written = (project / "performance" / "2026-11.json").read_text(encoding="utf-8") + run.stdout
    assert not [c for c in CANARIES if c in written]


NAME, MAIL, SUBJECT = CANARIES
FRESHDESK = (
    "Ticket ID,Subject,Status,Priority,Source,Type,Agent,Created time,Initial response time,Resolved time,"
    "First response time (in hrs),Resolution time (in hrs),Tags,Full name,Email\n"
    f"7,{SUBJECT},Closed,Low,Email,Question,Ana,2026-11-03 10:00:00,2026-11-03 11:30:00,,1.5,,,{NAME},{MAIL}\n"
    f"8,{SUBJECT},Closed,High,Email,Question,Ana,2026-11-13 18:00:00,2026-11-17 08:30:00,,22.5,,,{NAME},{MAIL}\n"
    f"9,{SUBJECT},Closed,Low,Chat,Question,Ana,2026-11-03 10:00:00,2026-11-03 10:01:00,,00:01:00,,,{NAME},{MAIL}\n"
)


def test_freshdesk_hours_become_minutes_beside_kbgens(project: Path) -> None:
    (project / "freshdesk.csv").write_text(FRESHDESK, encoding="utf-8")
    (project / "freshdesk.yml").write_text(
        "timezone: America/Bogota\nvalues:\n  channel: {Email: email, Chat: chat}\n"
        "  priority: {Low: ~, High: ~}\n  status: {Closed: closed}\n",
        encoding="utf-8",
    )
    run = run_cli(
        [
            "measure",
            "--project",
            project,
            project / "freshdesk.csv",
            "--source",
            "freshdesk",
            "--mapping",
            project / "freshdesk.yml",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
        env=EPOCH,
    )
    assert run.returncode == 0, run.stderr
    data = json.loads((project / "performance" / "2026-11.json").read_text(encoding="utf-8"))
    assert data["standards"]["email-reply"]["vendor"]["largest"] == [
        {"id": "8", "kbgen_minutes": 570.0, "vendor_minutes": 1350.0, "difference_minutes": -780.0}
    ]
    assert data["standards"]["chat-reply"]["vendor"] == {"compared": 1, "differ": 0, "largest": []}
    written = (project / "performance" / "2026-11.json").read_text(encoding="utf-8") + run.stdout
    assert not [c for c in CANARIES if c in written]


def test_a_zendesk_file_that_is_not_the_export_is_located(project: Path) -> None:
    (project / "zendesk.json").write_text('{"tickets": [1,\n  2', encoding="utf-8")
    (project / "zendesk.yml").write_text("values:\n  channel: {email: email}\n", encoding="utf-8")
    run = run_cli(
        [
            "measure",
            "--project",
            project,
            project / "zendesk.json",
            "--source",
            "zendesk",
            "--mapping",
            project / "zendesk.yml",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-30",
        ],
    )
    assert run.returncode == 1
    assert run.stderr.startswith("zendesk.json:2:4: error: the export is not JSON: Expecting ',' delimiter")
