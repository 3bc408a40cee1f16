"""The engine conformance suite: every engine gives the answers of an independent computation.

The same store (a synthetic chronology with BC dates, open ends, intervals, lists with repeated
values, undeclared categories, plus the default chronology) is asked the same questions on each
engine: embedded DuckDB and PySpark in local mode (Java from Debian's default-jre-headless). The
expected answers are computed here, in plain Python over the loaded events, with none of the
store's code: a filter is a Python predicate per event, a facet a Counter, a bucket a date.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.dates import civil_from_days, days_from_civil
from dashboard.core.facets import FACETS
from dashboard.core.loader import Chronology, Event, event_sort_key, load_paths
from dashboard.core.models import STATUSES
from dashboard.core.query import FilterState
from dashboard.io.importers import import_csv
from dashboard.store.ingest import ingest
from dashboard.store.queries import EventStore, open_store
from dashboard.tools import synth

ROOT = Path(__file__).resolve().parents[2]
ENGINES = ("duckdb", "pyspark")


LINKS: list[tuple[str, str, str]] = [
    ("open-start", "causes", "open-end"),
    ("open-end", "part-of", "long-interval"),
    ("open-end", "contradicts", "year-zero"),
    ("year-zero", "responds-to", "same-day-b"),
    ("year-zero", "causes", "synth-2"),
    ("long-interval", "same-as", "same-day-b"),
    ("same-day-b", "causes", "synth-0"),
    ("same-day-b", "part-of", "synth-1"),
]
"""The links of the extra CSV rows (``synth-N``: the N-th event of the synthetic file), read by the
store from the table's ``links`` column; chains are checked against a walk over these."""


def _links_of(row: str, synth_ids: list[str]) -> str:
    named = {f"synth-{k}": eid for k, eid in enumerate(synth_ids)}
    return "; ".join(f"{kind}:{named.get(dst, dst)}" for src, kind, dst in LINKS if src == row)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Chronology]:
    folder = tmp_path_factory.mktemp("conformance")
    synth.write_yaml(folder / "synth.yaml", 1500, seed=7)
    synth_ids = [ev.id for ev in load_paths([folder / "synth.yaml"]).events[:3]]
    extra = folder / "extra.csv"
    rows = [
        ("open-start", '../-0100,"Before the founding, of Ἀθῆναι",Undeclared Cat,Zeno; Zeno; Ana,,,5,,'),
        ("open-end", "1990-05/..,Still going — façade naïve ÉCLAIR,Undeclared Cat,,,,1,disputed,"),
        ("year-zero", "0000-02-29,Leap day of 1 BC,Undeclared Cat,,,leap; leap,,,"),
        ("long-interval", "-0500~/1500?,Two thousand years,Other Cat,,Rome,,,,2"),
        ("same-day-b", "2022-02-21,Same day as the recognition,Other Cat,Russia,,,,,1"),
    ]
    extra.write_text(
        "id,date,title,category,actors,places,tags,importance,status,order,links\n"
        + "".join(f"{eid},{cells},{_links_of(eid, synth_ids)}\n" for eid, cells in rows),
        encoding="utf-8",
    )
    store = folder / "store"
    result = ingest([folder / "synth.yaml", extra], store)
    assert not result.problems, result.problems[:3]
    LINKS[:] = [(src, kind, synth_ids[int(dst[6:])] if dst.startswith("synth-") else dst) for src, kind, dst in LINKS]
    parts = [load_paths([folder / "synth.yaml"]), import_csv(extra.read_bytes(), file=str(extra))]
    for part in parts:  # the CSV alone has no synthetic events to link to
        assert not [p for p in part.problems if "linked event" not in p.message], part.problems[:3]
    chron = Chronology(
        categories={**parts[0].categories, **parts[1].categories},
        sources={**parts[0].sources, **parts[1].sources},
        events=sorted([*parts[0].events, *parts[1].events], key=event_sort_key),
    )
    return store, chron


@pytest.fixture(scope="module", params=ENGINES)
def store(request: pytest.FixtureRequest, data: tuple[Path, Chronology]) -> Iterator[EventStore]:
    return open_store(data[0], request.param)


# --- the independent computation --------------------------------------------------------------


def _words(text: str) -> set[str]:
    return {w for w in re.split(r"[\W_]+", unicodedata.normalize("NFC", text).lower()) if w}


def _day_ms(day: str, *, end: bool) -> int:
    sign = -1 if day.startswith("-") else 1
    y, m, d = (int(x) for x in day.lstrip("-").split("-"))
    ms = days_from_civil(sign * y, m, d) * 86_400_000
    return ms + 86_399_999 if end else ms


def passes(ev: Event, state: FilterState, chron: Chronology, *, skip: str | None = None) -> bool:
    e, lat = ev.date.earliest * 1000, ev.date.latest * 1000
    if state.date_from:
        lo = _day_ms(state.date_from, end=False)
        if state.match == "within":
            if ev.date.open_start or e < lo:
                return False
        elif not (ev.date.open_end or lat >= lo):
            return False
    if state.date_to:
        hi = _day_ms(state.date_to, end=True)
        if state.match == "within":
            if ev.date.open_end or lat > hi:
                return False
        elif not (ev.date.open_start or e <= hi):
            return False
    if ev.importance < state.importance:
        return False
    for f in FACETS:
        chosen = getattr(state, f.field)
        if not chosen or f.name == skip:
            continue
        if not set(values_of(ev, f.name, chron)) & set(chosen):
            return False
    if state.q:
        words = _words(f"{ev.title} {ev.summary} {ev.notes}")
        for w in _words(state.q):
            if not any(x.startswith(w) for x in words):
                return False
    return state.chain is None or ev.id in walk(state.chain, state.depth, state.direction, chron)


def walk(start: str, depth: int, direction: str, chron: Chronology) -> set[str]:
    """The events ``depth`` links away from ``start`` (docs/format.md, "Following links"), over
    :data:`LINKS`: back from X are what X responds to or is part of and what causes X; forward the
    reverse; ``both`` is the two walks, each also through ``contradicts`` and ``same-as`` either way."""
    key = (start, depth, direction, id(chron))
    if key not in _WALKS:
        _WALKS[key] = _walk(start, depth, direction, chron)
    return _WALKS[key]


_WALKS: dict[tuple[str, int, str, int], set[str]] = {}


def _walk(start: str, depth: int, direction: str, chron: Chronology) -> set[str]:
    if all(ev.id != start for ev in chron.events):
        return set()
    back = {"responds-to": True, "part-of": True, "causes": False}  # type -> along the written direction
    found = {start}
    for way in ["back", "forward"] if direction == "both" else [direction]:
        seen, front = {start}, {start}
        for _ in range(depth):
            step: set[str] = set()
            for src, kind, dst in LINKS:
                if kind in back:
                    along = back[kind] == (way == "back")
                    if along and src in front:
                        step.add(dst)
                    if not along and dst in front:
                        step.add(src)
                elif direction == "both":
                    step |= {dst} if src in front else set()
                    step |= {src} if dst in front else set()
            front = step - seen
            seen |= front
        found |= seen
    return found


def values_of(ev: Event, facet: str, chron: Chronology) -> list[str]:
    if facet == "category":
        return [ev.category]
    if facet == "status":
        return [ev.status]
    if facet == "source":
        return list(dict.fromkeys(chron.sources[s].publisher for s in ev.sources if s in chron.sources))
    return list(dict.fromkeys(getattr(ev, facet + "s")))


def expected_facet(state: FilterState, chron: Chronology, facet: str) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for ev in chron.events:
        if passes(ev, state, chron, skip=facet):
            counts.update(values_of(ev, facet, chron))
    out = dict(counts)
    declared = list(chron.categories) if facet == "category" else list(STATUSES) if facet == "status" else []
    for value in [*declared, *getattr(state, next(f.field for f in FACETS if f.name == facet))]:
        out.setdefault(value, 0)
    return out


def bucket(ms: int, unit: str) -> str:
    y, m, d = civil_from_days(ms // 86_400_000)
    if unit == "day":
        return f"{'-' if y < 0 else ''}{abs(y):04d}-{m:02d}-{d:02d}"
    if unit == "month":
        return f"{'-' if y < 0 else ''}{abs(y):04d}-{m:02d}"
    size = {"year": 1, "decade": 10, "century": 100, "millennium": 1000}[unit]
    y = (y // size) * size
    return f"{'-' if y < 0 else ''}{abs(y):04d}"


STATES = [
    FilterState(),
    FilterState(categories=("treaty",)),
    FilterState(date_from="2022-01-01", date_to="2022-12-31"),
    FilterState(date_from="-0200-01-01", date_to="0001-12-31", match="within"),
    FilterState(date_to="-0050-01-01"),
    FilterState(actors=("Russia", "Zeno")),
    FilterState(actors=("Ana",), categories=("undeclared-cat",)),
    FilterState(categories=("other-cat",), date_from="2022-02-21", date_to="2022-02-21"),
    FilterState(q="treaty"),
    FilterState(q="éclair naï"),
    FilterState(q="ἀθῆναι"),
    FilterState(importance=4, statuses=("disputed", "reported")),
    FilterState(tags=("leap",), places=("Rome",)),
    FilterState(sources=("BBC News",), date_from="2014-01-01"),
    FilterState(actors=("nobody-has-this", "O'Brien \"; DROP TABLE events; --")),
]
CHAIN_STATES = [
    *(
        FilterState(chain=start, depth=depth, direction=direction)  # type: ignore[arg-type]
        for start in ("open-end", "year-zero")
        for direction in ("back", "forward", "both")
        for depth in (1, 2, 3)
    ),
    FilterState(chain="same-day-b", depth=2, direction="back"),
    FilterState(chain="open-start", depth=3, categories=("undeclared-cat",)),
    FilterState(chain="open-start", depth=3, date_from="1000-01-01"),
    FilterState(chain="year-zero", depth=2, direction="forward", importance=3),
    FilterState(chain="long-interval", depth=1, q="thousand"),
    FilterState(chain="no-such-event", depth=2),
]


def check_state(store: EventStore, chron: Chronology, state: FilterState) -> None:
    matched = [ev for ev in chron.events if passes(ev, state, chron)]
    assert store.count(state) == len(matched)
    facets = store.facets(state)
    for f in FACETS:
        assert dict(facets[f.name]) == expected_facet(state, chron, f.name), f.name
    for unit in ("day", "year", "century"):
        density = store.density(state, unit=unit).as_dict()
        expected = Counter(bucket(ev.date.earliest * 1000, unit) for ev in matched)
        assert density["buckets"] == dict(sorted(expected.items(), key=lambda kv: _bucket_key(kv[0]))), unit
    for lane in ("category", "actor", "source"):
        cells = store.lane_density(state, next(f for f in FACETS if f.name == lane), unit="century")
        got: Counter[tuple[str | None, str]] = Counter()
        for value, start, n in cells:
            got[(value, bucket(start, "century"))] += n
        want: Counter[tuple[str | None, str]] = Counter()
        for ev in matched:
            for value in values_of(ev, lane, chron) or [None]:
                want[(value, bucket(ev.date.earliest * 1000, "century"))] += 1
        assert got == want, lane
    marks = store.marks(state, budget=25)
    order = sorted(matched, key=lambda ev: (-ev.importance, ev.date.earliest, ev.order or 0, ev.id))[:25]
    assert sorted(marks["id"]) == sorted(ev.id for ev in order)
    page = store.rows(state, offset=3, limit=7)
    assert list(page["id"]) == [ev.id for ev in matched[3:10]]


def _bucket_key(label: str) -> tuple[int, ...]:
    sign = -1 if label.startswith("-") else 1
    parts = [int(x) for x in label.lstrip("-").split("-")]
    return (sign * parts[0], *parts[1:])


@pytest.mark.parametrize("state", STATES, ids=range(len(STATES)))
def test_engine_answers_as_computed(store: EventStore, data: tuple[Path, Chronology], state: FilterState) -> None:
    check_state(store, data[1], state)


@pytest.mark.parametrize(
    "state", CHAIN_STATES, ids=[f"{s.chain}-{s.direction}-{s.depth}-{k}" for k, s in enumerate(CHAIN_STATES)]
)
def test_engine_follows_chains_as_computed(
    store: EventStore, data: tuple[Path, Chronology], state: FilterState
) -> None:
    """Every engine walks the same links to the same ids (and counts, facets, pages with them)."""
    check_state(store, data[1], state)
    chron = data[1]
    assert state.chain is not None
    assert set(store.chain(state.chain, state.depth, state.direction).to_pylist()) == walk(
        state.chain, state.depth, state.direction, chron
    )


def test_the_chains_are_not_trivial(data: tuple[Path, Chronology]) -> None:
    sizes = {
        (s.chain, s.direction, s.depth): len(walk(s.chain or "", s.depth, s.direction, data[1])) for s in CHAIN_STATES
    }
    assert sizes[("open-end", "both", 3)] == 7  # 6 back (through contradicts and same-as), synth-2 forward
    assert sizes[("open-end", "back", 1)] == 3  # open-start causes it; it is part of long-interval
    assert sizes[("year-zero", "forward", 1)] == 2  # it causes synth-2
    assert sizes[("no-such-event", "both", 2)] == 0


def test_event_by_id_is_the_loaded_event(store: EventStore, data: tuple[Path, Chronology]) -> None:
    chron = data[1]
    for ev in [chron.events[0], chron.events[-1], *[e for e in chron.events if e.id in ("open-start", "year-zero")]]:
        got = store.event(ev.id)
        assert got is not None
        assert got.date == ev.date
        assert (got.title, got.category, got.summary, got.notes) == (ev.title, ev.category, ev.summary, ev.notes)
        assert got.sources == ev.sources
        assert got.actors == list(dict.fromkeys(ev.actors))
        assert got.image == ev.image
        assert got.display_date == ev.display_date
        assert got.order == ev.order
        for sid, src in store.sources_of(ev.sources).items():
            assert src == chron.sources[sid]
    assert store.event("no-such-event") is None


def test_total_and_extent(store: EventStore, data: tuple[Path, Chronology]) -> None:
    chron = data[1]
    assert store.total == len(chron.events)
    extent = store.extent(FilterState())
    assert extent == (
        min(ev.date.earliest for ev in chron.events) * 1000,
        max(ev.date.latest for ev in chron.events) * 1000,
    )
    assert store.extent(FilterState(actors=("nobody",))) is None


_VALUES: dict[str, list[str]] = {
    "categories": ["treaty", "undeclared-cat", "other-cat", "nope"],
    "actors": ["Russia", "Zeno", "Ana", "Ukraine"],
    "tags": ["leap", "context"],
    "statuses": list(STATUSES),
}


@given(
    st.fixed_dictionaries(
        {
            "date_from": st.none() | st.sampled_from(["-0600-01-01", "1900-01-01", "2022-02-21"]),
            "date_to": st.none() | st.sampled_from(["0000-02-29", "2022-09-30", "2100-01-01"]),
            "match": st.sampled_from(["overlap", "within"]),
            "importance": st.integers(1, 5),
            "q": st.sampled_from(["", "the", "war treaty", "x"]),
            **{k: st.lists(st.sampled_from(v), max_size=2, unique=True).map(tuple) for k, v in _VALUES.items()},
        }
    )
)
def test_duckdb_on_random_states(data: tuple[Path, Chronology], fields: dict[str, Any]) -> None:
    if fields["date_from"] and fields["date_to"] and _bucket_key(fields["date_from"]) > _bucket_key(fields["date_to"]):
        fields["date_from"], fields["date_to"] = fields["date_to"], fields["date_from"]
    check_state(open_store(data[0]), data[1], FilterState(**fields))
