"""`kbgen review`: the items past or near their review date, as a text or JSON report.

Which items are due is decided by `kbgen.publish.views.review_items`; this module only
gathers them for one day and renders them. Nothing here prints or exits.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from kbgen.publish.catalogs import prefixed
from kbgen.publish.views import SOON_DAYS, ReviewItem, review_items
from kbgen.read.model import KnowledgeBase


@dataclass(frozen=True)
class Review:
    """The items due for review on `today`, by owner, with titles in `language` (the default one)."""

    today: date
    language: str
    items: list[ReviewItem]

    @property
    def overdue(self) -> list[ReviewItem]:
        """The items past their review date."""
        return [i for i in self.items if i.overdue]


def review(kb: KnowledgeBase, today: date) -> Review:
    """The items of `kb` past or within SOON_DAYS of their review date on `today`."""
    return Review(today, kb.default_language, review_items(kb, today))


def text(result: Review, lang: str = "en") -> str:
    """One block per owner, one line per item, then a count of overdue and soon-due items, in `lang`."""
    w = {**prefixed("en", "reviewcli."), **prefixed(lang, "reviewcli.")}
    lines = []
    owner = None
    for item in result.items:
        if item.owner != owner:
            owner = item.owner
            lines.append(f"{owner or w['no-owner']}:")
        state = w["overdue"] if item.overdue else w["soon"]
        last = w["reviewed"].format(date=item.reviewed.isoformat()) if item.reviewed else w["never"]
        lines.append(f"  {state:8}  {item.due.isoformat()}  {item.kind:8} {item.id:32} {last}  {item.file}")
    overdue = len(result.overdue)
    lines.append(
        w["summary"].format(
            overdue=overdue, soon=len(result.items) - overdue, days=SOON_DAYS, today=result.today.isoformat()
        )
    )
    return "\n".join(lines) + "\n"


def as_json(result: Review, lang: str = "en") -> str:  # the text format's signature
    """The day and every item as one JSON document (UTF-8, not ASCII-escaped)."""
    payload = [
        {
            "kind": i.kind,
            "id": i.id,
            "title": i.title.values[result.language],
            "owner": i.owner,
            "reviewed": i.reviewed.isoformat() if i.reviewed else None,
            "due": i.due.isoformat(),
            "overdue": i.overdue,
            "file": i.file,
        }
        for i in result.items
    ]
    return json.dumps({"today": result.today.isoformat(), "items": payload}, ensure_ascii=False, indent=2) + "\n"


RENDERERS: dict[str, Callable[[Review, str], str]] = {"text": text, "json": as_json}
