"""Every page's path and every item's address: the one owner of where things live in a site.

It imports nothing of kbgen, so every stage may ask it: read/ for the paths hand-written pages
may not take, check/ for the pages a public page may not link to, publish/ and build/ for the rest.

Paths are below `docs/` ("faq/deliveries.md"); a link between two pages is `relative`; an
address outside any page (faq.json, permanent FAQ addresses) is `absolute`. URLs come from IDs,
never from titles, so links survive a retitle.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
COMMITMENTS = "commitments.md"
CONTACT = "contact.md"
PLAYBOOKS = "playbooks/index.md"
STANDARDS = "standards.md"
REPLIES = "replies.md"
REVIEW = "review.md"
FIELD_REFERENCE = "editors/fields.md"
CODE_REFERENCE = "editors/codes.md"
PLAYBOOKS_FOLDER = "playbooks"
CHANNELS_FOLDER = "channels"  # the agents' site: each channel's standards
CUSTOMER_HOME = "customers.md"  # the agents' site: the customers' home page, as customers see it
PERFORMANCE_FOLDER = "performance"
PERFORMANCE = "performance/index.md"  # public: "¿Cumplimos lo que prometemos?"; internal: every standard's results
# Pages and folders kbgen writes into every site: hand-written pages may not take their place.
GENERATED_PAGES = {HOME, COMMITMENTS, CONTACT, STANDARDS, REPLIES, REVIEW, CUSTOMER_HOME}
GENERATED_FOLDERS = {"faq", PLAYBOOKS_FOLDER, "editors", "q", "assets", "pagefind", CHANNELS_FOLDER, PERFORMANCE_FOLDER}
# Generated pages only the agents' site has: a public page cannot link to them.
INTERNAL_ONLY_PAGES = {STANDARDS, REPLIES, REVIEW, CUSTOMER_HOME}
INTERNAL_ONLY_FOLDERS = {"editors", CHANNELS_FOLDER}


def linked_playbook(inner: str) -> str | None:
    """The playbook ID a link below a site's root leads to ("playbooks/x.md", "playbooks/x/"),
    or None when it leads elsewhere (the playbooks index included)."""
    if inner.split("/", 1)[0] != PLAYBOOKS_FOLDER or inner in (PLAYBOOKS_FOLDER, PLAYBOOKS):
        return None
    return posixpath.splitext(inner[len(PLAYBOOKS_FOLDER) + 1 :].rstrip("/"))[0]


def output_folder(lang: str, default: str) -> str:
    """Where a language's site lives inside its audience's: the default at the root, others in `tag/`."""
    return "" if lang == default else lang.lower() + "/"


def faq_page(category_id: str) -> str:
    """The page of a category, which holds its FAQs."""
    return f"faq/{category_id}.md"


def playbook_page(playbook_id: str) -> str:
    """The page of one playbook."""
    return f"playbooks/{playbook_id}.md"


def channel_standards_page(channel_id: str) -> str:
    """The agents' page of one channel's standards: those for it and those for every channel."""
    return f"{CHANNELS_FOLDER}/{channel_id}.md"


def standard_page(internal: bool) -> str:
    """The page that lists standards: the matrix on the internal site, commitments on the public one."""
    return STANDARDS if internal else COMMITMENTS


def performance_page(std_id: str, internal: bool) -> tuple[str, str]:
    """Where a standard's results are, as (page, fragment): its own page on the internal site, its
    section of the one results page on the public site."""
    if internal:
        return f"{PERFORMANCE_FOLDER}/{std_id}.md", ""
    return PERFORMANCE, anchor(std_id)


def anchor(item_id: str) -> str:
    """The anchor of an item on its page (an FAQ, a standard, a template or statement)."""
    return f"#{item_id}"


def relative(from_page: str, to_page: str, fragment: str = "") -> str:
    """A link from `from_page` to `to_page` (both docs paths), with `fragment` ("#id" or "").

    A link to the page itself is its fragment alone, or "#" for the top."""
    if to_page == from_page:
        return fragment or "#"
    return posixpath.relpath(to_page, posixpath.dirname(from_page) or ".") + fragment


def html_link(from_page: str, to_page: str, fragment: str = "") -> str:
    """A link between two pages written in raw HTML (which MkDocs does not rewrite): between their
    served addresses, "performance/index.md" being served as "performance/"."""

    def served(page: str) -> str:
        return page[: -len("index.md")] if page.endswith("index.md") else page_url(page)

    here, there = served(from_page), served(to_page)
    if here == there:
        return fragment or "#"
    return posixpath.relpath(there or ".", here.rstrip("/") or ".") + "/" + fragment


def page_url(page: str) -> str:
    """A page's address as MkDocs serves it (directory URLs): "faq/deliveries.md" → "faq/deliveries/"."""
    return page[: -len(".md")] + "/"


def language_root(site_url: str | None, lang: str, default: str) -> str:
    """The absolute root of one language's site ("/" and the language folder without a site URL)."""
    return (site_url or "").rstrip("/") + "/" + output_folder(lang, default)


def permanent(faq_id: str) -> str:
    """An FAQ's permanent address below its language root: it redirects to wherever the FAQ is."""
    return f"q/{faq_id}/"


def permanent_from(page: str, faq_id: str) -> str:
    """An FAQ's permanent address as a link from `page` (a docs path) in the same language's site."""
    return "../" * page_url(page).count("/") + permanent(faq_id)


def absolute(root: str, page: str, fragment: str = "") -> str:
    """A page's address below a `language_root`, with `fragment`."""
    return root + page_url(page) + fragment


def permanent_redirect(faq_id: str, category_id: str) -> tuple[str, str]:
    """The redirect file of an FAQ's permanent address (below its language's output folder) and the
    relative URL it sends to: ("q/late-parcel/index.html", "../../faq/deliveries/#late-parcel")."""
    here = permanent(faq_id)
    up = "../" * here.count("/")
    return here + "index.html", up + page_url(faq_page(category_id)) + anchor(faq_id)
