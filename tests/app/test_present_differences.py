"""AppTest: presenting the differences from a compared chronology (issue 17): ``view=present`` with
``compare=KEY`` offers *Present the differences*; ``story=_differences&step=N`` survives a reload;
every step says what differs, as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.compare import DIFFERENCES_STORY, compare, differences_story, only_shown
from dashboard.core.frame import to_frame
from dashboard.core.loader import load_bytes, load_path
from dashboard.core.query import FilterState, apply_filters
from dashboard.core.safetext import md_escape

ROOT = Path(__file__).resolve().parents[2]
MAIN = load_path(ROOT / "events.yaml")
TASS = load_path(ROOT / "chronologies" / "tass-2022-11-02.yaml")
NAMES = ("this chronology", "tass-2022-11-02")
STORY = differences_story(compare(MAIN, TASS), MAIN, TASS, names=NAMES).story


def app(main: str, *others: str) -> None:
    import streamlit as st

    st.set_page_config(layout="wide")
    from dashboard.ui.app import main as run_main

    run_main([main, *others])


def run(params: dict[str, str], main: Path = ROOT / "events.yaml", *others: Path) -> AppTest:
    at = AppTest.from_function(app, args=(str(main), *(map(str, others or [ROOT / "chronologies"]))))
    at.default_timeout = 60
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    check(at)
    return at


def check(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def qp(at: AppTest, key: str) -> str | None:
    if key not in at.query_params:
        return None
    value = at.query_params[key]
    return value[-1] if isinstance(value, list) else value


def counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Step "))


def shown_title(at: AppTest) -> str:
    (title,) = [m.value for m in at.markdown if m.value.startswith("# ")]
    return title


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The main chronology comes through the persistent cache (which keeps same_as and id)."""
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))


def test_the_present_view_offers_the_differences_and_the_url_keeps_the_step() -> None:
    at = run({"view": "present", "compare": "tass-2022-11-02"})
    button = at.button(key="present-differences")
    assert button.label == f"Present the differences ({STORY.total} steps)"
    button.click().run()
    check(at)
    assert counter(at) == f"Step 1 of {STORY.total}"
    assert qp(at, "story") == DIFFERENCES_STORY
    assert qp(at, "step") == "1"
    assert qp(at, "compare") == "tass-2022-11-02"
    at.button(key="present-next").click().run()
    check(at)
    assert qp(at, "step") == "2"

    # a reload (the same address in a new session) shows the same step of the same story
    nsdc = STORY.event_ids().index("nsdc-decision-decree-679") + 1
    again = run({"view": "present", "compare": "tass-2022-11-02", "story": DIFFERENCES_STORY, "step": str(nsdc)})
    assert counter(again) == f"Step {nsdc} of {STORY.total}"
    ev = MAIN.event("nsdc-decision-decree-679")
    assert ev is not None
    assert shown_title(again) == f"# {md_escape(ev.title)}"
    values = [m.value for m in again.markdown]
    assert md_escape("Re-dated: 30 Sep 2022 (this chronology) / late October 2022 (tass-2022-11-02)") in values
    assert qp(again, "story") == DIFFERENCES_STORY
    assert qp(again, "step") == str(nsdc)


def test_one_sided_steps_say_which_chronology_tells_the_event() -> None:
    only_a = STORY.event_ids().index("crimea-vote-2014") + 1
    at = run({"view": "present", "compare": "tass-2022-11-02", "story": DIFFERENCES_STORY, "step": str(only_a)})
    values = [m.value for m in at.markdown]
    assert md_escape("Only in this chronology: tass-2022-11-02 has no matching event.") in values


def test_the_filters_apply_to_both_chronologies() -> None:
    state = FilterState(categories=("legislation",))
    diff = only_shown(
        compare(MAIN, TASS),
        set(apply_filters(to_frame(MAIN), state)["id"]),
        set(apply_filters(to_frame(TASS), state)["id"]),
    )
    expected = differences_story(diff, MAIN, TASS, names=NAMES).story
    assert 0 < expected.total < STORY.total
    at = run({"view": "present", "compare": "tass-2022-11-02", "category": "legislation", "story": DIFFERENCES_STORY})
    assert counter(at) == f"Step 1 of {expected.total}"


def test_without_a_compared_chronology_the_filtered_events_are_shown() -> None:
    at = run({"view": "present", "story": DIFFERENCES_STORY})
    assert any("no chronology is compared" in w.value for w in at.warning)
    assert counter(at) == f"Step 1 of {len(MAIN.events)}"
    assert qp(at, "story") is None
    assert "present-differences" not in [b.key for b in at.button]


def test_chronology_text_in_a_step_is_text(tmp_path: Path) -> None:
    """Titles with Markdown, HTML and links reach the note escaped: shown exactly, never run."""
    a = tmp_path / "a.yaml"
    b = tmp_path / "b.yaml"
    a.write_text(
        'title: A\nevents:\n  - {id: x, date: 2022-01-01, title: "**bold** <b>x</b>", category: c}\n',
        encoding="utf-8",
    )
    b.write_text(
        "id: bee\ntitle: B\nevents:\n"
        '  - {id: y, date: 2022-01-02, title: "[go](javascript:alert(1)) ![i](http://e.test/i.png)",'
        " category: c, same_as: [x]}\n",
        encoding="utf-8",
    )
    at = run({"view": "present", "compare": "bee", "story": DIFFERENCES_STORY}, a, b)
    chron_a, chron_b = load_bytes(a.read_bytes(), file=str(a)), load_bytes(b.read_bytes(), file=str(b))
    (step,) = differences_story(compare(chron_a, chron_b), chron_a, chron_b, names=("this chronology", "B")).story.steps
    lines = step.note.splitlines()
    assert lines[0] == "Re-dated: 1 Jan 2022 (this chronology) / 2 Jan 2022 (B)"
    assert lines[1] == (
        "Re-worded (title): “**bold** <b>x</b>” (this chronology) / "
        "“[go](javascript:alert(1)) ![i](http://e.test/i.png)” (B)"
    )
    values = [m.value for m in at.markdown]
    for line in lines:
        assert md_escape(line) in values
    assert not any("](javascript" in v or "![i](" in v or "<b>" in v for v in values)
