"""When each step of a playbook is due, counted from the start of the case: the one owner of that sum,
asked by the check that warns about steps due before an earlier one and by the playbook page's
"first minutes" card."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kbgen.read.scalars import Duration
from kbgen.read.schema import Playbook, Step


@dataclass(frozen=True)
class Due:
    """A step's deadline from the start of the case: `offset` (the step's `within` plus those of the
    steps its `after` chain goes through) and whether any of them counts business time."""

    offset: Duration
    business: bool

    @property
    def seconds(self) -> int:
        """The offset in seconds, to order deadlines (open time and calendar time alike)."""
        return self.offset.total_seconds


def add(first: Duration, second: Duration) -> Duration:
    """Two durations end to end, seconds carried into minutes and minutes into hours (days are
    left alone: a business day is not 24 hours)."""
    seconds = first.seconds + second.seconds
    minutes = first.minutes + second.minutes + seconds // 60
    hours = first.hours + second.hours + minutes // 60
    return Duration(first.weeks + second.weeks, first.days + second.days, hours, minutes % 60, seconds % 60)


def step_deadlines(pb: Playbook, business: Callable[[Step], bool]) -> list[Due | None]:
    """Each step's deadline from the start of the case, in step order; None for a step without
    `within` (and for one counted from a step that has no deadline itself). `business` says
    whether a step's `within` is open time (the clock of its standard)."""
    by_id: dict[str, Due | None] = {}
    out: list[Due | None] = []
    for step in pb.steps:
        due: Due | None = None
        if step.within is not None:
            start: Due | None = Due(Duration(), False)
            if step.after is not None:
                start = by_id.get(step.after)
            if start is not None:
                due = Due(add(start.offset, step.within), start.business or business(step))
        out.append(due)
        if step.id:
            by_id[step.id] = due
    return out


def step_clock(step: Step, clocks: dict[str, str]) -> str:
    """The clock a step's `within` is counted on: that of its first standard `clocks` knows
    (standard ID → clock), else 24x7."""
    return next((clocks[s] for s in step.all_standards if s in clocks), "24x7")
