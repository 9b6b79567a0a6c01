"""`kbgen serve`: MkDocs' live server over one audience's site, with the kbgen plugin.

Editing a YAML file or a page in docs/ rebuilds and reloads the browser; while the content is
broken, the plugin keeps serving the last good version with the problems in a banner.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from kbgen.build.project import serve_overrides
from kbgen.exits import ContentError


def serve(project: Path, audience: str, dev_addr: str) -> None:
    """Serve `project`'s site for `audience` on `dev_addr` until interrupted; ContentError when
    MkDocs cannot (a busy port, a configuration it refuses)."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    settings = {"project": str(project.resolve()), "audience": audience}  # the plugin's options
    config_file = project / "mkdocs.yml"
    overrides: dict[str, Any] = {}
    if config_file.exists():
        overrides = serve_overrides(config_file, settings)
    else:
        folder = Path(tempfile.mkdtemp(prefix="kbgen-serve-"))
        (folder / "docs").mkdir()
        config_file = folder / "mkdocs.yml"
        config = {"site_name": "kbgen", "theme": {"name": "material"}, "plugins": [{"kbgen": settings}]}
        config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True, **overrides)
    except (MkDocsException, OSError) as exc:  # a busy port, a configuration MkDocs refuses
        raise ContentError(f"serve stopped: {exc}") from None
