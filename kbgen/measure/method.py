"""How each standard is measured: its `measure:` field over the defaults of its metric.

A duration standard is measured per case, from a start event to a stop event, on the
standard's clock (business time on its calendar), less the time the case spent in a pause
status. `abandonment` and `answered` are shares of offered calls or chats; the other metrics
(satisfaction, other) are not measured from exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from kbgen.read.schema import DURATION_METRICS, Standard

# metric: (start event, stop event)
DEFAULT_EVENTS: dict[str, tuple[str, str]] = {
    "acknowledgement": ("created", "acknowledged"),
    "first_response": ("created", "first_response"),
    "next_response": ("created", "next_response"),
    "resolution": ("created", "resolved"),
    "wait_time": ("queued", "answered"),
    "callback": ("created", "callback"),
    "delivery": ("created", "delivered"),
    "installation": ("created", "installed"),
    "appointment": ("created", "appointment"),
    "refund": ("created", "refunded"),
    "abandonment": ("queued", "answered"),
    "answered": ("queued", "answered"),
}
RATE_METRICS = ("abandonment", "answered")
WAIT_METRICS = ("wait_time", "abandonment", "answered")


@dataclass(frozen=True)
class Method:
    """A standard's resolved method: what the results pages print beside the figures."""

    start: str
    stop: str
    pause: tuple[str, ...]
    abandon: str | None  # only for waits: counted | excluded | short_excluded
    short_abandon: timedelta
    exclude_tags: tuple[str, ...]

    def as_json(self) -> dict[str, object]:
        """The method as `performance/*.json` stores it."""
        return {
            "start": self.start,
            "stop": self.stop,
            "pause": list(self.pause),
            "abandon": self.abandon,
            "short_abandon_seconds": int(self.short_abandon.total_seconds())
            if self.abandon == "short_excluded"
            else None,
            "exclude_tags": list(self.exclude_tags),
        }


def measurable(std: Standard) -> bool:
    """Whether `kbgen measure` can measure the standard from exports (a duration, or a share of calls)."""
    return std.metric in DURATION_METRICS or std.metric in RATE_METRICS


def unmeasured_shape(std: Standard) -> str | None:
    """Why a standard of a measurable metric is still not measured from exports, or None: a deadline
    that is not ours, notice (a floor, not a ceiling), or a target that is not a number."""
    if std.party != "us":
        return "it is not our deadline (party: " + std.party + ")"
    if std.direction == "at_least" and std.metric in DURATION_METRICS:
        return "a minimum notice (direction: at_least) is not measured from exports"
    if std.metric in DURATION_METRICS and std.target is None:
        return "its target is not a duration (deadline, variants or updates)"
    if std.at is not None:
        return "a time of day on the last day (at) is not measured from exports"
    return None


def method_of(std: Standard) -> Method:
    """The standard's method: its own `measure:` fields, the metric's defaults for the rest."""
    start, stop = DEFAULT_EVENTS[std.metric]
    own = std.measure
    abandon = None
    short = timedelta(seconds=5)
    pause: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    if own is not None:
        start, stop = own.start or start, own.stop or stop
        pause, tags = tuple(p.lower() for p in own.pause), tuple(own.exclude_tags)
        short = timedelta(seconds=own.short_abandon.total_seconds)
    if std.metric in WAIT_METRICS:
        abandon = own.abandon if own is not None else "counted"
    return Method(start, stop, pause, abandon, short, tags)
