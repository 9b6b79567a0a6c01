"""What editors and their pull requests rely on: workflows, schemas in the repo, report formats."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kbgen import editor
from kbgen.publish import messages

ROOT = Path(__file__).parent.parent


def test_workflows_are_valid_github_workflows() -> None:
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) == 3
    checker = Path(sys.executable).with_name("check-jsonschema")
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", *workflows],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_actions_are_pinned_to_commits() -> None:
    import re

    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for ref in re.findall(r"uses:\s*(\S+)", workflow.read_text(encoding="utf-8")):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", ref), f"{workflow.name}: {ref} is not pinned"


def test_committed_schemas_match_the_model(tmp_path: Path) -> None:
    lang = messages.project_language(ROOT)
    fresh = editor.write_schemas(tmp_path, messages.schema_words(lang), messages.schema_examples(lang))
    for path in fresh:
        committed = ROOT / "schemas" / path.name
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"schemas/{path.name} is out of date: run `kbgen schema`")


def test_vscode_maps_every_protocols_file_to_a_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapped = settings["yaml.schemas"]
    assert set(mapped) == {f"./schemas/{name}" for name, _model in editor.SCHEMA_FILES.values()}


def test_github_format_annotates_the_line(sample: Path, tmp_path: Path) -> None:
    project = tmp_path / "kb"
    shutil.copytree(sample, project)
    faq = project / "protocols" / "faqs" / "deliveries.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("featured: true", "featured: yes"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "kbgen", "validate", "--project", str(project), "--format",
                             "github"], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "::error file=protocols/faqs/deliveries.yml,line=17,col=15,title=E-flag::faqs[0].featured: "
        'expected true or false, got "yes"')


def test_json_format_lists_problems(sample: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "kbgen", "validate", "--project", str(sample), "--format",
                             "json"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["errors"] == 0 and data["problems"] == []
    assert data["counts"] == {"FAQ": 3, "standard": 3, "playbook": 2, "channel": 3}


def test_field_reference_is_generated_from_the_schema(sample: Path) -> None:
    from datetime import date

    from kbgen import engine
    from kbgen.publish.render import render_site
    from kbgen.publish.views import make_view
    from kbgen.read import schema

    kb, _ = engine.validate(sample)
    assert kb is not None
    pages = {p.path: p.content for p in render_site(make_view(kb, "internal", date(2026, 11, 23)), "es").pages}
    reference = pages["editors/fields.md"]
    for model in (schema.KbFile, schema.Standard, schema.Faq, schema.Category, schema.Playbook, schema.Step,
                  schema.Template, schema.Statement, schema.Channel, schema.Calendar):
        for name in model.model_fields:
            assert f"| `{name}` |" in reference, f"{model.__name__}.{name} missing from the field reference"
    # Each field says what it is for, with the words editors see on hover in their editor.
    row = "| `featured` | true o false (por defecto: `false`) | no | true: se muestra en la página de inicio. |"
    assert row in reference
    public = {p.path for p in render_site(make_view(kb, "public", date(2026, 11, 23)), "es").pages}
    assert "editors/fields.md" not in public


def test_drift_workflow_runs_the_suite_unlocked_every_week() -> None:
    workflow = (ROOT / ".github" / "workflows" / "drift.yml").read_text(encoding="utf-8")
    assert re.search(r"schedule:\n\s+- cron: \"\d+ \d+ \* \* \d\"", workflow), "not weekly"
    assert "make test-latest" in workflow
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest-latest:\n", 1)[1].split("\n\n", 1)[0]
    assert "--upgrade -e '.[test]'" in recipe and "lock.txt" not in recipe, recipe
    assert "python -m pytest -q" in recipe


def test_every_install_uses_the_lock() -> None:
    for workflow in ("pull-request.yml", "publish.yml"):
        text = (ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert "pip install --require-hashes --no-deps -r requirements/lock.txt" in text, workflow
        assert "pip install ." not in text, workflow
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet --require-hashes --no-deps -r $(LOCK)" in makefile


def _undescribed(node: Any, where: str) -> list[str]:
    """The properties under `node` (inline mappings included) with no description."""
    out: list[str] = []
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if not (isinstance(prop, dict) and str(prop.get("description", "")).strip()):
                out.append(f"{where}.{name}")
        for key, value in node.items():
            out += _undescribed(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _undescribed(value, f"{where}[{i}]")
    return out


def test_every_property_of_the_committed_schemas_has_a_description() -> None:
    """What the editor shows on hover: every field says what it is for, in the editors' language."""
    files = sorted((ROOT / "schemas").glob("*.schema.json"))
    assert len(files) == 4
    missing = [m for path in files for m in _undescribed(json.loads(path.read_text(encoding="utf-8")), path.name)]
    assert missing == []
    kb = json.loads((ROOT / "schemas" / "kb.schema.json").read_text(encoding="utf-8"))
    assert kb["properties"]["languages"]["description"].startswith("Idiomas de la base")


@pytest.mark.parametrize("lang", ["en", "es", "pt"])
def test_schema_descriptions_exist_in_every_language(lang: str, tmp_path: Path) -> None:
    for path in editor.write_schemas(tmp_path / lang, messages.schema_words(lang)):
        assert _undescribed(json.loads(path.read_text(encoding="utf-8")), path.name) == []
    faqs = json.loads((tmp_path / lang / "faqs.schema.json").read_text(encoding="utf-8"))
    said = {"en": "true: shown on the home page.", "es": "true: se muestra en la página de inicio."}
    assert faqs["$defs"]["Faq"]["properties"]["featured"]["description"] == said.get(lang, said["en"])
