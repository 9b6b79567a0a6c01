"""Checks of a project's mkdocs.yml that MkDocs itself does not make.

MkDocs' `!ENV [NAME]` tag reads the build machine's environment. kbgen publishes values of
mkdocs.yml (the copyright, theme settings) on every page, so a variable named there would put
a token or a path of the build machine on the customers' site. `!ENV` is allowed only under
`plugins:`, whose options configure the build and are not printed by kbgen; anywhere else it is
a located error. The file is only composed (node tree with positions), never constructed, so no
tag runs and no variable is read.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from kbgen.problem import Level, Problem, Problems
from kbgen.read.files import display, file_problem

ENV_ALLOWED_UNDER = ("plugins",)
MAX_BYTES = 1024 * 1024


def check_mkdocs_yml(root: Path, problems: Problems) -> None:
    """Add a located Problem for each `!ENV` outside `plugins:` in the project's mkdocs.yml (and for a file
    that cannot be read); nothing when there is no mkdocs.yml."""
    path = root / "mkdocs.yml"
    if not path.exists() and not path.is_symlink():
        return
    refused = file_problem(root, path, root, "the project")
    if refused is not None:
        problems.add(refused)
        return
    shown = display(root, path)
    if path.stat().st_size > MAX_BYTES:
        problems.add(Problem(shown, 1, 1, "", "E-size", Level.ERROR, "mkdocs.yml is larger than 1 MiB", ""))
        return
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError):
        return  # MkDocs reports its own syntax errors when it reads the file
    if node is None:
        return
    stack: list[tuple[yaml.Node, tuple[str, ...]]] = [(node, ())]
    seen: set[int] = set()  # an alias names a node again: visit each once
    while stack:
        current, where = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.tag == "!ENV" and not (where and where[0] in ENV_ALLOWED_UNDER):
            field = ".".join(where)
            problems.add(
                Problem(
                    shown,
                    current.start_mark.line + 1,
                    current.start_mark.column + 1,
                    field,
                    "E-mkdocs-env",
                    Level.ERROR,
                    "!ENV would publish a variable of the build machine's environment on the sites",
                    "write the value itself; !ENV is allowed only under plugins:",
                )
            )
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                name = str(key.value) if isinstance(key, yaml.ScalarNode) else "?"
                stack.append((value, (*where, name)))
        elif isinstance(current, yaml.SequenceNode):
            for index, item in enumerate(current.value):
                stack.append((item, (*where, str(index))))
