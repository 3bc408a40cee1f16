"""Settings that cannot be used are errors with their fix; a cache that cannot be kept is said once."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.io.cache import load_with_cache
from dashboard.ui.app import SettingError, max_bytes

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
MB = 1024 * 1024


def timelines(at: AppTest) -> list[Any]:
    """The timeline components on the page (the explore page's chart: ``dashboard/ui/chart.py``)."""
    return [e for e in at.get("component_instance") if e.proto.component_name.endswith(".chronology_timeline")]


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        ([], None, 20 * MB),
        (["events.yaml"], "", 20 * MB),
        (["events.yaml", "--max-mb", "100"], None, 100 * MB),
        (["events.yaml", "--max-mb=2.5"], None, int(2.5 * MB)),
        ([], "7", 7 * MB),
        (["events.yaml", "--max-mb", "3"], "7", 3 * MB),  # the command line wins
    ],
)
def test_max_mb_values(monkeypatch: pytest.MonkeyPatch, argv: list[str], env: str | None, expected: int) -> None:
    if env is None:
        monkeypatch.delenv("DASHBOARD_MAX_MB", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_MAX_MB", env)
    assert max_bytes(argv) == expected


@pytest.mark.parametrize(
    ("argv", "env", "message"),
    [
        (["events.yaml", "--max-mb", "lots"], None, "--max-mb is 'lots', which is not a positive number of megabytes"),
        (["events.yaml", "--max-mb", "0"], None, "--max-mb is '0', which is not a positive number"),
        (["events.yaml", "--max-mb", "-5"], None, "--max-mb is '-5', which is not a positive number"),
        (["events.yaml", "--max-mb", "nan"], None, "--max-mb is 'nan'"),
        (["events.yaml", "--max-mb=inf"], None, "--max-mb is 'inf'"),
        (["events.yaml", "--max-mb"], None, "--max-mb needs a number of megabytes after it"),
        ([], "20MB", "the environment variable DASHBOARD_MAX_MB is '20MB', which is not a positive number"),
        ([], " ", None),  # blank: not set
    ],
)
def test_an_unusable_max_mb_is_an_error_with_the_fix(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], env: str | None, message: str | None
) -> None:
    if env is None:
        monkeypatch.delenv("DASHBOARD_MAX_MB", raising=False)
    else:
        monkeypatch.setenv("DASHBOARD_MAX_MB", env)
    if message is None:
        assert max_bytes(argv) == 20 * MB
        return
    with pytest.raises(SettingError) as caught:
        max_bytes(argv)
    assert str(caught.value).startswith(message)
    assert "for example" in str(caught.value)


def test_the_page_says_what_is_wrong_with_max_mb(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASHBOARD_MAX_MB", "twenty")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    text = at.error[0].value
    assert "DASHBOARD_MAX_MB is 'twenty', which is not a positive number of megabytes" in text
    assert "DASHBOARD_MAX_MB=100" in text
    assert not timelines(at)  # nothing was loaded with a limit nobody asked for
    assert not at.get("plotly_chart")


def _unwritable(tmp_path: Path) -> Path:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    return blocker / "cache"


def test_a_cache_folder_that_cannot_be_written_is_logged(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    folder = _unwritable(tmp_path)
    with caplog.at_level(logging.WARNING, logger="dashboard.io.cache"):
        result = load_with_cache(ROOT / "events.yaml", cache_dir=folder)
    assert result.cache_problem is not None
    assert str(folder) in result.cache_problem
    assert "DASHBOARD_CACHE_DIR" in result.cache_problem
    assert [r.getMessage() for r in caplog.records] == [result.cache_problem]
    assert result.chron.events  # the chronology is still shown
    ok = load_with_cache(ROOT / "events.yaml", cache_dir=tmp_path / "good")
    assert ok.cache_problem is None
    assert load_with_cache(ROOT / "events.yaml", cache_dir=tmp_path / "good").hit


def test_the_page_says_once_that_the_cache_cannot_be_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    own = tmp_path / "own.yaml"  # a path of its own: the process-wide cache has never seen it
    shutil.copy(ROOT / "events.yaml", own)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(_unwritable(tmp_path)))
    monkeypatch.setenv("DASHBOARD_PATH", str(own))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.sidebar.warning if "Cache not written" in w.value]
    assert len(warnings) == 1
    assert "cannot be written" in warnings[0]
    assert "DASHBOARD_CACHE_DIR" in warnings[0]
    at.run()  # the same session again: said once
    assert not [w.value for w in at.sidebar.warning if "Cache not written" in w.value]
    (chart,) = timelines(at)
    figure = json.loads(json.loads(chart.proto.json_args)["figure"])
    assert figure["layout"]["meta"]["total"] > 0  # the chronology is shown
