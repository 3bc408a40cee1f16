"""The arrows between linked events on the timeline (dashboard.render.links, issue 16)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.query import FilterState, apply_filters
from dashboard.render.figures import timeline_figure
from dashboard.render.links import AUTO_MAX_LINKS, LINK_STYLES, links_in_view

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def loaded() -> tuple[object, pd.DataFrame]:
    chron = load_path(FIXTURES / "links.yaml")
    return chron, to_frame(chron)


def arrows(fig: object) -> list[str]:
    return [a.name for a in fig.layout.annotations if (a.name or "").startswith("link ")]  # type: ignore[attr-defined]


def test_every_link_between_drawn_events_is_an_arrow(loaded: tuple[object, pd.DataFrame]) -> None:
    _chron, frame = loaded
    fig = timeline_figure(frame)
    assert sorted(arrows(fig)) == sorted(
        [
            "link causes recognition -> council-vote",
            "link same-as recognition-twice -> recognition",
            "link causes council-vote -> invasion",
            "link contradicts denial -> invasion",
            "link part-of offensive-north -> invasion",
            "link responds-to un-resolution -> invasion",
            "link responds-to sanctions -> un-resolution",
        ]
    )
    assert fig.layout.meta["links"] == {"in_view": 7, "drawn": 7, "shown": True}
    legend = [t for t in fig.data if isinstance(t.meta, dict) and t.meta.get("role") == "link-legend"]
    assert sorted(t.meta["type"] for t in legend) == sorted(LINK_STYLES)
    assert fig.layout.showlegend
    for a in fig.layout.annotations:
        if (a.name or "").startswith("link "):
            assert a.showarrow
            assert a.text == ""  # no chronology text drawn
            assert a.arrowcolor == LINK_STYLES[a.name.split()[1]][0]


def test_colour_and_dash_differ_per_type() -> None:
    assert len({c for c, _d in LINK_STYLES.values()}) == len(LINK_STYLES)
    assert len({d for _c, d in LINK_STYLES.values()}) == len(LINK_STYLES)


def test_links_off_and_on(loaded: tuple[object, pd.DataFrame]) -> None:
    _chron, frame = loaded
    off = timeline_figure(frame, links=False)
    assert arrows(off) == []
    assert off.layout.meta["links"] == {"in_view": 7, "drawn": 0, "shown": False}
    assert not [t for t in off.data if isinstance(t.meta, dict) and t.meta.get("role") == "link-legend"]
    assert len(arrows(timeline_figure(frame, links=True))) == 7


def test_only_links_whose_two_events_are_drawn(loaded: tuple[object, pd.DataFrame]) -> None:
    _chron, frame = loaded
    shown = apply_filters(frame, FilterState(chain="invasion", depth=1, direction="back"))
    assert arrows(timeline_figure(shown)) == ["link causes council-vote -> invasion"]


def test_a_frame_without_links_draws_none(loaded: tuple[object, pd.DataFrame]) -> None:
    _chron, frame = loaded
    fig = timeline_figure(frame.drop(columns=["links"]))
    assert arrows(fig) == []
    assert "links" not in fig.layout.meta


def test_many_links_are_drawn_only_when_asked() -> None:
    n = AUTO_MAX_LINKS + 2
    ids = [f"e{i}" for i in range(n + 1)]
    marks = pd.DataFrame({"id": ids, "links": [[f"causes:e{i + 1}"] for i in range(n)] + [[]]})
    assert len(links_in_view(marks, set(ids))) == n
    assert links_in_view(marks, {"e0"}) == []
