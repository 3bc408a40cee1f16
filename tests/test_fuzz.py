"""Fuzzing the loader and the importers: any bytes give a result, never an exception.

Random and mutated YAML / CSV / TimelineJS JSON bytes go through every entry point that takes
untrusted input. The only acceptable outcome is a Chronology (with problems); any exception is
a failure. The run is bounded in CI (``FUZZ_EXAMPLES``, default 300 per target) and longer on
demand::

    FUZZ_EXAMPLES=20000 python -m pytest tests/test_fuzz.py

Inputs that once failed are kept in ``tests/fuzz_corpus/`` and replayed by
``test_corpus_replays`` (add a file there for every new finding).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.core.loader import Chronology, load_bytes
from dashboard.io.importers import import_csv, import_timelinejs_json, import_timelinejs_sheet, load_any
from dashboard.io.sandbox import parse_bytes

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
CORPUS = ROOT / "tests" / "fuzz_corpus"

SEEDS: dict[str, bytes] = {
    "yaml": (ROOT / "events.yaml").read_bytes()[:6000],
    "hostile": (ROOT / "tests" / "fixtures" / "hostile.yaml").read_bytes(),
    "tjs-json": (ROOT.parent / "shared" / "testdata" / "timelinejs" / "women_in_computing.json").read_bytes()[:6000]
    if (ROOT.parent / "shared" / "testdata" / "timelinejs" / "women_in_computing.json").exists()
    else b'{"events": [{"start_date": {"year": "1843"}, "text": {"headline": "<b>x</b>"}}]}',
    "csv": b'id,date,title,category,actors\na,2022-01-01,"Quoted, title",treaty,Russia;Ukraine\nb,2022-13-01,yes,x,\n',
    "tjs-sheet": b"Year,Month,Day,Time,End Year,End Month,End Day,End Time,Display Date,Headline,Text,Media,"
    b"Media Credit,Media Caption,Media Thumbnail,Type,Group,Background\n1843,,,,,,,,,<i>Ada</i>,<p>Notes</p>,,,,,,,\n",
}

ENTRY_POINTS: dict[str, Callable[[bytes], Chronology]] = {
    "yaml": lambda b: load_bytes(b, file="f.yaml"),
    "csv": lambda b: import_csv(b, file="f.csv"),
    "tjs-json": lambda b: import_timelinejs_json(b, file="f.json"),
    "tjs-sheet": lambda b: import_timelinejs_sheet(b, file="f.csv"),
    "any-yaml": lambda b: load_any(b, file="f.yaml"),
    "any-csv": lambda b: load_any(b, file="f.csv"),
    "any-json": lambda b: load_any(b, file="f.json"),
    "sandbox-parse": lambda b: parse_bytes(b, file="upload.json", max_bytes=5 * 1024 * 1024),
}


def _check(fn: Callable[[bytes], Chronology], data: bytes) -> None:
    result = fn(data)
    assert isinstance(result, Chronology)
    for p in result.problems:
        assert p.message


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 8))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "insert":
            tokens = [b"[", b"{", b"&a ", b"*a", b"!!python/object ", b"\t", b"\xff", b'"', b"\n- ", b": ", b"<script>"]
            data[at:at] = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(tokens))
        elif op == "delete" and data:
            del data[at : at + draw(st.integers(1, 16))]
        elif op == "replace" and data:
            data[at] = draw(st.integers(0, 255))
        elif op == "duplicate" and data:
            end = min(len(data), at + draw(st.integers(1, 200)))
            data[at:at] = data[at:end]
    return bytes(data)


@pytest.mark.parametrize("target", sorted(ENTRY_POINTS))
@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes(target: str, data: bytes) -> None:
    _check(ENTRY_POINTS[target], data)


@pytest.mark.parametrize(("target", "seed"), [
    ("yaml", "yaml"), ("yaml", "hostile"), ("any-yaml", "yaml"), ("csv", "csv"), ("any-csv", "tjs-sheet"),
    ("tjs-sheet", "tjs-sheet"), ("tjs-json", "tjs-json"), ("any-json", "tjs-json"), ("sandbox-parse", "tjs-json"),
])  # fmt: skip
@FUZZ
@given(data=st.data())
def test_mutated_inputs(target: str, seed: str, data: st.DataObject) -> None:
    _check(ENTRY_POINTS[target], data.draw(mutated(SEEDS[seed])))


def test_corpus_replays() -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file() and p.name != "README.md")
    assert files, "the regression corpus is empty"
    for path in files:
        data = path.read_bytes()
        for fn in ENTRY_POINTS.values():
            _check(fn, data)
