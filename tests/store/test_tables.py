"""The vectorized table ingest gives what dashboard.io.bulk (the CSV import's rules) gives, row for row."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import Chronology
from dashboard.core.query import FilterState
from dashboard.io.bulk import load_table
from dashboard.store import tables
from dashboard.store.ingest import ingest
from dashboard.store.layout import read_meta
from dashboard.store.queries import open_store
from dashboard.tools.synth import write_csv, write_parquet
from tests.test_bulk import HEADER, MESSY, ORDERED

LISTS = ("actors", "places", "tags", "sources", "related")
CSV_CASES = {
    "messy": MESSY,
    "crlf": MESSY.replace("\n", "\r\n"),
    "bom": "\ufeff" + MESSY,
    "semicolons": MESSY.replace(",", ";"),
    "no-category": HEADER.replace("category,category_label,", "") + "x,2022,No category column,,,,,,,,,,,,\n",
    "minimal": "title,date\nOnly two,2022\nAnother,2021-05\nOnly two,2022\n",
    "start-end": "id,title,start,end\na,Span,2022-01-01,2022-02-01\nb,Open,2022-01-01,\nc,Bad,,2022-02-01\n",
    "header-only": "title,date,category\n",
    "no-date": "title,category\nNo date column,x\n",
    "order": ORDERED,
    "related": "id,date,title,related\na,2022,A,b;zz\nb,2022,B,a\nc,bad,C,\nd,2022,D,c;a\n",
    "repeated-values": "id,date,title,actors,tags\na,2022,A,x; y; x,t;t\nb,2022,B, x ;;x,\n",
    "generated-collide": "id,date,title\nx-2022,2021,Written\n,2022,X\n,2022,X\nx-2022-2,2020,Also written\n",
}


def same_as_bulk(path: Path, tmp_path: Path) -> None:
    expected: Chronology = load_table(path, max_bytes=1 << 40)
    result = ingest([path], tmp_path / "store")
    meta = read_meta(tmp_path / "store")
    assert sorted(result.problems, key=lambda p: (p.line, p.column, p.message)) == sorted(
        expected.problems, key=lambda p: (p.line, p.column, p.message)
    )
    assert meta.skipped == expected.skipped
    assert {k: c.label for k, c in meta.categories.items()} == {k: c.label for k, c in expected.categories.items()}
    assert list(meta.categories) == list(expected.categories)
    store = open_store(tmp_path / "store")
    got = store.rows(FilterState(), limit=10_000)
    want = to_frame(expected)
    for name in ("actors", "places", "tags", "sources", "publishers", "related"):  # the store keeps each value once
        want[name] = [list(dict.fromkeys(v)) for v in want[name]]
    assert list(got["id"]) == list(want["id"])
    columns = [c for c in want.columns if c not in ("category",)]
    pd.testing.assert_frame_equal(
        got[columns].reset_index(drop=True), want[columns].reset_index(drop=True), check_dtype=False
    )
    assert [str(c) for c in got["category"]] == [str(c) for c in want["category"]]
    events = list(expected.events)
    for ev in events[:60] + events[-20:]:  # the whole frame is compared above; events one by one on a sample
        assert store.event(ev.id) == dataclasses.replace(ev, **{n: list(dict.fromkeys(getattr(ev, n))) for n in LISTS})
        assert store.sources_of(ev.sources) == {sid: expected.sources[sid] for sid in ev.sources}


@pytest.mark.parametrize("name", list(CSV_CASES))
def test_csv_tables_as_bulk_reads_them(name: str, tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(CSV_CASES[name].encode("utf-8"))
    same_as_bulk(path, tmp_path)


def test_synthetic_tables_csv_and_parquet(tmp_path: Path) -> None:
    same_as_bulk(write_csv(tmp_path / "s.csv", 1200, seed=3), tmp_path / "a")
    same_as_bulk(write_parquet(tmp_path / "s.parquet", 1200, seed=3), tmp_path / "b")


def test_parquet_types_lists_and_bad_rows(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": ["a", "b", None, "d", "e", "f"],
            "title": ["A", "B", None, "D", " E ", "F"],
            "date": pa.array(["2022-01-02", None, "2022", "1066-10-14", "-0043-03-15", "2022-02-30"]),
            "start": pa.array([None, pd.Timestamp("2022-03-01 10:30:00", tz="UTC"), None, None, None, None]),
            "importance": pa.array([5, None, 2, 7, 1, 3], pa.int64()),
            "tags": [["x", "y;z"], [], None, ["w"], [" v ", "", "v"], ["\x01"]],
            "actors": [["Ann"], None, [], ["Bo", "Ann"], [], []],
            "notes": [True, False, None, None, None, None],
        }
    )
    path = tmp_path / "t.parquet"
    pq.write_table(table, path)
    same_as_bulk(path, tmp_path)


def test_batches_keep_row_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables, "BATCH_ROWS", 7)
    rows = [f"e{i},2022-01-{i % 28 + 1:02d},Event {i},c" for i in range(40)]
    rows[23] = "e23,2022-02-30,Bad day,c"
    rows[31] = "e5,2022-01-01,Repeated id,c"
    path = tmp_path / "t.csv"
    path.write_text("id,date,title,category\n" + "\n".join(rows) + "\n", "utf-8")
    same_as_bulk(path, tmp_path)
    parquet = tmp_path / "t.parquet"
    pq.write_table(pa.csv.read_csv(path), parquet)
    same_as_bulk(parquet, tmp_path / "p")
