"""The package's layout is its architecture: imports flow one way, MkDocs stays in build/.

    read/  ←  check/  ←  engine  ←  publish/  ←  build/      tools/, measure/, cli, plugin on top
    (problem, codes, exits, audience, urls, report, editor: shared, below everything)

Read from the source's import statements (TYPE_CHECKING imports included: a type that
crosses a stage is a dependency too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

KBGEN = Path(__file__).parent.parent / "kbgen"
ORDER = ["read", "check", "engine", "publish", "build"]  # engine: read + check, what adapters call
SHARED = {"problem", "codes", "exits", "audience", "urls", "report", "editor"}


def imports(path: Path) -> set[str]:
    """Every module `path` imports, as dotted names (`kbgen.read.loader`, `mkdocs.config`)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def modules() -> list[Path]:
    return sorted(KBGEN.rglob("*.py"))


def rank(stage: str) -> int:
    """A stage's place in the flow; tools/, measure/, cli and plugin come after every stage."""
    if stage in ORDER:
        return ORDER.index(stage)
    return len(ORDER) if stage in ("tools", "measure", "cli", "plugin") else -1


def stage(path: Path) -> str:
    rel = path.relative_to(KBGEN)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(KBGEN)))
def test_imports_flow_one_way(path: Path) -> None:
    here = stage(path)
    wrong = []
    for name in imports(path):
        parts = name.split(".")
        if parts[0] != "kbgen" or len(parts) < 2:
            continue
        there = parts[1]
        if here in SHARED and there not in SHARED and there not in ("read",):
            wrong.append(name)  # shared policies may use the model's types, nothing above
        elif here in ORDER and rank(there) > ORDER.index(here):
            wrong.append(name)
    assert not wrong, f"{path.relative_to(KBGEN)} imports above its stage: {sorted(wrong)}"


def test_only_build_and_the_plugin_import_mkdocs() -> None:
    offenders = [
        str(path.relative_to(KBGEN))
        for path in modules()
        if stage(path) not in ("build", "plugin")
        and any(name.split(".")[0] in ("mkdocs", "material") for name in imports(path))
    ]
    assert not offenders, f"MkDocs imported outside build/ and plugin.py: {offenders}"


def test_no_module_over_300_lines_but_the_schema() -> None:
    """Small modules named by role; the content model's schema is one piece on purpose."""
    long = {
        str(path.relative_to(KBGEN)): lines
        for path in modules()
        if path.relative_to(KBGEN).as_posix() != "read/schema.py"
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > 300
    }
    assert not long, long
