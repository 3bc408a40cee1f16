"""The benchmark command: runs at tiny sizes and writes every key; the requirement checks."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.render.figures import timeline_figure
from dashboard.tools.bench import _figure_lane_sums, _lanes_counted, check_requirements, format_report
from dashboard.tools.synth import generate, write_yaml

ROOT = Path(__file__).resolve().parents[1]
SIZE_KEYS = {
    "events",
    "yaml_bytes",
    "cold_s",
    "bare_s",
    "bare_nogc_s",
    "warm_s",
    "filter_s",
    "figure_s",
    "peak_rss_bytes",
    "payload_bytes",
    "figure_total",
    "figure_drawn",
    "filter_shown",
}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", "bench", "--sizes", "200,400", "--repeats", "1", "--output", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    return proc, json.loads(out.read_text(encoding="utf-8"))


def test_bench_writes_every_measurement(run: tuple[subprocess.CompletedProcess[str], dict[str, Any]]) -> None:
    _, results = run
    assert set(results) >= {"machine", "options", "sizes", "requirements", "command"}
    assert results["options"]["sizes"] == [200, 400]
    for size in ("200", "400"):
        row = results["sizes"][size]
        assert set(row) >= SIZE_KEYS
        assert row["events"] == int(size) == row["figure_total"]
        # each lane of the figure counts what a count over the frame gives, and every event
        assert row["figure_lanes"] == row["counted_lanes"]
        assert sum(row["counted_lanes"].values()) == int(size)
        assert row["figure_filtered_lanes"] == row["counted_filtered_lanes"]
        assert sum(row["counted_filtered_lanes"].values()) == row["filter_shown"] > 0
        assert row["figure_filtered_place_lanes"] == row["counted_filtered_place_lanes"]
        assert sum(row["counted_filtered_place_lanes"].values()) >= row["filter_shown"]
        for key in ("cold_s", "bare_s", "bare_nogc_s", "warm_s", "filter_s", "figure_s"):
            assert len(row[key]["cpu"]) == 1
            assert row[key]["median_cpu"] > 0
        assert row["peak_rss_bytes"] > 10_000_000
        assert 0 < row["payload_bytes"] < 2_000_000
    names = [r["name"] for r in results["requirements"]]
    assert any("payload" in n for n in names)
    assert any("warm / cold" in n for n in names)
    assert all(isinstance(r["pass"], bool) for r in results["requirements"])
    (counts,) = [r for r in results["requirements"] if r["name"] == "figure counts every filtered event (1 = yes)"]
    assert counts["pass"] is True


def test_bench_prints_the_table(run: tuple[subprocess.CompletedProcess[str], dict[str, Any]]) -> None:
    proc, results = run
    assert "| | 200 events | 400 events |" in proc.stdout
    assert "cold load" in proc.stdout
    assert "warm load" in proc.stdout
    assert "PASS" in proc.stdout
    assert proc.returncode == (0 if all(r["pass"] for r in results["requirements"]) else 1)


def _fake(first: float, filt: float, naive: float, warm: float, bare: float) -> dict[str, Any]:
    def series(cpu: float) -> dict[str, Any]:
        return {"cpu": [cpu], "wall": [cpu], "median_cpu": cpu, "median_wall": cpu}

    def size(n: int, scale: float) -> dict[str, Any]:
        return {
            "events": n,
            "yaml_bytes": n * 300,
            "cold_s": series(10 * scale),
            "bare_s": series(30 * scale),
            "bare_nogc_s": series(bare * scale),
            "warm_s": series(warm * scale),
            "filter_s": series(0.01),
            "figure_s": series(0.2),
            "peak_rss_bytes": int(n * 5000),
            "payload_bytes": 500_000,
            "figure_total": n,
            "figure_drawn": min(n, 3000),
            "payload_filtered_bytes": 100_000,
            "figure_filtered_total": 7,
            "figure_filtered_drawn": 7,
            "filter_shown": 7,
            "figure_lanes": {"Treaty": n // 2, "War": n - n // 2},
            "counted_lanes": {"Treaty": n // 2, "War": n - n // 2},
            "figure_filtered_lanes": {"Treaty": 3, "Diplomacy": 4},
            "counted_filtered_lanes": {"Treaty": 3, "Diplomacy": 4},
            "figure_filtered_place_lanes": {"Place 001": 5, "Place 002": 1, "(no place)": 3},
            "counted_filtered_place_lanes": {"Place 001": 5, "Place 002": 1, "(no place)": 3},
            "importance2_count": n // 2,
            "browser_dashboard": {
                "median_first_chart_s": first if n > 1000 else 2.0,
                "median_filter_change_s": filt if n > 1000 else 1.0,
                "median_first_ws_bytes": 1,
                "median_filter_ws_bytes": 1,
                "filter_meta": {"total": n // 2},
            },
            "browser_naive": {
                "median_first_chart_s": naive,
                "median_filter_change_s": naive,
                "median_first_ws_bytes": 10,
                "median_filter_ws_bytes": 10,
            },
        }

    return {"sizes": {"1000": size(1000, 0.01), "100000": size(100_000, 1.0)}}


def test_requirements_pass_and_fail() -> None:
    good = _fake(first=2.5, filt=1.2, naive=40.0, warm=0.5, bare=9.0)
    checks = check_requirements(good)
    assert all(c["pass"] for c in checks), checks
    assert len(checks) == 9
    bad = _fake(first=3.5, filt=2.0, naive=9.0, warm=2.0, bare=5.0)
    failed = {c["name"] for c in check_requirements(bad) if not c["pass"]}
    assert failed == {
        "first chart 100,000 / 1,000 events",
        "naive px.timeline first chart / dashboard first chart, 100,000 events",
        "filter change 100,000 / 1,000 events",
        "warm / cold load, 100,000 events",
        "cold load / bare CSafeLoader (GC paused), 100,000 events",
    }
    big = copy.deepcopy(good)
    big["sizes"]["100000"]["payload_bytes"] = 2_500_000
    big["sizes"]["100000"]["peak_rss_bytes"] = 2_000_000_000
    big["sizes"]["100000"]["figure_filtered_total"] = 6
    failed = {c["name"] for c in check_requirements(big) if not c["pass"]}
    assert failed == {
        "figure payload at every size (MB)",
        "peak RSS, 100,000 events (GB)",
        "figure counts every filtered event (1 = yes)",
    }
    good["requirements"] = check_requirements(good)
    report = format_report(good)
    assert "| | 1,000 events | 100,000 events |" in report
    assert "naive px.timeline: first chart" in report
    assert report.count("PASS") == 9


@pytest.mark.parametrize("n", [0, 1, 250])
def test_generated_yaml_is_what_yaml_dump_writes(n: int, tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "g.yaml", n, seed=7)
    expected = yaml.dump(generate(n, seed=7), Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=1000)
    assert path.read_text(encoding="utf-8") == expected


@pytest.mark.browser
def test_bench_browser_part_measures_both_pages(tmp_path: Path) -> None:
    """``--browser`` at tiny sizes: both pages are visited in Chromium, and the numbers add up."""
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [
            sys.executable, "-m", "dashboard", "bench", "--sizes", "150,300", "--repeats", "1",
            "--browser", "--browser-repeats", "1", "--output", str(out), "--workdir", str(tmp_path / "work"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )  # fmt: skip
    assert proc.returncode in (0, 1), proc.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["options"]["browser"] is True
    for size in ("150", "300"):
        row = results["sizes"][size]
        assert "browser_dashboard_error" not in row, row.get("browser_dashboard_error")
        assert "browser_naive_error" not in row, row.get("browser_naive_error")
        for page in ("browser_dashboard", "browser_naive"):
            got = row[page]
            assert len(got["first_chart_s"]) == len(got["filter_change_s"]) == 1
            assert got["median_first_chart_s"] > 0
            assert got["median_filter_change_s"] > 0
            assert got["median_first_ws_bytes"] > 1000  # the chart came over the websocket
            assert got["median_filter_ws_bytes"] > 0
            # the first visit of a fresh server is measured on its own (cold), beside the warm visits
            assert got["cold_first_chart_s"] > 0
            assert got["cold_first_ws_bytes"] > 1000
        # the dashboard's chart counts exactly the events of the filter after the change
        assert row["browser_dashboard"]["first_meta"]["total"] == int(size)
        assert row["browser_dashboard"]["filter_meta"]["total"] == row["importance2_count"]
    names = {r["name"] for r in results["requirements"]}
    assert "naive px.timeline first chart / dashboard first chart, 300 events" in names
    assert "browser chart counts the filtered events (1 = yes)" in names
    assert "| dashboard: first visit, fresh server (cold) |" in proc.stdout
    assert "| naive px.timeline: first visit, fresh server (cold) |" in proc.stdout
    assert "| dashboard: first chart (warm server) |" in proc.stdout
    assert "naive px.timeline: filter change" in proc.stdout


def test_the_million_gets_verdicts_of_its_own() -> None:
    results = _fake(first=2.5, filt=1.2, naive=40.0, warm=0.5, bare=9.0)
    million = copy.deepcopy(results["sizes"]["100000"])
    million.update(events=1_000_000, peak_rss_bytes=9_000_000_000)
    del million["browser_naive"]  # not measured past --naive-max
    results["sizes"]["1000000"] = million
    verdicts = {c["name"]: c for c in check_requirements(results)}
    assert verdicts["peak RSS, 100,000 events (GB)"]["pass"] is True
    memory = verdicts["peak RSS, 1,000,000 events (GB)"]
    assert memory["pass"] is False  # 9 GB: over the limit, and the table says so
    assert memory["value"] == pytest.approx(9.0)
    for name in (
        "warm / cold load, 1,000,000 events",
        "cold load / bare CSafeLoader (GC paused), 1,000,000 events",
        "first chart 1,000,000 / 1,000 events",
        "filter change 1,000,000 / 1,000 events",
    ):
        assert name in verdicts, name
    assert not any("naive" in n and "1,000,000" in n for n in verdicts)  # the naive page stops at 100k
    assert sum(n == "browser chart counts the filtered events (1 = yes)" for n in verdicts) == 1
    report = format_report({"sizes": results["sizes"], "requirements": list(verdicts.values())})
    assert "| peak RSS, 1,000,000 events (GB) | 9 | <= 1.5 | FAIL:" in report
    del results["sizes"]["100000"]
    names = [c["name"] for c in check_requirements(results)]
    assert "peak RSS, 1,000,000 events (GB)" in names  # the largest size when 100k is not measured


COUNTS = "figure counts every filtered event (1 = yes)"


def _counts_pass(results: dict[str, Any]) -> bool:
    (check,) = [c for c in check_requirements(results) if c["name"] == COUNTS]
    return bool(check["pass"])


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("figure_lanes", {"Treaty": 500, "War": 99_500}),  # the total is right, the lanes are not
        ("figure_lanes", {"Treaty": 50_000}),  # a lane missing
        ("figure_lanes", {"Treaty": 50_000, "War": 50_000, "Empty": 0}),  # a lane too many
        ("counted_lanes", {"Treaty": 40_000, "War": 40_000}),  # fewer than the events
        ("figure_filtered_lanes", {"Treaty": 4, "Diplomacy": 3}),
        ("figure_filtered_place_lanes", {"Place 001": 6, "(no place)": 3}),  # one event in one lane only
        ("figure_filtered_total", 6),
        ("figure_total", 99_999),
        ("figure_lanes", None),  # not measured (an older results file)
    ],
)
def test_the_count_requirement_compares_every_lane(key: str, value: Any) -> None:
    results = _fake(first=2.5, filt=1.2, naive=40.0, warm=0.5, bare=9.0)
    assert _counts_pass(results)
    row = results["sizes"]["100000"]
    if value is None:
        del row[key]
    else:
        row[key] = value
    assert not _counts_pass(results)
    (check,) = [c for c in check_requirements(results) if c["name"] == COUNTS]
    assert "wrong at 100,000 events" in check["detail"]


def test_the_count_requirement_fails_on_a_figure_with_wrong_lanes() -> None:
    """A real figure whose per-lane density was tampered with (one event moved to another
    lane: same total) is caught."""
    chron = load_path(ROOT / "events.yaml")
    frame = to_frame(chron)
    labels = {k: c.label for k, c in chron.categories.items()}
    fig = timeline_figure(frame, categories=chron.categories)
    results = _fake(first=2.5, filt=1.2, naive=40.0, warm=0.5, bare=9.0)
    row = results["sizes"]["1000"]
    row.update(events=len(frame), figure_total=len(frame))
    row.update(figure_lanes=_figure_lane_sums(fig), counted_lanes=_lanes_counted(frame, "category", labels))
    assert len(row["counted_lanes"]) > 1
    assert _counts_pass(results)
    (heat,) = [t for t in fig.data if t.meta["role"] == "lane-density"]
    z = np.nan_to_num(np.asarray(heat.z, dtype=float))
    first, second = (int(np.flatnonzero(z[k])[0]) for k in (0, 1))
    z[0, first] -= 1
    z[1, second] += 1
    heat.z = z
    row["figure_lanes"] = _figure_lane_sums(fig)
    assert sum(row["figure_lanes"].values()) == len(frame)
    assert not _counts_pass(results)


def test_peak_rss_is_the_process_own(tmp_path: Path) -> None:
    """VmHWM (this process's memory since its exec), never ru_maxrss (kept across exec)."""
    from dashboard.tools.bench import peak_rss_bytes

    status = tmp_path / "status"
    status.write_text("Name:\tpython\nVmPeak:\t  900000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n")
    assert peak_rss_bytes(7, status) == 123456 * 1024
    assert peak_rss_bytes(7, tmp_path / "missing") == 7
    assert peak_rss_bytes(0) > 10_000_000  # this process, on Linux
    # a child started from a big parent reports its own peak, not the parent's
    code = "from dashboard.tools.bench import peak_rss_bytes; print(peak_rss_bytes(0))"
    ballast = bytearray(600 * 1024 * 1024)  # the parent holds 600 MB
    ballast[::4096] = b"x" * len(ballast[::4096])
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    del ballast
    assert int(out.stdout) < 400 * 1024 * 1024
