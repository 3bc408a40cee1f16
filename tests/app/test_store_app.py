"""AppTest: the dashboard on an event store (``streamlit run app.py -- STORE``), without a browser.

The default chronology as a store must read exactly as the YAML file reads: the same sentence for
the same URL, the same facet counts in the sidebar, the same event details; a large table is
ingested into a store behind the scenes; a store that cannot be opened is an error in words.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.store.ingest import ingest
from dashboard.store.layout import META_FILE

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("app-store") / "store"
    ingest([ROOT / "events.yaml"], folder)
    return folder


def visit(path: Path, monkeypatch: pytest.MonkeyPatch, params: dict[str, str | list[str]] | None = None) -> AppTest:
    monkeypatch.setenv("DASHBOARD_PATH", str(path))
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> dict[str, object]:
    """What a reader sees: the sentence, warnings, the sidebar's options with their counts."""
    sentence = next(m.value for m in at.markdown if m.value.startswith("**") and "event" in m.value)
    facets = {w.key: list(w.options) for w in at.sidebar.multiselect}
    return {"sentence": sentence, "warnings": [w.value for w in at.warning], "facets": facets}


URLS: list[dict[str, str | list[str]]] = [
    {},
    {"category": "treaty"},
    {"from": "2022-01-01", "to": "2022-09-30", "match": "within"},
    {"actor": ["Russia", "Ukraine"], "importance": "3"},
    {"q": "referendum"},
    {"place": "Nowhere at all"},
    {"status": "disputed", "lanes": "actor"},
]


@pytest.mark.parametrize("params", URLS, ids=range(len(URLS)))
def test_a_store_reads_as_its_file(store: Path, monkeypatch: pytest.MonkeyPatch, params: dict[str, str]) -> None:
    from_store = shown(visit(store, monkeypatch, params))
    from_file = shown(visit(ROOT / "events.yaml", monkeypatch, params))
    assert from_store == from_file


def test_details_table_and_present_from_a_store(store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = visit(store, monkeypatch, {"event": "nsdc-decision-decree-679"})
    text = " ".join(m.value for m in at.markdown)
    assert "late October" in text
    assert "Sources" in text
    at.segmented_control(key="w_view").set_value("table").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 40
    at.segmented_control(key="w_view").set_value("present").run()
    assert not at.exception
    assert any("Step 1 of" in m.value for m in at.markdown)


def test_a_large_table_is_asked_through_a_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dashboard.ui import data

    monkeypatch.setattr(data, "STORE_FROM_BYTES", 1)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    table = pa.table(
        {
            "id": [f"e{i}" for i in range(40)] + ["bad"],
            "date": [f"2022-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(40)] + ["2022-02-30"],
            "title": [f"Event {i}" for i in range(41)],
            "category": ["treaty" if i % 4 == 0 else "war" for i in range(41)],
        }
    )
    pq.write_table(table, tmp_path / "t.parquet")
    at = visit(tmp_path / "t.parquet", monkeypatch)
    assert any(m.value == "**All 40 events**" for m in at.markdown)
    assert any("40 events loaded, 1 skipped" in e.label for e in at.expander)
    assert list((tmp_path / "cache" / "stores").iterdir())
    at.multiselect(key="w_category").set_value(["treaty"]).run()
    assert any(m.value.startswith("**10 of 40 events") for m in at.markdown)


def test_a_store_that_cannot_be_read_is_an_error_in_words(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "c.yaml"
    src.write_text((ROOT / "events.yaml").read_text("utf-8"), "utf-8")
    folder = tmp_path / "store"
    ingest([src], folder)
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    meta["format"] = 0
    (folder / META_FILE).write_text(json.dumps(meta), "utf-8")
    # of another format, with its inputs at hand: rebuilt, then shown
    at = visit(folder, monkeypatch)
    assert any(m.value == "**All 40 events**" for m in at.markdown)
    # without them: an error that says what to do, never a traceback
    meta = json.loads((folder / META_FILE).read_text("utf-8"))
    meta["format"] = 0
    (folder / META_FILE).write_text(json.dumps(meta), "utf-8")
    src.unlink()
    at = visit(folder, monkeypatch)
    (error,) = at.error
    assert "ingest the files again" in error.value
    assert "Traceback" not in error.value
