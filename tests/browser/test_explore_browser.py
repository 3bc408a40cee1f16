"""Explore page in a real browser (Chromium via Playwright) against `streamlit run app.py`."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.frame import to_frame
from dashboard.loader import load_path
from dashboard.query import apply_filters, from_query_params

from .conftest import ROOT, Server, drawn_ids, wait_plot, wait_ready

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
    target = CHRON.event("invasion-2022")
    assert target is not None
    page.goto(f"{server.url}/?category=military")
    wait_ready(page)
    wait_plot(page)
    page.wait_for_timeout(500)
    # find the pixel position of the event's marker from plotly's own axes
    pos = page.evaluate(
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
    page.mouse.click(pos["x"], pos["y"])
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
