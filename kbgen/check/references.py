"""References between items (E-unknown-id, E-wrong-kind, E-draft-ref, E-public-ref), with a suggestion
for an unknown ID."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from kbgen.check.checker import Checker
from kbgen.problem import Level
from kbgen.read.refs import KIND_NAMES, Ref, find_refs
from kbgen.read.source_map import PathKey


def ref(
    checker: Checker,
    file: str,
    path: PathKey,
    target: str,
    kinds: Iterable[str],
    public: bool,
    draft: bool = False,
    needle: str | None = None,
    position: tuple[int, int] | None = None,
) -> bool:
    """Check that `target` names an item of one of `kinds`, visible wherever the referrer is; whether it
    names one of those kinds at all (so a caller may check further)."""
    kinds = tuple(kinds)
    entries = checker.all_ids.get(target, [])
    entry = next((e for e in entries if e.kind in kinds), entries[0] if entries else None)
    label = " or ".join(kinds)
    if entry is None:
        if target in checker.kb.broken_ids:
            return False  # it exists; its own errors are reported
        unread = _unread(checker, target)
        if unread is not None:
            checker.report(
                file, path, "W-ref-unread", unread[0], unread[1], Level.WARNING, needle=needle, position=position
            )
            return False
        hint = _suggest(checker, target, kinds, file, path)
        checker.report(
            file, path, "E-unknown-id", f'unknown {label} "{target}"', hint, needle=needle, position=position
        )
        return False
    if entry.kind not in kinds:
        checker.report(
            file,
            path,
            "E-wrong-kind",
            f'"{target}" is a {entry.kind}, not a {label}',
            f"see {checker.where(entry)}",
            needle=needle,
            position=position,
        )
        return False
    if entry.draft and not draft:
        checker.report(
            file,
            path,
            "E-draft-ref",
            f'{entry.kind} "{target}" is a draft and will not be published',
            "publish it (remove draft: true), or remove the reference",
            needle=needle,
            position=position,
        )
    elif public and not draft and not entry.public:
        checker.report(
            file,
            path,
            "E-public-ref",
            f'public content refers to the internal {entry.kind} "{target}"',
            "make that item public, make this one internal, or remove the reference",
            needle=needle,
            position=position,
        )
    return True


def cell(checker: Checker, file: str, path: PathKey, found: Ref) -> None:
    """Check what a `{std:…}` reference asks of its standard: a cell it has (E-variant; a standard made
    only of cells is never quoted without one), a goal it states (E-goal)."""
    std = next((s for s in checker.kb.standards if s.id == found.id), None)
    if std is None:
        return
    if found.cell and std.variant(found.cell) is None:
        names = ", ".join(v.id for v in std.variants)
        hint = f"its cells: {names}" if names else "this standard has no variants"
        checker.report(
            file, path, "E-variant", f'standard "{std.id}" has no cell "{found.cell}"', hint, needle=found.raw
        )
    elif found.goal and (std.party != "us" or (std.aim and std.goal is None)):
        whose = "an aim without a goal" if std.party == "us" else "a deadline that is not ours"
        checker.report(
            file,
            path,
            "E-goal",
            f'{found.raw}: standard "{std.id}" is {whose}, with no share of cases to quote',
            f"quote {{std:{std.id}}} and say what it is in words",
            needle=found.raw,
        )
    elif not found.cell and std.variants and std.target is None and std.deadline is None:
        checker.report(
            file,
            path,
            "E-variant",
            f'standard "{std.id}" is a grid of cells: name one',
            f"for example {{std:{std.id}/{std.variants[0].id}}}",
            needle=found.raw,
        )


def did_you_mean(target: str, candidates: Iterable[str], otherwise: str) -> str:
    """'did you mean "x"?' for the closest of `candidates`, else `otherwise`."""
    import difflib

    close = difflib.get_close_matches(target, list(candidates), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else otherwise


def _unread(checker: Checker, target: str) -> tuple[str, str] | None:
    """The message and hint for a reference that may lead into a part of a file kbgen could not read."""
    kb = checker.kb
    where = kb.unparsed_ids.get(target)
    if where is not None:
        return (
            f'"{target}" is written in a part of {where[0]} that could not be read (line {where[1]})',
            "fix the error reported there; this reference is checked again then",
        )
    if kb.unreadable:
        files = ", ".join(kb.unreadable[:2]) + (" ..." if len(kb.unreadable) > 2 else "")
        return (
            f'"{target}" is not in the files read, and {files} could not be read',
            "fix that file first; this reference is checked again then",
        )
    return None


def check_broken_items(checker: Checker) -> None:
    """References in items that did not validate, as written: a schema error never hides them."""
    for file, base, data in checker.kb.broken_items:
        for path, key, value in _strings(data, base):
            for found in find_refs(value):
                if found.id and not ((found.goal or found.cell) and found.kind != "std"):
                    ref(checker, file, path, found.id, [KIND_NAMES[found.kind]], False, True, needle=found.raw)
            kinds = _REF_FIELDS.get(key)
            if kinds and "{" not in value:
                ref(checker, file, path, value, kinds, False, True)


# Fields naming an item by its ID, checked in items that did not validate (as in kbgen.check.items).
_REF_FIELDS: dict[str, tuple[str, ...]] = {
    "related": ("FAQ", "playbook", "standard"),
    "standards": ("standard",),
    "standard": ("standard",),
    "template": ("template",),
    "statement": ("statement",),
    "channel": ("channel",),
    "channels": ("channel",),
    "clock": ("calendar",),
    "segments": ("segment",),
}


def _strings(data: Any, path: PathKey, key: str = "") -> Iterator[tuple[PathKey, str, str]]:
    """Every text in `data` with its path and the field it is under (a list's entries: the list's)."""
    if isinstance(data, str):
        yield path, key, data
    elif isinstance(data, dict):
        for name, value in data.items():
            yield from _strings(value, (*path, name), str(name))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*path, i), key)


def _suggest(checker: Checker, target: str, kinds: tuple[str, ...], file: str, path: PathKey) -> str:
    """ "did you mean" the closest ID of those kinds, never the item holding the reference; else the
    IDs there are, when they are few."""
    import difflib

    holders = {
        e.id
        for same in checker.all_ids.values()
        for e in same
        if e.file == file and path[: len(e.path) - 1] == e.path[:-1]
    }
    own = [same[0].id for same in checker.all_ids.values() if same[0].kind in kinds and same[0].id not in holders]
    candidates = (
        own + sorted(checker.kb.broken_ids - holders) + [i for i in checker.kb.unparsed_ids if i not in holders]
    )
    close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
    if close:
        return f'did you mean "{close[0]}"?'
    if own and len(own) <= _FEW:
        return f"known IDs: {', '.join(sorted(own))}"
    return f"no {kinds[0]} has this ID"


_FEW = 8  # up to this many IDs of a kind are listed when none is close
