"""The compare figure (issue 17): two titled bands, matched events joined, alignment, inert text."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.core.compare import compare
from dashboard.core.frame import to_frame
from dashboard.core.loader import Chronology, load_bytes
from dashboard.render.compare import Band, compare_figure

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
