"""The timeline asked of a store draws what the timeline of the same events in memory draws."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import Chronology, load_path
from dashboard.core.query import FilterState, apply_filters
from dashboard.render.figures import LANES, draw_timeline, timeline_parts
from dashboard.store.ingest import ingest
from dashboard.store.queries import EventStore, open_store
from dashboard.store.timeline import MAX_LANES, store_timeline_parts
from dashboard.tools import synth

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def default(tmp_path_factory: pytest.TempPathFactory) -> tuple[EventStore, Chronology]:
    out = tmp_path_factory.mktemp("timeline") / "store"
    ingest([ROOT / "events.yaml"], out)
    return open_store(out), load_path(ROOT / "events.yaml")


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory) -> tuple[EventStore, Chronology]:
    folder = tmp_path_factory.mktemp("crowded")
    synth.write_yaml(folder / "synth.yaml", 3000, seed=3)
    ingest([folder / "synth.yaml"], folder / "store")
    return open_store(folder / "store"), load_path(folder / "synth.yaml")


STATES = [FilterState(), FilterState(categories=("treaty",)), FilterState(date_to="2021-12-31")]


@pytest.mark.parametrize("lanes", LANES)
@pytest.mark.parametrize("state", STATES)
def test_small_store_draws_every_event_in_the_frames_lanes(
    default: tuple[EventStore, Chronology], lanes: str, state: FilterState
) -> None:
    store, chron = default
    frame = apply_filters(to_frame(chron), state)
    mine = store_timeline_parts(store, state, lanes=lanes, categories=chron.categories)
    theirs = timeline_parts(frame, lanes=lanes, categories=chron.categories)
    assert mine is not None
    assert theirs is not None
    assert mine.total == theirs.total == len(frame)
    assert mine.order == theirs.order
    assert mine.counts.tolist() == theirs.counts.tolist()
    pairs = sorted(zip(mine.marks["id"], (mine.order[k] for k in mine.mark_lane), strict=True))
    assert pairs == sorted(zip(theirs.marks["id"], (theirs.order[k] for k in theirs.mark_lane), strict=True))
    assert (mine.data_lo, mine.data_hi) == (theirs.data_lo, theirs.data_hi)
    assert int(mine.density.counts.sum()) == len(frame)
    grid = mine.lane_density.counts.reshape(len(mine.order), -1)
    assert grid.sum(axis=1).tolist() == mine.counts.tolist()
    assert not mine.aggregated


def test_large_store_bounds_the_marks_and_counts_every_event(crowded: tuple[EventStore, Chronology]) -> None:
    store, chron = crowded
    frame = to_frame(chron)
    for lanes in ("category", "actor"):
        parts = store_timeline_parts(store, FilterState(), lanes=lanes, categories=chron.categories, budget=200)
        assert parts is not None
        theirs = timeline_parts(frame, lanes=lanes, categories=chron.categories, max_marks=200)
        assert theirs is not None
        assert parts.total == len(frame)
        assert parts.aggregated
        drawn = parts.marks.drop_duplicates("id")
        # every mark is in a drawn lane: with lanes left out, their events are not drawn
        assert len(drawn) == 200 if len(parts.order) < MAX_LANES else 0 < len(drawn) <= 200
        # each drawn lane has the frame's count; with more lanes than MAX_LANES the most frequent are kept
        want = dict(zip(theirs.order, theirs.counts.tolist(), strict=True))
        got = dict(zip(parts.order, parts.counts.tolist(), strict=True))
        assert all(want[k] == v for k, v in got.items())
        assert len(got) == min(len(want), MAX_LANES)
        assert min(got.values()) >= sorted(want.values(), reverse=True)[len(got) - 1]
        assert (parts.note is not None) == (len(want) > MAX_LANES)
        grid = parts.lane_density.counts.reshape(len(parts.order), -1)
        assert grid.sum(axis=1).tolist() == parts.counts.tolist()
        assert int(parts.density.counts.sum()) == len(frame)
        if lanes == "category":  # the most important events are drawn
            top = np.sort(frame["importance"].to_numpy())[::-1][:200]
            assert sorted(drawn["importance"].tolist(), reverse=True) == top.tolist()
        fig = draw_timeline(parts, lanes=lanes)
        assert fig.layout.meta["total"] == len(frame)


def test_selected_event_is_drawn_even_when_not_among_the_marks(crowded: tuple[EventStore, Chronology]) -> None:
    store, chron = crowded
    least = min(chron.events, key=lambda ev: (ev.importance, ev.id))
    parts = store_timeline_parts(store, FilterState(), selected=least.id, budget=50)
    assert parts is not None
    assert least.id in set(parts.marks["id"])
    fig = draw_timeline(parts)
    on_top = [t for t in fig.data if t.meta and t.meta.get("role") == "selected"]
    assert [c[0] for c in on_top[0].customdata] == [least.id]


def test_no_events_no_parts(default: tuple[EventStore, Chronology]) -> None:
    store, _ = default
    assert store_timeline_parts(store, FilterState(actors=("nobody",))) is None
    assert draw_timeline(None).layout.meta["total"] == 0
