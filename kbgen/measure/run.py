"""`kbgen measure` as a library: exports and a mapping in, one results file per month out.

The run never prints and never exits: it returns a `MeasureRun` with its Problems, and the CLI
decides the exit code. Nothing is written when the knowledge base, the mapping or an export
cannot be read, or when more rows are bad than `max_bad_rows` allows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from kbgen import engine
from kbgen.measure.aggregate import goal_percent, period_figures, vendor_report
from kbgen.measure.business_time import for_clock
from kbgen.measure.cases import Case, CaseReader
from kbgen.measure.exports import ExportError, read_export
from kbgen.measure.mapping import load_mapping
from kbgen.measure.method import measurable, method_of, unmeasured_shape
from kbgen.measure.outcome import Measurer, Outcome
from kbgen.problem import Problems
from kbgen.read.files import display
from kbgen.read.model import KnowledgeBase
from kbgen.read.performance import FOLDER, Method, MonthFile, StandardResult, dump, read_month


@dataclass
class MeasureRun:
    """What one run did: its Problems, the rows read and refused, the months it wrote."""

    problems: Problems = field(default_factory=Problems)
    rows: int = 0
    bad_rows: int = 0
    fatal: bool = False  # the knowledge base, the mapping or an export could not be read
    months: list[MonthFile] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    # standards not measured, and why: their metric, or no column for one of their events
    not_measured: dict[str, str] = field(default_factory=dict)


@dataclass
class _Collected:
    months: dict[str, list[Outcome]] = field(default_factory=lambda: defaultdict(list))
    weeks: dict[str, list[Outcome]] = field(default_factory=lambda: defaultdict(list))
    vendor: dict[str, list[tuple[str, timedelta, float]]] = field(default_factory=lambda: defaultdict(list))


def month_range(first: date, last: date) -> list[str]:
    """Every month from `first` to `last`, as YYYY-MM."""
    out, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def week_of(day: date) -> tuple[str, str]:
    """The ISO week of `day` (2026-W45) and the month it is reported in: the month of its Thursday."""
    iso = day.isocalendar()
    thursday = day + timedelta(days=3 - day.weekday())
    return f"{iso.year:04d}-W{iso.week:02d}", f"{thursday.year:04d}-{thursday.month:02d}"


def measure(
    project: Path,
    exports: Sequence[Path],
    source: str,
    mapping_path: Path,
    first: date,
    last: date,
    max_bad_rows: int = 0,
    out: Path | None = None,
) -> MeasureRun:
    """Measure every measurable standard of the project over the cases of `exports` from `first` to `last`."""
    run = MeasureRun()
    kb, problems = engine.validate(project)
    if kb is None or problems.errors:
        run.problems.extend(problems.errors)
        run.fatal = True
        return run
    mapping = load_mapping(mapping_path, display(project, mapping_path), source, kb, run.problems)
    if mapping is None:
        run.fatal = True
        return run
    reader = CaseReader(mapping)
    cases: list[Case] = []
    needed = mapping.needed()
    for path in exports:
        try:
            for item in reader.cases_of(read_export(path, display(project, path), source, needed)):
                run.rows += 1
                if isinstance(item, Case):
                    cases.append(item)
                else:
                    run.bad_rows += 1
                    run.problems.extend(item)
        except ExportError as exc:
            run.problems.add(exc.problem)
            run.fatal = True
    if run.fatal:
        return run
    events = set(mapping.events)
    run.months = results(kb, cases, source, first, last, mapping.timezone or "UTC", events, run)
    if run.bad_rows > max_bad_rows:
        return run
    folder = out if out is not None else project / FOLDER
    merged = [
        _merge(folder / f"{m.month}.json", display(project, folder / f"{m.month}.json"), m, run) for m in run.months
    ]
    if run.fatal:
        return run
    folder.mkdir(parents=True, exist_ok=True)
    for month in merged:
        target = folder / f"{month.month}.json"
        target.write_bytes(dump(month))
        run.written.append(target)
    return run


def _merge(path: Path, shown: str, month: MonthFile, run: MeasureRun) -> MonthFile:
    """`month` over the file already written for it: standards this run did not measure (another
    export's, another source's) keep their results, those it measured are replaced."""
    if not path.exists():
        return month
    earlier = read_month(path, shown, run.problems)
    if earlier is None:
        run.fatal = True  # never overwrite what cannot be read: it may be someone's results
        return month
    kept = {k: v for k, v in earlier.standards.items() if k not in month.standards}
    if not kept:
        return month
    return month.model_copy(update={"standards": dict(sorted({**kept, **month.standards}.items()))})


def results(
    kb: KnowledgeBase,
    cases: list[Case],
    source: str,
    first: date,
    last: date,
    zone: str,
    events: set[str],
    run: MeasureRun,
) -> list[MonthFile]:
    """The month files of the measured cases: every published standard whose metric and events the
    export gives, every month of the range."""
    measurers = []
    for std in kb.standards:
        if std.draft:
            continue
        if not measurable(std):
            run.not_measured[std.id] = f'the metric "{std.metric}" is not measured from exports'
            continue
        shape = unmeasured_shape(std)
        if shape is not None:
            run.not_measured[std.id] = shape
            continue
        method = method_of(std)
        missing = [e for e in (method.start, method.stop) if e not in events]
        if missing:
            run.not_measured[std.id] = f"the mapping has no column for {' or '.join(missing)}"
            continue
        measurers.append(Measurer(std, method, for_clock(kb, std.clock, zone)))
    collected = {m.std.id: _Collected() for m in measurers}
    weeks_month: dict[str, str] = {}
    for case in cases:
        for m in measurers:
            if not m.in_scope(case):
                continue
            outcome = m.outcome(case)
            if outcome is None:
                continue
            day = outcome.at.astimezone(m.calendar.timezone).date()
            if not first <= day <= last:
                continue
            month = f"{day.year:04d}-{day.month:02d}"
            week, reported_in = week_of(day)
            weeks_month[week] = reported_in
            bucket = collected[m.std.id]
            bucket.months[month].append(outcome)
            bucket.weeks[week].append(outcome)
            vendor = case.vendor.get(m.std.metric)
            if vendor is not None and outcome.reason is None:
                bucket.vendor[month].append((case.id, outcome.open, vendor))
    generated = _generated()
    files = []
    for month in month_range(first, last):
        year, number = (int(p) for p in month.split("-"))
        month_first = date(year, number, 1)
        month_last = (date(year + number // 12, number % 12 + 1, 1)) - timedelta(days=1)
        standards_out: dict[str, StandardResult] = {}
        for m in measurers:
            bucket = collected[m.std.id]
            weeks = sorted(w for w, reported in weeks_month.items() if reported == month and w in bucket.weeks)
            method = m.method
            standards_out[m.std.id] = StandardResult(
                metric=m.std.metric,
                source=source,
                target=str(m.std.target),
                goal=goal_percent(m.std),
                statistic=m.std.statistic,
                clock=m.std.clock,
                timezone=m.calendar.timezone.key,
                method=Method.model_validate(method.as_json()),
                month=period_figures(m.std, month, bucket.months.get(month, [])),
                weeks=[period_figures(m.std, w, bucket.weeks[w]) for w in weeks],
                vendor=vendor_report(bucket.vendor.get(month, [])),
            )
        files.append(
            MonthFile(
                format=1,
                month=month,
                complete=first <= month_first and month_last <= last,
                generated=generated,
                first_day=max(first, month_first),
                last_day=min(last, month_last),
                standards=standards_out,
            )
        )
    return files


def _generated() -> str:
    """When the results were made: SOURCE_DATE_EPOCH when set (reproducible files), else now."""
    epoch = engine.source_date_epoch()
    moment = datetime.fromtimestamp(epoch, UTC) if epoch is not None else datetime.now(UTC).replace(microsecond=0)
    return moment.isoformat().replace("+00:00", "Z")
