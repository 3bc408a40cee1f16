"""Many viewers: 10 browser sessions at once against one server (a classroom opening one link).

Each session has its own filters, selection (and two of them their own upload); every session
must see exactly its own counts and selection, and the server's memory must stay bounded: the
chronology is loaded and cached once per process, not once per session.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.query import apply_filters, from_query_params
from dashboard.tools.synth import write_yaml

from .conftest import Server, wait_plot, wait_ready

pytestmark = pytest.mark.browser

N_EVENTS = 10_000
SESSIONS = 10


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_yaml(tmp_path_factory.mktemp("sessions") / "class.yaml", N_EVENTS, seed=7)


@pytest.fixture(scope="module")
def class_server(big_file: Path) -> Iterator[Server]:
    srv = Server(str(big_file))
    yield srv
    srv.stop()


def one_copy_mb(path: Path) -> float:
    """Memory that one loaded copy of the chronology (events + frame) takes in Python."""
    gc.collect()
    tracemalloc.start()
    chron = load_path(path)
    frame = to_frame(chron)
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del chron, frame
    return size / 1024 / 1024


def sentence(page: Any) -> str:
    text = page.inner_text("[data-testid=stMain]")
    for line in text.splitlines():
        if " events" in line and (" of " in line or line.startswith("All ")):
            return line.strip()
    raise AssertionError(f"no sentence in {text[:300]!r}")


def test_ten_sessions_each_see_their_own_view(
    class_server: Server, browser: Any, big_file: Path, tmp_path: Path
) -> None:
    chron = load_path(big_file)
    frame = to_frame(chron)
    categories = list(chron.categories)
    queries: list[dict[str, list[str]]] = []
    for i in range(SESSIONS):
        q: dict[str, list[str]] = {"category": [categories[i % len(categories)]], "importance": [str(1 + i % 5)]}
        if i % 3 == 0:
            q["from"] = ["1950-01-01"]
        queries.append(q)
    expected = []
    for q in queries:
        state, warnings = from_query_params(q)
        assert not warnings
        shown = apply_filters(frame, state)
        expected.append((len(shown), str(shown["id"].iloc[i % max(len(shown), 1)]) if len(shown) else None))

    # warm the server with one session, then measure
    first = browser.new_context(viewport={"width": 1200, "height": 900})
    p0 = first.new_page()
    p0.goto(class_server.url + "/")
    wait_ready(p0, timeout=180_000)
    base_rss = rss_mb(class_server.proc.pid)

    contexts, pages = [], []
    for i, q in enumerate(queries):
        ctx = browser.new_context(viewport={"width": 1200, "height": 900})
        page = ctx.new_page()
        params = "&".join(f"{k}={v}" for k, vs in q.items() for v in vs)
        event = expected[i][1]
        if event:
            params += f"&event={event}"
        page.goto(f"{class_server.url}/?{params}", wait_until="commit")
        contexts.append(ctx)
        pages.append(page)
    # two sessions also upload their own small file
    uploads = {}
    for i in (1, 2):
        path = tmp_path / f"upload-{i}.csv"
        rows = "\n".join(f"u{i}-{k},2020-01-{k + 1:02d},Upload {i} event {k},treaty" for k in range(i + 2))
        path.write_text("id,date,title,category\n" + rows + "\n", encoding="utf-8")
        uploads[i] = i + 2
    for page in pages:
        wait_ready(page, timeout=180_000)
    for i, page in enumerate(pages):
        n, event = expected[i]
        assert sentence(page).startswith(f"{n:,} of {N_EVENTS:,} events") or sentence(page).startswith(
            f"{n} of {N_EVENTS} events"
        ), (i, sentence(page))
        if event:
            title = chron.event(event).title  # type: ignore[union-attr]
            assert page.get_by_role("heading", name=title).count() == 1, (i, title)
    for i, n_upload in uploads.items():
        page = pages[i]
        wait_plot(page)  # the chart has said its width and the page has rerun: an upload is not lost
        page.locator("[data-testid=stSidebar] input[type=file]").first.set_input_files(
            str(tmp_path / f"upload-{i}.csv")
        )
        page.get_by_text(f"All {n_upload} events").wait_for(timeout=60_000)
    # the others still see the big chronology with their own filters
    for i, page in enumerate(pages):
        if i in uploads:
            assert sentence(page) == f"All {uploads[i]} events"
            continue
        page.reload()
        wait_ready(page, timeout=180_000)
        assert sentence(page).startswith(f"{expected[i][0]:,} of") or sentence(page).startswith(
            f"{expected[i][0]} of"
        ), (i, sentence(page))
    after_rss = rss_mb(class_server.proc.pid)
    copy = one_copy_mb(big_file)
    growth = after_rss - base_rss
    print(f"server RSS {base_rss:.0f} MB with 1 session, {after_rss:.0f} MB with {SESSIONS + 1}; "
          f"one loaded copy of the chronology is {copy:.0f} MB")  # fmt: skip
    # ten more sessions must cost far less than ten more copies of the chronology
    assert growth < 3 * copy, (growth, copy)
    for ctx in [first, *contexts]:
        ctx.close()
