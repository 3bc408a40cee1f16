"""schema/events.schema.json: up to date with the models, and saying what the loader says."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from dashboard.core.loader import load_data
from dashboard.core.models import ID_PATTERN, schema_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "schema" / "events.schema.json"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return result


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref is None:
        return node
    name = ref.removeprefix("#/$defs/")
    resolved: dict[str, Any] = schema["$defs"][name]
    return resolved


def test_schema_file_is_up_to_date() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "schema/events.schema.json is stale: run `python -m dashboard schema -o schema/events.schema.json`"
    )


def test_top_level(schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert schema["additionalProperties"] is False
    assert schema["required"] == ["events"]
    assert set(schema["properties"]) == {
        "format",
        "id",
        "title",
        "description",
        "categories",
        "sources",
        "periods",
        "events",
        "stories",
    }
    assert schema["properties"]["format"]["const"] == 1
    (chron_id,) = [alt for alt in schema["properties"]["id"]["anyOf"] if alt["type"] == "string"]
    assert chron_id["pattern"] == ID_PATTERN


def test_period_structure(schema: dict[str, Any]) -> None:
    prop = schema["properties"]["periods"]
    assert prop["type"] == "array"
    assert "periods" not in schema["required"]  # optional: files without periods stay valid
    period = resolve(schema, prop["items"])
    assert period["type"] == "object"
    assert period["additionalProperties"] is False
    assert sorted(period["required"]) == ["date", "id", "label"]
    props = period["properties"]
    assert set(props) == {"id", "label", "date", "color", "description"}
    assert props["id"]["pattern"] == ID_PATTERN
    assert props["label"]["pattern"] == r"\S"
    event = resolve(schema, schema["properties"]["events"]["items"])
    # the same date and colour rules as an event's date and a category's colour
    assert props["date"]["oneOf"] == event["properties"]["date"]["oneOf"]
    category = resolve(schema, schema["properties"]["categories"]["anyOf"][0]["patternProperties"][ID_PATTERN])
    assert props["color"]["anyOf"] == category["properties"]["color"]["anyOf"]


def test_event_structure(schema: dict[str, Any]) -> None:
    event = resolve(schema, schema["properties"]["events"]["items"])
    assert event["type"] == "object"
    assert event["additionalProperties"] is False
    assert sorted(event["required"]) == ["category", "date", "id", "title"]
    props = event["properties"]
    assert props["id"]["pattern"] == ID_PATTERN
    assert props["related"]["items"]["pattern"] == ID_PATTERN
    assert props["same_as"]["items"]["pattern"] == ID_PATTERN
    assert "same_as" not in event["required"]
    assert props["title"]["pattern"] == r"\S"
    assert props["importance"]["minimum"] == 1
    assert props["importance"]["maximum"] == 5
    (order,) = [alt for alt in props["order"]["anyOf"] if alt["type"] == "integer"]
    assert (order["minimum"], order["maximum"]) == (1, 999)
    assert "order" not in event["required"]
    assert props["status"]["enum"] == ["confirmed", "reported", "disputed"]
    date_types = [alt["type"] for alt in props["date"]["oneOf"]]
    assert date_types == ["string", "integer"]
    year = props["date"]["oneOf"][1]
    assert (year["minimum"], year["maximum"]) == (-9999, 9999)
    source_kinds = props["sources"]["items"]["oneOf"]
    assert source_kinds[0]["pattern"] == ID_PATTERN
    inline = resolve(schema, source_kinds[1])
    assert inline["additionalProperties"] is False
    assert inline["required"] == ["publisher"]
    (url,) = [alt for alt in inline["properties"]["url"]["anyOf"] if alt["type"] == "string"]
    assert re.search(url["pattern"], "https://example.org/x")
    assert re.search(url["pattern"], "HTTP://example.org")
    for bad in ("javascript:alert(1)", "//evil.example", "data:text/html,x", "https:///x"):
        assert not re.search(url["pattern"], bad), bad


def test_registries_are_keyed_by_id(schema: dict[str, Any]) -> None:
    for name in ("categories", "sources"):
        prop = schema["properties"][name]
        objects = [alt for alt in prop.get("anyOf", [prop]) if alt.get("type") == "object"]
        (obj,) = objects
        assert list(obj["patternProperties"]) == [ID_PATTERN]
        assert obj["additionalProperties"] is False


def test_every_object_is_closed(schema: dict[str, Any]) -> None:
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object":
            assert definition.get("additionalProperties") is False, name


def test_patterns_compile(schema: dict[str, Any]) -> None:
    patterns = re.findall(r'"pattern": "((?:[^"\\]|\\.)*)"', SCHEMA_PATH.read_text(encoding="utf-8"))
    assert patterns
    for pattern in patterns:
        re.compile(json.loads(f'"{pattern}"'))


# --------------------------------------------------------------------------- with jsonschema (requirements-dev.txt)

VALID_DOCS = [
    {"events": []},
    {"events": [{"id": "a", "date": 1066, "title": "T", "category": "c"}]},
    {
        "format": 1,
        "categories": {"war": {"label": "War", "color": "#123456"}},
        "sources": {"src": {"publisher": "P", "url": "https://x.org"}},
        "events": [
            {
                "id": "a",
                "date": "2022-02-21",
                "title": "T",
                "category": "war",
                "sources": ["src", {"publisher": "Q", "url": "http://y.org"}],
                "image": {"url": "https://x.org/i.png", "alt": "a picture"},
            }
        ],
        "stories": [{"id": "s", "title": "S", "steps": [{"event": "a"}]}],
    },
    *[
        {"events": [{"id": "a", "date": "2022-09-30", "title": "T", "category": "c", "order": n}]}
        for n in (1, 2, 999, None)
    ],
    {
        "periods": [
            {"id": "late-republic", "label": "Late Republic", "date": "-0043/-0030", "color": "#F2CF5B"},
            {"id": "modern", "label": "Modern", "date": "1990/..", "description": "Markdown."},
            {"id": "decade", "label": "A decade", "date": "199X"},
            {"id": "year", "label": "A year", "date": 1066},
        ],
        "events": [],
    },
]
INVALID_DOCS = [
    {},
    {"events": [{"id": "a", "date": "2022", "title": "T"}]},  # no category
    {"events": [{"id": "Bad Id", "date": "2022", "title": "T", "category": "c"}]},
    {"events": [{"id": "a", "date": "2022", "titel": "T", "category": "c"}]},
    {"events": [{"id": "a", "date": True, "title": "T", "category": "c"}]},
    {"events": [{"id": "a", "date": 10000, "title": "T", "category": "c"}]},
    {"events": [{"id": "a", "date": "2022", "title": "   ", "category": "c"}]},
    {"events": [{"id": "a", "date": "2022", "title": "T", "category": "c", "importance": 9}]},
    *[
        {"events": [{"id": "a", "date": "2022", "title": "T", "category": "c", "order": bad}]}
        for bad in (0, 1000, -1, "first", "2", 2.5, True, [1])
    ],
    {"events": [{"id": "a", "date": "2022", "title": "T", "category": "c", "image": {"url": "javascript:x"}}]},
    {"events": [{"id": "a", "date": "2022", "title": "T", "category": "c", "image": {"url": "//evil.example"}}]},
    {"categories": {"Bad Key": {}}, "events": []},
    {"format": 2, "events": []},
    {"stories": [{"id": "s", "title": "S", "steps": []}], "events": []},
    {"periods": [{"id": "p", "date": "1990"}], "events": []},  # no label
    {"periods": [{"id": "p", "label": " ", "date": "1990"}], "events": []},
    {"periods": [{"id": "p", "label": "P"}], "events": []},  # no date
    {"periods": [{"id": "Bad Id", "label": "P", "date": "1990"}], "events": []},
    {"periods": [{"id": "p", "label": "P", "date": "1990", "colour": "#fff"}], "events": []},
    {"periods": [{"id": "p", "label": "P", "date": "1990", "color": "red"}], "events": []},
    {"periods": [{"id": "p", "label": "P", "date": True}], "events": []},
    {"periods": [{"id": "p", "label": "P", "date": 10000}], "events": []},
    {"periods": {"p": {"label": "P", "date": "1990"}}, "events": []},
]


@pytest.mark.parametrize("document", VALID_DOCS)
def test_jsonschema_accepts_valid_documents(schema: dict[str, Any], document: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator(schema).validate(document)


@pytest.mark.parametrize("document", INVALID_DOCS)
def test_jsonschema_rejects_invalid_documents(schema: dict[str, Any], document: dict[str, Any]) -> None:
    assert not jsonschema.Draft202012Validator(schema).is_valid(document)


@pytest.mark.parametrize("document", [d for d in [*VALID_DOCS, *INVALID_DOCS] if "periods" in d])
def test_the_loader_agrees_with_the_schema_on_periods(schema: dict[str, Any], document: dict[str, Any]) -> None:
    valid = jsonschema.Draft202012Validator(schema).is_valid(document)
    assert (load_data(document).problems == []) is valid


@pytest.mark.parametrize("name", ["valid.yaml", "periods.yaml"])
def test_jsonschema_accepts_the_valid_fixtures(schema: dict[str, Any], name: str) -> None:
    document = yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))
    # PyYAML turns unquoted dates into datetime.date; the schema (like the loader) sees them as text
    for item in [*document["events"], *document.get("sources", {}).values(), *document.get("periods", [])]:
        if "date" in item and not isinstance(item["date"], (int, str)):
            item["date"] = item["date"].isoformat()
    jsonschema.Draft202012Validator(schema).validate(document)
