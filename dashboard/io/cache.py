"""Persistent cache of loaded chronologies: an unchanged file loads again in a fraction of the time.

Pure (no Streamlit); the UI (``dashboard.ui.data``) and the benchmark use it.

Key
    blake2b of: the cache format, a fingerprint of the code that loads (the source of the
    loading modules and the versions of the libraries they use), the size limit, and the input
    (the path as given, then for each file read its path and its bytes; for a folder, every
    YAML file in the order the loader reads them). A changed file, a changed loader or another
    size limit gives another key: nothing is ever invalidated by hand.

Entry
    Two files named after the key: ``KEY.arrow``, an Arrow IPC file (zstd) with the frame's
    columns (``docs/frame-columns.md``) and the events' extras (:data:`dashboard.core.frame.EXTRA_COLUMNS`),
    and ``KEY.json`` with the rest of the chronology (title, description, categories, sources,
    stories, periods, problems, files, skipped, and since format 3 its ``id`` and where each
    ``same_as`` id is written). Neither format can run code when read (no pickle).
    Each is written to a temporary file and renamed; the JSON goes last, so its presence marks
    a complete entry. A missing, partial, corrupt or inconsistent entry is a miss: the file is
    loaded and the entry written again. The events of a cached chronology are a
    :class:`dashboard.core.frame.FrameEvents`, built from the frame on demand.

Folder
    ``$DASHBOARD_CACHE_DIR`` if set (``off`` turns the cache off), else
    ``$XDG_CACHE_HOME/chronology-dashboard``, else ``~/.cache/chronology-dashboard``: a
    per-user folder, created private (0700), so that nothing is written beside the data (which
    may be read-only or under version control). At most :data:`MAX_ENTRIES` entries are kept,
    the least recently used are removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.ipc as ipc

from ..core.dates import PRECISIONS
from ..core.frame import COLUMNS, EXTRA_COLUMNS, LIST_COLUMNS, FrameEvents, event_extras, to_frame
from ..core.loader import (
    YAML_SUFFIXES,
    Category,
    Chronology,
    Period,
    Source,
    Story,
    StoryStep,
    load_bytes,
    load_path,
)
from ..core.models import STATUSES
from ..core.problems import Problem
from ..core.yamlsafe import DEFAULT_MAX_BYTES, gc_paused

__all__ = [
    "CACHE_ENV",
    "CACHE_FORMAT",
    "MAX_ENTRIES",
    "CachedLoad",
    "default_cache_dir",
    "input_key",
    "load_with_cache",
    "read_entry",
    "write_entry",
]

CACHE_FORMAT: Final = 3
"""Bumped when the entries' layout changes (2: ``order`` is an int16 frame column, no longer an extra;
3: the chronology's ``id`` and the events' ``same_as``, with where each is written)."""
CACHE_ENV: Final = "DASHBOARD_CACHE_DIR"
MAX_ENTRIES: Final = 16
_OFF: Final = frozenset({"off", "none", "no", "0", "false"})
_TEXT: Final = ("id", "title", "summary", "notes", "date", "label", "file")
_CODED: Final = ("category", "precision", "status")
_NUMBERS: Final = {
    "earliest_ms": "int64",
    "latest_ms": "int64",
    "approximate": "bool",
    "uncertain": "bool",
    "interval": "bool",
    "open_start": "bool",
    "open_end": "bool",
    "importance": "int8",
    "order": "int16",
    "has_image": "bool",
    "line": "int32",
}
_LOADING_MODULES: Final = (
    "core/problems", "core/yamlsafe", "core/dates", "core/models", "core/loader", "core/frame",
    "core/cells", "io/cache", "io/bulk", "io/importers", "io/jsonread",
)  # fmt: skip
"""The files (under ``dashboard/``) whose code decides what a cached chronology holds."""
_LIST_TYPE: Final = pa.list_(pa.large_string())


class _BadEntry(Exception):
    """A cache entry that cannot be used (it is then rewritten)."""


_log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CachedLoad:
    """A loaded chronology, its frame, the cache key of its input and whether the cache had it.

    ``cache_problem`` says why nothing could be kept in the cache folder (it is also logged):
    the next start will read the file again. None when the entry was written, read or not asked for.
    """

    chron: Chronology
    frame: pd.DataFrame
    key: str
    hit: bool
    cache_problem: str | None = None


def default_cache_dir() -> Path | None:
    """The cache folder (see the module docstring); None when ``DASHBOARD_CACHE_DIR=off``."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if value.lower() in _OFF:
        return None
    if value:
        return Path(value).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "chronology-dashboard"


@cache
def _code_fingerprint() -> bytes:
    """What the cached result depends on besides the input: our loading code and the libraries."""
    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parents[1]
    for name in _LOADING_MODULES:
        h.update(name.encode() + b"\0" + (package / f"{name}.py").read_bytes())  # a missing file is a bug: raise
    import pydantic
    import yaml

    for version in (sys.version, np.__version__, pd.__version__, pa.__version__, pydantic.VERSION, yaml.__version__):
        h.update(str(version).encode() + b"\0")
    return h.digest()


def _yaml_files(folder: Path) -> list[Path]:
    """The files the loader reads from a folder, in its order (see ``load_paths``)."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())


def input_key(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES, kind: str = "yaml") -> str:
    """The cache key of loading ``path`` (a file or a folder): see the module docstring."""
    return _input_key(Path(path), str(path), max_bytes, kind)[0]


def _input_key(path: Path, name: str, max_bytes: int, kind: str) -> tuple[str, bytes | None]:
    """(key, the bytes of ``path`` when it is one readable file within the limit)."""
    h = hashlib.blake2b(digest_size=20)
    h.update(f"chronology-cache {CACHE_FORMAT} {kind} {max_bytes}\0".encode())
    h.update(_code_fingerprint())
    h.update(name.encode("utf-8", "surrogateescape") + b"\0")
    data: bytes | None = None
    files = _yaml_files(path) if path.is_dir() else [path]
    for f in files:
        h.update(b"\0file\0" + str(f).encode("utf-8", "surrogateescape") + b"\0")
        try:
            size = f.stat().st_size
            if size > max_bytes:
                h.update(f"over the limit: {size} {f.stat().st_mtime_ns}".encode())
                continue
            content = f.read_bytes()
        except OSError as exc:
            h.update(f"unreadable: {exc.errno}".encode())
            continue
        h.update(len(content).to_bytes(8, "little"))
        h.update(content)
        if not path.is_dir():
            data = content
    return h.hexdigest(), data


# --------------------------------------------------------------------------- loading


def load_with_cache(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    loader: Callable[[Path, bytes | None], Chronology] | None = None,
    kind: str = "yaml",
) -> CachedLoad:
    """Load ``path`` (as :func:`dashboard.core.loader.load_path` does), through the persistent cache.

    ``cache_dir`` defaults to :func:`default_cache_dir`; ``use_cache=False`` (or no folder)
    loads without reading or writing the cache. ``loader`` replaces the YAML loader (it gets
    the path and, for one file, its bytes already read): :mod:`dashboard.io.bulk` uses it for
    tables, with its own ``kind`` in the key. Never raises for bad content; a cache folder that
    cannot be written only means that nothing is kept.
    """
    p = Path(path)
    name = str(path)
    folder = (Path(cache_dir) if cache_dir is not None else default_cache_dir()) if use_cache else None
    if not p.exists():  # the loader's problem ("no such file or folder"), nothing to keep
        chron = _call_loader(loader, p, None, max_bytes)
        return CachedLoad(chron, to_frame(chron), "", False)
    key, data = _input_key(p, name, max_bytes, kind)
    if folder is not None:
        found = read_entry(folder, key)
        if found is not None:
            return CachedLoad(found[0], found[1], key, True)
    with gc_paused():
        chron = _call_loader(loader, p, data, max_bytes, name=name)
        frame = to_frame(chron)
        extras = event_extras(chron)
        # The same events, made from the frame when asked for: the loader's objects are
        # freed now, and a miss gives what a hit gives (the collector then has a few list
        # cells to walk instead of every event, date and list of the chronology).
        chron.events = FrameEvents(frame, extras)
    problem = None
    if folder is not None:
        failure = _write_entry(folder, key, chron, frame)
        if failure is not None:
            problem = (
                f"the cache folder {folder} cannot be written ({failure}), so every start reads "
                f"{p.name} again; make the folder writable, set {CACHE_ENV} to a writable folder, "
                f"or set {CACHE_ENV}=off"
            )
            _log.warning("%s", problem)
    return CachedLoad(chron, frame, key, False, problem)


def _call_loader(
    loader: Callable[[Path, bytes | None], Chronology] | None,
    path: Path,
    data: bytes | None,
    max_bytes: int,
    *,
    name: str | None = None,
) -> Chronology:
    if loader is not None:
        return loader(path, data)
    if data is not None:  # one file, already read: the same as load_path, without reading it again
        return load_bytes(data, file=name or str(path), max_bytes=max_bytes)
    return load_path(path, max_bytes=max_bytes)


# --------------------------------------------------------------------------- writing


def _private_dir(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


def _atomic_write(folder: Path, name: str, write: Callable[[Any], None]) -> None:
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, folder / name)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_entry(folder: str | os.PathLike[str], key: str, chron: Chronology, frame: pd.DataFrame) -> bool:
    """Store ``chron`` and its frame under ``key``; False (and nothing kept) if it cannot be written."""
    return _write_entry(folder, key, chron, frame) is None


def _write_entry(folder: str | os.PathLike[str], key: str, chron: Chronology, frame: pd.DataFrame) -> str | None:
    """Store the entry; None when written, else what went wrong (and nothing is kept)."""
    folder = Path(folder)
    try:
        _private_dir(folder)
        table = _encode_table(frame, event_extras(chron))
        meta = _encode_meta(chron, frame, key)

        def write_table(fh: Any) -> None:
            options = ipc.IpcWriteOptions(compression="zstd")
            with ipc.new_file(fh, table.schema, options=options) as writer:
                writer.write_table(table)

        _atomic_write(folder, f"{key}.arrow", write_table)
        _atomic_write(folder, f"{key}.json", lambda fh: fh.write(json.dumps(meta, ensure_ascii=False).encode()))
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    except (ValueError, TypeError, pa.ArrowException) as exc:
        return f"{type(exc).__name__}: {exc}"
    _prune(folder)
    return None


def _encode_table(frame: pd.DataFrame, extras: pd.DataFrame) -> pa.Table:
    arrays: dict[str, pa.Array | pa.ChunkedArray] = {}
    for name in _TEXT:
        arrays[name] = pa.array(frame[name].to_numpy(dtype=object), type=pa.large_string())
    for name in _CODED:
        arrays[name] = pa.array(frame[name].cat.codes.to_numpy(dtype=np.int32))
    for name, dtype in _NUMBERS.items():
        arrays[name] = pa.array(frame[name].to_numpy(dtype=dtype))
    for name in LIST_COLUMNS:
        arrays[name] = pa.array(frame[name].to_numpy(dtype=object), type=_LIST_TYPE)
    for name in EXTRA_COLUMNS:
        arrays["x_" + name] = pa.array(extras[name].to_numpy(dtype=object), type=pa.large_string())
    return pa.table(arrays)


def _encode_meta(chron: Chronology, frame: pd.DataFrame, key: str) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "key": key,
        "rows": len(frame),
        "title": chron.title,
        "description": chron.description,
        "declared_categories": chron.declared_categories,
        "categories": [[c.id, c.label, c.color, c.description] for c in chron.categories.values()],
        "frame_categories": [str(c) for c in frame["category"].cat.categories],
        "sources": [[s.id, s.publisher, s.title, s.url, s.date] for s in chron.sources.values()],
        "stories": [
            [s.id, s.title, s.description, [[step.event, step.note] for step in s.steps]] for s in chron.stories
        ],
        "periods": [p.to_json() for p in chron.periods],
        "problems": [[p.file, p.line, p.column, p.message, p.hint, p.event_id] for p in chron.problems],
        "files": list(chron.files),
        "skipped": chron.skipped,
        "id": chron.id,
        "same_as_at": [[eid, other, line, column] for (eid, other), (line, column) in chron.same_as_at.items()],
    }


def _entries(folder: Path) -> Iterator[Path]:
    yield from folder.glob("*.json")


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_ENTRIES` most recently used entries (and no stray temporary file)."""
    try:
        entries = sorted(_entries(folder), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in entries[MAX_ENTRIES:]:
        for suffix in (".json", ".arrow"):
            with contextlib.suppress(OSError):
                old.with_suffix(suffix).unlink()


# --------------------------------------------------------------------------- reading


def read_entry(folder: str | os.PathLike[str], key: str) -> tuple[Chronology, pd.DataFrame] | None:
    """The chronology and frame stored under ``key``, or None (missing or unusable entry)."""
    folder = Path(folder)
    meta_path, table_path = folder / f"{key}.json", folder / f"{key}.arrow"
    try:
        meta = json.loads(meta_path.read_bytes())
        with pa.memory_map(str(table_path)) as source:
            table = ipc.open_file(source).read_all()
        with gc_paused():
            result = _decode(meta, table, key)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, KeyError, IndexError, _BadEntry, pa.ArrowException):
        for stale in (meta_path, table_path):  # unusable: removed, rewritten by the caller
            with contextlib.suppress(OSError):
                stale.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(meta_path)  # recently used
    return result


def _check(condition: bool, what: str) -> None:
    if not condition:
        raise _BadEntry(what)


def _decode(meta: Any, table: pa.Table, key: str) -> tuple[Chronology, pd.DataFrame]:
    _check(isinstance(meta, dict), "metadata is not a mapping")
    _check(meta.get("format") == CACHE_FORMAT and meta.get("key") == key, "another format or key")
    n = meta["rows"]
    _check(isinstance(n, int) and table.num_rows == n, "row count")
    expected = {*_TEXT, *_CODED, *_NUMBERS, *LIST_COLUMNS, *("x_" + c for c in EXTRA_COLUMNS)}
    _check(set(table.column_names) == expected, "columns")
    frame_categories = [str(c) for c in meta["frame_categories"]]
    categories = {
        "category": frame_categories,
        "precision": list(PRECISIONS),
        "status": list(STATUSES),
    }
    data: dict[str, Any] = {}
    for name in _TEXT:
        column = table.column(name)
        _check(column.type == pa.large_string() and column.null_count == 0, f"column {name}")
        data[name] = pd.Series(column, dtype="str")
    for name in _CODED:
        codes = table.column(name).to_numpy()
        _check(codes.dtype == np.int32, f"column {name}")
        if n:
            _check(int(codes.min()) >= 0 and int(codes.max()) < len(categories[name]), f"codes of {name}")
        data[name] = pd.Categorical.from_codes(codes, categories=pd.Index(categories[name]))
    for name, dtype in _NUMBERS.items():
        values = table.column(name).to_numpy()
        _check(values.dtype == np.dtype(dtype), f"column {name}")
        data[name] = values
    data["earliest"] = (data["earliest_ms"] // 1000).astype("datetime64[s]")
    data["latest"] = (data["latest_ms"] // 1000).astype("datetime64[s]")
    for name in LIST_COLUMNS:
        data[name] = _lists(table.column(name), n)
    frame = pd.DataFrame(data, columns=list(COLUMNS))
    extras = pd.DataFrame(
        {
            name: pd.Series(table.column("x_" + name).to_numpy(zero_copy_only=False), dtype=object)
            for name in EXTRA_COLUMNS
        },
        columns=list(EXTRA_COLUMNS),
    )
    chron = Chronology(
        title=str(meta["title"]),
        description=str(meta["description"]),
        categories={c[0]: Category(c[0], c[1], c[2], c[3]) for c in meta["categories"]},
        sources={s[0]: Source(s[0], s[1], s[2], s[3], s[4]) for s in meta["sources"]},
        events=FrameEvents(frame, extras),
        stories=[Story(s[0], s[1], s[2], [StoryStep(e, note) for e, note in s[3]]) for s in meta["stories"]],
        periods=[Period.from_json(p) for p in meta["periods"]],
        problems=[Problem(p[0], p[1], p[2], p[3], p[4], p[5]) for p in meta["problems"]],
        files=[str(f) for f in meta["files"]],
        skipped=int(meta["skipped"]),
        declared_categories=bool(meta["declared_categories"]),
        id=str(meta["id"]),
        same_as_at={(str(e), str(o)): (int(line), int(col)) for e, o, line, col in meta["same_as_at"]},
    )
    return chron, frame


def _lists(column: pa.ChunkedArray, n: int) -> np.ndarray[Any, np.dtype[np.object_]]:
    """A list<string> column as an object array of Python lists (no per-item Arrow call)."""
    _check(column.type == _LIST_TYPE and column.null_count == 0, "list column")
    lists: list[list[str]] = []
    for chunk in column.chunks:
        offsets = chunk.offsets.to_numpy()
        start, end = int(offsets[0]), int(offsets[-1])
        items: list[str] = chunk.values.slice(start, end - start).to_numpy(zero_copy_only=False).tolist()
        bounds = (offsets - start).tolist()
        lists += [items[a:b] for a, b in itertools.pairwise(bounds)]
    _check(len(lists) == n, "list column length")
    # fromiter: never read as a 2-d array when every list has the same length
    return np.fromiter(lists, dtype=object, count=n)
