"""Every message and hint kbgen writes for editors, read from its source code.

Checks build Problems with English words; `kbgen.publish.messages` puts them into the editors'
language when they are reported. To prove every one of them has its words in every language,
this module finds each text in the code, whether any test triggers it or not: the `message` and
`hint` arguments of every call that builds a Problem (found by the names of the parameters of
kbgen's own functions, so a new helper is covered without a list), what is raised as a
`ScalarError` or a `PydanticCustomError` and the hints they carry, what a command says when it
stops (`UsageError`, `ContentError`) and a build's progress lines, texts assigned to a `hint` or
`message` variable, and `did_you_mean`'s fallback. An f-string's expressions become `Q`, which is
what a pattern's `{name}` part matches (`"Q"` for a `{value}`).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

KBGEN = Path(__file__).resolve().parent.parent / "kbgen"
ROLES = ("message", "hint")
# Raised or built with the message first; their context dict may carry a "hint".
_MESSAGE_FIRST = {
    "ScalarError": {0: "code", 1: "message", 2: "hint"},
    "PydanticCustomError": {0: "code", 1: "message"},
    # What a command says when it cannot go on, and a build's progress lines (kbgen.cli words them).
    **{name: {0: "message"} for name in ("UsageError", "ContentError", "DiffError", "KbgenError", "say")},
    "Fix": {4: "message"},  # kbgen fix's report
}
_NAMED = {"message", "hint", "why", "otherwise"}
# Text that reaches editors as someone else wrote it: MkDocs' and Pagefind's own words.
# and the reporters, which join what the checks wrote.
_NOT_OURS = {"kbgen/build/site.py", "kbgen/build/search.py", "kbgen/report.py"}


@dataclass(frozen=True)
class Source:
    """One text in the code: where it is, whether it is a message or a hint, and a sample of it."""

    file: str
    line: int
    role: str
    sample: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.role} {self.sample!r}"


def _signatures(tree: ast.AST) -> dict[str, dict[int, str]]:
    """For each function or class defined in `tree`: which positional argument is a message or hint."""
    found: dict[str, dict[int, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            args = [a.arg for a in node.args.args]
            if args and args[0] in ("self", "cls"):
                args = args[1:]
            roles = {i: a for i, a in enumerate(args) if a in ROLES}
            if roles:
                found[node.name] = roles
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name == "__init__":
                    args = [a.arg for a in item.args.args][1:]
                    roles = {i: a for i, a in enumerate(args) if a in ROLES}
                    if roles:
                        found[node.name] = roles
    return found


def samples(node: ast.expr, constants: dict[str, list[str]] | None = None) -> list[str]:
    """The texts an expression can be, its f-string parts as `Q` (a module's own string constant as
    its value); [] when the text is not written out here."""
    known = constants or {}
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        texts = [""]
        for value in node.values:
            texts = [text + part for text in texts for part in _parts(value, known)]
        return texts
    if isinstance(node, ast.IfExp):
        return samples(node.body, known) + samples(node.orelse, known)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Dict):  # {"a": "...", ...}[kind]
        return [text for value in node.value.values for text in samples(value, known)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        lefts, rights = samples(node.left, known) or ["Q"], samples(node.right, known) or ["Q"]
        return [] if lefts == rights == ["Q"] else [a + b for a in lefts for b in rights]
    return []


def _parts(value: ast.expr, constants: dict[str, list[str]]) -> list[str]:
    if isinstance(value, ast.Constant):
        return [str(value.value)]
    if isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.Name):
        return constants.get(value.value.id, ["Q"])
    return ["Q"]


def _constants(tree: ast.Module, everywhere: bool = False) -> dict[str, list[str]]:
    """The texts each name is given in a module: its top-level constants, and with `everywhere`
    the names inside its functions too ("an aim" or "a deadline" for `whose`)."""
    found: dict[str, list[str]] = {}
    nodes = ast.walk(tree) if everywhere else iter(tree.body)
    for node in nodes:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            texts = samples(node.value) if everywhere else []
            if isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
                texts = [node.value.value]
            texts = [text for text in texts if text]  # an empty start ("") is no sample
            if texts:
                found.setdefault(node.targets[0].id, []).extend(texts)
    return found


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def sources() -> list[Source]:
    """Every message and hint written out in kbgen's code (see the module's docstring)."""
    paths = sorted(KBGEN.rglob("*.py"))
    trees: dict[Path, ast.Module] = {path: ast.parse(path.read_text(encoding="utf-8")) for path in paths}
    everywhere: dict[str, dict[int, str]] = {"Problem": {6: "message", 7: "hint"}}
    for tree in trees.values():
        for name, roles in _signatures(tree).items():
            everywhere.setdefault(name, roles)
    shared: dict[str, list[str]] = {}  # constants are imported by name: ASSET_FOLDER is "images" everywhere
    for tree in trees.values():
        shared.update(_constants(tree))
    found: list[Source] = []
    for path, tree in trees.items():
        file = path.relative_to(KBGEN.parent).as_posix()
        if file in _NOT_OURS or file.startswith("kbgen/publish/messages"):
            continue
        local = {**everywhere, **_signatures(tree), **_MESSAGE_FIRST}
        constants = {**shared, **_constants(tree, everywhere=True)}

        def add(node: ast.expr, role: str, line: int) -> None:
            found.extend(Source(file, line, role, s) for s in samples(node, constants) if s.strip())  # noqa: B023

        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = _name(node.func)
                roles = local.get(name or "", {})
                for index, arg in enumerate(node.args):
                    if roles.get(index) in ROLES:
                        add(arg, roles[index], node.lineno)
                for keyword in node.keywords:
                    if keyword.arg in ROLES:
                        add(keyword.value, keyword.arg, node.lineno)
                if name == "did_you_mean" and len(node.args) == 3:
                    add(node.args[2], "hint", node.lineno)
            elif isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if isinstance(key, ast.Constant) and key.value in ROLES:
                        add(value, str(key.value), node.lineno)
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target = node.targets[0]
                if isinstance(target, ast.Name) and target.id in _NAMED | {n.upper() for n in _NAMED}:
                    add(node.value, "hint" if "hint" in target.id.lower() else "message", node.lineno)
    return found
