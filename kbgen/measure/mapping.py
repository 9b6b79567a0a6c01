"""The mapping file of `kbgen measure`: which export column holds what, and what its values mean.

    timezone: America/Bogota          # for timestamps written without an offset
    columns:
      id: Ticket ID
      channel: Source
      priority: Priority
      segment: Customer tier
      status: Status
      tags: Tags
      status_log: Status history      # "2026-11-03T10:00:00-05:00 pending; ..." for pause statuses
      events: {created: Created time, first_response: Initial response time, resolved: Resolved time}
      vendor: {first_response: First response time (in hrs)}
    values:
      channel: {Email: email, Phone: phone, Portal: ~}   # ~: the case has no channel of kb.yml
      priority: {Low: normal, High: urgent}
      status: {Closed: closed, Spam: spam, Merged: merged}

Only the columns named here are ever read; every other column of an export, whatever it
holds (names, e-mail addresses, subjects), is never kept, so it cannot reach any output.
The file is read like every kbgen YAML file (located nodes), so its mistakes are located too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field

from kbgen.problem import Level, Problem, Problems
from kbgen.read.loader import load_file
from kbgen.read.model import KnowledgeBase
from kbgen.read.schema import DURATION_METRICS, EVENTS, Id, Model, TimeZone, Word
from kbgen.read.validate import Validator

SOURCES = ("generic", "zendesk", "freshdesk")
# Columns each vendor's export always has, used where the mapping names none.
SOURCE_COLUMNS: dict[str, dict[str, Any]] = {
    "generic": {},
    "zendesk": {
        "id": "id",
        "channel": "via.channel",
        "priority": "priority",
        "status": "status",
        "tags": "tags",
        "events": {
            "created": "created_at",
            "first_response": "first_reply_at",
            "resolved": "metric_set.solved_at",
        },
        "vendor": {
            "first_response": "metric_set.reply_time_in_minutes.business",
            "resolution": "metric_set.full_resolution_time_in_minutes.business",
        },
    },
    "freshdesk": {
        "id": "Ticket ID",
        "channel": "Source",
        "priority": "Priority",
        "status": "Status",
        "tags": "Tags",
        "events": {
            "created": "Created time",
            "first_response": "Initial response time",
            "resolved": "Resolved time",
        },
        "vendor": {
            "first_response": "First response time (in hrs)",
            "resolution": "Resolution time (in hrs)",
        },
    },
}
# The unit of the vendor's own business time in each source's export.
VENDOR_UNIT_MINUTES = {"generic": 1.0, "zendesk": 1.0, "freshdesk": 60.0}
SPECIAL_STATUSES = ("merged", "spam")


class Columns(Model):
    """`columns`: the export's column for each thing kbgen reads of a case."""

    id: Word | None = None
    channel: Word | None = None
    priority: Word | None = None
    segment: Word | None = None
    status: Word | None = None
    tags: Word | None = None
    status_log: Word | None = None
    events: dict[str, Word] = Field(default_factory=dict)
    vendor: dict[str, Word] = Field(default_factory=dict)


class Values(Model):
    """`values`: what each value of a mapped column means in kb.yml's words."""

    channel: dict[str, Id | None] = Field(default_factory=dict)
    priority: dict[str, Id | None] = Field(default_factory=dict)
    segment: dict[str, Id | None] = Field(default_factory=dict)
    status: dict[str, Word] = Field(default_factory=dict)


class MappingFile(Model):
    """A mapping file as written."""

    timezone: TimeZone | None = None
    columns: Columns = Columns()
    values: Values = Values()


@dataclass(frozen=True)
class Mapping:
    """A mapping with the source's default columns filled in: what the readers and cases use."""

    file: str
    source: str
    timezone: str | None
    columns: dict[str, str]  # case field (id, channel, ..., status_log) -> column
    events: dict[str, str]  # event -> column
    vendor: dict[str, str]  # metric -> column of the vendor's business time
    values: dict[str, dict[str, str | None]] = field(default_factory=dict)
    # kb.yml's IDs per kind: a column without a value map must hold them as they are
    known: dict[str, frozenset[str]] = field(default_factory=dict)

    def needed(self) -> list[str]:
        """Every column the mapping reads, in a stable order: nothing else of an export is kept."""
        names = [*self.columns.values(), *self.events.values(), *self.vendor.values()]
        return list(dict.fromkeys(names))


def load_mapping(path: Path, shown: str, source: str, kb: KnowledgeBase, problems: Problems) -> Mapping | None:
    """The mapping at `path` for `source`, checked against the knowledge base; None when it has errors."""
    before = len(problems.errors)
    loaded = load_file(str(path), shown, cached=False)
    problems.extend(loaded.problems)
    if not loaded.ok:
        return None
    validator = Validator(problems)
    data = loaded.data if loaded.data is not None else {}
    parsed, _ = validator.validate(MappingFile, data, loaded, ())
    if parsed is None:
        return None

    def check_keys(keys: list[str], allowed: tuple[str, ...], where: tuple[str, ...]) -> None:
        for key in keys:
            if key not in allowed:
                validator.unknown_field(loaded, (*where, key), key, list(allowed))

    check_keys(list(parsed.columns.events), EVENTS, ("columns", "events"))
    check_keys(list(parsed.columns.vendor), DURATION_METRICS, ("columns", "vendor"))
    known: dict[str, set[str]] = {
        "channel": {c.id for c in kb.kb.channels},
        "priority": {p.id for p in kb.kb.priorities} or {p for s in kb.standards for p in s.priorities},
        "segment": {s.id for s in kb.kb.segments},
    }
    values: dict[str, dict[str, str | None]] = {}
    for kind, ids in known.items():
        table: dict[str, str | None] = getattr(parsed.values, kind)
        for raw, mapped in table.items():
            if mapped is not None and mapped not in ids:
                validator.error(
                    loaded,
                    ("values", kind, raw),
                    "E-unknown-id",
                    f'no {kind} "{mapped}" in the knowledge base',
                    f"use one of {', '.join(sorted(ids)) or '(none declared)'}, or ~ for none",
                )
        values[kind] = dict(table)
    values["status"] = dict(parsed.values.status)
    defaults = SOURCE_COLUMNS[source]
    written = parsed.columns.model_dump(exclude={"events", "vendor"}, exclude_none=True)
    columns = {k: v for k, v in defaults.items() if isinstance(v, str)} | written
    if "id" not in columns:
        line, col = loaded.source.position(("columns",))
        message, hint = "missing the column of case IDs", "add id: COLUMN under columns"
        problems.add(Problem(shown, line, col, "columns.id", "E-required", Level.ERROR, message, hint))
    events = dict(defaults.get("events", {})) | parsed.columns.events
    vendor = dict(defaults.get("vendor", {})) | parsed.columns.vendor
    if len(problems.errors) > before:
        return None
    known_ids = {kind: frozenset(found) for kind, found in known.items()}
    return Mapping(shown, source, parsed.timezone, columns, events, vendor, values, known_ids)
