"""The MkDocs configuration of one site: theme, Markdown extensions, nav, the bar and the header phone.

The one builder of a site's mkdocs.yml, for `kbgen build` and for the plugin in a project's own
`mkdocs build` or `mkdocs serve` (which lays it over the project's configuration with `apply`).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import yaml

from kbgen import urls
from kbgen.audience import is_public
from kbgen.publish.links import channel_href, people, tel_digits
from kbgen.publish.text import plain_text
from kbgen.publish.views import AudienceView
from kbgen.publish.words import Words
from kbgen.read.model import KnowledgeBase
from kbgen.read.schema import Channel
from kbgen.urls import output_folder

MATERIAL_LANGUAGES = {"es", "en", "pt", "pt-BR", "fr", "de", "it", "ca", "gl", "eu", "nl", "pl", "ru", "zh", "ja"}
MARKDOWN_EXTENSIONS: list[Any] = [
    "abbr",
    "admonition",
    "attr_list",
    "md_in_html",
    "tables",
    "def_list",
    {"toc": {"permalink": True, "permalink_title": ""}},
    "pymdownx.details",
    "pymdownx.superfences",
    {"pymdownx.highlight": {"use_pygments": False}},
    {"pymdownx.tasklist": {"custom_checkbox": True}},
]
FEATURES = [
    "navigation.sections",
    "navigation.indexes",
    "navigation.prune",
    "navigation.top",
    "content.code.copy",
    "toc.follow",
]


def user_mkdocs(root: Path) -> dict[str, Any]:
    """Theme settings from the project's mkdocs.yml; everything else is derived by kbgen."""
    path = root / "mkdocs.yml"
    if not path.exists():
        return {}
    from mkdocs.utils.yaml import get_yaml_loader

    class NoEnvironment(get_yaml_loader()):  # type: ignore[misc]
        """MkDocs' loader, but `!ENV` reads nothing: validation refuses it outside plugins:, and
        even unvalidated it must never carry a variable of the build machine into a site."""

    NoEnvironment.add_constructor("!ENV", lambda _loader, _node: None)
    with path.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=NoEnvironment)
    return data if isinstance(data, dict) else {}


def site_config(
    root: Path,
    kb: KnowledgeBase,
    view: AudienceView,
    lang: str,
    docs: Path,
    site_dir: Path,
    overrides: Path,
    nav: list[Any],
    strict: bool,
) -> dict[str, Any]:
    """The MkDocs configuration of one site (one audience in one language), as the mkdocs.yml kbgen writes for it."""
    user = user_mkdocs(root)
    user_theme = user.get("theme") if isinstance(user.get("theme"), dict) else {}
    assert isinstance(user_theme, dict)
    words = Words(lang, view.formal)
    default = kb.default_language
    org = kb.kb.organization.name.get(lang, default)[0]
    site_url = None if view.internal else kb.kb.organization.url
    if site_url:
        site_url = urls.language_root(site_url, lang, default)
    here = output_folder(lang, default)
    up = "../" if here else ""
    alternates = [
        {
            "name": Words(other).own_language_name(),
            "lang": other,
            "link": up + output_folder(other, default),
            "prefix": up + output_folder(other, default),
        }
        for other in kb.languages
    ]
    theme: dict[str, Any] = {
        "name": "material",
        "language": lang
        if lang in MATERIAL_LANGUAGES
        else lang.split("-")[0]
        if lang.split("-")[0] in MATERIAL_LANGUAGES
        else "en",
        "custom_dir": str(overrides),
        "font": False,
        "features": sorted(set(FEATURES) | set(user_theme.get("features") or [])),
    }
    for key in ("palette", "logo", "favicon", "icon"):
        if key in user_theme:
            theme[key] = user_theme[key]
    copyright_text = user.get("copyright")
    config: dict[str, Any] = {
        "site_name": escape(org),
        "site_description": words.t("site.description", org=org),
        "site_url": site_url,
        "docs_dir": str(docs),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "strict": strict,
        "theme": theme,
        "nav": nav,
        "markdown_extensions": MARKDOWN_EXTENSIONS,
        "plugins": [{"kbgen": {"mode": "site"}}],
        "extra_css": ["assets/kbgen/kbgen.css"],
        "extra_javascript": ["assets/kbgen/kbgen.js"],
        "extra": {
            "generator": False,
            "alternate": alternates if len(kb.languages) > 1 else [],
            "kbgen": {
                "internal": view.internal,
                "announce": announce(view, words),
                "contact": words.t("contact"),
                "phone": header_phone(view, words),
                "lang": lang,
                "search": {
                    "placeholder": words.t("search.placeholder"),
                    "none": words.t("search.none"),
                    "label": words.t("search"),
                    **search_help(view, words),
                },
                # Where "was this helpful?" answers go (kbgen.js): a form address, Material's analytics, or nowhere.
                "feedback": {
                    "url": escape(view.feedback_url or "") if not view.internal else "",
                    "analytics": bool(view.feedback_property) and not view.internal,
                },
                "not_found": {k: words.t(f"not_found.{k}") for k in ("title", "text", "home")},
                "pagefind": up + "pagefind/",
                "sitemap": sitemap_alternates(view, kb.languages, default, kb.kb.organization.url),
            },
        },
        "validation": {
            "nav": {"omitted_files": "warn", "not_found": "warn", "absolute_links": "warn"},
            "links": {"not_found": "warn", "anchors": "warn", "absolute_links": "info", "unrecognized_links": "warn"},
        },
    }
    if isinstance(copyright_text, str):
        config["copyright"] = escape(copyright_text)
    if view.feedback_property and not view.internal:
        # Only when kb.yml asks for it: Material's page feedback, sent to Google Analytics.
        config["extra"]["analytics"] = {
            "provider": "google",
            "property": view.feedback_property,
            "feedback": {
                "title": words.t("helpful.page"),
                "ratings": [
                    {
                        "icon": "material/thumb-up-outline",
                        "name": words.t("helpful.yes"),
                        "data": 1,
                        "note": words.t("helpful.thanks"),
                    },
                    {
                        "icon": "material/thumb-down-outline",
                        "name": words.t("helpful.no"),
                        "data": 0,
                        "note": words.t("helpful.sorry"),
                    },
                ],
            },
        }
    return config


def search_help(view: AudienceView, words: Words) -> dict[str, Any]:
    """What the search shows when it finds nothing: where a person answers, as links to tap, and the
    most asked questions (HTML-escaped; paths below the language root)."""
    default = view.default_language
    reach = []
    for channel in people([c for c in view.channels if view.internal or is_public(c.audience)])[:4]:
        links = [(c, channel_href(channel, c)) for c in channel.contacts]
        reach.append(
            {
                "name": escape(channel.name.get(words.lang, default)[0]),
                "links": [{"text": escape(c), "href": escape(h)} for c, h in links if h],
            }
        )
    featured = [
        {
            "question": escape(plain_text(faq.question.get(words.lang, default)[0])),
            "path": urls.page_url(urls.faq_page(cat.category.id)) + urls.anchor(faq.id),
        }
        for cat in view.categories
        for faq in cat.faqs
        if faq.featured
    ]
    return {
        "people_label": words.t("search.people"),
        "people": reach,
        "featured_label": words.t("featured"),
        "featured": featured[:5],
    }


def public_phone(view: AudienceView) -> Channel | None:
    """The first public voice channel with a number: the phone kept in sight on every page."""
    return next((c for c in view.channels if c.kind == "voice" and is_public(c.audience) and c.contacts), None)


def header_phone(view: AudienceView, words: Words) -> dict[str, str] | None:
    """The public phone in the header, so it stays in sight while the page scrolls."""
    phone = public_phone(view)
    if phone is None:
        return None
    number = phone.contacts[0]
    return {
        "number": number,
        "tel": tel_digits(number),
        "label": f"{words.t('call_us')}: {number}",
    }


def announce(view: AudienceView, words: Words) -> str:
    """The bar on every page: the phone number in sight, and for agents the internal-site warning."""
    parts: list[str] = []
    if view.internal:
        parts.append(f'<strong class="kb-internal">{escape(words.t("internal_banner"))}</strong>')
    phone = public_phone(view)
    if phone is not None:
        number = phone.contacts[0]
        tel = tel_digits(number)
        name = escape(phone.name.get(words.lang, view.default_language)[0])
        parts.append(
            f'<a class="kb-phone" href="tel:{escape(tel)}">{escape(words.t("call_us"))}: '
            f'<strong>{escape(number)}</strong></a> <span class="kb-phone-name">({name})</span>'
        )
    return " · ".join(parts)


def sitemap_alternates(
    view: AudienceView, languages: list[str], default: str, site_url: str | None
) -> dict[str, Any] | None:
    """What the sitemap override needs for hreflang alternates (search engines read them there):
    only on a public site in several languages with a site URL."""
    if view.internal or len(languages) < 2 or not site_url:
        return None
    return {
        "root": site_url.rstrip("/") + "/",
        "alternates": [{"lang": other, "folder": output_folder(other, default)} for other in languages],
    }
