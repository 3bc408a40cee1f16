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

from dashboard.importers import (
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
)
from dashboard.loader import Chronology
from dashboard.problems import Problem

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
    assert "month 13" in problem_at(chron, 3, 2).message or "13" in problem_at(chron, 3, 2).message
    assert "importance" in problem_at(chron, 4, 5).message
    assert "status" in problem_at(chron, 5, 6).message
    assert "only http and https" in problem_at(chron, 6, 7).message
    assert "invalid id" in problem_at(chron, 7, 1).message
    assert "no date" in problem_at(chron, 8, 1).message
    assert "no title" in problem_at(chron, 9, 1).message
    assert "no category" in problem_at(chron, 10, 1).message
    assert "before the start" in problem_at(chron, 11, 2).message
    assert all(p.hint for p in chron.problems)


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
    assert chron.description.startswith("About")
    assert "**Eras**" in chron.description
    assert "- 1939 - 1945: War" in chron.description
    assert len(chron.events) == 3


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
    assert "An era" in chron.description
    assert "column 'Month'" in problem_at(chron, 6, 2).message
    assert "second title row" in problem_at(chron, 8, 1).message
    assert "not a time" in problem_at(chron, 10, 4).message
    assert chron.skipped == 3


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
