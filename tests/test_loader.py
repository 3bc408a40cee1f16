"""Loading chronologies: the loading cases of BAD_INPUTS.md (1-30), folders, and properties.

Every case is a small YAML text (the big ones are generated here) and asserts the message,
the line and, where it means something, the column of the problem, and that the valid event
beside the bad one is still loaded. Cases 1-7 are also run through ``python -m dashboard
validate`` in a subprocess (the process must not crash, hang or print a traceback).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import assume, given
from hypothesis import strategies as st

from dashboard.core.dates import DateInfo, parse_date
from dashboard.core.loader import (
    Chronology,
    event_sort_key,
    load_bytes,
    load_data,
    load_path,
    load_paths,
    sort_key,
)
from dashboard.core.problems import Problem

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

# Lines 1-8; the event under test starts on line 9 ("  - id: bad"), its fields on 10, 11, 12...
HEAD = (
    "categories:\n"  # 1
    "  war: {label: War}\n"  # 2
    "  peace: {}\n"  # 3
    "events:\n"  # 4
    "  - id: good\n"  # 5
    "    date: 2022-02-21\n"  # 6
    "    title: A good event\n"  # 7
    "    category: war\n"  # 8
)


def event(
    *,
    id: str = "bad",
    date: str = "2022-01-01",
    title: str = "A bad event",
    category: str = "war",
    extra: str = "",
    drop: tuple[str, ...] = (),
) -> str:
    """The event under test: id (line 9), date (10), title (11), category (12), then ``extra``."""
    fields = {"id": id, "date": date, "title": title, "category": category}
    lines = [f"{k}: {v}" for k, v in fields.items() if k not in drop]
    lines += [line for line in extra.splitlines() if line]
    return "".join(("  - " if i == 0 else "    ") + line + "\n" for i, line in enumerate(lines))


def doc(*events: str, tail: str = "") -> str:
    return HEAD + "".join(events) + tail


def load_text(text: str | bytes, **kwargs: Any) -> Chronology:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(data, file="case.yaml", **kwargs)


def ids(chron: Chronology) -> set[str]:
    return {ev.id for ev in chron.events}


def find(problems: list[Problem], pattern: str) -> Problem:
    matching = [p for p in problems if re.search(pattern, p.message)]
    assert matching, f"no problem matching {pattern!r} in:\n" + "\n".join(map(str, problems))
    return matching[0]


# --------------------------------------------------------------------------- hostile files (1-7)


def alias_bomb() -> tuple[str, int, int]:
    """9 levels of 9 aliases (~500 bytes): walking it would need >1 GiB."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    text = "\n".join(lines) + "\nevents: []\n"
    assert len(text) < 600
    # The budget of 10,000 repeated values is passed at the first alias to `d` (7,381 values
    # each, after 8,289 repeated so far): line 5, the column of its first "*d".
    return text, 5, lines[4].index("*d") + 1


def big_string_aliased() -> tuple[str, int, int]:
    """One 100 KB anchored string aliased into 5,000 titles."""
    parts = ['title: &t "' + "x" * 100_000 + '"\n', "events:\n"]
    parts += [f"  - id: e{i}\n    date: 2022\n    title: *t\n    category: c\n" for i in range(5000)]
    return "".join(parts), 5, 12


@dataclass
class Hostile:
    name: str
    text: str | bytes
    message: str
    line: int
    column: int | None
    cli_args: tuple[str, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


def hostile_cases() -> list[Hostile]:
    bomb, bomb_line, bomb_col = alias_bomb()
    big, big_line, big_col = big_string_aliased()
    return [
        Hostile("1-alias-bomb", bomb, r"^anchors/aliases over budget", bomb_line, bomb_col),
        Hostile("2-big-string-aliased", big, r"^anchors/aliases over budget: .*characters", big_line, big_col),
        Hostile("3-25000-brackets", "[" * 25_000, r"^nesting is deeper than 16 levels", 1, 17),
        Hostile("4-100000-braces", "{" * 100_000, r"^nesting is deeper than 16 levels", 1, 17),
        Hostile("5-1100-dashes", "- " * 1100 + "x\n", r"^nesting is deeper than 16 levels", 1, 33),
        Hostile(
            "5-1100-indented-dashes",
            "events:\n" + "".join("  " * i + "-\n" for i in range(1100)),
            r"^nesting is deeper than 16 levels",
            17,  # the mapping is level 1, the list opened on line k is level k
            31,
        ),
        Hostile(
            "6-over-size-limit",
            doc(event()) + "#" * 2000 + "\n",
            r"^the file is [\d,]+ bytes, over the size limit of 1,000 bytes",
            0,
            0,
            cli_args=("--max-bytes", "1000"),
            kwargs={"max_bytes": 1000},
        ),
        Hostile(
            "7-python-tag",
            doc(event(extra='notes: !!python/object/apply:os.system ["touch {marker}"]')),
            r"^tags are not allowed: tag:yaml.org,2002:python/object/apply:os.system",
            13,
            12,
        ),
        Hostile("7-foo-tag", doc(event(title="!foo x")), r"^tags are not allowed: !foo", 11, 12),
        Hostile("7-tag-on-mapping", "events: !!map {}\n", r"^tags are not allowed", 1, 9),
    ]


HOSTILE = hostile_cases()


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_hostile_file_is_rejected_with_position(case: Hostile, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    text = case.text.replace("{marker}", str(marker)) if isinstance(case.text, str) else case.text
    chron = load_text(text, **case.kwargs)
    assert chron.events == []
    assert len(chron.problems) == 1, chron.problems
    problem = chron.problems[0]
    assert re.search(case.message, problem.message), problem
    assert problem.line == case.line, problem
    if case.column is not None:
        assert problem.column == case.column, problem
    assert problem.file == "case.yaml"
    assert not marker.exists(), "a YAML tag executed code"


@pytest.mark.parametrize("case", HOSTILE, ids=[c.name for c in HOSTILE])
def test_hostile_file_through_the_cli(case: Hostile, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    path = tmp_path / "hostile.yaml"
    text = case.text.replace("{marker}", str(marker)) if isinstance(case.text, str) else case.text
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", *case.cli_args, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,  # a guard against hangs, not a timed assertion
        check=False,
    )
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}"
    assert proc.returncode == 1, proc
    location = f"{path}:{case.line}:" + (f"{case.column}:" if case.column is not None else "")
    assert any(line.startswith(location) for line in proc.stdout.splitlines()), proc.stdout[:2000]
    assert "Traceback" not in proc.stdout
    assert "Traceback" not in proc.stderr
    assert re.search(r"^0 events, 1 problem$", proc.stdout, re.MULTILINE), proc.stdout[-500:]
    assert not marker.exists()


def test_size_limit_is_checked_before_reading_a_path(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(doc(event()) + "#" * 5000 + "\n", encoding="utf-8")
    chron = load_path(path, max_bytes=1000)
    assert chron.events == []
    (problem,) = chron.problems
    assert problem.line == 0
    assert "size limit of 1,000 bytes" in problem.message
    assert "--max-bytes" in problem.hint


# --------------------------------------------------------------------------- YAML traps and structure (8-30)


@dataclass
class Trap:
    name: str
    text: str | bytes
    message: str
    line: int
    column: int | None
    loaded: set[str] = field(default_factory=lambda: {"good"})
    hint: str = ""
    count: int | None = 1


def trap_cases() -> list[Trap]:
    return [
        # 8. duplicate keys: both lines named
        Trap(
            "8-duplicate-key",
            doc(event(extra="title: Again")),
            r"^duplicate key 'title' \(also on line 11\)",
            13,
            5,
            hint="lines 11 and 13",
        ),
        Trap(
            "8-duplicate-top-level-key-after-events",
            doc(event(), tail="title: One\ntitle: Two\n"),
            r"^duplicate key 'title' \(also on line 13\)",
            14,
            1,
            loaded={"good", "bad"},
        ),
        # 9. YAML 1.1 booleans
        Trap("9-title-yes", doc(event(title="yes")), r"^'title' expected text, got a boolean", 11, 12, hint='"yes"'),
        Trap("9-places-NO", doc(event(extra="places: [NO]")), r"^'places\[1\]' expected text, got a boolean", 13, 14),
        Trap(
            "9-actor-off", doc(event(extra="actors:\n  - off")), r"^'actors\[1\]' expected text, got a boolean", 14, 9
        ),
        # 10. base-60 numbers
        Trap("10-title-12:30", doc(event(title="12:30")), r"^'title' expected text, got a number", 11, 12, hint="750"),
        Trap(
            "10-time-12:30",
            doc(event(extra="time: 12:30")),
            r"^unknown field 'time'",
            13,
            5,
            hint="750",
        ),
        Trap(
            "10-date-12:30",
            doc(event(date="12:30")),
            r"^'date': YAML reads 12:30 as the number 750, which is not a date",
            10,
            11,
            hint='"12:30"',
        ),
        Trap("10-date-hex", doc(event(date="0x7E6")), r"^'date': YAML reads 0x7E6 as the number 2022", 10, 11),
        # 11. keys that are not text
        Trap("11-date-key", doc(event(extra="2020-01-01: x")), r"^keys must be text, got the date '2020-01-01'", 13, 5),
        Trap("11-list-key", doc(event(extra="? [a, b]\n: x")), r"^keys must be text, got a list", 13, 7),
        Trap("11-number-key", doc(event(extra="1066: x")), r"^keys must be text, got '1066'", 13, 5),
        Trap("11-bool-category-key", "categories:\n  yes: {}\nevents: []\n", r"^keys must be text", 2, 3, set()),
        # 12. not UTF-8
        Trap(
            "12-latin-1",
            doc(event(title="caf\udce9")).encode("utf-8", errors="surrogateescape"),
            r"^the file must be UTF-8: byte 0xe9",
            11,
            15,
            set(),
        ),
        # 13. tabs, a BOM in the middle, U+2028
        Trap(
            "13-tab-indentation",
            doc(event()).replace("    title: A bad event", "\ttitle: A bad event"),
            r"^invalid YAML: .*tab",
            11,
            1,
            set(),
            hint="spaces",
        ),
        Trap("13-bom-in-the-middle", doc(event(title="a\ufeffb")), r"byte-order mark", 11, 13, set()),
        Trap("13-u2028-in-a-value", doc(event(title="a\u2028b")), r"U\+2028", 11, 13, set()),
        Trap("13-nel-in-a-value", doc(event(title="a\x85b")), r"U\+0085", 11, 13, set()),
        Trap("13-control-character", doc(event(title="a\x01b")), r"^invalid character U\+0001", 11, 13, set()),
        # 14. lone surrogate
        Trap("14-lone-surrogate", doc(event(title='"\\ud800"')), r"surrogate", 11, None, set()),
        # 15. not a mapping with events
        Trap("15-empty-file", "", r"^expected a mapping with `events:`, got an empty file", 1, 1, set()),
        Trap("15-only-comments", "# nothing here\n", r"^expected a mapping with `events:`", 1, 1, set()),
        Trap("15-top-level-scalar", "just some text\n", r"^expected a mapping with `events:`, got text", 1, 1, set()),
        Trap("15-top-level-list", "- id: a\n- id: b\n", r"^expected a mapping with `events:`, got a list", 1, 1, set()),
        Trap(
            "15-no-events-key",
            "title: x\nevnts: []\n",
            r"^expected a mapping with `events:`.*'evnts'",
            1,
            1,
            set(),
        ),
        Trap(
            "15-second-document",
            doc(event(), tail="---\nevents: []\n"),
            r"^expected a mapping with `events:`, found a second YAML document",
            13,
            1,
            set(),
        ),
        # 16-25. dates with their line
        Trap("16-feb-30-unquoted", doc(event(date="2022-02-30")), r"'2022-02-30' is not a valid date", 10, 11),
        Trap("16-feb-30-quoted", doc(event(date="'2022-02-30'")), r"'2022-02-30' is not a valid date", 10, 11),
        Trap(
            "16-month-13",
            doc(event(date="0000-13-01")),
            r"'0000-13-01' is not a valid date: there is no month 13",
            10,
            11,
        ),
        Trap(
            "17-one-digit-month",
            doc(event(date="2022-9-30")),
            r"months and days need two digits",
            10,
            11,
            hint="2022-09-30",
        ),
        Trap("19-86400", doc(event(date="86400")), r"^'date': 86400 is out of range", 10, 11),
        Trap("19-86400-quoted", doc(event(date='"86400"')), r"out of range", 10, 11),
        Trap("22-year-10000", doc(event(date="10000-01-01")), r"out of range: year 10000", 10, 11),
        Trap("22-year-minus-10000", doc(event(date="-10000")), r"out of range", 10, 11),
        Trap(
            "25-end-before-start", doc(event(date="2022-10-05/2022-10-01")), r"the end .* is before the start", 10, 11
        ),
        Trap("dates-float", doc(event(date="2022.5")), r"^'date' expected a date, got a number", 10, 11),
        Trap("dates-boolean", doc(event(date="no")), r"^'date' expected a date, got a boolean", 10, 11, hint="no"),
        Trap("dates-empty", doc(event(date='""')), r"the date is empty", 10, 11),
        Trap("dates-garbage", doc(event(date="yesterday")), r"'yesterday' is not a date", 10, 11),
        # 26. misspelt field
        Trap(
            "26-titel",
            doc(event(drop=("title",), extra="titel: A bad event")),
            r"^unknown field 'titel' \(did you mean 'title'\?\)$",
            12,
            5,
        ),
        Trap(
            "26-unknown-field",
            doc(event(extra="colour: red")),
            r"^unknown field 'colour'",
            13,
            5,
            hint="allowed fields",
        ),
        Trap(
            "26-typo-in-an-image",
            doc(event(extra="image: {urll: 'https://x.org/i.png'}")),
            r"^unknown field 'urll' in 'image' \(did you mean 'url'\?\)$",
            13,
            13,
            hint="rename it to 'url'",
        ),
        Trap(
            "26-unknown-field-in-a-source",
            doc(event(extra="sources: [{publisher: P, titl: T, link: x}]")),
            r"^unknown field 'titl' in 'sources\[1\]' \(did you mean 'title'\?\)$",
            13,
            30,
            hint="allowed fields: publisher, title, url, date",
            count=2,
        ),
        # 27. missing required fields
        *[
            Trap(
                f"27-missing-{name}",
                doc(event(drop=(name,))),
                rf"^missing required field '{name}'$",
                9,
                5,
                hint=f"add {name}:",
            )
            for name in ("id", "date", "title", "category")
        ],
        Trap("27-event-not-a-mapping", doc("  - just text\n"), r"^an event must be a mapping, got text", 9, 5),
        Trap("27-events-not-a-list", "events: {a: 1}\n", r"^'events' must be a list, got a mapping", 1, 9, set()),
        # other per-event checks
        Trap("bad-id", doc(event(id="Bad_Id")), r"^'id': invalid id 'Bad_Id'", 9, 9),
        Trap("importance-9", doc(event(extra="importance: 9")), r"^'importance' must be between 1 and 5", 13, 17),
        Trap("importance-quoted", doc(event(extra='importance: "3"')), r"^'importance' must be a whole number", 13, 17),
        Trap("status-unknown", doc(event(extra="status: rumour")), r"^'status' must be one of", 13, 13),
        Trap("blank-title", doc(event(title='"   "')), r"^'title': text is empty", 11, 12),
        Trap("empty-title", doc(event(title="")), r"^'title' is empty: expected text", 11, 11),
        Trap("url-javascript", doc(event(extra="image: {url: 'javascript:alert(1)'}")), r"only http and https", 13, 18),
        Trap(
            "inline-source-bad-date",
            doc(event(extra="sources: [{publisher: X, date: 2022-13}]")),
            r"^'sources\[1\]\.date': '2022-13' is not a valid date",
            13,
            36,
        ),
        Trap(
            "actors-not-a-list",
            doc(event(extra="actors: Russia")),
            r"^'actors' must be a list, got text",
            13,
            13,
            hint="[Russia]",
        ),
        # 29. references that do not exist: reported, the reference dropped, the event kept
        Trap(
            "29-duplicate-id",
            doc(event(id="good")),
            r"^duplicate event id 'good' \(first at case.yaml:5\)",
            9,
            9,
        ),
        Trap(
            "29-unknown-related",
            doc(event(extra="related: [nope]")),
            r"^related event 'nope' does not exist",
            13,
            15,
            {"good", "bad"},
        ),
        Trap(
            "29-related-to-a-skipped-event",
            doc(event(extra="related: [broken]"), event(id="broken", date="2022-02-30")),
            r"^related event 'broken' was skipped because of its own problems",
            13,
            15,
            {"good", "bad"},
            count=2,
        ),
        Trap(
            "29-unknown-source",
            doc(event(extra="sources: [nope-src]")),
            r"^unknown source id 'nope-src'",
            13,
            15,
            {"good", "bad"},
        ),
        Trap(
            "29-unknown-story-step",
            doc(
                event(),
                tail=(
                    "stories:\n  - id: tour\n    title: Tour\n    steps:\n      - event: nowhere\n      - event: good\n"
                ),
            ),
            r"^story 'tour' step 1: event 'nowhere' does not exist",
            17,
            16,
            {"good", "bad"},
        ),
        # 30. undeclared category: the declared ones listed
        Trap(
            "30-undeclared-category",
            doc(event(category="love")),
            r"^category 'love' is not declared in categories:.*declared: war, peace",
            12,
            15,
            hint="use one of: war, peace",
        ),
    ]


TRAPS = trap_cases()


@pytest.mark.parametrize("case", TRAPS, ids=[c.name for c in TRAPS])
def test_trap_is_reported_with_position(case: Trap) -> None:
    chron = load_text(case.text)
    problem = find(chron.problems, case.message)
    assert problem.file == "case.yaml"
    assert problem.line == case.line, problem
    if case.column is not None:
        assert problem.column == case.column, problem
    assert case.hint in problem.hint, problem
    assert ids(chron) == case.loaded, chron.problems
    if case.count is not None:
        assert len(chron.problems) == case.count, "\n".join(map(str, chron.problems))


def test_lone_surrogate_is_rejected() -> None:  # 14
    chron = load_text(doc(event(title='"\\ud800"')))
    (problem,) = chron.problems
    assert problem.line == 11
    assert "\\ud800" in problem.message
    assert chron.events == []


def test_typo_of_a_required_field_is_one_problem() -> None:  # 26
    chron = load_text(doc(event(drop=("title",), extra="titel: A bad event")))
    assert [p.message for p in chron.problems] == ["unknown field 'titel' (did you mean 'title'?)"]
    assert chron.problems[0].hint == "rename it to 'title'"


def test_all_missing_fields_are_listed() -> None:  # 27
    chron = load_text(doc("  - id: lonely\n"))
    messages = sorted(p.message for p in chron.problems)
    assert messages == [f"missing required field '{name}'" for name in ("category", "date", "title")]
    assert ids(chron) == {"good"}
    assert chron.skipped == 1


def test_skipped_event_is_counted_and_named() -> None:
    chron = load_text(doc(event(date="2022-02-30")))
    assert chron.skipped == 1
    assert chron.problems[0].event_id == "bad"
    assert chron.summary_line() == "1 event, 1 problem (1 event skipped)"


# --------------------------------------------------------------------------- dates through the loader (16-25)

EPOCH = np.datetime64("1970-01-01T00:00:00", "s")


def seconds(text: str) -> int:
    """Epoch seconds of an ISO date or time, computed by numpy (an independent calendar)."""
    return int((np.datetime64(text, "s") - EPOCH).astype("int64"))


@pytest.mark.parametrize(
    ("written", "edtf", "earliest", "latest", "precision", "label"),
    [
        ("2022-02-21", "2022-02-21", "2022-02-21", "2022-02-21T23:59:59", "day", "21 Feb 2022"),
        ("'2022-02-21'", "2022-02-21", "2022-02-21", "2022-02-21T23:59:59", "day", "21 Feb 2022"),
        ('"2022-02-21"', "2022-02-21", "2022-02-21", "2022-02-21T23:59:59", "day", "21 Feb 2022"),
        ("2022-10", "2022-10", "2022-10-01", "2022-10-31T23:59:59", "month", "Oct 2022"),
        ("2022", "2022", "2022-01-01", "2022-12-31T23:59:59", "year", "2022"),
        ("1066", "1066", "1066-01-01", "1066-12-31T23:59:59", "year", "1066"),  # 18: never 1970
        ("'1066'", "1066", "1066-01-01", "1066-12-31T23:59:59", "year", "1066"),
        ("0", "0000", "0000-01-01", "0000-12-31T23:59:59", "year", "1 BC"),  # 19: year 0 is 1 BC
        ("0700", "0700", "0700-01-01", "0700-12-31T23:59:59", "year", "700"),  # not octal 448
        ("476", "0476", "0476-01-01", "0476-12-31T23:59:59", "year", "476"),
        ("-43", "-0043", "-0043-01-01", "-0043-12-31T23:59:59", "year", "44 BC"),
        ("-0043-03-15", "-0043-03-15", "-0043-03-15", "-0043-03-15T23:59:59", "day", "15 Mar 44 BC"),  # 20
        ("1500-01-01", "1500-01-01", "1500-01-01", "1500-01-01T23:59:59", "day", "1 Jan 1500"),  # 21
        ("9999-12-31", "9999-12-31", "9999-12-31", "9999-12-31T23:59:59", "day", "31 Dec 9999"),
        ("-9999", "-9999", "-9999-01-01", "-9999-12-31T23:59:59", "year", "10000 BC"),
        ("2022-01-02T10:00:00Z", "2022-01-02T10:00:00Z", "2022-01-02T10:00:00", "2022-01-02T10:00:00", "moment", None),
        ("2022-01-02 10:00:00", "2022-01-02T10:00:00", "2022-01-02T10:00:00", "2022-01-02T10:00:00", "moment", None),
        (
            "2022-09-21T09:00:00+03:00",  # 24: normalised to UTC for the bounds
            "2022-09-21T09:00:00+03:00",
            "2022-09-21T06:00:00",
            "2022-09-21T06:00:00",
            "moment",
            None,
        ),
        (
            "2022-09-23/2022-09-27",
            "2022-09-23/2022-09-27",
            "2022-09-23",
            "2022-09-27T23:59:59",
            "day",
            "23-27 Sep 2022",
        ),
        ("2022-10~", "2022-10~", "2022-10-01", "2022-10-31T23:59:59", "month", "c. Oct 2022"),
        ("1985-04/..", "1985-04/..", "1985-04-01", "1985-04-30T23:59:59", "month", None),
    ],
)
def test_date_through_the_loader(
    written: str, edtf: str, earliest: str, latest: str, precision: str, label: str | None
) -> None:
    chron = load_text(doc(event(date=written)))
    assert chron.problems == []
    info = chron.event("bad").date  # type: ignore[union-attr]
    assert info.edtf == edtf
    assert info.earliest == seconds(earliest)
    assert info.latest == seconds(latest)
    assert info.precision == precision
    if label is not None:
        assert info.label == label
    assert info.earliest != 0 or earliest == "1970-01-01"


def test_bare_year_1066_is_never_a_timestamp() -> None:  # 18
    chron = load_text(doc(event(date="1066")))
    info = chron.event("bad").date  # type: ignore[union-attr]
    assert info.earliest == np.datetime64("1066-01-01", "s").astype("int64")
    assert info.precision == "year"


def test_mixed_days_and_times_in_one_file() -> None:  # 23, 24
    text = doc(
        event(id="day", date="2022-01-01"),
        event(id="utc", date="2022-01-02T10:00:00Z"),
        event(id="plus3", date="2022-01-02T13:00:00+03:00"),
        event(id="naive", date="2022-01-02T10:00:00"),
    )
    chron = load_text(text)
    assert chron.problems == []
    by_id = {ev.id: ev.date for ev in chron.events}
    assert by_id["utc"].earliest == by_id["plus3"].earliest == by_id["naive"].earliest == seconds("2022-01-02T10:00")
    assert by_id["day"].earliest == seconds("2022-01-01")


def test_source_dates_are_checked() -> None:
    text = (
        "sources:\n"  # 1
        "  good-src: {publisher: P, date: 2022-02-21}\n"  # 2
        "  bad-src: {publisher: P, date: 2022-02-30}\n"  # 3
        "events:\n"  # 4
        "  - id: e\n"  # 5
        "    date: 2022\n"  # 6
        "    title: T\n"  # 7
        "    category: c\n"  # 8
        "    sources: [good-src, bad-src]\n"  # 9
    )
    chron = load_text(text)
    assert [(p.line, p.column) for p in chron.problems] == [(3, 33), (9, 25)]
    assert "'sources.bad-src.date'" in chron.problems[0].message
    assert "source 'bad-src' was skipped because of its own problems" in chron.problems[1].message
    assert chron.sources["good-src"].date == "2022-02-21"
    assert chron.event("e").sources == ["good-src"]  # type: ignore[union-attr]


# --------------------------------------------------------------------------- 28: one bad event among 1,000


def test_one_bad_event_among_1000() -> None:
    events = [event(id=f"e{i}", date=f"2022-01-{i % 28 + 1:02d}", title=f"Event {i}") for i in range(1000)]
    events[500] = event(id="e500", date="2022-02-30")
    chron = load_text("events:\n" + "".join(events))
    assert len(chron.events) == 999
    assert len(chron.problems) == 1
    assert chron.skipped == 1
    assert chron.problems[0].line == 1 + 500 * 4 + 2
    assert "e500" not in ids(chron)
    assert chron.summary_line() == "999 events, 1 problem (1 event skipped)"


# --------------------------------------------------------------------------- folders and several files


# --------------------------------------------------------------------------- order (issue 13)


@pytest.mark.parametrize(
    ("written", "expected"),
    [("1", 1), ("2", 2), ("999", 999), ("+5", 5), ("05", 5), ("", None), ("null", None)],
)
def test_good_order(written: str, expected: int | None) -> None:
    chron = load_text(doc(event(extra=f"order: {written}")))
    assert chron.problems == []
    assert chron.event("bad").order == expected  # type: ignore[union-attr]


def test_order_defaults_to_none() -> None:
    chron = load_text(doc(event()))
    assert chron.event("bad").order is None  # type: ignore[union-attr]


# "    order: " puts the value at column 12 of line 13
@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        ("0", r"^'order' must be between 1 and 999, got 0$", "write 1 for the first"),
        ("1000", r"^'order' must be between 1 and 999, got 1000$", "or leave order out"),
        ("-1", r"^'order' must be between 1 and 999, got -1$", "write 1 for the first"),
        ("first", r"^'order' must be a whole number, got text$", "without quotes"),
        ('"3"', r"^'order' must be a whole number, got text$", "without quotes"),
        ("2.5", r"^'order' must be a whole number, got 2\.5$", "write a number"),
        ("true", r"^'order' must be a whole number, got a boolean$", "write a number"),
        ("yes", r"^'order' must be a whole number, got a boolean$", "YAML reads yes as true"),
        ("[1]", r"^'order' must be a whole number, got a list$", "write a number"),
        ("010", r"^'order': YAML reads 010 as the number 8$", "such as 10"),
        ("0x10", r"^'order': YAML reads 0x10 as the number 16$", "plain digits"),
        ("1:30", r"^'order': YAML reads 1:30 as the number 90$", "plain digits"),
    ],
)
def test_bad_order_is_reported_at_its_value(written: str, message: str, hint: str) -> None:
    chron = load_text(doc(event(extra=f"order: {written}")))
    (problem,) = chron.problems
    assert re.search(message, problem.message), problem
    assert (problem.file, problem.line, problem.column) == ("case.yaml", 13, 12), problem
    assert hint in problem.hint, problem
    assert problem.event_id == "bad"
    assert ids(chron) == {"good"}
    assert chron.skipped == 1


def test_bad_order_in_a_flow_mapping_is_placed_at_its_value() -> None:
    text = "events:\n  - {id: a, date: 2022, title: T, category: c, order: 0}\n"
    (problem,) = load_text(text).problems
    assert (problem.line, problem.column) == (2, 55)


def order_doc(*items: tuple[str, str, int | None]) -> str:
    """Events (id, date, order) in the order given."""
    body = "".join(
        event(id=eid, date=date, title=eid, category="war", extra=f"order: {order}" if order is not None else "")
        for eid, date, order in items
    )
    return "categories:\n  war: {}\nevents:\n" + body


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        # the same day: by order, events without one first
        (
            [("c", "2022-09-30", 1), ("a", "2022-09-30", 3), ("b", "2022-09-30", 2), ("z", "2022-09-30", None)],
            ["z", "c", "b", "a"],
        ),
        # without order: by id
        ([("c", "2022-09-30", None), ("a", "2022-09-30", None), ("b", "2022-09-30", None)], ["a", "b", "c"]),
        # equal orders: by id
        ([("b", "2022-09-30", 2), ("a", "2022-09-30", 2), ("c", "2022-09-30", 1)], ["c", "a", "b"]),
        # order never moves an event past another start: the date comes first
        ([("late", "2022-10-01", 1), ("early", "2022-09-30", 999), ("moment", "2022-09-30T15:00:00Z", 1)],
         ["early", "moment", "late"]),
        # a month and its first day start at the same instant, so order decides between them
        ([("month", "2022-09", 2), ("day", "2022-09-01", 1)], ["day", "month"]),
    ],
)  # fmt: skip
def test_events_sort_by_date_then_order_then_id(items: list[tuple[str, str, int | None]], expected: list[str]) -> None:
    chron = load_text(order_doc(*items))
    assert chron.problems == []
    assert [ev.id for ev in chron.events] == expected
    backwards = list(chron.events)[::-1]
    assert [ev.id for ev in sorted(backwards, key=event_sort_key)] == expected


def test_sort_key() -> None:
    assert sort_key(5, None, "b") == (5, 0, "b")
    assert sort_key(5, None, "z") < sort_key(5, 1, "a") < sort_key(5, 2, "a") < sort_key(6, None, "a")


def test_valid_fixture_loads_cleanly() -> None:
    chron = load_path(FIXTURES / "valid.yaml")
    assert chron.problems == []
    assert [ev.id for ev in chron.events] == ["ides-of-march", "hastings", "treaty-signed"]
    assert list(chron.categories) == ["treaty", "war"]
    assert chron.declared_categories
    treaty = chron.event("treaty-signed")
    assert treaty is not None
    assert treaty.sources == ["src-a", "treaty-signed--2"]
    assert chron.sources["treaty-signed--2"].publisher == "Other Press"
    assert treaty.importance == 5
    assert treaty.status == "reported"
    assert [s.id for s in chron.stories] == ["tour"]
    assert [step.event for step in chron.stories[0].steps] == ["ides-of-march", "treaty-signed"]


def test_folder_loads_as_one_chronology() -> None:
    chron = load_path(FIXTURES / "folder")
    assert chron.problems == []
    assert [ev.id for ev in chron.events] == ["first", "second"]
    assert chron.event("second").related == ["first"]  # type: ignore[union-attr]
    assert chron.title == "Folder chronology"
    assert [Path(f).name for f in chron.files] == ["a.yaml", "b.yml"]
    assert chron.event("second").file.endswith("b.yml")  # type: ignore[union-attr]


def test_duplicate_id_across_files_names_both() -> None:
    chron = load_path(FIXTURES / "dup-folder")
    (problem,) = chron.problems
    a, b = str(FIXTURES / "dup-folder" / "a.yaml"), str(FIXTURES / "dup-folder" / "b.yaml")
    assert problem.file == b
    assert (problem.line, problem.column) == (6, 9)
    assert f"duplicate event id 'same' (first at {a}:2)" == problem.message
    assert a in problem.hint
    assert ids(chron) == {"same", "other"}
    assert chron.event("same").file == a  # type: ignore[union-attr]
    assert chron.skipped == 1


def test_several_paths_and_a_missing_one(tmp_path: Path) -> None:
    chron = load_paths([FIXTURES / "valid.yaml", tmp_path / "nope.yaml", FIXTURES / "folder"])
    assert len(chron.events) == 5
    (problem,) = chron.problems
    assert problem.message == "no such file or folder"
    assert (problem.line, problem.column) == (0, 0)


def test_empty_folder(tmp_path: Path) -> None:
    chron = load_path(tmp_path)
    (problem,) = chron.problems
    assert "no .yaml or .yml files" in problem.message


def test_category_defined_differently_in_two_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("categories: {war: {label: War}}\nevents: []\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text("categories: {war: {label: Peace}}\nevents: []\n", encoding="utf-8")
    chron = load_path(tmp_path)
    (problem,) = chron.problems
    assert problem.file.endswith("b.yaml")
    assert "defined differently" in problem.message


def test_fatal_file_does_not_lose_the_other_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("[" * 30_000, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("events:\n" + event(id="kept"), encoding="utf-8")
    chron = load_path(tmp_path)
    assert ids(chron) == {"kept"}
    assert len(chron.problems) == 1
    assert chron.problems[0].file.endswith("a.yaml")


def test_load_data_checks_a_plain_mapping() -> None:
    chron = load_data(
        {"events": [{"id": "a", "date": 1066, "title": "T", "category": "c"}, {"id": "b", "date": "x"}]}, file="import"
    )
    assert ids(chron) == {"a"}
    assert chron.skipped == 1
    assert {p.file for p in chron.problems} == {"import"}
    assert all((p.line, p.column) == (0, 0) for p in chron.problems)


def test_load_data_rejects_a_non_mapping() -> None:
    chron = load_data([1, 2], file="import")  # type: ignore[arg-type]
    assert "expected a mapping with `events:`" in chron.problems[0].message


def test_top_level_problems() -> None:
    text = "format: 2\ntitle: yes\ncategories: [a]\nsources: [b]\nevents: []\nstories: {}\nextra: 1\n"
    chron = load_text(text)
    where = {(p.line, p.column): p.message for p in chron.problems}
    assert where[(1, 9)].startswith("'format' must be one of 1")
    assert where[(2, 8)].startswith("'title' expected text, got a boolean")
    assert where[(3, 13)].startswith("'categories' must be a mapping")
    assert where[(4, 10)].startswith("'sources' must be a mapping")
    assert where[(6, 10)].startswith("'stories' must be a list")
    assert where[(7, 1)].startswith("unknown field 'extra'")


def test_registry_problems() -> None:
    text = (
        "categories:\n"  # 1
        "  Bad Cat: {}\n"  # 2
        "  ok: {color: red}\n"  # 3
        "sources:\n"  # 4
        "  s1: {publisher: P, url: 'ftp://x'}\n"  # 5
        "  s2: {title: no publisher}\n"  # 6
        "events: []\n"  # 7
    )
    chron = load_text(text)
    where = {(p.line, p.column): p.message for p in chron.problems}
    assert where[(2, 3)].startswith("invalid category id 'Bad Cat'")
    assert where[(3, 15)].startswith("'categories.ok.color': invalid colour 'red'")
    assert where[(5, 27)].startswith("'sources.s1.url': only http and https links are allowed")
    assert where[(6, 7)] == "missing required field 'publisher' in 'sources.s2'"
    assert len(chron.problems) == 4


def test_story_problems() -> None:
    text = doc(
        event(),
        tail=(
            "stories:\n"  # 13
            "  - id: tour\n"  # 14
            "    title: Tour\n"  # 15
            "    steps: []\n"  # 16
            "  - just text\n"  # 17
            "  - id: two\n"  # 18
            "    title: Two\n"  # 19
            "    steps: [{event: good}]\n"  # 20
            "  - id: two\n"  # 21
            "    title: Again\n"  # 22
            "    steps: [{event: bad}]\n"  # 23
        ),
    )
    chron = load_text(text)
    where = {(p.line, p.column): p.message for p in chron.problems}
    assert where[(16, 12)] == "'stories[1].steps' is empty"
    assert where[(17, 5)].startswith("'stories[2]' must be a mapping")
    assert where[(21, 9)].startswith("duplicate story id 'two'")
    assert [s.id for s in chron.stories] == ["two"]


# --------------------------------------------------------------------------- properties (hypothesis)

VALID_TEXT = (FIXTURES / "valid.yaml").read_text(encoding="utf-8")
YAML_BITS = st.sampled_from(
    [":", "-", " ", "  ", "\n", "\t", "[", "]", "{", "}", ",", "&a", "*a", "!", "!!str", "|", ">", "'", '"', "#",
     "---", "...", "? ", "yes", "12:30", "2022-02-30", "\\", "\ud7ff", "é", "\x00", "\ufeff", "%", "@", "`"]
)  # fmt: skip


@st.composite
def mutated_valid_text(draw: st.DrawFn) -> bytes:
    text = VALID_TEXT
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.one_of(YAML_BITS, st.text(max_size=4))) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
    return text.encode("utf-8", errors="surrogatepass")


def check_never_raises(data: bytes) -> None:
    chron = load_bytes(data, file="fuzz.yaml")
    assert isinstance(chron, Chronology)
    lines = data.count(b"\n") + data.count(b"\r") + 2
    for problem in chron.problems:
        assert isinstance(problem, Problem)
        assert problem.file == "fuzz.yaml"
        assert 0 <= problem.line <= lines
    assert len({ev.id for ev in chron.events}) == len(chron.events)
    for ev in chron.events:
        assert isinstance(ev.date, DateInfo)
        assert seconds("-9999-01-01") <= ev.date.earliest <= ev.date.latest <= seconds("9999-12-31T23:59:59")


@given(st.binary(max_size=3000))
def test_any_bytes_never_raise(data: bytes) -> None:
    check_never_raises(data)


@given(mutated_valid_text())
def test_mutated_valid_yaml_never_raises(data: bytes) -> None:
    check_never_raises(data)


# A generated valid chronology, dumped with yaml.safe_dump and loaded again.

ODD_TEXT = st.sampled_from(
    ["yes", "no", "NO", "on", "null", "~", "12:30", "1066", "0x1F", "1e3", ".inf", "2022-02-21",
     "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "'single'", '"double"', "a: b", "- item",
     "# hash", "&anchor", "*alias", "!tag", "%{x}", "$\\href{javascript:alert(1)}{x}$", "\u202eevil", "日本語",
     "emoji 🎉", "line\nbreak", " padded ", "tab\there", "back\\slash", "@at", "`tick`", "|", ">", "[a, b]",
     "{a: b}", "? q"]
)  # fmt: skip
# Text that yaml.safe_dump(allow_unicode=True) can write and a UTF-8 chronology can hold:
# no surrogates, and none of the characters rejected in the file (they are fine as escapes).
SAFE_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\x85\u2028\u2029\ufeff")
TEXT = st.one_of(ODD_TEXT, st.text(SAFE_CHARS, min_size=1, max_size=30)).filter(lambda t: t.strip() != "")
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)


@st.composite
def dates(draw: st.DrawFn) -> str | int | dt.date:
    year = draw(st.integers(-9999, 9999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    sign = "-" if year < 0 else ""
    y = f"{sign}{abs(year):04d}"
    kind = draw(st.sampled_from(["day", "month", "year", "int", "date", "interval", "open", "moment", "qualified"]))
    if kind == "day":
        return f"{y}-{month:02d}-{day:02d}"
    if kind == "month":
        return f"{y}-{month:02d}"
    if kind == "year":
        return y
    if kind == "int":
        return year
    if kind == "date":
        return dt.date(max(1, abs(year)), month, day)
    if kind == "interval":
        end = draw(st.integers(year, min(9999, year + 50)))
        return f"{y}-{month:02d}/{'-' if end < 0 else ''}{abs(end):04d}"
    if kind == "open":
        return f"{y}-{month:02d}/.."
    if kind == "moment":
        offset = draw(st.sampled_from(["Z", "+03:00", "-05:30", ""]))
        year = max(year, 1)
        return (
            f"{year:04d}-{month:02d}-{day:02d}T{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}:00{offset}"
        )
    return y + draw(st.sampled_from(["~", "?", "%"]))


@st.composite
def chronologies(draw: st.DrawFn) -> dict[str, Any]:
    categories = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    sources = draw(st.lists(IDS, max_size=3, unique=True))
    event_ids = draw(st.lists(IDS, min_size=1, max_size=8, unique=True))
    events = []
    for eid in event_ids:
        ev: dict[str, Any] = {
            "id": eid,
            "date": draw(dates()),
            "title": draw(TEXT),
            "category": draw(st.sampled_from(categories)),
        }
        for name in ("actors", "places", "tags"):
            if draw(st.booleans()):
                ev[name] = draw(st.lists(TEXT, max_size=3))
        if draw(st.booleans()):
            ev["summary"] = draw(TEXT)
        if draw(st.booleans()):
            ev["importance"] = draw(st.integers(1, 5))
        if draw(st.booleans()):
            ev["status"] = draw(st.sampled_from(["confirmed", "reported", "disputed"]))
        if draw(st.booleans()):
            ev["order"] = draw(st.integers(1, 999))
        if sources and draw(st.booleans()):
            ev["sources"] = draw(st.lists(st.sampled_from(sources), max_size=2, unique=True))
        if draw(st.booleans()):
            ev["related"] = draw(st.lists(st.sampled_from(event_ids), max_size=2, unique=True))
        events.append(ev)
    return {
        "title": draw(TEXT),
        "categories": {c: {"label": draw(TEXT)} for c in categories},
        "sources": {s: {"publisher": draw(TEXT), "url": f"https://example.org/{s}"} for s in sources},
        "events": events,
    }


@given(chronologies(), st.booleans())
def test_valid_chronology_round_trips(data: dict[str, Any], allow_unicode: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=allow_unicode, sort_keys=False)
    chron = load_text(text)
    assert chron.problems == []
    assert chron.skipped == 0
    assert chron.title == data["title"]
    assert list(chron.categories) == list(data["categories"])
    loaded = {ev.id: ev for ev in chron.events}
    assert set(loaded) == {ev["id"] for ev in data["events"]}
    for written in data["events"]:
        ev = loaded[written["id"]]
        expected = parse_date(written["date"])
        assert ev.date == expected
        assert ev.title == written["title"]
        assert ev.category == written["category"]
        assert ev.summary == written.get("summary", "")
        for name in ("actors", "places", "tags", "sources", "related"):
            assert getattr(ev, name) == written.get(name, []), name
        assert ev.importance == written.get("importance", 3)
        assert ev.status == written.get("status", "confirmed")
        assert ev.order == written.get("order")
    assert [ev.date.earliest for ev in chron.events] == sorted(ev.date.earliest for ev in chron.events)
    keys = [(ev.date.earliest, ev.order or 0, ev.id) for ev in chron.events]
    assert keys == sorted(keys)


# One bad event among valid ones: exactly the valid ones kept, every problem on the bad lines.

BAD_KINDS = {
    "missing-title": lambda eid: f"  - id: {eid}\n    date: 2022-01-01\n    category: c\n",
    "missing-date": lambda eid: f"  - id: {eid}\n    title: T\n    category: c\n",
    "missing-id": lambda eid: "  - date: 2022-01-01\n    title: T\n    category: c\n",
    "bad-day": lambda eid: f"  - id: {eid}\n    date: 2022-02-30\n    title: T\n    category: c\n",
    "bad-month": lambda eid: f"  - id: {eid}\n    date: '2022-13'\n    title: T\n    category: c\n",
    "out-of-range": lambda eid: f"  - id: {eid}\n    date: 86400\n    title: T\n    category: c\n",
    "reversed": lambda eid: f"  - id: {eid}\n    date: 2022-10-05/2022-10-01\n    title: T\n    category: c\n",
    "not-a-date": lambda eid: f"  - id: {eid}\n    date: soon\n    title: T\n    category: c\n",
    "typo": lambda eid: f"  - id: {eid}\n    date: 2022\n    titel: T\n    category: c\n",
    "boolean-title": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: yes\n    category: c\n",
    "duplicate-key": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    title: U\n    category: c\n",
    "date-key": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    2022-01-01: x\n",
    "undeclared": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: nope\n",
    "importance": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    importance: 0\n",
    "status": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    status: maybe\n",
    "order": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    order: 1000\n",
    "octal-order": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    order: 010\n",
    "bad-url": lambda eid: (
        f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    image: {{url: 'data:x'}}\n"
    ),
    "bad-id": lambda eid: "  - id: Not An Id\n    date: 2022\n    title: T\n    category: c\n",
    "not-a-mapping": lambda eid: "  - just a line of text\n",
    "source-date": lambda eid: (
        f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n"
        "    sources:\n      - {publisher: P, date: 2022-02-31}\n"
    ),
    "bad-related-id": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    related: [Bad]\n",
    "empty-actor": lambda eid: f"  - id: {eid}\n    date: 2022\n    title: T\n    category: c\n    actors: ['']\n",
}


# Titles written with json.dumps (a double-quoted YAML scalar): it leaves control characters
# such as DEL raw, which YAML does not allow in a file.
PRINTABLE_TEXT = st.one_of(
    ODD_TEXT,
    st.text(st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\u2028\u2029\ufeff"), min_size=1),
).filter(lambda t: t.strip() != "")


def valid_event_text(eid: str, title: str, date: str) -> str:
    return (
        f"  - id: {json.dumps(eid)}\n    date: {date}\n    title: {json.dumps(title, ensure_ascii=False)}\n"
        "    category: c\n    actors: [A, B]\n"
    )


@given(
    st.lists(st.tuples(IDS, PRINTABLE_TEXT), min_size=1, max_size=12, unique_by=lambda x: x[0]),
    st.sampled_from(sorted(BAD_KINDS)),
    st.data(),
)
def test_one_bad_event_among_valid_ones(good: list[tuple[str, str]], kind: str, data: st.DataObject) -> None:
    bad_id = "the-bad-one"
    assume(all(eid != bad_id for eid, _ in good))
    at = data.draw(st.integers(0, len(good)))
    head = "categories:\n  c: {}\nevents:\n"
    texts = [valid_event_text(eid, title, f"2022-01-{i % 28 + 1:02d}") for i, (eid, title) in enumerate(good)]
    bad_text = BAD_KINDS[kind](bad_id)
    before = head + "".join(texts[:at])
    first_bad_line = before.count("\n") + 1
    last_bad_line = first_bad_line + bad_text.count("\n") - 1
    text = before + bad_text + "".join(texts[at:])
    chron = load_text(text)
    assert ids(chron) == {eid for eid, _ in good}
    assert chron.skipped == 1
    assert len(chron.problems) >= 1
    for problem in chron.problems:
        assert first_bad_line <= problem.line <= last_bad_line, (problem, first_bad_line, last_bad_line)


@given(st.lists(IDS, min_size=2, max_size=10, unique=True), st.data())
def test_duplicate_id_keeps_the_first(event_ids: list[str], data: st.DataObject) -> None:
    copied = data.draw(st.sampled_from(event_ids))
    body = "".join(event(id=json.dumps(eid), category="c") for eid in event_ids)
    first_line = 2 + 4 * event_ids.index(copied)
    text = "events:\n" + body + event(id=json.dumps(copied), category="c", title="Copy")
    chron = load_text(text)
    assert ids(chron) == set(event_ids)
    (problem,) = chron.problems
    assert problem.line == 2 + 4 * len(event_ids)
    assert f"case.yaml:{first_line}" in problem.message
    assert chron.event(copied).title == "A bad event"  # type: ignore[union-attr]
