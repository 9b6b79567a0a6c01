"""The agents' site is built for a shift (in process, on the example): standards by channel counted
from the model, every placeholder listed where agents copy, statements as they are sent, the
steps due first, and the deadlines behind them."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from kbgen import audience, engine, urls
from kbgen.publish.pages.context import reflow
from kbgen.publish.render import render_site
from kbgen.publish.views import make_view
from kbgen.read.model import KnowledgeBase
from kbgen.read.scalars import Duration, parse_duration
from kbgen.read.timeline import add, step_deadlines

ROOT = Path(__file__).parent.parent
TODAY = date(2026, 11, 23)
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    loaded, problems = engine.validate(ROOT, TODAY)
    assert loaded is not None and not problems.items, [p.format() for p in problems.sorted()]
    return loaded


@pytest.fixture(scope="module")
def pages(kb: KnowledgeBase) -> dict[str, dict[str, str]]:
    """The internal site's pages in each language: path → Markdown."""
    view = make_view(kb, audience.INTERNAL, TODAY)
    return {lang: {p.path: p.content for p in render_site(view, lang).pages} for lang in kb.languages}


def table_rows(markdown: str, heading: str) -> list[str]:
    """The rows of the table under the `## heading` of a page (header and rule left out)."""
    section = markdown.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")][1:]


def test_the_whatsapp_page_lists_every_standard_that_applies_to_whatsapp(
    kb: KnowledgeBase, pages: dict[str, dict[str, str]]
) -> None:
    applies = [s for s in kb.standards if not s.draft and ("whatsapp" in s.channels or s.all_channels)]
    own = [s for s in applies if s.channels]
    assert len(own) >= 2 and len(applies) > len(own)  # its own promises, and those for every channel
    assert any(s.audience == "internal" for s in applies), "internal targets are included"
    page = pages["es"][urls.channel_standards_page("whatsapp")]
    rows = table_rows(page, "Para este canal") + table_rows(page, "Para todos los canales")
    assert len(rows) == len(applies)
    for std in applies:
        assert any(f"[{std.title.values['es']}](../standards.md#{std.id})" in row for row in rows), std.id


def test_the_matrix_words_metrics_and_owners_and_drops_clocks_where_they_mean_nothing(
    pages: dict[str, dict[str, str]],
) -> None:
    matrix = pages["es"][urls.STANDARDS]
    assert "`first_response`" not in matrix and "atencion-digital" not in matrix
    assert "| Primera respuesta |" in matrix and "Atención digital (Ext. 4310)" in matrix
    abandonment = next(line for line in matrix.splitlines() if 'id="phone-abandonment"' in line)
    cells = [c.strip() for c in abandonment.split(" | ")]
    assert cells[2] == "menos del 3\u00a0%" and cells[3] == "—", cells  # no "100 % of cases", no 24-hour clock


def test_every_placeholder_is_listed_on_its_page_and_in_templates_json(
    kb: KnowledgeBase, pages: dict[str, dict[str, str]]
) -> None:
    view = make_view(kb, audience.INTERNAL, TODAY)
    exported = {(e["id"], e["lang"]): e for lang in kb.languages for e in render_site(view, lang).templates_export}
    subjects = 0
    for pb in view.playbooks:
        for lang in kb.languages:
            page = pages[lang][urls.playbook_page(pb.id)]
            for item in [*pb.templates, *pb.statements]:
                written = item.body.get(lang, kb.default_language)[0]
                subject = getattr(item, "subject", None)
                if subject is not None:
                    written += subject.get(lang, kb.default_language)[0]
                    subjects += bool(PLACEHOLDER.search(subject.values[kb.default_language]))
                names = sorted(set(PLACEHOLDER.findall(written)))
                block = page.split(f"{{ #{item.id} }}", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
                label = {"es": "Datos para completar", "en": "Fill in"}[lang]
                listed = next((line for line in block.splitlines() if line.startswith(f"{label}: ")), "")
                assert listed.count("`{{ ") == len(names), (pb.id, item.id, lang, listed)
                for name in names:
                    assert f"`{{{{ {name} }}}}`" in listed, (pb.id, item.id, lang, name)
                if (item.id, lang) in exported:
                    assert exported[(item.id, lang)]["placeholders"] == names, (item.id, lang)
    assert subjects >= 2  # the e-mail subjects with {{ order_number }}


def test_statements_are_copied_with_their_paragraphs_joined(kb: KnowledgeBase) -> None:
    pb = next(p for p in kb.playbooks if p.id == "customer-data-loss")
    statement = next(s for s in pb.statements if s.id == "data-incident-statement")
    written = statement.body.values["es"]
    joined = "\n\n".join(" ".join(line.strip() for line in para.splitlines()) for para in written.strip().split("\n\n"))
    assert "\n" in written.strip() and "\n" not in joined
    page = render_site(make_view(kb, audience.INTERNAL, TODAY), "es").pages
    content = next(p.content for p in page if p.path == urls.playbook_page(pb.id))
    assert f"```text\n{joined}\n```" in content


def test_reflow_joins_lines_and_keeps_marked_breaks_and_list_items() -> None:
    body = "Hola {{ name }}, te\nescribimos hoy.\n\n- uno\n- dos\n\nGracias,\\\n{{ agent }}\nEquipo"
    assert reflow(body) == "Hola {{ name }}, te escribimos hoy.\n\n- uno\n- dos\n\nGracias,\n{{ agent }} Equipo"
    assert reflow("dos espacios  \nsiguen") == "dos espacios\nsiguen"


def test_the_data_loss_playbook_opens_with_what_is_done_in_15_minutes_and_by_whom(
    kb: KnowledgeBase, pages: dict[str, dict[str, str]]
) -> None:
    page = pages["es"][urls.playbook_page("customer-data-loss")]
    card = page.split('!!! danger "Primeros minutos"\n', 1)[1].split("\n\n", 1)[0]
    assert page.index("Primeros minutos") < page.index("## Pasos")
    pb = next(p for p in kb.playbooks if p.id == "customer-data-loss")
    roles = {r.id: r for r in pb.roles}
    channels = {c.id: c for c in kb.kb.channels}
    first = [s for s in pb.steps if s.within is not None and s.after is None and s.within.total_seconds <= 900]
    assert {s.role for s in first} >= {"agent", "crisis-lead"}
    for step in first:
        role = roles[str(step.role)]
        line = next(item for item in card.split("\n    - ") if f"**{role.title.values['es']}**" in item)
        assert line.lstrip(" -").startswith(("**En 5 minutos**", "**En 15 minutos**")), line
        reach = [*(channels[role.channel].contacts if role.channel else []), *([role.contact] if role.contact else [])]
        assert reach and all(c in line for c in reach), (role.id, line)


def test_step_titles_are_never_cut(pages: dict[str, dict[str, str]]) -> None:
    page = pages["es"][urls.playbook_page("customer-data-loss")]
    assert "«2. Declara la crisis en la sala de crisis y convoca al oficial de protección de datos" in page
    assert "…»" not in page


def test_deadlines_add_up_along_after() -> None:
    assert add(parse_duration("45m"), parse_duration("30m")) == Duration(hours=1, minutes=15)
    assert add(parse_duration("1d"), parse_duration("50s")) == Duration(days=1, seconds=50)


def test_deadlines_of_the_data_loss_playbook_come_in_step_order(kb: KnowledgeBase) -> None:
    pb = next(p for p in kb.playbooks if p.id == "customer-data-loss")
    dues = [d.seconds for d in step_deadlines(pb, lambda step: False) if d is not None]
    assert dues == sorted(dues) and dues[:2] == [300, 900]


def test_kbgen_own_benchmark_is_not_in_the_agents_site(kb: KnowledgeBase) -> None:
    view = make_view(kb, audience.INTERNAL, TODAY)
    for lang in kb.languages:
        site = render_site(view, lang)
        text = repr(site.nav) + "".join(p.path + p.content for p in site.pages)
        assert not re.search(r"(?i)rendimiento de kbgen|benchmark|KB-5k", text), lang
    assert not list((ROOT / "docs").rglob("*rendimiento*")) and (ROOT / "benchmarks" / "RESULTS.md").is_file()
