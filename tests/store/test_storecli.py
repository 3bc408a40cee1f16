"""``python -m dashboard ingest`` and ``query``: what the dashboard shows for a URL, as JSON."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.core.loader import load_path
from dashboard.core.query import FilterState
from dashboard.store.queries import open_store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli") / "store"
    assert main(["ingest", str(ROOT / "events.yaml"), "-o", str(folder), "-q"]) == 0
    return folder


def query(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["query", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)  # type: ignore[no-any-return]


def test_query_counts_match_an_independent_count(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chron = load_path(ROOT / "events.yaml")
    out = query(capsys, str(store), "--filters", "category=treaty&from=2022-01-01")
    treaties = [ev for ev in chron.events if ev.category == "treaty" and ev.date.latest >= 1640995200]
    assert out["total"] == len(chron.events)
    assert out["matched"] == len(treaties)
    facets = out["facets"]
    assert isinstance(facets, dict)
    assert set(facets) == {"category", "actor", "place", "tag", "source", "status"}
    actors = Counter(a for ev in treaties for a in dict.fromkeys(ev.actors))
    assert facets["actor"] == dict(sorted(actors.items(), key=lambda kv: (-kv[1], kv[0])))
    in_2022 = [ev for ev in chron.events if ev.date.latest >= 1640995200]
    assert facets["category"]["treaty"] == len(treaties)
    assert sum(facets["category"].values()) == len(in_2022)  # the category facet ignores its own filter
    density = out["density"]
    assert isinstance(density, dict)
    assert sum(density["buckets"].values()) == len(treaties)
    assert out["warnings"] == []


def test_a_yaml_source_is_ingested_into_the_cache_and_gives_the_same(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    direct = query(capsys, str(ROOT / "events.yaml"), "--filters", "q=annex&actor=Russia")
    stored = query(capsys, str(store), "--filters", "q=annex&actor=Russia")
    assert direct == stored
    assert isinstance(direct["matched"], int)
    assert direct["matched"] > 0


@pytest.mark.parametrize(
    ("filters", "warning"),
    [
        ("bogus=1", "unknown URL parameter “bogus”"),
        ("importance=99999999999999999999", "importance=99999999999999999999"),
        ("from=2022-13-45", "from=2022-13-45: not a day"),
        ("actor=x'%3B DROP TABLE events%3B--", "No event has actor “x'; DROP TABLE events;--”"),
        ("q=%22%27%3B--&match=sideways", "match=sideways"),
    ],
)
def test_bad_filters_warn_and_change_no_query_shape(
    store: Path, capsys: pytest.CaptureFixture[str], filters: str, warning: str
) -> None:
    out = query(capsys, str(store), "--filters", filters)
    warnings = out["warnings"]
    assert isinstance(warnings, list)
    assert any(warning in w for w in warnings), warnings
    assert open_store(store).count(FilterState()) == out["total"]


def test_an_engine_that_cannot_connect_is_a_clear_error(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", str(store), "--engine", "nosuch"]) == 1
    err = capsys.readouterr().err
    assert "unknown engine 'nosuch'" in err
    assert "pyspark" in err
    assert main(["query", str(store), "--engine", "clickhouse://user:secret@127.0.0.1:1/db"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("query: engine clickhouse")
    assert "pip install 'ibis-framework[clickhouse]'" in err or "could not connect" in err
    assert "secret" not in err


def test_ingest_prints_every_problem_and_keeps_the_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "c.csv"
    src.write_text("id,date,title,category\na,2022-02-30,Bad,x\nb,2022-02-21,Good,x\n", "utf-8")
    assert main(["ingest", str(src), "-o", str(tmp_path / "s")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{src}:2:")
    assert out[-1].startswith("1 event, 1 problem (1 event skipped); stored in")
    assert main(["ingest", str(src), "-o", str(tmp_path / "s")]) == 0
    assert "is up to date: 1 event, 1 problem" in capsys.readouterr().out
    assert main(["ingest", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "s")]) == 2


@pytest.mark.parametrize(
    "filters",
    [
        "chain=accession-treaties-2022&depth=2",
        "chain=accession-treaties-2022&depth=1&dir=back",
        "chain=recognition-dpr-lpr&depth=3&dir=forward",
        "chain=invasion-2022&depth=2&category=international-response",
    ],
)
def test_query_follows_a_chain(store: Path, capsys: pytest.CaptureFixture[str], filters: str) -> None:
    from dashboard.core.frame import to_frame
    from dashboard.core.query import apply_filters, facet_counts_all, from_query_string

    state, warnings = from_query_string(filters)
    assert warnings == []
    frame = to_frame(load_path(ROOT / "events.yaml"))
    shown = apply_filters(frame, state)
    out = query(capsys, str(store), "--filters", filters)
    assert out["matched"] == len(shown) > 0
    assert out["warnings"] == []
    facets = out["facets"]
    assert isinstance(facets, dict)
    expected = dict(facet_counts_all(frame, state)["category"])
    assert {k: v for k, v in facets["category"].items() if v} == {k: v for k, v in expected.items() if v}
    assert query(capsys, str(ROOT / "events.yaml"), "--filters", filters) == out  # the YAML, ingested on the way


def test_query_warns_of_a_chain_from_no_event(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = query(capsys, str(store), "--filters", "chain=no-such-event&depth=2")
    assert out["matched"] == 0
    assert out["warnings"] == ["No event has the id “no-such-event” (chain=no-such-event): no links to follow."]
    matched = query(capsys, str(store), "--filters", "chain=accession-treaties-2022&depth=2")["matched"]
    assert main(["query", str(store), "--filters", "chain=accession-treaties-2022&depth=2"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == f"{matched} of 40 events (engine duckdb)"
