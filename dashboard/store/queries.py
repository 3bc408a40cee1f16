"""The event store: every question the dashboard asks of its events, as Ibis expressions.

One implementation for every engine (:mod:`.engines`). The filters are those of
:mod:`dashboard.core.query` (the rules are in its docstring), taken from an engine-neutral
:class:`~dashboard.core.query.FilterState`; every value of the state reaches the engine as an Ibis
literal (never as SQL text). Text search is a word index (:mod:`.words`): every word of the search
must begin a word of the title, summary or notes.

Dates are int64 epoch milliseconds and integer years and months; buckets are computed with
integer arithmetic on non-negative numbers (shifted), so BC dates bucket the same on every engine.

Every result is bounded: a count, facet values (at most ``limit`` per facet), density buckets (at
most :data:`MAX_BUCKETS`), marks (at most the budget), a page of rows.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import ibis
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..core.dates import MAX_YEAR, MIN_YEAR, MS_PER_DAY, civil_from_days, day_text, days_from_civil
from ..core.facets import FACETS, Facet
from ..core.frame import COLUMNS, EXTRA_COLUMNS, frame_from_columns
from ..core.links import SYMMETRIC_TYPES, links_from_columns, step_rules
from ..core.loader import Event, Image, Source
from ..core.models import STATUSES
from ..core.query import FilterState, date_window
from .engines import Connection, connect
from .layout import DETAILS_SCHEMA, EVENTS_SCHEMA, LIST_COLUMNS, StoreMeta, codes_column, read_meta
from .words import query_words

__all__ = [
    "DENSITY_UNITS",
    "FACET_LIMIT",
    "MAX_BUCKETS",
    "MAX_CHOSEN",
    "Density",
    "EventStore",
    "open_store",
    "view_warnings",
]

FACET_LIMIT: Final = 1000
"""Values listed per facet (the most frequent; chosen values are always listed)."""
MAX_BUCKETS: Final = 2000
MAX_CHOSEN: Final = 200
"""Values of one facet a state may choose (more are ignored by the UI and the CLI, with a warning)."""
DENSITY_UNITS: Final = ("day", "month", "year", "decade", "century", "millennium")
_SEARCHES_KEPT: Final = 8
_DAY_SHIFT: Final = 5_000_000  # days: puts every day of years -9999..9999 above zero
_YEAR_SHIFT: Final = 100_000  # years: the same for years
_YEARS: Final = {"decade": 10, "century": 100, "millennium": 1000}
_UNIT_DAYS: Final = {"day": 1, "month": 30, "year": 365, "decade": 3652, "century": 36524, "millennium": 365242}


@dataclass(frozen=True)
class Density:
    """Events per bucket of time, by their earliest bound: ``starts_ms[i]`` holds ``counts[i]``."""

    unit: str
    starts_ms: tuple[int, ...]
    counts: tuple[int, ...]

    def labels(self) -> list[str]:
        """ISO labels of the buckets: ``2022-09-01`` (day), ``2022-09`` (month), ``2022`` (year+)."""
        out = []
        for ms in self.starts_ms:
            y, m, d = civil_from_days(ms // MS_PER_DAY)
            out.append(day_text(y, m if self.unit in ("day", "month") else 0, d if self.unit == "day" else 0))
        return out

    def as_dict(self) -> dict[str, Any]:
        return {"unit": self.unit, "buckets": dict(zip(self.labels(), self.counts, strict=True))}


class EventStore:
    """The events of one store on one engine. Cheap to make (one per session or command)."""

    def __init__(self, connection: Connection, meta: StoreMeta) -> None:
        self.connection = connection
        self.meta = meta
        self._t = connection.events
        self._words = connection.words
        self._searches: dict[tuple[str, ...], pa.Array] = {}  # searches, and chains (key "\0chain", ...)
        self._levels: dict[FilterState, _Summary] = {}

    @property
    def engine(self) -> str:
        return self.connection.name

    @property
    def total(self) -> int:
        """Events in the store (from its metadata: no query)."""
        return self.meta.rows

    # --- filters --------------------------------------------------------------------

    def _predicates(self, state: FilterState, *, skip: Facet | None = None) -> list[Any]:
        t = self._t
        preds: list[Any] = []
        lo, hi = date_window(state)
        lo_ms = int(lo.astype(np.int64)) * 1000 if lo is not None else None
        hi_ms = int(hi.astype(np.int64)) * 1000 + 999 if hi is not None else None
        if state.match == "within":
            if lo_ms is not None:
                preds.append((t.earliest_ms >= lo_ms) & ~t.open_start)
            if hi_ms is not None:
                preds.append((t.latest_ms <= hi_ms) & ~t.open_end)
        else:
            if lo_ms is not None:
                preds.append((t.latest_ms >= lo_ms) | t.open_end)
            if hi_ms is not None:
                preds.append((t.earliest_ms <= hi_ms) | t.open_start)
        if state.importance > 1:
            preds.append(t.importance >= state.importance)
        for f in FACETS:
            chosen: tuple[str, ...] = getattr(state, f.field)[:MAX_CHOSEN]
            if not chosen or f is skip:
                continue
            column = t[f.column]
            if f.multi:
                preds.append(functools.reduce(operator.or_, [column.contains(v) for v in chosen]))
            else:
                preds.append(column.isin(list(chosen)))
        words = query_words(state.q)
        if words:
            found = ibis.memtable(pa.table({"seq": self._search(tuple(words))}))
            preds.append(t.seq.isin(found.seq))
        if state.chain:
            chained = ibis.memtable(pa.table({"id": self.chain(state.chain, state.depth, state.direction)}))
            preds.append(t.id.isin(chained.id))
        return preds

    def chain(self, start: str, depth: int, direction: str) -> pa.Array:
        """The ids of ``start`` and of every event reachable from it through the ``links`` table in
        at most ``depth`` steps in ``direction`` (the rules of :mod:`dashboard.core.links`): one query
        per step, each a semi-join of the links on the ids reached by the step before (kept for the
        last few chains). Empty when ``start`` is no event."""
        key = ("\0chain", start, str(depth), direction)
        cached = self._searches.get(key)
        if cached is not None:
            return cached
        found: set[str] = set()
        if self.has_ids([start]):
            found.add(start)
            walks = ["back", "forward"] if direction == "both" else [direction]
            for walk in walks:
                rules = step_rules(walk)
                if direction == "both":
                    rules = [*rules, (SYMMETRIC_TYPES, True), (SYMMETRIC_TYPES, False)]
                found |= self._walk(start, depth, rules)
        result = pa.array(sorted(found), type=pa.string())
        if len(self._searches) >= _SEARCHES_KEPT:
            self._searches.pop(next(iter(self._searches)))
        self._searches[key] = result
        return result

    def _walk(self, start: str, depth: int, rules: Sequence[tuple[frozenset[str], bool]]) -> set[str]:
        """The events that ``depth`` steps of ``rules`` reach from ``start`` (see ``step_rules``)."""
        links = self.connection.links
        seen = {start}
        frontier = [start]
        for _ in range(depth):
            front = ibis.memtable(pa.table({"id": pa.array(frontier, type=pa.string())}))
            steps = []
            for types, along in rules:
                near, far = (links.src, "dst") if along else (links.dst, "src")
                picked = links.filter(links.type.isin(sorted(types)), near.isin(front.id))
                steps.append(picked.select(other=picked[far]))
            reached = ibis.union(*steps, distinct=True).to_pyarrow().column("other").to_pylist()
            frontier = [x for x in reached if x not in seen]
            if not frontier:
                break
            seen.update(frontier)
        return seen

    def links_to(self, event_id: str, *, limit: int = 100) -> list[tuple[str, str]]:
        """``(source id, type)`` of the links to ``event_id`` (at most ``limit``, by source id)."""
        links = self.connection.links
        rows = links.filter(links.dst == event_id).order_by(["src", "type"]).limit(limit).to_pyarrow()
        return list(zip(rows.column("src").to_pylist(), rows.column("type").to_pylist(), strict=True))

    def _search(self, words: tuple[str, ...]) -> pa.Array:
        """The ``seq`` of the rows having every word (as a word's beginning), from the word index.

        Fetched once per search and kept (the last few searches), then joined as a small table
        whose size the engine knows: a sub-query over the index made DuckDB build its hash table
        on the ten million events instead (0.8 s even for a word that is nowhere).
        """
        cached = self._searches.get(words)
        if cached is not None:
            return cached
        rows: pa.Array | None = None
        for word in words:  # longest first: the rarest, usually
            found = self._word_rows(word).to_pyarrow().column(0).combine_chunks()
            rows = found if rows is None else pc.filter(rows, pc.is_in(rows, value_set=found))
            if not len(rows):
                break
        result = rows.cast(pa.int64()) if rows is not None else pa.array([], type=pa.int64())
        if len(self._searches) >= _SEARCHES_KEPT:
            self._searches.pop(next(iter(self._searches)))
        self._searches[words] = result
        return result

    def _word_rows(self, word: str) -> Any:
        """The ``seq`` of events having a word that begins with ``word`` (a range of the sorted index)."""
        w = self._words
        upper = word[:-1] + chr(ord(word[-1]) + 1)
        return w.filter((w.word >= word) & (w.word < upper)).select("seq")

    def _filtered(self, state: FilterState, *, skip: Facet | None = None) -> Any:
        preds = self._predicates(state, skip=skip)
        return self._t.filter(*preds) if preds else self._t

    @staticmethod
    def _window(table: Any, lo_ms: int | None, hi_ms: int | None) -> Any:
        """Events whose span meets ``[lo_ms, hi_ms]`` (open ends run on for ever)."""
        preds = []
        if lo_ms is not None:
            preds.append((table.latest_ms >= lo_ms) | table.open_end)
        if hi_ms is not None:
            preds.append((table.earliest_ms <= hi_ms) | table.open_start)
        return table.filter(*preds) if preds else table

    # --- counts ---------------------------------------------------------------------

    def count(self, state: FilterState) -> int:
        """Events passing every filter of ``state``."""
        if not state.is_filtered():
            return self.total
        return sum(self.importance_counts(state).values())

    def importance_counts(self, state: FilterState) -> dict[int, int]:
        """Events passing ``state`` per importance (one small aggregate, kept for the last few
        states: the count, the extent and the marks of a rerun all need it)."""
        return self._summary(state).levels

    def _summary(self, state: FilterState) -> _Summary:
        """:meth:`importance_counts`, :meth:`extent` and the category and status counts of
        ``state``, from one aggregate."""
        key = _state_key(state)
        found = self._levels.get(key)
        if found is None:
            # unfiltered, the facets come from the metadata: importance alone is grouped
            found = _summary(self._filtered(state), joint=state.is_filtered())
            if len(self._levels) >= _SEARCHES_KEPT:
                self._levels.pop(next(iter(self._levels)))
            self._levels[key] = found
        return found

    def forget(self) -> None:
        """Drop what was kept from earlier questions (searches, counts): the next answers are computed."""
        self._searches.clear()
        self._levels.clear()

    def facet_counts(self, state: FilterState, facet: Facet, *, limit: int = FACET_LIMIT) -> list[tuple[str, int]]:
        """``(value, events)`` for one facet with every OTHER filter applied (the sidebar's counts).

        Categories and statuses: every declared value in order (zeros too), then others by count. Other
        facets: the ``limit`` most frequent, by count then value. Chosen values are always listed.
        """
        chosen: tuple[str, ...] = getattr(state, facet.field)[:MAX_CHOSEN]
        preds = self._predicates(state, skip=facet)
        known = self.meta.facets.get(facet.name)
        if known is not None and limit <= FACET_LIMIT and not preds:
            # no other filter: the counts over every event, computed by ingest
            listed = list(known) if self._declared(facet) is not None else list(known[:limit])
            names = {v for v, _ in listed}
            missing = [v for v in chosen if v not in names]
            if missing:
                found = self._count_values(facet, missing)
                listed += [(v, found.get(v, 0)) for v in missing]
            return listed
        table = self._t.filter(*preds) if preds else self._t
        declared = self._declared(facet)
        if facet.multi:  # counted by integer codes, the (at most ``limit``) values named after
            codes = table.select(code=table[codes_column(facet.column)].unnest())
            by_code = codes.group_by("code").aggregate(n=lambda s: s.count())
            top = by_code.order_by([by_code.n.desc(), by_code.code.asc()]).limit(limit)
            out = sorted(_pairs(self._named(facet, top).to_pyarrow()), key=lambda vn: (-vn[1], vn[0]))
            missing = [v for v in chosen if v not in {k for k, _ in out}]
            if missing:
                v = self._values(facet)
                wanted = by_code.join(v.filter(v.value.isin(missing)), by_code.code == v.code)
                found = dict(_pairs(wanted.select("value", "n").to_pyarrow()))
                out += [(x, found.get(x, 0)) for x in missing]
            present = {k for k, _ in out}
            return out + [(x, 0) for x in chosen if x not in present]
        grouped = table.select(value=table[facet.column]).group_by("value").aggregate(n=lambda s: s.count())
        if declared is not None:
            if preds and not chosen and facet.column in _SUMMARY_COLUMNS:
                # its own filter is not set: the other filters are all of them (some), whose
                # summary (kept for this rerun: the count asks it too) already counts this column
                by_value = self._summary(state).by(facet.column)
            else:
                by_value = dict(_pairs(grouped.to_pyarrow()))
            extra = sorted((v for v in by_value if v not in declared), key=lambda v: (-by_value[v], v))
            out = [(v, by_value.get(v, 0)) for v in declared] + [(v, by_value[v]) for v in extra]
        else:
            top = grouped.order_by([grouped.n.desc(), grouped.value.asc()]).limit(limit)
            out = _pairs(top.to_pyarrow())
            missing = [v for v in chosen if v not in {k for k, _ in out}]
            if missing:
                found = dict(_pairs(grouped.filter(grouped.value.isin(missing)).to_pyarrow()))
                out += [(v, found.get(v, 0)) for v in missing]
        present = {k for k, _ in out}
        return out + [(v, 0) for v in chosen if v not in present]

    def _values(self, facet: Facet) -> Any:
        """``(value, code)`` of a coded list facet (:data:`~.layout.CODED_COLUMNS`)."""
        v = self.connection.facet_values
        return v.filter(v.facet == facet.column).select("value", "code")

    def _named(self, facet: Facet, counted: Any) -> Any:
        """``counted`` (a ``code`` column and others) with each code's value instead."""
        v = self._values(facet)
        joined = counted.join(v, counted.code == v.code)
        return joined.select("value", *(c for c in counted.columns if c != "code"))

    def _count_values(self, facet: Facet, values: Sequence[str]) -> dict[str, int]:
        """Events having each of ``values`` for ``facet``, over every event."""
        t = self._t
        column = t[facet.column]
        rows = t.select(value=column.unnest() if facet.multi else column)
        rows = rows.filter(rows.value.isin(list(values)))
        return dict(_pairs(rows.group_by("value").aggregate(n=lambda s: s.count()).to_pyarrow()))

    def _declared(self, facet: Facet) -> list[str] | None:
        """The values a one-valued facet lists in order, zeros included (None: by count)."""
        if facet.name == "category":
            return list(self.meta.categories)
        if facet.name == "status":
            return list(STATUSES)
        return None

    def facets(self, state: FilterState, *, limit: int = FACET_LIMIT) -> dict[str, list[tuple[str, int]]]:
        """:meth:`facet_counts` of every facet, by facet name."""
        return {f.name: self.facet_counts(state, f, limit=limit) for f in FACETS}

    def extent(self, state: FilterState) -> tuple[int, int] | None:
        """``(earliest, latest)`` epoch ms of the events passing ``state``, or None if none do."""
        return self._summary(state).extent

    def density(
        self,
        state: FilterState,
        *,
        unit: str | None = None,
        window: tuple[int, int] | None = None,
    ) -> Density:
        """Events passing ``state`` per bucket of their earliest bound.

        ``window`` (epoch ms) limits the events to those starting in it; ``unit`` (one of
        :data:`DENSITY_UNITS`) defaults to the finest that gives at most :data:`MAX_BUCKETS` buckets
        over the window, or over the events' extent.
        """
        table = self._filtered(state)
        span = window or self.extent(state)
        if span is None:
            return Density(unit or "year", (), ())
        if unit is None:
            unit = choose_unit(span[0], span[1])
        if unit not in DENSITY_UNITS:
            raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(DENSITY_UNITS)}")
        if window is not None:
            table = table.filter((table.earliest_ms >= window[0]) & (table.earliest_ms <= window[1]))
        key = _bucket_key(table, unit)
        grouped = table.select(key=key).group_by("key").aggregate(n=lambda s: s.count())
        rows = grouped.order_by("key").limit(MAX_BUCKETS * 4).to_pyarrow().to_pylist()
        starts = tuple(_bucket_start(unit, int(r["key"])) for r in rows)
        return Density(unit, starts, tuple(int(r["n"]) for r in rows))

    def lane_density(
        self, state: FilterState, facet: Facet, *, unit: str, window: tuple[int, int] | None = None
    ) -> list[tuple[str | None, int, int]]:
        """Events passing ``state`` (and meeting ``window``, epoch ms) per value of ``facet`` and
        bucket of ``unit``: ``(value, bucket start ms, events)``, value None for the events without
        one. An event with several values counts once in each (the timeline's lanes)."""
        if unit not in DENSITY_UNITS:
            raise ValueError(f"unknown unit {unit!r}: use one of {', '.join(DENSITY_UNITS)}")
        table = self._filtered(state)
        if window is not None:
            table = self._window(table, window[0], window[1])
        key = _bucket_key(table, unit)
        column = table[facet.column]
        if facet.multi:
            pairs = table.select(code=table[codes_column(facet.column)].unnest(), key=key)
            counted = pairs.group_by(["code", "key"]).aggregate(n=lambda s: s.count())
            found = _triples(self._named(facet, counted).to_pyarrow())
            empty = table.filter(column.length().fill_null(0) == 0)
            none = empty.select(value=ibis.null("string"), key=_bucket_key(empty, unit))
            found += _triples(none.group_by(["value", "key"]).aggregate(n=lambda s: s.count()).to_pyarrow())
            return [(v, _bucket_start(unit, int(k)), int(n)) for v, k, n in found]
        grouped = table.select(value=column, key=key).group_by(["value", "key"]).aggregate(n=lambda s: s.count())
        return [(v, _bucket_start(unit, int(k)), int(n)) for v, k, n in _triples(grouped.to_pyarrow())]

    # --- rows -----------------------------------------------------------------------

    def marks(
        self,
        state: FilterState,
        *,
        window: tuple[int, int] | None = None,
        budget: int = 1000,
        lists: Sequence[str] = LIST_COLUMNS,
    ) -> pd.DataFrame:
        """The events to draw one by one: at most ``budget`` of those passing ``state`` (and meeting
        ``window``, epoch ms), the most important first (then earliest), returned in event order.
        The frame's summary, notes, sources and extras are empty (:meth:`event` has them), and of
        its list columns only ``lists`` are read (the others are empty): the chosen rows lie all
        over the table, so every column read is read nearly whole.

        The importance threshold is found first from the counts per importance (one small
        aggregate), so the engine sorts only the rows that can be drawn.
        """
        table = self._filtered(state)
        if window is None:
            rank = table.importance.cast("int16")
            counts = self.importance_counts(state)
        else:
            # in a window, the events that lie wholly inside it come first (a week's events before
            # the years and the long spans around it, which the lanes' strips count), then importance
            table = self._window(table, window[0], window[1])
            inside = (table.earliest_ms >= window[0]) & (table.latest_ms <= window[1])
            inside = inside & ~table.open_start & ~table.open_end
            rank = (inside.ifelse(10, 0) + table.importance).cast("int16")
            table = table.mutate(mark_rank=rank)
            rank = table["mark_rank"]
            levels = table.group_by("mark_rank").aggregate(n=lambda s: s.count()).to_pyarrow().to_pylist()
            counts = {int(r["mark_rank"]): int(r["n"]) for r in levels}
        threshold, running = min(counts, default=1), 0
        for level in sorted(counts, reverse=True):
            running += counts[level]
            threshold = level
            if running >= budget:
                break
        if threshold > min(counts, default=1):
            table = table.filter(rank >= threshold)
        if running > budget:
            # the choice reads only the keys; the chosen rows' other columns are read afterwards
            # (a top-N over whole rows read every column of every candidate: 1 s at 10M)
            keys = table.select("rid", "earliest_ms", "order", mark_key=rank)
            top = keys.order_by([keys["mark_key"].desc(), keys.earliest_ms, keys.order, keys.rid]).limit(budget)
            chosen = top.to_pyarrow().column("rid").combine_chunks()
            t = self._t
            table = t.filter(t.rid.isin(ibis.memtable(pa.table({"rid": chosen.cast(pa.int64())})).rid))
        # what the timeline draws is all in ``events``: no details (summary, notes... stay empty)
        wanted = [c for c in _MARK_COLUMNS if c not in LIST_COLUMNS or c in lists]
        return self._frame(table.select(*wanted).order_by("rid").to_pyarrow(), details=False)

    def rows(self, state: FilterState, *, offset: int = 0, limit: int = 100) -> pd.DataFrame:
        """A page of the events passing ``state``, in event order (earliest, order, id)."""
        table = self._filtered(state).order_by("rid").limit(limit, offset=offset)
        # select the columns again: PySpark's offset adds a row-number column of its own
        return self._frame(table.select(*self._t.columns).to_pyarrow())

    def rows_of(self, ids: Sequence[str], *, details: bool = True) -> pd.DataFrame:
        """The events with these ids (those that exist), in event order."""
        t = self._t
        table = t.filter(t.id.isin([str(i) for i in ids])) if ids else t.limit(0)
        return self._frame(table.order_by("rid").to_pyarrow(), details=details)

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        t = self._t
        found = t.filter(t.id == event_id).limit(1).to_pyarrow()
        if not found.num_rows:
            return None
        row = found.to_pylist()[0]
        return _event({**row, **self._details([row["seq"]]).get(row["seq"], _NO_DETAILS)})

    def _details(self, seqs: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The ``details`` rows of these events, by ``seq``."""
        if not seqs:
            return {}
        d = self.connection.details
        table = d.filter(d.seq.isin([int(x) for x in seqs])).to_pyarrow()
        return {row["seq"]: row for row in table.to_pylist()}

    def sources_of(self, ids: Sequence[str]) -> dict[str, Source]:
        """The sources with these ids (those that exist; of a repeated id, the first ingested)."""
        if not ids:
            return {}
        s = self.connection.sources
        table = s.filter(s.id.isin(list(ids))).order_by(s.seq.desc()).to_pyarrow()
        return {r["id"]: Source(r["id"], r["publisher"], r["title"], r["url"], r["date"]) for r in table.to_pylist()}

    def known_values(self, facet: Facet, values: Sequence[str]) -> set[str]:
        """Which of ``values`` some event has for ``facet``."""
        if not values:
            return set()
        t = self._t
        column = t[facet.column]
        found = t.select(value=column.unnest() if facet.multi else column)
        found = found.filter(found.value.isin(list(values))).distinct()
        return set(found.to_pyarrow().column("value").to_pylist())

    def has_ids(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are events of the store."""
        if not ids:
            return set()
        t = self._t
        return set(t.filter(t.id.isin(list(ids))).select("id").to_pyarrow().column("id").to_pylist())

    def _frame(self, table: pa.Table, *, details: bool = True) -> pd.DataFrame:
        """Rows of the events table as the frame (``docs/frame-columns.md``) plus the extras; with
        ``details=False`` the columns of ``details`` are left empty (no lookup)."""
        seqs = table.column("seq").to_pylist()
        found = self._details(seqs) if details else {}
        for name in DETAILS_SCHEMA.names:
            if name != "seq":
                values = [found.get(x, _NO_DETAILS)[name] for x in seqs]
                table = table.append_column(name, pa.array(values, type=DETAILS_SCHEMA.field(name).type))
        cols: dict[str, Any] = {}
        for name in COLUMNS:
            if name == "earliest":
                cols[name] = table.column("earliest_ms").to_numpy() // 1000
            elif name == "latest":
                cols[name] = table.column("latest_ms").to_numpy() // 1000
            elif name in ("earliest_ms", "latest_ms"):
                continue
            elif name == "date" and name not in table.column_names:  # not read (marks): empty
                cols[name] = [""] * table.num_rows
            elif name in LIST_COLUMNS:
                if name not in table.column_names:  # not read (marks): empty
                    cols[name] = [[] for _ in range(table.num_rows)]
                else:
                    cols[name] = [list(v) if v is not None else [] for v in table.column(name).to_pylist()]
            else:
                cols[name] = table.column(name).to_pylist()
        frame = frame_from_columns(cols, list(self.meta.categories))
        for name in EXTRA_COLUMNS:  # the store keeps no same_as (an event store is not compared): None
            values = table.column(name).to_pylist() if name in table.column_names else [None] * table.num_rows
            frame[name] = pd.Series(values, dtype=object)
        return frame


_NO_DETAILS: Final[Mapping[str, Any]] = {  # never used by a complete store: a row's details are written with it
    "title": "",
    "date": "",
    "label": "",
    "precision": "day",
    "approximate": False,
    "uncertain": False,
    "interval": False,
    "has_image": False,
    "summary": "",
    "notes": "",
    "sources": [],
    "file": "",
    "line": 0,
    "display_date": None,
    "date_label": None,
    "image_url": None,
    "image_caption": None,
    "image_credit": None,
    "image_alt": None,
    "link_notes": None,
}


_MARK_COLUMNS: Final = tuple(
    c for c in EVENTS_SCHEMA.names if c not in ("year", "month", "date")
)  # what a mark is drawn from (the list columns only when asked for; the EDTF text is not drawn)


_SUMMARY_COLUMNS: Final = ("category", "status")
"""One-valued facet columns counted by the summary of a filter (a few values each)."""


@dataclass(frozen=True)
class _Summary:
    """What one aggregate of the events passing a filter says: events per importance, their extent
    (epoch ms; None when none pass), and events per combination of :data:`_SUMMARY_COLUMNS`."""

    levels: dict[int, int]
    extent: tuple[int, int] | None
    joint: dict[tuple[str | None, ...], int]

    def by(self, column: str) -> dict[str, int]:
        """Events per value of one of :data:`_SUMMARY_COLUMNS` (events without one left out)."""
        k = _SUMMARY_COLUMNS.index(column)
        out: dict[str, int] = {}
        for values, n in self.joint.items():
            if values[k] is not None:
                out[str(values[k])] = out.get(str(values[k]), 0) + n
        return out


def _summary(table: Any, *, joint: bool = True) -> _Summary:
    """The :class:`_Summary` of a table expression (one GROUP BY importance, category, status:
    at most a few hundred rows; ``joint`` False: by importance only, and ``joint`` left empty)."""
    keys = ["importance", *_SUMMARY_COLUMNS] if joint else ["importance"]
    grouped = table.group_by(keys).aggregate(
        n=lambda s: s.count(), lo=lambda s: s.earliest_ms.min(), hi=lambda s: s.latest_ms.max()
    )
    rows = grouped.to_pyarrow().to_pylist()
    levels: dict[int, int] = {}
    found: dict[tuple[str | None, ...], int] = {}
    for r in rows:
        levels[int(r["importance"])] = levels.get(int(r["importance"]), 0) + int(r["n"])
        if len(keys) > 1:
            values = tuple(r[c] for c in _SUMMARY_COLUMNS)
            found[values] = found.get(values, 0) + int(r["n"])
    if not rows:
        return _Summary(levels, None, found)
    extent = (min(int(r["lo"]) for r in rows), max(int(r["hi"]) for r in rows))
    return _Summary(levels, extent, found)


def _state_key(state: FilterState) -> FilterState:
    """The part of a state that decides which events pass (not the view, lanes or selection)."""
    return state.replace(event=None, view="explore", story=None, step=None, lanes="category", links=None)


def _pairs(table: pa.Table) -> list[tuple[str, int]]:
    return [
        (str(v), int(n))
        for v, n in zip(table.column("value").to_pylist(), table.column("n").to_pylist(), strict=True)
        if v is not None
    ]


def _triples(table: pa.Table) -> list[tuple[str | None, int, int]]:
    return list(
        zip(
            table.column("value").to_pylist(),
            table.column("key").to_pylist(),
            table.column("n").to_pylist(),
            strict=True,
        )
    )


def _bucket_key(table: Any, unit: str) -> Any:
    """A bucket's shifted integer key for each row (integer arithmetic: BC dates work on every engine)."""
    if unit == "day":
        key = (table.earliest_ms + _DAY_SHIFT * MS_PER_DAY) // MS_PER_DAY
    elif unit == "month":
        key = (table.year + _YEAR_SHIFT) * 12 + (table.month - 1)
    elif unit == "year":
        key = table.year + _YEAR_SHIFT
    else:
        key = (table.year + _YEAR_SHIFT) // _YEARS[unit]
    return key.cast("int64")


def bucket_end(unit: str, start_ms: int) -> int:
    """Epoch ms of the start of the bucket after the one starting at ``start_ms``."""
    y, m, _d = civil_from_days(start_ms // MS_PER_DAY)
    if unit == "day":
        return start_ms + MS_PER_DAY
    if unit == "month":
        return days_from_civil(y + (m == 12), m % 12 + 1, 1) * MS_PER_DAY
    step = 1 if unit == "year" else _YEARS[unit]
    return days_from_civil(min(MAX_YEAR + 1, y + step), 1, 1) * MS_PER_DAY


def bucket_start_of(unit: str, ms: int) -> int:
    """Epoch ms of the first instant of the bucket of ``unit`` holding the instant ``ms``."""
    if unit == "day":
        return (ms // MS_PER_DAY) * MS_PER_DAY
    y, m, _d = civil_from_days(ms // MS_PER_DAY)
    if unit == "month":
        return days_from_civil(y, m, 1) * MS_PER_DAY
    if unit == "year":
        return days_from_civil(y, 1, 1) * MS_PER_DAY
    return _bucket_start(unit, (y + _YEAR_SHIFT) // _YEARS[unit])


def choose_unit(lo_ms: int, hi_ms: int, *, max_buckets: int = MAX_BUCKETS) -> str:
    """The finest unit of :data:`DENSITY_UNITS` with at most ``max_buckets`` buckets over the span."""
    days = max(1, (hi_ms - lo_ms) // MS_PER_DAY + 1)
    for unit in DENSITY_UNITS:
        if days / _UNIT_DAYS[unit] <= max_buckets:
            return unit
    return DENSITY_UNITS[-1]


def _bucket_start(unit: str, key: int) -> int:
    """Epoch ms of the first instant of a bucket, from its shifted integer key."""
    if unit == "day":
        return (key - _DAY_SHIFT) * MS_PER_DAY
    if unit == "month":
        year, month0 = divmod(key, 12)
        return days_from_civil(year - _YEAR_SHIFT, month0 + 1, 1) * MS_PER_DAY
    if unit == "year":
        return days_from_civil(key - _YEAR_SHIFT, 1, 1) * MS_PER_DAY
    year = key * _YEARS[unit] - _YEAR_SHIFT
    return days_from_civil(max(MIN_YEAR, min(MAX_YEAR, year)), 1, 1) * MS_PER_DAY


def _event(row: Mapping[str, Any]) -> Event:
    from ..core.dates import DateInfo

    date = DateInfo(
        edtf=row["date"],
        earliest=int(row["earliest_ms"]) // 1000,
        latest=int(row["latest_ms"]) // 1000,
        precision=row["precision"],
        approximate=bool(row["approximate"]),
        uncertain=bool(row["uncertain"]),
        interval=bool(row["interval"]),
        open_start=bool(row["open_start"]),
        open_end=bool(row["open_end"]),
        label=row["date_label"] if row["display_date"] is not None and row["date_label"] else row["label"],
    )
    image = (
        Image(row["image_url"], row["image_caption"], row["image_credit"], row["image_alt"])
        if row["image_url"]
        else None
    )
    return Event(
        id=row["id"],
        date=date,
        title=row["title"],
        category=row["category"],
        summary=row["summary"],
        notes=row["notes"],
        actors=list(row["actors"] or []),
        places=list(row["places"] or []),
        tags=list(row["tags"] or []),
        importance=int(row["importance"]),
        status=row["status"],
        display_date=row["display_date"],
        sources=list(row["sources"] or []),
        related=list(row["related"] or []),
        image=image,
        file=row["file"],
        line=int(row["line"]),
        order=int(row["order"]) or None,
        links=links_from_columns(list(row.get("links") or []), row.get("link_notes")),
    )


def view_warnings(store: EventStore, state: FilterState) -> list[str]:
    """Warnings about a state the store cannot show as asked: too many chosen values (the rest
    are ignored), chosen values that no event has, an event id that is not an event."""
    warnings: list[str] = []
    for f in FACETS:
        chosen: tuple[str, ...] = getattr(state, f.field)
        if not chosen:
            continue
        if len(chosen) > MAX_CHOSEN:
            warnings.append(f"Only the first {MAX_CHOSEN} values of “{f.name}” are used ({len(chosen)} given).")
        known = store.known_values(f, chosen[:MAX_CHOSEN])
        missing = [v for v in chosen[:MAX_CHOSEN] if v not in known]
        if missing:
            names = ", ".join(f"“{v}”" for v in missing[:10]) + (" ..." if len(missing) > 10 else "")
            warnings.append(f"No event has {f.name} {names}.")
    if state.event is not None and not store.has_ids([state.event]):
        warnings.append(f"No event has the id “{state.event}”.")
    if state.chain is not None and not store.has_ids([state.chain]):
        warnings.append(f"No event has the id “{state.chain}” (chain={state.chain}): no links to follow.")
    return warnings


def open_store(folder: str | Path | None, engine: str | None = None) -> EventStore:
    """The store in ``folder`` on ``engine`` (default: embedded DuckDB); see :mod:`.engines`."""
    meta = read_meta(folder) if folder is not None else StoreMeta()
    return EventStore(connect(folder, engine), meta)
