"""Loading ``periods:`` (issue 15): valid periods of every date kind, and every problem at its place.

A period is checked like the rest of the file: each problem names ``file:line:column``, what is
wrong and how to fix it; a bad period is skipped and reported, the other periods and every valid
event still load, and a file without periods loads exactly as before.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.dates import parse_date, year_text
from dashboard.core.loader import Chronology, Period, load_bytes, load_data, load_path, load_paths
from dashboard.core.problems import Problem

FIXTURES = Path(__file__).parent / "fixtures"
PERIODS = FIXTURES / "periods.yaml"


def ms(day: str) -> int:
    """Epoch milliseconds of the start of an ISO day (numpy's calendar, BC years too)."""
    return int(np.datetime64(day, "ms").astype(np.int64))


def last_ms(day: str) -> int:
    """Epoch milliseconds of the last second of an ISO day (the convention of ``latest_ms``)."""
    return ms(day) + 86_400_000 - 1000


def load_text(text: str) -> Chronology:
    return load_bytes(text.encode("utf-8"), file="case.yaml")


def by_id(chron: Chronology) -> dict[str, Period]:
    return {p.id: p for p in chron.periods}


# --------------------------------------------------------------------------- valid periods


def test_the_fixture_loads_every_period_in_the_order_written() -> None:
    chron = load_path(PERIODS)
    assert chron.problems == []
    assert [p.id for p in chron.periods] == [
        "second-triumvirate",
        "principate",
        "after-the-wall",
        "before-1900",
        "nineties",
        "year-1066",
        "about-2000",
    ]
    assert [ev.id for ev in chron.events] == ["caesar-killed", "battle-of-hastings"]


@pytest.mark.parametrize(
    ("pid", "date", "earliest", "latest", "open_start", "open_end"),
    [
        # BC: astronomical years, -0042 is 43 BC
        ("second-triumvirate", "-0042/-0032", ms("-0042-01-01"), last_ms("-0032-12-31"), False, False),
        ("principate", "-0026/0284", ms("-0026-01-01"), last_ms("0284-12-31"), False, False),
        # open ends: the bounds of the written end, and the flag
        ("after-the-wall", "1989-11-09/..", ms("1989-11-09"), last_ms("1989-11-09"), False, True),
        ("before-1900", "../1899", ms("1899-01-01"), last_ms("1899-12-31"), True, False),
        # imprecise: a decade, a year (a bare number), approximate
        ("nineties", "199X", ms("1990-01-01"), last_ms("1999-12-31"), False, False),
        ("year-1066", "1066", ms("1066-01-01"), last_ms("1066-12-31"), False, False),
        ("about-2000", "2000~", ms("2000-01-01"), last_ms("2000-12-31"), False, False),
    ],
)
def test_period_bounds_in_milliseconds(
    pid: str, date: str, earliest: int, latest: int, open_start: bool, open_end: bool
) -> None:
    period = by_id(load_path(PERIODS))[pid]
    assert period.date == date
    assert (period.earliest_ms, period.latest_ms) == (earliest, latest)
    assert (period.open_start, period.open_end) == (open_start, open_end)
    info = parse_date(date)  # the same parser as an event's date, the same convention as the frame
    assert (period.earliest_ms, period.latest_ms) == (info.earliest * 1000, info.latest * 1000)
    assert period.date_label == info.label


def test_labels_colours_and_descriptions() -> None:
    periods = by_id(load_path(PERIODS))
    first = periods["second-triumvirate"]
    assert (first.label, first.color) == ("Second Triumvirate", "#B279A2")
    assert first.description == "Octavian, Antony and Lepidus share power (43-33 BC)."
    assert first.date_label == "43 BC - 33 BC"
    assert periods["after-the-wall"].color == "#ccc"
    assert periods["principate"].color is None
    assert periods["principate"].description is None


def test_a_period_is_frozen_and_keeps_its_json() -> None:
    period = load_path(PERIODS).periods[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        period.label = "changed"  # type: ignore[misc]
    for p in load_path(PERIODS).periods:
        assert Period.from_json(json.loads(json.dumps(p.to_json()))) == p


@pytest.mark.parametrize("bad", [[], "text", {"id": "a"}, {"id": "a", "label": "b", "date": "x", "earliest_ms": "?"}])
def test_period_from_json_rejects_what_is_no_period(bad: object) -> None:
    with pytest.raises((KeyError, TypeError, ValueError)):
        Period.from_json(bad)  # type: ignore[arg-type]


def test_a_file_without_periods_loads_as_before() -> None:
    chron = load_path(FIXTURES / "valid.yaml")
    assert chron.periods == []
    assert chron.problems == []
    assert chron.summary_line() == "3 events, 0 problems"


def test_periods_of_a_folder_merge_and_ids_are_unique_across_it(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        "periods:\n  - {id: one, label: One, date: 1990}\nevents: []\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        "periods:\n  - {id: two, label: Two, date: 1991}\n  - {id: one, label: Again, date: 1992}\nevents: []\n",
        encoding="utf-8",
    )
    chron = load_paths([tmp_path])
    assert [p.id for p in chron.periods] == ["one", "two"]
    [problem] = chron.problems
    assert (problem.file, problem.line, problem.column) == (str(tmp_path / "b.yaml"), 3, 10)
    assert problem.message == f"duplicate period id 'one' (first at {tmp_path / 'a.yaml'}:2)"


def test_load_data_checks_periods_without_positions() -> None:
    chron = load_data(
        {
            "events": [],
            "periods": [
                {"id": "ok", "label": "OK", "date": "-0043/-0030"},
                {"id": "bad", "label": "Bad", "date": "2022-13"},
            ],
        }
    )
    assert [p.id for p in chron.periods] == ["ok"]
    [problem] = chron.problems
    assert (problem.line, problem.column) == (0, 0)
    assert problem.message.startswith("'periods[2].date': '2022-13' is not a valid date")


# --------------------------------------------------------------------------- bad periods

# Lines 1-9: a good event and a good period; the period under test starts on line 10
# ("  - id: bad"), its label on 11, date on 12, then the extra lines from 13.
HEAD = (
    "events:\n"  # 1
    "  - id: good\n"  # 2
    "    date: 2022-02-21\n"  # 3
    "    title: A good event\n"  # 4
    "    category: war\n"  # 5
    "periods:\n"  # 6
    "  - id: kept\n"  # 7
    "    label: A good period\n"  # 8
    "    date: 1990/1999\n"  # 9
)


def period(*, id: str = "bad", label: str | None = "Bad", date: str | None = "2000", extra: str = "") -> str:
    """The period under test: id (line 10), label (11), date (12), then ``extra`` (13...)."""
    lines = [f"id: {id}"]
    lines += [f"label: {label}"] if label is not None else []
    lines += [f"date: {date}"] if date is not None else []
    lines += [line for line in extra.splitlines() if line]
    return "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))


BAD = [
    ("bad day", period(date="2022-02-30"), 12, 11, r"^'periods\[2\]\.date': '2022-02-30' is not a valid date"),
    ("BC interval backwards", period(date="-0030/-0043"), 12, 11, r"the end \(44 BC\) is before the start \(31 BC\)"),
    ("a boolean date", period(date="yes"), 12, 11, r"^'periods\[2\]\.date' expected a date, got a boolean"),
    ("a base-60 date", period(date="12:30"), 12, 11, r"YAML reads 12:30 as the number 750"),
    ("a Level 2 set", period(date="'[1667,1668]'"), 12, 11, r"EDTF Level 2 set"),
    (
        "an interval of date-times",
        period(date="2005-07-25T10:10:10Z/2006-01-01T10:10:10Z"),
        12,
        11,
        r"an interval of date-times is not EDTF",
    ),
    ("year out of range", period(date="10000"), 12, 11, r"10000 is out of range"),
    ("duplicate id", period(id="kept"), 10, 9, r"^duplicate period id 'kept' \(first at case\.yaml:7\)$"),
    ("bad id", period(id="Bad Id"), 10, 9, r"^'periods\[2\]\.id': invalid id 'Bad Id'"),
    (
        "unknown key",
        period(extra="colour: '#fff'"),
        13,
        5,
        r"^unknown field 'colour' in 'periods\[2\]' \(did you mean 'color'\?\)$",
    ),
    ("misspelt label", period(label=None, extra="lable: Bad"), 12, 5, r"unknown field 'lable'.*did you mean 'label'"),
    ("bad colour", period(extra="color: '#12345'"), 13, 12, r"^'periods\[2\]\.color': invalid colour '#12345'"),
    ("colour by name", period(extra="color: red"), 13, 12, r"^'periods\[2\]\.color': invalid colour 'red'"),
    ("colour as a comment", period(extra="color: #fff"), 13, 11, r"^'periods\[2\]\.color' is empty"),
    ("missing label", period(label=None), 10, 5, r"^missing required field 'label' in 'periods\[2\]'$"),
    ("empty label", period(label="'  '"), 11, 12, r"^'periods\[2\]\.label': text is empty$"),
    ("a boolean label", period(label="yes"), 11, 12, r"^'periods\[2\]\.label' expected text, got a boolean$"),
    ("missing date", period(date=None), 10, 5, r"^missing required field 'date' in 'periods\[2\]'$"),
    ("a list as description", period(extra="description: [a]"), 13, 18, r"'periods\[2\]\.description' expected text"),
    ("not a mapping", "  - just text\n", 10, 5, r"^'periods\[2\]' must be a mapping"),
    ("a duplicate key", period(extra="label: Again"), 13, 5, r"^duplicate key 'label' \(also on line 11\)"),
]


@pytest.mark.parametrize(("name", "text", "line", "column", "message"), BAD, ids=[case[0] for case in BAD])
def test_a_bad_period_is_reported_at_its_place_and_skipped(
    name: str, text: str, line: int, column: int, message: str
) -> None:
    chron = load_text(HEAD + text)
    assert [(p.line, p.column) for p in chron.problems] == [(line, column)], [str(p) for p in chron.problems]
    [problem] = chron.problems
    assert problem.file == "case.yaml"
    assert problem.hint
    assert problem.event_id is None
    assert re.search(message, problem.message), problem.message
    assert [p.id for p in chron.periods] == ["kept"]  # the bad one is skipped, the good one kept
    assert [ev.id for ev in chron.events] == ["good"]  # and every valid event still loads
    assert chron.skipped == 0  # no event was skipped


def test_a_bad_date_is_reported_with_the_other_problems_of_its_period() -> None:
    chron = load_text(HEAD + period(label=None, date="2022-13"))
    assert [(p.line, p.column) for p in chron.problems] == [(10, 5), (11, 11)]
    assert "missing required field 'label'" in chron.problems[0].message
    assert "there is no month 13" in chron.problems[1].message


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("periods: {a: 1}\n", "'periods' must be a list, got a mapping"),
        ("periods: 1990\n", "'periods' must be a list, got a number"),
    ],
)
def test_periods_must_be_a_list(block: str, message: str) -> None:
    chron = load_text(block + "events: []\n")
    [problem] = chron.problems
    assert (problem.line, problem.column, problem.message) == (1, 10, message)
    assert chron.periods == []


def test_every_problem_of_many_bad_periods_is_collected() -> None:
    text = HEAD + "".join(case[1] for case in BAD if case[0] not in ("a duplicate key",))
    chron = load_text(text)
    assert [p.id for p in chron.periods] == ["kept"]
    assert len(chron.problems) >= len(BAD) - 1
    assert all(isinstance(p, Problem) and p.line > 0 and p.column > 0 for p in chron.problems)


# --------------------------------------------------------------------------- property

YEARS = st.integers(-9999, 9999).map(year_text)
WRITTEN = st.one_of(
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(dt.date.isoformat),
    YEARS,
    st.tuples(st.integers(-9999, 9999), st.integers(-9999, 9999)).map(
        lambda ab: "/".join(year_text(y) for y in sorted(ab))
    ),
    YEARS.map(lambda y: f"{y}/.."),
    YEARS.map(lambda y: f"../{y}"),
    st.integers(100, 999).map(lambda d: f"{d}X"),
)


@given(WRITTEN)
def test_a_period_has_the_bounds_of_its_date_as_an_event_would(written: str) -> None:
    text = (
        f"periods:\n  - id: p\n    label: P\n    date: '{written}'\n"
        f"events:\n  - {{id: e, date: '{written}', title: E, category: c}}\n"
    )
    chron = load_text(text)
    assert chron.problems == []
    [p] = chron.periods
    [ev] = chron.events
    assert (p.date, p.earliest_ms, p.latest_ms) == (ev.date.edtf, ev.date.earliest * 1000, ev.date.latest * 1000)
    assert (p.open_start, p.open_end) == (ev.date.open_start, ev.date.open_end)
    assert p.earliest_ms <= p.latest_ms


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-20_000, 20_000),
    st.floats(allow_nan=True),
    st.sampled_from(["", " ", "p", "P Q", "#abc", "#12345", "red", "1990", "-0043/-0030", "1990/..", "199X", "x/y"]),
    st.text(max_size=12),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
KEYS = st.sampled_from(["id", "label", "date", "color", "description", "colour", "lable"])


@given(st.lists(st.one_of(VALUES, st.dictionaries(KEYS, VALUES, max_size=6)), max_size=5))
def test_any_periods_block_is_checked_without_crashing(items: list[object]) -> None:
    chron = load_data({"events": [{"id": "e", "date": "2022", "title": "E", "category": "c"}], "periods": items})
    assert [ev.id for ev in chron.events] == ["e"]
    for p in chron.periods:
        assert p.label.strip()
        assert p.earliest_ms <= p.latest_ms
        assert parse_date(p.date).edtf == p.date
    assert len(chron.periods) + len(chron.problems) >= len(items)  # each item is loaded or reported
