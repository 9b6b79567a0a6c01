"""A valid project validates with exit 0 and a one-line summary only."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_sample_is_valid(sample: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kbgen", "validate", "--project", str(sample), "--strict"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "kbgen: valid, 0 warnings: 3 FAQs, 3 standards, 2 playbooks, 3 channels\n"
    assert result.stderr == ""
