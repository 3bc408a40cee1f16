"""Comparing two chronologies in a real browser (issue 17): ``streamlit run app.py -- events.yaml
chronologies/``, then ``?compare=tass-2022-11-02`` and ``&align=...``, each checked after a reload."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.core.compare import compare, diff_rows
from dashboard.core.loader import load_path

from .conftest import ROOT, Server, wait_ready

pytestmark = pytest.mark.browser

MAIN = load_path(ROOT / "events.yaml")
TASS = load_path(ROOT / "chronologies" / "tass-2022-11-02.yaml")
DIFF = compare(MAIN, TASS)
ALIGN = "nsdc-decision-decree-679,tass-nsdc-late-october"
SHOTS = os.environ.get("COMPARE_SCREENSHOTS")  # a folder: save what the browser shows, for the README


@pytest.fixture(scope="module")
def compare_server() -> Iterator[Server]:
    srv = Server("events.yaml", "chronologies/")
    yield srv
    srv.stop()


FIGURE_JS = """() => {
  const g = document.querySelector('.js-plotly-plot');
  const traces = g.data.map(t => ({role: (t.meta || {}).role, band: (t.meta || {}).band,
                                   kind: (t.meta || {}).kind, x: t.x, customdata: t.customdata}));
  const titles = Array.from(g.querySelectorAll('.annotation-text')).map(e => e.textContent);
  return {traces, titles, meta: g.layout.meta, xtype: g._fullLayout.xaxis.type};
}"""

TABLE_JS = """() => {
  const t = document.querySelector('[data-testid=stDataFrame] table');
  if (!t) return null;
  const head = Array.from(t.querySelectorAll('thead th')).map(c => c.textContent.trim());
  const rows = Array.from(t.querySelectorAll('tbody tr')).map(
      r => Array.from(r.querySelectorAll('td, th')).map(c => c.textContent.trim()));
  return {head, rows};
}"""


def wait_compare_plot(page: Any) -> None:
    """Wait until plotly has drawn the compare chart: ``st.plotly_chart`` in the page itself (the
    explore timeline, a component in an iframe, is not drawn while comparing)."""
    wait_ready(page)
    page.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot'); return g && g.data && g._fullLayout; }",
        timeout=30_000,
    )


def figure(page: Any) -> dict[str, Any]:
    wait_compare_plot(page)
    result: dict[str, Any] = page.evaluate(FIGURE_JS)
    return result


def table(page: Any) -> dict[str, Any]:
    page.wait_for_selector("[data-testid=stDataFrame] table tbody tr", state="attached", timeout=30_000)
    result: dict[str, Any] = page.evaluate(TABLE_JS)
    return result


def drawn(fig: dict[str, Any], band: str) -> set[str]:
    return {c[0] for t in fig["traces"] if t["role"] == "events" and t["band"] == band for c in t["customdata"]}


def line_count(fig: dict[str, Any]) -> int:
    """The lines drawn between matched events (segments separated by null)."""
    return sum(sum(1 for x in t["x"] if x is None) for t in fig["traces"] if t["role"] == "match-lines")


def column(tab: dict[str, Any], name: str) -> list[str]:
    i = tab["head"].index(name)
    return [row[i] for row in tab["rows"] if len(row) > i]


def check_view(page: Any) -> dict[str, Any]:
    fig = figure(page)
    assert fig["meta"]["bands"] == [MAIN.title, TASS.title]
    # both bands with their titles (the annotations Plotly drew)
    assert any(MAIN.title[:40] in t for t in fig["titles"]), fig["titles"]
    assert any(TASS.title[:40] in t for t in fig["titles"]), fig["titles"]
    assert drawn(fig, "A") == {ev.id for ev in MAIN.events}
    assert drawn(fig, "B") == {ev.id for ev in TASS.events}
    # every matched pair joined by a line
    assert line_count(fig) == len(DIFF.pairs) == 10
    # the difference table: one row per difference, with the expected kinds
    tab = table(page)
    expected = diff_rows(DIFF, MAIN, TASS)
    assert len(tab["rows"]) == len(expected)
    kinds = column(tab, "Difference")
    assert kinds.count("changed") == 10
    assert kinds.count("only in A") == len(DIFF.only_in_a)
    a_ids, changes = column(tab, "A id"), column(tab, "Changes")
    assert "recognition-kherson-zaporizhzhia" in a_ids
    nsdc = a_ids.index("nsdc-decision-decree-679")
    assert changes[nsdc].startswith("re-dated")
    assert column(tab, "B id")[nsdc] == "tass-nsdc-late-october"
    boundaries = a_ids.index("putin-boundaries-statement")
    assert "re-categorised" in changes[boundaries]
    return fig


def test_compare_after_a_reload(compare_server: Server, page: Any) -> None:
    page.goto(f"{compare_server.url}/?compare=tass-2022-11-02")
    wait_ready(page)
    fig = check_view(page)
    assert fig["xtype"] == "date"
    assert "compare=tass-2022-11-02" in page.url
    page.reload()
    wait_ready(page)
    check_view(page)
    assert "compare=tass-2022-11-02" in page.url
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "compare.png"), full_page=False)


def test_align_after_a_reload(compare_server: Server, page: Any) -> None:
    page.goto(f"{compare_server.url}/?compare=tass-2022-11-02&align={ALIGN}")
    wait_ready(page)
    for attempt in range(2):
        fig = check_view(page)
        assert fig["xtype"] == "linear"
        assert fig["meta"]["aligned"] is True
        # the two anchors share day 0: the first (changed) line joins x=0 to x=0
        a_events = next(t for t in fig["traces"] if t["role"] == "events" and t["band"] == "A")
        b_events = next(t for t in fig["traces"] if t["role"] == "events" and t["band"] == "B")
        xa = {c[0]: x for c, x in zip(a_events["customdata"], a_events["x"], strict=True)}
        xb = {c[0]: x for c, x in zip(b_events["customdata"], b_events["x"], strict=True)}
        assert xa["nsdc-decision-decree-679"] == 0
        assert xb["tass-nsdc-late-october"] == pytest.approx(5.5, abs=0.01)  # the middle of 21-31 October
        assert xa["accession-treaties-2022"] == 0  # the same day
        assert xa["recognition-kherson-zaporizhzhia"] == -1
        assert page.get_by_text("Days before", exact=False).count() >= 1
        assert "align=nsdc-decision-decree-679%2Ctass-nsdc-late-october" in page.url or ALIGN in page.url
        if attempt == 0:
            page.reload()
            wait_ready(page)
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / "compare-aligned.png"), full_page=False)


def test_the_filters_apply_to_both(compare_server: Server, page: Any) -> None:
    page.goto(f"{compare_server.url}/?compare=tass-2022-11-02&category=legislation")
    wait_ready(page)
    fig = figure(page)
    assert drawn(fig, "A") == {ev.id for ev in MAIN.events if ev.category == "legislation"}
    assert drawn(fig, "B") == {ev.id for ev in TASS.events if ev.category == "legislation"}
    assert column(table(page), "A id").count("nsdc-decision-decree-679") == 1


def test_unknown_name_is_a_visible_warning(compare_server: Server, page: Any) -> None:
    page.goto(f"{compare_server.url}/?compare=no-such-chronology")
    wait_ready(page)
    assert page.get_by_text("No chronology “no-such-chronology” to compare with", exact=False).count() == 1
    page.goto(f"{compare_server.url}/?compare=../events")
    wait_ready(page)
    assert page.get_by_text("not a path", exact=False).count() == 1


SCROLL_TO_CHART_JS = """() => {
  let box = document.querySelector('.js-plotly-plot');
  let scroller = box.parentElement;
  while (scroller && scroller.scrollHeight <= scroller.clientHeight) scroller = scroller.parentElement;
  (scroller || document.scrollingElement).scrollBy(0, box.getBoundingClientRect().top - 56);
}"""

LABEL_BOXES_JS = """() => {
  const g = document.querySelector('.js-plotly-plot');
  const layers = g.querySelectorAll('.scatterlayer .trace');
  const boxes = [];
  g._fullData.forEach((t, i) => {
    if (!t.meta || t.meta.role !== 'labels' || !layers[i]) return;
    layers[i].querySelectorAll('.textpoint text').forEach(e => {
      const r = e.getBoundingClientRect();
      if (r.width > 0) boxes.push({text: e.textContent, left: r.left, right: r.right, top: r.top,
                                   bottom: r.bottom});
    });
  });
  const plot = g.querySelector('.nsewdrag').getBoundingClientRect();
  return {boxes, plot: {left: plot.left, right: plot.right}};
}"""


@pytest.mark.parametrize("query", ["", "&from=2022-02-01&to=2022-11-02"], ids=["all", "2022"])
def test_labels_are_svg_text_and_never_overlap(compare_server: Server, browser: Any, query: str) -> None:
    """At 1440x900 every drawn label is SVG text inside the plot, and no two labels' boxes (as
    Chromium lays them out) meet. The 2022 view (both bands on screen) is the README's picture:
    saved to test-artifacts/, and to docs/screenshots/ with SCREENSHOTS=1."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{compare_server.url}/?compare=tass-2022-11-02{query}")
        wait_compare_plot(page)
        page.wait_for_timeout(500)
        got = page.evaluate(LABEL_BOXES_JS)
        boxes = got["boxes"]
        events = [ev for ev in [*MAIN.events, *TASS.events] if not query or ev.date.latest >= 1643673600]
        assert len(boxes) >= len(events) // 2, len(boxes)
        titles = {ev.title for ev in events}
        for box in boxes:  # a title, or its start ending with an ellipsis; never markup
            text = box["text"]
            assert text in titles or (text.endswith("…") and any(t.startswith(text[:-1]) for t in titles)), text
            assert box["left"] >= got["plot"]["left"] - 1, box
            assert box["right"] <= got["plot"]["right"] + 1, box
        overlaps = [
            (p["text"], q["text"])
            for i, p in enumerate(boxes)
            for q in boxes[i + 1 :]
            if p["left"] < q["right"] and q["left"] < p["right"] and p["top"] < q["bottom"] and q["top"] < p["bottom"]
        ]
        assert overlaps == []
        if not query:
            return
        # the picture: the caption above the chart at the top of the window, both bands below it
        page.evaluate(SCROLL_TO_CHART_JS)
        page.mouse.move(5, 5)
        page.wait_for_timeout(400)
        out = ROOT / "test-artifacts"
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / "compare.png"))
        if os.environ.get("SCREENSHOTS"):
            (ROOT / "docs" / "screenshots").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ROOT / "docs" / "screenshots" / "compare.png"))
    finally:
        context.close()
