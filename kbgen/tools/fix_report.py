"""The report of a `kbgen fix` run, as the CLI prints it."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kbgen.report import plural
from kbgen.tools.fix import FileResult


def fixes(results: Sequence[FileResult], check: bool, say: Callable[[str], str] = str) -> str:
    """The report of a `kbgen fix` run: each fix on a located line, then its line before and after.

    ``FILE:LINE:COL: fixed: MESSAGE [KIND]`` (``would fix`` with --check), then, for line fixes,
    ``    - OLD LINE`` and ``    + NEW LINE`` (tabs shown as ``\\t``); one summary line at the end.
    `say` puts kbgen's own lines into the editors' language (never the lines of the file).
    """
    verb = "would fix" if check else "fixed"
    out = []
    for result in results:
        for fix in result.fixes:
            out.append(say(f"{fix.file}:{fix.line}:{fix.column}: {verb}: {fix.message} [{fix.kind}]") + "\n")
            if fix.before is not None and fix.after is not None:
                out.append(f"    - {_shown_line(fix.before)}\n    + {_shown_line(fix.after)}\n")
    count = sum(len(r.fixes) for r in results)
    files = sum(1 for r in results if r.changed)
    if not count:
        out.append(say(f"kbgen: nothing to fix in {plural(len(results), 'file')}") + "\n")
    elif check:
        out.append(say(f"kbgen: {plural(count, 'fix')} needed in {plural(files, 'file')}; run kbgen fix") + "\n")
    else:
        out.append(say(f"kbgen: {plural(count, 'fix')} made in {plural(files, 'file')}") + "\n")
    return "".join(out)


def _shown_line(line: str) -> str:
    return line.replace("\t", "\\t")
