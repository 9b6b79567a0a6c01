"""Parts of the build checked on their own: the forked runner and kbgen serve's plugin settings."""

from __future__ import annotations

import multiprocessing

import pytest

from kbgen.build.project import with_settings
from kbgen.build.workers import run_forked

FORK = "fork" in multiprocessing.get_all_start_methods()


def square(n: int) -> int:
    if n < 0:
        raise ValueError(f"negative: {n}")
    return n * n


@pytest.mark.skipif(not FORK, reason="no fork on this system: the sites are built one after another")
def test_forked_results_come_back_in_the_jobs_order() -> None:
    assert run_forked(square, [3, 1, 4, 1, 5], workers=2) == [9, 1, 16, 1, 25]


@pytest.mark.skipif(not FORK, reason="no fork on this system: the sites are built one after another")
def test_a_forked_job_s_exception_is_raised_in_the_parent() -> None:
    with pytest.raises(ValueError, match="negative: -2"):
        run_forked(square, [1, -2, 3], workers=2)


def test_serve_adds_its_settings_to_kbgen_s_options_only() -> None:
    settings = {"project": "/kb", "audience": "internal"}
    listed = ["search", {"kbgen": {"strict": True}}, {"other": {"x": 1}}]
    assert with_settings(listed, settings) == {
        "search": {},
        "kbgen": {"strict": True, "project": "/kb", "audience": "internal"},
        "other": {"x": 1},
    }
    assert with_settings(["kbgen"], settings) == {"kbgen": settings}
    assert with_settings({"kbgen": None, "search": {}}, settings) == {"kbgen": settings, "search": {}}
