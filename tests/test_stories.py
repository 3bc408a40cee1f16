"""Stories: from the file, ad hoc from the filters, step bounds, and the rows for the strip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.dates import parse_date
from dashboard.core.frame import to_frame
from dashboard.core.loader import Chronology, Event, Story, StoryStep, load_path
from dashboard.core.query import FilterState, apply_filters, describe
from dashboard.core.stories import (
    MAX_ADHOC_STEPS,
    StepView,
    StoryView,
    adhoc_story,
    clamp_step,
    story_frame,
    story_from_file,
)
from dashboard.render.figures import story_strip_figure

ROOT = Path(__file__).resolve().parents[1]
CHRON = load_path(ROOT / "events.yaml")
FRAME = to_frame(CHRON)


def _event(event_id: str, date: str, *, importance: int = 3, order: int | None = None) -> Event:
    return Event(
        id=event_id,
        date=parse_date(date),
        title=f"Title {event_id}",
        category="c",
        importance=importance,
        order=order,
    )


def _story_key(ev: Event) -> tuple[int, int, int, str]:
    """The ad-hoc story's order: earliest, then ``order`` (none first), then latest, then id."""
    return ev.date.earliest, ev.order or 0, ev.date.latest, ev.id


# --------------------------------------------------------------------------- file stories


@pytest.mark.parametrize("story", CHRON.stories, ids=[s.id for s in CHRON.stories])
def test_every_file_story_is_read_as_written(story: Story) -> None:
    view = story_from_file(CHRON, story.id)
    assert view is not None
    assert view.id == story.id
    assert not view.adhoc
    assert view.title == story.title
    assert view.description == story.description
    assert view.steps == tuple(StepView(s.event, s.note) for s in story.steps)
    assert view.total == len(story.steps) >= 2
    assert all(step.note for step in view.steps), "every step of the default stories has a narration"
    assert view.step(1) == view.steps[0]
    assert view.step(view.total) == view.steps[-1]


def test_default_chronology_has_stories() -> None:
    assert len(CHRON.stories) >= 1


def test_unknown_story_is_none() -> None:
    assert story_from_file(CHRON, "no-such-story") is None
    assert story_from_file(Chronology(), "x") is None


def test_file_story_skips_steps_whose_event_is_missing() -> None:
    chron = Chronology(
        events=[_event("a", "2020-01-01"), _event("b", "2021-01-01")],
        stories=[Story("s", "S", "", [StoryStep("b", "first"), StoryStep("gone"), StoryStep("a", "last")])],
    )
    view = story_from_file(chron, "s")
    assert view is not None
    assert view.event_ids() == ["b", "a"]
    assert [s.note for s in view.steps] == ["first", "last"]


# --------------------------------------------------------------------------- ad-hoc stories


def test_adhoc_story_of_everything_is_chronological() -> None:
    state = FilterState()
    view = adhoc_story(FRAME, state)
    assert view.id is None
    assert view.adhoc
    assert view.title == describe(state, len(FRAME), len(FRAME))
    assert view.total == len(CHRON.events)
    assert view.matched == len(CHRON.events)
    assert not view.truncated
    earliest = [CHRON.event(i).date.earliest for i in view.event_ids()]  # type: ignore[union-attr]
    assert earliest == sorted(earliest)
    assert all(step.note == "" for step in view.steps)


def test_adhoc_story_follows_the_filters_and_names_them() -> None:
    state = FilterState(categories=("treaty",))
    filtered = apply_filters(FRAME, state)
    labels = {k: c.label for k, c in CHRON.categories.items()}
    view = adhoc_story(filtered, state, total=len(FRAME), category_labels=labels)
    expected = sorted((e for e in CHRON.events if e.category == "treaty"), key=_story_key)
    assert view.event_ids() == [e.id for e in expected]
    assert view.title == describe(state, len(expected), len(FRAME), category_labels=labels)
    assert view.title.startswith(f"{len(expected)} of {len(FRAME)} events: ")


def test_adhoc_story_order_ignores_the_frame_order() -> None:
    shuffled = FRAME.sample(frac=1.0, random_state=7)
    assert list(shuffled["id"]) != list(FRAME["id"])
    assert adhoc_story(shuffled, FilterState()).event_ids() == adhoc_story(FRAME, FilterState()).event_ids()


def test_adhoc_story_ties_break_on_latest_then_id() -> None:
    chron = Chronology(
        events=[
            _event("b", "2022-01"),  # same start as the two below, ends later
            _event("c", "2022-01-01"),
            _event("a", "2022-01-01"),
            _event("z", "2021-12-31"),
        ]
    )
    view = adhoc_story(to_frame(chron), FilterState())
    assert view.event_ids() == ["z", "a", "c", "b"]


SAME_DAY = [
    _event("a-veto", "2022-09-30", order=10),  # ids run against the orders
    _event("b-treaty", "2022-09-30", order=2),
    _event("c-speech", "2022-09-30", order=1),
    _event("d-month", "2022-09-30/2022-10-30", order=3),  # ends later, yet order comes first
    _event("z-plain", "2022-09-30"),  # no order: first of its day
    _event("y-before", "2022-09-29", order=999),
    _event("x-after", "2022-10-01"),
]
SAME_DAY_STORY = ["y-before", "z-plain", "c-speech", "b-treaty", "d-month", "a-veto", "x-after"]


@pytest.mark.parametrize("seed", [None, 0, 1, 2, 3])
def test_adhoc_story_follows_order_within_a_day(seed: int | None) -> None:
    frame = to_frame(Chronology(events=list(SAME_DAY)))
    assert list(frame["id"]) == SAME_DAY_STORY  # the timeline's and table's order
    if seed is not None:  # the story does not rely on the rows' order
        frame = frame.sample(frac=1.0, random_state=seed)
    view = adhoc_story(frame, FilterState())
    assert view.event_ids() == SAME_DAY_STORY
    assert view.event_ids() == [e.id for e in sorted(SAME_DAY, key=_story_key)]
    # cut to the most important: the ties are chosen in the same order
    assert adhoc_story(frame, FilterState(), max_steps=4).event_ids() == SAME_DAY_STORY[:4]


def test_empty_filter_gives_an_empty_story() -> None:
    state = FilterState(q="no event has this text anywhere")
    filtered = apply_filters(FRAME, state)
    view = adhoc_story(filtered, state, total=len(FRAME))
    assert view.total == 0
    assert view.matched == 0
    assert view.title.startswith(f"0 of {len(FRAME)} events")
    assert story_frame(FRAME, view).empty


def test_adhoc_story_keeps_the_most_important_when_too_many() -> None:
    events = [_event(f"e{i:02d}", f"20{i:02d}-01-01", importance=5 if i % 3 == 0 else 1) for i in range(30)]
    frame = to_frame(Chronology(events=events))
    view = adhoc_story(frame, FilterState(), max_steps=10)
    assert view.total == 10
    assert view.matched == 30
    assert view.truncated
    assert view.event_ids() == [f"e{i:02d}" for i in range(0, 30, 3)]  # the important ones, in time order
    # fewer important events than room: the earliest minor ones fill the rest
    view = adhoc_story(frame, FilterState(), max_steps=12)
    assert view.event_ids() == sorted([f"e{i:02d}" for i in range(0, 30, 3)] + ["e01", "e02"])
    with pytest.raises(ValueError, match="max_steps"):
        adhoc_story(frame, FilterState(), max_steps=0)
    assert MAX_ADHOC_STEPS >= 100


@given(st.sets(st.sampled_from(sorted(FRAME["category"].astype(str).unique()))), st.integers(1, 5))
def test_adhoc_story_is_the_filtered_events_in_time_order(categories: set[str], importance: int) -> None:
    state = FilterState(categories=tuple(sorted(categories)), importance=importance)
    filtered = apply_filters(FRAME, state)
    view = adhoc_story(filtered, state, total=len(FRAME))
    assert sorted(view.event_ids()) == sorted(filtered["id"])
    rows = story_frame(FRAME, view)
    keys = list(zip(rows["earliest"], rows["order"], rows["latest"], rows["id"], strict=True))
    assert keys == sorted(keys)


# --------------------------------------------------------------------------- step numbers


@pytest.mark.parametrize(
    ("number", "total", "expected"),
    [
        (None, 8, 1),
        (1, 8, 1),
        (2, 8, 2),
        (8, 8, 8),
        (9, 8, 8),
        (10**9, 8, 8),
        (0, 8, 1),
        (-3, 8, 1),
        (1, 1, 1),
        (5, 1, 1),
        (3, 0, 1),
        (None, 0, 1),
    ],
)
def test_clamp_step(number: int | None, total: int, expected: int) -> None:
    assert clamp_step(number, total) == expected


def test_step_is_one_based_and_bounded() -> None:
    view = StoryView("s", "S", steps=(StepView("a"), StepView("b", "note")))
    assert view.step(1) == StepView("a")
    assert view.step(2) == StepView("b", "note")
    for bad in (0, -1, 3):
        with pytest.raises(IndexError, match="out of range"):
            view.step(bad)


# --------------------------------------------------------------------------- rows for the strip


@pytest.mark.parametrize("story", CHRON.stories, ids=[s.id for s in CHRON.stories])
def test_story_frame_is_one_row_per_step_in_story_order(story: Story) -> None:
    view = story_from_file(CHRON, story.id)
    assert view is not None
    rows = story_frame(FRAME, view)
    assert list(rows["id"]) == view.event_ids()
    assert isinstance(rows.index, pd.RangeIndex)
    assert list(rows.columns) == list(FRAME.columns)
    for k in range(view.total):
        fig = story_strip_figure(rows, current_index=k, categories=CHRON.categories)
        assert fig.layout.meta["total"] == view.total
        current = next(t for t in fig.data if t.meta["role"] == "story-current")
        assert current.customdata[0][0] == view.steps[k].event


def test_story_frame_repeats_an_event_shown_twice() -> None:
    first = str(FRAME["id"].iloc[0])
    view = StoryView("s", "S", steps=(StepView(first), StepView(str(FRAME["id"].iloc[1])), StepView(first)))
    rows = story_frame(FRAME, view)
    assert list(rows["id"]) == [first, FRAME["id"].iloc[1], first]
    assert np.array_equal(rows.index, np.arange(3))


def test_story_frame_names_a_missing_event() -> None:
    view = StoryView("s", "S", steps=(StepView(str(FRAME["id"].iloc[0])), StepView("not-there")))
    with pytest.raises(KeyError, match="not-there"):
        story_frame(FRAME, view)
