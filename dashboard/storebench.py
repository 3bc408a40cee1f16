"""The store's benchmark: ``python -m dashboard bench --store`` (1k to 10M events from Parquet).

Each size is a synthetic Parquet file (:func:`dashboard.synth.write_parquet_large`). Measured, each
in a fresh process so that memory is the process's own (``VmHWM``):

* ingest: ``python -m dashboard ingest FILE -o STORE``: wall seconds and peak memory;
* open: opening the store and answering the first view (count, facets, density, marks);
* server work per filter change: the median over a fixed set of filter states of what a rerun
  asks (count + the six facets + density + the marks), from one process holding the store;
* search: the median time of a filtered count with a one-word search (words that match many
  events and words that match few);
* memory holding the store: that process's resident size after all of it.

Ratios to the smallest size come from the same run. The requirements of issue 14 are checked
with PASS/FAIL (a requirement can fail: the numbers are measured, never assumed). Browser
figures for stores are not measured here yet (the dashboard does not open a store yet).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

__all__ = ["REQUIREMENTS", "STORE_SIZES", "format_store_report", "measure_queries", "run_store_bench"]

STORE_SIZES: Final = (1_000, 1_000_000, 10_000_000)
REQUIREMENTS: Final = {
    "server_work_s": 0.5,  # median server work per filter change at 10M
    "search_s": 0.3,
    "rss_bytes": 2 * 1024**3,
    "ingest_s": 180.0,
    "ingest_peak_bytes": 4 * 1024**3,
}
_STATES: Final = (
    "",
    "category=treaty",
    "from=2000-01-01&to=2010-12-31",
    "actor=Russia&importance=3",
    "tag=sanctions&category=diplomacy&match=within&from=1990-01-01",
    "from=-0500-01-01&to=0001-12-31",
    "status=disputed&place=Kyiv",
)
_WORDS: Final = ("parliament", "summit", "zaporizhzhia", "ἀθῆναι", "façade", "qqqq")


def measure_queries(store_path: str, repeats: int) -> dict[str, Any]:
    """In this process: open the store, answer views, search; times and memory (run in a child)."""
    from .bench import peak_rss_bytes
    from .store.queries import open_store
    from .storecli import filter_state

    started = time.perf_counter()
    store = open_store(store_path)
    state0, _ = filter_state(_STATES[0])
    _view(store, state0)
    open_s = time.perf_counter() - started
    work: list[float] = []
    for _ in range(repeats):
        for text in _STATES:
            state, _ = filter_state(text)
            t = time.perf_counter()
            _view(store, state)
            work.append(time.perf_counter() - t)
    search: list[float] = []
    matches: dict[str, int] = {}
    for _ in range(repeats):
        for word in _WORDS:
            state, _ = filter_state(f"q={word}")
            fresh = open_store(store_path)  # a search it has not seen (a store keeps its last few)
            t = time.perf_counter()
            matches[word] = fresh.count(state)
            search.append(time.perf_counter() - t)
    rss = 0
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1]) * 1024
    return {
        "open_s": open_s,
        "server_work_s": statistics.median(work),
        "server_work_max_s": max(work),
        "search_s": statistics.median(search),
        "search_max_s": max(search),
        "search_matches": matches,
        "rss_bytes": rss,
        "peak_rss_bytes": peak_rss_bytes(rss),
        "events": store.total,
    }


def _view(store: Any, state: Any) -> None:
    """What one rerun of the dashboard asks the store."""
    store.count(state)
    store.facets(state)
    store.density(state)
    store.marks(state, budget=1000)


def _child(args: list[str]) -> tuple[float, int, str]:
    """Run ``python -m dashboard ARGS`` under /usr/bin/time if present: wall s, peak bytes, stdout."""
    command = [sys.executable, "-m", "dashboard", *args]
    timer = Path("/usr/bin/time")
    prefix = [str(timer), "-f", "%M"] if timer.exists() else []
    started = time.perf_counter()
    done = subprocess.run([*prefix, *command], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-2000:]}")
    peak = 0
    if prefix:
        last = done.stderr.strip().splitlines()[-1:] or ["0"]
        peak = int(last[0]) * 1024 if last[0].isdigit() else 0
    return wall, peak, done.stdout


def run_store_bench(
    sizes: list[int], *, workdir: Path | None, repeats: int, log: Callable[[str], None]
) -> dict[str, Any]:
    """Measure every size (see the module docstring); a dict ready for JSON."""
    from .synth import write_parquet_large

    base = workdir or Path(tempfile.mkdtemp(prefix="store-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    for n in sizes:
        source = base / f"synth-{n}.parquet"
        if not source.exists():
            log(f"writing {n:,} synthetic events to {source}")
            write_parquet_large(source, n, seed=1)
        store = base / f"store-{n}"
        log(f"ingesting {n:,} events")
        ingest_s, ingest_peak, _ = _child(["ingest", str(source), "-o", str(store), "--force", "-q"])
        log(f"querying {n:,} events")
        code = (
            "import json, sys; from dashboard.storebench import measure_queries; "
            "print(json.dumps(measure_queries(sys.argv[1], int(sys.argv[2]))))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(store), str(repeats)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"measuring {store} failed: {done.stderr[-2000:]}")
        row = {"events": n, "ingest_s": ingest_s, "ingest_peak_bytes": ingest_peak, **json.loads(done.stdout)}
        rows.append(row)
        log(
            f"{n:,}: ingest {ingest_s:.1f} s, work {row['server_work_s']:.3f} s, search {row['search_s']:.3f} s, "
            f"RSS {row['rss_bytes'] / 1e9:.2f} GB"
        )
    smallest = rows[0]
    for row in rows:
        row["work_ratio"] = row["server_work_s"] / smallest["server_work_s"] if smallest["server_work_s"] else None
    verdicts = []
    largest = rows[-1]
    for key, limit in REQUIREMENTS.items():
        value = largest[key]
        verdict = {"size": largest["events"], "what": key, "value": value, "limit": limit, "pass": value <= limit}
        verdicts.append(verdict)
    return {
        "sizes": rows,
        "requirements": verdicts,
        "cpu_count": os.cpu_count(),
        "command": "python -m dashboard bench --store",
    }


def format_store_report(results: dict[str, Any]) -> str:
    """A table of the measurements and the requirements with PASS/FAIL."""
    lines = [
        "| events | ingest s | ingest peak GB | open s | work/filter s (median) | ratio to smallest "
        "| search s (median) | RSS GB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["sizes"]:
        lines.append(
            f"| {row['events']:,} | {row['ingest_s']:.1f} | {row['ingest_peak_bytes'] / 1e9:.2f} | {row['open_s']:.2f} "
            f"| {row['server_work_s']:.3f} | {row['work_ratio']:.2f} | {row['search_s']:.3f} "
            f"| {row['rss_bytes'] / 1e9:.2f} |"
        )
    lines.append("")
    for req in results["requirements"]:
        verdict = "PASS" if req["pass"] else "FAIL"
        what = f"{req['what']} at {req['size']:,} events"
        lines.append(f"{verdict}: {what} = {req['value']:.3g} (limit {req['limit']:.3g})")
    return "\n".join(lines)
