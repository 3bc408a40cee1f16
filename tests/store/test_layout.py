"""The store's metadata (``store.json``): what it keeps comes back as written, periods included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.core.loader import Category, Story, StoryStep, load_path
from dashboard.core.problems import Problem
from dashboard.store.layout import DB_FILE, META_FILE, STORE_FORMAT, StoreFormatError, StoreMeta, read_meta, write_meta

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PERIODS = load_path(FIXTURES / "periods.yaml").periods


def meta_with_everything() -> StoreMeta:
    return StoreMeta(
        key="k",
        rows=2,
        title="Periods of every kind",
        description="About.",
        categories={"war": Category("war", "War", "#123456", None)},
        declared_categories=True,
        stories=(Story("s", "S", "", [StoryStep("hastings", "note")]),),
        problems=(Problem("f.yaml", 3, 5, "message", "hint"),),
        problem_count=1,
        skipped=0,
        files=("f.yaml",),
        inputs=("f.yaml",),
        facets={"category": (("war", 2),)},
        periods=tuple(PERIODS),
    )


def test_meta_round_trips_through_json_with_its_periods() -> None:
    meta = meta_with_everything()
    assert len(meta.periods) == 7
    again = StoreMeta.from_json(json.loads(json.dumps(meta.to_json())))
    assert again == meta
    assert again.periods == meta.periods


def test_meta_round_trips_through_the_store_folder(tmp_path: Path) -> None:
    meta = meta_with_everything()
    write_meta(tmp_path, meta)
    (tmp_path / DB_FILE).touch()  # read_meta wants a complete store
    assert read_meta(tmp_path) == meta
    data = json.loads((tmp_path / META_FILE).read_text(encoding="utf-8"))
    assert data["periods"][0]["date"] == "-0042/-0032"
    assert data["periods"][0]["earliest_ms"] == PERIODS[0].earliest_ms


def test_a_store_written_before_periods_has_none() -> None:
    data = meta_with_everything().to_json()
    del data["periods"]
    assert StoreMeta.from_json(data).periods == ()
    assert StoreMeta().periods == ()
    assert StoreMeta().to_json()["periods"] == []


@pytest.mark.parametrize("bad", [["not a mapping"], [{"id": "p"}], {"p": 1}, [{"id": "p", "label": "P"}]])
def test_unreadable_periods_are_a_format_error(bad: object) -> None:
    data = meta_with_everything().to_json()
    data["periods"] = bad
    with pytest.raises(StoreFormatError, match="unreadable store metadata"):
        StoreMeta.from_json(data)
    assert data["format"] == STORE_FORMAT
