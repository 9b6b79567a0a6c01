"""The command line: parses arguments, calls the engine, maps results to exit codes 0/1/2."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from kbgen import editor, engine, report
from kbgen.exits import ContentError, Exit, UsageError
from kbgen.publish import messages
from kbgen.read.scalars import ScalarError, parse_id
from kbgen.tools.commands import FOLDER, Group, project_option, today_option
from kbgen.tools.commands import say as _say


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kbgen")
def main() -> None:
    """kbgen: a customer-service knowledge base from YAML, as static sites."""


lang_option = click.option("--lang", help="Language of the messages (default: LANG, else kb.yml's editors_language).")


@main.command()
@project_option
@click.option("--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option("--today", callback=today_option, help="The date reviews are measured against (YYYY-MM-DD).")
@lang_option
def validate(project: Path, fmt: str, strict: bool, today: date | None, lang: str | None) -> None:
    """Check every file of protocols/ and docs/; report every problem at once."""
    kb, problems = engine.validate(project, today)
    click.echo(messages.report(fmt, problems, report.counts(kb), messages.editors_language(project, lang)), nl=False)
    sys.exit(Exit.CONTENT if problems.failed(strict) else Exit.OK)


@main.command()
@project_option
@click.option("--out", type=FOLDER, help="Output folder: OUT/public/ and OUT/internal/ (default: PROJECT/site).")
@click.option("--audience", type=click.Choice(["public", "internal", "all"]), default="all", show_default=True)
@click.option("--strict", is_flag=True, help="Warnings (kbgen's and MkDocs') are errors.")
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
def build(project: Path, out: Path | None, audience: str, strict: bool, quiet: bool) -> None:
    """Validate, then build the public and internal sites; earlier output stays if anything fails.

    Exit 0 when built; 1 when the content has errors or the build fails (the problems are listed,
    nothing is written); 2 for a usage error, also with nothing written: a bad option or
    SOURCE_DATE_EPOCH, or an output folder kbgen may not write into: a file, the project itself,
    docs/, protocols/ or overrides/ (or a folder inside or around them), or a folder holding files
    an earlier kbgen build did not write there (kbgen marks its output with a .kbgen-site file).
    """
    from kbgen.build import site

    audiences = ["public", "internal"] if audience == "all" else [audience]
    out_dir = out if out is not None else project / "site"
    progress = None if quiet else (lambda msg: click.echo(f"kbgen: {_say(project, msg)}", err=True))
    result = site.build(project, out_dir, audiences, strict=strict, progress=progress)
    if result.problems.items or not result.ok:
        click.echo(messages.text(project, result.problems), nl=False)
    if not result.ok or result.problems.failed(strict):
        raise ContentError("build failed; earlier output was left as it was")
    for path in result.written:
        click.echo(_say(project, f"kbgen: built {path}/index.html"))


@main.command("fix")
@project_option
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when some file needs fixing.")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def fix_cmd(project: Path, check: bool, files: tuple[Path, ...]) -> None:
    """Fix the easy YAML mistakes in protocols/ (or FILES) in place, and list each fix.

    Quotes values that hold ": " or " #", turns tab indentation into spaces, removes a UTF-8
    byte order mark and makes Windows line ends LF, never changing what a value says; anything
    it is unsure of is left for `kbgen validate` to report. Exit 0 when done (or nothing to do);
    with --check nothing is written, and the exit is 1 when some file would change.
    """
    from kbgen.tools import fix as kb_fix
    from kbgen.tools import fix_report

    if not files and not (project / "protocols").is_dir():
        raise UsageError(f"{project / 'protocols'} is not a folder; run kbgen fix in a knowledge-base project")
    results = kb_fix.fix_project(project, files)
    if not check:
        kb_fix.write(results)
    lang = messages.editors_language(project)
    click.echo(fix_report.fixes(results, check, lambda text: messages.words(lang, text)), nl=False)
    sys.exit(Exit.CONTENT if check and any(r.changed for r in results) else Exit.OK)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a new knowledge-base project in DIRECTORY that builds at once."""
    from kbgen.tools import init as kb_init

    kb_init.create(directory)
    click.echo(_say(directory, f"kbgen: created {directory}; next: cd {directory} && kbgen build"))


@main.command()
@project_option
@click.option("--audience", type=click.Choice(["public", "internal"]), default="public", show_default=True)
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="IP:PORT to serve on.")
@click.option("--site", type=click.Path(exists=True, path_type=Path), help="A built site to serve instead (a preview).")
def serve(project: Path, audience: str, dev_addr: str, site: Path | None) -> None:
    """Live preview: editing a YAML file or a page in docs/ rebuilds and reloads the browser.

    With --site DIR, serve sites already built instead, with working links and search: a
    downloaded pull-request preview (its folder, or the .zip itself) or kbgen build's output.
    """
    if site is not None:
        from kbgen.tools import preview

        return preview.serve(site, audience, dev_addr, lambda text: click.echo(_say(project, text)))
    from kbgen.build.serve import serve as serve_site

    serve_site(project, audience, dev_addr)


@main.command()
@project_option
@click.option("--today", callback=today_option, help="The date reviews are measured against (YYYY-MM-DD).")
@click.option("--fail", is_flag=True, help="Exit 1 when any item is overdue.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def review(project: Path, today: date | None, fail: bool, fmt: str) -> None:
    """List items past or near their review date, grouped by owner.

    A review that would fall due after 9999-12-31 (the last date there is) is not due.
    """
    from kbgen.tools import review as kb_review

    kb, problems = engine.validate(project, today)
    if kb is None or problems.errors:
        click.echo(messages.text(project, problems), nl=False)
        sys.exit(Exit.CONTENT)
    result = kb_review.review(kb, engine.resolve_today(today))
    click.echo(kb_review.RENDERERS[fmt](result, messages.editors_language(project)), nl=False)
    sys.exit(Exit.CONTENT if fail and result.overdue else Exit.OK)


@main.command()
@project_option
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(["markdown", "json"]), default="markdown", show_default=True)
def diff(project: Path, base: str, head: str | None, fmt: str) -> None:
    """What changes for customers and agents between git revisions BASE and HEAD.

    BASE and HEAD are any git revisions (a branch, a tag, a commit, HEAD~1). Without HEAD, BASE is
    compared with the working tree: protocols/ as it is now, uncommitted edits included. Weakened
    promises are flagged with ⚠ (JSON: "weaker": true). Exit 0; 1 when either side's content has
    errors (they are listed); 2 for an unknown revision or outside a git repository.
    """
    from kbgen.tools import diff as kb_diff
    from kbgen.tools.diff_render import RENDERERS

    result = kb_diff.compare(project, base, head)
    if result.invalid:
        for label, problems in result.invalid.items():
            said = f"kbgen: the knowledge base at {label} has errors; fix them to compare"
            click.echo(_say(project, said), err=True)
            click.echo(messages.text(project, problems), nl=False, err=True)
        sys.exit(Exit.CONTENT)
    click.echo(RENDERERS[fmt](result, messages.editors_language(project)), nl=False)


@main.command("schema")
@project_option
@click.option("--out", type=FOLDER, help=f"Folder to write into (default: PROJECT/{editor.DEFAULT_SCHEMA_DIR}).")
@lang_option
def schema_cmd(project: Path, out: Path | None, lang: str | None) -> None:
    """Write JSON Schemas for editors' YAML autocompletion, described in kb.yml's editors' language."""
    target = out if out is not None else project / editor.DEFAULT_SCHEMA_DIR
    words = lang or messages.project_language(project)
    for path in editor.write_schemas(target, messages.schema_words(words), messages.schema_examples(words)):
        click.echo(_say(project, f"wrote {path}"))


@main.command()
@project_option
@click.argument("what", type=click.Choice(["faq", "playbook", "standard"]))
@click.argument("item_id")
@click.option("--category", help="FAQ category ID (default: the first category by order).")
@click.option(
    "--kind",
    type=click.Choice(["daily", "crisis", "recovery", "customer-type"]),
    default="daily",
    show_default=True,
    help="Playbook kind.",
)
def new(project: Path, what: str, item_id: str, category: str | None, kind: str) -> None:
    """Write a commented starter entry (a draft) in the right file."""
    from kbgen.tools import new as kb_new

    try:
        parse_id(item_id)
    except ScalarError as exc:
        raise click.BadParameter(f"{exc.message} ({exc.hint})", param_hint="ID") from None
    kb, problems = engine.validate(project)
    if kb is None:
        click.echo(messages.text(project, problems), nl=False, err=True)
        sys.exit(Exit.CONTENT)
    entry = kb_new.draft(project, kb, what, item_id, category, kind)
    kb_new.write(entry)
    click.echo(f'kbgen: wrote a draft {what} "{item_id}" in {entry.target}')


@main.command("measure")
@project_option
@click.argument("exports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--source",
    type=click.Choice(["generic", "zendesk", "freshdesk"]),
    default="generic",
    show_default=True,
    help="A CSV of your own, Zendesk's incremental ticket export (JSON) or Freshdesk's ticket export (CSV).",
)
@click.option(
    "--mapping",
    "mapping",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The YAML mapping: columns, value maps, the export's time zone.",
)
@click.option("--from", "first", required=True, callback=today_option, help="First day measured (YYYY-MM-DD).")
@click.option("--to", "last", required=True, callback=today_option, help="Last day measured (YYYY-MM-DD).")
@click.option(
    "--max-bad-rows",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Rows that may be refused (each is listed) before nothing is written.",
)
@click.option("--out", type=FOLDER, help="Folder for the results (default: PROJECT/performance).")
def measure_cmd(
    project: Path,
    exports: tuple[Path, ...],
    source: str,
    mapping: Path,
    first: date,
    last: date,
    max_bad_rows: int,
    out: Path | None,
) -> None:
    """Measure the standards on ticket and call EXPORTS; write performance/YYYY-MM.json, aggregates only.

    Each standard is measured on its own clock (business time on its calendar) with its `measure:`
    method. Exit 0 when written; 1 when the knowledge base, the mapping or an export has problems,
    or more rows are bad than --max-bad-rows (each is listed, nothing is written); 2 for usage.
    """
    from kbgen.measure import report as measure_report
    from kbgen.measure.run import measure

    if last < first:
        raise UsageError(f"--to {last} is before --from {first}")
    run = measure(project, list(exports), source, mapping, first, last, max_bad_rows, out)
    if run.problems.items:
        click.echo(messages.text(project, run.problems), nl=False, err=True)
    if run.fatal:
        sys.exit(Exit.CONTENT)
    click.echo(measure_report.summary(run, max_bad_rows), nl=False)
    sys.exit(Exit.CONTENT if run.bad_rows > max_bad_rows else Exit.OK)
