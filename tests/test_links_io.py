"""Links in exports and imports (issue 16): YAML and JSON keep them, CSV has a ``links`` column
(``type:id;type:id``) that imports back, iCalendar and TimelineJS leave them out with a notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.cells import join_links, split_links
from dashboard.core.links import LINK_TYPES
from dashboard.core.loader import Chronology, load_path
from dashboard.io.exporters import render
from dashboard.io.importers import import_csv, load_any

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def chron() -> Chronology:
    return load_path(FIXTURES / "links.yaml")


def links_of(chron: Chronology) -> dict[str, list[tuple[str, str, str, tuple[str, ...]]]]:
    return {ev.id: [(x.to, x.type, x.note, x.sources) for x in ev.links] for ev in chron.events}


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_yaml_and_json_keep_every_link(chron: Chronology, fmt: str) -> None:
    exported = render(chron, None, fmt)
    assert exported.notices == ()
    again = load_any(exported.data, file=f"out.{fmt}")
    assert again.problems == []
    assert links_of(again) == links_of(chron)


def test_csv_keeps_type_and_target(chron: Chronology) -> None:
    exported = render(chron, None, "csv")
    assert "causes:council-vote" in exported.data.decode("utf-8-sig")
    again = load_any(exported.data, file="out.csv")
    assert again.problems == []
    assert {k: [(t, ty) for t, ty, _n, _s in v] for k, v in links_of(again).items()} == {
        k: [(t, ty) for t, ty, _n, _s in v] for k, v in links_of(chron).items()
    }


def test_links_to_events_not_written_are_left_out(chron: Chronology) -> None:
    exported = render(chron, ["recognition", "recognition-twice"], "yaml")
    again = load_any(exported.data, file="out.yaml")
    assert again.problems == []
    assert links_of(again) == {
        "recognition": [],
        "recognition-twice": [("recognition", "same-as", "The same decrees", ("src-b",))],
    }
    assert "src-b" in again.sources  # a link's source is written to the registry


@pytest.mark.parametrize("fmt", ["ics", "timelinejs"])
def test_ics_and_timelinejs_drop_links_with_a_notice(chron: Chronology, fmt: str) -> None:
    exported = render(chron, None, fmt)
    assert len(exported.notices) == 1
    assert "7 links between the exported events are left out" in exported.notices[0]
    assert render(chron, ["unrelated"], fmt).notices == ()


def test_the_cli_prints_the_notice(chron: Chronology, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dashboard.cli import main

    out = tmp_path / "x.ics"
    assert main(["convert", str(FIXTURES / "links.yaml"), str(out)]) == 0
    assert "iCalendar has no links between events" in capsys.readouterr().err


def test_csv_links_are_checked_at_their_cell() -> None:
    text = "id,date,title,category,links\na,2022-01-01,A,c,causes:b\nb,2022-01-02,B,c,cause:a; causes:zz; b\n"
    chron = import_csv(text.encode(), file="t.csv")
    messages = [str(p) for p in chron.problems]
    assert any(
        m.startswith("t.csv:3:5: 'links[1].type': unknown link type 'cause' (did you mean 'causes'?)") for m in messages
    )
    assert any(m.startswith("t.csv:3:5: 'links[2]': linked event 'zz' does not exist") for m in messages)
    assert any(m.startswith("t.csv:3:5: missing required field 'type' in 'links[3]'") for m in messages)
    ev = chron.event("a")
    assert ev is not None
    assert [(x.to, x.type) for x in ev.links] == [("b", "causes")]
    assert chron.event("b") is not None


@given(
    st.lists(
        st.tuples(st.sampled_from(LINK_TYPES), st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)),
        max_size=5,
    )
)
def test_the_links_cell_round_trips(pairs: list[tuple[str, str]]) -> None:
    assert split_links(join_links(pairs)) == pairs


def test_split_links_keeps_an_item_without_type() -> None:
    assert split_links(" causes : a ;x") == [("causes", "a"), ("x", None)]


LINKED = (
    "id,date,title,category,links,notes\n"
    "a,2022-01-01,A,c,causes:b; cause:c,\n"
    "b,2022-01-02,B,c,causes:c; part-of:b,\n"
    'c,2022-01-03,C,c,causes:a; causes:zz; causes:a,"two\nlines"\n'
    "d,2022-01-04,D,c,foo; responds-to:bb; same-as : a,\n"
    'e,2022-01-05,E,c,"part-of:d;part-of:e2",\n'
    "f,2022-13-45,Bad date,c,causes:a,\n"
    "g,2022-01-06,G,c,causes:f; part-of:h,\n"
    "h,2022-01-07,H,c,part-of:i,\n"
    "i,2022-01-08,I,c,part-of:g; contradicts:a,\n"
    ",2022-01-09,No id,c,causes:no-id-2022-01-09; causes:a,\n"
)


def test_a_bulk_table_reads_and_checks_links_as_the_csv_import() -> None:
    from dashboard.io.bulk import read_csv_bytes
    from tests.test_bulk import assert_same

    fast, slow = read_csv_bytes(LINKED.encode(), file="t.csv"), import_csv(LINKED.encode(), file="t.csv")
    assert_same(fast, slow)
    messages = [f"{p.line}:{p.column}: {p.message}" for p in fast.problems if "link" in p.message]
    assert messages == [
        "2:5: 'links[2].type': unknown link type 'cause' (did you mean 'causes'?)",
        "3:5: 'links[2]': event 'b' links to itself",
        "4:5: 'links[3]': a second 'causes' link to 'a' (the first is links[1])",
        "4:5: 'links[2]': linked event 'zz' does not exist",
        "4:5: 'causes' link from 'c' to 'a' closes a cycle: a -> b -> c -> a",
        "6:5: missing required field 'type' in 'links[1]'",
        "6:5: 'links[2]': linked event 'bb' does not exist (did you mean 'b'?)",
        "7:5: 'links[2]': linked event 'e2' does not exist (did you mean 'e'?)",
        "9:5: 'links[1]': linked event 'f' was skipped because of its own problems",
        "11:5: 'part-of' link from 'i' to 'g' closes a cycle: g -> h -> i -> g",
        "12:5: 'links[1]': event 'no-id-2022-01-09' links to itself",
    ]
    assert links_of(fast)["d"] == [("a", "same-as", "", ())]
    assert links_of(fast)["i"] == [("a", "contradicts", "", ())]
    assert links_of(fast)["c"] == []
    assert len(fast.events) == 9  # every broken link is dropped, its event kept (f has a bad date)


def test_a_parquet_table_reads_links_as_text_or_lists(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dashboard.io.bulk import read_parquet

    base = {"id": ["a", "b", "c"], "date": ["2022-01-01", "2022-01-02", "2022-01-03"], "title": ["A", "B", "C"]}
    for links in (
        ["causes:b; responds-to:c", "causes:c", "causes:a"],
        pa.array([["causes:b", "responds-to:c"], ["causes:c"], ["causes:a"]]),
    ):
        path = tmp_path / "t.parquet"
        pq.write_table(pa.table({**base, "links": links}), path)
        chron = read_parquet(path, file="t.parquet")
        assert [str(p).split(" -- ")[0] for p in chron.problems] == [
            "t.parquet:3:4: 'causes' link from 'c' to 'a' closes a cycle: a -> b -> c -> a"
        ]
        assert links_of(chron) == {
            "a": [("b", "causes", "", ()), ("c", "responds-to", "", ())],
            "b": [("c", "causes", "", ())],
            "c": [],
        }
