"""Loading at the UI edge: cached on path + content hash, shared read-only by every session.

Two levels:

* in this server process, ``st.cache_resource`` keyed on the path and the hash of its content
  (every session shares one :class:`Loaded`; never mutate it). The content hash is computed
  again only when the file's size or modification time changes, so a rerun does not read a
  large file again;
* across processes, :mod:`dashboard.io.cache`: a restarted server (or the command line) loads an
  unchanged file from the persistent cache in a fraction of the time of reading the YAML.

A store folder (``python -m dashboard ingest ... -o STORE``) is opened, not loaded: its
:class:`Loaded` holds the path, and each session asks the store through its own
:class:`dashboard.store.source.StoreSource` (a DuckDB cursor is not shared between threads).

A ``.csv`` or ``.parquet`` path given on the command line is read as a bulk table
(:mod:`dashboard.io.bulk`), through the same two levels (a million-row table takes about a minute
to read and check, its cache entry a few seconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from ..core.frame import empty_frame
from ..core.loader import YAML_SUFFIXES, Chronology
from ..core.yamlsafe import DEFAULT_MAX_BYTES
from ..io.bulk import BULK_SUFFIXES, load_table
from ..io.cache import input_key, load_with_cache
from ..store.source import FrameSource, StoreSource, ViewSource

__all__ = ["STORE_FROM_BYTES", "Loaded", "content_digest", "load_cached", "load_store", "opens_as_store", "view_source"]

STORE_FROM_BYTES = 20 * 1024 * 1024
"""A table (.csv, .parquet) this large or larger is ingested into a store (in the persistent cache)
and asked there, not read into memory."""


@dataclass(frozen=True)
class Loaded:
    """A loaded chronology and its frame. Shared between sessions: never mutate."""

    chron: Chronology
    frame: pd.DataFrame
    digest: str
    cache_problem: str | None = None  # why the persistent cache could not keep it (logged too)
    store: str | None = None  # a store's folder: the events are asked of it (chron is its header)


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return suffix.lstrip(".") if suffix in BULK_SUFFIXES and not Path(path).is_dir() else "yaml"


def content_digest(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Hash of what would be loaded from ``path`` (a file, or every YAML file of a folder).

    The key of the persistent cache (:func:`dashboard.io.cache.input_key`): it covers the bytes,
    the path, the size limit and the loading code.
    """
    return input_key(path, max_bytes=max_bytes, kind=_kind(path))


def _signature(path: str) -> tuple[tuple[str, int, int, int], ...]:
    """Size, modification time and inode of the file (or of every YAML file of the folder)."""
    p = Path(path)
    files = sorted(f for f in p.rglob("*") if f.suffix.lower() in YAML_SUFFIXES) if p.is_dir() else [p]
    out: list[tuple[str, int, int, int]] = []
    for f in files:
        try:
            st_ = f.stat()
            out.append((str(f), st_.st_size, st_.st_mtime_ns, st_.st_ino))
        except OSError as exc:
            out.append((str(f), -1, exc.errno or 0, 0))
    return tuple(out)


@st.cache_resource(show_spinner=False, max_entries=64)
def _digest(path: str, signature: tuple[tuple[str, int, int, int], ...], max_bytes: int) -> str:
    return content_digest(path, max_bytes=max_bytes)


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_path(path: str, digest: str, max_bytes: int) -> Loaded:
    kind = _kind(path)
    if kind != "yaml":
        result = load_with_cache(
            path, max_bytes=max_bytes, kind=kind, loader=lambda _p, _data: load_table(path, max_bytes=max_bytes)
        )
    else:
        result = load_with_cache(path, max_bytes=max_bytes)
    return Loaded(result.chron, result.frame, digest, result.cache_problem)


def load_cached(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load ``path`` once per content: every session shares the same object."""
    return _load_path(path, _digest(path, _signature(path), max_bytes), max_bytes)


def opens_as_store(path: str) -> bool:
    """True for a store folder, and for a table of :data:`STORE_FROM_BYTES` or more."""
    from ..store.layout import is_store

    if is_store(path):
        return True
    try:
        return _kind(path) != "yaml" and Path(path).stat().st_size >= STORE_FROM_BYTES
    except OSError:
        return False


@st.cache_resource(show_spinner=False, max_entries=16)
def _store_folder(path: str, signature: tuple[tuple[str, int, int, int], ...], max_bytes: int) -> str:
    from ..store.opening import store_for

    return str(store_for([path], max_bytes=max_bytes))


def load_store(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """The store of ``path`` (a store folder, rebuilt if of another format version; or a table,
    ingested once into the persistent cache), opened: its header is read, the events stay there."""
    from ..store.layout import is_store, read_meta
    from ..store.opening import rebuild_if_stale

    if is_store(path):
        folder = path
        rebuild_if_stale(Path(folder), max_bytes=max_bytes)  # reads the header: cheap when current
    else:
        folder = _store_folder(path, _signature(path), max_bytes)
    meta = read_meta(folder)
    digest = f"store:{Path(folder).resolve()}:{meta.key}"
    return Loaded(Chronology(title=meta.title), empty_frame(), digest, store=folder)


_SOURCE_KEY = "_view_source"


def view_source(loaded: Loaded) -> ViewSource:
    """This session's :class:`ViewSource` for ``loaded`` (made once per session and chronology)."""
    ss = st.session_state
    kept = ss.get(_SOURCE_KEY)
    if kept is not None and kept[0] == loaded.digest:
        source: ViewSource = kept[1]
        return source
    if loaded.store is not None:
        from ..store.queries import open_store

        source = StoreSource(open_store(loaded.store))
    else:
        source = FrameSource(loaded.chron, loaded.frame)
    ss[_SOURCE_KEY] = (loaded.digest, source)
    return source
