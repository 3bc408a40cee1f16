"""The URL keys of comparing (issue 17): ``compare=NAME`` and ``align=ID_A,ID_B``."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.core.query import FilterState, from_query_params, from_query_string, to_query_params, to_query_string


@pytest.mark.parametrize(
    ("params", "compare", "align"),
    [
        ({"compare": "tass-2022-11-02"}, "tass-2022-11-02", None),
        ({"compare": " My File "}, "My File", None),  # a file name may have capitals and spaces
        (
            {"compare": "tass", "align": "nsdc-decision-decree-679,tass-nsdc-late-october"},
            "tass",
            ("nsdc-decision-decree-679", "tass-nsdc-late-october"),
        ),
        ({"compare": "tass", "align": " a , b "}, "tass", ("a", "b")),
    ],
)
def test_valid(params: dict[str, Any], compare: str, align: tuple[str, str] | None) -> None:
    state, warnings = from_query_params(params)
    assert warnings == []
    assert (state.compare, state.align) == (compare, align)
    assert from_query_params(to_query_params(state)) == (state, [])


@pytest.mark.parametrize(
    ("params", "words", "compare"),
    [
        ({"compare": "../events"}, "not a path", None),
        ({"compare": "/etc/passwd"}, "not a path", None),
        ({"compare": "chronologies\\tass"}, "not a path", None),
        ({"compare": ".hidden"}, "not a path", None),
        ({"compare": "a\x00b"}, "not a path", None),
        ({"compare": "x" * 201}, "not a path", None),
        ({"compare": "tass", "align": "only-one"}, "separated by a comma", "tass"),
        ({"compare": "tass", "align": "a,b,c"}, "separated by a comma", "tass"),
        ({"compare": "tass", "align": "a,"}, "separated by a comma", "tass"),
        ({"align": "a,b"}, "add compare=NAME", None),
    ],
)
def test_bad_values_are_visible_warnings(params: dict[str, Any], words: str, compare: str | None) -> None:
    state, warnings = from_query_params(params)
    assert len(warnings) == 1
    assert words in warnings[0]
    assert state.compare == compare
    assert state.align is None


def test_query_string_round_trip_with_filters() -> None:
    text = (
        "category=treaty&from=2022-01-01&compare=tass-2022-11-02"
        "&align=nsdc-decision-decree-679%2Ctass-nsdc-late-october"
    )
    state, warnings = from_query_string(text)
    assert warnings == []
    assert state.categories == ("treaty",)
    assert state.compare == "tass-2022-11-02"
    assert state.align == ("nsdc-decision-decree-679", "tass-nsdc-late-october")
    assert from_query_string(to_query_string(state)) == (state, [])
    assert not state.replace(categories=(), date_from=None).is_filtered()  # comparing is not a filter


def test_align_is_not_written_without_compare() -> None:
    assert to_query_params(FilterState(align=("a", "b"))) == {}
    assert to_query_params(FilterState(compare="x", align=("a", "b"))) == {"compare": ["x"], "align": ["a,b"]}
