"""Loading at the UI edge: cached on path + content hash, shared read-only by every session."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from ..frame import to_frame
from ..loader import YAML_SUFFIXES, Chronology, load_bytes, load_path
from ..yamlsafe import DEFAULT_MAX_BYTES

__all__ = ["Loaded", "content_digest", "load_cached", "load_upload"]


@dataclass(frozen=True)
class Loaded:
    """A loaded chronology and its frame. Shared between sessions: never mutate."""

    chron: Chronology
    frame: pd.DataFrame
    digest: str


def content_digest(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Hash of what would be loaded from ``path`` (a file, or every YAML file of a folder)."""
    h = hashlib.blake2b(digest_size=16)
    p = Path(path)
    files = sorted(f for f in p.rglob("*") if f.suffix.lower() in YAML_SUFFIXES) if p.is_dir() else [p]
    for f in files:
        h.update(str(f).encode())
        try:
            size = f.stat().st_size
            if size > max_bytes:
                h.update(f"size:{size}:{f.stat().st_mtime_ns}".encode())
                continue
            h.update(f.read_bytes())
        except OSError as exc:
            h.update(f"error:{exc.errno}".encode())
    return h.hexdigest()


@st.cache_resource(show_spinner=False, max_entries=8)
def _load_path(path: str, digest: str, max_bytes: int) -> Loaded:
    chron = load_path(path, max_bytes=max_bytes)
    return Loaded(chron, to_frame(chron), digest)


def load_cached(path: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Loaded:
    """Load ``path`` once per content: every session shares the same object."""
    return _load_path(path, content_digest(path, max_bytes=max_bytes), max_bytes)


@st.cache_resource(show_spinner=False, max_entries=32)
def _load_upload(name: str, digest: str, _data: bytes) -> Loaded:
    chron = load_bytes(_data, file=name)
    return Loaded(chron, to_frame(chron), digest)


def load_upload(name: str, data: bytes) -> Loaded:
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    return _load_upload(name, digest, data)
