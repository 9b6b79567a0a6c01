"""What `kbgen diff` finds: one `Change` per change to one item, and the `DiffResult` of a comparison.

The kinds of item and of change are listed in report order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbgen.audience import is_public
from kbgen.problem import Problems

KINDS = ("standard", "channel", "calendar", "category", "faq", "playbook")
CHANGES = (
    "added",
    "removed",
    "audience",
    "retitled",
    "target",
    "clock",
    "goal",
    "statistic",
    "scope",
    "metric",
    "contact",
    "hours",
    "holidays",
    "timezone",
    "category",
    "reworded",
    "changed",
)


@dataclass(frozen=True)
class Change:
    """One change to one item, with before and after in words of the knowledge base's default language."""

    audience: str  # public: customers see it (before or after); internal: only agents do
    kind: str  # standard | channel | calendar | category | faq | playbook
    id: str
    title: str
    change: str  # one of CHANGES
    before: str | None = None
    after: str | None = None
    weaker: bool = False
    fields: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    reason: str = ""  # why it is weaker: promise | standard | lost | channel | hours | closed

    def sort_key(self) -> tuple[int, int, str, int, tuple[str, ...]]:
        """Report order: public before internal, then kind (as in KINDS), ID, change (as in CHANGES), fields."""
        return (
            0 if is_public(self.audience) else 1,
            KINDS.index(self.kind),
            self.id,
            CHANGES.index(self.change),
            self.fields,
        )

    def as_json(self) -> dict[str, Any]:
        """The change as JSON-ready values; `reason` is left out (`weaker` says whether it is)."""
        return {
            "audience": self.audience,
            "kind": self.kind,
            "id": self.id,
            "title": self.title,
            "change": self.change,
            "before": self.before,
            "after": self.after,
            "weaker": self.weaker,
            "fields": list(self.fields),
            "languages": list(self.languages),
        }


@dataclass
class DiffResult:
    """What `compare` found: the changes in report order, worded in `language`, head's default (else base's).

    When either revision does not validate, `invalid` holds its Problems by revision
    and `changes` stays empty.
    """

    base: str
    head: str | None  # None: the working tree
    language: str
    changes: list[Change] = field(default_factory=list)
    # Revisions whose content does not validate, with their problems: such a diff is not produced.
    invalid: dict[str, Problems] = field(default_factory=dict)
    # By site (public, internal): the addresses of the pages that change, in every language.
    pages: dict[str, list[str]] = field(default_factory=dict)

    @property
    def weaker(self) -> list[Change]:
        """The changes that give customers (or, for internal standards, agents) less than before."""
        return [c for c in self.changes if c.weaker]
