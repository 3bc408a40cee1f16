"""Imports: the TimelineJS samples, CSV edge cases, TimelineJS JSON and sheet problems, dispatch.

Every problem must name its place: the CSV row's line and the cell's column number, or the
JSON value's line:column and its path (``events[3].start_date.month``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from dashboard.core.loader import Chronology
from dashboard.core.problems import Problem
from dashboard.io.importers import (
    DEFAULT_CATEGORY,
    detect_format,
    event_id,
    import_csv,
    import_json,
    import_timelinejs_json,
    import_timelinejs_sheet,
    load_any,
    slugify,
    split_list,
    whole_cell,
)

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "testdata" / "timelinejs"
if not SAMPLES.exists():  # the tree may be checked out elsewhere
    SAMPLES = Path("/work/shared/testdata/timelinejs")
SAMPLE_JSON = SAMPLES / "women_in_computing.json"
SAMPLE_CSV = SAMPLES / "women_in_computing.csv"
HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def only(chron: Chronology) -> list[str]:
    return [str(p) for p in chron.problems]


def problem_at(chron: Chronology, line: int, column: int | None = None) -> Problem:
    found = [p for p in chron.problems if p.line == line and (column is None or p.column == column)]
    assert found, f"no problem at {line}:{column}; got {only(chron)}"
    return found[0]


# --------------------------------------------------------------------------- the samples


@pytest.fixture(scope="module")
def sample_json() -> Chronology:
    return load_any(SAMPLE_JSON.read_bytes(), file=str(SAMPLE_JSON))


@pytest.fixture(scope="module")
def sample_csv() -> Chronology:
    return load_any(SAMPLE_CSV.read_bytes(), file=str(SAMPLE_CSV))


def test_samples_are_detected() -> None:
    assert detect_format(SAMPLE_JSON.name, SAMPLE_JSON.read_bytes()) == "timelinejs"
    assert detect_format(SAMPLE_CSV.name, SAMPLE_CSV.read_bytes()) == "timelinejs-sheet"


def test_json_sample_imports_every_event(sample_json: Chronology) -> None:
    raw = json.loads(SAMPLE_JSON.read_text(encoding="utf-8"))
    assert sample_json.problems == []
    assert sample_json.skipped == 0
    assert len(sample_json.events) == len(raw["events"]) == 10
    # every slide is an event, with its headline as the title (the title slide is metadata)
    assert sorted(e.title for e in sample_json.events) == sorted(s["text"]["headline"] for s in raw["events"])
    assert sample_json.title == raw["title"]["text"]["headline"] == "Women in Computing"
    assert "we'll walk you through what TimelineJS can do" in sample_json.description
    assert all(e.title != "Women in Computing" for e in sample_json.events)


def test_csv_sample_imports_every_row(sample_csv: Chronology) -> None:
    rows = list(csv.DictReader(io.StringIO(SAMPLE_CSV.read_text(encoding="utf-8"))))
    data_rows = [r for r in rows if r["Type"].strip().lower() != "title"]
    assert sample_csv.problems == []
    assert sample_csv.skipped == 0
    assert len(sample_csv.events) == len(data_rows) == 10
    assert sorted(e.title for e in sample_csv.events) == sorted(r["Headline"] for r in data_rows)
    assert sample_csv.title == "Women in Computing"


def test_samples_give_the_same_events(sample_json: Chronology, sample_csv: Chronology) -> None:
    a = [(e.id, e.date.edtf, e.date.precision, e.title, e.summary, e.image) for e in sample_json.events]
    b = [(e.id, e.date.edtf, e.date.precision, e.title, e.summary, e.image) for e in sample_csv.events]
    assert a == b


@pytest.mark.parametrize("which", ["json", "csv"])
def test_sample_dates_precision_and_text(which: str, sample_json: Chronology, sample_csv: Chronology) -> None:
    chron = sample_json if which == "json" else sample_csv
    by_title = {e.title: e for e in chron.events}
    ada = by_title["Ada Lovelace"]
    assert ada.date.edtf == "1815-12-10/1852-11-27"
    assert ada.date.interval
    assert ada.date.precision == "day"
    assert ada.image is not None
    assert ada.image.url.endswith("Ada_Lovelace_portrait.jpg")
    assert ada.image.caption == "Portrait by Alfred Edward Chalon"
    assert ada.image.credit == "Wikimedia Commons"
    assert "[Ada Lovelace](https://en.wikipedia.org/wiki/Ada_Lovelace)" in ada.summary
    eniac = by_title["...And the women who made it work"]
    assert eniac.date.edtf == "1943-07/1946"
    assert eniac.date.precision == "month"
    assert eniac.date.label == "Jul 1943 - 1946"
    assert "[Jean Bartik talks about the ENIAC women](https://www.youtube.com/watch?v=aPweFhhXFvY)" in eniac.summary
    first = by_title["The First Computer"]
    assert first.date.edtf == "1943-06-05"
    assert first.date.precision == "day"
    rozsa = by_title["Rózsa Péter writes recursion"]
    assert rozsa.date.edtf == "1951"
    assert rozsa.date.precision == "year"
    assert "https://en.wikipedia.org/wiki/Reduction_%28recursion_theory%29" in rozsa.summary
    space = by_title["Contributions to space exploration"]
    assert space.date.edtf == "1956/1962"
    assert space.date.precision == "year"
    edith = by_title["Edith Clarke: Bucking the Trend"]
    assert edith.date.edtf == "1948-03-14"
    assert edith.summary.startswith("> There is no demand for women engineers")  # the quote given as media
    keller = by_title["The First PhD in Computer Science"]
    assert keller.image is not None
    assert keller.image.url.endswith("mary_keller.png")
    assert by_title['"The Mother of the Internet"'].date.edtf == "1985"
    for ev in chron.events:
        assert not HTML_TAG.search(ev.title + ev.summary), ev.id  # HTML never passes through
        assert ev.category == DEFAULT_CATEGORY[0]
    assert chron.categories[DEFAULT_CATEGORY[0]].label == DEFAULT_CATEGORY[1]


# --------------------------------------------------------------------------- ids


def test_generated_ids_are_stable_and_deduplicated() -> None:
    assert slugify("Rózsa Péter writes recursion!") == "rozsa-peter-writes-recursion"
    assert event_id("Ada Lovelace", "1815-12-10/1852-11-27") == "ada-lovelace-1815-12-10"
    assert event_id("Caesar", "-0043-03-15") == "caesar-44bc-03-15"
    assert event_id("A" * 60, "2022") == "a" * 40 + "-2022"
    assert re.fullmatch(r"e[0-9a-f]{8}-2022-02-21", event_id("Война", "2022-02-21"))
    text = "title,date\nSame,2022-01-01\nSame,2022-01-01\nOther,2022\nSame,2022-01-01\n"
    chron = import_csv(text.encode(), file="x.csv")
    assert chron.problems == []
    assert [e.id for e in sorted(chron.events, key=lambda e: e.line)] == [
        "same-2022-01-01",
        "same-2022-01-01-2",
        "other-2022",
        "same-2022-01-01-3",
    ]
    # a written id is never taken by a generated one
    text = "id,title,date\n,Same,2022-01-01\nsame-2022-01-01,Written,2022-01-02\n"
    chron = import_csv(text.encode(), file="x.csv")
    assert chron.problems == []
    assert {e.id: e.title for e in chron.events} == {"same-2022-01-01-2": "Same", "same-2022-01-01": "Written"}


# --------------------------------------------------------------------------- CSV edge cases


def test_csv_quoted_newlines_keep_line_numbers() -> None:
    text = (
        "id,date,title,summary\n"  # 1
        'a,2022-01-01,First,"line one\n'  # 2
        'line two"\n'  # 3
        "b,2022-02-30,Second,x\n"  # 4: bad date
        "c,2022-03-01,Third,\n"  # 5
    )
    chron = import_csv(text.encode(), file="x.csv")
    assert [e.id for e in chron.events] == ["a", "c"]
    assert chron.events[0].summary == "line one\nline two"
    p = problem_at(chron, 4, 2)
    assert "February 2022 has 28 days" in p.message
    assert p.file == "x.csv"
    assert chron.skipped == 1


def test_csv_bom_semicolon_lists_empty_cells_and_text_stays_text() -> None:
    text = (
        "\ufeffTitle,Date,Category,Actors,Tags,Places,Importance,Status,Display Date\n"
        "yes,2022-01-01,NO,Russia; Ukraine ; ;,12:30;null,,,Confirmed,\n"
        "12:30,1066,treaty,a\\;b,,,5,,\n"
    )
    chron = import_csv(text.encode("utf-8"), file="x.csv")
    assert chron.problems == [], only(chron)
    first, second = sorted(chron.events, key=lambda e: e.line)
    assert first.title == "yes"
    assert second.title == "12:30"
    assert first.actors == ["Russia", "Ukraine"]
    assert first.tags == ["12:30", "null"]
    assert first.places == []
    assert first.importance == 3
    assert first.status == "confirmed"
    assert first.display_date is None
    assert second.actors == ["a;b"]
    assert second.importance == 5
    assert second.date.edtf == "1066"
    assert second.date.precision == "year"
    assert chron.categories["no"].label == "NO"  # slug id, label as written


def test_csv_bad_cells_reported_with_row_and_column() -> None:
    text = (
        "id,date,title,category,importance,status,source_url\n"  # 1
        "ok,2022-01-01,Fine,war,3,confirmed,https://example.org\n"  # 2
        "b1,2022-13-01,Bad month,war,,,\n"  # 3
        "b2,2022-01-01,Bad importance,war,high,,\n"  # 4
        "b3,2022-01-01,Bad status,war,,rumour,\n"  # 5
        "b4,2022-01-01,Bad link,war,,,javascript:alert(1)\n"  # 6
        "B 5,2022-01-01,Bad id,war,,,\n"  # 7
        ",,No date,war,,,\n"  # 8
        "b6,2022-01-01,,war,,,\n"  # 9
        "b7,2022-01-01,No category,,,,\n"  # 10
        "b8,2022-10-05/2022-10-01,Backwards,war,,,\n"  # 11
    )
    chron = import_csv(text.encode(), file="x.csv")
    assert [e.id for e in chron.events] == ["ok"]
    assert chron.skipped == 9
    assert "there is no month 13" in problem_at(chron, 3, 2).message
    assert "importance" in problem_at(chron, 4, 5).message
    assert "status" in problem_at(chron, 5, 6).message
    assert "only http and https" in problem_at(chron, 6, 7).message
    assert "invalid id" in problem_at(chron, 7, 1).message
    assert "no date" in problem_at(chron, 8, 1).message
    assert "no title" in problem_at(chron, 9, 1).message
    assert "no category" in problem_at(chron, 10, 1).message
    assert "before the start" in problem_at(chron, 11, 2).message
    assert all(p.hint for p in chron.problems)


# the `order` column (issue 13): the cell rule of `importance`, the range of the format
ORDER_CSV = (
    "id,date,title,order\n"  # 1
    "b,2022-09-30,Second,2\n"  # 2
    "a,2022-09-30,Tenth, 10 \n"  # 3
    "c,2022-09-30,First,1\n"  # 4
    "z,2022-09-30,None,\n"  # 5
    "y,2022-09-29,Day before,999\n"  # 6
)


def test_csv_order_column_sorts_events_of_a_day() -> None:
    chron = import_csv(ORDER_CSV.encode(), file="x.csv")
    assert chron.problems == [], only(chron)
    assert [(e.id, e.order) for e in chron.events] == [("y", 999), ("z", None), ("c", 1), ("b", 2), ("a", 10)]


@pytest.mark.parametrize(
    ("cell", "message", "hint"),
    [
        ("first", "'order' must be a whole number from 1 to 999, got 'first'", "write 1 for the first"),
        ("2.5", "'order' must be a whole number from 1 to 999, got '2.5'", "or leave it empty"),
        ("true", "'order' must be a whole number from 1 to 999, got 'true'", "2 for the next"),
        ("0000000001", "'order' must be a whole number from 1 to 999, got '0000000001'", "write 1"),
        ("0", "'order' must be between 1 and 999, got 0", "write 1 for the first"),
        ("1000", "'order' must be between 1 and 999, got 1000", "or leave order out"),
        ("-3", "'order' must be between 1 and 999, got -3", "write 1 for the first"),
    ],
)
def test_csv_bad_order_reported_at_its_cell(cell: str, message: str, hint: str) -> None:
    text = f"id,date,title,order\nok,2022-01-01,Fine,1\nbad,2022-01-01,Bad,{cell}\n"
    chron = import_csv(text.encode(), file="x.csv")
    assert [e.id for e in chron.events] == ["ok"]
    assert chron.skipped == 1
    (problem,) = chron.problems
    assert problem.message == message
    assert (problem.file, problem.line, problem.column) == ("x.csv", 3, 4)
    assert hint in problem.hint


def test_csv_whole_number_cells() -> None:
    assert [whole_cell(c) for c in ("3", " 12 ", "+4", "-2", "007")] == [3, 12, 4, -2, 7]
    assert [whole_cell(c) for c in ("", "2.5", "1e3", "true", "high", "1 2", "1234567890")] == [None] * 7


def test_csv_start_end_columns_and_sources() -> None:
    text = (
        "title,start,end,source_publisher,source_title,source_url\n"
        "Talks,2022-03-01,2022-03-29,TASS; ,A; B,https://tass.com/1; https://www.example.org/x\n"
        "Open,1985-04,,,,\n"
        "Only end,,1990,,,\n"
    )
    chron = import_csv(text.encode(), file="x.csv")
    talks, opened = chron.events[1], chron.events[0]
    assert talks.date.edtf == "2022-03-01/2022-03-29"
    assert talks.date.interval
    pubs = [(chron.sources[s].publisher, chron.sources[s].title, chron.sources[s].url) for s in talks.sources]
    assert pubs == [("TASS", "A", "https://tass.com/1"), ("example.org", "B", "https://www.example.org/x")]
    assert opened.date.edtf == "1985-04"
    p = problem_at(chron, 4, 3)
    assert "'end' but no 'start'" in p.message
    assert len(chron.events) == 2


def test_csv_header_problems() -> None:
    chron = import_csv(b"name,when\nx,2022\n", file="x.csv")
    assert chron.events == []
    assert chron.skipped == 1
    p = next(p for p in chron.problems if "header has no" in p.message)
    assert (p.line, p.column) == (1, 1)
    assert "no 'title' and no 'date' column" in p.message
    assert "name, when" in p.hint
    text = "title,date,colour,title\nA,2022,red,B\n"
    chron = import_csv(text.encode(), file="x.csv")
    assert [e.title for e in chron.events] == ["A"]
    assert "unknown column 'colour'" in problem_at(chron, 1, 3).message
    assert "appears twice" in problem_at(chron, 1, 4).message
    chron = import_csv(b"title,date\nA,2022,extra\n", file="x.csv")
    assert "beyond the header" in problem_at(chron, 2, 3).message
    assert len(chron.events) == 1
    chron = import_csv(b"", file="x.csv")
    assert "empty" in chron.problems[0].message


def test_csv_computed_columns_of_the_export_are_ignored() -> None:
    text = "id,date,title,label,earliest,latest,precision\na,2022,T,2022,x,y,year\n"
    chron = import_csv(text.encode(), file="x.csv")
    assert chron.problems == []
    assert chron.events[0].date.edtf == "2022"


def test_csv_encoding_delimiter_nul_and_size() -> None:
    chron = import_csv("title,date\nCafé,2022\n".encode("latin-1"), file="x.csv")
    p = problem_at(chron, 2, 4)
    assert "UTF-8" in p.message
    assert chron.events == []
    chron = import_csv(b"title;date;tags\nA;2022-01-01;x\n", file="x.csv")
    assert chron.problems == []
    assert chron.events[0].tags == ["x"]
    chron = import_csv(b"title,date\nA,2022\nB\x00,2022\n", file="x.csv")
    assert [e.title for e in chron.events] == ["A"]
    assert "control character U+0000" in problem_at(chron, 3, 1).message
    chron = load_any(b"title,date\n" + b"x,2022\n" * 100, file="big.csv", max_bytes=100)
    assert chron.events == []
    assert "over the size limit" in chron.problems[0].message


def test_csv_quoted_cells_with_commas_quotes_and_crlf() -> None:
    text = 'title,date,summary\r\n"A, with comma",2022,"He said ""yes"""\r\n'
    chron = import_csv(text.encode(), file="x.csv")
    assert chron.problems == []
    assert chron.events[0].title == "A, with comma"
    assert chron.events[0].summary == 'He said "yes"'


def test_split_list() -> None:
    assert split_list("a; b ;; c") == ["a", "b", "c"]
    assert split_list("a\\;b;c\\\\d") == ["a;b", "c\\d"]
    assert split_list(" ") == []


# --------------------------------------------------------------------------- TimelineJS JSON


def slide(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {"start_date": {"year": "2022"}, "text": {"headline": "H", "text": ""}}
    base.update(fields)
    return base


def tl(*slides: dict[str, object], **top: object) -> bytes:
    return json.dumps({"events": list(slides), **top}, indent=2).encode()


def test_timelinejs_bad_parts_reported_with_json_path_and_position() -> None:
    data = tl(
        slide(),
        slide(start_date={"year": "2022", "month": "13"}),
        slide(start_date={"year": 0}),
        slide(start_date={"month": 3}),
        slide(start_date={"year": "1943", "month": "2", "day": "30"}),
        slide(start_date={"year": "two thousand"}),
        slide(start_date={"year": 2022, "hour": 10}),
    )
    chron = import_timelinejs_json(data, file="t.json")
    assert len(chron.events) == 1
    assert chron.skipped == 6
    messages = [p.message for p in chron.problems]
    assert any(m.startswith("events[1].start_date.month: month 13") for m in messages), messages
    assert any(m.startswith("events[2].start_date.year: TimelineJS has no year 0") for m in messages)
    assert any(m.startswith("events[3].start_date: the year is missing") for m in messages)
    assert any(m.startswith("events[4].start_date:") and "28 days" in m for m in messages)
    assert any(m.startswith("events[5].start_date.year: expected a whole number") for m in messages)
    assert any(m.startswith("events[6].start_date.hour: a time without a day") for m in messages)
    text = data.decode().splitlines()
    for p in chron.problems:
        assert p.line > 0
        assert p.column > 0
        assert p.hint
    month = next(p for p in chron.problems if "month 13" in p.message)
    assert text[month.line - 1][month.column - 1 :].startswith('"13"')


def test_timelinejs_years_are_historical_and_parts_give_precision() -> None:
    data = tl(
        slide(start_date={"year": -44, "month": 3, "day": 15}, text={"headline": "Caesar"}),
        slide(start_date={"year": "-1"}, text={"headline": "One BC"}),
        slide(start_date={"year": "2022", "month": "9"}, end_date={"year": "2022", "month": "10", "day": "5"}),
        slide(start_date={"year": 2022, "month": 9, "day": 21, "hour": 9, "minute": 30}, text={"headline": "Moment"}),
        slide(start_date={"year": 1951.0}, display_date="early 1950s", text={"headline": "Float year"}),
    )
    chron = import_timelinejs_json(data, file="t.json")
    assert chron.problems == [], only(chron)
    by_title = {e.title: e for e in chron.events}
    assert by_title["Caesar"].date.edtf == "-0043-03-15"
    assert by_title["Caesar"].date.label == "15 Mar 44 BC"
    assert by_title["One BC"].date.edtf == "0000"
    assert by_title["One BC"].date.label == "1 BC"
    span = by_title["H"]
    assert span.date.edtf == "2022-09/2022-10-05"
    assert span.date.precision == "month"
    assert by_title["Moment"].date.edtf == "2022-09-21T09:30:00"
    assert by_title["Moment"].date.precision == "moment"
    assert by_title["Float year"].display_date == "early 1950s"


def test_timelinejs_html_groups_media_ids_and_eras() -> None:
    data = tl(
        slide(
            unique_id="My Slide!",
            group="<b>Peace</b> talks",
            text={
                "headline": "<i>Treaty</i> &amp; <script>alert(1)</script>signing",
                "text": '<p>See <a href="https://example.org/a">this</a> and <a href="javascript:alert(1)">that</a>'
                "<br>next <strong>bold</strong> <em>it</em> <img src=x onerror=alert(1)></p>",
            },
            media={"url": "javascript:alert(1)", "caption": "c"},
        ),
        slide(group="Peace talks", media={"url": "https://example.org/p.PNG", "caption": "<b>Cap</b>", "alt": "Alt"}),
        slide(media={"url": '<iframe src="https://www.youtube.com/embed/x"></iframe>'}),
        title={"text": {"headline": "The <b>title</b>", "text": "<p>About</p>"}},
        eras=[{"start_date": {"year": 1939}, "end_date": {"year": 1945}, "text": {"headline": "War"}}],
    )
    chron = import_timelinejs_json(data, file="t.json")
    first = chron.event("my-slide")
    assert first is not None
    assert first.title == "Treaty & signing"
    assert first.summary == "See [this](https://example.org/a) and that\nnext **bold** *it*"
    assert first.category == "peace-talks"
    assert chron.categories["peace-talks"].label == "Peace talks"
    bad_media = [p for p in chron.problems if "only http and https" in p.message]
    assert len(bad_media) == 1
    assert bad_media[0].message.startswith("events[0].media.url")
    second = chron.event("h-2022")
    assert second is not None
    assert second.image is not None
    assert second.image.url == "https://example.org/p.PNG"
    assert (second.image.caption, second.image.alt) == ("Cap", "Alt")
    assert second.category == "peace-talks"
    third = chron.event("h-2022-2")
    assert third is not None
    assert "[embedded content](https://www.youtube.com/embed/x)" in third.summary
    assert chron.title == "The title"
    assert chron.description == "About"  # the eras are periods now, not a list in the description
    [war] = chron.periods
    assert (war.id, war.label, war.date, war.date_label) == ("war-1939", "War", "1939/1945", "1939 - 1945")
    assert len(chron.events) == 3


ERAS_JSON = Path(__file__).parent / "fixtures" / "timelinejs" / "eras.json"  # TimelineJS's own eras example


def test_timelinejs_eras_of_a_real_file_become_periods() -> None:
    chron = load_any(ERAS_JSON.read_bytes(), file=str(ERAS_JSON))
    assert chron.problems == [], only(chron)
    assert len(chron.events) == 20
    assert chron.title == "Eras Test"
    assert "Era Test" not in chron.description  # no longer listed in the description
    assert [(p.label, p.date, p.date_label) for p in chron.periods] == [
        ("Era Test 650-700", "0650/0700", "650 - 700"),
        ("Era Test 600-650", "0600/0650", "600 - 650"),
        ("Era Test 700-720", "0700/0720", "700 - 720"),
    ]  # in the order of the file
    assert [p.id for p in chron.periods] == ["era-test-650-700-0650", "era-test-600-650-0600", "era-test-700-720-0700"]
    assert all(p.color is None and p.description is None for p in chron.periods)


ERAS = [
    {
        "start_date": {"year": -44},
        "end_date": {"year": -31},
        "text": {"headline": "<b>Late</b> Republic", "text": "<p>The <i>end</i>.</p>"},
    },
    {"end_date": {"year": 1950}, "text": {"headline": "No start"}},
    {"start_date": {"year": 1950, "month": 13}, "end_date": {"year": 1960}, "text": {"headline": "Bad month"}},
    {"start_date": {"year": 1960}, "end_date": {"year": 1950}, "text": {"headline": "Backwards"}},
    "not an era",
    {"start_date": {"year": 1990}, "end_date": {"year": 1999}, "text": {"text": "<p>Only a text</p>"}},
    {"unique_id": "Same Era!", "start_date": {"year": 1900}, "end_date": {"year": 1910}, "text": {"headline": "A"}},
    {"unique_id": "same-era", "start_date": {"year": 1900}, "end_date": {"year": 1910}, "text": {"headline": "B"}},
    {"edtf": "1990/..", "start_date": {"year": 1990}, "text": {"headline": "Open"}, "color": "#abc"},
    {"start_date": {"year": 2000}, "end_date": {"year": 2001}, "text": {"headline": "Bad colour"}, "color": "red"},
    {
        "start_date": {"year": 2022, "month": 9, "day": 21, "hour": 9},
        "end_date": {"year": 2022, "month": 9, "day": 23, "hour": 18},
        "text": {"headline": "Times"},
    },
]


def test_timelinejs_eras_become_periods_and_their_problems_name_their_place() -> None:
    data = tl(slide(), eras=ERAS)
    chron = import_timelinejs_json(data, file="t.json")
    assert len(chron.events) == 1  # the slide is kept whatever the eras
    periods = {p.label: p for p in chron.periods}
    assert list(periods) == ["Late Republic", "Only a text", "A", "B", "Open", "Bad colour", "Times"]
    late = periods["Late Republic"]
    assert (late.id, late.date, late.description) == ("late-republic-44bc", "-0043/-0030", "The *end*.")
    assert late.date_label == "44 BC - 31 BC"  # TimelineJS -44 is 44 BC, EDTF -0043
    assert periods["Only a text"].description == "Only a text"
    assert (periods["A"].id, periods["B"].id) == ("same-era", "same-era-2")  # as TimelineJS, every era kept
    assert (periods["Open"].date, periods["Open"].open_end, periods["Open"].color) == ("1990/..", True, "#abc")
    assert periods["Bad colour"].color is None
    assert periods["Times"].date == "2022-09-21/2022-09-23"
    assert (
        periods["Times"].description
        == "Times given in TimelineJS (UTC): from 2022-09-21 09:00:00 to 2022-09-23 18:00:00."
    )
    lines = data.decode().splitlines()
    expected = [  # (line, column, message, what is there)
        (26, 5, "eras[1]: the era has no start_date: not imported", "{"),  # the era
        (37, 18, "eras[2].start_date.month: month 13 is not 1-12", "13"),
        (47, 21, "eras[3]: '1960/1950': the end (1950) is before the start (1960)", "{"),  # its start_date
        (57, 5, "eras[4]: an era must be an object", '"not an era"'),
        (113, 16, "eras[9].color: 'red' is not a CSS hex colour: the era is imported without it", '"red"'),
    ]
    assert [(p.line, p.column, p.message) for p in chron.problems] == [e[:3] for e in expected]
    for line, column, _, there in expected:
        assert lines[line - 1][column - 1 :].startswith(there)


def test_timelinejs_eras_must_be_a_list() -> None:
    chron = import_timelinejs_json(tl(slide(), eras={"a": 1}), file="t.json")
    [problem] = chron.problems
    assert problem.message == "'eras' must be a list"
    assert chron.periods == []
    assert len(chron.events) == 1


def test_timelinejs_structure_problems() -> None:
    chron = import_timelinejs_json(b'{"events": [1, {"text": {"headline": "x"}}]}', file="t.json")
    assert chron.events == []
    assert chron.skipped == 2
    assert any("a slide must be an object" in p.message for p in chron.problems)
    assert any("no start_date" in p.message for p in chron.problems)
    chron = import_timelinejs_json(
        b'{"events": [\n  {"start_date": {"year": 2022}, "text": {"headline": "a", "headline": "b"}}]}', file="t.json"
    )
    assert chron.events == []
    assert "duplicate key 'headline'" in problem_at(chron, 2).message
    chron = import_timelinejs_json(b'{"events": [}', file="t.json")
    assert chron.events == []
    assert problem_at(chron, 1, 13).message.startswith("invalid JSON")
    chron = import_timelinejs_json(b'{"title": {}}', file="t.json")
    assert "events" in chron.problems[0].message
    chron = import_timelinejs_json(b"[" * 100 + b"]" * 100, file="t.json")
    assert "deeper" in chron.problems[0].message
    chron = import_timelinejs_json(
        b'{"events": [{"start_date": {"year": 2022}, "text": {"headline": true}}]}', file="t.json"
    )
    assert "events[0].text.headline: expected text, got a boolean" in chron.problems[0].message


def test_slide_without_headline_gets_a_title_from_its_text() -> None:
    chron = import_timelinejs_json(tl(slide(text={"text": "<p>Something happened here.</p>"})), file="t.json")
    assert chron.problems == []
    assert chron.events[0].title == "Something happened here."


# ------------------------------------------------------------------- TimelineJS's own examples (issue 12, point 4)
# Each case reproduces, in our own words and values, something TimelineJS's example files do.


def messages(chron: Chronology) -> list[str]:
    return [f"{p.message} -- {p.hint}" for p in chron.problems]


@pytest.mark.parametrize(
    ("media", "image", "summary_has"),
    [
        # an image by a protocol-relative link (as in the user-interface and Houston examples)
        (
            {"url": "//upload.example.org/pics/loom.jpg", "caption": "A loom"},
            "https://upload.example.org/pics/loom.jpg",
            "",
        ),
        ({"url": "  //upload.example.org/pics/mouse.PNG "}, "https://upload.example.org/pics/mouse.PNG", ""),
        # another kind of media by a protocol-relative link: a link in the summary
        (
            {"url": "//video.example.org/watch/42", "caption": "Talk"},
            None,
            "[Talk](https://video.example.org/watch/42)",
        ),
        # a protocol-relative thumbnail of other media
        (
            {"url": "https://video.example.org/watch/7", "thumbnail": "//img.example.org/t.jpg"},
            "https://img.example.org/t.jpg",
            "(https://video.example.org/watch/7)",
        ),
        # protocol-relative links inside HTML (credit, an embed)
        (
            {"url": "https://x.example.org/a.jpg", "credit": '<a href="//people.example.org/ann">Ann</a>'},
            "https://x.example.org/a.jpg",
            "Credit: [Ann](https://people.example.org/ann)",
        ),
        ({"url": '<iframe src="//embed.example.org/v/1"></iframe>'}, None, "(https://embed.example.org/v/1)"),
    ],
)
def test_protocol_relative_links_become_https(media: dict[str, str], image: str | None, summary_has: str) -> None:
    chron = import_timelinejs_json(tl(slide(media=media)), file="t.json")
    assert chron.problems == [], only(chron)
    (event,) = chron.events
    assert (event.image.url if event.image else None) == image
    assert summary_has in event.summary
    assert "//" not in event.summary.replace("https://", "")


def test_protocol_relative_link_in_text_becomes_https() -> None:
    text = {"headline": "H", "text": "<p>See <a href='//docs.example.org/a?b=1&amp;c=2'>the notes</a>.</p>"}
    chron = import_timelinejs_json(tl(slide(text=text)), file="t.json")
    assert chron.problems == []
    assert chron.events[0].summary == "See [the notes](https://docs.example.org/a?b=1&c=2)."


@pytest.mark.parametrize(
    ("key", "path"),
    [
        ("url", "./media/harbour.jpg"),
        ("url", "/static/img/harbour.jpg"),
        ("url", "media/harbour.jpg"),
        ("url", "harbour.jpg"),
        ("thumbnail", "../thumbs/harbour.jpg"),
    ],
)
def test_relative_media_path_is_a_problem_with_a_hint(key: str, path: str) -> None:
    media = {key: path, "caption": "The harbour"}
    if key == "thumbnail":
        media["url"] = "https://video.example.org/watch/9"
    data = tl(slide(text={"headline": "Harbour"}, media=media))
    chron = import_timelinejs_json(data, file="t.json")
    assert len(chron.events) == 1  # the slide is kept, without its media
    event = chron.events[0]
    assert event.image is None
    assert path not in event.summary  # never silently turned into text
    (problem,) = chron.problems
    assert problem.message.startswith(f"events[0].media.{key}: {path!r} is a relative path")
    assert "--base-url" in problem.hint
    line = data.decode().splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith(json.dumps(path))


@pytest.mark.parametrize(
    ("base", "path", "expected"),
    [
        ("https://example.org/tl/data.json", "./media/harbour.jpg", "https://example.org/tl/media/harbour.jpg"),
        ("https://example.org/tl/", "media/harbour.jpg", "https://example.org/tl/media/harbour.jpg"),
        ("https://example.org/tl/", "/static/harbour.jpg", "https://example.org/static/harbour.jpg"),
        ("http://example.org/a/b/", "../harbour.png", "http://example.org/a/harbour.png"),
        ("http://example.org/", "//cdn.example.net/h.jpg", "https://cdn.example.net/h.jpg"),  # always https
    ],
)
def test_base_url_resolves_relative_media(base: str, path: str, expected: str) -> None:
    data = tl(slide(media={"url": path}, text={"headline": "H", "text": '<a href="notes.html">notes</a>'}))
    chron = import_timelinejs_json(data, file="t.json", base_url=base)
    assert chron.problems == [], only(chron)
    event = chron.events[0]
    assert event.image is not None
    assert event.image.url == expected
    assert "notes.html)" in event.summary  # links in the text are resolved the same way
    chron = load_any(data, file="t.json", base_url=base)
    assert chron.events[0].image is not None
    assert chron.events[0].image.url == expected


def test_base_url_must_be_http() -> None:
    for base in ("ftp://example.org/", "example.org/tl/", "javascript:alert(1)//"):
        with pytest.raises(ValueError, match="http or https"):
            import_timelinejs_json(tl(slide()), file="t.json", base_url=base)
        with pytest.raises(ValueError, match="http or https"):
            load_any(tl(slide()), file="t.json", base_url=base)
    # a link with another scheme stays refused whatever the base
    data = tl(slide(media={"url": "data:image/png;base64,AAAA"}))
    chron = import_timelinejs_json(data, file="t.json", base_url="https://example.org/")
    assert chron.events[0].image is None
    assert "only http and https" in chron.problems[0].message


@pytest.mark.parametrize(
    ("text", "media", "title"),
    [
        # as the Mark Twain example: no headline, no text, a tweet with a caption
        ({"headline": "", "text": ""}, {"url": "https://social.example.org/status/1", "caption": "a post"}, "a post"),
        ({}, {"url": "https://video.example.org/w/2", "caption": "<b>Bold</b> [caption]"}, "Bold [caption]"),
        (
            {"text": "<p>The <a href='https://e.example.org'>harbour</a> &amp; the town.</p>"},
            {"url": "https://video.example.org/w/3"},
            "The harbour & the town.",
        ),
        ({"text": "<p>" + "word " * 40 + "</p>"}, {}, "word " * 15 + "word…"),
        ({}, {"url": "https://video.example.org/w/4", "credit": "<a href='https://c.example.org'>Cam</a>"}, "Cam"),
        ({}, {"url": "https://x.example.org/p.jpg", "alt": "A pier"}, "A pier"),
        ({}, {"url": "<blockquote>To be <i>or</i> not</blockquote>", "credit": "W. S."}, "To be or not"),
        ({}, {"url": "https://video.example.org/w/5"}, "Untitled"),
    ],
)
def test_slide_without_headline_gets_a_plain_title(text: dict[str, str], media: dict[str, str], title: str) -> None:
    chron = import_timelinejs_json(tl(slide(text=text, media=media)), file="t.json")
    assert chron.problems == [], only(chron)
    event = chron.events[0]
    assert event.title == title
    assert "](" not in event.title
    assert not HTML_TAG.search(event.title)


def test_title_slide_without_headline_titles_the_chronology_by_its_text() -> None:
    title = {"text": {"text": "<p>Samuel Clemens, better known as <i>Mark Twain</i>.</p>"}}
    chron = import_timelinejs_json(tl(slide(), title=title), file="twain.json")
    assert chron.title == "Samuel Clemens, better known as Mark Twain."


def test_milliseconds_are_reported() -> None:
    # five moments of one second, told apart only by their milliseconds
    slides = [
        slide(
            start_date={"year": 2022, "month": 9, "day": 21, "hour": 9, "minute": 0, "second": 5, "millisecond": ms},
            text={"headline": f"Lap {i}"},
        )
        for i, ms in enumerate(("100", 250, "400", "550", "999"), start=1)
    ]
    chron = import_timelinejs_json(tl(*slides), file="t.json")
    assert len(chron.events) == 5  # every slide is imported
    dates = {e.date.edtf for e in chron.events}
    reported = [p for p in chron.problems if "millisecond" in p.message]
    # the format's times are whole seconds: reported, once per slide, at the millisecond value
    assert dates == {"2022-09-21T09:00:05"}
    assert len(reported) == 5
    assert all(p.message.startswith(f"events[{i}].start_date.millisecond: ") for i, p in enumerate(reported))
    assert all(p.line and p.column and p.hint for p in reported)
    # no millisecond, or 0: nothing to say, and no time made up
    plain = import_timelinejs_json(
        tl(slide(start_date={"year": 2022, "month": 1, "day": 2, "millisecond": 0})), file="t"
    )
    assert plain.problems == []
    assert plain.events[0].date.edtf == "2022-01-02"


@pytest.mark.parametrize(
    ("year", "shown"),
    [
        ("-13800000000", "-13800000000"),  # the cosmological examples write years as text...
        (-4600000000, "-4600000000"),  # ...or as numbers
        ("-540000000", "-540000000"),
        (-300000, "-300000"),
        ("10000", "10000"),
        (-10001, "-10001"),
        ("99999999999999999999999", "99999999999999999999999"),
    ],
)
def test_years_beyond_the_range_are_out_of_range(year: object, shown: str) -> None:
    data = tl(slide(), slide(start_date={"year": year}, text={"headline": "Far"}))
    chron = import_timelinejs_json(data, file="t.json")
    assert [e.title for e in chron.events] == ["H"]
    assert chron.skipped == 1
    (problem,) = chron.problems
    assert problem.message.startswith(f"events[1].start_date.year: year {shown} is out of range")
    assert "expected a whole number" not in problem.message
    assert "cosmological" in problem.hint
    line = data.decode().splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith(json.dumps(year))


def test_years_at_the_ends_of_the_range() -> None:
    data = tl(slide(start_date={"year": -10000}, text={"headline": "First"}), slide(start_date={"year": "9999"}))
    chron = import_timelinejs_json(data, file="t.json")
    assert chron.problems == [], only(chron)
    assert sorted(e.date.edtf for e in chron.events) == ["-9999", "9999"]


def test_end_date_equal_to_the_start_is_dropped() -> None:
    data = tl(slide(start_date={"year": "1950", "month": "5"}, end_date={"year": 1950, "month": 5}))
    chron = import_timelinejs_json(data, file="t.json")
    assert chron.problems == []
    assert chron.events[0].date.edtf == "1950-05"
    assert not chron.events[0].date.interval


def test_interval_with_times_is_imported() -> None:
    start = {"year": "1920", "month": "01", "day": "05", "hour": "6", "minute": "45", "second": "56"}
    end = {**start, "year": "1923"}
    chron = import_timelinejs_json(tl(slide(start_date=start, end_date=end)), file="t.json")
    assert chron.problems == [], only(chron)
    (event,) = chron.events
    # EDTF intervals run from day to day: the times are kept in the notes
    assert event.date.edtf == "1920-01-05/1923-01-05"
    assert "1920-01-05 06:45:56" in event.notes
    assert "1923-01-05 06:45:56" in event.notes


def test_timelinejs_2_files() -> None:
    doc = {
        "timeline": {
            "headline": "A life<br/> 1900-1980",
            "type": "default",
            "text": "<p>About a life.</p>",
            "startDate": "1900",
            "asset": {"media": "//img.example.org/portrait.jpg", "credit": "", "caption": ""},
            "date": [
                {"startDate": "1900,3,4", "headline": "Born", "tag": "Family", "asset": {"media": "", "caption": ""}},
                {"startDate": "1920", "endDate": "1925,6,1", "headline": "Studies", "text": "At <b>school</b>"},
                {"startDate": "1930,7", "headline": "Photo", "asset": {"media": "//img.example.org/p.jpg"}},
                {"startDate": "2012-01-10", "headline": "Iso"},
                {"startDate": "7/4/1950", "headline": "Slashes"},
                {"startDate": "not a date", "headline": "Bad"},
            ],
            "era": [{"startDate": "1900", "endDate": "1950", "headline": "First half"}],
        }
    }
    data = json.dumps(doc, indent=1).encode()
    assert detect_format("t.json", data) == "timelinejs"
    for chron in (import_timelinejs_json(data, file="t.json"), import_json(data, file="t.json")):
        by_title = {e.title: e for e in chron.events}
        assert set(by_title) == {"Born", "Studies", "Photo", "Iso", "Slashes"}
        assert by_title["Born"].date.edtf == "1900-03-04"
        assert by_title["Born"].category == "family"
        assert by_title["Studies"].date.edtf == "1920/1925-06-01"
        assert by_title["Studies"].summary == "At **school**"
        assert by_title["Photo"].date.edtf == "1930-07"
        assert by_title["Photo"].image is not None
        assert by_title["Photo"].image.url == "https://img.example.org/p.jpg"
        assert by_title["Iso"].date.edtf == "2012-01-10"
        assert by_title["Slashes"].date.edtf == "1950-07-04"
        assert chron.title == "A life 1900-1980"
        assert "About a life." in chron.description
        assert "First half" not in chron.description
        assert [(p.label, p.date) for p in chron.periods] == [("First half", "1900/1950")]
        (problem,) = chron.problems
        assert problem.message.startswith("timeline.date[5].startDate: 'not a date' is not a date")
        assert problem.line > 0


def test_repeated_unique_ids_keep_every_slide() -> None:
    # TimelineJS makes a repeated unique_id unique and shows every slide
    data = tl(
        slide(unique_id="launch", text={"headline": "A"}),
        slide(unique_id="launch", text={"headline": "B"}),
        slide(unique_id="Launch 2", text={"headline": "C"}),
        slide(unique_id="launch-2", text={"headline": "D"}),
    )
    chron = import_timelinejs_json(data, file="t.json")
    assert chron.problems == [], only(chron)
    assert {e.title: e.id for e in chron.events} == {"A": "launch", "B": "launch-3", "C": "launch-2", "D": "launch-2-2"}


def test_media_link_is_kept_and_checked() -> None:
    media = {"url": "https://x.example.org/a.jpg", "link": "//shop.example.org/a", "link_target": "_blank"}
    chron = import_timelinejs_json(tl(slide(media=media)), file="t.json")
    assert chron.problems == []
    assert "Media link: [shop.example.org](https://shop.example.org/a)" in chron.events[0].summary
    chron = import_timelinejs_json(tl(slide(media={**media, "link": "javascript:alert(1)"})), file="t.json")
    assert "javascript" not in chron.events[0].summary
    assert chron.problems[0].message.startswith("events[0].media.link: only http and https")


def test_first_timelinejs_3_files_wrap_slides() -> None:
    doc = {"timeline": {"slides": [slide(text={"headline": "One"}), slide(text={"headline": "Two"})]}}
    chron = load_any(json.dumps(doc).encode(), file="welcome.json")
    assert chron.problems == [], only(chron)
    assert sorted(e.title for e in chron.events) == ["One", "Two"]


# --------------------------------------------------------------------------- TimelineJS sheet


SHEET_HEAD = (
    "Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
    "Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n"
)


def test_sheet_partial_dates_time_eras_and_problems() -> None:
    text = SHEET_HEAD + (
        ",,,,,,,,,The title,<p>Intro</p>,,,,,title,,\n"  # 2
        "1990,5,,,,,,,,Month only,,,,,,,G1,\n"  # 3
        "1990,,,,,,,,,Year only,,,,,,,G1,\n"  # 4
        "1990,5,17,9:30 PM,,,,,,With time,,,,,,,,\n"  # 5
        "1990,13,,,,,,,,Bad month,,,,,,,,\n"  # 6
        "1980,,,,1989,,,,The eighties,An era,,,,,,era,,\n"  # 7
        ",,,,,,,,,Second title,,,,,,title,,\n"  # 8
        "-44,3,15,,,,,,,Caesar,,,,,,,,\n"  # 9
        "2000,1,1,25:00,,,,,,Bad time,,,,,,,,\n"  # 10
    )
    chron = import_timelinejs_sheet(text.encode(), file="s.csv")
    by_title = {e.title: e for e in chron.events}
    assert set(by_title) == {"Month only", "Year only", "With time", "Caesar"}
    assert by_title["Month only"].date.edtf == "1990-05"
    assert by_title["Month only"].date.precision == "month"
    assert by_title["Year only"].date.edtf == "1990"
    assert by_title["Year only"].date.precision == "year"
    assert by_title["With time"].date.edtf == "1990-05-17T21:30:00"
    assert by_title["Caesar"].date.edtf == "-0043-03-15"
    assert chron.categories["g1"].label == "G1"
    assert chron.title == "The title"
    assert "Intro" in chron.description
    assert "An era" not in chron.description
    [era] = chron.periods
    assert (era.id, era.label, era.date) == ("an-era-1980", "An era", "1980/1989")
    assert "column 'Month'" in problem_at(chron, 6, 2).message
    assert "second title row" in problem_at(chron, 8, 1).message
    assert "not a time" in problem_at(chron, 10, 4).message
    assert chron.skipped == 3


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        ("2022,9,21,0930", "2022-09-21T09:30:00"),
        ("2022,9,21,9.30 pm", "2022-09-21T21:30:00"),
        ("2022,9,21,12:05 a.m.", "2022-09-21T00:05:00"),
        ("2022,9,21,21:05:07", "2022-09-21T21:05:07"),
        ('"1,815",12,10,', "1815-12-10"),  # the sheet's numbers may have thousands separators
    ],
)
def test_sheet_times_and_numbers_as_timelinejs_reads_them(cells: str, expected: str) -> None:
    text = SHEET_HEAD + cells + ",,,,,,Moment,,,,,,,,\n"
    chron = import_timelinejs_sheet(text.encode(), file="s.csv")
    assert chron.problems == [], only(chron)
    assert chron.events[0].date.edtf == expected


def test_sheet_milliseconds_are_reported() -> None:
    rows = "".join(
        f'2022,9,21,"09:00:05{frac}",,,,,,Lap {i},,,,,,,,\n' for i, frac in enumerate((".1", ".25", ",4", ":550"))
    )
    chron = import_timelinejs_sheet((SHEET_HEAD + rows).encode(), file="s.csv")
    assert len(chron.events) == 4
    assert {e.date.edtf for e in chron.events} == {"2022-09-21T09:00:05"}
    reported = [p for p in chron.problems if "milliseconds" in p.message]
    assert [(p.line, p.column) for p in reported] == [(2, 4), (3, 4), (4, 4), (5, 4)]
    assert [p.message.split(" milliseconds")[0] for p in reported] == [
        "column 'Time': 100",
        "column 'Time': 250",
        "column 'Time': 400",
        "column 'Time': 550",
    ]


def test_sheet_out_of_range_links_and_titles() -> None:
    text = SHEET_HEAD + (
        '"-13,800,000,000",,,,,,,,,Big Bang,,,,,,,,\n'  # 2
        "1900,,,,,,,,,Loom,,//upload.example.org/loom.jpg,,,,,,\n"  # 3
        "1901,,,,,,,,,Harbour,,./media/harbour.jpg,,,,,,\n"  # 4
        "1902,,,,,,,,,,,https://social.example.org/status/3,,a post,,,,\n"  # 5
    )
    chron = import_timelinejs_sheet(text.encode(), file="s.csv")
    by_title = {e.title: e for e in chron.events}
    assert set(by_title) == {"Loom", "Harbour", "a post"}
    far = problem_at(chron, 2, 1)
    assert far.message.startswith("column 'Year': year -13800000000 is out of range")
    assert by_title["Loom"].image is not None
    assert by_title["Loom"].image.url == "https://upload.example.org/loom.jpg"
    relative = problem_at(chron, 4, 12)
    assert relative.message.startswith("column 'Media': './media/harbour.jpg' is a relative path")
    assert "--base-url" in relative.hint
    assert by_title["Harbour"].image is None
    assert "harbour.jpg" not in by_title["Harbour"].summary
    assert len(chron.problems) == 2
    chron = import_timelinejs_sheet(text.encode(), file="s.csv", base_url="https://example.org/tl/")
    harbour = next(e for e in chron.events if e.title == "Harbour")
    assert harbour.image is not None
    assert harbour.image.url == "https://example.org/tl/media/harbour.jpg"


def test_first_sheet_template_start_date_and_tag() -> None:
    text = (
        "Start Date,End Date,Headline,Text,Media,Media Credit,Media Caption,Media Thumbnail,Type,Tag\n"
        ",,The title,Intro,,,,,title,\n"
        "2012-01-10,,Iso,,,,,,,Politics\n"
        "3/23/2011 10:30,,Slashes,,,,,,,\n"
        "1963,1965,Span,,,,,,,\n"
        "someday,,Bad,,,,,,,\n"
    )
    assert detect_format("v1.csv", text.encode()) == "timelinejs-sheet"
    chron = load_any(text.encode(), file="v1.csv")
    assert chron.title == "The title"
    assert {e.title: e.date.edtf for e in chron.events} == {
        "Iso": "2012-01-10",
        "Slashes": "2011-03-23T10:30:00",
        "Span": "1963/1965",
    }
    assert next(e for e in chron.events if e.title == "Iso").category == "politics"
    assert "column 'Start Date': 'someday' is not a date" in problem_at(chron, 6, 1).message


def test_sheet_requires_its_header() -> None:
    chron = import_timelinejs_sheet(b"title,date\nA,2022\n", file="s.csv")
    assert chron.events == []
    assert "not the TimelineJS sheet template" in chron.problems[0].message


# --------------------------------------------------------------------------- dispatch


def test_detect_and_load_any() -> None:
    assert detect_format("a.yml", b"") == "yaml"
    assert detect_format("a.json", b'{"events": [{"id": "x"}]}') == "json"
    assert detect_format("a.json", b'{"events": [{"start_date": {}}]}') == "timelinejs"
    assert detect_format("a.csv", b"title,date\n") == "csv"
    assert detect_format("upload", b"\xef\xbb\xbfYear,Month,Headline\n") == "timelinejs-sheet"
    assert detect_format("upload", b"title,date\n") == "csv"
    assert detect_format("upload", b'  {"events": []}') == "json"
    assert detect_format("upload", b"events: []\n") == "yaml"
    chron = load_any(b"events:\n  - {id: a, date: 2022, title: yes, category: c}\n", file="x.yaml")
    assert "expected text, got a boolean" in chron.problems[0].message
    chron = load_any(b'{"events": [{"id": "a", "date": 1066, "title": "T", "category": "c"}]}', file="x.json")
    assert chron.problems == []
    assert chron.events[0].date.edtf == "1066"
    chron = import_json(b'{"events": [\n {"id": "a", "date": "2022", "title": true, "category": "c"}]}', file="x.json")
    p = problem_at(chron, 2, 39)
    assert p.message == "'title' expected text, got a boolean"
    assert "YAML" not in p.hint
    assert "double quotes" in p.hint
    with pytest.raises(ValueError, match="unknown import format"):
        load_any(b"", file="x", fmt="pdf")
