"""One case against one standard: in scope or not, measured or why not, the open time, met or not.

The open time runs on the standard's clock (business time on its calendar) from the start event
to the stop event, less the open time the case spent in one of the method's pause statuses.
A duration target with days, weeks or months is met when the stop comes no later than the target's due
instant; one of hours, minutes and seconds when the open time is at most the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kbgen.measure.business_time import business_time, due
from kbgen.measure.calendar import BusinessCalendar
from kbgen.measure.cases import Case
from kbgen.measure.method import RATE_METRICS, WAIT_METRICS, Method
from kbgen.read.scalars import Duration
from kbgen.read.schema import Standard

ZERO = timedelta(0)
# Why a case in scope was not measured, in the order the pages list them.
REASONS = (
    "no_reply_yet",
    "missing_timestamps",
    "inconsistent_timestamps",
    "merged_or_spam",
    "excluded_tag",
    "abandoned",
    "short_abandon",
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """A case measured against a standard: `reason` when it was not measured, else `open` and `met`.

    For the share metrics (abandonment, answered) `abandoned` says whether the call was abandoned;
    `answered` whether a person answered it.
    """

    case_id: str
    at: datetime  # the instant the case counts from (its start, else its creation): the period
    reason: str | None = None
    open: timedelta = ZERO
    met: bool = False
    abandoned: bool = False
    answered: bool = False


class Measurer:
    """Measures cases against one standard with its method, on its calendar."""

    def __init__(self, std: Standard, method: Method, calendar: BusinessCalendar) -> None:
        self.std = std
        self.method = method
        self.calendar = calendar
        self.rate = std.metric in RATE_METRICS
        self.wait = std.metric in WAIT_METRICS
        target = std.target
        self.target = target if isinstance(target, Duration) else None
        self.calendar_days = self.target is not None and bool(
            self.target.days or self.target.weeks or self.target.calendar_months
        )
        self.limit = timedelta(seconds=self.target.clock_seconds) if self.target is not None else ZERO
        self.channels = frozenset(std.channels)
        self.priorities = frozenset(std.priorities)
        self.segments = frozenset(std.segments)
        self.tags = frozenset(method.exclude_tags)

    def in_scope(self, case: Case) -> bool:
        """Whether the standard applies to the case: its channel, priority and segment (when it lists them)."""
        return (
            (not self.channels or case.channel in self.channels)
            and (not self.priorities or case.priority in self.priorities)
            and (not self.segments or case.segment in self.segments)
        )

    def outcome(self, case: Case) -> Outcome | None:
        """The case's outcome, or None when it has no instant to place it in a period."""
        m = self.method
        start = case.events.get(m.start)
        at = start or case.events.get("created") or (min(case.events.values()) if case.events else None)
        if at is None:
            return None
        if case.merged_or_spam:
            return Outcome(case.id, at, "merged_or_spam")
        if self.tags & case.tags:
            return Outcome(case.id, at, "excluded_tag")
        if start is None:
            return Outcome(case.id, at, "missing_timestamps")
        stop = case.events.get(m.stop)
        abandoned_at = case.events.get("abandoned") if self.wait and stop is None else None
        if abandoned_at is not None:
            return self._abandoned(case, start, abandoned_at)
        if self.rate:
            return Outcome(case.id, at, None, answered=stop is not None)
        if stop is None:
            return Outcome(case.id, at, "no_reply_yet")
        if stop < start:
            return Outcome(case.id, at, "inconsistent_timestamps")
        open_time = business_time(self.calendar, start, stop) - self._paused(case, start, stop)
        return Outcome(case.id, at, None, open_time, self._met(start, open_time))

    def _abandoned(self, case: Case, start: datetime, left: datetime) -> Outcome:
        waited = max(left - start, ZERO)
        short = self.method.abandon == "short_excluded" and waited < self.method.short_abandon
        if short:
            return Outcome(case.id, start, "short_abandon", abandoned=True)
        if self.rate:
            return Outcome(case.id, start, None, abandoned=True)
        if self.method.abandon == "excluded":
            return Outcome(case.id, start, "abandoned", abandoned=True)
        # counted: the caller never reached a person, so the promise was not kept
        return Outcome(case.id, start, None, business_time(self.calendar, start, left), False, abandoned=True)

    def _met(self, start: datetime, open_time: timedelta) -> bool:
        if self.target is None:
            return False
        if not self.calendar_days:
            return open_time <= self.limit
        deadline = due(self.calendar, start, self.target)
        return open_time <= business_time(self.calendar, start, deadline)

    def _paused(self, case: Case, start: datetime, stop: datetime) -> timedelta:
        """Open time between `start` and `stop` during which the case was in a pause status."""
        pause = self.method.pause
        if not pause or not case.status_log:
            return ZERO
        total = ZERO
        log = case.status_log
        for i, (since, status) in enumerate(log):
            if status not in pause:
                continue
            until = log[i + 1][0] if i + 1 < len(log) else stop
            a, b = max(since, start), min(until, stop)
            if a < b:
                total += business_time(self.calendar, a, b)
        return total
