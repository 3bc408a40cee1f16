"""Typed links between events (issue 16): what they mean, how they are followed, their checks.

An event may write ``links: [{to: ID, type: TYPE, note: Markdown, sources: [...]}]``. The types:

``causes``
    this event caused (or led directly to) ``to``.
``responds-to``
    this event is a response to ``to``.
``part-of``
    this event is a part (a step, a stage) of ``to``.
``contradicts``
    this event's account contradicts the account of ``to`` (no direction).
``same-as``
    this event and ``to`` are the same happening, written twice (no direction).

**Following a chain** (``chain=ID&depth=N&dir=back|forward|both``). Every directed link is read as
an *antecedent* and a *consequent*: ``A causes B`` has A before B; ``A responds-to B`` and
``A part-of B`` have B before A (what A responds to, the whole A belongs to). ``back`` walks from
an event to its antecedents (what led to it), ``forward`` to its consequents (what followed from
it), at most ``depth`` links away; ``both`` is the union of the two walks (it never goes back and
then forward: the other effects of a cause are not linked to an effect). ``contradicts`` and
``same-as`` have no direction: they are followed, either way and counting one step, only with
``both``. Reachability is over every event of the chronology; the other filters then narrow what
is shown.

Pure Python (no pandas): the loader checks links with :func:`cycles`, the frame path follows them
with :func:`reachable`, the store path walks its ``links`` table with the same rules
(:func:`step_rules`).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, TypeAlias, cast

from .models import ID_PATTERN

__all__ = [
    "CYCLE_TYPES",
    "DEFAULT_DEPTH",
    "DIRECTED_TYPES",
    "DIRECTIONS",
    "LINK_TYPES",
    "MAX_DEPTH",
    "SYMMETRIC_TYPES",
    "Direction",
    "Link",
    "LinkType",
    "cell_links",
    "chain_phrase",
    "cycle_links",
    "cycles",
    "decode_link",
    "encode_link",
    "guess_type",
    "link_cycle_problem",
    "links_from_columns",
    "missing_link_problem",
    "notes_text",
    "reachable",
    "self_link_problem",
    "step_rules",
]

LinkType: TypeAlias = Literal["causes", "responds-to", "part-of", "contradicts", "same-as"]
Direction: TypeAlias = Literal["back", "forward", "both"]

LINK_TYPES: Final[tuple[LinkType, ...]] = ("causes", "responds-to", "part-of", "contradicts", "same-as")
SYMMETRIC_TYPES: Final[frozenset[str]] = frozenset({"contradicts", "same-as"})
DIRECTED_TYPES: Final[tuple[str, ...]] = tuple(t for t in LINK_TYPES if t not in SYMMETRIC_TYPES)
CYCLE_TYPES: Final[tuple[str, ...]] = ("causes", "part-of")
"""Types whose links may not form a cycle (checked by the loader)."""
# the types whose written direction runs from the consequent to the antecedent
_REVERSED: Final[frozenset[str]] = frozenset({"responds-to", "part-of"})
DIRECTIONS: Final[tuple[Direction, ...]] = ("back", "forward", "both")
_ID_RE: Final = re.compile(ID_PATTERN)
DEFAULT_DEPTH: Final = 2
MAX_DEPTH: Final = 10
"""The deepest chain followed (``depth=1..10``): every step is one query on a store."""

LABELS: Final[Mapping[str, tuple[str, str]]] = {
    "causes": ("causes", "caused by"),
    "responds-to": ("responds to", "responded to by"),
    "part-of": ("part of", "has part"),
    "contradicts": ("contradicts", "contradicted by"),
    "same-as": ("same as", "same as"),
}
"""Each type as read from the event that writes it (outgoing) and from its target (incoming)."""


@dataclass(frozen=True, slots=True)
class Link:
    """A checked link of an event to the event ``to``; ``sources`` are registry source ids."""

    to: str
    type: str
    note: str = ""
    sources: tuple[str, ...] = field(default_factory=tuple)


def encode_link(link_type: str, to: str) -> str:
    """The link as one text, ``type:id`` (the frame's and the store's ``links`` items, a CSV item)."""
    return f"{link_type}:{to}"


def decode_link(text: str) -> tuple[str, str] | None:
    """``(type, id)`` of ``type:id`` (spaces around either part ignored), or None without a ``:``."""
    kind, sep, to = text.partition(":")
    if not sep:
        return None
    return kind.strip(), to.strip()


def guess_type(written: str) -> str | None:
    """The link type closest to a misspelt one (``cause`` -> ``causes``), or None."""
    close = difflib.get_close_matches(written.strip().lower(), LINK_TYPES, n=1, cutoff=0.5)
    return close[0] if close else None


def notes_text(links: Sequence[Link]) -> str | None:
    """The notes and sources of ``links`` as one JSON text (the frame's ``link_notes`` extra), or
    None when no link has either."""
    if not any(link.note or link.sources for link in links):
        return None
    return json.dumps([[link.note, list(link.sources)] for link in links], ensure_ascii=False)


def links_from_columns(codes: Iterable[str], notes: str | None) -> list[Link]:
    """The links of an event from its ``links`` items (``type:id``) and ``link_notes`` text."""
    extra: list[object] = []
    if notes:
        try:
            loaded = json.loads(notes)
        except ValueError:
            loaded = []
        extra = loaded if isinstance(loaded, list) else []
    out: list[Link] = []
    for k, code in enumerate(codes):
        parts = decode_link(str(code))
        if parts is None:
            continue
        note = ""
        sources: tuple[str, ...] = ()
        item = extra[k] if k < len(extra) else None
        if isinstance(item, list) and len(item) == 2:
            note = str(item[0] or "")
            sources = tuple(str(s) for s in item[1]) if isinstance(item[1], list) else ()
        out.append(Link(parts[1], parts[0], note, sources))
    return out


def step_rules(direction: str) -> list[tuple[frozenset[str], bool]]:
    """How one step of a walk in ``direction`` goes, as ``(types, along)`` rules: from an event,
    follow its links of ``types`` from source to target (``along``) or from target to source.

    ``back`` from X: X's ``responds-to`` and ``part-of`` targets, and the sources of links that
    ``cause`` X. ``forward``: the reverse. ``both`` walks back and forward separately (see
    :func:`reachable`), each also following ``contradicts`` and ``same-as`` either way.
    """
    if direction == "back":
        return [(_REVERSED, True), (frozenset({"causes"}), False)]
    if direction == "forward":
        return [(frozenset({"causes"}), True), (_REVERSED, False)]
    raise ValueError(f"unknown direction {direction!r}: use back or forward")


def reachable(
    edges: Iterable[tuple[str, str, str]], start: str, *, depth: int = DEFAULT_DEPTH, direction: str = "both"
) -> set[str]:
    """``start`` and every event reachable from it in at most ``depth`` steps (see the module).

    ``edges`` are ``(source, target, type)``: each written link.
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}: use one of {', '.join(DIRECTIONS)}")
    out_of: dict[tuple[str, str], list[str]] = {}
    into: dict[tuple[str, str], list[str]] = {}
    for src, dst, kind in edges:
        out_of.setdefault((src, kind), []).append(dst)
        into.setdefault((dst, kind), []).append(src)
    walks = ["back", "forward"] if direction == "both" else [direction]
    found = {start}
    for walk in walks:
        rules = step_rules(walk)
        if direction == "both":
            rules = [*rules, (SYMMETRIC_TYPES, True), (SYMMETRIC_TYPES, False)]
        seen = {start}
        frontier = [start]
        for _ in range(max(0, depth)):
            nxt: list[str] = []
            for node in frontier:
                for types, along in rules:
                    table = out_of if along else into
                    for kind in types:
                        for other in table.get((node, kind), ()):
                            if other not in seen:
                                seen.add(other)
                                nxt.append(other)
            if not nxt:
                break
            frontier = nxt
        found |= seen
    return found


def cycles(
    edges: Sequence[tuple[str, str, object]], *, first_seen: Mapping[str, int] | None = None
) -> list[tuple[list[str], object]]:
    """The cycles of a directed graph, one by one: each as ``(events of the cycle, in link order,
    the key of the link that closes it)``; that link is removed before the next is looked for, so
    what remains is acyclic. ``edges`` are ``(source, target, key)`` in the order written; the link
    removed from a cycle is its last written.

    ``first_seen`` (for :func:`cycle_links`, whose ``edges`` leave out links that lead to no cycle,
    keyed by their place among every link written): for an event, the place of a left-out link it
    writes, so that the search starts from the events in the order of their first written link,
    as it does over every link."""
    remaining = list(edges)
    found: list[tuple[list[str], object]] = []
    while True:
        cycle = _one_cycle(remaining, first_seen)
        if cycle is None:
            return found
        path, index = cycle
        found.append((path, remaining[index][2]))
        del remaining[index]


def _one_cycle(
    edges: Sequence[tuple[str, str, object]], first_seen: Mapping[str, int] | None = None
) -> tuple[list[str], int] | None:
    """A cycle (its events, and the index in ``edges`` of its last written link), or None."""
    adjacency: dict[str, list[tuple[str, int]]] = {}
    for i, (src, dst, _key) in enumerate(edges):
        adjacency.setdefault(src, []).append((dst, i))
    roots: Iterable[str] = adjacency
    if first_seen is not None:  # the order of each event's first link, the left-out ones included
        firsts = {src: cast(int, edges[nexts[0][1]][2]) for src, nexts in adjacency.items()}
        roots = sorted(adjacency, key=lambda n: min(first_seen.get(n, firsts[n]), firsts[n]))
    state: dict[str, int] = {}  # 1: on the path, 2: done
    for root in roots:
        if state.get(root):
            continue
        path: list[tuple[str, int]] = []  # (event, index of the link that led to it)
        stack: list[tuple[str, int, int]] = [(root, -1, 0)]
        while stack:
            node, via, k = stack.pop()
            if k == 0:
                state[node] = 1
                path.append((node, via))
            nexts = adjacency.get(node, [])
            if k < len(nexts):
                stack.append((node, via, k + 1))
                dst, i = nexts[k]
                if state.get(dst) == 1:
                    start = next(j for j, (n, _v) in enumerate(path) if n == dst)
                    members = [n for n, _v in path[start:]]
                    links = [v for _n, v in path[start + 1 :]] + [i]
                    return members, max(links)
                if not state.get(dst):
                    stack.append((dst, i, 0))
            else:
                state[node] = 2
                path.pop()
    return None


def cycle_links(src: Any, dst: Any, names: Sequence[str]) -> list[tuple[list[str], int]]:
    """:func:`cycles` over many links at once, with the same answer: ``src`` and ``dst`` are integer
    arrays (numpy) of event codes, one pair per link in the order written, ``names`` the id of each
    code. Returns each cycle's events and the place (in ``src``) of the link that closes it.

    Only links that lead to a cycle can be on one: the events that reach none (sinks, then what
    leads only to them) are peeled off with whole-array steps first, so the search in Python sees
    the few links around cycles, not every link (ten million events link to few others)."""
    import numpy as np

    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    if not len(src):
        return []
    size = int(max(src.max(), dst.max())) + 1
    alive = np.ones(len(src), dtype=np.bool_)
    for _ in range(64):  # peel events with no link out (left): each step whole arrays
        writes = np.bincount(src[alive], minlength=size) > 0
        keep = alive & writes[dst]
        if int(keep.sum()) == int(alive.sum()):
            break
        alive = keep
    else:  # a long path of links: finish the peeling one event at a time
        alive = _peel(src, dst, alive, size)
    kept = np.flatnonzero(alive)
    if not len(kept):
        return []
    on_path = np.zeros(size, dtype=np.bool_)
    on_path[src[kept]] = True
    left = np.flatnonzero(~alive)
    left = left[on_path[src[left]]]  # the links left out of events that lead to a cycle (their order)
    first_seen: dict[str, int] = {}
    if len(left):
        codes, first = np.unique(src[left], return_index=True)
        first_seen = {names[c]: int(left[f]) for c, f in zip(codes.tolist(), first.tolist(), strict=True)}
    edges = [
        (names[a], names[b], int(i))
        for a, b, i in zip(src[kept].tolist(), dst[kept].tolist(), kept.tolist(), strict=True)
    ]
    return [(members, cast(int, key)) for members, key in cycles(edges, first_seen=first_seen)]


def _peel(src: Any, dst: Any, alive: Any, size: int) -> Any:
    """``alive`` without the links into events that reach no cycle (a work list, linear)."""
    import numpy as np

    alive = alive.copy()
    writes = np.bincount(src[alive], minlength=size)
    into: dict[int, list[int]] = {}
    for i in np.flatnonzero(alive).tolist():
        into.setdefault(int(dst[i]), []).append(i)
    work = [int(n) for n in np.flatnonzero(writes == 0).tolist()]
    while work:
        node = work.pop()
        for i in into.get(node, ()):
            if alive[i]:
                alive[i] = False
                s = int(src[i])
                writes[s] -= 1
                if writes[s] == 0:
                    work.append(s)
    return alive


def cell_links(items: Sequence[tuple[str, str | None]], own_id: str | None) -> list[tuple[str, str, int]]:
    """The links of a CSV ``links`` cell (:func:`dashboard.core.cells.split_links`) that the
    loader keeps, checking each on its own: ``(type, id, place)``, ``place`` 1-based among the
    written items (``links[2]``). Left out, as the loader leaves them out (and reports them): an
    item without a type, an unknown type, a target that is not an id, a link to ``own_id``, a
    second link of a type to the same event. A missing target or a cycle needs the other rows."""
    out: list[tuple[str, str, int]] = []
    seen: set[tuple[str, str]] = set()
    for k, (kind, to) in enumerate(items, start=1):
        if to is None or kind not in LINK_TYPES or not _ID_RE.fullmatch(to) or to == own_id or (kind, to) in seen:
            continue
        seen.add((kind, to))
        out.append((kind, to, k))
    return out


def missing_link_problem(k: int, ref: str, *, skipped: bool, guess: str | None) -> tuple[str, str]:
    """The message and hint of ``links[k]`` whose target ``ref`` is no event (``skipped``: a row
    or event of that id was left out for its own problems; ``guess``: a close id)."""
    what = f"'links[{k}]': linked event '{ref}'"
    if skipped:
        return (
            f"{what} was skipped because of its own problems",
            f"fix the problems of event '{ref}' (listed with it); the link is left out until then",
        )
    did = f" (did you mean '{guess}'?)" if guess else ""
    return (
        f"{what} does not exist{did}",
        "use the id of an event in this chronology; the link is left out until then",
    )


def self_link_problem(k: int, eid: str) -> tuple[str, str]:
    """The message and hint of ``links[k]`` of event ``eid`` that links to ``eid`` itself."""
    return f"'links[{k}]': event '{eid}' links to itself", "link to another event's id, or remove this link"


def link_cycle_problem(kind: str, src: str, dst: str, members: Sequence[str]) -> tuple[str, str]:
    """The message and hint of the ``kind`` link from ``src`` to ``dst`` that closes the cycle of
    ``members`` (each event of the cycle, named in link order)."""
    loop = " -> ".join([*members, members[0]])
    return (
        f"'{kind}' link from '{src}' to '{dst}' closes a cycle: {loop}",
        f"a chain of '{kind}' links cannot lead back to where it starts: "
        "remove or reverse one of these links (this one is left out until then)",
    )


def chain_phrase(depth: int, direction: str) -> str:
    """``2 steps back and forward``, ``1 step back``, ``3 steps forward``."""
    steps = f"{depth} step{'s' if depth != 1 else ''}"
    where = {"back": "back", "forward": "forward", "both": "back and forward"}.get(direction, direction)
    return f"{steps} {where}"
