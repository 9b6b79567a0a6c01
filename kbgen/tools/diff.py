"""What changes for customers and for agents between two git revisions of a project's `protocols/`.

`compare(project, base, head)` reads each revision's `protocols/` out of git (HEAD
None: the files as they are now, uncommitted edits included), validates both,
and compares them item by item by ID (IDs are stable, titles are not). The
result renders as Markdown for pull-request summaries or as JSON (diff_render).
Nothing here prints or exits: the CLI decides the exit code.

A promise is *weaker* when customers (or, for internal standards, agents) get
less than before: a longer time ceiling, the same time counted in business
hours, a lower goal, a higher abandonment ceiling, a lower score floor, fewer
cases in scope, a public standard or channel withdrawn, fewer opening hours.

The stages, one module each: diff_snapshot (what a revision publishes), diff_compare
(the Differ), diff_weaker (the weaker-promise rules), diff_words (values in words),
diff_change (the result types), diff_render (the reports).
"""

from __future__ import annotations

import subprocess
import tempfile
from datetime import date
from pathlib import Path, PurePosixPath

from kbgen import engine
from kbgen.exits import UsageError
from kbgen.problem import Problems
from kbgen.read.model import KnowledgeBase
from kbgen.tools.diff_change import DiffResult
from kbgen.tools.diff_compare import Differ
from kbgen.tools.diff_pages import changed_pages
from kbgen.tools.diff_snapshot import Snapshot

# Review dates in the future are not what a diff is about: every revision is read as if today were the last day.
FAR_FUTURE = date(9999, 12, 31)
WORKING_TREE = None


class DiffError(UsageError):
    """A usage error (exit 2): not a git repository, an unknown revision, no knowledge base at either side."""


# --- reading revisions ----------------------------------------------------------


def _git(project: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(project), *args], input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed; kbgen diff reads revisions with git") from None


def _prefix(project: Path) -> str:
    """The project's folder inside its git repository ("" at the top, else "sub/dir/")."""
    if not project.is_dir():
        raise DiffError(f"{project} is not a folder")
    done = _git(project, "rev-parse", "--show-prefix")
    if done.returncode != 0:
        raise DiffError(f"{project} is not in a git repository; kbgen diff compares git revisions")
    return done.stdout.decode().strip()


def _check_revision(project: Path, rev: str) -> None:
    if not rev or rev.startswith("-"):
        raise DiffError(f'"{rev}" is not a git revision')
    if _git(project, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").returncode != 0:
        raise DiffError(f'unknown revision "{rev}": git knows no commit, branch or tag by that name in {project}')


def _extract(project: Path, prefix: str, rev: str, dest: Path) -> bool:
    """Write REV's protocols/ under dest/protocols (blobs exactly as committed); False when it has none."""
    tree = f"{rev}:{prefix}protocols"
    kind = _git(project, "cat-file", "-t", tree)
    if kind.returncode != 0 or kind.stdout.strip() != b"tree":
        return False
    listing = _git(project, "ls-tree", "-r", "-z", "--full-tree", tree)
    if listing.returncode != 0:
        raise DiffError(f"git could not list {tree}: {listing.stderr.decode(errors='replace').strip()}")
    blobs: list[tuple[str, str]] = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, otype, oid = meta.decode().split()
        path = PurePosixPath(raw_path.decode("utf-8", errors="surrogateescape"))
        # Symbolic links and submodules are not content; a path never leaves the folder.
        if otype != "blob" or mode == "120000" or path.is_absolute() or ".." in path.parts:
            continue
        blobs.append((oid, str(path)))
    base = dest / "protocols"
    base.mkdir(parents=True)
    if not blobs:
        return True
    batch = _git(project, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in blobs).encode())
    if batch.returncode != 0:
        raise DiffError(f"git could not read {tree}: {batch.stderr.decode(errors='replace').strip()}")
    out, pos = batch.stdout, 0
    for _oid, rel in blobs:
        end = out.index(b"\n", pos)
        size = int(out[pos:end].split()[2])
        content = out[end + 1 : end + 1 + size]
        pos = end + 1 + size + 1
        target = base / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return True


def _read(project: Path, prefix: str, rev: str | None, dest: Path) -> tuple[KnowledgeBase | None, Problems, bool]:
    """One side: its knowledge base, its problems, and whether it has a protocols/ folder at all."""
    if rev is None:
        if not (project / "protocols").is_dir():
            return None, Problems(), False
        # Read in place, not copied: a copy would follow a symlink loop, open a FIFO and break
        # relative links; validation reports each of them. Only protocols/ is compared, as for a
        # revision (where nothing else is extracted), so only its problems count.
        kb, problems = engine.validate(project, FAR_FUTURE)
        return kb, Problems([p for p in problems.items if p.file.startswith("protocols")]), True
    if not _extract(project, prefix, rev, dest):
        return None, Problems(), False
    kb, problems = engine.validate(dest, FAR_FUTURE)
    return kb, problems, True


def compare(project: Path, base: str, head: str | None = WORKING_TREE) -> DiffResult:
    """Compare the knowledge base at git revision `base` with `head` (None: the working tree)."""
    prefix = _prefix(project)
    for rev in (base, head):
        if rev is not None:
            _check_revision(project, rev)
    with tempfile.TemporaryDirectory(prefix="kbgen-diff-") as tmp:
        sides = []
        for name, rev in (("base", base), ("head", head)):
            folder = Path(tmp) / name
            folder.mkdir()
            sides.append(_read(project, prefix, rev, folder))
    (kb_a, problems_a, has_a), (kb_b, problems_b, has_b) = sides
    if not has_a and not has_b:
        where = f"{base} or {head}" if head is not None else f"{base} or in the working tree"
        raise DiffError(f"no protocols/ folder in {project} at {where}; is --project right?")
    result = DiffResult(base=base, head=head, language="en")
    for label, problems, has in ((base, problems_a, has_a), (head or "the working tree", problems_b, has_b)):
        if has and problems.errors:
            result.invalid[label] = problems
    if result.invalid:
        return result
    before, after = Snapshot.of(kb_a), Snapshot.of(kb_b)
    result.language = (after.languages or before.languages or ["en"])[0]
    result.changes = Differ(before, after, result.language).run()
    result.pages = changed_pages(result.changes, before, after)
    return result
