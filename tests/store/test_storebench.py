"""The store benchmark measures, and its requirements can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.store.ingest import ingest
from dashboard.tools import storebench
from dashboard.tools.synth import write_parquet_large


def test_measure_queries_on_a_small_store(tmp_path: Path) -> None:
    source = write_parquet_large(tmp_path / "s.parquet", 3000, seed=1, batch_rows=1000)
    ingest([source], tmp_path / "store")
    got = storebench.measure_queries(str(tmp_path / "store"), 1)
    assert got["events"] == 3000
    assert 0 < got["server_work_s"] <= got["server_work_max_s"]
    assert got["rss_bytes"] > 0
    assert got["peak_rss_bytes"] >= got["rss_bytes"]
    assert got["search_matches"]["qqqq"] == 0
    assert got["search_matches"]["summit"] > 0


def test_run_and_report_with_requirements_that_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storebench, "REQUIREMENTS", {"server_work_s": 0.0, "search_s": 60.0})
    results = storebench.run_store_bench(
        [500, 1500], workdir=tmp_path, repeats=1, log=lambda _line: None, pandas_sizes=(1500,)
    )
    assert [row["events"] for row in results["sizes"]] == [500, 1500]
    in_memory = results["sizes"][1]["pandas"]
    assert in_memory["events"] == 1500
    assert in_memory["load_s"] > 0
    assert in_memory["server_work_s"] > 0
    assert "pandas" not in results["sizes"][0]
    verdicts = {req["what"]: req["pass"] for req in results["requirements"]}
    assert verdicts == {"server_work_s": False, "search_s": True}
    report = storebench.format_store_report(results)
    assert "FAIL: server_work_s at 1,500 events" in report
    assert "PASS: search_s at 1,500 events" in report
    assert "| 1,500 |" in report.split("in memory (pandas)")[1]


@pytest.mark.browser
def test_browser_figures_of_stores_and_a_ratio_that_can_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    monkeypatch.setattr(storebench, "REQUIREMENTS", {})
    monkeypatch.setattr(storebench, "BROWSER_RATIO", 0.0)  # no page is that fast: the verdict must be FAIL
    results = storebench.run_store_bench(
        [400, 2500], workdir=tmp_path, repeats=1, log=lambda _line: None, browser=True, browser_repeats=1
    )
    for row in results["sizes"]:
        b = row["browser"]
        assert b["cold_first_chart_s"] > 0
        assert b["median_filter_change_s"] > 0
        # after the change (minimum importance 2) the chart counts the events of importance >= 2
        table = pq.read_table(tmp_path / f"synth-{row['events']}.parquet", columns=["importance"])
        assert b["filter_meta"]["total"] == int(pc.sum(pc.greater_equal(table.column("importance"), 2)).as_py())
    (verdict,) = results["requirements"]
    assert verdict["what"] == "browser filter change ratio to 400"
    assert verdict["pass"] is False
    assert "filter change s (median)" in storebench.format_store_report(results)
