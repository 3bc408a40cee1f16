"""Bulk tables: a large CSV or Parquet file of events -> a chronology, without YAML.

A million-row table does not have to become YAML first. The columns are those of the CSV
import (:data:`dashboard.io.importers.CSV_COLUMNS`, with the same aliases, the same ``;``-separated
lists, the same generated ids and category ids, and the computed columns of the CSV export
ignored), and a valid row gives exactly the event the CSV import gives. What differs is how the
work is done:

* the table is read by pyarrow (CSV: all cells as text; Parquet: text, numbers, booleans,
  dates and lists of text are accepted, lists and dates written as the CSV would have them);
* cells are trimmed and checked for control characters column by column; dates, categories,
  importances, orders and statuses are parsed once per distinct value (dates with
  :func:`dashboard.core.dates.parse_date`: the common ISO forms by its fast path, the rest by EDTF);
* a row that is not plainly valid (any problem at all, or an image) is handed, on its own, to
  :func:`dashboard.io.importers.import_csv`, so its problems are word for word those of the CSV
  import, with the line of the row (and of the cell) in the file;
* the events are kept as a frame: the chronology's ``events`` is a
  :class:`dashboard.core.frame.FrameEvents` (each ``Event`` built when asked for) and its ``sources``
  a read-only mapping over the rows' source cells; nothing per row is built up front.

Checks across rows are the loader's: a repeated id skips the later row, a related id that is
not an event is reported and dropped (the "did you mean" guess is given up past
:data:`GUESS_LIMIT` events, where it would cost seconds per miss). The ``links`` column
(``type:id; type:id``, :func:`dashboard.core.cells.split_links`) is read as the CSV import reads
it: a row whose links are not all plainly valid (an unknown type, no type, a link to itself, a
second link of a type to the same event) goes to the CSV import; then a link to no event, and the
link closing a cycle of ``causes`` or ``part-of`` (:func:`dashboard.core.links.cycle_links`), are
reported at the row's ``links`` cell and dropped, the event kept.

Positions: in a CSV file, ``line`` is the line of the row (of the cell, for a cell after a
line break) and ``column`` the 1-based column; in a Parquet file, which has no lines, ``line``
is the 1-based row number (0 for the header) and ``column`` the 1-based column.

A CSV file pyarrow cannot split into rows exactly as the CSV import does (a row with more cells
than the header, quotes inside unquoted cells, old Mac line ends, a header over several lines)
is read by :func:`dashboard.io.importers.import_csv` as a whole: the same result, more slowly.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..core.cells import NEEDS_CLEANING_RE2, clean_cell, join_list, split_aligned, split_links, split_list, whole_cell
from ..core.dates import DateError, DateInfo, parse_date
from ..core.frame import EXTRA_COLUMNS, FrameEvents, frame_from_columns, same_as_cell
from ..core.links import (
    CYCLE_TYPES,
    cell_links,
    cycle_links,
    encode_link,
    link_cycle_problem,
    missing_link_problem,
    self_link_problem,
)
from ..core.loader import Category, Chronology, Event, Source, sort_key
from ..core.models import ID_PATTERN, IMPORTANCE_RANGE, ORDER_RANGE, STATUSES
from ..core.problems import Problem
from ..core.safetext import is_http_url
from ..core.yamlsafe import DEFAULT_MAX_BYTES
from .importers import (
    _CSV_ALIASES,
    _CSV_DERIVED,
    CSV_COLUMNS,
    DEFAULT_CATEGORY,
    event_id,
    import_csv,
    slugify,
)

__all__ = [
    "BULK_SUFFIXES",
    "CONTROL_RE2",
    "GUESS_LIMIT",
    "TableSources",
    "category_id",
    "cell_line",
    "csv_table",
    "header",
    "load_table",
    "missing_columns",
    "parquet_cells",
    "parquet_table",
    "read_csv_bytes",
    "read_parquet",
    "size_problem",
    "slow_row",
    "with_lines",
]

BULK_SUFFIXES: Final = (".csv", ".parquet")
GUESS_LIMIT: Final = 20_000
"""Past this many events, a wrong related id gets no "did you mean" guess."""

_ID_RE: Final = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$"))
_PLAIN_URL: Final = re.compile(r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9._~%!$&'()*+,;=:-]+(?:[/?#]\S*)?")
_CONTROL_RE2: Final = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x{9f}]"
_LISTS: Final = ("actors", "places", "tags", "related")
_SOURCES: Final = ("source_publisher", "source_title", "source_url", "source_date")
_IMAGES: Final = ("image_url", "image_caption", "image_credit", "image_alt")


# --------------------------------------------------------------------------- entry points


def load_table(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Read a ``.csv`` or ``.parquet`` file (see the module docstring). Never raises for bad content."""
    p = Path(path)
    name = str(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        message = "no such file or folder" if isinstance(exc, FileNotFoundError) else f"cannot read: {exc.strerror}"
        return Chronology(problems=[Problem(name, 0, 0, message, "check the path")], files=[name])
    if size > max_bytes:
        return Chronology(problems=[_size_problem(name, size, max_bytes)], files=[name])
    if p.suffix.lower() == ".parquet":
        return read_parquet(p, file=name, max_bytes=max_bytes)
    return read_csv_bytes(p.read_bytes(), file=name, max_bytes=max_bytes)


def _size_problem(file: str, size: int, max_bytes: int) -> Problem:
    return Problem(
        file,
        0,
        0,
        f"the file is {size:,} bytes, over the size limit of {max_bytes:,} bytes",
        "raise the limit (--max-mb), or split the table",
    )


def read_csv_bytes(data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Read a CSV table from bytes, as :func:`dashboard.io.importers.import_csv` would, quickly."""
    if len(data) > max_bytes:
        return Chronology(problems=[_size_problem(file, len(data), max_bytes)], files=[file])
    table = _csv_table(data)
    if table is None:  # not split exactly as the CSV import would: let it do the whole file
        return _as_frame_events(import_csv(data, file=file, max_bytes=max_bytes))
    return _build(table, file=file)


def read_parquet(
    source: str | os.PathLike[str] | bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES
) -> Chronology:
    """Read a Parquet table (same columns as the CSV import). Never raises for bad content."""
    import pyarrow.parquet as pq

    try:
        if isinstance(source, bytes):
            if len(source) > max_bytes:
                return Chronology(problems=[_size_problem(file, len(source), max_bytes)], files=[file])
            arrow = pq.read_table(pa.BufferReader(source))
        else:
            arrow = pq.read_table(str(source))
    except (OSError, pa.ArrowException) as exc:
        return Chronology(
            problems=[Problem(file, 0, 0, f"cannot read the Parquet file: {exc}", "check that it is a Parquet file")],
            files=[file],
        )
    return _build(_parquet_table(arrow), file=file)


def _as_frame_events(chron: Chronology) -> Chronology:
    """The same chronology, its events kept as a frame (as the fast path gives them)."""
    from ..core.frame import event_extras, to_frame

    frame = to_frame(chron)
    chron.events = FrameEvents(frame, event_extras(chron))
    return chron


# --------------------------------------------------------------------------- reading tables


@dataclass
class _Table:
    """Cells of a table as text, with what is needed to place problems and redo a row slowly."""

    names: list[str]  # raw header names
    columns: list[pa.ChunkedArray | pa.Array]  # one text array per header name
    lines: list[int]  # line (CSV) or row number (Parquet) of each row
    header_line: int
    raw_row: Callable[[int], bytes]  # a row as CSV bytes (for the slow path)
    header_bytes: bytes
    mini_first_line: int  # line of the row in header_bytes + raw_row(i)
    cell_lines: bool = True  # cells after a line break are on later lines (CSV)
    problems: list[Problem] = field(default_factory=list)
    multiline: set[int] = field(default_factory=set)  # rows with a line break in a cell


def _decode_ok(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _csv_table(data: bytes) -> _Table | None:
    """Split a CSV file with pyarrow; None when it cannot be done exactly as the CSV import does."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    if not body.strip() or not _decode_ok(body) or b"\r" in body.replace(b"\r\n", b""):
        return None
    raw = np.frombuffer(body, dtype=np.uint8)
    newlines = np.flatnonzero(raw == 0x0A)
    quotes = np.flatnonzero(raw == 0x22)
    quotes_before = np.searchsorted(quotes, newlines)  # quote characters before each line break
    ends = newlines[(quotes_before % 2) == 0]  # a line break outside quotes ends a row
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(body)]))
    starts, stops = starts[starts < len(body)], stops[starts < len(body)]
    line_of_start = np.searchsorted(newlines, starts) + 1  # newlines before the start, plus one
    nonblank = [i for i, (a, b) in enumerate(zip(starts.tolist(), stops.tolist(), strict=True)) if body[a:b].strip()]
    if not nonblank:
        return None
    h = nonblank[0]
    header_text = body[starts[h] : stops[h]].decode("utf-8")
    first_line = header_text.split("\n", 1)[0]
    if "\n" in header_text.rstrip("\r") or '"' in header_text:
        return None  # a quoted header: let the CSV import read it
    delimiter = max((",", ";", "\t"), key=first_line.count) if any(d in first_line for d in ",;\t") else ","
    names = next(csv.reader([header_text.rstrip("\r")], delimiter=delimiter))
    if not any(n.strip() for n in names):
        return None
    fields = [f"c{i}" for i in range(len(names))]
    try:
        arrow = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(column_names=fields, skip_rows=int(line_of_start[h])),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(fields, pa.large_string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    rows = [i for i in nonblank[1:] if body[starts[i] : stops[i]].strip(b"\r")]
    if arrow.num_rows != len(rows):
        return None
    columns = [arrow.column(i) for i in range(len(fields))]
    lines = line_of_start[rows].tolist()
    row_starts, row_stops = starts[rows].tolist(), stops[rows].tolist()
    # rows with no text at all are not events (the CSV import skips them)
    blank = _all_blank(columns, arrow.num_rows)
    if blank.any():
        keep = np.flatnonzero(~blank)
        columns = [c.take(pa.array(keep)) for c in columns]
        lines = [lines[i] for i in keep.tolist()]
        row_starts = [row_starts[i] for i in keep.tolist()]
        row_stops = [row_stops[i] for i in keep.tolist()]
    header_bytes = body[starts[h] : stops[h]].rstrip(b"\r") + b"\n"

    def raw_row(i: int) -> bytes:
        return body[row_starts[i] : row_stops[i]] + b"\n"

    return _Table(
        names=names,
        columns=columns,
        lines=lines,
        header_line=int(line_of_start[h]),
        raw_row=raw_row,
        header_bytes=header_bytes,
        mini_first_line=2,
    )


def _all_blank(columns: Sequence[pa.ChunkedArray | pa.Array], n: int) -> np.ndarray[Any, np.dtype[np.bool_]]:
    blank = np.ones(n, dtype=np.bool_)
    for column in columns:
        trimmed = pc.utf8_trim_whitespace(column)
        blank &= np.asarray(pc.equal(pc.utf8_length(trimmed), 0).to_numpy(zero_copy_only=False), dtype=np.bool_)
    return blank


def _parquet_cells(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A Parquet column as CSV-like text cells (lists joined with ``;``, dates in ISO)."""
    kind = column.type
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        values = [
            join_list((str(v) for v in (cell or []) if v is not None), separator=";") for cell in column.to_pylist()
        ]
        return pa.chunked_array([pa.array(values, type=pa.large_string())])
    if pa.types.is_timestamp(kind):
        text = pc.strftime(column, format="%Y-%m-%dT%H:%M:%S")
        if kind.tz is not None:
            text = pc.binary_join_element_wise(text, pa.scalar("Z"), "")
        return pc.fill_null(text.cast(pa.large_string()), "")
    if pa.types.is_date(kind):
        return pc.fill_null(pc.strftime(column, format="%Y-%m-%d").cast(pa.large_string()), "")
    if pa.types.is_boolean(kind):
        return pc.fill_null(pc.if_else(column, "true", "false").cast(pa.large_string()), "")
    if pa.types.is_floating(kind):
        whole = pc.equal(pc.floor(column), column)
        as_int = pc.cast(pc.if_else(whole, column, pa.scalar(None, kind)), pa.int64(), safe=False).cast(pa.string())
        text = pc.coalesce(as_int, column.cast(pa.string()))
        return pc.fill_null(text.cast(pa.large_string()), "")
    return pc.fill_null(column.cast(pa.large_string()), "")


def _parquet_table(arrow: pa.Table) -> _Table:
    names = [str(n) for n in arrow.column_names]
    columns = [_parquet_cells(arrow.column(i)) for i in range(arrow.num_columns)]
    n = arrow.num_rows
    lines = list(range(1, n + 1))
    blank = _all_blank(columns, n)
    if blank.any():
        keep = np.flatnonzero(~blank)
        columns = [c.take(pa.array(keep)) for c in columns]
        lines = [lines[i] for i in keep.tolist()]
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(names)
    header_bytes = buffer.getvalue().encode()

    def raw_row(i: int) -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerow([c[i].as_py() for c in columns])
        return out.getvalue().encode()

    return _Table(
        names=names,
        columns=columns,
        lines=lines,
        header_line=0,
        raw_row=raw_row,
        header_bytes=header_bytes,
        mini_first_line=2,
        cell_lines=False,
    )


# --------------------------------------------------------------------------- building


def _normalise(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _header(table: _Table, file: str) -> dict[str, int]:
    """Known columns -> index; unknown and repeated columns reported (as the CSV import does)."""
    cols: dict[str, int] = {}
    for index, raw in enumerate(table.names):
        name = _normalise(raw)
        if not name:
            continue
        canonical = _CSV_ALIASES.get(name, name)
        line, column = (table.header_line, index + 1) if table.header_line else (0, 0)
        if canonical in _CSV_DERIVED:
            continue
        if canonical not in CSV_COLUMNS:
            table.problems.append(
                Problem(
                    file,
                    line,
                    column,
                    f"unknown column '{raw.strip()}': its cells are not imported",
                    "rename it to one of: " + ", ".join(CSV_COLUMNS) + "; or remove the column",
                )
            )
            continue
        if canonical in cols:
            table.problems.append(
                Problem(
                    file,
                    line,
                    column,
                    f"column '{raw.strip()}' appears twice (also column {cols[canonical] + 1}): "
                    "this one is not imported",
                    "keep one of the two columns",
                )
            )
            continue
        cols[canonical] = index
    return cols


def _cells(column: pa.ChunkedArray | pa.Array) -> list[str]:
    """A column's cells as trimmed Python text; only the cells that need it are touched."""
    values: list[str] = column.to_pylist()
    for i in np.flatnonzero(_mask(pc.match_substring_regex(column, NEEDS_CLEANING_RE2))).tolist():
        values[i] = clean_cell(values[i])
    return values


def _mask(result: pa.ChunkedArray | pa.Array) -> np.ndarray[Any, np.dtype[np.bool_]]:
    return np.asarray(result.to_numpy(zero_copy_only=False), dtype=np.bool_)


def _category_id(label: str) -> str:
    """The CSV import's category id for a label (the label itself when it is an id)."""
    import hashlib

    if _ID_RE.fullmatch(label):
        return label
    return slugify(label) or "c" + hashlib.blake2b(label.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


@dataclass(slots=True)
class _Good:
    """One row read as an event (the id is filled in after ids are generated)."""

    index: int
    line: int
    written_id: str | None
    id_pos: tuple[int, int]
    title: str
    date_text: str
    date: DateInfo
    category: str
    summary: str
    notes: str
    display_date: str | None
    importance: int
    status: str
    actors: list[str]
    places: list[str]
    tags: list[str]
    related: list[str]
    related_pos: tuple[int, int]
    sources: list[tuple[str, str | None, str | None, str | None]]
    image: tuple[str | None, ...] | None = None
    problems: list[Problem] = field(default_factory=list)
    order: int | None = None
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (type, id, place in the cell)
    links_pos: tuple[int, int] = (0, 0)
    same_as: list[str] = field(default_factory=list)


def _build(table: _Table, *, file: str) -> Chronology:
    problems = table.problems
    cols = _header(table, file)
    n = len(table.lines)
    lacking = missing_columns(cols, table, file)
    if lacking is not None:
        problems.append(lacking)
        return Chronology(problems=problems, files=[file], skipped=n)
    cells = {name: _cells(table.columns[index]) for name, index in cols.items()}
    if table.cell_lines:
        breaks = np.zeros(n, dtype=np.bool_)
        for column in table.columns:
            breaks |= _mask(pc.match_substring_regex(column, r"[\r\n]"))
        table.multiline = set(np.flatnonzero(breaks).tolist())
    control = np.zeros(n, dtype=np.bool_)
    for index in cols.values():
        control |= _mask(pc.match_substring_regex(table.columns[index], _CONTROL_RE2))
    empty = [""] * n

    def col(name: str) -> list[str]:
        return cells.get(name, empty)

    date_c, start_c, end_c = col("date"), col("start"), col("end")
    has_category = "category" in cols
    categories: dict[str, str] = {}
    label_c = col("category_label")
    cat_ids: dict[str, str] = {}
    for i, cat in enumerate(col("category")) if has_category else ():
        if cat and not control[i]:
            cid = cat_ids.get(cat)
            if cid is None:
                cid = cat_ids[cat] = _category_id(cat)
            categories.setdefault(cid, cat)
            if label_c[i] and categories.get(cid) == cat:
                categories[cid] = label_c[i]
    dates: dict[str, DateInfo | None] = {}
    wholes: dict[str, int | None] = {}  # cell -> whole_cell(cell), for importance and order
    title_c, id_c, summary_c, notes_c, display_c = (
        col("title"),
        col("id"),
        col("summary"),
        col("notes"),
        col("display_date"),
    )
    importance_c, order_c, status_c = col("importance"), col("order"), col("status")
    list_c = {name: col(name) for name in _LISTS}
    source_c: dict[str, list[str]] = {name: col(name) for name in _SOURCES if name in cols}
    lines = table.lines
    image_present = [name for name in _IMAGES if name in cols]
    id_column = cols.get("id", 0) + 1
    related_column = cols.get("related", 0) + 1
    links_c = col("links")
    good: list[_Good] = []
    slow: list[int] = []
    checked: list[int] = []  # rows that pass the CSV import's own checks
    cat_c = col("category")
    actors_c, places_c, tags_c, related_c = (list_c[name] for name in _LISTS)
    same_as_c = col("same_as")
    images_c = [cells[name] for name in image_present]
    id_fullmatch = _ID_RE.fullmatch
    source_memo: dict[tuple[str, ...], list[_SourceTuple] | None] = {}
    source_columns = list(source_c.values())
    source_names = list(source_c)
    for i in range(n):
        title = title_c[i]
        date_text = date_c[i]
        start, end = start_c[i], end_c[i]
        if start or end:  # start/end make an interval; with a date as well, the row is the import's to judge
            date_text = (f"{start}/{end}" if end else start) if start and not date_text else ""
        importance_text, order_text = importance_c[i], order_c[i]
        if (
            control[i]
            or not title
            or not date_text
            or (has_category and not cat_c[i])
            or (importance_text and _memo_whole(wholes, importance_text) is None)
            or (order_text and _memo_whole(wholes, order_text) is None)
        ):
            slow.append(i)  # the CSV import's own checks fail: the loader never sees the row
            continue
        checked.append(i)  # from here on, a failing row is one the loader skips
        if images_c and any(c[i] for c in images_c):
            slow.append(i)
            continue
        info = _parsed(dates, date_text)
        written = id_c[i] or None
        importance = wholes[importance_text] if importance_text else 3
        order = wholes[order_text] if order_text else None
        if not _within(importance, IMPORTANCE_RANGE) or (order is not None and not _within(order, ORDER_RANGE)):
            slow.append(i)  # out of range: the loader's message
            continue
        assert importance is not None  # a whole number: checked above
        status = status_c[i].lower() if status_c[i] else "confirmed"
        related = split_list(related_c[i]) if related_c[i] else []
        links = _row_links(links_c[i], written) if links_c[i] else []
        same_as = split_list(same_as_c[i]) if same_as_c[i] else []
        sources: list[_SourceTuple] | None = []
        if source_columns:
            key = tuple(c[i] for c in source_columns)
            sources = source_memo.get(key, _NOT_PARSED)
            if sources is _NOT_PARSED:
                sources = source_memo[key] = _row_sources(dict(zip(source_names, key, strict=True)), dates)
        if (
            info is None
            or sources is None
            or (written is not None and not id_fullmatch(written))
            or status not in STATUSES
            or (related and not all(map(id_fullmatch, related)))
            or links is None
            or (same_as and (not all(map(id_fullmatch, same_as)) or len(set(same_as)) < len(same_as)))
        ):
            slow.append(i)
            continue
        line = lines[i]
        good.append(
            _Good(
                i,
                line,
                written,
                (_cell_line(table, i, cols["id"]), id_column) if written is not None else (line, 1),
                title,
                date_text,
                info,
                cat_ids[cat_c[i]] if has_category else DEFAULT_CATEGORY[0],
                summary_c[i],
                notes_c[i],
                display_c[i] or None,
                importance,
                status,
                split_list(actors_c[i]) if actors_c[i] else [],
                split_list(places_c[i]) if places_c[i] else [],
                split_list(tags_c[i]) if tags_c[i] else [],
                related,
                (_cell_line(table, i, cols["related"]) if related else line, related_column),
                list(sources),
                order=order,
                same_as=same_as,
            )
        )
        if links:
            good[-1].links = links
            good[-1].links_pos = _links_pos(table, i, cols)
    skipped = 0
    attempted: set[str] = set()  # written ids of rows the loader skipped for their own problems
    reached = set(checked)
    for i in slow:
        row, row_problems, row_skipped = _slow_row(table, i, file)
        problems.extend(row_problems)
        skipped += row_skipped
        if row is not None:
            good.append(row)
        elif id_c[i] and i in reached:
            attempted.add(id_c[i])
    good.sort(key=lambda g: g.index)
    if not has_category and (good or slow):
        categories[DEFAULT_CATEGORY[0]] = DEFAULT_CATEGORY[1]
    return _finish(good, categories, problems, skipped, file, attempted)


_LINK_TARGET: Final = re.compile(r"'links\[[0-9]+\]': linked event '")


def _row_links(cell: str, written: str | None) -> list[tuple[str, str, int]] | None:
    """The links of a row's ``links`` cell (``type:id`` items), or None when one of them is not
    plainly valid (the row then goes to the CSV import, whose problems name each)."""
    items = split_links(cell)
    links = cell_links(items, written)
    return links if len(links) == len(items) else None


def _links_pos(table: _Table, i: int, cols: Mapping[str, int]) -> tuple[int, int]:
    """Where the problems of row ``i``'s links point: its ``links`` cell."""
    index = cols["links"]
    return _cell_line(table, i, index), index + 1


def _check_links(
    kept: list[tuple[str, _Good]], known: set[str], attempted: set[str], problems: list[Problem], file: str
) -> None:
    """The loader's checks of links across rows: a link to no event (or to the event itself, when its
    id was generated), then the links closing a cycle of ``causes`` or ``part-of``, are reported
    and dropped (the event is kept)."""
    kept_ids: list[str] | None = None
    for eid, g in kept:
        if not g.links:
            continue
        good: list[tuple[str, str, int]] = []
        for kind, to, k in g.links:
            if to == eid:
                problems.append(Problem(file, *g.links_pos, *self_link_problem(k, eid), eid))
            elif to not in known:
                if kept_ids is None:
                    kept_ids = [e for e, _ in kept]
                close = difflib.get_close_matches(to, kept_ids, n=1) if len(kept_ids) <= GUESS_LIMIT else []
                text = missing_link_problem(k, to, skipped=to in attempted, guess=close[0] if close else None)
                problems.append(Problem(file, *g.links_pos, *text, eid))
            else:
                good.append((kind, to, k))
        g.links = good
    for kind in CYCLE_TYPES:
        edges = [(g, eid, to, k) for eid, g in kept for lk, to, k in g.links if lk == kind]
        if not edges:
            continue
        codes: dict[str, int] = {}
        src = [codes.setdefault(eid, len(codes)) for _g, eid, _to, _k in edges]
        dst = [codes.setdefault(to, len(codes)) for _g, _eid, to, _k in edges]
        for members, closing in cycle_links(src, dst, list(codes)):
            g, eid, to, k = edges[closing]
            problems.append(Problem(file, *g.links_pos, *link_cycle_problem(kind, eid, to, members), eid))
            g.links = [link for link in g.links if link[2] != k]


def _memo_whole(memo: dict[str, int | None], text: str) -> int | None:
    """``whole_cell(text)`` (the CSV import's rule), memoised in ``memo`` (rows share values)."""
    if text in memo:
        return memo[text]
    value = memo[text] = whole_cell(text)
    return value


def _within(value: int | None, bounds: tuple[int, int]) -> bool:
    return value is not None and bounds[0] <= value <= bounds[1]


def _parsed(dates: dict[str, DateInfo | None], text: str) -> DateInfo | None:
    """``parse_date(text)``, or None when it is not a date; memoised in ``dates`` (rows share dates)."""
    if text in dates:
        return dates[text]
    info: DateInfo | None
    try:
        info = parse_date(text)
    except DateError:
        info = None
    dates[text] = info
    return info


def _cell_line(table: _Table, i: int, column: int) -> int:
    """The line of a cell: its row's, plus the line breaks in the cells before it (CSV)."""
    line = table.lines[i]
    if not table.cell_lines or i not in table.multiline:
        return line
    for index in range(column):
        cell = table.columns[index][i].as_py()
        if "\n" in cell or "\r" in cell:
            line += cell.count("\n") + cell.count("\r") - cell.count("\r\n")
    return line


class _NotParsed:
    pass


_NOT_PARSED: Any = _NotParsed()


_SourceTuple = tuple[str, str | None, str | None, str | None]


def _row_sources(cells: Mapping[str, str], dates: dict[str, DateInfo | None]) -> list[_SourceTuple] | None:
    """A row's inline sources as (publisher, title, url, date EDTF); None if any is not plainly valid."""
    present = {name: value for name, value in cells.items() if value}
    if not present:
        return []
    if any("\\" in v for v in present.values()):
        return None
    split = {name: split_aligned(value) for name, value in present.items()}
    out: list[_SourceTuple] = []
    for k in range(max(len(v) for v in split.values())):
        got = {name.removeprefix("source_"): (v[k] if k < len(v) else "") for name, v in split.items()}
        got = {key: value for key, value in got.items() if value}
        if not got:
            continue
        url = got.get("url")
        if url is not None and not _PLAIN_URL.fullmatch(url):
            return None
        publisher = got.get("publisher")
        if publisher is None:
            host = urlsplit(url).hostname if url and is_http_url(url) else None
            if not host:
                return None
            publisher = host.removeprefix("www.")
        date = got.get("date")
        if date is not None:
            info = _parsed(dates, date)
            if info is None:
                return None
            date = info.edtf
        out.append((publisher, got.get("title"), url, date))
    return out


def _slow_row(table: _Table, i: int, file: str) -> tuple[_Good | None, list[Problem], int]:
    """Read one row with the CSV import itself: its problems word for word, at the row's line."""
    chron = import_csv(table.header_bytes + table.raw_row(i), file=file, max_bytes=1 << 62)
    shift = table.lines[i] - table.mini_first_line
    problems: list[Problem] = []
    for p in chron.problems:
        if p.line < table.mini_first_line:
            continue  # the header's problems, reported once for the whole table
        if "related event '" in p.message or _LINK_TARGET.match(p.message):
            continue  # checked against the whole table below
        line = p.line + shift if table.cell_lines else table.lines[i]
        message = _shift_places(p.message, p.file, shift if table.cell_lines else None, table.lines[i])
        problems.append(Problem(p.file, line, p.column, message, p.hint, p.event_id))
    if not chron.events:
        return None, problems, max(chron.skipped, 1)
    ev: Event = chron.events[0]
    row_line = table.lines[i]
    sources = [
        (src.publisher, src.title, src.url, src.date)
        for sid in ev.sources
        if (src := chron.sources.get(sid)) is not None
    ]
    cells = {name: table.columns[idx][i].as_py() for name, idx in _header(_quiet(table), file).items()}
    written = clean_cell(str(cells.get("id") or "")) or None
    related = split_list(clean_cell(str(cells.get("related") or "")))
    image = None
    if ev.image is not None:
        image = (ev.image.url, ev.image.caption, ev.image.credit, ev.image.alt)
    link_cell = clean_cell(str(cells.get("links") or ""))
    links = cell_links(split_links(link_cell), ev.id) if link_cell else []
    return (
        _Good(
            index=i,
            line=row_line,
            written_id=written,
            id_pos=(row_line, 1),
            title=ev.title,
            date_text=ev.date.edtf,
            date=ev.date,
            category=ev.category,
            summary=ev.summary,
            notes=ev.notes,
            display_date=ev.display_date,
            importance=ev.importance,
            status=ev.status,
            actors=list(ev.actors),
            places=list(ev.places),
            tags=list(ev.tags),
            related=[r for r in related if _ID_RE.fullmatch(r)],
            related_pos=(row_line, 1),
            sources=sources,
            image=image,
            problems=[],
            order=ev.order,
            links=links,
            links_pos=_links_pos(table, i, _header(_quiet(table), file)) if links else (0, 0),
            same_as=list(ev.same_as),
        ),
        problems,
        0,
    )


def _shift_places(message: str, file: str, shift: int | None, row_line: int) -> str:
    """A one-row import's message with the places it names (``FILE:LINE:COLUMN``, e.g. "first at
    t.csv:2:4") moved to the row's place in the whole table (``shift=None``: the row's line)."""
    pattern = re.escape(file) + r":([0-9]+):"
    if not re.search(pattern, message):
        return message
    return re.sub(pattern, lambda m: f"{file}:{int(m.group(1)) + shift if shift is not None else row_line}:", message)


def _quiet(table: _Table) -> _Table:
    """The table with a throw-away problem list (to map its header again without reporting twice)."""
    return _Table(
        names=table.names,
        columns=table.columns,
        lines=table.lines,
        header_line=table.header_line,
        raw_row=table.raw_row,
        header_bytes=table.header_bytes,
        mini_first_line=table.mini_first_line,
        cell_lines=table.cell_lines,
    )


def _finish(
    good: list[_Good],
    categories: dict[str, str],
    problems: list[Problem],
    skipped: int,
    file: str,
    attempted: set[str],
) -> Chronology:
    # ids: written ones first, then generated ones (stable, never a written id), as the CSV import
    taken = {g.written_id for g in good if g.written_id is not None}
    ids: list[str] = []
    for g in good:
        if g.written_id is not None:
            ids.append(g.written_id)
            continue
        base = event_id(g.title, g.date_text)
        candidate, k = base, 2
        while candidate in taken:
            candidate = f"{base}-{k}"
            k += 1
        taken.add(candidate)
        ids.append(candidate)
    # repeated ids: the first is kept (the loader's rule and message)
    first: dict[str, int] = {}
    kept: list[tuple[str, _Good]] = []
    for eid, g in zip(ids, good, strict=True):
        if eid in first:
            where = f"{file}:{first[eid]}"
            problems.append(
                Problem(
                    file,
                    *g.id_pos,
                    f"duplicate event id '{eid}' (first at {where})",
                    f"give each event its own id: rename the one here or the one at {where}",
                    eid,
                )
            )
            skipped += 1
            continue
        first[eid] = g.line
        kept.append((eid, g))
    known = set(first)
    kept_ids = [eid for eid, _ in kept]
    for eid, g in kept:
        bad = [r for r in g.related if r not in known]
        if not bad:
            continue
        for ref in bad:
            if ref in attempted:
                message = f"related event '{ref}' was skipped because of its own problems"
                hint = f"fix the problems of event '{ref}' (listed with it)"
            else:
                close = difflib.get_close_matches(ref, kept_ids, n=1) if len(kept_ids) <= GUESS_LIMIT else []
                guess = f" (did you mean '{close[0]}'?)" if close else ""
                message = f"related event '{ref}' does not exist{guess}"
                hint = "use the id of an event in this chronology"
            problems.append(Problem(file, *g.related_pos, message, hint, eid))
        g.related = [r for r in g.related if r in known]
    _check_links(kept, known, attempted, problems, file)
    kept.sort(key=lambda pair: sort_key(pair[1].date.earliest, pair[1].order, pair[0]))
    frame, extras, sources = _frame(kept, categories, file)
    problems.sort(key=lambda p: (p.line, p.column))
    title = Path(file).stem or "Imported chronology"
    return Chronology(
        title=title,
        categories={cid: Category(cid, label) for cid, label in categories.items()},
        sources=sources,
        events=FrameEvents(frame, extras),
        problems=problems,
        files=[file],
        skipped=skipped,
        declared_categories=True,
    )


def _frame(kept: list[tuple[str, _Good]], categories: Mapping[str, str], file: str) -> tuple[Any, Any, TableSources]:
    import pandas as pd

    ids = [eid for eid, _ in kept]
    rows = [g for _, g in kept]
    source_ids = [[f"{eid}--{k}" for k in range(1, len(g.sources) + 1)] for eid, g in kept]
    publishers: list[list[str]] = []
    for g in rows:
        pubs: list[str] = []
        for pub, *_ in g.sources:
            if pub not in pubs:
                pubs.append(pub)
        publishers.append(pubs)
    dates = [g.date for g in rows]
    cols: dict[str, Sequence[Any]] = {
        "id": ids,
        "title": [g.title for g in rows],
        "category": [g.category for g in rows],
        "summary": [g.summary for g in rows],
        "notes": [g.notes for g in rows],
        "date": [d.edtf for d in dates],
        "label": [g.display_date or g.date.label for g in rows],
        "earliest": [d.earliest for d in dates],
        "latest": [d.latest for d in dates],
        "precision": [d.precision for d in dates],
        "approximate": [d.approximate for d in dates],
        "uncertain": [d.uncertain for d in dates],
        "interval": [d.interval for d in dates],
        "open_start": [d.open_start for d in dates],
        "open_end": [d.open_end for d in dates],
        "importance": [g.importance for g in rows],
        "order": [g.order or 0 for g in rows],
        "status": [g.status for g in rows],
        "actors": [g.actors for g in rows],
        "places": [g.places for g in rows],
        "tags": [g.tags for g in rows],
        "sources": source_ids,
        "publishers": publishers,
        "related": [g.related for g in rows],
        "links": [[encode_link(kind, to) for kind, to, _k in g.links] for g in rows],
        "has_image": [g.image is not None for g in rows],
        "file": [file] * len(rows),
        "line": [g.line for g in rows],
    }
    frame = frame_from_columns(cols, list(categories))
    images = [g.image or (None, None, None, None) for g in rows]
    extra: dict[str, list[str | None]] = {
        "display_date": [g.display_date for g in rows],
        "date_label": [g.date.label if g.display_date is not None else None for g in rows],
        "image_url": [im[0] for im in images],
        "image_caption": [im[1] for im in images],
        "image_credit": [im[2] for im in images],
        "image_alt": [im[3] for im in images],
        "link_notes": [None] * len(rows),  # a CSV or Parquet link has no note and no sources
        "same_as": [same_as_cell(g.same_as) for g in rows],
    }
    extras = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in extra.items()}, columns=list(EXTRA_COLUMNS))
    return frame, extras, TableSources(ids, [g.sources for g in rows])


class TableSources(Mapping[str, Source]):
    """The inline sources of a table's rows (``<event-id>--<n>``), each built when asked for."""

    __slots__ = ("_count", "_index", "_rows")

    def __init__(self, ids: Sequence[str], rows: Sequence[Sequence[tuple[str, str | None, str | None, str | None]]]):
        self._index = dict(zip(ids, range(len(ids)), strict=True))
        self._rows = rows
        self._count = sum(map(len, rows))

    def __getitem__(self, key: str) -> Source:
        eid, sep, number = key.rpartition("--")
        row = self._index.get(eid) if sep and number.isdigit() else None
        if row is None or not 1 <= int(number) <= len(self._rows[row]) or number != str(int(number)):
            raise KeyError(key)
        publisher, title, url, date = self._rows[row][int(number) - 1]
        return Source(key, publisher, title, url, date)

    def __iter__(self) -> Iterator[str]:
        for eid, row in self._index.items():
            for k in range(1, len(self._rows[row]) + 1):
                yield f"{eid}--{k}"

    def __len__(self) -> int:
        return self._count


# --------------------------------------------------------------------------- for the store's vectorized ingest
# (dashboard.store.tables reads tables batch by batch with the same rules; these are its ways in)

CONTROL_RE2: Final = _CONTROL_RE2
"""RE2 pattern of the control characters a cell may not hold."""


def parquet_cells(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """A Parquet column as the CSV import's text cells (see :func:`_parquet_cells`)."""
    return _parquet_cells(column)


def parquet_table(arrow: pa.Table) -> Any:
    """Rows of a Parquet table as the slow path reads them (row numbers 1..n: see :func:`with_lines`)."""
    return _parquet_table(arrow)


def csv_table(data: bytes) -> Any:
    """A CSV file split as the CSV import splits it, or None when pyarrow cannot (see :func:`_csv_table`)."""
    return _csv_table(data)


def header(table: Any, file: str) -> dict[str, int]:
    """Known columns -> index; unknown and repeated ones reported in ``table.problems``."""
    return _header(table, file)


def missing_columns(cols: Mapping[str, int], table: Any, file: str) -> Problem | None:
    """The problem of a header without a title column or a date (or start) column, or None."""
    missing = ["title"] if "title" not in cols else []
    if "date" not in cols and "start" not in cols:
        missing.append("date")
    if not missing:
        return None
    hl = table.header_line
    return Problem(
        file,
        hl,
        1 if hl else 0,
        "the CSV header has no " + " and no ".join(f"'{m}'" for m in missing) + " column",
        "the header needs at least title and date (or start and end) columns; found: "
        + ", ".join(c.strip() for c in table.names if c.strip()),
    )


def with_lines(table: Any, lines: Sequence[int] | np.ndarray[Any, Any]) -> Any:
    """The table with the row numbers of its rows in the whole file (for a slice of a file)."""
    import dataclasses

    return dataclasses.replace(table, lines=[int(x) for x in lines])


def slow_row(table: Any, i: int, file: str) -> tuple[Any, list[Problem], int]:
    """Row ``i`` read by the CSV import itself: (the row or None, its problems, rows skipped)."""
    return _slow_row(table, i, file)


def cell_line(table: Any, i: int, column: int) -> int:
    """The line of row ``i``'s cell in ``column`` (0-based): later than the row's after line breaks."""
    if table.cell_lines and i not in table.multiline:
        table.multiline.add(i)
    return _cell_line(table, i, column)


def size_problem(file: str, size: int, max_bytes: int) -> Problem:
    """The problem of a file over the size limit."""
    return _size_problem(file, size, max_bytes)


def category_id(label: str) -> str:
    """The CSV import's category id of a label."""
    return _category_id(label)
