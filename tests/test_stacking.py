"""Tests for dashboard.render.stacking: labels and marks laid out so that none meets another."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.render.stacking import (
    ELLIPSIS,
    ITEM_GAP_PX,
    LABEL_GAP_PX,
    MAX_LABEL_PX,
    fit_text,
    stack_items,
    text_width_px,
)


def test_text_width_grows_with_text_and_font() -> None:
    assert text_width_px("", 12) == 0
    assert text_width_px("iiii", 12) < text_width_px("MMMM", 12)
    assert text_width_px("Treaty", 24) == pytest.approx(2 * text_width_px("Treaty", 12))
    assert text_width_px("中国", 12) >= 2 * 12  # full-width characters: a whole em each
    assert text_width_px("e\u0301", 12) == text_width_px("e", 12)  # a combining accent takes no room


@pytest.mark.parametrize(
    "text",
    [
        "Short",
        "A rather long title that will not fit in the room",
        "Договор о дружбе",
        "中文标题很长很长很长很长很长很长",
    ],
)
@pytest.mark.parametrize("room", [0.0, 10.0, 60.0, 150.0, 1000.0])
def test_fit_text_fits_and_keeps_the_start(text: str, room: float) -> None:
    fitted = fit_text(text, 12, room)
    assert text_width_px(fitted, 12) <= room
    if fitted == text:
        return
    if fitted:
        assert fitted.endswith(ELLIPSIS)
        assert text.startswith(fitted[:-1])
    else:
        assert text_width_px(ELLIPSIS, 12) > room or room < text_width_px(text[0] + ELLIPSIS, 12)


def boxes(stacked, x0, x1, radius, lane):  # type: ignore[no-untyped-def]
    """Each placed item's room (mark and label) as (lane, sub-row, lo, hi)."""
    out = []
    for i in np.flatnonzero(stacked.placed).tolist():
        mid = x0[i] + (x1[i] - x0[i]) / 2
        lo, hi = min(x0[i], mid - radius[i]), max(x1[i], mid + radius[i])
        label = stacked.label[i]
        if label and not stacked.inside[i]:
            used = text_width_px(label, 12) + LABEL_GAP_PX
            lo, hi = (lo - used, hi) if stacked.left[i] else (lo, hi + used)
        out.append((int(lane[i]), int(stacked.sub_row[i]), lo, hi))
    return out


def stack(x0: list[float], x1: list[float], lane: list[int], titles: list[str], *, width: float = 700, rows: int = 16):  # type: ignore[no-untyped-def]
    n = len(x0)
    return stack_items(
        lane=np.array(lane, dtype=np.int64),
        n_lanes=max(lane, default=0) + 1,
        x0_px=np.array(x0, dtype=float),
        x1_px=np.array(x1, dtype=float),
        radius_px=np.full(n, 6.0),
        titles=titles,
        priority=np.ones(n, dtype=np.int64),
        width_px=width,
        font_px=12,
        max_rows=rows,
    )


def test_a_crowded_day_gets_a_sub_row_per_event_each_labelled() -> None:
    titles = [f"Event number {i} of a busy day" for i in range(12)]
    stacked = stack([300.0] * 12, [300.0] * 12, [0] * 12, titles)
    assert sorted(stacked.sub_row.tolist()) == list(range(12))
    assert stacked.label == titles
    assert stacked.rows.tolist() == [12]


def test_far_apart_events_share_a_row_and_lanes_are_separate() -> None:
    stacked = stack([10.0, 400.0, 10.0], [10.0, 400.0, 10.0], [0, 0, 1], ["One", "Two", "Three"])
    assert stacked.sub_row.tolist() == [0, 0, 0]
    assert stacked.rows.tolist() == [1, 1]


def test_a_label_goes_inside_a_wide_bar_or_left_at_the_right_edge() -> None:
    stacked = stack([0.0, 690.0], [600.0, 690.0], [0, 1], ["War", "The last event of the chronology"])
    assert stacked.inside.tolist() == [True, False]
    assert stacked.left.tolist() == [False, True]
    assert stacked.label[1] == "The last event of the chronology"


def test_with_no_room_the_least_important_lose_their_label_then_their_place() -> None:
    n = 40
    stacked = stack_items(
        lane=np.zeros(n, dtype=np.int64),
        n_lanes=1,
        x0_px=np.full(n, 100.0),
        x1_px=np.full(n, 100.0),
        radius_px=np.full(n, 6.0),
        titles=[f"T{i}" for i in range(n)],
        priority=np.arange(n, dtype=np.int64),
        width_px=700,
        font_px=12,
        max_rows=4,
    )
    assert sorted(np.flatnonzero(stacked.placed).tolist()) == [36, 37, 38, 39]  # the most important
    assert all(stacked.label[i] for i in (36, 37, 38, 39))


def test_items_outside_the_window_are_left_out() -> None:
    stacked = stack([-500.0, 900.0, 50.0], [-300.0, 950.0, 50.0], [0, 0, 0], ["Before", "After", "Inside"])
    assert stacked.placed.tolist() == [False, False, True]


@settings(max_examples=150, deadline=None)
@given(
    items=st.lists(
        st.tuples(
            st.floats(0, 700),
            st.floats(0, 300),
            st.integers(0, 2),
            st.text(min_size=1, max_size=60),
            st.integers(1, 5),
        ),
        max_size=80,
    ),
    rows=st.integers(1, 8),
)
def test_no_two_placed_items_meet(items: list[tuple[float, float, int, str, int]], rows: int) -> None:
    x0 = [a for a, *_ in items]
    x1 = [a + w for a, w, *_ in items]
    lane = [k for _, _, k, _, _ in items]
    titles = [t for *_, t, _ in items]
    stacked = stack_items(
        lane=np.array(lane, dtype=np.int64),
        n_lanes=3,
        x0_px=np.array(x0, dtype=float),
        x1_px=np.array(x1, dtype=float),
        radius_px=np.array([3.0 + p for *_, p in items]),
        titles=titles,
        priority=np.array([p for *_, p in items], dtype=np.int64),
        width_px=700,
        font_px=12,
        max_rows=rows,
    )
    radius = [3.0 + p for *_, p in items]
    placed = boxes(stacked, x0, x1, radius, lane)
    for i, (k, r, lo, hi) in enumerate(placed):
        for k2, r2, lo2, hi2 in placed[i + 1 :]:
            if (k, r) == (k2, r2):
                assert hi + ITEM_GAP_PX <= lo2 + 1e-6 or hi2 + ITEM_GAP_PX <= lo + 1e-6
    for i in np.flatnonzero(stacked.placed).tolist():
        label = stacked.label[i]
        assert 0 <= stacked.sub_row[i] < rows
        assert text_width_px(label, 12) <= MAX_LABEL_PX
        assert not label or titles[i].startswith(label.removesuffix(ELLIPSIS).rstrip()) or label == titles[i]
    assert all(1 <= r <= rows for r in stacked.rows.tolist())
