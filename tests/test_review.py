"""`kbgen review`: items past or near their review date, and --fail for CI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def review(sample: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kbgen", "review", "--project", str(sample), *args],
                          capture_output=True, text=True, check=False)


def test_nothing_due_passes_with_fail() -> None:
    example = Path(__file__).parent.parent  # every item of the example knowledge base has a recent review
    result = review(example, "--today", "2026-11-23", "--fail")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "kbgen: 0 overdue, 0 due within 30 days (today is 2026-11-23)"


def test_never_reviewed_items_are_due(sample: Path) -> None:
    result = review(sample, "--today", "2026-11-23", "--fail")
    assert result.returncode == 1
    assert "  overdue   2026-11-23  faq      delivery-cost                    never reviewed  " \
        "protocols/faqs/deliveries.yml" in result.stdout.splitlines()


def test_overdue_items_fail_and_are_grouped_by_owner(sample: Path) -> None:
    result = review(sample, "--today", "2027-06-01", "--fail")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "logistics:" in lines
    assert any("overdue" in line and "delivery-time" in line and "reviewed 2026-10-01" in line for line in lines)
    assert lines[-1].startswith("kbgen: ") and "overdue" in lines[-1]


def test_overdue_without_fail_exits_zero(sample: Path) -> None:
    assert review(sample, "--today", "2027-06-01").returncode == 0


def test_json_lists_due_dates(sample: Path) -> None:
    result = review(sample, "--today", "2027-06-01", "--format", "json")
    data = json.loads(result.stdout)
    item = next(i for i in data["items"] if i["id"] == "delivery-time")
    assert item == {"kind": "faq", "id": "delivery-time", "title": "¿Cuánto tarda la entrega?", "owner": "logistics",
                    "reviewed": "2026-10-01", "due": "2027-03-30", "overdue": True,
                    "file": "protocols/faqs/deliveries.yml"}


def test_review_speaks_the_editors_language(sample: Path) -> None:
    import os

    env = {**os.environ, "LANG": "es_CO.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "kbgen", "review", "--project", str(sample), "--today", "2026-11-23"],
                          capture_output=True, text=True, check=False, env=env)
    lines = done.stdout.splitlines()
    assert "  vencido   2026-11-23  faq      delivery-cost                    nunca revisado  " \
        "protocols/faqs/deliveries.yml" in lines
    assert lines[-1].startswith("kbgen: ") and "vencidos" in lines[-1] and "(hoy es 2026-11-23)" in lines[-1]
