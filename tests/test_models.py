"""The format's models: strict, text is text, links are http(s), ids follow the pattern."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from dashboard.core.models import (
    FORMAT_VERSION,
    ID_PATTERN,
    ORDER_RANGE,
    STATUSES,
    CategoryModel,
    ChronologyFile,
    EventModel,
    ImageModel,
    InlineSourceModel,
    PeriodModel,
    SourceModel,
    StoryModel,
    _check_url,
    _check_url_slow,
    is_color,
    json_schema,
    schema_text,
)

EVENT = {"id": "a-1", "date": "2022-02-21", "title": "T", "category": "c"}


def errors(model: type[Any], data: Any) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as info:
        model.model_validate(data)
    return [dict(e) for e in info.value.errors()]


def test_minimal_event_and_defaults() -> None:
    ev = EventModel.model_validate(EVENT)
    assert ev.importance == 3
    assert ev.status == "confirmed"
    assert ev.actors == ev.places == ev.tags == ev.sources == ev.related == []
    assert ev.summary is None
    assert ev.image is None


def test_date_may_be_text_or_a_year_but_not_a_boolean_or_float() -> None:
    assert EventModel.model_validate({**EVENT, "date": 1066}).date == 1066
    assert EventModel.model_validate({**EVENT, "date": "-0043-03-15"}).date == "-0043-03-15"
    for bad in (True, 2022.5, None, ["2022"]):
        (err,) = errors(EventModel, {**EVENT, "date": bad})
        assert err["type"] == "date_kind"


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("title", True, "string_type"),
        ("title", 750, "string_type"),
        ("title", "   ", "empty_text"),
        ("category", None, "string_type"),
        ("id", "Not_An_Id", "id_pattern"),
        ("id", "-starts-with-hyphen", "id_pattern"),
        ("importance", "3", "int_type"),
        ("importance", 6, "less_than_equal"),
        ("importance", 0, "greater_than_equal"),
        ("order", 0, "greater_than_equal"),
        ("order", 1000, "less_than_equal"),
        ("order", "first", "int_type"),
        ("order", "2", "int_type"),
        ("order", 2.5, "int_type"),
        ("order", 2.0, "int_type"),
        ("order", True, "int_type"),
        ("status", "rumour", "literal_error"),
        ("actors", "Russia", "list_type"),
        ("actors", [""], "string_too_short"),
        ("places", [False], "string_type"),
        ("related", ["Bad Id"], "id_pattern"),
        ("titel", "x", "extra_forbidden"),
        ("image", {"url": "javascript:alert(1)"}, "url_scheme"),
        ("image", {"url": "//evil.example/x.png"}, "url_scheme"),
        ("image", {"url": "data:image/png;base64,AAAA"}, "url_scheme"),
        ("image", {"url": "https://a.org/x y.png"}, "url_space"),
        ("image", {"url": "https://[::1/x"}, "url_scheme"),
        ("sources", [3], "source_kind"),
        ("sources", [{"publisher": "P", "url": "ftp://x.org"}], "url_scheme"),
    ],
)
def test_event_field_errors(field: str, value: Any, kind: str) -> None:
    errs = errors(EventModel, {**EVENT, field: value})
    assert kind in [e["type"] for e in errs], errs


@pytest.mark.parametrize(("value", "expected"), [(None, None), (1, 1), (2, 2), (999, 999)])
def test_good_order(value: int | None, expected: int | None) -> None:
    assert EventModel.model_validate({**EVENT, "order": value}).order == expected


def test_order_is_optional_and_described() -> None:
    assert EventModel.model_validate(EVENT).order is None
    prop = json_schema()["$defs"]["EventModel"]["properties"]["order"]
    assert {"type": "integer", "minimum": ORDER_RANGE[0], "maximum": ORDER_RANGE[1]} in prop["anyOf"]
    assert "same instant" in prop["description"]
    assert "then by id" in prop["description"]


def test_custom_errors_carry_a_hint() -> None:
    (err,) = errors(EventModel, {**EVENT, "id": "Bad"})
    assert err["ctx"]["hint"]


@pytest.mark.parametrize(
    "url", ["https://example.org", "http://example.org/a?b=c#d", "HTTPS://EXAMPLE.ORG/x", " https://x.org/padded "]
)
def test_good_urls(url: str) -> None:
    assert ImageModel.model_validate({"url": url}).url == url.strip()


def test_sources_and_categories() -> None:
    assert SourceModel.model_validate({"publisher": "TASS", "date": "2022-11-02"}).publisher == "TASS"
    assert InlineSourceModel.model_validate({"publisher": "OSCE", "url": "https://osce.org"}).url
    assert "missing" in [e["type"] for e in errors(SourceModel, {"title": "no publisher"})]
    assert CategoryModel.model_validate({"color": "#abc"}).color == "#abc"
    assert "color" in [e["type"] for e in errors(CategoryModel, {"color": "red"})]


def test_periods() -> None:
    period = PeriodModel.model_validate({"id": "p", "label": "P", "date": "-0043/-0030", "color": "#F2CF5B"})
    assert (period.id, period.label, period.date, period.color, period.description) == (
        "p",
        "P",
        "-0043/-0030",
        "#F2CF5B",
        None,
    )
    assert PeriodModel.model_validate({"id": "p", "label": "P", "date": 1066}).date == 1066
    assert ChronologyFile.model_validate({"events": []}).periods == []
    kinds = {
        "missing": {"id": "p", "date": "1990"},
        "color": {"id": "p", "label": "P", "date": "1990", "color": "red"},
        "extra_forbidden": {"id": "p", "label": "P", "date": "1990", "colour": "#fff"},
        "id_pattern": {"id": "P 1", "label": "P", "date": "1990"},
        "date_kind": {"id": "p", "label": "P", "date": True},
        "empty_text": {"id": "p", "label": " ", "date": "1990"},
    }
    for kind, data in kinds.items():
        assert kind in [e["type"] for e in errors(PeriodModel, data)], kind


@pytest.mark.parametrize(
    ("value", "expected"),
    [("#abc", True), ("#4C78A8", True), ("#12345", False), ("red", False), ("#abc\n", False), ("", False)],
)
def test_is_color_is_the_rule_of_the_models(value: str, expected: bool) -> None:
    assert is_color(value) is expected
    if expected:
        assert CategoryModel.model_validate({"color": value}).color == value
    else:
        assert "color" in [e["type"] for e in errors(CategoryModel, {"color": value})]


def test_story_needs_steps() -> None:
    assert "too_short" in [e["type"] for e in errors(StoryModel, {"id": "s", "title": "S", "steps": []})]


def test_chronology_file_needs_events_and_format_1() -> None:
    assert ChronologyFile.model_validate({"events": []}).format == FORMAT_VERSION == 1
    assert "missing" in [e["type"] for e in errors(ChronologyFile, {"title": "x"})]
    assert "literal_error" in [e["type"] for e in errors(ChronologyFile, {"format": 2, "events": []})]
    assert "id_pattern" in [e["type"] for e in errors(ChronologyFile, {"categories": {"Bad": {}}, "events": []})]


def test_models_are_strict_and_frozen() -> None:
    ev = EventModel.model_validate(EVENT)
    with pytest.raises(ValidationError):
        ev.title = "changed"  # type: ignore[misc]


def test_constants() -> None:
    assert STATUSES == ("confirmed", "reported", "disputed")
    assert re.fullmatch(ID_PATTERN[1:-1], "recognition-dpr-lpr")


def test_schema_text_is_deterministic_json() -> None:
    text = schema_text()
    assert text == schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == json_schema()


@pytest.mark.parametrize(("field", "value"), [("id", "abc\n"), ("related", ["abc\n"])])
def test_a_final_newline_is_not_part_of_an_id(field: str, value: Any) -> None:
    assert "id_pattern" in [e["type"] for e in errors(EventModel, {**EVENT, field: value})]


def test_a_final_newline_is_not_part_of_a_colour() -> None:
    assert "color" in [e["type"] for e in errors(CategoryModel, {"color": "#abc\n"})]


URL_PIECES = st.sampled_from(
    ["http", "https", "HTTPS", "ftp", "javascript", ":", "//", "/", "?", "#", "@", "[", "]", "::1", "example.org",
     "a", "%20", " ", "\t", "\n", "\x01", "é", "\uff03", "\u3000", "user:pw", ":8080", "..", "~"]
)  # fmt: skip


def verdict(check: Any, value: str) -> str:
    try:
        return f"ok {check(value)!r}"
    except PydanticCustomError as exc:
        return f"error {exc.type}"


@given(st.lists(URL_PIECES, max_size=10).map("".join))
def test_the_url_fast_path_agrees_with_urlsplit(value: str) -> None:
    assert verdict(_check_url, value) == verdict(_check_url_slow, value)
    assert verdict(_check_url, "https://" + value) == verdict(_check_url_slow, "https://" + value)


@given(st.text(max_size=40))
def test_the_url_fast_path_agrees_with_urlsplit_on_any_text(value: str) -> None:
    for candidate in (value, "http://" + value, "https://example.org/" + value):
        assert verdict(_check_url, candidate) == verdict(_check_url_slow, candidate)
