"""Finding the store of some inputs: a store folder as it is (rebuilt when it is of another format
version), or an ingest of files into the persistent cache (nothing redone when unchanged).

Used by ``python -m dashboard query`` and by the dashboard (``streamlit run app.py -- STORE`` or a
large table), so that both open the same store the same way.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.yamlsafe import DEFAULT_MAX_BYTES
from .ingest import ingest, store_key
from .layout import META_FILE, StoreFormatError, is_store, read_meta

__all__ = ["rebuild_if_stale", "store_for"]


def store_for(
    sources: Sequence[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[str, float], None] | None = None,
) -> Path:
    """The store of ``sources``: the folder itself when it is one store, else an ingest into the
    persistent cache (``$DASHBOARD_CACHE_DIR/stores/KEY``; nothing redone when unchanged)."""
    from ..io.cache import default_cache_dir

    if len(sources) == 1 and is_store(sources[0]):
        folder = Path(sources[0])
        rebuild_if_stale(folder, max_bytes=max_bytes)
        return folder
    key = store_key(list(sources), max_bytes=max_bytes)
    base = default_cache_dir() or Path(tempfile.gettempdir()) / f"chronology-dashboard-{os.getuid()}"
    folder = base / "stores" / key
    ingest(list(sources), folder, max_bytes=max_bytes, progress=progress)
    return folder


def rebuild_if_stale(folder: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """A store of another format version (or a damaged one) is ingested again from the inputs it
    records, never misread; :class:`~dashboard.store.layout.StoreFormatError` when it cannot be."""
    try:
        read_meta(folder)
        return
    except StoreFormatError as exc:
        problem = str(exc)
    try:
        inputs = [str(p) for p in json.loads((folder / META_FILE).read_bytes()).get("inputs", [])]
    except (OSError, ValueError, AttributeError):
        inputs = []
    if not inputs or not all(Path(p).exists() for p in inputs):
        raise StoreFormatError(
            f"{folder}: {problem}, and its inputs are not at hand to rebuild it: "
            "ingest the files again (python -m dashboard ingest FILES -o STORE)"
        )
    ingest(inputs, folder, max_bytes=max_bytes, force=True)
