"""Ingest: every check of the loader, problems at file:line:column, nothing redone when unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from dashboard.core.query import FilterState
from dashboard.store.ingest import Progress, ingest, store_key
from dashboard.store.layout import DB_FILE, META_FILE, STORE_FORMAT, StoreFormatError, read_meta
from dashboard.store.opening import rebuild_if_stale
from dashboard.store.queries import open_store

ROOT = Path(__file__).resolve().parents[2]

GOOD_AND_BAD = """format: 1
events:
  - id: good-one
    date: 2022-02-21
    title: A good event
    category: c
  - id: bad-date
    date: 2022-02-30
    title: A bad date
    category: c
  - id: good-two
    date: -0043-03-15
    title: Ides of March
    category: c
"""


def test_problems_keep_their_place_and_valid_events_are_stored(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(GOOD_AND_BAD, encoding="utf-8")
    result = ingest([src], tmp_path / "store")
    assert result.meta.rows == 2
    assert result.meta.skipped == 1
    [problem] = result.problems
    assert (problem.file, problem.line, problem.column) == (str(src), 8, 11)
    assert "February 2022 has 28 days" in problem.message
    meta = read_meta(tmp_path / "store")
    assert meta.problems == result.problems
    assert meta.problem_count == 1
    store = open_store(tmp_path / "store")
    assert store.count(FilterState()) == 2
    assert list(store.rows(FilterState())["id"]) == ["good-two", "good-one"]


def test_periods_of_yaml_and_timelinejs_inputs_are_kept_in_the_metadata(tmp_path: Path) -> None:
    from dashboard.core.loader import load_path
    from dashboard.io.importers import load_any
    from dashboard.store.source import StoreSource

    yaml_input = ROOT / "tests" / "fixtures" / "periods.yaml"
    eras_input = ROOT / "tests" / "fixtures" / "timelinejs" / "eras.json"  # TimelineJS's own eras example
    result = ingest([yaml_input, eras_input], tmp_path / "store")
    assert result.problems == ()
    expected = (*load_path(yaml_input).periods, *load_any(eras_input.read_bytes(), file=str(eras_input)).periods)
    assert len(expected) == 7 + 3
    assert result.meta.periods == expected
    assert read_meta(tmp_path / "store").periods == expected
    assert StoreSource(open_store(tmp_path / "store")).chron.periods == list(expected)


def test_unchanged_inputs_are_not_ingested_again(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(GOOD_AND_BAD, encoding="utf-8")
    first = ingest([src], tmp_path / "store")
    db = tmp_path / "store" / DB_FILE
    stamp = db.stat().st_mtime_ns
    again = ingest([src], tmp_path / "store")
    assert not first.up_to_date
    assert again.up_to_date
    assert db.stat().st_mtime_ns == stamp
    src.write_text(GOOD_AND_BAD.replace("A good event", "A changed event"), encoding="utf-8")
    changed = ingest([src], tmp_path / "store")
    assert not changed.up_to_date
    assert open_store(tmp_path / "store").event("good-one").title == "A changed event"  # type: ignore[union-attr]


def test_the_key_follows_content_not_time(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(GOOD_AND_BAD, encoding="utf-8")
    key = store_key([src])
    src.touch()
    assert store_key([src]) == key
    src.write_text(GOOD_AND_BAD + "\n", encoding="utf-8")
    assert store_key([src]) != key


def test_inputs_of_every_kind_merge_and_a_repeated_id_is_skipped(tmp_path: Path) -> None:
    csv = tmp_path / "t.csv"
    csv.write_text("id,date,title,category\ngood-one,2023-01-01,Same id again,x\nnew-one,2023-01-02,New,x\n", "utf-8")
    yml = tmp_path / "c.yaml"
    yml.write_text(GOOD_AND_BAD, encoding="utf-8")
    timelinejs = tmp_path / "tl.json"
    slide = {"start_date": {"year": "1914", "month": "7", "day": "28"}, "text": {"headline": "A slide"}}
    timelinejs.write_text(json.dumps({"events": [slide]}), "utf-8")
    result = ingest([yml, csv, timelinejs], tmp_path / "store")
    dup = [p for p in result.problems if "duplicate event id 'good-one' (first at " in p.message]
    assert len(dup) == 1
    assert dup[0].file == str(csv)
    assert dup[0].line == 2
    store = open_store(tmp_path / "store")
    assert store.event("new-one") is not None
    assert store.count(FilterState(q="slide")) == 1
    assert store.count(FilterState()) == 4
    assert store.event("good-one").title == "A good event"  # type: ignore[union-attr]
    ids = list(store.rows(FilterState(), limit=10_000)["id"])
    starts = [store.event(i).date.earliest for i in ids]  # type: ignore[union-attr]
    assert starts == sorted(starts), "rows of several inputs come in event order"


def test_a_store_of_another_format_is_rebuilt_never_misread(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(GOOD_AND_BAD, encoding="utf-8")
    folder = tmp_path / "store"
    ingest([src], folder)
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    meta["format"] = STORE_FORMAT + 1
    (folder / META_FILE).write_text(json.dumps(meta), "utf-8")
    with duckdb.connect(str(folder / DB_FILE)) as con:
        con.execute("DELETE FROM events")
    with pytest.raises(StoreFormatError, match="format"):
        read_meta(folder)
    rebuild_if_stale(folder)
    assert read_meta(folder).rows == 2
    assert open_store(folder).count(FilterState()) == 2


def test_a_stale_store_without_its_inputs_says_to_ingest_again(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(GOOD_AND_BAD, encoding="utf-8")
    folder = tmp_path / "store"
    ingest([src], folder)
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    meta["format"] = 0
    (folder / META_FILE).write_text(json.dumps(meta), "utf-8")
    src.unlink()
    with pytest.raises(StoreFormatError, match="ingest the files again"):
        rebuild_if_stale(folder)


def test_never_writes_into_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    src = tmp_path / "c.yaml"
    src.write_text(GOOD_AND_BAD, encoding="utf-8")
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", "utf-8")
    with pytest.raises(ValueError, match="not a store"):
        ingest([src], other)
    assert (other / "notes.txt").read_text("utf-8") == "keep me"
    with pytest.raises(ValueError, match="cannot also be an input"):
        ingest([src], src)


def test_the_store_schema_has_every_facet_column() -> None:
    from dashboard.core.facets import FACETS
    from dashboard.store.layout import EVENTS_SCHEMA, LIST_COLUMNS

    for f in FACETS:
        assert f.column in EVENTS_SCHEMA.names, f.name
        assert (f.column in LIST_COLUMNS) == f.multi, f.name


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    import io

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, plain = Tty(), io.StringIO()
    for stream in (tty, plain):
        bar = Progress(stream)
        bar("indexing words", 0.5)
        bar.close()
    assert "[###############---------------]  50%" in tty.getvalue()
    assert plain.getvalue() == ""
