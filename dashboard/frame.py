"""Frame: a loaded chronology -> one pandas DataFrame, one row per event.

The columns are documented in ``docs/frame-columns.md``. Dates are ``datetime64[s]`` (never
nanoseconds: years -9999..9999 fit) plus epoch-millisecond integers for Plotly; facets are
categoricals; actors/places/tags/sources are list columns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .dates import PRECISIONS
from .loader import Chronology
from .models import STATUSES

__all__ = ["COLUMNS", "LIST_COLUMNS", "empty_frame", "to_frame"]

COLUMNS = (
    "id", "title", "category", "summary", "notes", "date", "label", "earliest", "latest",
    "earliest_ms", "latest_ms", "precision", "approximate", "uncertain", "interval",
    "open_start", "open_end", "importance", "status", "actors", "places", "tags", "sources",
    "publishers", "related", "has_image", "file", "line",
)  # fmt: skip
LIST_COLUMNS = ("actors", "places", "tags", "sources", "publishers", "related")


def empty_frame(categories: list[str] | None = None) -> pd.DataFrame:
    """A frame with the documented columns and no rows."""
    return _build({c: [] for c in COLUMNS}, categories or [])


def to_frame(chron: Chronology) -> pd.DataFrame:
    """One row per event of ``chron``, sorted by earliest bound then id."""
    events = sorted(chron.events, key=lambda ev: (ev.date.earliest, ev.id))
    sources = chron.sources
    cols: dict[str, list[object]] = {c: [] for c in COLUMNS}
    for ev in events:
        d = ev.date
        cols["id"].append(ev.id)
        cols["title"].append(ev.title)
        cols["category"].append(ev.category)
        cols["summary"].append(ev.summary)
        cols["notes"].append(ev.notes)
        cols["date"].append(d.edtf)
        cols["label"].append(ev.label)
        cols["earliest"].append(d.earliest)
        cols["latest"].append(d.latest)
        cols["precision"].append(d.precision)
        cols["approximate"].append(d.approximate)
        cols["uncertain"].append(d.uncertain)
        cols["interval"].append(d.interval)
        cols["open_start"].append(d.open_start)
        cols["open_end"].append(d.open_end)
        cols["importance"].append(ev.importance)
        cols["status"].append(ev.status)
        cols["actors"].append(list(ev.actors))
        cols["places"].append(list(ev.places))
        cols["tags"].append(list(ev.tags))
        cols["sources"].append(list(ev.sources))
        pubs: list[str] = []
        for sid in ev.sources:
            src = sources.get(sid)
            if src is not None and src.publisher not in pubs:
                pubs.append(src.publisher)
        cols["publishers"].append(pubs)
        cols["related"].append(list(ev.related))
        cols["has_image"].append(ev.image is not None)
        cols["file"].append(ev.file)
        cols["line"].append(ev.line)
    return _build(cols, list(chron.categories))


def _build(cols: dict[str, list[object]], categories: list[str]) -> pd.DataFrame:
    earliest = np.asarray(cols["earliest"], dtype="int64")
    latest = np.asarray(cols["latest"], dtype="int64")
    extra = [c for c in dict.fromkeys(cols["category"]) if c not in categories]
    data = {
        "id": pd.Series(cols["id"], dtype="str"),
        "title": pd.Series(cols["title"], dtype="str"),
        "category": pd.Categorical(cols["category"], categories=[*categories, *extra]),
        "summary": pd.Series(cols["summary"], dtype="str"),
        "notes": pd.Series(cols["notes"], dtype="str"),
        "date": pd.Series(cols["date"], dtype="str"),
        "label": pd.Series(cols["label"], dtype="str"),
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
        "status": pd.Categorical(cols["status"], categories=list(STATUSES)),
    }
    frame = pd.DataFrame(data)
    for name in LIST_COLUMNS:
        series = pd.Series(cols[name], dtype=object, index=frame.index)
        frame[name] = series
    frame["has_image"] = np.asarray(cols["has_image"], dtype=bool)
    frame["file"] = pd.Series(cols["file"], dtype="str")
    frame["line"] = np.asarray(cols["line"], dtype="int32")
    return frame[list(COLUMNS)]
