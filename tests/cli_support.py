"""Run kbgen's CLI in process (click's runner), about 100× faster than a subprocess.

Use it wherever the process boundary is not what a test is about; a few tests in each
module still run `python -m kbgen` for real to prove nothing reaches stderr.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from kbgen.cli import main


@dataclass
class Run:
    """What a run left: the same three fields as subprocess.CompletedProcess."""

    returncode: int
    stdout: str
    stderr: str


def run_cli(args: list[str | Path], env: Mapping[str, str | None] | None = None, cwd: Path | None = None) -> Run:
    """`kbgen ARGS` in this process; an uncaught exception comes back as a traceback on stderr,
    as it would from the real process, so tests that assert an empty stderr still catch it."""
    with contextlib.chdir(cwd) if cwd is not None else contextlib.nullcontext():
        result = CliRunner().invoke(main, [str(a) for a in args], env=dict(env or {}), catch_exceptions=True)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return Run(result.exit_code, result.stdout, stderr)
