"""Figures: the events DataFrame -> Plotly figures (pure Plotly, no Streamlit).

The input is the frame described in ``docs/frame-columns.md``. Everything drawn follows the
facts in DESIGN.md:

* Dates go to Plotly as epoch **milliseconds** (ints) on a ``type="date"`` axis, and the axis
  range is always set here: plotly.js only understands 4-digit years, and pandas writes 44 BC
  as ``-044-03-15``, which it drops without a word. When the range reaches back before
  AD 1000 the tick labels are made here too ("44 BC", "AD 500", "1200").
* Individual events are SVG scatter marks, at most ``max_marks`` of them (1,000 by default);
  past that the most important events are drawn, spread over time (each lane keeping a few
  of its own, so no lane vanishes), and the density strip (always present, second row)
  counts every event, as do the faint per-lane density behind each lane and each lane's
  label, so what the browser gets and draws is bounded whatever the size of the frame.
  With the marks bounded, SVG draws faster than WebGL (no GL context to start; measured in
  headless Chromium: 0.8 s against 1.2 s for 1,000 marks), and a trace costs a few ms
  whatever its size, so there are few traces: one marker trace per category, its style
  (symbol, size, opacity, outline) varying per point.
* Chronology text reaches the browser only as ``customdata`` (never inside a hovertemplate,
  so it is never parsed as a template) and is HTML-escaped for Plotly's pseudo-HTML
  (``&``, ``<``, ``>`` only: plotly.js decodes ``&amp; &lt; &gt;`` and numeric entities but
  not ``&quot;``). Legend names, lane labels and titles are escaped the same way.
* Every event mark carries its id as ``customdata[0]``; each trace has a ``meta`` dict whose
  ``"role"`` says what it is (``events``, ``span-lines``, ``selected``, ``density``,
  ``lane-density``, ``legend``, ``story-steps``, ``story-current``), so the UI and tests
  need not parse names.

Plotly ships no type information: mypy sees it through ``# type: ignore[import-untyped, unused-ignore]``.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Protocol

import numpy as np
import numpy.typing as npt
import pandas as pd
import plotly.graph_objects as go  # type: ignore[import-untyped, unused-ignore]
from plotly.subplots import make_subplots  # type: ignore[import-untyped, unused-ignore]

from ..core.dates import (
    MS_PER_DAY,
    astronomical_year,
    civil_from_ms,
    days_from_civil,
    format_day_label,
    format_month_label,
    format_year,
    historical_year,
)
from ..core.facets import FACET_BY_NAME, LANE_FACETS
from ..core.loader import Period
from .links import add_link_arrows
from .stacking import Stacked, fit_text, stack_items

__all__ = [
    "DEFAULT_MAX_MARKS",
    "DENSITY_UNITS",
    "LANES",
    "OKABE_ITO",
    "Binned",
    "CategoryLook",
    "CategoryStyle",
    "PlainCategoryStyle",
    "TimelineParts",
    "density_bins",
    "density_counts",
    "describe_timeline",
    "draw_timeline",
    "figure_config",
    "format_year_label",
    "lane_density_bins",
    "none_lane_label",
    "story_strip_figure",
    "timeline_figure",
    "timeline_parts",
]


class CategoryStyle(Protocol):
    """What the figures need to know about a category (the chronology's ``categories:``)."""

    @property
    def label(self) -> str: ...

    @property
    def color(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PlainCategoryStyle:
    """A ready-made :class:`CategoryStyle`."""

    label: str
    color: str | None = None


LANES: Final[tuple[str, ...]] = tuple(f.name for f in LANE_FACETS)
"""Accepted values of ``timeline_figure(lanes=...)``: the lane facets of :mod:`dashboard.core.facets`."""

DENSITY_UNITS: Final = ("day", "week", "month", "year", "decade", "century", "millennium")
"""Units :func:`density_bins` may choose, finest first."""

OKABE_ITO: Final = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#F0E442",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#000000",
)
"""Colour-blind-safe palette (Okabe & Ito 2008), used when a category has no colour."""

# Derived from dashboard.core.facets (each facet is defined once there): lane -> frame column,
# the lanes whose column holds a list, lane -> label of the events without a value.
_LANE_COLUMNS: Final[dict[str, str]] = {f.name: f.column for f in LANE_FACETS}
_LIST_LANES: Final = frozenset(f.name for f in LANE_FACETS if f.multi)
_NONE_LABELS: Final[dict[str, str]] = {f.name: f.none_label for f in LANE_FACETS}
_POINT_PRECISIONS: Final = frozenset({"day", "moment"})
_NONE_LANE: Final = "(none)"  # key (never shown) of a missing category or status; shown as its none_label
_THEMES: Final = {"light": "plotly_white", "dark": "plotly_dark"}
_TEXT_COLORS: Final = {"light": "#2A3F5F", "dark": "#F2F5FA"}  # the templates' own text colours
_MAX_TEXT: Final = 160  # longest title/label put into customdata (keeps the payload bounded)
_DENSITY_MAX_BINS: Final = 500
_LABEL_FONT_PX: Final = 12
_SUB_ROW_PX: Final = 26  # a sub-row of a lane: the largest marker (21 px) and a label
_MAX_SUB_ROWS: Final = 16  # a lane's sub-rows at most...
_ALL_SUB_ROWS: Final = 160  # ... and all lanes' together (each lane has at least 2)
_DENSITY_PX: Final = 110  # the density strip under the lanes
DEFAULT_PLOT_WIDTH: Final = 700
"""Width in pixels of the plot area the labels are laid out for, unless told: smaller than the
chart on a laptop, so that labels laid out for it never meet on a wider one."""

DEFAULT_MAX_MARKS: Final = 1000  # events drawn one by one at most; the density strip counts all
_LANE_RESERVE: Final = 5  # marks kept for each lane's own most important events
_LANE_DENSITY_CELLS: Final = 25_000  # lanes x bins of the per-lane density, at most (payload)
_MAX_LANE_NOTES: Final = 30  # "N more" notes at the end of lanes, at most
_HOVER: Final = "<b>%{customdata[2]}</b><br>%{customdata[1]}%{customdata[4]}<br>%{customdata[3]}<extra></extra>"
_DENSITY_HOVER: Final = "%{customdata[2]}<br>%{y} events<extra></extra>"
_STORY_HOVER: Final = "Step %{customdata[3]}<br><b>%{customdata[2]}</b><br>%{customdata[1]}<extra></extra>"

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


# --------------------------------------------------------------------------- dates


def _year_start_ms(year: int) -> int:
    """Epoch ms of 1 January of astronomical ``year`` (0 = 1 BC)."""
    return days_from_civil(year, 1, 1) * MS_PER_DAY


def _month_start_ms(month: int) -> int:
    """Epoch ms of the 1st of ``month``, a month number of :func:`_month_number`."""
    year, index = divmod(month, 12)
    return days_from_civil(1970 + year, index + 1, 1) * MS_PER_DAY


def _month_number(ms: int) -> int:
    """Months from January 1970 to the month holding ``ms`` (negative before 1970)."""
    year, month, _ = civil_from_ms(ms)
    return (year - 1970) * 12 + month - 1


_PLOTLY_MIN_MS: Final = _year_start_ms(-9999)
_PLOTLY_MAX_MS: Final = _year_start_ms(10000) - 1


def format_year_label(year: int) -> str:
    """Label an astronomical year for axis ticks: :func:`dashboard.core.dates.format_year` with ``ad=True``.

    ``-43`` -> ``"44 BC"``, ``0`` -> ``"1 BC"``, ``5`` -> ``"AD 5"`` (AD is written below
    1000, where a bare number reads oddly), ``2022`` -> ``"2022"``.
    """
    return format_year(year, ad=True)


def _month_label(year: int, month: int) -> str:
    return format_month_label(year, month, ad=True)


def _day_label(ms: int) -> str:
    return format_day_label(*civil_from_ms(ms), ad=True)


# --------------------------------------------------------------------------- density


def density_bins(earliest_ms: int, latest_ms: int, *, max_bins: int = _DENSITY_MAX_BINS) -> tuple[IntArray, str]:
    """Calendar-aligned bin edges (epoch ms) covering ``[earliest_ms, latest_ms]``.

    Picks the finest unit of :data:`DENSITY_UNITS` that needs at most ``max_bins`` bins.
    Days start at midnight UTC, weeks on Monday, months on the 1st, years on 1 January;
    decades, centuries and millennia are aligned on astronomical years divisible by 10,
    100, 1000 (BC too: the calendar of :mod:`dashboard.core.dates`). If even millennia are too
    many, each bin spans several millennia (unit still ``"millennium"``); bins stay aligned on
    year 0, so a span across it takes two bins even when ``max_bins`` is 1.

    Returns ``(edges, unit)``: ``edges`` is strictly increasing int64, ``len(edges) - 1``
    bins, bin ``i`` is the half-open ``[edges[i], edges[i + 1])``, and
    ``edges[0] <= earliest_ms <= latest_ms < edges[-1]``.
    """
    if max_bins < 1:
        raise ValueError(f"max_bins must be at least 1, got {max_bins}")
    lo, hi = int(earliest_ms), int(latest_ms)
    if hi < lo:
        raise ValueError(f"latest_ms ({hi}) is before earliest_ms ({lo})")
    day0 = lo // MS_PER_DAY
    day1 = hi // MS_PER_DAY + 1
    if day1 - day0 <= max_bins:
        days = np.arange(day0, day1 + 1, dtype=np.int64)
        return days * MS_PER_DAY, "day"

    # 1970-01-05 (day 4) was a Monday.
    week0 = (day0 - 4) // 7
    week1 = (day1 - 1 - 4) // 7 + 1
    if week1 - week0 <= max_bins:
        weeks = np.arange(week0, week1 + 1, dtype=np.int64)
        return (weeks * 7 + 4) * MS_PER_DAY, "week"

    month0 = _month_number(lo)
    month1 = _month_number(hi) + 1
    if month1 - month0 <= max_bins:
        return np.array([_month_start_ms(m) for m in range(month0, month1 + 1)], dtype=np.int64), "month"

    year0 = civil_from_ms(lo)[0]
    year1 = civil_from_ms(hi)[0]
    for unit, step in (("year", 1), ("decade", 10), ("century", 100)):
        if _year_bin_count(year0, year1, step) <= max_bins:
            return _year_edges(year0, year1, step), unit
    step = 1000
    n = _year_bin_count(year0, year1, step)
    if n > max_bins:
        step *= math.ceil(n / max_bins)
        # Bins are aligned on multiples of ``step``, so a span across year 0 always takes two.
        fewest = 2 if year0 < 0 <= year1 else 1
        while _year_bin_count(year0, year1, step) > max(max_bins, fewest):
            step += 1000
    return _year_edges(year0, year1, step), "millennium"


def _year_bin_count(year0: int, year1: int, step: int) -> int:
    return year1 // step - year0 // step + 1


def _year_edges(year0: int, year1: int, step: int) -> IntArray:
    first = (year0 // step) * step
    last = (year1 // step + 1) * step
    return np.array([_year_start_ms(year) for year in range(first, last + 1, step)], dtype=np.int64)


def density_counts(df: pd.DataFrame, edges: npt.ArrayLike) -> IntArray:
    """How many events of ``df`` start in each bin (``len(edges) - 1`` counts).

    An event counts in the bin containing its ``earliest_ms``; events outside the edges are
    not counted.
    """
    e = np.asarray(edges, dtype=np.int64)
    if e.ndim != 1 or len(e) < 2:
        raise ValueError("edges must be a 1-d array of at least 2 values")
    n_bins = len(e) - 1
    starts = df["earliest_ms"].to_numpy(dtype=np.int64)
    idx = np.searchsorted(e, starts, side="right") - 1
    inside = (idx >= 0) & (idx < n_bins)
    return np.bincount(idx[inside], minlength=n_bins).astype(np.int64)


def _bin_label(start_ms: int, end_ms: int, unit: str) -> str:
    if unit == "day":
        return _day_label(start_ms)
    if unit == "week":
        return f"week of {_day_label(start_ms)}"
    if unit == "month":
        year, month, _ = civil_from_ms(start_ms)
        return _month_label(year, month)
    first = civil_from_ms(start_ms)[0]
    last = civil_from_ms(end_ms - 1)[0]
    if first == last:
        return format_year_label(first)
    if unit == "decade" and first >= 1000:
        return f"{first}s"
    return f"{format_year_label(first)} – {format_year_label(last)}"


# --------------------------------------------------------------------------- axis ticks

_YEAR_STEPS: Final = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500)
_MONTH_STEPS: Final = (1, 2, 3, 6)
_DAY_STEPS: Final = (1, 2, 5, 7, 14)


def _nice_year_step(span_years: float, target: int) -> int:
    for step in _YEAR_STEPS:
        if span_years / step <= target:
            return step
    magnitude = 1000
    while True:
        for mult in (1, 2, 5):
            if span_years / (magnitude * mult) <= target:
                return magnitude * mult
        magnitude *= 10


def _early_ticks(lo_ms: int, hi_ms: int, target: int = 8) -> tuple[list[int], list[str]] | None:
    """Tick positions and labels for a date-axis range reaching before AD 1000, else None.

    Plotly labels such years badly (or not at all), so ticks go at round historical years
    ("500 BC", "AD 1", "AD 500"), or at months / days when the range is short.
    """
    if civil_from_ms(lo_ms)[0] >= 1000:
        return None
    span_ms = hi_ms - lo_ms
    year_ms = 365.2425 * MS_PER_DAY
    vals: list[int] = []
    texts: list[str] = []
    if span_ms >= 3 * year_ms:
        step = _nice_year_step(span_ms / year_ms, target)
        y_lo, y_hi = civil_from_ms(lo_ms)[0], civil_from_ms(hi_ms)[0]
        # Ticks at round historical years (-h is h BC, no year zero); a tick at 0 is AD 1.
        h_lo, h_hi = historical_year(y_lo), historical_year(y_hi)
        for k in range(-(-h_lo // step), h_hi // step + 1):
            year = astronomical_year(k * step)
            ms = _year_start_ms(year)
            if lo_ms <= ms <= hi_ms:
                vals.append(ms)
                texts.append(format_year_label(year))
    elif span_ms >= 90 * MS_PER_DAY:
        months = span_ms / (year_ms / 12)
        step = next((s for s in _MONTH_STEPS if months / s <= target), 12)
        m0, m1 = _month_number(lo_ms), _month_number(hi_ms)
        for m in range(m0 - m0 % step, m1 + 1, step):
            ms = _month_start_ms(m)
            if lo_ms <= ms <= hi_ms:
                year, month, _ = civil_from_ms(ms)
                vals.append(ms)
                texts.append(_month_label(year, month))
    else:
        days = span_ms / MS_PER_DAY
        step = next((s for s in _DAY_STEPS if days / s <= target), 30)
        d0, d1 = lo_ms // MS_PER_DAY, hi_ms // MS_PER_DAY
        for d in range(d0 - d0 % step, d1 + 1, step):
            ms = d * MS_PER_DAY
            if lo_ms <= ms <= hi_ms:
                vals.append(ms)
                texts.append(_day_label(ms))
    return vals, texts


def _padded_range(lo_ms: int, hi_ms: int) -> tuple[int, int]:
    pad = max(int((hi_ms - lo_ms) * 0.03), MS_PER_DAY)
    return _clamp_ms(lo_ms - pad), _clamp_ms(hi_ms + pad)


def _clamp_ms(ms: int) -> int:
    return min(max(ms, _PLOTLY_MIN_MS), _PLOTLY_MAX_MS)


def _date_axis(lo_ms: int, hi_ms: int) -> dict[str, Any]:
    axis: dict[str, Any] = {"type": "date", "range": [lo_ms, hi_ms], "autorange": False}
    ticks = _early_ticks(lo_ms, hi_ms)
    if ticks is not None:
        axis.update(tickmode="array", tickvals=ticks[0], ticktext=ticks[1])
    return axis


# --------------------------------------------------------------------------- text & colour


def _esc(text: object) -> str:
    """Escape text for Plotly's pseudo-HTML (hover, legend, tick labels, titles)."""
    return html.escape(str(text), quote=False)


def _short(text: object, limit: int = _MAX_TEXT) -> str:
    s = str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _valid_color(color: str | None) -> str | None:
    if not color:
        return None
    try:
        go.scattergl.Marker(color=color)
    except ValueError:
        return None
    return color


@dataclass(frozen=True, slots=True)
class CategoryLook:
    """How categories are drawn: their values in order, plain labels and colours."""

    keys: list[str]  # category values in order
    labels: dict[str, str]  # value -> plain label
    colors: dict[str, str]  # value -> valid colour


def _category_keys(column: pd.Series) -> list[str]:
    """The category values of a frame's column, in order (declared order when categorical)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        keys = [str(c) for c in column.cat.categories]
    else:
        keys = sorted({str(v) for v in column.dropna().unique()})
    if column.isna().any():
        keys.append(_NONE_LANE)
    return keys


def category_look(keys: list[str], categories: Mapping[str, CategoryStyle] | None, theme: str) -> CategoryLook:
    """Labels and colours of the category values ``keys`` (in order): the chronology's, else
    Okabe-Ito by position."""
    palette = list(OKABE_ITO)
    if theme == "dark":
        palette[-1] = "#BBBBBB"
    labels: dict[str, str] = {}
    colors: dict[str, str] = {}
    for i, key in enumerate(keys):
        style = categories.get(key) if categories is not None else None
        default = FACET_BY_NAME["category"].none_label if key == _NONE_LANE else key
        labels[key] = style.label if style is not None and style.label else default
        given = _valid_color(style.color) if style is not None else None
        colors[key] = given or palette[i % len(palette)]
    return CategoryLook(keys, labels, colors)


def _category_values(df: pd.DataFrame) -> list[str]:
    return [_NONE_LANE if pd.isna(v) else str(v) for v in df["category"].tolist()]


# --------------------------------------------------------------------------- lanes


def none_lane_label(lanes: str) -> str:
    """The label of the lane of events that have no value for ``lanes`` ("(no actor)")."""
    try:
        return _NONE_LABELS[lanes]
    except KeyError:
        raise ValueError(f"lanes must be one of {', '.join(LANES)}, got {lanes!r}") from None


@dataclass(frozen=True, slots=True)
class _Lanes:
    """Which events go in which lane: one (event, lane) pair per mark that could be drawn.

    An event is in one lane for ``category`` and ``status``, and in the lane of each of its
    values for ``actor``, ``place`` and ``tag`` (each value once; no value: the none lane).
    Pairs are sorted by event position, then lane.
    """

    order: list[str]  # plain lane labels, top first
    row: IntArray  # per pair: the event's position in the frame
    lane: IntArray  # per pair: its lane (index into ``order``)
    counts: IntArray  # per lane: how many events are in it

    def lane_counts(self) -> dict[str, int]:
        return {name: int(c) for name, c in zip(self.order, self.counts.tolist(), strict=True)}


def _as_list(value: object) -> list[Any]:
    if isinstance(value, list | tuple | np.ndarray):
        return list(value)
    if isinstance(value, str):
        return [value]
    return []


def _lanes(df: pd.DataFrame, lanes: str, look: CategoryLook) -> _Lanes:
    n = len(df)
    column = df[_LANE_COLUMNS[lanes]]
    none = _NONE_LABELS[lanes]
    if lanes in _LIST_LANES:
        values = column.to_numpy(dtype=object)
        cells: Any = values if all(isinstance(v, list) for v in values) else [_as_list(v) for v in values]
        lengths = np.fromiter(map(len, cells), np.int64, n)
        flat = np.fromiter(itertools.chain.from_iterable(cells), dtype=object, count=int(lengths.sum()))
        item_rows = np.repeat(np.arange(n, dtype=np.int64), lengths)
        item_codes, uniques = pd.factorize(flat)
        codes = np.asarray(item_codes, dtype=np.int64)
        names = [str(u) for u in list(uniques)]
        empty_rows = np.flatnonzero(lengths == 0)
        order = sorted(set(names) - {none}, key=lambda s: (s.casefold(), s))
        if empty_rows.size or none in names:
            order.append(none)
        index = {name: i for i, name in enumerate(order)}
        lane_of_code = np.array([index[name] for name in names], dtype=np.int64)
        rows = np.concatenate([item_rows, empty_rows.astype(np.int64)])
        lane = np.concatenate([lane_of_code[codes], np.full(empty_rows.size, index.get(none, 0), dtype=np.int64)])
        width = max(len(order), 1)
        keys = np.sort(rows * width + lane, kind="stable")  # (np.unique hashes: 100x slower here)
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]  # each value once per event
        rows, lane = keys // width, keys % width
    else:
        if isinstance(column.dtype, pd.CategoricalDtype):
            cats = [str(c) for c in column.cat.categories]
            codes = np.asarray(column.cat.codes.to_numpy(), dtype=np.int64)
            declared = list(range(len(cats)))
        else:
            value_codes, values_seen = pd.factorize(column, use_na_sentinel=True)
            codes = np.asarray(value_codes, dtype=np.int64)
            cats = [str(u) for u in list(values_seen)]
            rank = {k: i for i, k in enumerate(look.keys)} if lanes == "category" else {}
            declared = sorted(range(len(cats)), key=lambda i: (rank.get(cats[i], len(rank)), cats[i]))
        present = np.bincount(codes[codes >= 0], minlength=len(cats)) > 0
        label = [look.labels.get(c, c) for c in cats] if lanes == "category" else cats
        shown = list(dict.fromkeys(label[i] for i in declared if present[i]))
        order = [v for v in shown if v != none]
        if (codes < 0).any() or none in shown:
            order.append(none)
        index = {name: i for i, name in enumerate(order)}
        lane_of_code = np.array([index.get(name, -1) for name in label] + [index.get(none, -1)], dtype=np.int64)
        lane = lane_of_code[codes]  # code -1 (missing) picks the last entry: the none lane
        rows = np.arange(n, dtype=np.int64)
    counts = np.bincount(lane, minlength=len(order)).astype(np.int64)
    return _Lanes(order, rows.astype(np.int64), lane.astype(np.int64), counts)


# --------------------------------------------------------------------------- marks


def _choose_marks(
    importance: npt.NDArray[np.int64], earliest: IntArray, max_marks: int, forced: int | None
) -> IntArray:
    """Row positions to draw individually: the most important, spread over time.

    Whole importance levels are taken from the top while they fit; the level that does not
    fit is sampled evenly over time. ``forced`` (the selected row) is always included.
    """
    n = len(importance)
    if n <= max_marks:
        return np.arange(n, dtype=np.int64)
    chosen: list[IntArray] = []
    room = max_marks
    for level in _levels(importance)[::-1]:
        if room <= 0:
            break
        rows = np.flatnonzero(importance == level)
        if len(rows) <= room:
            chosen.append(rows.astype(np.int64))
            room -= len(rows)
            continue
        rows = rows[np.argsort(earliest[rows], kind="stable")]
        if room == 1:
            picks = np.array([len(rows) // 2], dtype=np.int64)
        else:
            picks = np.floor(np.linspace(0, len(rows) - 1, room) + 0.5).astype(np.int64)
        chosen.append(rows[np.unique(picks)].astype(np.int64))
        room = 0
    result = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)
    if forced is not None and forced not in set(result.tolist()):
        result = np.append(result[: max(max_marks - 1, 0)], forced) if max_marks else result
    return np.sort(result)


def _choose_pairs(
    importance: IntArray, earliest: IntArray, lanes: _Lanes, max_marks: int, forced: IntArray
) -> IntArray:
    """Pairs (indices into ``lanes.row``) to draw: at most ``max_marks``, sorted.

    The ``forced`` pairs (the selected event, in each of its lanes) come first. Then every
    lane gets its own few most important events (:data:`_LANE_RESERVE` each, from at most
    half the budget; with more lanes than that allows, one each for the lanes whose best
    event is most important), so a lane of unimportant events does not vanish under more
    important ones. The rest of the budget goes to the most important pairs overall, the
    level that does not fit spread over time (:func:`_choose_marks`).
    """
    n = len(importance)
    if n <= max_marks:
        return np.arange(n, dtype=np.int64)
    forced = np.unique(forced)[:max_marks]
    taken = np.zeros(n, dtype=np.bool_)
    taken[forced] = True
    budget = max_marks - len(forced)
    reserved = _lane_reserve(importance, earliest, lanes, budget // 2, ~taken)
    taken[reserved] = True
    rest = np.flatnonzero(~taken)
    room = budget - len(reserved)
    if room > 0 and rest.size:
        taken[rest[_choose_marks(importance[rest], earliest[rest], room, None)]] = True
    return np.flatnonzero(taken).astype(np.int64)


def _lane_reserve(importance: IntArray, earliest: IntArray, lanes: _Lanes, room: int, available: BoolArray) -> IntArray:
    """At most ``room`` pairs that give each lane its most important events."""
    n_lanes = len(lanes.order)
    if room <= 0 or not n_lanes:
        return np.zeros(0, dtype=np.int64)
    by_lane = np.argsort(lanes.lane, kind="stable")
    by_lane = by_lane[available[by_lane]]
    sizes = np.bincount(lanes.lane[by_lane], minlength=n_lanes)
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    per = min(_LANE_RESERVE, room // n_lanes)
    picks: list[IntArray] = []
    if per >= 1:
        for k in range(n_lanes):
            sub = by_lane[bounds[k] : bounds[k + 1]]
            if len(sub) > per:
                sub = sub[_choose_marks(importance[sub], earliest[sub], per, None)]
            picks.append(sub)
    else:  # more lanes than marks to spare: one each for the lanes with the most important events
        best: list[tuple[int, int, int]] = []
        for k in range(n_lanes):
            sub = by_lane[bounds[k] : bounds[k + 1]]
            if len(sub):
                top = sub[np.flatnonzero(importance[sub] == importance[sub].max())]
                best.append((-int(importance[top[0]]), k, int(top[len(top) // 2])))
        picks.append(np.array([pair for _, _, pair in sorted(best)[:room]], dtype=np.int64))
    return np.concatenate(picks).astype(np.int64) if picks else np.zeros(0, dtype=np.int64)


def _levels(values: IntArray) -> IntArray:
    """The distinct values, ascending (importance: a few small integers, counted not hashed)."""
    if not values.size:
        return np.zeros(0, dtype=np.int64)
    lo, hi = int(values.min()), int(values.max())
    if hi - lo <= 4096:
        present: IntArray = np.flatnonzero(np.bincount(values - lo, minlength=hi - lo + 1)).astype(np.int64)
        return present + lo
    ordered = np.sort(values)
    distinct: IntArray = ordered[np.concatenate([[True], ordered[1:] != ordered[:-1]])].astype(np.int64)
    return distinct


@dataclass(frozen=True, slots=True)
class _Marks:
    """Everything needed to draw the chosen rows (arrays aligned with the rows)."""

    x: IntArray  # where the marker goes: the instant, or the middle of a span
    x0: IntArray  # span drawn from ...
    x1: IntArray  # ... to
    lane: IntArray  # index of the mark's lane (in the lane order)
    title: list[str]  # plain titles (the labels written next to the marks)
    category: npt.NDArray[np.object_]  # category values (plain)
    importance: IntArray  # clipped to 1..5
    span: BoolArray
    imprecise: BoolArray
    approximate: BoolArray
    custom: npt.NDArray[np.object_]  # rows of [id, label, title, category label, qualifiers]


def _marks(rows: pd.DataFrame, mark_lane: IntArray, look: CategoryLook, draw_lo: int, draw_hi: int) -> _Marks:
    n = len(rows)
    precision = rows["precision"].astype("string").fillna("").to_numpy(dtype=object)
    point_precision = np.array([p in _POINT_PRECISIONS for p in precision], dtype=np.bool_)
    interval = rows["interval"].to_numpy(dtype=np.bool_)
    open_start = rows["open_start"].to_numpy(dtype=np.bool_)
    open_end = rows["open_end"].to_numpy(dtype=np.bool_)
    approximate = rows["approximate"].to_numpy(dtype=np.bool_)
    uncertain = rows["uncertain"].to_numpy(dtype=np.bool_)
    span = interval | open_start | open_end | ~point_precision
    imprecise = span & ~interval & ~point_precision
    earliest = rows["earliest_ms"].to_numpy(dtype=np.int64)
    x0 = earliest.copy()
    x1 = rows["latest_ms"].to_numpy(dtype=np.int64).copy()
    x0[open_start] = draw_lo  # "../b": from the start of the data
    x1[open_end] = draw_hi  # "a/..": to the end of the data
    x1 = np.maximum(x0, x1)
    x = np.where(span, x0 + (x1 - x0) // 2, earliest)

    categories = _category_values(rows)
    status = [_NONE_LANE if pd.isna(s) else str(s) for s in rows["status"].tolist()]
    custom = np.empty((n, 5), dtype=object)
    custom[:, 0] = [str(v) for v in rows["id"].tolist()]
    custom[:, 1] = [_esc(_short(v)) for v in rows["label"].tolist()]
    custom[:, 2] = [_esc(_short(v)) for v in rows["title"].tolist()]
    custom[:, 3] = [_esc(look.labels.get(c, c)) for c in categories]
    qualifiers: list[str] = []
    for approx, unsure, state in zip(approximate.tolist(), uncertain.tolist(), status, strict=True):
        notes = [w for w, on in (("approximate", approx), ("uncertain", unsure)) if on]
        if state not in ("confirmed", _NONE_LANE):
            notes.append(state)
        qualifiers.append(_esc(" · " + ", ".join(notes)) if notes else "")
    custom[:, 4] = qualifiers
    return _Marks(
        x=x,
        x0=x0,
        x1=x1,
        lane=mark_lane.astype(np.int64),
        title=[str(v) for v in rows["title"].tolist()],
        category=np.array(categories, dtype=object),
        importance=np.clip(rows["importance"].to_numpy(dtype=np.int64), 1, 5),
        span=span,
        imprecise=imprecise,
        approximate=approximate | uncertain,
        custom=custom,
    )


def _marker_sizes(importance: IntArray) -> IntArray:
    return 6 + 3 * np.clip(importance, 1, 5)


_SPAN_WIDTH: Final = 14  # px: a bar tall enough for its label; importance shows in the marker at its middle
_SPAN_OPACITY: Final = {False: 0.8, True: 0.3}  # precise, imprecise (faded)


def _symbols(marks: _Marks, pick: IntArray) -> npt.NDArray[np.object_]:
    """Circle for a point, diamond for a span; open when approximate or uncertain."""
    base = np.where(marks.span[pick], "diamond", "circle").astype(object)
    return np.where(marks.approximate[pick], base + "-open", base)


def _segments(marks: _Marks, y: IntArray, pick: IntArray) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """x and y for one line trace: ``x0, x1, None`` per span (None breaks the line)."""
    xs = np.full(3 * len(pick), None, dtype=object)
    ys = np.full(3 * len(pick), None, dtype=object)
    xs[0::3] = marks.x0[pick].tolist()
    xs[1::3] = marks.x1[pick].tolist()
    ys[0::3] = y[pick].tolist()
    ys[1::3] = y[pick].tolist()
    return xs, ys


def _gl(**props: Any) -> dict[str, Any]:
    """A scatter trace on the timeline row, as a plain dict (validated once, by go.Figure)."""
    return {"type": "scatter", "xaxis": "x", "yaxis": "y", **props}


def _event_traces(marks: _Marks, y: IntArray, look: CategoryLook, *, legend: bool) -> list[dict[str, Any]]:
    """Per category: at most two span-line traces (precise, imprecise) and one marker trace.

    Few traces on purpose: plotly.js pays a fixed cost per trace when it draws (about 4 ms each
    in headless Chromium), so style varies per point (symbol, size, opacity, outline) inside one
    trace instead of one trace per style. A legend entry per category is added only when the
    legend is shown (``legend``: lanes other than category).
    """
    traces: list[dict[str, Any]] = []
    present = list(dict.fromkeys(marks.category.tolist()))
    ordered = [k for k in look.keys if k in present] + [k for k in present if k not in look.labels]
    for cat in ordered:
        in_cat = marks.category == cat
        color = look.colors.get(cat, "#888888")
        label = _esc(look.labels.get(cat, cat))
        if legend:
            traces.append(
                _gl(
                    x=[None],
                    y=[None],
                    mode="markers",
                    name=label,
                    legendgroup=cat,
                    showlegend=True,
                    marker={"color": color, "size": 10, "symbol": "circle"},
                    hoverinfo="skip",
                    meta={"role": "legend", "category": cat},
                )
            )
        for imprecise in (False, True):
            pick = np.flatnonzero(in_cat & marks.span & (marks.imprecise == imprecise))
            if not len(pick):
                continue
            xs, ys = _segments(marks, y, pick)
            traces.append(
                _gl(
                    x=xs,
                    y=ys,
                    mode="lines",
                    name=f"{label} (span lines{', imprecise' if imprecise else ''})",
                    legendgroup=cat,
                    showlegend=False,
                    line={"color": color, "width": _SPAN_WIDTH},
                    opacity=_SPAN_OPACITY[imprecise],
                    hoverinfo="skip",
                    connectgaps=False,
                    meta={"role": "span-lines", "category": cat, "imprecise": imprecise},
                )
            )
        pick = np.flatnonzero(in_cat)
        traces.append(
            _gl(
                x=marks.x[pick],
                y=y[pick],
                mode="markers",
                name=label,
                legendgroup=cat,
                showlegend=False,
                marker={
                    "color": color,
                    "size": _marker_sizes(marks.importance[pick]),
                    "symbol": _symbols(marks, pick),
                    "opacity": np.where(marks.imprecise[pick], 0.45, 0.9),
                    "line": {"color": color, "width": np.where(marks.approximate[pick], 2, 0)},
                },
                customdata=marks.custom[pick],
                hovertemplate=_HOVER,
                meta={"role": "events", "category": cat},
            )
        )
    return traces


def _take(marks: _Marks, keep: IntArray) -> _Marks:
    """The marks at positions ``keep``, in that order."""
    return _Marks(
        x=marks.x[keep],
        x0=marks.x0[keep],
        x1=marks.x1[keep],
        lane=marks.lane[keep],
        title=[marks.title[i] for i in keep.tolist()],
        category=marks.category[keep],
        importance=marks.importance[keep],
        span=marks.span[keep],
        imprecise=marks.imprecise[keep],
        approximate=marks.approximate[keep],
        custom=marks.custom[keep],
    )


def _ink_on(color: str) -> str:
    """Black or white, whichever reads better on ``color`` (a ``#RRGGBB`` colour; else black)."""
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", color):
        return "#000000"
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if lum > 0.45 else "#FFFFFF"


def _label_trace(
    marks: _Marks, y: IntArray, stacked: Stacked, look: CategoryLook, px: tuple[int, int, float], theme: str
) -> dict[str, Any]:
    """Every placed mark's label as SVG text: right of its mark, left of it near the right edge,
    or inside its bar (in black or white on the bar's colour). ``px`` is ``(lo_ms, hi_ms,
    width_px)``: where the labels were laid out."""
    lo, hi, width = px
    ms_per_px = (hi - lo) / width
    has = np.array([bool(t) for t in stacked.label], dtype=np.bool_)
    pick = np.flatnonzero(has)
    position = np.where(stacked.left, "middle left", "middle right").astype(object)
    text_color = _TEXT_COLORS[theme]
    colors = [
        _ink_on(look.colors.get(str(c), "#888888")) if inside else text_color
        for c, inside in zip(marks.category.tolist(), stacked.inside.tolist(), strict=True)
    ]
    return _gl(
        x=(lo + stacked.label_px[pick] * ms_per_px).round().astype(np.int64),
        y=y[pick],
        mode="text",
        text=[_esc(stacked.label[i]) for i in pick.tolist()],
        textposition=position[pick],
        textfont={"size": _LABEL_FONT_PX, "color": [colors[i] for i in pick.tolist()]},
        name="labels",
        showlegend=False,
        customdata=marks.custom[pick],
        hovertemplate=_HOVER,
        cliponaxis=True,
        meta={"role": "labels"},
    )


def _check_theme(theme: str) -> str:
    try:
        return _THEMES[theme]
    except KeyError:
        raise ValueError(f"theme must be one of {sorted(_THEMES)}, got {theme!r}") from None


def _bar(**props: Any) -> dict[str, Any]:
    return {"type": "bar", "xaxis": "x2", "yaxis": "y2", **props}


def _density_trace(edges: IntArray, counts: IntArray, unit: str) -> dict[str, Any]:
    nonzero = np.flatnonzero(counts)
    starts = edges[:-1][nonzero].tolist()
    ends = edges[1:][nonzero].tolist()
    return _bar(
        x=[s + (e - s) // 2 for s, e in zip(starts, ends, strict=True)],
        y=counts[nonzero].tolist(),
        width=[e - s for s, e in zip(starts, ends, strict=True)],
        customdata=[[s, e, _bin_label(s, e, unit)] for s, e in zip(starts, ends, strict=True)],
        hovertemplate=_DENSITY_HOVER,
        name=f"events per {unit}",
        marker={"color": "#888888", "line": {"width": 0}},
        showlegend=False,
        meta={"role": "density", "unit": unit},
    )


def lane_density_bins(n_lanes: int) -> int:
    """Bins of the per-lane density for ``n_lanes`` lanes: at most :data:`_LANE_DENSITY_CELLS` cells."""
    return max(1, min(_DENSITY_MAX_BINS, _LANE_DENSITY_CELLS // max(n_lanes, 1)))


def _lane_grid(lanes: _Lanes, earliest: IntArray, lo_ms: int, hi_ms: int) -> Binned:
    """Events per lane and period (a row per lane; every event of a lane counted in it)."""
    n_lanes = len(lanes.order)
    edges, unit = density_bins(lo_ms, hi_ms, max_bins=lane_density_bins(n_lanes))
    n_bins = len(edges) - 1
    bins = np.clip(np.searchsorted(edges, earliest[lanes.row], side="right") - 1, 0, n_bins - 1)
    grid = np.bincount(lanes.lane * n_bins + bins, minlength=n_lanes * n_bins).reshape(n_lanes, n_bins)
    return Binned(edges, unit, grid.astype(np.int64))


def _lane_middles(base: IntArray, rows: IntArray) -> npt.NDArray[np.float64]:
    """The y of each lane's label: the middle of its sub-rows."""
    return base + (rows - 1) / 2


def _lane_density_trace(order: list[str], base: IntArray, rows: IntArray, binned: Binned) -> dict[str, Any]:
    """Events per lane and period, drawn faintly behind the lanes (a heatmap, one row a lane).

    Every event of a lane is counted in it (an event with several actors in each of their
    lanes), so each lane shows where its events are even when none of them is drawn one by
    one, and the cells of a row add up to the lane's count. Zero cells are NaN (a gap:
    transparent, no hover). At most :data:`_LANE_DENSITY_CELLS` cells: with many lanes the
    bins are coarser.
    """
    grid = binned.counts.reshape(len(order), -1) if len(order) else np.zeros((0, 1), dtype=np.int64)
    cells = grid.astype(np.float32)  # exact up to 2**24 events a cell; sent as a typed array
    cells[grid == 0] = np.nan  # a gap: transparent, no hover
    top = int(grid.max()) if grid.size else 1
    return {
        "type": "heatmap",
        "xaxis": "x",
        "yaxis": "y",
        "x": binned.edges.tolist(),
        # cell edges: each lane's band covers its sub-rows
        "y": [float(b) - 0.5 for b in base.tolist()] + [float(base[-1] + rows[-1]) - 0.5 if len(base) else 0.5],
        "z": cells,
        "zmin": 1,
        "zmax": max(top, 2),
        "colorscale": [[0.0, "rgba(128,128,128,0.08)"], [1.0, "rgba(128,128,128,0.3)"]],
        "showscale": False,
        "hoverongaps": False,
        "ygap": 4,
        "name": f"events per lane and {binned.unit}",
        "hovertemplate": "%{z:,} events of this lane in this period<extra></extra>",
        "meta": {"role": "lane-density", "unit": binned.unit, "lanes": list(order)},
    }


def _lane_notes(
    middles: npt.NDArray[np.float64], counts: IntArray, drawn: IntArray, theme: str
) -> list[dict[str, Any]]:
    """Right of each lane with events not drawn, level with it: how many ("6,681 more here: zoom
    in")."""
    hidden = counts - drawn
    notes: list[dict[str, Any]] = []
    # lanes with nothing drawn first, then those missing the most
    for k in sorted(np.flatnonzero(hidden > 0).tolist(), key=lambda k: (drawn[k] > 0, -hidden[k], k)):
        if len(notes) >= _MAX_LANE_NOTES:
            break
        notes.append(
            {
                "text": f"{int(hidden[k]):,} more here: zoom in",
                "x": 1.0,
                "xref": "paper",
                "xanchor": "left",
                "xshift": 4,
                "y": float(middles[k]),
                "yref": "y",
                "yanchor": "middle",
                "showarrow": False,
                "font": {"size": 11, "color": "#BBBBBB" if theme == "dark" else "#555555"},
                "name": "lane-note",
            }
        )
    return notes


@dataclass(frozen=True)
class Binned:
    """Counts per period: bin ``i`` is ``[edges[i], edges[i + 1])`` (epoch ms); ``counts`` has one
    value per bin, or one row of bins per lane (flattened, lane-major) for a lane density."""

    edges: IntArray
    unit: str
    counts: IntArray


@dataclass(frozen=True)
class TimelineParts:
    """What the timeline draws, computed from a frame (:func:`timeline_parts`) or asked of an
    event store (:mod:`dashboard.store.timeline`); :func:`draw_timeline` turns it into a figure.

    ``marks`` holds the events drawn one by one (frame columns), one row per mark: an event in
    several lanes has a row in each, ``mark_lane`` says which (an index into ``order``).
    """

    total: int  # events under the filters
    lanes: str
    order: list[str]  # lane labels, top first
    counts: IntArray  # events per lane
    marks: pd.DataFrame
    mark_lane: IntArray
    selected: str | None
    lane_density: Binned
    density: Binned
    data_lo: int  # epoch ms: the events' extent
    data_hi: int
    look: CategoryLook
    aggregated: bool  # some events are not drawn one by one
    each_lane: bool = True  # each lane keeps a few of its own marks
    note: str | None = None  # said above the chart (e.g. lanes left out)
    window_counts: IntArray | None = None  # events per lane meeting the visible window (None: no window)


def timeline_parts(
    df: pd.DataFrame,
    *,
    lanes: str = "category",
    categories: Mapping[str, CategoryStyle] | None = None,
    selected: str | None = None,
    max_marks: int = DEFAULT_MAX_MARKS,
    x_range: tuple[int, int] | None = None,
    theme: str = "light",
) -> TimelineParts | None:
    """The parts of :func:`timeline_figure` from a frame (None when it has no rows)."""
    look = category_look(_category_keys(df["category"]), categories, theme)
    if not len(df):
        return None
    earliest = df["earliest_ms"].to_numpy(dtype=np.int64)
    latest = df["latest_ms"].to_numpy(dtype=np.int64)
    data_lo, data_hi = int(earliest.min()), int(max(latest.max(), earliest.max()))
    draw_lo, draw_hi = data_lo, data_hi
    if x_range is not None:
        draw_lo, draw_hi = min(draw_lo, int(x_range[0])), max(draw_hi, int(x_range[1]))
    in_lanes = _lanes(df, lanes, look)
    seen = in_lanes  # the pairs that can be drawn: those of events in the window
    window_counts: IntArray | None = None
    if x_range is not None:
        meets = (latest >= int(x_range[0])) & (earliest < int(x_range[1]))
        if "open_end" in df.columns:
            meets |= df["open_end"].to_numpy(dtype=np.bool_) & (earliest < int(x_range[1]))
        if "open_start" in df.columns:
            meets |= df["open_start"].to_numpy(dtype=np.bool_) & (latest >= int(x_range[0]))
        keep = np.flatnonzero(meets[in_lanes.row])
        window_counts = np.bincount(in_lanes.lane[keep], minlength=len(in_lanes.order)).astype(np.int64)
        seen = _Lanes(in_lanes.order, in_lanes.row[keep], in_lanes.lane[keep], window_counts)
    forced_pairs = np.zeros(0, dtype=np.int64)
    if selected is not None:
        forced_pairs = np.flatnonzero(df["id"].to_numpy(dtype=object)[seen.row] == selected)
    importance = df["importance"].to_numpy(dtype=np.int64)
    if x_range is not None:
        # in a window, the events wholly inside it come first (a week's events before the years and
        # the long spans around it, which the lanes' strips count), then the most important
        importance = importance + 10 * _inside(df, earliest, latest, x_range)
    chosen = _choose_pairs(importance[seen.row], earliest[seen.row], seen, max_marks, forced_pairs)
    marks, mark_lane = df.iloc[seen.row[chosen]], seen.lane[chosen]
    edges, unit = density_bins(draw_lo, draw_hi, max_bins=_DENSITY_MAX_BINS)
    # the lanes' strips: over the window when there is one (finer as one zooms in)
    strip_lo, strip_hi = (int(x_range[0]), int(x_range[1])) if x_range is not None else (draw_lo, draw_hi)
    return TimelineParts(
        total=len(df),
        lanes=lanes,
        order=in_lanes.order,
        counts=in_lanes.counts,
        marks=marks,
        mark_lane=mark_lane,
        selected=selected,
        lane_density=_lane_grid(in_lanes, earliest, strip_lo, strip_hi),
        density=Binned(edges, unit, density_counts(df, edges)),
        data_lo=data_lo,
        data_hi=data_hi,
        look=look,
        aggregated=len(chosen) < len(seen.row),
        window_counts=window_counts,
    )


def _inside(df: pd.DataFrame, earliest: IntArray, latest: IntArray, x_range: tuple[int, int]) -> IntArray:
    """1 for the events that lie wholly inside ``x_range`` (epoch ms, end excluded), else 0."""
    inside = (earliest >= int(x_range[0])) & (latest < int(x_range[1]))
    for column in ("open_start", "open_end"):
        if column in df.columns:
            inside &= ~df[column].to_numpy(dtype=np.bool_)
    return inside.astype(np.int64)


def timeline_figure(
    df: pd.DataFrame,
    *,
    lanes: str = "category",
    categories: Mapping[str, CategoryStyle] | None = None,
    selected: str | None = None,
    max_marks: int = DEFAULT_MAX_MARKS,
    x_range: tuple[int, int] | None = None,
    title: str | None = None,
    theme: str = "light",
    plot_width: float = DEFAULT_PLOT_WIDTH,
    periods: Sequence[Period] = (),
    links: bool | None = None,
) -> go.Figure:
    """The main timeline: one lane per ``lanes`` value, events as marks, a density strip below.

    ``df`` is the events frame (``docs/frame-columns.md``), usually already filtered.
    ``categories`` maps category values to their label and colour (Okabe-Ito when missing).
    ``selected`` is an event id drawn again on top with a large outlined marker.
    At most ``max_marks`` events are drawn individually (most important first, spread over
    time); the density strip always counts every row. ``x_range`` (epoch ms) fixes the
    visible window, else the data range padded by 3%.

    Every lane that holds an event is a row, labelled with its count ("Referendum (6,686)"),
    with its own faint density (trace role ``lane-density``: a heatmap whose cells in a row
    add up to that count) and, when some of its events are not drawn, a note at its end.
    With ``lanes`` ``actor``, ``place`` or ``tag`` an event is drawn in the lane of each of
    its values (same id in ``customdata[0]``), and one with none in "(no actor)" etc.
    ``max_marks`` bounds the marks (one per event and lane), of which each lane gets its own
    few most important.

    ``fig.layout.meta`` is ``{"total", "drawn", "aggregated", "density_unit", "lanes",
    "drawn_events", "lane_counts"}``: ``total`` the rows of ``df``, ``drawn`` the marks,
    ``drawn_events`` the distinct events among them, ``lane_counts`` ``{lane label: events}``
    in lane order.
    """
    _check_theme(theme)
    if lanes not in _LANE_COLUMNS:
        raise ValueError(f"lanes must be one of {', '.join(LANES)}, got {lanes!r}")
    if max_marks < 0:
        raise ValueError(f"max_marks must be 0 or more, got {max_marks}")
    if x_range is not None and not int(x_range[0]) < int(x_range[1]):
        raise ValueError(f"x_range must be (start_ms, end_ms) with start < end, got {x_range}")
    parts = timeline_parts(
        df, lanes=lanes, categories=categories, selected=selected, max_marks=max_marks, x_range=x_range, theme=theme
    )
    return draw_timeline(
        parts,
        lanes=lanes,
        x_range=x_range,
        title=title,
        theme=theme,
        plot_width=plot_width,
        periods=periods,
        links=links,
    )


def draw_timeline(
    parts: TimelineParts | None,
    *,
    lanes: str = "category",
    x_range: tuple[int, int] | None = None,
    title: str | None = None,
    theme: str = "light",
    plot_width: float = DEFAULT_PLOT_WIDTH,
    periods: Sequence[Period] = (),
    links: bool | None = None,
) -> go.Figure:
    """The timeline figure of ``parts`` (None: no events); see :func:`timeline_figure`.

    Each drawn event is labelled with its title and stacked in a sub-row of its lane so that no
    label or mark covers another (:mod:`dashboard.render.stacking`), laid out for the visible
    window on a plot area ``plot_width`` pixels wide; a lane has as many sub-rows as it needs (at
    most 16, fewer with many lanes), and an event with no room left is not drawn (counted in its
    lane's note). The y axis is numeric: lane ``k`` holds the sub-rows from ``meta["lane_base"][k]``
    on (``meta["lane_rows"][k]`` of them), labelled at their middle.
    ``periods`` are drawn as bands behind the lanes (shapes named ``period``), each labelled
    above the chart with its label, shortened to the band's width.
    ``links`` (the URL's ``links=0|1``; None: when few) draws the links between drawn events as
    arrows (:mod:`dashboard.render.links`).
    """
    template = _check_theme(theme)
    traces: list[dict[str, Any]] = []
    total = n_drawn = drawn_events = 0
    aggregated = False
    density_unit: str | None = None
    lane_order: list[str] = []
    lane_counts: dict[str, int] = {}
    notes: list[dict[str, Any]] = []
    note: str | None = None
    each_lane = True
    lane_rows = np.zeros(0, dtype=np.int64)
    lane_base = np.zeros(0, dtype=np.int64)
    extent: tuple[int, int] | None = None

    if parts is not None and parts.total:
        extent = (parts.data_lo, parts.data_hi)
        total, aggregated, note, each_lane = parts.total, parts.aggregated, parts.note, parts.each_lane
        lanes = parts.lanes
        draw_lo, draw_hi = parts.data_lo, parts.data_hi
        if x_range is not None:
            draw_lo, draw_hi = min(draw_lo, int(x_range[0])), max(draw_hi, int(x_range[1]))
        lane_order = parts.order
        lane_counts = {name: int(c) for name, c in zip(lane_order, parts.counts.tolist(), strict=True)}
        look = parts.look
        lo, hi = (int(x_range[0]), int(x_range[1])) if x_range else _padded_range(draw_lo, draw_hi)
        marks = _marks(parts.marks, parts.mark_lane, look, draw_lo, draw_hi)
        ids = parts.marks["id"].to_numpy(dtype=object)
        ms_per_px = (hi - lo) / plot_width
        n_lanes = len(lane_order)
        stacked = stack_items(
            lane=marks.lane,
            n_lanes=n_lanes,
            x0_px=(marks.x0 - lo) / ms_per_px,
            x1_px=(marks.x1 - lo) / ms_per_px,
            radius_px=_marker_sizes(marks.importance) / 2,
            titles=marks.title,
            # the selected event first, then those wholly in view (a window's own events before the
            # long spans around it), then the most important
            priority=marks.importance
            + np.where(ids == parts.selected, 100, 0)
            + np.where((marks.x0 >= lo) & (marks.x1 <= hi), 10, 0),
            width_px=plot_width,
            font_px=_LABEL_FONT_PX,
            max_rows=max(2, min(_MAX_SUB_ROWS, _ALL_SUB_ROWS // max(n_lanes, 1))),
        )
        keep = np.flatnonzero(stacked.placed)
        lane_rows = stacked.rows
        lane_base = np.concatenate([[0], np.cumsum(lane_rows)[:-1]]).astype(np.int64)
        y = (lane_base[marks.lane] + stacked.sub_row)[keep]
        aggregated = aggregated or len(keep) < len(marks.x)
        marks, stacked, ids = _take(marks, keep), stacked.take(keep), ids[keep]
        n_drawn = len(marks.x)
        drawn_events = len(set(ids.tolist()))
        traces.append(_lane_density_trace(lane_order, lane_base, lane_rows, parts.lane_density))
        traces += _event_traces(marks, y, look, legend=lanes != "category")
        traces.append(_label_trace(marks, y, stacked, look, (lo, hi, plot_width), theme))

        on_top = np.flatnonzero(ids == parts.selected) if parts.selected is not None else np.zeros(0, np.int64)
        if on_top.size:
            outline = "#FFFFFF" if theme == "dark" else "#000000"
            traces.append(
                _gl(
                    x=marks.x[on_top],
                    y=y[on_top],
                    mode="markers",
                    name="selected",
                    showlegend=False,
                    marker={
                        "size": int(_marker_sizes(marks.importance[on_top[:1]])[0]) + 8,
                        "symbol": "circle-open",
                        "color": outline,
                        "line": {"color": outline, "width": 3},
                    },
                    customdata=marks.custom[on_top],
                    hovertemplate=_HOVER,
                    meta={"role": "selected"},
                )
            )
        if aggregated:
            in_view = (marks.x1 >= lo) & (marks.x0 <= hi)
            drawn_per_lane = np.bincount(marks.lane[in_view], minlength=n_lanes)
            here = parts.window_counts if parts.window_counts is not None else parts.counts
            notes = _lane_notes(_lane_middles(lane_base, lane_rows), here, drawn_per_lane, theme)

        density_unit = parts.density.unit
        traces.append(_density_trace(parts.density.edges, parts.density.counts, density_unit))
        slider_lo, slider_hi = _padded_range(draw_lo, draw_hi)
    elif x_range is not None:
        lo, hi = int(x_range[0]), int(x_range[1])
        slider_lo, slider_hi = lo, hi
    else:
        lo, hi = _year_start_ms(2000), _year_start_ms(2001)
        slider_lo, slider_hi = lo, hi

    lo, hi = _clamp_ms(lo), _clamp_ms(hi)
    total_rows = max(int(lane_rows.sum()), 1)
    lanes_px = max(total_rows * _SUB_ROW_PX + 20, 200)
    grid = make_subplots(
        rows=2,
        cols=1,
        shared_xaxes=True,
        vertical_spacing=0.04,
        row_heights=[lanes_px / (lanes_px + _DENSITY_PX), _DENSITY_PX / (lanes_px + _DENSITY_PX)],
    )
    fig = go.Figure(data=traces, layout=grid.layout)
    axis = _date_axis(lo, hi)
    fig.update_xaxes(**axis, showgrid=True)
    fig.update_layout(
        xaxis={
            "rangeselector": {
                "buttons": [
                    {"count": 1, "label": "1m", "step": "month", "stepmode": "backward"},
                    {"count": 6, "label": "6m", "step": "month", "stepmode": "backward"},
                    {"count": 1, "label": "1y", "step": "year", "stepmode": "backward"},
                    {"count": 5, "label": "5y", "step": "year", "stepmode": "backward"},
                    {"label": "all", "step": "all"},
                ],
                "x": 1.0,
                "xanchor": "right",
                "y": 1.0,
                "yanchor": "bottom",
            }
        },
        xaxis2={
            "rangeslider": {
                "visible": True,
                "thickness": 0.08,
                "range": [_clamp_ms(slider_lo), _clamp_ms(slider_hi)],
            }
        },
    )
    fig.update_layout(
        yaxis={
            "type": "linear",
            # sub-row 0 at the top; every lane is labelled with how many events it holds, drawn or not
            "range": [total_rows - 0.5, -0.5],
            "tickmode": "array",
            "tickvals": _lane_middles(lane_base, lane_rows).tolist(),
            "ticktext": [f"{_esc(v)} ({lane_counts[v]:,})" for v in lane_order],
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        yaxis2={"title": {"text": "events"}, "fixedrange": True, "rangemode": "tozero"},
    )

    annotations: list[dict[str, Any]] = []
    if not total:
        annotations.append(_note("No events to show", 0.5, 0.6))
    elif note and not aggregated:
        annotations.append(_note(note, 0.0, 1.12, xanchor="left", yanchor="bottom"))
    elif aggregated:
        annotations.append(
            _note(
                f"Showing the {drawn_events:,} most important of {total:,} events"
                + (" (each lane's own among them)" if each_lane else "")
                + "; zoom in, narrow the dates or filter to see the others. Lane labels and strips count them all."
                + (f" {note}" if note else ""),
                0.0,
                1.12,
                xanchor="left",
                yanchor="bottom",
            )
        )
    annotations += notes
    period_shapes, period_labels = _period_bands(periods, lo, hi, plot_width, theme)
    annotations += period_labels
    # the lanes' sub-rows, the density strip and the range slider under it, the margins
    top = (70 if title else 40) + (30 if aggregated or note else 0) + (20 if period_labels else 0)
    bottom = 10 if lanes == "category" else 90
    height = max(int((lanes_px + _DENSITY_PX) / 0.96 * 1.1) + top + bottom, 420)
    fig.update_layout(
        template=template,
        title={"text": _esc(title)} if title else None,
        height=height,
        margin={
            "l": 10,
            # room for the lanes' "+N more" notes
            "r": 10 + 7 * max((len(note["text"]) for note in notes), default=0),
            "t": top,
            "b": bottom,
        },
        hovermode="closest",
        clickmode="event+select",
        dragmode="pan",
        bargap=0.05,
        legend={
            "groupclick": "togglegroup",
            "title": {"text": _esc(_lane_title(lanes))},
            "orientation": "h",
            "x": 0.0,
            "xanchor": "left",
            "y": -0.22,
            "yanchor": "top",
        },
        # with category lanes the lane labels already name the colours
        showlegend=lanes != "category",
        uirevision=f"{lanes}|{x_range}",
        annotations=annotations,
        shapes=[
            {
                "type": "line",
                "xref": "x domain",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": float(b) - 0.5,
                "y1": float(b) - 0.5,
                "line": {"width": 1, "color": "rgba(128,128,128,0.35)"},
                "layer": "below",
                "name": "lane-separator",
            }
            for b in lane_base[1:].tolist()
        ]
        + period_shapes,
        meta={
            "total": total,
            "drawn": n_drawn,
            "aggregated": aggregated,
            "density_unit": density_unit,
            "lanes": lanes,
            "drawn_events": drawn_events,
            "lane_counts": lane_counts,
            "lane_order": [_esc(v) for v in lane_order],
            "description": describe_timeline(
                total,
                drawn_events,
                extent,
                len(lane_order),
                lanes,
                window=(int(x_range[0]), int(x_range[1])) if x_range is not None else None,
            ),
            "lane_base": lane_base.tolist(),
            "lane_rows": lane_rows.tolist(),
        },
    )
    add_link_arrows(fig, parts.marks if parts is not None else None, show=links)  # issue 16
    return fig


def _period_bands(
    periods: Sequence[Period], lo: int, hi: int, plot_width: float, theme: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A band behind the lanes for each period in ``lo..hi``, and its label above the chart."""
    shapes: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    ms_per_px = (hi - lo) / plot_width
    for k, period in enumerate(periods):
        start = lo if period.open_start else max(period.earliest_ms, lo)
        end = hi if period.open_end else min(period.latest_ms + 1000, hi)
        if end <= start:
            continue
        color = _valid_color(period.color) or OKABE_ITO[k % len(OKABE_ITO)]
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "x0": start,
                "x1": end,
                "yref": "y domain",
                "y0": 0,
                "y1": 1,
                "fillcolor": color,
                "opacity": 0.12,
                "line": {"width": 0},
                "layer": "below",
                "name": "period",
            }
        )
        text = fit_text(period.label, 11, (end - start) / ms_per_px - 4)
        if text:
            labels.append(
                {
                    "text": _esc(text),
                    "x": start,
                    "xref": "x",
                    "xanchor": "left",
                    "y": 1.0,
                    "yref": "y domain",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": 11, "color": _TEXT_COLORS[theme]},
                    "hovertext": _esc(f"{period.label} ({period.date_label})"),
                    "name": "period-label",
                }
            )
    return shapes, labels


def describe_timeline(
    total: int,
    drawn: int,
    extent: tuple[int, int] | None,
    n_lanes: int,
    lanes: str,
    *,
    window: tuple[int, int] | None = None,
) -> str:
    """What the timeline shows, in words (its text alternative): "40 events, 2014-2022, 8 lanes by
    category; all drawn one by one", and with a ``window`` (epoch ms, end excluded) "...; in view
    1 Mar 2021 to 7 Mar 2021: 165 drawn one by one, the others counted per lane"."""
    if not total or extent is None:
        return "No events to show."
    first, last = (format_year_label(civil_from_ms(ms)[0]) for ms in extent)
    years = first if first == last else f"{first} to {last}"
    plural = "s" if total != 1 else ""
    lanes_text = f"{n_lanes} lane{'s' if n_lanes != 1 else ''} by {lanes}"
    shown = "all drawn one by one" if drawn >= total else f"{drawn:,} drawn one by one, the others counted per lane"
    if window is not None:
        days = [format_day_label(*civil_from_ms(ms)) for ms in (window[0], max(window[0], window[1] - 1))]
        shown = f"in view {days[0]} to {days[1]}: {shown}"
    return f"{total:,} event{plural}, {years}, {lanes_text}; {shown}."


def _lane_title(lanes: str) -> str:
    return "Category" if lanes == "category" else "Colour: category"


def _note(text: str, x: float, y: float, *, xanchor: str = "center", yanchor: str = "middle") -> dict[str, Any]:
    return {
        "text": text,
        "x": x,
        "y": y,
        "xref": "paper",
        "yref": "paper",
        "xanchor": xanchor,
        "yanchor": yanchor,
        "showarrow": False,
        "font": {"size": 12},
    }


def story_strip_figure(
    df_steps: pd.DataFrame,
    *,
    current_index: int,
    categories: Mapping[str, CategoryStyle] | None = None,
    theme: str = "light",
) -> go.Figure:
    """A compact one-row timeline of a story's steps (rows of ``df_steps``, in story order).

    Every step is a marker (id first in ``customdata``: ``[id, label, title, step number]``),
    the current step is drawn again large and outlined, and it and its neighbours are
    labelled with their (escaped, shortened) titles.
    """
    template = _check_theme(theme)
    n = len(df_steps)
    if n and not 0 <= current_index < n:
        raise IndexError(f"current_index {current_index} is out of range for {n} steps")
    look = category_look(_category_keys(df_steps["category"]), categories, theme)
    fig = go.Figure()
    lo, hi = _year_start_ms(2000), _year_start_ms(2001)
    if n:
        open_end = df_steps["open_end"].to_numpy(dtype=np.bool_)
        e = df_steps["earliest_ms"].to_numpy(dtype=np.int64)
        latest = df_steps["latest_ms"].to_numpy(dtype=np.int64)
        point = df_steps["precision"].astype("string").isin(list(_POINT_PRECISIONS)).to_numpy(
            dtype=np.bool_, na_value=False
        ) & ~df_steps["interval"].to_numpy(dtype=np.bool_)
        x = np.where(point | open_end, e, e + (np.maximum(latest, e) - e) // 2).tolist()
        cats = _category_values(df_steps)
        colors = [look.colors.get(c, "#888888") for c in cats]
        titles = [_esc(_short(t, 40)) for t in df_steps["title"].tolist()]
        custom = [
            [str(i_d), _esc(_short(lab)), _esc(_short(t)), k + 1]
            for k, (i_d, lab, t) in enumerate(
                zip(
                    df_steps["id"].tolist(),
                    df_steps["label"].tolist(),
                    df_steps["title"].tolist(),
                    strict=True,
                )
            )
        ]
        neighbours = {current_index - 1, current_index + 1}
        texts = [titles[k] if k in neighbours else "" for k in range(n)]
        # Previous step's label to the left, next step's to the right: they do not collide.
        positions = ["bottom left" if k < current_index else "bottom right" for k in range(n)]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[0] * n,
                mode="markers+text",
                text=texts,
                textposition=positions,
                textfont={"size": 11},
                name="steps",
                marker={"color": colors, "size": 10, "opacity": 0.85},
                customdata=custom,
                hovertemplate=_STORY_HOVER,
                showlegend=False,
                meta={"role": "story-steps"},
            )
        )
        outline = "#FFFFFF" if theme == "dark" else "#000000"
        fig.add_trace(
            go.Scatter(
                x=[x[current_index]],
                y=[0],
                mode="markers+text",
                text=[f"<b>{titles[current_index]}</b>"],
                textposition="top center",
                name="current",
                marker={
                    "color": colors[current_index],
                    "size": 22,
                    "line": {"color": outline, "width": 3},
                },
                customdata=[custom[current_index]],
                hovertemplate=_STORY_HOVER,
                showlegend=False,
                meta={"role": "story-current"},
            )
        )
        lo, hi = _padded_range(int(min(x)), int(max(x)))
        pad = max((hi - lo) // 20, MS_PER_DAY)
        lo, hi = _clamp_ms(lo - pad), _clamp_ms(hi + pad)
    fig.update_xaxes(**_date_axis(lo, hi), showgrid=False, fixedrange=False)
    fig.update_yaxes(visible=False, range=[-1.2, 1.2], fixedrange=True)
    fig.update_layout(
        template=template,
        height=170,
        margin={"l": 10, "r": 10, "t": 10, "b": 30},
        hovermode="closest",
        clickmode="event",
        dragmode="pan",
        meta={"total": n, "current": current_index if n else None},
    )
    return fig


_FILENAME_UNSAFE: Final = re.compile(r"[^A-Za-z0-9._-]+")


def figure_config(filename: str) -> dict[str, Any]:
    """The ``config`` for showing a figure: PNG export named ``filename``, scroll zoom on.

    ``filename`` is reduced to ``[A-Za-z0-9._-]`` (Plotly adds ``.png``).
    """
    safe = _FILENAME_UNSAFE.sub("-", filename).strip("-.")
    if safe.lower().endswith(".png"):
        safe = safe[:-4]
    return {
        "toImageButtonOptions": {"format": "png", "filename": safe or "timeline", "scale": 2},
        "displaylogo": False,
        "scrollZoom": True,
        "responsive": True,
    }
