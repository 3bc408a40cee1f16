"""The article's account (``chronologies/tass-2022-11-02.yaml``, issue 17) and its comparison with
the checked chronology (``events.yaml``): the differences that docs/default-chronology.md lists."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.core.compare import Diff, compare
from dashboard.core.loader import Chronology, load_path

ROOT = Path(__file__).resolve().parents[1]
TASS_FILE = ROOT / "chronologies" / "tass-2022-11-02.yaml"
EVENTS_FILE = ROOT / "events.yaml"
ARTICLE_URL = "https://tass.com/politics/1531639"
LOADED_TERMS = ("special military operation", "kiev", "liberat", "referend", "accession", "regime", "donbass")
QUOTED = re.compile(r'"[^"]*"|\u201c[^\u201d]*\u201d')


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m dashboard ARGS`` in a subprocess, from the repository's root."""
    proc = subprocess.run(
        [sys.executable, "-m", "dashboard", *args], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert "Traceback" not in proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module")
def tass() -> Chronology:
    return load_path(TASS_FILE)


@pytest.fixture(scope="module")
def checked() -> Chronology:
    return load_path(EVENTS_FILE)


@pytest.fixture(scope="module")
def diff(checked: Chronology, tass: Chronology) -> Diff:
    return compare(checked, tass)


def test_loads_and_validates_with_no_problem(tass: Chronology) -> None:
    assert tass.problems == []
    assert tass.id == "tass-2022-11-02"
    assert len(tass.events) == 10
    proc = run("validate", str(TASS_FILE))
    assert proc.returncode == 0
    assert proc.stdout.strip() == "10 events, 0 problems"


def test_every_event_is_the_articles_account_quoted_and_attributed(tass: Chronology) -> None:
    (source,) = tass.sources.values()
    assert source.url == ARTICLE_URL
    assert source.publisher == "TASS (Russian state news agency)"
    for ev in tass.events:
        assert ev.sources == [source.id], ev.id
        assert ev.status == "reported", ev.id
        assert ev.title.startswith('TASS: "'), ev.id
        assert ev.title.endswith('"'), ev.id
        assert ev.summary.startswith("The TASS article says"), ev.id
        assert ev.same_as, ev.id


def test_the_articles_terms_appear_only_inside_quotes(tass: Chronology) -> None:
    texts = [tass.title, tass.description]
    for ev in tass.events:
        texts += [ev.title, ev.summary, ev.notes, ev.display_date or ""]
    for text in texts:
        outside = QUOTED.sub("", " ".join(text.split())).lower()
        for term in LOADED_TERMS:
            assert term not in outside, (term, text)


def test_every_event_matches_the_checked_chronology(diff: Diff) -> None:
    assert diff.problems == []
    assert diff.only_in_b == []
    assert len(diff.pairs) == 10


def fields(diff: Diff, checked_id: str) -> dict[str, tuple[object, object]]:
    (change,) = [c for c in diff.changed if c.a == checked_id]
    return change.fields


def test_the_nsdc_decision_is_re_dated(diff: Diff, checked: Chronology) -> None:
    got = fields(diff, "nsdc-decision-decree-679")
    # the article's "late October" against the decision and decree of 30 September (published 4 October)
    assert got["date"] == ("2022-09-30", "2022-10-21/2022-10-31")
    decree = checked.event("nsdc-decision-decree-679")
    assert decree is not None
    assert "published on 4 October 2022" in decree.summary
    assert '"in late October"' in decree.notes
    assert "fully excluding any talks whatsoever" in got["title"][1]  # type: ignore[operator]


def test_the_boundaries_claim_is_re_dated_and_re_categorised(diff: Diff) -> None:
    got = fields(diff, "putin-boundaries-statement")
    assert got["date"] == ("2022-02-22", "2022-02-21")
    assert got["category"] == ("statement", "recognition")
    assert "within the boundaries of the Donetsk and Lugansk Regions" in got["title"][1]  # type: ignore[operator]


def test_the_one_sided_17_february_account(diff: Diff) -> None:
    got = fields(diff, "escalation-feb-2022")
    assert got["date"] == ("2022-02-17/2022-02-22", "2022-02-17")
    assert got["status"] == ("disputed", "reported")
    old_sources, new_sources = got["sources"]
    assert "osce-smm-38-2022" in old_sources  # type: ignore[operator]
    assert new_sources == ["tass-2022-11-02"]
    assert "DPR and LPR" in got["summary"][1]  # type: ignore[operator]


def test_the_29_september_decrees_are_only_in_the_checked_chronology(diff: Diff) -> None:
    assert "recognition-kherson-zaporizhzhia" in diff.only_in_a


def test_diff_json_on_the_shipped_files() -> None:
    proc = run("diff", "--json", str(EVENTS_FILE), str(TASS_FILE))
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    got = json.loads(proc.stdout)
    assert set(got) == {"only_in_a", "only_in_b", "changed", "same"}
    assert "recognition-kherson-zaporizhzhia" in got["only_in_a"]
    assert got["only_in_b"] == []
    changed = {c["a"]: c for c in got["changed"]}
    assert changed["nsdc-decision-decree-679"]["b"] == "tass-nsdc-late-october"
    assert changed["nsdc-decision-decree-679"]["fields"]["date"] == ["2022-09-30", "2022-10-21/2022-10-31"]
    assert changed["putin-boundaries-statement"]["fields"]["date"] == ["2022-02-22", "2022-02-21"]
    assert changed["putin-boundaries-statement"]["fields"]["category"] == ["statement", "recognition"]
    assert changed["escalation-feb-2022"]["fields"]["status"] == ["disputed", "reported"]
    assert got["same"] == 0
