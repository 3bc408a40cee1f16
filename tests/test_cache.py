"""The persistent cache: hit, miss, invalidation on change, corrupt entries, folder, FrameEvents."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pandas as pd
import pytest

from dashboard.core.frame import FrameEvents, event_extras, to_frame
from dashboard.core.loader import Chronology, load_path
from dashboard.io import cache
from dashboard.io.cache import (
    CACHE_ENV,
    default_cache_dir,
    input_key,
    load_with_cache,
    read_entry,
    write_entry,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SOURCES = [
    FIXTURES / "valid.yaml",
    FIXTURES / "invalid.yaml",
    FIXTURES / "hostile.yaml",
    FIXTURES / "folder",
    FIXTURES / "periods.yaml",
    ROOT / "events.yaml",
]


def assert_same(cached: Chronology, frame: pd.DataFrame, fresh: Chronology) -> None:
    """Everything the app uses is equal to a fresh load."""
    pd.testing.assert_frame_equal(frame, to_frame(fresh))
    assert list(cached.events) == list(fresh.events)
    assert dict(cached.sources) == dict(fresh.sources)
    assert cached.categories == fresh.categories
    assert list(cached.categories) == list(fresh.categories)
    assert cached.stories == fresh.stories
    assert cached.periods == fresh.periods
    assert cached.problems == fresh.problems
    assert (cached.title, cached.description, cached.files, cached.skipped, cached.declared_categories) == (
        fresh.title,
        fresh.description,
        fresh.files,
        fresh.skipped,
        fresh.declared_categories,
    )


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_miss_then_hit_gives_the_same_chronology(source: Path, tmp_path: Path) -> None:
    first = load_with_cache(source, cache_dir=tmp_path)
    assert not first.hit
    second = load_with_cache(source, cache_dir=tmp_path)
    assert second.hit
    assert second.key == first.key
    fresh = load_path(source)
    assert_same(first.chron, first.frame, fresh)
    assert_same(second.chron, second.frame, fresh)
    assert isinstance(second.chron.events, FrameEvents)


def test_a_changed_file_is_a_miss(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    path = data / "c.yaml"
    path.write_text("events:\n  - {id: a, date: 2020, title: A, category: x}\n", encoding="utf-8")
    store = tmp_path / "cache"
    first = load_with_cache(path, cache_dir=store)
    assert load_with_cache(path, cache_dir=store).hit
    path.write_text("events:\n  - {id: b, date: 2021, title: B, category: x}\n", encoding="utf-8")
    changed = load_with_cache(path, cache_dir=store)
    assert not changed.hit
    assert changed.key != first.key
    assert [e.id for e in changed.chron.events] == ["b"]
    assert load_with_cache(path, cache_dir=store).hit


def test_a_changed_file_in_a_folder_is_a_miss(tmp_path: Path) -> None:
    folder = tmp_path / "chron"
    folder.mkdir()
    (folder / "a.yaml").write_text("events:\n  - {id: a, date: 2020, title: A, category: x}\n", encoding="utf-8")
    (folder / "b.yml").write_text("events:\n  - {id: b, date: 2021, title: B, category: x}\n", encoding="utf-8")
    store = tmp_path / "cache"
    key = load_with_cache(folder, cache_dir=store).key
    assert load_with_cache(folder, cache_dir=store).hit
    (folder / "b.yml").write_text("events:\n  - {id: c, date: 2021, title: C, category: x}\n", encoding="utf-8")
    again = load_with_cache(folder, cache_dir=store)
    assert not again.hit
    assert again.key != key
    assert sorted(e.id for e in again.chron.events) == ["a", "c"]


def test_key_depends_on_path_limit_and_content(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("events: []\n", encoding="utf-8")
    other = tmp_path / "d.yaml"
    other.write_text("events: []\n", encoding="utf-8")
    assert input_key(path) == input_key(path)
    assert input_key(path) != input_key(other)  # the path is in every event and problem
    assert input_key(path) != input_key(path, max_bytes=100)
    assert input_key(path) != input_key(path, kind="csv")


@pytest.mark.parametrize("damage", ["json-garbage", "json-wrong-key", "arrow-garbage", "arrow-truncated", "no-arrow"])
def test_a_damaged_entry_is_ignored_and_rewritten(damage: str, tmp_path: Path) -> None:
    source = ROOT / "events.yaml"
    key = load_with_cache(source, cache_dir=tmp_path).key
    meta, table = tmp_path / f"{key}.json", tmp_path / f"{key}.arrow"
    if damage == "json-garbage":
        meta.write_bytes(b"{not json")
    elif damage == "json-wrong-key":
        doc = json.loads(meta.read_text(encoding="utf-8"))
        doc["key"] = "0" * 40
        meta.write_text(json.dumps(doc), encoding="utf-8")
    elif damage == "arrow-garbage":
        table.write_bytes(b"ARROW1" + os.urandom(200))
    elif damage == "arrow-truncated":
        table.write_bytes(table.read_bytes()[: table.stat().st_size // 2])
    else:
        table.unlink()
    assert read_entry(tmp_path, key) is None
    again = load_with_cache(source, cache_dir=tmp_path)
    assert not again.hit
    assert_same(again.chron, again.frame, load_path(source))
    assert load_with_cache(source, cache_dir=tmp_path).hit


def test_an_entry_with_other_rows_is_ignored(tmp_path: Path) -> None:
    source = ROOT / "events.yaml"
    key = load_with_cache(source, cache_dir=tmp_path).key
    meta = tmp_path / f"{key}.json"
    doc = json.loads(meta.read_text(encoding="utf-8"))
    doc["rows"] += 1
    meta.write_text(json.dumps(doc), encoding="utf-8")
    assert read_entry(tmp_path, key) is None


def test_folder_and_files_are_private(tmp_path: Path) -> None:
    store = tmp_path / "new" / "cache"
    load_with_cache(ROOT / "events.yaml", cache_dir=store)
    assert stat.S_IMODE(store.stat().st_mode) == 0o700
    files = list(store.iterdir())
    assert sorted(p.suffix for p in files) == [".arrow", ".json"]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600


def test_no_cache_when_turned_off(tmp_path: Path) -> None:
    result = load_with_cache(ROOT / "events.yaml", cache_dir=tmp_path, use_cache=False)
    assert not result.hit
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_still_loads(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = load_with_cache(ROOT / "events.yaml", cache_dir=blocker / "cache")
    assert not result.hit
    assert len(result.chron.events) == len(load_path(ROOT / "events.yaml").events)
    assert not write_entry(blocker / "cache", "k", result.chron, result.frame)


def test_a_missing_file_is_a_problem_and_nothing_is_kept(tmp_path: Path) -> None:
    result = load_with_cache(tmp_path / "nope.yaml", cache_dir=tmp_path / "cache")
    assert [p.message for p in result.chron.problems] == ["no such file or folder"]
    assert not (tmp_path / "cache").exists()


def test_old_entries_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 2)
    paths = []
    for i in range(4):
        path = tmp_path / f"c{i}.yaml"
        path.write_text(f"events:\n  - {{id: e{i}, date: 2020, title: T, category: x}}\n", encoding="utf-8")
        paths.append(path)
        load_with_cache(path, cache_dir=tmp_path / "cache")
        os.utime(tmp_path / "cache", None)
    entries = sorted((tmp_path / "cache").glob("*.json"))
    assert len(entries) == 2
    assert len(list((tmp_path / "cache").glob("*.arrow"))) == 2


def test_default_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "here"))
    assert default_cache_dir() == tmp_path / "here"
    for off in ("off", "OFF", "none", "0"):
        monkeypatch.setenv(CACHE_ENV, off)
        assert default_cache_dir() is None
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "chronology-dashboard"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "chronology-dashboard"


def test_default_folder_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env-cache"))
    load_with_cache(ROOT / "events.yaml")
    assert load_with_cache(ROOT / "events.yaml").hit
    assert len(list((tmp_path / "env-cache").glob("*.json"))) == 1


# --------------------------------------------------------------------------- FrameEvents


@pytest.fixture(scope="module")
def fresh() -> Chronology:
    return load_path(FIXTURES / "valid.yaml")


def test_frame_events_behave_as_the_list(fresh: Chronology) -> None:
    events = FrameEvents(to_frame(fresh), event_extras(fresh))
    listed = list(fresh.events)
    assert len(events) == len(listed)
    assert list(events) == listed
    assert events == listed
    assert events[0] == listed[0]
    assert events[-1] == listed[-1]
    assert events[1:] == listed[1:]
    assert events[0] is events[0]  # built once
    assert listed[1] in events
    assert "not an event" not in events
    with pytest.raises(IndexError):
        events[len(listed)]
    for ev in listed:
        assert events.by_id(ev.id) == ev
    assert events.by_id("nope") is None


def test_chronology_event_uses_the_index(fresh: Chronology) -> None:
    lazy = Chronology(events=FrameEvents(to_frame(fresh), event_extras(fresh)), sources=fresh.sources)
    for ev in fresh.events:
        assert lazy.event(ev.id) == ev
        assert fresh.event(ev.id) == ev
    assert lazy.event("nope") is None
    assert to_frame(lazy).equals(to_frame(fresh))


def test_display_date_and_image_survive() -> None:
    text = (
        "events:\n"
        "  - {id: a, date: 2022-10/2022-11, title: A, category: c, display_date: autumn,\n"
        "     image: {url: 'https://x.org/i.png', caption: Cap, alt: Alt}}\n"
        "  - {id: b, date: 2022-10~, title: B, category: c}\n"
    )
    path_events = load_path_text(text)
    events = FrameEvents(to_frame(path_events), event_extras(path_events))
    a = events.by_id("a")
    assert a is not None
    assert a == path_events.event("a")
    assert a.display_date == "autumn"
    assert a.label == "autumn"
    assert a.date.label == "Oct - Nov 2022"
    assert a.image is not None
    assert (a.image.caption, a.image.credit, a.image.alt) == ("Cap", None, "Alt")


def load_path_text(text: str) -> Chronology:
    from dashboard.core.loader import load_bytes

    return load_bytes(text.encode())


# --------------------------------------------------------------------------- order (issue 13)

SAME_DAY = (
    "events:\n"
    "  - {id: treaty, date: 2022-09-30, title: Treaty, category: c, order: 2}\n"
    "  - {id: speech, date: 2022-09-30, title: Speech, category: c, order: 1}\n"
    "  - {id: veto, date: 2022-09-30, title: Veto, category: c, order: 10}\n"
    "  - {id: application, date: 2022-09-30, title: Application, category: c}\n"
    "  - {id: before, date: 2022-09-29, title: Before, category: c, order: 999}\n"
)
SAME_DAY_ORDER = ["before", "application", "speech", "treaty", "veto"]  # 10 after 2: numbers, not text


def test_order_survives_a_miss_and_a_hit(tmp_path: Path) -> None:
    path = tmp_path / "same-day.yaml"
    path.write_text(SAME_DAY, encoding="utf-8")
    fresh = load_path(path)
    assert [ev.id for ev in fresh.events] == SAME_DAY_ORDER
    miss = load_with_cache(path, cache_dir=tmp_path / "cache")
    hit = load_with_cache(path, cache_dir=tmp_path / "cache")
    assert (miss.hit, hit.hit) == (False, True)
    for got in (miss, hit):
        assert list(got.frame["id"]) == SAME_DAY_ORDER
        assert [ev.id for ev in got.chron.events] == SAME_DAY_ORDER
        assert {ev.id: ev.order for ev in got.chron.events} == {
            "before": 999,
            "application": None,
            "speech": 1,
            "treaty": 2,
            "veto": 10,
        }
        assert got.chron.event("treaty") == fresh.event("treaty")
        assert_same(got.chron, got.frame, fresh)
        assert str(got.frame["order"].dtype) == "int16"
        assert list(got.frame["order"]) == [999, 0, 1, 2, 10]
    assert "order" not in event_extras(hit.chron).columns


def test_order_survives_frame_events() -> None:
    fresh = load_path_text(SAME_DAY)
    events = FrameEvents(to_frame(fresh), event_extras(fresh))
    assert events == list(fresh.events)
    assert [ev.order for ev in events] == [999, None, 1, 2, 10]  # _build_all
    single = FrameEvents(to_frame(fresh), event_extras(fresh))
    assert single.by_id("veto").order == 10  # type: ignore[union-attr]  # one row
    assert single.by_id("application").order is None  # type: ignore[union-attr]


def test_periods_survive_a_miss_and_a_hit(tmp_path: Path) -> None:
    miss = load_with_cache(FIXTURES / "periods.yaml", cache_dir=tmp_path)
    hit = load_with_cache(FIXTURES / "periods.yaml", cache_dir=tmp_path)
    assert (miss.hit, hit.hit) == (False, True)
    assert len(hit.chron.periods) == 7
    assert hit.chron.periods == load_path(FIXTURES / "periods.yaml").periods
    entry = json.loads((tmp_path / f"{hit.key}.json").read_text(encoding="utf-8"))
    assert entry["periods"][0]["id"] == "second-triumvirate"


def test_the_code_fingerprint_reads_every_loading_module() -> None:
    """The cache key covers the code that loads: each file it names exists (a move must update it)."""
    package = Path(cache.__file__).resolve().parents[1]
    for name in cache._LOADING_MODULES:
        assert (package / f"{name}.py").is_file(), name
