"""Exports: round trips (hypothesis), iCalendar, TimelineJS and the offline HTML page.

The round-trip property: a checked chronology -> each format that can carry it -> imported
again gives the same events (ids, EDTF dates, bounds, precision, and every field the format
carries).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import icalendar
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashboard.core.dates import civil_from_days
from dashboard.core.frame import to_frame
from dashboard.core.loader import Chronology, Event, Period, load_bytes, load_data, load_path
from dashboard.core.query import FilterState, apply_filters
from dashboard.core.safetext import html_text
from dashboard.io.exporters import (
    CSV_HEADER,
    EXPORT_FORMATS,
    export,
    export_basename,
    file_name,
    render,
    select_events,
    to_document,
)
from dashboard.io.importers import detect_format, import_csv, import_json, import_timelinejs_json, load_any

ROOT = Path(__file__).resolve().parents[1]
CHRON = load_path(ROOT / "events.yaml")
VALID = load_path(Path(__file__).parent / "fixtures" / "valid.yaml")
NOW = dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)

# --------------------------------------------------------------------------- strategies

# Text as people write it, with the traps: YAML words, numbers, markup, quotes, formulas.
TRAPS = [
    "yes", "NO", "null", "~", "12:30", "1066", "0x1F", "-1", "+1", "=1+2", "@sum", "'=x", "''",
    "<b>bold</b>", "<script>alert(1)</script>", "&amp;", "a; b", "back\\slash", "[x](javascript:y)",
    "*star*", "# hash", "- dash", "'single'", '"double"', "tab\there", "café", "日本語", "emoji 🎉",
]  # fmt: skip
CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp", "Cf"))
WORDS = st.one_of(st.sampled_from(TRAPS), st.text(CHARS, min_size=1, max_size=20))


def line_text() -> st.SearchStrategy[str]:
    """One line of text, trimmed, single spaces (as a title or an actor)."""
    return st.lists(WORDS, min_size=1, max_size=4).map(lambda ws: " ".join(" ".join(ws).split())).filter(bool)


def block_text() -> st.SearchStrategy[str]:
    """Markdown-ish text with line breaks, trimmed."""
    return (
        st.lists(st.one_of(WORDS, st.just("\n"), st.just("\n\n")), min_size=1, max_size=8)
        .map(lambda ws: "\n".join(line.strip() for line in " ".join(ws).split("\n")).strip())
        .filter(bool)
    )


DAY = st.builds(
    lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}" if y >= 0 else f"-{-y:04d}-{m:02d}-{d:02d}",
    st.integers(-2000, 2100),
    st.integers(1, 12),
    st.integers(1, 28),
)
MONTH = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1, 2100), st.integers(1, 12))
YEAR = st.integers(1, 2100).map(lambda y: f"{y:04d}")
MOMENT = st.builds(
    lambda d, h, mi, s, z: f"{d}T{h:02d}:{mi:02d}:{s:02d}{z}",
    DAY.filter(lambda d: not d.startswith("-")),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
    st.sampled_from(["Z", "+03:00", "-05:30"]),
)
SIMPLE = st.one_of(DAY, MONTH, YEAR, MOMENT)


def _interval(a: str, b: str) -> str:
    return f"{min(a, b)}/{max(a, b)}" if not (a.startswith("-") or b.startswith("-")) else f"{a}/{a}"


DATES = st.one_of(
    SIMPLE,
    st.builds(_interval, st.one_of(DAY, MONTH, YEAR), st.one_of(DAY, MONTH, YEAR)),
    st.builds(lambda d, q: d + q, st.one_of(DAY, MONTH, YEAR), st.sampled_from(["~", "?", "%"])),
    st.sampled_from(["2022-21", "2022-24", "202X", "19XX", "1985-04/..", "../1985", "1985/", "-0043-03-15"]),
)
IDS = st.from_regex(r"[a-z0-9][a-z0-9-]{0,15}", fullmatch=True)
URL = st.builds(lambda p: f"https://example.org/{p}", st.from_regex(r"[a-z0-9_%()-]{0,12}", fullmatch=True))
CATEGORIES = {"war": "War", "peace": "Peace; talks", "yes": "Yes", "c-2022": "2022"}


@st.composite
def periods(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A ``periods:`` block: any date an event may have, text with the traps, colours of both sizes."""
    out: list[dict[str, Any]] = []
    for pid in draw(st.lists(IDS, min_size=1, max_size=3, unique=True)):
        period: dict[str, Any] = {"id": pid, "label": draw(line_text()), "date": draw(DATES)}
        color = draw(st.sampled_from([None, "#abc", "#4C78A8"]))
        if color:
            period["color"] = color
        if draw(st.booleans()):
            period["description"] = draw(block_text())
        out.append(period)
    return out


@st.composite
def chronologies(draw: st.DrawFn, *, max_events: int = 6) -> Chronology:
    ids = draw(st.lists(IDS, min_size=1, max_size=max_events, unique=True))
    registry = {"src-a": {"publisher": "Example Press", "title": "A title: yes", "url": "https://example.org/a"}}
    events: list[dict[str, Any]] = []
    for eid in ids:
        ev: dict[str, Any] = {
            "id": eid,
            "date": draw(DATES),
            "title": draw(line_text()),
            "category": draw(st.sampled_from(sorted(CATEGORIES))),
        }
        if draw(st.booleans()):
            ev["summary"] = draw(block_text())
        if draw(st.booleans()):
            ev["notes"] = draw(block_text())
        for name in ("actors", "places", "tags"):
            if draw(st.booleans()):
                ev[name] = draw(st.lists(line_text(), min_size=1, max_size=3))
        if draw(st.booleans()):
            ev["importance"] = draw(st.integers(1, 5))
        if draw(st.booleans()):
            ev["status"] = draw(st.sampled_from(["confirmed", "reported", "disputed"]))
        if draw(st.booleans()):
            ev["order"] = draw(st.sampled_from([1, 2, 10, 999]))  # 10 after 2: a number, not text
        if draw(st.booleans()):
            ev["display_date"] = draw(line_text())
        sources: list[Any] = []
        if draw(st.booleans()):
            sources.append("src-a")
        if draw(st.booleans()):
            inline: dict[str, Any] = {"publisher": draw(line_text())}
            if draw(st.booleans()):
                inline["url"] = draw(URL)
            if draw(st.booleans()):
                inline["title"] = draw(line_text())
            if draw(st.booleans()):
                inline["date"] = draw(DAY)
            sources.append(inline)
        if sources:
            ev["sources"] = sources
        if draw(st.booleans()):
            ev["related"] = draw(st.lists(st.sampled_from(ids), max_size=2, unique=True))
        if draw(st.booleans()):
            image: dict[str, Any] = {"url": draw(URL) + ".png"}
            for name in ("caption", "credit", "alt"):
                if draw(st.booleans()):
                    image[name] = draw(line_text())
            ev["image"] = image
        events.append(ev)
    doc: dict[str, Any] = {
        "title": draw(line_text()),
        "categories": {k: {"label": v} for k, v in CATEGORIES.items()},
        "sources": registry,
        "events": events,
    }
    if draw(st.booleans()):
        doc["description"] = draw(block_text())
    if draw(st.booleans()):
        doc["stories"] = [{"id": "tour", "title": "A tour", "steps": [{"event": ids[0], "note": "First."}]}]
    if draw(st.booleans()):
        doc["periods"] = draw(periods())
    chron = load_data(doc)
    assume(not chron.problems)
    return chron


# --------------------------------------------------------------------------- comparisons


def dates(chron: Chronology) -> list[tuple[Any, ...]]:
    return [(e.id, e.date.edtf, e.date.earliest, e.date.latest, e.date.precision) for e in chron.events]


def sources_of(chron: Chronology, ev: Event) -> list[tuple[Any, ...]]:
    return [
        (s.publisher, s.title, s.url, s.date)
        for s in (chron.sources[sid] for sid in ev.sources if sid in chron.sources)
    ]


def fields(chron: Chronology, ev: Event) -> tuple[Any, ...]:
    cat = chron.categories[ev.category]
    return (
        ev.id, ev.date.edtf, ev.title, cat.label, ev.summary, ev.notes, ev.actors, ev.places, ev.tags,
        ev.importance, ev.order, ev.status, ev.display_date, ev.related, ev.image, sources_of(chron, ev),
    )  # fmt: skip


def period_fields(p: Period) -> tuple[Any, ...]:
    """What every export of periods keeps (the description may change its Markdown through HTML)."""
    return p.id, p.label, p.date, p.earliest_ms, p.latest_ms, p.open_start, p.open_end, p.color


def assert_same_events(a: Chronology, b: Chronology) -> None:
    assert dates(a) == dates(b)
    assert [fields(a, e) for e in a.events] == [fields(b, e) for e in b.events]


# --------------------------------------------------------------------------- round trips


@given(chronologies())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_yaml_round_trip(chron: Chronology) -> None:
    data = export(chron, None, "yaml")
    back = load_bytes(data, file="x.yaml")
    assert back.problems == []
    assert_same_events(chron, back)
    # the exact document: same source ids, categories (order, labels), stories, title
    assert [e.sources for e in back.events] == [e.sources for e in chron.events]
    assert back.categories == chron.categories
    assert back.stories == chron.stories
    assert back.periods == chron.periods
    assert (back.title, back.description) == (chron.title, chron.description)


@given(chronologies())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_json_round_trip(chron: Chronology) -> None:
    data = export(chron, None, "json")
    assert detect_format("x.json", data) == "json"
    back = import_json(data, file="x.json")
    assert back.problems == []
    assert_same_events(chron, back)
    assert [e.sources for e in back.events] == [e.sources for e in chron.events]
    assert back.stories == chron.stories
    assert back.periods == chron.periods


@given(chronologies())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_csv_round_trip(chron: Chronology) -> None:
    data = export(chron, None, "csv")
    assert detect_format("x.csv", data) == "csv"
    back = import_csv(data, file="x.csv")
    assert back.problems == []
    # CSV carries every event field; sources come back inline (ids <event>--<n>), with their content
    assert_same_events(chron, back)


@given(chronologies())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_timelinejs_round_trip(chron: Chronology) -> None:
    data = export(chron, None, "timelinejs")
    assert detect_format("x.json", data) == "timelinejs"
    back = import_timelinejs_json(data, file="x.json")
    assert back.problems == []
    # TimelineJS carries ids, dates (exactly, through `edtf`), titles, display dates, groups, images;
    # not `order`, so events that start together may come back in another order
    assert sorted(dates(back)) == sorted(dates(chron))
    for a in chron.events:
        b = back.event(a.id)
        assert b is not None
        assert b.title == a.title
        assert b.display_date == (a.display_date if a.display_date != a.date.label else None)
        assert back.categories[b.category].label == chron.categories[a.category].label
        assert (b.image.url if b.image else None) == (a.image.url if a.image else None)
    assert back.title == chron.title
    # periods come back as eras: ids, exact dates (through `edtf`), labels and colours
    assert [period_fields(p) for p in back.periods] == [period_fields(p) for p in chron.periods]
    for era in json.loads(data).get("eras", []):  # and TimelineJS takes every era (both dates, not equal)
        assert timelinejs_keeps(era["start_date"], era["end_date"]), era


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "timelinejs"])
def test_default_chronology_round_trips(fmt: str) -> None:
    data = export(CHRON, None, fmt)
    back = load_any(data, file=f"out{'.yaml' if fmt == 'yaml' else '.csv' if fmt == 'csv' else '.json'}")
    assert back.problems == []
    if fmt != "timelinejs":
        assert_same_events(CHRON, back)
    else:  # TimelineJS has no `order`: events of the same day may come back in another order
        assert sorted(dates(back)) == sorted(dates(CHRON))


def test_yaml_export_quotes_every_text_value() -> None:
    doc = {
        "categories": {"yes": {"label": "no"}, "2022": {"label": "12:30"}},
        "events": [{"id": "a", "date": "1066", "title": "yes", "category": "yes", "tags": ["NO", "12:30", "null"]},
                   {"id": "b", "date": "2022", "title": "1e3", "category": "2022"}],
    }  # fmt: skip
    chron = load_data(doc)
    assert chron.problems == [], chron.problems
    text = export(chron, None, "yaml").decode()
    assert 'title: "yes"' in text
    assert '"yes":' in text
    assert '"2022":' in text
    assert '- "12:30"' in text
    assert 'date: "1066"' in text
    back = load_bytes(text.encode(), file="x.yaml")
    assert back.problems == []
    assert back.events[0].title == "yes"
    assert back.events[0].tags == ["NO", "12:30", "null"]
    # the plain reading of PyYAML agrees: nothing became a boolean or a number
    plain = yaml.safe_load(text)
    assert plain["events"][0]["title"] == "yes"
    assert plain["events"][0]["date"] == "1066"


# --------------------------------------------------------------------------- selection


def test_export_of_filtered_events_keeps_only_their_sources_related_and_stories() -> None:
    frame = to_frame(CHRON)
    filtered = apply_filters(frame, FilterState(categories=("treaty",)))
    assert 0 < len(filtered) < len(CHRON.events)
    events = select_events(CHRON, filtered)
    assert [e.id for e in events] == list(filtered["id"])
    doc = to_document(CHRON, events)
    ids = {e["id"] for e in doc["events"]}
    cited = {s for e in doc["events"] for s in e.get("sources", []) if isinstance(s, str)}
    assert set(doc.get("sources", {})) == cited
    for e in doc["events"]:
        assert set(e.get("related", [])) <= ids
    for story in doc.get("stories", []):
        assert {s["event"] for s in story["steps"]} <= ids
    back = load_bytes(export(CHRON, filtered, "yaml"), file="x.yaml")
    assert back.problems == []
    assert [e.id for e in back.events] == list(filtered["id"])


def test_selection_by_ids_and_file_names() -> None:
    ids = [CHRON.events[3].id, CHRON.events[1].id]
    assert [e.id for e in select_events(CHRON, ids)] == [CHRON.events[1].id, CHRON.events[3].id]
    assert export_basename(CHRON, 2).endswith("-2-events")
    assert export_basename(CHRON, 1).endswith("-1-event")
    assert re.fullmatch(r"[a-z0-9-]+-24-events\.csv", file_name(CHRON, 24, "csv"))
    assert file_name(Chronology(), 0, "timelinejs") == "chronology-0-events-timelinejs.json"
    with pytest.raises(ValueError, match="unknown export format"):
        render(CHRON, None, "pdf")


# --------------------------------------------------------------------------- CSV


def test_csv_export_columns_bom_and_formula_protection() -> None:
    doc = {"events": [{"id": "a", "date": "-0043-03-15", "title": "=HYPERLINK(\"http://x\")", "category": "war",
                       "actors": ["@me", "a;b"], "summary": "- a list item"}]}  # fmt: skip
    chron = load_data(doc)
    data = export(chron, None, "csv")
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert list(rows[0]) == list(CSV_HEADER)
    row = rows[0]
    assert row["title"].startswith("'=")
    assert row["actors"] == "'@me; a\\;b"
    assert row["summary"] == "'- a list item"
    assert row["date"] == "-0043-03-15"  # dates are not touched
    assert row["earliest"] == "-0043-03-15T00:00:00Z"
    assert row["latest"] == "-0043-03-15T23:59:59Z"
    assert row["label"] == "15 Mar 44 BC"
    assert row["precision"] == "day"
    back = import_csv(data, file="x.csv")
    assert back.problems == []
    assert back.events[0].title == chron.events[0].title
    assert back.events[0].actors == ["@me", "a;b"]
    assert back.events[0].summary == "- a list item"


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv"])
def test_order_is_written_when_set_and_read_back(fmt: str) -> None:
    doc = {
        "events": [
            {"id": "treaty", "date": "2022-09-30", "title": "Treaty", "category": "c", "order": 2},
            {"id": "veto", "date": "2022-09-30", "title": "Veto", "category": "c", "order": 10},
            {"id": "speech", "date": "2022-09-30", "title": "Speech", "category": "c", "order": 1},
            {"id": "plain", "date": "2022-09-30", "title": "Plain", "category": "c"},
        ]
    }
    chron = load_data(doc)
    assert [e.id for e in chron.events] == ["plain", "speech", "treaty", "veto"]
    data = export(chron, None, fmt)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert [(r["id"], r["order"]) for r in rows] == [
            ("plain", ""),
            ("speech", "1"),
            ("treaty", "2"),
            ("veto", "10"),
        ]
    else:
        written = (yaml.safe_load if fmt == "yaml" else json.loads)(data)["events"]
        assert [e.get("order") for e in written] == [None, 1, 2, 10]  # a number, and only when set
    back = load_any(data, file=f"out.{fmt}")
    assert back.problems == []
    assert [(e.id, e.order) for e in back.events] == [("plain", None), ("speech", 1), ("treaty", 2), ("veto", 10)]


# --------------------------------------------------------------------------- iCalendar


def vevents(data: bytes) -> list[Any]:
    cal = icalendar.Calendar.from_ical(data)
    return list(cal.walk("VEVENT"))


@given(chronologies())
@settings(max_examples=40, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_ics_one_vevent_per_representable_event(chron: Chronology) -> None:
    result = render(chron, None, "ics", now=NOW)
    found = vevents(result.data)
    representable = [
        e
        for e in chron.events
        if civil_from_days(e.date.earliest // 86400)[0] >= 1 and civil_from_days(e.date.latest // 86400 + 1)[0] <= 9999
    ]
    assert len(found) == len(representable) == result.count
    assert set(result.skipped) == {e.id for e in chron.events} - {e.id for e in representable}
    for ev, item in zip(representable, found, strict=True):
        assert str(item["uid"]).startswith(ev.id + "@")
        assert str(item["summary"]) == ev.title
        start = item.decoded("dtstart")
        if isinstance(start, dt.datetime):
            assert ev.date.precision == "moment"
            assert int(start.timestamp()) == ev.date.earliest
        else:
            y, m, d = civil_from_days(ev.date.earliest // 86400)
            assert start == dt.date(y, m, d)
            end = item.decoded("dtend")
            y, m, d = civil_from_days(ev.date.latest // 86400 + 1)
            assert end == dt.date(y, m, d)  # exclusive: the day after the last day


def test_ics_day_month_interval_and_bc() -> None:
    doc = {"events": [
        {"id": "day", "date": "2022-02-21", "title": "A day", "category": "x"},
        {"id": "month", "date": "2022-10", "title": "A month", "category": "x"},
        {"id": "span", "date": "2022-09-23/2022-09-27", "title": "A span", "category": "x"},
        {"id": "moment", "date": "2022-09-21T09:00:00+03:00", "title": "A moment", "category": "x"},
        {"id": "caesar", "date": "-0043-03-15", "title": "Ides of March", "category": "x"},
    ]}  # fmt: skip
    chron = load_data(doc)
    result = render(chron, None, "ics", now=NOW)
    assert result.skipped == ("caesar",)
    items = {str(i["uid"]).split("@")[0]: i for i in vevents(result.data)}
    assert set(items) == {"day", "month", "span", "moment"}
    assert items["day"].decoded("dtstart") == dt.date(2022, 2, 21)
    assert items["day"].decoded("dtend") == dt.date(2022, 2, 22)
    assert items["month"].decoded("dtstart") == dt.date(2022, 10, 1)
    assert items["month"].decoded("dtend") == dt.date(2022, 11, 1)
    assert items["span"].decoded("dtend") == dt.date(2022, 9, 28)
    assert items["moment"].decoded("dtstart") == dt.datetime(2022, 9, 21, 6, 0, tzinfo=dt.UTC)
    assert b"VALUE=DATE" in result.data


def test_ics_of_default_chronology() -> None:
    result = render(CHRON, None, "ics", now=NOW)
    assert len(vevents(result.data)) == len(CHRON.events) == result.count


# --------------------------------------------------------------------------- TimelineJS


def test_timelinejs_dates_are_historical_years_and_text_is_escaped() -> None:
    doc = {"title": "T <b>", "events": [
        {"id": "caesar", "date": "-0043-03-15", "title": "<img src=x onerror=alert(1)>", "category": "war",
         "summary": "**bold** [link](https://example.org) [bad](javascript:alert(1)) <script>x</script>"},
        {"id": "span", "date": "1943-07/1946", "title": "Span", "category": "war"},
        {"id": "approx", "date": "2022-10~", "title": "About October", "category": "war"},
    ]}  # fmt: skip
    chron = load_data(doc)
    tl = json.loads(export(chron, None, "timelinejs"))
    slides = {s["unique_id"]: s for s in tl["events"]}
    assert slides["caesar"]["start_date"] == {"year": -44, "month": 3, "day": 15}
    assert slides["span"]["start_date"] == {"year": 1943, "month": 7}
    assert slides["span"]["end_date"] == {"year": 1946}
    assert slides["approx"]["display_date"] == "c. Oct 2022"
    assert slides["caesar"]["text"]["headline"] == html_text("<img src=x onerror=alert(1)>")
    text = slides["caesar"]["text"]["text"]
    assert "<strong>bold</strong>" in text
    assert '<a href="https://example.org"' in text
    assert "javascript" not in text.split("bad")[0]
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert tl["title"]["text"]["headline"] == "T &lt;b&gt;"
    # TimelineJS (without our `edtf`) reads the same dates from the parts
    for s in tl["events"]:
        del s["edtf"]
    back = import_timelinejs_json(json.dumps(tl).encode(), file="t.json")
    assert back.problems == []
    got = {e.id: e for e in back.events}
    assert got["caesar"].date.edtf == "-0043-03-15"
    assert got["span"].date.edtf == "1943-07/1946"
    assert got["approx"].date.edtf == "2022-10"
    assert got["approx"].display_date == "c. Oct 2022"
    assert got["caesar"].title == "<img src=x onerror=alert(1)>"


# --------------------------------------------------------------------------- periods

PERIODS = load_path(Path(__file__).parent / "fixtures" / "periods.yaml")
ERAS_JSON = Path(__file__).parent / "fixtures" / "timelinejs" / "eras.json"  # TimelineJS's own eras example


def test_periods_are_kept_by_the_yaml_and_json_exports_whatever_the_selection() -> None:
    assert PERIODS.problems == []
    for selection in (None, ["battle-of-hastings"], []):
        doc = to_document(PERIODS, select_events(PERIODS, selection))
        assert [p["id"] for p in doc["periods"]] == [p.id for p in PERIODS.periods]
        back = load_bytes(export(PERIODS, selection, "yaml"), file="x.yaml")
        assert back.problems == []
        assert back.periods == PERIODS.periods
        again = import_json(export(PERIODS, selection, "json"), file="x.json")
        assert again.problems == []
        assert again.periods == PERIODS.periods
    first = to_document(PERIODS, [])["periods"][0]
    assert first == {
        "id": "second-triumvirate",
        "label": "Second Triumvirate",
        "date": "-0042/-0032",
        "color": "#B279A2",
        "description": "Octavian, Antony and Lepidus share power (43-33 BC).",
    }


def test_a_chronology_without_periods_exports_as_before() -> None:
    assert "periods" not in to_document(VALID, VALID.events)
    assert "periods:" not in export(VALID, None, "yaml").decode()
    assert "eras" not in json.loads(export(VALID, None, "timelinejs"))


def timelinejs_keeps(start: dict[str, Any], end: dict[str, Any]) -> bool:
    """TimelineJS drops an era's end_date equal to its start (comparing the parts the start has),
    then refuses the era ("All eras must have start and end dates")."""
    return any(end.get(key) != value for key, value in start.items())


def test_periods_become_eras_that_timelinejs_accepts() -> None:
    tl = json.loads(export(PERIODS, None, "timelinejs"))
    eras = {era["unique_id"]: era for era in tl["eras"]}
    assert list(eras) == [p.id for p in PERIODS.periods]
    for period in PERIODS.periods:
        era = eras[period.id]
        assert era["edtf"] == period.date
        assert era["text"]["headline"] == html_text(period.label)
        assert timelinejs_keeps(era["start_date"], era["end_date"]), era
    # historical years: astronomical -0042 is 43 BC, TimelineJS -43
    assert eras["second-triumvirate"]["start_date"] == {"year": -43}
    assert eras["second-triumvirate"]["end_date"] == {"year": -33}
    assert eras["second-triumvirate"]["color"] == "#B279A2"
    assert "<p>Octavian, Antony and Lepidus share power (43-33 BC).</p>" in eras["second-triumvirate"]["text"]["text"]
    # one year: its first and last day (TimelineJS would take {year: 1066} twice for one date)
    assert eras["year-1066"]["start_date"] == {"year": 1066, "month": 1, "day": 1}
    assert eras["year-1066"]["end_date"] == {"year": 1066, "month": 12, "day": 31}
    # an open end: the period's own bounds (the exact date is in `edtf`); one day: its first and last second
    assert eras["after-the-wall"]["start_date"] == {
        "year": 1989,
        "month": 11,
        "day": 9,
        "hour": 0,
        "minute": 0,
        "second": 0,
    }
    assert eras["after-the-wall"]["end_date"] == {
        "year": 1989, "month": 11, "day": 9, "hour": 23, "minute": 59, "second": 59,
    }  # fmt: skip
    assert eras["before-1900"]["start_date"] == {"year": 1899, "month": 1, "day": 1}
    assert eras["before-1900"]["end_date"] == {"year": 1899, "month": 12, "day": 31}


def test_periods_survive_the_timelinejs_round_trip() -> None:
    data = export(PERIODS, None, "timelinejs")
    back = import_timelinejs_json(data, file="t.json")
    assert back.problems == []
    assert back.periods == PERIODS.periods  # descriptions too: plain text survives HTML
    # what TimelineJS itself reads (without our `edtf`) gives the same spans, as days
    tl = json.loads(data)
    for era in tl["eras"]:
        del era["edtf"]
    plain = import_timelinejs_json(json.dumps(tl).encode(), file="t.json")
    assert plain.problems == []
    for a, b in zip(PERIODS.periods, plain.periods, strict=True):
        assert (b.id, b.label, b.color) == (a.id, a.label, a.color)
        if not (a.open_start or a.open_end):
            assert b.earliest_ms <= a.earliest_ms <= a.latest_ms <= b.latest_ms + 86_400_000 * 366


def test_the_eras_of_a_real_timelinejs_file_round_trip() -> None:
    chron = load_any(ERAS_JSON.read_bytes(), file=str(ERAS_JSON))
    assert chron.problems == []
    assert len(chron.periods) == 3
    for fmt in ("timelinejs", "yaml", "json"):
        data = export(chron, None, fmt)
        back = load_any(data, file="out.yaml" if fmt == "yaml" else "out.json")
        assert back.problems == [], fmt
        assert back.periods == chron.periods, fmt
        assert sorted(dates(back)) == sorted(dates(chron)), fmt
    # exported again, the eras are those of the file: the same years and headlines
    original = json.loads(ERAS_JSON.read_bytes())
    eras = json.loads(export(chron, None, "timelinejs"))["eras"]
    assert [(e["start_date"], e["end_date"], e["text"]["headline"]) for e in eras] == [
        ({"year": int(e["start_date"]["year"])}, {"year": int(e["end_date"]["year"])}, e["text"]["headline"])
        for e in original["eras"]
    ]


# --------------------------------------------------------------------------- HTML


@pytest.fixture(scope="module")
def html_page() -> str:
    frame = to_frame(CHRON)
    return export(CHRON, frame, "html", subtitle="All 24 events", now=NOW).decode()


def test_html_is_self_contained(html_page: str) -> None:
    assert html_page.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html_page
    assert "default-src 'none'" in html_page
    assert 'src="http' not in html_page
    assert "src='http" not in html_page
    assert not re.search(r"<link\b", html_page)
    assert not re.search(r"<script[^>]+src=", html_page)
    assert "Plotly.newPlot" in html_page  # plotly.js inlined, the figure drawn by it
    assert html_page.count('<li id="ev-') == len(CHRON.events)


def test_html_escapes_every_title(html_page: str) -> None:
    for ev in CHRON.events:
        assert f"<h3>{html_text(ev.title)}</h3>" in html_page


def test_html_text_stays_text() -> None:
    doc = {"title": "<script>alert(1)</script>", "events": [
        {"id": "x", "date": "2022-01-01", "title": "<img src=x onerror=alert(1)>", "category": "c",
         "summary": "![t](https://tracker.example/x.png) [j](javascript:alert(1)) $x$",
         "sources": [{"publisher": "P", "url": "https://example.org/?a=1&b=<2>"}]},
    ]}  # fmt: skip
    chron = load_data(doc)
    page = export(chron, None, "html", now=NOW).decode()
    body = page.split("</style>", 1)[1]
    assert "<img" not in body.replace("&lt;img", "")
    assert "&lt;img src=x onerror=alert(1)&gt;" in body
    assert "<script>alert(1)</script>" not in body
    assert 'href="javascript' not in body
    assert "tracker.example" in body
    assert 'src="https://tracker' not in body


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_every_format_of_an_empty_selection(fmt: str) -> None:
    result = render(VALID, [], fmt, now=NOW)
    assert result.data
    assert result.count == 0
