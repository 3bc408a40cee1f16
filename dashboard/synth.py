"""Generated chronologies of any size, with realistic fields, for tests and the benchmark.

Deterministic for a given ``seed``. Dates mix days (most), months, years, intervals, moments,
approximate/uncertain dates and a few BC ones; every event cites a registry source.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

__all__ = ["generate", "write_yaml"]

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
    """Write a generated chronology of ``n`` events to ``path`` (YAML)."""
    path = Path(path)
    data = generate(n, seed=seed)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with path.open("w", encoding="utf-8") as fh:
        yaml.dump(data, fh, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1000)
    return path
