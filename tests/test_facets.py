"""Tests for dashboard.core.facets: each facet is defined once, and everything else derives from it.

The records must match the frame, the filter state and the URL; the tables that query,
figures, the explore page, the CLI and the bench use must be those of the records; and no
other module under dashboard/ may spell a facet table by hand (an AST scan, itself tested on
the hand-written tables this module replaced, so that it can fail).
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import typing
from pathlib import Path

import pytest

from dashboard.core import frame, query
from dashboard.core.facets import FACET_BY_NAME, FACETS, LANE_FACETS, Facet, facet
from dashboard.core.loader import load_path
from dashboard.io import convert
from dashboard.render import figures
from dashboard.tools import bench

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"
VALID = ROOT / "tests" / "fixtures" / "valid.yaml"
NAMES = tuple(f.name for f in FACETS)
STATE_FIELDS = {f.name: f for f in dataclasses.fields(query.FilterState)}


# --- the records against the frame, the filter state and the URL ----------------------


def test_names_fields_and_columns_are_distinct() -> None:
    assert len(set(NAMES)) == len(FACETS)
    assert len({f.field for f in FACETS}) == len(FACETS)
    assert len({f.column for f in FACETS}) == len(FACETS)
    assert len({f.none_label for f in FACETS}) == len(FACETS)


@pytest.mark.parametrize("f", FACETS, ids=NAMES)
def test_column_is_a_frame_column(f: Facet) -> None:
    assert f.column in frame.COLUMNS
    assert (f.column in frame.LIST_COLUMNS) == f.multi
    assert f.column in frame.empty_frame().columns


@pytest.mark.parametrize("f", FACETS, ids=NAMES)
def test_field_is_a_tuple_field_of_the_filter_state(f: Facet) -> None:
    assert f.field in STATE_FIELDS
    assert getattr(query.FilterState(), f.field) == ()
    assert getattr(query.FilterState(**{f.field: ["x", "y"]}), f.field) == ("x", "y")


@pytest.mark.parametrize("f", FACETS, ids=NAMES)
def test_name_is_a_url_key_that_round_trips(f: Facet) -> None:
    assert f.name in query.PARAM_KEYS
    state, warnings = query.from_query_params({f.name: ["a", "b"]})
    assert warnings == []
    assert getattr(state, f.field) == ("a", "b")
    assert query.to_query_params(state) == {f.name: ["a", "b"]}


def test_url_keys_of_the_facets_are_in_facet_order() -> None:
    assert tuple(k for k in query.PARAM_KEYS if k in NAMES) == NAMES


@pytest.mark.parametrize("f", FACETS, ids=NAMES)
def test_labels_and_phrases(f: Facet) -> None:
    assert f.none_label == f"(no {f.name})"
    assert f.phrase.count("{}") == 1
    assert f.article.split(" ", 1)[0] in ("a", "an")
    assert f.label
    assert f.lane_label


def test_facet_lookup_by_name_field_or_column() -> None:
    for f in FACETS:
        assert facet(f.name) is facet(f.field) is facet(f.column) is f is FACET_BY_NAME[f.name]
    with pytest.raises(ValueError, match="unknown facet 'colour'"):
        facet("colour")
    assert tuple(f for f in FACETS if f.lane) == LANE_FACETS


# --- the derived tables agree with the records -------------------------------------------


def test_query_tables() -> None:
    assert query.FACETS == NAMES
    assert tuple(f.name for f in LANE_FACETS) == query.LANES
    assert typing.get_args(query.Facet) == query.FACETS  # the type checker's names are the same
    assert typing.get_args(query.Lane) == query.LANES
    assert dict(query.FACET_COLUMNS) == {f.name: f.column for f in FACETS}
    assert dict(query._FACET_FIELDS) == {f.name: f.field for f in FACETS}
    assert tuple(f.field for f in FACETS) == query._TUPLE_FIELDS
    assert tuple(f.name for f in FACETS if f.multi) == query._LIST_FACETS
    assert not hasattr(query, "NONE_LABEL")  # one "no value" label: the facet's none_label


def test_figures_tables() -> None:
    assert figures.LANES == query.LANES
    assert {f.name: f.column for f in LANE_FACETS} == figures._LANE_COLUMNS
    assert {f.name for f in LANE_FACETS if f.multi} == figures._LIST_LANES
    for f in LANE_FACETS:
        assert figures.none_lane_label(f.name) == f.none_label
    for f in FACETS:
        if not f.lane:
            with pytest.raises(ValueError, match="lanes must be one of"):
                figures.none_lane_label(f.name)


def test_explore_tables() -> None:
    from dashboard.ui import explore

    assert tuple((f"w_{f.name}", f.field, f.name, f.label) for f in FACETS) == explore._FACET_WIDGETS
    assert {f.name: f.lane_label for f in LANE_FACETS} == explore._LANE_LABELS
    assert {f"w_{f.name}" for f in FACETS} <= set(explore.STATE_KEYS)


def test_export_has_one_option_per_facet() -> None:
    parser = argparse.ArgumentParser()
    convert.add_subcommands(parser.add_subparsers(dest="command"))
    argv = ["export", "x.yaml", "--format", "csv"]
    for f in FACETS:
        argv += [f"--{f.name}", "a", f"--{f.name}", "b"]
    args = parser.parse_args(argv)
    for f in FACETS:
        assert getattr(args, f.name) == ["a", "b"]


def test_sentence_uses_each_phrase() -> None:
    state = query.FilterState(**{f.field: ("v",) for f in FACETS})
    sentence = query.describe(state, 1, 2)
    for f in FACETS:
        assert f.phrase.format("v") in sentence


# --- one "no value" label, the same in query, figures and the bench ---------------------


@pytest.mark.parametrize("f", [f for f in LANE_FACETS if f.multi], ids=lambda f: f.name)
def test_the_none_label_is_the_same_everywhere(f: Facet) -> None:
    df = frame.to_frame(load_path(VALID))
    has_none = df[f.column].map(len).eq(0)
    assert has_none.any()  # the fixture has events with a value and without
    assert not has_none.all()
    lanes = query.lane_values(df, f.name)
    assert set(lanes[has_none]) == {f.none_label}
    assert list(lanes.cat.categories)[-1] == f.none_label
    fig = figures.timeline_figure(df, lanes=f.name)
    lane_counts = fig.layout.meta["lane_counts"]
    assert lane_counts[f.none_label] == int(has_none.sum())
    assert bench._lanes_counted(df, f.name, {}) == lane_counts


# --- no module spells a facet table by hand ---------------------------------------------

# Hits in files outside this change that are not (or not yet) derived, each with the reason.
# A new hit anywhere else fails.
ALLOWED: dict[tuple[str, str], str] = {
    **{
        (
            "dashboard/io/importers.py",
            f"{name!r}: {column!r}",
        ): "CSV header aliases: a singular header names a list column"
        for name, column in (("actor", "actors"), ("place", "places"), ("tag", "tags"))
    },
    ("dashboard/io/exporters.py", "facet names ['actor', 'place', 'tag']"): (
        "the HTML export's facts line: Event attributes and their captions (could derive from FACETS)"
    ),
    ("dashboard/store/layout.py", "facet names ['category', 'status', 'actor', 'place', 'tag']"): (
        "the store's table schema: every column with its Arrow type, facet columns among the others "
        "(tests/store/test_ingest.py checks that every facet column is in it)"
    ),
}


def hand_spelled(source: str) -> list[tuple[int, str]]:
    """(line, what) for each facet fact written out by hand in ``source``.

    Finds: a dict entry from a facet name to its column, field, label, lane label, phrase or
    article (``"actor": "actors"``); a none label (``"(no actor)"``) as a whole string; a
    tuple, list or set naming three or more facets (by name, or by name or field in each of
    its tuples), except inside ``Literal[...]``.
    """
    tree = ast.parse(source)
    in_literal: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            target = node.value
            name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
            if name == "Literal":
                in_literal.update(id(n) for n in ast.walk(node.slice))
    none_labels = {f.none_label for f in FACETS}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and node.value in none_labels:
            found.append((node.lineno, f"none label {node.value!r}"))
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if not (isinstance(key, ast.Constant) and isinstance(value, ast.Constant)):
                    continue
                f = FACET_BY_NAME.get(key.value) if isinstance(key.value, str) else None
                facts = {f.column, f.field, f.label, f.lane_label, f.phrase, f.article} - {f.name} if f else set()
                if value.value in facts:
                    found.append((key.lineno, f"{key.value!r}: {value.value!r}"))
        elif isinstance(node, ast.Tuple | ast.List | ast.Set) and id(node) not in in_literal:
            named: list[str] = []
            for element in node.elts:
                if isinstance(element, ast.Tuple | ast.List):  # a row of a table: a name or field in it
                    words = {f.name: f.name for f in FACETS} | {f.field: f.name for f in FACETS}
                    items = element.elts
                else:
                    words = {f.name: f.name for f in FACETS}
                    items = [element]
                named += [words[x.value] for x in items if isinstance(x, ast.Constant) and x.value in words][:1]
            if len(set(named)) >= 3:
                found.append((node.lineno, f"facet names {named}"))
    return found


# The tables this module replaced, as they were written (the scan must find each).
OLD_TABLES = {
    "query.FACET_COLUMNS": 'FACET_COLUMNS = {"category": "category", "actor": "actors", "source": "publishers"}',
    "query._FACET_FIELDS": '_FACET_FIELDS = {"category": "categories", "status": "statuses"}',
    "query._LIST_FACETS": '_LIST_FACETS = ("actor", "place", "tag", "source")',
    "query.FACETS": 'FACETS: Final[tuple[Facet, ...]] = ("category", "actor", "place", "tag", "source", "status")',
    "query.describe": 'facet_words = (("actors", lambda s: f"involving {s}"), ("places", lambda s: f"in {s}"),\n'
    '               ("tags", lambda s: f"tagged {s}"))',
    "figures._NONE_LABELS": '_NONE_LABELS = {"category": "(no category)", "actor": "(no actor)"}',
    "figures._LIST_LANES": '_LIST_LANES = frozenset({"actor", "place", "tag"})',
    "explore._FACET_WIDGETS": '_W = (("w_category", "categories", "category", "Categories"),\n'
    '      ("w_actor", "actors", "actor", "Actors"), ("w_place", "places", "place", "Places"))',
    "explore._LANE_LABELS": '_LANE_LABELS = {"category": "Category", "actor": "Actor"}',
    "convert options": 'for name, what in (("category", "a category id"), ("actor", "an actor"),\n'
    '                   ("place", "a place")):\n    pass',
    "bench lanes": 'column = {"actor": "actors", "place": "places", "tag": "tags"}[lanes]',
    "a none label": 'label = "(no actor)"',
}


@pytest.mark.parametrize("source", OLD_TABLES.values(), ids=OLD_TABLES.keys())
def test_the_scan_finds_hand_written_tables(source: str) -> None:
    assert hand_spelled(source), source


def test_the_scan_lets_derived_tables_and_literals_pass() -> None:
    source = (
        'Lane: TypeAlias = Literal["category", "actor", "place", "tag", "status"]\n'
        "FACET_COLUMNS = {f.name: f.column for f in FACETS}\n"
        'LIST_COLUMNS = ("actors", "places", "tags", "sources", "publishers", "related")\n'
        '"""A docstring may say "(no actor)"."""\n'
        'x = {"category": "category", "status": "status"}\n'
    )
    assert hand_spelled(source) == []


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if p != PACKAGE / "core" / "facets.py")


def test_the_scan_sees_the_package() -> None:
    names = {p.relative_to(ROOT).as_posix() for p in SOURCES}
    assert {
        "dashboard/core/query.py",
        "dashboard/render/figures.py",
        "dashboard/ui/explore.py",
        "dashboard/io/convert.py",
    } <= names
    assert "dashboard/core/facets.py" not in names


@pytest.mark.parametrize("path", SOURCES, ids=[p.relative_to(ROOT).as_posix() for p in SOURCES])
def test_no_module_spells_a_facet_table_by_hand(path: Path) -> None:
    where = path.relative_to(ROOT).as_posix()
    hits = [
        f"{where}:{line}: {what}"
        for line, what in hand_spelled(path.read_text(encoding="utf-8"))
        if (where, what) not in ALLOWED
    ]
    assert hits == [], "derive these from dashboard.core.facets.FACETS instead:\n" + "\n".join(hits)
