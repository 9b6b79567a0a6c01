"""A promise changed in one place changes everywhere it is quoted, in every language.

`city-delivery` (2 business days) is quoted by an FAQ answer (`{std:city-delivery}`)
and, in this copy of the sample, by a playbook step (in its text and as the
step's standard). Its target becomes 3d; after one real build every page, the
structured data and faq.json say "3 días hábiles" / "3 business days" and none
still says 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from build_support import build_ok, copy_sample, replace_once

pytestmark = pytest.mark.build  # real builds: not in `make quick`

NEW = {"es": "3 días hábiles", "en": "3 business days"}
OLD = {"es": "2 días hábiles", "en": "2 business days"}
STEP = """\
  - do:
      es: "Confirme la fecha de entrega: {std:city-delivery}."
      en: "Confirm the delivery date: {std:city-delivery}."
    standard: city-delivery
"""

# A hand-written page quotes the promise too; code shows the syntax as written.
DOC_ES = (
    "# Horarios\n\nEntregamos en {std:city-delivery}; llame a la {channel:phone}. Se escribe `{std:city-delivery}`.\n"
)
DOC_EN = (
    "# Hours\n\nWe deliver within {std:city-delivery}; call the {channel:phone}.\n\n```\n{std:city-delivery}\n```\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_sample(tmp_path_factory.mktemp("refs") / "project")
    replace_once(
        project / "protocols" / "playbooks" / "daily" / "complaint-handling.yml", "templates:\n", STEP + "templates:\n"
    )
    replace_once(project / "protocols" / "standards" / "service.yml", "  target: 2d\n", "  target: 3d\n")
    docs = project / "docs" / "public"
    (docs / "horarios.md").write_text(DOC_ES, encoding="utf-8")
    (docs / "horarios.en.md").write_text(DOC_EN, encoding="utf-8")
    build_ok(project)
    return project / "site"


def folder(lang: str) -> str:
    return "" if lang == "es" else "en/"


def page(site: Path, audience: str, lang: str, path: str) -> str:
    return (site / audience / folder(lang) / path / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    """Page text with entities and non-breaking spaces made plain, so words compare as written."""
    from html import unescape

    return unescape(html).replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize(
    ("audience", "path"),
    [
        ("public", "faq/deliveries"),
        ("public", "commitments"),
        ("internal", "faq/deliveries"),
        ("internal", "commitments"),
        ("internal", "standards"),
        ("internal", "playbooks/complaint-handling"),
        ("public", "horarios"),
        ("internal", "horarios"),
    ],
)
def test_new_promise_everywhere(site: Path, audience: str, path: str, lang: str) -> None:
    text = text_of(page(site, audience, lang, path))
    assert NEW[lang] in text, f"{audience}/{folder(lang)}{path}: no {NEW[lang]!r}"
    assert OLD[lang] not in text, f"{audience}/{folder(lang)}{path}: still says {OLD[lang]!r}"


@pytest.mark.parametrize("lang", ["es", "en"])
def test_docs_pages_resolve_references_outside_code(site: Path, lang: str) -> None:
    html = page(site, "public", lang, "horarios")
    text = text_of(html)
    number = '(<a href="tel:018000123456">01 8000 123 456</a>)'  # a number customers can tap
    assert {"es": f"llame a la Línea gratuita {number}", "en": f"call the Toll-free line {number}"}[lang] in text
    assert "{std:city-delivery}" in text  # in code, shown as written
    assert "{channel:" not in text


@pytest.mark.parametrize("lang", ["es", "en"])
def test_faq_answer_and_its_structured_data(site: Path, lang: str) -> None:
    html = page(site, "public", lang, "faq/deliveries")
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    answers = [q["acceptedAnswer"]["text"] for q in data["mainEntity"]]
    first = {"es": "Entregamos en 3 días hábiles", "en": "We deliver within 3 business days"}[lang]
    assert any(a.startswith(first) for a in answers), answers


@pytest.mark.parametrize("lang", ["es", "en"])
def test_playbook_step_quotes_the_promise(site: Path, lang: str) -> None:
    text = text_of(page(site, "internal", lang, "playbooks/complaint-handling"))
    sentence = {
        "es": "Confirme la fecha de entrega: 3 días hábiles.",
        "en": "Confirm the delivery date: 3 business days.",
    }
    assert sentence[lang] in text
    # The step's standard is listed with its target in words too.
    assert {"es": "Entrega en ciudad", "en": "City delivery"}[lang] + "</a> (" + NEW[lang] + ")" in text


def test_faq_json(site: Path) -> None:
    items = json.loads((site / "public" / "faq.json").read_text(encoding="utf-8"))
    answers = {item["lang"]: item["answer"] for item in items if item["id"] == "delivery-time"}
    assert set(answers) == {"es", "en"}
    for lang, answer in answers.items():
        plain = answer.replace("\u00a0", " ")
        assert NEW[lang] in plain and OLD[lang] not in plain, answer


def test_feedback_widget_only_when_kb_asks(tmp_path: Path) -> None:
    """Material's page feedback (Google Analytics) appears only with `feedback: {provider: google}`."""
    project = copy_sample(tmp_path / "project")
    build_ok(project, "--audience", "public")
    home = (project / "site" / "public" / "faq" / "deliveries" / "index.html").read_text(encoding="utf-8")
    assert "googletagmanager" not in home and "md-feedback" not in home
    kb = project / "protocols" / "kb.yml"
    kb.write_text(kb.read_text(encoding="utf-8") + "feedback: {provider: google, property: G-TEST123}\n",
                  encoding="utf-8")
    build_ok(project, "--audience", "public")
    page = (project / "site" / "public" / "faq" / "deliveries" / "index.html").read_text(encoding="utf-8")
    assert "G-TEST123" in page and "md-feedback" in page and "¿Te sirvió esta página?" in page
