"""Comparing two chronologies (issue 17): matching, every kind of change, every conflict."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard.core.compare import (
    Diff,
    anchor_offset,
    chronology_key,
    compare,
    diff_rows,
    match,
    only_shown,
)
from dashboard.core.loader import Chronology, load_bytes

SOURCES = (
    "sources:\n"
    "  tass: {publisher: TASS, url: 'https://tass.com/politics/1531639'}\n"
    "  tass-again: {publisher: TASS (state news agency), url: 'HTTPS://TASS.com/politics/1531639/'}\n"
    "  un: {publisher: United Nations, url: 'https://press.un.org/en/2022/ga12458.doc.htm'}\n"
    "  osce: {publisher: OSCE, title: Daily Report 38/2022}\n"
)


def chron(events: str, *, file: str = "a.yaml", head: str = "") -> Chronology:
    loaded = load_bytes((head + SOURCES + "events:\n" + events).encode("utf-8"), file=file)
    assert loaded.problems == [], [str(p) for p in loaded.problems]
    return loaded


def event(eid: str, **fields: Any) -> str:
    values = {"date": "2022-09-30", "title": "A decision", "category": "legislation", **fields}
    body = "".join(f"    {k}: {v}\n" for k, v in values.items())
    return f"  - id: {eid}\n{body}"


def pair(a_fields: dict[str, Any], b_fields: dict[str, Any], *, b_id: str = "e") -> Diff:
    return compare(chron(event("e", **a_fields)), chron(event(b_id, **b_fields), file="b.yaml"))


# --------------------------------------------------------------------------- every kind of change


@pytest.mark.parametrize(
    ("a_fields", "b_fields", "fields", "kinds"),
    [
        (
            {"date": "2022-09-30"},
            {"date": "2022-10-21/2022-10-31"},
            {"date": ("2022-09-30", "2022-10-21/2022-10-31")},
            ["re-dated"],
        ),
        (
            {"date": "2022-02-17/2022-02-22"},
            {"date": "'2022-02-17'"},
            {"date": ("2022-02-17/2022-02-22", "2022-02-17")},
            ["re-dated"],
        ),
        (
            {"title": "Talks ruled out with Putin"},
            {"title": "'TASS: \"fully excluding any talks\"'"},
            {"title": ("Talks ruled out with Putin", 'TASS: "fully excluding any talks"')},
            ["re-worded"],
        ),
        (
            {"summary": "One text."},
            {"summary": "Another text."},
            {"summary": ("One text.", "Another text.")},
            ["re-worded"],
        ),
        ({}, {"summary": "Added."}, {"summary": ("", "Added.")}, ["re-worded"]),
        (
            {"category": "legislation"},
            {"category": "statement"},
            {"category": ("legislation", "statement")},
            ["re-categorised"],
        ),
        ({"status": "confirmed"}, {"status": "reported"}, {"status": ("confirmed", "reported")}, ["status changed"]),
        ({}, {"status": "disputed"}, {"status": ("confirmed", "disputed")}, ["status changed"]),
        (
            {"sources": "[tass, un]"},
            {"sources": "[tass]"},
            {"sources": (["tass", "un"], ["tass"])},
            ["sources changed"],
        ),
        (
            {"sources": "[osce]"},
            {"sources": "[{publisher: OSCE, title: Daily Report 39/2022}]"},
            {"sources": (["osce"], ["OSCE"])},
            ["sources changed"],
        ),
        (
            {"date": "2022-09-30", "title": "X", "status": "confirmed"},
            {"date": "2022-10", "title": "Y", "summary": "Z", "status": "reported"},
            {
                "date": ("2022-09-30", "2022-10"),
                "title": ("X", "Y"),
                "summary": ("", "Z"),
                "status": ("confirmed", "reported"),
            },
            ["re-dated", "re-worded", "status changed"],
        ),
    ],
)
def test_every_kind_of_change(
    a_fields: dict[str, Any], b_fields: dict[str, Any], fields: dict[str, Any], kinds: list[str]
) -> None:
    diff = pair(a_fields, b_fields)
    assert diff.problems == []
    assert diff.only_in_a == diff.only_in_b == []
    assert diff.same == []
    (change,) = diff.changed
    assert (change.a, change.b) == ("e", "e")
    assert change.fields == fields
    assert change.kinds == kinds


@pytest.mark.parametrize(
    ("a_fields", "b_fields"),
    [
        ({}, {}),
        # the same sources: by link (scheme and host in any case, a final /), in any order, by any id
        ({"sources": "[tass, un]"}, {"sources": "[un, tass-again]"}),
        ({"sources": "[tass]"}, {"sources": "[{publisher: TASS, url: 'https://tass.com/politics/1531639'}]"}),
        # without a link: by publisher and title
        ({"sources": "[osce]"}, {"sources": "[{publisher: osce, title: daily report  38/2022}]"}),
        # a date written differently but the same once normalised; fields that are not compared
        ({"date": "2022-09-30"}, {"date": "'2022-09-30'", "notes": "Other notes.", "tags": "[x]", "importance": 5}),
    ],
)
def test_same(a_fields: dict[str, Any], b_fields: dict[str, Any]) -> None:
    diff = pair(a_fields, b_fields)
    assert diff.changed == []
    assert [(p.a, p.b) for p in diff.same] == [("e", "e")]
    assert diff.to_json() == {"only_in_a": [], "only_in_b": [], "changed": [], "same": 1}


# --------------------------------------------------------------------------- matching


def test_match_by_id_and_same_as_either_way() -> None:
    a = chron(
        event("x") + event("y", date="2022-10-01") + event("z", date="2022-10-02", same_as="[zz]") + event("lone")
    )
    b = chron(
        event("x") + event("yy", date="2022-10-01", same_as="[y]") + event("zz", date="2022-10-02") + event("new"),
        file="b.yaml",
    )
    pairs, problems = match(a, b)
    assert problems == []
    assert {(p.a, p.b, p.how) for p in pairs} == {("x", "x", "id"), ("y", "yy", "same_as"), ("z", "zz", "same_as")}
    diff = compare(a, b)
    assert diff.only_in_a == ["lone"]
    assert diff.only_in_b == ["new"]
    assert diff.to_json()["same"] == 3


def test_a_pair_written_both_ways_or_also_by_id_is_one_match() -> None:
    a = chron(event("x", same_as="[y]") + event("k", same_as="[k]"))
    b = chron(event("y", same_as="[x]") + event("k", same_as="[k]"), file="b.yaml")
    pairs, problems = match(a, b)
    assert problems == []
    assert sorted((p.a, p.b) for p in pairs) == [("k", "k"), ("x", "y")]


def only(problems: list[Any]) -> Any:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


@pytest.mark.parametrize(
    ("a_events", "b_events", "where", "words", "pairs", "only_a", "only_b"),
    [
        # two events of A list the same event of B: the second is left out, at its same_as item
        (
            event("p", same_as="[t]") + event("q", date="2022-10-01", same_as="[t]"),
            event("t"),
            "a.yaml:16:15",
            ["event 't' of B (b) would match two events of A (a)", "'p' by the same_as at a.yaml:11:15"],
            [("p", "t")],
            ["q"],
            [],
        ),
        # one event of A lists two events of B: the second id is left out
        (
            event("p", same_as="[t, u]"),
            event("t") + event("u", date="2022-10-01"),
            "a.yaml:11:18",
            ["event 'p' of A (a) would match two events of B (b)", "'u' by the same_as at a.yaml:11:18"],
            [("p", "t")],
            [],
            ["u"],
        ),
        # an event of B lists an event of A already matched by A's own same_as
        (
            event("p", same_as="[t]"),
            event("t") + event("u", date="2022-10-01", same_as="[p]"),
            "b.yaml:15:15",
            ["event 'p' of A (a) would match two events of B (b)"],
            [("p", "t")],
            [],
            ["u"],
        ),
        # same_as and a common id disagree: same_as wins, the problem points at it
        (
            event("k", same_as="[m]"),
            event("k") + event("m", date="2022-10-01"),
            "a.yaml:11:15",
            ["'m' by the same_as at a.yaml:11:15", "'k' by their common id"],
            [("k", "m")],
            [],
            ["k"],
        ),
        # a same_as id that the other chronology does not have, with the closest id
        (
            event("p", same_as="[nsdc-decree]"),
            event("nsdc-decree-679"),
            "a.yaml:11:15",
            ["no event of B (b) has the id 'nsdc-decree'", "did you mean 'nsdc-decree-679'?"],
            [],
            ["p"],
            ["nsdc-decree-679"],
        ),
        (
            event("p"),
            event("t", same_as="[missing]"),
            "b.yaml:11:15",
            ["no event of A (a) has the id 'missing'"],
            [],
            ["p"],
            ["t"],
        ),
    ],
)
def test_conflicts_are_problems_at_file_line_column(
    a_events: str,
    b_events: str,
    where: str,
    words: list[str],
    pairs: list[tuple[str, str]],
    only_a: list[str],
    only_b: list[str],
) -> None:
    a, b = chron(a_events), chron(b_events, file="b.yaml")
    diff = compare(a, b)
    problem = only(diff.problems)
    assert problem.location() == where
    for text in words:
        assert text in problem.message
    assert problem.hint
    assert [(p.a, p.b) for p in diff.pairs] == pairs
    assert diff.only_in_a == only_a
    assert diff.only_in_b == only_b


def test_chronology_key_is_the_id_else_the_file_stem() -> None:
    assert chronology_key(chron(event("x"), head="id: tass-2022-11-02\n")) == "tass-2022-11-02"
    assert chronology_key(chron(event("x"), file="chronologies/my-file.yaml")) == "my-file"
    assert chronology_key(Chronology(), "upload") == "upload"


# --------------------------------------------------------------------------- table, filters, alignment


def sample() -> tuple[Chronology, Chronology, Diff]:
    a = chron(
        event("nsdc", title="NSDC decision", sources="[un]")
        + event("decrees", date="2022-09-29", title="Decrees")
        + event("same", date="2022-09-01")
    )
    b = chron(
        event("tass-nsdc", date="2022-10-21/2022-10-31", title="'TASS: \"late October\"'", same_as="[nsdc]")
        + event("extra", date="2022-11-02")
        + event("same", date="2022-09-01"),
        file="b.yaml",
    )
    return a, b, compare(a, b)


def test_diff_rows_in_time_order_with_kinds_and_details() -> None:
    a, b, diff = sample()
    rows = diff_rows(diff, a, b)
    assert [(r.kind, r.a_id, r.b_id) for r in rows] == [
        ("only in A", "decrees", ""),
        ("changed", "nsdc", "tass-nsdc"),
        ("only in B", "", "extra"),
    ]
    changed = rows[1]
    assert changed.changes == "re-dated, re-worded, sources changed"
    assert "date: 2022-09-30 -> 2022-10-21/2022-10-31" in changed.details
    assert changed.a_date == "30 Sep 2022"
    assert changed.b_title == 'TASS: "late October"'


def test_only_shown_keeps_rows_with_a_shown_event() -> None:
    _a, _b, diff = sample()
    part = only_shown(diff, shown_a={"nsdc"}, shown_b={"extra"})
    assert part.only_in_a == []
    assert part.only_in_b == ["extra"]
    assert [c.a for c in part.changed] == ["nsdc"]
    assert part.to_json()["same"] == 0
    part = only_shown(diff, shown_a=set(), shown_b={"tass-nsdc", "same"})
    assert [c.b for c in part.changed] == ["tass-nsdc"]
    assert part.to_json()["same"] == 1


def test_anchor_offset() -> None:
    a, b, _diff = sample()
    shift, warnings = anchor_offset(a, b, "nsdc", "tass-nsdc")
    assert warnings == []
    assert shift == -21 * 86_400_000  # 30 September is 21 days before 21 October
    shift, warnings = anchor_offset(a, b, "nsdcc", "nope")
    assert shift is None
    assert len(warnings) == 2
    assert "did you mean “nsdc”?" in warnings[0]
