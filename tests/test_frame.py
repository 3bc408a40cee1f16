"""The events DataFrame: the columns and dtypes of docs/frame-columns.md, BC dates, order."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dashboard.core.dates import PRECISIONS
from dashboard.core.frame import COLUMNS, EXTRA_COLUMNS, LIST_COLUMNS, empty_frame, event_extras, to_frame
from dashboard.core.loader import Chronology, load_bytes, load_path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

DTYPES = {
    "id": "str",
    "title": "str",
    "category": "category",
    "summary": "str",
    "notes": "str",
    "date": "str",
    "label": "str",
    "earliest": "datetime64[s]",
    "latest": "datetime64[s]",
    "earliest_ms": "int64",
    "latest_ms": "int64",
    "precision": "category",
    "approximate": "bool",
    "uncertain": "bool",
    "interval": "bool",
    "open_start": "bool",
    "open_end": "bool",
    "importance": "int8",
    "order": "int16",
    "status": "category",
    "actors": "object",
    "places": "object",
    "tags": "object",
    "sources": "object",
    "publishers": "object",
    "related": "object",
    "has_image": "bool",
    "file": "str",
    "line": "int32",
    "links": "object",
}


@pytest.fixture(scope="module")
def chron() -> Chronology:
    return load_path(FIXTURES / "valid.yaml")


@pytest.fixture(scope="module")
def frame(chron: Chronology) -> pd.DataFrame:
    return to_frame(chron)


def test_columns_match_the_documentation() -> None:
    documented = re.findall(r"^\| `(\w+)` \|", (ROOT / "docs" / "frame-columns.md").read_text(encoding="utf-8"), re.M)
    assert tuple(documented) == COLUMNS
    assert set(DTYPES) == set(COLUMNS)


@pytest.mark.parametrize("make", [lambda: to_frame(load_path(FIXTURES / "valid.yaml")), empty_frame])
def test_dtypes(make: object) -> None:
    df = make()  # type: ignore[operator]
    assert tuple(df.columns) == COLUMNS
    assert {c: str(df[c].dtype) for c in COLUMNS} == DTYPES
    assert isinstance(df.index, pd.RangeIndex)


def test_bc_row_is_kept_and_sorted_first(frame: pd.DataFrame) -> None:
    assert list(frame["id"]) == ["ides-of-march", "hastings", "treaty-signed"]
    assert not frame["earliest"].isna().any()
    assert not frame["latest"].isna().any()
    caesar = frame.iloc[0]
    assert caesar["earliest"] == np.datetime64("-0043-03-15T00:00:00", "s")
    assert caesar["latest"] == np.datetime64("-0043-03-15T23:59:59", "s")
    assert frame["earliest"].to_numpy()[0].astype("datetime64[Y]").astype(int) + 1970 == -43
    assert caesar["label"] == "15 Mar 44 BC"
    assert caesar["earliest_ms"] == np.datetime64("-0043-03-15", "ms").astype("int64")
    assert (frame["earliest_ms"] == frame["earliest"].to_numpy().astype("int64") * 1000).all()
    assert (frame["latest_ms"] == frame["latest"].to_numpy().astype("int64") * 1000).all()
    assert frame["earliest"].is_monotonic_increasing


def test_year_1066_is_never_1970(frame: pd.DataFrame) -> None:
    hastings = frame.set_index("id").loc["hastings"]
    assert hastings["earliest"] == np.datetime64("1066-01-01", "s")
    assert hastings["latest"] == np.datetime64("1066-12-31T23:59:59", "s")
    assert hastings["precision"] == "year"


def test_values(frame: pd.DataFrame) -> None:
    row = frame.set_index("id").loc["treaty-signed"]
    assert row["sources"] == ["src-a", "treaty-signed--2"]
    assert row["publishers"] == ["Example Press", "Other Press"]
    assert row["related"] == ["ides-of-march"]
    assert row["importance"] == 5
    assert row["status"] == "reported"
    assert row["summary"] == ""
    assert row["file"].endswith("valid.yaml")
    assert row["line"] == 24
    caesar = frame.set_index("id").loc["ides-of-march"]
    assert caesar["actors"] == ["Brutus", "Cassius"]
    assert caesar["places"] == ["Rome"]
    assert caesar["tags"] == []
    for name in LIST_COLUMNS:
        assert all(isinstance(v, list) for v in frame[name])


def test_categoricals(frame: pd.DataFrame) -> None:
    assert list(frame["category"].cat.categories) == ["treaty", "war"]  # declared order
    assert list(frame["precision"].cat.categories) == list(PRECISIONS)
    assert list(frame["status"].cat.categories) == ["confirmed", "reported", "disputed"]


def test_categories_in_order_of_first_use_without_a_block() -> None:
    text = (
        "events:\n"
        "  - {id: b, date: 2020, title: B, category: zeta}\n"
        "  - {id: a, date: 2021, title: A, category: alpha}\n"
        "  - {id: c, date: 2019, title: C, category: zeta}\n"
    )
    df = to_frame(load_bytes(text.encode()))
    assert list(df["id"]) == ["c", "b", "a"]
    assert list(df["category"].cat.categories) == ["zeta", "alpha"]


def test_ties_are_sorted_by_id_and_flags_are_set() -> None:
    text = (
        "events:\n"
        "  - {id: z, date: 2022-10~, title: Z, category: c, image: {url: 'https://x.org/i.png'}}\n"
        "  - {id: a, date: 2022-10/2022-11, title: A, category: c, display_date: autumn}\n"
        "  - {id: m, date: 2022-10/.., title: M, category: c}\n"
        "  - {id: o, date: ../2022-10, title: O, category: c}\n"
    )
    df = to_frame(load_bytes(text.encode())).set_index("id")
    assert list(df.index) == ["a", "m", "o", "z"]
    flags = df[["approximate", "uncertain", "interval", "open_start", "open_end", "has_image"]]
    assert flags.to_dict("index") == {
        "a": dict.fromkeys(flags.columns, False) | {"interval": True},
        "m": dict.fromkeys(flags.columns, False) | {"interval": True, "open_end": True},
        "o": dict.fromkeys(flags.columns, False) | {"interval": True, "open_start": True},
        "z": dict.fromkeys(flags.columns, False) | {"approximate": True, "has_image": True},
    }
    assert df.loc["a", "label"] == "autumn"
    assert df.loc["m", "latest"] == np.datetime64("2022-10-31T23:59:59", "s")


SAME_DAY = (
    "events:\n"
    "  - {id: b, date: 2022-09-30, title: B, category: c, order: 2}\n"
    "  - {id: a, date: 2022-09-30, title: A, category: c, order: 10}\n"
    "  - {id: c, date: 2022-09-30, title: C, category: c, order: 1}\n"
    "  - {id: y, date: 2022-09-30, title: Y, category: c}\n"
    "  - {id: x, date: 2022-09-30, title: X, category: c}\n"
    "  - {id: next, date: 2022-10-01, title: Next, category: c, order: 1}\n"
)


@pytest.mark.parametrize("given", ["loaded", "reversed"])
def test_same_day_rows_follow_order_then_id(given: str) -> None:
    chron = load_bytes(SAME_DAY.encode())
    if given == "reversed":  # not the loader's order: to_frame sorts with the same key
        chron = Chronology(events=list(chron.events)[::-1], categories=chron.categories)
    df = to_frame(chron)
    assert list(df["id"]) == ["x", "y", "c", "b", "a", "next"]
    assert list(df["order"]) == [0, 0, 1, 2, 10, 1]  # 0: no order
    assert list(event_extras(chron).columns) == list(EXTRA_COLUMNS)
    assert "order" not in EXTRA_COLUMNS  # each concept once: a column, not an extra


def test_extreme_years() -> None:
    text = (
        "events:\n"
        "  - {id: a, date: -9999, title: A, category: c}\n"
        "  - {id: b, date: 9999-12-31, title: B, category: c}\n"
    )
    df = to_frame(load_bytes(text.encode()))
    assert df["earliest"].iloc[0] == np.datetime64("-9999-01-01", "s")
    assert df["latest"].iloc[1] == np.datetime64("9999-12-31T23:59:59", "s")
    assert not df["earliest"].isna().any()


def test_empty_chronology() -> None:
    df = to_frame(Chronology())
    assert df.empty
    assert tuple(df.columns) == COLUMNS
    assert list(empty_frame(["x", "y"])["category"].cat.categories) == ["x", "y"]
