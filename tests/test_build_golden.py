"""Golden files: the sample project's generated Markdown, nav and faq.json, compared byte for byte.

Pages and nav are rendered without MkDocs (validate → audience view → render_site)
for both audiences and both languages, with today fixed at 2026-11-23; faq.json
comes from a real `kbgen build` with SOURCE_DATE_EPOCH=1795392000 (the same day).
The goldens live in tests/golden/sample/:

    public/es/index.md …   one file per generated page (AUDIENCE/LANG/PATH)
    public/es/_nav.json     the generated nav of that site
    faq.json                site/public/faq.json

To accept a change in the output, rewrite the goldens and review the diff
before committing:

    KBGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_build_golden.py
    git diff tests/golden/

Time-zone places come from CLDR through Babel ("Bogota" became "Bogotá" in Babel 2.19):
the goldens hold kbgen's own wording around a ⟨America/Bogota⟩ marker instead, so they
do not change when a Babel release updates its data (tests/test_words_data.py checks that the
place is Babel's). Likewise public holidays come from the holidays package, which adds and
renames holidays from one release to the next: the goldens keep the calendar's own closed
days and leave out the package's, and test_public_holidays_are_the_packages checks those.

Pages listed in KNOWN_DEFECTS hold what kbgen *should* write (hand-corrected
from its output; the reason says what is wrong). The update leaves them alone,
and their comparison is an expected failure: once kbgen is fixed the strict
xfail fails, so delete the entry (and rerun the update if bytes differ).
"""

from __future__ import annotations

import difflib
import json
import os
import re
from datetime import date
from pathlib import Path

import pytest
from build_support import SAMPLE, build_ok, copy_sample

from kbgen import engine
from kbgen.publish.pages.base import Site
from kbgen.publish.render import render_site
from kbgen.publish.views import make_view
from kbgen.publish.words import Words

GOLDEN = Path(__file__).parent / "golden" / "sample"
TODAY = date(2026, 11, 23)
UPDATE = os.environ.get("KBGEN_UPDATE_GOLDEN") == "1"
SITES = [(audience, lang) for audience in ("public", "internal") for lang in ("es", "en")]
NAV = "_nav.json"

KNOWN_DEFECTS: dict[tuple[str, str, str], str] = {}


@pytest.fixture(scope="module")
def zones() -> list[str]:
    kb, _problems = engine.validate(SAMPLE, TODAY)
    assert kb is not None
    return sorted({calendar.timezone for calendar in kb.kb.calendars})


@pytest.fixture(scope="module")
def rendered(zones: list[str]) -> dict[tuple[str, str], Site]:
    kb, problems = engine.validate(SAMPLE, TODAY)
    assert kb is not None and not problems.items, [p.format() for p in problems.items]
    sites = {}
    for audience in ("public", "internal"):
        view = make_view(kb, audience, TODAY)
        for lang in kb.languages:
            site = render_site(view, lang)
            for page in site.pages:
                page.content = without_cldr_places(page.content, lang, zones)
            sites[(audience, lang)] = site
    assert sorted(sites) == sorted(SITES)
    return sites


def without_cldr_places(text: str, lang: str, zones: list[str]) -> str:
    """kbgen's "(Bogota time)" with CLDR's place replaced by a marker: "(⟨America/Bogota⟩ time)",
    and without the holidays package's holidays (see the module's docstring)."""
    words = Words(lang)
    for zone in zones:
        text = text.replace(words.timezone(zone), words.t("hours.tz", place=f"⟨{zone}⟩"))
    for line in package_holidays(lang):
        text = text.replace(line, "")
    return text


def package_holidays(lang: str) -> list[str]:
    """The lines kbgen writes for the sample's public holidays (Colombia's) in the year ahead,
    as the installed holidays package names them in `lang`, without its "(observed)": a holiday
    moved to a Monday is listed on that Monday under the name customers know."""
    import holidays

    years = [TODAY.year, TODAY.year + 1]
    probe = holidays.country_holidays("CO", years=years)
    supported = getattr(probe, "supported_languages", ()) or ()
    chosen = next((s for s in supported if s.split("_")[0] == lang.split("-")[0]), None)
    known = holidays.country_holidays("CO", years=years, language=chosen) if chosen else probe
    end = TODAY.replace(year=TODAY.year + 1)
    words = Words(lang)
    observed = re.compile(r" \((observado|observed)\)")
    lines = [f"    - {words.date(day)}: {observed.sub('', name)}\n" for day, name in sorted(known.items())]
    assert any("(observ" in name for name in known.values()), "the package marks moved holidays"
    return [line for (day, _), line in zip(sorted(known.items()), lines, strict=True) if TODAY <= day <= end]


@pytest.mark.parametrize("lang", ["es", "en"])
def test_public_holidays_are_the_packages(lang: str) -> None:
    """The contact page lists every holiday the package knows in the year ahead, with its name."""
    kb, _problems = engine.validate(SAMPLE, TODAY)
    assert kb is not None
    contact = next(p for p in render_site(make_view(kb, "public", TODAY), lang).pages if p.path == "contact.md")
    expected = package_holidays(lang)
    assert expected, "the sample's calendar has Colombia's holidays"
    missing = [line for line in expected if line not in contact.content]
    assert not missing, missing


def nav_text(site: Site) -> str:
    return json.dumps(site.nav, ensure_ascii=False, indent=1) + "\n"


def golden_pages(audience: str, lang: str) -> dict[str, str]:
    folder = GOLDEN / audience / lang
    return {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != NAV
    }


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def diff(name: str, expected: str, actual: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True), actual.splitlines(keepends=True), f"golden/{name}", f"rendered/{name}"
    )
    return "".join(lines)


@pytest.mark.parametrize(("audience", "lang"), SITES)
def test_pages(rendered: dict[tuple[str, str], Site], audience: str, lang: str) -> None:
    site = rendered[(audience, lang)]
    actual = {page.path: page.content for page in site.pages}
    assert len(actual) == len(site.pages), "two pages with the same path"
    if UPDATE:
        folder = GOLDEN / audience / lang
        for path in set(golden_pages(audience, lang)) - set(actual):
            (folder / path).unlink()
        for path, content in actual.items():
            if (audience, lang, path) not in KNOWN_DEFECTS or not (folder / path).exists():
                write(folder / path, content)
        write(folder / NAV, nav_text(site))
        return
    expected = golden_pages(audience, lang)
    assert sorted(actual) == sorted(expected), "pages added or removed"
    diffs = [
        diff(f"{audience}/{lang}/{path}", expected[path], content)
        for path, content in actual.items()
        if (audience, lang, path) not in KNOWN_DEFECTS and content != expected[path]
    ]
    assert not diffs, "rendered pages differ from the goldens (KBGEN_UPDATE_GOLDEN=1 to accept):\n" + "\n".join(diffs)


@pytest.mark.parametrize(("audience", "lang"), SITES)
def test_nav(rendered: dict[tuple[str, str], Site], audience: str, lang: str) -> None:
    if UPDATE:
        return  # written by test_pages
    expected = (GOLDEN / audience / lang / NAV).read_text(encoding="utf-8")
    actual = nav_text(rendered[(audience, lang)])
    assert actual == expected, diff(f"{audience}/{lang}/{NAV}", expected, actual)


@pytest.mark.build
def test_faq_json(tmp_path: Path, zones: list[str]) -> None:
    project = copy_sample(tmp_path / "project")
    build_ok(project, "--audience", "public")
    for sitemap in ("sitemap.xml", "en/sitemap.xml"):  # with each page's hreflang alternates
        built = (project / "site" / "public" / sitemap).read_text(encoding="utf-8")
        golden = GOLDEN / "public-sitemaps" / sitemap
        if UPDATE:
            write(golden, built)
        assert built == golden.read_text(encoding="utf-8"), diff(sitemap, golden.read_text(encoding="utf-8"), built)
    actual = (project / "site" / "public" / "faq.json").read_text(encoding="utf-8")
    for lang in ("es", "en"):
        actual = without_cldr_places(actual, lang, zones)
    if UPDATE:
        write(GOLDEN / "faq.json", actual)
        return
    expected = (GOLDEN / "faq.json").read_text(encoding="utf-8")
    assert actual == expected, diff("faq.json", expected, actual)
