"""A store (``python -m dashboard ingest``) opened in a real browser: ``streamlit run app.py -- STORE``.

The default chronology ingested into a store must show what the YAML file shows (same ids drawn,
same counts, details with their sources, the table); a 30,000-event synthetic store must show
counts that agree with an independent count of its Parquet file, and at most the mark budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.query import apply_filters, from_query_params
from dashboard.store.ingest import ingest
from dashboard.tools.synth import write_parquet_large

from .conftest import ROOT, Server, drawn_ids, wait_plot, wait_ready

pytestmark = pytest.mark.browser

CHRON = load_path(ROOT / "events.yaml")
FRAME = to_frame(CHRON)
SYNTH_ROWS = 30_000


@pytest.fixture(scope="module")
def yaml_store_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    store = tmp_path_factory.mktemp("store") / "default"
    ingest([ROOT / "events.yaml"], store)
    srv = Server(str(store))
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("synth")
    table = write_parquet_large(folder / "events.parquet", SYNTH_ROWS, seed=7)
    store = folder / "store"
    ingest([table], store)
    return table, store


@pytest.fixture(scope="module")
def synth_server(synth: tuple[Path, Path]) -> Iterator[Server]:
    srv = Server(str(synth[1]))
    yield srv
    srv.stop()


def expected_ids(query: dict[str, list[str]]) -> set[str]:
    state, warnings = from_query_params(query)
    assert warnings == []
    return set(apply_filters(FRAME, state)["id"])


def test_a_store_of_the_default_chronology_draws_what_the_file_draws(yaml_store_server: Server, page: Any) -> None:
    page.goto(yaml_store_server.url + "/")
    wait_ready(page)
    assert sorted(drawn_ids(page)) == sorted(ev.id for ev in CHRON.events)
    assert page.get_by_text(f"All {len(CHRON.events)} events").count() == 1
    assert page.get_by_role("heading", name=CHRON.title).count() == 1


def test_url_filters_on_a_store_survive_a_reload(yaml_store_server: Server, page: Any) -> None:
    query = "category=treaty&from=2022-01-01&to=2022-12-31"
    expected = expected_ids({"category": ["treaty"], "from": ["2022-01-01"], "to": ["2022-12-31"]})
    assert 0 < len(expected) < len(CHRON.events)
    page.goto(f"{yaml_store_server.url}/?{query}")
    wait_ready(page)
    assert set(drawn_ids(page)) == expected
    sentence = f"{len(expected)} of {len(CHRON.events)} events"
    assert page.get_by_text(sentence, exact=False).count() >= 1
    page.reload()
    wait_ready(page)
    assert set(drawn_ids(page)) == expected
    assert page.get_by_text(sentence, exact=False).count() >= 1


def test_event_details_from_a_store_link_their_sources(yaml_store_server: Server, page: Any) -> None:
    ev = CHRON.event("nsdc-decision-decree-679")
    assert ev is not None
    page.goto(f"{yaml_store_server.url}/?event={ev.id}")
    wait_ready(page)
    assert page.get_by_role("heading", name=ev.title).count() == 1
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    for sid in ev.sources:
        assert CHRON.sources[sid].url in hrefs


def test_table_view_of_a_store(yaml_store_server: Server, page: Any) -> None:
    expected = expected_ids({"category": ["treaty"]})
    page.goto(f"{yaml_store_server.url}/?view=table&category=treaty")
    wait_ready(page)
    page.wait_for_selector("[data-testid=stDataFrame] table tbody tr", state="attached", timeout=30_000)
    titles = page.evaluate("""() => Array.from(document.querySelectorAll('[data-testid=stDataFrame] tbody tr'))
        .map(r => r.querySelectorAll('td')[1]?.textContent)""")
    assert set(titles) == {CHRON.event(i).title for i in expected}  # type: ignore[union-attr]


def test_a_large_store_counts_agree_with_its_file(synth: tuple[Path, Path], synth_server: Server, page: Any) -> None:
    table = pq.read_table(synth[0], columns=["category", "id"])
    treaties = int(pc.sum(pc.equal(table.column("category"), "treaty")).as_py())
    assert 0 < treaties < SYNTH_ROWS
    page.goto(synth_server.url + "/")
    wait_ready(page)
    ids = drawn_ids(page)
    assert 0 < len(set(ids)) <= 1000
    assert page.get_by_text(f"All {SYNTH_ROWS} events").count() == 1
    meta = wait_plot(page).evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.meta")
    assert meta["total"] == SYNTH_ROWS
    assert meta["aggregated"] is True
    assert sum(meta["lane_counts"].values()) == SYNTH_ROWS
    # a filter in the URL: the sentence and the chart follow it
    page.goto(synth_server.url + "/?category=treaty")
    wait_ready(page)
    wait_plot(page)
    assert page.get_by_text(f"{treaties} of {SYNTH_ROWS} events", exact=False).count() >= 1
    known = set(table.filter(pc.equal(table.column("category"), "treaty")).column("id").to_pylist())
    assert set(drawn_ids(page)) <= known
