"""Ingest: files (YAML files and folders, CSV, Parquet, TimelineJS, JSON) -> a store.

Every check of the loader is made (the files are read by the same readers as everywhere
else: :func:`dashboard.core.loader.load_paths` for YAML, :mod:`dashboard.io.bulk` for CSV and Parquet
tables, :func:`dashboard.io.importers.load_any` for the other formats), every problem is kept with
its ``file:line:column``, and valid events are stored even when others are skipped.

Nothing is redone when the content has not changed: the store's ``key`` covers the bytes of
every input, the size limit, the store format and the code that reads and checks (as the
persistent cache's key does); an ingest whose key equals the store's returns at once.

The store is written into a new folder beside the target, then swapped in, so a reader never
sees half a store.
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc
import pyarrow.parquet as pq

from ..core.frame import event_extras, to_frame
from ..core.links import CYCLE_TYPES, cycle_links, link_cycle_problem, missing_link_problem, self_link_problem
from ..core.loader import YAML_SUFFIXES, Category, Chronology, load_paths
from ..core.problems import Problem
from ..core.yamlsafe import DEFAULT_MAX_BYTES
from ..io.bulk import BULK_SUFFIXES, GUESS_LIMIT
from ..io.cache import input_key
from ..io.importers import load_any
from .layout import (
    CODED_COLUMNS,
    DB_FILE,
    DB_TABLES,
    DETAILS_SCHEMA,
    EVENTS_SCHEMA,
    FACET_VALUES_SCHEMA,
    LIST_COLUMNS,
    MAX_KEPT_PROBLEMS,
    PARQUET_TABLES,
    ROW_SCHEMA,
    SOURCES_SCHEMA,
    STORE_FORMAT,
    WORDS_SCHEMA,
    StoreFormatError,
    StoreMeta,
    codes_column,
    read_meta,
    write_meta,
)
from .tables import guess, read_table_into
from .words import words_table

__all__ = ["IngestResult", "Progress", "chronology_tables", "ingest", "store_key"]

_GROUP_ROWS: Final = 65_536  # rows per Parquet row group: a search reads few of them
_DETAIL_GROUP_ROWS: Final = 8_192
_MEMORY_LIMIT: Final = "2GB"  # DuckDB spills to disk past this (the ingest's peak stays under 4 GB)


class Progress:
    """A one-line progress bar on a terminal (nothing when the stream is not a terminal)."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.start = time.perf_counter()

    def __call__(self, stage: str, done: float = 0.0) -> None:
        if not self.enabled:
            return
        width = 30
        filled = round(max(0.0, min(1.0, done)) * width)
        bar = "#" * filled + "-" * (width - filled)
        elapsed = time.perf_counter() - self.start
        self.stream.write(f"\r[{bar}] {done:4.0%} {elapsed:6.1f} s  {stage:<40.40}")
        self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()


@dataclass(frozen=True)
class IngestResult:
    """What an ingest did: the store's metadata, whether it was already up to date, all problems."""

    meta: StoreMeta
    up_to_date: bool
    seconds: float
    problems: tuple[Problem, ...]


def _kind(path: Path) -> str:
    if path.is_dir():
        return "yaml"
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        return "yaml"
    if suffix in BULK_SUFFIXES:
        return suffix.lstrip(".")
    return "import"


def store_key(paths: Sequence[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The key of ingesting ``paths``: their content, the limit, the format and the code."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"store {STORE_FORMAT} {max_bytes}\0".encode())
    here = Path(__file__).resolve().parent
    for name in ("ingest.py", "layout.py", "words.py", "tables.py", "../core/datesvec.py"):
        h.update((here / name).read_bytes())
    for p in paths:
        path = Path(p)
        h.update(input_key(path, max_bytes=max_bytes, kind=_kind(path)).encode() + b"\0")
    return h.hexdigest()


def _year_month(earliest_ms: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """Astronomical year and month (1-12) of epoch-ms instants (proleptic Gregorian, any sign)."""
    months = (earliest_ms // 1000).astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    return (months // 12 + 1970).astype(np.int32), (months % 12 + 1).astype(np.int32)


def chronology_tables(chron: Chronology) -> tuple[pa.Table, pa.Table]:
    """Every column of the events of a loaded chronology (:data:`ROW_SCHEMA`, in frame order; ``seq``
    is set when staged) and its ``sources`` table."""
    frame = to_frame(chron)
    extras = event_extras(chron)
    n = len(frame)
    arrays: dict[str, Any] = {}
    for field in ROW_SCHEMA:
        name = field.name
        if name in ("seq", "year", "month"):  # set when staged
            arrays[name] = pa.array(np.zeros(n, dtype=np.int64), type=field.type)
        elif name in extras.columns:
            arrays[name] = pa.array(extras[name].to_numpy(dtype=object), type=field.type)
        elif name in LIST_COLUMNS:  # each value once per event, in the order written
            lists = [list(dict.fromkeys(v)) for v in frame[name].to_numpy(dtype=object)]
            arrays[name] = pa.array(lists, type=field.type)
        elif isinstance(frame[name].dtype, pd.CategoricalDtype):
            arrays[name] = pa.array(frame[name].astype(str).to_numpy(dtype=object), type=field.type)
        else:
            arrays[name] = pa.array(frame[name].to_numpy(), type=field.type)
    events = pa.table(arrays, schema=ROW_SCHEMA)
    srcs = list(chron.sources.values())
    sources = pa.table(
        {
            "id": pa.array([s.id for s in srcs], pa.string()),
            "publisher": pa.array([s.publisher for s in srcs], pa.string()),
            "title": pa.array([s.title for s in srcs], pa.string()),
            "url": pa.array([s.url for s in srcs], pa.string()),
            "date": pa.array([s.date for s in srcs], pa.string()),
        },
        schema=SOURCES_SCHEMA,
    )
    return events, sources


_LEAN_COLUMNS: Final = tuple(f.name for f in EVENTS_SCHEMA if f.name != "rid")
_DETAIL_COLUMNS: Final = tuple(DETAILS_SCHEMA.names)
_POSITIONS: Final = ("_id_col", "_rel_col", "_id_line", "_rel_line")
_STAGING_SCHEMA: Final = pa.schema(
    [*(f for f in EVENTS_SCHEMA if f.name != "rid")]
    + [pa.field(codes_column(c), pa.list_(pa.int32())) for c in CODED_COLUMNS]
    + [pa.field(n, pa.int32()) for n in _POSITIONS]
    + [pa.field("_file", pa.string()), pa.field("_line", pa.int32())]
    + [pa.field("_link_col", pa.int32()), pa.field("_link_line", pa.int32())]
    + [pa.field("_link_pos", pa.list_(pa.int32()))]
)
"""The columns staged for the checks across rows and the ``events`` table."""


class _Coder:
    """Integer codes of one list column's values, given as batches are read: a value's code is the
    order in which it was first seen (:meth:`encode`); :meth:`ranks` maps them to the store's codes
    (the order of the values) once every batch is in."""

    def __init__(self) -> None:
        self.codes: dict[str, int] = {}

    def encode(self, lists: pa.Array | pa.ChunkedArray) -> pa.Array:
        """``lists`` (``list<string>``, never null) as ``list<int32>`` codes, list by list."""
        lists = lists.combine_chunks() if isinstance(lists, pa.ChunkedArray) else lists
        offsets = lists.offsets.to_numpy()
        flat = pc.list_flatten(lists)
        if len(flat):
            encoded = pc.dictionary_encode(flat)
            known = self.codes
            here = np.fromiter(
                (known.setdefault(v, len(known)) for v in encoded.dictionary.to_pylist()),
                dtype=np.int32,
                count=len(encoded.dictionary),
            )
            values = pa.array(here[encoded.indices.to_numpy(zero_copy_only=False)], pa.int32())
        else:
            values = pa.array([], pa.int32())
        return pa.ListArray.from_arrays(pa.array(offsets - offsets[0], pa.int32()), values)

    def ranks(self) -> tuple[list[str], list[int]]:
        """The values in the store's order (binary, as DuckDB orders text), and for each first-seen
        code its store code."""
        values = sorted(self.codes)  # code-point order = UTF-8 byte order
        rank = [0] * len(values)
        for final, value in enumerate(values):
            rank[self.codes[value]] = final
        return values, rank


class _Staging:
    """Rows of every input as they are read. The columns queries read go to Arrow files (lz4) in
    ``folder``, for the checks across rows and the sorted ``events`` table; the rest (``details``,
    ``sources``) and the word index are written as the store's Parquet files by worker threads
    while reading goes on. ``seq`` is each row's place: the input, then the row."""

    def __init__(self, folder: Path, store: Path) -> None:
        self.folder = folder
        self.store = store
        folder.mkdir()
        for name in PARQUET_TABLES:
            (store / name).mkdir()
        self.input = 0
        self.parts = 0
        self.event_files: list[Path] = []
        self.coders = {c: _Coder() for c in CODED_COLUMNS}
        self.pool = ThreadPoolExecutor(max_workers=2)
        self.pending: list[Future[None]] = []

    def next_input(self) -> None:
        """Rows put from now on come after every row put before (``seq``: input, then row)."""
        self.input += 1

    def put(self, events: pa.Table, sources: pa.Table) -> None:
        """Stage rows (:data:`ROW_SCHEMA` columns); ``_pos`` (row in the input), ``_id_col``/
        ``_rel_col`` and ``_id_line``/``_rel_line`` (where problems of ids and related ids point)
        are taken from ``events`` when it has them (else the row's line, column 1)."""
        n = events.num_rows
        pos = events.column("_pos").to_numpy() if "_pos" in events.column_names else np.arange(n, dtype=np.int64)
        ones = pa.array(np.ones(n, np.int32))
        line = events.column("line")
        extra = {
            "_id_col": events.column("_id_col") if "_id_col" in events.column_names else ones,
            "_rel_col": events.column("_rel_col") if "_rel_col" in events.column_names else ones,
            "_id_line": events.column("_id_line") if "_id_line" in events.column_names else line,
            "_rel_line": events.column("_rel_line") if "_rel_line" in events.column_names else line,
            "_file": events.column("file"),
            "_line": line,
            **_link_staging(events),
        }
        seq = pa.array((self.input << 40) + pos.astype(np.int64))
        year, month = _year_month(events.column("earliest_ms").to_numpy())
        events = events.set_column(events.column_names.index("seq"), "seq", seq)
        lean = events.select(list(_LEAN_COLUMNS))
        lean = lean.set_column(lean.column_names.index("year"), "year", pa.array(year))
        lean = lean.set_column(lean.column_names.index("month"), "month", pa.array(month))
        for c, coder in self.coders.items():
            lean = lean.append_column(codes_column(c), coder.encode(lean.column(c)))
        for name, column in extra.items():
            lean = lean.append_column(name, column.cast(_STAGING_SCHEMA.field(name).type))
        k = self.parts
        self.parts += 1
        path = self.folder / f"events-{k}.parquet"
        # Parquet, read by DuckDB itself: its memory limit then covers the reading too (an Arrow
        # dataset scanned for it was decompressed by pyarrow, outside that limit: +1.9 GB at 10M)
        pq.write_table(lean.cast(_STAGING_SCHEMA), path, compression="lz4", row_group_size=_GROUP_ROWS)
        self.event_files.append(path)
        details = events.select(list(_DETAIL_COLUMNS))
        sources = sources.select(list(SOURCES_SCHEMA.names)).cast(SOURCES_SCHEMA)
        first = int(pc.min(seq).as_py()) if n else self.input << 40
        sources = sources.append_column("seq", pa.array(np.full(sources.num_rows, first, dtype=np.int64)))
        texts = events.select(["title", "summary", "notes", "seq"])
        self.pending.append(self.pool.submit(self._write_parts, k, details, sources, texts))
        while len(self.pending) > 2:  # at most two batches in flight (bounded memory)
            self.pending.pop(0).result()

    def _write_parts(self, k: int, details: pa.Table, sources: pa.Table, texts: pa.Table) -> None:
        """A batch's details, sources and words, as Parquet files of the store."""
        name = f"part-{k:05d}.parquet"
        # small row groups: a page of rows or one event reads little (min/max of seq per group)
        pq.write_table(details, self.store / "details" / name, row_group_size=_DETAIL_GROUP_ROWS)
        pq.write_table(sources, self.store / "sources" / name, row_group_size=_GROUP_ROWS)
        # the batch's words sorted: a search reads a row group or two per file (min/max statistics)
        words = words_table([texts.column(0), texts.column(1), texts.column(2)], texts.column(3))
        pq.write_table(_sorted_words(words), self.store / "words" / name, row_group_size=_GROUP_ROWS)

    def finish(self) -> None:
        """Wait for the files still being written (with no rows at all: empty files, so that
        every table has its schema)."""
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pending = []
            self.pool.shutdown()
        if not self.parts:
            empty = self.folder / "events-0.parquet"
            pq.write_table(_STAGING_SCHEMA.empty_table(), empty)
            self.event_files.append(empty)
            name = "part-00000.parquet"
            pq.write_table(DETAILS_SCHEMA.empty_table(), self.store / "details" / name)
            sources = SOURCES_SCHEMA.append(pa.field("seq", pa.int64()))
            pq.write_table(sources.empty_table(), self.store / "sources" / name)
            pq.write_table(WORDS_SCHEMA.empty_table(), self.store / "words" / name)

    def register(self, con: Any) -> None:
        """``staging``: the staged columns, a view of the staged Parquet files (DuckDB's reader;
        the paths are passed as values, never written into SQL text)."""
        con.read_parquet([str(f) for f in self.event_files]).create_view("staging")


def _sorted_words(words: pa.Table) -> pa.Table:
    """``words`` sorted by word: the distinct words are sorted (few), then the rows by their rank
    (integers), many times faster than sorting the texts themselves."""
    if not words.num_rows:
        return words
    encoded = pc.dictionary_encode(words.column("word")).combine_chunks()
    order = pc.sort_indices(encoded.dictionary).to_numpy()
    rank = np.empty(len(order), dtype=np.int32)
    rank[order] = np.arange(len(order), dtype=np.int32)
    perm = np.argsort(rank[encoded.indices.to_numpy()], kind="stable")
    return words.take(pa.array(perm))


def _add_chronology(head: Chronology, chron: Chronology, problems: list[Problem]) -> None:
    problems += chron.problems
    head.skipped += chron.skipped
    head.files += chron.files
    head.title = head.title or chron.title
    head.description = head.description or chron.description
    head.declared_categories = head.declared_categories or chron.declared_categories
    for key, cat in chron.categories.items():
        head.categories.setdefault(key, cat)
    head.stories += chron.stories
    head.periods += chron.periods


def _read_inputs(
    staging: _Staging, paths: Sequence[Path], max_bytes: int, progress: Callable[[str, float], None]
) -> tuple[Chronology, list[Problem], set[str]]:
    """Every input into ``staging`` (all YAML inputs read together, so their cross-file checks
    hold); the merged header, every problem, and the ids of rows skipped for their own problems."""
    head = Chronology()
    problems: list[Problem] = []
    attempted: set[str] = set()
    yaml_paths = [p for p in paths if _kind(p) == "yaml"]
    if yaml_paths:
        progress("reading YAML", 0.02)
        chron = load_paths(yaml_paths, max_bytes=max_bytes)
        _add_chronology(head, chron, problems)
        staging.put(*chronology_tables(chron))
        staging.next_input()
    for p in paths:
        kind = _kind(p)
        if kind in ("csv", "parquet"):
            read = read_table_into(p, staging.put, max_bytes=max_bytes, progress=progress)
            staging.next_input()
            table_chron = Chronology(
                title=p.stem or "Imported chronology",
                categories={cid: Category(cid, label) for cid, label in read.categories.items()},
                files=[str(p)],
                skipped=read.skipped,
                declared_categories=True,
            )
            _add_chronology(head, table_chron, problems)
            problems += read.problems
            attempted |= read.attempted
        elif kind == "import":
            try:
                data = p.read_bytes()
            except OSError as exc:
                problems.append(Problem(str(p), 0, 0, f"cannot read the file: {exc.strerror}", "check the path"))
                continue
            chron = load_any(data, file=str(p), max_bytes=max_bytes)
            _add_chronology(head, chron, problems)
            staging.put(*chronology_tables(chron))
            staging.next_input()
    return head, problems, attempted


def _across_rows(con: Any, problems: list[Problem], attempted: set[str]) -> int:
    """Checks across rows and inputs: a repeated id skips the later row (table ``dropped``); a
    related id that is no event is reported and dropped (table ``fixed``: the related ids kept).
    Returns the rows skipped."""
    con.execute("CREATE TEMP TABLE dup_ids AS SELECT id FROM staging GROUP BY id HAVING count(*) > 1")
    con.execute(
        "CREATE TEMP TABLE dropped AS SELECT seq, id, _file, _id_line, _id_col, first_file, first_line FROM ("
        " SELECT seq, id, _file, _id_line, _id_col,"
        " first_value(_file) OVER w AS first_file, first_value(_line) OVER w AS first_line,"
        " row_number() OVER w AS k FROM staging WHERE id IN (SELECT id FROM dup_ids)"
        " WINDOW w AS (PARTITION BY id ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        ") WHERE k > 1"
    )
    dups = con.execute(
        "SELECT id, _file, _id_line, _id_col, first_file, first_line FROM dropped ORDER BY seq"
    ).fetchall()
    for eid, file, line, id_col, first_file, first_line in dups:
        where = f"{first_file}:{first_line}"
        problems.append(
            Problem(
                file,
                line,
                id_col,
                f"duplicate event id '{eid}' (first at {where})",
                f"give each event its own id: rename the one here or the one at {where}",
                eid,
            )
        )
    con.execute(
        "CREATE TEMP TABLE refs AS SELECT seq, unnest(related) AS ref, generate_subscripts(related, 1) AS pos"
        " FROM staging WHERE len(related) > 0 AND seq NOT IN (SELECT seq FROM dropped)"
    )
    con.execute(
        "CREATE TEMP TABLE bad_refs AS SELECT seq, ref, pos FROM refs WHERE ref NOT IN"
        " (SELECT id FROM staging WHERE id IN (SELECT ref FROM refs) AND seq NOT IN (SELECT seq FROM dropped))"
    )
    con.execute(
        "CREATE TEMP TABLE fixed AS SELECT seq, coalesce(list(ref ORDER BY pos)"
        " FILTER (WHERE (seq, pos) NOT IN (SELECT (seq, pos) FROM bad_refs)), []::VARCHAR[]) AS related"
        " FROM refs WHERE seq IN (SELECT seq FROM bad_refs) GROUP BY seq"
    )
    bad = con.execute(
        "SELECT s.id, s._file, s._rel_line, s._rel_col, b.ref FROM staging s JOIN bad_refs b ON s.seq = b.seq"
        " ORDER BY b.seq, b.pos"
    ).fetchall()
    if bad:
        total = int(con.execute("SELECT count(*) FROM staging").fetchall()[0][0])
        query = "SELECT id FROM staging WHERE seq NOT IN (SELECT seq FROM dropped)"
        ids = [row[0] for row in con.execute(query).fetchall()] if total <= GUESS_LIMIT else []
        for eid, file, line, rel_col, ref in bad:
            if ref in attempted:
                message = f"related event '{ref}' was skipped because of its own problems"
                hint = f"fix the problems of event '{ref}' (listed with it)"
            else:
                message = f"related event '{ref}' does not exist{guess(ref, ids)}"
                hint = "use the id of an event in this chronology"
            problems.append(Problem(file, line, rel_col, message, hint, eid))
    return len(dups)


def _link_staging(events: pa.Table) -> dict[str, Any]:
    """Where the problems of each staged row's links point (``_link_line``, ``_link_col``) and each
    link's place among the items written (``_link_pos``): taken from ``events`` when it has them
    (:mod:`.tables`), else the row's line, column 1, and the links in order."""
    n = events.num_rows
    names = events.column_names
    return {
        "_link_col": events.column("_link_col") if "_link_col" in names else pa.array(np.ones(n, np.int32)),
        "_link_line": events.column("_link_line") if "_link_line" in names else events.column("line"),
        "_link_pos": events.column("_link_pos") if "_link_pos" in names else pa.nulls(n, pa.list_(pa.int32())),
    }


class _Names(Sequence[str]):
    """The texts of an Arrow string array by position, each made a Python text when asked for."""

    def __init__(self, values: pa.Array) -> None:
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def __getitem__(self, i: Any) -> Any:
        return self.values[i].as_py()


def _check_links(con: Any, problems: list[Problem], attempted: set[str]) -> None:
    """The loader's checks of links across rows and inputs, in DuckDB over the staged rows: a link
    to no event (or to its own event, when the id was generated) is reported at its row's ``links``
    cell and dropped; then, for ``causes`` and for ``part-of``, the links closing a cycle
    (:func:`dashboard.core.links.cycle_links`, over the links of that type only: few beside the
    events). Leaves ``link_fixed`` (the links kept of each row that lost some) and ``link_drops``
    for :func:`_fix_links`. Every SQL text is our own; values come from the data as parameters."""
    con.execute(
        "CREATE TEMP TABLE link_items AS SELECT seq, id AS src, split_part(item, ':', 1) AS type,"
        " split_part(item, ':', 2) AS dst, pos, coalesce(_link_pos[pos], pos) AS k, _file, _link_line, _link_col"
        " FROM (SELECT seq, id, _link_pos, _file, _link_line, _link_col, unnest(links) AS item,"
        " generate_subscripts(links, 1) AS pos FROM staging WHERE len(links) > 0"
        " AND seq NOT IN (SELECT seq FROM dropped))"
    )
    con.execute(
        "CREATE TEMP TABLE link_drops AS SELECT seq, pos FROM link_items WHERE src = dst OR dst NOT IN"
        " (SELECT id FROM staging WHERE id IN (SELECT dst FROM link_items) AND seq NOT IN (SELECT seq FROM dropped))"
    )
    bad = con.execute(
        "SELECT i.src, i.dst, i.k, i._file, i._link_line, i._link_col FROM link_items i"
        " JOIN link_drops d ON i.seq = d.seq AND i.pos = d.pos ORDER BY i.seq, i.pos"
    ).fetchall()
    if bad:
        total = int(con.execute("SELECT count(*) FROM staging").fetchall()[0][0])
        query = "SELECT id FROM staging WHERE seq NOT IN (SELECT seq FROM dropped)"
        ids = [row[0] for row in con.execute(query).fetchall()] if total <= GUESS_LIMIT else []
        for src, dst, k, file, line, column in bad:
            if src == dst:
                text = self_link_problem(k, src)
            else:
                close = difflib.get_close_matches(dst, ids, n=1) if ids else []
                text = missing_link_problem(k, dst, skipped=dst in attempted, guess=close[0] if close else None)
            problems.append(Problem(file, line, column, *text, src))
    closing: list[tuple[int, int]] = []
    for kind in CYCLE_TYPES:
        edges = con.sql(
            "SELECT seq, pos, src, dst, k, _file, _link_line, _link_col FROM link_items WHERE type = ?"
            " AND (seq, pos) NOT IN (SELECT (seq, pos) FROM link_drops) ORDER BY seq, pos",
            params=[kind],
        ).to_arrow_table()
        if not edges.num_rows:
            continue
        ends = pa.chunked_array([*edges.column("src").chunks, *edges.column("dst").chunks], pa.string())
        encoded = pc.dictionary_encode(ends.cast(pa.large_string()).combine_chunks())
        codes = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
        names = _Names(encoded.dictionary)
        n = edges.num_rows
        for members, place in cycle_links(codes[:n], codes[n:], names):
            row = edges.slice(place, 1).to_pylist()[0]
            text = link_cycle_problem(kind, row["src"], row["dst"], members)
            problems.append(Problem(row["_file"], row["_link_line"], row["_link_col"], *text, row["src"]))
            closing.append((row["seq"], row["pos"]))
    if closing:
        con.register("link_closing", pa.table({"seq": [s for s, _ in closing], "pos": [p for _, p in closing]}))
        con.execute("INSERT INTO link_drops SELECT seq, pos FROM link_closing")
        con.unregister("link_closing")
    con.execute(
        "CREATE TEMP TABLE link_fixed AS SELECT seq, coalesce(list(type || ':' || dst ORDER BY pos)"
        " FILTER (WHERE (seq, pos) NOT IN (SELECT (seq, pos) FROM link_drops)), []::VARCHAR[]) AS links"
        " FROM link_items WHERE seq IN (SELECT seq FROM link_drops) GROUP BY seq"
    )


def _fix_links(con: Any) -> None:
    """The links dropped by :func:`_check_links` taken out of ``events`` and of the ``links`` table."""
    if not con.execute("SELECT count(*) FROM link_fixed").fetchall()[0][0]:
        return
    con.execute("UPDATE events SET links = f.links FROM link_fixed f WHERE events.seq = f.seq")
    con.execute(
        "DELETE FROM links WHERE (src, dst, type) IN (SELECT (i.src, i.dst, i.type) FROM link_items i"
        " JOIN link_drops d ON i.seq = d.seq AND i.pos = d.pos)"
    )
    con.execute("CHECKPOINT")


def _finish_db(con: Any, staging: _Staging, progress: Callable[[str, float], None]) -> int:
    """``events``, with ``rid`` 0.. in event order (earliest, order, id). Returns its rows.

    The order's keys are sorted first (a narrow sort), then the rows are written in that order.
    The list facets were coded while reading (:class:`_Coder`): coding them here, by unnesting and
    joining, took 90 of 200 seconds at ten million events.
    """
    progress("ordering events", 0.6)
    con.execute(
        'CREATE TEMP TABLE event_order AS SELECT seq, (row_number() OVER (ORDER BY earliest_ms, "order", id) - 1)'
        "::BIGINT AS rid FROM staging WHERE seq NOT IN (SELECT seq FROM dropped)"
    )
    progress("writing events", 0.7)
    # the list facets' values, coded in their order; the staged codes (first seen) mapped to these
    # by a list given as a parameter. Every SQL text below is made of our own names, never of input
    ranks: dict[str, list[int]] = {}
    facet_rows: dict[str, list[Any]] = {"facet": [], "value": [], "code": []}
    for c, coder in staging.coders.items():
        values, ranks[c] = coder.ranks()
        facet_rows["facet"] += [c] * len(values)
        facet_rows["value"] += values
        facet_rows["code"] += range(len(values))
    con.register("coded_values", pa.table(facet_rows, schema=FACET_VALUES_SCHEMA))
    con.execute("CREATE TABLE facet_values AS SELECT * FROM coded_values ORDER BY facet, code")
    con.unregister("coded_values")
    lean = ", ".join(f's."{c}"' for c in _LEAN_COLUMNS if c != "related")
    codes = ", ".join(
        f"list_transform(s.{codes_column(c)}, lambda x: ${c}[x + 1])::INTEGER[] AS {codes_column(c)}"
        for c in CODED_COLUMNS
    )
    con.execute(
        f"CREATE TABLE events AS SELECT o.rid, {lean}, coalesce(f.related, s.related) AS related, {codes}"  # noqa: S608
        " FROM staging s JOIN event_order o ON s.seq = o.seq LEFT JOIN fixed f ON s.seq = f.seq ORDER BY o.rid",
        ranks,
    )
    progress("writing links", 0.8)
    # every typed link (items "type:id", checked by the loader) whose two events are in the store
    con.execute(
        "CREATE TABLE links AS SELECT src, dst, type FROM ("
        " SELECT id AS src, split_part(item, ':', 2) AS dst, split_part(item, ':', 1) AS type"
        " FROM (SELECT id, unnest(links) AS item FROM events WHERE len(links) > 0))"
        " WHERE dst IN (SELECT id FROM events) ORDER BY src, dst, type"
    )
    con.execute("CHECKPOINT")
    return int(con.execute("SELECT count(*) FROM events").fetchall()[0][0])


def _all_facets(con: Any, folder: Path, head: Chronology) -> dict[str, tuple[tuple[str, int], ...]]:
    """Each facet's counts over every event (the unfiltered view), by the store's own queries."""
    import ibis

    from ..core.query import FilterState
    from .engines import Connection
    from .queries import EventStore

    backend = ibis.duckdb.from_connection(con)
    parts = {
        name: backend.read_parquet(str(folder / name / "*.parquet"), table_name=f"new_{name}")
        for name in PARQUET_TABLES
    }
    meta = StoreMeta(categories=head.categories)
    tables = {t: backend.table(t) for t in DB_TABLES}
    store = EventStore(Connection("duckdb", backend, **tables, **parts), meta)
    return {name: tuple(counts) for name, counts in store.facets(FilterState()).items()}


def ingest(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    progress: Callable[[str, float], None] | None = None,
) -> IngestResult:
    """Read ``paths`` into the store folder ``out`` (created or replaced); see the module docstring.

    Raises ``ValueError`` when ``paths`` is empty or ``out`` is one of the inputs.
    """
    report = progress or (lambda _stage, _done: None)
    start = time.perf_counter()
    inputs = [Path(p) for p in paths]
    if not inputs:
        raise ValueError("nothing to ingest: give at least one file or folder")
    target = Path(out)
    if any(p.resolve() == target.resolve() for p in inputs):
        raise ValueError(f"the store {target} cannot also be an input")
    report("checking what changed", 0.0)
    key = store_key(inputs, max_bytes=max_bytes)
    if not force:
        try:
            meta = read_meta(target)
        except StoreFormatError:
            pass
        else:
            if meta.key == key:
                report("up to date", 1.0)
                return IngestResult(meta, True, time.perf_counter() - start, meta.problems)
    report("reading and checking", 0.02)
    import duckdb

    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        staging = _Staging(work / "staging", work)
        try:
            head, problems, attempted = _read_inputs(staging, inputs, max_bytes, report)
        finally:
            staging.finish()
        # what reading kept (batches freed but held by the allocators) goes back before DuckDB's turn
        gc.collect()
        pa.default_memory_pool().release_unused()
        con = duckdb.connect(str(work / DB_FILE), config={"memory_limit": _MEMORY_LIMIT})
        try:
            con.execute("SET enable_progress_bar = false")
            staging.register(con)
            report("checking across rows", 0.5)
            head.skipped += _across_rows(con, problems, attempted)
            _check_links(con, problems, attempted)
            rows = _finish_db(con, staging, report)
            _fix_links(con)
            report("counting the facets", 0.95)
            facets = _all_facets(con, work, head)
        finally:
            con.close()
        shutil.rmtree(work / "staging", ignore_errors=True)
        meta = StoreMeta(
            key=key,
            rows=rows,
            title=head.title,
            description=head.description,
            categories=head.categories,
            declared_categories=head.declared_categories,
            stories=tuple(head.stories),
            periods=tuple(head.periods),
            problems=tuple(problems[:MAX_KEPT_PROBLEMS]),
            problem_count=len(problems),
            skipped=head.skipped,
            files=tuple(head.files),
            inputs=tuple(str(p) for p in inputs),
            facets=facets,
        )
        write_meta(work, meta)
        _swap(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    report("done", 1.0)
    return IngestResult(meta, False, time.perf_counter() - start, tuple(problems))


def _swap(work: Path, target: Path) -> None:
    """Put the new store at ``target``; an old store (or an empty folder) there is removed."""
    if target.exists():
        if not target.is_dir():
            raise ValueError(f"{target} exists and is not a folder: give a folder for the store")
        if any(target.iterdir()) and not (target / "store.json").exists() and not (target / DB_FILE).exists():
            raise ValueError(f"{target} is a folder that is not a store: give a new or empty folder")
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
        work.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        work.rename(target)
