"""Filter the events DataFrame: the filter state, its URL form, facets and a sentence.

Pure pandas and numpy; no Streamlit (the UI wires widgets and ``st.query_params`` to the
functions here). The columns used are those of ``docs/frame-columns.md``.

The URL is the state (DESIGN.md rule 2): :func:`from_query_params` is the one parser (it
never raises; it returns the warnings to show), :func:`to_query_params` the one serialiser
(non-default values only), and :func:`describe` the readable sentence of what is shown.

Dates are ISO days, with astronomical years before year 1: ``-0043-03-15`` is
15 March 44 BC and ``0000-01-01`` is 1 January 1 BC (proleptic Gregorian, as numpy).

Filtering rules (:func:`apply_filters`):

* dates, ``match="overlap"``: the event's ``[earliest, latest]`` meets the day range
  ``[from 00:00:00, to 23:59:59]``; an open start (``../b``) reaches back for ever and an
  open end (``a/..``) runs on for ever.
* dates, ``match="within"``: the event is certainly inside: ``earliest >= from`` and
  ``latest <= to``; an open start or end is never certainly inside a bound on that side.
* categories, statuses: the event's value is one of those chosen.
* actors, places, tags, sources (publishers): the event has ANY of the chosen values.
  Values chosen within one facet are OR-ed; different facets are AND-ed.
* importance: at least the minimum.
* q: every whitespace-separated word occurs, ignoring case and taken literally (no
  regex), somewhere in the title, summary or notes.
* chain (``chain=ID&depth=N&dir=back|forward|both``): the event ``ID`` and every event reachable
  from it by typed links in at most ``depth`` steps (default 2, at most
  :data:`dashboard.core.links.MAX_DEPTH`), in the direction ``dir`` (default both); the rules are
  in :mod:`dashboard.core.links`. Reachability is over all events; the other filters then apply.

``links=0|1`` (not a filter) turns the arrows between linked events off or on; without it they
are drawn when at most :data:`dashboard.render.links.AUTO_MAX_LINKS` are in view.
"""

from __future__ import annotations

import dataclasses
import itertools
import operator
import re
import urllib.parse
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeAlias, cast

import numpy as np
import numpy.typing as npt
import pandas as pd

from . import facets as _facets
from .dates import (
    MAX_YEAR,
    MIN_YEAR,
    MS_PER_DAY,
    civil_from_days,
    civil_from_ms,
    day_text,
    days_from_civil,
    format_day_label,
)
from .links import DEFAULT_DEPTH, DIRECTIONS, MAX_DEPTH, Direction, chain_phrase, decode_link, reachable

__all__ = [
    "FACETS",
    "FACET_COLUMNS",
    "LANES",
    "MATCHES",
    "PARAM_KEYS",
    "VIEWS",
    "Facet",
    "FilterState",
    "Lane",
    "Match",
    "View",
    "apply_filters",
    "chain_ids",
    "chain_mask",
    "check_against",
    "compare_key_problem",
    "date_window",
    "day_of_ms",
    "describe",
    "facet_counts",
    "facet_counts_all",
    "facet_counts_excluding",
    "filter_mask",
    "format_day",
    "from_query_params",
    "from_query_string",
    "human_day",
    "lane_values",
    "link_edges",
    "parse_align",
    "parse_day",
    "parse_window",
    "plotly_ms",
    "selection_days",
    "to_query_params",
    "to_query_string",
    "window_ms",
    "window_of_ms",
]

Match: TypeAlias = Literal["overlap", "within"]
View: TypeAlias = Literal["explore", "table", "present"]
# The names of the facets and lanes, for the type checker; the facts about each facet are its
# record in dashboard.core.facets.FACETS, and a test checks that these aliases list the same names.
Lane: TypeAlias = Literal["category", "actor", "place", "tag", "status"]
Facet: TypeAlias = Literal["category", "actor", "place", "tag", "source", "status"]

MATCHES: Final[tuple[Match, ...]] = ("overlap", "within")
VIEWS: Final[tuple[View, ...]] = ("explore", "table", "present")
#: The lane names (the facets that can be lanes), from :data:`dashboard.core.facets.FACETS`.
LANES: Final[tuple[Lane, ...]] = cast("tuple[Lane, ...]", tuple(f.name for f in _facets.LANE_FACETS))
#: The facet names (URL keys), from :data:`dashboard.core.facets.FACETS`.
FACETS: Final[tuple[Facet, ...]] = cast("tuple[Facet, ...]", tuple(f.name for f in _facets.FACETS))
#: The events-frame column behind each facet (and lane).
FACET_COLUMNS: Final[Mapping[Facet, str]] = {name: _facets.FACET_BY_NAME[name].column for name in FACETS}
#: Every URL key :func:`from_query_params` understands, in the order written.
PARAM_KEYS: Final[tuple[str, ...]] = (
    "from",
    "to",
    "match",
    *FACETS,
    "importance",
    "q",
    "lanes",
    "event",
    "view",
    "story",
    "step",
    "links",
    "chain",
    "depth",
    "dir",
    "win",
    "compare",
    "align",
)

# The FilterState field behind each facet (keyed by the facet's URL key).
_FACET_FIELDS: Final[Mapping[Facet, str]] = {name: _facets.FACET_BY_NAME[name].field for name in FACETS}
_TUPLE_FIELDS: Final = tuple(_FACET_FIELDS.values())
# Facets whose column holds a list (an event may have several values), and the others.
_LIST_FACETS: Final[tuple[Facet, ...]] = tuple(name for name in FACETS if _facets.FACET_BY_NAME[name].multi)
_VALUE_FACETS: Final[tuple[Facet, ...]] = tuple(name for name in FACETS if name not in _LIST_FACETS)
_TEXT_COLUMNS: Final = ("title", "summary", "notes")
_DAY_RE: Final = re.compile(r"-?[0-9]{4,6}-[0-9]{2}-[0-9]{2}")
_INT_RE: Final = re.compile(r"[0-9]{1,9}")
_LAST_SECOND: Final = np.timedelta64(86_399, "s")

BoolArray: TypeAlias = npt.NDArray[np.bool_]
IntArray: TypeAlias = npt.NDArray[np.intp]
ObjArray: TypeAlias = npt.NDArray[np.object_]


@dataclass(frozen=True)
class FilterState:
    """Everything that decides what the dashboard shows; hashable, so usable as a key.

    A *valid* state (what :func:`from_query_params` returns, and what round-trips through
    the URL unchanged) has: dates in canonical form (see :func:`format_day`) with
    ``date_from <= date_to``; distinct, non-empty values in each tuple;
    ``1 <= importance <= 5``; ``lanes`` in :data:`LANES`; ``event`` and ``story`` either
    ``None`` or non-empty; ``step`` ``None`` or ``1 <= step < 10**9`` (the story step
    number exactly as in the URL: 1 for the first step); ``compare`` ``None`` or a name
    (:func:`compare_key_problem` finds nothing wrong with it); ``align`` ``None`` or two
    non-empty ids without commas, and only with ``compare``.

    ``compare`` names a second chronology to show beside the main one (its ``id:`` or its file
    name without the extension, never a path); ``align`` is ``(id in the main chronology, id in
    the compared one)``: the compared chronology is shifted so that the two events share day 0.
    The filters apply to both chronologies.
    """

    date_from: str | None = None
    date_to: str | None = None
    match: Match = "overlap"
    categories: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    importance: int = 1
    q: str = ""
    lanes: str = "category"
    event: str | None = None
    view: View = "explore"
    story: str | None = None
    step: int | None = None
    links: bool | None = None
    """Arrows between linked events: True (``links=1``), False (``links=0``), None: drawn when few."""
    chain: str | None = None
    """The event whose chain of links is shown (``chain=ID``), or None."""
    depth: int = DEFAULT_DEPTH
    direction: Direction = "both"
    win: tuple[str, str] | None = None
    """The timeline's visible window (``win=FROM..TO``, canonical days, FROM <= TO), or None: the
    whole extent. A view setting like ``lanes``: it decides which events the timeline draws one by
    one, never what passes the filters (counts, facets, exports)."""
    compare: str | None = None
    align: tuple[str, str] | None = None

    def __post_init__(self) -> None:
        # Accept lists (what widgets give) but store tuples, so the state stays hashable.
        for name in _TUPLE_FIELDS:
            value: Any = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, (value,))
            elif not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    def is_default(self) -> bool:
        """True when every field has its default value (an empty URL)."""
        return self == _DEFAULT

    def is_filtered(self) -> bool:
        """True when some filter can hide events (lanes, event, view, story, links don't)."""
        return bool(
            self.chain
            or self.date_from
            or self.date_to
            or any(getattr(self, name) for name in _TUPLE_FIELDS)
            or self.importance > 1
            or _words(self.q)
        )

    def replace(self, **changes: Any) -> FilterState:
        """A copy with some fields changed: ``state.replace(tags=("x",), event=None)``."""
        return dataclasses.replace(self, **changes)


_DEFAULT: Final = FilterState()


# --- days ---------------------------------------------------------------------------


def parse_day(s: str) -> np.datetime64:
    """Parse an ISO day (``2022-09-01``, ``-0043-03-15``) to ``datetime64[s]`` at 00:00:00.

    Years are astronomical: ``0000`` is 1 BC, ``-0043`` is 44 BC. Raises ``ValueError``
    naming the text when it is not a real day.
    """
    text = s.strip()
    if not _DAY_RE.fullmatch(text):
        raise ValueError(
            f"{s!r} is not a day: write YYYY-MM-DD, e.g. 2022-09-01, "
            "or -YYYY-MM-DD before year 1, e.g. -0043-03-15 for 15 Mar 44 BC"
        )
    try:
        return np.datetime64(text, "s")
    except ValueError as exc:
        raise ValueError(f"{s!r} is not a day: {exc}") from None


def format_day(value: np.datetime64) -> str:
    """The canonical ISO day of a datetime64: ``2022-09-01``, ``-0043-03-15``.

    Four-digit (zero-padded) years, a leading ``-`` before year 0; the time is dropped.
    """
    return day_text(*_civil(value))


def _civil(value: np.datetime64) -> tuple[int, int, int]:
    """(year, month, day) of a datetime64 (numpy's day number, the calendar of :mod:`dashboard.core.dates`)."""
    return civil_from_days(int(value.astype("datetime64[D]").astype(np.int64)))


def human_day(iso: str) -> str:
    """A day for people, as :func:`describe` writes it: ISO text for days in AD,
    ``15 Mar 44 BC`` for days before year 1 (text that is not a day comes back as is)."""
    try:
        year, month, day = _civil(parse_day(iso))
    except ValueError:
        return iso
    if year > 0:
        return iso
    return format_day_label(year, month, day)


_human_day = human_day  # the old private name, still imported by dashboard/ui/explore.py


# Plotly's date strings: "2022-09-23", "2022-09-23 14:05", "-0043-03-15 12:00:00.5" (ISO
# astronomical years, a space or T before the time; plotly.js writes years -9999..9999).
_PLOTLY_DATE_RE: Final = re.compile(
    r"(-?[0-9]{1,6})-([0-9]{1,2})(?:-([0-9]{1,2}))?"
    r"(?:[ T]([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]+))?)?)?Z?"
)


def plotly_ms(value: object) -> int | None:
    """Epoch milliseconds of an x value as Plotly reports it on a date axis, or None.

    Plotly gives numbers (epoch ms) or date strings such as ``"2022-09-23 14:05:10.5"`` and,
    before year 1, ``"-0043-03-15 12:00"`` (astronomical years: ``-0043`` is 44 BC). The
    arithmetic is the proleptic Gregorian calendar of :mod:`dashboard.core.dates`, so it works for
    any year (``pd.Timestamp`` stops at 1677 and 2262).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return int(np.floor(number)) if np.isfinite(number) else None
    if not isinstance(value, str):
        return None
    found = _PLOTLY_DATE_RE.fullmatch(value.strip())
    if found is None:
        return None
    year, month = int(found[1]), int(found[2])
    day = int(found[3]) if found[3] else 1
    hour, minute, second = (int(found[i]) if found[i] else 0 for i in (4, 5, 6))
    fraction = found[7] or "0"
    if not (1 <= month <= 12 and hour < 24 and minute < 60 and second < 60):
        return None
    days = days_from_civil(year, month, day)
    if civil_from_days(days) != (year, month, day):  # 30 February and the like
        return None
    millis = int((fraction + "000")[:3])
    return days * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis


def day_of_ms(ms: int) -> str:
    """The ISO day (as :func:`format_day` writes it) holding the epoch-ms instant ``ms``.

    Years outside :data:`dashboard.core.dates.MIN_YEAR` .. :data:`~dashboard.core.dates.MAX_YEAR`
    (-9999..9999, what plotly.js can show) are clamped to them.
    """
    year, month, day = civil_from_ms(ms)
    if year < MIN_YEAR:
        year, month, day = MIN_YEAR, 1, 1
    elif year > MAX_YEAR:
        year, month, day = MAX_YEAR, 12, 31
    return day_text(year, month, day)


def selection_days(xs: object) -> tuple[str, str] | None:
    """``(from, to)`` ISO days of a box selection's x range, as Plotly reports it, or None.

    ``xs`` is the box's ``x``: two values, each epoch ms or a Plotly date string (see
    :func:`plotly_ms`), in either order. The days are those holding the two ends, so the
    range covers the whole box; BC and any year work.
    """
    if isinstance(xs, str | bytes) or not isinstance(xs, Sequence) or len(xs) != 2:
        return None
    ends = [plotly_ms(x) for x in xs]
    if ends[0] is None or ends[1] is None:
        return None
    lo, hi = sorted((ends[0], ends[1]))
    return day_of_ms(lo), day_of_ms(hi)


def date_window(
    state: FilterState,
) -> tuple[np.datetime64 | None, np.datetime64 | None]:
    """The chosen range as ``datetime64[s]``: (from 00:00:00, to 23:59:59), None if open.

    Raises ``ValueError`` if a date in the state is not a day.
    """
    lo = parse_day(state.date_from) if state.date_from else None
    hi = parse_day(state.date_to) + _LAST_SECOND if state.date_to else None
    return lo, hi


# --- URL ----------------------------------------------------------------------------


def from_query_params(
    params: Mapping[str, str | Sequence[str]],
    *,
    ignore: Collection[str] = (),
) -> tuple[FilterState, list[str]]:
    """Read a state from URL parameters; never raises.

    ``params`` maps each key to one value or to all its values (from Streamlit pass
    ``{k: st.query_params.get_all(k) for k in st.query_params}``: ``st.query_params[k]``
    gives only the last). Returns the state and one warning per ignored or repaired
    parameter, each saying how to fix it. Keys in ``ignore`` (owned by other parts of
    the app) are skipped silently; other unknown keys get a warning. Empty values count
    as absent. Facet values are kept in order, without duplicates.
    """
    warnings: list[str] = []
    values: dict[str, list[str]] = {}
    for key, raw in params.items():
        if key in ignore:
            continue
        if key not in PARAM_KEYS:
            warnings.append(f"Ignored the unknown URL parameter “{key}” (known: {', '.join(PARAM_KEYS)}).")
            continue
        items = [raw] if isinstance(raw, str) else [str(v) for v in raw]
        values[key] = [v for v in items if v != ""]

    def single(key: str) -> str | None:
        items = values.get(key, [])
        if not items:
            return None
        if len(set(items)) > 1:
            warnings.append(f"The URL has several values for “{key}”; used the last, “{items[-1]}”.")
        return items[-1]

    fields: dict[str, Any] = {}

    days: dict[str, str] = {}
    for key, field in (("from", "date_from"), ("to", "date_to")):
        text = single(key)
        if text is None:
            continue
        try:
            day = format_day(parse_day(text))
        except ValueError:
            warnings.append(
                f"Ignored {key}={text}: not a day. Write YYYY-MM-DD, e.g. 2022-09-01, "
                "or -YYYY-MM-DD before year 1, e.g. -0043-03-15 for 15 Mar 44 BC."
            )
            continue
        days[key] = day
        fields[field] = day
    if "from" in days and "to" in days and parse_day(days["from"]) > parse_day(days["to"]):
        warnings.append(f"from={days['from']} is after to={days['to']}; swapped them.")
        fields["date_from"], fields["date_to"] = days["to"], days["from"]

    match = single("match")
    if match is not None:
        if match in MATCHES:
            fields["match"] = match
        else:
            warnings.append(f"Ignored match={match}: use “overlap” or “within”.")

    for facet, field in _FACET_FIELDS.items():
        chosen = values.get(facet, [])
        if chosen:
            fields[field] = tuple(dict.fromkeys(chosen))

    importance = single("importance")
    if importance is not None:
        number = _parse_int(importance)
        if number is not None and 1 <= number <= 5:
            fields["importance"] = number
        else:
            warnings.append(f"Ignored importance={importance}: use a whole number from 1 to 5.")

    q = single("q")
    if q is not None:
        fields["q"] = q

    lanes = single("lanes")
    if lanes is not None:
        if lanes in LANES:
            fields["lanes"] = lanes
        else:
            warnings.append(f"Ignored lanes={lanes}: use one of {', '.join(LANES)}.")

    for key in ("event", "story"):
        text = single(key)
        if text is not None:
            fields[key] = text

    view = single("view")
    if view is not None:
        if view in VIEWS:
            fields["view"] = view
        else:
            warnings.append(f"Ignored view={view}: use one of {', '.join(VIEWS)}.")

    step = single("step")
    if step is not None:
        number = _parse_int(step)
        if number is not None and number >= 1:
            fields["step"] = number
        else:
            warnings.append(f"Ignored step={step}: use a whole number, 1 for the first step.")

    _chain_params(single, fields, warnings)
    win = single("win")
    if win is not None:
        window = parse_window(win)
        if window is None:
            warnings.append(
                f"Ignored win={win}: write the timeline's window as two days FROM..TO, "
                "e.g. win=2022-02-01..2022-03-31 (before year 1: -0043-03-01..-0043-03-31)."
            )
        else:
            fields["win"] = window

    compare = single("compare")
    if compare is not None:
        problem = compare_key_problem(compare)
        if problem is None:
            fields["compare"] = compare.strip()
        else:
            warnings.append(f"Ignored compare={compare}: {problem}")

    align = single("align")
    if align is not None:
        anchors = parse_align(align)
        if anchors is None:
            warnings.append(
                f"Ignored align={align}: write the two anchor events' ids, the main chronology's first, "
                "separated by a comma, e.g. align=nsdc-decision-decree-679,tass-nsdc-late-october."
            )
        elif "compare" not in fields:
            warnings.append(f"Ignored align={align}: it aligns a compared chronology; add compare=NAME.")
        else:
            fields["align"] = anchors

    return FilterState(**fields), warnings


def parse_window(text: str) -> tuple[str, str] | None:
    """``(FROM, TO)`` canonical days of a window written ``FROM..TO`` (in either order), or None
    when it is not two days."""
    first, sep, second = text.strip().partition("..")
    if not sep:
        return None
    try:
        days = sorted((parse_day(first), parse_day(second)))
    except ValueError:
        return None
    return format_day(days[0]), format_day(days[1])


def window_ms(win: tuple[str, str]) -> tuple[int, int]:
    """Epoch ms of a window's days: from the first instant of FROM to the first instant after TO."""
    lo = int(parse_day(win[0]).astype("datetime64[ms]").astype(np.int64))
    hi = int(parse_day(win[1]).astype("datetime64[ms]").astype(np.int64)) + MS_PER_DAY
    return lo, hi


def window_of_ms(lo_ms: int, hi_ms: int) -> tuple[str, str]:
    """The days of a visible x range (epoch ms): the day holding ``lo_ms`` to the day holding the
    last instant before ``hi_ms``."""
    return day_of_ms(lo_ms), day_of_ms(max(lo_ms, hi_ms - 1))


def _chain_params(single: Any, fields: dict[str, Any], warnings: list[str]) -> None:
    """``links``, ``chain``, ``depth`` and ``dir`` of the URL into ``fields`` (warnings for bad ones)."""
    links = single("links")
    if links is not None:
        if links in ("0", "1"):
            fields["links"] = links == "1"
        else:
            warnings.append(
                f"Ignored links={links}: use links=1 to draw the links between events, links=0 to hide them."
            )
    chain = single("chain")
    if chain is not None:
        fields["chain"] = chain
    depth = single("depth")
    if depth is not None:
        number = _parse_int(depth)
        if number is not None and 1 <= number <= MAX_DEPTH:
            fields["depth"] = number
        else:
            warnings.append(
                f"Ignored depth={depth}: use a whole number of steps from 1 to {MAX_DEPTH}; used {DEFAULT_DEPTH}."
            )
    direction = single("dir")
    if direction is not None:
        if direction in DIRECTIONS:
            fields["direction"] = direction
        else:
            warnings.append(
                f"Ignored dir={direction}: use back (what led to the event), forward (what followed) or both."
            )


def compare_key_problem(key: str) -> str | None:
    """What is wrong with ``key`` as the name of a chronology to compare with, or None.

    A name is a chronology's ``id:`` or a file name without its extension: not empty, at most 200
    characters, and never a path (no ``/``, ``\\``, ``..``, no leading ``.``, no control character).
    """
    text = key.strip()
    if not text:
        return "the name is empty."
    if len(text) > 200 or any(c in text for c in "/\\") or text.startswith(".") or not text.isprintable():
        return (
            "name a chronology offered under “Compare with” by its id or its file name without "
            "“.yaml” (e.g. compare=tass-2022-11-02), not a path."
        )
    return None


def parse_align(text: str) -> tuple[str, str] | None:
    """``"ID_A,ID_B"`` -> ``(ID_A, ID_B)``; None unless it is exactly two non-empty ids."""
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]


def _parse_int(text: str) -> int | None:
    text = text.strip()
    return int(text) if _INT_RE.fullmatch(text) else None


def to_query_params(state: FilterState) -> dict[str, list[str]]:
    """The URL parameters of a state: only non-default values, keys as :data:`PARAM_KEYS`.

    Facets give one value per chosen value (a repeatable key).
    """
    out: dict[str, list[str]] = {}
    if state.date_from:
        out["from"] = [state.date_from]
    if state.date_to:
        out["to"] = [state.date_to]
    if state.match != _DEFAULT.match:
        out["match"] = [state.match]
    for facet, field in _FACET_FIELDS.items():
        chosen: tuple[str, ...] = getattr(state, field)
        if chosen:
            out[facet] = list(chosen)
    if state.importance != _DEFAULT.importance:
        out["importance"] = [str(state.importance)]
    if state.q:
        out["q"] = [state.q]
    if state.lanes != _DEFAULT.lanes:
        out["lanes"] = [state.lanes]
    if state.event:
        out["event"] = [state.event]
    if state.view != _DEFAULT.view:
        out["view"] = [state.view]
    if state.story:
        out["story"] = [state.story]
    if state.step is not None:
        out["step"] = [str(state.step)]
    if state.links is not None:
        out["links"] = ["1" if state.links else "0"]
    if state.chain:
        out["chain"] = [state.chain]
    if state.depth != _DEFAULT.depth:
        out["depth"] = [str(state.depth)]
    if state.direction != _DEFAULT.direction:
        out["dir"] = [state.direction]
    if state.win is not None:
        out["win"] = [f"{state.win[0]}..{state.win[1]}"]
    if state.compare:
        out["compare"] = [state.compare]
        if state.align is not None:
            out["align"] = [f"{state.align[0]},{state.align[1]}"]
    return out


def to_query_string(state: FilterState) -> str:
    """``to_query_params`` urlencoded (repeated keys for several values), without ``?``."""
    return urllib.parse.urlencode(to_query_params(state), doseq=True)


# --- filtering ----------------------------------------------------------------------


def apply_filters(df: pd.DataFrame, state: FilterState) -> pd.DataFrame:
    """The events of ``df`` that pass every filter of ``state``, in order, index kept.

    See the module docstring for the rules. Raises ``ValueError`` if a date in the state
    is not a day (states from :func:`from_query_params` always have valid dates).
    """
    if not state.is_filtered():
        return df.copy(deep=False)
    return df.iloc[_positions(df, state)]


def filter_mask(df: pd.DataFrame, state: FilterState) -> BoolArray:
    """Boolean numpy array, one per row of ``df``: does the event pass the filters.

    Cheaper than :func:`apply_filters` when many rows pass (no rows are copied).
    """
    mask = np.zeros(len(df), dtype=np.bool_)
    mask[_positions(df, state)] = True
    return mask


def _positions(df: pd.DataFrame, state: FilterState, *, skip: Facet | None = None) -> IntArray:
    """Row positions passing every filter except the facet ``skip``.

    Cheap whole-column tests first, then the costly ones (list facets, then text) only
    on the rows still in.
    """
    mask = _cheap_mask(df, state)
    for facet in _VALUE_FACETS:
        chosen: tuple[str, ...] = getattr(state, _FACET_FIELDS[facet])
        if chosen and facet != skip:
            mask &= _category_mask(df, facet, chosen)
    positions: IntArray = np.flatnonzero(mask)
    for facet in _LIST_FACETS:
        chosen = getattr(state, _FACET_FIELDS[facet])
        if chosen and facet != skip and positions.size:
            lists = df[FACET_COLUMNS[facet]].to_numpy()[positions]
            positions = positions[_has_any(lists, chosen)]
    return _search(df, positions, state.q)


def _cheap_mask(df: pd.DataFrame, state: FilterState) -> BoolArray:
    """Dates and importance, on every row (a few milliseconds for a million rows)."""
    mask = np.ones(len(df), dtype=np.bool_)
    lo, hi = date_window(state)
    if lo is not None or hi is not None:
        mask &= _date_mask(df, lo, hi, state.match)
    if state.importance > 1:
        mask &= df["importance"].to_numpy() >= state.importance
    if state.chain:
        mask &= chain_mask(df, state)
    return mask


def link_edges(df: pd.DataFrame) -> list[tuple[str, str, str]]:
    """Every link of the frame's events as ``(source id, target id, type)``."""
    if "links" not in df.columns or not len(df):
        return []
    lengths, flat = _flatten(df["links"].to_numpy())
    if not flat.size:
        return []
    sources = np.repeat(df["id"].to_numpy(dtype=object), lengths)
    edges: list[tuple[str, str, str]] = []
    for src, code in zip(sources.tolist(), flat.tolist(), strict=True):
        parts = decode_link(str(code))
        if parts is not None:
            edges.append((str(src), parts[1], parts[0]))
    return edges


def chain_ids(df: pd.DataFrame, state: FilterState) -> set[str]:
    """The ids of the chain of ``state`` (empty without one): :func:`dashboard.core.links.reachable`
    over every link of ``df``."""
    if not state.chain:
        return set()
    return reachable(link_edges(df), state.chain, depth=state.depth, direction=state.direction)


def chain_mask(df: pd.DataFrame, state: FilterState) -> BoolArray:
    """For each row of ``df``: is the event in the chain of ``state`` (all True without one)."""
    if not state.chain:
        return np.ones(len(df), dtype=np.bool_)
    return df["id"].isin(chain_ids(df, state)).to_numpy(dtype=np.bool_)


def _category_mask(df: pd.DataFrame, facet: Facet, chosen: tuple[str, ...]) -> BoolArray:
    return df[FACET_COLUMNS[facet]].isin(chosen).to_numpy(dtype=np.bool_)


def _date_mask(
    df: pd.DataFrame,
    lo: np.datetime64 | None,
    hi: np.datetime64 | None,
    match: Match,
) -> BoolArray:
    earliest = df["earliest"].to_numpy()
    latest = df["latest"].to_numpy()
    n = len(df)
    open_start = _bool_column(df, "open_start", n)
    open_end = _bool_column(df, "open_end", n)
    mask = np.ones(n, dtype=np.bool_)
    if match == "within":
        if lo is not None:
            mask &= (earliest >= lo) & ~open_start
        if hi is not None:
            mask &= (latest <= hi) & ~open_end
    else:
        if lo is not None:
            mask &= (latest >= lo) | open_end
        if hi is not None:
            mask &= (earliest <= hi) | open_start
    return mask


def _bool_column(df: pd.DataFrame, column: str, n: int) -> BoolArray:
    if column not in df.columns:
        return np.zeros(n, dtype=np.bool_)
    return df[column].to_numpy(dtype=np.bool_)


def _words(q: str) -> list[str]:
    """The distinct words of a search, longest (usually rarest, so narrowing most) first."""
    return sorted(dict.fromkeys(q.split()), key=len, reverse=True)


def _search(df: pd.DataFrame, positions: IntArray, q: str) -> IntArray:
    """The positions whose title, summary or notes hold every word of ``q``.

    Each word narrows the rows for the next; within a word, a column is searched only
    in the rows the columns before it did not match.
    """
    columns = [df[c] for c in _TEXT_COLUMNS if c in df.columns]
    for word in _words(q):
        found = np.zeros(positions.size, dtype=np.bool_)
        for column in columns:
            todo = np.flatnonzero(~found)
            if not todo.size:
                break
            rows = positions[todo]
            text = column if rows.size == len(column) else column.iloc[rows]
            hit = text.str.contains(word, case=False, regex=False, na=False)
            found[todo[hit.to_numpy(dtype=np.bool_)]] = True
        positions = positions[found]
    return positions


def _has_any(lists: ObjArray, chosen: Collection[str]) -> BoolArray:
    """For each list in ``lists``: does it hold any of ``chosen``.

    ``map(frozenset.isdisjoint, ...)`` runs in C with no Python code per row; on a
    million rows it measured about twice as fast as ``explode`` + ``isin`` + index.
    """
    disjoint = frozenset(chosen).isdisjoint
    try:
        return ~np.fromiter(map(disjoint, lists), np.bool_, len(lists))
    except TypeError:  # some cell is not a list
        return ~np.fromiter(map(disjoint, _as_lists(lists)), np.bool_, len(lists))


def _as_lists(values: ObjArray) -> list[Sequence[Any]]:
    """Every cell as a list: a missing one (None, NaN) empty, a bare string one item.

    The slow path, taken only when the fast one meets a cell that is not a list.
    """

    def one(value: Any) -> Sequence[Any]:
        if isinstance(value, str):
            return (value,)
        if isinstance(value, list | tuple | np.ndarray | set | frozenset):
            return list(value)
        return ()

    return [one(v) for v in values]


def _lengths(values: ObjArray) -> tuple[npt.NDArray[np.int64], ObjArray | list[Sequence[Any]]]:
    """The length of each list cell, and the cells (normalised if some were not lists)."""
    try:
        return np.fromiter(map(len, values), np.int64, len(values)), values
    except TypeError:
        cells = _as_lists(values)
        return np.fromiter(map(len, cells), np.int64, len(cells)), cells


def _flatten(values: ObjArray) -> tuple[npt.NDArray[np.int64], ObjArray]:
    """Lengths of each list and all their items in one array (no Python code per row)."""
    lengths, cells = _lengths(values)
    flat = np.fromiter(itertools.chain.from_iterable(cells), dtype=object, count=int(lengths.sum()))
    return lengths, flat


# --- facets -------------------------------------------------------------------------


def _facet(name: str) -> Facet:
    """The facet called ``name`` (URL key, FilterState field or column); ``ValueError`` if none."""
    return cast("Facet", _facets.facet(name).name)


def facet_counts(df: pd.DataFrame, column: str) -> list[tuple[str, int]]:
    """``(value, number of events having it)`` for one column of ``df``.

    ``column`` is a frame column (``actors``, ``publishers``, ``precision``...) or a
    facet name (``actor``, ``source``...). Categorical columns list every category in
    the declared order, zeros included, so options and colours stay put. Other columns
    are sorted by count, most first, then by value, and list only values present. In
    list columns an event counts once per value however often it lists it.
    """
    if column not in df.columns:
        column = FACET_COLUMNS[_facet(column)]
    return _series_counts(df[column])


def _series_counts(series: pd.Series[Any]) -> list[tuple[str, int]]:
    if isinstance(series.dtype, pd.CategoricalDtype):
        counts = series.value_counts(sort=False, dropna=True)
        return [(str(k), int(v)) for k, v in counts.items()]
    if series.dtype == object:
        pairs = _list_counts(series.to_numpy())
    else:
        counts = series.value_counts(dropna=True)
        pairs = [(str(k), int(v)) for k, v in counts.items()]
    return sorted(pairs, key=lambda kv: (-kv[1], kv[0]))


def _list_counts(values: ObjArray) -> list[tuple[str, int]]:
    """Number of rows holding each value (a value listed twice in a row counts once)."""
    lengths, flat = _flatten(values)
    if not flat.size:
        return []
    codes, uniques = pd.factorize(flat)
    rows = np.repeat(np.arange(len(values), dtype=np.int64), lengths)
    # (row, value) keys come out grouped by row, so this sort is nearly free; equal
    # neighbours are a value listed twice in one row
    keys = np.sort(rows * len(uniques) + codes, kind="stable")
    first = np.ones(keys.size, dtype=np.bool_)
    first[1:] = keys[1:] != keys[:-1]
    counts = np.bincount(keys[first] % len(uniques), minlength=len(uniques))
    return [(str(v), int(c)) for v, c in zip(uniques, counts, strict=True)]


def facet_counts_excluding(df_all: pd.DataFrame, state: FilterState, facet: str) -> list[tuple[str, int]]:
    """Counts for one facet with every OTHER filter of ``state`` applied (the sidebar).

    So choosing a value does not make the facet's other options vanish. Values chosen
    in ``state`` are always listed, with 0 if no event has them. ``facet`` is a facet
    name (``category``, ``actor``, ``place``, ``tag``, ``source``, ``status``) or its
    column or field name.
    """
    name = _facet(facet)
    positions = _positions(df_all, state, skip=name)
    return _counts_for(df_all, state, name, positions)


def _counts_for(df: pd.DataFrame, state: FilterState, facet: Facet, positions: IntArray) -> list[tuple[str, int]]:
    series = df[FACET_COLUMNS[facet]]
    counts = _series_counts(series if positions.size == len(series) else series.iloc[positions])
    present = {value for value, _ in counts}
    chosen: tuple[str, ...] = getattr(state, _FACET_FIELDS[facet])
    return counts + [(value, 0) for value in chosen if value not in present]


def facet_counts_all(df_all: pd.DataFrame, state: FilterState) -> dict[Facet, list[tuple[str, int]]]:
    """:func:`facet_counts_excluding` for every facet in :data:`FACETS`, in one pass.

    Each filter is evaluated once (the text search too), on the rows that pass the
    dates and importance, then combined six ways.
    """
    base = _cheap_mask(df_all, state)
    base_positions: IntArray = np.flatnonzero(base)
    if _words(state.q):
        base = np.zeros(len(df_all), dtype=np.bool_)
        base[_search(df_all, base_positions, state.q)] = True
        base_positions = np.flatnonzero(base)
    masks: dict[Facet, BoolArray] = {}
    for facet in FACETS:
        chosen: tuple[str, ...] = getattr(state, _FACET_FIELDS[facet])
        if not chosen:
            continue
        if facet in _LIST_FACETS:
            mask = np.zeros(len(df_all), dtype=np.bool_)
            lists = df_all[FACET_COLUMNS[facet]].to_numpy()[base_positions]
            mask[base_positions[_has_any(lists, chosen)]] = True
            masks[facet] = mask
        else:
            masks[facet] = _category_mask(df_all, facet, chosen)
    result: dict[Facet, list[tuple[str, int]]] = {}
    for facet in FACETS:
        mask = base.copy()
        for other, other_mask in masks.items():
            if other != facet:
                mask &= other_mask
        result[facet] = _counts_for(df_all, state, facet, np.flatnonzero(mask))
    return result


def check_against(state: FilterState, df: pd.DataFrame, *, event: bool = True) -> list[str]:
    """Warnings for chosen values that no event in ``df`` has, and an unknown event id.

    The URL parser cannot know the data; the UI calls this once the chronology is
    loaded, and shows the warnings next to those of :func:`from_query_params`. With
    ``event=False`` the selected event id is not checked (for a caller that handles it).
    """
    warnings: list[str] = []
    for facet in FACETS:
        chosen: tuple[str, ...] = getattr(state, _FACET_FIELDS[facet])
        if not chosen:
            continue
        known = {value for value, count in facet_counts(df, facet) if count}
        missing = [value for value in chosen if value not in known]
        if missing:
            names = ", ".join(f"“{value}”" for value in missing)
            warnings.append(f"No event has {facet} {names}.")
    if event and state.event is not None and "id" in df.columns and not (df["id"] == state.event).any():
        warnings.append(f"No event has the id “{state.event}”.")
    if state.chain is not None and "id" in df.columns and not (df["id"] == state.chain).any():
        warnings.append(f"No event has the id “{state.chain}” (chain={state.chain}): no links to follow.")
    return warnings


# --- lanes --------------------------------------------------------------------------


def lane_values(df: pd.DataFrame, lanes: str) -> pd.Series[Any]:
    """The lane label of each event (same index as ``df``) as a categorical Series.

    ``lanes`` is one of :data:`LANES`. For ``category`` and ``status`` the categories
    are the column's own, in declared order (unused ones kept, so colours stay stable).
    For list lanes the label is the event's first value, or the facet's
    :attr:`~dashboard.core.facets.Facet.none_label` (``(no actor)``, as the timeline's lanes);
    the categories are ordered by number of events, then name, with the none label last.
    (One label per event: the timeline itself draws an event in the lane of each of its
    values, see :func:`dashboard.render.figures.timeline_figure`.)
    """
    if lanes not in LANES:
        raise ValueError(f"unknown lanes {lanes!r}: use one of {', '.join(LANES)}")
    facet = _facets.FACET_BY_NAME[lanes]
    none_label = facet.none_label
    series = df[facet.column]
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.rename(lanes)
    lengths, cells = _lengths(series.to_numpy())
    has = lengths > 0
    firsts = np.fromiter(
        map(operator.itemgetter(0), itertools.compress(cells, has)), dtype=object, count=int(has.sum())
    )
    first_codes, uniques = pd.factorize(firsts)
    names = [str(v) for v in uniques]
    counts = np.bincount(first_codes, minlength=len(names))
    order = sorted(range(len(names)), key=lambda i: (names[i] == none_label, -counts[i], names[i]))
    categories = [names[i] for i in order]
    rank = np.empty(len(names), dtype=np.int64)
    rank[order] = np.arange(len(names))
    codes = np.empty(len(cells), dtype=np.int64)
    codes[has] = rank[first_codes]
    if not has.all():
        if none_label not in categories:
            categories.append(none_label)
        codes[~has] = categories.index(none_label)
    return pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(categories)), index=df.index, name=lanes)


# --- the sentence -------------------------------------------------------------------


def describe(
    state: FilterState,
    shown: int,
    total: int,
    *,
    category_labels: Mapping[str, str] | None = None,
    chain_title: str | None = None,
) -> str:
    """A readable sentence of what is shown.

    ``"12 of 31 events: treaty, referendum; 2022-09-01 to 2022-10-31"``, or
    ``"All 31 events"`` when nothing filters. Days before year 1 read ``15 Mar 44 BC``.
    With a chain: ``"7 events linked to “Title”: 2 steps back and forward"`` (``chain_title``
    is the title of the chain's event; its id when not given), then the other filters.
    """
    noun = "event" if total == 1 else "events"
    if not state.is_filtered():
        if total == 0:
            return "No events"
        return f"All {total} {noun}" if total > 1 else "1 event"
    labels = category_labels or {}
    parts: list[str] = []
    category = _facets.FACET_BY_NAME["category"]
    if state.categories:  # first, by their labels, then the dates, then the other facets
        parts.append(category.phrase.format(_join([labels.get(c, c) for c in state.categories], ",")))
    if state.date_from or state.date_to:
        parts.append(_describe_dates(state))
    for facet in _facets.FACETS:
        chosen: tuple[str, ...] = getattr(state, facet.field)
        if chosen and facet is not category:
            parts.append(facet.phrase.format(_join(list(chosen), " or")))
    if state.importance > 1:
        parts.append("importance 5" if state.importance >= 5 else f"importance {state.importance} or more")
    if _words(state.q):
        parts.append(f"matching “{' '.join(state.q.split())}”")
    if state.chain:
        head = f"{shown} event{'s' if shown != 1 else ''} linked to “{chain_title or state.chain}”"
        return f"{head}: " + "; ".join([chain_phrase(state.depth, state.direction), *parts])
    return f"{shown} of {total} {noun}: " + "; ".join(parts)


def _describe_dates(state: FilterState) -> str:
    lo = human_day(state.date_from) if state.date_from else None
    hi = human_day(state.date_to) if state.date_to else None
    if state.match == "within":
        if lo and hi:
            return f"certainly within {lo} to {hi}"
        if lo:
            return f"certainly on or after {lo}"
        return f"certainly on or before {hi}"
    if lo and hi:
        return f"{lo} to {hi}"
    if lo:
        return f"from {lo} on"
    return f"up to {hi}"


def _join(values: list[str], conjunction: str, *, limit: int = 4) -> str:
    """``a, b, c`` (conjunction ",") or ``a, b or c`` (" or"), with ``and N more``."""
    if len(values) > limit:
        head = ", ".join(values[:limit])
        more = "and" if conjunction == "," else conjunction.strip()
        return f"{head} {more} {len(values) - limit} more"
    if conjunction == "," or len(values) == 1:
        return ", ".join(values)
    return ", ".join(values[:-1]) + f"{conjunction} {values[-1]}"


def from_query_string(text: str) -> tuple[FilterState, list[str]]:
    """The filter state of a URL query string (``a=1&b=2``, a leading ``?`` allowed) and its
    warnings: :func:`from_query_params` of the parsed string (the command line's ``--filters``)."""
    params: dict[str, list[str]] = {}
    for key, value in urllib.parse.parse_qsl(text.lstrip("?"), keep_blank_values=True):
        params.setdefault(key, []).append(value)
    return from_query_params(params)
