"""`kbgen diff`: golden Markdown and JSON over a real git repository.

A module fixture copies tests/fixtures/sample into a temporary repository (the
project sits in a sub-folder, `help/`, as in a monorepo), commits it and tags it
`base`, then commits each scenario on top of `base` and tags it with the
scenario's name. Each test runs the real CLI (`python -m kbgen diff base NAME`)
and compares its output with tests/golden/diff/NAME.md (or .json).

To accept a change in the output, rewrite the goldens and read the diff as an
editor would before committing:

    KBGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_diff.py
    git diff tests/golden/diff/
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_support import Run, run_cli

from kbgen.read.schema import Calendar, Standard
from kbgen.tools.diff_snapshot import Snapshot
from kbgen.tools.diff_weaker import target_weaker

SAMPLE = Path(__file__).parent / "fixtures" / "sample"
GOLDEN = Path(__file__).parent / "golden" / "diff"
UPDATE = os.environ.get("KBGEN_UPDATE_GOLDEN") == "1"

# The sample has no standard on the 24x7 clock: the base revision adds one so a clock change can be tested.
WHATSAPP_STANDARD = """\
- id: whatsapp-first-response
  title: {es: Primera respuesta en WhatsApp, en: First reply on WhatsApp}
  metric: first_response
  target: 2h
  channels: [whatsapp]
  audience: public
"""

INSTALLATION_FAQ = """\
  - id: installation
    question: {es: "¿Instalan los electrodomésticos?", en: "Do you install appliances?"}
    answer:
      es: Sí, el técnico instala el equipo el día de la entrega.
      en: Yes, the technician installs it on delivery day.
"""

LATE_DELIVERY_PLAYBOOK = """\
id: late-delivery
kind: recovery
title: {es: Entrega retrasada, en: Late delivery}
trigger: {es: Un pedido no llegó en el plazo prometido., en: An order missed its promised date.}
steps:
  - do: {es: Discúlpese y dé una nueva fecha., en: Apologise and give a new date.}
    within: 1h
"""


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def protocols(project: Path, rel: str) -> Path:
    return project / "protocols" / rel


STANDARDS = "standards/service.yml"
FAQS = "faqs/deliveries.yml"
COMPLAINT = "playbooks/daily/complaint-handling.yml"


def target_weakened(p: Path) -> None:
    edit(protocols(p, STANDARDS), "target: 2d", "target: 3d")


def goal_lowered(p: Path) -> None:
    edit(protocols(p, STANDARDS), "goal: 90%", "goal: 80%")


def clock_business(p: Path) -> None:
    edit(protocols(p, STANDARDS), "  target: 2h\n", "  target: 2h\n  clock: office\n")


def strengthened(p: Path) -> None:
    edit(protocols(p, STANDARDS), "target: 2d\n  goal: 95%", "target: 1d\n  goal: 98%")
    edit(protocols(p, STANDARDS), "target: 5d", "target: 3d")


def standard_removed(p: Path) -> None:
    path = protocols(p, STANDARDS)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("- id: phone-wait"), text.index("- id: city-delivery")
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def standard_internal(p: Path) -> None:
    edit(
        protocols(p, STANDARDS), "  channels: [phone]\n  audience: public", "  channels: [phone]\n  audience: internal"
    )


def faq_added(p: Path) -> None:
    path = protocols(p, FAQS)
    path.write_text(path.read_text(encoding="utf-8") + INSTALLATION_FAQ, encoding="utf-8")


def faq_removed(p: Path) -> None:
    path = protocols(p, FAQS)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: delivery-cost"), text.index("  - id: agent-delivery-note")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(path, "    related: [delivery-cost]\n", "")


def faq_retitled(p: Path) -> None:
    edit(
        protocols(p, FAQS),
        '{es: "¿Cuánto tarda la entrega?", en: "How long does delivery take?"}',
        '{es: "¿En cuánto tiempo llega mi pedido?", en: "When will my order arrive?"}',
    )


def faq_reworded(p: Path) -> None:
    edit(protocols(p, FAQS), "      es: no\n", "      es: No, la entrega en la ciudad es gratuita.\n")


def faq_audience(p: Path) -> None:
    edit(protocols(p, FAQS), "  - id: delivery-time\n", "  - id: delivery-time\n    audience: internal\n")
    edit(
        protocols(p, FAQS),
        "    audience: internal\n    question: {es: Nota",
        "    audience: public\n    question: {es: Nota",
    )


def faq_draft(p: Path) -> None:
    edit(protocols(p, FAQS), "  - id: delivery-cost\n", "  - id: delivery-cost\n    draft: true\n")
    edit(protocols(p, FAQS), "    related: [delivery-cost]\n", "")
    path = protocols(p, FAQS)
    path.write_text(path.read_text(encoding="utf-8") + INSTALLATION_FAQ + "    draft: true\n", encoding="utf-8")


def playbook_added(p: Path) -> None:
    path = protocols(p, "playbooks/recovery/late-delivery.yml")
    path.parent.mkdir(parents=True)
    path.write_text(LATE_DELIVERY_PLAYBOOK, encoding="utf-8")


def playbook_removed(p: Path) -> None:
    protocols(p, "playbooks/crisis/negative-image-online.yml").unlink()


def playbook_reworded(p: Path) -> None:
    edit(protocols(p, COMPLAINT), "Agradezca y confirme", "Agradezca al cliente y confirme")
    edit(protocols(p, COMPLAINT), "to: supervisor, within: 1h", "to: supervisor, within: 30m")


def channel_hours(p: Path) -> None:
    edit(protocols(p, "kb.yml"), '"+57 300 123 4567"\n    hours: 24x7', '"+57 300 123 4567"\n    hours: office')


def calendar_hours(p: Path) -> None:
    edit(protocols(p, "kb.yml"), 'week: {mon-fri: "07:00-20:00", sat: "08:00-14:00"}', 'week: {mon-fri: "08:00-18:00"}')


def standard_scope(p: Path) -> None:
    edit(protocols(p, STANDARDS), "  channels: [phone]\n", "  channels: [phone, whatsapp]\n")
    edit(protocols(p, STANDARDS), "  segments: [vip]\n", "")
    edit(protocols(p, STANDARDS), "  target: 2d\n  goal: 95%\n", "  target: 2d\n  statistic: average\n")


def faq_moved(p: Path) -> None:
    path = protocols(p, FAQS)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  - id: delivery-cost"), text.index("  - id: agent-delivery-note")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    edit(path, "    related: [delivery-cost]\n", "")
    payments = "category:\n  id: payments\n  title: {es: Pagos, en: Payments}\n  order: 2\nfaqs:\n"
    protocols(p, "faqs/payments.yml").write_text(payments + text[start:end], encoding="utf-8")


def many(p: Path) -> None:
    target_weakened(p)
    edit(protocols(p, STANDARDS), "target: 5d", "target: 7d")
    edit(protocols(p, "kb.yml"), "contact: 01 8000 123 456", "contact: 01 8000 999 000")
    faq_added(p)
    edit(protocols(p, COMPLAINT), "title: {es: Atender una queja,", "title: {es: Atender un reclamo,")


SCENARIOS: dict[str, Callable[[Path], None]] = {
    "target-weakened": target_weakened,
    "goal-lowered": goal_lowered,
    "clock-business": clock_business,
    "strengthened": strengthened,
    "standard-removed": standard_removed,
    "standard-internal": standard_internal,
    "standard-scope": standard_scope,
    "faq-added": faq_added,
    "faq-moved": faq_moved,
    "faq-removed": faq_removed,
    "faq-retitled": faq_retitled,
    "faq-reworded": faq_reworded,
    "faq-audience": faq_audience,
    "faq-draft": faq_draft,
    "playbook-added": playbook_added,
    "playbook-removed": playbook_removed,
    "playbook-reworded": playbook_reworded,
    "channel-hours": channel_hours,
    "calendar-hours": calendar_hours,
    "many": many,
}


def broken(p: Path) -> None:
    edit(protocols(p, STANDARDS), "target: 2d", "target: 2 días")


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=git_env())
    return done.stdout


def git_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_CONFIG_GLOBAL"] = os.devnull
    return env


def init_repo(root: Path) -> None:
    git(root, "-c", "init.defaultBranch=main", "init", "-q")
    git(root, "config", "user.name", "kbgen tests")
    git(root, "config", "user.email", "tests@example.com")
    git(root, "config", "commit.gpgsign", "false")


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)


def kbgen(*args: str | Path, lang: str = "C.UTF-8") -> Run:
    """`kbgen ARGS` in process, with git isolated from the machine's configuration."""
    isolated: dict[str, str | None] = {k: None for k in os.environ if k.startswith("GIT_")}
    isolated.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull)
    isolated.update(LANG=lang)  # C: kb.yml decides the words (the sample's editors write Spanish)
    return run_cli(list(args), env=isolated)


def copy_sample(project: Path) -> None:
    shutil.copytree(SAMPLE, project)
    path = protocols(project, STANDARDS)
    path.write_text(path.read_text(encoding="utf-8") + WHATSAPP_STANDARD, encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository holding the sample in help/, tagged `base`, with one tagged commit per scenario."""
    root = tmp_path_factory.mktemp("repo")
    project = root / "help"
    copy_sample(project)
    init_repo(root)
    commit(root, "base")
    git(root, "tag", "base")
    for name, apply in {**SCENARIOS, "broken": broken}.items():
        git(root, "checkout", "-q", "--detach", "base")
        apply(project)
        commit(root, name)
        git(root, "tag", name)
    git(root, "checkout", "-q", "--detach", "base")
    return project


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden {path}; run with KBGEN_UPDATE_GOLDEN=1 and review it"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_markdown(project: Path, scenario: str) -> None:
    result = kbgen("diff", "base", scenario, "--project", project)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    check_golden(f"{scenario}.md", result.stdout)


def test_json(project: Path) -> None:
    result = kbgen("diff", "base", "many", "--project", project, "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    check_golden("many.json", result.stdout)
    assert payload["base"] == "base" and payload["head"] == "many" and payload["language"] == "es"
    keys = {"audience", "kind", "id", "title", "change", "before", "after", "weaker", "fields", "languages"}
    assert all(set(c) == keys for c in payload["changes"])
    markdown = kbgen("diff", "base", "many", "--project", project).stdout
    # The same changes, in the same order, as the Markdown bullets; the same ones flagged.
    bullets = [line for line in markdown.splitlines() if line.startswith("- ")]
    assert len(bullets) == len(payload["changes"])
    assert [("⚠" in b) for b in bullets] == [c["weaker"] for c in payload["changes"]]
    # The pages a reviewer opens, per site and language: the agents' site has the public ones too,
    # the customers' site never an agents' page.
    public, internal = payload["pages"]["public"], payload["pages"]["internal"]
    assert {"faq/deliveries/", "en/faq/deliveries/", "commitments/", "contact/"} <= set(public)
    assert not [p for p in public if p.startswith(("standards/", "playbooks/", "channels/", "en/standards/"))]
    assert set(public) <= set(internal)
    assert {"standards/", "playbooks/complaint-handling/", "channels/phone/"} <= set(internal)


def test_json_weaker_flags(project: Path) -> None:
    def changes(head: str) -> list[tuple[str, str, bool]]:
        out = kbgen("diff", "base", head, "--project", project, "--format", "json")
        assert out.returncode == 0, out.stderr
        return [(c["id"], c["change"], c["weaker"]) for c in json.loads(out.stdout)["changes"]]

    assert changes("target-weakened") == [("city-delivery", "target", True)]
    assert changes("goal-lowered") == [("phone-wait", "goal", True)]
    assert changes("clock-business") == [("whatsapp-first-response", "clock", True)]
    assert all(not weaker for _, _, weaker in changes("strengthened"))
    assert changes("standard-removed") == [("phone-wait", "removed", True)]
    assert changes("standard-internal") == [("phone-wait", "audience", True)]
    assert changes("channel-hours") == [("whatsapp", "hours", True)]


def test_the_words_follow_the_editors_language(project: Path) -> None:
    english = kbgen("diff", "base", "many", "--project", project, lang="en_US.UTF-8").stdout
    assert english.startswith("## Changes between `base` and `many`\n"), english
    assert "### For customers" in english and "Pages that change: `commitments/`" in english
    assert "Compromiso **Entrega en ciudad**" not in english


def test_no_changes(project: Path) -> None:
    result = kbgen("diff", "base", "base", "--project", project)
    assert result.returncode == 0, result.stderr
    check_golden("no-changes.md", result.stdout)
    # The working tree is checked out at base: no HEAD compares base with it.
    assert kbgen("diff", "base", "--project", project).stdout == result.stdout.replace(
        "y `base`", "y la copia de trabajo"
    )


def test_unknown_revision(project: Path) -> None:
    result = kbgen("diff", "no-such-rev", "--project", project, lang="en_US.UTF-8")
    assert result.returncode == 2
    assert result.stdout == ""
    assert 'kbgen: unknown revision "no-such-rev"' in result.stderr
    result = kbgen("diff", "base", "no-such-rev", "--project", project)  # kb.yml's editors write Spanish
    assert result.returncode == 2 and 'kbgen: revisión desconocida "no-such-rev": git no conoce' in result.stderr


def test_not_a_repository(tmp_path: Path) -> None:
    project = tmp_path / "kb"
    copy_sample(project)
    result = kbgen("diff", "HEAD", "--project", project, lang="en_US.UTF-8")
    assert result.returncode == 2
    assert "is not in a git repository" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_revision(project: Path) -> None:
    result = kbgen("diff", "base", "broken", "--project", project)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "kbgen: la base de conocimiento en broken tiene errores; corríjalos para comparar" in result.stderr
    assert "protocols/standards/service.yml:" in result.stderr and "error:" in result.stderr


def test_working_tree(tmp_path: Path) -> None:
    """Without HEAD: the files as they are now, uncommitted and untracked ones included (project at the top)."""
    copy_sample(tmp_path / "kb")
    root = tmp_path / "kb"
    init_repo(root)
    commit(root, "base")
    faq_reworded(root)  # an uncommitted edit
    playbook_added(root)  # an untracked file
    result = kbgen("diff", "HEAD", "--project", root)
    assert result.returncode == 0, result.stderr
    check_golden("working-tree.md", result.stdout)
    assert "Sin cambios" in kbgen("diff", "HEAD", "HEAD", "--project", root).stdout


def test_knowledge_base_created(tmp_path: Path) -> None:
    """A base before protocols/ existed: everything published is new."""
    root = tmp_path / "kb"
    root.mkdir()
    init_repo(root)
    (root / "README.md").write_text("help\n", encoding="utf-8")
    commit(root, "readme")
    git(root, "tag", "before")
    copy_sample(root / "help")
    commit(root, "knowledge base")
    result = kbgen("diff", "before", "HEAD", "--project", root / "help")
    assert result.returncode == 0, result.stderr
    check_golden("created.md", result.stdout)
    result = kbgen("diff", "before", "before", "--project", root / "help")
    assert result.returncode == 2 and "no hay carpeta protocols/ en " in result.stderr, result.stderr
    assert result.stderr.endswith("; ¿es correcto --project?\n"), result.stderr


def test_help_mentions_working_tree() -> None:
    result = kbgen("diff", "--help")
    assert result.returncode == 0
    assert "working tree" in result.stdout and "uncommitted" in result.stdout


# --- the weaker-promise rules that need two calendars -------------------------------


def snapshot(*calendars: dict[str, object]) -> Snapshot:
    snap = Snapshot(languages=["en"])
    snap.calendars = {str(c["id"]): Calendar.model_validate(c) for c in calendars}
    return snap


def standard(target: str, clock: str = "24x7", **more: object) -> Standard:
    data = {"id": "s", "title": "S", "metric": "first_response", "target": target, "clock": clock, **more}
    return Standard.model_validate(data, context={"languages": ["en"]})


WIDE = {"id": "wide", "timezone": "UTC", "week": {"mon-sat": "07:00-20:00"}}
NARROW = {"id": "narrow", "timezone": "UTC", "week": {"mon-fri": "08:00-18:00"}}


@pytest.mark.parametrize(
    ("before", "after", "weaker"),
    [
        (standard("2h"), standard("90m"), False),
        (standard("2h"), standard("2h", "wide"), True),  # the same time, counted in business hours
        (standard("3h"), standard("2h", "wide"), False),  # not comparable: not flagged
        (standard("2h", "wide"), standard("2h"), False),
        (standard("1d", "wide"), standard("12h", "wide"), False),  # 12 open hours < one 13-hour open day
        (standard("1d", "wide"), standard("14h", "wide"), True),
        (standard("2h", "wide"), standard("2h", "narrow"), True),  # fewer open hours: the same time counts slower
        (standard("2h", "narrow"), standard("2h", "wide"), False),
        (standard("2h", "wide"), standard("1h", "narrow"), False),
        (standard("3%", metric="abandonment"), standard("5%", metric="abandonment"), True),
        (standard("90%", metric="answered"), standard("85%", metric="answered"), True),
        (standard("8.5/10", metric="satisfaction"), standard("4/5", metric="satisfaction"), True),
        (standard("8.5/10", metric="satisfaction"), standard("9/10", metric="satisfaction"), False),
        # Calendar months count: "1 mes" to "2 meses" is weaker, to 20 open days on a mon-sat calendar is not
        (standard("1mo", "wide"), standard("2mo", "wide"), True),
        (standard("1mo", "wide"), standard("20d", "wide"), False),
        (standard("1mo"), standard("31d"), True),
        # Notice before an event (at least): shorter notice is weaker, longer is not
        (standard("24h", direction="at_least"), standard("12h", direction="at_least"), True),
        (standard("24h", direction="at_least"), standard("48h", direction="at_least"), False),
    ],
)
def test_target_weaker(before: Standard, after: Standard, weaker: bool) -> None:
    calendars = snapshot(WIDE, NARROW).calendars
    assert target_weaker(before, after, calendars, calendars) is weaker
