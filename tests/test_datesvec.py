"""Tests for dashboard.core.datesvec: the vectorised fast path agrees with parse_date, row by row."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.core import dates
from dashboard.core.dates import PRECISIONS, DateError, parse_date
from dashboard.core.datesvec import ParsedDates, parse_dates

WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())

Row = tuple[str, int, int, str, bool, bool, bool, bool, bool, str]


def expected(text: str | None) -> Row | None:
    """parse_date's fields, or None when it rejects the text."""
    if text is None:
        return None
    try:
        info = parse_date(text)
    except DateError:
        return None
    return (
        info.edtf,
        info.earliest,
        info.latest,
        info.precision,
        info.approximate,
        info.uncertain,
        info.interval,
        info.open_start,
        info.open_end,
        info.label,
    )


def row(parsed: ParsedDates, i: int) -> Row | None:
    if not parsed.ok[i]:
        return None
    return (
        parsed.edtf[i].as_py(),
        int(parsed.earliest[i]),
        int(parsed.latest[i]),
        PRECISIONS[parsed.precision[i]],
        bool(parsed.approximate[i]),
        bool(parsed.uncertain[i]),
        bool(parsed.interval[i]),
        bool(parsed.open_start[i]),
        bool(parsed.open_end[i]),
        parsed.label[i].as_py(),
    )


# the forms the fast path promises to parse (the module docstring), checked by parse_date
_SPACE = "[" + re.escape(WHITESPACE) + "]*"
_END = r"-?\d{4}(?:-(?:0[1-9]|1[0-2])(?:-\d{2})?)?[~?%]?"
_MOMENT = r"-?\d{4}-(?:0[1-9]|1[0-2])-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?[Zz]?"
_SIDE = rf"(?:{_END}|\.\.|)"
COVERED = re.compile(rf"{_SPACE}(?:{_MOMENT}|{_END}|{_SIDE}{_SPACE}/{_SPACE}{_SIDE}){_SPACE}", re.ASCII)


def covered(text: str) -> bool:
    return COVERED.fullmatch(text) is not None and len(text.strip()) <= 80


def check(texts: Sequence[str | None], **options: int) -> ParsedDates:
    """Every ok row equals parse_date; every covered text parse_date accepts is ok."""
    parsed = parse_dates(pa.array(texts, type=pa.string()), **options)
    assert len(parsed) == len(texts)
    for i, text in enumerate(texts):
        want = expected(text)
        got = row(parsed, i)
        if got is not None:
            assert got == want, text
        elif want is not None and text is not None and covered(text):
            raise AssertionError(f"{text!r} is a covered form parse_date accepts, but was left")
        if not parsed.ok[i]:
            assert not parsed.edtf[i].is_valid
            assert not parsed.label[i].is_valid
            assert parsed.earliest[i] == parsed.latest[i] == parsed.precision[i] == 0
            flags = (parsed.approximate, parsed.uncertain, parsed.interval, parsed.open_start, parsed.open_end)
            assert not any(flag[i] for flag in flags)
    return parsed


# --------------------------------------------------------------------------- table-driven

# (text, parsed by the fast path)
CASES = [
    # years, months, days; year 0 is 1 BC; BC years are astronomical
    ("2022", True),
    ("0000", True),
    ("0001", True),
    ("-0001", True),
    ("-0043-03-15", True),
    ("-9999", True),
    ("9999-12-31", True),
    ("-9999-01-01", True),
    ("2022-10", True),
    ("2022-02-21", True),
    ("1970-01-01", True),
    ("1969-12-31", True),
    # leap days: proleptic Gregorian, years 0 and -4 are leap years, 1900 and -100 are not
    ("2024-02-29", True),
    ("2000-02-29", True),
    ("0000-02-29", True),
    ("-0004-02-29", True),
    ("1900-02-29", False),
    ("-0100-02-29", False),
    ("2023-02-29", False),
    ("2022-02-30", False),
    ("2022-04-31", False),
    ("2022-01-32", False),
    ("2022-01-00", False),
    ("2022-00", False),
    ("2022-13", False),
    ("-0000", False),
    ("-0000-01-01", False),
    # qualifiers
    ("2022~", True),
    ("2022-10?", True),
    ("-0043-03-15%", True),
    ("2022~~", False),
    ("~2022", False),
    ("2022?-10", False),
    # moments: T, t or a space; Z, z or nothing; fractions dropped; 24:00:00 is the next day
    ("2022-01-02T10:00:00Z", True),
    ("2022-01-02t10:00:30z", True),
    ("2022-01-02 10:00:00", True),
    ("2022-01-02T10:00:00.123", True),
    ("2022-01-02T10:00:00,5Z", True),
    ("2022-01-02T24:00:00", True),
    ("2022-12-31T24:00:00Z", True),
    ("-0043-03-15T12:00:00Z", True),
    ("9999-12-31T24:00:00", False),  # year 10000
    ("2022-01-02T24:00:01", False),
    ("2022-01-02T23:60:00", False),
    ("2022-01-02T23:59:60", False),
    ("2022-02-29T10:00:00", False),
    ("2022-01-02T10:00:00~", False),  # a time of day cannot be qualified
    ("2022-01-02T10:00:00.Z", False),
    ("2022-01-02T10:00", False),  # parse_date wants seconds
    ("2022-01-02T10:00:00+03:00", False),  # offsets: the slow path
    # intervals, open and unknown ends
    ("2022-09-23/2022-09-27", True),
    ("2022-09-30/2022-10-04", True),
    ("2021-12-30/2022-01-02", True),
    ("2022-09/2022-10-04", True),
    ("2022-09/2022-09", True),
    ("2022-09-23/2022-09-23", True),
    ("1985/1990", True),
    ("2022/2022", True),
    ("2022-09~/2022-10?", True),
    ("2022?/2022", True),
    ("-0043-03-15/-0043-04-02", True),
    ("-0044/0044", True),
    ("2022-10-04/2022-10", True),  # overlapping ends are allowed
    ("2023/2022", False),  # end before start
    ("1985-04/..", True),
    ("../1985", True),
    ("1985/", True),
    ("/1985~", True),
    ("-0001-03-01~/..", True),
    ("../..", False),
    ("/", False),
    ("../", False),
    ("2022/2023/2024", False),
    ("2022-02-30/2023", False),
    ("2022-01-02T10:00:00Z/2022-01-03", False),  # an interval of date-times is not EDTF
    ("2022-21/2022-22", False),  # seasons: the slow path
    # whitespace, as str.strip sees it, around the text and around the slash
    (" 2022-02-21 ", True),
    ("\t2022\n", True),
    ("\u00a02022\u3000", True),
    ("\x1c2022\x1f", True),
    (" 2022 / 2023 ", True),
    ("..   /  2022-01", True),
    ("1985 /", True),
    ("2022\u2000/\u20001999?", False),  # end before start
    ("1999\u2000/\u20002022?", True),
    ("2022 -01", False),
    ("20 22", False),
    ("", False),
    ("   ", False),
    # everything else is left to parse_date
    ("2022-21", False),
    ("202X", False),
    ("Y170000002", False),
    ("10000", False),
    ("22", False),
    ("2022-1-2", False),
    ("21/02/2022", False),
    ("２０２２", False),
    ("abc", False),
]


@pytest.mark.parametrize(("text", "fast"), CASES)
def test_cases(text: str, fast: bool) -> None:
    parsed = check([text])
    assert bool(parsed.ok[0]) == fast


def test_all_cases_at_once_and_across_batches() -> None:
    texts = [text for text, _ in CASES]
    for batch_rows in (1, 7, 65_536):
        parsed = check(texts, batch_rows=batch_rows, threads=2)
        assert parsed.ok.tolist() == [fast for _, fast in CASES]


# (text, edtf, precision, label): the text the fast path gives, spelled out
LABELS = [
    ("2022-02-21", "2022-02-21", "day", "21 Feb 2022"),
    (" 2022-02-01 ", "2022-02-01", "day", "1 Feb 2022"),
    ("0800", "0800", "year", "800"),
    ("0000", "0000", "year", "1 BC"),
    ("-9999", "-9999", "year", "10000 BC"),
    ("-0043-03-15%", "-0043-03-15%", "day", "c. 15 Mar 44 BC?"),
    ("2022-10~", "2022-10~", "month", "c. Oct 2022"),
    ("2022-09-23/2022-09-27", "2022-09-23/2022-09-27", "day", "23-27 Sep 2022"),
    ("2022-09-30/2022-10-04", "2022-09-30/2022-10-04", "day", "30 Sep - 4 Oct 2022"),
    ("2021-12/2022-01", "2021-12/2022-01", "month", "Dec 2021 - Jan 2022"),
    ("2022-09/2022-10-04", "2022-09/2022-10-04", "month", "Sep - 4 Oct 2022"),
    ("2022-09-23/2022-09-23", "2022-09-23/2022-09-23", "day", "23 Sep 2022"),
    ("2022-09~/2022-10?", "2022-09~/2022-10?", "month", "c. Sep 2022 - Oct 2022?"),
    ("1985 / 1990", "1985/1990", "year", "1985 - 1990"),
    ("1985-04/..", "1985-04/..", "month", "Apr 1985 onwards"),
    (".. / 1985", "../1985", "year", "until 1985"),
    ("1985/", "1985/", "year", "from 1985 (end unknown)"),
    ("/1985-04-01?", "/1985-04-01?", "day", "until 1 Apr 1985? (start unknown)"),
    ("2022-01-02 10:00:00", "2022-01-02T10:00:00", "moment", "2 Jan 2022 10:00 UTC"),
    ("2022-01-02t10:00:30.25z", "2022-01-02T10:00:30Z", "moment", "2 Jan 2022 10:00:30 UTC"),
    ("2022-12-31T24:00:00Z", "2023-01-01T00:00:00Z", "moment", "1 Jan 2023 00:00 UTC"),
    ("-0001-12-31T24:00:00", "0000-01-01T00:00:00", "moment", "1 Jan 1 BC 00:00 UTC"),
]


@pytest.mark.parametrize(("text", "edtf", "precision", "label"), LABELS)
def test_labels_and_edtf(text: str, edtf: str, precision: str, label: str) -> None:
    parsed = check([text])
    assert parsed.ok[0]
    assert (parsed.edtf[0].as_py(), PRECISIONS[parsed.precision[0]], parsed.label[0].as_py()) == (
        edtf,
        precision,
        label,
    )


def test_every_day_of_leap_and_common_years() -> None:
    texts = [
        f"{year:04d}-{month:02d}-{day:02d}" if year >= 0 else f"-{-year:04d}-{month:02d}-{day:02d}"
        for year in (-401, -400, -100, -1, 0, 1, 1900, 2000, 2023, 2024)
        for month in range(1, 13)
        for day in range(1, 32)
    ]
    parsed = check(texts)
    assert parsed.ok.sum() == sum(expected(text) is not None for text in texts) == 10 * 365 + 4


def test_nulls_chunks_and_string_types() -> None:
    texts = ["2022", None, " 1985/.. ", None, "nope", "2022-01-02T10:00:00Z"]
    want = parse_dates(pa.array(texts))
    assert want.ok.tolist() == [True, False, True, False, False, True]
    for column, start in (
        (pa.chunked_array([texts[:2], texts[2:5], [], texts[5:]], type=pa.string()), 0),
        (pa.array(texts, type=pa.large_string()), 0),
        (pa.array(texts, type=pa.string_view()), 0),
        (pa.array(texts).slice(2, 3), 2),
        (pa.chunked_array([pa.array(texts).slice(3)]), 3),
    ):
        got = parse_dates(column)
        end = start + len(got)
        assert got.ok.tolist() == want.ok[start:end].tolist()
        assert got.label.to_pylist() == want.label[start:end].to_pylist()
        assert got.edtf.to_pylist() == want.edtf[start:end].to_pylist()
        assert got.earliest.tolist() == want.earliest[start:end].tolist()
        assert got.label.type == got.edtf.type == pa.string()


def test_empty_and_all_null_columns() -> None:
    for column in (pa.array([], pa.string()), pa.chunked_array([], pa.string()), pa.array([None, None])):
        parsed = parse_dates(column)
        assert len(parsed) == len(column)
        assert not parsed.ok.any()
        assert parsed.edtf.type == parsed.label.type == pa.string()
        assert parsed.earliest.dtype == np.int64
        assert parsed.precision.dtype == np.int8


def test_rejects_other_types_and_bad_options() -> None:
    with pytest.raises(TypeError, match="strings"):
        parse_dates(pa.array([2022]))
    with pytest.raises(ValueError, match="batch_rows"):
        parse_dates(pa.array(["2022"]), batch_rows=0)


def test_rare_rows_next_to_plain_ones() -> None:
    """A batch with a non-ASCII or long row takes pyarrow's pass first: every row still agrees."""
    long_fraction = "2022-01-02T10:00:00." + "1" * 40 + "Z"
    too_long = "2022-01-02T10:00:00." + "1" * 80
    texts = ["2022", "2022-02-21/2022-03", long_fraction, too_long, "\u20282022-02\u2029", "２０２２", "1999"]
    parsed = check(texts)
    assert parsed.ok.tolist() == [True, True, True, False, True, False, True]


# --------------------------------------------------------------------------- properties

_WS = st.text(alphabet=st.sampled_from(WHITESPACE), max_size=2)


@st.composite
def date_end(draw: st.DrawFn) -> str:
    """A year, month or day, sometimes a near miss (digits, months, days, signs, qualifiers)."""
    year = draw(st.integers(min_value=-10_000, max_value=10_000))
    digits = draw(st.sampled_from([4, 4, 4, 4, 3, 5]))
    text = ("-" if year < 0 else "") + str(abs(year)).zfill(digits)
    if draw(st.integers(0, 20)) == 0:
        text = "-0000"
    parts = draw(st.integers(0, 2))
    if parts:
        month = draw(st.sampled_from([*range(1, 13), 0, 13, 21, 24, 41, 99]))
        text += f"-{month:02d}" if draw(st.integers(0, 10)) else f"-{month}"
    if parts == 2:
        day = draw(st.sampled_from([*range(1, 32), 0, 32, 99]))
        text += f"-{day:02d}" if draw(st.integers(0, 10)) else f"-{day}"
    return text + draw(st.sampled_from(["", "", "", "~", "?", "%", "~~", "X"]))


@st.composite
def moment(draw: st.DrawFn) -> str:
    day = draw(date_end()).rstrip("~?%X")
    clock = ":".join(f"{draw(st.integers(0, 61)):02d}" for _ in range(draw(st.sampled_from([3, 3, 3, 2]))))
    if draw(st.booleans()):
        clock = draw(st.sampled_from(["24:00:00", "23:59:59", "00:00:00", "12:00:30"]))
    fraction = draw(st.sampled_from(["", "", ".5", ",25", "." + "9" * 15, "."]))
    zone = draw(st.sampled_from(["", "Z", "z", "+03:00", "-0500", "Z~"]))
    return day + draw(st.sampled_from("Tt x")) + clock + fraction + zone


@st.composite
def date_text(draw: st.DrawFn) -> str:
    kind = draw(st.integers(0, 9))
    if kind < 4:
        body = draw(date_end())
    elif kind < 5:
        body = draw(moment())
    elif kind < 9:
        sides = st.one_of(date_end(), st.sampled_from(["..", "", "..", "...", "Y2022"]))
        body = draw(sides) + draw(_WS) + "/" + draw(_WS) + draw(sides)
    else:
        body = draw(st.text(alphabet="0123456789-/~?%.:TZ X", max_size=30))
    return draw(_WS) + body + draw(_WS)


@settings(max_examples=200)
@given(st.lists(date_text(), min_size=1, max_size=40), st.sampled_from([3, 64, 65_536]))
def test_fast_path_equals_parse_date(texts: list[str], batch_rows: int) -> None:
    check(texts, batch_rows=batch_rows, threads=2)


@settings(max_examples=200)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30), date_text()), min_size=1, max_size=20))
def test_any_text_is_parsed_right_or_left(texts: list[str | None]) -> None:
    check(texts)


# --------------------------------------------------------------------------- a million rows


def million(n: int = 1_000_000, seed: int = 7) -> pa.Array:
    """n valid, mixed texts made by numpy and pyarrow (no Python per row)."""
    rng = np.random.default_rng(seed)

    def padded(values: np.ndarray, width: int) -> pa.Array:
        return pc.utf8_lpad(pc.cast(pa.array(values), pa.string()), width, "0")

    def ends(year: np.ndarray) -> tuple[pa.Array, pa.Array]:
        sign = pa.array(["", "-"]).take(pa.array((year < 0).astype(np.int8)))
        years = pc.binary_join_element_wise(sign, padded(np.abs(year), 4), "")
        days = pc.binary_join_element_wise(
            years, padded(rng.integers(1, 13, n), 2), padded(rng.integers(1, 29, n), 2), "-"
        )
        months = pc.binary_join_element_wise(years, padded(rng.integers(1, 13, n), 2), "-")
        form = rng.integers(0, 3, n)
        body = pa.concat_arrays([years, months, days]).take(pa.array(form * n + np.arange(n)))
        qualifier = pa.array(["", "~", "?", "%"]).take(pa.array(rng.choice(4, n, p=[0.7, 0.1, 0.1, 0.1])))
        return pc.binary_join_element_wise(body, qualifier, ""), days

    year = rng.integers(-2000, 2100, n)
    first, day = ends(year)
    second, _ = ends(year + rng.integers(1, 100, n))  # intervals end after they start
    clock = pc.binary_join_element_wise(padded(rng.integers(0, 24, n), 2), padded(rng.integers(0, 60, n), 2), ":")
    kinds = [
        first,
        pc.binary_join_element_wise(first, second, "/"),
        pc.binary_join_element_wise(day, pa.scalar("T"), clock, pa.scalar(":00Z"), ""),
        pc.binary_join_element_wise(pa.scalar(".."), first, "/"),
        pc.binary_join_element_wise(pa.scalar(" "), first, pa.scalar(" "), ""),
    ]
    kind = rng.choice(len(kinds), n, p=[0.5, 0.3, 0.1, 0.05, 0.05])
    column = pa.concat_arrays(kinds).take(pa.array(kind * n + np.arange(n)))
    return column


def test_a_million_rows_without_python_per_row(monkeypatch: pytest.MonkeyPatch) -> None:
    """No parse_date (nor its parts) per row, and a bounded number of Python calls per batch."""
    column = million()
    parse_dates(pa.array(["2022"]))  # the constant tables are built once per process, not per row
    calls = dict.fromkeys(["parse_date", "_parse_text", "_fast_end", "_slow_end", "format_year"], 0)
    originals = {name: getattr(dates, name) for name in calls}

    def counting(name: str) -> object:
        def count(*args: object) -> object:
            calls[name] += 1
            return originals[name](*args)

        return count

    for name in calls:
        monkeypatch.setattr(dates, name, counting(name))
    python_calls = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal python_calls
        if event == "call":
            python_calls += 1

    batch_rows = 65_536
    sys.setprofile(profile)
    try:
        parsed = parse_dates(column, batch_rows=batch_rows, threads=1)
    finally:
        sys.setprofile(None)
    assert calls == dict.fromkeys(calls, 0)
    batches = -(-len(column) // batch_rows)
    # about 500 Python-level calls per batch of 65,536 rows (helpers, numpy's Python wrappers)
    assert python_calls < 1_000 * batches, python_calls
    assert len(parsed) == len(column)

    sample = np.random.default_rng(1).choice(len(column), 2_000, replace=False)
    texts = column.take(pa.array(sample)).to_pylist()
    for i, text in zip(sample.tolist(), texts, strict=True):
        want = expected(text)
        assert row(parsed, i) == want, text
    assert parsed.ok.all()
    assert parsed.interval.any()
    assert parsed.open_start.any()
    assert (parsed.precision[parsed.ok] == PRECISIONS.index("moment")).any()


# --------------------------------------------------------------------------- the calendar, vectorized


def test_vectorized_calendar_agrees_with_dates() -> None:
    """datesvec's array copies of the calendar (civil_from_days, the 1 January table, month starts
    and leap years) give what dashboard.core.dates gives, over the whole range of years, BC included."""
    from dashboard.core.dates import MAX_YEAR, MIN_YEAR, civil_from_days, days_from_civil
    from dashboard.core.datesvec import _civil_from_days, _tables

    first, last = days_from_civil(MIN_YEAR, 1, 1), days_from_civil(MAX_YEAR, 12, 31)
    dense = [
        days_from_civil(y, 1, 1) + k
        for y in (-400, -101, -100, -1, 0, 1, 100, 1600, 1969, 2000)
        for k in range(-400, 400)
    ]
    days = np.unique(np.concatenate([np.arange(first, last + 1, 97), np.array(dense), [first, last, -1, 0, 1]]))
    years, months, mdays = _civil_from_days(days.astype(np.int64))
    assert [civil_from_days(int(d)) for d in days] == list(
        zip(years.tolist(), months.tolist(), mdays.tolist(), strict=True)
    )

    tables = _tables()
    all_years = range(MIN_YEAR, MAX_YEAR + 2)
    assert tables.year_start.tolist() == [days_from_civil(y, 1, 1) for y in all_years]
    for year in (-9999, -401, -400, -101, -100, -5, -4, 0, 1, 4, 100, 1900, 2000, 2023, 2024, 9999):
        leap = int(tables.leap[year - MIN_YEAR])
        for month in range(1, 13):
            got = tables.year_start[year - MIN_YEAR] + tables.month_start[month] + leap * (month > 2)
            assert got == days_from_civil(year, month, 1), (year, month)
            length = tables.month_days[month] + leap * (month == 2)
            assert civil_from_days(int(got + length - 1)) == (year, month, length)
