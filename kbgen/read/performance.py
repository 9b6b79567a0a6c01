"""The results `kbgen measure` writes (`performance/YYYY-MM.json`) and the build reads back.

One model is the contract between the two: `kbgen measure` builds these objects and dumps
them; `load_performance` reads every file of a project's `performance/` folder through the same
models, and a file that does not fit is a located Problem (`E-performance`), never a traceback.

Files hold aggregates only: per standard and period the number of cases, how many met the
target, percentiles of open time and the cases not measured by reason. Breach IDs and the
differences with the vendor's figures are there for the internal site; the public view drops them.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from kbgen.problem import Level, Problem, Problems
from kbgen.read.files import display, file_problem

FORMAT = 1
FOLDER = "performance"
MONTH_RE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
MAX_BYTES = 32 * 1024 * 1024


class Strict(BaseModel):
    """Unknown keys are errors; the models never change once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Period(Strict):
    """One standard in one period (a month `2026-11` or an ISO week `2026-W45`).

    `share` is the percentage of measured cases that met the target (for `abandonment` and
    `answered`, the share of offered calls abandoned or answered), `goal_met` whether it
    reached the goal; percentiles and `value_seconds` are open time in seconds.
    """

    period: str
    n: int
    met: int | None = None
    share: float | None = None
    goal_met: bool | None = None
    value_seconds: int | None = None
    p50: int | None = None
    p90: int | None = None
    p95: int | None = None
    unmeasurable: dict[str, int] = {}
    breaches: list[str] = []


class VendorCase(Strict):
    """One case whose vendor figure differs from kbgen's, in minutes of business time."""

    id: str
    kbgen_minutes: float
    vendor_minutes: float
    difference_minutes: float


class VendorReport(Strict):
    """How kbgen's open time compares with the vendor's own business minutes for one standard."""

    compared: int
    differ: int
    largest: list[VendorCase] = []


class Method(Strict):
    """How the standard was measured (see kbgen.measure.method)."""

    start: str
    stop: str
    pause: list[str] = []
    abandon: Literal["counted", "excluded", "short_excluded"] | None = None
    short_abandon_seconds: int | None = None
    exclude_tags: list[str] = []


class StandardResult(Strict):
    """One standard's results for one month: the month, its ISO weeks and the vendor comparison."""

    metric: str
    source: Literal["generic", "zendesk", "freshdesk"]
    target: str
    goal: float | None
    statistic: str
    clock: str
    timezone: str
    method: Method
    month: Period
    weeks: list[Period] = []
    vendor: VendorReport | None = None


class MonthFile(Strict):
    """`performance/YYYY-MM.json`."""

    format: Literal[1]
    month: str
    complete: bool
    generated: str
    first_day: date
    last_day: date
    standards: dict[str, StandardResult]


def dump(month: MonthFile) -> bytes:
    """The file's bytes: keys sorted, one value per line, so the same results give the same bytes."""
    text = json.dumps(month.model_dump(mode="json"), sort_keys=True, indent=1, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def read_month(path: Path, shown: str, problems: Problems) -> MonthFile | None:
    """One results file, or None with a Problem when it does not fit."""
    return _read(path, shown, problems)


def load_performance(root: Path, problems: Problems) -> list[MonthFile]:
    """Every `performance/YYYY-MM.json` of the project, oldest first; a file that does not fit is a Problem."""
    folder = root / FOLDER
    if not folder.is_dir():
        return []
    months: list[MonthFile] = []
    for path in sorted(folder.iterdir()):
        shown = display(root, path)
        if path.suffix != ".json" or path.name.startswith("."):
            continue
        refused = file_problem(root, path, folder, f"{FOLDER}/")
        if refused is not None:
            problems.add(refused)
            continue
        month = _read(path, shown, problems)
        if month is not None:
            months.append(month)
    return sorted(months, key=lambda m: m.month)


def _read(path: Path, shown: str, problems: Problems) -> MonthFile | None:
    def fail(line: int, col: int, where: str, message: str, hint: str = "") -> None:
        problems.add(Problem(shown, line, col, where, "E-performance", Level.ERROR, message, hint))

    hint = "write it again with kbgen measure"
    if not MONTH_RE.fullmatch(path.stem):
        fail(1, 1, "", f'"{path.name}" is not named YYYY-MM.json', "kbgen measure names each file by its month")
        return None
    try:
        if path.stat().st_size > MAX_BYTES:
            fail(1, 1, "", f"larger than {MAX_BYTES // (1024 * 1024)} MiB", hint)
            return None
        data = json.loads(path.read_bytes())
    except OSError as exc:
        fail(1, 1, "", f"cannot read the file: {exc.strerror or exc}")
        return None
    except json.JSONDecodeError as exc:
        fail(exc.lineno, exc.colno, "", f"not JSON: {exc.msg}", hint)
        return None
    except UnicodeDecodeError:
        fail(1, 1, "", "not UTF-8", hint)
        return None
    try:
        month = MonthFile.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = errors[0]
        where = ".".join(str(part) for part in first["loc"])
        name = str(first["loc"][-1]) if first["loc"] else ""
        message = {"extra_forbidden": f'unknown field "{name}"', "missing": f'missing field "{name}"'}.get(
            first["type"], f"{first['msg'][:1].lower()}{first['msg'][1:]}"
        )
        fail(1, 1, where, f"{message} ({len(errors)} problems in all)" if len(errors) > 1 else message, hint)
        return None
    if month.month != path.stem:
        fail(1, 1, "month", f'the file holds month "{month.month}", its name says {path.stem}', hint)
        return None
    return month
