"""Explore page in a real browser (Chromium via Playwright) against `streamlit run app.py`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.query import FilterState, apply_filters, day_of_ms, from_query_params

from .conftest import ROOT, Server, drawn_ids, to_page, wait_plot, wait_ready

pytestmark = pytest.mark.browser

CHRON = load_path(ROOT / "events.yaml")
FRAME = to_frame(CHRON)


def expected_ids(query: dict[str, list[str]]) -> set[str]:
    state, warnings = from_query_params(query)
    assert warnings == []
    return set(apply_filters(FRAME, state)["id"])


def test_all_events_drawn_with_ids(server: Server, page: Any) -> None:
    page.goto(server.url + "/")
    wait_ready(page)
    ids = drawn_ids(page)
    assert sorted(ids) == sorted(ev.id for ev in CHRON.events)
    assert page.get_by_text(f"All {len(CHRON.events)} events").count() == 1


def test_url_filters_reproduce_view_after_reload(server: Server, page: Any) -> None:
    query = "category=treaty&from=2022-01-01&to=2022-12-31"
    expected = expected_ids({"category": ["treaty"], "from": ["2022-01-01"], "to": ["2022-12-31"]})
    assert 0 < len(expected) < len(CHRON.events)
    page.goto(f"{server.url}/?{query}")
    wait_ready(page)
    assert set(drawn_ids(page)) == expected
    assert len(drawn_ids(page)) == len(expected)
    sentence = f"{len(expected)} of {len(CHRON.events)} events"
    assert page.get_by_text(sentence, exact=False).count() >= 1
    # the URL keeps the filters, and a reload gives the same view
    for part in query.split("&"):
        assert part in page.url
    page.reload()
    wait_ready(page)
    assert set(drawn_ids(page)) == expected
    assert page.get_by_text(sentence, exact=False).count() >= 1


def test_event_param_opens_details(server: Server, page: Any) -> None:
    ev = CHRON.event("nsdc-decision-decree-679")
    assert ev is not None
    page.goto(f"{server.url}/?event={ev.id}")
    wait_ready(page)
    heading = page.get_by_role("heading", name=ev.title)
    assert heading.count() == 1
    assert page.get_by_text("late October", exact=False).count() >= 1
    # sources are links to http(s) pages
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for sid in ev.sources:
        url = CHRON.sources[sid].url
        assert url in hrefs


def test_click_point_shows_details(server: Server, page: Any) -> None:
    # a marker that no other overlaps: among overlapping markers plotly.js picks by its own
    # rules (the one centred under the cursor does not always win), and the 2022 ones crowd
    target = CHRON.event("kyiv-ato-2014")
    assert target is not None
    page.goto(f"{server.url}/?category=military")
    wait_ready(page)
    frame = wait_plot(page)
    # find the pixel position of the event's marker from plotly's own axes (in the chart's frame)
    pos = frame.evaluate(
        """(id) => {
        const g = document.querySelector('.js-plotly-plot');
        const L = g._fullLayout;
        for (const t of g._fullData) {
          if (!t.meta || t.meta.role !== 'events') continue;
          const i = (t.customdata || []).findIndex(c => c[0] === id);
          if (i < 0) continue;
          const xa = L[t.xaxis.replace('x', 'xaxis')] || L.xaxis;
          const ya = L[t.yaxis.replace('y', 'yaxis')] || L.yaxis;
          const box = g.getBoundingClientRect();
          return {x: box.left + xa._offset + xa.d2p(t.x[i]), y: box.top + ya._offset + ya.d2p(t.y[i])};
        }
        return null;
    }""",
        target.id,
    )
    assert pos is not None
    page.mouse.click(*to_page(page, pos["x"], pos["y"]))
    page.wait_for_function("(id) => window.location.search.includes('event=' + id)", arg=target.id, timeout=20_000)
    wait_ready(page)
    assert page.get_by_role("heading", name=target.title).count() == 1


def test_table_view_lists_filtered_events(server: Server, page: Any) -> None:
    expected = expected_ids({"category": ["treaty"]})
    page.goto(f"{server.url}/?view=table&category=treaty")
    wait_ready(page)
    page.wait_for_selector("[data-testid=stDataFrame] table tbody tr", state="attached", timeout=30_000)
    rows = page.evaluate("""() => {
        const t = document.querySelector('[data-testid=stDataFrame] table');
        if (!t) return null;
        return Array.from(t.querySelectorAll('tbody tr'))
          .map(r => Array.from(r.querySelectorAll('td')).map(td => td.textContent));
    }""")
    assert rows is not None, "the table view renders an accessible table"
    titles = {r[1] for r in rows if len(r) > 1}
    assert titles == {CHRON.event(i).title for i in expected}  # type: ignore[union-attr]


# --------------------------------------------------------------------------- BC box selection

ROME = """\
title: Late Roman Republic
categories:
  war: {label: War}
  politics: {label: Politics}
events:
  - {id: rubicon, date: -0048-01-10, title: Caesar crosses the Rubicon, category: war, importance: 5}
  - {id: pharsalus, date: -0047-08-09, title: Battle of Pharsalus, category: war}
  - {id: dictator, date: -0045-02, title: Caesar dictator for life, category: politics}
  - {id: ides, date: -0043-03-15, title: Ides of March, category: politics, importance: 5}
  - {id: philippi, date: -0041-10-23, title: Battle of Philippi, category: war}
  - {id: actium, date: -0030-09-02, title: Battle of Actium, category: war, importance: 4}
  - {id: augustus, date: -0026-01-16, title: Octavian named Augustus, category: politics, importance: 4}
"""


@pytest.fixture(scope="module")
def rome_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("rome") / "rome.yaml"
    path.write_text(ROME, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def rome_server(rome_path: Path) -> Iterator[Server]:
    srv = Server(str(rome_path))
    yield srv
    srv.stop()


def _ms(day: str) -> int:
    return int(np.datetime64(day, "ms").astype(np.int64))


def test_box_selection_on_bc_dates_filters_to_them(rome_path: Path, rome_server: Server, page: Any) -> None:
    """Drag a box with the toolbar's Box Select over 46-37 BC: its dates become the filter.

    The real path: plotly.js reports the box as BC date strings, the timeline component turns
    them into epoch ms and sends them, the page's callback writes from/to, the page filters.
    """
    page.goto(rome_server.url + "/")
    wait_ready(page)
    frame = wait_plot(page)
    chart = frame.locator(".js-plotly-plot").first
    chart.hover()  # shows the toolbar
    frame.locator('.modebar-btn[data-title="Box Select"]').first.click()
    # from between Pharsalus and the dictatorship to between Philippi and Actium, over the
    # whole height of the lanes (the marks inside the box must not win over its dates)
    start, end = _ms("-0046-05-01"), _ms("-0036-01-01")
    spot = frame.evaluate(
        """([start, end]) => {
        const g = document.querySelector('.js-plotly-plot');
        const xa = g._fullLayout.xaxis, ya = g._fullLayout.yaxis, r = g.getBoundingClientRect();
        return {x0: r.left + xa._offset + xa.d2p(start), x1: r.left + xa._offset + xa.d2p(end),
                y0: r.top + ya._offset + 3, y1: r.top + ya._offset + ya._length - 3,
                msPerPx: (xa.p2l(100) - xa.p2l(0)) / 100};
    }""",
        [start, end],
    )
    page.mouse.move(*to_page(page, spot["x0"], spot["y0"]))
    page.mouse.down()
    page.mouse.move(*to_page(page, spot["x1"], spot["y1"]), steps=12)
    page.mouse.up()
    page.wait_for_function("() => window.location.search.includes('from=')", timeout=30_000)
    wait_ready(page)
    query = dict(parse_qsl(urlsplit(page.url).query))
    state, warnings = from_query_params(query)
    assert warnings == []
    assert state.event is None  # the box filtered; it did not select an event inside it
    assert state.date_from is not None
    assert state.date_to is not None
    # the days under the ends of the box (give or take a few pixels)
    slack = 4 * spot["msPerPx"] + 86_400_000
    assert abs(_ms(state.date_from) - start) <= slack, (state.date_from, day_of_ms(start))
    assert abs(_ms(state.date_to) - end) <= slack, (state.date_to, day_of_ms(end))
    window = FilterState(date_from=state.date_from, date_to=state.date_to)
    expected = set(apply_filters(to_frame(load_path(rome_path)), window)["id"])
    assert expected == {"dictator", "ides", "philippi"}  # Feb 46 BC, 15 Mar 44 BC, Oct 42 BC
    assert set(drawn_ids(page)) == expected
    assert page.get_by_text(f"{len(expected)} of 7 events", exact=False).count() >= 1


# --------------------------------------------------------------------------- lanes past the budget


@pytest.fixture(scope="module")
def crowded_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """1,300 events: 1,200 wars of importance 5, 100 elections of importance 1 (the budget is 1,000)."""
    lines = ["title: Crowded", "categories:", "  war: {label: War}", "  election: {label: Election}", "events:"]
    for i in range(1_300):
        kind, importance = ("war", 5) if i < 1_200 else ("election", 1)
        day = f"{1900 + i % 120}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        lines.append(f"  - {{id: e{i}, date: {day}, title: Event {i}, category: {kind}, importance: {importance}}}")
    path = tmp_path_factory.mktemp("crowded") / "crowded.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    srv = Server(str(path))
    yield srv
    srv.stop()


def test_every_lane_is_drawn_with_its_count_past_the_mark_budget(crowded_server: Server, page: Any) -> None:
    page.goto(crowded_server.url + "/")
    wait_ready(page)
    frame = wait_plot(page)
    ticks = frame.eval_on_selector_all(".js-plotly-plot .ytick text", "els => els.map(e => e.textContent)")
    assert "War (1,200)" in ticks
    assert "Election (100)" in ticks
    drawn = drawn_ids(page)
    assert len(drawn) <= 1_000
    elections = [i for i in drawn if int(i[1:]) >= 1_200]
    assert 1 <= len(elections) <= 5  # the lane keeps a few of its own
    notes = frame.eval_on_selector_all(".js-plotly-plot .annotation-text", "els => els.map(e => e.textContent)")
    assert f"{100 - len(elections)} more here: zoom in" in notes
    assert f"{1_200 - (len(drawn) - len(elections)):,} more here: zoom in" in notes
    # each note sits on its lane's row: level with the lane's label
    centres = frame.evaluate(
        """() => {
        const mid = e => { const r = e.getBoundingClientRect(); return r.top + r.height / 2; };
        const out = {};
        for (const e of document.querySelectorAll('.js-plotly-plot .ytick text')) out[e.textContent] = mid(e);
        for (const e of document.querySelectorAll('.js-plotly-plot .annotation-text')) out[e.textContent] = mid(e);
        return out;
    }"""
    )
    for label, count in (("War", 1_200), ("Election", 100)):
        shown = sum(1 for i in drawn if (int(i[1:]) >= 1_200) == (label == "Election"))
        assert abs(centres[f"{label} ({count:,})"] - centres[f"{count - shown:,} more here: zoom in"]) < 6


LABEL_BOXES = """() => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const plot = document.querySelector('.js-plotly-plot');
  const labels = [], marks = [];
  for (const trace of plot.querySelectorAll('.scatterlayer .trace')) {
    const meta = (trace.__data__ && trace.__data__[0] && trace.__data__[0].trace.meta) || {};
    if (meta.role === 'labels') {
      for (const t of trace.querySelectorAll('.textpoint text')) labels.push([t.textContent, ...box(t)]);
    } else if (meta.role === 'events') {
      for (const p of trace.querySelectorAll('path.point')) marks.push(box(p));
    }
  }
  return {labels, marks};
}"""


def _meet(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def test_every_drawn_event_is_labelled_and_no_labels_meet(server: Server, page: Any) -> None:
    """Issue 15, point 1: on the default chronology at 1440x900, each event's title is written on
    the chart (SVG text, shortened with an ellipsis when long), and no two labels and no label
    and mark overlap (boxes from the DOM)."""
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server.url + "/")
    wait_ready(page)
    frame = wait_plot(page)
    # the chart's text alternative says what it shows, from the same figure
    description = frame.evaluate("() => document.querySelector('.js-plotly-plot').layout.meta.description")
    first, last = min(ev.date.edtf[:4] for ev in CHRON.events), max(ev.date.edtf[:4] for ev in CHRON.events)
    assert description.startswith(f"{len(CHRON.events)} events, {first} to {last}, 8 lanes by category")
    assert page.get_by_text(f"Timeline: {description}").count() == 1
    found = frame.evaluate(LABEL_BOXES)
    labels, marks = found["labels"], found["marks"]
    assert len(marks) == len(CHRON.events)
    assert len(labels) == len(CHRON.events)
    titles = {ev.title for ev in CHRON.events}
    for text, *_ in labels:
        assert text in titles or (text.endswith("…") and any(t.startswith(text[:-1]) for t in titles)), text
        assert len(text) >= 12  # readable, not a stub
    boxes = [b for _, *b in labels]
    for i, a in enumerate(boxes):
        assert all(b[2] > b[0] and b[3] > b[1] for b in (a,))
        for b in boxes[i + 1 :]:
            assert not _meet(a, b), (a, b)
        for m in marks:
            assert not _meet(a, m), (a, m)


def test_a_file_with_periods_draws_their_bands(page: Any) -> None:
    """Issue 15, point 4: periods (BC, open ends) are bands behind the lanes, labelled above."""
    path = ROOT / "tests" / "fixtures" / "periods.yaml"
    chron = load_path(path)
    srv = Server(str(path))
    try:
        page.goto(srv.url + "/")
        wait_ready(page)
        frame = wait_plot(page)
        bands = frame.evaluate(
            """() => (document.querySelector('.js-plotly-plot').layout.shapes || [])
                 .filter(s => s.name === 'period').map(s => [s.x0, s.x1])"""
        )
        assert len(bands) >= 3
        drawn = frame.eval_on_selector_all(".js-plotly-plot .layer-below .shapelayer path", "els => els.length")
        assert drawn >= len(bands)  # each band is in the SVG, under the lanes
        texts = frame.eval_on_selector_all(".js-plotly-plot .annotation-text", "els => els.map(e => e.textContent)")
        assert "Principate" in texts
        assert {p.label for p in chron.periods} & set(texts)
    finally:
        srv.stop()
