from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"

# kbgen speaks to editors in the environment's language (LANG), else the knowledge base's.
# The tests read kbgen's English words unless they ask for another language (tests/test_cases.py
# runs the corpus in English and in Spanish), whatever the machine's locale.
os.environ["LANG"] = "en_US.UTF-8"
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)


@pytest.fixture
def sample() -> Path:
    return FIXTURES / "sample"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-cases",
        action="store_true",
        default=False,
        help="rewrite tests/cases/*/expected.txt from the current output (review the diff before committing)",
    )


@pytest.fixture
def update_cases(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-cases"))
