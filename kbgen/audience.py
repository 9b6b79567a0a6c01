"""Who may see an item: the one visibility policy.

Checks (may a public text cite this?), views (what goes on a site), the ID namespace and
`kbgen diff` (who sees a change) all ask here, so the rule is written once. Two copies that
disagreed gave a false E-public-ref: an internal category was treated as public.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from kbgen.read.schema import Category, Channel, Faq, Standard


class CategoryEntry(Protocol):
    """A category with its FAQs, as the model reads one file of protocols/faqs/ (kbgen.model
    builds these; the policy needs only this much of them, so it imports nothing above it)."""

    @property
    def category(self) -> Category:
        """The category this entry holds."""

    @property
    def faqs(self) -> Sequence[Faq]:
        """The category's FAQs, in file order."""


PUBLIC = "public"
INTERNAL = "internal"
AUDIENCES = (PUBLIC, INTERNAL)


def shown(item_audience: str | None, draft: bool, site: str) -> bool:
    """Whether an item is published on `site`: never a draft; on the public site only public items."""
    return not draft and (site == INTERNAL or item_audience == PUBLIC)


def is_public(item_audience: str | None, draft: bool = False) -> bool:
    """Whether customers see the item (a public text may cite only these)."""
    return shown(item_audience, draft, PUBLIC)


def declared_category(entry: CategoryEntry) -> str:
    """The audience a category declares for its FAQs (public unless it says otherwise)."""
    return entry.category.audience or PUBLIC


def faq(entry: CategoryEntry, item: Faq) -> str:
    """A FAQ's audience: its own, else its category's, else public."""
    return item.audience or declared_category(entry)


def faq_draft(entry: CategoryEntry, item: Faq) -> bool:
    """A FAQ is unpublished when it or its category is a draft."""
    return item.draft or entry.category.draft


def category(entry: CategoryEntry) -> str:
    """A category is public when it holds a published public FAQ: its page, title and
    description are then on the public site; otherwise only agents see it. (Whether the
    category itself is a draft is asked apart, as for every item.)"""
    return PUBLIC if any(is_public(faq(entry, f), f.draft) for f in entry.faqs) else INTERNAL


def public_calendars(channels: Iterable[Channel], standards: Iterable[Standard]) -> set[str]:
    """Calendars customers see: the hours of a public channel or the clock of a published public
    standard (the contract: a calendar is shown only when one of these uses it)."""
    public = [c for c in channels if is_public(c.audience)]
    used = {c.hours for c in public if c.hours is not None}
    used |= {other.hours for c in public for other in c.hours_for}
    for std in standards:
        if is_public(std.audience, std.draft):
            used.add(std.clock)
            used |= {v.clock for v in std.variants if v.clock is not None}
            if std.remedy is not None and std.remedy.clock is not None:
                used.add(std.remedy.clock)
    return used
