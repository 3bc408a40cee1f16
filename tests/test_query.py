"""Tests for dashboard.core.query: filter state, URL form, filters, facets, lanes, sentence."""

from __future__ import annotations

import urllib.parse
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core import query
from dashboard.core.links import DIRECTIONS, MAX_DEPTH
from dashboard.core.query import (
    FACETS,
    LANES,
    MATCHES,
    PARAM_KEYS,
    VIEWS,
    FilterState,
    apply_filters,
    check_against,
    compare_key_problem,
    date_window,
    describe,
    facet_counts,
    facet_counts_all,
    facet_counts_excluding,
    filter_mask,
    format_day,
    from_query_params,
    human_day,
    lane_values,
    parse_day,
    parse_window,
    plotly_ms,
    selection_days,
    to_query_params,
    to_query_string,
    window_ms,
    window_of_ms,
)
from dashboard.core.query import day_of_ms as query_day_of_ms

# --- a hand-built events frame, with exactly the columns of docs/frame-columns.md -----

CATEGORIES = ["war", "treaty", "referendum", "decree", "assassination", "election"]
STATUSES = ["confirmed", "reported", "disputed"]
PRECISIONS = ["moment", "day", "month", "season", "year", "decade", "century", "millennium"]
LIST_COLUMNS = ["actors", "places", "tags", "sources", "publishers", "related"]


def day(text: str) -> np.datetime64:
    return np.datetime64(text, "s")


def end_of(text: str) -> np.datetime64:
    """The last second of the day ``text``."""
    return day(text) + np.timedelta64(86_399, "s")


def make_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame with the documented columns and dtypes; each row gives what differs.

    ``earliest``/``latest`` are ISO days: earliest at 00:00:00, latest at 23:59:59.
    """
    records = []
    for n, row in enumerate(rows, start=1):
        latest_day = row.get("latest", row["earliest"])
        record: dict[str, Any] = {
            "id": row["id"],
            "title": row.get("title", row["id"].title()),
            "category": row.get("category", "war"),
            "summary": row.get("summary", ""),
            "notes": row.get("notes", ""),
            "date": row.get("date", row["earliest"]),
            "label": row.get("label", row["earliest"]),
            "earliest": day(row["earliest"]),
            "latest": end_of(latest_day),
            "precision": row.get("precision", "day"),
            "approximate": row.get("approximate", False),
            "uncertain": row.get("uncertain", False),
            "interval": row.get("interval", False),
            "open_start": row.get("open_start", False),
            "open_end": row.get("open_end", False),
            "importance": row.get("importance", 3),
            "status": row.get("status", "confirmed"),
            "has_image": False,
            "file": "events.yaml",
            "line": 2 + 10 * n,
        }
        for column in LIST_COLUMNS:
            record[column] = list(row.get(column, []))
        records.append(record)
    earliest = np.array([r["earliest"] for r in records], dtype="datetime64[s]")
    latest = np.array([r["latest"] for r in records], dtype="datetime64[s]")

    def strings(column: str) -> pd.Series:
        return pd.Series([r[column] for r in records], dtype="str")

    def objects(column: str) -> pd.Series:
        values = np.empty(len(records), dtype=object)
        for i, r in enumerate(records):
            values[i] = r[column]
        return pd.Series(values, dtype=object)

    def flags(column: str) -> pd.Series:
        return pd.Series([r[column] for r in records], dtype=bool)

    frame = pd.DataFrame(
        {
            "id": strings("id"),
            "title": strings("title"),
            "category": pd.Categorical([r["category"] for r in records], categories=CATEGORIES),
            "summary": strings("summary"),
            "notes": strings("notes"),
            "date": strings("date"),
            "label": strings("label"),
            "earliest": pd.Series(earliest),
            "latest": pd.Series(latest),
            "earliest_ms": pd.Series(earliest.astype("datetime64[ms]").astype(np.int64)),
            "latest_ms": pd.Series(latest.astype("datetime64[ms]").astype(np.int64)),
            "precision": pd.Categorical([r["precision"] for r in records], categories=PRECISIONS),
            "approximate": flags("approximate"),
            "uncertain": flags("uncertain"),
            "interval": flags("interval"),
            "open_start": flags("open_start"),
            "open_end": flags("open_end"),
            "importance": pd.Series([r["importance"] for r in records], dtype=np.int8),
            "status": pd.Categorical([r["status"] for r in records], categories=STATUSES),
            **{column: objects(column) for column in LIST_COLUMNS[:5]},
            "related": objects("related"),
            "has_image": flags("has_image"),
            "file": strings("file"),
            "line": pd.Series([r["line"] for r in records], dtype=np.int32),
        }
    )
    return frame.sort_values(["earliest", "id"], kind="stable").reset_index(drop=True)


EVENTS: list[dict[str, Any]] = [
    {
        "id": "rubicon",
        "earliest": "-0048-01-10",
        "title": "Caesar crosses the Rubicon",
        "category": "war",
        "actors": ["Caesar"],
        "places": ["Rubicon"],
        "tags": ["civil-war"],
        "publishers": ["Suetonius"],
        "importance": 4,
        "status": "reported",
    },
    {
        "id": "ides",
        "earliest": "-0043-03-15",
        "title": "Assassination of Caesar",
        "category": "assassination",
        "summary": "Stabbed (23 times) in the Theatre of Pompey",
        "actors": ["Brutus", "Cassius", "Caesar"],
        "places": ["Rome"],
        "tags": ["republic"],
        "publishers": ["Plutarch", "Suetonius"],
        "importance": 5,
    },
    {
        "id": "invasion",
        "earliest": "2022-02-24",
        "date": "2022-02-24/..",
        "title": "Full-scale invasion",
        "category": "war",
        "actors": ["Russia", "Ukraine"],
        "places": ["Ukraine"],
        "tags": ["war"],
        "publishers": ["Reuters"],
        "importance": 5,
        "interval": True,
        "open_end": True,
    },
    {
        "id": "mobilisation",
        "earliest": "2022-09-21",
        "title": "Partial mobilisation",
        "category": "decree",
        "notes": "Decree No 647 (see the Kremlin site)",
        "actors": ["Russia"],
        "places": ["Moscow"],
        "publishers": ["Reuters"],
        "importance": 4,
    },
    {
        "id": "referenda",
        "earliest": "2022-09-23",
        "latest": "2022-09-27",
        "date": "2022-09-23/2022-09-27",
        "title": "Referendums in occupied regions",
        "category": "referendum",
        "actors": ["Russia"],
        "places": ["Kherson", "Donetsk"],
        "tags": ["referendum", "annexation", "referendum"],
        "publishers": ["AP"],
        "status": "disputed",
        "interval": True,
    },
    {
        "id": "annexation",
        "earliest": "2022-09-30",
        "title": "Annexation treaties signed",
        "category": "treaty",
        "summary": "Russia claims Kherson and Zaporizhzhia regions",
        "actors": ["Russia"],
        "places": ["Kherson", "Zaporizhzhia"],
        "tags": ["annexation"],
        "publishers": ["Reuters", "AP"],
        "importance": 4,
    },
    {
        "id": "bridge",
        "earliest": "2022-10-08",
        "title": "Kerch bridge explosion",
        "category": "war",
        "summary": "A truck bomb damages the bridge",
        "notes": "Cause reported, c.f. later inquiries",
        "places": ["Crimea"],
        "importance": 2,
        "status": "reported",
    },
    {
        "id": "kherson",
        "earliest": "2022-11-01",
        "latest": "2022-11-30",
        "date": "2022-11",
        "precision": "month",
        "title": "Liberation of Kherson",
        "category": "war",
        "summary": "Ukrainian forces enter the city",
        "actors": ["Ukraine"],
        "places": ["Kherson"],
        "tags": ["liberation"],
        "publishers": ["Reuters"],
        "importance": 4,
        "status": "reported",
    },
]


@pytest.fixture
def df() -> pd.DataFrame:
    return make_frame(EVENTS)


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["id"])


def test_frame_helper_has_documented_dtypes(df: pd.DataFrame) -> None:
    assert list(df.columns) == [
        "id",
        "title",
        "category",
        "summary",
        "notes",
        "date",
        "label",
        "earliest",
        "latest",
        "earliest_ms",
        "latest_ms",
        "precision",
        "approximate",
        "uncertain",
        "interval",
        "open_start",
        "open_end",
        "importance",
        "status",
        "actors",
        "places",
        "tags",
        "sources",
        "publishers",
        "related",
        "has_image",
        "file",
        "line",
    ]
    assert str(df["earliest"].dtype) == "datetime64[s]"
    assert str(df["latest"].dtype) == "datetime64[s]"
    assert df["earliest_ms"].dtype == np.int64
    assert df["importance"].dtype == np.int8
    assert isinstance(df["category"].dtype, pd.CategoricalDtype)
    assert df["actors"].dtype == object
    assert df["earliest"].iloc[1] == np.datetime64("-0043-03-15", "s")
    assert df["id"].iloc[0] == "rubicon"


# --- FilterState ----------------------------------------------------------------------


def test_default_state() -> None:
    state = FilterState()
    assert state.is_default()
    assert not state.is_filtered()
    assert to_query_params(state) == {}
    assert to_query_string(state) == ""


@pytest.mark.parametrize(
    ("changes", "filtered"),
    [
        ({"date_from": "2022-01-01"}, True),
        ({"date_to": "2022-01-01"}, True),
        ({"categories": ("war",)}, True),
        ({"actors": ("Russia",)}, True),
        ({"places": ("Kherson",)}, True),
        ({"tags": ("war",)}, True),
        ({"sources": ("AP",)}, True),
        ({"statuses": ("disputed",)}, True),
        ({"importance": 2}, True),
        ({"q": "kherson"}, True),
        ({"q": "   "}, False),
        ({"match": "within"}, False),
        ({"lanes": "actor"}, False),
        ({"event": "ides"}, False),
        ({"view": "table"}, False),
        ({"story": "war", "step": 2}, False),
    ],
)
def test_is_filtered_and_is_default(changes: dict[str, Any], filtered: bool) -> None:
    state = FilterState().replace(**changes)
    assert state.is_filtered() is filtered
    assert not state.is_default()


def test_replace_and_hash() -> None:
    state = FilterState(categories=("war",))
    other = state.replace(categories=("treaty",), event="ides")
    assert state.categories == ("war",)
    assert other.categories == ("treaty",)
    assert other.event == "ides"
    assert len({state, state.replace(), other}) == 2


def test_lists_become_tuples() -> None:
    state = FilterState(actors=["Russia", "Ukraine"], tags="war")  # type: ignore[arg-type]
    assert state.actors == ("Russia", "Ukraine")
    assert state.tags == ("war",)
    hash(state)


# --- days -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-09-01", "2022-09-01T00:00:00"),
        ("-0043-03-15", "-0043-03-15T00:00:00"),
        ("0000-02-29", "0000-02-29T00:00:00"),
        (" 1999-12-31 ", "1999-12-31T00:00:00"),
    ],
)
def test_parse_day(text: str, expected: str) -> None:
    value = parse_day(text)
    assert value == np.datetime64(expected, "s")
    assert value.dtype == np.dtype("datetime64[s]")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2022",
        "2022-09",
        "2022-9-1",
        "2022-13-01",
        "2022-02-30",
        "-0001-02-29",
        "x",
        "2022-09-01T00:00",
        "٢٠٢٢-01-01",
    ],
)
def test_parse_day_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="is not a day"):
        parse_day(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.datetime64("2022-09-01T12:30:00", "s"), "2022-09-01"),
        (np.datetime64("-0043-03-15", "s"), "-0043-03-15"),
        (np.datetime64("-0001-12-31T23:59:59", "s"), "-0001-12-31"),
        (np.datetime64("0000-01-01", "D"), "0000-01-01"),
        (np.datetime64("0999-01-01", "D"), "0999-01-01"),
    ],
)
def test_format_day(value: np.datetime64, expected: str) -> None:
    assert format_day(value) == expected


def test_date_window() -> None:
    assert date_window(FilterState()) == (None, None)
    lo, hi = date_window(FilterState(date_from="-0043-03-15", date_to="2022-09-30"))
    assert lo == np.datetime64("-0043-03-15T00:00:00", "s")
    assert hi == np.datetime64("2022-09-30T23:59:59", "s")


# --- filters --------------------------------------------------------------------------

ALL = {e["id"] for e in EVENTS}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({}, ALL, id="nothing"),
        # dates, overlap (default): any part of the event inside the days
        pytest.param(
            {"date_from": "2022-09-25", "date_to": "2022-09-30"},
            {"referenda", "annexation", "invasion"},
            id="overlap-spanning-start",
        ),
        pytest.param(
            {"date_from": "2022-11-15", "date_to": "2022-12-31"},
            {"kherson", "invasion"},
            id="overlap-month-partly-inside",
        ),
        pytest.param(
            {"date_from": "2022-09-30", "date_to": "2022-09-30"}, {"annexation", "invasion"}, id="overlap-one-day"
        ),
        pytest.param(
            {"date_to": "2022-09-29"},
            {"rubicon", "ides", "invasion", "mobilisation", "referenda"},
            id="overlap-to-only",
        ),
        pytest.param({"date_from": "2022-10-01"}, {"bridge", "kherson", "invasion"}, id="overlap-from-only-open-end"),
        pytest.param({"date_to": "-0044-12-31"}, {"rubicon"}, id="overlap-bc-to"),
        pytest.param({"date_from": "-0043-03-15", "date_to": "-0043-03-15"}, {"ides"}, id="overlap-bc-day"),
        pytest.param({"date_from": "-0100-01-01", "date_to": "0001-01-01"}, {"rubicon", "ides"}, id="overlap-bc-range"),
        # dates, within: certainly inside
        pytest.param(
            {"date_from": "2022-09-25", "date_to": "2022-09-30", "match": "within"},
            {"annexation"},
            id="within-spanning-start-excluded",
        ),
        pytest.param(
            {"date_from": "2022-11-15", "date_to": "2022-12-31", "match": "within"},
            set(),
            id="within-month-partly-inside-excluded",
        ),
        pytest.param(
            {"date_from": "2022-11-01", "date_to": "2022-11-30", "match": "within"},
            {"kherson"},
            id="within-month-exactly",
        ),
        pytest.param(
            {"date_from": "2022-09-23", "date_to": "2022-09-26", "match": "within"},
            set(),
            id="within-interval-ends-after",
        ),
        pytest.param({"date_from": "2022-01-01", "match": "within"}, ALL - {"rubicon", "ides"}, id="within-from-only"),
        pytest.param(
            {"date_to": "2022-12-31", "match": "within"},
            ALL - {"invasion"},
            id="within-to-only-open-end-excluded",
        ),
        pytest.param({"date_to": "-0043-03-15", "match": "within"}, {"rubicon", "ides"}, id="within-bc"),
        # categories, statuses
        pytest.param({"categories": ("war",)}, {"rubicon", "invasion", "bridge", "kherson"}, id="category"),
        pytest.param({"categories": ("treaty", "referendum")}, {"annexation", "referenda"}, id="categories-or"),
        pytest.param({"categories": ("election",)}, set(), id="category-unused"),
        pytest.param({"categories": ("no-such",)}, set(), id="category-unknown"),
        pytest.param({"statuses": ("disputed",)}, {"referenda"}, id="status"),
        pytest.param(
            {"statuses": ("reported", "disputed")},
            {"rubicon", "bridge", "kherson", "referenda"},
            id="statuses-or",
        ),
        # list facets: any of the chosen values
        pytest.param({"actors": ("Caesar",)}, {"rubicon", "ides"}, id="actor"),
        pytest.param({"actors": ("Brutus", "Ukraine")}, {"ides", "invasion", "kherson"}, id="actors-or"),
        pytest.param({"places": ("Kherson",)}, {"referenda", "annexation", "kherson"}, id="place"),
        pytest.param({"tags": ("annexation",)}, {"referenda", "annexation"}, id="tag"),
        pytest.param({"sources": ("AP",)}, {"referenda", "annexation"}, id="source-is-publisher"),
        pytest.param({"sources": ("Suetonius",)}, {"rubicon", "ides"}, id="source-second-publisher"),
        pytest.param({"places": ("Kherson",), "tags": ("liberation",)}, {"kherson"}, id="and-across-facets"),
        pytest.param(
            {"places": ("Kherson", "Crimea"), "actors": ("Russia",)},
            {"referenda", "annexation"},
            id="or-within-and-across",
        ),
        pytest.param({"actors": ("Nobody",)}, set(), id="actor-unknown"),
        # importance
        pytest.param({"importance": 1}, ALL, id="importance-1"),
        pytest.param(
            {"importance": 4},
            {"rubicon", "ides", "invasion", "mobilisation", "annexation", "kherson"},
            id="importance-4",
        ),
        pytest.param({"importance": 5}, {"ides", "invasion"}, id="importance-5"),
        # combined
        pytest.param(
            {
                "date_from": "2022-09-01",
                "date_to": "2022-12-31",
                "categories": ("war", "treaty"),
                "importance": 4,
                "places": ("Kherson",),
            },
            {"annexation", "kherson"},
            id="combined",
        ),
    ],
)
def test_apply_filters(df: pd.DataFrame, changes: dict[str, Any], expected: set[str]) -> None:
    state = FilterState().replace(**changes)
    out = apply_filters(df, state)
    assert ids(out) == expected
    assert list(out.columns) == list(df.columns)
    assert out.index.is_monotonic_increasing
    assert list(out["id"]) == [i for i in df["id"] if i in expected]
    assert filter_mask(df, state).sum() == len(expected)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        pytest.param("kherson", {"annexation", "kherson"}, id="title-and-summary"),
        pytest.param("KHERSON", {"annexation", "kherson"}, id="case"),
        pytest.param("KhErSoN annex", {"annexation"}, id="all-words"),
        pytest.param("annex kherson", {"annexation"}, id="word-order"),
        pytest.param("kerch truck", {"bridge"}, id="words-in-different-fields"),
        pytest.param("647", {"mobilisation"}, id="notes"),
        pytest.param("(", {"ides", "mobilisation"}, id="paren-literal"),
        pytest.param("(23", {"ides"}, id="paren-prefix"),
        pytest.param(".", {"bridge"}, id="dot-literal"),
        pytest.param("c.f.", {"bridge"}, id="dots-literal"),
        pytest.param("c*f", set(), id="star-literal"),
        pytest.param("[a-z]", set(), id="class-literal"),
        pytest.param("  caesar   ", {"rubicon", "ides"}, id="spaces"),
        pytest.param("", ALL, id="empty"),
        pytest.param("   ", ALL, id="blank"),
        pytest.param("zzz", set(), id="nothing"),
        pytest.param("Russia", {"annexation"}, id="actors-not-searched"),
    ],
)
def test_search(df: pd.DataFrame, q: str, expected: set[str]) -> None:
    assert ids(apply_filters(df, FilterState(q=q))) == expected


def test_search_object_dtype_text(df: pd.DataFrame) -> None:
    frame = df.astype({"title": object, "summary": object, "notes": object})
    assert ids(apply_filters(frame, FilterState(q="(23"))) == {"ides"}


def test_apply_filters_keeps_index_of_a_filtered_frame(df: pd.DataFrame) -> None:
    part = df[df["category"] == "war"]
    out = apply_filters(part, FilterState(places=("Kherson",)))
    assert list(out.index) == list(df.index[df["id"] == "kherson"])


def test_apply_filters_no_filter_returns_copy(df: pd.DataFrame) -> None:
    out = apply_filters(df, FilterState(lanes="actor", view="table"))
    assert out is not df
    pd.testing.assert_frame_equal(out, df)


def test_apply_filters_empty_frame(df: pd.DataFrame) -> None:
    empty = df.iloc[:0]
    state = FilterState(actors=("Russia",), q="x", date_from="2022-01-01")
    assert apply_filters(empty, state).empty


def test_list_cells_may_be_missing(df: pd.DataFrame) -> None:
    frame = df.copy()
    frame.loc[frame["id"] == "bridge", "actors"] = None
    assert ids(apply_filters(frame, FilterState(actors=("Russia",)))) == {
        "invasion",
        "mobilisation",
        "referenda",
        "annexation",
    }
    assert dict(facet_counts(frame, "actors"))["Russia"] == 4


def test_apply_filters_bad_date_in_state_raises(df: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="is not a day"):
        apply_filters(df, FilterState(date_from="soon"))


# --- facets ---------------------------------------------------------------------------


def test_facet_counts_categorical_keeps_declared_order(df: pd.DataFrame) -> None:
    assert facet_counts(df, "category") == [
        ("war", 4),
        ("treaty", 1),
        ("referendum", 1),
        ("decree", 1),
        ("assassination", 1),
        ("election", 0),
    ]
    assert facet_counts(df, "status") == [("confirmed", 4), ("reported", 3), ("disputed", 1)]


@pytest.mark.parametrize(
    ("column", "expected"),
    [
        (
            "actors",
            [("Russia", 4), ("Caesar", 2), ("Ukraine", 2), ("Brutus", 1), ("Cassius", 1)],
        ),
        ("actor", [("Russia", 4), ("Caesar", 2), ("Ukraine", 2), ("Brutus", 1), ("Cassius", 1)]),
        (
            "tags",  # "referendum" is listed twice by one event: counted once
            [
                ("annexation", 2),
                ("civil-war", 1),
                ("liberation", 1),
                ("referendum", 1),
                ("republic", 1),
                ("war", 1),
            ],
        ),
        (
            "source",
            [("Reuters", 4), ("AP", 2), ("Suetonius", 2), ("Plutarch", 1)],
        ),
        ("sources", []),
        ("file", [("events.yaml", 8)]),
    ],
)
def test_facet_counts(df: pd.DataFrame, column: str, expected: list[tuple[str, int]]) -> None:
    assert facet_counts(df, column) == expected


def test_facet_counts_of_filtered_frame(df: pd.DataFrame) -> None:
    shown = apply_filters(df, FilterState(date_from="2022-01-01"))
    assert facet_counts(shown, "places") == [
        ("Kherson", 3),
        ("Crimea", 1),
        ("Donetsk", 1),
        ("Moscow", 1),
        ("Ukraine", 1),
        ("Zaporizhzhia", 1),
    ]
    assert facet_counts(shown.iloc[:0], "places") == []


def test_facet_counts_unknown_column(df: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown facet"):
        facet_counts(df, "colour")


@pytest.mark.parametrize(
    ("changes", "facet", "expected"),
    [
        pytest.param(
            {"categories": ("treaty",)},
            "category",
            [
                ("war", 4),
                ("treaty", 1),
                ("referendum", 1),
                ("decree", 1),
                ("assassination", 1),
                ("election", 0),
            ],
            id="own-filter-ignored",
        ),
        pytest.param(
            {"categories": ("treaty",), "date_from": "2022-09-01", "date_to": "2022-09-30"},
            "category",
            [
                ("war", 1),
                ("treaty", 1),
                ("referendum", 1),
                ("decree", 1),
                ("assassination", 0),
                ("election", 0),
            ],
            id="other-filters-applied",
        ),
        pytest.param(
            {"actors": ("Ukraine",), "date_from": "2022-09-01", "date_to": "2022-09-30"},
            "actor",
            [("Russia", 4), ("Ukraine", 1)],
            id="chosen-kept",
        ),
        pytest.param(
            {"actors": ("Brutus",), "date_from": "2022-09-01", "date_to": "2022-09-30"},
            "actor",
            [("Russia", 4), ("Ukraine", 1), ("Brutus", 0)],
            id="chosen-without-events-listed-with-zero",
        ),
        pytest.param(
            {"actors": ("Russia",), "places": ("Kherson",)},
            "place",
            [("Kherson", 2), ("Donetsk", 1), ("Moscow", 1), ("Ukraine", 1), ("Zaporizhzhia", 1)],
            id="list-facet",
        ),
        pytest.param(
            {"actors": ("Russia",), "places": ("Kherson",)},
            "actor",
            [("Russia", 2), ("Ukraine", 1)],
            id="list-facet-other-way",
        ),
        pytest.param(
            {"statuses": ("disputed",), "q": "kherson"},
            "status",
            [("confirmed", 1), ("reported", 1), ("disputed", 0)],
            id="status-with-search",
        ),
        pytest.param(
            {"sources": ("AP",)},
            "publishers",
            [("Reuters", 4), ("AP", 2), ("Suetonius", 2), ("Plutarch", 1)],
            id="by-column-name",
        ),
    ],
)
def test_facet_counts_excluding(
    df: pd.DataFrame, changes: dict[str, Any], facet: str, expected: list[tuple[str, int]]
) -> None:
    state = FilterState().replace(**changes)
    assert facet_counts_excluding(df, state, facet) == expected


def test_facet_counts_excluding_matches_filtering_without_that_facet(df: pd.DataFrame) -> None:
    state = FilterState(
        date_from="2022-01-01",
        actors=("Russia",),
        places=("Kherson", "Moscow"),
        statuses=("confirmed",),
    )
    for facet, field in [("actor", "actors"), ("place", "places"), ("status", "statuses")]:
        expected = facet_counts(apply_filters(df, state.replace(**{field: ()})), facet)
        got = [(v, c) for v, c in facet_counts_excluding(df, state, facet) if c or v not in getattr(state, field)]
        assert got == expected


def test_facet_counts_all(df: pd.DataFrame) -> None:
    state = FilterState(tags=("annexation",))
    counts = facet_counts_all(df, state)
    assert tuple(counts) == FACETS
    assert counts["tag"] == facet_counts(df, "tags")
    assert counts["actor"] == [("Russia", 2)]


def test_check_against(df: pd.DataFrame) -> None:
    state = FilterState(
        categories=("war", "election", "nope"),
        places=("Kherson", "Atlantis"),
        event="missing",
    )
    assert check_against(state, df) == [
        "No event has category “election”, “nope”.",
        "No event has place “Atlantis”.",
        "No event has the id “missing”.",
    ]
    assert check_against(FilterState(event="ides", tags=("war",)), df) == []
    assert check_against(FilterState(event="missing", tags=("idiom",)), df, event=False) == [
        "No event has tag “idiom”."
    ]


@pytest.mark.parametrize(
    ("iso", "expected"),
    [
        ("2022-09-01", "2022-09-01"),
        ("-0043-03-15", "15 Mar 44 BC"),
        ("0000-12-31", "31 Dec 1 BC"),
        ("0001-01-01", "0001-01-01"),
        ("soon", "soon"),
    ],
)
def test_human_day(iso: str, expected: str) -> None:
    assert human_day(iso) == expected


# --- lanes ----------------------------------------------------------------------------


def test_lane_values_category(df: pd.DataFrame) -> None:
    lanes = lane_values(df, "category")
    assert lanes.name == "category"
    assert list(lanes.cat.categories) == CATEGORIES
    assert list(lanes) == list(df["category"])


def test_lane_values_list_facet(df: pd.DataFrame) -> None:
    lanes = lane_values(df, "actor")
    assert lanes.name == "actor"
    assert lanes.index.equals(df.index)
    assert dict(zip(df["id"], lanes, strict=True)) == {
        "rubicon": "Caesar",
        "ides": "Brutus",
        "invasion": "Russia",
        "mobilisation": "Russia",
        "referenda": "Russia",
        "annexation": "Russia",
        "bridge": "(no actor)",
        "kherson": "Ukraine",
    }
    assert list(lanes.cat.categories) == ["Russia", "Brutus", "Caesar", "Ukraine", "(no actor)"]


@pytest.mark.parametrize("lane", LANES)
def test_lane_values_every_lane(df: pd.DataFrame, lane: str) -> None:
    part = df.iloc[2:6]
    lanes = lane_values(part, lane)
    assert len(lanes) == len(part)
    assert lanes.index.equals(part.index)
    assert lanes.notna().all()


def test_lane_values_none_label_once() -> None:
    frame = make_frame(
        [
            {"id": "a", "earliest": "2022-01-01", "actors": ["(no actor)"]},
            {"id": "b", "earliest": "2022-01-02"},
            {"id": "c", "earliest": "2022-01-03", "actors": ["X"]},
        ]
    )
    lanes = lane_values(frame, "actor")
    assert list(lanes) == ["(no actor)", "(no actor)", "X"]
    assert list(lanes.cat.categories) == ["X", "(no actor)"]


def test_lane_values_unknown(df: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown lanes"):
        lane_values(df, "source")


# --- URL ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        pytest.param({}, FilterState(), id="empty"),
        pytest.param(
            {"from": "2022-09-01", "to": ["2022-10-31"]},
            FilterState(date_from="2022-09-01", date_to="2022-10-31"),
            id="dates",
        ),
        pytest.param({"from": "-0043-03-15"}, FilterState(date_from="-0043-03-15"), id="bc-date"),
        pytest.param({"from": "-0000-01-01"}, FilterState(date_from="0000-01-01"), id="minus-zero-year"),
        pytest.param({"match": "within"}, FilterState(match="within"), id="match"),
        pytest.param(
            {"category": ["treaty", "referendum", "treaty"]},
            FilterState(categories=("treaty", "referendum")),
            id="repeated-dedup-in-order",
        ),
        pytest.param(
            {"actor": "Putin", "place": ["Kyiv", ""], "tag": ["a b", "c&d"], "source": ["AP"], "status": ["disputed"]},
            FilterState(
                actors=("Putin",), places=("Kyiv",), tags=("a b", "c&d"), sources=("AP",), statuses=("disputed",)
            ),
            id="facets",
        ),
        pytest.param({"importance": "4"}, FilterState(importance=4), id="importance"),
        pytest.param({"q": " kherson  bridge "}, FilterState(q=" kherson  bridge "), id="q-verbatim"),
        pytest.param({"lanes": "tag"}, FilterState(lanes="tag"), id="lanes"),
        pytest.param({"event": "ides", "view": "present"}, FilterState(event="ides", view="present"), id="event-view"),
        pytest.param({"story": "war", "step": "1"}, FilterState(story="war", step=1), id="story-step"),
        pytest.param({"step": "12"}, FilterState(step=12), id="step-number"),
        pytest.param({"from": "", "q": "", "event": ""}, FilterState(), id="empty-values-absent"),
        pytest.param({"match": ["within", "within"]}, FilterState(match="within"), id="same-value-twice"),
    ],
)
def test_from_query_params(params: dict[str, Any], expected: FilterState) -> None:
    state, warnings = from_query_params(params)
    assert warnings == []
    assert state == expected


@pytest.mark.parametrize(
    ("params", "expected", "warning"),
    [
        pytest.param({"from": "2022-13-01"}, FilterState(), "Ignored from=2022-13-01: not a day", id="bad-month"),
        pytest.param({"to": "yesterday"}, FilterState(), "Ignored to=yesterday: not a day", id="bad-to"),
        pytest.param({"from": "2022-9-1"}, FilterState(), "Write YYYY-MM-DD", id="unpadded"),
        pytest.param(
            {"from": "2022-10-31", "to": "2022-09-01"},
            FilterState(date_from="2022-09-01", date_to="2022-10-31"),
            "from=2022-10-31 is after to=2022-09-01; swapped them.",
            id="reversed",
        ),
        pytest.param({"match": "fuzzy"}, FilterState(), "Ignored match=fuzzy", id="match"),
        pytest.param(
            {"importance": "9"}, FilterState(), "Ignored importance=9: use a whole number from 1 to 5.", id="imp-high"
        ),
        pytest.param({"importance": "0"}, FilterState(), "Ignored importance=0", id="imp-low"),
        pytest.param({"importance": "-2"}, FilterState(), "Ignored importance=-2", id="imp-negative"),
        pytest.param({"importance": "high"}, FilterState(), "Ignored importance=high", id="imp-word"),
        pytest.param({"importance": "3.5"}, FilterState(), "Ignored importance=3.5", id="imp-float"),
        pytest.param({"lanes": "colour"}, FilterState(), "Ignored lanes=colour: use one of category,", id="lanes"),
        pytest.param({"view": "map"}, FilterState(), "Ignored view=map", id="view"),
        pytest.param({"step": "-1"}, FilterState(), "Ignored step=-1", id="step-negative"),
        pytest.param(
            {"step": "0"}, FilterState(), "Ignored step=0: use a whole number, 1 for the first", id="step-zero"
        ),
        pytest.param({"step": "1.5"}, FilterState(), "Ignored step=1.5", id="step-float"),
        pytest.param({"step": "two"}, FilterState(), "Ignored step=two", id="step-word"),
        pytest.param({"colour": "red"}, FilterState(), "Ignored the unknown URL parameter “colour”", id="unknown"),
        pytest.param(
            {"from": ["2022-01-01", "2022-02-01"]},
            FilterState(date_from="2022-02-01"),
            "several values for “from”; used the last",
            id="several-values",
        ),
        pytest.param(
            {"importance": "7", "category": "war"},
            FilterState(categories=("war",)),
            "Ignored importance=7",
            id="good-kept-bad-dropped",
        ),
    ],
)
def test_from_query_params_warns(params: dict[str, Any], expected: FilterState, warning: str) -> None:
    state, warnings = from_query_params(params)
    assert state == expected
    assert len(warnings) == 1
    assert warning in warnings[0]


def test_from_query_params_ignore_keys() -> None:
    state, warnings = from_query_params({"file": "x.yaml", "tag": "war"}, ignore={"file"})
    assert state == FilterState(tags=("war",))
    assert warnings == []


def test_from_query_params_collects_every_warning() -> None:
    _, warnings = from_query_params({"from": "x", "to": "y", "importance": "0", "lanes": "z", "foo": "1"})
    assert len(warnings) == 5


def test_to_query_params_keys_and_order() -> None:
    state = FilterState(
        date_from="-0043-03-15",
        date_to="2022-10-31",
        match="within",
        categories=("treaty", "referendum"),
        actors=("Putin",),
        places=("Kyiv",),
        tags=("war",),
        sources=("AP",),
        statuses=("disputed",),
        importance=3,
        q="kherson",
        lanes="actor",
        event="ides",
        view="present",
        story="war",
        step=1,
        links=True,
        chain="ides",
        depth=3,
        direction="back",
        win=("-0044-01-01", "-0043-03-15"),
        compare="tass-2022-11-02",
        align=("ides", "ides-b"),
    )
    params = to_query_params(state)
    assert list(params) == list(PARAM_KEYS)
    assert params["win"] == ["-0044-01-01..-0043-03-15"]
    assert params["align"] == ["ides,ides-b"]
    assert params["category"] == ["treaty", "referendum"]
    assert params["from"] == ["-0043-03-15"]
    assert params["importance"] == ["3"]
    assert params["step"] == ["1"]
    assert to_query_string(state).startswith(
        "from=-0043-03-15&to=2022-10-31&match=within&category=treaty&category=referendum"
    )
    assert from_query_params(params) == (state, [])


def test_to_query_params_only_non_default() -> None:
    assert to_query_params(FilterState(importance=1, match="overlap", lanes="category", view="explore")) == {}
    assert to_query_params(FilterState(tags=("a", "b"))) == {"tag": ["a", "b"]}
    assert to_query_string(FilterState(tags=("a b", "c&d"), q="x=y")) == "tag=a+b&tag=c%26d&q=x%3Dy"


days = st.integers(min_value=-3_700_000, max_value=2_900_000).map(lambda n: format_day(np.datetime64(n, "D")))
values = st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=4).map(tuple)


@st.composite
def valid_states(draw: st.DrawFn) -> FilterState:
    date_from = draw(st.none() | days)
    date_to = draw(st.none() | days)
    if date_from and date_to and parse_day(date_from) > parse_day(date_to):
        date_from, date_to = date_to, date_from
    win = draw(st.none() | st.tuples(days, days))
    if win is not None and parse_day(win[0]) > parse_day(win[1]):
        win = (win[1], win[0])
    return FilterState(
        win=win,
        date_from=date_from,
        date_to=date_to,
        match=draw(st.sampled_from(MATCHES)),
        categories=draw(values),
        actors=draw(values),
        places=draw(values),
        tags=draw(values),
        sources=draw(values),
        statuses=draw(values),
        importance=draw(st.integers(1, 5)),
        q=draw(st.text(max_size=12)),
        lanes=draw(st.sampled_from(LANES)),
        event=draw(st.none() | st.text(min_size=1, max_size=8)),
        view=draw(st.sampled_from(VIEWS)),
        story=draw(st.none() | st.text(min_size=1, max_size=8)),
        step=draw(st.none() | st.integers(1, 10**9 - 1)),
        links=draw(st.none() | st.booleans()),
        chain=draw(st.none() | st.text(min_size=1, max_size=8)),
        depth=draw(st.integers(1, MAX_DEPTH)),
        direction=draw(st.sampled_from(DIRECTIONS)),
        **draw(compare_fields()),
    )


names = st.text(min_size=1, max_size=12).filter(lambda t: compare_key_problem(t) is None and t == t.strip())
anchor = st.text(min_size=1, max_size=8).filter(lambda t: "," not in t and t == t.strip())


@st.composite
def compare_fields(draw: st.DrawFn) -> dict[str, Any]:
    """``compare`` and ``align`` of a valid state: align only with compare."""
    compare = draw(st.none() | names)
    align = draw(st.none() | st.tuples(anchor, anchor)) if compare is not None else None
    return {"compare": compare, "align": align}


@given(valid_states())
def test_url_round_trip(state: FilterState) -> None:
    assert from_query_params(to_query_params(state)) == (state, [])


@given(valid_states())
def test_query_string_round_trip(state: FilterState) -> None:
    parsed = urllib.parse.parse_qs(to_query_string(state), keep_blank_values=True)
    assert from_query_params(parsed) == (state, [])


@given(valid_states())
def test_is_default_iff_no_params(state: FilterState) -> None:
    assert state.is_default() == (to_query_params(state) == {})


raw_params = st.dictionaries(
    st.sampled_from([*PARAM_KEYS, "junk"]),
    st.text(max_size=12) | st.lists(st.text(max_size=12), max_size=3),
    max_size=8,
)


@settings(max_examples=300)
@given(raw_params)
def test_any_params_give_a_valid_state(params: dict[str, Any]) -> None:
    state, warnings = from_query_params(params)
    assert all(isinstance(w, str) and w for w in warnings)
    # whatever came in, the state is valid: it round-trips with no warning
    assert from_query_params(to_query_params(state)) == (state, [])


@settings(max_examples=50)
@given(valid_states())
def test_any_valid_state_filters_and_describes(state: FilterState) -> None:
    frame = FRAME
    out = apply_filters(frame, state)
    assert set(out["id"]) <= ALL
    assert ids(out) == set(frame["id"][filter_mask(frame, state)])
    sentence = describe(state, len(out), len(frame))
    if state.chain:
        assert sentence.startswith(f"{len(out)} event{'s' if len(out) != 1 else ''} linked to “{state.chain}”: ")
    elif state.is_filtered():
        assert sentence.startswith(f"{len(out)} of {len(frame)} events: ")
    else:
        assert sentence == f"All {len(frame)} events"
    for facet in FACETS:
        counts = facet_counts_excluding(frame, state, facet)
        field = {"category": "categories", "status": "statuses", "source": "sources"}.get(facet, facet + "s")
        chosen: tuple[str, ...] = getattr(state, field)
        if not chosen:  # the facet filters nothing: its counts are those of the events shown
            assert counts == facet_counts(out, facet)
            continue
        # a chosen value counts the events having it among all that pass the other filters,
        # which are exactly the events shown that have it
        column = query.FACET_COLUMNS[facet]
        having = {
            value: sum(value in (cell if isinstance(cell, list) else [cell]) for cell in out[column].tolist())
            for value in chosen
        }
        assert {value: n for value, n in counts if value in having} == having


# --- filters against a plain-Python reference, for random states -----------------------


def reference_ids(frame: pd.DataFrame, state: FilterState) -> set[str]:
    """The module docstring's rules, written row by row."""
    lo, hi = date_window(state)
    words = state.q.casefold().split()
    out = set()
    row: dict[Any, Any]
    for row in frame.to_dict("records"):
        start = None if row["open_start"] else row["earliest"].to_datetime64()
        end = None if row["open_end"] else row["latest"].to_datetime64()
        if state.match == "overlap":
            if lo is not None and end is not None and end < lo:
                continue
            if hi is not None and start is not None and start > hi:
                continue
        else:
            if lo is not None and (start is None or start < lo):
                continue
            if hi is not None and (end is None or end > hi):
                continue
        if state.categories and row["category"] not in state.categories:
            continue
        if state.statuses and row["status"] not in state.statuses:
            continue
        if any(
            chosen and not set(chosen) & set(values)
            for chosen, values in [
                (state.actors, row["actors"]),
                (state.places, row["places"]),
                (state.tags, row["tags"]),
                (state.sources, row["publishers"]),
            ]
        ):
            continue
        if row["importance"] < state.importance:
            continue
        text = "\n".join([row["title"], row["summary"], row["notes"]]).casefold()
        if not all(word in text for word in words):
            continue
        out.add(row["id"])
    return out


def pick(values: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=3).map(tuple)


FRAME = make_frame(EVENTS)
boundary_days = st.sampled_from(
    [
        "-0050-01-01",
        "-0048-01-10",
        "-0043-03-15",
        "-0043-03-16",
        "2022-02-24",
        "2022-09-22",
        "2022-09-23",
        "2022-09-27",
        "2022-09-28",
        "2022-09-30",
        "2022-11-01",
        "2022-11-15",
        "2022-11-30",
        "2022-12-01",
    ]
)


@st.composite
def data_states(draw: st.DrawFn) -> FilterState:
    date_from = draw(st.none() | boundary_days)
    date_to = draw(st.none() | boundary_days)
    if date_from and date_to and parse_day(date_from) > parse_day(date_to):
        date_from, date_to = date_to, date_from
    return FilterState(
        date_from=date_from,
        date_to=date_to,
        match=draw(st.sampled_from(MATCHES)),
        categories=draw(pick([*CATEGORIES, "nope"])),
        actors=draw(pick(["Russia", "Ukraine", "Caesar", "Brutus", "nobody"])),
        places=draw(pick(["Kherson", "Rome", "Crimea", "Moscow", "Ukraine"])),
        tags=draw(pick(["annexation", "war", "referendum", "liberation"])),
        sources=draw(pick(["AP", "Reuters", "Suetonius", "Plutarch"])),
        statuses=draw(pick(STATUSES)),
        importance=draw(st.integers(1, 5)),
        q=draw(st.sampled_from(["", "kherson", "CAESAR", "(", ".", "the", "an r", "kerch truck", "zzz"])),
    )


@settings(max_examples=300)
@given(data_states())
def test_apply_filters_matches_reference(state: FilterState) -> None:
    expected = reference_ids(FRAME, state)
    assert ids(apply_filters(FRAME, state)) == expected
    assert set(FRAME["id"][filter_mask(FRAME, state)]) == expected


@settings(max_examples=200)
@given(data_states())
def test_facet_counts_all_matches_excluding(state: FilterState) -> None:
    every = facet_counts_all(FRAME, state)
    for facet in FACETS:
        field = {"category": "categories", "status": "statuses", "source": "sources"}.get(facet, facet + "s")
        expected = facet_counts(apply_filters(FRAME, state.replace(**{field: ()})), facet)
        chosen = getattr(state, field)
        present = {value for value, _ in expected}
        expected += [(value, 0) for value in chosen if value not in present]
        assert facet_counts_excluding(FRAME, state, facet) == expected
        assert every[facet] == expected


# --- describe -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "shown", "total", "expected"),
    [
        pytest.param(FilterState(), 31, 31, "All 31 events", id="nothing"),
        pytest.param(FilterState(view="table", lanes="actor", event="x"), 31, 31, "All 31 events", id="non-filters"),
        pytest.param(FilterState(), 1, 1, "1 event", id="one"),
        pytest.param(FilterState(), 0, 0, "No events", id="none"),
        pytest.param(
            FilterState(categories=("treaty", "referendum"), date_from="2022-09-01", date_to="2022-10-31"),
            12,
            31,
            "12 of 31 events: treaty, referendum; 2022-09-01 to 2022-10-31",
            id="example",
        ),
        pytest.param(
            FilterState(date_from="2022-09-01", date_to="2022-10-31", match="within"),
            3,
            31,
            "3 of 31 events: certainly within 2022-09-01 to 2022-10-31",
            id="within",
        ),
        pytest.param(FilterState(date_from="2022-09-01"), 3, 31, "3 of 31 events: from 2022-09-01 on", id="from"),
        pytest.param(FilterState(date_to="2022-09-01"), 3, 31, "3 of 31 events: up to 2022-09-01", id="to"),
        pytest.param(
            FilterState(date_from="2022-09-01", match="within"),
            3,
            31,
            "3 of 31 events: certainly on or after 2022-09-01",
            id="within-from",
        ),
        pytest.param(
            FilterState(date_to="2022-09-01", match="within"),
            3,
            31,
            "3 of 31 events: certainly on or before 2022-09-01",
            id="within-to",
        ),
        pytest.param(
            FilterState(date_from="-0043-03-15", date_to="0000-12-31"),
            1,
            8,
            "1 of 8 events: 15 Mar 44 BC to 31 Dec 1 BC",
            id="bc",
        ),
        pytest.param(
            FilterState(actors=("Putin", "Zelensky"), places=("Kherson",), tags=("a", "b", "c")),
            2,
            31,
            "2 of 31 events: involving Putin or Zelensky; in Kherson; tagged a, b or c",
            id="facets",
        ),
        pytest.param(
            FilterState(sources=("AP",), statuses=("confirmed", "reported"), importance=4),
            2,
            31,
            "2 of 31 events: from AP; status confirmed or reported; importance 4 or more",
            id="sources-status-importance",
        ),
        pytest.param(FilterState(importance=5), 2, 31, "2 of 31 events: importance 5", id="importance-5"),
        pytest.param(FilterState(q=" kherson "), 2, 31, "2 of 31 events: matching “kherson”", id="search"),
        pytest.param(
            FilterState(q="kerch   bridge", categories=("war",)),
            1,
            31,
            "1 of 31 events: war; matching “kerch bridge”",
            id="search-words",
        ),
        pytest.param(
            FilterState(tags=("a", "b", "c", "d", "e", "f")),
            2,
            31,
            "2 of 31 events: tagged a, b, c, d or 2 more",
            id="long-list",
        ),
        pytest.param(FilterState(categories=("war",)), 0, 31, "0 of 31 events: war", id="zero-shown"),
    ],
)
def test_describe(state: FilterState, shown: int, total: int, expected: str) -> None:
    assert describe(state, shown, total) == expected


def test_describe_category_labels() -> None:
    state = FilterState(categories=("treaty", "referendum"))
    labels = {"treaty": "Treaties", "referendum": "Referendums"}
    assert describe(state, 2, 31, category_labels=labels) == "2 of 31 events: Treaties, Referendums"


def test_public_names() -> None:
    for name in query.__all__:
        assert hasattr(query, name), name


# --- box selections: plotly's x values -> days ------------------------------------------


@pytest.mark.parametrize(
    ("value", "ms"),
    [
        ("2022-09-23", 1_663_891_200_000),
        ("2022-09-23 14:05", 1_663_941_900_000),
        ("2022-09-23 14:05:10.5678", 1_663_941_910_567),
        ("2022-09-23T14:05:10Z", 1_663_941_910_000),
        ("1500-01-01 00:00", int(np.datetime64("1500-01-01", "ms").astype(np.int64))),  # before 1677
        ("2263-05-01 12:00", int(np.datetime64("2263-05-01T12:00", "ms").astype(np.int64))),  # after 2262
        ("-0043-03-15 12:00:00", int(np.datetime64("-0043-03-15T12:00", "ms").astype(np.int64))),  # 44 BC
        ("0000-02-29", int(np.datetime64("0000-02-29", "ms").astype(np.int64))),  # 1 BC was a leap year
        ("-9999-01-01", int(np.datetime64("-9999-01-01", "ms").astype(np.int64))),
        (1_663_891_200_000, 1_663_891_200_000),
        (1_663_891_200_000.7, 1_663_891_200_000),
        (-63_517_780_800_000, -63_517_780_800_000),
        ("2022-02-30", None),
        ("2022-13-01", None),
        ("2022-09-23 25:00", None),
        ("yesterday", None),
        ("", None),
        (True, None),
        (None, None),
        (float("nan"), None),
        ([1, 2], None),
    ],
)
def test_plotly_ms(value: object, ms: int | None) -> None:
    assert plotly_ms(value) == ms


@pytest.mark.parametrize(
    ("xs", "days"),
    [
        (["-0043-03-10 06:00:00", "-0043-03-20 18:30:00.5"], ("-0043-03-10", "-0043-03-20")),
        (["-0043-03-20 18:30", "-0043-03-10 06:00"], ("-0043-03-10", "-0043-03-20")),  # dragged leftwards
        (["1500-01-01 00:00", "1676-12-31 23:59:59"], ("1500-01-01", "1676-12-31")),
        ([-63_517_780_800_000, "2022-09-23 14:05"], ("-0043-03-15", "2022-09-23")),
        (["2022-09-23", "2263-05-01"], ("2022-09-23", "2263-05-01")),
        ([-400_000_000_000_000, 400_000_000_000_000], ("-9999-01-01", "9999-12-31")),  # beyond plotly's years
        (["-0043-03-10", "nonsense"], None),
        (["-0043-03-10"], None),
        ("-0043-03-10", None),
        (None, None),
    ],
)
def test_selection_days(xs: object, days: tuple[str, str] | None) -> None:
    got = selection_days(xs)
    assert got == days
    if got is not None:  # what FilterState takes, and the URL keeps
        state, warnings = from_query_params({"from": got[0], "to": got[1]})
        assert warnings == []
        assert (state.date_from, state.date_to) == got


def test_day_of_ms_clamps_to_the_years_of_dashboard_dates() -> None:
    from dashboard.core.dates import MAX_YEAR, MIN_YEAR

    assert not hasattr(query, "_MIN_YEAR")  # the bounds are those of dashboard.core.dates, not a copy
    assert not hasattr(query, "_MAX_YEAR")
    assert query_day_of_ms(-(10**18)) == format_day(np.datetime64(f"{MIN_YEAR:05d}-01-01"))
    assert query_day_of_ms(10**18) == format_day(np.datetime64(f"{MAX_YEAR:04d}-12-31"))


@settings(max_examples=300)
@given(st.integers(min_value=-377_705_116_800_000, max_value=253_402_300_799_999))
def test_day_of_ms_agrees_with_numpy(ms: int) -> None:
    day = query_day_of_ms(ms)
    assert day == format_day(np.datetime64(ms, "ms"))
    text = np.datetime_as_string(np.datetime64(ms, "ms")).replace("T", " ")
    assert plotly_ms(text) == ms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-02-01..2022-03-31", ("2022-02-01", "2022-03-31")),
        ("2022-03-31..2022-02-01", ("2022-02-01", "2022-03-31")),  # either order
        ("-0043-03-15..-0043-03-20", ("-0043-03-15", "-0043-03-20")),
        ("-0044-01-01..0001-01-01", ("-0044-01-01", "0001-01-01")),
        (" 2022-02-24..2022-02-24 ", ("2022-02-24", "2022-02-24")),
        ("2022-02-01", None),
        ("2022-02-01...2022-03-01", None),
        ("2022-02-30..2022-03-01", None),
        ("1 OR 1=1..2022-01-01", None),
        ("..", None),
    ],
)
def test_parse_window(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_window(text) == expected


def test_a_bad_window_is_a_warning_and_changes_nothing() -> None:
    state, warnings = from_query_params({"win": "2022-13-01..2022-12-01", "category": "treaty"})
    assert state == FilterState(categories=("treaty",))
    assert len(warnings) == 1
    assert "win=2022-13-01..2022-12-01" in warnings[0]
    assert "FROM..TO" in warnings[0]


def test_the_window_is_no_filter() -> None:
    state = FilterState(win=("2022-02-01", "2022-02-07"))
    assert not state.is_filtered()
    assert window_ms(state.win or ("", "")) == (1643673600000, 1644278400000)
    assert window_of_ms(*window_ms(("2022-02-01", "2022-02-07"))) == ("2022-02-01", "2022-02-07")
    assert window_of_ms(*window_ms(("-0043-03-15", "-0043-03-15"))) == ("-0043-03-15", "-0043-03-15")
