"""Each FAQ's permanent address (`q/ID/`): a small page that sends the reader on to the question,
carries the question as its title for link previews, and is the question's own search record
(Pagefind indexes it: one result per question, the answer as its excerpt, no page chrome)."""

from __future__ import annotations

from kbgen import urls
from kbgen.publish.pages.base import Permanent
from kbgen.publish.pages.context import Context
from kbgen.publish.text import plain_text


def permanent_pages(ctx: Context) -> list[Permanent]:
    """Every FAQ of this view in this language, at its permanent address. The words are those the
    page shows (editor text that is shown as text stays text; the redirect template escapes it)."""
    text = ctx.text
    out = []
    for cat in ctx.view.categories:
        category = plain_text(text.inline(cat.category.title))
        for faq in cat.faqs:
            path, url = urls.permanent_redirect(faq.id, cat.category.id)
            out.append(
                Permanent(
                    path=path,
                    url=url,
                    lang=ctx.lang,
                    title=plain_text(text.inline(faq.question)),
                    category=category,
                    answer=plain_text(text.markdown(faq.answer, None)),
                    keywords=plain_text(text.inline(faq.keywords)) if faq.keywords else "",
                )
            )
    return out
