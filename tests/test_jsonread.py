"""JSON with positions: values, duplicate keys, errors with line:column, limits."""

from __future__ import annotations

import pytest

from dashboard.core.yamlsafe import YList, YMap
from dashboard.io.jsonread import read_json


def test_values_and_positions() -> None:
    text = b'{\n  "a": [1, 2.5, "x", true, null],\n  "b": {"c": "\\u00e9"}\n}'
    result = read_json(text, file="t.json")
    assert not result.fatal
    assert result.problems == []
    doc = result.data
    assert isinstance(doc, YMap)
    assert isinstance(doc["a"], YList)
    assert doc == {"a": [1, 2.5, "x", True, None], "b": {"c": "é"}}
    assert doc.value_pos["a"][:2] == (2, 8)
    assert doc["a"].item_pos[3][:2] == (2, 22)
    assert doc["a"].item_pos[3].raw == "true"
    assert doc["b"].value_pos["c"][:2] == (3, 14)


def test_duplicate_keys_marked_bad() -> None:
    result = read_json(b'{"events": [{"a": 1,\n "a": 2}]}', file="t.json")
    assert not result.fatal
    assert result.problems[0].line == 2
    assert "duplicate key 'a'" in result.problems[0].message
    assert result.data.bad == 1
    assert result.data["events"][0]["a"] == 1


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        (b'{"a": }', 1, 7, "where a value was expected"),
        (b'{"a": 1,}', 1, 9, "expected a key"),
        (b'{"a": NaN}', 1, 7, "'NaN'"),
        (b"{'a': 1}", 1, 2, "expected a key"),
        (b'{"a": "\\ud800"}', 1, 7, "lone surrogate"),
        (b'{"a": "x\x01"}', 1, 9, "Invalid control character"),
        (b'{"a": 1} x', 1, 10, "text after the end"),
        (b"", 1, 1, "empty"),
        (b'{"a": "\xff"}', 1, 8, "UTF-8"),
        (b"[" * 40 + b"]" * 40, 1, 33, "deeper than 32"),
    ],
)
def test_errors_have_positions(text: bytes, line: int, column: int, words: str) -> None:
    result = read_json(text, file="t.json")
    assert result.fatal
    assert result.data is None
    (problem,) = result.problems
    assert (problem.line, problem.column) == (line, column), problem
    assert words in problem.message
    assert problem.hint


def test_size_limit_and_bom() -> None:
    assert "size limit" in read_json(b"[1]" * 10, max_bytes=5).problems[0].message
    assert read_json(b"\xef\xbb\xbf[1]").data == [1]
