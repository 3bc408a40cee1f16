"""The compare figure (issue 17): two titled bands, matched events joined, alignment, inert text."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pytest

from dashboard.core.compare import compare
from dashboard.core.frame import to_frame
from dashboard.core.loader import Chronology, load_bytes, load_path
from dashboard.render.compare import LABEL_FONT_PX, Band, compare_figure
from dashboard.render.stacking import text_width_px

ROOT = Path(__file__).resolve().parents[1]

A_TEXT = b"""title: "A <b>bold</b> & co"
events:
  - {id: x, date: 2022-09-30, title: "<img src=x onerror=alert(1)>", category: c}
  - {id: y, date: 2022-02-21, title: Y, category: d}
  - {id: only-a, date: 2022-03-01, title: Only A, category: c}
"""
B_TEXT = b"""title: B
events:
  - {id: bx, date: 2022-10-21/2022-10-31, title: X later, category: c, same_as: [x]}
  - {id: y, date: 2022-02-21, title: Y, category: d}
"""


def chrons() -> tuple[Chronology, Chronology]:
    return load_bytes(A_TEXT, file="a.yaml"), load_bytes(B_TEXT, file="b.yaml")


def figure(*, aligned: bool = False, selected: tuple[str | None, str | None] = (None, None)) -> Any:
    a, b = chrons()
    diff = compare(a, b)
    changed = {c.a for c in diff.changed}
    pairs = [(p.a, p.b, p.a in changed) for p in diff.pairs]
    ea, eb = a.event("x"), b.event("bx")
    assert ea is not None
    assert eb is not None
    anchors = (ea.date.earliest * 1000, eb.date.earliest * 1000) if aligned else (None, None)
    band_a = Band(to_frame(a), a.title, a.categories, len(a.events), anchors[0])
    band_b = Band(to_frame(b), b.title, b.categories, len(b.events), anchors[1])
    return compare_figure(band_a, band_b, pairs=pairs, selected=selected)


def role(fig: Any, name: str) -> list[Any]:
    return [t for t in fig.data if (t.meta or {}).get("role") == name]


def test_two_titled_bands_and_the_lines_between_matches() -> None:
    fig = figure()
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["<b>A &lt;b&gt;bold&lt;/b&gt; &amp; co</b>", "<b>B</b>"]
    assert fig.layout.meta["bands"] == ["A <b>bold</b> & co", "B"]
    events = {t.meta["band"]: t for t in role(fig, "events")}
    assert [c[0] for c in events["A"].customdata] == ["y", "only-a", "x"]
    assert [c[0] for c in events["B"].customdata] == ["y", "bx"]
    assert all(y < min(events["B"].y) for y in events["A"].y)  # band A above band B (y grows downwards)
    lines = {t.meta["kind"]: t for t in role(fig, "match-lines")}
    assert list(lines["same"].x).count(None) == 1
    assert list(lines["changed"].x).count(None) == 1
    assert lines["changed"].line.dash == "dot"
    assert fig.layout.xaxis.type == "date"
    assert "2 matched pairs joined by lines, 1 of them changed" in fig.layout.meta["description"]


def test_text_is_escaped_and_only_in_customdata() -> None:
    fig = figure()
    (a_events,) = [t for t in role(fig, "events") if t.meta["band"] == "A"]
    titles = [c[2] for c in a_events.customdata]
    assert "&lt;img src=x onerror=alert(1)&gt;" in titles
    assert all("<img" not in str(t.hovertemplate) for t in fig.data if t.hovertemplate)


def test_aligned_on_two_anchors_the_axis_is_in_days() -> None:
    fig = figure(aligned=True)
    assert fig.layout.xaxis.type == "linear"
    events = {t.meta["band"]: t for t in role(fig, "events")}
    xa = dict(zip([c[0] for c in events["A"].customdata], events["A"].x, strict=True))
    xb = dict(zip([c[0] for c in events["B"].customdata], events["B"].x, strict=True))
    assert xa["x"] == 0
    assert xb["bx"] == pytest.approx(5.5, abs=0.01)  # the middle of 21-31 October, day 0 = 21 October
    assert xa["y"] == -221  # 21 February is 221 days before 30 September
    assert xb["y"] == -242


def test_the_selected_pair_is_ringed() -> None:
    (ring,) = role(figure(selected=("x", "bx")), "selected")
    assert len(ring.x) == 2
    assert role(figure(), "selected") == []


# --------------------------------------------------------------------------- labels


def _label_boxes(fig: Any, plot_width: float) -> list[tuple[str, float, float, float]]:
    """(text, left px, right px, row) of every label, from the figure's own geometry: the anchor's
    place in a ``plot_width`` px plot area and the text's width (DejaVu Sans advance widths)."""
    lo, hi = fig.layout.xaxis.range
    boxes = []
    for trace in role(fig, "labels"):
        for x, y, text, pos in zip(trace.x, trace.y, trace.text, trace.textposition, strict=True):
            px = (x - lo) / (hi - lo) * plot_width
            w = text_width_px(html.unescape(text), LABEL_FONT_PX)
            boxes.append((text, px - w, px, y) if pos == "middle left" else (text, px, px + w, y))
    return boxes


def _mark_boxes(fig: Any, plot_width: float) -> list[tuple[str, float, float, float]]:
    lo, hi = fig.layout.xaxis.range
    out = []
    for trace in role(fig, "events"):
        for custom, x, y, size in zip(trace.customdata, trace.x, trace.y, trace.marker.size, strict=True):
            px = (x - lo) / (hi - lo) * plot_width
            out.append((custom[0], px - size / 2, px + size / 2, y))
    return out


def _overlaps(boxes: list[tuple[str, float, float, float]]) -> list[tuple[str, str]]:
    found = []
    for i, (t1, l1, r1, y1) in enumerate(boxes):
        for t2, l2, r2, y2 in boxes[i + 1 :]:
            if y1 == y2 and l1 < r2 and l2 < r1:
                found.append((t1, t2))
    return found


def test_every_event_is_labelled_with_its_escaped_title() -> None:
    fig = figure()
    labels = {t.meta["band"]: t for t in role(fig, "labels")}
    assert sorted(labels["A"].text) == sorted(["&lt;img src=x onerror=alert(1)&gt;", "Y", "Only A"])
    assert sorted(labels["B"].text) == ["X later", "Y"]
    assert labels["A"].hovertemplate == role(fig, "events")[0].hovertemplate  # hover: the whole title
    assert all(c[0] for c in labels["A"].customdata)  # a click on a label selects its event


@pytest.mark.parametrize("plot_width", [700.0, 420.0])
@pytest.mark.parametrize("aligned", [False, True])
def test_labels_of_the_real_pair_never_overlap(plot_width: float, aligned: bool) -> None:
    """``events.yaml`` against the TASS account: every label fits, none meets another or a mark."""
    a, b = load_path(ROOT / "events.yaml"), load_path(ROOT / "chronologies" / "tass-2022-11-02.yaml")
    diff = compare(a, b)
    changed = {c.a for c in diff.changed}
    anchor = ("nsdc-decision-decree-679", "tass-nsdc-late-october")
    ea, eb = a.event(anchor[0]), b.event(anchor[1])
    anchors = (ea.date.earliest * 1000, eb.date.earliest * 1000) if aligned and ea and eb else (None, None)
    fig = compare_figure(
        Band(to_frame(a), a.title, a.categories, len(a.events), anchors[0]),
        Band(to_frame(b), b.title, b.categories, len(b.events), anchors[1]),
        pairs=[(p.a, p.b, p.a in changed) for p in diff.pairs],
        plot_width=plot_width,
    )
    labels = _label_boxes(fig, plot_width)
    assert len(labels) >= (len(a.events) + len(b.events)) // 2  # most events have their title beside them
    assert _overlaps(labels) == []
    for text, left, right, y in labels:
        assert left >= -1, text  # within the plot area
        assert right <= plot_width + 1, text
        marks = [m for m in _mark_boxes(fig, plot_width) if m[3] == y and m[1] < right and left < m[2]]
        assert marks == [], (text, marks)
    for trace in role(fig, "labels"):
        assert all(len(t) <= 60 for t in trace.text)  # shortened to fit (MAX_LABEL_PX), ending with "…"
