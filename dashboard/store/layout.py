"""What a store is on disk, and its metadata.

A store is a folder::

    STORE/store.json           the metadata (format, key of the input, chronology header, problems)
    STORE/events.duckdb        table ``events``: one row per event, what queries read, stored in
                               event order (so a time window reads few row groups); table
                               ``facet_values(facet, value, code)``: the list facets' values;
                               table ``links(src, dst, type)``: every typed link between two
                               events of the store (what a chain is followed through)
    STORE/details/*.parquet    ``details`` by ``seq``: summary, notes, source ids, file, line, image...
    STORE/words/*.parquet      ``words(word, seq)``: the word index, sorted by word within each file
    STORE/sources/*.parquet    ``sources``: id, publisher, title, url, date
    STORE/parquet/events.parquet  ``events`` as Parquet, written when an engine other than DuckDB
                               first needs it (PySpark, or to load into ClickHouse, Trino, BigQuery)

``events`` holds the frame's columns (``docs/frame-columns.md``) that filters, facets, buckets and
marks read, with dates as int64 epoch
milliseconds only (``earliest_ms``, ``latest_ms``), the integer ``year`` and ``month`` (1-12) of the
earliest bound for bucketing (integer arithmetic works the same on every engine, BC included), a
row id ``rid`` (0.. in the order of the events: earliest, order, id), the place ``seq`` of the
row in its input (what the word index ``words(word, seq)`` points at), the extras (display date,
image) and the source ids. The list facets (actors, places, tags, publishers) are also kept as
``list<int32>`` codes (``actors_codes``...) into ``facet_values``: facet counts group codes and
name them afterwards. ``store.json`` is written last: a folder without it, or with another
``format``, is not a store this code reads (it is rebuilt from its inputs, never misread).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import pyarrow as pa

from ..core.frame import LIST_COLUMNS as FRAME_LIST_COLUMNS
from ..core.loader import Category, Period, Story, StoryStep
from ..core.problems import Problem

__all__ = [
    "CODED_COLUMNS",
    "DB_FILE",
    "DB_TABLES",
    "DETAILS_SCHEMA",
    "EVENTS_SCHEMA",
    "FACET_VALUES_SCHEMA",
    "LINKS_SCHEMA",
    "LIST_COLUMNS",
    "MAX_KEPT_PROBLEMS",
    "META_FILE",
    "PARQUET_DIR",
    "PARQUET_TABLES",
    "ROW_SCHEMA",
    "SOURCES_SCHEMA",
    "STORE_FORMAT",
    "TABLES",
    "WORDS_SCHEMA",
    "StoreFormatError",
    "StoreMeta",
    "codes_column",
    "is_store",
    "read_meta",
    "write_meta",
]

STORE_FORMAT: Final = 3
"""3: the ``links`` column, the ``link_notes`` detail and the ``links`` table (issue 16)."""
META_FILE: Final = "store.json"
DB_FILE: Final = "events.duckdb"
PARQUET_DIR: Final = "parquet"
TABLES: Final = ("events", "details", "words", "sources", "facet_values", "links")
DB_TABLES: Final = ("events", "facet_values", "links")
"""Tables kept in the DuckDB file (and written as Parquet for other engines when asked)."""
MAX_KEPT_PROBLEMS: Final = 10_000
"""Problems kept in ``store.json`` (all are printed by ``ingest``; the count is always kept)."""

_LIST = pa.list_(pa.string())
LIST_COLUMNS: Final = FRAME_LIST_COLUMNS
"""The list columns (as in the frame): each holds each value once, in the order written."""
CODED_COLUMNS: Final = ("actors", "places", "tags", "publishers")
"""List columns also kept as integer codes (``<column>_codes``, ``list<int32>``, the codes of
``facet_values``): counting codes is twice as fast as counting texts."""
FACET_VALUES_SCHEMA: Final = pa.schema([("facet", pa.string()), ("value", pa.string()), ("code", pa.int32())])
"""Each coded column's distinct values; codes run from 0 in the order of the values (binary), so
ordering by code is ordering by value."""


def codes_column(column: str) -> str:
    """The name of the integer-code column of a list column (``actors_codes``)."""
    return f"{column}_codes"


PARQUET_TABLES: Final = ("details", "words", "sources")
"""Tables kept as Parquet files (``STORE/<name>/part-N.parquet``), written while ingest reads."""

EVENTS_SCHEMA: Final = pa.schema(
    [
        ("rid", pa.int64()),
        ("seq", pa.int64()),
        ("id", pa.string()),
        ("title", pa.string()),
        ("date", pa.string()),
        ("label", pa.string()),
        ("precision", pa.string()),
        ("approximate", pa.bool_()),
        ("uncertain", pa.bool_()),
        ("interval", pa.bool_()),
        ("has_image", pa.bool_()),
        ("category", pa.string()),
        ("earliest_ms", pa.int64()),
        ("latest_ms", pa.int64()),
        ("year", pa.int32()),
        ("month", pa.int32()),
        ("open_start", pa.bool_()),
        ("open_end", pa.bool_()),
        ("importance", pa.int8()),
        ("order", pa.int16()),
        ("status", pa.string()),
        ("actors", _LIST),
        ("places", _LIST),
        ("tags", _LIST),
        ("publishers", _LIST),
        ("related", _LIST),
        ("links", _LIST),
    ]
)
"""The ``events`` table (DuckDB): what filters, facets, buckets and the marks of the timeline read
(the marks never need the ``details``). Never null."""

DETAILS_SCHEMA: Final = pa.schema(
    [
        ("seq", pa.int64()),
        ("summary", pa.string()),
        ("notes", pa.string()),
        ("sources", _LIST),
        ("file", pa.string()),
        ("line", pa.int32()),
        ("display_date", pa.string()),
        ("date_label", pa.string()),
        ("image_url", pa.string()),
        ("image_caption", pa.string()),
        ("image_credit", pa.string()),
        ("image_alt", pa.string()),
        ("link_notes", pa.string()),
    ]
)
"""The ``details`` table (Parquet, by ``seq``): what only an event's page and the table's rows show
(summary, notes, source ids, file and line, display date, image)."""

ROW_SCHEMA: Final = pa.schema(
    [f for f in EVENTS_SCHEMA if f.name != "rid"] + [f for f in DETAILS_SCHEMA if f.name != "seq"]
)
"""One event's every column (what ingest stages): ``events`` and ``details`` together, no ``rid``."""

WORDS_SCHEMA: Final = pa.schema([("word", pa.string()), ("seq", pa.int64())])
LINKS_SCHEMA: Final = pa.schema([("src", pa.string()), ("dst", pa.string()), ("type", pa.string())])
"""The ``links`` table: one row per link (``src`` links to ``dst`` with ``type``), both events in the
store; what :meth:`dashboard.store.queries.EventStore.chain` walks, one step a query."""
SOURCES_SCHEMA: Final = pa.schema(
    [
        ("id", pa.string()),
        ("publisher", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("date", pa.string()),
    ]
)


class StoreFormatError(Exception):
    """A folder that is not a store of this format (missing, partial, or another version)."""


@dataclass(frozen=True)
class StoreMeta:
    """The chronology around the events: its header, stories, periods, problems and counts."""

    key: str = ""
    rows: int = 0
    title: str = ""
    description: str = ""
    categories: Mapping[str, Category] = field(default_factory=dict)
    declared_categories: bool = False
    stories: tuple[Story, ...] = ()
    problems: tuple[Problem, ...] = ()
    problem_count: int = 0
    skipped: int = 0
    files: tuple[str, ...] = ()
    inputs: tuple[str, ...] = ()
    facets: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)
    """Each facet's counts over every event (the unfiltered view), computed once by ingest."""
    periods: tuple[Period, ...] = ()
    """The periods of the inputs (``periods:``, TimelineJS eras), in the order read."""

    def to_json(self) -> dict[str, Any]:
        return {
            "format": STORE_FORMAT,
            "key": self.key,
            "rows": self.rows,
            "title": self.title,
            "description": self.description,
            "declared_categories": self.declared_categories,
            "categories": [[c.id, c.label, c.color, c.description] for c in self.categories.values()],
            "stories": [
                [s.id, s.title, s.description, [[step.event, step.note] for step in s.steps]] for s in self.stories
            ],
            "problems": [[p.file, p.line, p.column, p.message, p.hint, p.event_id] for p in self.problems],
            "problem_count": self.problem_count,
            "skipped": self.skipped,
            "files": list(self.files),
            "inputs": list(self.inputs),
            "facets": {name: [[v, n] for v, n in counts] for name, counts in self.facets.items()},
            "periods": [p.to_json() for p in self.periods],
        }

    @classmethod
    def from_json(cls, data: Any) -> StoreMeta:
        if not isinstance(data, dict) or data.get("format") != STORE_FORMAT:
            found = data.get("format") if isinstance(data, dict) else None
            raise StoreFormatError(f"store format {found!r}, this version reads format {STORE_FORMAT}")
        try:
            return cls(
                key=str(data["key"]),
                rows=int(data["rows"]),
                title=str(data["title"]),
                description=str(data["description"]),
                categories={c[0]: Category(c[0], c[1], c[2], c[3]) for c in data["categories"]},
                declared_categories=bool(data["declared_categories"]),
                stories=tuple(
                    Story(s[0], s[1], s[2], [StoryStep(e, note) for e, note in s[3]]) for s in data["stories"]
                ),
                problems=tuple(Problem(p[0], p[1], p[2], p[3], p[4], p[5]) for p in data["problems"]),
                problem_count=int(data["problem_count"]),
                skipped=int(data["skipped"]),
                files=tuple(str(f) for f in data["files"]),
                inputs=tuple(str(f) for f in data["inputs"]),
                facets={
                    str(name): tuple((str(v), int(n)) for v, n in counts) for name, counts in data["facets"].items()
                },
                # a store written before periods existed has none
                periods=tuple(Period.from_json(p) for p in data.get("periods", [])),
            )
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            raise StoreFormatError(f"unreadable store metadata ({type(exc).__name__}: {exc})") from None


def is_store(path: str | Path) -> bool:
    """True when ``path`` is a folder with a store's metadata file (of any format)."""
    return (Path(path) / META_FILE).is_file()


def read_meta(folder: str | Path) -> StoreMeta:
    """The metadata of the store in ``folder``; :class:`StoreFormatError` if it is not one."""
    path = Path(folder) / META_FILE
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise StoreFormatError(f"{folder} is not a store (no {META_FILE})") from None
    except (OSError, ValueError) as exc:
        raise StoreFormatError(f"{path}: {exc}") from None
    meta = StoreMeta.from_json(data)
    if not (Path(folder) / DB_FILE).is_file():
        raise StoreFormatError(f"{folder} is not a complete store (no {DB_FILE})")
    return meta


def write_meta(folder: str | Path, meta: StoreMeta) -> None:
    """Write ``store.json`` (atomically: a temporary file renamed)."""
    path = Path(folder) / META_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(meta.to_json(), ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)
