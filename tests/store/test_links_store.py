"""Chains on the event store (issue 16): the ``links`` table, ``chain`` as a filter like any other,
and the same ids as the frame path for every direction and depth."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.core.facets import FACET_BY_NAME
from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.problems import Problem
from dashboard.core.query import FilterState, apply_filters, from_query_string
from dashboard.io.importers import import_csv
from dashboard.store.ingest import ingest
from dashboard.store.layout import STORE_FORMAT
from dashboard.store.queries import EventStore, open_store, view_warnings
from dashboard.store.source import StoreSource
from tests.test_links import EXPECTED

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "links.yaml"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EventStore:
    folder = tmp_path_factory.mktemp("links") / "store"
    ingest([FIXTURE], folder)
    return open_store(folder)


def ids(store: EventStore, state: FilterState) -> set[str]:
    return set(store.rows(state, limit=1000)["id"])


def test_the_store_format_changed() -> None:
    assert STORE_FORMAT >= 3


def test_the_links_table(store: EventStore) -> None:
    rows = store.connection.links.order_by(["src", "dst"]).to_pyarrow().to_pylist()
    assert {(r["src"], r["dst"], r["type"]) for r in rows} == {
        ("recognition", "council-vote", "causes"),
        ("recognition-twice", "recognition", "same-as"),
        ("council-vote", "invasion", "causes"),
        ("offensive-north", "invasion", "part-of"),
        ("un-resolution", "invasion", "responds-to"),
        ("denial", "invasion", "contradicts"),
        ("sanctions", "un-resolution", "responds-to"),
    }


@pytest.mark.parametrize(("start", "direction", "depth"), list(EXPECTED))
def test_chain_on_the_store_is_the_frames(store: EventStore, start: str, direction: str, depth: int) -> None:
    state = FilterState(chain=start, depth=depth, direction=direction)  # type: ignore[arg-type]
    frame = to_frame(load_path(FIXTURE))
    expected = EXPECTED[(start, direction, depth)]
    assert set(apply_filters(frame, state)["id"]) == expected
    assert ids(store, state) == expected
    assert store.count(state) == len(expected)


def test_chain_with_other_filters_and_facets(store: EventStore) -> None:
    state, _ = from_query_string("chain=invasion&category=diplomacy")
    assert ids(store, state) == {"un-resolution", "sanctions", "denial"}
    assert dict(store.facet_counts(state, FACET_BY_NAME["category"])) == {
        "politics": 2,
        "war": 2,
        "diplomacy": 3,
    }


def test_events_keep_their_links(store: EventStore) -> None:
    ev = store.event("recognition")
    assert ev is not None
    assert [(x.to, x.type, x.note, x.sources) for x in ev.links] == [
        ("council-vote", "causes", "The vote followed the **recognition** request.", ("src-a",))
    ]
    assert sorted(store.links_to("invasion")) == [
        ("council-vote", "causes"),
        ("denial", "contradicts"),
        ("offensive-north", "part-of"),
        ("un-resolution", "responds-to"),
    ]


def test_an_unknown_chain_event_is_a_warning(store: EventStore) -> None:
    assert view_warnings(store, FilterState(chain="nowhere")) == [
        "No event has the id “nowhere” (chain=nowhere): no links to follow."
    ]
    assert store.count(FilterState(chain="nowhere")) == 0


def test_the_store_timeline_draws_the_arrows(store: EventStore) -> None:
    fig = StoreSource(store).timeline(FilterState())
    names = [a.name for a in fig.layout.annotations if (a.name or "").startswith("link ")]
    assert len(names) == 7
    assert StoreSource(store).timeline(FilterState(links=False)).layout.meta["links"]["drawn"] == 0


# --- links of CSV and Parquet tables (the vectorized ingest) ----------------------------------


def problem_lines(problems: Sequence[Problem]) -> list[str]:
    return sorted(str(p) for p in problems)


def test_a_csv_table_in_the_store_has_the_links_and_problems_of_the_csv_import(tmp_path: Path) -> None:
    from tests.test_links_io import LINKED

    path = tmp_path / "t.csv"
    path.write_text(LINKED, encoding="utf-8")
    result = ingest([path], tmp_path / "store")
    imported = import_csv(LINKED.encode(), file=str(path))
    assert problem_lines(result.problems) == problem_lines(imported.problems)
    store = open_store(tmp_path / "store")
    rows = store.connection.links.to_pyarrow().to_pylist()
    assert {(r["src"], r["dst"], r["type"]) for r in rows} == {
        (ev.id, x.to, x.type) for ev in imported.events for x in ev.links
    }
    for ev in imported.events:
        got = store.event(ev.id)
        assert got is not None
        assert got.links == ev.links
    frame = to_frame(imported)
    for state in (FilterState(chain="g", depth=3), FilterState(chain="a", depth=2, direction="forward")):
        assert ids(store, state) == set(apply_filters(frame, state)["id"])
    assert ids(store, FilterState(chain="g", depth=3)) == {"g", "h", "i", "a"}


def test_links_are_checked_across_inputs(tmp_path: Path) -> None:
    first, second = tmp_path / "first.csv", tmp_path / "second.parquet"
    first.write_text(
        "id,date,title,category,links\n"
        "p,2022-03-01,P,c,causes:q; responds-to:invasion\n"
        "r,2022-03-02,R,c,part-of:s; causes:nowhere\n",
        encoding="utf-8",
    )
    pq.write_table(
        pa.table(
            {
                "id": ["q", "s"],
                "date": ["2022-03-03", "2022-03-04"],
                "title": ["Q", "S"],
                "links": pa.array([["causes:p", "contradicts:denial"], ["part-of:r"]]),
            }
        ),
        second,
    )
    result = ingest([FIXTURE, first, second], tmp_path / "store")
    assert [str(p).split(" -- ")[0] for p in result.problems] == [
        f"{first}:3:5: 'links[2]': linked event 'nowhere' does not exist",
        f"{second}:1:4: 'causes' link from 'q' to 'p' closes a cycle: p -> q -> p",
        f"{second}:2:4: 'part-of' link from 's' to 'r' closes a cycle: r -> s -> r",
    ]
    store = open_store(tmp_path / "store")
    assert ids(store, FilterState(chain="q", depth=1)) == {"q", "p", "denial"}
    assert ids(store, FilterState(chain="p", depth=2, direction="back")) == {"p", "invasion", "council-vote"}
    q = store.event("q")
    assert q is not None
    assert [(x.to, x.type) for x in q.links] == [("denial", "contradicts")]
    assert ("p", "responds-to") in store.links_to("invasion")
