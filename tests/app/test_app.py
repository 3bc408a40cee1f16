"""AppTest: the Streamlit script's widgets and URL, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.loader import load_path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
CHRON = load_path(ROOT / "events.yaml")
N = len(CHRON.events)


def run(params: dict[str, str | list[str]] | None = None, path: Path | None = None,
        monkeypatch: pytest.MonkeyPatch | None = None) -> AppTest:  # fmt: skip
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def qp(at: AppTest, key: str) -> list[str]:
    value = at.query_params[key]
    return list(value) if isinstance(value, list) else [value]


def sentence(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "event" in m.value and m.value.startswith("**"))


def unescape(markdown: str) -> str:
    """Markdown text as the reader sees it: backslash escapes undone."""
    return re.sub(r"\\(.)", r"\1", markdown)


def test_default_page_lists_all_events() -> None:
    at = run()
    assert sentence(at) == f"**All {N} events**"
    assert at.title[0].value == CHRON.title
    assert dict(at.query_params) == {}


def test_url_filters_set_widgets_and_count() -> None:
    at = run({"category": ["treaty", "referendum"], "from": "2022-01-01", "to": "2022-12-31"})
    assert at.multiselect(key="w_category").value == ["treaty", "referendum"]
    assert at.text_input(key="w_from").value == "2022-01-01"
    expected = [
        e for e in CHRON.events
        if e.category in ("treaty", "referendum") and e.date.latest >= 1640995200 and e.date.earliest <= 1672531199
    ]  # fmt: skip
    assert sentence(at).startswith(f"**{len(expected)} of {N} events")


def test_widget_change_updates_url() -> None:
    at = run()
    at.multiselect(key="w_category").set_value(["treaty"]).run()
    assert qp(at, "category") == ["treaty"]
    at.slider(key="w_importance").set_value(4).run()
    assert qp(at, "importance") == ["4"]
    at.text_input(key="w_q").set_value("kherson").run()
    assert qp(at, "q") == ["kherson"]
    at.selectbox(key="w_lanes").set_value("status").run()
    assert qp(at, "lanes") == ["status"]


def test_reset_clears_filters() -> None:
    at = run({"category": "treaty", "q": "putin", "importance": "3"})
    assert "of" in sentence(at)
    reset = next(b for b in at.button if b.label == "Reset filters")
    reset.click().run()
    assert sentence(at) == f"**All {N} events**"
    assert "category" not in at.query_params
    assert "q" not in at.query_params


def test_event_param_shows_details() -> None:
    at = run({"event": "recognition-dpr-lpr"})
    ev = CHRON.event("recognition-dpr-lpr")
    assert ev is not None
    headings = [m.value for m in at.markdown if m.value.startswith("#### ")]
    # the whole title, as the reader sees it (Markdown's backslash escapes undone)
    assert [unescape(h.removeprefix("#### ")) for h in headings] == [ev.title]
    assert qp(at, "event") == ["recognition-dpr-lpr"]


def test_bad_params_give_warnings_not_errors() -> None:
    at = run({"from": "2022-02-30", "importance": "9", "lanes": "nope", "event": "no-such-event"})
    warnings = " ".join(w.value for w in at.warning)
    assert "2022-02-30" in warnings
    assert "importance" in warnings
    assert "no-such-event" in warnings
    assert sentence(at) == f"**All {N} events**"


def test_table_view() -> None:
    at = run({"view": "table", "category": "treaty"})
    assert len(at.dataframe) == 1
    df = at.dataframe[0].value
    expected = sorted(e.title for e in CHRON.events if e.category == "treaty")
    assert sorted(df["Title"]) == expected


def test_problems_panel_counts_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "events:\n"
        "  - {id: a, date: 2022-01-01, title: Good, category: x}\n"
        "  - {id: b, date: 2022-02-30, title: Bad date, category: x}\n"
        "  - {id: c, date: 2022-03-01, title: yes, category: x}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DASHBOARD_PATH", str(bad))
    at = run()
    assert sentence(at) == "**1 event**"
    labels = [e.label for e in at.expander]
    assert any("1 event loaded, 2 skipped" in label for label in labels), labels
    codes = " ".join(c.value for c in at.code)
    assert f"{bad}:3:" in codes
    assert f"{bad}:4:" in codes


def test_time_between_two_events_is_drawn_only_when_asked() -> None:
    at = run({"category": "treaty"})
    assert [s.key for s in at.selectbox if s.key in ("iv_a", "iv_b")] == []  # off: nothing drawn
    at.toggle(key="iv_on").set_value(True).run()
    treaties = sorted((e for e in CHRON.events if e.category == "treaty"), key=lambda e: (e.date.earliest, e.id))
    first, second = at.selectbox(key="iv_a"), at.selectbox(key="iv_b")
    assert first.options == [f"{e.date.label}: {e.title}" for e in treaties]
    at.selectbox(key="iv_a").set_value(treaties[0].id).run()
    at.selectbox(key="iv_b").set_value(treaties[-1].id).run()
    (line,) = [m.value for m in at.markdown if m.value.endswith("between them.")]
    from dashboard.core.dates import describe_duration
    from dashboard.core.safetext import md_escape

    assert line == f"**{md_escape(describe_duration(treaties[0].date, treaties[-1].date))}** between them."
    assert second.key == "iv_b"


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_a_bulk_table_opens_filters_and_reports_bad_rows(
    suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "id": [f"e{i}" for i in range(40)] + ["bad"],
            "date": [f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(40)] + ["2022-02-30"],
            "title": [f"Event {i}" for i in range(41)],
            "category": ["treaty" if i % 4 == 0 else "war" for i in range(41)],
        }
    )
    path = tmp_path / f"events{suffix}"
    if suffix == ".csv":
        pacsv.write_csv(table, path)
    else:
        pq.write_table(table, path)
    monkeypatch.setenv("DASHBOARD_PATH", str(path))
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    for visit in range(2):  # a second session gets the same (cached) chronology
        at = run()
        assert sentence(at) == "**All 40 events**", visit
        assert any("40 events loaded, 1 skipped" in e.label for e in at.expander)
        assert "2022-02-30" in " ".join(c.value for c in at.code)
        at.multiselect(key="w_category").set_value(["treaty"]).run()
        assert sentence(at).startswith("**10 of 40 events")
    assert any((tmp_path / "cache").iterdir())


# --------------------------------------------------------------------------- the timeline component
# The explore page's timeline is a custom component (dashboard/ui/chart.py); AppTest shows it as an
# element it does not know (``component_instance``), with the arguments the page gave it.


def timeline(at: AppTest) -> dict[str, Any]:
    """The arguments of the page's one timeline component, its figure parsed."""
    (chart,) = [e for e in at.get("component_instance") if e.proto.component_name.endswith(".chronology_timeline")]
    args: dict[str, Any] = json.loads(chart.proto.json_args)
    args["figure"] = json.loads(args["figure"])
    return args


def figure_ids(figure: dict[str, Any]) -> list[str]:
    return [c[0] for t in figure["data"] if (t.get("meta") or {}).get("role") == "events" for c in t["customdata"]]


def test_the_timeline_is_drawn_by_its_component() -> None:
    at = run()
    assert not at.get("plotly_chart")  # the main timeline is no longer st.plotly_chart
    args = timeline(at)
    assert sorted(figure_ids(args["figure"])) == sorted(e.id for e in CHRON.events)
    assert args["key"] == "timeline-main"
    assert args["selected"] is None
    assert args["plot_width"] == 700  # the guess, until the chart has said its width
    assert args["description"] == args["figure"]["layout"]["meta"]["description"]
    assert f"Timeline: {args['description']}" in [c.value for c in at.caption]
    lo, hi = args["window"]
    first = min(e.date.earliest for e in CHRON.events) * 1000
    last = max(e.date.latest for e in CHRON.events) * 1000
    assert lo <= first
    assert hi >= last
    # an event chosen: the chart beside its details, the event said to the component
    at = run({"event": "recognition-dpr-lpr"})
    args = timeline(at)
    assert (args["key"], args["selected"], args["plot_width"]) == ("timeline-side", "recognition-dpr-lpr", 460)


# AppTest cannot click in the component's frame: these call the page's own on_change callback in a
# running Streamlit script, with the value as the component sends it (tests/browser click for real).


def _chart_did(value: object, where: str, extent: tuple[int, int] | None) -> None:
    import streamlit as st

    from dashboard.ui import explore

    if extent is not None:
        st.session_state["_extent"] = extent
    st.session_state[f"timeline-{where}"] = value
    explore._on_chart(f"timeline-{where}", where)


def did(value: object, where: str = "main", extent: tuple[int, int] | None = None) -> AppTest:
    at = AppTest.from_function(_chart_did, args=(value, where, extent), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def ms(day: str) -> int:
    """Epoch ms of an ISO day or time (any year, BC as -YYYY)."""
    return int(np.datetime64(day, "ms").astype(np.int64))


def box(lo: int, hi: int, **extra: Any) -> dict[str, Any]:
    """A box selection as the component sends it: its x range in epoch ms (floor, ceil)."""
    return {"kind": "days", "range": [lo, hi], "width": 771, "nonce": 1, **extra}


@pytest.mark.parametrize(
    ("lo", "hi", "days"),
    [
        (ms("-0043-03-10T06:00:00"), ms("-0043-03-20T18:30:00.500"), ("-0043-03-10", "-0043-03-20")),  # 44 BC
        (ms("1500-06-01T12:00"), ms("1600-01-01"), ("1500-06-01", "1600-01-01")),  # before 1677
        (ms("2022-09-23T14:05"), ms("2263-01-02"), ("2022-09-23", "2263-01-02")),  # after 2262
        (-63_517_780_800_000, -63_516_916_800_000, ("-0043-03-15", "-0043-03-25")),
    ],
)
def test_box_selection_sets_the_dates(lo: int, hi: int, days: tuple[str, str]) -> None:
    at = did(box(lo, hi))
    assert (at.session_state["w_from"], at.session_state["w_to"]) == days
    assert at.session_state["w_win"] is None  # the new dates are shown whole
    assert at.session_state["_plot_width_main"] == 771  # every value says the plot area's width


def test_box_selection_wins_over_the_events_inside_it() -> None:
    at = did(box(ms("-0044-01-01"), ms("-0043-12-31"), event="ides"))
    assert (at.session_state["w_from"], at.session_state["w_to"]) == ("-0044-01-01", "-0043-12-31")
    assert "sel_event" not in at.session_state


def test_click_on_event_or_density_bar() -> None:
    at = did({"kind": "select", "event": "ides", "width": 771})
    assert at.session_state["sel_event"] == "ides"
    # Escape: the selection closed
    assert did({"kind": "select", "event": None, "width": 771}).session_state["sel_event"] is None
    # a bar of the density strip: the component sends [start, end - 1] of its period, here March 44 BC
    start, end = ms("-0043-03-01"), ms("-0043-04-01")
    at = did(box(start, end - 1))
    assert (at.session_state["w_from"], at.session_state["w_to"]) == ("-0043-03-01", "-0043-03-31")


def test_zoom_sets_the_window_and_the_whole_extent_clears_it() -> None:
    extent = (ms("2014-02-20"), ms("2022-11-30"))
    at = did({"kind": "window", "window": [ms("2022-02-01"), ms("2022-04-01")], "width": 771}, extent=extent)
    assert at.session_state["w_win"] == ("2022-02-01", "2022-03-31")
    assert "w_from" not in at.session_state  # a zoom changes what is drawn, never the filters
    at = did({"kind": "window", "window": [extent[0] - 1, extent[1] + 1], "width": 771}, extent=extent)
    assert at.session_state["w_win"] is None
    at = did({"kind": "width", "width": 512}, where="side")
    assert at.session_state["_plot_width_side"] == 512
    assert "w_win" not in at.session_state


@pytest.mark.parametrize(
    "value",
    [
        None,
        "select",
        ["select", "ides"],
        {"kind": "evil", "event": "ides", "range": [0, 86_400_000]},
        {"kind": "days", "range": [86_400_000, 0]},  # reversed
        {"kind": "days", "range": [0, float("nan")]},
        {"kind": "days", "range": [0, 9e15]},  # past what a JavaScript Date holds
        {"kind": "days", "range": [True, 86_400_000]},
        {"kind": "days", "range": ["2022-01-01", "2022-02-01"]},
        {"kind": "window", "range": [0, 86_400_000]},  # a window is under "window"
        {"kind": "width", "width": 5},
        {"kind": "width", "width": True},
    ],
)
def test_values_the_page_does_not_understand_change_nothing(value: object) -> None:
    at = did(value)
    assert {k for k in at.session_state if k != "timeline-main"} == set()


def test_box_selected_bc_dates_filter_the_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The days the callback writes are what the page filters on (BC included)."""
    rome = tmp_path / "rome.yaml"
    rome.write_text(
        "events:\n"
        "  - {id: rubicon, date: -0048-01-10, title: Rubicon, category: war}\n"
        "  - {id: ides, date: -0043-03-15, title: Ides of March, category: politics}\n"
        "  - {id: actium, date: -0030-09-02, title: Actium, category: war}\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("DASHBOARD_PATH", str(rome))
    days = did(box(ms("-0044-06-01T10:00"), ms("-0040-01-01"))).session_state
    at = run({"from": days["w_from"], "to": days["w_to"]})
    assert unescape(sentence(at)) == "**1 of 3 events: 1 Jun 45 BC to 1 Jan 41 BC**"
    assert figure_ids(timeline(at)["figure"]) == ["ides"]


SOURCES_CHRONOLOGY = """
sources:
  hostile:
    publisher: "<b>Pub</b> [x](javascript:alert(1)) :red[r]"
    title: "A (title) *em*"
    url: "https://example.org/a_(b)"
    date: 2022-01-02
events:
  - id: cited
    date: 2022-01-01
    title: Cited
    category: x
    sources: [hostile, {publisher: Plain}]
"""


def test_event_sources_are_the_shared_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The event details list dashboard.core.sourcelist's items as its Markdown (the present page too)."""
    from dashboard.core.loader import load_path as load
    from dashboard.core.sourcelist import source_items, sources_markdown

    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES_CHRONOLOGY, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_PATH", str(path))
    chron = load(path)
    ev = chron.event("cited")
    assert ev is not None
    expected = sources_markdown(source_items(chron.sources, ev.sources))
    assert expected.count("](") == 1  # one link: the http one
    at = run({"event": "cited"}, monkeypatch=monkeypatch)
    values = [m.value for m in at.markdown]
    assert "**Sources**" in values
    assert expected in values


def test_event_details_link_only_http_and_trim_links() -> None:
    """Objects built in code skip the loader's URL checks: the details still link only http/https
    (the image link had no check) and write the trimmed address (sources were linked untrimmed)."""

    def page() -> None:
        from dashboard.core.dates import parse_date
        from dashboard.core.frame import to_frame
        from dashboard.core.loader import Chronology, Event, Image, Source
        from dashboard.store.source import FrameSource
        from dashboard.ui.explore import _event_details

        ev = Event(
            id="e",
            date=parse_date("2022"),
            title="E",
            category="c",
            image=Image("javascript:alert(1)", alt="Alt"),
            sources=["padded", "file"],
        )
        sources = {
            "padded": Source("padded", "Padded", url="  https://example.org/p(1) "),
            "file": Source("file", "File", url="file:///etc/passwd"),
        }
        chron = Chronology(events=[ev], sources=sources)
        _event_details(ev, FrameSource(chron, to_frame(chron)), key_prefix="t")

    at = AppTest.from_function(page)
    at.run()
    assert not at.exception, at.exception
    values = [m.value for m in at.markdown]
    assert "Image: Alt" in values
    assert "- [Padded](https://example.org/p%281%29)\n- File" in values
    assert not any("javascript" in v or "file:" in v for v in values)
