"""Text fields: starter texts, references written in text, raw HTML, translations, Markdown limits,
third-party images and heading ids."""

from __future__ import annotations

from collections.abc import Sequence

from kbgen import audience
from kbgen.check import references
from kbgen.check.checker import Checker
from kbgen.check.docs import check_remote_image
from kbgen.editor import STARTER_TEXTS
from kbgen.problem import Level
from kbgen.read.docs_pages import nesting_problem
from kbgen.read.markdown_scan import anchors, links, remote_host, too_deep
from kbgen.read.refs import HTML_RE, KIND_NAMES, find_refs, walk_texts
from kbgen.read.schema import STATEMENT_STAGES, Item, Text
from kbgen.read.source_map import PathKey, dotted


def check_texts(checker: Checker) -> None:
    """References, raw HTML and translations inside every text field."""
    kb = checker.kb
    languages = kb.languages
    allow_html = kb.kb.allow_html
    holders: list[tuple[Item, bool, bool, PathKey]] = []
    kb_file = kb.kb
    groups: list[Sequence[Item]] = [
        kb_file.calendars,
        kb_file.channels,
        kb_file.segments,
        kb_file.priorities,
        kb_file.severities,
        kb_file.stages,
    ]
    for items in groups:
        for item in items:
            holders.append((item, audience.is_public(getattr(item, "audience", audience.PUBLIC)), False, item.path))
    for std in kb.standards:
        holders.append((std, audience.is_public(std.audience), std.draft, std.path))
    for entry in kb.categories:
        category_public = audience.category(entry) == audience.PUBLIC
        holders.append((entry.category, category_public, entry.category.draft, entry.category.path))
        for faq in entry.faqs:
            holders.append((faq, audience.is_public(audience.faq(entry, faq)), faq.draft, faq.path))
    for pb in kb.playbooks:
        holders.append((pb, audience.is_public(pb.audience), pb.draft, ()))
    for item, public, draft, base in holders:
        plain = {"body"} if type(item).__name__ in ("Template", "Statement") else set()
        for rel, text in walk_texts(item):
            path = (*base, *rel)
            check_text(
                checker,
                item.file or kb.kb_file,
                path,
                text,
                public,
                draft,
                languages,
                allow_html,
                plain_text=bool(rel) and (rel[-1] == "body" or rel[-1] in plain),
            )


def check_text(
    checker: Checker,
    file: str,
    path: PathKey,
    text: Text,
    public: bool,
    draft: bool,
    languages: list[str],
    allow_html: bool,
    plain_text: bool,
) -> None:
    """One text field, in each of its languages."""
    field = next((part for part in reversed(path) if isinstance(part, str)), "")
    starters = STARTER_TEXTS.get(field, frozenset())
    for lang, value in text.values.items():
        sub = (*path, lang) if len(text.values) > 1 or lang != languages[0] else path
        if not draft and value.strip() in starters:
            checker.report(
                file,
                sub,
                "E-placeholder",
                f'still the starter text of kbgen new ("{value.strip()}")',
                f"write the real {_NOUNS.get(field, field)}, or keep draft: true",
            )
        for ref in find_refs(value):
            if not ref.id:
                checker.report(
                    file,
                    sub,
                    "E-ref-syntax",
                    f"{ref.raw} names no {KIND_NAMES[ref.kind]}",
                    "write the ID after the colon",
                    needle=ref.raw,
                )
                continue
            if ref.goal and ref.kind != "std":
                checker.report(file, sub, "E-ref-syntax", f"{ref.raw}: only standards have .goal", needle=ref.raw)
                continue
            references.ref(checker, file, sub, ref.id, [KIND_NAMES[ref.kind]], public, draft, needle=ref.raw)
        if not plain_text:
            check_markdown(checker, file, sub, value)
        if not allow_html and not plain_text:
            match = HTML_RE.search(value)
            if match:
                checker.report(
                    file,
                    sub,
                    "W-html",
                    f"raw HTML {match.group(0)}... will be shown as text",
                    "use Markdown instead, or set allow_html: true in kb.yml",
                    level=Level.WARNING,
                    needle=match.group(0),
                )
    missing = [lang for lang in languages[1:] if lang not in text.values]
    keyword = path[-1:] == ("stage",) and text.values.get(languages[0], "") in STATEMENT_STAGES
    if missing and not draft and not keyword:
        checker.report(
            file,
            path,
            "W-translation",
            f"no {', '.join(missing)} translation; the {languages[0]} text is shown instead",
            f"write it as {{{languages[0]}: ..., {missing[0]}: ...}}",
            level=Level.WARNING,
        )


def check_markdown(checker: Checker, file: str, path: PathKey, value: str) -> None:
    """Limits, third-party images and element ids of one Markdown text, before anything renders it."""
    source = checker.kb.sources.get(file)
    deep = too_deep(value)
    if deep is not None:
        line_text = value.split("\n")[deep.line - 1].strip()
        line, col = source.find_in_scalar(path, line_text) if source else (1, 1)
        checker.problems.add(nesting_problem(file, line, col, deep.depth, dotted(path)))
        return  # the rest would scan the same lines again for nothing
    for link in links(value):
        host = remote_host(link.url)
        if host is not None and link.image:
            line, col = source.find_in_scalar(path, link.url) if source else (1, 1)
            check_remote_image(checker, file, link.url, host, line, col, dotted(path))
    for anchor in anchors(value):
        owners = checker.all_ids.get(anchor.id)
        if owners:
            needle = value[anchor.offset :].split("\n", 1)[0]
            checker.report(
                file,
                path,
                "E-heading-id",
                f"{'{ #' + anchor.id + ' }' if anchor.explicit else 'this heading'} would take the id "
                f'"{anchor.id}", which the {owners[0].kind} at {checker.where(owners[0])} has; its address '
                "would lead here",
                ("delete the { #... }" if anchor.explicit else "reword the heading")
                + ": every item keeps its own anchor",
                needle=needle,
            )


_NOUNS = {"do": "step"}  # what a field holds, where its name does not say it
