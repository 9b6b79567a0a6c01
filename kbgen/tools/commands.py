"""What every command shares: its options' parsing, its errors as one line and an exit code, and
the lines it prints in the editors' language."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

import click

from kbgen.exits import KbgenError
from kbgen.publish import messages
from kbgen.read.scalars import ScalarError, parse_date


def today_option(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    """`--today YYYY-MM-DD`, located like every other date."""
    if value is None:
        return None
    try:
        return parse_date(value)
    except ScalarError as exc:
        raise click.BadParameter(f"{exc.message} ({exc.hint})" if exc.hint else exc.message) from None


FOLDER = click.Path(file_okay=False, path_type=Path)
project_option = click.option("--project", type=FOLDER, default=Path("."), show_default=True, help="Project folder.")


class Group(click.Group):
    """Every command's errors (kbgen.exits) end the same way: one line on stderr, their exit code."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Parse as click does, keeping the command line: an error is said in the language it asks for."""
        ctx.meta["kbgen.args"] = list(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; a KbgenError becomes one line on stderr and its exit code."""
        args: list[str] = ctx.meta.get("kbgen.args", [])
        try:
            return super().invoke(ctx)
        except KbgenError as exc:  # the one place errors become exit codes
            lang = messages.editors_language(Path(_option(args, "--project") or "."), _option(args, "--lang"))
            click.echo(f"kbgen: {messages.words(lang, str(exc))}", err=True)
            sys.exit(exc.exit)


def _option(args: list[str], name: str) -> str | None:
    """The value given to option `name` on the command line (for the language of an error)."""
    for i, arg in enumerate(args):
        if arg == name and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def say(project: Path, text: str) -> str:
    """`text` (a line a command prints) in the editors' language of `project`."""
    return messages.words(messages.editors_language(project), text)
