"""What a playbook's page opens with: the steps due first, counted from the start of the case, each
with its role and how to reach whoever holds it."""

from __future__ import annotations

from typing import TypedDict

from kbgen.publish.links import channel_href, contact_href, contact_link
from kbgen.publish.pages.context import Context
from kbgen.read.schema import Playbook, Role
from kbgen.read.timeline import step_clock, step_deadlines

# The card lists the steps due within the first hour; a playbook whose first deadline is later
# shows its first steps by time instead.
HORIZON_SECONDS = 3600
AT_LEAST = 3


class FirstStep(TypedDict):
    """One line of the "first minutes" card: by when, the step's number and words, who, and how to reach them."""

    due: str
    number: int
    do: str
    role: str
    contact: str


def role_contact(ctx: Context, role: Role) -> str:
    """How to reach whoever holds `role`: its channel's name and contacts, and its own contact, as
    Markdown; empty when the playbook names neither."""
    parts: list[str] = []
    channel = next((c for c in ctx.view.channels if c.id == role.channel), None)
    if channel is not None:
        contacts = [contact_link(c, channel_href(channel, c)) for c in channel.contacts]
        name = ctx.text.inline(channel.name)
        parts.append(f"{name}: {', '.join(contacts)}" if contacts else name)
    if role.contact:
        parts.append(contact_link(role.contact, contact_href(role.contact)))
    return " · ".join(parts)


def first_minutes(ctx: Context, pb: Playbook) -> list[FirstStep]:
    """The steps due first, in the order they are due (steps due at the same time keep their order)."""
    clocks = {s.id: s.clock for s in ctx.view.standards}
    deadlines = step_deadlines(pb, lambda step: step_clock(step, clocks) != "24x7")
    timed = sorted(
        ((due, number) for number, due in enumerate(deadlines, start=1) if due is not None),
        key=lambda pair: (pair[0].seconds, pair[1]),
    )
    chosen = [pair for pair in timed if pair[0].seconds <= HORIZON_SECONDS] or timed[:AT_LEAST]
    roles = {r.id: r for r in pb.roles}
    out: list[FirstStep] = []
    for due, number in chosen:
        step = pb.steps[number - 1]
        role = roles.get(step.role) if step.role else None
        out.append(
            {
                "due": ctx.t("first_minutes.due", duration=ctx.within(due.offset, "open" if due.business else "24x7")),
                "number": number,
                "do": ctx.text.inline(step.do),
                "role": ctx.text.inline(role.title) if role else "",
                "contact": role_contact(ctx, role) if role else "",
            }
        )
    return out
