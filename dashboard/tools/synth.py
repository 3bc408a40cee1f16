"""Generated chronologies of any size, with realistic fields, for tests and the benchmark.

Deterministic for a given ``seed``. Dates mix days (most), months, years, intervals, moments,
approximate/uncertain dates and a few BC ones; every event cites a registry source.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..core.dates import day_text, year_text

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "TABLE_COLUMNS",
    "generate",
    "table_rows",
    "write_csv",
    "write_parquet",
    "write_parquet_large",
    "write_yaml",
]

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
            date: Any = day_text(year, month, day)
        elif r < 0.72:
            date = day_text(year, month)
        elif r < 0.76:
            date = year if year > 0 else year_text(year)
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
            date = year_text(year)
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


# --------------------------------------------------------------------------- millions of rows, vectorised

_LARGE_WORDS = (
    "talks", "treaty", "ceasefire", "vote", "council", "decree", "summit", "mission", "report", "shelling",
    "border", "protest", "election", "agreement", "sanctions", "envoy", "resolution", "parliament", "court",
    "ruling", "delegation", "statement", "negotiations", "withdrawal", "offensive", "blockade", "evacuation",
    "corridor", "convoy", "referendum", "annexation", "recognition", "memorandum", "communiqué", "détente",
    "façade", "rapprochement", "coalition", "amnesty", "embargo", "tribunal", "inquiry", "hearing", "veto",
    "accord", "protocol", "armistice", "truce", "mobilisation", "uprising", "strike", "pipeline", "grain",
    "harvest", "exports", "tariffs", "loan", "aid", "observers", "monitors", "violations", "exchange",
    "prisoners", "hostages", "release", "visit", "conference", "declaration", "naïveté", "régime", "Zaporizhzhia",
    "Ἀθῆναι", "Kraków", "plebiscite", "militia", "garrison", "airspace", "reactor", "dam", "bridge", "port",
)  # fmt: skip
_LARGE_FILLERS = (
    "the", "of", "and", "in", "on", "after", "before", "with", "against", "over", "between", "new", "first",
    "second", "final", "joint", "local", "regional", "national", "international", "reported", "announced",
    "signed", "rejected", "approved", "suspended", "resumed", "agreed", "denied", "confirmed", "for", "a", "its",
)  # fmt: skip
_LARGE_VERBS = (
    "announced", "signed", "rejected", "approved", "suspended", "resumed", "denied", "confirmed", "condemned",
    "welcomed", "proposed", "postponed", "reported", "called for", "questioned", "published",
)  # fmt: skip
_LARGE_ORGS = (
    "OSCE", "United Nations", "UN Security Council", "European Union", "European Commission", "NATO",
    "African Union", "Council of Europe", "IAEA", "Red Cross", "World Bank", "IMF", "OSCE SMM", "Verkhovna Rada",
    "Bundestag", "Assemblée nationale", "Sejm", "State Duma", "Supreme Court", "Constitutional Court",
    "Ministry of Defence", "Ministry of Foreign Affairs", "Central Election Commission", "Human Rights Watch",
    "Amnesty International", "Médecins Sans Frontières", "UNHCR", "UNICEF", "WHO", "ICC", "ECHR", "G7", "G20",
    "Arab League", "ASEAN", "Mercosur", "OPEC", "Gazprom", "Naftogaz", "Ukrzaliznytsia",
)  # fmt: skip
_LARGE_GIVEN = (
    "Olena", "Dmytro", "José", "Zoë", "Łukasz", "Søren", "Chloé", "Jürgen", "Małgorzata", "Björn", "Iñaki",
    "Ἀλέξανδρος", "Amina", "Kenji", "Ólafur", "Giorgi", "Fatima", "Mateo", "Yusuf", "Ingrid",
)  # fmt: skip
_LARGE_FAMILY = (
    "Shevchenko", "Müller", "García", "Kowalczyk", "Øvergaard", "Papadopoulos", "Nguyễn", "Dubois", "Rossi",
    "Kovalenko", "Tanaka", "Haddad", "Okafor", "Lindqvist", "Beridze",
)  # fmt: skip
_LARGE_PLACES = (
    "Zaporizhzhia", "Ἀθῆναι", "Kraków", "Łódź", "München", "São Paulo", "Reykjavík", "Київ", "Genève", "Zürich",
    "Córdoba", "Tbilisi", "Donetsk", "Luhansk", "Kharkiv", "Odesa", "Mariupol", "Kherson", "Crimea",
    "Sevastopol", "Minsk", "Vilnius", "Rīga", "Tallinn", "Chişinău", "Bucureşti", "Warsaw", "Berlin", "Paris",
    "Brussels", "Vienna", "Istanbul", "Ankara", "New York", "Washington", "Moscow", "北京", "Tōkyō",
    "القاهرة", "Jerusalem", "Baghdad", "Tehran", "Kabul", "Delhi", "Jakarta", "Nairobi", "Addis Ababa", "Lagos",
    "Dakar", "Bogotá", "Lima", "Santiago", "Buenos Aires", "Ciudad de México", "Montréal", "Québec", "Helsinki",
    "Oslo", "Stockholm", "København", "Rome", "Madrid", "Lisboa", "London", "Dublin", "Belgrade", "Sarajevo",
    "Priština", "Skopje", "Yerevan", "Bakı", "Almaty",
)  # fmt: skip
_LARGE_PLACE_KINDS = ("", " region", " district", " airport")
_LARGE_TOPICS = (
    "energy", "grain", "nuclear", "refugees", "sanctions", "elections", "borders", "media", "cyber", "aid",
    "trade", "human-rights", "minorities", "religion", "water", "rail", "shipping", "airspace", "finance", "sécurité",
)  # fmt: skip
_LARGE_ASPECTS = (
    "",
    "-policy",
    "-crisis",
    "-talks",
    "-law",
    "-security",
    "-reform",
    "-dispute",
    "-monitoring",
    "-data",
)
_LARGE_PUBLISHERS = (
    "Daily Chronicle", "Le Courrier", "Süddeutsche Rundschau", "Kyiv Herald", "Gazeta Łódzka", "Agence Méridien",
    "Nordic Wire", "The Observer Desk", "Balkan Monitor", "Caucasus Review", "Atlantic Dispatch", "Eastern Post",
    "La Voz del Sur", "Il Corriere Civico", "Baltic Times Review", "Anadolu Notes", "Pacific Ledger",
    "Sahel Reporter", "Andes Journal", "Helvetica Presse", "Danube Daily", "Black Sea Bulletin", "Prairie Gazette",
    "Mediterranean Wire", "Official Gazette", "Parliament Record", "UN News Digest", "OSCE Bulletin",
    "Crisis Monitor", "Field Reports",
)  # fmt: skip
_LARGE_HEADLINE_PREFIXES = ("", "", "", "Live: ", "Analysis: ", "Explainer: ", "Report: ", "Briefing: ")
_LARGE_NOTES = (
    "Sources differ on the date.",
    "Reported by one outlet only; not yet confirmed elsewhere.",
    "The date is that of the announcement, not of the signing.",
    "Casualty figures vary between sources.",
    "Translated from the original; names as transliterated by the publisher.",
    "See also the earlier statement of the same day.",
)
_LARGE_CATEGORY_WEIGHTS = (0.08, 0.05, 0.07, 0.12, 0.25, 0.2, 0.15, 0.08)  # in the order of _CATEGORIES
_MIN_TABLE_YEAR = -9999
_LUT_BITS = 16
_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# date kinds of write_parquet_large, and their shares
_DAY, _MONTH, _YEAR, _DAY_SPAN, _MONTH_SPAN, _YEAR_SPAN, _MOMENT, _QUALIFIED = range(8)
_KIND_WEIGHTS = (0.66, 0.10, 0.05, 0.07, 0.02, 0.02, 0.03, 0.05)
_PHRASE_SEED = 20_240_601  # the phrases are the same for every seed
_HEADS, _TAILS, _PHRASES = 8192, 4096, 8192
_FIRST_SOURCE_YEAR, _LAST_SOURCE_YEAR = 1995, 2024
_CHUNK = 1 << 18


def _zipf(size: int, exponent: float) -> list[float]:
    """Weights of ranks 1..size: 1/rank**exponent."""
    return [1.0 / rank**exponent for rank in range(1, size + 1)]


def _lut(weights: Any) -> npt.NDArray[np.uint16]:
    """A table that turns a uniform 16-bit number into an index drawn with these weights.

    A draw is one lookup (``lut[rng.integers(0, 65536)]``), much faster than ``rng.choice(p=...)``;
    each index gets its weight rounded to 1/65536 (at least one slot, so none disappears).
    """
    import numpy as np

    w = np.asarray(weights, dtype=np.float64)
    slots = np.maximum(1, np.round(w / w.sum() * (1 << _LUT_BITS)).astype(np.int64))
    slots[np.argmax(slots)] += (1 << _LUT_BITS) - slots.sum()  # the rounding, on the most frequent
    out: npt.NDArray[np.uint16] = np.repeat(np.arange(len(w), dtype=np.uint16), slots)
    return out


def _draw(rng: np.random.Generator, lut: npt.NDArray[np.uint16], shape: int | tuple[int, int]) -> npt.NDArray[np.int64]:
    import numpy as np

    out: npt.NDArray[np.int64] = lut[rng.integers(0, 1 << _LUT_BITS, size=shape, dtype=np.uint16)].astype(np.int64)
    return out


def _slug_word(word: str, index: int) -> str:
    """A word as ASCII for a URL path: accents dropped; other scripts become ``w<index>``."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or f"w{index}"


@dataclass(frozen=True)
class _Vocab:
    """The vocabularies and formatting tables as Arrow arrays (looked up with ``take``), and the
    tables of the weighted draws (:func:`_lut`).

    Text is assembled from pieces that carry their own separators (``" in Kyiv"``,
    ``" announced"``), so that a column is one ``binary_join_element_wise`` of a few lookups.
    Titles and summaries are built from phrases (a few words each, drawn once from the word
    vocabularies with a fixed seed): two or three phrases a row give millions of different texts
    at the cost of a few lookups.
    """

    heads: Any  # title phrases, 1-3 words, capitalised
    tails: Any  # "", then " word[ word]"
    slug_heads: Any  # the heads as ASCII for URLs, "word-word"
    slug_tails: Any  # "-", then "-word[-word]-" (the URL's slug, up to the row number)
    phrases: Any  # " word word word[ word ...]" for summaries (3-7 words)
    optional_phrases: Any  # "", then the phrases
    subject_verbs: Any  # "Officials announced", "OSCE announced", ... (subject-major: see _large_batch)
    actors: Any
    places: Any
    in_places: Any  # "", then " in <place>" for each place
    summary_ends: Any  # ".", then " in <place>." for each place
    tags: Any
    categories: Any
    statuses: Any
    notes: Any  # "", then the notes
    publishers: Any
    prefixes: Any  # of the source's title
    years: Any  # -9999..9999 as EDTF year text, index year + 9999
    slash_years: Any  # "", then "/" + each year (the end of an interval)
    month_days: Any  # "", "-01" .. "-12", then "-01-01" .. "-12-31" (see _month_day)
    suffixes: Any  # "", "~", "?", "%", then "Thh:mm:ssZ" for each second of the day
    url_starts: Any  # "https://<publisher>.example/1995/01/" .. ".../2024/12/" (publisher-major)
    source_days: Any  # "1995-01-01" .. "2024-12-31", 31 slots a month
    head_lut: Any
    tail_lut: Any
    actor_lut: Any
    place_lut: Any
    tag_lut: Any
    publisher_lut: Any
    category_lut: Any
    importance_lut: Any
    status_lut: Any
    kind_lut: Any
    actor_count_lut: Any
    place_count_lut: Any
    tag_count_lut: Any

    @classmethod
    def build(cls) -> _Vocab:
        import numpy as np
        import pyarrow as pa

        def text(values: Any) -> Any:
            return pa.array(list(values), type=pa.string())

        rng = np.random.default_rng(_PHRASE_SEED)

        def phrases(vocab: list[str], lut: npt.NDArray[np.uint16], count: int, low: int, high: int) -> list[list[str]]:
            sizes = rng.integers(low, high + 1, size=count).tolist()
            picks = _draw(rng, lut, (count, high)).tolist()
            return [[vocab[i] for i in row[:k]] for row, k in zip(picks, sizes, strict=True)]

        words = list(_LARGE_WORDS)
        slugs = [_slug_word(w, i) for i, w in enumerate(words)]
        slug_of = dict(zip(words, slugs, strict=True))
        word_lut = _lut(_zipf(len(words), 0.7))
        heads = phrases(words, word_lut, _HEADS, 1, 3)
        tails = phrases(words, word_lut, _TAILS, 1, 2)
        summary_words = words + list(_LARGE_FILLERS)
        summary = [" " + " ".join(p) for p in phrases(summary_words, _lut([1] * len(summary_words)), _PHRASES, 3, 7)]
        actors = list(_LARGE_ORGS) + [f"{g} {f}" for f in _LARGE_FAMILY for g in _LARGE_GIVEN]
        places = [p + kind for kind in _LARGE_PLACE_KINDS for p in _LARGE_PLACES]
        tags = [t + a for a in _LARGE_ASPECTS for t in _LARGE_TOPICS]
        years = [year_text(y) for y in range(_MIN_TABLE_YEAR, -_MIN_TABLE_YEAR + 1)]
        source_years = range(_FIRST_SOURCE_YEAR, _LAST_SOURCE_YEAR + 1)
        return cls(
            heads=text(" ".join([p[0][:1].upper() + p[0][1:], *p[1:]]) for p in heads),
            tails=text(["", *(" " + " ".join(p) for p in tails)]),
            slug_heads=text("-".join(slug_of[w] for w in p) for p in heads),
            slug_tails=text(["-", *("-" + "-".join(slug_of[w] for w in p) + "-" for p in tails)]),
            phrases=text(summary),
            optional_phrases=text(["", *summary]),
            subject_verbs=text(f"{s} {v}" for s in ["Officials", *actors] for v in _LARGE_VERBS),
            actors=text(actors),
            places=text(places),
            in_places=text(["", *(f" in {p}" for p in places)]),
            summary_ends=text([".", *(f" in {p}." for p in places)]),
            tags=text(tags),
            categories=text(_CATEGORIES),
            statuses=text(("confirmed", "reported", "disputed")),
            notes=text(["", *_LARGE_NOTES]),
            publishers=text(_LARGE_PUBLISHERS),
            prefixes=text(_LARGE_HEADLINE_PREFIXES),
            years=text(years),
            slash_years=text(["", *(f"/{y}" for y in years)]),
            month_days=text(
                [
                    "",
                    *(f"-{m:02d}" for m in range(1, 13)),
                    *(f"-{m:02d}-{d:02d}" for m in range(1, 13) for d in range(1, 32)),
                ]
            ),
            suffixes=text(
                ["", "~", "?", "%", *(f"T{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}Z" for s in range(86_400))]
            ),
            url_starts=text(
                f"https://{_slug_word(p, i)}.example/{y}/{m:02d}/"
                for i, p in enumerate(_LARGE_PUBLISHERS)
                for y in source_years
                for m in range(1, 13)
            ),
            source_days=text(f"{y}-{m:02d}-{d:02d}" for y in source_years for m in range(1, 13) for d in range(1, 32)),
            head_lut=_lut(_zipf(_HEADS, 0.5)),
            tail_lut=_lut([_TAILS] + [1] * _TAILS),  # half the titles without a tail
            actor_lut=_lut(_zipf(len(actors), 1.0)),
            place_lut=_lut(_zipf(len(places), 1.0)),
            tag_lut=_lut(_zipf(len(tags), 0.9)),
            publisher_lut=_lut(_zipf(len(_LARGE_PUBLISHERS), 1.0)),
            category_lut=_lut(_LARGE_CATEGORY_WEIGHTS),
            importance_lut=_lut((30, 30, 25, 10, 5)),  # importance 1..5
            status_lut=_lut((85, 10, 5)),  # confirmed, reported, disputed
            kind_lut=_lut(_KIND_WEIGHTS),
            actor_count_lut=_lut((5, 55, 30, 10)),  # 0, 1, 2, 3 actors
            place_count_lut=_lut((20, 55, 20, 5)),
            tag_count_lut=_lut((30, 30, 25, 15)),
        )


def _month_day(precision: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]) -> Any:
    """Indexes into ``_Vocab.month_days``: nothing (precision 0, a year), ``-MM`` (1), ``-MM-DD`` (2)."""
    import numpy as np

    return np.select([precision == 2, precision == 1], [13 + (month - 1) * 31 + (day - 1), month], 0)


def _large_schema() -> Any:
    import pyarrow as pa

    text, listed = pa.string(), pa.list_(pa.string())
    kinds = {"actors": listed, "places": listed, "tags": listed, "importance": pa.int8()}
    return pa.schema([(c, kinds.get(c, text)) for c in TABLE_COLUMNS])


def write_parquet_large(path: str | Path, n: int, *, seed: int = 0, batch_rows: int = 1_000_000) -> Path:
    """Write ``n`` generated events as a Parquet table with the columns of :data:`TABLE_COLUMNS`, quickly.

    The same columns and types as :func:`write_parquet` (text; ``actors``, ``places``, ``tags``
    as ``list<string>``; ``importance`` as ``int8``), with content like :func:`generate`'s, built
    with numpy and pyarrow.compute (whole arrays, no loop per row) a batch of ``batch_rows``
    rows at a time, one row group each, written with ``ParquetWriter`` (zstd) while the next
    batch is built. Ten million rows: about 45 s of CPU, 1.1 GB of memory, 0.7 GB of file.
    Every row is valid for the CSV import (:func:`dashboard.io.importers.import_csv`):

    * ``id``: ``ev-0000000``, ``ev-0000001``, ... (at least seven digits, unique);
    * ``date``: EDTF text: days (66%), months (10%), years (5%), intervals ``A/B`` of days,
      months or years with ``A <= B`` (11%), moments ``YYYY-MM-DDThh:mm:ssZ`` (3%), dates
      qualified ``~``, ``?`` or ``%`` (5%); years mostly 1900-2024 (2014-2024 more often),
      0.2% BC (astronomical years ``-0001`` to ``-2999``: ``-0043-03-15`` is 15 March 44 BC);
      days of the real calendar (29 February in leap years);
    * ``title``: one or two phrases, half of the time ``in <the row's first place>``;
      ``summary``: ``<the row's first actor, or Officials> <verb> <one or two phrases>[ in
      <first place>].``; phrases of words from a vocabulary with some words not in ASCII
      (``Zaporizhzhia``, ``Ἀθῆναι``, ``façade``), drawn once with a fixed seed;
    * ``notes``: 92% empty; ``category``: one of the 8 ids of :func:`generate`; ``status``:
      85% ``confirmed``, 10% ``reported``, 5% ``disputed``;
    * ``actors`` (340 names), ``places`` (292), ``tags`` (200): lists of 0-3 distinct values,
      Zipf-like frequencies;
    * ``importance``: 1-5, 30/30/25/10/5%;
    * one source a row: ``source_publisher`` (30, Zipf-like), ``source_title`` (the title, at
      times after ``Analysis:`` and the like), ``source_url`` (``https``, unique, on
      ``.example`` hosts) and ``source_date``, a day (for events since 1995, within two weeks
      after the event's day).

    Deterministic: the same ``n``, ``seed`` (0 or more) and ``batch_rows`` give the same table;
    batch ``b`` draws from ``numpy.random.default_rng([seed, b])``.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}")
    if batch_rows < 1:
        raise ValueError(f"batch_rows must be 1 or more, got {batch_rows}")
    path = Path(path)
    vocab = _Vocab.build()
    schema = _large_schema()
    digits = max(7, len(str(max(n - 1, 0))))
    # Low-cardinality columns get dictionary pages; free text would only fill and drop the dictionary.
    dictionary = ["date", "category", "notes", "actors", "places", "tags", "importance", "status"]
    dictionary += ["source_publisher", "source_date"]

    def batch(index: int) -> Any:
        # built in pieces of _CHUNK rows (their intermediate arrays stay small), one rng a batch
        start, stop = index * batch_rows, min((index + 1) * batch_rows, n)
        rng = np.random.default_rng([seed, index])
        pieces = range(start, stop, _CHUNK)
        return pa.concat_tables(_large_batch(rng, a, min(_CHUNK, stop - a), vocab, schema, digits) for a in pieces)

    batches = -(-n // batch_rows)
    with (
        pq.ParquetWriter(path, schema, compression="zstd", use_dictionary=dictionary) as writer,
        ThreadPoolExecutor(max_workers=1) as pool,
    ):
        pending: Future[Any] | None = pool.submit(batch, 0) if batches else None
        for index in range(batches):
            assert pending is not None
            table = pending.result()
            pending = pool.submit(batch, index + 1) if index + 1 < batches else None
            writer.write_table(table, row_group_size=table.num_rows)
            del table
    return path


def _large_batch(rng: np.random.Generator, start: int, m: int, vocab: _Vocab, schema: Any, digits: int) -> Any:
    """Rows ``start`` .. ``start + m - 1`` as an Arrow table (see :func:`write_parquet_large`)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def take(table: Any, index: npt.NDArray[Any]) -> Any:
        return table.take(pa.array(index))

    def join(*parts: Any) -> Any:
        return pc.binary_join_element_wise(*parts, "")

    number = pc.utf8_lpad(pa.array(np.arange(start, start + m, dtype=np.int64)).cast(pa.string()), digits, "0")

    # lists: 0-3 distinct values from Zipf-like vocabularies
    actors, first_actor, n_actors = _large_lists(rng, m, vocab.actors, vocab.actor_lut, vocab.actor_count_lut)
    places, first_place, n_places = _large_lists(rng, m, vocab.places, vocab.place_lut, vocab.place_count_lut)
    tags, _, _ = _large_lists(rng, m, vocab.tags, vocab.tag_lut, vocab.tag_count_lut)
    dates, year, month, day, days_in_month = _large_dates(rng, m, vocab)

    # titles: a phrase, half of the time a second one, half of the time "in <first place>"
    head = _draw(rng, vocab.head_lut, m)
    tail = _draw(rng, vocab.tail_lut, m)
    in_place = np.where((n_places > 0) & (rng.random(m) < 0.5), first_place + 1, 0)
    titles = join(take(vocab.heads, head), take(vocab.tails, tail), take(vocab.in_places, in_place))

    # summaries: "<first actor, or Officials> <verb> <one or two phrases>[ in <first place>]."
    subject = np.where(n_actors > 0, first_actor + 1, 0)
    n_phrases = len(vocab.phrases)
    end = np.where((n_places > 0) & (rng.random(m) < 0.7), first_place + 1, 0)
    summaries = join(
        take(vocab.subject_verbs, subject * len(_LARGE_VERBS) + rng.integers(0, len(_LARGE_VERBS), size=m)),
        take(vocab.phrases, rng.integers(0, n_phrases, size=m)),
        take(vocab.optional_phrases, np.where(rng.random(m) < 0.5, rng.integers(1, n_phrases + 1, size=m), 0)),
        take(vocab.summary_ends, end),
    )

    notes = np.where(rng.random(m) < 0.08, rng.integers(1, len(vocab.notes), size=m), 0)
    category = _draw(rng, vocab.category_lut, m)
    importance = (_draw(rng, vocab.importance_lut, m) + 1).astype(np.int8)
    status = _draw(rng, vocab.status_lut, m)

    # the source: publisher, a title, a unique https link, a publication day
    publisher = _draw(rng, vocab.publisher_lut, m)
    modern = year >= _FIRST_SOURCE_YEAR
    p_year = np.where(modern, year, rng.integers(_FIRST_SOURCE_YEAR, _LAST_SOURCE_YEAR + 1, size=m))
    p_month = np.where(modern, month, rng.integers(1, 13, size=m))
    p_day = np.where(modern, np.minimum(day + rng.integers(0, 15, size=m), days_in_month), rng.integers(1, 29, size=m))
    p_month_index = (p_year - _FIRST_SOURCE_YEAR) * 12 + (p_month - 1)
    source_title = join(take(vocab.prefixes, rng.integers(0, len(vocab.prefixes), size=m)), titles)
    url = join(
        take(vocab.url_starts, publisher * (_LAST_SOURCE_YEAR - _FIRST_SOURCE_YEAR + 1) * 12 + p_month_index),
        take(vocab.slug_heads, head),
        take(vocab.slug_tails, tail),
        number,
    )
    columns = {
        "id": join("ev-", number),
        "date": dates,
        "title": titles,
        "category": take(vocab.categories, category),
        "summary": summaries,
        "notes": take(vocab.notes, notes),
        "actors": actors,
        "places": places,
        "tags": tags,
        "importance": pa.array(importance, type=pa.int8()),
        "status": take(vocab.statuses, status),
        "source_publisher": take(vocab.publishers, publisher),
        "source_title": source_title,
        "source_url": url,
        "source_date": take(vocab.source_days, p_month_index * 31 + (p_day - 1)),
    }
    return pa.Table.from_arrays([columns[c] for c in TABLE_COLUMNS], schema=schema)


def _large_lists(
    rng: np.random.Generator, m: int, values: Any, lut: npt.NDArray[np.uint16], count_lut: npt.NDArray[np.uint16]
) -> tuple[Any, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """A ``list<string>`` column of ``m`` rows: 0..k distinct values each, drawn with ``lut``.

    Also the index of each row's first value (meaningless where the row has none) and the counts.
    """
    import numpy as np
    import pyarrow as pa

    counts = _draw(rng, count_lut, m)
    k = int(count_lut.max())
    picks = _draw(rng, lut, (m, k))
    for j in range(1, k):  # redraw repeats within a row until there are none
        rows = np.flatnonzero((picks[:, :j] == picks[:, j : j + 1]).any(axis=1))
        while len(rows):
            picks[rows, j] = _draw(rng, lut, len(rows))
            rows = rows[(picks[rows, :j] == picks[rows, j : j + 1]).any(axis=1)]
    used = np.arange(k) < counts[:, None]
    offsets = np.zeros(m + 1, dtype=np.int32)
    np.cumsum(counts, out=offsets[1:])
    column = pa.ListArray.from_arrays(pa.array(offsets), values.take(pa.array(picks[used])), type=pa.list_(pa.string()))
    return column, picks[:, 0], counts


def _large_dates(rng: np.random.Generator, m: int, vocab: _Vocab) -> tuple[Any, ...]:
    """The ``date`` column, and each row's year, month, day and the length of that month."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    def take(table: Any, index: npt.NDArray[Any]) -> Any:
        return table.take(pa.array(index))

    bc = rng.random(m) < 0.002
    year = np.where(rng.random(m) < 0.6, rng.integers(2014, 2025, size=m), rng.integers(1900, 2025, size=m))
    year = np.where(bc, rng.integers(-2999, 0, size=m), year)  # astronomical years: -0001 is 2 BC
    month = rng.integers(1, 13, size=m)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    days_in_month = np.asarray(_MONTH_DAYS)[month] + (leap & (month == 2))
    day = 1 + (rng.random(m) * days_in_month).astype(np.int64)
    kind = _draw(rng, vocab.kind_lut, m)
    kind[bc & (kind == _MOMENT)] = _DAY
    # precision of the start: 2 day, 1 month, 0 year
    precision = np.select(
        [np.isin(kind, (_DAY, _DAY_SPAN, _MOMENT)), np.isin(kind, (_MONTH, _MONTH_SPAN)), kind == _QUALIFIED],
        [2, 1, rng.integers(0, 3, size=m)],
        0,
    )
    suffix = np.select(  # a qualifier (1-3), or the time of a moment (4 + second of the day)
        [kind == _QUALIFIED, kind == _MOMENT], [rng.integers(1, 4, size=m), rng.integers(0, 86_400, size=m) + 4], 0
    )
    # interval ends: a day 1-27 days later (at most one month on), a month 1-11 months later,
    # a year 1-10 years later
    end_day = day + rng.integers(1, 28, size=m)
    next_month = end_day > days_in_month
    end_day = np.where(next_month, end_day - days_in_month, end_day)
    months_on = np.select([kind == _DAY_SPAN, kind == _MONTH_SPAN], [next_month, rng.integers(1, 12, size=m)], 0)
    end_months = year * 12 + (month - 1) + months_on
    end_year = np.where(kind == _YEAR_SPAN, year + rng.integers(1, 11, size=m), end_months // 12)
    span = np.isin(kind, (_DAY_SPAN, _MONTH_SPAN, _YEAR_SPAN))
    end_precision = np.select([kind == _DAY_SPAN, kind == _MONTH_SPAN], [2, 1], 0)
    text = pc.binary_join_element_wise(
        take(vocab.years, year - _MIN_TABLE_YEAR),
        take(vocab.month_days, _month_day(precision, month, day)),
        take(vocab.suffixes, suffix),
        take(vocab.slash_years, np.where(span, end_year - _MIN_TABLE_YEAR + 1, 0)),
        take(vocab.month_days, _month_day(end_precision, end_months % 12 + 1, end_day)),
        "",
    )
    return text, year, month, day, days_in_month
