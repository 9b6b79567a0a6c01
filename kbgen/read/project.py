"""Read a project's `protocols/` into one typed `KnowledgeBase`, reporting Problems.

Every file under protocols/ is classified by where it stands (kb.yml, standards/, faqs/,
playbooks/); a file kbgen does not read, or one it may not open, is reported. Each file is then
read by kbgen.read.reader, and the pages under docs/ by kbgen.read.docs_scan. A broken item is
reported and left out, and the rest is still read, so one run reports every mistake.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from kbgen.problem import Level, Problem, Problems
from kbgen.read.docs_scan import scan_docs
from kbgen.read.files import display, file_problem, folder_link
from kbgen.read.model import KnowledgeBase
from kbgen.read.performance import load_performance
from kbgen.read.reader import Reader

YAML_SUFFIXES = (".yml", ".yaml")


def project_paths(root: Path) -> Iterator[Path]:
    """Every file under protocols/, in a stable order; a symlinked folder is yielded like a file,
    never entered (load_project says so), so no link can make the walk loop or read a file twice."""
    base = root / "protocols"
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        links = [name for name in dirnames if (Path(dirpath) / name).is_symlink()]  # listed, never entered
        for name in sorted([*filenames, *links]):
            yield Path(dirpath) / name


def load_project(root: Path) -> tuple[KnowledgeBase | None, Problems]:
    """Load and validate every YAML file of the project at `root` (checks across files come later)."""
    problems = Problems()
    base = root / "protocols"
    if not base.is_dir():
        problems.add(
            Problem(
                "protocols",
                1,
                1,
                "",
                "E-project",
                Level.ERROR,
                f"no protocols/ folder in {root}",
                "run kbgen in a knowledge-base project, or pass --project",
            )
        )
        return None, problems
    if base.is_symlink():
        refused = file_problem(root, base, root, "the project")
        if refused is not None:
            problems.add(refused)
            return None, problems

    kb_files: list[Path] = []
    standards_files: list[Path] = []
    faq_files: list[Path] = []
    playbook_files: list[Path] = []
    broken_files: list[str] = []
    for path in project_paths(root):
        rel = path.relative_to(base)
        parts = rel.parts
        refused = (
            folder_link(root, path, base, "protocols/")
            if path.is_dir() and path.is_symlink()
            else file_problem(root, path, base, "protocols/")
        )
        if refused is not None:  # a FIFO, a device, a broken link or one leading away: never opened
            problems.add(refused)
            if path.suffix in YAML_SUFFIXES or path.is_dir():  # IDs unknown, not missing: no cascade of errors
                broken_files.append(refused.file)
            continue
        if path.suffix in YAML_SUFFIXES and len(parts) == 1 and path.stem == "kb":
            kb_files.append(path)
        elif path.suffix in YAML_SUFFIXES and len(parts) == 2 and parts[0] == "standards":
            standards_files.append(path)
        elif path.suffix in YAML_SUFFIXES and len(parts) == 2 and parts[0] == "faqs":
            faq_files.append(path)
        elif path.suffix in YAML_SUFFIXES and len(parts) >= 2 and parts[0] == "playbooks":
            playbook_files.append(path)
        else:
            problems.add(
                Problem(
                    display(root, path),
                    1,
                    1,
                    "",
                    "W-unknown-file",
                    Level.WARNING,
                    "kbgen does not read this file",
                    "kbgen reads kb.yml, standards/*.yml, faqs/*.yml and playbooks/**/*.yml; move or delete it",
                )
            )

    if not kb_files:
        problems.add(
            Problem(
                "protocols/kb.yml",
                1,
                1,
                "",
                "E-project",
                Level.ERROR,
                "protocols/kb.yml is missing",
                "create it with organization and languages (kbgen init shows an example)",
            )
        )
        return None, problems
    if len(kb_files) > 1:
        problems.add(
            Problem(
                display(root, kb_files[1]),
                1,
                1,
                "",
                "E-project",
                Level.ERROR,
                "both kb.yml and kb.yaml exist",
                "keep one of them",
            )
        )

    reader = Reader(root, problems)
    kb = reader.read_kb(kb_files[0])
    if kb is None:
        return None, problems
    out = KnowledgeBase(root=root, kb=kb, kb_file=display(root, kb_files[0]))
    out.sources = reader.sources
    for path in standards_files:
        out.standards.extend(reader.read_standards(path))
    for path in faq_files:
        entry = reader.read_faqs(path)
        if entry is not None:
            out.categories.append(entry)
    for path in playbook_files:
        playbook = reader.read_playbook(path)
        if playbook is not None:
            out.playbooks.append(playbook)
    out.categories.sort(key=lambda e: (e.category.order if e.category.order is not None else 1 << 30, e.category.id))
    out.broken_ids = reader.broken_ids
    out.unreadable = broken_files + reader.unreadable
    out.unparsed_ids = reader.unparsed_ids
    out.broken_items = reader.broken_items
    folder = scan_docs(root, out.languages, problems)
    out.docs, out.doc_assets = folder.pages, folder.assets
    out.performance = load_performance(root, problems)
    return out, problems
