"""Files in a real browser: upload a CSV from the sidebar, download every format, go back.

Needs ``dashboard.ui.files`` wired into the explore page (``upload_sidebar()`` at the top of
``explore.render``, ``download_buttons(filtered, loaded, state)`` once the events are filtered).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import icalendar
import pytest

from dashboard.core.loader import load_bytes, load_path
from dashboard.io.exporters import EXPORT_FORMATS
from dashboard.io.importers import import_csv, import_json, import_timelinejs_json
from dashboard.ui.files import DOWNLOAD_LABELS, MAX_UPLOAD_BYTES

from .conftest import ROOT, Server, drawn_ids, wait_plot, wait_ready

pytestmark = pytest.mark.browser

DEFAULT = load_path(ROOT / "events.yaml")
UPLOAD_CSV = (
    "id,date,title,category,actors,summary\n"
    'first-event,2022-02-21,yes,treaty,Russia; Ukraine,"A summary, with a comma"\n'
    "second-event,1066,12:30,war,,<b>not bold</b>\n"
    "third-event,2022-02-30,A bad date,war,,\n"
)
UPLOADED_IDS = {"first-event", "second-event"}


@pytest.fixture
def upload_file(tmp_path: Path) -> Path:
    path = tmp_path / "my-chronology.csv"
    path.write_text(UPLOAD_CSV, encoding="utf-8")
    return path


@pytest.fixture
def uploaded(server: Server, page: Any, upload_file: Path) -> Any:
    page.goto(server.url + "/")
    wait_ready(page)
    wait_plot(page)  # the chart has said its width and the page has drawn it again: no rerun to come
    page.locator("[data-testid=stSidebar] input[type=file]").first.set_input_files(str(upload_file))
    page.get_by_text("All 2 events").wait_for(timeout=30_000)
    wait_plot(page)
    return page


def test_upload_shows_the_file_and_its_problems(uploaded: Any) -> None:
    page = uploaded
    assert page.get_by_text("All 2 events").count() == 1
    assert set(drawn_ids(page)) == UPLOADED_IDS
    assert page.get_by_role("heading", name="my-chronology").count() >= 1  # the file's name as the title
    # the bad row is reported like a file's problem, the others are shown
    assert page.get_by_text("2 events loaded, 1 skipped", exact=False).count() == 1
    assert page.get_by_text("Showing your file", exact=False).count() == 1


def test_each_download_button_gives_a_file_that_parses(uploaded: Any) -> None:
    page = uploaded
    page.get_by_text("Download the 2 shown events").click()
    for fmt in EXPORT_FORMATS:
        button = page.get_by_role("button", name=DOWNLOAD_LABELS[fmt], exact=True)
        button.wait_for(timeout=10_000)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        download = info.value
        name = download.suggested_filename
        assert name.startswith("my-chronology-2-events"), name
        data = Path(download.path()).read_bytes()
        assert data, fmt
        check_download(fmt, data)


def check_download(fmt: str, data: bytes) -> None:
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert {r["id"] for r in rows} == UPLOADED_IDS
        chron = import_csv(data, file="x.csv")
    elif fmt == "json":
        json.loads(data)
        chron = import_json(data, file="x.json")
    elif fmt == "yaml":
        chron = load_bytes(data, file="x.yaml")
    elif fmt == "timelinejs":
        assert len(json.loads(data)["events"]) == 2
        chron = import_timelinejs_json(data, file="x.json")
    elif fmt == "ics":
        cal = icalendar.Calendar.from_ical(data)
        assert {str(e["uid"]).split("@")[0] for e in cal.walk("VEVENT")} == UPLOADED_IDS
        return
    else:
        text = data.decode("utf-8")
        assert "Plotly.newPlot" in text
        assert "default-src 'none'" in text
        assert text.count('<li id="ev-') == 2
        assert "&lt;b&gt;not bold&lt;/b&gt;" in text
        return
    assert chron.problems == [], [str(p) for p in chron.problems]
    assert {e.id for e in chron.events} == UPLOADED_IDS
    titles = {e.id: e.title for e in chron.events}
    assert titles == {"first-event": "yes", "second-event": "12:30"}


def test_back_to_default_and_no_upload_in_another_session(uploaded: Any, browser: Any, server: Server) -> None:
    # another user (another browser context) sees the default chronology
    other = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page2 = other.new_page()
        page2.goto(server.url + "/")
        wait_ready(page2)
        assert page2.get_by_text(f"All {len(DEFAULT.events)} events").count() == 1
        assert page2.get_by_text("Showing your file", exact=False).count() == 0
    finally:
        other.close()
    page = uploaded
    page.get_by_role("button", name="Back to the default chronology").click()
    page.get_by_text(f"All {len(DEFAULT.events)} events").wait_for(timeout=30_000)
    wait_ready(page)
    assert sorted(drawn_ids(page)) == sorted(e.id for e in DEFAULT.events)


def test_too_large_upload_is_refused(server: Server, page: Any, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    row = "x,2022-01-01,A title,war\n"
    big.write_text("id,date,title,category\n" + row * (MAX_UPLOAD_BYTES // len(row) + 10), encoding="utf-8")
    page.goto(server.url + "/")
    wait_ready(page)
    page.locator("[data-testid=stSidebar] input[type=file]").first.set_input_files(str(big))
    page.wait_for_timeout(1500)
    wait_ready(page)
    assert page.get_by_text(f"All {len(DEFAULT.events)} events").count() == 1
    assert page.get_by_text("must be 5.0MB or smaller", exact=False).count() == 1  # the stated limit, enforced
    assert page.get_by_text("Showing your file", exact=False).count() == 0


def test_offline_html_page_draws_without_any_request(browser: Any, tmp_path: Path) -> None:
    from dashboard.io.exporters import export

    page_file = tmp_path / "page.html"
    page_file.write_bytes(export(DEFAULT, None, "html"))
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    try:
        page = context.new_page()
        requests: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(page_file.as_uri())
        page.wait_for_function(
            "() => { const g = document.getElementById('timeline'); return g && g._fullLayout; }", timeout=30_000
        )
        ids = page.evaluate(
            """() => document.getElementById('timeline').data
                .filter(t => t.meta && t.meta.role === 'events')
                .flatMap(t => (t.customdata || []).map(c => c[0]))"""
        )
        assert sorted(ids) == sorted(e.id for e in DEFAULT.events)
        assert [u for u in requests if not u.startswith("file://")] == []
        assert errors == []  # no Content-Security-Policy violation, no script error
        assert page.locator("ol.events > li").count() == len(DEFAULT.events)
    finally:
        context.close()
