"""What ``streamlit run app.py -- MAIN OTHER...`` offers under *Compare with* (issue 17)."""

from __future__ import annotations

from pathlib import Path

from dashboard.core.compare import compare, diff_rows, rows_csv
from dashboard.core.loader import load_bytes
from dashboard.ui.app import chronology_path, compare_paths
from dashboard.ui.compare import candidate_files

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_path_is_the_main_one_the_others_are_offered() -> None:
    argv = ["events.yaml", "chronologies/", "--max-mb", "30", "other.yaml"]
    assert chronology_path(argv) == "events.yaml"
    assert compare_paths(argv) == ["chronologies/", "other.yaml"]
    assert compare_paths(["events.yaml"]) == []


def test_folders_give_each_of_their_files_without_the_main_one(tmp_path: Path) -> None:
    for name in ("b.yaml", "a.yml", "notes.txt", "main.yaml"):
        (tmp_path / name).write_text("events: []\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.yaml").write_text("events: []\n", encoding="utf-8")
    main = str(tmp_path / "main.yaml")
    got = candidate_files([str(tmp_path), str(tmp_path / "b.yaml")], main)
    assert got == [str(tmp_path / "a.yml"), str(tmp_path / "b.yaml"), str(tmp_path / "sub" / "c.yaml")]
    assert candidate_files([str(ROOT / "chronologies")], str(ROOT / "events.yaml")) == [
        str(ROOT / "chronologies" / "tass-2022-11-02.yaml")
    ]


def test_the_difference_csv_is_text_and_protected() -> None:
    a = load_bytes(b"events:\n  - {id: x, date: 2022-01-01, title: '=cmd()', category: c}\n", file="a.yaml")
    b = load_bytes(b"events:\n  - {id: x, date: 2022-01-02, title: '<b>x</b>', category: c}\n", file="b.yaml")
    rows = diff_rows(compare(a, b), a, b)
    text = rows_csv(rows, names=("a", "b"))
    lines = text.splitlines()
    assert lines[0] == "kind,a_id,b_id,a_date,b_date,a_title,b_title,changes,details"
    assert lines[1].startswith('changed,x,x,1 Jan 2022,2 Jan 2022,\'=cmd(),<b>x</b>,"re-dated, re-worded",')
