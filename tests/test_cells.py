"""The CSV cell rules of dashboard.core.cells: one definition for the export, the CSV import and bulk."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.cells import (
    FORMULA_START,
    NEEDS_CLEANING_RE2,
    clean_cell,
    join_list,
    needs_protection,
    protect_cell,
    split_aligned,
    split_list,
    unprotect_cell,
    whole_cell,
)
from dashboard.core.loader import load_data
from dashboard.io import bulk, importers
from dashboard.io.bulk import read_csv_bytes
from dashboard.io.exporters import export
from dashboard.io.importers import import_csv

# text a cell may hold: no control characters (the imports refuse them), any quotes and formula starts
cell_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(["'", "=", "+", "-", "@", ";", "\\"]),
    max_size=30,
)


@pytest.mark.parametrize(
    ("text", "protected"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1", "'+33 1"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'=x", "''=x"),
        ("''@x", "'''@x"),
        ("'quoted'", "'quoted'"),
        ("plain", "plain"),
        ("", ""),
        ("'", "'"),
    ],
)
def test_protect_and_unprotect(text: str, protected: str) -> None:
    assert protect_cell(text) == protected
    assert unprotect_cell(protected) == text
    assert needs_protection(text) == (protected != text)


@given(cell_text)
def test_unprotect_undoes_protect(text: str) -> None:
    assert unprotect_cell(protect_cell(text)) == text


def test_a_long_run_of_quotes_is_no_recursion() -> None:
    """The export's and the CSV import's copies recursed once per quote: 3,000 quotes before "="
    raised RecursionError in both (bulk's own copy read the same cell fine)."""
    text = "'" * 3000 + "=1"
    assert protect_cell(text) == "'" + text
    assert unprotect_cell("'" + text) == text
    data = f"title,date\n{text},2022\n".encode()
    assert import_csv(data).events[0].title == read_csv_bytes(data).events[0].title == text[1:]
    chron = load_data({"events": [{"id": "q", "date": "2022", "title": text, "category": "c"}]})
    exported = export(chron, None, "csv")
    assert import_csv(exported).events[0].title == text


@pytest.mark.parametrize(
    ("cell", "clean"),
    [(" '=1 ", "=1"), ("  x  ", "x"), ("'x", "'x"), ("''=x", "'=x"), ("\u00a0y\u2003", "y"), ("' =x", "' =x")],
)
def test_clean_cell(cell: str, clean: str) -> None:
    assert clean_cell(cell) == clean


@given(cell_text)
def test_cells_the_re2_pattern_passes_over_are_clean(text: str) -> None:
    """bulk cleans only the cells NEEDS_CLEANING_RE2 finds: the others must be clean already."""
    found = pc.match_substring_regex(pa.array([text]), NEEDS_CLEANING_RE2)[0].as_py()
    if not found:
        assert clean_cell(text) == text


def test_the_formula_starts() -> None:
    assert frozenset("=+-@\t\r") == FORMULA_START


@pytest.mark.parametrize(
    ("cell", "items", "aligned"),
    [
        ("a; b ;; c", ["a", "b", "c"], ["a", "b", "", "c"]),
        ("a\\;b;c\\\\d", ["a;b", "c\\d"], ["a;b", "c\\d"]),
        (" ", [], [""]),
        ("x\\y", ["x\\y"], ["x\\y"]),
        ("end\\", ["end\\"], ["end\\"]),
        (";", [], ["", ""]),
    ],
)
def test_split(cell: str, items: list[str], aligned: list[str]) -> None:
    assert split_list(cell) == items
    assert split_aligned(cell) == aligned


@given(st.lists(cell_text.map(str.strip).filter(bool), max_size=6))
def test_split_undoes_join(items: list[str]) -> None:
    assert split_list(join_list(items)) == items
    assert split_aligned(join_list(items)) == (items or [""])


def test_join_list() -> None:
    assert join_list(["a;b", "c\\d", "e"]) == "a\\;b; c\\\\d; e"
    assert join_list([]) == ""


def test_whole_cell() -> None:
    assert [whole_cell(c) for c in ("3", " 12 ", "+4", "-2", "007", "123456789")] == [3, 12, 4, -2, 7, 123456789]
    assert [whole_cell(c) for c in ("", "2.5", "1e3", "true", "high", "1 2", "1234567890")] == [None] * 7


def test_the_importers_and_bulk_use_these_rules() -> None:
    """One definition: the names the CSV import exports are these functions, and bulk reads with them."""
    assert importers.split_list is split_list
    assert importers.unprotect_cell is unprotect_cell
    assert importers.whole_cell is whole_cell
    assert bulk.split_list is split_list
    assert bulk.clean_cell is clean_cell
    assert bulk.whole_cell is whole_cell


def test_bulk_keeps_its_public_names() -> None:
    for name in (
        "parquet_cells",
        "CONTROL_RE2",
        "category_id",
        "slow_row",
        "header",
        "csv_table",
        "parquet_table",
        "with_lines",
        "size_problem",
        "cell_line",
    ):
        assert name in bulk.__all__
        assert hasattr(bulk, name)


@pytest.mark.parametrize(
    "cell",
    ["'=SUM(A1)", " '+1 ", "a\\;b; c", "  padded  ", "''@x"],
)
def test_the_csv_import_and_bulk_read_a_cell_alike(cell: str) -> None:
    data = ("title,date,tags\n" + f'"{cell}",2022,"{cell}"\n').encode()
    slow, fast = import_csv(data).events[0], read_csv_bytes(data).events[0]
    assert slow.title == fast.title == clean_cell(cell)
    assert list(slow.tags) == list(fast.tags) == split_list(clean_cell(cell))
