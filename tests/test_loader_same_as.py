"""Loading a chronology's ``id:`` and the events' ``same_as:`` (issue 17), each problem at its place."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.core.loader import Chronology, load_bytes, load_paths


def load_text(text: str, file: str = "case.yaml") -> Chronology:
    return load_bytes(text.encode("utf-8"), file=file)


EVENT = "  - {id: x, date: 2022-01-01, title: X, category: c"


def test_id_and_same_as_are_kept_with_their_positions() -> None:
    chron = load_text(
        "id: tass-2022\n"
        "events:\n"
        "  - id: x\n"
        "    date: 2022-01-01\n"
        "    title: X\n"
        "    category: c\n"
        "    same_as: [nsdc-decision, other]\n"
    )
    assert chron.problems == []
    assert chron.id == "tass-2022"
    assert chron.events[0].same_as == ["nsdc-decision", "other"]
    assert chron.same_as_at == {("x", "nsdc-decision"): (7, 15), ("x", "other"): (7, 30)}


def test_without_id_and_same_as_nothing_changes() -> None:
    chron = load_text("events:\n" + EVENT + "}\n")
    assert chron.problems == []
    assert chron.id == ""
    assert chron.events[0].same_as == []
    assert chron.same_as_at == {}


@pytest.mark.parametrize(
    ("text", "where", "message", "events"),
    [
        # a repeated id is dropped, the event kept
        ("events:\n" + EVENT + ", same_as: [a, b, a]}\n", "case.yaml:2:70", "'same_as' lists 'a' twice", 1),
        # an id that breaks the id rule: the event is skipped, as for a bad related id
        ("events:\n" + EVENT + ", same_as: [Not An Id]}\n", "case.yaml:2:64", "invalid id 'Not An Id'", 0),
        # text where a list belongs
        ("events:\n" + EVENT + ", same_as: a}\n", "case.yaml:2:63", "'same_as' must be a list, got text", 0),
        # a chronology id that breaks the id rule
        ("id: Tass 2022\nevents:\n" + EVENT + "}\n", "case.yaml:1:5", "invalid id 'Tass 2022'", 1),
        ("id: yes\nevents:\n" + EVENT + "}\n", "case.yaml:1:5", "'id' expected text, got a boolean", 1),
    ],
)
def test_problems_name_file_line_column(text: str, where: str, message: str, events: int) -> None:
    chron = load_text(text)
    assert [p.location() for p in chron.problems] == [where], [str(p) for p in chron.problems]
    assert message in chron.problems[0].message
    assert chron.problems[0].hint
    assert len(chron.events) == events


def test_a_folder_keeps_the_first_id_and_reports_another(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("id: first\nevents:\n" + EVENT + "}\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "id: second\nevents:\n  - {id: y, date: 2022-01-02, title: Y, category: c}\n", encoding="utf-8"
    )
    (tmp_path / "c.yaml").write_text(
        "id: first\nevents:\n  - {id: z, date: 2022-01-03, title: Z, category: c}\n", encoding="utf-8"
    )
    chron = load_paths([tmp_path])
    assert chron.id == "first"
    (problem,) = chron.problems
    assert problem.location() == f"{tmp_path / 'b.yaml'}:1:5"
    assert "'first'" in problem.message
    assert "'second'" in problem.message
    assert "id: first" in problem.hint
    assert len(chron.events) == 3
