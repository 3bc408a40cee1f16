"""Helpers written once (issue 14, point 7): each concept has one home, and no copy comes back.

- calendar arithmetic and date text: :mod:`dashboard.core.dates` (its array form in
  :mod:`dashboard.core.datesvec`, checked against it in tests/test_datesvec.py);
- the rules of a CSV cell: :mod:`dashboard.core.cells`;
- the sources list of an event: :mod:`dashboard.core.sourcelist`;
- a link inside Markdown: :func:`dashboard.core.safetext.link_target`.

A test below fails when a package file other than the home writes the concept again.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"
SOURCES = sorted(PACKAGE.rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def at_home(path: Path, homes: set[str]) -> bool:
    """``homes`` are files, or folders ending in ``/``."""
    name = rel(path)
    return any(name == home or (home.endswith("/") and name.startswith(home)) for home in homes)


@functools.cache
def code_of(path: Path) -> str:
    """The file's code without its comments and docstrings (a mention is not a copy)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            value = body[0].value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                body[0] = ast.Pass()
    return ast.unparse(tree)


# (what, pattern in the code as ast.unparse writes it, the files allowed to hold it)
COPIES = [
    (
        "civil-date arithmetic (days from a civil date and back)",
        r"\b719_?468\b|\b146_?097\b",
        {"core/dates.py", "core/datesvec.py"},
    ),
    ("the month abbreviations", r"""['"]Jan['"]""", {"core/dates.py"}),
    ("a BC label written by hand", r"""\}\s*BC['"]""", {"core/dates.py"}),
    ("ISO year text written by hand (-0043)", r"""['"]-\{-""", {"core/dates.py"}),
    (
        "a historical (TimelineJS) year computed by hand",
        r"\b(\w+) if \1 > 0 else \1 [-+] 1\b|\b(\w+) [-+] 1 if \2 <=? 0\b",
        {"core/dates.py"},
    ),
    (
        "numpy's calendar for one date",
        r"astype\(['\"]datetime64\[[YM]\]['\"]\)\.astype\(",
        {"core/datesvec.py", "ui/explore.py", "store/"},  # arrays (explore's slider steps, the store's columns)
    ),
    ("the characters that start a spreadsheet formula", r"=\+-@", {"core/cells.py"}),
    ("the ';' escape of a list cell", r"""replace\(['"];['"]""", {"core/cells.py"}),
    ("the export's formula quote undone", r"""lstrip\(['"]'['"]\)|startswith\(['"]'['"]\)""", {"core/cells.py"}),
    ("a Markdown link target encoded by hand", r"%28", {"core/safetext.py"}),
    ("the rel of a link in HTML", r"""noopener|rel=\\?['"]noreferrer""", {"core/safetext.py"}),
]


@pytest.mark.parametrize(("what", "pattern", "homes"), COPIES, ids=[c[0] for c in COPIES])
def test_no_copy_outside_its_home(what: str, pattern: str, homes: set[str]) -> None:
    found = [
        f"{rel(path)}: {match.group(0)!r}"
        for path in SOURCES
        if not at_home(path, homes)
        for match in re.finditer(pattern, code_of(path))
    ]
    assert found == [], f"{what} is written again outside {sorted(homes)}: {found}; use the one there"


def test_the_patterns_find_the_copies_they_replaced() -> None:
    """Each pattern finds the code it replaced (so a passing test is not a pattern that never matches)."""
    old = {
        COPIES[0][0]: ["days = era * 146_097 + yoe * 365 - 719_468\n"],
        COPIES[1][0]: ['_MONTHS = ("Jan", "Feb")\n'],
        COPIES[2][0]: ['text = f"{day} {_MONTHS[month - 1]} {1 - year} BC"\n'],
        COPIES[3][0]: ['ytext = f"{year:04d}" if year >= 0 else f"-{-year:04d}"\n'],
        COPIES[4][0]: [
            "x = astronomical if astronomical > 0 else astronomical - 1\n",
            "astronomical = year if year > 0 else year + 1\n",
            "h_lo = y_lo - 1 if y_lo <= 0 else y_lo\n",
            "year = h + 1 if h < 0 else max(h, 1)\n",
        ],
        COPIES[5][0]: ['y = int(d.astype("datetime64[Y]").astype(np.int64)) + 1970\n'],
        COPIES[6][0]: ['_FORMULA_START = frozenset("=+-@\\t\\r")\n'],
        COPIES[7][0]: ['x = "; ".join(i.replace("\\\\", "\\\\\\\\").replace(";", "\\\\;") for i in items)\n'],
        COPIES[8][0]: ['quotes = len(text) - len(text.lstrip("\'"))\n', 'ok = text.startswith("\'")\n'],
        COPIES[9][0]: ["url = src.url.replace('(', '%28')\n"],
        COPIES[10][0]: [
            'a = f\'<a href="{u}" rel="noopener noreferrer nofollow">\'\n',
            'a = f\'<a href="{u}" rel="noreferrer">{t}</a>\'\n',
        ],
    }
    assert set(old) == {c[0] for c in COPIES}
    for what, pattern, _homes in COPIES:
        for code in old[what]:
            assert re.search(pattern, ast.unparse(ast.parse(code))), (what, code)
    assert not re.search(COPIES[4][1], "year = year_text(astronomical_year(year))")


@functools.cache
def _functions(path: Path) -> dict[str, ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def test_one_module_renders_an_events_sources() -> None:
    """A function that reads a source's ``publisher`` and tests its link is the sources list
    rendered again (the explore page, the present page, the HTML export and the handout each had one)."""
    copies = []
    for path in SOURCES:
        if rel(path) == "core/sourcelist.py":
            continue
        for name, node in _functions(path).items():
            attributes = {n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute)}
            names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
            if "publisher" in attributes and "is_http_url" in names:
                copies.append(f"{rel(path)}:{node.lineno} {name}")
    assert copies == [], f"use dashboard.core.sourcelist (source_items and a renderer): {copies}"


CELL_HELPERS = {"whole_cell", "split_list", "split_aligned", "unprotect_cell", "protect_cell", "needs_protection",
                "clean_cell", "join_list", "_whole", "_split", "_split_aligned", "_unprotect", "_protect",
                "_needs_protection"}  # fmt: skip
CALENDAR_HELPERS = {"days_from_civil", "civil_from_days", "civil_from_ms", "format_year", "format_year_label",
                    "format_day_label", "format_month_label", "year_text", "day_text", "utc_text", "historical_year",
                    "astronomical_year", "_ymd", "_iso", "_iso_day", "_tl_year", "_year_text", "_day_text"}  # fmt: skip


@pytest.mark.parametrize(
    ("names", "homes"),
    [
        (CELL_HELPERS, {"core/cells.py", "store/"}),  # the store: the same rules on whole columns
        (
            CALENDAR_HELPERS,
            {"core/dates.py", "render/figures.py"},
        ),  # figures: its format_year_label calls dates' format_year
    ],
    ids=["cells", "calendar"],
)
def test_helpers_are_defined_in_their_home(names: set[str], homes: set[str]) -> None:
    defined = [
        f"{rel(path)}: {name}"
        for path in SOURCES
        if not at_home(path, homes)
        for name in _functions(path)
        if name in names
    ]
    assert defined == []


def test_figures_year_label_is_dates_format_year() -> None:
    from dashboard.core.dates import format_year
    from dashboard.render.figures import format_year_label

    for year in range(-1100, 2100, 7):
        assert format_year_label(year) == format_year(year, ad=True)
