"""Issue 17: the differences as a story to present (core/compare.differences_story), and its handout."""

from __future__ import annotations

from pathlib import Path

from dashboard.core.compare import DIFFERENCES_STORY, compare, differences_story
from dashboard.core.frame import to_frame
from dashboard.core.loader import load_bytes, load_path
from dashboard.core.stories import story_frame
from dashboard.render.handout import handout_html

ROOT = Path(__file__).resolve().parents[1]

A = b"""title: A
sources:
  s: {publisher: Paper A}
events:
  - {id: x, date: 2022-03-01, title: X, category: c, same_as: [y], sources: [s]}
  - {id: early, date: 2021-01-01, title: Early, category: c}
"""
B = b"""title: B
categories:
  c: {label: Cee}
  d: {label: Dee}
sources:
  s: {publisher: Paper B}
events:
  - {id: y, date: 2022-03-02, title: X, category: c, sources: [s]}
  - {id: x, date: 2022-02-01, title: "Another <i>x</i>", category: d, sources: [s]}
"""


def test_steps_in_time_order_with_their_own_events_and_sources() -> None:
    a, b = load_bytes(A, file="a.yaml"), load_bytes(B, file="b.yaml")
    diff = compare(a, b)
    assert [p.message for p in diff.problems]  # x of B would match x of A a second time: reported
    got = differences_story(diff, a, b, names=("A", "B"))
    story, chron = got.story, got.chron
    assert story.id == DIFFERENCES_STORY
    assert story.plain_notes
    # early (only in A, 2021), then B's own x (only in B, February: renamed, A has an x), then the pair
    assert story.event_ids() == ["early", "x~b", "x"]
    assert [s.note for s in story.steps] == [
        "Only in A: B has no matching event.",
        "Only in B: A has no matching event.",
        "Re-dated: 1 Mar 2022 (A) / 2 Mar 2022 (B)\nSources changed: Paper A (A) / Paper B (B)",
    ]
    theirs = chron.event("x~b")
    assert theirs is not None
    assert theirs.title == "Another <i>x</i>"
    assert theirs.sources == ["s~b"]  # A's source s is another one
    assert chron.sources["s~b"].publisher == "Paper B"
    assert chron.sources["s"].publisher == "Paper A"
    assert chron.categories["d"].label == "Dee"  # B's categories come along
    assert list(story_frame(to_frame(chron), story)["id"]) == story.event_ids()


def test_the_tass_account_re_dates_the_nsdc_decision() -> None:
    a, b = load_path(ROOT / "events.yaml"), load_path(ROOT / "chronologies" / "tass-2022-11-02.yaml")
    story = differences_story(compare(a, b), a, b, names=("this chronology", "TASS")).story
    diff = compare(a, b)
    assert story.total == len(diff.changed) + len(diff.only_in_a) + len(diff.only_in_b)
    note = dict(zip(story.event_ids(), (s.note for s in story.steps), strict=True))["nsdc-decision-decree-679"]
    assert note.splitlines()[0] == "Re-dated: 30 Sep 2022 (this chronology) / late October 2022 (TASS)"


def test_the_handout_shows_plain_notes_as_text() -> None:
    a, b = load_bytes(A, file="a.yaml"), load_bytes(B, file="b.yaml")
    got = differences_story(compare(a, b), a, b, names=("*A*", "<b>B</b>"))
    page = handout_html(got.story, got.chron)
    assert "Only in *A*: &lt;b&gt;B&lt;/b&gt; has no matching event." in page
    assert "<b>B</b>" not in page
    assert "<em>A</em>" not in page
