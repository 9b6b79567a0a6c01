"""One ID namespace: every item's ID is unique across the knowledge base; local IDs within a playbook."""

from __future__ import annotations

from collections.abc import Sequence

from kbgen.check.checker import Checker, Entry
from kbgen.read.schema import Playbook


def collect_ids(checker: Checker) -> None:
    """Fill the ID namespace; an ID that a second item takes too is E-duplicate-id."""
    for named in checker.kb.namespace():
        item, path = named.item, named.id_path
        item_id = item.id
        new = Entry(item_id, named.kind, item.file, path, named.public, named.draft)
        same = checker.all_ids.setdefault(item_id, [])
        first = same[0] if same else None
        same.append(new)
        if first is not None:
            checker.report(
                item.file,
                path,
                "E-duplicate-id",
                f'duplicate ID "{item_id}": the {first.kind} at {checker.where(first)} has it too',
                "IDs are shared by every item of the knowledge base; rename one",
            )


def local_ids(checker: Checker, pb: Playbook, key: str, ids: Sequence[str | None], kind: str) -> list[str]:
    """The `kind` IDs of one playbook's `key` list, reporting one written twice."""
    seen: list[str] = []
    for i, local in enumerate(ids):
        if local is None:
            continue
        if local in seen:
            checker.report(
                pb.file,
                (key, i, "id"),
                "E-duplicate-id",
                f'{kind} "{local}" is named twice',
                f"{kind} IDs are unique within a playbook",
            )
        seen.append(local)
    return seen
