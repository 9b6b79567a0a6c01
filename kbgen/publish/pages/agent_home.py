"""The agents' home page: "what is happening?" — crisis and risk playbooks first, then daily
requests and customer types, the reply library, the standards by channel, and the customers' home."""

from __future__ import annotations

from typing import TypedDict

from kbgen import urls
from kbgen.publish.pages.base import Page, escape_title
from kbgen.publish.pages.context import Context

# The order of the home's playbook groups: what cannot wait comes first.
URGENT_KINDS = ("crisis", "recovery")
OTHER_KINDS = ("daily", "customer-type")


class HomePlaybook(TypedDict):
    """A playbook on the agents' home: its title, link and when to use it."""

    title: str
    link: str
    trigger: str


class HomeGroup(TypedDict):
    """The agents' home's playbooks of one kind."""

    title: str
    entries: list[HomePlaybook]


class AgentHomeContext(TypedDict):
    """What the `agent_home` template receives: the agents' front page."""

    title: str
    urgent: list[HomeGroup]
    others: list[HomeGroup]
    replies: str
    replies_count: int
    statements_count: int
    standards: str
    channels: list[str]
    customers: str


def agent_home(ctx: Context) -> Page:
    """The agents' front page (template `agent_home`)."""
    page = urls.HOME
    text = ctx.text

    def groups(kinds: tuple[str, ...]) -> list[HomeGroup]:
        out: list[HomeGroup] = []
        for kind in kinds:
            books = [p for p in ctx.view.playbooks if p.kind == kind]
            if books:
                entries: list[HomePlaybook] = [
                    {
                        "title": text.inline(p.title),
                        "link": urls.relative(page, urls.playbook_page(p.id)),
                        "trigger": text.inline(p.trigger),
                    }
                    for p in books
                ]
                # On the home, the crisis group is "crises and risks": a crisis playbook may be
                # called "reputational crisis" itself.
                key = "agent_home.crisis" if kind == "crisis" else f"kind.{kind}"
                out.append({"title": ctx.t(key), "entries": entries})
        return out

    context: AgentHomeContext = {
        "title": ctx.t("agent_home.title"),
        "urgent": groups(URGENT_KINDS),
        "others": groups(OTHER_KINDS),
        "replies": urls.relative(page, urls.REPLIES),
        "replies_count": sum(len(p.templates) for p in ctx.view.playbooks),
        "statements_count": sum(len(p.statements) for p in ctx.view.playbooks),
        "standards": urls.relative(page, urls.STANDARDS),
        "channels": [
            f"[{text.inline(c.name)}]({urls.relative(page, urls.channel_standards_page(c.id))})"
            for c in ctx.view.channels
        ],
        "customers": urls.relative(page, urls.CUSTOMER_HOME),
    }
    meta = {"title": escape_title(ctx.t("agent_home.title")), "kbgen_page": "home", "hide": ["navigation", "toc"]}
    return ctx.page(page, "agent_home", meta, context)
