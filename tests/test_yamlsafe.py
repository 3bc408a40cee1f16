"""The safe YAML reader: values, positions, YAML 1.1 traps, limits."""

from __future__ import annotations

import gc

import pytest

from dashboard.core.problems import Problem
from dashboard.core.yamlsafe import DEFAULT_MAX_BYTES, Pos, ReadLimits, ReadResult, YList, YMap, gc_paused, read_yaml


def assert_explained(problems: list[Problem]) -> None:
    """Reading problems say what is wrong and how to fix it (the loader's are checked in conftest)."""
    for problem in problems:
        assert problem.message.strip(), problem
        assert problem.hint.strip(), problem


def read(text: str, **limits: int) -> ReadResult:
    result = read_yaml(text.encode("utf-8"), file="t.yaml", limits=ReadLimits(**limits) if limits else None)
    assert_explained(result.problems)
    return result


def only_problem(result: ReadResult) -> Problem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_values_and_positions() -> None:
    result = read("title: Hello\nevents:\n  - id: a\n    tags: [x, 'y']\n")
    assert not result.fatal
    data = result.data
    assert isinstance(data, YMap)
    assert data == {"title": "Hello", "events": [{"id": "a", "tags": ["x", "y"]}]}
    assert data.pos == Pos(1, 1)
    assert data.key_pos["events"] == Pos(2, 1)
    assert data.value_pos["title"] == Pos(1, 8)
    events = data["events"]
    assert isinstance(events, YList)
    assert events.item_pos == [Pos(3, 5)]
    tags = events[0]["tags"]
    assert tags.pos == Pos(4, 11)
    assert tags.item_pos == [Pos(4, 12), Pos(4, 15)]


@pytest.mark.parametrize(
    ("written", "value", "raw"),
    [
        ("yes", True, "yes"),
        ("No", False, "No"),
        ("off", False, "off"),
        ("12:30", 750, "12:30"),
        ("1066", 1066, "1066"),
        ("0x10", 16, "0x10"),
        ("3.5", 3.5, "3.5"),
        ("null", None, "null"),
        ("~", None, "~"),
        ("2022-02-21", "2022-02-21", "2022-02-21"),  # dates stay text; raw marks them as not text keys
        ("2022-02-30", "2022-02-30", "2022-02-30"),  # never a bare ValueError
        ("2022-01-02 10:00:00", "2022-01-02 10:00:00", "2022-01-02 10:00:00"),
        ("'yes'", "yes", None),
        ('"12:30"', "12:30", None),
        ("y", "y", None),  # PyYAML's YAML 1.1 booleans do not include y/n
        ("the end", "the end", None),
        ("Oui", "Oui", None),
        ("-0043-03-15", "-0043-03-15", None),
        ("<< ", "<<", None),  # never a merge key: text, so `<<: *base` is an unknown field
        ("é", "é", None),
    ],
)
def test_scalars_resolve_like_yaml_1_1_but_dates_stay_text(written: str, value: object, raw: str | None) -> None:
    data = read(f"k: {written}\n").data
    assert data["k"] == value
    assert type(data["k"]) is type(value)
    assert data.value_pos["k"].raw == raw


def test_empty_value_is_null_with_raw() -> None:
    data = read("k:\nj: ''\n").data
    assert data["k"] is None
    assert data.value_pos["k"].raw == ""
    assert data["j"] == ""


def test_block_scalars_are_text() -> None:
    data = read("a: |\n  yes\n  12:30\nb: >-\n  folded\n  text\n").data
    assert data == {"a": "yes\n12:30\n", "b": "folded text"}


def test_duplicate_key_names_both_lines_and_marks_the_containers() -> None:
    result = read("events:\n  - id: a\n    title: x\n    title: y\n  - id: b\n")
    assert not result.fatal
    problem = only_problem(result)
    assert (problem.line, problem.column) == (4, 5)
    assert "duplicate key 'title' (also on line 3)" in problem.message
    events = result.data["events"]
    assert events[0]["title"] == "x"  # the first is kept; the event is marked bad
    assert events[0].bad == 1
    assert events[1].bad == 0
    assert events.bad == 1
    assert result.data.bad == 1


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("2020-01-01: x\n", "keys must be text, got the date '2020-01-01'", 1),
        ("1066: x\n", "keys must be text, got '1066'", 1),
        ("yes: x\n", "keys must be text, got 'yes'", 1),
        ("? [a, b]\n: x\n", "keys must be text, got a list", 3),
        ("? {a: b}\n: x\n", "keys must be text, got a mapping", 3),
        ("~: x\n", "keys must be text, got '~'", 1),
    ],
)
def test_keys_must_be_text(text: str, message: str, column: int) -> None:
    result = read(text)
    problem = only_problem(result)
    assert problem.message == message
    assert (problem.line, problem.column) == (1, column)
    assert result.data == {}
    assert result.data.bad == 1


def test_quoted_keys_are_text() -> None:
    assert read("'2020-01-01': x\n\"yes\": y\n").data == {"2020-01-01": "x", "yes": "y"}


def test_small_anchors_and_aliases_are_allowed() -> None:
    text = "src: &s {publisher: P, url: 'https://x.org'}\nlist: [*s, *s]\nname: &n Name\nother: *n\n"
    data = read(text).data
    assert data["list"] == [data["src"], data["src"]]
    assert data["other"] == "Name"
    assert data["list"].item_pos == [Pos(2, 8), Pos(2, 12)]


@pytest.mark.parametrize(
    ("limits", "text", "message"),
    [
        ({"max_aliases": 2}, "a: &a x\nb: [*a, *a, *a]\n", "more than 2 aliases"),
        ({"max_alias_nodes": 5}, "a: &a [1, 2, 3]\nb: [*a, *a]\n", "repeat more than 5 values"),
        ({"max_alias_chars": 10}, "a: &a abcdefgh\nb: [*a, *a]\n", "repeat more than 10 characters"),
    ],
)
def test_alias_budgets_are_configurable(limits: dict[str, int], text: str, message: str) -> None:
    result = read(text, **limits)
    assert result.fatal
    problem = only_problem(result)
    assert problem.message.startswith("anchors/aliases over budget")
    assert message in problem.message
    assert problem.line == 2


def test_an_alias_counts_with_the_depth_of_what_it_repeats() -> None:
    text = "a: &a [[[[x]]]]\nb: [[[[*a]]]]\n"
    assert not read(text, max_depth=9).fatal
    result = read(text, max_depth=8)
    assert result.fatal
    assert only_problem(result).message == "nesting is deeper than 8 levels"


def test_depth_limit_is_configurable() -> None:
    assert not read("a: [[[1]]]\n", max_depth=4).fatal
    result = read("a: [[[1]]]\n", max_depth=3)
    assert (only_problem(result).line, only_problem(result).column) == (1, 6)


def test_size_limit() -> None:
    result = read_yaml(b"a: 1\n" * 10, file="t.yaml", limits=ReadLimits(max_bytes=20))
    assert result.fatal
    problem = only_problem(result)
    assert (problem.line, problem.column) == (0, 0)
    assert problem.message == "the file is 50 bytes, over the size limit of 20 bytes"
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_leading_bom_is_accepted_and_positions_are_unchanged() -> None:
    result = read_yaml("\ufeffa: 1\nb: x\n".encode(), file="t.yaml")
    assert result.data == {"a": 1, "b": "x"}
    assert result.data.value_pos["b"] == Pos(2, 4)


def test_invalid_utf8_names_line_and_column() -> None:
    result = read_yaml("a: 1\nb: dé".encode() + b"\xff\n", file="t.yaml")
    problem = only_problem(result)
    assert (problem.line, problem.column) == (2, 6)
    assert "byte 0xff" in problem.message


def test_carriage_returns_count_as_line_breaks() -> None:
    result = read_yaml(b"a: 1\rb: 2\r\nc: \x01\n", file="t.yaml")
    problem = only_problem(result)
    assert (problem.line, problem.column) == (3, 4)


def test_syntax_error_has_a_position_and_a_hint() -> None:
    problem = only_problem(read("a: [1, 2\nb: 3\n"))
    assert problem.message.startswith("invalid YAML:")
    assert problem.line == 2
    assert "brackets" in problem.hint


def test_unknown_alias() -> None:
    result = read("a: *nowhere\n")
    assert result.fatal
    problem = only_problem(result)
    assert problem.message == "unknown alias *nowhere: there is no &nowhere before it"
    assert (problem.line, problem.column) == (1, 4)


def test_root_can_be_anything() -> None:
    assert read("").data is None
    assert read("# only a comment\n").data is None
    assert read("- a\n").data == ["a"]
    assert read("text\n").data == "text"


def test_gc_is_restored_after_reading() -> None:
    assert gc.isenabled()
    read("a: [1, 2]\n")
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ZeroDivisionError), gc_paused():
        1 / 0
    assert gc.isenabled()


# Nesting is our check, whatever libyaml is installed. libyaml 0.2.6 (PyYAML 6.0.4 wheels)
# stops at its own 1,000 flow levels while it scans ahead of the first event, and 0.2.5 has no
# such limit; texts whose brackets could nest past our limit are read by PyYAML's Python parser,
# so both give our message at the line:column where level 17 starts.
DEEP_TEXTS = [
    ("[" * 20, 1, 17),
    ("[" * 999, 1, 17),
    ("[" * 1001, 1, 17),
    ("[" * 25_000, 1, 17),
    ("{" * 100_000, 1, 17),
    ("a: " + "[" * 5000, 1, 19),
    ("title: 'x]]]'\nevents: [" + "{a: " * 3000, 2, 66),
    ("events:\n  - tags: " + "[" * 2000, 2, 24),
    ("[\n" * 1500, 17, 1),
    ("- " * 1100 + "x\n", 1, 33),
]


@pytest.mark.parametrize("loader", ["libyaml", "python"])
@pytest.mark.parametrize(("text", "line", "column"), DEEP_TEXTS, ids=lambda v: str(v)[:12] if isinstance(v, str) else v)
def test_nesting_is_reported_by_our_check_with_either_parser(
    monkeypatch: pytest.MonkeyPatch, loader: str, text: str, line: int, column: int
) -> None:
    import yaml

    import dashboard.core.yamlsafe as ys

    monkeypatch.setattr(ys, "_Loader", yaml.CSafeLoader if loader == "libyaml" else yaml.SafeLoader)
    problem = only_problem(read(text))
    assert problem.message == "nesting is deeper than 16 levels"
    assert (problem.line, problem.column) == (line, column)
    assert "brackets and indentation" in problem.hint


def test_deep_brackets_never_reach_libyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """The choice of parser is our scan of the text, not a reaction to libyaml's own limit."""
    import yaml

    import dashboard.core.yamlsafe as ys

    class NoLibyaml(yaml.CSafeLoader):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            raise AssertionError("libyaml was asked to read a text with deep brackets")

    monkeypatch.setattr(ys, "_Loader", NoLibyaml)
    for text, line, column in DEEP_TEXTS[1:8]:
        problem = only_problem(read(text))
        assert (problem.message, problem.line, problem.column) == ("nesting is deeper than 16 levels", line, column)
    with pytest.raises(AssertionError, match="libyaml was asked"):
        read("a: [[1]]\n")  # an ordinary text is read by libyaml (5x faster)


@pytest.mark.parametrize(
    ("data", "rise"),
    [
        (b"", 0),
        (b"title: plain\n", 0),
        (b"a: [1, [2]]\nb: {c: [3]}\n", 2),
        (b"[[a]] [[[b]]]", 3),
        (b"]]]]][[", 2),
        ("'é' [{é".encode(), 2),
        (b"[" * 40, 40),
    ],
)
def test_bracket_rise(data: bytes, rise: int) -> None:
    from dashboard.core.yamlsafe import bracket_rise

    assert bracket_rise(data) == rise
