"""kbgen's output folder: which folders a build may write, stage folders, the lock and the swap into place.

A build writes into a stage folder next to OUT and swaps each site into place under a lock, so a
failed, killed or concurrent build never leaves a broken or mixed site.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from kbgen import engine

# kbgen's own output folder: what a build writes into OUT, and the marker that says kbgen wrote it.
MARKER = ".kbgen-site"
MARKER_TEXT = "kbgen build writes this folder: it replaces public/ and internal/ here on every build.\n"
LOCK = ".kbgen.lock"
AUDIENCES = ("public", "internal")
SOURCES = ("docs", "protocols", "overrides")
STALE_UNOWNED = 24 * 3600  # seconds: a stage folder without an owner's PID older than this is left over


def _swap_leftover(name: str) -> bool:
    """`.public.old-PID`, `.internal.old-PID`: an earlier site kept aside while a build swapped it."""
    return any(name.startswith(f".{audience}.old-") for audience in AUDIENCES)


def check_output(root: Path, out: Path) -> None:
    """Refuse an output folder where a build would overwrite what kbgen did not write: the project,
    its docs/, protocols/ or overrides/ (or a folder inside or around them), a file, or a folder
    holding anything but an earlier build's output. Raises engine.UsageError; writes nothing."""
    real = out.resolve()
    choose = "choose another folder with --out (the default is site/)"
    if root.resolve().is_relative_to(real):
        raise engine.UsageError(f"the output folder {out} holds the project itself; {choose}")
    for name in SOURCES:
        source = (root / name).resolve()
        if real.is_relative_to(source):
            raise engine.UsageError(
                f"the output folder {out} is inside {name}/, which editors write, and kbgen never "
                f"writes into docs/, protocols/ or overrides/; {choose}"
            )
        if source.is_relative_to(real):
            raise engine.UsageError(f"the output folder {out} holds the project's {name}/; {choose}")
    existing = real
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file, not a folder" if existing == real else f"cannot be created: {existing} is a file"
        raise engine.UsageError(f"the output folder {out} {what}; move the file away or {choose}")
    if existing != real:
        return  # a new folder
    entries = sorted(os.listdir(real))
    marked = MARKER in entries
    foreign = [
        name
        for name in entries
        if not (name in AUDIENCES or name in (LOCK, MARKER) or _swap_leftover(name))
        or (name in AUDIENCES and not marked and not _looks_built(real / name))
    ]
    if foreign:
        listed = ", ".join(foreign[:3]) + (", ..." if len(foreign) > 3 else "")
        raise engine.UsageError(
            f"the output folder {out} holds files kbgen did not write ({listed}); a build replaces "
            f"public/ and internal/ there, so it stops: empty the folder or {choose}"
        )


def _looks_built(folder: Path) -> bool:
    """An earlier kbgen's (or `mkdocs build`'s) output, from before the marker: a site with its home page."""
    return folder.is_dir() and not folder.is_symlink() and (folder / "index.html").is_file()


def stage_prefix(out: Path) -> str:
    """The name of a build's stage folder next to OUT, up to the PID of the build that owns it."""
    return f".{out.name}-build-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def remove_stale_stages(out: Path) -> None:
    """Remove stage folders next to OUT whose build was killed: their PID names no running process
    (or, from kbgen versions without the PID in the name, untouched for a day)."""
    prefix = stage_prefix(out)
    for stage in out.parent.glob(f"{glob.escape(prefix)}*"):
        owner, dash, _ = stage.name[len(prefix) :].partition("-")
        if owner.isdigit() and dash:
            stale = int(owner) != os.getpid() and not _alive(int(owner))
        else:
            try:
                stale = time.time() - stage.lstat().st_mtime > STALE_UNOWNED
            except OSError:
                continue
        if stale and stage.is_dir() and not stage.is_symlink():
            shutil.rmtree(stage, ignore_errors=True)


def recover_swaps(out: Path) -> None:
    """Under the lock: a `.public.old-PID` left by a build killed while swapping is the earlier site.
    Put it back if nothing replaced it, else remove it."""
    for leftover in sorted(out.iterdir()):
        if not _swap_leftover(leftover.name) or not leftover.is_dir():
            continue
        final = out / leftover.name[1:].split(".old-", 1)[0]
        if final.exists():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            os.replace(leftover, final)


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold OUT's lock file (it stays in OUT): one build at a time swaps sites into place.

    `fcntl` where there is one; Windows' `msvcrt` elsewhere, so kbgen imports on every system."""
    with (out / LOCK).open("w") as handle:
        if sys.platform == "win32":
            import msvcrt

            handle.seek(0)
            while True:
                try:
                    msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)  # retries for 10 seconds, then raises
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


def swap(new: Path, final: Path) -> Path:
    """Put `new` where `final` is, keeping the old one until the rename is done."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)
    return final
