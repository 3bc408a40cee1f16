"""Stories: guided tours through events, for presenting (pure Python and pandas, no Streamlit).

A story is an ordered list of steps, each an event id with an optional narration note. It
comes either from the chronology file (``stories:``, see docs/format.md) or is made on the spot
from the currently filtered events (an *ad-hoc* story, in chronological order, titled with
the sentence of :func:`dashboard.core.query.describe`).

Step numbers are **1-based** everywhere here, as in the URL (``step=1`` is the first step).

In the URL, ``story=ID`` names a file story; no ``story`` means the ad-hoc story of the
filtered events (the filters are in the same URL, so the link can be shared).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import pandas as pd

from .loader import Chronology
from .query import FilterState, describe

__all__ = [
    "MAX_ADHOC_STEPS",
    "StepView",
    "StoryView",
    "adhoc_story",
    "clamp_step",
    "story_frame",
    "story_from_file",
]

MAX_ADHOC_STEPS: Final = 500
"""At most this many events make an ad-hoc story (the most important, in time order)."""


@dataclass(frozen=True, slots=True)
class StepView:
    """One step: the event shown and the narration written for it (Markdown, may be empty)."""

    event: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story ready to present.

    ``id`` is the file story's id, or ``None`` for an ad-hoc story of filtered events.
    ``matched`` is the number of events the filters matched (ad-hoc only; larger than
    ``len(steps)`` when the story was cut to :data:`MAX_ADHOC_STEPS`).
    """

    id: str | None
    title: str
    description: str = ""
    steps: tuple[StepView, ...] = field(default_factory=tuple)
    matched: int | None = None
    plain_notes: bool = False
    """The steps' notes are plain text, one paragraph a line, to show as text (never Markdown): the
    differences story (:func:`dashboard.core.compare.differences_story`) quotes chronology text there."""

    @property
    def adhoc(self) -> bool:
        return self.id is None

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def truncated(self) -> bool:
        return self.matched is not None and self.matched > len(self.steps)

    def step(self, number: int) -> StepView:
        """The step ``number`` (1-based); raises ``IndexError`` outside ``1..total``."""
        if not 1 <= number <= len(self.steps):
            raise IndexError(f"step {number} is out of range: this story has {len(self.steps)} steps")
        return self.steps[number - 1]

    def event_ids(self) -> list[str]:
        return [s.event for s in self.steps]


def story_from_file(chron: Chronology, story_id: str) -> StoryView | None:
    """The chronology's story ``story_id``, or ``None`` when it has none of that id.

    Steps whose event is not in ``chron`` are left out (the loader already reports and
    drops them, so this only matters for a hand-made :class:`Chronology`).
    """
    for story in chron.stories:
        if story.id == story_id:
            known = {ev.id for ev in chron.events}
            steps = tuple(StepView(s.event, s.note) for s in story.steps if s.event in known)
            return StoryView(story.id, story.title, story.description, steps)
    return None


def adhoc_story(
    filtered: pd.DataFrame,
    state: FilterState,
    *,
    total: int | None = None,
    category_labels: Mapping[str, str] | None = None,
    max_steps: int = MAX_ADHOC_STEPS,
    matched: int | None = None,
) -> StoryView:
    """The filtered events as a story: one step per event, in chronological order.

    ``filtered`` is the events frame after :func:`dashboard.core.query.apply_filters`; ``total``
    the number of events before filtering (for the title, "12 of 31 events: ..."; defaults
    to ``len(filtered)``). Order: earliest date, then the event's ``order`` (none first: the
    order of the timeline and the table for events of the same day), then latest date, then
    id; computed from these columns alone, so the order of the rows of ``filtered`` does not
    matter. When more than ``max_steps`` events match, the ``max_steps`` most important
    (earliest first among equals, in the same order) are kept, still in chronological order;
    ``matched`` says how many matched (pass it when ``filtered`` holds only some of them: an
    event store gives the most important few).
    """
    if max_steps < 1:
        raise ValueError(f"max_steps must be at least 1, got {max_steps}")
    n = len(filtered)
    found = n if matched is None else matched
    chain_title = None
    if state.chain and n:  # "N events linked to <the chain's event>", by its title when it is among them
        start = filtered.loc[filtered["id"] == state.chain, "title"]
        chain_title = str(start.iloc[0]) if len(start) else None
    title = describe(
        state, found, n if total is None else total, category_labels=category_labels, chain_title=chain_title
    )
    if n == 0:
        return StoryView(None, title, "", (), matched=found)
    ids = filtered["id"].to_numpy(dtype=object)
    earliest = filtered["earliest"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    latest = filtered["latest"].to_numpy(dtype="datetime64[s]").astype(np.int64)
    position = filtered["order"].to_numpy(dtype=np.int64)  # the event's `order`, 0 for none
    text_ids = ids.astype(str)
    keep = np.arange(n)
    if n > max_steps:
        importance = filtered["importance"].to_numpy(dtype=np.int64)
        # most important first, then earliest, order, id: a stable, deterministic choice
        by_rank = np.lexsort((text_ids, position, earliest, -importance))
        keep = by_rank[:max_steps]
    # np.lexsort sorts by its last key first: earliest, then order, then latest, then id
    steps_order = keep[np.lexsort((text_ids[keep], latest[keep], position[keep], earliest[keep]))]
    steps = tuple(StepView(str(ids[i])) for i in steps_order)
    return StoryView(None, title, "", steps, matched=found)


def clamp_step(number: int | None, total: int) -> int:
    """A step number (1-based) brought into ``1..total``; ``None`` is the first step.

    A story with no steps has only "step 1" (nothing to show); so the result is always >= 1.
    """
    if number is None:
        return 1
    return max(1, min(int(number), max(total, 1)))


def story_frame(df: pd.DataFrame, story: StoryView) -> pd.DataFrame:
    """The rows of ``df`` (the events frame) for the story's steps, one per step, in story order.

    An event that appears at two steps gives two rows. The result has a fresh RangeIndex, so
    row ``k`` is step ``k + 1``: what :func:`dashboard.render.figures.story_strip_figure` takes.
    Raises ``KeyError`` naming the first step whose event is not in ``df``.
    """
    ids = story.event_ids()
    positions = pd.Index(df["id"]).get_indexer(ids)
    missing = [ids[k] for k in np.flatnonzero(positions < 0)]
    if missing:
        raise KeyError(f"story {story.id or '(filtered events)'}: no event {missing[0]!r} in the frame")
    rows: pd.DataFrame = df.iloc[positions].reset_index(drop=True)
    return rows
