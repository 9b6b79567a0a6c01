"""No byte of internal content reaches site/public/ — the cheap proof, as RELIABILITY.md describes it.

A copy of the sample gets a distinct marker in every internal field kind (and in
a draft), is built with the real CLI, and every file of the public output is
scanned — pages, 404, sitemaps (.gz decompressed), faq.json, robots.txt,
scripts and Pagefind's gzip-compressed index — as well as every file name.
Each marker except the drafts' must show up in the internal site, so a test
that finds nothing in public is known to be able to find something.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from build_support import (
    append,
    build,
    build_ok,
    build_with_refusals_dropped,
    copy_sample,
    files,
    html_pages,
    is_redirect,
    readable_bytes,
    replace_once,
)

pytestmark = pytest.mark.build  # real builds: not in `make quick`

# Internal text fields: marker → where it was planted. Markers are case-sensitive in text;
# the public scan looks for "leakmark" in any case, so IDs, slugs and file names count too.
INTERNAL = {
    "LEAKMARK-faq-question": "internal FAQ in a public category: question",
    "LEAKMARK-faq-answer": "internal FAQ: answer",
    "LEAKMARK-faq-tag": "internal FAQ: tags",
    "LEAKMARK-faq-owner": "internal FAQ: owner",
    "LEAKMARK-category-title": "internal category: title",
    "LEAKMARK-category-description": "internal category: description",
    "LEAKMARK-catfaq-question": "FAQ of an internal category: question",
    "LEAKMARK-catfaq-answer": "FAQ of an internal category: answer",
    "LEAKMARK-std-title": "internal standard: title",
    "LEAKMARK-std-description": "internal standard: description",
    "LEAKMARK-std-measured": "internal standard: measured",
    "LEAKMARK-std-owner": "internal standard: owner",
    "LEAKMARK-channel-name": "internal channel: name",
    "LEAKMARK-channel-contact": "internal channel: contact",
    "LEAKMARK-channel-accessibility": "internal channel: accessibility",
    "LEAKMARK-calendar-title": "calendar used only by an internal channel and an internal standard: title",
    "LEAKMARK-severity-title": "kb.yml severity used only by a playbook: title",
    "LEAKMARK-severity-description": "kb.yml severity: description",
    "LEAKMARK-severity-example": "kb.yml severity: examples",
    "LEAKMARK-pb-title": "playbook: title",
    "LEAKMARK-pb-summary": "playbook: summary",
    "LEAKMARK-pb-trigger": "playbook: trigger",
    "LEAKMARK-pb-sign": "playbook: signs",
    "LEAKMARK-pb-severity-title": "playbook: inline severity title",
    "LEAKMARK-pb-severity-description": "playbook: inline severity description",
    "LEAKMARK-pb-severity-example": "playbook: inline severity examples",
    "LEAKMARK-pb-role-title": "playbook: role title",
    "LEAKMARK-pb-role-duty": "playbook: role duties",
    "LEAKMARK-pb-step-phase": "playbook: step phase",
    "LEAKMARK-pb-step-do": "playbook: step do",
    "LEAKMARK-pb-step-checklist": "playbook: step checklist",
    "LEAKMARK-pb-step2-do": "playbook: second step do",
    "LEAKMARK-pb-template-title": "playbook: template title",
    "LEAKMARK-pb-template-subject": "playbook: template subject",
    "LEAKMARK-pb-template-body": "playbook: template body",
    "LEAKMARK-pb-statement-title": "playbook: statement title",
    "LEAKMARK-pb-statement-stage": "playbook: statement stage",
    "LEAKMARK-pb-statement-body": "playbook: statement body",
    "LEAKMARK-pb-avoid": "playbook: avoid",
    "LEAKMARK-pb-close-when": "playbook: close_when",
    "LEAKMARK-pb-escalate-when": "playbook: escalate when",
    "LEAKMARK-pb-corrective": "playbook: corrective_actions",
    "LEAKMARK-pb-owner": "playbook: owner",
    "LEAKMARK-doc-title": "docs/internal page: title",
    "LEAKMARK-doc-body": "docs/internal page: body",
    "LEAKMARK-doc-subpage": "docs/internal/guides page: body",
    "LEAKMARK-doc-asset": "image under docs/internal/images/",
}
# Files kbgen does not publish (warned about): they reach neither site.
UNPUBLISHED = {
    "LEAKMARK-backup": "editor backup beside a public page (horarios.md~)",
    "LEAKMARK-notes": "notas.txt beside a public page",
    "LEAKMARK-yml": "a .yml file under docs/public/",
    "LEAKMARK-internal-backup": "editor backup beside an internal page",
}
# Drafts are published nowhere.
DRAFTS = {
    "LEAKMARK-draft-question": "draft public FAQ: question",
    "LEAKMARK-draft-answer": "draft public FAQ: answer",
    "LEAKMARK-draft-std-title": "draft public standard: title",
}

KB_CALENDAR = """\
  - id: leakmark-cal
    title: LEAKMARK-calendar-title
    timezone: America/Bogota
    week: {mon-fri: "09:00-17:00"}
"""
KB_CHANNEL = """\
  - id: leakmark-channel
    name: LEAKMARK-channel-name
    kind: voice
    contact: LEAKMARK-channel-contact
    hours: leakmark-cal
    audience: internal
    accessibility: LEAKMARK-channel-accessibility
"""
KB_TAIL = """\
  - id: leakmark-sev
    title: LEAKMARK-severity-title
    description: LEAKMARK-severity-description
    examples: [LEAKMARK-severity-example]
"""
STANDARDS = """\
- id: leakmark-std
  title: LEAKMARK-std-title
  metric: first_response
  target: 4h
  clock: leakmark-cal
  channels: [leakmark-channel]
  audience: internal
  description: LEAKMARK-std-description
  measured: LEAKMARK-std-measured
  owner: LEAKMARK-std-owner
- id: leakmark-draft-std
  title: LEAKMARK-draft-std-title
  metric: delivery
  target: 1d
  audience: public
  draft: true
"""
FAQS = """\
  - id: leakmark-faq
    audience: internal
    featured: true
    question: LEAKMARK-faq-question
    answer: "LEAKMARK-faq-answer, within {std:leakmark-std} on the {channel:leakmark-channel}."
    tags: [LEAKMARK-faq-tag]
    owner: LEAKMARK-faq-owner
    related: [delivery-time, leakmark-playbook]
  - id: leakmark-draft-faq
    audience: public
    draft: true
    question: LEAKMARK-draft-question
    answer: LEAKMARK-draft-answer
"""
CATEGORY = """\
category:
  id: leakmark-cat
  title: LEAKMARK-category-title
  description: LEAKMARK-category-description
  stage: purchase
  audience: internal
faqs:
  - id: leakmark-cat-faq
    question: LEAKMARK-catfaq-question
    answer: LEAKMARK-catfaq-answer
    featured: true
"""
PLAYBOOK = """\
id: leakmark-playbook
kind: daily
title: LEAKMARK-pb-title
summary: LEAKMARK-pb-summary
trigger: LEAKMARK-pb-trigger
signs: [LEAKMARK-pb-sign]
severity:
  - leakmark-sev
  - {id: pb-sev, title: LEAKMARK-pb-severity-title, description: LEAKMARK-pb-severity-description,
     examples: [LEAKMARK-pb-severity-example]}
roles:
  - {id: agent, title: LEAKMARK-pb-role-title, duties: [LEAKMARK-pb-role-duty]}
standards: [leakmark-std]
steps:
  - id: first
    phase: LEAKMARK-pb-step-phase
    do: "LEAKMARK-pb-step-do, through the {channel:leakmark-channel}."
    role: agent
    within: 1h
    standard: leakmark-std
    template: leakmark-template
    checklist: [LEAKMARK-pb-step-checklist]
  - do: LEAKMARK-pb-step2-do
    after: first
    within: 2h
    statement: leakmark-statement
templates:
  - id: leakmark-template
    title: LEAKMARK-pb-template-title
    channel: leakmark-channel
    subject: LEAKMARK-pb-template-subject
    body: "LEAKMARK-pb-template-body {{ customer_name }}"
statements:
  - id: leakmark-statement
    title: LEAKMARK-pb-statement-title
    stage: LEAKMARK-pb-statement-stage
    channels: [leakmark-channel]
    body: LEAKMARK-pb-statement-body
avoid: [LEAKMARK-pb-avoid]
close_when: [LEAKMARK-pb-close-when]
escalate:
  - {when: LEAKMARK-pb-escalate-when, to: agent, within: 1h}
corrective_actions: [LEAKMARK-pb-corrective]
related: [leakmark-faq]
owner: LEAKMARK-pb-owner
"""


def plant(root: Path) -> None:
    protocols = root / "protocols"
    kb = protocols / "kb.yml"
    replace_once(kb, "channels:\n", KB_CALENDAR + "channels:\n")
    replace_once(kb, "segments:\n", KB_CHANNEL + "segments:\n")
    append(kb, KB_TAIL)
    append(protocols / "standards" / "service.yml", STANDARDS)
    append(protocols / "faqs" / "deliveries.yml", FAQS)
    (protocols / "faqs" / "leakmark-cat.yml").write_text(CATEGORY, encoding="utf-8")
    (protocols / "playbooks" / "daily" / "leakmark-playbook.yml").write_text(PLAYBOOK, encoding="utf-8")
    internal = root / "docs" / "internal"
    (internal / "leakmark.md").write_text("# LEAKMARK-doc-title\n\nLEAKMARK-doc-body\n", encoding="utf-8")
    (internal / "images").mkdir()
    (internal / "images" / "leakmark-asset.png").write_text("LEAKMARK-doc-asset\n", encoding="utf-8")
    public = root / "docs" / "public"
    (public / "horarios.md~").write_text("# Horarios\n\nLEAKMARK-backup\n", encoding="utf-8")
    (public / "notas.txt").write_text("LEAKMARK-notes\n", encoding="utf-8")
    (public / "datos.yml").write_text("secret: LEAKMARK-yml\n", encoding="utf-8")
    (internal / "principios.md~").write_text("LEAKMARK-internal-backup\n", encoding="utf-8")
    (public / "images").mkdir()
    (public / "images" / "mapa.png").write_bytes(b"\x89PNG public image")
    (internal / "guides").mkdir()
    (internal / "guides" / "leakmark-sub.md").write_text("# Guide\n\nLEAKMARK-doc-subpage\n", encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_sample(tmp_path_factory.mktemp("leak") / "project")
    plant(project)
    result = build_ok(project)
    assert "docs/public/horarios.md~:1:1: warning: kbgen does not publish this file" in result.stdout
    return project / "site"


def contents(root: Path) -> dict[Path, bytes]:
    return {path.relative_to(root): readable_bytes(path) for path in files(root)}


def test_public_holds_no_internal_byte(built: Path) -> None:
    public = built / "public"
    assert (public / "faq.json").is_file() and (public / "pagefind").is_dir()
    scanned = contents(public)
    kinds = {path.suffix for path in scanned} | {path.name.rsplit(".", 1)[-1][:3] for path in scanned}
    assert {".html", ".json", ".xml", ".gz", ".txt", ".js", "pf_"} <= kinds, kinds  # the scan reached them all
    leaks: dict[str, list[str]] = {}
    for rel, data in scanned.items():
        found = set(re.findall(rb"leakmark[a-z0-9-]*", data.lower()))
        if "leakmark" in rel.as_posix().lower():
            found.add(b"(file name)")
        for marker in found:
            leaks.setdefault(marker.decode(), []).append(rel.as_posix())
    assert not leaks, "internal or draft content in site/public:\n" + "\n".join(
        f"  {marker}: {', '.join(sorted(where)[:6])}" for marker, where in sorted(leaks.items())
    )


@pytest.mark.parametrize("marker", sorted(INTERNAL))
def test_internal_site_shows_the_marker(built: Path, marker: str) -> None:
    """The scan above can fail: each planted marker does reach the agents' site."""
    needle = marker.encode()
    where = [rel for rel, data in contents(built / "internal").items() if needle in data]
    assert where, f"{marker} ({INTERNAL[marker]}) is nowhere in site/internal"


def page_url(rel: Path, data: bytes) -> str:
    """The page a file belongs to: its own path, or for a Pagefind fragment the page it indexes."""
    if data.startswith(b"pagefind_dcd"):
        return str(json.loads(data[len(b"pagefind_dcd") :])["url"])
    return "/" + rel.as_posix()


def test_declared_assets_are_published(built: Path) -> None:
    for folder in ("public", "public/en", "internal"):
        assert (built / folder / "images" / "mapa.png").read_bytes() == b"\x89PNG public image", folder


@pytest.mark.parametrize("marker", sorted(UNPUBLISHED))
def test_unpublished_files_reach_no_site(built: Path, marker: str) -> None:
    needle = marker.lower().encode()
    for root in (built / "public", built / "internal"):
        where = [rel.as_posix() for rel, data in contents(root).items() if needle in data.lower()]
        assert not where, f"{marker} ({UNPUBLISHED[marker]}) published in {root.name}: {where[:5]}"


@pytest.mark.parametrize("marker", sorted(DRAFTS))
def test_drafts_are_published_nowhere(built: Path, marker: str) -> None:
    """Drafts reach neither site; only the agents' review page may list them (items to finish)."""
    needle = marker.lower().encode()
    for root in (built / "public", built / "internal"):
        where = [
            url
            for rel, data in contents(root).items()
            if needle in data.lower() and not re.match(r"^/(en/)?review/", url := page_url(rel, data))
        ]
        assert not where, f"{marker} ({DRAFTS[marker]}) published in {root.name}{where[0]}"


def test_internal_pages_are_noindex(built: Path) -> None:
    internal = built / "internal"
    pages = html_pages(internal)
    assert len(pages) > 20
    missing = [p.relative_to(internal) for p in pages if b'<meta name="robots" content="noindex' not in p.read_bytes()]
    assert not missing, f"internal pages without noindex: {missing}"


def test_internal_robots_txt_disallows_everything(built: Path) -> None:
    lines = (built / "internal" / "robots.txt").read_text(encoding="utf-8").split("\n")
    assert "User-agent: *" in lines
    assert "Disallow: /" in lines
    assert not [line for line in lines if line.startswith("Allow")]


def test_internal_banner_is_on_every_internal_page(built: Path) -> None:
    internal = built / "internal"
    banners = {
        "": "Sitio interno para asesores: no compartir con clientes.",
        "en": "Internal site for agents: do not share with customers.",
    }
    checked = 0
    for page in html_pages(internal):
        rel = page.relative_to(internal)
        if is_redirect(rel):
            continue
        banner = banners["en" if rel.parts[0] == "en" else ""]
        assert banner in page.read_text(encoding="utf-8"), f"no agents' banner on {rel}"
        checked += 1
    assert checked > 20
    # …and never on the customers' site.
    for page in html_pages(built / "public"):
        text = page.read_text(encoding="utf-8")
        assert not any(b in text for b in banners.values()), page


def test_a_theme_override_keeps_the_internal_guards(tmp_path: Path) -> None:
    """Material projects commonly override main.html (an announcement, analytics); the guards must stay."""
    project = copy_sample(tmp_path / "project")
    (project / "overrides").mkdir()
    (project / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block announce %}Promoción de temporada{% endblock %}\n', encoding="utf-8"
    )
    build_ok(project, "--audience", "internal")
    index = (project / "site" / "internal" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex' in index
    assert "Sitio interno para asesores: no compartir con clientes." in index


def plant_refused(root: Path, outside: Path) -> None:
    """Sources validation refuses: symlinked pages (to an internal page, to a file outside the
    project) and !ENV in mkdocs.yml."""
    plant(root)
    public = root / "docs" / "public"
    (public / "principios-publico.md").symlink_to("../internal/leakmark.md")
    outside.write_text("# Fuera\n\nLEAKMARK-outside\n", encoding="utf-8")
    (public / "fuera.md").symlink_to(outside)
    (root / "mkdocs.yml").write_text(
        "site_name: Ayuda\ncopyright: !ENV [LEAKMARK_TOKEN]\ntheme:\n  name: material\nplugins:\n  - kbgen\n",
        encoding="utf-8",
    )


REFUSED = {"LEAKMARK-outside": "a symlink to a file outside the project", "LEAKMARK-env": "!ENV in mkdocs.yml"}


def test_refused_sources_fail_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_sample(tmp_path / "project")
    plant_refused(project, tmp_path / "outside.md")
    monkeypatch.setenv("LEAKMARK_TOKEN", "LEAKMARK-env")
    result = build(project)
    assert result.returncode == 1
    assert "docs/public/fuera.md:1:1: error: a symlink to a file outside the project" in result.stdout
    assert "docs/public/principios-publico.md:1:1: error: a symlink to docs/internal/leakmark.md" in result.stdout
    assert "mkdocs.yml:2:12: error: copyright: !ENV would publish" in result.stdout
    assert not (project / "site" / "public").exists()


def test_refused_sources_do_not_leak_even_unvalidated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second line of defence: with those errors dropped, the build still publishes none of it."""
    project = copy_sample(tmp_path / "project")
    plant_refused(project, tmp_path / "outside.md")
    monkeypatch.setenv("LEAKMARK_TOKEN", "LEAKMARK-env")
    build_with_refusals_dropped(project, {"E-symlink", "E-mkdocs-env"}, ("public",))
    leaks = [
        f"{marker}: {rel}"
        for rel, data in contents(project / "site" / "public").items()
        for marker in ("leakmark-outside", "leakmark-env", "leakmark-doc")
        if marker.encode() in data.lower()
    ]
    assert not leaks, leaks
