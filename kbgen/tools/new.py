"""`kbgen new`: a commented starter entry (a draft) for a new FAQ, playbook or standard, in the right file.

`draft` decides where the entry goes and what the file will hold; `write` writes it. A
playbook gets a file of its own, a standard goes at the end of the first standards file,
an FAQ at the end of its category's file. Nothing here prints or exits: errors are
kbgen.exits errors the CLI turns into exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kbgen import editor
from kbgen.exits import ContentError
from kbgen.publish.catalogs import prefixed
from kbgen.publish.messages import editors_language
from kbgen.read.loader import load_file
from kbgen.read.model import KnowledgeBase


@dataclass(frozen=True)
class Draft:
    """Where a new entry goes (`target`) and the whole text that file will hold."""

    target: Path
    text: str


def draft(project: Path, kb: KnowledgeBase, what: str, item_id: str, category: str | None, kind: str) -> Draft:
    """The file and text for a new `what` (faq | playbook | standard) with ID `item_id`.

    `category` chooses an FAQ's category (default: the first by order), `kind` a playbook's
    kind. Raises ContentError when the ID is taken, the category is missing or comes after
    its FAQs, or the entry cannot be added without breaking the file.
    """
    taken = _all_ids(kb)
    if item_id in taken:
        raise ContentError(f'the ID "{item_id}" is already used by a {taken[item_id]}; choose another')
    protocols = project / "protocols"
    if what == "playbook":
        target = protocols / "playbooks" / kind / f"{item_id}.yml"
        starter = _said(editor.starter_playbook(item_id, kind), project)
        return Draft(target, editor.schema_comment(target, project, "playbook.schema.json") + starter)
    if what == "standard":
        files = sorted((protocols / "standards").glob("*.y*ml"))
        target = files[0] if files else protocols / "standards" / "standards.yml"
        header = editor.schema_comment(target, project, "standards.schema.json")
        return Draft(target, _appended(target, _said(editor.starter_standard(item_id), project), header))
    entries = kb.categories
    chosen = (
        next((e for e in entries if e.category.id == category), None) if category else (entries[0] if entries else None)
    )
    if chosen is None:
        raise ContentError(
            f'no FAQ category "{category}"'
            if category
            else "no FAQ category yet; create protocols/faqs/CATEGORY.yml first"
        )
    target = project / chosen.file
    source = load_file(str(target), chosen.file).source
    faq_line, faq_col = source.position(("faqs", 0))
    cat_line, _ = source.position(("category",))
    if faq_line < cat_line:
        raise ContentError(f"{chosen.file}: put faqs: after category: so new FAQs can be added at the end")
    indent = max(0, faq_col - 3)  # the column of "- ": the position points at the first key after it
    return Draft(target, _appended(target, _said(editor.starter_faq(item_id, indent), project), ""))


def _said(starter: str, project: Path) -> str:
    """A starter entry with its comments in the editors' language (`starter.*`: each English comment
    and its words); the YAML itself, placeholders included, is the same in every language."""
    lang = editors_language(project)
    if lang == "en":
        return starter
    english, own = prefixed("en", "starter."), prefixed(lang, "starter.")
    for key, words in sorted(english.items(), key=lambda item: -len(item[1])):
        starter = starter.replace(f"# {words}", f"# {own.get(key, words)}")
    return starter


def write(entry: Draft) -> None:
    """Write the draft's file (UTF-8), making its folder when needed."""
    entry.target.parent.mkdir(parents=True, exist_ok=True)
    entry.target.write_text(entry.text, encoding="utf-8")


def _appended(target: Path, entry: str, header: str) -> str:
    """`target`'s text (or `header` for a new file) with `entry` at the end; it must still parse."""
    before = target.read_text(encoding="utf-8") if target.exists() else header
    text = before + ("" if before.endswith("\n") or not before else "\n") + entry
    if not editor.parses(text):  # never leave an editor's file broken
        raise ContentError(f"could not add the entry to {target} without breaking it; add it by hand")
    return text


def _all_ids(kb: KnowledgeBase) -> dict[str, str]:
    """Every ID in use, with the kind of item using it ("item" for an ID only a broken file has)."""
    ids = {named.item.id: named.kind for named in reversed(list(kb.namespace()))}
    for broken in kb.broken_ids:
        ids.setdefault(broken, "item")
    return ids
