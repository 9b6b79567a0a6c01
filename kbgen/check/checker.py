"""The state the checks share, and how they report a Problem at a node of a file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kbgen.problem import Level, Problem, Problems
from kbgen.read.model import KnowledgeBase
from kbgen.read.source_map import PathKey, dotted


@dataclass
class Entry:
    """One item of the shared ID namespace."""

    id: str
    kind: str
    file: str
    path: PathKey
    public: bool
    draft: bool


class Checker:
    """What every check shares: the knowledge base, where Problems go, today, and the ID namespace."""

    def __init__(self, kb: KnowledgeBase, problems: Problems, today: date) -> None:
        self.kb = kb
        self.problems = problems
        self.today = today
        self.all_ids: dict[str, list[Entry]] = {}

    # --- reporting ------------------------------------------------------------

    def report(
        self,
        file: str,
        path: PathKey,
        code: str,
        message: str,
        hint: str = "",
        level: Level = Level.ERROR,
        needle: str | None = None,
        position: tuple[int, int] | None = None,
    ) -> None:
        """Add a Problem at the node `path` of `file`: at `position`, else where `needle` is written
        inside it, else at the node itself."""
        source = self.kb.sources.get(file)
        if position is not None:
            line, col = position
        elif source is None:
            line, col = 1, 1
        elif needle is not None:
            line, col = source.find_in_scalar(path, needle)
        else:
            line, col = source.position(path)
        self.problems.add(Problem(file, line, col, dotted(path), code, level, message, hint))

    def where(self, entry: Entry) -> str:
        """`file:line` of an item, for messages that name a second place."""
        source = self.kb.sources.get(entry.file)
        line = source.position(entry.path)[0] if source else 1
        return f"{entry.file}:{line}"
