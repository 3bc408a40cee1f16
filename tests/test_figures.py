"""Tests for dashboard.render.figures: events frame -> Plotly figures.

Frames are built by hand with exactly the columns and dtypes of docs/frame-columns.md.
"""

from __future__ import annotations

import bisect
import html
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.render import figures
from dashboard.render.figures import (
    DENSITY_UNITS,
    OKABE_ITO,
    PlainCategoryStyle,
    density_bins,
    density_counts,
    figure_config,
    format_year_label,
    story_strip_figure,
    timeline_figure,
)

PRECISIONS = ["moment", "day", "month", "season", "year", "decade", "century", "millennium"]
STATUSES = ["confirmed", "reported", "disputed"]
CATEGORIES = ["war", "treaty", "science"]
DAY_MS = 86_400_000

COLUMNS = [
    "id",
    "title",
    "category",
    "summary",
    "notes",
    "date",
    "label",
    "earliest",
    "latest",
    "earliest_ms",
    "latest_ms",
    "precision",
    "approximate",
    "uncertain",
    "interval",
    "open_start",
    "open_end",
    "importance",
    "status",
    "actors",
    "places",
    "tags",
    "sources",
    "publishers",
    "related",
    "has_image",
    "file",
    "line",
]


def ms(text: str) -> int:
    return int(np.datetime64(text, "ms").astype(np.int64))


def make_frame(events: list[dict[str, Any]], categories: Iterable[str] = CATEGORIES) -> pd.DataFrame:
    """An events frame with the documented columns; each event gives ``earliest`` at least."""
    n = len(events)

    def col(key: str, default: Any) -> list[Any]:
        return [e.get(key, default) for e in events]

    earliest = np.array([np.datetime64(e["earliest"], "s") for e in events], dtype="datetime64[s]")
    latest = np.array([np.datetime64(e.get("latest", e["earliest"]), "s") for e in events], dtype="datetime64[s]")
    lists = {k: pd.Series([list(e.get(k, [])) for e in events], dtype=object) for k in ("actors", "places", "tags")}
    empty = pd.Series([[] for _ in events], dtype=object)
    df = pd.DataFrame(
        {
            "id": pd.Series(col("id", None), dtype="str"),
            "title": pd.Series(col("title", "An event"), dtype="str"),
            "category": pd.Categorical(col("category", "war"), categories=list(categories)),
            "summary": pd.Series([""] * n, dtype="str"),
            "notes": pd.Series([""] * n, dtype="str"),
            "date": pd.Series(col("date", ""), dtype="str"),
            "label": pd.Series(col("label", "a date"), dtype="str"),
            "earliest": earliest,
            "latest": latest,
            "earliest_ms": earliest.astype("datetime64[ms]").astype(np.int64),
            "latest_ms": latest.astype("datetime64[ms]").astype(np.int64),
            "precision": pd.Categorical(col("precision", "day"), categories=PRECISIONS),
            "approximate": np.array(col("approximate", False), dtype=bool),
            "uncertain": np.array(col("uncertain", False), dtype=bool),
            "interval": np.array(col("interval", False), dtype=bool),
            "open_start": np.array(col("open_start", False), dtype=bool),
            "open_end": np.array(col("open_end", False), dtype=bool),
            "importance": np.array(col("importance", 3), dtype=np.int8),
            "status": pd.Categorical(col("status", "confirmed"), categories=STATUSES),
            "actors": lists["actors"],
            "places": lists["places"],
            "tags": lists["tags"],
            "sources": empty.copy(),
            "publishers": empty.copy(),
            "related": empty.copy(),
            "has_image": np.zeros(n, dtype=bool),
            "file": pd.Series(["events.yaml"] * n, dtype="str"),
            "line": np.arange(1, n + 1, dtype=np.int32),
        }
    )
    return df.sort_values(["earliest", "id"], kind="stable").reset_index(drop=True)


def big_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """A large synthetic frame (vectorised), 500 BC .. AD 2024."""
    rng = np.random.default_rng(seed)
    lo = np.datetime64("-0500-01-01", "s").astype(np.int64)
    hi = np.datetime64("2024-12-31", "s").astype(np.int64)
    earliest = np.sort(rng.integers(lo, hi, n)).astype("datetime64[s]")
    precision = rng.choice(["day", "moment", "month", "year", "decade"], n, p=[0.5, 0.1, 0.2, 0.15, 0.05])
    interval = rng.random(n) < 0.2
    duration = np.where(interval | (precision != "day"), rng.integers(0, 86_400 * 400, n), 0)
    latest = earliest + duration.astype("timedelta64[s]")
    numbers = np.arange(n).astype(str)
    empty = pd.Series([[]] * n, dtype=object)
    return pd.DataFrame(
        {
            "id": pd.Series(np.char.add("e", numbers), dtype="str"),
            "title": pd.Series(np.char.add("Event number ", numbers), dtype="str"),
            "category": pd.Categorical.from_codes(rng.integers(0, 3, n), categories=CATEGORIES),
            "summary": pd.Series([""] * n, dtype="str"),
            "notes": pd.Series([""] * n, dtype="str"),
            "date": pd.Series([""] * n, dtype="str"),
            "label": pd.Series(["some date"] * n, dtype="str"),
            "earliest": earliest,
            "latest": latest,
            "earliest_ms": earliest.astype("datetime64[ms]").astype(np.int64),
            "latest_ms": latest.astype("datetime64[ms]").astype(np.int64),
            "precision": pd.Categorical(precision, categories=PRECISIONS),
            "approximate": rng.random(n) < 0.1,
            "uncertain": rng.random(n) < 0.05,
            "interval": interval,
            "open_start": np.zeros(n, dtype=bool),
            "open_end": rng.random(n) < 0.001,
            "importance": rng.integers(1, 6, n).astype(np.int8),
            "status": pd.Categorical.from_codes(rng.integers(0, 3, n), categories=STATUSES),
            "actors": pd.Series([["A"]] * n, dtype=object),
            "places": empty.copy(),
            "tags": empty.copy(),
            "sources": empty.copy(),
            "publishers": empty.copy(),
            "related": empty.copy(),
            "has_image": np.zeros(n, dtype=bool),
            "file": pd.Series(["big.yaml"] * n, dtype="str"),
            "line": np.arange(n, dtype=np.int32),
        }
    )


SAMPLE = [
    {"id": "marathon", "title": "Battle of Marathon", "earliest": "-0489-09-12", "label": "12 Sep 490 BC"},
    {"id": "ides", "title": "Ides of March", "earliest": "-0043-03-15", "label": "15 Mar 44 BC", "importance": 5},
    {
        "id": "invasion",
        "title": "Invasion",
        "earliest": "2022-02-24",
        "label": "24 Feb 2022",
        "actors": ["Russia", "Ukraine"],
    },
    {
        "id": "talks",
        "title": "Talks",
        "category": "treaty",
        "earliest": "2022-03-29",
        "label": "c. 29 Mar 2022",
        "approximate": True,
        "actors": ["Ukraine"],
    },
    {
        "id": "referenda",
        "title": "Referenda",
        "category": "treaty",
        "earliest": "2022-09-23",
        "latest": "2022-09-27T23:59:59",
        "interval": True,
        "label": "23-27 Sep 2022",
    },
    {
        "id": "autumn",
        "title": "Autumn offensive",
        "earliest": "2022-10-01",
        "latest": "2022-10-31T23:59:59",
        "precision": "month",
        "label": "Oct 2022",
        "uncertain": True,
        "status": "disputed",
    },
    {
        "id": "paper",
        "title": "A paper",
        "category": "science",
        "earliest": "2023-01-01",
        "latest": "2023-12-31T23:59:59",
        "precision": "year",
        "label": "2023",
    },
    {
        "id": "ongoing",
        "title": "Ongoing",
        "category": "science",
        "earliest": "2023-05-01",
        "latest": "2023-05-01T23:59:59",
        "open_end": True,
        "interval": True,
        "label": "1 May 2023 –",
    },
    {"id": "moment", "title": "A moment", "earliest": "2024-01-01T12:30:00", "precision": "moment"},
]


@pytest.fixture
def sample() -> pd.DataFrame:
    return make_frame(SAMPLE)


def traces(fig: Any, role: str) -> list[Any]:
    return [t for t in fig.data if (t.meta or {}).get("role") == role]


def event_ids(fig: Any) -> list[str]:
    return [row[0] for t in traces(fig, "events") for row in t.customdata]


def trace_of(fig: Any, event_id: str) -> Any:
    (found,) = [t for t in traces(fig, "events") if event_id in [row[0] for row in t.customdata]]
    return found


def all_x(fig: Any) -> list[Any]:
    return [v for t in fig.data for v in (t.x if t.x is not None else [])]


# ----------------------------------------------------------------------------- the frame helper


def test_make_frame_has_exactly_the_documented_columns(sample: pd.DataFrame) -> None:
    assert list(sample.columns) == COLUMNS
    assert str(sample["earliest"].dtype) == "datetime64[s]"
    assert sample["earliest_ms"].dtype == np.int64
    assert sample["importance"].dtype == np.int8
    assert sample["line"].dtype == np.int32
    assert isinstance(sample["category"].dtype, pd.CategoricalDtype)
    ides = sample.set_index("id").loc["ides"]
    assert ides["earliest_ms"] == np.datetime64("-0043-03-15", "s").astype(np.int64) * 1000


def test_big_frame_has_exactly_the_documented_columns() -> None:
    assert list(big_frame(10).columns) == COLUMNS


# ----------------------------------------------------------------------------- year labels


@pytest.mark.parametrize(
    ("year", "label"),
    [
        (-43, "44 BC"),
        (0, "1 BC"),
        (-499, "500 BC"),
        (1, "AD 1"),
        (5, "AD 5"),
        (999, "AD 999"),
        (1000, "1000"),
        (2022, "2022"),
    ],
)
def test_format_year_label(year: int, label: str) -> None:
    assert format_year_label(year) == label


# ----------------------------------------------------------------------------- density bins


@pytest.mark.parametrize(
    ("start", "end", "unit"),
    [
        ("2022-02-24", "2022-03-10", "day"),
        ("2022-01-01", "2023-12-31", "week"),
        ("1990-01-01", "2020-12-31", "month"),
        ("1700-01-01", "2020-12-31", "year"),
        ("-0499-01-01", "2022-12-31", "decade"),
        ("-9999-01-01", "9999-12-31", "century"),
        ("-0043-03-15", "-0043-03-20", "day"),
    ],
)
def test_density_bins_chooses_the_finest_unit(start: str, end: str, unit: str) -> None:
    edges, got = density_bins(ms(start), ms(end))
    assert got == unit
    assert 1 <= len(edges) - 1 <= 500
    assert edges[0] <= ms(start) <= ms(end) < edges[-1]


def test_density_bins_are_calendar_aligned_in_bc() -> None:
    edges, unit = density_bins(ms("-0043-03-15T10:00"), ms("-0043-03-17"))
    assert unit == "day"
    assert edges.tolist() == [ms("-0043-03-15"), ms("-0043-03-16"), ms("-0043-03-17"), ms("-0043-03-18")]
    edges, unit = density_bins(ms("-0043-03-15"), ms("-0020-07-01"))
    assert unit == "month"
    assert edges[0] == ms("-0043-03-01")
    edges, unit = density_bins(ms("-0499-05-01"), ms("2022-01-01"))
    assert unit == "decade"
    assert edges[0] == ms("-0500-01-01")


def test_density_bins_weeks_start_on_monday() -> None:
    edges, unit = density_bins(ms("2022-01-05"), ms("2023-06-01"))
    assert unit == "week"
    weekdays = (edges // DAY_MS + 3) % 7  # 0 = Monday (1970-01-01 was a Thursday)
    assert set(weekdays.tolist()) == {0}


@pytest.mark.parametrize(
    ("start", "end", "max_bins", "most"),
    [
        ("-0001-06-01", "0001-06-01", 1, 2),  # across year 0: bins are aligned on it
        ("-5000-01-01", "5000-12-31", 1, 2),
        ("0005-01-01", "2005-01-01", 1, 1),
        ("-9999-01-01", "9999-12-31", 3, 3),
    ],
)
def test_density_bins_end_with_few_bins(start: str, end: str, max_bins: int, most: int) -> None:
    edges, unit = density_bins(ms(start), ms(end), max_bins=max_bins)
    assert unit == "millennium"
    assert 1 <= len(edges) - 1 <= most
    assert edges[0] <= ms(start) <= ms(end) < edges[-1]


def test_density_bins_use_several_millennia_when_needed() -> None:
    edges, unit = density_bins(ms("-9999-01-01"), ms("9999-12-31"), max_bins=5)
    assert unit == "millennium"
    assert len(edges) - 1 <= 5


def test_density_bins_rejects_bad_arguments() -> None:
    with pytest.raises(ValueError, match="before"):
        density_bins(10, 5)
    with pytest.raises(ValueError, match="max_bins"):
        density_bins(0, 5, max_bins=0)


@settings(max_examples=200, deadline=None)
@given(
    lo=st.integers(min_value=ms("-9999-01-01"), max_value=ms("9999-12-31")),
    width=st.integers(min_value=0, max_value=ms("9999-12-31") - ms("-9999-01-01")),
    max_bins=st.integers(min_value=1, max_value=600),
)
def test_density_bins_properties(lo: int, width: int, max_bins: int) -> None:
    hi = lo + width
    edges, unit = density_bins(lo, hi, max_bins=max_bins)
    assert unit in DENSITY_UNITS
    assert edges.dtype == np.int64
    across_year_0 = unit == "millennium" and lo < ms("0000-01-01") <= hi
    assert 1 <= len(edges) - 1 <= max(max_bins, 2 if across_year_0 else 1)
    assert edges[0] <= lo <= hi < edges[-1]
    assert bool(np.all(np.diff(edges) > 0))
    if unit in ("month", "year", "decade", "century", "millennium"):
        days = edges.astype("datetime64[ms]").astype("datetime64[D]")
        assert bool(np.all(days == days.astype("datetime64[M]").astype("datetime64[D]")))


def test_density_counts(sample: pd.DataFrame) -> None:
    edges, _ = density_bins(int(sample["earliest_ms"].min()), int(sample["latest_ms"].max()))
    counts = density_counts(sample, edges)
    assert counts.sum() == len(sample)
    assert len(counts) == len(edges) - 1
    # An event on an edge counts in the bin that starts there (talks, 29 Mar); one on the last
    # edge (referenda, 23 Sep) is outside [first, last) and not counted.
    edges = np.array([ms("2022-02-24"), ms("2022-03-29"), ms("2022-09-23")], dtype=np.int64)
    assert density_counts(sample, edges).tolist() == [1, 1]
    with pytest.raises(ValueError, match="edges"):
        density_counts(sample, [1])


# ----------------------------------------------------------------------------- timeline figure


def test_traces_present_and_named(sample: pd.DataFrame) -> None:
    styles = {"war": PlainCategoryStyle("War", "#AA0000"), "treaty": PlainCategoryStyle("Treaties")}
    fig = timeline_figure(sample, categories=styles)
    # one marker trace per category, in lane order; style varies per point, not per trace
    assert [t.name for t in traces(fig, "events")] == ["War", "Treaties", "science"]
    assert traces(fig, "legend") == []  # lanes are the categories: no legend needed
    assert {t.type for t in traces(fig, "events")} == {"scatter"}  # SVG: the marks are bounded
    assert all(t.mode == "markers" for t in traces(fig, "events"))
    assert all(t.mode == "lines" for t in traces(fig, "span-lines"))
    assert len(traces(fig, "span-lines")) <= 2 * 3  # at most precise + imprecise per category
    (density,) = traces(fig, "density")
    assert density.type == "bar"
    assert (density.xaxis, density.yaxis) == ("x2", "y2")
    assert traces(fig, "selected") == []
    legend = timeline_figure(sample, categories=styles, lanes="actor")
    assert [t.name for t in traces(legend, "legend")] == ["War", "Treaties", "science"]
    assert legend.layout.showlegend is True


def test_trace_count_does_not_grow_with_events() -> None:
    """plotly.js pays per trace: a big chronology gets no more traces than a small one."""
    rows = [
        {
            "id": f"e{i}",
            "earliest": f"{1900 + i % 120}-0{1 + i % 9}-1{i % 10}",
            **({"latest": f"{1901 + i % 120}-01-01"} if i % 3 == 0 else {}),
            "precision": ["day", "month", "year"][i % 3],
            "interval": i % 3 == 0,
            "approximate": i % 5 == 0,
            "importance": 1 + i % 5,
            "category": f"c{i % 4}",
        }
        for i in range(2000)
    ]
    fig = timeline_figure(make_frame(rows, categories=["c0", "c1", "c2", "c3"]), max_marks=5000, plot_width=100_000)
    # on a wide chart nearly every event finds room (not those past 16 on one day in one lane)
    assert fig.layout.meta["drawn"] > 1900
    assert len(traces(fig, "events")) == 4
    # lines (2) + markers (1) per category, the labels, the density strip and the per-lane density
    assert len(fig.data) <= 4 * 3 + 3


def test_every_event_id_appears_once(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample, selected="ides")
    assert Counter(event_ids(fig)) == Counter(sample["id"].tolist())
    assert fig.layout.meta == {
        "total": 9,
        "drawn": 9,
        "aggregated": False,
        "density_unit": "decade",  # 490 BC .. AD 2024: 252 decades, at most 500 bins
        "lanes": "category",
        "drawn_events": 9,
        "lane_counts": {"war": 5, "treaty": 2, "science": 2},
        "lane_order": ["war", "treaty", "science"],
        "description": "9 events, 490 BC to 2024, 3 lanes by category; all drawn one by one.",
        "lane_base": [0, 3, 5],  # war's five events need three sub-rows
        "lane_rows": [3, 2, 2],
    }
    (density,) = traces(fig, "density")
    assert density.meta["unit"] == "decade"


@pytest.mark.parametrize(
    ("event_id", "span", "imprecise"),
    [
        ("invasion", False, False),  # day
        ("moment", False, False),  # moment
        ("referenda", True, False),  # interval of days
        ("autumn", True, True),  # month precision
        ("paper", True, True),  # year precision
        ("ongoing", True, False),  # open end
    ],
)
def test_points_or_spans_by_precision_and_interval(
    sample: pd.DataFrame, event_id: str, span: bool, imprecise: bool
) -> None:
    fig = timeline_figure(sample)
    trace = trace_of(fig, event_id)
    i = [r[0] for r in trace.customdata].index(event_id)
    assert trace.marker.symbol[i].startswith("diamond" if span else "circle")
    assert bool(trace.marker.opacity[i] < 0.5) is imprecise  # imprecise: faded
    row = sample.set_index("id").loc[event_id]
    x = trace.x[i]
    lines = [t for t in traces(fig, "span-lines") if t.meta["category"] == row["category"]]
    segments = [(t.x[j], t.x[j + 1], t.meta["imprecise"]) for t in lines for j in range(0, len(t.x), 3)]
    mine = [s for s in segments if s[0] == row["earliest_ms"]]
    if span:
        (segment,) = mine
        assert segment[2] is imprecise
        assert x == segment[0] + (segment[1] - segment[0]) // 2
        if event_id == "ongoing":  # drawn to the end of the data
            assert segment[1] == sample["latest_ms"].max()
        else:
            assert segment[1] == row["latest_ms"]
    else:
        assert mine == []
        assert x == row["earliest_ms"]


def test_span_lines_use_none_separators(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample)
    lines = traces(fig, "span-lines")
    assert lines
    for t in lines:
        assert len(t.x) % 3 == 0
        assert all(v is None for v in t.x[2::3])
        assert all(v is None for v in t.y[2::3])
        assert all(v is not None for v in t.x[0::3])
        assert t.line.width > 0
    # one line trace per (category, imprecise), never two
    assert len({(t.meta["category"], t.meta["imprecise"]) for t in lines}) == len(lines)


def test_approximate_and_imprecise_styling(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample)

    def style(event_id: str) -> tuple[str, float, float, int, list[Any]]:
        t = trace_of(fig, event_id)
        i = [r[0] for r in t.customdata].index(event_id)
        return t.marker.symbol[i], t.marker.opacity[i], t.marker.line.width[i], t.marker.size[i], t.customdata[i]

    talks, autumn, invasion = style("talks"), style("autumn"), style("invasion")
    assert talks[0] == "circle-open"  # approximate point
    assert autumn[0] == "diamond-open"  # uncertain span
    assert invasion[0] == "circle"
    assert talks[2] > 0  # outlined
    assert invasion[2] == 0
    assert autumn[1] < invasion[1]  # imprecise: faded
    assert "approximate" in talks[4][4]
    faded = [t.opacity for t in traces(fig, "span-lines") if t.meta["imprecise"]]
    solid = [t.opacity for t in traces(fig, "span-lines") if not t.meta["imprecise"]]
    assert faded
    assert solid
    assert max(faded) < min(solid)
    assert "uncertain" in autumn[4][4]
    assert "disputed" in autumn[4][4]


def test_marker_size_grows_with_importance(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample)
    war = trace_of(fig, "ides")
    sizes = dict(zip([r[0] for r in war.customdata], war.marker.size, strict=True))
    assert sizes["ides"] == 6 + 3 * 5
    assert sizes["invasion"] == 6 + 3 * 3


def test_bc_rows_are_sent_as_epoch_ms_and_labelled(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample)
    xs = [v for v in all_x(fig) if v is not None]
    assert xs
    assert all(isinstance(v, (int, np.integer)) for v in xs)
    text = fig.to_json()
    for bad in ('"-044', '"-043', '"-490', '"-489', "-0043", "-0489"):
        assert bad not in text
    lo, hi = fig.layout.xaxis.range
    assert isinstance(lo, int)
    assert isinstance(hi, int)
    assert lo <= sample["earliest_ms"].min() < sample["latest_ms"].max() <= hi
    assert fig.layout.xaxis.type == "date"
    assert fig.layout.xaxis2.range == fig.layout.xaxis.range
    ticks = list(fig.layout.xaxis2.ticktext)
    assert any(t.endswith(" BC") for t in ticks)
    assert "500 BC" in ticks
    assert list(fig.layout.xaxis2.tickvals) == sorted(fig.layout.xaxis2.tickvals)
    payload = json.loads(text)
    assert all(isinstance(v, int) for v in payload["layout"]["xaxis"]["range"])


def test_short_bc_range_gets_month_or_day_ticks() -> None:
    df = make_frame(
        [{"id": "a", "earliest": "-0043-03-15"}, {"id": "b", "earliest": "-0043-03-20"}],
    )
    ticks = list(timeline_figure(df).layout.xaxis.ticktext)
    assert ticks
    assert all(t.endswith("44 BC") for t in ticks)
    df = make_frame([{"id": "a", "earliest": "-0043-03-15"}, {"id": "b", "earliest": "-0042-01-20"}])
    assert any(t.startswith("Jan ") for t in timeline_figure(df).layout.xaxis.ticktext)


def test_modern_ranges_keep_plotly_ticks(sample: pd.DataFrame) -> None:
    modern = sample[sample["earliest_ms"] > ms("2000-01-01")].reset_index(drop=True)
    fig = timeline_figure(modern)
    assert fig.layout.xaxis.tickvals is None
    span = modern["latest_ms"].max() - modern["earliest_ms"].min()
    lo, hi = fig.layout.xaxis.range
    assert modern["earliest_ms"].min() - lo == pytest.approx(0.03 * span, abs=1)
    assert hi - modern["latest_ms"].max() == pytest.approx(0.03 * span, abs=1)


def test_x_range_is_used_and_axis_has_slider_and_buttons(sample: pd.DataFrame) -> None:
    window = (ms("2022-01-01"), ms("2023-01-01"))
    fig = timeline_figure(sample, x_range=window)
    assert tuple(fig.layout.xaxis.range) == window
    assert fig.layout.xaxis2.rangeslider.visible is True
    slider_lo, slider_hi = fig.layout.xaxis2.rangeslider.range
    assert slider_lo <= sample["earliest_ms"].min()
    assert slider_hi >= sample["latest_ms"].max()
    labels = [b.label for b in fig.layout.xaxis.rangeselector.buttons]
    assert labels == ["1m", "6m", "1y", "5y", "all"]
    with pytest.raises(ValueError, match="x_range"):
        timeline_figure(sample, x_range=(5, 5))


def test_hover_text_is_escaped_and_never_a_template() -> None:
    evil = "<img src=x onerror=alert(1)> %{x} & 'quotes' \"too\""
    df = make_frame(
        [
            {"id": "evil", "title": evil, "label": "<b>date</b>", "earliest": "2022-01-01", "actors": ["<script>"]},
            {"id": "plain", "earliest": "2022-01-05", "category": "treaty"},
        ]
    )
    styles = {"war": PlainCategoryStyle("War & <Peace>", "not-a-colour")}
    fig = timeline_figure(df, categories=styles, selected="evil", title="<i>T</i>")
    (row,) = [r for t in traces(fig, "events") for r in t.customdata if r[0] == "evil"]
    assert row[2] == "&lt;img src=x onerror=alert(1)&gt; %{x} &amp; 'quotes' \"too\""
    assert row[1] == "&lt;b&gt;date&lt;/b&gt;"
    assert row[3] == "War &amp; &lt;Peace&gt;"
    for t in fig.data:
        template = t.hovertemplate or ""
        assert "%{x}" not in template
        assert "img" not in template
        assert "Peace" not in template
        if (t.meta or {}).get("role") in ("events", "selected", "density"):
            assert "%{customdata[" in template
    assert traces(fig, "events")[0].name == "War &amp; &lt;Peace&gt;"
    assert fig.layout.title.text == "&lt;i&gt;T&lt;/i&gt;"
    assert traces(fig, "events")[0].marker.color == OKABE_ITO[0]  # invalid colour: palette
    legend = timeline_figure(df, categories=styles, lanes="status")
    assert traces(legend, "legend")[0].name == "War &amp; &lt;Peace&gt;"
    fig = timeline_figure(df, lanes="actor")
    assert list(fig.layout.meta["lane_order"]) == ["&lt;script&gt;", "(no actor)"]
    assert list(fig.layout.yaxis.ticktext) == ["&lt;script&gt; (1)", "(no actor) (1)"]
    assert "<script>" not in fig.to_json()
    assert "<img" not in fig.to_json()


def test_selected_overlay(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample, selected="referenda")
    (overlay,) = traces(fig, "selected")
    assert fig.data[-2] is overlay  # on top of every event trace (density is on its own row)
    assert overlay.customdata[0][0] == "referenda"
    assert overlay.name == "selected"
    event = trace_of(fig, "referenda")
    i = [r[0] for r in event.customdata].index("referenda")
    assert overlay.x[0] == event.x[i]
    assert overlay.y[0] == event.y[i]
    assert overlay.marker.size > event.marker.size[i]
    assert overlay.marker.line.width >= 2
    assert traces(timeline_figure(sample, selected="no-such-event"), "selected") == []


def test_lanes_follow_category_order_and_colours(sample: pd.DataFrame) -> None:
    styles = {"treaty": PlainCategoryStyle("Treaties", "#123456")}
    fig = timeline_figure(sample, categories=styles)
    assert list(fig.layout.meta["lane_order"]) == ["war", "Treaties", "science"]
    assert len(fig.layout.yaxis.tickvals) == 3
    assert list(fig.layout.yaxis.ticktext) == ["war (5)", "Treaties (2)", "science (2)"]
    assert fig.layout.yaxis.type == "linear"
    colours = {t.meta["category"]: t.marker.color for t in traces(fig, "events")}
    assert colours == {"war": OKABE_ITO[0], "treaty": "#123456", "science": OKABE_ITO[2]}
    assert all(t.marker.color == colours[t.meta["category"]] for t in traces(fig, "events"))


def lanes_in_frame(df: pd.DataFrame, lanes: str) -> Counter[str]:
    """Events per lane counted from the frame, row by row (not with the figure code)."""
    column = {"category": "category", "status": "status", "actor": "actors", "place": "places", "tag": "tags"}[lanes]
    counts: Counter[str] = Counter()
    for value in df[column].tolist():
        if lanes in ("category", "status"):
            counts[str(value)] += 1
        else:
            counts.update(set(value) or {f"(no {lanes})"})
    return counts


def lane_sums(fig: Any) -> dict[str, int]:
    """The per-lane density's sum for each lane (its meta names the lanes, in order)."""
    heats = traces(fig, "lane-density")
    if not heats:  # no events, no lanes
        return {}
    (heat,) = heats
    z = np.asarray(heat.z, dtype=float)
    assert z.shape == (len(heat.meta["lanes"]), len(heat.x) - 1)
    return {lane: int(np.nansum(row)) for lane, row in zip(heat.meta["lanes"], z, strict=True)}


def lane_at(fig: Any, y: float) -> str:
    """The lane whose sub-rows hold ``y`` (the figure's meta says where each lane starts)."""
    meta = fig.layout.meta
    k = bisect.bisect_right(meta["lane_base"], round(y)) - 1
    assert 0 <= round(y) - meta["lane_base"][k] < meta["lane_rows"][k]
    return str(meta["lane_order"][k])


def lane_notes(fig: Any) -> dict[str, str]:
    """The note at the end of each lane, by lane."""
    return {lane_at(fig, a.y): a.text for a in fig.layout.annotations if a.yref == "y"}


def drawn_pairs(fig: Any) -> list[tuple[str, str]]:
    """(event id, lane) of every mark."""
    return [(r[0], lane_at(fig, y)) for t in traces(fig, "events") for r, y in zip(t.customdata, t.y, strict=True)]


@pytest.mark.parametrize(
    ("lanes", "order", "counts"),
    [
        ("actor", ["Russia", "Ukraine", "(no actor)"], [1, 2, 7]),
        ("status", ["confirmed", "disputed"], [8, 1]),
        ("tag", ["(no tag)"], [9]),
        ("place", ["(no place)"], [9]),
    ],
)
def test_other_lanes(sample: pd.DataFrame, lanes: str, order: list[str], counts: list[int]) -> None:
    fig = timeline_figure(sample, lanes=lanes)
    assert list(fig.layout.meta["lane_order"]) == order
    assert list(fig.layout.yaxis.ticktext) == [f"{lane} ({n})" for lane, n in zip(order, counts, strict=True)]
    assert fig.layout.meta["lanes"] == lanes
    assert fig.layout.meta["lane_counts"] == dict(zip(order, counts, strict=True))
    assert lane_sums(fig) == lanes_in_frame(sample, lanes)
    # every event in each of its lanes, once, and nowhere else
    pairs = drawn_pairs(fig)
    assert len(pairs) == len(set(pairs))
    assert Counter(lane for _, lane in pairs) == lanes_in_frame(sample, lanes)
    lanes_of: dict[str, set[str]] = {}
    for event_id, lane in pairs:
        lanes_of.setdefault(event_id, set()).add(lane)
    if lanes == "actor":
        assert lanes_of["invasion"] == {"Russia", "Ukraine"}  # both actors, not only the first
        assert lanes_of["talks"] == {"Ukraine"}
        assert lanes_of["paper"] == {"(no actor)"}
        assert fig.layout.meta["drawn"] == 10
        assert fig.layout.meta["drawn_events"] == 9


def test_selected_event_is_outlined_in_each_of_its_lanes(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample, lanes="actor", selected="invasion")
    (overlay,) = traces(fig, "selected")
    assert [r[0] for r in overlay.customdata] == ["invasion", "invasion"]
    assert {lane_at(fig, y) for y in overlay.y} == {"Russia", "Ukraine"}


def test_a_value_listed_twice_counts_once() -> None:
    df = make_frame(
        [{"id": "a", "earliest": "2022-01-01", "tags": ["x", "x", "y"]}, {"id": "b", "earliest": "2022-01-02"}]
    )
    fig = timeline_figure(df, lanes="tag")
    assert fig.layout.meta["lane_counts"] == {"x": 1, "y": 1, "(no tag)": 1}
    assert sorted(drawn_pairs(fig)) == [("a", "x"), ("a", "y"), ("b", "(no tag)")]


def low_lane_frame(n: int = 20_000, low: int = 6_686, seed: int = 5) -> pd.DataFrame:
    """``n`` events: ``low`` of them "science" of importance 1, the others war/treaty of 2-5."""
    rng = np.random.default_rng(seed)
    df = big_frame(n, seed=seed)
    is_low = np.zeros(n, dtype=bool)
    is_low[rng.choice(n, low, replace=False)] = True
    others = np.where(rng.random(n) < 0.5, "war", "treaty")
    df["category"] = pd.Categorical(np.where(is_low, "science", others), categories=CATEGORIES)
    df["importance"] = np.where(is_low, 1, rng.integers(2, 6, n)).astype(np.int8)
    return df


def test_no_lane_vanishes_under_more_important_events() -> None:
    """Issue 12, point 5: a 6,686-event lane of importance 1 among 20,000 events keeps its row."""
    df = low_lane_frame()
    fig = timeline_figure(df, max_marks=1000)
    assert fig.layout.meta["aggregated"] is True
    assert list(fig.layout.meta["lane_order"]) == ["war", "treaty", "science"]
    ticks = dict(zip(fig.layout.meta["lane_order"], fig.layout.yaxis.ticktext, strict=True))
    expected = lanes_in_frame(df, "category")
    assert expected["science"] == 6_686
    assert ticks == {lane: f"{lane} ({expected[lane]:,})" for lane in ("war", "treaty", "science")}
    assert lane_sums(fig) == expected
    assert fig.layout.meta["lane_counts"] == expected
    # the lane keeps a few of its own events, drawn one by one, and says how many are not
    drawn = Counter(lane for _, lane in drawn_pairs(fig))
    assert 1 <= drawn["science"] <= 5
    assert sum(drawn.values()) == fig.layout.meta["drawn"] <= 1000
    notes = lane_notes(fig)
    assert notes["science"] == f"{6_686 - drawn['science']:,} more here: zoom in"
    # within each lane, nothing left out outranks anything drawn
    importance = dict(zip(df["id"], df["importance"].tolist(), strict=True))
    for lane in ("war", "treaty", "science"):
        ids = set(df.loc[df["category"] == lane, "id"])
        shown = {i for i, y in drawn_pairs(fig) if y == lane}
        assert min(importance[i] for i in shown) >= max(importance[i] for i in ids - shown)


def test_lanes_and_counts_stay_with_no_room_for_marks() -> None:
    df = low_lane_frame(2_000, 700)
    fig = timeline_figure(df, max_marks=0)
    assert event_ids(fig) == []
    assert list(fig.layout.meta["lane_order"]) == ["war", "treaty", "science"]
    assert lane_sums(fig) == lanes_in_frame(df, "category")
    notes = lane_notes(fig)
    assert notes["science"] == "700 more here: zoom in"
    assert set(notes) == {"war", "treaty", "science"}


def test_more_lanes_than_marks() -> None:
    """60 actor lanes, 20 marks: every lane is a row with its count; 10 lanes get a mark each."""
    rows = [
        {"id": f"e{i}", "earliest": f"2000-01-{1 + i % 28:02d}", "actors": [f"A{i % 60:02d}"], "importance": 1 + i % 5}
        for i in range(600)
    ]
    df = make_frame(rows)
    fig = timeline_figure(df, lanes="actor", max_marks=20)
    assert len(fig.layout.meta["lane_order"]) == 60
    assert lane_sums(fig) == lanes_in_frame(df, "actor") == {f"A{k:02d}": 10 for k in range(60)}
    assert fig.layout.meta["drawn"] == 20
    assert len({lane for _, lane in drawn_pairs(fig)}) >= 10


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.tuples(
            st.lists(st.sampled_from(["A", "B", "C", "D&<x>"]), max_size=3),
            st.integers(1, 5),
            st.sampled_from(CATEGORIES),
            st.integers(-2000, 2024),
        ),
        min_size=1,
        max_size=60,
    ),
    lanes=st.sampled_from(["category", "actor", "status"]),
    max_marks=st.integers(0, 40),
)
def test_lanes_count_every_event_whatever_is_drawn(
    values: list[tuple[list[str], int, str, int]], lanes: str, max_marks: int
) -> None:
    rows = [
        {
            "id": f"e{i}",
            "earliest": f"{'-' if y < 0 else ''}{abs(y):04d}-06-01",
            "actors": a,
            "importance": imp,
            "category": c,
        }
        for i, (a, imp, c, y) in enumerate(values)
    ]
    df = make_frame(rows)
    fig = timeline_figure(df, lanes=lanes, max_marks=max_marks)
    expected = lanes_in_frame(df, lanes)
    assert fig.layout.meta["total"] == len(rows)
    assert lane_sums(fig) == expected
    assert {html.unescape(v) for v in fig.layout.meta["lane_order"]} == set(expected)
    pairs = drawn_pairs(fig)
    assert len(pairs) == len(set(pairs)) == fig.layout.meta["drawn"] <= max(max_marks, 0)
    every = {(f"e{i}", lane) for i, lanes_of_row in enumerate(_row_lanes(df, lanes)) for lane in lanes_of_row}
    assert {(i, html.unescape(y)) for i, y in pairs} <= every
    if sum(expected.values()) <= max_marks:
        assert len(pairs) == sum(expected.values())


def _row_lanes(df: pd.DataFrame, lanes: str) -> list[set[str]]:
    by_id = df.set_index("id")
    out = []
    for i in range(len(df)):
        row = by_id.loc[f"e{i}"]
        if lanes == "actor":
            out.append(set(row["actors"]) or {"(no actor)"})
        else:
            out.append({str(row[lanes])})
    return out


def test_bad_arguments(sample: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="lanes"):
        timeline_figure(sample, lanes="colour")
    with pytest.raises(ValueError, match="theme"):
        timeline_figure(sample, theme="sepia")
    with pytest.raises(ValueError, match="max_marks"):
        timeline_figure(sample, max_marks=-1)


def test_empty_frame(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample.iloc[0:0])
    assert fig.layout.meta["total"] == 0
    assert fig.layout.meta["drawn"] == 0
    assert traces(fig, "events") == []
    assert fig.layout.annotations[0].text == "No events to show"
    fig.to_json()


def test_dark_theme(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample, theme="dark", selected="ides")
    assert fig.layout.template.layout.paper_bgcolor != timeline_figure(sample).layout.template.layout.paper_bgcolor
    assert traces(fig, "selected")[0].marker.line.color == "#FFFFFF"


def test_density_strip(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample)
    (density,) = traces(fig, "density")
    assert sum(density.y) == len(sample)
    for x, width, row in zip(density.x, density.width, density.customdata, strict=True):
        start, end, label = row
        assert start < end
        assert (x, width) == (start + (end - start) // 2, end - start)
        assert isinstance(label, str)
    assert fig.layout.meta["density_unit"] == density.meta["unit"]


def test_small_max_marks_keeps_most_important(sample: pd.DataFrame) -> None:
    fig = timeline_figure(sample, max_marks=3, selected="paper")
    ids = event_ids(fig)
    assert len(ids) == 3
    assert "ides" in ids  # the only importance-5 event
    assert "paper" in ids  # the selected event is always drawn
    assert fig.layout.meta == {**fig.layout.meta, "total": len(sample), "drawn": 3, "aggregated": True}
    assert "most important" in fig.layout.annotations[0].text


@pytest.fixture(scope="module")
def huge() -> pd.DataFrame:
    return big_frame(200_000)


def test_aggregation_is_bounded(huge: pd.DataFrame) -> None:
    fig = timeline_figure(huge, max_marks=3000, selected="e17")
    payload = fig.to_json()
    assert len(payload.encode()) < 2_000_000
    ids = event_ids(fig)
    assert len(ids) <= 3000
    assert len(set(ids)) == len(ids)
    assert "e17" in ids
    assert sum(len(t.x) for t in traces(fig, "events")) <= 3000
    assert fig.layout.meta["drawn"] == len(ids)
    assert fig.layout.meta["aggregated"] is True
    (density,) = traces(fig, "density")
    assert len(density.x) <= 500
    # every event counted, lane by lane, against a count made from the frame
    expected = huge["category"].value_counts().to_dict()
    assert sum(expected.values()) == 200_000
    assert lane_sums(fig) == expected
    assert fig.layout.meta["lane_counts"] == expected
    assert sum(density.y) == sum(expected.values())
    # Most important first: within a lane, nothing left out outranks anything drawn (the
    # selected one aside).
    importance = huge.set_index("id")["importance"]
    category = huge.set_index("id")["category"]
    for lane in CATEGORIES:
        drawn_here = importance.loc[[i for i in ids if i != "e17" and category[i] == lane]]
        left_out = importance.loc[category[category == lane].index.difference(ids)]
        assert drawn_here.min() >= left_out.max()
    drawn = importance.loc[[i for i in ids if i != "e17"]]
    # ...and the partly drawn level is spread over time, not bunched at the start.
    level = int(drawn.min())
    times = huge.set_index("id").loc[drawn[drawn == level].index, "earliest_ms"]
    all_times = huge.loc[huge["importance"] == level, "earliest_ms"]
    assert times.min() - all_times.min() < (all_times.max() - all_times.min()) * 0.01
    assert all_times.max() - times.max() < (all_times.max() - all_times.min()) * 0.01


def test_choose_marks_spreads_the_last_level() -> None:
    importance = np.array([5, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], dtype=np.int64)
    earliest = np.arange(11, dtype=np.int64)
    chosen = figures._choose_marks(importance, earliest, 4, None)
    assert chosen.tolist() == [0, 1, 6, 10]


# ----------------------------------------------------------------------------- story strip


def test_story_strip_as_presented(sample: pd.DataFrame) -> None:
    """The strip as the present page shows it: story_strip_figure, then present.py's spacing.

    ``dashboard/ui/present.py`` re-places the steps at equal distances in story order and
    moves the neighbours' titles to the edges, so this tests the two together.
    """
    from dashboard.ui.present import _space_by_step

    steps = sample.iloc[[2, 0, 4, 3]].reset_index(drop=True)  # story order, not time order
    fig = story_strip_figure(steps, current_index=2)
    _space_by_step(fig, 2, len(steps), theme="light")
    (all_steps,) = traces(fig, "story-steps")
    (current,) = traces(fig, "story-current")
    assert [r[0] for r in all_steps.customdata] == steps["id"].tolist()
    assert current.customdata[0][0] == steps["id"][2]
    # one step per position, in story order, the current one drawn large and outlined on top
    assert list(all_steps.x) == [0, 1, 2, 3]
    assert list(current.x) == [2]
    assert current.marker.size > max(all_steps.marker.size)
    assert current.marker.line.width >= 2
    assert current.text == ("<b>Referenda</b>",)
    # the neighbours' titles at the left and right edges; no other step is labelled
    assert all_steps.text is None
    notes = [(a.text, a.x, a.xanchor) for a in fig.layout.annotations]
    assert notes == [("← Battle of Marathon", 0.0, "left"), ("Talks →", 1.0, "right")]
    assert [size > 10 for size in all_steps.marker.size] == [False, True, False, True]
    # each step's date under it, BC as people write it
    assert list(fig.layout.xaxis.tickvals) == [0, 1, 2, 3]
    assert list(fig.layout.xaxis.ticktext) == ["24 Feb 2022", "12 Sep 490 BC", "23-27 Sep 2022", "c. 29 Mar 2022"]
    assert "-049" not in fig.to_json()


def test_story_strip_escapes_and_checks_index() -> None:
    df = make_frame([{"id": "a", "title": "<b>x</b>", "earliest": "2022-01-01"}])
    fig = story_strip_figure(df, current_index=0)
    assert traces(fig, "story-current")[0].text[0] == "<b>&lt;b&gt;x&lt;/b&gt;</b>"
    with pytest.raises(IndexError):
        story_strip_figure(df, current_index=1)
    assert traces(story_strip_figure(df.iloc[0:0], current_index=0), "story-steps") == []


# ----------------------------------------------------------------------------- config


def test_figure_config() -> None:
    config = figure_config("my timeline/2022.png")
    assert config["toImageButtonOptions"]["format"] == "png"
    assert config["toImageButtonOptions"]["filename"] == "my-timeline-2022"
    assert config["displaylogo"] is False
    assert config["scrollZoom"] is True
    assert figure_config("///")["toImageButtonOptions"]["filename"] == "timeline"


def test_public_names() -> None:
    assert set(figures.__all__) <= set(dir(figures))
    assert "streamlit" not in figures.__dict__


def test_periods_are_bands_behind_the_lanes_with_their_labels() -> None:
    """Issue 15, point 4: each period in view is a band (BC and open ends too), labelled above."""
    from dashboard.core.frame import to_frame
    from dashboard.core.loader import load_path

    chron = load_path(Path(__file__).parent / "fixtures" / "periods.yaml")
    assert chron.problems == []
    fig = timeline_figure(to_frame(chron), categories=chron.categories, periods=chron.periods)
    bands = [s for s in fig.layout.shapes if s.name == "period"]
    labels = [a for a in fig.layout.annotations if a.name == "period-label"]
    lo, hi = fig.layout.xaxis.range
    in_view = [p for p in chron.periods if (p.open_start or p.earliest_ms < hi) and (p.open_end or p.latest_ms >= lo)]
    assert len(bands) == len(in_view) >= 3
    by_id = {p.id: band for p, band in zip(in_view, bands, strict=True)}
    triumvirate = by_id["second-triumvirate"]
    assert triumvirate.x0 == max(in_view[0].earliest_ms, lo)  # BC: 42 BC is astronomical -41
    assert triumvirate.fillcolor == "#B279A2"
    assert triumvirate.layer == "below"
    if "before-1900" in by_id:
        assert by_id["before-1900"].x0 == lo  # an open start runs from the start of the view
    assert {a.text for a in labels} <= {p.label for p in chron.periods} | {
        a.text for a in labels if a.text.endswith("…")
    }
    assert "Principate" in {a.text for a in labels}  # 310 years: room for its label
    assert "Second Triumvirate" not in {a.text for a in labels}  # 10 years of 2,000: too narrow
    # none outside the view
    narrow = timeline_figure(to_frame(chron), periods=chron.periods, x_range=(ms("2010-01-01"), ms("2020-01-01")))
    names = [s for s in narrow.layout.shapes if s.name == "period"]
    assert len(names) == 1  # only "After the Berlin Wall" reaches 2010-2020


def test_the_timeline_says_what_it_shows() -> None:
    """Issue 15, point 5: a text alternative ("24 events, 2014 to 2022, 8 lanes by category")."""
    assert figures.describe_timeline(0, 0, None, 0, "category") == "No events to show."
    assert figures.describe_timeline(1, 1, (ms("-0043-03-15"), ms("-0043-03-15")), 1, "actor") == (
        "1 event, 44 BC, 1 lane by actor; all drawn one by one."
    )
    many = figures.describe_timeline(20_000, 133, (ms("1900-01-01"), ms("2020-05-01")), 3, "category")
    assert (
        many == "20,000 events, 1900 to 2020, 3 lanes by category; 133 drawn one by one, the others counted per lane."
    )
