"""Generated chronologies of any size, with realistic fields, for tests and the benchmark.

Deterministic for a given ``seed``. Dates mix days (most), months, years, intervals, moments,
approximate/uncertain dates and a few BC ones; every event cites a registry source.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

__all__ = ["TABLE_COLUMNS", "generate", "table_rows", "write_csv", "write_parquet", "write_yaml"]

_CATEGORIES = {
    "recognition": ("Recognition", "#0072B2"),
    "referendum": ("Referendum", "#E69F00"),
    "treaty": ("Treaty", "#009E73"),
    "legislation": ("Legislation", "#56B4E9"),
    "military": ("Military", "#D55E00"),
    "diplomacy": ("Diplomacy", "#CC79A7"),
    "statement": ("Statement", "#999999"),
    "international-response": ("International response", "#000000"),
}
_WORDS = [
    "talks",
    "treaty",
    "ceasefire",
    "vote",
    "council",
    "decree",
    "summit",
    "mission",
    "report",
    "shelling",
    "border",
    "protest",
    "election",
    "agreement",
    "sanctions",
    "envoy",
    "resolution",
    "parliament",
    "court",
    "ruling",
    "delegation",
    "statement",
]


def generate(n: int, *, seed: int = 0, bc_share: float = 0.002) -> dict[str, Any]:
    """A chronology mapping (format 1) with ``n`` events."""
    rng = random.Random(seed)  # noqa: S311 - test data, not cryptography
    actors = [f"Actor {i:03d}" for i in range(200)]
    places = [f"Place {i:03d}" for i in range(120)]
    tags = [f"tag-{i:02d}" for i in range(60)]
    sources = {
        f"src-{i:02d}": {
            "publisher": f"Publisher {i % 17:02d}",
            "title": f"Report {i}",
            "url": f"https://example.org/reports/{i}",
            "date": f"{2000 + i % 24}-01-15",
        }
        for i in range(50)
    }
    cats = list(_CATEGORIES)
    events: list[dict[str, Any]] = []
    for i in range(n):
        r = rng.random()
        year = rng.randint(1900, 2024)
        month = rng.randint(1, 12)
        day = rng.randint(1, 28)
        if rng.random() < bc_share:
            year = -rng.randint(1, 3000)
        if r < 0.62:
            date: Any = f"{year:04d}-{month:02d}-{day:02d}" if year >= 0 else f"-{-year:04d}-{month:02d}-{day:02d}"
        elif r < 0.72:
            date = f"{year:04d}-{month:02d}" if year >= 0 else f"-{-year:04d}-{month:02d}"
        elif r < 0.76:
            date = year if year > 0 else f"-{-year:04d}"
        elif r < 0.88 and year >= 0:
            end_day = min(28, day + rng.randint(1, 20))
            date = f"{year:04d}-{month:02d}-{day:02d}/{year:04d}-{month:02d}-{end_day:02d}"
        elif r < 0.92 and year >= 0:
            date = f"{year:04d}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00Z"
        elif r < 0.96 and year >= 0:
            date = f"{year:04d}-{month:02d}~"
        elif year >= 0:
            date = f"{year:04d}?"
        else:
            date = f"-{-year:04d}"
        words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 7)))
        event: dict[str, Any] = {
            "id": f"ev-{i:07d}",
            "date": date,
            "title": f"{words.capitalize()} {i}",
            "category": rng.choice(cats),
            "summary": f"Generated event {i}: {words}.",
            "actors": rng.sample(actors, rng.randint(1, 3)),
            "places": rng.sample(places, rng.randint(0, 2)),
            "tags": rng.sample(tags, rng.randint(0, 3)),
            "importance": rng.choices((1, 2, 3, 4, 5), weights=(30, 30, 25, 10, 5))[0],
            "sources": [f"src-{rng.randrange(50):02d}"],
        }
        s = rng.random()
        if s < 0.05:
            event["status"] = "disputed"
        elif s < 0.12:
            event["status"] = "reported"
        if rng.random() < 0.1:
            event["notes"] = "Sources differ on the date."
        events.append(event)
    return {
        "format": 1,
        "title": f"Generated chronology, {n:,} events",
        "categories": {k: {"label": label, "color": color} for k, (label, color) in _CATEGORIES.items()},
        "sources": sources,
        "events": events,
    }


def write_yaml(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write a generated chronology of ``n`` events to ``path`` (YAML, block style).

    The text is what ``yaml.dump`` writes for :func:`generate` (values that YAML would read
    as something else than text are quoted), made 30x faster by writing it directly: a
    million events take seconds instead of ten minutes.
    """
    path = Path(path)
    data = generate(n, seed=seed)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(f"format: {data['format']}\ntitle: {_scalar(data['title'])}\ncategories:\n")
        for key, cat in data["categories"].items():
            fh.write(f"  {key}:\n    label: {_scalar(cat['label'])}\n    color: {_scalar(cat['color'])}\n")
        fh.write("sources:\n")
        for key, src in data["sources"].items():
            fh.write(f"  {key}:\n")
            fh.writelines(f"    {k}: {_scalar(v)}\n" for k, v in src.items())
        fh.write("events:\n" if data["events"] else "events: []\n")
        for event in data["events"]:
            lines: list[str] = []
            for key, value in event.items():
                if isinstance(value, list):
                    if value:
                        lines.append(f"  {key}:\n" + "".join(f"  - {_scalar(v)}\n" for v in value))
                    else:
                        lines.append(f"  {key}: []\n")
                else:
                    lines.append(f"  {key}: {_scalar(value)}\n")
            lines[0] = "- " + lines[0][2:]
            fh.write("".join(lines))
    return path


_PLAIN_SAFE = re.compile(r"-?[A-Za-z0-9][A-Za-z0-9 ._/~?+:,-]*")
_resolve: Callable[[type, str, tuple[bool, bool]], str] = yaml.resolver.Resolver().resolve  # untyped in types-PyYAML


def _scalar(value: Any) -> str:
    """A value as YAML block-style text: plain when YAML reads it back unchanged, else quoted."""
    if isinstance(value, bool) or value is None:
        return yaml.safe_dump(value).removesuffix("\n...\n")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (
        _PLAIN_SAFE.fullmatch(text) is not None
        and not text.endswith((" ", ":"))
        and ": " not in text
        and _resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    )
    return text if plain else "'" + text.replace("'", "''") + "'"


TABLE_COLUMNS = (
    "id", "date", "title", "category", "summary", "notes", "actors", "places", "tags", "importance", "status",
    "source_publisher", "source_title", "source_url", "source_date",
)  # fmt: skip
"""Columns of :func:`write_csv` and :func:`write_parquet` (those of the CSV import)."""


def table_rows(n: int, *, seed: int = 0) -> dict[str, list[str]]:
    """The chronology of :func:`generate` as CSV-import columns (each event's source written inline)."""
    data = generate(n, seed=seed)
    sources = data["sources"]
    cols: dict[str, list[str]] = {c: [] for c in TABLE_COLUMNS}
    for ev in data["events"]:
        src = sources[ev["sources"][0]]
        row = {
            "id": ev["id"],
            "date": str(ev["date"]),
            "title": ev["title"],
            "category": ev["category"],
            "summary": ev["summary"],
            "notes": ev.get("notes", ""),
            "actors": "; ".join(ev["actors"]),
            "places": "; ".join(ev["places"]),
            "tags": "; ".join(ev["tags"]),
            "importance": str(ev["importance"]),
            "status": ev.get("status", ""),
            "source_publisher": src["publisher"],
            "source_title": src["title"],
            "source_url": src["url"],
            "source_date": src["date"],
        }
        for c in TABLE_COLUMNS:
            cols[c].append(row[c])
    return cols


def write_csv(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write :func:`table_rows` as a CSV file (UTF-8, a header row)."""
    import csv

    path = Path(path)
    cols = table_rows(n, seed=seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(TABLE_COLUMNS)
        writer.writerows(zip(*(cols[c] for c in TABLE_COLUMNS), strict=True))
    return path


def write_parquet(path: str | Path, n: int, *, seed: int = 0) -> Path:
    """Write :func:`table_rows` as a Parquet file (lists as list columns, importance as numbers)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = Path(path)
    cols = table_rows(n, seed=seed)
    arrays: dict[str, pa.Array] = {}
    for c in TABLE_COLUMNS:
        if c in ("actors", "places", "tags"):
            arrays[c] = pa.array([[v.strip() for v in cell.split(";") if v.strip()] for cell in cols[c]])
        elif c == "importance":
            arrays[c] = pa.array([int(v) for v in cols[c]], type=pa.int8())
        else:
            arrays[c] = pa.array(cols[c], type=pa.string())
    pq.write_table(pa.table(arrays), path)
    return path
