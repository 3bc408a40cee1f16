"""The store's benchmark: ``python -m dashboard bench --store`` (1k to 10M events from Parquet).

Each size is a synthetic Parquet file (:func:`dashboard.tools.synth.write_parquet_large`). Measured, each
in a fresh process so that memory is the process's own (``VmHWM``):

* ingest: ``python -m dashboard ingest FILE -o STORE``: wall seconds and peak memory;
* open: opening the store and answering the first view (count, facets, density, marks);
* server work per filter change: the median over a fixed set of filter states of what a rerun
  asks (count + the six facets + density + the marks), from one process holding the store;
* zoom: the median time of redrawing the timeline for a zoomed window (``win=``: a week, a
  year, a decade, a month with a filter, two centuries across year 0): the store's queries, the
  figure and its JSON, as the timeline component receives it (issue 15: at most 1 s at 10M);
* search: the median time of a filtered count with a one-word search (words that match many
  events and words that match few);
* memory holding the store: that process's resident size after all of it.

With ``browser=True`` (``bench --store --browser``), each store is also opened in headless
Chromium (``streamlit run app.py -- STORE``, one server per size, all started first, the visits
going round them in turn): the first chart (cold: the server's first visit; warm: the median of
the repeats) and a filter change (the importance slider moved by one step, until the chart holds
the new events), as :func:`dashboard.tools.bench` measures the in-memory pages.

For comparison, the in-memory path (the pandas frame the dashboard reads for a YAML file) is
measured at the sizes of ``pandas_sizes`` (1M by default) from the same Parquet file, in its own
process: reading and checking the table, peak memory, and the same server work per filter change
(count + facets + the timeline), :func:`measure_pandas`.

Ratios to the smallest size come from the same run. The requirements of issue 14 are checked
with PASS/FAIL (a requirement can fail: the numbers are measured, never assumed).
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

__all__ = [
    "BROWSER_RATIO",
    "REQUIREMENTS",
    "STORE_SIZES",
    "format_store_report",
    "measure_pandas",
    "measure_queries",
    "run_store_bench",
]

STORE_SIZES: Final = (1_000, 1_000_000, 10_000_000)
REQUIREMENTS: Final = {
    "server_work_s": 0.5,  # median server work per filter change at 10M
    "search_s": 0.3,
    "rss_bytes": 2 * 1024**3,
    "ingest_s": 180.0,
    "ingest_peak_bytes": 4 * 1024**3,
    "zoom_s": 1.0,  # median redraw of the timeline for a zoomed window (queries + figure + its JSON)
}
BROWSER_RATIO: Final = 1.5  # browser filter change at the largest size / at the smallest, at most
_STATES: Final = (
    "",
    "category=treaty",
    "from=2000-01-01&to=2010-12-31",
    "actor=Russia&importance=3",
    "tag=sanctions&category=diplomacy&match=within&from=1990-01-01",
    "from=-0500-01-01&to=0001-12-31",
    "status=disputed&place=Kyiv",
)
_WINDOWS: Final = (
    "win=2021-03-01..2021-03-07",
    "win=2014-01-01..2014-12-31",
    "win=1990-01-01..1999-12-31",
    "win=2022-02-01..2022-02-28&category=treaty",
    "win=-0100-01-01..0100-12-31",
)
"""Zoomed windows (a week, a year, a decade, a month with a filter, two centuries across year 0)."""
_WORDS: Final = ("parliament", "summit", "zaporizhzhia", "ἀθῆναι", "façade", "qqqq")


def measure_queries(store_path: str, repeats: int) -> dict[str, Any]:
    """In this process: open the store, answer views, search; times and memory (run in a child)."""
    from ..core.query import from_query_string
    from ..store.queries import open_store
    from .bench import peak_rss_bytes

    started = time.perf_counter()
    store = open_store(store_path)
    state0, _ = from_query_string(_STATES[0])
    _view(store, state0)
    open_s = time.perf_counter() - started
    work: list[float] = []
    for _ in range(repeats):
        for text in _STATES:
            state, _ = from_query_string(text)
            t = time.perf_counter()
            _view(store, state)
            work.append(time.perf_counter() - t)
    from ..store.source import StoreSource

    zoom: list[float] = []
    source = StoreSource(store)
    for _ in range(repeats):
        for text in _WINDOWS:
            state, _ = from_query_string(text)
            store.forget()
            t = time.perf_counter()
            source.timeline(state, plot_width=900).to_json()
            zoom.append(time.perf_counter() - t)
    search: list[float] = []
    matches: dict[str, int] = {}
    for _ in range(repeats):
        for word in _WORDS:
            state, _ = from_query_string(f"q={word}")
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
        "zoom_s": statistics.median(zoom),
        "zoom_max_s": max(zoom),
        "search_s": statistics.median(search),
        "search_max_s": max(search),
        "search_matches": matches,
        "rss_bytes": rss,
        "peak_rss_bytes": peak_rss_bytes(rss),
        "events": store.total,
    }


def measure_pandas(parquet_path: str, repeats: int) -> dict[str, Any]:
    """In this process: read the table into the frame, then answer the views from memory."""
    from ..core.frame import to_frame
    from ..core.query import from_query_string
    from ..io.bulk import load_table
    from ..store.source import FrameSource
    from .bench import peak_rss_bytes

    started = time.perf_counter()
    chron = load_table(parquet_path, max_bytes=1 << 62)
    frame = to_frame(chron)
    load_s = time.perf_counter() - started
    work: list[float] = []
    for _ in range(repeats):
        for text in _STATES:
            source = FrameSource(chron, frame)  # nothing kept from the last state
            state, _ = from_query_string(text)
            t = time.perf_counter()
            source.count(state)
            source.facets(state)
            source.timeline(state)
            work.append(time.perf_counter() - t)
    return {
        "events": len(frame),
        "load_s": load_s,
        "server_work_s": statistics.median(work),
        "server_work_max_s": max(work),
        "peak_rss_bytes": peak_rss_bytes(0),
    }


def _view(store: Any, state: Any) -> None:
    """What one rerun of the dashboard asks the store (nothing kept from an earlier rerun)."""
    store.forget()
    store.count(state)
    store.facets(state)
    store.density(state)
    store.marks(state, budget=1000, lists=())


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
    sizes: list[int],
    *,
    workdir: Path | None,
    repeats: int,
    log: Callable[[str], None],
    browser: bool = False,
    browser_repeats: int = 5,
    pandas_sizes: tuple[int, ...] = (1_000_000,),
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
            "import json, sys; from dashboard.tools.storebench import measure_queries; "
            "print(json.dumps(measure_queries(sys.argv[1], int(sys.argv[2]))))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(store), str(repeats)], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise RuntimeError(f"measuring {store} failed: {done.stderr[-2000:]}")
        row = {"events": n, "ingest_s": ingest_s, "ingest_peak_bytes": ingest_peak, **json.loads(done.stdout)}
        if n in pandas_sizes:
            log(f"the in-memory (pandas) path at {n:,} events")
            code = (
                "import json, sys; from dashboard.tools.storebench import measure_pandas; "
                "print(json.dumps(measure_pandas(sys.argv[1], int(sys.argv[2]))))"
            )
            done = subprocess.run(
                [sys.executable, "-c", code, str(source), str(repeats)], capture_output=True, text=True, check=False
            )
            if done.returncode != 0:
                raise RuntimeError(f"measuring the pandas path on {source} failed: {done.stderr[-2000:]}")
            row["pandas"] = json.loads(done.stdout)
        rows.append(row)
        log(
            f"{n:,}: ingest {ingest_s:.1f} s, work {row['server_work_s']:.3f} s, search {row['search_s']:.3f} s, "
            f"RSS {row['rss_bytes'] / 1e9:.2f} GB"
        )
    if browser:
        from .bench import off_the_event_loop

        stores = {row["events"]: base / f"store-{row['events']}" for row in rows}
        measured = off_the_event_loop(lambda: _browser_visits(stores, base, browser_repeats, log))
        for row, seen in zip(rows, measured, strict=True):
            row["browser"] = seen
    smallest = rows[0]
    for row in rows:
        row["work_ratio"] = row["server_work_s"] / smallest["server_work_s"] if smallest["server_work_s"] else None
    verdicts = []
    largest = rows[-1]
    for key, limit in REQUIREMENTS.items():
        value = largest[key]
        verdict = {"size": largest["events"], "what": key, "value": value, "limit": limit, "pass": value <= limit}
        verdicts.append(verdict)
    if browser:
        small, big = rows[0]["browser"], largest["browser"]
        ratio = (
            big["median_filter_change_s"] / small["median_filter_change_s"]
            if big.get("median_filter_change_s") and small.get("median_filter_change_s")
            else float("inf")  # a page that failed fails the requirement
        )
        verdicts.append(
            {
                "size": largest["events"],
                "what": f"browser filter change ratio to {rows[0]['events']:,}",
                "value": ratio,
                "limit": BROWSER_RATIO,
                "pass": ratio <= BROWSER_RATIO,
            }
        )
    return {
        "sizes": rows,
        "requirements": verdicts,
        "cpu_count": os.cpu_count(),
        "command": "python -m dashboard bench --store",
    }


def _browser_visits(
    stores: dict[int, Path], work: Path, repeats: int, log: Callable[[str], None]
) -> list[dict[str, Any]]:
    """Each store in Chromium: cold first chart, then warm first charts and filter changes."""
    from playwright.sync_api import sync_playwright

    from .bench import CHROMIUM, CHROMIUM_ARGS, ROOT, StreamlitServer, _visit

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    servers: dict[int, StreamlitServer] = {}
    out: dict[int, dict[str, Any]] = {n: {} for n in stores}
    visits: dict[int, list[dict[str, Any]]] = {n: [] for n in stores}
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            for n, store in stores.items():
                log(f"browser: starting the page on the store of {n:,} events")
                servers[n] = StreamlitServer(ROOT / "app.py", [str(store)], {}, work / f"streamlit-store-{n}.log")
                out[n]["cold_first_chart_s"] = _visit(chromium, servers[n].url, 600_000, change=False)["first_chart_s"]
            for r in range(repeats):
                for n in stores:
                    log(f"browser: visit {r + 1}/{repeats}, store of {n:,} events")
                    visits[n].append(_visit(chromium, servers[n].url, 180_000, change=True))
        finally:
            chromium.close()
            for server in servers.values():
                server.stop()
    for n, done in visits.items():
        out[n]["first_chart_s"] = [v["first_chart_s"] for v in done]
        out[n]["filter_change_s"] = [v["filter_change_s"] for v in done]
        out[n]["median_first_chart_s"] = statistics.median(out[n]["first_chart_s"])
        out[n]["median_filter_change_s"] = statistics.median(out[n]["filter_change_s"])
        out[n]["filter_meta"] = done[-1].get("filter_meta")
    return [out[n] for n in stores]


def format_store_report(results: dict[str, Any]) -> str:
    """A table of the measurements and the requirements with PASS/FAIL."""
    lines = [
        "| events | ingest s | ingest peak GB | open s | work/filter s (median) | ratio to smallest "
        "| zoom s (median) | search s (median) | RSS GB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results["sizes"]:
        lines.append(
            f"| {row['events']:,} | {row['ingest_s']:.1f} | {row['ingest_peak_bytes'] / 1e9:.2f} | {row['open_s']:.2f} "
            f"| {row['server_work_s']:.3f} | {row['work_ratio']:.2f} | {row['zoom_s']:.3f} | {row['search_s']:.3f} "
            f"| {row['rss_bytes'] / 1e9:.2f} |"
        )
    in_memory = [row for row in results["sizes"] if "pandas" in row]
    if in_memory:
        lines += ["", "| in memory (pandas), events | read + check s | peak GB | work/filter s (median) |"]
        lines.append("|---:|---:|---:|---:|")
        for row in in_memory:
            pd_ = row["pandas"]
            lines.append(
                f"| {row['events']:,} | {pd_['load_s']:.1f} | {pd_['peak_rss_bytes'] / 1e9:.2f} "
                f"| {pd_['server_work_s']:.3f} |"
            )
    browsed = [row for row in results["sizes"] if "browser" in row]
    if browsed:
        lines += ["", "| events | first chart, cold s | first chart s (median) | filter change s (median) |"]
        lines.append("|---:|---:|---:|---:|")
        for row in browsed:
            b = row["browser"]
            lines.append(
                f"| {row['events']:,} | {b['cold_first_chart_s']:.2f} | {b['median_first_chart_s']:.2f} "
                f"| {b['median_filter_change_s']:.2f} |"
            )
    lines.append("")
    for req in results["requirements"]:
        verdict = "PASS" if req["pass"] else "FAIL"
        what = f"{req['what']} at {req['size']:,} events"
        lines.append(f"{verdict}: {what} = {req['value']:.3g} (limit {req['limit']:.3g})")
    return "\n".join(lines)
