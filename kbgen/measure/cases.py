"""Cases from export rows: timestamps in UTC, channel, priority and segment in kb.yml's IDs.

A row whose values cannot be read (an unmapped value, a timestamp without a time zone when the
mapping gives none, text where a time belongs) yields located Problems and no case: the
command counts it as a bad row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from kbgen.measure.exports import Row
from kbgen.measure.mapping import SPECIAL_STATUSES, VENDOR_UNIT_MINUTES, Mapping
from kbgen.problem import Level, Problem


@dataclass(slots=True)
class Case:
    """One case as kbgen measures it; instants are aware, in UTC."""

    id: str
    channel: str | None = None
    priority: str | None = None
    segment: str | None = None
    status: str | None = None
    tags: frozenset[str] = frozenset()
    events: dict[str, datetime] = field(default_factory=dict)
    status_log: tuple[tuple[datetime, str], ...] = ()
    vendor: dict[str, float] = field(default_factory=dict)  # metric -> the vendor's business minutes

    @property
    def merged_or_spam(self) -> bool:
        """Whether the export marks the case as merged into another or as spam."""
        return self.status in SPECIAL_STATUSES


class CaseReader:
    """Turns rows into cases with one mapping; problems name the row's file, row and column."""

    def __init__(self, mapping: Mapping) -> None:
        self.mapping = mapping
        self.zone = ZoneInfo(mapping.timezone) if mapping.timezone else None
        self.unit = VENDOR_UNIT_MINUTES[mapping.source]
        self._parsed: dict[str, datetime] = {}

    def cases_of(self, rows: Iterable[Row | Problem]) -> Iterator[Case | list[Problem]]:
        """Each row's case, or the Problems that keep it from being one."""
        for row in rows:
            if isinstance(row, Problem):  # a row the reader could not split into its columns
                yield [row]
                continue
            problems: list[Problem] = []
            case = self.case(row, problems)
            yield problems if problems or case is None else case

    def case(self, row: Row, problems: list[Problem]) -> Case | None:
        """The case of one row; Problems are added to `problems`."""
        m = self.mapping
        cols = m.columns
        raw_id = row.cells.get(cols["id"], "").strip()
        if not raw_id:
            problems.append(self._problem(row, cols["id"], "the case has no ID", "every row needs its case ID"))
            return None
        case = Case(raw_id)
        case.channel = self._value(row, "channel", problems)
        case.priority = self._value(row, "priority", problems)
        case.segment = self._value(row, "segment", problems)
        if "status" in cols:
            status = row.cells.get(cols["status"], "").strip()
            table = m.values.get("status") or {}
            if table and status:
                if status not in table:
                    problems.append(self._unmapped(row, "status", status))
                case.status = table.get(status)
            else:
                case.status = status.lower() or None
        if "tags" in cols:
            text = row.cells.get(cols["tags"], "")
            case.tags = frozenset(t.strip() for t in text.replace(";", ",").split(",") if t.strip())
        for event, column in m.events.items():
            text = row.cells.get(column, "").strip()
            if text:
                instant = self._instant(row, column, text, problems)
                if instant is not None:
                    case.events[event] = instant
        if "status_log" in cols:
            case.status_log = self._status_log(row, cols["status_log"], problems)
        for metric, column in m.vendor.items():
            text = row.cells.get(column, "").strip()
            if text:
                minutes = self._minutes(text)
                if minutes is None:
                    problems.append(self._problem(row, column, f'expected a number, got "{text[:40]}"', ""))
                else:
                    case.vendor[metric] = minutes
        return case

    def _value(self, row: Row, kind: str, problems: list[Problem]) -> str | None:
        column = self.mapping.columns.get(kind)
        if column is None:
            return None
        raw = row.cells.get(column, "").strip()
        if not raw:
            return None
        table = self.mapping.values.get(kind) or {}
        if table:
            if raw in table:
                return table[raw]
        elif raw in self.mapping.known.get(kind, ()):
            return raw
        problems.append(self._unmapped(row, kind, raw))
        return None

    def _unmapped(self, row: Row, kind: str, raw: str) -> Problem:
        column = self.mapping.columns[kind]
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        return self._problem(
            row,
            column,
            f'the {kind} "{shown}" is not in the mapping',
            f"add it under values.{kind} in {self.mapping.file} (a kb.yml ID, or ~ for none)",
            code="E-export-value",
        )

    def _instant(self, row: Row, column: str, text: str, problems: list[Problem]) -> datetime | None:
        hit = self._parsed.get(text)
        if hit is not None:
            return hit
        try:
            value = datetime.fromisoformat(text.replace(" UTC", "+00:00"))
        except ValueError:
            problems.append(
                self._problem(
                    row,
                    column,
                    f'expected a date and time, got "{text[:40]}"',
                    "write it as ISO 8601: 2026-11-03T10:15:00-05:00",
                    code="E-export-time",
                )
            )
            return None
        if value.tzinfo is None:
            if self.zone is None:
                problems.append(
                    self._problem(
                        row,
                        column,
                        f'"{text[:40]}" has no time zone',
                        f"add timezone: (the export's time zone) to {self.mapping.file}",
                        code="E-export-time",
                    )
                )
                return None
            value = value.replace(tzinfo=self.zone)
        instant = value.astimezone(UTC)
        self._parsed[text] = instant
        return instant

    def _status_log(self, row: Row, column: str, problems: list[Problem]) -> tuple[tuple[datetime, str], ...]:
        """`2026-11-03T10:00:00-05:00 pending; 2026-11-03T12:00:00-05:00 open`, in time order."""
        entries: list[tuple[datetime, str]] = []
        table = self.mapping.values.get("status") or {}
        for part in row.cells.get(column, "").split(";"):
            if not part.strip():
                continue
            stamp, _, status = part.strip().partition(" ")
            instant = self._instant(row, column, stamp, problems)
            word = status.strip()
            if table:
                if word not in table:
                    problems.append(self._unmapped_log(row, column, word))
                    continue
                word = table[word] or ""
            if instant is not None:
                entries.append((instant, word.lower()))
        return tuple(sorted(entries))

    def _unmapped_log(self, row: Row, column: str, word: str) -> Problem:
        return self._problem(
            row,
            column,
            f'the status "{word[:40]}" is not in the mapping',
            f"add it under values.status in {self.mapping.file}",
            code="E-export-value",
        )

    def _minutes(self, text: str) -> float | None:
        """The vendor's business time in minutes: a number in the source's unit, or H:MM(:SS)."""
        try:
            if ":" in text:
                parts = [float(p) for p in text.split(":")]
                while len(parts) < 3:
                    parts.append(0.0)
                return parts[0] * 60 + parts[1] + parts[2] / 60
            return float(text.replace(",", ".")) * self.unit
        except ValueError:
            return None

    @staticmethod
    def _problem(row: Row, column: str, message: str, hint: str, code: str = "E-export") -> Problem:
        number, field_path = row.where(column)
        return Problem(row.file, row.row, number, field_path, code, Level.ERROR, message, hint)
