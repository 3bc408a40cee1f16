"""``python -m dashboard diff A B [--json]`` (issue 17): the text, the JSON, the exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "compare"
A, B = str(FIXTURES / "a.yaml"), str(FIXTURES / "b.yaml")

EXPECTED = {
    "only_in_a": ["dropped"],
    "only_in_b": ["added"],
    "changed": [
        {"a": "moved", "b": "moved", "fields": {"date": ["2022-02-01", "2022-02-02"]}},
        {
            "a": "renamed",
            "b": "renamed",
            "fields": {"title": ["Old title", "New title"], "summary": ["Old text.", "New text."]},
        },
        {"a": "recat", "b": "recat", "fields": {"category": ["a", "b"]}},
        {"a": "status", "b": "status", "fields": {"status": ["confirmed", "disputed"]}},
        {"a": "cited", "b": "cited", "fields": {"sources": [["un"], ["un-press", "osce"]]}},
    ],
    "same": 2,  # kept (the same source under another id) and linked ~ link-b (same_as)
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m dashboard ARGS`` in a subprocess, from the repository's root."""
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def test_json_in_the_issues_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", A, B, "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == EXPECTED
    assert captured.err == ""


def test_json_in_a_subprocess() -> None:
    proc = run("diff", "--json", A, B)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == EXPECTED


def test_json_the_other_way_round_swaps_the_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", B, A, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert got["only_in_a"] == ["added"]
    assert got["only_in_b"] == ["dropped"]
    assert got["changed"][0] == {"a": "moved", "b": "moved", "fields": {"date": ["2022-02-02", "2022-02-01"]}}
    assert got["same"] == 2


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", A, B]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == [f"A: {A} (Before), 8 events", f"B: {B} (After), 8 events"]
    text = "\n".join(lines)
    for part in (
        "Only in A (1):\n  2022-07-01  dropped  Dropped",
        "Only in B (1):\n  2022-07-15  added  Added",
        "Changed (5):",
        "  moved -> moved: re-dated\n    date: 2022-02-01 -> 2022-02-02",
        '  renamed -> renamed: re-worded\n    title: "Old title" -> "New title"',
        '\n    summary: "Old text." -> "New text."',
        "  recat -> recat: re-categorised\n    category: a -> b",
        "  status -> status: status changed\n    status: confirmed -> disputed",
        "  cited -> cited: sources changed\n    sources: un -> un-press, osce",
        "Same: 2",
    ):
        assert part in text
    assert lines[-1] == "1 only in A, 1 only in B, 5 changed, 2 the same"


def test_conflicts_go_to_stderr_and_the_diff_still_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(
        "events:\n"
        "  - {id: p, date: 2022-01-01, title: P, category: c, same_as: [t]}\n"
        "  - {id: q, date: 2022-01-02, title: Q, category: c, same_as: [t, nowhere]}\n",
        encoding="utf-8",
    )
    b = tmp_path / "b.yaml"
    b.write_text("events:\n  - {id: t, date: 2022-01-01, title: P, category: c}\n", encoding="utf-8")
    assert main(["diff", str(a), str(b), "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"only_in_a": ["q"], "only_in_b": [], "changed": [], "same": 1}
    err = captured.err.splitlines()
    assert len(err) == 2
    assert err[0].startswith(f"{a}:3:64: event 't' of B (b) would match two events of A (a)")
    assert err[1].startswith(f"{a}:3:67: 'same_as' of event 'q': no event of B (b) has the id 'nowhere'")
    assert all(" -- " in line for line in err)


def test_a_file_that_cannot_be_loaded_is_exit_1(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    proc = run("diff", A, str(missing))
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert f"{missing}:0:0: no such file or folder" in proc.stderr
    assert f"diff: {missing} cannot be compared" in proc.stderr
    bad = tmp_path / "bad.yaml"
    bad.write_text("events:\n  - {id: x, date: 2022-02-30, title: X, category: c}\n", encoding="utf-8")
    proc = run("diff", "--json", str(bad), B)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert f"{bad}:2:19: 'date'" in proc.stderr


def test_usage_error_is_exit_2() -> None:
    proc = run("diff", A)
    assert proc.returncode == 2
