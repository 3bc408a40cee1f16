"""Bulk tables (CSV, Parquet): the same result as the CSV import, problems per row with its line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.core.frame import FrameEvents, to_frame
from dashboard.core.loader import Chronology, load_path
from dashboard.io.bulk import TableSources, load_table, read_csv_bytes, read_parquet
from dashboard.io.exporters import export
from dashboard.io.importers import import_csv
from dashboard.tools.synth import write_csv, write_parquet, write_yaml

ROOT = Path(__file__).resolve().parents[1]

HEADER = (
    "id,date,title,category,category_label,summary,actors,related,importance,status,"
    "source_url,source_publisher,source_date,image_url,colour,end,start\n"
)
MESSY = HEADER + (
    'a,2022-01-01,First,War,Wars and more,"multi\nline",x;y,b;zz,5,Reported,https://www.ex.org/a,,2022-01-02,,red,,\n'
    "b,2022-02-30,Bad date,war,,,,a,3,,,,,,,,\n"
    ",2022-03-01,No id here,treaty,,'=1+2,,a,,,,,,,,,\n"
    ",2022-03-01,No id here,treaty,,,,c,,,,,,,,,\n"
    "a,2022-04-01,Dup,war,,,,,,,,,,,,,\n"
    "c,2022-05-01,,war,,,,,,,,,,,,,\n"
    "d,2022-05-01,Imp,war,,,,,9,,,,,,,,\n"
    "e,2022-05-01,Stat,war,,,,,,maybe,,,,,,,\n"
    "f,2022-05-01,Url,war,,,,,,,ftp://x,P,,,,,\n"
    "g,,Start,war,,,,,,,,,,,,2022-06-10,2022-06-01\n"
    "h,2022-05-01,Img,war,,,,,,,,,,https://i.org/x.png,,,\n"
    "i,2022-05-01,Ctl\x01x,war,,,,,,,,,,,,,\n"
    "\n"
    ",,,,,,,,,,,,,,,,\n"
    'j,2022-05-01,"quoted ""q""",war,,,a\\;b;c,,,,,,,,,,\n'
    "K,2022-05-01,BadId,war,,,,,,,,,,,,,\n"
    "l,1066,Year, war ,,,,,,,,,,,,,\n"
    "m,2022-05-01 , Spaces ,war,,, p ; q ,,two,,,,,,,,\n"
    "n,2022-05-01,No source publisher,war,,,,,,,https://example.org/x;https://www.two.org,;,2022;2023,,,,\n"
)


# the `order` column (issue 13): good, missing and bad cells, and importance's cell rule beside it
ORDERED = (
    "id,date,title,order,importance\n"
    "b,2022-09-30,Second,2,\n"
    "a,2022-09-30,Tenth, 10 ,\n"
    "c,2022-09-30,First,+1,\n"
    "z,2022-09-30,No order,,\n"
    "y,2022-09-29,Day before,999,\n"
    "bad-text,2022-09-30,Text,first,\n"
    "bad-float,2022-09-30,Float,2.5,\n"
    "bad-bool,2022-09-30,Bool,true,\n"
    "bad-zero,2022-09-30,Zero,0,\n"
    "bad-big,2022-09-30,Big,1000,\n"
    "bad-long,2022-09-30,Long,0000000002,\n"
    "long-importance,2022-09-30,Long importance,,0000000004\n"
)


def assert_same(fast: Chronology, slow: Chronology) -> None:
    pd.testing.assert_frame_equal(to_frame(fast), to_frame(slow))
    assert list(fast.events) == list(slow.events)
    assert fast.problems == slow.problems
    assert dict(fast.sources) == dict(slow.sources)
    assert fast.categories == slow.categories
    assert list(fast.categories) == list(slow.categories)
    assert (fast.title, fast.skipped, fast.files, fast.declared_categories) == (
        slow.title,
        slow.skipped,
        slow.files,
        slow.declared_categories,
    )


@pytest.mark.parametrize(
    "text",
    [
        MESSY,
        MESSY.replace("\n", "\r\n"),
        "\ufeff" + MESSY,
        MESSY.replace(",", ";"),
        HEADER.replace("category,category_label,", "") + "x,2022,No category column,,,,,,,,,,,,\n",
        "title,date\nOnly two,2022\nAnother,2021-05\n",
        "id,title,start,end\na,Span,2022-01-01,2022-02-01\nb,Open,2022-01-01,\nc,Bad,,2022-02-01\n",
        "title,date,category\n",
        "title,category\nNo date column,x\n",
        ORDERED,
    ],
    ids=[
        "messy", "crlf", "bom", "semicolons", "no-category", "minimal", "start-end", "header-only", "no-date",
        "order",
    ],
)  # fmt: skip
def test_same_result_as_the_csv_import(text: str) -> None:
    data = text.encode("utf-8")
    fast = read_csv_bytes(data, file="t.csv")
    assert isinstance(fast.events, FrameEvents) or not fast.events
    assert_same(fast, import_csv(data, file="t.csv"))


def test_messy_rows_are_reported_at_their_lines() -> None:
    chron = read_csv_bytes(MESSY.encode(), file="t.csv")
    where = {(p.line, p.column) for p in chron.problems}
    assert (1, 15) in where  # the unknown column 'colour'
    assert (3, 8) in where  # related 'zz' of row a, on the line after "multi\nline"
    assert (4, 2) in where  # 2022-02-30
    assert (7, 1) in where  # duplicate id a
    assert (9, 9) in where  # importance 9
    control = [p for p in chron.problems if (p.line, p.column) == (14, 3)]  # the control character's cell
    assert [p.message for p in control] == ["control character U+0001 in this cell: the row is not imported"]
    ids = [e.id for e in chron.events]
    assert "a" in ids
    assert "h" in ids
    assert chron.event("h") is not None
    assert chron.event("h").image is not None


def test_order_column_sorts_and_reports_like_the_import() -> None:
    chron = read_csv_bytes(ORDERED.encode(), file="t.csv")
    assert [(e.id, e.order) for e in chron.events] == [("y", 999), ("z", None), ("c", 1), ("b", 2), ("a", 10)]
    assert list(to_frame(chron)["id"]) == ["y", "z", "c", "b", "a"]
    assert [(p.line, p.column, p.event_id) for p in chron.problems] == [
        (7, 4, "bad-text"),
        (8, 4, "bad-float"),
        (9, 4, "bad-bool"),
        (10, 4, "bad-zero"),
        (11, 4, "bad-big"),
        (12, 4, "bad-long"),
        (13, 5, "long-importance"),
    ]
    assert "'order' must be between 1 and 999, got 0" in chron.problems[3].message
    assert chron.skipped == 7


def test_parquet_order_column(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["b", "a", "c", "z", "f", "t"],
            "title": ["B", "A", "C", "Z", "F", "T"],
            "date": ["2022-09-30"] * 6,
            "order": [2.0, 10.0, 1.0, None, 2.5, 1000.0],
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    chron = read_parquet(path, file="t.parquet")
    assert [(e.id, e.order) for e in chron.events] == [("z", None), ("c", 1), ("b", 2), ("a", 10)]
    assert [(p.line, p.column, p.event_id) for p in chron.problems] == [(5, 4, "f"), (6, 4, "t")]
    ints = pa.table({"title": ["A", "B"], "date": ["2022", "2022"], "order": pa.array([3, None], pa.int16())})
    pq.write_table(ints, path)
    assert [e.order for e in read_parquet(path, file="t.parquet").events] == [None, 3]


def test_exported_chronologies_come_back_the_same(tmp_path: Path) -> None:
    for source in (ROOT / "events.yaml", write_yaml(tmp_path / "s.yaml", 1500, seed=4)):
        chron = load_path(source)
        data = export(chron, None, "csv")
        fast = read_csv_bytes(data, file="x.csv")
        assert_same(fast, import_csv(data, file="x.csv"))
        assert fast.problems == []
        assert {ev.id: [(x.to, x.type) for x in ev.links] for ev in fast.events} == {
            ev.id: [(x.to, x.type) for x in ev.links] for ev in chron.events
        }


def test_a_row_with_more_cells_than_the_header_is_read_by_the_import() -> None:
    text = "title,date\nA,2022,extra\nB,2021\n"
    assert_same(read_csv_bytes(text.encode(), file="t.csv"), import_csv(text.encode(), file="t.csv"))


def test_parquet_gives_the_csv_events(tmp_path: Path) -> None:
    csv_path = write_csv(tmp_path / "t.csv", 800, seed=2)
    pq_path = write_parquet(tmp_path / "t.parquet", 800, seed=2)
    from_csv, from_pq = load_table(csv_path), load_table(pq_path)
    assert from_pq.problems == []
    assert from_csv.problems == []
    a, b = to_frame(from_csv), to_frame(from_pq)
    same = [c for c in a.columns if c not in ("file", "line")]
    pd.testing.assert_frame_equal(a[same], b[same])
    assert (a["line"] == b["line"] + 1).all()  # the CSV's header is line 1; Parquet counts rows
    assert dict(from_csv.sources) == dict(from_pq.sources)


def test_parquet_types_and_row_problems(tmp_path: Path) -> None:
    table = pa.table(
        {
            "title": ["A", "B", None, "D"],
            "date": pa.array([pd.Timestamp("2022-01-02").date(), None, None, pd.Timestamp("1066-10-14").date()]),
            "start": pa.array([None, pd.Timestamp("2022-03-01 10:30:00", tz="UTC"), None, None]),
            "importance": [5.0, None, 2.0, 7.0],
            "tags": [["x", "y;z"], [], None, ["w"]],
            "notes": [True, False, None, None],
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    chron = read_parquet(path, file="t.parquet")
    a = chron.event(next(e.id for e in chron.events if e.title == "A"))
    assert a is not None
    assert (a.date.edtf, a.importance, a.tags, a.notes) == ("2022-01-02", 5, ["x", "y;z"], "true")
    b = next(e for e in chron.events if e.title == "B")
    assert b.date.edtf == "2022-03-01T10:30:00Z"
    assert b.date.precision == "moment"
    messages = {(p.line, p.message) for p in chron.problems}
    assert any(line == 3 and "no title" in m for line, m in messages)  # row 3 (1-based) has no title
    assert any(line == 4 and "between 1 and 5" in m for line, m in messages)
    assert chron.skipped == 2


def test_table_sources_mapping() -> None:
    sources = TableSources(["a", "b"], [[("P", "T", "https://x.org", "2022")], []])
    assert len(sources) == 1
    assert list(sources) == ["a--1"]
    assert sources["a--1"].publisher == "P"
    assert sources["a--1"].url == "https://x.org"
    for bad in ("a--2", "b--1", "a--01", "a", "zz--1", "a--x"):
        assert bad not in sources
        with pytest.raises(KeyError):
            sources[bad]


def test_load_table_problems(tmp_path: Path) -> None:
    missing = load_table(tmp_path / "nope.csv")
    assert [p.message for p in missing.problems] == ["no such file or folder"]
    big = tmp_path / "big.csv"
    big.write_text("title,date\n" + "A,2022\n" * 100, encoding="utf-8")
    limited = load_table(big, max_bytes=100)
    assert "over the size limit" in limited.problems[0].message
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 not really")
    assert "cannot read the Parquet file" in load_table(broken).problems[0].message


def test_a_large_table_stays_a_frame(tmp_path: Path) -> None:
    chron = load_table(write_csv(tmp_path / "t.csv", 20_000, seed=1))
    assert chron.problems == []
    assert isinstance(chron.events, FrameEvents)
    assert len(chron.events) == 20_000
    assert len(chron.sources) == 20_000
    ev = chron.event("ev-0012345")
    assert ev is not None
    assert ev.sources == ["ev-0012345--1"]
    assert chron.sources["ev-0012345--1"].publisher.startswith("Publisher")
