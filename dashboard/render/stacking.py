"""Where each drawn event goes inside its lane so that no label or mark covers another.

The timeline writes every drawn event's title next to it (SVG text, so screen readers, copy and
tests read it). Items are stacked in sub-rows inside their lane, as vis-timeline stacks them:
each item takes the horizontal room of its mark (a dot, or a bar for a span) plus its label,
and goes to the first sub-row where that room is free. The more important items are placed
first, so when a lane would need more sub-rows than it may have, the least important are drawn
without their label (where a mark alone fits) or left out (counted in the lane's "more here"
note and its density strip), until a zoom gives them room.

Everything is in pixels of the plot area, for a given visible window and plot width; widths of
text are estimated from the advance widths of DejaVu Sans (the widest of the usual sans-serif
fonts, and what Debian's Chromium falls back to), a little rounded up, so a label never needs
more room than it was given. Pure: numbers in, numbers out.
"""

from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

__all__ = [
    "ELLIPSIS",
    "LABEL_GAP_PX",
    "MAX_LABEL_PX",
    "Stacked",
    "fit_text",
    "stack_items",
    "text_width_px",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ELLIPSIS: Final = "…"
MAX_LABEL_PX: Final = 220.0
"""The longest label (at the timeline's font size); longer titles end with an ellipsis."""
LABEL_GAP_PX: Final = 4.0
"""Between a mark and its label."""
ITEM_GAP_PX: Final = 8.0
"""Between one item's room and the next one's in the same sub-row."""
INSIDE_PAD_PX: Final = 6.0
"""Room left on each side of a label drawn inside its bar."""

# Advance widths in em of DejaVu Sans (measured in Chromium at 100 px), for printable ASCII.
_ASCII_EM: Final = (
    0.318, 0.401, 0.46, 0.838, 0.636, 0.95, 0.78, 0.275, 0.39, 0.39, 0.5, 0.838, 0.318, 0.361, 0.318,
    0.337, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.636, 0.337, 0.337, 0.838,
    0.838, 0.838, 0.531, 1.0, 0.684, 0.686, 0.698, 0.77, 0.632, 0.575, 0.775, 0.752, 0.295, 0.295,
    0.656, 0.557, 0.863, 0.748, 0.787, 0.603, 0.787, 0.695, 0.635, 0.611, 0.732, 0.684, 0.989, 0.685,
    0.611, 0.685, 0.39, 0.337, 0.39, 0.838, 0.5, 0.5, 0.613, 0.635, 0.55, 0.635, 0.615, 0.352, 0.635,
    0.634, 0.278, 0.278, 0.579, 0.278, 0.974, 0.634, 0.612, 0.635, 0.635, 0.411, 0.521, 0.392, 0.634,
    0.592, 0.818, 0.592, 0.592, 0.525, 0.636, 0.337, 0.636, 0.838,
)  # fmt: skip
_WIDE_EM: Final = 1.0  # CJK and other full-width characters
_OTHER_EM: Final = 0.8  # other letters (Cyrillic, Greek, accented Latin...): at least their widest
_MARGIN: Final = 1.06  # fonts differ a little; kerning never widens


def _char_em(ch: str) -> float:
    code = ord(ch)
    if 32 <= code < 127:
        return _ASCII_EM[code - 32]
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return _WIDE_EM
    return _OTHER_EM


def text_width_px(text: str, font_px: float) -> float:
    """An upper estimate of the width of ``text`` in pixels at ``font_px``."""
    return sum(_char_em(ch) for ch in text) * font_px * _MARGIN


def fit_text(text: str, font_px: float, max_px: float) -> str:
    """``text``, or its longest start (whole characters, trailing spaces dropped) followed by an
    ellipsis, that is at most ``max_px`` wide; "" when not even the ellipsis fits."""
    if text_width_px(text, font_px) <= max_px:
        return text
    room = max_px - text_width_px(ELLIPSIS, font_px)
    if room < 0:
        return ""
    used = 0.0
    end = 0
    for i, ch in enumerate(text):
        used += _char_em(ch) * font_px * _MARGIN
        if used > room:
            break
        end = i + 1
    return text[:end].rstrip() + ELLIPSIS


@dataclass(frozen=True)
class Stacked:
    """Where the items went (arrays aligned with the items given to :func:`stack_items`)."""

    sub_row: IntArray  # 0 = the lane's first sub-row; -1 = left out (no room)
    label: list[str]  # the text drawn (maybe shortened; "" = none)
    inside: BoolArray  # the label is drawn inside its bar
    left: BoolArray  # the label is drawn left of the mark (no room on the right)
    label_px: FloatArray  # where the label is anchored: its start, or its end when ``left``
    rows: IntArray  # sub-rows used, per lane (at least 1)

    @property
    def placed(self) -> BoolArray:
        return self.sub_row >= 0

    def take(self, keep: IntArray) -> Stacked:
        """The items at positions ``keep`` (``rows`` unchanged)."""
        return Stacked(
            sub_row=self.sub_row[keep],
            label=[self.label[i] for i in keep.tolist()],
            inside=self.inside[keep],
            left=self.left[keep],
            label_px=self.label_px[keep],
            rows=self.rows,
        )


class _Row:
    """The occupied intervals of one sub-row, sorted and disjoint."""

    __slots__ = ("ends", "starts")

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    def free(self, lo: float, hi: float) -> bool:
        i = bisect.bisect_left(self.starts, lo)
        if i < len(self.starts) and self.starts[i] < hi:
            return False
        return not (i > 0 and self.ends[i - 1] > lo)

    def take(self, lo: float, hi: float) -> None:
        i = bisect.bisect_left(self.starts, lo)
        self.starts.insert(i, lo)
        self.ends.insert(i, hi)


def _free_row(rows: list[_Row], lo: float, hi: float, max_rows: int) -> int:
    """The first row where ``[lo, hi)`` is free, ``len(rows)`` for a new one, -1 for none."""
    for k, row in enumerate(rows):
        if row.free(lo, hi):
            return k
    return len(rows) if len(rows) < max_rows else -1


def stack_items(
    *,
    lane: IntArray,
    n_lanes: int,
    x0_px: FloatArray,
    x1_px: FloatArray,
    radius_px: FloatArray,
    titles: list[str],
    priority: IntArray,
    width_px: float,
    font_px: float,
    max_rows: int,
) -> Stacked:
    """Place each item (a mark from ``x0_px`` to ``x1_px``, equal for an instant, with a marker
    of ``radius_px`` at its middle, and its title) in a sub-row of its ``lane``.

    Items are placed in order of ``priority`` (higher first), then time; each takes the first
    sub-row (at most ``max_rows`` a lane) where its room is free: the mark, the gap and its
    label, plus :data:`ITEM_GAP_PX`; with no such sub-row, the mark alone without its label
    (where there is room for that). A label goes inside a bar wide enough for it (between the
    bar's start and the marker at its middle), else right
    of the mark, else (near the right edge) left of it; it is shortened to fit
    :data:`MAX_LABEL_PX` and the plot. An item with no free sub-row, or wholly outside the
    window (``0..width_px``), is left out (``-1``).
    """
    n = len(lane)
    sub_row = np.full(n, -1, dtype=np.int64)
    labels = [""] * n
    inside = np.zeros(n, dtype=np.bool_)
    left = np.zeros(n, dtype=np.bool_)
    label_px = np.zeros(n, dtype=np.float64)
    rows: list[list[_Row]] = [[] for _ in range(n_lanes)]
    order = np.lexsort((x0_px, -priority))
    for i in order.tolist():
        a, b, r = float(x0_px[i]), float(x1_px[i]), float(radius_px[i])
        mid = a + (b - a) / 2
        mark_lo, mark_hi = min(a, mid - r), max(b, mid + r)
        if mark_hi < 0 or mark_lo > width_px:  # outside the window: not drawn
            continue
        title = titles[i]
        bar_room = (b - a) / 2 - r - 2 * INSIDE_PAD_PX  # left of the marker at the middle
        if bar_room > 0 and text_width_px(title, font_px) <= min(bar_room, MAX_LABEL_PX):
            text, lo, hi, on_left, in_bar = title, mark_lo, mark_hi, False, True
        else:
            right_room = min(MAX_LABEL_PX, width_px - mark_hi - LABEL_GAP_PX)
            left_room = min(MAX_LABEL_PX, mark_lo - LABEL_GAP_PX)
            on_left = right_room < min(MAX_LABEL_PX, text_width_px(title, font_px)) and left_room > right_room
            text = fit_text(title, font_px, left_room if on_left else right_room)
            used = text_width_px(text, font_px) + LABEL_GAP_PX if text else 0.0
            lo, hi = (mark_lo - used, mark_hi) if on_left else (mark_lo, mark_hi + used)
            in_bar = False
        lane_rows = rows[int(lane[i])]
        k = _free_row(lane_rows, lo, hi + ITEM_GAP_PX, max_rows)
        if k < 0 and text:  # no room with its label: the mark alone, where it fits
            text, lo, hi, on_left, in_bar = "", mark_lo, mark_hi, False, False
            k = _free_row(lane_rows, lo, hi + ITEM_GAP_PX, max_rows)
        if k < 0:
            continue
        if k == len(lane_rows):
            lane_rows.append(_Row())
        lane_rows[k].take(lo, hi + ITEM_GAP_PX)
        sub_row[i] = k
        labels[i] = text
        inside[i] = in_bar
        left[i] = on_left
        if in_bar:
            label_px[i] = a + INSIDE_PAD_PX
        else:
            label_px[i] = mark_lo - LABEL_GAP_PX if on_left else mark_hi + LABEL_GAP_PX
    used_rows = np.array([max(len(r), 1) for r in rows], dtype=np.int64)
    return Stacked(sub_row=sub_row, label=labels, inside=inside, left=left, label_px=label_px, rows=used_rows)
