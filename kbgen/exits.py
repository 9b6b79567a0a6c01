"""Exit codes, and the errors that end a command: mapped to codes in one place (the CLI's group).

0: done; 1: the content (or a build) has problems, which are listed; 2: how kbgen was called
is wrong (an option, the environment, an output folder), and nothing was done.
"""

from __future__ import annotations

import enum


class Exit(enum.IntEnum):
    """What a kbgen command's exit status means."""

    OK = 0
    CONTENT = 1
    USAGE = 2


class KbgenError(Exception):
    """A command cannot go on; its message is one line for the user, and `exit` its status."""

    exit = Exit.CONTENT


class ContentError(KbgenError):
    """The knowledge base (or what a command needs of it) is not as it should be: exit 1."""

    exit = Exit.CONTENT


class UsageError(KbgenError):
    """How kbgen was called (an option, the environment, an output folder) is wrong: exit 2, nothing done."""

    exit = Exit.USAGE
