"""Behaviour at scale (never wall-clock time): bounded payload, exact counts, the levels of detail agree.

Frames of 200,000 and 1,000,000 events are built column by column (vectorised, like the bulk
reader's output); a realistic 20,000-event chronology comes from the generator through the
bulk reader.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from dashboard.core.dates import PRECISIONS
from dashboard.core.frame import COLUMNS, to_frame
from dashboard.core.models import STATUSES
from dashboard.core.query import (
    FilterState,
    apply_filters,
    day_of_ms,
    facet_counts_all,
    format_day,
    plotly_ms,
    selection_days,
)
from dashboard.io.bulk import load_table
from dashboard.render import figures
from dashboard.render.figures import DEFAULT_MAX_MARKS, timeline_figure
from dashboard.tools.synth import write_csv

MAX_MARKS = DEFAULT_MAX_MARKS  # the app's setting
MB = 1_000_000
CATEGORIES = ["recognition", "referendum", "treaty", "legislation", "military", "diplomacy"]


def vector_frame(n: int, seed: int = 0) -> pd.DataFrame:
    """``n`` events over 1900-2024 with the frame's columns; a few BC, some spans, lists."""
    rng = np.random.default_rng(seed)
    lo = np.datetime64("1900-01-01", "s").astype(np.int64)
    hi = np.datetime64("2024-12-31", "s").astype(np.int64)
    earliest = rng.integers(lo, hi, n)
    bc = rng.random(n) < 0.002
    earliest[bc] = rng.integers(np.datetime64("-2000-01-01", "s").astype(np.int64), lo, int(bc.sum()))
    earliest = np.sort(earliest // 86_400 * 86_400)
    precision = rng.choice(["day", "moment", "month", "year"], n, p=[0.6, 0.05, 0.2, 0.15])
    interval = rng.random(n) < 0.12
    duration = np.where(precision == "day", 86_399, np.where(precision == "moment", 0, 86_400 * 30 - 1))
    duration = np.where(interval, duration + rng.integers(1, 20, n) * 86_400, duration)
    latest = earliest + duration
    ids = np.char.add("ev-", np.char.zfill(np.arange(n).astype(str), 7))
    actors = np.char.add("Actor ", rng.integers(0, 200, n).astype(str))
    actor_lists = np.empty(n, dtype=object)
    actor_lists[:] = [[a] for a in actors.tolist()]
    empty = np.empty(n, dtype=object)
    empty[:] = [[] for _ in range(n)]
    frame = pd.DataFrame(
        {
            "id": pd.Series(ids, dtype="str"),
            "title": pd.Series(np.char.add("Event ", ids), dtype="str"),
            "category": pd.Categorical.from_codes(rng.integers(0, len(CATEGORIES), n), categories=CATEGORIES),
            "summary": pd.Series([""] * n, dtype="str"),
            "notes": pd.Series([""] * n, dtype="str"),
            "date": pd.Series([""] * n, dtype="str"),
            "label": pd.Series(["a day"] * n, dtype="str"),
            "earliest": earliest.astype("datetime64[s]"),
            "latest": latest.astype("datetime64[s]"),
            "earliest_ms": earliest * 1000,
            "latest_ms": latest * 1000,
            "precision": pd.Categorical(precision, categories=list(PRECISIONS)),
            "approximate": rng.random(n) < 0.05,
            "uncertain": rng.random(n) < 0.04,
            "interval": interval,
            "open_start": np.zeros(n, dtype=bool),
            "open_end": np.zeros(n, dtype=bool),
            "importance": rng.choice([1, 2, 3, 4, 5], n, p=[0.3, 0.3, 0.25, 0.1, 0.05]).astype(np.int8),
            "order": np.zeros(n, dtype=np.int16),
            "status": pd.Categorical.from_codes(rng.integers(0, 3, n), categories=list(STATUSES)),
            "actors": actor_lists,
            "places": empty,
            "tags": empty,
            "sources": empty,
            "publishers": empty,
            "related": empty,
            "has_image": np.zeros(n, dtype=bool),
            "file": pd.Series(["big.csv"] * n, dtype="str"),
            "line": np.arange(2, n + 2, dtype=np.int32),
        },
        columns=list(COLUMNS),
    )
    return frame


def every_event_accounted_for(fig: Any) -> bool:
    """Each event of each lane is drawn one by one or counted in its lane's "N more here" note."""
    noted = sum(int(a.text.split(" ")[0].replace(",", "")) for a in fig.layout.annotations if a.yref == "y")
    pairs = sum(fig.layout.meta["lane_counts"].values())
    if len(fig.layout.meta["lane_counts"]) > figures._MAX_LANE_NOTES:  # notes for the 30 lanes missing most
        return bool(fig.layout.meta["drawn"] + noted <= pairs)
    return bool(fig.layout.meta["drawn"] + noted == pairs)


def drawn_ids(fig: Any) -> list[str]:
    ids: list[str] = []
    for t in fig.data:
        if (t.meta or {}).get("role") == "events" and t.customdata is not None:
            ids += [str(c[0]) for c in t.customdata]
    return ids


def density_total(fig: Any) -> int:
    return int(sum(sum(t.y) for t in fig.data if (t.meta or {}).get("role") == "density"))


def lane_sums(fig: Any) -> dict[str, int]:
    """What the per-lane density of the figure counts in each lane."""
    heats = [t for t in fig.data if (t.meta or {}).get("role") == "lane-density"]
    if not heats:  # no events, no lanes
        return {}
    (heat,) = heats
    z = np.asarray(heat.z, dtype=float)
    return {lane: int(np.nansum(row)) for lane, row in zip(heat.meta["lanes"], z, strict=True)}


def lanes_in(frame: pd.DataFrame, lanes: str) -> dict[str, int]:
    """Events per lane, counted from the frame without the figure code."""
    if lanes == "category":
        counts = frame["category"].astype(str).value_counts()
        return {str(k): int(v) for k, v in counts.items()}
    counter: Counter[str] = Counter()
    for values in frame[{"actor": "actors", "place": "places", "tag": "tags"}[lanes]].tolist():
        counter.update(set(values) or {f"(no {lanes})"})
    return dict(counter)


@pytest.fixture(scope="module")
def big() -> pd.DataFrame:
    return vector_frame(200_000)


@pytest.mark.parametrize("n", [200_000, 1_000_000])
def test_payload_is_bounded_and_counts_are_exact(n: int, big: pd.DataFrame) -> None:
    frame = big if n == len(big) else vector_frame(n, seed=1)
    fig = timeline_figure(frame, max_marks=MAX_MARKS)
    payload = len(fig.to_json().encode())
    assert payload < 2 * MB
    meta = fig.layout.meta
    assert lane_sums(fig) == lanes_in(frame, "category")  # every event, lane by lane
    assert sum(lanes_in(frame, "category").values()) == n
    assert 0 < meta["drawn"] <= MAX_MARKS  # as many as have room for their labels
    assert meta["aggregated"]
    assert len(drawn_ids(fig)) == meta["drawn"]
    assert every_event_accounted_for(fig)
    assert density_total(fig) == n  # the strip counts every event, whatever is drawn


@pytest.mark.parametrize("lanes", ["category", "actor"])
@pytest.mark.parametrize(
    "state",
    [
        FilterState(importance=2),
        FilterState(categories=("treaty", "diplomacy"), date_from="1950-01-01", date_to="1999-12-31"),
        FilterState(actors=("Actor 7", "Actor 150"), importance=3),
        FilterState(date_to="1899-12-31"),  # only the BC tail
        FilterState(categories=("nothing",)),
    ],
)
def test_counts_follow_the_filter(state: FilterState, lanes: str, big: pd.DataFrame) -> None:
    shown = apply_filters(big, state)
    fig = timeline_figure(shown, lanes=lanes, max_marks=MAX_MARKS)
    expected = lanes_in(shown, lanes)
    assert lane_sums(fig) == expected
    assert fig.layout.meta["lane_counts"] == expected
    labels = [text.rsplit(" (", 1) for text in fig.layout.yaxis.ticktext or ()]
    assert {lane: int(count.rstrip(")").replace(",", "")) for lane, count in labels} == expected
    assert density_total(fig) == len(shown)
    drawn = drawn_ids(fig)
    assert len(drawn) <= min(len(shown), MAX_MARKS)
    assert bool(drawn) == bool(len(shown))
    assert set(drawn) <= set(shown["id"])
    assert every_event_accounted_for(fig)
    counts = facet_counts_all(big, state)
    if not state.categories:
        assert sum(c for _, c in counts["category"]) == len(shown)


def test_zoomed_out_draws_the_most_important(big: pd.DataFrame) -> None:
    """Within each lane, nothing left out outranks anything drawn."""
    fig = timeline_figure(big, max_marks=MAX_MARKS)
    drawn = set(drawn_ids(fig))
    for lane in CATEGORIES:
        rows = big[big["category"] == lane]
        importance = dict(zip(rows["id"], rows["importance"].tolist(), strict=True))
        lowest_drawn = min(imp for i, imp in importance.items() if i in drawn)
        assert all(imp <= lowest_drawn for i, imp in importance.items() if i not in drawn)


@pytest.mark.parametrize("days", [1, 30, 150])
def test_narrowing_the_dates_brings_back_every_event(days: int, big: pd.DataFrame) -> None:
    """A narrow range draws its events one by one (a wide one: those with room for a label)."""
    start = np.datetime64("1970-01-01")
    state = FilterState(date_from=format_day(start), date_to=format_day(start + np.timedelta64(days, "D")))
    shown = apply_filters(big, state)
    assert 0 < len(shown) <= MAX_MARKS
    fig = timeline_figure(shown, max_marks=MAX_MARKS)
    assert every_event_accounted_for(fig)
    if days == 1:
        assert not fig.layout.meta["aggregated"]
        assert sorted(drawn_ids(fig)) == sorted(shown["id"])
    # zoomed out, the same events are counted (some drawn, all in the strip)
    whole = timeline_figure(big, max_marks=MAX_MARKS)
    assert whole.layout.meta["aggregated"]
    assert density_total(whole) == len(big)
    if len(shown) > 50:  # zoomed out, only some of them were drawn one by one
        assert len(set(drawn_ids(whole)) & set(shown["id"])) < len(shown)


@pytest.mark.parametrize(
    "xs",
    [
        ["2001-03-01 10:30", "2001-05-31 22:00:00.25"],  # what plotly.js reports on a date axis
        [983442600000, 991346400000],  # the same as epoch ms
        ["2001-05-31 22:00", 983442600000],  # mixed, reversed
    ],
)
def test_a_box_selection_range_is_a_date_filter(xs: list[Any], big: pd.DataFrame) -> None:
    """The box's x range becomes from/to: as plotly.js reports it (``selection_days``), and as the
    timeline component sends it to explore's callback (its ends in epoch ms, in order, read by
    ``TimelineEvent``; the days holding them by ``day_of_ms``)."""
    from dashboard.ui.chart import TimelineEvent

    days = selection_days(xs)
    assert days == ("2001-03-01", "2001-05-31")
    ends = sorted(plotly_ms(x) or 0 for x in xs)
    sent = TimelineEvent({"kind": "days", "range": ends, "width": 700})
    assert sent.kind == "days"
    assert sent.range is not None
    assert (day_of_ms(sent.range[0]), day_of_ms(sent.range[1])) == days
    state = FilterState(date_from=days[0], date_to=days[1])
    lo = int(np.datetime64("2001-03-01", "ms").astype(np.int64))
    hi = int(np.datetime64("2001-05-31", "ms").astype(np.int64))
    shown = apply_filters(big, state)
    inside = big[(big["latest_ms"] >= lo) & (big["earliest_ms"] <= hi + 86_399_999)]
    assert set(shown["id"]) == set(inside["id"])
    fig = timeline_figure(shown, max_marks=MAX_MARKS)
    assert set(drawn_ids(fig)) <= set(shown["id"])
    assert every_event_accounted_for(fig)


def test_realistic_chronology_from_a_table(tmp_path: Path) -> None:
    chron = load_table(write_csv(tmp_path / "t.csv", 20_000, seed=3))
    frame = to_frame(chron)
    assert len(frame) == 20_000
    assert chron.problems == []
    fig = timeline_figure(frame, categories=chron.categories, max_marks=MAX_MARKS)
    assert len(json.dumps(fig.to_plotly_json(), default=str)) < 2 * MB
    # each lane counts its events, as the chronology's own events say (not the frame)
    labels = {k: c.label for k, c in chron.categories.items()}
    assert lane_sums(fig) == dict(Counter(labels.get(ev.category, ev.category) for ev in chron.events))
    assert density_total(fig) == 20_000
    state = FilterState(categories=("treaty",), date_from="1990-01-01", date_to="1990-12-31")
    shown = apply_filters(frame, state)
    assert sorted(drawn_ids(timeline_figure(shown, max_marks=MAX_MARKS))) == sorted(shown["id"])
    for eid in shown["id"].head(20):
        ev = chron.event(eid)
        assert ev is not None
        assert ev.category == "treaty"
