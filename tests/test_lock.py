"""The environment the tests run in is the lock: what was tested is what a fresh machine gets.

`make test` and `.ci/run` install requirements/lock.txt with its hashes. The weekly drift
workflow installs the newest releases instead and sets KBGEN_UNLOCKED=1, which skips this
comparison (and only it).
"""

from __future__ import annotations

import os
import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name

LOCK = Path(__file__).parent.parent / "requirements" / "lock.txt"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def locked() -> dict[str, str]:
    """Name → version of every requirement of the lock that applies to this interpreter."""
    pins: dict[str, str] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match is None:
            continue
        name, version, marker = match.groups()
        if marker is None or Marker(marker).evaluate():
            pins[canonicalize_name(name)] = version
    return pins


def test_lock_parses() -> None:
    pins = locked()
    for name in ("mkdocs", "mkdocs-material", "pyyaml", "babel", "pydantic", "pytest", "setuptools"):
        assert name in pins, f"{name} is missing from {LOCK.name}"


@pytest.mark.skipif(os.environ.get("KBGEN_UNLOCKED") == "1", reason="the weekly drift run tests the newest releases")
def test_installed_versions_equal_the_lock() -> None:
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {
        name: f"{installed.get(name, 'not installed')} installed, {version} locked"
        for name, version in locked().items()
        if installed.get(name) != version
    }
    assert not wrong, "the environment differs from requirements/lock.txt (run make test from a clean clone):\n" + (
        "\n".join(f"  {name}: {why}" for name, why in sorted(wrong.items()))
    )
