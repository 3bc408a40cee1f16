"""The convert and export commands, run as `python -m dashboard ...` in a subprocess."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.query import FilterState, apply_filters
from dashboard.io import convert, exporters
from dashboard.io.importers import load_any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "testdata" / "timelinejs"
if not SAMPLES.exists():
    SAMPLES = Path("/work/shared/testdata/timelinejs")
EVENTS = ROOT / "events.yaml"
CHRON = load_path(EVENTS)
PROBLEM_LINE = re.compile(r"^.+:\d+:\d+: .+ -- .+$")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def validate(path: Path) -> subprocess.CompletedProcess[str]:
    return run("validate", path)


@pytest.mark.parametrize("sample", ["women_in_computing.json", "women_in_computing.csv"])
def test_acceptance_convert_timelinejs_samples(sample: str, tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    proc = run("convert", SAMPLES / sample, out)
    assert proc.returncode == 0, proc.stderr
    assert "wrote 10 events" in proc.stderr
    checked = validate(out)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip().splitlines()[-1] == "10 events, 0 problems"
    chron = load_path(out)
    assert chron.title == "Women in Computing"  # the title slide is metadata, not an event


def test_convert_timelinejs_eras_to_yaml_periods_and_back(tmp_path: Path) -> None:
    eras = ROOT / "tests" / "fixtures" / "timelinejs" / "eras.json"  # TimelineJS's own eras example
    out = tmp_path / "eras.yaml"
    proc = run("convert", eras, out)
    assert proc.returncode == 0, proc.stderr
    checked = validate(out)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip().splitlines()[-1] == "20 events, 0 problems, 3 periods"
    back = tmp_path / "back.timeline.json"
    assert run("convert", out, back).returncode == 0
    assert [e["text"]["headline"] for e in json.loads(back.read_text(encoding="utf-8"))["eras"]] == [
        e["text"]["headline"] for e in json.loads(eras.read_text(encoding="utf-8"))["eras"]
    ]


def test_acceptance_export_yaml_then_validate(tmp_path: Path) -> None:
    out = tmp_path / "all.yaml"
    proc = run("export", EVENTS, "--format", "yaml", "-o", out)
    assert proc.returncode == 0, proc.stderr
    checked = validate(out)
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.strip().splitlines()[-1].startswith(f"{len(CHRON.events)} events, 0 problems")


def test_acceptance_export_ics(tmp_path: Path) -> None:
    out = tmp_path / "all.ics"
    proc = run("export", EVENTS, "--format", "ics", "-o", out)
    assert proc.returncode == 0, proc.stderr
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    assert len(cal.walk("VEVENT")) == len(CHRON.events)


def test_export_with_url_filters(tmp_path: Path) -> None:
    out = tmp_path / "treaties.json"
    proc = run("export", EVENTS, "--format", "json", "--category", "treaty", "--from", "2022-01-01", "-o", out)
    assert proc.returncode == 0, proc.stderr
    expected = apply_filters(to_frame(CHRON), FilterState(categories=("treaty",), date_from="2022-01-01"))
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [e["id"] for e in doc["events"]] == list(expected["id"])
    assert f"{len(expected)} of {len(CHRON.events)} events" in proc.stderr


def test_export_bad_filter_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    proc = run("export", EVENTS, "--format", "csv", "--from", "2022-13-45", "-o", out)
    assert proc.returncode == 2
    assert "bad filter: from=2022-13-45" in proc.stderr
    assert not out.exists()
    proc = run("export", EVENTS, "--format", "pdf", "-o", out)
    assert proc.returncode == 2


def test_convert_input_with_problems_writes_the_valid_events(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,date,title\na,2022-01-01,Good\nb,2022-02-30,Bad date\nc,1066,yes\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    proc = run("convert", src, out)
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert any(PROBLEM_LINE.match(line) and ":3:2: " in line for line in lines), proc.stderr
    assert "the valid events were written" in proc.stderr
    chron = load_path(out)
    assert chron.problems == []
    assert {e.id: e.title for e in chron.events} == {"a": "Good", "c": "yes"}


def test_convert_keeps_order_from_csv_to_yaml_and_back(tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "id,date,title,order\nlate,2022-09-30,Late,3\nfirst,2022-09-30,First,1\nnone,2022-09-30,None,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.yaml"
    proc = run("convert", src, out)
    assert proc.returncode == 0, proc.stderr
    assert "order: 3" in out.read_text(encoding="utf-8")
    chron = load_path(out)
    assert chron.problems == []
    assert [(e.id, e.order) for e in chron.events] == [("none", None), ("first", 1), ("late", 3)]
    back = tmp_path / "back.csv"
    assert run("convert", out, back).returncode == 0
    rows = list(csv.DictReader(io.StringIO(back.read_text(encoding="utf-8-sig"), newline="")))
    assert [(r["id"], r["order"]) for r in rows] == [("none", ""), ("first", "1"), ("late", "3")]


def test_convert_unreadable_input_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out.yaml"
    proc = run("convert", tmp_path / "missing.csv", out)
    assert proc.returncode == 1
    assert "no such file" in proc.stderr
    assert "nothing written" in proc.stderr
    assert not out.exists()
    bad = tmp_path / "bad.json"
    bad.write_text('{"events": [', encoding="utf-8")
    proc = run("convert", bad, out)
    assert proc.returncode == 1
    assert re.search(r"bad\.json:1:13: invalid JSON", proc.stderr)
    assert not out.exists()


def test_convert_output_format_from_extension_or_to(tmp_path: Path) -> None:
    proc = run("convert", EVENTS, tmp_path / "out.txt")
    assert proc.returncode == 2
    assert "--to" in proc.stderr
    for name, fmt in [("a.csv", "csv"), ("a.ics", "ics"), ("a.html", "html"), ("a.timeline.json", "timelinejs")]:
        assert convert.output_format(name) == fmt
    out = tmp_path / "tl.json"
    proc = run("convert", EVENTS, out, "--to", "timelinejs")
    assert proc.returncode == 0, proc.stderr
    assert "unique_id" in out.read_text(encoding="utf-8")
    back = load_any(out.read_bytes(), file=str(out))
    # TimelineJS has no `order`: events of one day may come back in another order
    assert sorted(e.id for e in back.events) == sorted(e.id for e in CHRON.events)


def test_convert_to_standard_output() -> None:
    proc = run("convert", EVENTS, "-", "--to", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout.lstrip("\ufeff"), newline="")))
    assert [r["id"] for r in rows] == [e.id for e in CHRON.events]


def test_ics_reports_events_before_ad_1(tmp_path: Path) -> None:
    src = tmp_path / "bc.yaml"
    src.write_text(
        "events:\n"
        "  - {id: caesar, date: -0043-03-15, title: Ides of March, category: rome}\n"
        "  - {id: later, date: 2022-01-01, title: Later, category: rome}\n",
        encoding="utf-8",
    )
    out = tmp_path / "bc.ics"
    proc = run("convert", src, out)
    assert proc.returncode == 0, proc.stderr
    assert "skipped 1 event that iCalendar cannot represent" in proc.stderr
    assert "caesar" in proc.stderr
    assert len(icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")) == 1


def test_export_formats_agree() -> None:
    assert convert.EXPORT_FORMATS == exporters.EXPORT_FORMATS


def test_convert_base_url_resolves_relative_timelinejs_media(tmp_path: Path) -> None:
    src = tmp_path / "harbour.json"
    slides = [
        {"start_date": {"year": 1901}, "text": {"headline": "Harbour"}, "media": {"url": "./media/harbour.jpg"}},
        {"start_date": {"year": 1902}, "text": {"headline": "Pier"}, "media": {"url": "//cdn.example.net/pier.png"}},
    ]
    src.write_text(json.dumps({"events": slides}, indent=1), encoding="utf-8")
    out = tmp_path / "out.yaml"
    # without --base-url: reported with the hint, the slide kept without its image
    proc = run("convert", src, out)
    assert proc.returncode == 1
    problem = next(line for line in proc.stderr.splitlines() if "relative path" in line)
    assert PROBLEM_LINE.match(problem)
    assert problem.startswith(f"{src}:")
    assert ": events[0].media.url: './media/harbour.jpg' is a relative path" in problem
    assert "--base-url" in problem
    images = {e.title: e.image.url if e.image else None for e in load_path(out).events}
    assert images == {"Harbour": None, "Pier": "https://cdn.example.net/pier.png"}
    # with it: resolved, no problem
    proc = run("convert", src, out, "--base-url", "https://example.org/tl/harbour.json")
    assert proc.returncode == 0, proc.stderr
    images = {e.title: e.image.url if e.image else None for e in load_path(out).events}
    assert images == {"Harbour": "https://example.org/tl/media/harbour.jpg", "Pier": "https://cdn.example.net/pier.png"}
    # only an http(s) address is a base
    proc = run("convert", src, tmp_path / "x.yaml", "--base-url", "file:///etc/")
    assert proc.returncode == 2
    assert "--base-url" in proc.stderr
    assert not (tmp_path / "x.yaml").exists()
