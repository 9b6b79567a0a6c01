"""Reading exports: CSV (generic and Freshdesk) and Zendesk's incremental ticket export (JSON).

Each reader yields `Row`s holding only the columns the mapping names, each with where it
was read (file, row, column), so a later problem points at the cell. Nothing else of an export
is kept: a column the mapping does not name is dropped as the row is read.

Row numbers are what a spreadsheet shows: a CSV's header is row 1, its first case row 2 (a
quoted value spanning lines counts as its first line). In Zendesk's JSON a row is a ticket's
place in `tickets` (1 for the first) and the column is 1; the field path names the value.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from kbgen.problem import Level, Problem

MAX_FIELD = 1 << 20  # a CSV field larger than 1 MiB is a broken file, not a case
csv.field_size_limit(MAX_FIELD)


@dataclass(frozen=True, slots=True)
class Row:
    """One case row: the mapped columns' text (absent when the row has no such cell) and positions."""

    file: str
    row: int
    cells: dict[str, str]
    columns: dict[str, int]  # column name -> 1-based column number
    json_path: str = ""  # Zendesk: "tickets[3]", so problems can name the field

    def where(self, column: str) -> tuple[int, str]:
        """The column number of `column` and the field path problems name."""
        field = f"{self.json_path}.{column}" if self.json_path else column
        return self.columns.get(column, 1), field


class ExportError(Exception):
    """An export that cannot be read at all; `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def _fail(file: str, row: int, column: int, message: str, hint: str = "") -> ExportError:
    return ExportError(Problem(file, row, column, "", "E-export", Level.ERROR, message, hint))


def read_export(path: Path, shown: str, source: str, needed: list[str]) -> Iterator[Row | Problem]:
    """The rows of one export (or a Problem for a row that cannot be read); raises ExportError
    when the file as a whole cannot be read."""
    if source == "zendesk":
        yield from _zendesk(path, shown, needed)
    else:
        yield from _csv(path, shown, needed)


def _csv(path: Path, shown: str, needed: list[str]) -> Iterator[Row | Problem]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise _fail(shown, 0, 0, f"cannot read the export: {exc.strerror or exc}") from None
    with handle:
        try:
            first = handle.readline()
            handle.seek(0)
        except UnicodeDecodeError:
            raise _fail(shown, 1, 1, "the export is not UTF-8", "export it again as UTF-8 CSV") from None
        # Comma-separated, unless the header says semicolons (spreadsheets in Spanish write those).
        delimiter = ";" if first.count(";") > first.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        try:
            header = next(reader, None)
            if header is None:
                raise _fail(shown, 1, 1, "the export is empty", "export it again with its header row")
            index = {name.strip(): i for i, name in reversed(list(enumerate(header)))}
            missing = [name for name in needed if name not in index]
            if missing:
                names = ", ".join(f'"{m}"' for m in missing)
                raise _fail(shown, 1, 1, f"no column {names} in the header", "check the mapping's column names")
            wanted = [(name, index[name]) for name in needed]
            columns = {name: i + 1 for name, i in wanted}
            width = len(header)
            line = reader.line_num + 1
            for record in reader:
                if not record:  # a blank line
                    line = reader.line_num + 1
                    continue
                if len(record) != width:
                    yield Problem(
                        shown,
                        line,
                        1,
                        "",
                        "E-export",
                        Level.ERROR,
                        f"the row has {len(record)} fields, the header {width}",
                        "a value holding the delimiter must be quoted",
                    )
                else:
                    yield Row(shown, line, {name: record[i] for name, i in wanted}, columns)
                line = reader.line_num + 1
        except UnicodeDecodeError:
            raise _fail(shown, reader.line_num + 1, 1, "the export is not UTF-8", "export it again as UTF-8") from None
        except csv.Error as exc:
            raise _fail(shown, reader.line_num, 1, f"the CSV cannot be read: {exc}") from None


# --- Zendesk ----------------------------------------------------------------------------------


def _zendesk(path: Path, shown: str, needed: list[str]) -> Iterator[Row | Problem]:
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise _fail(shown, 0, 0, f"cannot read the export: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        where = (exc.lineno, exc.colno) if isinstance(exc, json.JSONDecodeError) else (1, 1)
        raise _fail(shown, *where, f"the export is not JSON: {exc}", "give the file the API returned") from None
    if not isinstance(data, dict) or not isinstance(data.get("tickets"), list):
        raise _fail(shown, 1, 1, 'expected Zendesk\'s incremental ticket export: {"tickets": [...]}')
    metric_sets = {m.get("ticket_id"): m for m in data.get("metric_sets") or [] if isinstance(m, dict)}
    wanted = set(needed)
    for number, ticket in enumerate(data["tickets"], start=1):
        if not isinstance(ticket, dict):
            yield Problem(shown, number, 1, f"tickets[{number - 1}]", "E-export", Level.ERROR, "not a ticket")
            continue
        metrics = ticket.get("metric_set") or metric_sets.get(ticket.get("id")) or {}
        flat = _flatten({**ticket, "metric_set": metrics}, wanted)
        first_reply = _first_reply_at(ticket.get("created_at"), metrics)
        if first_reply is not None and "first_reply_at" in wanted:
            flat["first_reply_at"] = first_reply
        yield Row(shown, number, flat, dict.fromkeys(flat, 1), f"tickets[{number - 1}]")


def _flatten(value: Any, wanted: set[str], prefix: str = "") -> dict[str, str]:
    """The wanted scalar fields of a ticket by dotted name (`via.channel`, `custom_fields.360001`);
    lists of scalars (tags) are joined with commas."""
    out: dict[str, str] = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if any(w == name or w.startswith(name + ".") for w in wanted):
                out.update(_flatten(inner, wanted, name))
    elif isinstance(value, list):
        if all(isinstance(v, dict) and "id" in v for v in value):  # custom_fields: [{id, value}]
            for v in value:
                name = f"{prefix}.{v['id']}"
                if name in wanted and v.get("value") is not None:
                    out[name] = _scalar(v.get("value"))
        elif prefix in wanted:
            out[prefix] = ",".join(_scalar(v) for v in value if v is not None)
    elif value is not None and prefix in wanted:
        out[prefix] = _scalar(value)
    return out


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _first_reply_at(created: Any, metrics: dict[str, Any]) -> str | None:
    """When the first reply came: Zendesk keeps only its delay in calendar minutes, from creation."""
    minutes = (metrics.get("reply_time_in_minutes") or {}).get("calendar")
    if not isinstance(created, str) or not isinstance(minutes, (int, float)):
        return None
    try:
        start = datetime.fromisoformat(created)
    except ValueError:
        return None
    return (start + timedelta(minutes=minutes)).isoformat()
