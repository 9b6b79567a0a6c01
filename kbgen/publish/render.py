"""Pages for one audience's view in one language: Markdown built from Jinja2 templates, plus the nav.

Editor text is always a value passed into templates, never template source. Each page kind has
its module under `kbgen.publish.pages`; this one puts a site together in their order.
"""

from __future__ import annotations

from kbgen import urls
from kbgen.publish.pages.agent_home import agent_home
from kbgen.publish.pages.base import Site
from kbgen.publish.pages.category import category
from kbgen.publish.pages.channel_standards import channel_standards
from kbgen.publish.pages.commitments import commitments
from kbgen.publish.pages.contact import contact
from kbgen.publish.pages.context import Context
from kbgen.publish.pages.exports import faq_export, templates_export
from kbgen.publish.pages.home import home
from kbgen.publish.pages.internal import editor_references, replies, review, standards_matrix
from kbgen.publish.pages.nav import nav
from kbgen.publish.pages.performance import performance_public
from kbgen.publish.pages.performance_internal import performance_internal
from kbgen.publish.pages.playbook import playbook, playbooks_index
from kbgen.publish.pages.question import permanent_pages
from kbgen.publish.views import AudienceView

__all__ = ["render_site"]


def render_site(view: AudienceView, lang: str) -> Site:
    """Every page of `view` in `lang`, its nav, its exports and its permanent FAQ addresses."""
    ctx = Context(view, lang)
    pages = [agent_home(ctx), home(ctx, urls.CUSTOMER_HOME)] if view.internal else [home(ctx)]
    pages += [category(ctx, cat) for cat in view.categories]
    pages += [commitments(ctx), contact(ctx)]
    if view.performance:  # results of kbgen measure: always for agents, for customers when kb.yml opts in
        pages += performance_internal(ctx) if view.internal else [performance_public(ctx)]
    if view.playbooks:
        pages.append(playbooks_index(ctx))
        pages += [playbook(ctx, pb) for pb in view.playbooks]
    if view.internal:
        pages += [standards_matrix(ctx), *channel_standards(ctx), replies(ctx), review(ctx)]
        pages += editor_references(ctx)
    return Site(pages, nav(ctx), faq_export(ctx), templates_export(ctx), permanent_pages(ctx))
