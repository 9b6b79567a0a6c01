"""One type for every finding: syntax, schema, reference and policy alike."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, field

from kbgen.codes import CODES


class Level(enum.Enum):
    """How serious a Problem is: errors fail a run, warnings fail it only when strict."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """A located finding. Line and column are 1-based; 0 means "the whole file"."""

    file: str
    line: int
    column: int
    field: str
    code: str
    level: Level
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        registered = CODES.get(self.code)
        if registered is None or registered.level != self.level.value:
            raise ValueError(f"{self.code} is not a registered {self.level.value} code (kbgen/codes.py)")

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """Report order: file, line, column, then code and message."""
        return (self.file, self.line, self.column, self.code, self.message)

    def format(self) -> str:
        """`path:line:col: error: field.path: message (hint) [code]`."""
        where = f"{self.file}:{self.line}:{self.column}"
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.hint:
            text += f" ({self.hint})"
        return f"{where}: {self.level.value}: {text} [{self.code}]"


@dataclass
class Problems:
    """Collects the Problems of one run; checks add, reporters read."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Record one Problem; a duplicate is kept here and dropped when read."""
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Record several Problems; duplicates are kept here and dropped when read."""
        self.items.extend(problems)

    def sorted(self) -> list[Problem]:
        """The Problems in report order (see `Problem.sort_key`), each identical one once."""
        unique = {p: None for p in self.items}
        return sorted(unique, key=Problem.sort_key)

    @property
    def errors(self) -> list[Problem]:
        """The errors, in report order and without duplicates."""
        return [p for p in self.sorted() if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings, in report order and without duplicates."""
        return [p for p in self.sorted() if p.level is Level.WARNING]

    def failed(self, strict: bool = False) -> bool:
        """Whether the run fails: any error, or with `strict` any warning as well."""
        return bool(self.errors) or (strict and bool(self.warnings))
