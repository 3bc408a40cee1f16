"""Loading at the UI edge: cached on path + content hash, shared read-only by every session.

Two levels:

* in this server process, ``st.cache_resource`` keyed on the path and the hash of its content
  (every session shares one :class:`Loaded`; never mutate it). The content hash is computed
  again only when the file's size or modification time changes, so a rerun does not read a
  large file again;
* across processes, :mod:`dashboard.cache`: a restarted server (or the command line) loads an
  unchanged file from the persistent cache in a fraction of the time of reading the YAML.

A ``.csv`` or ``.parquet`` path given on the command line is read as a bulk table
(:mod:`dashboard.bulk`), through the same two levels (a million-row table takes about a minute
to read and check, its cache entry a few seconds).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from ..bulk import BULK_SUFFIXES, load_table
from ..cache import input_key, load_with_cache
from ..loader import YAML_SUFFIXES, Chronology
from ..yamlsafe import DEFAULT_MAX_BYTES

__all__ = ["Loaded", "content_digest", "load_cached"]


@dataclass(frozen=True)
class Loaded:
    """A loaded chronology and its frame. Shared between sessions: never mutate."""

    chron: Chronology
    frame: pd.DataFrame
    digest: str
    cache_problem: str | None = None  # why the persistent cache could not keep it (logged too)


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return suffix.lstrip(".") if suffix in BULK_SUFFIXES and not Path(path).is_dir() else "yaml"


def content_digest(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Hash of what would be loaded from ``path`` (a file, or every YAML file of a folder).

    The key of the persistent cache (:func:`dashboard.cache.input_key`): it covers the bytes,
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
