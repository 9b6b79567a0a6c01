"""A standard as the commitments page, the standards matrix and the channel pages show it: its promise,
goal and clock in words, whose deadline it is, its details and its grid of cells."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, TypedDict

from kbgen.read.schema import Level, Segment, Standard, Variant

if TYPE_CHECKING:
    from kbgen.publish.pages.context import Context


class GridRow(TypedDict):
    """One row of a standard's grid: a segment (or all customers) and its cells by priority."""

    label: str
    cells: list[str]


class Grid(TypedDict):
    """A standard's cells as one table: priorities across, segments down."""

    columns: list[str]
    rows: list[GridRow]


class StandardRow(TypedDict):
    """A standard as the commitments page and the standards matrix show it, its target and clock in words."""

    id: str
    title: str
    target: str
    goal: str
    clock: str
    channels: str
    segments: str
    measured: str
    description: str
    metric: str
    audience: str
    owner: str
    # us, customer or other: whose deadline it is (party_name says whose for other)
    party: str
    party_name: str
    # The condition, remedy, exclusions and update cadence, as Markdown lines
    details: list[str]
    grid: Grid | None


def standard_row(ctx: Context, std: Standard, page: str) -> StandardRow:
    """The standard's row; Markdown in it links relative to `page`."""
    promises = ctx.text.promises
    channels = ", ".join(ctx.text.inline(c.name) for c in ctx.view.channels if c.id in std.channels)
    if std.all_channels:
        channels = ctx.t("all_channels")
    segments = ", ".join(ctx.level_name(s, ctx.view.segments) for s in std.segments if s in ctx.view.segments)
    return {
        "id": std.id,
        "title": ctx.text.inline(std.title),
        "target": ctx.text.standard_words(std),
        "goal": promises.goal(std),
        "clock": ctx.clock_words(std.clock),
        "channels": channels,
        "segments": segments,
        "measured": ctx.text.markdown(std.measured, page),
        "description": ctx.text.markdown(std.description, page),
        "metric": std.metric,
        "audience": ctx.t(f"audience.{std.audience}"),
        "owner": ctx.owner_words(std.owner),
        "party": std.party,
        "party_name": ctx.text.inline(std.party_name) if std.party_name else "",
        "details": promises.details(std),
        "grid": grid(ctx, std),
    }


def grid(ctx: Context, std: Standard) -> Grid | None:
    """A standard's variants as one table (priorities across, segments down); None without variants."""
    if not std.variants:
        return None
    segments = list(dict.fromkeys(v.segment for v in std.variants))
    priorities = list(dict.fromkeys(v.priority for v in std.variants))

    def label(item_id: str | None, levels: Mapping[str, Level | Segment]) -> str:
        return ctx.t("grid.all") if item_id is None else ctx.level_name(item_id, levels)

    rows: list[GridRow] = []
    for segment in segments:
        cells = []
        for priority in priorities:
            cell = next((v for v in std.variants if v.segment == segment and v.priority == priority), None)
            cells.append(_cell(ctx, std, cell) if cell else "—")
        rows.append({"label": label(segment, ctx.view.segments), "cells": cells})
    columns = [label(p, ctx.view.priorities) for p in priorities] if priorities != [None] else [ctx.t("target")]
    return {"columns": columns, "rows": rows}


def _cell(ctx: Context, std: Standard, cell: Variant) -> str:
    words = f"**{ctx.text.promises.target(std, cell)}**"
    clock = cell.clock or std.clock
    if clock != std.clock:
        calendar = ctx.view.calendars.get(clock)
        name = ctx.text.inline(calendar.title) if calendar is not None and calendar.title else ctx.clock_words(clock)
        words += f" ({name})"
    if cell.goal is not None:
        words += f", {ctx.words.goal(cell.goal)}"
    return words
