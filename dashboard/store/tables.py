"""Bulk tables (CSV, Parquet) into a store, vectorized: ten million rows in minutes, not hours.

The rules are those of :mod:`dashboard.io.bulk` (the CSV import's columns and checks, word for word
the same problems), but the work is done on whole columns, batch by batch, straight into the
store's DuckDB file, without a Python object per row:

* a Parquet file is read in batches of :data:`BATCH_ROWS` rows (a CSV file is split by pyarrow as
  :mod:`dashboard.io.bulk` splits it); list columns of Parquet stay lists;
* every check the CSV import makes on a row is made on the whole column with pyarrow compute
  (control characters, empty title/date/category, whole numbers and their ranges, statuses, id
  and related-id patterns, plain source URLs) and dates by :func:`dashboard.core.datesvec.parse_dates`;
* a row that is not plainly valid (any check fails, a date form the vectorized parser leaves,
  several sources in one row, an image, a cell that needs cleaning) is read on its own by
  :mod:`dashboard.io.bulk`'s slow path, i.e. by the CSV import itself: its problems, at the row's
  line (CSV) or row number (Parquet), are the import's;
* checks across rows run in DuckDB once every batch is in: a repeated id skips the later row, a
  related id that is no event is reported and dropped.

Each good row goes to the ``staging`` table of :mod:`.ingest` (the events columns, plus where
the row came from), its inline source to ``staging_sources``.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..core.dates import PRECISIONS
from ..core.datesvec import parse_dates
from ..core.links import encode_link
from ..core.models import ID_PATTERN, IMPORTANCE_RANGE, ORDER_RANGE, STATUSES
from ..core.problems import Problem
from ..core.safetext import is_http_url
from ..io import bulk
from ..io.importers import DEFAULT_CATEGORY, event_id

__all__ = ["BATCH_ROWS", "TableInput", "read_table_into"]

BATCH_ROWS: Final = 250_000
_ID_RE2: Final = ID_PATTERN
_PLAIN_URL_RE2: Final = r"^[hH][tT][tT][pP][sS]?://[A-Za-z0-9._~%!$&'()*+,;=:-]+(?:[/?#]\S*)?$"
_WHOLE_RE2: Final = r"^[-+]?[0-9]{1,9}$"
_LIST_NAMES: Final = ("actors", "places", "tags", "related")
_SOURCE_NAMES: Final = ("source_publisher", "source_title", "source_url", "source_date")
_IMAGE_NAMES: Final = ("image_url", "image_caption", "image_credit", "image_alt")
_STRING: Final = pa.string()
_LIST: Final = pa.list_(pa.string())


@dataclass
class TableInput:
    """What reading one table found besides its rows: categories, problems, skipped rows."""

    file: str
    categories: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    rows: int = 0
    attempted: set[str] = field(default_factory=set)  # written ids of rows skipped for their own problems
    whole: tuple[pa.Table, pa.Table] | None = None  # a CSV file only the CSV import could split, read by it
    id_col: int = 1  # 1-based column of ids and related ids (where their problems point)
    rel_col: int = 1
    link_col: int = 1  # 1-based column of links (where their problems point)
    cell_line: Callable[[int, int], int] | None = None  # (row index, 0-based column) -> line (CSV)


# --------------------------------------------------------------------------- columns


def _bools(result: pa.Array | pa.ChunkedArray) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return np.asarray(pc.fill_null(result, False).to_numpy(zero_copy_only=False), dtype=np.bool_)


def _as_array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _is_list(column: pa.Array) -> bool:
    return bool(pa.types.is_list(column.type) or pa.types.is_large_list(column.type))


def _text(column: pa.Array) -> pa.Array:
    """A non-list column as trimmed text cells ("" for null), as the CSV import would see it."""
    cells = _as_array(bulk.parquet_cells(pa.chunked_array([column]))) if not pa.types.is_string(column.type) else column
    cells = pc.fill_null(cells.cast(_STRING), "")
    return pc.utf8_trim_whitespace(cells)


@dataclass
class _Batch:
    """One batch's cells by canonical column name, and the rows that need the slow path."""

    n: int
    text: dict[str, pa.Array]
    lists: dict[str, pa.Array]
    numbers: dict[str, pa.Array]
    slow: np.ndarray[Any, np.dtype[np.bool_]]
    control: np.ndarray[Any, np.dtype[np.bool_]]
    not_whole: np.ndarray[Any, np.dtype[np.bool_]] = field(default_factory=lambda: np.zeros(0, np.bool_))

    def cell(self, name: str) -> pa.Array:
        found = self.text.get(name)
        return found if found is not None else pa.nulls(self.n, _STRING).fill_null("")

    def present(self, name: str) -> np.ndarray[Any, np.dtype[np.bool_]]:
        """Rows whose cell in ``name`` is not empty."""
        if name in self.lists:
            return _bools(pc.greater(pc.list_value_length(self.lists[name]), 0))
        if name in self.numbers:
            return _bools(pc.is_valid(self.numbers[name]))
        found = self.text.get(name)
        return _bools(pc.greater(pc.utf8_length(found), 0)) if found is not None else np.zeros(self.n, np.bool_)


def _clean_list(column: pa.Array, slow: np.ndarray[Any, np.dtype[np.bool_]]) -> pa.Array:
    """A list column with items trimmed and empty items dropped; rows with a control character
    (or a null list with items) are marked slow."""
    column = _as_array(column).cast(_LIST)
    flat = pc.list_flatten(column)
    parents = pc.list_parent_indices(column).to_numpy()
    items = pc.utf8_trim_whitespace(pc.fill_null(flat, ""))
    bad = _bools(pc.match_substring_regex(items, bulk.CONTROL_RE2))
    if bad.any():
        slow[np.unique(parents[bad])] = True
    keep = _bools(pc.greater(pc.utf8_length(items), 0))
    if len(items):  # each value once per row, where it first appears (as the store keeps lists)
        codes = np.asarray(pc.dictionary_encode(items).indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        key = parents.astype(np.int64) * (int(codes.max()) + 1) + codes
        _, first = np.unique(key, return_index=True)
        once = np.zeros(len(items), dtype=np.bool_)
        once[first] = True
        keep &= once
    kept_parents = parents[keep]
    counts = np.bincount(kept_parents, minlength=len(column))
    offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), pc.filter(items, pa.array(keep)).cast(_STRING))


def _split_cells(cells: pa.Array, slow: np.ndarray[Any, np.dtype[np.bool_]]) -> pa.Array:
    """``;``-separated text cells as lists (a cell with ``\\`` escapes is marked slow)."""
    slow |= _bools(pc.match_substring(cells, "\\"))
    return _clean_list(pc.split_pattern(cells, ";"), slow)


def _batch(columns: dict[str, pa.Array], n: int) -> _Batch:
    slow = np.zeros(n, dtype=np.bool_)
    control = np.zeros(n, dtype=np.bool_)
    text: dict[str, pa.Array] = {}
    lists: dict[str, pa.Array] = {}
    numbers: dict[str, pa.Array] = {}
    for name, raw in columns.items():
        column = _as_array(raw)
        if name in _LIST_NAMES and _is_list(column):
            lists[name] = _clean_list(column, control)
            continue
        if _is_list(column):  # a list where text is expected: the slow path says what is wrong
            cells = _as_array(bulk.parquet_cells(pa.chunked_array([column])))
            text[name] = pc.utf8_trim_whitespace(pc.fill_null(cells.cast(_STRING), ""))
            continue
        if name in ("importance", "order") and pa.types.is_integer(column.type):
            numbers[name] = column.cast(pa.int64())
            continue
        cells = _text(column)
        control |= _bools(pc.match_substring_regex(cells, bulk.CONTROL_RE2))
        slow |= _bools(pc.starts_with(cells, "'"))  # the export's formula protection: the import undoes it
        text[name] = cells
    for name in _LIST_NAMES:
        if name in text:
            lists[name] = _split_cells(text.pop(name), slow)
    slow |= control
    return _Batch(n, text, lists, numbers, slow, control, np.zeros(n, dtype=np.bool_))


def _whole(batch: _Batch, name: str, default: int, bounds: tuple[int, int]) -> np.ndarray[Any, np.dtype[np.int64]]:
    """A whole-number column (importance, order) as numbers; bad or out-of-range rows marked slow."""
    if name in batch.numbers:
        column = batch.numbers[name]
        values = pc.fill_null(column, default).to_numpy().astype(np.int64)
        given = _bools(pc.is_valid(column))
    elif name in batch.text:
        cells = batch.text[name]
        given = _bools(pc.greater(pc.utf8_length(cells), 0))
        whole = _bools(pc.match_substring_regex(cells, _WHOLE_RE2))
        batch.slow |= given & ~whole
        batch.not_whole |= given & ~whole
        digits = pc.replace_substring_regex(cells, r"^\+", "")
        parsed = pc.cast(pc.if_else(pa.array(given & whole), digits, pa.scalar("0")), pa.int64())
        values = np.where(given & whole, parsed.to_numpy(), default).astype(np.int64)
    else:
        return np.full(batch.n, default, dtype=np.int64)
    batch.slow |= given & ((values < bounds[0]) | (values > bounds[1]))
    out: np.ndarray[Any, np.dtype[np.int64]] = values
    return out


# --------------------------------------------------------------------------- one batch


def _good_rows(
    batch: _Batch,
    lines: np.ndarray[Any, np.dtype[np.int64]],
    table_input: TableInput,
    has_category: bool,
    cat_ids: dict[str, str],
) -> tuple[pa.Table, pa.Table, np.ndarray[Any, np.dtype[np.bool_]], np.ndarray[Any, np.dtype[np.bool_]]]:
    """(staging rows, their sources, the slow mask, the rows the CSV import itself rejects).

    Good rows without an id get ``""`` (and their sources ``--1``): ids are generated once every
    batch is read (:func:`_generate_ids`)."""
    n = batch.n
    slow = batch.slow
    title = batch.cell("title")
    slow |= ~batch.present("title")
    date = batch.cell("date")
    if "start" in batch.text or "end" in batch.text:
        start, end = batch.cell("start"), batch.cell("end")
        has_start, has_end, has_date = batch.present("start"), batch.present("end"), batch.present("date")
        ranged = has_start | has_end
        slow |= ranged & (has_date | ~has_start)
        joined = pc.if_else(pa.array(has_end), pc.binary_join_element_wise(start, end, "/"), start)
        date = pc.if_else(pa.array(ranged), joined, date)
    slow |= _bools(pc.equal(pc.utf8_length(date), 0))
    if has_category:
        category = batch.cell("category")
        slow |= ~batch.present("category")
    importance = _whole(batch, "importance", 3, IMPORTANCE_RANGE)
    order = _whole(batch, "order", 0, ORDER_RANGE)
    status = pc.utf8_lower(batch.cell("status"))
    given_status = batch.present("status")
    slow |= given_status & ~_bools(pc.is_in(status, value_set=pa.array(list(STATUSES))))
    status = pc.if_else(pa.array(given_status), status, "confirmed")
    written = batch.cell("id")
    has_id = batch.present("id")
    slow |= has_id & ~_bools(pc.match_substring_regex(written, _ID_RE2))
    rejected = batch.control | batch.not_whole | ~batch.present("title") | _bools(pc.equal(pc.utf8_length(date), 0))
    if has_category:
        rejected |= ~batch.present("category")
    for name in _IMAGE_NAMES:
        slow |= batch.present(name)
    empty_lists = pa.array([[]] * n, type=_LIST) if n else pa.array([], type=_LIST)
    lists = {name: batch.lists.get(name, empty_lists) for name in _LIST_NAMES}
    related_flat = pc.list_flatten(lists["related"])
    if len(related_flat):
        bad = ~_bools(pc.match_substring_regex(related_flat, _ID_RE2))
        if bad.any():
            slow[np.unique(pc.list_parent_indices(lists["related"]).to_numpy()[bad])] = True
    # sources: one per row on the fast path, fields without ";" or "\"
    src = {name: batch.cell(name) for name in _SOURCE_NAMES}
    has_source = np.zeros(n, dtype=np.bool_)
    for name in _SOURCE_NAMES:
        present = batch.present(name)
        has_source |= present
        slow |= present & _bools(pc.match_substring_regex(src[name], r"[;\\]"))
    url_given = batch.present("source_url")
    slow |= url_given & ~_bools(pc.match_substring_regex(src["source_url"], _PLAIN_URL_RE2))
    # no publisher: the URL's host names it (as the CSV import does), computed for those rows only
    publishers_in = src["source_publisher"]
    nameless = np.flatnonzero(has_source & ~batch.present("source_publisher") & ~slow)
    if nameless.size:
        hosts = [_host(url) for url in pc.take(src["source_url"], pa.array(nameless)).to_pylist()]
        slow[nameless[[h is None for h in hosts]]] = True
        filled = publishers_in.to_pylist()
        for i, host in zip(nameless.tolist(), hosts, strict=True):
            filled[i] = host or ""
        publishers_in = pa.array(filled, _STRING)
    slow |= has_source & ~_bools(pc.greater(pc.utf8_length(publishers_in), 0))
    links = _links_column(batch, written, has_id, slow)
    source_date_given = batch.present("source_date")
    parsed = parse_dates(date)
    slow |= ~parsed.ok
    source_dates = parse_dates(pc.if_else(pa.array(source_date_given), src["source_date"], "2000"))
    slow |= source_date_given & ~source_dates.ok
    good = ~slow
    take = pa.array(np.flatnonzero(good))

    def pick(values: Any) -> Any:
        if isinstance(values, np.ndarray):
            return values[good]
        return pc.take(values, take)

    if has_category:
        cats = pick(category)
        unique = pc.unique(cats).to_pylist()
        for label in unique:
            if label not in cat_ids:
                cat_ids[label] = bulk.category_id(label)
        ids_of = pa.array([cat_ids[label] for label in unique], _STRING)
        category_ids = pc.take(ids_of, pc.index_in(cats, value_set=pa.array(unique, _STRING)))
    else:
        category_ids = pa.array([DEFAULT_CATEGORY[0]] * int(good.sum()), _STRING)
    ids = pick(written)
    precision_names = pa.array(list(PRECISIONS), _STRING)
    display = batch.cell("display_date")
    label = pc.if_else(pc.greater(pc.utf8_length(display), 0), display, parsed.label)
    publisher = pick(publishers_in)
    with_source = pick(has_source)
    none_list = pa.array([[]] * int(good.sum()), type=_LIST) if good.any() else pa.array([], type=_LIST)
    one = pc.binary_join_element_wise(ids, pa.array(["--1"] * len(ids), _STRING), "")
    source_ids = pc.if_else(pa.array(with_source), _singletons(one), none_list)
    publishers = pc.if_else(pa.array(with_source), _singletons(publisher), none_list)
    display_given = pick(batch.present("display_date"))
    earliest = pick(parsed.earliest).astype(np.int64) * 1000
    staging = pa.table(
        {
            "seq": pa.array(np.zeros(len(ids), dtype=np.int64)),
            "id": ids,
            "title": pick(title),
            "category": category_ids,
            "summary": pick(batch.cell("summary")),
            "notes": pick(batch.cell("notes")),
            "date": pick(parsed.edtf),
            "label": pick(label),
            "earliest_ms": pa.array(earliest),
            "latest_ms": pa.array(pick(parsed.latest).astype(np.int64) * 1000),
            "year": pa.array(np.zeros(len(earliest), np.int32)),
            "month": pa.array(np.zeros(len(earliest), np.int32)),
            "precision": pc.take(precision_names, pa.array(pick(parsed.precision).astype(np.int32))),
            "approximate": pa.array(pick(parsed.approximate)),
            "uncertain": pa.array(pick(parsed.uncertain)),
            "interval": pa.array(pick(parsed.interval)),
            "open_start": pa.array(pick(parsed.open_start)),
            "open_end": pa.array(pick(parsed.open_end)),
            "importance": pa.array(pick(importance).astype(np.int8)),
            "order": pa.array(pick(order).astype(np.int16)),
            "status": pick(status),
            "actors": pick(lists["actors"]),
            "places": pick(lists["places"]),
            "tags": pick(lists["tags"]),
            "sources": source_ids,
            "publishers": publishers,
            "related": pick(lists["related"]),
            "has_image": pa.array(np.zeros(len(earliest), np.bool_)),
            "file": pa.array([table_input.file] * len(earliest), _STRING),
            "line": pa.array(pick(lines).astype(np.int32)),
            "display_date": pc.if_else(pa.array(display_given), pick(display), pa.scalar(None, _STRING)),
            "date_label": pc.if_else(pa.array(display_given), pick(parsed.label), pa.scalar(None, _STRING)),
            "image_url": pa.nulls(len(earliest), _STRING),
            "image_caption": pa.nulls(len(earliest), _STRING),
            "image_credit": pa.nulls(len(earliest), _STRING),
            "image_alt": pa.nulls(len(earliest), _STRING),
            "links": pick(links),
            "link_notes": pa.nulls(len(earliest), _STRING),
        }
    )
    rows = np.flatnonzero(with_source)
    sel = pa.array(rows)
    source_title = pick(src["source_title"])
    source_url = pick(src["source_url"])
    source_edtf = pick(source_dates.edtf)
    source_date_ok = pick(source_date_given)

    def blank_null(values: pa.Array) -> pa.Array:
        return pc.if_else(pc.greater(pc.utf8_length(values), 0), values, pa.scalar(None, _STRING))

    sources = pa.table(
        {
            "id": pc.take(one, sel),
            "publisher": pc.take(publisher, sel),
            "title": pc.take(blank_null(source_title), sel),
            "url": pc.take(blank_null(source_url), sel),
            "date": pc.take(pc.if_else(pa.array(source_date_ok), source_edtf, pa.scalar(None, _STRING)), sel),
        }
    )
    return staging, sources, slow, rejected


def _host(url: str | None) -> str | None:
    """The publisher the CSV import takes from a source URL without one: its host, no ``www.``."""
    if not url or not is_http_url(url):
        return None
    host = urlsplit(url).hostname
    return host.removeprefix("www.") if host else None


def _singletons(values: pa.Array) -> pa.Array:
    """Each value as a one-item list."""
    offsets = pa.array(np.arange(len(values) + 1, dtype=np.int32))
    return pa.ListArray.from_arrays(offsets, values.cast(_STRING))


# --------------------------------------------------------------------------- slow rows


def _slow_rows(table: Any, indices: list[int], file: str, table_input: TableInput) -> Iterator[tuple[Any, int]]:
    """Rows read by the CSV import itself (bulk's slow path): yields (row, its index)."""
    for i in indices:
        row, problems, skipped = bulk.slow_row(table, i, file)
        table_input.problems.extend(problems)
        table_input.skipped += skipped
        if row is not None:
            yield row, i


def _slow_staging(rows: list[tuple[Any, int]], file: str) -> tuple[pa.Table, pa.Table, list[tuple[int, str, str]]]:
    """The staging rows of rows read slowly; and (position, title, date text) of those needing an id."""
    cols: dict[str, list[Any]] = {f: [] for f in _STAGING_FIELDS}
    src_cols: dict[str, list[Any]] = {"id": [], "publisher": [], "title": [], "url": [], "date": []}
    need_id: list[tuple[int, str, str]] = []
    for k, (g, _i) in enumerate(rows):
        eid = g.written_id or ""
        if g.written_id is None:
            need_id.append((k, g.title, g.date_text))
        d = g.date
        source_ids = [f"{eid}--{j}" for j in range(1, len(g.sources) + 1)]
        for sid, (pub, title, url, date) in zip(source_ids, g.sources, strict=True):
            for key, value in zip(src_cols, (sid, pub, title, url, date), strict=True):
                src_cols[key].append(value)
        image = g.image or (None, None, None, None)
        values = {
            "seq": 0,
            "id": eid,
            "title": g.title,
            "category": g.category,
            "summary": g.summary,
            "notes": g.notes,
            "date": d.edtf,
            "label": g.display_date or d.label,
            "earliest_ms": d.earliest * 1000,
            "latest_ms": d.latest * 1000,
            "year": 0,
            "month": 0,
            "precision": d.precision,
            "approximate": d.approximate,
            "uncertain": d.uncertain,
            "interval": d.interval,
            "open_start": d.open_start,
            "open_end": d.open_end,
            "importance": g.importance,
            "order": g.order or 0,
            "status": g.status,
            "actors": list(g.actors),
            "places": list(g.places),
            "tags": list(g.tags),
            "sources": source_ids,
            "publishers": list(dict.fromkeys(s[0] for s in g.sources)),
            "related": list(g.related),
            "has_image": g.image is not None,
            "file": file,
            "line": g.line,
            "display_date": g.display_date,
            "date_label": d.label if g.display_date is not None else None,
            "image_url": image[0],
            "image_caption": image[1],
            "image_credit": image[2],
            "image_alt": image[3],
            "links": [encode_link(kind, to) for kind, to, _k in g.links],
            "link_notes": None,
        }
        for key in _STAGING_FIELDS:
            cols[key].append(values[key])
    return (
        pa.table({k: pa.array(v, type=_STAGING_TYPES[k]) for k, v in cols.items()}),
        pa.table({k: pa.array(v, type=_STRING) for k, v in src_cols.items()}),
        need_id,
    )


def _staging_schema() -> pa.Schema:
    from .layout import ROW_SCHEMA

    return ROW_SCHEMA


_STAGING_FIELDS: Final = tuple(_staging_schema().names)
_STAGING_TYPES: Final = {f.name: f.type for f in _staging_schema()}


# --------------------------------------------------------------------------- the table


def _parquet_batches(path: Path) -> Iterator[tuple[pa.RecordBatch, int]]:
    import pyarrow.parquet as pq

    reader = pq.ParquetFile(str(path))
    first = 1
    for batch in reader.iter_batches(batch_size=BATCH_ROWS):
        yield batch, first
        first += batch.num_rows


def read_table_into(
    path: Path,
    put: Callable[[pa.Table, pa.Table], None],
    *,
    max_bytes: int,
    progress: Callable[[str, float], None],
) -> TableInput:
    """Read the CSV or Parquet table at ``path``; each batch's good rows go to ``put(staging,
    sources, first_row_number)``. Returns the categories, problems and counts.

    ``put`` receives rows with ``id`` set (generated ids included) and the positions of rows.
    """
    file = str(path)
    table_input = TableInput(file)
    try:
        size = path.stat().st_size
    except OSError as exc:
        table_input.problems.append(Problem(file, 0, 0, f"cannot read the file: {exc.strerror}", "check the path"))
        return table_input
    if path.suffix.lower() == ".csv" and size > max_bytes:
        table_input.problems.append(bulk.size_problem(file, size, max_bytes))
        return table_input
    try:
        return _read(_table_batches(path, table_input), put, table_input, size, progress)
    except (OSError, pa.ArrowException) as exc:
        table_input.problems.append(
            Problem(file, 0, 0, f"cannot read the table: {exc}", "check that it is a CSV or Parquet file")
        )
        return table_input


@dataclass
class _Part:
    """A batch of a table: its columns by canonical name, the bulk view for slow rows, row numbers."""

    columns: dict[str, pa.Array]
    n: int
    lines: np.ndarray[Any, np.dtype[np.int64]]
    slow_table: Callable[[np.ndarray[Any, np.dtype[np.int64]]], tuple[Any, list[int]]]
    bytes_done: float
    offset: int  # index of the part's first row among the table's rows


def _table_batches(path: Path, table_input: TableInput) -> Iterator[_Part]:
    file = str(path)
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        total = max(1, pq.ParquetFile(str(path)).metadata.num_rows)
        header_done = False
        cols: dict[str, int] = {}
        for batch, first in _parquet_batches(path):
            if not header_done:
                view = bulk.parquet_table(pa.Table.from_batches([batch.slice(0, 0)]))
                cols = bulk.header(view, file)
                table_input.problems.extend(view.problems)
                table_input.id_col = cols.get("id", 0) + 1
                table_input.rel_col = cols.get("related", 0) + 1
                table_input.link_col = cols.get("links", 0) + 1
                header_done = True
                if not _has_needed(cols, view, file, table_input, total if total > 1 else pq_rows(path)):
                    return
            arrow = pa.Table.from_batches([batch])
            lines = np.arange(first, first + batch.num_rows, dtype=np.int64)

            def slow_table(
                rows: np.ndarray[Any, Any], arrow: pa.Table = arrow, lines: Any = lines
            ) -> tuple[Any, list[int]]:
                view = bulk.parquet_table(arrow.take(pa.array(rows)))
                return bulk.with_lines(view, lines[rows]), list(range(len(rows)))

            yield _Part(
                {name: batch.column(index) for name, index in cols.items()},
                batch.num_rows,
                lines,
                slow_table,
                (first + batch.num_rows - 1) / total,
                first - 1,
            )
        return
    data = path.read_bytes()
    table = bulk.csv_table(data)
    if table is None:  # pyarrow cannot split it as the CSV import does: the import reads it all
        yield from _import_whole(data, file, table_input)
        return
    cols = bulk.header(table, file)
    table_input.problems.extend(table.problems)
    table_input.id_col = cols.get("id", 0) + 1
    table_input.rel_col = cols.get("related", 0) + 1
    table_input.link_col = cols.get("links", 0) + 1
    table_input.cell_line = lambda i, column: bulk.cell_line(table, i, column)
    if not _has_needed(cols, table, file, table_input, len(table.lines)):
        return
    n = len(table.lines)
    lines_all = np.asarray(table.lines, dtype=np.int64)
    for start in range(0, n, BATCH_ROWS):
        stop = min(n, start + BATCH_ROWS)

        def csv_rows(rows: np.ndarray[Any, Any], start: int = start) -> tuple[Any, list[int]]:
            return table, (rows + start).tolist()

        yield _Part(
            {name: _as_array(table.columns[index]).slice(start, stop - start) for name, index in cols.items()},
            stop - start,
            lines_all[start:stop],
            csv_rows,
            stop / max(1, n),
            start,
        )


def _has_needed(cols: dict[str, int], table: Any, file: str, table_input: TableInput, rows: int) -> bool:
    """False (with the problem, every row skipped) when the header lacks title or date."""
    lacking = bulk.missing_columns(cols, table, file)
    if lacking is None:
        return True
    table_input.skipped += rows
    table_input.problems.append(lacking)
    return False


def pq_rows(path: Path) -> int:
    import pyarrow.parquet as pq

    return int(pq.ParquetFile(str(path)).metadata.num_rows)


def _import_whole(data: bytes, file: str, table_input: TableInput) -> Iterator[_Part]:
    """A CSV file only the CSV import can split: read by it, then staged like any table."""
    chron = bulk.read_csv_bytes(data, file=file, max_bytes=1 << 62)
    table_input.problems.extend(chron.problems)
    table_input.skipped += chron.skipped
    table_input.categories.update({cid: c.label for cid, c in chron.categories.items()})
    from .ingest import chronology_tables

    events, sources = chronology_tables(chron)
    table_input.rows += events.num_rows
    table_input.whole = (events, sources)
    return iter(())


def _read(
    parts: Iterator[_Part],
    put: Callable[[pa.Table, pa.Table], None],
    table_input: TableInput,
    size: int,
    progress: Callable[[str, float], None],
) -> TableInput:
    file = table_input.file
    first = next(parts, None)
    if table_input.whole is not None:
        put(*table_input.whole)
        return table_input
    if first is None:
        return table_input
    has_category = "category" in first.columns
    cat_ids: dict[str, str] = {}
    categories = table_input.categories
    generated: list[tuple[int, int, int, str, str]] = []  # (row in file, part, row in staging, title, date)
    staged: list[tuple[pa.Table, pa.Table, int]] = []  # batches waiting for generated ids
    written: list[pa.Array] = []  # every written id (generated ids must differ from all of them)
    for k, part in enumerate(itertools.chain([first], parts)):
        waiting = len(generated)
        batch = _batch(part.columns, part.n)
        _categories(batch, has_category, cat_ids, categories)
        staging, sources, slow, rejected = _good_rows(batch, part.lines, table_input, has_category, cat_ids)
        good_idx = np.flatnonzero(~slow)
        written_here = batch.present("id")
        positions = [good_idx + part.offset]
        id_cols = [np.where(written_here[good_idx], table_input.id_col, 1)]
        rel_cols = [np.full(good_idx.size, table_input.rel_col, dtype=np.int64)]
        id_lines, rel_lines = _cell_lines(batch, part, good_idx, written_here, table_input)
        no_id = np.flatnonzero(~batch.present("id")[good_idx])
        if no_id.size:
            titles = pc.take(staging.column("title"), pa.array(no_id)).to_pylist()
            dates = pc.take(batch.cell("date"), pa.array(good_idx[no_id])).to_pylist()
            generated += [
                (int(good_idx[r]) + part.offset, k, int(r), t, d)
                for r, t, d in zip(no_id.tolist(), titles, dates, strict=True)
            ]
        slow_idx = np.flatnonzero(slow)
        slow_goods: list[Any] = []
        if slow_idx.size:
            view, indices = part.slow_table(slow_idx)
            rows = list(_slow_rows(view, indices, file, table_input))
            slow_goods = [g for g, _ in rows]
            kept = {i for _, i in rows}
            local_of = dict(zip(indices, slow_idx.tolist(), strict=True))
            positions.append(np.asarray([local_of[i] + part.offset for _, i in rows], dtype=np.int64))
            # the slow path points at the row's line, column 1 (as dashboard.io.bulk does)
            id_cols.append(np.ones(len(rows), dtype=np.int64))
            rel_cols.append(np.ones(len(rows), dtype=np.int64))
            slow_lines = np.asarray([g.line for g, _ in rows], dtype=np.int64)
            id_lines = np.concatenate([id_lines, slow_lines])
            rel_lines = np.concatenate([rel_lines, slow_lines])
            ids = batch.cell("id")
            for local, idx in zip(slow_idx.tolist(), indices, strict=True):
                if idx not in kept and not rejected[local]:
                    eid = ids[local].as_py()
                    if eid:
                        table_input.attempted.add(eid)
            slow_staging, slow_sources, need_id = _slow_staging(rows, file)
            generated += [
                (local_of[rows[pos][1]] + part.offset, k, staging.num_rows + pos, title, date)
                for pos, title, date in need_id
            ]
            staging = pa.concat_tables([staging, slow_staging.select(staging.column_names).cast(staging.schema)])
            sources = pa.concat_tables([sources, slow_sources.cast(sources.schema)])
        staging = staging.append_column("_pos", pa.array(np.concatenate(positions).astype(np.int64)))
        staging = staging.append_column("_id_col", pa.array(np.concatenate(id_cols).astype(np.int32)))
        staging = staging.append_column("_rel_col", pa.array(np.concatenate(rel_cols).astype(np.int32)))
        staging = staging.append_column("_id_line", pa.array(id_lines.astype(np.int32)))
        staging = staging.append_column("_rel_line", pa.array(rel_lines.astype(np.int32)))
        staging = _link_positions(staging, batch, part, good_idx, slow_goods, table_input)
        ids_here = staging.column("id")
        written.append(_as_array(pc.filter(ids_here, pc.greater(pc.utf8_length(ids_here), 0))))
        if len(generated) > waiting:
            staged.append((staging, sources, k))
        else:
            table_input.rows += staging.num_rows
            put(staging, sources)
        progress(f"checking {Path(file).name}", 0.05 + 0.45 * part.bytes_done)
    if generated:
        taken = pa.concat_arrays(written) if written else pa.array([], _STRING)
        staged = _generate_ids(staged, generated, taken)
    for staging, sources, _k in staged:
        table_input.rows += staging.num_rows
        put(staging, sources)
    if not has_category and (table_input.rows or table_input.skipped):
        categories.setdefault(DEFAULT_CATEGORY[0], DEFAULT_CATEGORY[1])
    table_input.problems.sort(key=lambda p: (p.line, p.column))
    return table_input


def _cell_lines(
    batch: _Batch, part: _Part, good: np.ndarray[Any, Any], written: np.ndarray[Any, Any], table_input: TableInput
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Lines of the id and related cells of good rows: the row's line, later after a line break
    inside an earlier cell of the row (CSV)."""
    lines = part.lines[good].astype(np.int64)
    id_lines, rel_lines = lines.copy(), lines.copy()
    if table_input.cell_line is None:
        return id_lines, rel_lines
    broken = np.zeros(batch.n, dtype=np.bool_)
    for cells in batch.text.values():
        broken |= _bools(pc.match_substring_regex(cells, r"[\r\n]"))
    related = batch.present("related")
    for k in np.flatnonzero(broken[good]).tolist():
        i = int(good[k])
        row = part.offset + i
        if written[i]:
            id_lines[k] = table_input.cell_line(row, table_input.id_col - 1)
        if related[i]:
            rel_lines[k] = table_input.cell_line(row, table_input.rel_col - 1)
    return id_lines, rel_lines


_LINK_RE2: Final = r"^(causes|responds-to|part-of|contradicts|same-as)[ \t]*:[ \t]*" + ID_PATTERN.removeprefix("^")
"""A plainly valid ``links`` item (``type:id``, spaces or tabs around the ``:``)."""


def _links_column(
    batch: _Batch, written: pa.Array, has_id: np.ndarray[Any, Any], slow: np.ndarray[Any, np.dtype[np.bool_]]
) -> pa.Array:
    """The ``links`` cells as lists of ``type:id`` items (:func:`dashboard.core.cells.split_links`),
    checked on whole columns; a row with an item that is not plainly valid (no or an unknown type,
    a target that is no id, a link to the row's own id, the same link twice, an escape) is marked
    slow: the CSV import reads it and names each problem."""
    cells = batch.text.get("links")
    if cells is None or not batch.present("links").any():
        return pa.ListArray.from_arrays(pa.array(np.zeros(batch.n + 1, np.int32)), pa.array([], _STRING))
    slow |= _bools(pc.match_substring(cells, "\\"))
    lists = pc.split_pattern(cells, ";")
    parents = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
    items = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    keep = _bools(pc.greater(pc.utf8_length(items), 0))
    items, parents = pc.filter(items, pa.array(keep)), parents[keep]
    if len(items):
        bad = ~_bools(pc.match_substring_regex(items, _LINK_RE2))
        items = pc.replace_substring_regex(items, r"[ \t]*:[ \t]*", ":")
        target = pc.replace_substring_regex(items, r"^[^:]*:", "")
        own = pc.take(written, pa.array(parents))
        bad |= has_id[parents] & _bools(pc.equal(target, own))
        codes = np.asarray(pc.dictionary_encode(items).indices.to_numpy(zero_copy_only=False), dtype=np.int64)
        key = parents * (int(codes.max()) + 1) + codes
        _, first = np.unique(key, return_index=True)
        again = np.ones(len(key), dtype=np.bool_)
        again[first] = False
        slow[np.unique(parents[bad | again])] = True
    offsets = np.concatenate(([0], np.cumsum(np.bincount(parents, minlength=batch.n)))).astype(np.int32)
    return pa.ListArray.from_arrays(pa.array(offsets), items.cast(_STRING))


def _link_positions(
    staging: pa.Table, batch: _Batch, part: _Part, good: np.ndarray[Any, Any], slow_goods: list[Any], table: TableInput
) -> pa.Table:
    """``staging`` with where the problems of each row's links point (``_link_line``, ``_link_col``:
    the row's ``links`` cell) and, for rows read slowly, each kept link's place among the items
    written (``_link_pos``; empty when the links are the items written, in order)."""
    lines = part.lines[good].astype(np.int64)
    linked = batch.present("links")
    if table.cell_line is not None and linked[good].any():
        broken = np.zeros(batch.n, dtype=np.bool_)
        for cells in batch.text.values():
            broken |= _bools(pc.match_substring_regex(cells, r"[\r\n]"))
        for k in np.flatnonzero(broken[good] & linked[good]).tolist():
            lines[k] = table.cell_line(part.offset + int(good[k]), table.link_col - 1)
    slow_lines = np.asarray([g.links_pos[0] if g.links else g.line for g in slow_goods], dtype=np.int64)
    slow_cols = np.asarray([g.links_pos[1] if g.links else 1 for g in slow_goods], dtype=np.int64)
    counts = np.concatenate([np.zeros(len(good), np.int64), [len(g.links) for g in slow_goods]])
    places = pa.array([k for g in slow_goods for _t, _to, k in g.links], pa.int32())
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]).astype(np.int32))
    return (
        staging.append_column("_link_line", pa.array(np.concatenate([lines, slow_lines]).astype(np.int32)))
        .append_column(
            "_link_col", pa.array(np.concatenate([np.full(len(good), table.link_col), slow_cols]).astype(np.int32))
        )
        .append_column("_link_pos", pa.ListArray.from_arrays(offsets, places))
    )


def _categories(
    batch: _Batch,
    has_category: bool,
    cat_ids: dict[str, str],
    categories: dict[str, str],
) -> None:
    """Category ids and labels in order of first use (bulk's rule: a label column names it)."""
    if not has_category:
        return
    cells = batch.cell("category")
    labels = batch.cell("category_label") if "category_label" in batch.text else None
    usable = batch.present("category")
    if labels is None:
        firsts = pc.unique(pc.filter(cells, pa.array(usable))).to_pylist()
        for cat in firsts:
            cid = cat_ids.get(cat) or cat_ids.setdefault(cat, bulk.category_id(cat))
            categories.setdefault(cid, cat)
        return
    for cat, label in zip(cells.to_pylist(), labels.to_pylist(), strict=True):
        if not cat:
            continue
        cid = cat_ids.get(cat) or cat_ids.setdefault(cat, bulk.category_id(cat))
        categories.setdefault(cid, cat)
        if label and categories.get(cid) == cat:
            categories[cid] = label


def _generate_ids(
    staged: list[tuple[pa.Table, pa.Table, int]], generated: list[tuple[int, int, int, str, str]], written: pa.Array
) -> list[tuple[pa.Table, pa.Table, int]]:
    """Ids for rows without one: the CSV import's (title + date), never a written id, -2, -3...,
    in row order. Their sources, staged as ``--1``, ``--2``..., take the new id."""
    generated = sorted(generated)
    bases = [event_id(title, date) for _, _, _, title, date in generated]
    # only the written ids that could collide become Python text
    prefixes = pa.array(sorted(set(bases)), _STRING)
    near = pc.filter(
        written,
        pc.or_(pc.is_in(written, value_set=prefixes), pc.is_in(_strip_suffix(written), value_set=prefixes)),
    )
    taken: set[str] = set(near.to_pylist())
    by_part: dict[int, dict[int, str]] = {}
    for (_pos, part, row, _title, _date), base in zip(generated, bases, strict=True):
        candidate, k = base, 2
        while candidate in taken:
            candidate = f"{base}-{k}"
            k += 1
        taken.add(candidate)
        by_part.setdefault(part, {})[row] = candidate
    out = []
    for staging, sources, k in staged:
        fix = by_part.get(k)
        if fix:
            ids = staging.column("id").to_pylist()
            lists = staging.column("sources").to_pylist()
            renamed: list[str] = []
            for row in sorted(fix):
                eid = ids[row] = fix[row]
                lists[row] = [f"{eid}--{j}" for j in range(1, len(lists[row]) + 1)]
                renamed += lists[row]
            staging = staging.set_column(staging.column_names.index("id"), "id", pa.array(ids, _STRING))
            staging = staging.set_column(staging.column_names.index("sources"), "sources", pa.array(lists, _LIST))
            source_ids = sources.column("id").to_pylist()
            pending = [i for i, sid in enumerate(source_ids) if sid.startswith("--")]
            for i, sid in zip(pending, renamed, strict=True):
                source_ids[i] = sid
            sources = sources.set_column(0, "id", pa.array(source_ids, _STRING))
        out.append((staging, sources, k))
    return out


def _strip_suffix(ids: pa.Array) -> pa.Array:
    """``base`` of ids written as ``base`` or ``base-N`` (what a generated id could collide with)."""
    return pc.replace_substring_regex(ids, r"-[0-9]+$", "")


def guess(ref: str, ids: list[str]) -> str:
    """`` (did you mean 'x'?)`` for a related id that is not an event, when a close one exists."""
    if len(ids) > bulk.GUESS_LIMIT:
        return ""
    close = difflib.get_close_matches(ref, ids, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
