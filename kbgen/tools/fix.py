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
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kbgen.read.loader import GLUED_COMMENT, Loaded, PathKey, load_bytes, load_text_keeping_data

try:
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

KINDS = ("bom", "crlf", "tab", "quote-colon", "quote-comment", "quote-item")

# A kbgen field name or language code: the only keys kbgen's files have.
_KEY = r"[a-z][a-z0-9_]*(?:-[A-Za-z0-9]+)*"
_FIELD_LINE = re.compile(rf"^(?P<lead> *(?:- +)*)(?P<key>{_KEY}):(?P<gap> +)(?P<value>\S.*)$")
_ITEM_LINE = re.compile(r"^(?P<lead> *(?:- +)+)(?P<value>\S.*)$")
_STRUCTURAL = re.compile(rf"^(?:-(?: |$)|{_KEY}:(?: |$))")
_OPENER = re.compile(rf"^(?P<lead> *(?:- +)*)(?P<key>{_KEY}):[ \t]*(?:#.*)?$")
_REAL_COMMENT = re.compile(r"[ \t]#(?:[ \t]|$)")
# A plain value may not start with these (YAML indicators, quotes, block and flow starts).
_NOT_PLAIN_START = tuple("\"'|>[]{}&*!%@`#,?:-")
# A list item whose text before ": " is no kbgen-style key (see quote-item), on raw bytes.
_MAYBE_TEXT_ITEM = re.compile(rb"^[ \t]*(?:- +)+(?![a-z][a-z0-9_]*(?:-[A-Za-z0-9]+)*:)[^\s\"'\[{#|>&*!][^:\n]*: ", re.M)
_TAB_MESSAGE = "a tab character is used for indentation"
_COLON_MESSAGE = "a second `: ` on one line"


@dataclass(frozen=True)
class Fix:
    """One change to one file: where (1-based), which rule, and the line before and after.

    `before` and `after` are None for whole-file fixes (bom, crlf)."""

    file: str
    line: int
    column: int
    kind: str
    message: str
    before: str | None = None
    after: str | None = None


@dataclass
class FileResult:
    """What `kbgen fix` would do to one file: its fixes, and the fixed text (None: unchanged)."""

    file: str
    path: Path | None
    fixes: list[Fix] = field(default_factory=list)
    text: str | None = None

    @property
    def changed(self) -> bool:
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
    from kbgen.read.model import load_project

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
        whole.append(Fix(file, line, column, "crlf", f"Windows line ends (CR LF) made LF on {_plural(count, 'line')}"))
    before = load_text_keeping_data(text, file)
    lines = text.split("\n")
    fixes, intended = _fix_lines(lines, file, before, text_items)
    fixed = "\n".join(lines)
    if fixes and not _verified(before, load_text_keeping_data(fixed, file), intended):
        fixes, fixed = [], text
    result.fixes = whole + fixes
    if result.fixes:
        result.text = fixed
    return result


# --- the line rules ---------------------------------------------------------------------------


def _fix_lines(
    lines: list[str], file: str, before: Loaded, text_items: frozenset[int]
) -> tuple[list[Fix], dict[int, str]]:
    """Apply the tab and quoting rules in place; return the fixes and, by line, the text meant."""
    fixes: list[Fix] = []
    intended: dict[int, str] = {}
    tab_widths: dict[str, int] = {}
    state = before
    for _ in range(len(lines) + 1):
        syntax = next((p for p in state.problems if p.code == "E-yaml"), None)
        if syntax is None:
            break
        index = syntax.line - 1
        if not 0 <= index < len(lines) or not _prefix_reads(lines[:index]):
            break
        old = lines[index]
        fix: Fix | None = None
        if syntax.message == _TAB_MESSAGE:
            fix = _fix_tab(lines, index, file, tab_widths)
        elif syntax.message == _COLON_MESSAGE:
            quoted = _quote_line(lines, index, syntax.column, "quote-colon", file)
            if quoted is not None:
                fix, intended[index + 1] = quoted
        if fix is None:
            break
        after = load_text_keeping_data("\n".join(lines), file)
        again = next((p for p in after.problems if p.code == "E-yaml"), None)
        if again is not None and again.line <= syntax.line:
            lines[index] = old  # no progress: leave the line as it was, and stop
            intended.pop(index + 1, None)
            break
        fixes.append(fix)
        state = after
    if not any(p.code == "E-yaml" for p in state.problems):
        for problem in state.problems:
            if problem.code != "E-comment":
                continue
            index = problem.line - 1
            if not _scalar_starts_line(state, problem.line):
                continue
            quoted = _quote_line(lines, index, problem.column, "quote-comment", file)
            if quoted is not None:
                fixes.append(quoted[0])
                intended[problem.line] = quoted[1]
        for line in sorted(text_items):
            if 0 < line <= len(lines) and _ITEM_LINE.match(lines[line - 1]) and line not in intended:
                quoted = _quote_line(lines, line - 1, len(lines[line - 1]), "quote-item", file)
                if quoted is not None:
                    fixes.append(quoted[0])
                    intended[line] = quoted[1]
    return sorted(fixes, key=lambda f: (f.line, f.column)), intended


def _quote_line(lines: list[str], index: int, at: int, kind: str, file: str) -> tuple[Fix, str] | None:
    """Quote the plain value on line `index` (the finding is at column `at`), or None if unsure."""
    line = lines[index]
    match = None if kind == "quote-item" else _FIELD_LINE.match(line)
    owner = 0
    if match is not None:
        owner = len(match.group("lead"))
        start = match.start("value")
    else:
        item = _ITEM_LINE.match(line)
        if item is None:
            return None
        value = item.group("value")
        head = value.split(":", 1)[0]
        if re.fullmatch(_KEY, head):
            return None  # `- key: ...` that _FIELD_LINE refused: not sure enough
        owner = len(item.group("lead").rstrip()) - 1  # the column of the last dash
        start = item.start("value")
    value = line[start:].rstrip(" \t")
    if at <= start or value.startswith(_NOT_PLAIN_START) or _REAL_COMMENT.search(value):
        return None
    if kind in ("quote-colon", "quote-item") and ": " not in value:
        return None
    if kind == "quote-comment" and not GLUED_COMMENT.search(value):
        return None
    if _continues(lines, index, owner):
        return None
    quoted = _quote(value)
    lines[index] = line[:start] + quoted
    message = {
        "quote-colon": 'quoted a value holding ": "',
        "quote-comment": 'quoted a value holding " #" (YAML would cut it as a comment)',
        "quote-item": 'quoted a list item holding ": ", which YAML read as a mapping where text is expected',
    }[kind]
    return Fix(file, index + 1, start + 1, kind, message, line, lines[index]), value


def _quote(text: str) -> str:
    """`text` as a YAML quoted scalar that reads back identical."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _continues(lines: list[str], index: int, owner: int) -> bool:
    """Whether the plain value on line `index` goes on below (a multi-line plain scalar)."""
    for below in lines[index + 1 :]:
        if not below.strip():
            continue
        stripped = below.lstrip(" ")
        if stripped.startswith("#"):
            return False
        return stripped.startswith("\t") or len(below) - len(stripped) > owner
    return False


def _fix_tab(lines: list[str], index: int, file: str, widths: dict[str, int]) -> Fix | None:
    """Replace the tabs indenting line `index` with spaces that fit the context, or None."""
    line = lines[index]
    content = line.lstrip(" \t")
    lead = line[: len(line) - len(content)]
    if "\t" not in lead or not _STRUCTURAL.match(content) or _in_block_scalar(lines[:index]):
        return None
    candidates = _tab_candidates(lines, index, content)
    # Where the editor saw the line: the width the same tabs got above, else where the tabs
    # put it on screen (tab stops of 4, 8 or 2); only places the context allows count.
    seen = ([widths[lead]] if lead in widths else []) + [len(lead.expandtabs(size)) for size in (4, 8, 2)]
    preferred = [width for width in dict.fromkeys(seen) if width in candidates]
    for width in preferred + [width for width in candidates if width not in preferred]:
        trial = " " * width + content
        if _prefix_reads([*lines[:index], trial]):
            lines[index] = trial
            widths[lead] = width
            return Fix(file, index + 1, 1, "tab", f"indented with {width} spaces instead of tabs", line, trial)
    return None


def _tab_candidates(lines: list[str], index: int, content: str) -> list[int]:
    """Indentations line `index` may take, deepest first, from the (space-indented) lines above."""
    found: list[int] = []

    def add(width: int) -> None:
        if width not in found:
            found.append(width)

    limit: int | None = None
    for above in reversed(lines[:index]):
        stripped = above.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("\t"):
            return found  # an earlier tab line left as it was: no reliable context
        indent = len(above) - len(stripped)
        if limit is not None and indent >= limit:
            continue
        lead_match = re.match(r"^ *(?:- +)*", above)
        lead = len(lead_match.group(0)) if lead_match else indent
        if limit is None:
            opener = _OPENER.match(above)
            if opener is not None:
                add(len(opener.group("lead")) + _unit(lines))
                if content.startswith("-"):
                    add(len(opener.group("lead")))
        if lead > indent:
            add(lead)  # a key inside a list item: `- id: x` holds keys at its column
        add(indent)
        limit = indent
        if indent == 0:
            break
    add(0)
    return found


def _unit(lines: Sequence[str]) -> int:
    """The file's indentation step: the smallest indentation written with spaces (2 or 4), else 2."""
    widths = [len(x) - len(x.lstrip(" ")) for x in lines if x.startswith(" ") and x.strip()]
    smallest = min(widths, default=2)
    return smallest if smallest in (2, 4) else 2


# --- reading --------------------------------------------------------------------------------


def _events(text: str) -> Iterator[Any]:
    parser = _EventLoader(text)
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        parser.dispose()


def _prefix_reads(lines: Sequence[str]) -> bool:
    """Whether these lines, alone, are YAML without a syntax error (so the next line starts
    outside quoted text and flow collections)."""
    try:
        for _ in _events("\n".join(lines) + "\n"):
            pass
    except yaml.YAMLError:
        return False
    return True


def _in_block_scalar(lines: Sequence[str]) -> bool:
    """Whether the last value of these lines is a block scalar (| or >), so the next line may be
    part of its text."""
    last: Any = None
    try:
        for event in _events("\n".join(lines) + "\n"):
            if isinstance(event, yaml.ScalarEvent):
                last = event
            elif isinstance(event, yaml.CollectionStartEvent):
                last = None  # the end events that close everything at the end of text keep it
    except yaml.YAMLError:
        return True
    return last is not None and last.style in ("|", ">")


def _scalar_starts_line(loaded: Loaded, line: int) -> bool:
    """Whether a one-line value begins on `line` (so the rest of that line is the whole value)."""
    source = loaded.source
    for path, (at_line, _col) in source.values.items():
        if at_line != line:
            continue
        span = source.spans.get(path)
        if span is not None and "\n" not in source.text[span[0] : span[1]]:
            return True
    return False


def _flatten(data: Any, path: PathKey = ()) -> dict[PathKey, Any]:
    if isinstance(data, dict):
        out: dict[PathKey, Any] = {(*path, "{}"): sorted(data)}
        for key, value in data.items():
            out.update(_flatten(value, (*path, key)))
        return out
    if isinstance(data, list):
        out = {(*path, "[]"): len(data)}
        for i, value in enumerate(data):
            out.update(_flatten(value, (*path, i)))
        return out
    return {path: data}


def _verified(before: Loaded, after: Loaded, intended: dict[int, str]) -> bool:
    """The fixed file loads without a syntax error, its quoted values read as meant, and every
    other value reads as before (where the original loaded at all)."""
    if after.data is None or any(p.code in ("E-yaml", "E-comment") for p in after.problems):
        return False
    new = _flatten(after.data)
    quoted: set[PathKey] = set()
    for line, text in intended.items():
        here = [path for path, (at, _c) in after.source.values.items() if at == line and new.get(path) == text]
        if not here:
            return False
        quoted.update(here)
    if before.data is None or any(p.code == "E-yaml" for p in before.problems):
        return True

    def kept(values: dict[PathKey, Any]) -> dict[PathKey, Any]:
        return {k: v for k, v in values.items() if not any(k[:n] in quoted for n in range(len(k) + 1))}

    return kept(_flatten(before.data)) == kept(new)


def _yaml_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.suffix in (".yml", ".yaml") and p.is_file())


def _display(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
