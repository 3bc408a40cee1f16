"""write_parquet_large: millions of generated events, vectorised, valid for the CSV import."""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dashboard.core.dates import parse_date
from dashboard.core.models import ID_PATTERN
from dashboard.core.safetext import is_http_url
from dashboard.io.bulk import load_table
from dashboard.io.importers import import_csv
from dashboard.tools.synth import TABLE_COLUMNS, write_parquet_large

N = 5_000
BATCH = 1_000
LISTS = ("actors", "places", "tags")
# the plain link of the CSV import's fast path (dashboard.io.bulk, dashboard.core.models)
PLAIN_URL = re.compile(r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9._~%!$&'()*+,;=:-]+(?:[/?#]\S*)?")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parquet_large(tmp_path_factory.mktemp("synth") / "small.parquet", N, batch_rows=BATCH)


@pytest.fixture(scope="module")
def table(small: Path) -> pa.Table:
    return pq.read_table(small)


def test_bulk_import_reads_every_row_without_a_problem(small: Path, table: pa.Table) -> None:
    chron = load_table(small, max_bytes=1 << 40)
    assert chron.problems == []
    assert chron.skipped == 0
    assert len(chron.events) == N
    assert {ev.id for ev in chron.events} == set(table.column("id").to_pylist())
    first = chron.event("ev-0000000")
    assert first is not None
    row = table.slice(0, 1).to_pylist()[0]
    assert (first.title, first.summary, first.category, first.importance, first.status) == (
        row["title"],
        row["summary"],
        row["category"],
        row["importance"],
        row["status"],
    )
    assert (first.actors, first.places, first.tags) == (row["actors"], row["places"], row["tags"])


def test_csv_import_reads_a_sample_without_a_problem(table: pa.Table) -> None:
    """Every 50th row through the CSV import itself (lists joined with ';', as in a CSV file)."""
    sample = table.take(pa.array(range(0, N, 50)))
    cells = {
        c: [";".join(v) for v in sample.column(c).to_pylist()] if c in LISTS else sample.column(c).to_pylist()
        for c in TABLE_COLUMNS
    }
    lines = [",".join(TABLE_COLUMNS)]
    for i in range(sample.num_rows):
        lines.append(",".join('"' + str(cells[c][i]).replace('"', '""') + '"' for c in TABLE_COLUMNS))
    chron = import_csv(("\n".join(lines) + "\n").encode(), file="sample.csv")
    assert chron.problems == []
    assert len(chron.events) == sample.num_rows


def test_schema_is_the_csv_import_columns_with_list_columns(small: Path) -> None:
    schema = pq.read_schema(small)
    assert tuple(schema.names) == TABLE_COLUMNS
    for name in TABLE_COLUMNS:
        kind = schema.field(name).type
        if name in LISTS:
            assert pa.types.is_list(kind), name
            assert kind.value_type == pa.string(), name
        elif name == "importance":
            assert kind == pa.int8()
        else:
            assert kind == pa.string(), name
    assert pq.ParquetFile(small).metadata.num_row_groups == N // BATCH


def test_same_seed_same_bytes_other_seed_other_content(tmp_path: Path, small: Path, table: pa.Table) -> None:
    again = write_parquet_large(tmp_path / "again.parquet", N, batch_rows=BATCH)
    assert pq.read_table(again).equals(table)
    assert again.read_bytes() == small.read_bytes()
    other = pq.read_table(write_parquet_large(tmp_path / "other.parquet", N, seed=1, batch_rows=BATCH))
    assert other.column("id").equals(table.column("id"))
    for name in ("date", "title", "summary", "actors", "source_url"):
        assert not other.column(name).equals(table.column(name)), name


def test_ids_are_unique_and_valid_across_batches(table: pa.Table) -> None:
    ids = table.column("id").to_pylist()
    assert ids == [f"ev-{i:07d}" for i in range(N)]
    assert all(re.fullmatch(ID_PATTERN, i) for i in ids)


def test_dates_parse_and_mix_the_forms(table: pa.Table) -> None:
    dates = table.column("date").to_pylist()
    parsed = {d: parse_date(d) for d in set(dates)}  # raises DateError on any bad one
    bc = [d for d in dates if d.startswith("-")]
    intervals = [d for d in dates if "/" in d]
    assert 0 < len(bc) < N * 0.01
    assert 0 < len(intervals) < N * 0.2
    for d in intervals:
        start, end = (parse_date(part) for part in d.split("/"))
        assert start.earliest <= end.earliest, d
    assert any(re.fullmatch(r"-\d{4}-\d\d-\d\d", d) for d in bc)
    days = sum(1 for d in dates if re.fullmatch(r"\d{4}-\d\d-\d\d", d))
    assert days > N / 2  # most
    assert any(re.fullmatch(r"\d{4}-\d\d", d) for d in dates)
    assert any(re.fullmatch(r"\d{4}", d) for d in dates)
    assert any(d.endswith("~") for d in dates)
    assert any(d.endswith("?") for d in dates)
    assert any("T" in d for d in dates)
    assert {info.precision for info in parsed.values()} >= {"day", "month", "year", "moment"}


def test_text_lists_and_sources_look_real(table: pa.Table) -> None:
    titles = table.column("title").to_pylist()
    summaries = table.column("summary").to_pylist()
    assert all(t and t[0].isupper() for t in titles)
    assert all(len(s.split()) >= 4 and s.endswith(".") for s in summaries)
    assert any(not t.isascii() for t in titles)
    assert any(not s.isascii() for s in summaries)
    notes = table.column("notes").to_pylist()
    assert 0 < sum(map(bool, notes)) < N * 0.2
    for name in LISTS:
        lists = table.column(name).to_pylist()
        assert {len(v) for v in lists} == {0, 1, 2, 3}, name
        assert all(len(set(v)) == len(v) for v in lists), name  # distinct within a row
        values = [x for v in lists for x in v]
        assert all(x == x.strip() and x and ";" not in x and "\\" not in x for x in values), name
        counts = sorted((values.count(x) for x in set(values)), reverse=True)
        assert counts[0] > 10 * counts[len(counts) // 2], name  # Zipf-like: a few names are everywhere
    assert 6 <= len(set(table.column("category").to_pylist())) <= 10
    importance = table.column("importance").to_pylist()
    assert set(importance) == {1, 2, 3, 4, 5}
    assert importance.count(1) > importance.count(5)
    status = table.column("status").to_pylist()
    assert set(status) == {"confirmed", "reported", "disputed"}
    assert status.count("confirmed") > N / 2
    urls = table.column("source_url").to_pylist()
    assert len(set(urls)) == N
    assert all(PLAIN_URL.fullmatch(u) and is_http_url(u) and u.startswith("https://") for u in urls)
    for day in set(table.column("source_date").to_pylist()):
        assert parse_date(day).precision == "day"
    assert all(table.column("source_publisher").to_pylist())
    assert all(table.column("source_title").to_pylist())


def test_no_rows_writes_an_empty_table(tmp_path: Path) -> None:
    empty = pq.read_table(write_parquet_large(tmp_path / "empty.parquet", 0))
    assert empty.num_rows == 0
    assert tuple(empty.column_names) == TABLE_COLUMNS


def test_a_last_short_batch(tmp_path: Path) -> None:
    path = write_parquet_large(tmp_path / "short.parquet", 2_345, seed=7, batch_rows=1_000)
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [1_000, 1_000, 345]
    assert pq.read_table(path, columns=["id"]).column("id")[-1].as_py() == "ev-0002344"


@pytest.mark.parametrize(
    ("n", "seed", "batch_rows"),
    [(-1, 0, 10), (10, -1, 10), (10, 0, 0)],
)
def test_bad_arguments(tmp_path: Path, n: int, seed: int, batch_rows: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        write_parquet_large(tmp_path / "x.parquet", n, seed=seed, batch_rows=batch_rows)
