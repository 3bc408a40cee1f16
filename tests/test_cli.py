"""``python -m dashboard validate | schema``: exit codes, problem lines, summaries, help."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.cli import build_parser, main
from dashboard.core.models import schema_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,  # a guard against hangs
        check=False,
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


def test_validate_clean_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "valid.yaml")]) == 0
    out = capsys.readouterr().out
    assert out == "3 events, 0 problems, 1 story\n"


def test_validate_clean_file_in_a_subprocess() -> None:
    proc = run("validate", str(FIXTURES / "valid.yaml"))
    assert proc.returncode == 0
    assert proc.stdout.splitlines() == ["3 events, 0 problems, 1 story"]
    assert proc.stderr == ""


def test_validate_bad_file(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "invalid.yaml"
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{path}:7:11: 'date': '2022-02-30' is not a valid date")
    assert " -- " in lines[0]  # then the hint
    assert lines[-1] == "1 event, 1 problem (1 event skipped)"


def test_validate_bad_file_in_a_subprocess() -> None:
    path = FIXTURES / "invalid.yaml"
    proc = run("validate", str(path))
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{path}:7:11: ")


def test_validate_quiet_and_time(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--quiet", "--time", str(FIXTURES / "invalid.yaml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "1 event, 1 problem (1 event skipped)"
    assert lines[1].startswith("loaded in ")


def test_validate_folder_and_several_paths(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "folder"), str(FIXTURES / "valid.yaml")]) == 0
    assert capsys.readouterr().out == "5 events, 0 problems, 1 story\n"
    assert main(["validate", str(FIXTURES / "dup-folder")]) == 1
    out = capsys.readouterr().out
    assert "duplicate event id 'same'" in out
    assert str(FIXTURES / "dup-folder" / "a.yaml") in out


def test_validate_bulk_tables(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "events.csv"
    table.write_text(
        "id,date,title,category\n"
        "a,2022-02-24,Invasion begins,war\n"
        "b,2022-02-30,Not a day,war\n"
        "c,2022-09-30,Treaties signed,treaty\n",
        encoding="utf-8",
    )
    assert main(["validate", str(table)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{table}:3:")  # the row's line in the file
    assert "2022-02-30" in lines[0]
    assert " -- " in lines[0]
    assert lines[-1] == "2 events, 1 problem (1 event skipped)"
    import pyarrow as pa
    import pyarrow.parquet as pq

    parquet = tmp_path / "events.parquet"
    pq.write_table(pa.table({"id": ["a", "c"], "date": ["2022-02-24", "2022-09-30"], "title": ["One", "Two"]}), parquet)
    assert main(["validate", str(parquet)]) == 0
    assert capsys.readouterr().out == "2 events, 0 problems\n"
    assert main(["validate", str(parquet), str(FIXTURES / "valid.yaml")]) == 2
    assert "checked on its own" in capsys.readouterr().err


def test_validate_counts_the_periods(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(FIXTURES / "periods.yaml")]) == 0
    assert capsys.readouterr().out == "2 events, 0 problems, 7 periods\n"
    assert main(["validate", str(FIXTURES / "periods.yaml"), str(FIXTURES / "valid.yaml")]) == 0
    assert capsys.readouterr().out == "5 events, 0 problems, 1 story, 7 periods\n"


PERIOD_PROBLEMS = (
    "events:\n"  # 1
    "  - {id: good, date: 2022-02-21, title: A good event, category: war}\n"  # 2
    "periods:\n"  # 3
    "  - id: bc\n"  # 4
    "    label: 44-31 BC\n"  # 5
    "    date: -0043/-0030\n"  # 6
    "  - id: bad-date\n"  # 7
    "    label: Bad date\n"  # 8
    "    date: 1990/1980\n"  # 9
    "  - id: bc\n"  # 10
    "    label: Same id\n"  # 11
    "    date: 199X\n"  # 12
    "  - id: odd\n"  # 13
    "    label: Odd\n"  # 14
    "    date: 1990/..\n"  # 15
    "    colour: '#fff'\n"  # 16
    "  - id: grey\n"  # 17
    "    label: Grey\n"  # 18
    "    date: 1990\n"  # 19
    "    color: grey\n"  # 20
    "  - id: no-label\n"  # 21
    "    date: 1990\n"  # 22
)


def test_validate_reports_every_bad_period(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "periods.yaml"
    path.write_text(PERIOD_PROBLEMS, encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    places = [line.split(": ", 1)[0] for line in lines[:-1]]
    assert places == [f"{path}:{where}" for where in ("9:11", "10:9", "16:5", "20:12", "21:5")]
    assert "'periods[2].date': '1990/1980': the end (1980) is before the start (1990)" in lines[0]
    assert "duplicate period id 'bc' (first at" in lines[1]
    assert "unknown field 'colour' in 'periods[4]' (did you mean 'color'?)" in lines[2]
    assert "'periods[5].color': invalid colour 'grey'" in lines[3]
    assert "missing required field 'label' in 'periods[6]'" in lines[4]
    assert all(" -- " in line for line in lines[:-1])  # each with its fix
    assert lines[-1] == "1 event, 5 problems, 1 period"


def test_validate_a_bad_period_in_a_subprocess(tmp_path: Path) -> None:
    path = tmp_path / "periods.yaml"
    path.write_text(PERIOD_PROBLEMS, encoding="utf-8")
    proc = run("validate", "--quiet", str(path))
    assert proc.returncode == 1
    assert proc.stdout == "1 event, 5 problems, 1 period\n"


def test_validate_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["validate", str(missing)]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"{missing}:0:0: no such file or folder -- check the path"


def test_validate_max_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--max-bytes", "100", str(FIXTURES / "valid.yaml")]) == 1
    assert "over the size limit of 100 bytes" in capsys.readouterr().out


def test_validate_rejects_a_bad_max_bytes(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--max-bytes", "-5", str(FIXTURES / "valid.yaml")])
    assert exit_info.value.code == 2
    assert "positive number of bytes" in capsys.readouterr().err


def test_text_that_the_terminal_cannot_encode(tmp_path: Path) -> None:
    path = tmp_path / "unicode.yaml"
    path.write_text("events:\n  - {id: a, date: 2022-02-30, title: 日本 🎉, category: c}\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ([], ["validate", "schema"]),
        (["validate"], ["PATH", "--max-bytes", "--quiet", "Exit status", "0 problems"]),
        (["schema"], ["JSON Schema", "--output", "events.schema.json"]),
    ],
)
def test_help_documents_each_command(command: list[str], expected: list[str]) -> None:
    proc = run(*command, "--help")
    assert proc.returncode == 0
    for word in expected:
        assert word in proc.stdout, word


def test_no_command_is_a_usage_error() -> None:
    proc = run()
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def test_schema_prints_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out = capsys.readouterr().out
    assert out == schema_text()
    assert json.loads(out)["title"] == "Chronology"


def test_schema_in_a_subprocess() -> None:
    proc = run("schema")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["required"] == ["events"]


def test_schema_output_file(tmp_path: Path) -> None:
    target = tmp_path / "events.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_parser_prog() -> None:
    assert build_parser().prog == "python -m dashboard"
