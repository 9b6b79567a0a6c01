"""What kind of file a path is, checked before anything opens it.

A FIFO, socket or device under `protocols/` or `docs/` would block (or worse) the moment it is
opened, and a symlink may publish a file from anywhere: both are decided here from `os.lstat`
and the resolved target, never by opening the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kbgen.problem import Level, Problem


def display(root: Path, path: Path) -> str:
    """`path` as messages show it: relative to `root` when inside it, with forward slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def file_problem(root: Path, path: Path, area: Path, area_name: str) -> Problem | None:
    """Why `path` (a file or folder found under `area`) may not be read, or None when it may.

    A symlink must resolve to something that exists, inside the project and inside `area`
    (its own audience folder, or protocols/); whatever it names must be a regular file or folder.
    """
    shown = display(root, path)
    try:
        info = os.lstat(path)
    except OSError as exc:
        return Problem(shown, 1, 1, "", "E-file-type", Level.ERROR, f"cannot be read: {exc.strerror}", "")
    if stat.S_ISLNK(info.st_mode):
        target = Path(os.path.realpath(path))
        real_root, real_area = Path(os.path.realpath(root)), Path(os.path.realpath(area))
        if not target.exists():
            return Problem(shown, 1, 1, "", "E-symlink", Level.ERROR, *_unreachable(path))
        if not _inside(target, real_root):
            return Problem(
                shown,
                1,
                1,
                "",
                "E-symlink",
                Level.ERROR,
                "a symlink to a file outside the project",
                "copy the file into the project instead; kbgen never publishes files from elsewhere",
            )
        if not _inside(target, real_area):
            return Problem(
                shown,
                1,
                1,
                "",
                "E-symlink",
                Level.ERROR,
                f"a symlink to {display(real_root, target)}, outside {area_name}",
                f"a symlink may only name a file inside {area_name}; copy or move the file instead",
            )
        try:
            info = os.stat(path)
        except OSError as exc:  # a loop, or permissions
            return Problem(shown, 1, 1, "", "E-symlink", Level.ERROR, f"cannot be followed: {exc.strerror}", "")
    if stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return None
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(info.st_mode)
        else "a socket"
        if stat.S_ISSOCK(info.st_mode)
        else "a device"
        if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
        else "not a regular file"
    )
    return Problem(
        shown,
        1,
        1,
        "",
        "E-file-type",
        Level.ERROR,
        f"{kind}, not a regular file; kbgen does not open it",
        f"only regular files are read under {area_name}; delete it",
    )


def _unreachable(path: Path) -> tuple[str, str]:
    """The message and hint for a symlink that reaches nothing: a loop, or a missing target."""
    target = os.readlink(path)
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f'a symlink loop: following it to "{target}" never reaches a file', "delete the symlink"
    return f'a symlink to "{target}", which does not exist', "point it at an existing file, or delete it"


def folder_link(root: Path, path: Path, area: Path, area_name: str) -> Problem:
    """What to say of a symlinked folder: an error when it leads nowhere or away, else a warning
    that kbgen does not follow it (a folder linked into itself, or read twice, cannot happen)."""
    return file_problem(root, path, area, area_name) or Problem(
        display(root, path),
        1,
        1,
        "",
        "W-symlink",
        Level.WARNING,
        "a symlinked folder: kbgen does not follow it, and reads nothing in it",
        "move the folder here instead of linking it",
    )


def file_size(path: Path) -> int:
    """The file's size in bytes."""
    return os.stat(path).st_size
