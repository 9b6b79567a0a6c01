"""Pages only the internal site has: the standards matrix, the replies, the review list and the
editors' references."""

from __future__ import annotations

from typing import TypedDict

from kbgen import urls
from kbgen.publish.pages.base import Page, escape_title, front_matter
from kbgen.publish.pages.channel_standards import StandardLine, standard_line
from kbgen.publish.pages.context import Context, Copyable


class StandardsContext(TypedDict):
    """What the `standards` template receives: the standards matrix, and links to each channel's standards."""

    title: str
    standards: list[StandardLine]
    channels: list[str]


class ReplyGroup(TypedDict):
    """One playbook's reply templates on the replies page."""

    title: str
    link: str
    entries: list[Copyable]


class RepliesContext(TypedDict):
    """What the `replies` template receives: every playbook's reply templates."""

    title: str
    groups: list[ReplyGroup]


class ReviewRow(TypedDict):
    """One FAQ, standard or playbook on the review page: who owns it, when it was reviewed and when it is due."""

    title: str
    link: str
    owner: str
    reviewed: str
    due: str
    overdue: bool
    file: str


class ReviewContext(TypedDict):
    """What the `review` template receives: overdue items and items due soon."""

    title: str
    overdue: list[ReviewRow]
    soon: list[ReviewRow]


def standards_matrix(ctx: Context) -> Page:
    """Every standard this view holds, in one table (template `standards`)."""
    page = urls.STANDARDS
    context: StandardsContext = {
        "title": ctx.t("standards_matrix"),
        "standards": [standard_line(ctx, s, page) for s in ctx.view.standards],
        "channels": [
            f"[{ctx.text.inline(c.name)}]({urls.relative(page, urls.channel_standards_page(c.id))})"
            for c in ctx.view.channels
        ],
    }
    meta = {"title": escape_title(ctx.t("standards_matrix")), "hide": ["toc"]}
    return ctx.page(page, "standards", meta, context)


def replies(ctx: Context) -> Page:
    """Every playbook's reply templates, ready to copy (template `replies`)."""
    page = urls.REPLIES
    groups: list[ReplyGroup] = []
    for pb in ctx.view.playbooks:
        if pb.templates:
            groups.append(
                {
                    "title": ctx.text.inline(pb.title),
                    "link": urls.relative(page, urls.playbook_page(pb.id)),
                    "entries": [ctx.copyable(t) for t in pb.templates],
                }
            )
    context: RepliesContext = {"title": ctx.t("replies"), "groups": groups}
    return ctx.page(page, "replies", {"title": escape_title(ctx.t("replies"))}, context)


def review(ctx: Context) -> Page:
    """What is due for review, overdue first (template `review`)."""
    page = urls.REVIEW
    text = ctx.text
    rows: list[ReviewRow] = []
    for item in ctx.view.review:
        # Drafts are not published: they are listed without a link.
        link = ""
        if item.kind == "faq" and item.id in text.faqs:
            target = urls.faq_page(text.faqs[item.id][0].category.id)
            link = urls.relative(page, target, urls.anchor(item.id))
        elif item.kind == "playbook" and item.id in text.playbooks:
            link = urls.relative(page, urls.playbook_page(item.id))
        elif item.kind == "standard" and item.id in text.standards:
            link = urls.relative(page, urls.STANDARDS, urls.anchor(item.id))
        rows.append(
            {
                "title": text.inline(item.title),
                "link": link,
                "owner": item.owner or "—",
                "reviewed": ctx.words.date(item.reviewed) if item.reviewed else ctx.t("review.never"),
                "due": ctx.words.date(item.due),
                "overdue": item.overdue,
                "file": item.file,
            }
        )
    context: ReviewContext = {
        "title": ctx.t("review"),
        "overdue": [r for r in rows if r["overdue"]],
        "soon": [r for r in rows if not r["overdue"]],
    }
    return ctx.page(page, "review", {"title": escape_title(ctx.t("review"))}, context)


def editor_references(ctx: Context) -> list[Page]:
    """The editors' field and code references, generated from the schema and the code registry."""
    from kbgen.publish.fieldref import code_reference, field_reference

    pages = []
    for path, reference in ((urls.FIELD_REFERENCE, field_reference), (urls.CODE_REFERENCE, code_reference)):
        text = reference(ctx.lang)
        title = text.splitlines()[0][2:]
        pages.append(Page(path, front_matter({"title": escape_title(title)}) + text + "\n"))
    return pages
