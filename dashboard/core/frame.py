"""Frame: a loaded chronology -> one pandas DataFrame, one row per event.

The columns are documented in ``docs/frame-columns.md``. Dates are ``datetime64[s]`` (never
nanoseconds: years -9999..9999 fit) plus epoch-millisecond integers for Plotly; facets are
categoricals; actors/places/tags/sources are list columns.

The frame holds almost everything an :class:`~dashboard.core.loader.Event` holds; what it lacks (the
``display_date`` apart from the computed label, the image, the links' notes, the ``same_as`` ids) is in
:func:`event_extras`.
Together they rebuild the events exactly: :class:`FrameEvents` is a sequence of events made on
demand from them, so that a chronology read from the persistent cache (:mod:`dashboard.io.cache`)
or from a bulk table (:mod:`dashboard.io.bulk`) never builds a million ``Event`` objects up front.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, overload

import numpy as np
import pandas as pd
import pyarrow as pa

from .cells import join_list, split_list
from .dates import PRECISIONS, DateInfo
from .links import encode_link, links_from_columns, notes_text
from .loader import Chronology, Event, Image, event_sort_key
from .models import STATUSES

__all__ = [
    "COLUMNS",
    "EXTRA_COLUMNS",
    "LIST_COLUMNS",
    "FrameEvents",
    "empty_frame",
    "event_extras",
    "frame_from_columns",
    "same_as_cell",
    "same_as_ids",
    "to_frame",
]

COLUMNS = (
    "id", "title", "category", "summary", "notes", "date", "label", "earliest", "latest",
    "earliest_ms", "latest_ms", "precision", "approximate", "uncertain", "interval",
    "open_start", "open_end", "importance", "order", "status", "actors", "places", "tags", "sources",
    "publishers", "related", "has_image", "file", "line", "links",
)  # fmt: skip
LIST_COLUMNS = ("actors", "places", "tags", "sources", "publishers", "related", "links")
EXTRA_COLUMNS = (
    "display_date", "date_label", "image_url", "image_caption", "image_credit", "image_alt", "link_notes",
    "same_as",
)  # fmt: skip
"""Columns of :func:`event_extras`: what an event has beyond its frame row (``None`` when absent).

``date_label`` is the computed label of the date when the event has a ``display_date`` (the
frame's ``label`` is then the display date), else ``None``. ``link_notes`` holds the notes and
sources of the event's links (:func:`dashboard.core.links.notes_text`), ``None`` when none has any.
``same_as`` is the event's ``same_as`` ids as one list cell (:func:`dashboard.core.cells.join_list`,
read back with ``split_list``), ``None`` when it has none."""

_DERIVED = ("earliest_ms", "latest_ms", "publishers")  # computed by _build / _publishers
_EVENT_FIELDS = tuple(c for c in COLUMNS if c not in _DERIVED)  # the order of to_frame's row tuples


def empty_frame(categories: list[str] | None = None) -> pd.DataFrame:
    """A frame with the documented columns and no rows."""
    return _build({c: [] for c in COLUMNS}, categories or [])


def _sorted_events(chron: Chronology) -> Sequence[Event]:
    events = chron.events
    if isinstance(events, FrameEvents):
        return events
    keys = list(map(event_sort_key, events))
    if all(map(operator.le, keys, keys[1:])):  # the loader's order: no copy, no sort
        return events
    return sorted(events, key=event_sort_key)


def to_frame(chron: Chronology) -> pd.DataFrame:
    """One row per event of ``chron``, sorted by :func:`~dashboard.core.loader.event_sort_key`.

    That is by earliest bound, then ``order`` (the ``order`` column, 0 for none: first), then id.

    A chronology whose events come from a frame (cache, bulk table) gives that frame back
    (a shallow copy: never mutate it).
    """
    if isinstance(chron.events, FrameEvents):
        return chron.events.frame.copy(deep=False)
    events = _sorted_events(chron)
    # One pass over the events (a tuple per event), then one transposition: on 100,000
    # events this is 4x faster than one pass per column (the events lie all over memory).
    rows = [
        (
            ev.id,
            ev.title,
            ev.category,
            ev.summary,
            ev.notes,
            d.edtf,
            ev.display_date or d.label,
            d.earliest,
            d.latest,
            d.precision,
            d.approximate,
            d.uncertain,
            d.interval,
            d.open_start,
            d.open_end,
            ev.importance,
            ev.order or 0,
            ev.status,
            ev.actors,
            ev.places,
            ev.tags,
            ev.sources,
            ev.related,
            ev.image is not None,
            ev.file,
            ev.line,
            [encode_link(link.type, link.to) for link in ev.links],
        )
        for ev in events
        for d in (ev.date,)
    ]
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(_EVENT_FIELDS)
    del rows
    cols: dict[str, Sequence[Any]] = dict(zip(_EVENT_FIELDS, columns, strict=True))
    for name in ("actors", "places", "tags", "sources", "related"):
        cols[name] = list(map(list, cols[name]))
    cols["publishers"] = _publishers(cols["sources"], {sid: src.publisher for sid, src in chron.sources.items()})
    return _build(cols, list(chron.categories))


def _publishers(sources: Sequence[list[str]], publisher: Mapping[str, str]) -> list[list[str]]:
    """The publishers of each event's sources, in order, without repeats."""
    memo: dict[tuple[str, ...], list[str]] = {}
    out: list[list[str]] = []
    for ids in sources:
        key = tuple(ids)
        pubs = memo.get(key)
        if pubs is None:
            pubs = []
            for sid in ids:
                pub = publisher.get(sid)
                if pub is not None and pub not in pubs:
                    pubs.append(pub)
            memo[key] = pubs
        out.append(list(pubs))
    return out


def event_extras(chron: Chronology) -> pd.DataFrame:
    """What the events have beyond the frame (:data:`EXTRA_COLUMNS`), one row per frame row."""
    if isinstance(chron.events, FrameEvents):
        return chron.events.extras.copy(deep=False)
    events = _sorted_events(chron)
    images = [ev.image for ev in events]
    data: dict[str, list[str | None]] = {
        "display_date": [ev.display_date for ev in events],
        "date_label": [ev.date.label if ev.display_date is not None else None for ev in events],
        "image_url": [im.url if im is not None else None for im in images],
        "image_caption": [im.caption if im is not None else None for im in images],
        "image_credit": [im.credit if im is not None else None for im in images],
        "image_alt": [im.alt if im is not None else None for im in images],
        "link_notes": [notes_text(ev.links) for ev in events],
        "same_as": [same_as_cell(ev.same_as) for ev in events],
    }
    return pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in data.items()}, columns=list(EXTRA_COLUMNS))


def frame_from_columns(cols: Mapping[str, Sequence[Any]], categories: list[str]) -> pd.DataFrame:
    """The frame from one sequence per column (already in frame order).

    As :func:`to_frame` builds it: ``earliest`` and ``latest`` are epoch seconds, ``order`` is 0
    for an event without one, list columns hold lists; ``categories`` is the declared order
    (values not in it are added after). ``links`` may be left out (no event has links).
    """
    return _build(cols, categories)


def _build(cols: Mapping[str, Sequence[Any]], categories: list[str]) -> pd.DataFrame:
    earliest = np.asarray(cols["earliest"], dtype="int64")
    latest = np.asarray(cols["latest"], dtype="int64")
    extra = [c for c in dict.fromkeys(cols["category"]) if c not in categories]
    n = len(earliest)
    data: dict[str, Any] = {
        "id": _text(cols["id"]),
        "title": _text(cols["title"]),
        "category": pd.Categorical(cols["category"], categories=[*categories, *extra]),
        "summary": _text(cols["summary"]),
        "notes": _text(cols["notes"]),
        "date": _text(cols["date"]),
        "label": _text(cols["label"]),
        "earliest": earliest.astype("datetime64[s]"),
        "latest": latest.astype("datetime64[s]"),
        "earliest_ms": earliest * 1000,
        "latest_ms": latest * 1000,
        "precision": pd.Categorical(cols["precision"], categories=list(PRECISIONS)),
        "approximate": np.asarray(cols["approximate"], dtype=bool),
        "uncertain": np.asarray(cols["uncertain"], dtype=bool),
        "interval": np.asarray(cols["interval"], dtype=bool),
        "open_start": np.asarray(cols["open_start"], dtype=bool),
        "open_end": np.asarray(cols["open_end"], dtype=bool),
        "importance": np.asarray(cols["importance"], dtype="int8"),
        "order": np.asarray(cols["order"], dtype="int16"),
        "status": pd.Categorical(cols["status"], categories=list(STATUSES)),
    }
    for name in LIST_COLUMNS:
        # fromiter: never read as a 2-d array when every list has the same length
        values = cols[name] if name in cols or name != "links" else ([] for _ in range(n))
        data[name] = np.fromiter(values, dtype=object, count=n)
    data["has_image"] = np.asarray(cols["has_image"], dtype=bool)
    data["file"] = _text(cols["file"])
    data["line"] = np.asarray(cols["line"], dtype="int32")
    return pd.DataFrame(data, columns=list(COLUMNS))


def _text(values: Sequence[Any]) -> pd.Series[str]:
    """A ``str`` column (pandas 3's Arrow strings), built through pyarrow: 3x faster."""
    return pd.Series(pa.array(values, type=pa.large_string()), dtype="str")


class FrameEvents(Sequence[Event]):
    """The events of a frame (and its :func:`event_extras`), each built when first asked for.

    Behaves as the loader's sorted list of events: ``len``, indexing, iteration, ``in``, and
    :meth:`by_id` (a dictionary lookup, what :meth:`Chronology.event` uses). Built events are
    kept, so asking twice gives the same object. Shared read-only between sessions: the frame
    and extras must not be mutated.
    """

    __slots__ = ("_built", "_ids", "_lock", "extras", "frame")

    def __init__(self, frame: pd.DataFrame, extras: pd.DataFrame | None = None) -> None:
        if extras is None:
            extras = pd.DataFrame({c: pd.Series([None] * len(frame), dtype=object) for c in EXTRA_COLUMNS})
        if len(extras) != len(frame):
            raise ValueError(f"extras have {len(extras)} rows, the frame {len(frame)}")
        self.frame = frame
        self.extras = extras
        self._built: list[Event | None] = [None] * len(frame)
        self._ids: dict[str, int] | None = None
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._built)

    @overload
    def __getitem__(self, index: int) -> Event: ...

    @overload
    def __getitem__(self, index: slice) -> list[Event]: ...

    def __getitem__(self, index: int | slice) -> Event | list[Event]:
        if isinstance(index, slice):
            return [self._event(i) for i in range(*index.indices(len(self)))]
        n = len(self)
        i = operator.index(index)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("event index out of range")
        return self._event(i)

    def __iter__(self) -> Iterator[Event]:
        if any(ev is None for ev in self._built):
            self._build_all()
        for ev in self._built:
            assert ev is not None  # built above
            yield ev

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, Event):
            return False
        found = self.by_id(value.id)
        return found is not None and found == value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<FrameEvents: {len(self):,} events>"

    def by_id(self, event_id: str) -> Event | None:
        """The event with this id, or None."""
        if self._ids is None:
            with self._lock:
                if self._ids is None:
                    ids = self.frame["id"].tolist()
                    self._ids = dict(zip(ids, range(len(ids)), strict=True))
        i = self._ids.get(event_id)
        return None if i is None else self._event(i)

    def _event(self, i: int) -> Event:
        """Event ``i``, reading only its row (a detail view asks for one or two events)."""
        built = self._built[i]
        if built is None:
            f, x = self.frame, self.extras
            row = [f[name].iat[i] for name in _FIELDS]
            row += [x[name].iat[i] for name in EXTRA_COLUMNS]
            built = self._built[i] = _make_event(row)
        return built

    def _build_all(self) -> None:
        """Every event, from whole columns at once (iterating asks for all of them)."""
        f, x = self.frame, self.extras
        columns = [f[name].tolist() for name in _FIELDS] + [x[name].tolist() for name in EXTRA_COLUMNS]
        built = self._built
        for i, row in enumerate(zip(*columns, strict=True)):
            if built[i] is None:
                built[i] = _make_event(row)


# the frame columns an Event is made of, in the order _make_event reads them
_FIELDS = (
    "id", "title", "category", "summary", "notes", "date", "label", "earliest_ms", "latest_ms", "precision",
    "approximate", "uncertain", "interval", "open_start", "open_end", "importance", "order", "status", "actors",
    "places", "tags", "sources", "related", "file", "line", "links",
)  # fmt: skip


def _make_event(row: Sequence[Any]) -> Event:
    """An Event from the values of :data:`_FIELDS` then :data:`EXTRA_COLUMNS`."""
    (
        eid, title, category, summary, notes, edtf, label, earliest_ms, latest_ms, precision,
        approximate, uncertain, interval, open_start, open_end, importance, order, status, actors,
        places, tags, sources, related, file, line, links,
        display_date, date_label, image_url, image_caption, image_credit, image_alt, link_notes, same_as,
    ) = row  # fmt: skip
    display = _text_or_none(display_date)
    computed = _text_or_none(date_label) if display is not None else None
    url = _text_or_none(image_url)
    image = None
    if url is not None:
        image = Image(url, _text_or_none(image_caption), _text_or_none(image_credit), _text_or_none(image_alt))
    date = DateInfo(
        str(edtf),
        int(earliest_ms) // 1000,
        int(latest_ms) // 1000,
        str(precision),
        bool(approximate),
        bool(uncertain),
        bool(interval),
        bool(open_start),
        bool(open_end),
        computed if computed is not None else str(label),
    )
    return Event(
        id=str(eid),
        date=date,
        title=str(title),
        category=str(category),
        summary=str(summary),
        notes=str(notes),
        actors=list(actors),
        places=list(places),
        tags=list(tags),
        importance=int(importance),
        status=str(status),
        display_date=display,
        sources=list(sources),
        related=list(related),
        image=image,
        file=str(file),
        line=int(line),
        order=int(order) or None,  # the column's 0 is "no order"
        links=links_from_columns(list(links), _text_or_none(link_notes)),
        same_as=same_as_ids(same_as),
    )


def same_as_cell(ids: Sequence[str]) -> str | None:
    """The ``same_as`` extra of an event with these ids (None for none)."""
    return join_list(ids) if ids else None


def same_as_ids(cell: object) -> list[str]:
    """The ids of a ``same_as`` extra (none for ``None``, NaN or a missing column)."""
    text = _text_or_none(cell)
    return split_list(text) if text else []


def _text_or_none(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):  # None, or NaN from a table
        return None
    return str(value)
