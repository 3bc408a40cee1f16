"""The links between drawn events, as arrows on the timeline (issue 16). Pure Plotly, no Streamlit.

:func:`add_link_arrows` is called once by :func:`dashboard.render.figures.draw_timeline` on the
finished figure: it reads where each event is drawn from the figure's event marks (traces whose
``meta["role"]`` is ``events``; ``customdata[0]`` is the event id) and the links of the drawn events
from the timeline's marks (the frame's ``links`` column, items ``type:id``), and draws one arrow per
link whose two events are both drawn: from the event that writes the link to the event it names,
coloured by type (:data:`LINK_STYLES`), with a legend entry per type drawn.

Arrows are layout annotations (``showarrow``) named ``link <type> <from> -> <to>``; the legend
entries are empty line traces with ``meta={"role": "link-legend", "type": ...}``; the figure's
``layout.meta["links"]`` says how many links are in view and how many are drawn (when any is). No chronology text
is drawn (ids are checked ids; a link's note is shown in the details panel only).

On by default when at most :data:`AUTO_MAX_LINKS` links are in view (``links=1`` draws up to
:data:`MAX_DRAWN_LINKS`, ``links=0`` none).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go  # type: ignore[import-untyped, unused-ignore]

from ..core.links import LABELS, LINK_TYPES, decode_link

__all__ = ["AUTO_MAX_LINKS", "LINK_STYLES", "MAX_DRAWN_LINKS", "add_link_arrows", "links_in_view"]

AUTO_MAX_LINKS: Final = 200
"""Links in view up to which arrows are drawn without being asked (``links=1`` draws more)."""
MAX_DRAWN_LINKS: Final = 2_000
"""Arrows drawn at most, even when asked (the figure sent to the browser stays bounded)."""

LINK_STYLES: Final[dict[str, tuple[str, str]]] = {
    "causes": ("#B2182B", "solid"),
    "responds-to": ("#2166AC", "dash"),
    "part-of": ("#1B7837", "dot"),
    "contradicts": ("#762A83", "dashdot"),
    "same-as": ("#555555", "longdash"),
}
"""Colour (dark, apart from the Okabe-Ito colours of the categories) and dash of each link type."""


def _positions(fig: go.Figure) -> dict[str, tuple[float, float]]:
    """Where each drawn event is: its first event mark's (x, y)."""
    where: dict[str, tuple[float, float]] = {}
    for trace in fig.data:
        meta = trace.meta if isinstance(trace.meta, dict) else {}
        if meta.get("role") != "events" or trace.customdata is None:
            continue
        xs, ys = np.asarray(trace.x), np.asarray(trace.y)
        for k, row in enumerate(trace.customdata):
            eid = str(row[0])
            if eid not in where:
                where[eid] = (float(xs[k]), float(ys[k]))
    return where


def links_in_view(marks: pd.DataFrame | None, drawn: set[str]) -> list[tuple[str, str, str]]:
    """``(from, to, type)`` of every link between two drawn events (``drawn``), from the marks'
    ``links`` column (none when the frame has no such column), each once, in the marks' order."""
    if marks is None or "links" not in marks.columns or not len(marks):
        return []
    out: dict[tuple[str, str, str], None] = {}
    for eid, items in zip(marks["id"].tolist(), marks["links"].tolist(), strict=True):
        if eid not in drawn or not isinstance(items, Sequence | np.ndarray):
            continue
        for item in items:
            parts = decode_link(str(item))
            if parts is not None and parts[1] in drawn and parts[0] in LINK_STYLES:
                out[(str(eid), parts[1], parts[0])] = None
    return list(out)


def add_link_arrows(fig: go.Figure, marks: pd.DataFrame | None, *, show: bool | None = None) -> int:
    """Draw the links between the events drawn on ``fig`` (see the module); returns how many.

    ``show`` None: drawn when at most :data:`AUTO_MAX_LINKS` are in view; True: drawn (at most
    :data:`MAX_DRAWN_LINKS`); False: not drawn. ``layout.meta["links"]`` is
    ``{"in_view": N, "drawn": M, "shown": bool}`` when some link is in view (absent otherwise).
    """
    where = _positions(fig)
    found = links_in_view(marks, set(where))
    on = bool(found) and (show if show is not None else len(found) <= AUTO_MAX_LINKS)
    chosen = found[:MAX_DRAWN_LINKS] if on else []
    annotations: list[dict[str, Any]] = []
    for src, dst, kind in chosen:
        (x0, y0), (x1, y1) = where[src], where[dst]
        color, _dash = LINK_STYLES[kind]
        annotations.append(
            {
                "name": f"link {kind} {src} -> {dst}",
                "x": x1,
                "y": y1,
                "ax": x0,
                "ay": y0,
                "xref": "x",
                "yref": "y",
                "axref": "x",
                "ayref": "y",
                "text": "",
                "showarrow": True,
                "arrowhead": 2,
                "arrowsize": 1.2,
                "arrowwidth": 1.6,
                "arrowcolor": color,
                "standoff": 7,
                "startstandoff": 5,
                "opacity": 0.85,
            }
        )
    if annotations:
        fig.layout.annotations = (*fig.layout.annotations, *annotations)
        for kind in LINK_TYPES:
            if any(k == kind for _s, _d, k in chosen):
                color, dash = LINK_STYLES[kind]
                fig.add_trace(
                    go.Scatter(
                        x=[None],
                        y=[None],
                        mode="lines",
                        name=f"→ {LABELS[kind][0]}",
                        legendgroup="links",
                        legendgrouptitle={"text": "Links"},
                        showlegend=True,
                        line={"color": color, "dash": dash, "width": 2},
                        hoverinfo="skip",
                        meta={"role": "link-legend", "type": kind},
                    )
                )
        if not fig.layout.showlegend:
            # the category lanes name their colours themselves: the legend shows the links only
            fig.update_layout(
                showlegend=True,
                legend_title_text="",
                margin={"b": max(int(fig.layout.margin.b or 0), 90)},
            )
    if found:
        meta = dict(fig.layout.meta) if isinstance(fig.layout.meta, dict) else {}
        meta["links"] = {"in_view": len(found), "drawn": len(annotations), "shown": bool(annotations)}
        fig.update_layout(meta=meta)
    return len(annotations)
