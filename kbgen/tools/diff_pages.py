"""The pages a diff changes, per site and language: what a reviewer opens in the preview.

An item's own page (an FAQ's category page, a playbook's page), the pages that list it (the
commitments, the contact page, the agents' standards matrix and channel pages) and every FAQ
page whose answers quote a changed standard or channel. A public item is on both sites: the
agents' site shows the public items too.
"""

from __future__ import annotations

from kbgen import audience, urls
from kbgen.read.refs import find_refs
from kbgen.tools.diff_change import Change
from kbgen.tools.diff_snapshot import Snapshot

_QUOTED = {"standard": "std", "channel": "channel", "faq": "faq", "playbook": "playbook"}


def changed_pages(changes: list[Change], before: Snapshot, after: Snapshot) -> dict[str, list[str]]:
    """By site (public, internal): the addresses of the pages that change, in every language
    (`faq/entregas/`, `en/faq/entregas/`), in order."""
    out: dict[str, set[str]] = {site: set() for site in audience.AUDIENCES}
    for change in changes:
        pages = _own_pages(change, before, after) | _quoting_pages(change, before, after)
        sites = audience.AUDIENCES if audience.is_public(change.audience) else (audience.INTERNAL,)
        for site in sites:
            if site == audience.INTERNAL:  # the agents' home is their own; the customers' is customers.md
                out[site] |= {urls.CUSTOMER_HOME if p == urls.HOME else p for p in pages}
            else:
                out[site] |= {p for p in pages if not _internal_only(p)}
    languages = after.languages or before.languages or ["en"]
    return {
        site: [_address(p, lang, languages[0]) for lang in languages for p in sorted(pages)]
        for site, pages in out.items()
    }


def _address(page: str, lang: str, default: str) -> str:
    """`faq/entregas/`, `en/playbooks/`, `./` for the home page in the default language."""
    folder = urls.output_folder(lang, default)
    if page.endswith("index.md"):
        return folder + page[: -len("index.md")] or "./"
    return folder + urls.page_url(page)


def _internal_only(page: str) -> bool:
    return page in urls.INTERNAL_ONLY_PAGES or page.split("/", 1)[0] in urls.INTERNAL_ONLY_FOLDERS


def _own_pages(change: Change, before: Snapshot, after: Snapshot) -> set[str]:
    kind = change.kind
    if kind == "faq":
        return {
            urls.faq_page(entry.category)
            for snap in (before, after)
            if (entry := snap.items["faq"].get(change.id)) is not None and entry.category
        }
    if kind == "category":
        return {urls.faq_page(change.id), urls.HOME}
    if kind == "standard":
        return {urls.COMMITMENTS, urls.STANDARDS}
    if kind == "channel":
        return {urls.CONTACT, urls.channel_standards_page(change.id)}
    if kind == "calendar":
        return {urls.CONTACT}
    if kind == "playbook":
        return {urls.playbook_page(change.id), urls.PLAYBOOKS}
    return set()


def _quoting_pages(change: Change, before: Snapshot, after: Snapshot) -> set[str]:
    """The FAQ pages whose answers quote the changed item (`{std:ID}`, `{channel:ID}`...)."""
    quoted = _QUOTED.get(change.kind)
    if quoted is None:
        return set()
    out = set()
    for snap in (before, after):
        for entry in snap.items["faq"].values():
            answer = getattr(entry.obj, "answer", None)
            texts = answer.values.values() if answer is not None else ()
            if entry.category and any(r.kind == quoted and r.id == change.id for t in texts for r in find_refs(t)):
                out.add(urls.faq_page(entry.category))
    return out
