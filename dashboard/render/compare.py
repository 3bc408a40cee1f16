"""The compare figure: two chronologies on one time axis, each in its own band of lanes (issue 17).

Pure Plotly, no Streamlit. The inputs are two (filtered) events frames (``docs/frame-columns.md``)
and the matched pairs of :func:`dashboard.core.compare.compare`. The first chronology's band is on
top, the second's below, each with its title and one lane per category; matched events are joined
by a thin line across the bands (dotted and coloured when the pair changed). Aligned on two anchor
events, the axis counts days before and after them (each band shifted so that its anchor is day 0);
otherwise it is a date axis in epoch milliseconds, as the timeline's.

As in :mod:`dashboard.render.figures`: chronology text reaches the browser only in ``customdata``
and escaped for Plotly's pseudo-HTML (titles and lane labels too); every event mark carries its id
as ``customdata[0]`` and its band (``"A"`` or ``"B"``) as ``customdata[1]``; each trace has a
``meta`` dict whose ``"role"`` says what it is (``events``, ``spans``, ``match-lines``,
``selected``, ``labels``), and ``layout.meta`` holds the bands' titles and the figure's description.

Each event's title is written beside it as SVG text (the ``labels`` traces), shortened to fit and
stacked as on the timeline (:mod:`dashboard.render.stacking`) so that no two labels meet.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go  # type: ignore[import-untyped, unused-ignore]

from ..core.dates import MS_PER_DAY
from .figures import DEFAULT_PLOT_WIDTH, CategoryStyle, category_look
from .stacking import stack_items

__all__ = ["LABEL_FONT_PX", "Band", "compare_figure", "describe_compare"]

_ROW_PX: Final = 26  # a sub-row: the largest marker and a label (as the timeline's)
_MAX_TEXT: Final = 160
_HOVER: Final = "<b>%{customdata[2]}</b><br>%{customdata[3]} · %{customdata[4]}<extra>%{customdata[5]}</extra>"
_POINTS: Final = frozenset({"day", "moment"})
_SAME_COLOR: Final = "#7F7F7F"
_CHANGED_COLOR: Final = "#D55E00"
_BAND_FILLS: Final = ("rgba(0, 114, 178, 0.06)", "rgba(230, 159, 0, 0.08)")
LABEL_FONT_PX: Final = 12
"""The size of the events' labels (the timeline's)."""
_TEXT_COLORS: Final = {"light": "#2A3F5F", "dark": "#F2F5FA"}  # the templates' own text colours
_MAX_SUB_ROWS: Final = 8  # a lane's sub-rows at most...
_ALL_SUB_ROWS: Final = 40  # ... and a band's lanes' together (each lane has at least 2)


@dataclass(frozen=True, slots=True)
class Band:
    """One chronology's part of the figure: its filtered events, title, categories and, when
    aligned, the epoch ms of its anchor event (day 0)."""

    frame: pd.DataFrame
    title: str
    categories: Mapping[str, CategoryStyle]
    total: int
    anchor_ms: int | None = None


def _esc(text: object) -> str:
    return html.escape(str(text), quote=False)


def _short(text: object, limit: int = _MAX_TEXT) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1] + "…"


@dataclass(slots=True)
class _Placed:
    """Where each event of a band is drawn, and its label."""

    ids: list[str]
    x: list[float]  # the mark: a point's instant, a span's middle
    x0: list[float]
    x1: list[float]
    y: list[int]
    span: list[bool]
    lanes: list[str]  # category keys, in the band's lane order
    rows: dict[str, float]  # lane key -> the middle of its sub-rows (where its tick label goes)
    last_row: int  # the band's last row
    label: list[str]  # the title as drawn (shortened to fit; "" = no room for it)
    label_x: list[float]  # where each label is anchored (its start, or its end when ``left``)
    left: list[bool]  # the label is left of its mark


def _x(ms: np.ndarray[Any, Any], anchor: int | None) -> np.ndarray[Any, Any]:
    """Epoch ms, or days from the anchor when aligned."""
    if anchor is None:
        return ms.astype(np.float64)
    return (ms - anchor) / MS_PER_DAY


def _bounds(band: Band) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Each event's start and end on the axis."""
    df = band.frame
    return (
        _x(df["earliest_ms"].to_numpy(dtype=np.int64), band.anchor_ms),
        _x(df["latest_ms"].to_numpy(dtype=np.int64), band.anchor_ms),
    )


def _marker_sizes(importance: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    return 7 + 2 * importance.astype(np.int64)


def _place(
    band: Band, first_row: int, x_range: tuple[float, float], plot_width: float, selected: str | None
) -> _Placed:
    """Each event in a sub-row of its category's lane, its title beside it, so that no label covers
    another label or a mark (:func:`dashboard.render.stacking.stack_items`, laid out for a plot area
    ``plot_width`` pixels wide showing ``x_range``). An event with no room left is still drawn, without
    its label, on its lane's first sub-row (every event of a band is shown, and its match line)."""
    df = band.frame
    cats = df["category"]
    if isinstance(cats.dtype, pd.CategoricalDtype):
        present = set(cats.astype(str))
        lanes = [str(c) for c in cats.cat.categories if str(c) in present]
    else:
        lanes = sorted({str(c) for c in cats})
    lane_of = {lane: i for i, lane in enumerate(lanes)}
    lane = np.array([lane_of[str(c)] for c in cats], dtype=np.int64)
    precision = df["precision"].astype(str).to_numpy()
    interval = df["interval"].to_numpy(dtype=bool)
    span = interval | ~np.isin(precision, list(_POINTS))
    x0, x1 = _bounds(band)
    mid = np.where(span, (x0 + x1) / 2, x0)
    ids = [str(i) for i in df["id"]]
    lo, hi = x_range
    per_px = (hi - lo) / plot_width
    importance = df["importance"].to_numpy(dtype=np.int64)
    stacked = stack_items(
        lane=lane,
        n_lanes=max(len(lanes), 1),
        x0_px=(x0 - lo) / per_px,
        x1_px=(x1 - lo) / per_px,
        radius_px=_marker_sizes(importance) / 2,
        titles=[_short(t) for t in df["title"]],
        priority=importance + np.array([100 if i == selected else 0 for i in ids], dtype=np.int64),
        width_px=plot_width,
        font_px=LABEL_FONT_PX,
        max_rows=max(2, min(_MAX_SUB_ROWS, _ALL_SUB_ROWS // max(len(lanes), 1))),
    )
    base = first_row + np.concatenate([[0], np.cumsum(stacked.rows)[:-1]]).astype(np.int64)
    sub_row = np.maximum(stacked.sub_row, 0)  # no room: on the first sub-row, without a label
    return _Placed(
        ids=ids,
        x=mid.tolist(),
        x0=x0.tolist(),
        x1=x1.tolist(),
        y=(base[lane] + sub_row).tolist() if len(lane) else [],
        span=span.tolist(),
        lanes=lanes,
        rows={key: float(base[i] + (stacked.rows[i] - 1) / 2) for i, key in enumerate(lanes)},
        last_row=int(first_row + max(int(stacked.rows[: len(lanes)].sum()), 1) - 1),
        label=list(stacked.label),
        label_x=(lo + stacked.label_px * per_px).tolist(),
        left=stacked.left.tolist(),
    )


def _label_trace(band: Band, placed: _Placed, custom: list[list[str]], side: str, theme: str) -> dict[str, Any]:
    """The placed titles as SVG text (escaped), beside their marks; hovering one shows the whole title."""
    pick = [i for i, text in enumerate(placed.label) if text]
    return {
        "type": "scatter",
        "mode": "text",
        "x": [placed.label_x[i] for i in pick],
        "y": [placed.y[i] for i in pick],
        "text": [_esc(placed.label[i]) for i in pick],
        "textposition": ["middle left" if placed.left[i] else "middle right" for i in pick],
        "textfont": {"size": LABEL_FONT_PX, "color": _TEXT_COLORS.get(theme, _TEXT_COLORS["light"])},
        "customdata": [custom[i] for i in pick],
        "hovertemplate": _HOVER,
        "cliponaxis": True,
        "showlegend": False,
        "name": f"labels {side}",
        "meta": {"role": "labels", "band": side},
    }


def _event_traces(band: Band, placed: _Placed, side: str, theme: str) -> list[dict[str, Any]]:
    df = band.frame
    look = category_look(placed.lanes, band.categories, theme)
    colors = [look.colors.get(str(c), _SAME_COLOR) for c in df["category"]]
    sizes = _marker_sizes(df["importance"].to_numpy(dtype=np.int64)).tolist()
    custom = [
        [eid, side, _esc(_short(title)), _esc(_short(label)), _esc(look.labels.get(str(cat), str(cat))), side]
        for eid, title, label, cat in zip(placed.ids, df["title"], df["label"], df["category"], strict=True)
    ]
    traces: list[dict[str, Any]] = []
    sx: list[float | None] = []
    sy: list[float | None] = []
    for x0, x1, y, span in zip(placed.x0, placed.x1, placed.y, placed.span, strict=True):
        if span:
            sx += [x0, x1, None]
            sy += [y, y, None]
    if sx:
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": sx,
                "y": sy,
                "line": {"width": 6, "color": "rgba(90, 90, 90, 0.35)"},
                "hoverinfo": "skip",
                "showlegend": False,
                "meta": {"role": "spans", "band": side},
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "x": placed.x,
            "y": placed.y,
            "customdata": custom,
            "hovertemplate": _HOVER,
            "marker": {"color": colors, "size": sizes, "line": {"width": 1, "color": "white"}},
            "showlegend": False,
            "name": f"band {side}",
            "meta": {"role": "events", "band": side},
        }
    )
    traces.append(_label_trace(band, placed, custom, side, theme))
    return traces


def _match_traces(
    pa: _Placed, pb: _Placed, pairs: Sequence[tuple[str, str, bool]]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    where_a = {eid: i for i, eid in enumerate(pa.ids)}
    where_b = {eid: i for i, eid in enumerate(pb.ids)}
    lines: dict[bool, tuple[list[float | None], list[float | None]]] = {True: ([], []), False: ([], [])}
    drawn = {"changed": 0, "same": 0}
    for a_id, b_id, changed in pairs:
        i, j = where_a.get(a_id), where_b.get(b_id)
        if i is None or j is None:
            continue
        xs, ys = lines[changed]
        xs += [pa.x[i], pb.x[j], None]
        ys += [pa.y[i], pb.y[j], None]
        drawn["changed" if changed else "same"] += 1
    traces = []
    for changed, (xs, ys) in lines.items():
        if not xs:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                "x": xs,
                "y": ys,
                "line": {
                    "width": 1,
                    "color": _CHANGED_COLOR if changed else _SAME_COLOR,
                    "dash": "dot" if changed else "solid",
                },
                "hoverinfo": "skip",
                "showlegend": False,
                "meta": {"role": "match-lines", "kind": "changed" if changed else "same"},
            }
        )
    return traces, drawn


def describe_compare(a: Band, b: Band, matched: int, changed: int, *, aligned: bool) -> str:
    """The figure in words (its text alternative)."""

    def part(band: Band) -> str:
        n = len(band.frame)
        return f"“{band.title}”, {n} of {band.total} event{'s' if band.total != 1 else ''}"

    text = (
        f"two chronologies on one time axis: {part(a)} (top band), and {part(b)} (bottom band); "
        f"{matched} matched pair{'s' if matched != 1 else ''} joined by lines, {changed} of them changed"
    )
    if aligned:
        text += "; aligned on two anchor events, the axis counts days before and after them"
    return text + "."


def compare_figure(
    a: Band,
    b: Band,
    *,
    pairs: Sequence[tuple[str, str, bool]],
    selected: tuple[str | None, str | None] = (None, None),
    theme: str = "light",
    plot_width: float = DEFAULT_PLOT_WIDTH,
) -> go.Figure:
    """Both chronologies, band above band, on one axis; ``pairs`` are ``(id in A, id in B,
    changed)``; ``selected`` the event chosen in each band (ringed, and labelled first), if any.

    Each event is labelled with its title (shortened to fit, whole on hover), stacked in a sub-row of
    its lane so that no label covers another or a mark, laid out for a plot area ``plot_width``
    pixels wide (as the timeline's: :func:`dashboard.render.figures.draw_timeline`).
    Aligned when both bands have an ``anchor_ms``: the axis is then in days from the anchors.
    """
    aligned = a.anchor_ms is not None and b.anchor_ms is not None
    if not aligned:
        a = Band(a.frame, a.title, a.categories, a.total)
        b = Band(b.frame, b.title, b.categories, b.total)
    bounds = [x for band in (a, b) for both in _bounds(band) for x in both.tolist()]
    lo, hi = (min(bounds), max(bounds)) if bounds else (0.0, 1.0)
    pad = max((hi - lo) * 0.04, 1.0 if aligned else float(MS_PER_DAY))
    x_range = (lo - pad, hi + pad)
    pa = _place(a, 1, x_range, plot_width, selected[0])
    title_b_row = pa.last_row + 2
    pb = _place(b, title_b_row + 1, x_range, plot_width, selected[1])
    last_row = pb.last_row
    traces: list[dict[str, Any]] = []
    lines, drawn = _match_traces(pa, pb, pairs)
    traces += lines
    traces += _event_traces(a, pa, "A", theme)
    traces += _event_traces(b, pb, "B", theme)
    sel_x: list[float] = []
    sel_y: list[int] = []
    for placed, chosen in ((pa, selected[0]), (pb, selected[1])):
        if chosen is not None and chosen in placed.ids:
            i = placed.ids.index(chosen)
            sel_x.append(placed.x[i])
            sel_y.append(placed.y[i])
    if sel_x:
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": sel_x,
                "y": sel_y,
                "marker": {"symbol": "circle-open", "size": 26, "line": {"width": 3}, "color": "#000000"},
                "hoverinfo": "skip",
                "showlegend": False,
                "meta": {"role": "selected"},
            }
        )
    look_a = category_look(pa.lanes, a.categories, theme)
    look_b = category_look(pb.lanes, b.categories, theme)
    tickvals = [pa.rows[k] for k in pa.lanes] + [pb.rows[k] for k in pb.lanes]
    ticktext = [_esc(_short(look_a.labels[k], 40)) for k in pa.lanes] + [
        _esc(_short(look_b.labels[k], 40)) for k in pb.lanes
    ]
    xaxis: dict[str, Any] = {"range": list(x_range), "autorange": False, "showgrid": True}
    shapes: list[dict[str, Any]] = []
    for i, (top, bottom) in enumerate(((0, title_b_row - 1), (title_b_row, last_row))):
        shapes.append(
            {
                "type": "rect",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": top - 0.5,
                "y1": bottom + 0.5,
                "fillcolor": _BAND_FILLS[i],
                "line": {"width": 0},
                "layer": "below",
            }
        )
    if aligned:
        xaxis.update(type="linear", title={"text": "Days before (−) and after (+) the anchor events"}, zeroline=False)
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": 0,
                "x1": 0,
                "y0": 0,
                "y1": 1,
                "line": {"width": 1, "color": "#333333", "dash": "dash"},
            }
        )
    else:
        xaxis.update(type="date")
    titles = [(a.title, 0), (b.title, title_b_row)]
    annotations = [
        {
            "text": f"<b>{_esc(_short(title, 120))}</b>",
            "xref": "paper",
            "yref": "y",
            "x": 0,
            "y": row,
            "xanchor": "left",
            "yanchor": "middle",
            "showarrow": False,
            "font": {"size": 14},
        }
        for title, row in titles
    ]
    description = describe_compare(a, b, drawn["changed"] + drawn["same"], drawn["changed"], aligned=aligned)
    fig = go.Figure(data=traces)
    fig.update_layout(
        template="plotly_dark" if theme == "dark" else "plotly_white",
        height=80 + _ROW_PX * (last_row + 1),  # the rows, the margins and the axis labels
        margin={"l": 10, "r": 10, "t": 10, "b": 50},
        xaxis=xaxis,
        yaxis={
            "range": [last_row + 0.6, -0.6],
            "autorange": False,
            "tickmode": "array",
            "tickvals": tickvals,
            "ticktext": ticktext,
            "showgrid": False,
            "zeroline": False,
            "fixedrange": True,
        },
        shapes=shapes,
        annotations=annotations,
        hovermode="closest",
        dragmode="pan",
        clickmode="event+select",
        meta={"description": description, "bands": [a.title, b.title], "aligned": aligned},
    )
    return fig
