"""The facets: each defined once, here; filters, lanes, widgets, URL keys and CLI options derive.

A facet is a property of events the dashboard counts and filters by (category, actor, place,
tag, source publisher, status). Everything that used to be a parallel table (the URL key, the
:class:`~dashboard.core.query.FilterState` field, the frame and store column, whether the column
holds a list, whether it can be a lane, the widget label, the "no value" label, the phrase of
the sentence) is a field of one :class:`Facet` record in :data:`FACETS`.

Pure data, no imports from the rest of the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

__all__ = ["FACETS", "FACET_BY_NAME", "LANE_FACETS", "Facet", "facet"]


@dataclass(frozen=True)
class Facet:
    """One facet. ``name`` is the URL key, the CLI option and the lane name."""

    name: str
    field: str  # the FilterState field (a tuple of chosen values)
    column: str  # the frame / store column
    multi: bool  # the column holds a list of values (an event may have several)
    lane: bool  # the timeline can have one lane per value
    label: str  # widget label (plural)
    lane_label: str  # lane selector label (singular)
    phrase: str  # the sentence's words for chosen values; "{}" is the joined values
    article: str  # "an actor": how a message names one value of the facet

    @property
    def none_label(self) -> str:
        """The lane and facet label of events without a value: ``(no actor)``."""
        return f"(no {self.name})"


FACETS: Final[tuple[Facet, ...]] = (
    Facet("category", "categories", "category", False, True, "Categories", "Category", "{}", "a category"),
    Facet("actor", "actors", "actors", True, True, "Actors", "Actor", "involving {}", "an actor"),
    Facet("place", "places", "places", True, True, "Places", "Place", "in {}", "a place"),
    Facet("tag", "tags", "tags", True, True, "Tags", "Tag", "tagged {}", "a tag"),
    Facet("source", "sources", "publishers", True, False, "Sources (publishers)", "Source", "from {}", "a publisher"),
    Facet("status", "statuses", "status", False, True, "Status", "Status", "status {}", "a status"),
)
"""Every facet, in the order of the sidebar, the URL and the JSON of ``query``."""

FACET_BY_NAME: Final[Mapping[str, Facet]] = {f.name: f for f in FACETS}
LANE_FACETS: Final[tuple[Facet, ...]] = tuple(f for f in FACETS if f.lane)


def facet(name: str) -> Facet:
    """The facet called ``name`` (its URL key, its FilterState field or its column).

    Raises ``ValueError`` naming the facets when there is none.
    """
    for f in FACETS:
        if name in (f.name, f.field, f.column):
            return f
    raise ValueError(f"unknown facet {name!r}: use one of {', '.join(f.name for f in FACETS)}")
