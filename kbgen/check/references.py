"""References between items (E-unknown-id, E-wrong-kind, E-draft-ref, E-public-ref), with a suggestion
for an unknown ID."""

from __future__ import annotations

from collections.abc import Iterable

from kbgen.check.checker import Checker
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
) -> None:
    """Check that `target` names an item of one of `kinds`, visible wherever the referrer is."""
    kinds = tuple(kinds)
    entries = checker.all_ids.get(target, [])
    entry = next((e for e in entries if e.kind in kinds), entries[0] if entries else None)
    label = " or ".join(kinds)
    if entry is None:
        if target in checker.kb.broken_ids or checker.kb.unreadable:
            return  # it may well be defined in a file that could not be read
        hint = _suggest(checker, target, kinds)
        checker.report(
            file, path, "E-unknown-id", f'unknown {label} "{target}"', hint, needle=needle, position=position
        )
        return
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
        return
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


def _suggest(checker: Checker, target: str, kinds: tuple[str, ...]) -> str:
    import difflib

    candidates = [same[0].id for same in checker.all_ids.values() if same[0].kind in kinds]
    close = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else f"no {kinds[0]} has this ID"
