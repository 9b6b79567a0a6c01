"""The HTML a page may hold after Markdown: the tags, attributes and URL schemes kbgen allows, and the
sanitiser (nh3) that enforces them on every page and export."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "svg",
    "path",
    "button",
    "nav",
    "section",
    "figure",
    "figcaption",
    "article",
    "aside",
}
ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "role", "tabindex", "hidden"},
    "a": {"href", "hreflang", "rel", "data-kb-share", "data-kb-title", "data-kb-copied"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled", "name", "id"},
    "label": {"for"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "details": {"open"},
    "ol": {"start"},
    "svg": {"viewbox", "xmlns", "width", "height", "aria-hidden"},
    "path": {"d"},
    "button": {"type", "aria-label", "data-clipboard-target", "data-kb-open-search", "data-kb-answer"},
    "div": {"data-kb-helpful", "data-kb-question"},
    # data-pagefind-weight: a playbook's keywords weigh more in the internal search
    "p": {"data-kb-glad", "data-kb-thanks", "data-pagefind-weight"},
    "span": {"aria-hidden"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel", "sms"}


def sanitize(html: str) -> str:
    """The backstop after Markdown: no script, no handler attribute, no javascript: URL survives."""
    cleaned: str = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    return cleaned
