"""Page addresses have one owner, kbgen/urls.py: links between pages and permanent addresses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kbgen import urls

PUBLISH = Path(__file__).parent.parent / "kbgen"
PATH_LITERAL = re.compile(r"""["'](?:faq/|playbooks/|q/)|commitments\.md|standards\.md""")


@pytest.mark.parametrize(
    ("from_page", "to_page", "fragment", "link"),
    [
        ("index.md", "faq/deliveries.md", "", "faq/deliveries.md"),
        ("faq/returns.md", "faq/deliveries.md", "#late", "deliveries.md#late"),
        ("faq/returns.md", "commitments.md", "#reply", "../commitments.md#reply"),
        ("playbooks/outage.md", "playbooks/outage.md", "#apology", "#apology"),
        ("playbooks/outage.md", "playbooks/outage.md", "", "#"),
    ],
)
def test_a_link_between_pages_is_relative(from_page: str, to_page: str, fragment: str, link: str) -> None:
    assert urls.relative(from_page, to_page, fragment) == link


def test_absolute_addresses_are_directory_urls_below_the_language_root() -> None:
    root = urls.language_root("https://help.example.com/", "en", "es")
    assert root == "https://help.example.com/en/"
    assert urls.absolute(root, urls.standard_page(False), urls.anchor("reply")) == root + "commitments/#reply"
    assert urls.language_root(None, "es", "es") == "/"


def test_a_permanent_address_redirects_to_the_faq_on_its_category_page() -> None:
    assert urls.permanent_redirect("late", "deliveries") == ("q/late/index.html", "../../faq/deliveries/#late")


def test_no_other_module_spells_a_page_path() -> None:
    found = [
        f"{path.relative_to(PUBLISH)}:{number}: {line.strip()}"
        for path in sorted(PUBLISH.rglob("*.py"))
        if path.name != "urls.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if PATH_LITERAL.search(line)
    ]
    assert not found
