"""The timeline's parts asked of an event store: lanes, their counts and densities, the marks.

:func:`dashboard.render.figures.timeline_parts` computes the same parts from a frame; both are drawn by
:func:`dashboard.render.figures.draw_timeline`. Here the engine counts (one query for the lanes per
period, one for the density when an event can be in several lanes) and only the marks, at most
the budget, come back as rows, so the work and the payload do not grow with the store.

Differences from the frame's parts, said on the chart: with more than :data:`MAX_LANES` lanes the
least frequent are left out (the sidebar's facet lists them all, with counts); the marks are the
most important events overall (a lane's own few are not reserved).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

import numpy as np
import pandas as pd

from ..core.facets import FACET_BY_NAME
from ..core.query import FilterState
from ..render.figures import (
    Binned,
    CategoryStyle,
    TimelineParts,
    category_look,
    lane_density_bins,
    none_lane_label,
)
from .queries import EventStore, bucket_end, bucket_start_of, choose_unit

__all__ = ["MAX_LANES", "store_timeline_parts"]

MAX_LANES: Final = 60
"""Lanes drawn at most (the most frequent); the others are named in a note."""
_DENSITY_BUCKETS: Final = 500  # the density strip's buckets, at most (as the frame's)
_NONE: Final = "(none)"  # a missing category's key in the figures' look


def store_timeline_parts(
    store: EventStore,
    state: FilterState,
    *,
    lanes: str = "category",
    categories: Mapping[str, CategoryStyle] | None = None,
    selected: str | None = None,
    budget: int = 1000,
    theme: str = "light",
    window: tuple[int, int] | None = None,
) -> TimelineParts | None:
    """The timeline of the events passing ``state``, or None when none does.

    With a ``window`` (the visible x range, epoch ms) the marks are the window's events (at most
    ``budget``), the lanes' strips cover the window at a finer unit, and each lane's note counts
    its events in the window that are not drawn; the lanes' counts stay those of every event."""
    facet = FACET_BY_NAME[lanes]
    keys = [*store.meta.categories]
    span = store.extent(state)
    if span is None:
        return None
    lo, hi = span
    unit = choose_unit(lo, hi, max_buckets=_DENSITY_BUCKETS)
    cells = store.lane_density(state, facet, unit=unit)
    look = category_look([*keys, _NONE], categories, theme)
    none_label = none_lane_label(lanes)

    def lane_name(value: str | None) -> str:
        if value is None:
            return none_label
        return look.labels.get(value, value) if lanes == "category" else str(value)

    per_lane: dict[str, int] = {}
    for value, _start, n in cells:
        name = lane_name(value)
        per_lane[name] = per_lane.get(name, 0) + n
    # a lane's count is its events: each (event, value) pair is counted once
    kept = sorted(per_lane, key=lambda k: (-per_lane[k], k))[:MAX_LANES]
    left_out = len(per_lane) - len(kept)
    if lanes == "category":
        rank = {look.labels.get(k, k): i for i, k in enumerate(keys)}
        order = sorted((k for k in kept if k != none_label), key=lambda k: (rank.get(k, len(rank)), k))
    elif lanes == "status":
        order = sorted(k for k in kept if k != none_label)
    else:
        order = sorted((k for k in kept if k != none_label), key=lambda s: (s.casefold(), s))
    if none_label in kept:
        order.append(none_label)
    index = {name: i for i, name in enumerate(order)}

    starts = sorted({start for _v, start, _n in cells})
    edges_full = np.array([*starts, bucket_end(unit, starts[-1])], dtype=np.int64) if starts else np.zeros(2, np.int64)
    # contiguous buckets from the first to the last (empty ones included), for the strips
    edges = _contiguous(unit, int(edges_full[0]), int(edges_full[-1]))
    n_bins = len(edges) - 1
    grid = np.zeros((len(order), n_bins), dtype=np.int64)
    position = {int(e): i for i, e in enumerate(edges[:-1].tolist())}
    density = np.zeros(n_bins, dtype=np.int64)
    for value, start, n in cells:
        b = position[start]
        k = index.get(lane_name(value))
        if k is not None:
            grid[k, b] += n
        if not facet.multi:
            density[b] += n
    if facet.multi:
        found = store.density(state, unit=unit)
        for start, n in zip(found.starts_ms, found.counts, strict=True):
            density[position[start]] += n
    lane_edges, lane_grid = _coarser(edges, grid, lane_density_bins(len(order)))
    window_counts: np.ndarray | None = None
    if window is not None:
        w_unit = choose_unit(window[0], window[1], max_buckets=_DENSITY_BUCKETS)
        w_cells = store.lane_density(state, facet, unit=w_unit, window=window)
        window_counts = np.zeros(len(order), dtype=np.int64)
        # the window's buckets; an event that began before the window is counted in its first
        w_edges = _contiguous(w_unit, bucket_start_of(w_unit, window[0]), bucket_start_of(w_unit, window[1]))
        w_edges = np.append(w_edges, bucket_end(w_unit, int(w_edges[-1])))
        w_grid = np.zeros((len(order), len(w_edges) - 1), dtype=np.int64)
        for value, start, n in w_cells:
            k = index.get(lane_name(value))
            if k is not None:
                window_counts[k] += n
                b = min(max(int(np.searchsorted(w_edges, start, side="right")) - 1, 0), len(w_edges) - 2)
                w_grid[k, b] += n
        lane_edges, lane_grid = _coarser(w_edges, w_grid, lane_density_bins(len(order)))

    # the links of the marks too: the arrows between drawn events (dashboard.render.links)
    marks = store.marks(
        state, window=window, budget=budget, lists=((facet.column,) if facet.multi else ()) + ("links",)
    )
    if selected is not None and not (marks["id"] == selected).any():
        extra = store.rows_of([selected], details=False)
        if len(extra):
            marks = pd.concat([marks, extra], ignore_index=True)
    rows: list[int] = []
    mark_lane: list[int] = []
    column = marks[facet.column].tolist()
    for i, cell in enumerate(column):
        values: list[str | None]
        if facet.multi:
            values = list(dict.fromkeys(cell)) if cell else [None]
        else:
            values = [None if cell is None or (isinstance(cell, float) and np.isnan(cell)) else str(cell)]
        for value in values:
            k = index.get(lane_name(value))
            if k is not None:
                rows.append(i)
                mark_lane.append(k)
    total = int(sum(density)) if not facet.multi else store.count(state)
    note = (
        f"The {len(order)} lanes with the most events are drawn; {left_out:,} more are not (filter to see them)."
        if left_out
        else None
    )
    return TimelineParts(
        total=total,
        lanes=lanes,
        order=order,
        counts=np.array([per_lane[name] for name in order], dtype=np.int64),
        marks=marks.iloc[rows].reset_index(drop=True),
        mark_lane=np.array(mark_lane, dtype=np.int64),
        selected=selected,
        lane_density=Binned(lane_edges, unit, lane_grid.reshape(-1)),
        density=Binned(edges, unit, density),
        data_lo=lo,
        data_hi=hi,
        look=look,
        aggregated=(len(marks) >= budget) if window is not None else len(set(marks["id"].tolist())) < total,
        each_lane=False,
        note=note,
        window_counts=window_counts,
    )


def _contiguous(unit: str, first: int, end: int) -> np.ndarray:
    """Bucket starts from ``first`` to ``end`` (inclusive), one per bucket of ``unit``."""
    out = [first]
    while out[-1] < end:
        out.append(bucket_end(unit, out[-1]))
    return np.array(out, dtype=np.int64)


def _coarser(edges: np.ndarray, grid: np.ndarray, max_bins: int) -> tuple[np.ndarray, np.ndarray]:
    """Merge runs of neighbouring buckets so that there are at most ``max_bins`` of them."""
    n_bins = grid.shape[1]
    step = -(-n_bins // max(max_bins, 1))
    if step <= 1:
        return edges, grid
    groups = -(-n_bins // step)
    padded = np.zeros((grid.shape[0], groups * step), dtype=np.int64)
    padded[:, :n_bins] = grid
    merged = padded.reshape(grid.shape[0], groups, step).sum(axis=2)
    new_edges = np.append(edges[:-1][::step], edges[-1])
    return new_edges, merged
