"""Shared test settings: every problem any test produces must say how to fix it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from dashboard.core import loader
from dashboard.core.problems import Problem

# The machines running the tests are shared and slow at times: no per-example deadline.
# HYPOTHESIS_PROFILE=thorough runs the property tests on many more examples.
_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
settings.register_profile("chronology", deadline=None, suppress_health_check=_SLOW_OK)
settings.register_profile("thorough", deadline=None, suppress_health_check=_SLOW_OK, max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "chronology"))

# The app's persistent cache (dashboard.io.cache) goes to a folder of this test run, never to the
# user's ~/.cache (servers started by the browser tests inherit it).
os.environ.setdefault("DASHBOARD_CACHE_DIR", tempfile.mkdtemp(prefix="chronology-test-cache-"))


def assert_explained(problems: list[Problem]) -> None:
    """Every problem says what is wrong AND how to fix it, at a position."""
    for problem in problems:
        assert problem.message.strip(), problem
        assert problem.hint.strip(), f"no hint: {problem}"
        assert problem.line >= 0, problem
        assert problem.column >= 0, problem
        assert (problem.line == 0) == (problem.column == 0), f"a line without a column (or back): {problem}"


@pytest.fixture(autouse=True)
def _every_problem_is_explained(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Property over every problem produced by any test: non-empty message and hint."""
    produced: list[Problem] = []
    finish = loader._Builder.finish

    def recording_finish(self: loader._Builder) -> loader.Chronology:
        chron = finish(self)
        produced.extend(chron.problems)
        return chron

    monkeypatch.setattr(loader._Builder, "finish", recording_finish)
    yield
    assert_explained(produced)
