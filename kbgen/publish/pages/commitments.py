"""The public commitments page: public standards grouped by family of metric."""

from __future__ import annotations

from typing import TypedDict

from kbgen import urls
from kbgen.audience import is_public
from kbgen.publish.pages.base import Page
from kbgen.publish.pages.context import Context
from kbgen.publish.pages.standard_row import StandardRow
from kbgen.read.schema import Text

# Families in the order customers read them, each with the metrics it gathers
FAMILIES = (
    (
        "family.response",
        ("acknowledgement", "first_response", "next_response", "wait_time", "callback", "answered", "abandonment"),
    ),
    ("family.delivery", ("delivery", "installation", "appointment")),
    ("family.resolution", ("resolution", "refund")),
    ("family.quality", ("satisfaction", "other")),
)


class Family(TypedDict):
    """One family of metrics on the commitments page, with its public standards."""

    title: str
    standards: list[StandardRow]


class Section(TypedDict):
    """Whose deadlines: ours (by family), the customer's, or other parties'."""

    party: str
    title: str
    groups: list[Family]


class CommitmentsContext(TypedDict):
    """What the `commitments` template receives: the public standards by whose deadline, then by family."""

    title: str
    sections: list[Section]


def commitments(ctx: Context) -> Page:
    """The commitments page (template `commitments`)."""
    page = urls.COMMITMENTS
    public = [s for s in ctx.view.standards if is_public(s.audience)]
    sections: list[Section] = []
    ours = [s for s in public if s.party == "us"]
    groups: list[Family] = []
    for key, metrics in FAMILIES:
        members = [ctx.standard_row(s, page) for s in ours if s.metric in metrics]
        if members:
            groups.append({"title": ctx.t(key), "standards": members})
    if groups:
        sections.append({"party": "us", "title": ctx.t("commitments.ours"), "groups": groups})
    for party, key in (("customer", "commitments.customer"), ("other", "commitments.other")):
        rows = [ctx.standard_row(s, page) for s in public if s.party == party]
        if rows:
            sections.append({"party": party, "title": ctx.t(key), "groups": [{"title": "", "standards": rows}]})
    meta = {"title": ctx.text.title(Text({ctx.lang: ctx.t("commitments")}))}
    context: CommitmentsContext = {"title": ctx.t("commitments"), "sections": sections}
    return ctx.page(page, "commitments", meta, context)
