"""Parsing uploads in a child process: results come back; crashes, memory and time limits give
a clear problem instead of taking the server down (issue: hardening)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.io.sandbox import SandboxLimits, parse_sandboxed

ROOT = Path(__file__).resolve().parents[1]


def test_parses_in_child_and_returns_the_chronology() -> None:
    chron = parse_sandboxed((ROOT / "events.yaml").read_bytes(), file="events.yaml")
    assert chron.problems == []
    assert len(chron.events) >= 20
    assert chron.events[0].date.edtf


def test_periods_come_back_from_the_child() -> None:
    from dashboard.core.loader import load_path

    path = ROOT / "tests" / "fixtures" / "periods.yaml"
    chron = parse_sandboxed(path.read_bytes(), file="periods.yaml")
    assert chron.problems == []
    assert chron.periods == load_path(path).periods


@pytest.mark.parametrize(
    ("name", "data", "fragment"),
    [
        ("deep.yaml", b"[" * 25000, "nesting is deeper"),
        ("braces.yaml", b"{" * 100000, "nesting is deeper"),
        ("tag.yaml", b"events: !!python/object/apply:os.system ['echo pwned']\n", "tags are not allowed"),
        ("deep.json", b"[" * 100000, "nesting is deeper than 32 levels"),
    ],
)
def test_resource_attacks_end_in_a_problem(name: str, data: bytes, fragment: str) -> None:
    chron = parse_sandboxed(data, file=name)
    assert chron.events == []
    assert chron.problems
    assert fragment in " ".join(p.message for p in chron.problems)


def test_memory_limit_gives_a_problem_not_a_crash() -> None:
    chron = parse_sandboxed((ROOT / "events.yaml").read_bytes(), file="events.yaml", limits=SandboxLimits(memory_mb=30))
    assert chron.events == []
    (problem,) = chron.problems
    assert "memory limit 30 MB" in problem.message
    assert problem.hint


def test_time_limit_gives_a_problem() -> None:
    chron = parse_sandboxed(b"events: []\n", file="slow.yaml", limits=SandboxLimits(timeout=0.001))
    (problem,) = chron.problems
    assert "took longer than" in problem.message


def test_over_the_upload_limit_is_refused_before_starting() -> None:
    chron = parse_sandboxed(b"x" * 2000, file="big.yaml", limits=SandboxLimits(max_bytes=1000))
    (problem,) = chron.problems
    assert "over the upload limit of 1,000 bytes" in problem.message
