"""`kbgen fix`: safe, mechanical repairs of editors' YAML, as an engine that never prints.

Each fix is proposed by reading the file with kbgen's own loader, applied to the text line by
line, and kept only when the file reads better afterwards. Syntax errors are taken one at a
time: after each fix the file is read again and the next error is fixed, and a fix that does not
move the error past its line is undone, ending the run for that file. The rules, in order:

``bom``
    A UTF-8 byte order mark at the start of the file is removed.
``crlf``
    Windows line ends (CR LF) become LF. YAML reads both as one line break, so no value changes.
``tab``
    Only on the line the parser names as "a tab character is used for indentation", when that
    line starts a field (``key:``) or a list item (``- ``), and only outside block scalars,
    flow collections and quoted text. The places the line can belong to come from the lines
    above: a child of a ``key:`` line just above, a sibling in the same mapping or list item,
    then each enclosing level outwards. Of these, the first tried is the width the same run of
    tabs got earlier in the file, then the column the tabs show the line at with tab stops of
    4, 8 and 2 (where the editor saw it), then the rest, deepest first; the first that reads
    without a syntax error up to and including the line wins.
``quote-colon``
    Only on the line the parser names as "mapping values are not allowed here" (a second
    ``: `` on one line). A line ``key: text`` (key a kbgen-style word: lower-case letters,
    digits, ``_`` and ``-``) has its value quoted when the value is plain (it does not start
    with a quote, ``|``, ``>``, ``[``, ``{`` or another YAML indicator), holds ``: ``, holds no
    real comment (`` # `` with a space after it; a ``#`` glued to a word is text, as E-comment
    assumes), and does not continue on the next lines. A list item ``- text`` is
    quoted whole when its first ``:`` does not follow a kbgen-style key (``- Nota: pago: ya``,
    ``- Servicios de pago: cuentas: ...``): no kbgen mapping has such a key, so the item can
    only be text. An item that reads as ``- key: value`` has only its value quoted, like a
    field.
``quote-comment``
    Only on a value the loader reports as cut by a comment (E-comment: `` #`` glued to a word,
    as in ``rated #1``), with the same conditions as ``quote-colon``, plus: the rest of the line
    holds no real comment (`` # `` followed by a space), so the whole rest is the text meant.
``quote-item``
    A list item ``- Servicios de pago: cuentas`` is valid YAML: a mapping of one key. It is
    quoted whole only where kbgen's schema expects text there (a list of texts such as
    ``avoid`` or ``signs``, which reads the mapping as ``{language: text}`` and reports
    "Servicios de pago" as an unknown language), when the part before ``: `` is no kbgen-style
    key (a language code would be one), and the item is on one line. Elsewhere such an item is
    left as it is: kbgen cannot know it was meant as text, and validate names it.

Quoting keeps the text identical: double quotes, or single quotes when the text holds ``"``
or ``\\`` (a ``'`` inside single quotes is doubled). Keys, comments, quoted values, block
scalars and flow collections are never changed.

Every file is verified by reloading it: the fixed text must load without a syntax error; when
the original loaded, every value must read the same, except the quoted values, which must read
as the whole text that was written; a quoted value must read as exactly the text on its line.
A file that fails this keeps only its ``bom`` and ``crlf`` fixes (if any), and no other claim.

The stages, one module each: this one reads and writes files (and makes the ``bom`` and
``crlf`` fixes), fix_rules applies the line rules, fix_verify reads YAML for them and checks
the result.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kbgen.read.loader import load_bytes, load_text_keeping_data
from kbgen.report import plural
from kbgen.tools.fix_rules import Fix, fix_lines
from kbgen.tools.fix_verify import verified

KINDS = ("bom", "crlf", "tab", "quote-colon", "quote-comment", "quote-item")
# A list item whose text before ": " is no kbgen-style key (see quote-item), on raw bytes.
_MAYBE_TEXT_ITEM = re.compile(rb"^[ \t]*(?:- +)+(?![a-z][a-z0-9_]*(?:-[A-Za-z0-9]+)*:)[^\s\"'\[{#|>&*!][^:\n]*: ", re.M)


@dataclass
class FileResult:
    """What `kbgen fix` would do to one file: its fixes, and the fixed text (None: unchanged)."""

    file: str
    path: Path | None
    fixes: list[Fix] = field(default_factory=list)
    text: str | None = None

    @property
    def changed(self) -> bool:
        """Whether a fix changes the file."""
        return self.text is not None


def fix_project(project: Path, files: Sequence[Path] = ()) -> list[FileResult]:
    """The fixes for every YAML file under PROJECT/protocols/, or for `files`; nothing is written."""
    targets = list(files) if files else _yaml_files(project / "protocols")
    protocols = project / "protocols"
    raws = {}
    for path in targets:
        try:
            raws[path] = path.read_bytes()
        except OSError:  # unreadable: validate reports it (E-read); nothing to fix here
            continue
    # The schema is asked only when some line could be such an item: most runs need no model.
    ask = protocols.is_dir() and any(_MAYBE_TEXT_ITEM.search(raw) for raw in raws.values())
    text_items = _text_items(project) if ask else {}
    results = [
        fix_bytes(raw, _display(path, project), path, text_items.get(_display(path, project), frozenset()))
        for path, raw in raws.items()
    ]
    if protocols.is_dir() and any(r.changed for r in results) and ask:
        # A file that did not parse showed the schema nothing; ask again with the fixes made,
        # in a copy, so one run does what two would.
        with tempfile.TemporaryDirectory(prefix="kbgen-fix-") as tmp:
            fixed = {r.file: r.text for r in results if r.text is not None}
            for source in _yaml_files(protocols):  # regular files only: never a pipe or device
                shown = _display(source, project)
                copy = Path(tmp) / shown
                copy.parent.mkdir(parents=True, exist_ok=True)
                text = fixed.get(shown)
                copy.write_bytes(text.encode("utf-8") if text is not None else source.read_bytes())
            again = _text_items(Path(tmp))
        for i, result in enumerate(results):
            more = again.get(result.file, frozenset()) - text_items.get(result.file, frozenset())
            if more and result.path is not None:
                lines = text_items.get(result.file, frozenset()) | more
                results[i] = fix_bytes(raws[result.path], result.file, result.path, lines)
    return results


def _text_items(project: Path) -> dict[str, frozenset[int]]:
    """By file, the lines of list items `- Some words: more words` that YAML reads as a one-key
    mapping where kbgen's schema expects text (it reports the key as an unknown language)."""
    from kbgen.read.project import load_project

    _kb, problems = load_project(project)
    found: dict[str, set[int]] = {}
    for problem in problems.items:
        if problem.code == "E-language" and problem.field.rsplit(".", 1)[0].endswith("]"):
            found.setdefault(problem.file, set()).add(problem.line)
    return {file: frozenset(lines) for file, lines in found.items()}


def write(results: Iterable[FileResult]) -> list[FileResult]:
    """Write every changed file (UTF-8, LF line ends); return those written."""
    written = []
    for result in results:
        if result.changed and result.path is not None and result.text is not None:
            result.path.write_bytes(result.text.encode("utf-8"))
            written.append(result)
    return written


def fix_bytes(raw: bytes, file: str, path: Path | None = None, text_items: frozenset[int] = frozenset()) -> FileResult:
    """The fixes for one file's bytes. A file kbgen cannot read as text is left alone.

    `text_items`: lines holding list items the schema reads as text (see _text_items)."""
    result = FileResult(file, path)
    first = load_bytes(raw, file)
    if any(p.code in ("E-encoding", "E-size", "E-control") for p in first.problems):
        return result
    original = raw.decode("utf-8")
    text = original
    whole: list[Fix] = []
    if text.startswith("\ufeff"):
        text = text[1:]
        whole.append(Fix(file, 1, 1, "bom", "removed the UTF-8 byte order mark"))
    if "\r\n" in text:
        count = text.count("\r\n")
        line = text.count("\n", 0, text.index("\r\n")) + 1
        column = text.index("\r\n") - (text.rfind("\n", 0, text.index("\r\n")) + 1) + 1
        text = text.replace("\r\n", "\n")
        whole.append(Fix(file, line, column, "crlf", f"Windows line ends (CR LF) made LF on {plural(count, 'line')}"))
    before = load_text_keeping_data(text, file)
    lines = text.split("\n")
    fixes, intended = fix_lines(lines, file, before, text_items)
    fixed = "\n".join(lines)
    if fixes and not verified(before, load_text_keeping_data(fixed, file), intended):
        fixes, fixed = [], text
    result.fixes = whole + fixes
    if result.fixes:
        result.text = fixed
    return result


def _yaml_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def _display(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
