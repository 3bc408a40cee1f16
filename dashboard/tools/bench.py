"""The benchmark behind ``python -m dashboard bench``: load, filter, figure and browser timings.

For each size (1k, 10k, 100k events by default; 1M with ``--million``) a chronology is
generated with :mod:`dashboard.tools.synth` (realistic fields: days, months, years, intervals,
moments, approximate and uncertain dates, a few BC) into a working folder, then each
measurement runs in a **fresh Python process** (so that nothing is warm that a user's first load
would not have), ``repeats`` times, interleaved so that a busy machine slows all alike:

``cold``
    :func:`dashboard.io.cache.load_with_cache` with an empty cache folder: read, check, parse the
    dates, build the frame and write the cache entry (what a first load costs).
``bare`` / ``bare, GC paused``
    ``yaml.load(data, Loader=yaml.CSafeLoader)`` of the same bytes, as usually written, and with
    the cyclic garbage collector paused as our loader pauses it (the stricter comparison: the
    ratio of requirement 2 is taken against it).
``warm``
    the same call as ``cold`` in a new process, the cache entry present (a restarted server).
``filter``
    in the warm process, what a filter change computes besides the figure: ``apply_filters`` +
    ``facet_counts_all`` + ``describe`` for a typical filter (two categories, 50 years,
    importance 2 or more); median of 5.
``figure``
    ``timeline_figure`` (at most 1,000 marks, the app's setting) + ``to_json`` of all events,
    median of 3; the payload is the JSON's size in bytes.
``peak RSS``
    the largest resident size of the cold process (``VmHWM``, its own since it started; see
    :func:`peak_rss_bytes`).

Times are CPU seconds of that process (wall-clock seconds are kept in the JSON too): on a
machine shared with other work, CPU time is what the work costs, while wall time also counts
the waiting. Ratios are taken between medians.

With ``browser=True``, for each size two Streamlit servers run: the dashboard
(``app.py -- FILE --max-mb 1000``, with an empty persistent cache folder of its own) and a naive
page (``px.timeline`` of the same events, read with pandas from a CSV of their start and end;
data cached with ``st.cache_data`` as such pages usually do; the 0.2% of events before AD 1 are
left out of it, see :func:`_naive_csv`). In headless Chromium (Playwright, Debian's
``/usr/bin/chromium``), the first visit of each fresh server is timed on its own (``cold``: the
server reads its file, the dashboard checks it and writes its cache, the naive page reads its
CSV); then the timed visits go round all the pages in turn (so that a machine slowing down or
speeding up during the run affects every page alike; ``warm``: the server has its data in
memory); each opens a new browser context (nothing cached in the browser, as for a first-time
visitor) and measures:

``first visit, fresh server``
    the cold visit: from navigation to a drawn chart, on a server that has just started;
``first chart``
    from navigation to a drawn chart (a ``.js-plotly-plot`` with ``_fullLayout`` and data, and
    two animation frames after it): in the page's own document for the naive page
    (``st.plotly_chart``), in the frame of the dashboard's timeline component (an iframe whose
    URL names ``chronology_timeline``, see :mod:`dashboard.ui.chart`); the chart is looked for in
    the page's document first, then in that frame. The dashboard's chart then reports its real
    width and is drawn once more for it: a visit waits for that (the app idle, the chart
    unchanged) before it reads what was sent and changes the filter;
``filter change``
    from pressing the Right arrow key on the focused "Minimum importance" slider (1 -> 2) to a
    chart drawn with the new data (the number of events it counts, or of points in a trace,
    has changed; two animation frames);
``websocket MB``
    the bytes Streamlit sent over its websocket for the first view (with the dashboard's redraw
    at its chart's real width) and for the filter rerun.

The dashboard's chart after the change is checked to count exactly the filtered events
(``layout.meta.total``).
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from ..render.figures import DEFAULT_MAX_MARKS

__all__ = [
    "DEFAULT_SIZES",
    "MILLION",
    "BenchOptions",
    "StreamlitServer",
    "check_requirements",
    "format_report",
    "peak_rss_bytes",
    "run_bench",
]

DEFAULT_SIZES: Final = (1_000, 10_000, 100_000)
MILLION: Final = 1_000_000
MAX_MB: Final = 1000
MAX_BYTES: Final = MAX_MB * 1024 * 1024
MAX_MARKS: Final = DEFAULT_MAX_MARKS  # the app's setting (dashboard/ui/explore.py)
ROOT: Final = Path(__file__).resolve().parents[2]
CHROMIUM: Final = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS: Final = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
_FILTER = {
    "categories": ("treaty", "diplomacy"),
    "date_from": "1950-01-01",
    "date_to": "1999-12-31",
    "importance": 2,
}

NAIVE_PAGE: Final = ROOT / "dashboard" / "ui" / "naive_page.py"  # streamlit is imported only under ui/


@dataclass(frozen=True, slots=True, kw_only=True)
class BenchOptions:
    """What to run. ``workdir`` keeps the generated files (a temporary folder when None)."""

    sizes: Sequence[int] = DEFAULT_SIZES
    repeats: int = 3
    browser: bool = False
    browser_repeats: int = 5
    naive_max: int = 100_000
    workdir: Path | None = None
    seed: int = 0


@dataclass(slots=True)
class _Series:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def add(self, result: dict[str, Any]) -> None:
        self.wall.append(float(result["wall"]))
        self.cpu.append(float(result["cpu"]))

    def as_dict(self) -> dict[str, Any]:
        return {
            "wall": self.wall,
            "cpu": self.cpu,
            "median_wall": _median(self.wall),
            "median_cpu": _median(self.cpu),
        }


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


# --------------------------------------------------------------------------- child processes


def child(kind: str, path: str, cache_dir: str, out: str) -> None:
    """One measurement in this (fresh) process; the result goes to the JSON file ``out``."""
    import gc
    import resource

    result: dict[str, Any] = {"kind": kind}
    if kind in ("bare", "bare-nogc"):
        import yaml

        with open(path, "rb") as fh:
            data = fh.read()
        if kind == "bare-nogc":
            gc.disable()
        wall, cpu = time.perf_counter(), time.process_time()
        doc = yaml.load(data, Loader=yaml.CSafeLoader)
        result.update(wall=time.perf_counter() - wall, cpu=time.process_time() - cpu, events=len(doc["events"]))
    else:
        from ..io.cache import load_with_cache

        wall, cpu = time.perf_counter(), time.process_time()
        loaded = load_with_cache(path, max_bytes=MAX_BYTES, cache_dir=cache_dir)
        result.update(
            wall=time.perf_counter() - wall,
            cpu=time.process_time() - cpu,
            hit=loaded.hit,
            events=len(loaded.frame),
            problems=len(loaded.chron.problems),
        )
        if kind == "ops":
            result.update(_operations(loaded.chron, loaded.frame))
    result["maxrss_bytes"] = peak_rss_bytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    Path(out).write_text(json.dumps(result), encoding="utf-8")


def peak_rss_bytes(fallback: int, status: Path = Path("/proc/self/status")) -> int:
    """This process's own peak resident size: ``VmHWM`` of ``/proc/self/status``.

    Not ``ru_maxrss``: Linux keeps it across ``execve``, and a child that Python starts with
    ``vfork`` shares its parent's memory until then, so ``ru_maxrss`` would report the
    benchmark process's own peak (over 1 GB after generating a million events) as the
    child's. ``fallback`` is used where ``/proc`` is not there.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return fallback


def _timed(fn: Callable[[], Any], repeats: int) -> tuple[list[float], list[float], Any]:
    """Times of ``repeats`` calls, after one untimed call (a running server is warm)."""
    walls, cpus, value = [], [], fn()
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        value = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, value


def _operations(chron: Any, frame: Any) -> dict[str, Any]:
    from ..core.query import FilterState, apply_filters, describe, facet_counts_all
    from ..render.figures import timeline_figure

    state = FilterState(**_FILTER)  # type: ignore[arg-type]
    labels = {k: c.label for k, c in chron.categories.items()}

    def filter_once() -> int:
        shown = apply_filters(frame, state)
        facet_counts_all(frame, state)
        describe(state, len(shown), len(frame), category_labels=labels)
        return len(shown)

    f_wall, f_cpu, shown = _timed(filter_once, 5)

    def figure_of(df: Any) -> tuple[int, int, int, Any]:
        fig = timeline_figure(df, categories=chron.categories, max_marks=MAX_MARKS)
        text = fig.to_json()
        return len(text.encode()), int(fig.layout.meta["total"]), int(fig.layout.meta["drawn"]), fig

    g_wall, g_cpu, (payload, total, drawn, fig) = _timed(lambda: figure_of(frame), 3)
    filtered = apply_filters(frame, state)
    _, _, (payload_f, total_f, drawn_f, fig_f) = _timed(lambda: figure_of(filtered), 1)
    by_place = timeline_figure(filtered, lanes="place", categories=chron.categories, max_marks=MAX_MARKS)
    importance2 = int((frame["importance"] >= 2).sum())
    return {
        # what each lane of the figure counts, and the same counted from the frame
        "figure_lanes": _figure_lane_sums(fig),
        "counted_lanes": _lanes_counted(frame, "category", labels),
        "figure_filtered_lanes": _figure_lane_sums(fig_f),
        "counted_filtered_lanes": _lanes_counted(filtered, "category", labels),
        "figure_filtered_place_lanes": _figure_lane_sums(by_place),
        "counted_filtered_place_lanes": _lanes_counted(filtered, "place", labels),
        "filter_wall": f_wall,
        "filter_cpu": f_cpu,
        "filter_shown": shown,
        "figure_wall": g_wall,
        "figure_cpu": g_cpu,
        "payload_bytes": payload,
        "figure_total": total,
        "figure_drawn": drawn,
        "payload_filtered_bytes": payload_f,
        "figure_filtered_total": total_f,
        "figure_filtered_drawn": drawn_f,
        "importance2_count": importance2,
    }


def _figure_lane_sums(fig: Any) -> dict[str, int]:
    """Events per lane as the figure counts them: the sums of its per-lane density's rows."""
    import numpy as np

    for trace in fig.data:
        if (trace.meta or {}).get("role") == "lane-density":
            z = np.asarray(trace.z, dtype=float)
            return {str(lane): int(np.nansum(row)) for lane, row in zip(trace.meta["lanes"], z, strict=True)}
    return {}


def _lanes_counted(frame: Any, lanes: str, labels: dict[str, str]) -> dict[str, int]:
    """Events per lane counted straight from the frame, one event at a time (not with the
    figure code): a category lane by its label; a place lane for each of an event's places,
    or the none lane (the facet's ``none_label``: "(no place)")."""
    from collections import Counter

    from ..core.facets import FACET_BY_NAME

    facet = FACET_BY_NAME[lanes]
    counts: Counter[str] = Counter()
    if lanes == "category":
        counts.update(labels.get(str(c), str(c)) for c in frame["category"].tolist())
    elif facet.multi:
        for values in frame[facet.column].tolist():
            counts.update(set(values) or {facet.none_label})
    else:
        counts.update(v if isinstance(v, str) else facet.none_label for v in frame[facet.column].tolist())
    return dict(counts)


def _run_child(kind: str, path: Path, cache_dir: Path, work: Path) -> dict[str, Any]:
    out = work / f"result-{kind}-{os.getpid()}-{time.monotonic_ns()}.json"
    code = "import sys; from dashboard.tools.bench import child; child(*sys.argv[1:])"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(":")}
    proc = subprocess.run(
        [sys.executable, "-c", code, kind, str(path), str(cache_dir), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"benchmark step {kind} on {path.name} failed:\n{proc.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


# --------------------------------------------------------------------------- files


def _generate(size: int, folder: Path, seed: int) -> Path:
    from .synth import write_yaml

    path = folder / f"chronology-{size}.yaml"
    if not path.exists():
        write_yaml(path, size, seed=seed)
    return path


def _naive_csv(yaml_path: Path, cache_dir: Path) -> Path:
    """Start, end, category, title and importance of the events from AD 1 on, for the naive page.

    The few BC events are left out: serialising a BC ``datetime64`` makes orjson 3.8 (plotly's
    JSON engine when installed) die with SIGILL, which takes the naive page's server down.
    """
    import numpy as np

    from ..io.cache import load_with_cache

    frame = load_with_cache(yaml_path, max_bytes=MAX_BYTES, cache_dir=cache_dir).frame
    frame = frame[frame["earliest_ms"].to_numpy() >= _AD1_MS]
    path = yaml_path.with_suffix(".csv")
    start = np.datetime_as_string((frame["earliest_ms"].to_numpy() // 1000).astype("datetime64[s]"), unit="s")
    end = np.datetime_as_string((frame["latest_ms"].to_numpy() // 1000 + 1).astype("datetime64[s]"), unit="s")
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "title", "category", "importance", "start", "end"])
        writer.writerows(
            zip(
                frame["id"].tolist(),
                frame["title"].tolist(),
                frame["category"].astype(str).tolist(),
                frame["importance"].tolist(),
                start.tolist(),
                end.tolist(),
                strict=True,
            )
        )
    return path


_AD1_MS: Final = -62_135_596_800_000  # 0001-01-01T00:00:00Z


# --------------------------------------------------------------------------- the run


def run_bench(options: BenchOptions, *, log: Callable[[str], None] = lambda _: None) -> dict[str, Any]:
    """Run the benchmark; returns the results (see :func:`format_report` and the JSON keys)."""
    sizes = sorted(set(options.sizes))
    with _workdir(options.workdir) as work:
        files = {}
        for size in sizes:
            log(f"generating {size:,} events")
            files[size] = _generate(size, work, options.seed)
        per_size: dict[int, dict[str, Any]] = {
            n: {"events": n, "yaml_bytes": files[n].stat().st_size, "file": files[n].name} for n in sizes
        }
        series = {n: {k: _Series() for k in ("cold", "bare", "bare_nogc", "warm", "filter", "figure")} for n in sizes}
        rss: dict[int, list[int]] = {n: [] for n in sizes}
        ops: dict[int, dict[str, Any]] = {}
        cache_dirs = {n: work / f"cache-{n}" for n in sizes}
        for r in range(options.repeats):
            for n in sizes:
                log(f"repeat {r + 1}/{options.repeats}: {n:,} events")
                shutil.rmtree(cache_dirs[n], ignore_errors=True)
                cold = _run_child("cold", files[n], cache_dirs[n], work)
                if cold["hit"]:
                    raise RuntimeError("the cold load found a cache entry")
                series[n]["cold"].add(cold)
                rss[n].append(int(cold["maxrss_bytes"]))
                series[n]["bare"].add(_run_child("bare", files[n], cache_dirs[n], work))
                series[n]["bare_nogc"].add(_run_child("bare-nogc", files[n], cache_dirs[n], work))
                warm = _run_child("ops", files[n], cache_dirs[n], work)
                if not warm["hit"]:
                    raise RuntimeError("the warm load did not find the cache entry")
                series[n]["warm"].add(warm)
                series[n]["filter"].add({"wall": _median(warm["filter_wall"]), "cpu": _median(warm["filter_cpu"])})
                series[n]["figure"].add({"wall": _median(warm["figure_wall"]), "cpu": _median(warm["figure_cpu"])})
                ops[n] = warm
        for n in sizes:
            out = per_size[n]
            for key, s in series[n].items():
                out[f"{key}_s"] = s.as_dict()
            out["peak_rss_bytes"] = max(rss[n])
            out["peak_rss_runs"] = rss[n]
            for key in (
                "payload_bytes",
                "figure_total",
                "figure_drawn",
                "payload_filtered_bytes",
                "figure_filtered_total",
                "figure_filtered_drawn",
                "figure_lanes",
                "counted_lanes",
                "figure_filtered_lanes",
                "counted_filtered_lanes",
                "figure_filtered_place_lanes",
                "counted_filtered_place_lanes",
                "filter_shown",
                "importance2_count",
                "problems",
            ):
                out[key] = ops[n][key]
        if options.browser:
            off_the_event_loop(
                lambda: _browser(per_size, files, cache_dirs, work, options.browser_repeats, options.naive_max, log)
            )
    results: dict[str, Any] = {
        "machine": machine(),
        "options": {
            "sizes": sizes,
            "repeats": options.repeats,
            "browser": options.browser,
            "browser_repeats": options.browser_repeats,
            "naive_max": options.naive_max,
            "seed": options.seed,
            "filter": _FILTER,
            "max_marks": MAX_MARKS,
        },
        "sizes": {str(n): per_size[n] for n in sizes},
    }
    results["requirements"] = check_requirements(results)
    return results


@contextlib.contextmanager
def _workdir(given: Path | None) -> Iterator[Path]:
    if given is not None:
        given.mkdir(parents=True, exist_ok=True)
        yield given
        return
    with tempfile.TemporaryDirectory(prefix="dashboard-bench-") as tmp:
        yield Path(tmp)


def machine() -> dict[str, Any]:
    """A description of this machine and of the library versions."""
    import numpy
    import pandas
    import plotly
    import pyarrow
    import yaml

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = None
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = int(line.split()[1]) * 1024
                break
    load = None
    with contextlib.suppress(OSError):
        load = os.getloadavg()
    versions = {
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "plotly": plotly.__version__,
        "pyyaml": yaml.__version__,
    }
    with contextlib.suppress(ImportError):  # the version only: streamlit is not imported outside the UI
        from importlib.metadata import version

        versions["streamlit"] = version("streamlit")
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_bytes": memory,
        "load_average_at_end": load,
        "versions": versions,
    }


# --------------------------------------------------------------------------- browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StreamlitServer:
    """``streamlit run SCRIPT -- ARGS`` on a free port, started the way Streamlit's own tests do."""

    def __init__(self, script: Path, args: Sequence[str], env: dict[str, str], log_path: Path) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(script),
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false", *(["--", *args] if args else []),
        ]  # fmt: skip
        self._log = log_path.open("wb")
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT, env={**os.environ, **env}
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {log_path.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:  # noqa: S310 - localhost
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("streamlit did not become healthy in 120 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(15)
        self._log.close()


_DRAWN_JS: Final = """() => {
  const g = document.querySelector('.js-plotly-plot');
  if (!g || !g._fullLayout || !Array.isArray(g._fullData)) return false;
  return g._fullData.some(t => t._length > 0);
}"""
_SIGNATURE_JS: Final = """() => {
  const g = document.querySelector('.js-plotly-plot');
  if (!g || !g._fullLayout || !g._fullData || !Array.isArray(g.data)) return null;
  const meta = (g.layout && g.layout.meta) || {};
  return JSON.stringify([meta.total, g._fullData.map(t => t._length)]);
}"""
_UPDATED_JS: Final = "(old) => { const s = (" + _SIGNATURE_JS + ")(); return s !== null && s !== old; }"
# everything the chart shows (its real width, meta, points, notes), hashed: unchanged once settled
_SETTLED_JS: Final = """() => {
  const g = document.querySelector('.js-plotly-plot');
  if (!g || !g._fullLayout || !Array.isArray(g.data)) return null;
  const text = JSON.stringify([g._fullLayout._size && g._fullLayout._size.w, (g.layout || {}).meta,
    g.data.map(t => [t.x, t.y, t.text]), (g.layout || {}).annotations]);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return text.length + ':' + h;
}"""
_META_JS: Final = "() => (document.querySelector('.js-plotly-plot').layout || {}).meta || null"
_FRAMES_JS: Final = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
_IDLE: Final = "[data-testid=stApp][data-test-script-state=notRunning]"
TIMELINE_FRAME: Final = "chronology_timeline"  # in the URL of the dashboard's timeline component's frame


def _chart_frames(page: Any) -> list[Any]:
    """Where a chart may be: the page's own document first (the naive page's ``st.plotly_chart``),
    then the frames of the dashboard's timeline component."""
    main = page.main_frame
    return [main, *(f for f in page.frames if f is not main and TIMELINE_FRAME in f.url)]


def _wait_chart(page: Any, js: str, arg: Any = None, *, timeout_ms: float, poll_ms: float = 50) -> Any:
    """The first of :func:`_chart_frames` in which ``js`` (called with ``arg``) is truthy, asked
    every ``poll_ms`` ms; raises ``TimeoutError`` after ``timeout_ms``."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.perf_counter() + timeout_ms / 1000
    while True:
        for frame in _chart_frames(page):
            try:
                if frame.evaluate(js, arg):
                    return frame
            except PlaywrightError:  # a frame detached or navigating while asked
                continue
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no chart in the page or its timeline frame after {timeout_ms / 1000:g} s")
        page.wait_for_timeout(poll_ms)


def _settle(page: Any, timeout_ms: float) -> Any:
    """Wait until the app is idle and its chart has not changed for a while; returns the chart's
    frame. The dashboard's chart says its real width after its first drawing and the page draws it
    again for that width (once)."""
    from playwright.sync_api import Error as PlaywrightError

    deadline = time.perf_counter() + timeout_ms / 1000
    last: tuple[Any, Any] | None = None
    same = 0
    while True:
        page.wait_for_selector(_IDLE, timeout=timeout_ms)
        frame = _wait_chart(page, _DRAWN_JS, timeout_ms=max(1.0, (deadline - time.perf_counter()) * 1000))
        try:
            now = (frame, frame.evaluate(_SETTLED_JS))
        except PlaywrightError:  # the frame went away while asked: look again
            now = (frame, None)
        idle = page.locator(_IDLE).count() == 1
        same = same + 1 if idle and now[1] is not None and now == last else 0
        if same >= 2:
            return frame
        if time.perf_counter() > deadline:
            raise TimeoutError("the chart did not settle: the app kept running or the chart kept changing")
        last = now
        page.wait_for_timeout(300)


class _Bytes:
    def __init__(self) -> None:
        self.total = 0

    def add(self, payload: str | bytes) -> None:
        self.total += len(payload.encode() if isinstance(payload, str) else payload)


def _visit(browser: Any, url: str, timeout_ms: float, *, change: bool) -> dict[str, Any]:
    """One timed visit in a new context: first chart, then (``change``) a filter change."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    received = _Bytes()
    page.on("websocket", lambda ws: ws.on("framereceived", received.add))
    try:
        started = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)
        chart = _wait_chart(page, _DRAWN_JS, timeout_ms=timeout_ms)
        chart.evaluate(_FRAMES_JS)
        result: dict[str, Any] = {"first_chart_s": time.perf_counter() - started}
        chart = _settle(page, timeout_ms)
        result["first_ws_bytes"] = received.total
        result["first_meta"] = chart.evaluate(_META_JS)
        if change:
            page.wait_for_timeout(500)
            chart = _settle(page, timeout_ms)
            before = received.total
            old = chart.evaluate(_SIGNATURE_JS)
            slider = page.locator("[data-testid=stSlider]", has_text="Minimum importance").locator("input[type=range]")
            slider.focus()
            started = time.perf_counter()
            page.keyboard.press("ArrowRight")
            chart = _wait_chart(page, _UPDATED_JS, old, timeout_ms=timeout_ms)
            chart.evaluate(_FRAMES_JS)
            result["filter_change_s"] = time.perf_counter() - started
            page.wait_for_selector(_IDLE, timeout=timeout_ms)
            result["filter_ws_bytes"] = received.total - before
            result["filter_meta"] = chart.evaluate(_META_JS)
        return result
    finally:
        context.close()


_T = TypeVar("_T")


def off_the_event_loop(work: Callable[[], _T]) -> _T:
    """``work()`` in a thread of its own: Playwright's sync API refuses to start in a thread whose
    asyncio loop is running (a notebook, or a test session holding a browser)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _browser(
    per_size: dict[int, dict[str, Any]],
    files: dict[int, Path],
    cache_dirs: dict[int, Path],
    work: Path,
    repeats: int,
    naive_max: int,
    log: Callable[[str], None],
) -> None:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    # Every page gets its own server, all started first; the timed visits then go round the
    # pages in turn (small to large, dashboard then naive), so that a machine that slows down
    # or speeds up during the run affects every page alike and the ratios stay fair.
    pages: list[tuple[str, int, Path, list[str], dict[str, str]]] = []
    for n, path in files.items():
        own_cache = work / f"cache-{n}-browser"  # empty: the first visit is a first load
        shutil.rmtree(own_cache, ignore_errors=True)
        env = {"DASHBOARD_CACHE_DIR": str(own_cache)}
        pages.append(("dashboard", n, ROOT / "app.py", [str(path), "--max-mb", str(MAX_MB)], env))
    for n, path in files.items():
        if n <= naive_max:
            pages.append(("naive", n, NAIVE_PAGE, [str(_naive_csv(path, cache_dirs[n]))], {}))
    servers: dict[tuple[str, int], StreamlitServer] = {}
    visits: dict[tuple[str, int], list[dict[str, Any]]] = {}
    cold: dict[tuple[str, int], dict[str, Any]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        try:
            for name, n, script, args, env in pages:
                log(f"browser: starting the {name} page, {n:,} events")
                try:
                    server = servers[(name, n)] = StreamlitServer(script, args, env, work / f"streamlit-{name}-{n}.log")
                    # the first visit of a fresh server (cold), timed on its own
                    cold[(name, n)] = _visit(browser, server.url, _timeout(name, cold=True), change=False)
                    visits[(name, n)] = []
                except Exception as exc:  # recorded: the requirements that need it fail, the run goes on
                    _page_failed(per_size, name, n, exc, log)
                    servers.pop((name, n), None)
            for r in range(repeats):
                for name, n, _script, _args, _env in pages:
                    if (name, n) not in visits:
                        continue
                    log(f"browser: visit {r + 1}/{repeats}, {name} page, {n:,} events")
                    try:
                        visits[(name, n)].append(_visit(browser, servers[(name, n)].url, _timeout(name), change=True))
                    except Exception as exc:
                        _page_failed(per_size, name, n, exc, log)
                        del visits[(name, n)]
        finally:
            browser.close()
            for server in servers.values():
                server.stop()
    for (name, n), done in visits.items():
        if not done:
            continue
        per_size[n][f"browser_{name}"] = {
            "cold_first_chart_s": cold[(name, n)]["first_chart_s"],
            "cold_first_ws_bytes": cold[(name, n)]["first_ws_bytes"],
            "first_chart_s": [v["first_chart_s"] for v in done],
            "filter_change_s": [v["filter_change_s"] for v in done],
            "first_ws_bytes": [v["first_ws_bytes"] for v in done],
            "filter_ws_bytes": [v["filter_ws_bytes"] for v in done],
            "median_first_chart_s": _median([v["first_chart_s"] for v in done]),
            "median_filter_change_s": _median([v["filter_change_s"] for v in done]),
            "median_first_ws_bytes": _median([v["first_ws_bytes"] for v in done]),
            "median_filter_ws_bytes": _median([v["filter_ws_bytes"] for v in done]),
            "first_meta": done[-1].get("first_meta"),
            "filter_meta": done[-1].get("filter_meta"),
        }


def _timeout(page: str, *, cold: bool = False) -> float:
    """Milliseconds a visit may take: a cold visit includes reading the file (minutes at 1M)."""
    if cold:
        return 1_800_000
    return 600_000 if page == "naive" else 180_000


def _page_failed(
    per_size: dict[int, dict[str, Any]], name: str, n: int, exc: Exception, log: Callable[[str], None]
) -> None:
    per_size[n][f"browser_{name}_error"] = f"{type(exc).__name__}: {str(exc)[:500]}"
    log(f"browser: {name} page, {n:,} events failed: {type(exc).__name__}")


# --------------------------------------------------------------------------- requirements


def check_requirements(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The ratios of the issue, each with its limit and whether it is met.

    The big size is 100,000 events when measured (else the largest), the small one the
    smallest size measured. Every size above 100,000 (the million of ``--million``) gets the
    same verdicts of its own (loads, memory, browser ratios), so that a run at that size says
    what holds there and what does not.
    """
    sizes = {int(k): v for k, v in results["sizes"].items()}
    small = min(sizes)
    big = 100_000 if 100_000 in sizes else max(sizes)
    bigs = [big, *(n for n in sorted(sizes) if n > big)]
    out: list[dict[str, Any]] = []

    def add(name: str, value: float | None, limit: float, *, at_most: bool, detail: str) -> None:
        ok = value is not None and (value <= limit if at_most else value >= limit)
        out.append(
            {
                "name": name,
                "value": value,
                "limit": limit,
                "at_most": at_most,
                "pass": bool(ok),
                "detail": detail,
            }
        )

    worst = max(sizes, key=lambda n: sizes[n]["payload_bytes"])
    add(
        "figure payload at every size (MB)",
        sizes[worst]["payload_bytes"] / 1e6,
        2.0,
        at_most=True,
        detail=f"largest at {worst:,} events; sizes measured: {', '.join(f'{n:,}' for n in sorted(sizes))}",
    )
    wrong = [n for n, v in sorted(sizes.items()) if not _figure_counts_every_event(v)]
    add(
        "figure counts every filtered event (1 = yes)",
        0.0 if wrong else 1.0,
        1.0,
        at_most=False,
        detail="in every lane the figure's per-lane density adds up to the lane's events counted from the frame "
        "(category lanes, all and filtered events; place lanes, filtered), and layout.meta.total to the events "
        "passing the filter, whatever is drawn"
        + (f"; wrong at {', '.join(f'{n:,}' for n in wrong)} events" if wrong else ""),
    )
    browser = bool((results.get("options") or {}).get("browser")) or any(
        "browser_dashboard" in v or "browser_dashboard_error" in v for v in sizes.values()
    )
    for n in bigs:
        if browser:
            _browser_requirements(add, sizes, small, n, naive=n == big)
        b = sizes[n]
        warm, cold = b["warm_s"]["median_cpu"], b["cold_s"]["median_cpu"]
        add(
            f"warm / cold load, {n:,} events",
            warm / cold,
            0.10,
            at_most=True,
            detail=f"{warm:.2f} s / {cold:.2f} s CPU",
        )
        bare = b["bare_nogc_s"]["median_cpu"]
        add(
            f"cold load / bare CSafeLoader (GC paused), {n:,} events",
            cold / bare,
            1.3,
            at_most=True,
            detail=f"{cold:.2f} s / {bare:.2f} s CPU; against yaml.load as usually called (GC on): "
            f"{cold / b['bare_s']['median_cpu']:.2f}",
        )
        add(
            f"peak RSS, {n:,} events (GB)",
            b["peak_rss_bytes"] / 1e9,
            1.5,
            at_most=True,
            detail="largest resident size of the cold-load process",
        )
    return out


def _figure_counts_every_event(v: dict[str, Any]) -> bool:
    """One size: the figure's counts against counts made without the figure code."""

    def same(figure: str, counted: str) -> bool:
        got, expected = v.get(figure), v.get(counted)
        return isinstance(got, dict) and isinstance(expected, dict) and got == expected

    return (
        v.get("figure_total") == v["events"]
        and v.get("figure_filtered_total") == v.get("filter_shown")
        and same("figure_lanes", "counted_lanes")
        and sum(v["counted_lanes"].values()) == v["events"]
        and same("figure_filtered_lanes", "counted_filtered_lanes")
        and sum(v["counted_filtered_lanes"].values()) == v.get("filter_shown")
        and same("figure_filtered_place_lanes", "counted_filtered_place_lanes")
    )


def _browser_requirements(
    add: Callable[..., None], sizes: dict[int, dict[str, Any]], small: int, big: int, *, naive: bool = True
) -> None:
    """The browser ratios at ``big``; a page that could not be measured fails them, with its error.

    ``naive``: also the ratio to the naive page (measured up to ``--naive-max`` events).
    """
    s, b = sizes[small], sizes[big]

    def value(row: dict[str, Any], page: str, key: str) -> tuple[float | None, str]:
        got = row.get(f"browser_{page}")
        if not got or got.get(key) is None:
            return None, row.get(f"browser_{page}_error", "not measured")
        return float(got[key]), ""

    def ratio(top: tuple[float | None, str], bottom: tuple[float | None, str]) -> tuple[float | None, str]:
        if top[0] is None or bottom[0] is None or not bottom[0]:
            return None, top[1] or bottom[1]
        return top[0] / bottom[0], f"{top[0]:.2f} s / {bottom[0]:.2f} s"

    first_b, first_s = value(b, "dashboard", "median_first_chart_s"), value(s, "dashboard", "median_first_chart_s")
    got, detail = ratio(first_b, first_s)
    add(f"first chart {big:,} / {small:,} events", got, 1.5, at_most=True, detail=detail)
    if naive:
        got, detail = ratio(value(b, "naive", "median_first_chart_s"), first_b)
        add(
            f"naive px.timeline first chart / dashboard first chart, {big:,} events",
            got,
            5.0,
            at_most=False,
            detail=detail,
        )
    got, detail = ratio(
        value(b, "dashboard", "median_filter_change_s"), value(s, "dashboard", "median_filter_change_s")
    )
    add(f"filter change {big:,} / {small:,} events", got, 1.5, at_most=True, detail=detail)
    if not naive:
        return  # the checks over every size below are made once, with the main size
    measured = [v for v in sizes.values() if v.get("browser_dashboard")]
    meta_ok = bool(measured) and all(
        (v["browser_dashboard"].get("filter_meta") or {}).get("total") == v["importance2_count"] for v in measured
    )
    add(
        "browser chart counts the filtered events (1 = yes)",
        1.0 if meta_ok else 0.0,
        1.0,
        at_most=False,
        detail="after the filter change, layout.meta.total = events with importance >= 2",
    )


# --------------------------------------------------------------------------- report


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def _fmt_mb(value: float | None) -> str:
    return "-" if value is None else f"{value / 1e6:.2f} MB"


def format_report(results: dict[str, Any]) -> str:
    """The table (sizes as columns) and the requirements with PASS/FAIL, as Markdown."""
    sizes = results["sizes"]
    keys = sorted(sizes, key=int)
    small = sizes[keys[0]]
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, values: list[str]) -> None:
        rows.append((label, values))

    def ratio(value: float | None, base: float | None) -> str:
        return f" ({value / base:.2f}x)" if value is not None and base else ""

    row("YAML file", [_fmt_mb(sizes[k]["yaml_bytes"]) for k in keys])
    for key, label in (
        ("cold_s", "cold load (YAML -> checked frame, cache written)"),
        ("bare_s", "bare yaml.load(CSafeLoader)"),
        ("bare_nogc_s", "bare yaml.load(CSafeLoader), GC paused"),
        ("warm_s", "warm load (unchanged file, new process)"),
        ("filter_s", "filter (apply_filters + facets + sentence)"),
        ("figure_s", "figure build + to_json"),
    ):
        row(
            label,
            [
                _fmt_s(sizes[k][key]["median_cpu"]) + ratio(sizes[k][key]["median_cpu"], small[key]["median_cpu"])
                for k in keys
            ],
        )
    row(
        "cold / bare (GC paused)",
        [f"{sizes[k]['cold_s']['median_cpu'] / sizes[k]['bare_nogc_s']['median_cpu']:.2f}x" for k in keys],
    )
    row("warm / cold", [f"{sizes[k]['warm_s']['median_cpu'] / sizes[k]['cold_s']['median_cpu']:.1%}" for k in keys])
    row("figure payload (all events)", [_fmt_mb(sizes[k]["payload_bytes"]) for k in keys])
    row("marks drawn / events counted", [f"{sizes[k]['figure_drawn']:,} / {sizes[k]['figure_total']:,}" for k in keys])
    row("peak RSS (cold load)", [f"{sizes[k]['peak_rss_bytes'] / 1e6:,.0f} MB" for k in keys])
    for page, title in (("browser_dashboard", "dashboard"), ("browser_naive", "naive px.timeline")):
        if not any(page in sizes[k] for k in keys):
            continue
        base = small.get(page)
        for key, label in (
            ("cold_first_chart_s", f"{title}: first visit, fresh server (cold)"),
            ("median_first_chart_s", f"{title}: first chart (warm server)"),
            ("median_filter_change_s", f"{title}: filter change"),
        ):
            row(
                label,
                [
                    _fmt_s(sizes[k][page].get(key)) + ratio(sizes[k][page].get(key), base.get(key) if base else None)
                    if page in sizes[k]
                    else "-"
                    for k in keys
                ],
            )
        for key, label in (
            ("median_first_ws_bytes", f"{title}: sent on first view"),
            ("median_filter_ws_bytes", f"{title}: sent on filter rerun"),
        ):
            row(label, [_fmt_mb(sizes[k][page][key]) if page in sizes[k] else "-" for k in keys])
    header = "| | " + " | ".join(f"{int(k):,} events" for k in keys) + " |"
    lines = [header, "|---|" + "---:|" * len(keys)]
    lines += [f"| {label} | " + " | ".join(values) + " |" for label, values in rows]
    lines.append("")
    lines.append(
        "Times: median CPU seconds of a fresh process (browser: wall seconds); (Nx): ratio to the smallest size."
    )
    lines.append("")
    lines.append("| requirement | measured | limit | |")
    lines.append("|---|---:|---:|---|")
    for req in results["requirements"]:
        value = req["value"]
        shown = "-" if value is None else f"{value:.3g}"
        limit = ("<= " if req["at_most"] else ">= ") + f"{req['limit']:g}"
        verdict = "PASS" if req["pass"] else "FAIL"
        lines.append(f"| {req['name']} | {shown} | {limit} | {verdict}: {req['detail']} |")
    return "\n".join(lines)
