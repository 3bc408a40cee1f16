"""What the pages ask of the events they show: one small protocol, two implementations.

The explore, table and present pages (``dashboard/ui``) never filter a DataFrame themselves: they
ask a :class:`ViewSource` for the count, the facets, the timeline, a page of rows, one event, its
sources. :class:`FrameSource` answers from a loaded chronology's frame in memory (a YAML file, an
upload: what opens in a blink); :class:`StoreSource` answers from an event store
(:mod:`dashboard.store`) on DuckDB or another engine, where the work and what comes back stay
bounded whatever the number of events. Rows asked for are capped for a store
(:data:`TABLE_ROWS`, :data:`EXPORT_ROWS`) and the page says so.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final, Protocol

import pandas as pd
import plotly.graph_objects as go  # type: ignore[import-untyped, unused-ignore]

from ..core.dates import MS_PER_DAY, days_from_civil
from ..core.frame import COLUMNS, EXTRA_COLUMNS, FrameEvents
from ..core.links import decode_link
from ..core.loader import Chronology, Event, Link, Source
from ..core.query import FilterState, apply_filters, check_against, facet_counts_all, window_ms
from ..render.figures import DEFAULT_MAX_MARKS, DEFAULT_PLOT_WIDTH, draw_timeline, timeline_figure

if TYPE_CHECKING:  # the store (and Ibis) is imported only when a store is opened
    from .queries import EventStore

__all__ = ["EXPORT_ROWS", "TABLE_ROWS", "FrameSource", "StoreSource", "ViewSource"]

TABLE_ROWS: Final = 1_000
"""Rows of a page of a store's table view (in time order; the count says how many match)."""
EXPORT_ROWS: Final = 100_000
"""Events of a store's download, at most (the first in time order)."""
_BC_MS: Final = days_from_civil(1, 1, 1) * MS_PER_DAY  # 1 January AD 1, 00:00 UTC: earlier is BC


class ViewSource(Protocol):
    """The events a page shows, asked through filter states (:class:`dashboard.core.query.FilterState`)."""

    @property
    def chron(self) -> Chronology:
        """The chronology's header: title, categories, stories, problems (its events may be few)."""
        ...

    @property
    def total(self) -> int:
        """Events, unfiltered."""
        ...

    @property
    def bounded(self) -> bool:
        """True when rows are capped (a store): pages say how many they show."""
        ...

    def count(self, state: FilterState) -> int: ...

    def facets(self, state: FilterState) -> Mapping[str, list[tuple[str, int]]]:
        """Per facet name, ``(value, events)`` with every other filter applied."""
        ...

    def extent(self) -> tuple[int, int] | None:
        """Epoch ms of the earliest and latest bounds of all events (None: no events)."""
        ...

    def timeline(
        self,
        state: FilterState,
        *,
        max_marks: int = DEFAULT_MAX_MARKS,
        plot_width: float = DEFAULT_PLOT_WIDTH,
        theme: str = "light",
    ) -> go.Figure:
        """The timeline of the events passing ``state``, showing its window ``state.win`` (the whole
        extent when None) on a plot area ``plot_width`` pixels wide, in the ``theme`` (light or
        dark): the window's events drawn one by one up to ``max_marks``, every lane with its count
        and density."""
        ...

    def rows(self, state: FilterState, *, offset: int = 0, limit: int | None = None) -> pd.DataFrame:
        """The events passing ``state`` in time order (the frame's columns and extras), from the
        ``offset``-th, at most ``limit`` (None: all of them for a frame, :data:`TABLE_ROWS` for a store)."""
        ...

    def top(self, state: FilterState, n: int) -> pd.DataFrame:
        """The ``n`` most important events passing ``state`` (earliest first among equals), in time order."""
        ...

    def event(self, event_id: str) -> Event | None: ...

    def sources_of(self, ids: Sequence[str]) -> Mapping[str, Source]: ...

    def incoming_links(self, event_id: str) -> list[tuple[Event, Link]]:
        """The links other events write to ``event_id``: each source event and its link (at most 100)."""
        ...

    def warnings(self, state: FilterState) -> list[str]:
        """Chosen values that no event has (the selected event is checked by the caller)."""
        ...

    def chronology_of(self, rows: pd.DataFrame) -> Chronology:
        """The header with ``rows`` (from :meth:`rows`) as its events and their sources: what an
        export or a presentation of those rows needs."""
        ...

    def before_ad1(self, state: FilterState) -> int:
        """Events passing ``state`` that start before AD 1."""
        ...


@dataclass
class FrameSource:
    """A loaded chronology and its frame (``docs/frame-columns.md``), in memory."""

    chron: Chronology
    frame: pd.DataFrame
    _last: tuple[FilterState, pd.DataFrame] | None = field(default=None, repr=False)

    @property
    def total(self) -> int:
        return len(self.frame)

    @property
    def bounded(self) -> bool:
        return False

    def _filtered(self, state: FilterState) -> pd.DataFrame:
        key = state.replace(event=None, view="explore", story=None, step=None, lanes="category")
        if self._last is not None and self._last[0] == key:
            return self._last[1]
        filtered = apply_filters(self.frame, key)
        self._last = (key, filtered)
        return filtered

    def count(self, state: FilterState) -> int:
        return len(self._filtered(state))

    def facets(self, state: FilterState) -> Mapping[str, list[tuple[str, int]]]:
        return {str(name): counts for name, counts in facet_counts_all(self.frame, state).items()}

    def extent(self) -> tuple[int, int] | None:
        if self.frame.empty:
            return None
        return int(self.frame["earliest_ms"].min()), int(self.frame["latest_ms"].max())

    def timeline(
        self,
        state: FilterState,
        *,
        max_marks: int = DEFAULT_MAX_MARKS,
        plot_width: float = DEFAULT_PLOT_WIDTH,
        theme: str = "light",
    ) -> go.Figure:
        return timeline_figure(
            self._filtered(state),
            lanes=state.lanes,
            categories=self.chron.categories,
            selected=state.event,
            max_marks=max_marks,
            periods=self.chron.periods,
            links=state.links,
            x_range=window_ms(state.win) if state.win else None,
            plot_width=plot_width,
            theme=theme,
        )

    def rows(self, state: FilterState, *, offset: int = 0, limit: int | None = None) -> pd.DataFrame:
        filtered = self._filtered(state)
        return filtered.iloc[offset:] if limit is None else filtered.iloc[offset : offset + limit]

    def top(self, state: FilterState, n: int) -> pd.DataFrame:
        filtered = self._filtered(state)
        if len(filtered) <= n:
            return filtered
        best = filtered.sort_values(["importance", "earliest"], ascending=[False, True]).head(n)
        return best.sort_values(["earliest", "order", "id"])  # the timeline's order

    def event(self, event_id: str) -> Event | None:
        return self.chron.event(event_id)

    def sources_of(self, ids: Sequence[str]) -> Mapping[str, Source]:
        return {i: self.chron.sources[i] for i in ids if i in self.chron.sources}

    def incoming_links(self, event_id: str) -> list[tuple[Event, Link]]:
        if "links" not in self.frame.columns:
            return []
        found: list[str] = []
        for src, items in zip(self.frame["id"].tolist(), self.frame["links"].tolist(), strict=True):
            if any((decode_link(str(item)) or ("", ""))[1] == event_id for item in items):
                found.append(str(src))
        return _incoming(self.event, found[:100], event_id)

    def warnings(self, state: FilterState) -> list[str]:
        return check_against(state, self.frame, event=False)

    def chronology_of(self, rows: pd.DataFrame) -> Chronology:
        return self.chron

    def before_ad1(self, state: FilterState) -> int:
        filtered = self._filtered(state)
        return int((filtered["earliest_ms"] < _BC_MS).sum()) if len(filtered) else 0


class StoreSource:
    """An event store (:class:`dashboard.store.queries.EventStore`): one per session (its DuckDB
    cursor is not shared between threads)."""

    def __init__(self, store: EventStore) -> None:
        self.store = store
        meta = store.meta
        self._chron = Chronology(
            title=meta.title,
            description=meta.description,
            categories=dict(meta.categories),
            stories=list(meta.stories),
            periods=list(meta.periods),
            problems=list(meta.problems),
            files=list(meta.files),
            skipped=meta.skipped,
            declared_categories=meta.declared_categories,
        )
        self._counts: dict[FilterState, int] = {}

    @property
    def chron(self) -> Chronology:
        return self._chron

    @property
    def total(self) -> int:
        return self.store.total

    @property
    def bounded(self) -> bool:
        return True

    @staticmethod
    def _key(state: FilterState) -> FilterState:
        return state.replace(event=None, view="explore", story=None, step=None, lanes="category", win=None)

    def count(self, state: FilterState) -> int:
        key = self._key(state)
        if key not in self._counts:
            if len(self._counts) > 16:
                self._counts.clear()
            self._counts[key] = self.store.count(key)
        return self._counts[key]

    def facets(self, state: FilterState) -> Mapping[str, list[tuple[str, int]]]:
        return self.store.facets(self._key(state))

    def extent(self) -> tuple[int, int] | None:
        return self.store.extent(FilterState())

    def timeline(
        self,
        state: FilterState,
        *,
        max_marks: int = DEFAULT_MAX_MARKS,
        plot_width: float = DEFAULT_PLOT_WIDTH,
        theme: str = "light",
    ) -> go.Figure:
        from .timeline import store_timeline_parts

        window = window_ms(state.win) if state.win else None
        parts = store_timeline_parts(
            self.store,
            self._key(state),
            lanes=state.lanes,
            categories=self.chron.categories,
            selected=state.event,
            budget=max_marks,
            window=(window[0], window[1] - 1) if window else None,
            theme=theme,
        )
        return draw_timeline(
            parts,
            lanes=state.lanes,
            periods=self.chron.periods,
            links=state.links,
            x_range=window,
            plot_width=plot_width,
            theme=theme,
        )

    def rows(self, state: FilterState, *, offset: int = 0, limit: int | None = None) -> pd.DataFrame:
        return self.store.rows(self._key(state), offset=offset, limit=TABLE_ROWS if limit is None else limit)

    def top(self, state: FilterState, n: int) -> pd.DataFrame:
        chosen = self.store.marks(self._key(state), budget=n)
        return self.store.rows_of(chosen["id"].tolist())

    def event(self, event_id: str) -> Event | None:
        return self.store.event(event_id)

    def sources_of(self, ids: Sequence[str]) -> Mapping[str, Source]:
        return self.store.sources_of(list(ids))

    def incoming_links(self, event_id: str) -> list[tuple[Event, Link]]:
        sources = list(dict.fromkeys(src for src, _type in self.store.links_to(event_id)))
        return _incoming(self.event, sources, event_id)

    def warnings(self, state: FilterState) -> list[str]:
        from .queries import view_warnings

        return view_warnings(self.store, state.replace(event=None))

    def chronology_of(self, rows: pd.DataFrame) -> Chronology:
        story_ids = [step.event for story in self._chron.stories for step in story.steps]
        missing = sorted(set(story_ids) - set(rows["id"].tolist()))
        if missing:  # a file's stories can be presented: their events come along
            more = self.store.rows_of(missing)
            rows = pd.concat([rows, more], ignore_index=True).sort_values(["earliest", "order", "id"], kind="stable")
        source_ids = sorted({s for ids in rows["sources"] for s in ids})
        frame = rows.reset_index(drop=True)
        return replace(
            self._chron,
            events=FrameEvents(frame[list(COLUMNS)], frame[list(EXTRA_COLUMNS)].reset_index(drop=True)),
            sources=dict(self.store.sources_of(source_ids)),
        )

    def before_ad1(self, state: FilterState) -> int:
        return self.count(self._key(state).replace(date_to="0000-12-31", match="overlap"))


def _incoming(event: Callable[[str], Event | None], sources: Sequence[str], target: str) -> list[tuple[Event, Link]]:
    """Each link to ``target`` written by the events ``sources``, with its event."""
    out: list[tuple[Event, Link]] = []
    for src in sources:
        ev = event(src)
        if ev is not None:
            out += [(ev, link) for link in ev.links if link.to == target]
    return out
