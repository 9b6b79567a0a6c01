"""The public commitments page: public standards grouped by family of metric."""

from __future__ import annotations

from typing import TypedDict

from kbgen import urls
from kbgen.audience import is_public
from kbgen.publish.pages.base import Page
from kbgen.publish.pages.context import Context, StandardRow
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


class CommitmentsContext(TypedDict):
    """What the `commitments` template receives: the public standards by family."""

    title: str
    groups: list[Family]


def commitments(ctx: Context) -> Page:
    """The commitments page (template `commitments`)."""
    page = urls.COMMITMENTS
    public = [s for s in ctx.view.standards if is_public(s.audience)]
    groups: list[Family] = []
    for key, metrics in FAMILIES:
        members = [ctx.standard_row(s, page) for s in public if s.metric in metrics]
        if members:
            groups.append({"title": ctx.t(key), "standards": members})
    meta = {"title": ctx.text.title(Text({ctx.lang: ctx.t("commitments")}))}
    context: CommitmentsContext = {"title": ctx.t("commitments"), "groups": groups}
    return ctx.page(page, "commitments", meta, context)
