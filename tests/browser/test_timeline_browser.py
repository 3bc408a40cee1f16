"""The timeline component in a real browser (Chromium via Playwright): semantic zoom and keys.

A wheel zoom puts the visible window in the URL (``win=FROM..TO``) and the server draws that
window's events; a reload keeps it; at 100,000 events (a Parquet table, and the same table as a
store) a one-week window draws every event of that week one by one; the keyboard walks the
events in time order; on a phone the sidebar starts collapsed and the chart fills the width.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from dashboard.core.frame import to_frame
from dashboard.core.query import FilterState, apply_filters, parse_window
from dashboard.io.bulk import load_table
from dashboard.store.ingest import ingest
from dashboard.tools.synth import write_parquet_large

from .conftest import ROOT, Server, chart_frame, drawn_ids, wait_ready

pytestmark = pytest.mark.browser

WEEK = ("2021-03-01", "2021-03-07")


def _params(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _x_range(page: Any) -> list[float]:
    return list(chart_frame(page).evaluate("() => document.querySelector('.js-plotly-plot').layout.xaxis.range"))


@pytest.fixture(scope="module")
def big_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parquet_large(tmp_path_factory.mktemp("big") / "events-100k.parquet", 100_000, seed=5)


@pytest.fixture(scope="module")
def big_server(big_table: Path) -> Iterator[Server]:
    srv = Server(str(big_table))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def big_store_server(big_table: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("store") / "events-100k.store"
    ingest([big_table], store)
    srv = Server(str(store))
    yield srv
    srv.stop()


def test_wheel_zoom_sets_the_window_and_a_reload_keeps_it(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    wait_ready(page)
    frame = chart_frame(page)
    wait_ready(page)
    before = _x_range(page)
    box = page.locator("iframe[src*=chronology_timeline]").bounding_box()
    plot = frame.evaluate(
        "() => { const s = document.querySelector('.js-plotly-plot')._fullLayout._size;"
        " return {x: s.l + s.w * 0.8, y: s.t + 40}; }"
    )
    page.mouse.move(box["x"] + plot["x"], box["y"] + plot["y"])
    for _ in range(4):
        page.mouse.wheel(0, -300)
        page.wait_for_timeout(50)
    page.wait_for_function("() => new URLSearchParams(location.search).has('win')", timeout=20_000)
    wait_ready(page)
    win = parse_window(_params(page)["win"][0])
    assert win is not None
    after = _x_range(page)
    assert after[1] - after[0] < (before[1] - before[0]) * 0.8, "the wheel zoomed in"
    # zooming is no filter: the sentence still counts every event
    assert page.get_by_text("All 40 events", exact=True).count() == 1
    page.reload()
    wait_ready(page)
    chart_frame(page)
    wait_ready(page)
    assert parse_window(_params(page)["win"][0]) == win
    assert _x_range(page) == after


def test_keys_walk_the_events_in_time_order(server: Server, page: Any) -> None:
    page.goto(server.url + "/?category=treaty")
    wait_ready(page)
    frame = chart_frame(page)
    wait_ready(page)
    order = frame.evaluate(
        """() => { const g = document.querySelector('.js-plotly-plot'); const out = [];
        for (const t of g.data) { if (!t.meta || t.meta.role !== 'events') continue;
          t.customdata.forEach((c, i) => out.push([Number(t.x[i]), Number(t.y[i]), c[0]])); }
        out.sort((a, b) => a[0] - b[0] || a[1] - b[1]); return out.map(e => e[2]); }"""
    )
    assert len(order) == 4
    frame.locator("#chart").focus()
    titles = []
    for _ in order[:3]:
        page.keyboard.press("ArrowRight")
        line = frame.locator("#focus-line").inner_text()
        assert "of 4 drawn" in line
        titles.append(line)
    assert [t.split(" (")[-1] for t in titles] == [f"{k} of 4 drawn; Enter opens it)" for k in (1, 2, 3)]
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "(id) => new URLSearchParams(location.search).get('event') === id", arg=order[1], timeout=20_000
    )
    wait_ready(page)
    assert page.get_by_role("button", name="Close details").count() == 1
    frame = chart_frame(page)
    frame.locator("#chart").focus()
    page.keyboard.press("Escape")
    page.wait_for_function("() => !new URLSearchParams(location.search).has('event')", timeout=20_000)
    wait_ready(page)
    assert page.get_by_role("button", name="Close details").count() == 0


def _week(table: Path) -> tuple[set[str], set[str]]:
    """The ids of the events of the week (certainly within it) and of those that meet it."""
    frame = to_frame(load_table(table))
    start, end = WEEK
    within = apply_filters(frame, FilterState(date_from=start, date_to=end, match="within"))
    meets = apply_filters(frame, FilterState(date_from=start, date_to=end))
    return set(within["id"].tolist()), set(meets["id"].tolist())


@pytest.mark.parametrize("which", ["table", "store"])
def test_a_one_week_window_draws_every_event_of_that_week(
    which: str, big_table: Path, request: pytest.FixtureRequest, page: Any
) -> None:
    srv: Server = request.getfixturevalue("big_server" if which == "table" else "big_store_server")
    within, meets = _week(big_table)
    assert 20 <= len(within) <= 200, len(within)
    page.goto(f"{srv.url}/?win={WEEK[0]}..{WEEK[1]}")
    wait_ready(page, timeout=180_000)
    chart_frame(page)
    wait_ready(page)
    drawn = set(drawn_ids(page))
    # every event of the week one by one (the years and long spans around it as room allows)
    assert within <= drawn, sorted(within - drawn)[:10]
    assert drawn <= meets
    # the counts are those of every event, not of the window
    meta = chart_frame(page).evaluate("() => document.querySelector('.js-plotly-plot').layout.meta")
    assert meta["total"] == 100_000
    assert "in view 1 Mar 2021 to 7 Mar 2021" in meta["description"]


def test_on_a_phone_the_sidebar_is_collapsed_and_the_chart_fills_the_width(server: Server, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.goto(server.url + "/")
        wait_ready(page)
        frame = chart_frame(page)
        wait_ready(page)
        sidebar = page.locator("[data-testid=stSidebar]")
        assert sidebar.get_attribute("data-collapsed") == "true"
        side = sidebar.bounding_box()
        assert side is None or side["x"] + side["width"] <= 0, "the sidebar is out of view"
        box = page.locator("iframe[src*=chronology_timeline]").bounding_box()
        assert box["width"] >= 390 * 0.9
        boxes = frame.evaluate(
            """() => [...document.querySelectorAll('.js-plotly-plot .textpoint text')]
                 .map(e => e.getBoundingClientRect()).filter(r => r.width > 0)
                 .map(r => [r.left, r.top, r.right, r.bottom])"""
        )
        assert boxes, "labels are drawn"
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                overlap = min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5
                assert not overlap, (a, b)
    finally:
        context.close()


def test_the_component_has_plotly_from_the_package(server: Server, page: Any) -> None:
    """plotly.js is served beside the component's page (no CDN): every script it loads is local."""
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto(server.url + "/")
    wait_ready(page)
    chart_frame(page)
    assert any(u.endswith("/plotly.min.js") and "chronology_timeline" in u for u in urls)
    assert all(u.startswith((server.url, "data:", "blob:")) for u in urls), [
        u for u in urls if not u.startswith(server.url)
    ]
    assert (ROOT / "dashboard" / "ui" / "timeline_frontend" / "timeline.js").is_file()


@pytest.fixture(scope="module")
def dark_server() -> Iterator[Server]:
    srv = Server(env={"STREAMLIT_THEME_BASE": "dark"})
    yield srv
    srv.stop()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshots_in_light_and_dark(theme: str, request: pytest.FixtureRequest, browser: Any) -> None:
    """The README's screenshots of the timeline (docs/screenshots/ with SCREENSHOTS=1): the chart
    follows the app's theme (plotly's dark template on a dark page), every drawn event labelled."""
    srv: Server = request.getfixturevalue("server" if theme == "light" else "dark_server")
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    try:
        page.goto(srv.url + "/?win=2022-01-20..2022-11-15")
        wait_ready(page)
        frame = chart_frame(page)
        wait_ready(page)
        frame = chart_frame(page)
        page.wait_for_timeout(500)
        found = frame.evaluate(
            """() => { const g = document.querySelector('.js-plotly-plot');
              return [g._fullLayout.paper_bgcolor, document.querySelectorAll('.textpoint text').length,
                      g.data.filter(t => t.meta && t.meta.role === 'events')
                        .reduce((n, t) => n + t.customdata.length, 0)]; }"""
        )
        paper, labels, marks = found
        assert (paper.replace(" ", "") in ("rgb(17,17,17)", "#111111")) == (theme == "dark"), paper
        assert labels >= marks > 0
        frame.locator("#chart").scroll_into_view_if_needed()
        name = f"timeline-{theme}.png"
        out = ROOT / "test-artifacts" / name
        out.parent.mkdir(exist_ok=True)
        page.screenshot(path=str(out))
        if os.environ.get("SCREENSHOTS") == "1":
            (ROOT / "docs" / "screenshots").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ROOT / "docs" / "screenshots" / name))
    finally:
        context.close()
