"""Editor text into safe Markdown for one view and language: references resolved, raw HTML escaped."""

from __future__ import annotations

import functools
import json
import re
from html import escape, unescape

import markdown
import nh3

from kbgen import urls
from kbgen.publish import memo
from kbgen.publish.html_policy import sanitize
from kbgen.publish.links import channel_href, contact_link
from kbgen.publish.promises import Promises
from kbgen.publish.views import AudienceView
from kbgen.publish.words import Words
from kbgen.read.refs import REF_RE
from kbgen.read.schema import Channel, Standard, Text

# In a <script> element, `</script>` ends it and `<!--` can swallow what follows: JSON written there
# carries <, > and & as JSON escapes, which parse to the same text.
_SCRIPT_UNSAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def script_json(data: object) -> str:
    """`data` as JSON that is safe inside any <script> element (JSON-LD, inline JavaScript): no text
    in it can end the element or change how the page parses."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for unsafe, escaped in _SCRIPT_UNSAFE:  # str.replace: str.translate took 3 ms a category page's JSON-LD
        text = text.replace(unsafe, escaped)
    return text


_CONVERTER = markdown.Markdown(extensions=["tables", "attr_list"])


def md_to_html(markdown_text: str) -> str:
    """Sanitised HTML of editor Markdown (for exports and structured data; pages go through MkDocs),
    converted once a process (and kept by a build's cache: publish/memo.py)."""
    html = memo.HTML.get(markdown_text)
    if html is None:
        html = memo.remember(markdown_text, sanitize(_CONVERTER.reset().convert(markdown_text)))
    memo.ASKED[markdown_text] = html
    return html


@functools.lru_cache(maxsize=65_536)
def plain_text(markdown_text: str) -> str:
    """Words only: Markdown rendered, every tag removed, white space folded."""
    if not _MARKUP.search(markdown_text):
        return " ".join(unescape(markdown_text).split())
    text: str = nh3.clean(md_to_html(markdown_text), tags=set(), strip_comments=True)
    return " ".join(unescape(text).split())


@functools.lru_cache(maxsize=65_536)
def export_text(text: str) -> str:
    """Text for plain-text fields of exports (faq.json's question and answer): no tag survives,
    entities are decoded, so a client that inserts the value as HTML shows words and runs nothing.

    Decoding can turn `&lt;script&gt;` into a tag, so tags are removed and entities decoded until
    nothing changes."""
    for _ in range(8):
        cleaned: str = unescape(nh3.clean(text, tags=set(), strip_comments=True))
        if cleaned == text:
            return " ".join(text.split())
        text = cleaned
    return " ".join(_TAG_START.sub("", text).split())  # still encoded after 8 rounds: break every tag


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_MARKUP = re.compile(r"[*_`\[\]<>&#|~!]|^\s*[-+>\d]", re.M)


class TextRenderer:
    """Resolves `{std:..}` and friends against one view only, in one language."""

    def __init__(self, view: AudienceView, words: Words, lang: str) -> None:
        self.view = view
        self.words = words
        self.lang = lang
        self.standards = {s.id: s for s in view.standards}
        self.channels = {c.id: c for c in view.channels}
        self.faqs = view.faq_index()
        self.playbooks = {p.id: p for p in view.playbooks}
        self._quoting = False
        self.promises = Promises(words, self._promise_text)

    def _promise_text(self, text: Text | None) -> str:
        """Editor text inside a promise's words; a `{std:…}` inside it is not expanded a second time."""
        if self._quoting:
            return self.inline(text, refs=False)
        self._quoting = True
        try:
            return self.inline(text)
        finally:
            self._quoting = False

    def get(self, text: Text | None) -> str:
        """The text in this language, or in the default language when it has no translation; empty for None."""
        if text is None:
            return ""
        return text.get(self.lang, self.view.default_language)[0]

    def is_fallback(self, text: Text | None) -> bool:
        """Whether the text has no translation in this language (so the default language shows)."""
        return text is not None and self.lang not in text.values

    # --- references -------------------------------------------------------------

    def standard_words(self, std: Standard, cell: str = "") -> str:
        """A standard's promise in words ("2 horas hábiles", "al menos 24 horas antes de la visita"), of one
        of its cells when `cell` names it; its title when it has no target."""
        return self.promises.target(std, std.variant(cell) if cell else None)

    def channel_words(self, channel: Channel, markdown_links: bool = False) -> str:
        """A channel's name with its contacts, as `{channel:..}` prints it; with `markdown_links`,
        each contact a link customers can tap (`tel:`, `wa.me`, `mailto:`)."""
        name = self.get(channel.name)
        contacts = [self.get(entry.value) for entry in channel.contact]
        if markdown_links:
            # A number we call or write from is not one to call: no link
            shown = [contact_link(c, None if channel.outbound else channel_href(channel, c)) for c in contacts]
            return f"{escape_inline(name)} ({', '.join(shown)})" if contacts else name
        return f"{name} ({', '.join(contacts)})" if contacts else name

    def link_target(self, kind: str, item_id: str, page: str | None) -> str:
        """A link to an item: relative to `page` (a docs path), or absolute when `page` is None."""
        if kind == "faq":
            cat, _faq = self.faqs[item_id]
            target, fragment = urls.faq_page(cat.category.id), urls.anchor(item_id)
        elif kind == "playbook":
            target, fragment = urls.playbook_page(item_id), ""
        else:
            target, fragment = urls.standard_page(self.view.internal), urls.anchor(item_id)
        if page is None:
            root = urls.language_root(self.view.site_url, self.lang, self.view.default_language)
            if kind == "faq":
                return root + urls.permanent(item_id)
            return urls.absolute(root, target, fragment)
        return urls.relative(page, target, fragment)

    def resolve(self, value: str, page: str | None, *, markdown_links: bool = True) -> str:
        """Replace `{std:..}`, `{channel:..}`, `{faq:..}` and `{playbook:..}` references in `value` with words
        or links (relative to `page`, absolute when None; "title (url)" without `markdown_links`)."""

        def replace(match: re.Match[str]) -> str:
            kind, item_id, cell, goal = match.group(1), match.group(2) or "", match.group(3) or "", bool(match.group(4))
            if kind == "std" and item_id in self.standards:
                std = self.standards[item_id]
                if goal:
                    return self.promises.goal(std, std.variant(cell) if cell else None)
                return self.standard_words(std, cell)
            if kind == "channel" and item_id in self.channels:
                return self.channel_words(self.channels[item_id], markdown_links)
            if kind == "faq" and item_id in self.faqs:
                title = self.get(self.faqs[item_id][1].question)
                return self._link(title, self.link_target("faq", item_id, page), markdown_links)
            if kind == "playbook" and item_id in self.playbooks:
                title = self.get(self.playbooks[item_id].title)
                return self._link(title, self.link_target("playbook", item_id, page), markdown_links)
            # Validation guarantees every reference resolves within its audience; never print an ID
            # this view does not hold.
            return ""

        return REF_RE.sub(replace, value)

    @staticmethod
    def _link(title: str, url: str, markdown_links: bool) -> str:
        if not markdown_links:
            return f"{title} ({url})"
        return f"[{escape_inline(title)}]({url})"

    def markdown(self, text: Text | None, page: str | None) -> str:
        """Block Markdown from editor text."""
        value = self.get(text)
        if not self.view.allow_html:
            value = escape_html(value)
        return self.resolve(value, page).strip()

    def inline(self, text: Text | None, page: str | None = None, *, refs: bool = True) -> str:
        """One line of Markdown (titles, table cells); without `refs`, references are left as written."""
        value = self.get(text)
        if not self.view.allow_html:
            value = escape_html(value)
        if refs:
            value = self.resolve(value, page)
        return " ".join(value.split()).replace("|", "\\|")

    def plain(self, text: Text | None) -> str:
        """Text for code blocks and exports: references in words, nothing rendered."""
        return self.resolve(self.get(text), None, markdown_links=False)

    def title(self, text: Text | None) -> str:
        """A title for nav labels and <title>: plain words, HTML-escaped (MkDocs prints them raw)."""
        return escape(plain_text(self.inline(text)), quote=True)


def escape_html(value: str) -> str:
    """Neutralise raw HTML (`<script>`, `<img onerror>`, comments) while keeping Markdown intact."""
    return value.replace("<", "&lt;")


def escape_inline(value: str) -> str:
    """Escape square brackets so text can sit inside a Markdown link's label."""
    return value.replace("[", "\\[").replace("]", "\\]")


def code_fence(body: str) -> str:
    """A fence longer than any backtick run inside the body."""
    longest = max((len(m) for m in re.findall(r"`+", body)), default=0)
    return "`" * max(3, longest + 1)
