"""Export entries: faq.json for the public site, templates.json for the internal one."""

from __future__ import annotations

from typing import Any

from kbgen.publish.pages.context import Context
from kbgen.publish.text import export_text, md_to_html, plain_text

# What each faq.json field holds, stated in every entry: plain text has no markup at all (tags
# removed, entities decoded), so a chatbot may insert it anywhere; answer_html is sanitised HTML.
EXPORT_FORMATS = {"question": "text", "answer": "text", "answer_html": "html"}


def faq_export(ctx: Context) -> list[dict[str, Any]]:
    """This language's faq.json entries (none on the internal site)."""
    if ctx.view.internal:
        return []
    out = []
    for cat in ctx.view.categories:
        for faq in cat.faqs:
            answer_md = ctx.text.markdown(faq.answer, None)
            out.append(
                {
                    "id": faq.id,
                    "lang": ctx.lang,
                    "question": export_text(plain_text(ctx.text.inline(faq.question))),
                    "answer": export_text(plain_text(answer_md)),
                    "answer_html": md_to_html(answer_md),
                    "category": cat.category.id,
                    "url": ctx.text.link_target("faq", faq.id, None),
                    "formats": EXPORT_FORMATS,
                }
            )
    return out


def templates_export(ctx: Context) -> list[dict[str, Any]]:
    """This language's templates.json entries (none on the public site)."""
    if not ctx.view.internal:
        return []
    out = []
    for pb in ctx.view.playbooks:
        for tpl in pb.templates:
            item = ctx.copyable(tpl)
            out.append(
                {
                    "id": tpl.id,
                    "lang": ctx.lang,
                    "playbook": pb.id,
                    "title": plain_text(item["title"]),
                    "channel": tpl.channel or "",
                    "subject": item["subject"],
                    "body": item["body"],
                    "placeholders": item["placeholders"],
                }
            )
    return out
