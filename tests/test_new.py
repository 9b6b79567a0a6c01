"""`kbgen new`: a commented draft entry that validates, in the right file."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import Run, run_cli


def kbgen(project: Path, *args: str) -> Run:
    """In process except `validate`, which runs as a real process: nothing on stderr."""
    if args[0] != "validate":
        return run_cli([*args, "--project", project])
    done = subprocess.run([sys.executable, "-m", "kbgen", *args, "--project", str(project)],
                          capture_output=True, text=True, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture
def project(sample: Path, tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    shutil.copytree(sample, root)
    return root


def test_new_entries_validate_as_drafts(project: Path) -> None:
    assert kbgen(project, "new", "faq", "gift-cards").returncode == 0
    assert kbgen(project, "new", "playbook", "storm-outage", "--kind", "crisis").returncode == 0
    assert kbgen(project, "new", "standard", "chat-first-reply").returncode == 0

    faqs = (project / "protocols" / "faqs" / "deliveries.yml").read_text(encoding="utf-8")
    assert "  - id: gift-cards\n    draft: true\n" in faqs
    playbook = project / "protocols" / "playbooks" / "crisis" / "storm-outage.yml"
    text = playbook.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/playbook.schema.json\n")
    assert "kind: crisis" in text and "draft: true" in text
    standards = (project / "protocols" / "standards" / "service.yml").read_text(encoding="utf-8")
    assert "- id: chat-first-reply\n  draft: true\n" in standards

    result = kbgen(project, "validate", "--strict", "--today", "2026-11-23")
    assert result.returncode == 0, result.stdout
    assert result.stdout == "kbgen: valid, 0 warnings: 4 FAQs, 4 standards, 3 playbooks, 3 channels\n"


def test_new_refuses_an_id_in_use(project: Path) -> None:
    before = (project / "protocols" / "faqs" / "deliveries.yml").read_bytes()
    result = kbgen(project, "new", "faq", "city-delivery")
    assert result.returncode == 1
    assert result.stderr == 'kbgen: the ID "city-delivery" is already used by a standard; choose another\n'
    assert (project / "protocols" / "faqs" / "deliveries.yml").read_bytes() == before


def test_new_rejects_a_bad_id_as_usage(project: Path) -> None:
    result = kbgen(project, "new", "faq", "Gift Cards")
    assert result.returncode == 2
    assert '"Gift Cards" is not a valid ID' in result.stderr


def test_init_files_show_editors_how_to_continue(tmp_path: Path) -> None:
    root = tmp_path / "new-kb"
    result = subprocess.run([sys.executable, "-m", "kbgen", "init", str(root)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    for rel in ("protocols/kb.yml", "protocols/standards/service.yml", "protocols/faqs/deliveries.yml",
                "protocols/playbooks/daily/complaint-handling.yml"):
        text = (root / rel).read_text(encoding="utf-8")
        depth = rel.count("/")
        assert text.startswith(f"# yaml-language-server: $schema={'../' * depth}schemas/"), rel
        assert (root / rel).parent.joinpath(text.split("$schema=", 1)[1].split("\n", 1)[0]).resolve().is_file()
    assert "kbgen new faq" in (root / "protocols/faqs/deliveries.yml").read_text(encoding="utf-8")
    assert kbgen(root, "validate", "--strict").returncode == 0


def test_an_untouched_new_faq_cannot_be_published(project: Path) -> None:
    """Deleting the draft line without writing the question and answer is a located error."""
    assert run_cli(["new", "faq", "gift-cards", "--project", project]).returncode == 0
    target = project / "protocols" / "faqs" / "deliveries.yml"
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("  - id: gift-cards\n    draft: true\n", "  - id: gift-cards\n"), encoding="utf-8")
    lines = target.read_text(encoding="utf-8").splitlines()
    line = lines.index('      es: "¿Pregunta del cliente?"') + 1
    index = sum(1 for x in lines if x.startswith("  - id: ")) - 1

    result = run_cli(["validate", "--project", project, "--today", "2026-11-23"])
    assert result.returncode == 1
    assert (
        f"protocols/faqs/deliveries.yml:{line}:11: error: faqs[{index}].question.es: still the starter text of "
        'kbgen new ("¿Pregunta del cliente?") (write the real question, or keep draft: true) [E-placeholder]\n'
    ) in result.stdout
    assert result.stdout.count("[E-placeholder]") == 4  # question and answer, in es and en


def test_the_starter_texts_are_the_ones_new_writes() -> None:
    """One owner: the texts validate refuses are the very ones the starter entries hold."""
    from kbgen import editor

    written = editor.starter_faq("x", 0) + editor.starter_standard("y") + editor.starter_playbook("z", "daily")
    for texts in editor.STARTER_TEXTS.values():
        for text in texts:
            assert text in written


def test_starter_comments_speak_the_editors_language(project: Path) -> None:
    """The comments of a starter entry in the editors' language; its YAML the same in every language."""
    assert run_cli(["new", "faq", "gift-cards", "--project", project], env={"LANG": "es_CO.UTF-8"}).returncode == 0
    assert run_cli(["new", "playbook", "storm", "--project", project], env={"LANG": "es_CO.UTF-8"}).returncode == 0
    faqs = (project / "protocols" / "faqs" / "deliveries.yml").read_text(encoding="utf-8")
    assert "  # Pregunta nueva, escrita por `kbgen new faq`. Es un borrador: se valida, nunca se publica.\n" in faqs
    assert "# featured: true           # mostrarla en la página de inicio\n" in faqs
    playbook = (project / "protocols" / "playbooks" / "daily" / "storm.yml").read_text(encoding="utf-8")
    assert "draft: true                   # se valida, nunca se publica; borre esta línea para publicar\n" in playbook
    assert "New FAQ" not in faqs and "validated, never published" not in playbook
    assert kbgen(project, "validate").returncode == 0


def test_kbgen_init_writes_its_comments_in_the_editors_language(tmp_path: Path) -> None:
    """Every comment line of the starter has its words; the YAML itself is the same in every language."""
    from kbgen.publish.catalogs import catalog
    from kbgen.tools import init as kb_init

    english = {text for key, text in catalog("en").items() if key.startswith("starter.") and text.startswith("#")}
    starter = Path(kb_init.STARTER)
    comments = {
        line
        for path in starter.rglob("*.yml")
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.startswith("#") and "yaml-language-server" not in line
    }
    assert comments and comments == english, sorted(comments ^ english)
    made = {}
    for lang, locale in (("es", "es_CO.UTF-8"), ("en", "en_US.UTF-8")):
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("LANG", locale)
            mp.delenv("LC_ALL", raising=False)
            mp.delenv("LC_MESSAGES", raising=False)
            kb_init.create(tmp_path / lang)
        made[lang] = (tmp_path / lang / "protocols" / "kb.yml").read_text(encoding="utf-8")
    assert "# La base de conocimiento: organización, idiomas" in made["es"]
    assert "# The knowledge base: organisation, languages" in made["en"]
    yaml_es, yaml_en = ([line for line in made[lang].split("\n") if not line.startswith("#")] for lang in ("es", "en"))
    assert yaml_es == yaml_en
