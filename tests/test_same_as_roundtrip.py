"""Issue 17: a chronology's ``id:`` and its events' ``same_as`` survive the persistent cache, the
frame (its extras), the YAML, JSON and CSV exports and their imports, and a bulk table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.core.compare import compare
from dashboard.core.frame import FrameEvents, event_extras, same_as_cell, same_as_ids, to_frame
from dashboard.core.loader import Chronology, load_bytes, load_path
from dashboard.io import cache
from dashboard.io.bulk import read_csv_bytes
from dashboard.io.exporters import export
from dashboard.io.importers import import_csv, load_any

ROOT = Path(__file__).resolve().parents[1]
TASS = ROOT / "chronologies" / "tass-2022-11-02.yaml"
EVENTS = ROOT / "events.yaml"


def _same_as(chron: Chronology) -> dict[str, list[str]]:
    return {ev.id: list(ev.same_as) for ev in chron.events}


@pytest.fixture(scope="module")
def tass() -> Chronology:
    chron = load_path(TASS)
    assert not chron.problems
    assert chron.id == "tass-2022-11-02"
    assert sum(bool(ev.same_as) for ev in chron.events) >= 5  # the file this is about
    return chron


@pytest.mark.parametrize(
    "ids",
    [[], ["a"], ["a", "b-2"], ["odd;id", "back\\slash"]],
)
def test_same_as_cell_round_trip(ids: list[str]) -> None:
    assert same_as_ids(same_as_cell(ids)) == ids


@pytest.mark.parametrize("missing", [None, float("nan"), ""])
def test_same_as_ids_of_nothing(missing: object) -> None:
    assert same_as_ids(missing) == []


def test_frame_extras_keep_same_as(tass: Chronology) -> None:
    events = FrameEvents(to_frame(tass), event_extras(tass))
    assert {ev.id: ev.same_as for ev in events} == _same_as(tass)
    assert events.by_id(tass.events[-1].id) == tass.event(tass.events[-1].id)


def test_cache_keeps_id_and_same_as(tass: Chronology, tmp_path: Path) -> None:
    first = cache.load_with_cache(TASS, cache_dir=tmp_path)
    again = cache.load_with_cache(TASS, cache_dir=tmp_path)
    assert (first.hit, again.hit) == (False, True)
    for got in (first.chron, again.chron):
        assert isinstance(got.events, FrameEvents)
        assert got.id == tass.id
        assert _same_as(got) == _same_as(tass)
        assert got.same_as_at == tass.same_as_at
    main = load_path(EVENTS)
    assert compare(main, again.chron).to_json() == compare(main, tass).to_json()
    assert compare(main, again.chron).problems == compare(main, tass).problems


def test_an_older_cache_entry_is_rebuilt(tmp_path: Path) -> None:
    """An entry of format 2 (no id, no same_as) is never read as a current one."""
    assert cache.CACHE_FORMAT >= 3
    fresh = cache.load_with_cache(TASS, cache_dir=tmp_path)
    meta_path = tmp_path / f"{fresh.key}.json"
    meta = json.loads(meta_path.read_bytes())
    meta["format"] = 2
    del meta["id"], meta["same_as_at"]
    meta_path.write_text(json.dumps(meta))
    assert cache.read_entry(tmp_path, fresh.key) is None  # a miss: removed, then written again
    again = cache.load_with_cache(TASS, cache_dir=tmp_path)
    assert not again.hit
    assert again.chron.id == "tass-2022-11-02"
    assert cache.load_with_cache(TASS, cache_dir=tmp_path).hit


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_yaml_and_json_exports_keep_id_and_same_as(tass: Chronology, fmt: str) -> None:
    data = export(tass, None, fmt)
    back = load_bytes(data, file=f"out.{fmt}") if fmt == "yaml" else load_any(data, file="out.json", fmt="json")
    assert not back.problems
    assert back.id == tass.id
    assert _same_as(back) == _same_as(tass)
    assert set(back.same_as_at) == set(tass.same_as_at)


def test_export_of_some_events_keeps_their_same_as(tass: Chronology) -> None:
    """``same_as`` names events of another chronology: kept whichever events are written."""
    one = next(ev for ev in tass.events if ev.same_as)
    back = load_bytes(export(tass, [one.id], "yaml"), file="one.yaml")
    assert [(ev.id, ev.same_as) for ev in back.events] == [(one.id, one.same_as)]


def test_export_of_the_cached_chronology(tass: Chronology, tmp_path: Path) -> None:
    cached = cache.load_with_cache(TASS, cache_dir=tmp_path).chron
    assert export(cached, None, "yaml") == export(tass, None, "yaml")


def test_csv_export_and_import_keep_same_as(tass: Chronology) -> None:
    data = export(tass, None, "csv")
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[-1] == "same_as"
    for back in (import_csv(data, file="out.csv"), read_csv_bytes(data, file="out.csv")):
        assert not back.problems
        assert _same_as(back) == _same_as(tass)


def test_csv_same_as_cell_rule_is_the_related_one() -> None:
    """``;``-separated, trimmed, empty items dropped, a repeated id a problem at its cell."""
    csv = b"id,date,title,same_as\r\nx,2022-01-01,X, a ;b;;\r\ny,2022-01-02,Y,c;c\r\n"
    for read in (import_csv, read_csv_bytes):
        chron = read(csv, file="t.csv")
        assert _same_as(chron) == {"x": ["a", "b"], "y": ["c"]}
        assert [(p.line, p.message) for p in chron.problems] == [(3, "'same_as' lists 'c' twice (first at t.csv:3:4)")]
