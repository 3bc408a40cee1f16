"""Comparing two chronologies: which events match, and what changed between them (issue 17).

Pure Python, no Streamlit. The rules are those of ``docs/format.md`` (*Comparing two
chronologies*):

* Two events, one in each chronology, **match** when they have the same id, or when one lists
  the other in its ``same_as`` (either direction). An event matches at most one event of the
  other chronology. The ``same_as`` links are taken first (those of A in the order written, then
  those of B), then the matches by id; a link that would match an event a second time is a
  :class:`~dashboard.core.problems.Problem` at the ``same_as`` item concerned, and is left out.
  A ``same_as`` id that no event of the other chronology has is a problem at that item too.
  Nothing here raises for such data.
* For each matched pair the fields in :data:`FIELDS` are compared: ``date`` (the normalised EDTF:
  *re-dated*), ``title`` and ``summary`` (*re-worded*), ``category`` (*re-categorised*),
  ``status`` (*status changed*), ``sources`` (*sources changed*: compared by their links, or by
  publisher and title without a link; order does not count).

The chronologies may come from the loader, the persistent cache (:mod:`dashboard.io.cache` keeps
``id``, ``same_as`` and where each is written) or an import; a bulk table's problems point at the
event's row rather than at the ``same_as`` cell.
"""

from __future__ import annotations

import csv
import dataclasses
import difflib
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, TypeAlias

from .cells import protect_cell
from .loader import Category, Chronology, Event, Source, event_sort_key
from .problems import Problem
from .stories import StepView, StoryView

__all__ = [
    "COLUMNS",
    "DIFFERENCES_STORY",
    "FIELDS",
    "KIND_LABELS",
    "Change",
    "Diff",
    "DiffRow",
    "Differences",
    "Pair",
    "anchor_offset",
    "change_lines",
    "chronology_key",
    "compare",
    "diff_rows",
    "differences_story",
    "field_changes",
    "match",
    "only_shown",
    "rows_csv",
    "source_key",
]

Field: TypeAlias = Literal["date", "title", "summary", "category", "status", "sources"]
FIELDS: Final[tuple[Field, ...]] = ("date", "title", "summary", "category", "status", "sources")
"""The fields compared, in the order they are reported."""
KIND_LABELS: Final[Mapping[Field, str]] = {
    "date": "re-dated",
    "title": "re-worded",
    "summary": "re-worded",
    "category": "re-categorised",
    "status": "status changed",
    "sources": "sources changed",
}
"""The kind of change each field's difference makes, as the table and the text output name it."""


@dataclass(frozen=True, slots=True)
class Pair:
    """Two matched events: ``a`` in the first chronology, ``b`` in the second; ``how`` they match."""

    a: str
    b: str
    how: Literal["id", "same_as"]


@dataclass(frozen=True, slots=True)
class Change:
    """A matched pair that differs: ``fields`` maps each differing field to ``(in A, in B)``."""

    a: str
    b: str
    fields: dict[str, tuple[Any, Any]]

    @property
    def kinds(self) -> list[str]:
        """The kinds of change, in :data:`FIELDS` order, without repeats (``["re-dated", "re-worded"]``)."""
        return list(dict.fromkeys(KIND_LABELS[f] for f in FIELDS if f in self.fields))

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "fields": {k: [_plain(v[0]), _plain(v[1])] for k, v in self.fields.items()}}


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed from chronology A to chronology B.

    ``only_in_a`` and ``only_in_b`` are event ids in time order; ``changed`` the matched pairs
    that differ and ``same`` those that do not, in A's time order; ``pairs`` every match;
    ``problems`` the conflicts found while matching.
    """

    only_in_a: list[str] = field(default_factory=list)
    only_in_b: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    same: list[Pair] = field(default_factory=list)
    pairs: list[Pair] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """``{"only_in_a": [...], "only_in_b": [...], "changed": [{"a", "b", "fields"}], "same": N}``."""
        return {
            "only_in_a": list(self.only_in_a),
            "only_in_b": list(self.only_in_b),
            "changed": [c.to_json() for c in self.changed],
            "same": len(self.same),
        }


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def chronology_key(chron: Chronology, fallback: str = "") -> str:
    """What names a chronology for comparing: its ``id:``, else its (first) file's name without the
    extension, else ``fallback``."""
    if chron.id:
        return chron.id
    if chron.files:
        return Path(chron.files[0]).stem or fallback
    return fallback


def _name(chron: Chronology, side: str) -> str:
    key = chronology_key(chron)
    return f"{side} ({key})" if key else side


def _written_order(chron: Chronology) -> list[Event]:
    """The events in the order written: file after file, then line."""
    files = {name: i for i, name in enumerate(chron.files)}
    return sorted(chron.events, key=lambda ev: (files.get(ev.file, len(files)), ev.line, ev.id))


@dataclass(slots=True)
class _Link:
    a: str
    b: str
    how: Literal["id", "same_as"]
    file: str = ""
    line: int = 0
    column: int = 0
    side: str = ""  # "A" or "B": whose same_as wrote it

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def match(a: Chronology, b: Chronology) -> tuple[list[Pair], list[Problem]]:
    """The matched pairs of ``a`` and ``b`` (in A's time order) and the conflicts found (see the
    module docstring). Never raises."""
    a_ids = {ev.id for ev in a.events}
    b_ids = {ev.id for ev in b.events}
    problems: list[Problem] = []
    links: list[_Link] = []
    for chron, side, other_ids, other in ((a, "A", b_ids, b), (b, "B", a_ids, a)):
        for ev in _written_order(chron):
            for target in ev.same_as:
                line, column = chron.same_as_at.get((ev.id, target), (ev.line, 0))
                if target not in other_ids:
                    other_name = _name(other, "B" if side == "A" else "A")
                    close = difflib.get_close_matches(target, list(other_ids), n=1)
                    guess = f" (did you mean '{close[0]}'?)" if close else ""
                    problems.append(
                        Problem(
                            ev.file,
                            line,
                            column,
                            f"'same_as' of event '{ev.id}': no event of {other_name} has the id '{target}'{guess}",
                            f"use the id of an event of {other_name}, or remove '{target}'",
                            ev.id,
                        )
                    )
                    continue
                pair = (ev.id, target) if side == "A" else (target, ev.id)
                links.append(_Link(*pair, "same_as", ev.file, line, column, side))
    for ev in a.events:
        if ev.id in b_ids:
            links.append(_Link(ev.id, ev.id, "id"))
    by_a: dict[str, _Link] = {}
    by_b: dict[str, _Link] = {}
    for link in links:
        first = by_a.get(link.a)
        if first is not None and first.b == link.b:
            continue  # the same pair again: written both ways, or by id as well
        taken = first if first is not None else by_b.get(link.b)
        if taken is None:
            by_a[link.a] = by_b[link.b] = link
            continue
        problems.append(_conflict(link, taken, a, b))
    files = {name: i for i, name in enumerate([*a.files, *b.files])}
    problems.sort(key=lambda p: (files.get(p.file, len(files)), p.line, p.column))
    order = {ev.id: event_sort_key(ev) for ev in a.events}
    pairs = [Pair(lk.a, lk.b, lk.how) for lk in sorted(by_a.values(), key=lambda lk: order[lk.a])]
    return pairs, problems


def _how(link: _Link) -> str:
    if link.how == "id":
        return "by their common id"
    return f"by the same_as at {link.where()}"


def _conflict(link: _Link, taken: _Link, a: Chronology, b: Chronology) -> Problem:
    """The problem of ``link``, left out because ``taken`` already matched one of its events."""
    if taken.a == link.a:
        twice = f"event '{link.a}' of {_name(a, 'A')} would match two events of {_name(b, 'B')}"
        others = f"'{taken.b}' {_how(taken)}, and '{link.b}' {_how(link)}"
    else:
        twice = f"event '{link.b}' of {_name(b, 'B')} would match two events of {_name(a, 'A')}"
        others = f"'{taken.a}' {_how(taken)}, and '{link.a}' {_how(link)}"
    message = f"{twice}: {others}; only the first is kept"
    hint = "an event matches at most one event of the other chronology: remove one of the same_as ids"
    # the place to fix: the same_as item of the link left out, else (a match by id) the one kept
    at = link if link.how == "same_as" else taken
    event_id = at.a if at.side == "A" else at.b
    return Problem(at.file, at.line, at.column, message, hint, event_id)


# --------------------------------------------------------------------------- differences


def source_key(source: Source) -> tuple[str, ...]:
    """What makes two sources the same: the link (scheme and host in lower case, no final ``/``),
    else the publisher and title (case and spaces ignored)."""
    if source.url:
        url = source.url.strip()
        scheme, sep, rest = url.partition("://")
        host, slash, path = rest.partition("/")
        return ("url", f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/"))
    return ("text", " ".join(source.publisher.lower().split()), " ".join((source.title or "").lower().split()))


def _source_label(ev: Event, sid: str, sources: Mapping[str, Source]) -> str:
    """A source as the diff shows it: its registry id, or the link (publisher) of an inline one."""
    src = sources.get(sid)
    if src is None or not sid.startswith(f"{ev.id}--"):
        return sid
    return src.url or src.publisher


def _sources(ev: Event, chron: Chronology) -> tuple[frozenset[tuple[str, ...]], list[str]]:
    keys: set[tuple[str, ...]] = set()
    labels: list[str] = []
    for sid in ev.sources:
        src = chron.sources.get(sid)
        if src is None:
            continue
        keys.add(source_key(src))
        labels.append(_source_label(ev, sid, chron.sources))
    return frozenset(keys), labels


def field_changes(ea: Event, eb: Event, a: Chronology, b: Chronology) -> dict[str, tuple[Any, Any]]:
    """The fields of :data:`FIELDS` in which ``ea`` (of ``a``) and ``eb`` (of ``b``) differ, each
    with ``(value in A, value in B)``."""
    out: dict[str, tuple[Any, Any]] = {}
    if ea.date.edtf != eb.date.edtf:
        out["date"] = (ea.date.edtf, eb.date.edtf)
    for name in ("title", "summary", "category", "status"):
        old, new = getattr(ea, name), getattr(eb, name)
        if old != new:
            out[name] = (old, new)
    keys_a, labels_a = _sources(ea, a)
    keys_b, labels_b = _sources(eb, b)
    if keys_a != keys_b:
        out["sources"] = (labels_a, labels_b)
    return out


def compare(a: Chronology, b: Chronology) -> Diff:
    """What changed from ``a`` to ``b`` (see the module docstring). Never raises."""
    pairs, problems = match(a, b)
    matched_a = {p.a for p in pairs}
    matched_b = {p.b for p in pairs}
    changed: list[Change] = []
    same: list[Pair] = []
    for pair in pairs:
        ea, eb = a.event(pair.a), b.event(pair.b)
        if ea is None or eb is None:  # cannot happen: pairs are made of loaded events
            continue
        fields = field_changes(ea, eb, a, b)
        if fields:
            changed.append(Change(pair.a, pair.b, fields))
        else:
            same.append(pair)
    return Diff(
        only_in_a=[ev.id for ev in a.events if ev.id not in matched_a],
        only_in_b=[ev.id for ev in b.events if ev.id not in matched_b],
        changed=changed,
        same=same,
        pairs=pairs,
        problems=problems,
    )


def only_shown(diff: Diff, shown_a: Collection[str], shown_b: Collection[str]) -> Diff:
    """The part of ``diff`` about shown events (the filters apply to both chronologies): an event
    only in A when it is in ``shown_a``, a pair when either of its events is shown."""
    sa, sb = set(shown_a), set(shown_b)
    return Diff(
        only_in_a=[i for i in diff.only_in_a if i in sa],
        only_in_b=[i for i in diff.only_in_b if i in sb],
        changed=[c for c in diff.changed if c.a in sa or c.b in sb],
        same=[p for p in diff.same if p.a in sa or p.b in sb],
        pairs=[p for p in diff.pairs if p.a in sa or p.b in sb],
        problems=diff.problems,
    )


# --------------------------------------------------------------------------- table rows


DiffKind: TypeAlias = Literal["only in A", "only in B", "changed"]


@dataclass(frozen=True, slots=True)
class DiffRow:
    """One row of the difference table (and of its CSV): plain text, never HTML."""

    kind: DiffKind
    a_id: str
    b_id: str
    a_date: str
    b_date: str
    a_title: str
    b_title: str
    changes: str
    """The kinds of change, ``re-dated, re-worded`` (empty for an event on one side only)."""
    details: str
    """Each differing field with its two values: ``date: 2022-09-30 -> 2022-10-21/2022-10-31``."""
    start_ms: int
    """Epoch ms of the earliest bound of the row's first event (A's, else B's): the row's place in time."""


COLUMNS: Final = ("kind", "a_id", "b_id", "a_date", "b_date", "a_title", "b_title", "changes", "details")
"""The columns of the CSV of :func:`diff_rows`, in order."""


def _detail(name: str, old: Any, new: Any) -> str:
    if name == "sources":
        return f"sources: {', '.join(old) or '(none)'} -> {', '.join(new) or '(none)'}"
    if name in ("title", "summary"):
        return f"{name}: “{_clip(old)}” -> “{_clip(new)}”"
    return f"{name}: {old} -> {new}"


def _clip(text: str, limit: int = 140) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff_rows(diff: Diff, a: Chronology, b: Chronology) -> list[DiffRow]:
    """The differences as table rows, in time order: the changed pairs, the events only in A, the
    events only in B."""
    rows: list[DiffRow] = []

    def side(ev: Event | None) -> tuple[str, str, str]:
        return ("", "", "") if ev is None else (ev.id, ev.label, ev.title)

    for change in diff.changed:
        ea, eb = a.event(change.a), b.event(change.b)
        ida, dta, tta = side(ea)
        idb, dtb, ttb = side(eb)
        details = "; ".join(_detail(k, *v) for k, v in change.fields.items())
        start = ea.date.earliest if ea is not None else 0
        rows.append(DiffRow("changed", ida, idb, dta, dtb, tta, ttb, ", ".join(change.kinds), details, start * 1000))
    for eid in diff.only_in_a:
        ev = a.event(eid)
        if ev is not None:
            ida, dta, tta = side(ev)
            rows.append(DiffRow("only in A", ida, "", dta, "", tta, "", "", "", ev.date.earliest * 1000))
    for eid in diff.only_in_b:
        ev = b.event(eid)
        if ev is not None:
            idb, dtb, ttb = side(ev)
            rows.append(DiffRow("only in B", "", idb, "", dtb, "", ttb, "", "", ev.date.earliest * 1000))
    rows.sort(key=lambda r: (r.start_ms, r.kind))
    return rows


def rows_csv(rows: Sequence[DiffRow], *, names: tuple[str, str] = ("A", "B")) -> str:
    """The difference table as CSV text: a header row (:data:`COLUMNS`, the ``a_`` and ``b_``
    columns named after the two chronologies: ``events_id``), then one row per difference. Cells a
    spreadsheet would run as formulas are protected as in every CSV export
    (:func:`dashboard.core.cells.protect_cell`)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.replace("a_", f"{names[0]}_", 1).replace("b_", f"{names[1]}_", 1) for c in COLUMNS])
    for row in rows:
        writer.writerow([protect_cell(str(getattr(row, c))) for c in COLUMNS])
    return out.getvalue()


# --------------------------------------------------------------------------- alignment


def anchor_offset(a: Chronology, b: Chronology, anchor_a: str, anchor_b: str) -> tuple[int | None, list[str]]:
    """The shift (epoch ms) that puts B's anchor event on A's: ``A's start - B's start``, and the
    warnings for an anchor that is no event (then the shift is None)."""
    ea, eb = a.event(anchor_a), b.event(anchor_b)
    warnings: list[str] = []
    if ea is None:
        warnings.append(_no_anchor(anchor_a, a, "the main chronology"))
    if eb is None:
        warnings.append(_no_anchor(anchor_b, b, "the compared chronology"))
    if ea is None or eb is None:
        return None, warnings
    return (ea.date.earliest - eb.date.earliest) * 1000, warnings


def _no_anchor(anchor: str, chron: Chronology, what: str) -> str:
    close = difflib.get_close_matches(anchor, [ev.id for ev in chron.events], n=1)
    guess = f" (did you mean “{close[0]}”?)" if close else ""
    return f"Not aligned: {what} has no event “{anchor}”{guess}."


# --------------------------------------------------------------------------- presenting the differences

DIFFERENCES_STORY: Final = "_differences"
"""``story=`` of the differences story in the URL (no file story has it: story ids start with a
lowercase letter or a digit)."""


@dataclass(frozen=True, slots=True)
class Differences:
    """The differences as a story to present: ``story`` (one step per difference, in time order,
    its note saying what differs, in plain text) and ``chron``, the events its steps show: A's
    event for a changed pair or an event only in A, B's for an event only in B (an id or source id
    that A also has gets a ``~b`` suffix), with both chronologies' categories and sources."""

    story: StoryView
    chron: Chronology


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _category_label(chron: Chronology, key: str) -> str:
    found = chron.categories.get(key)
    return found.label if found is not None else key


def change_lines(
    change: Change, ea: Event, eb: Event, a: Chronology, b: Chronology, *, names: tuple[str, str] = ("A", "B")
) -> list[str]:
    """What differs in a matched pair, one plain-text line per field, each value followed by the
    name of the chronology that has it: ``Re-dated: 30 Sep 2022 (this chronology) / late October
    2022 (tass-2022-11-02)``. Dates are the events' labels (their ``display_date`` when written);
    titles and summaries are quoted (clipped), categories by their labels, sources by publisher
    and title."""
    na, nb = names
    lines: list[str] = []
    for name in FIELDS:
        if name not in change.fields:
            continue
        old, new = change.fields[name]
        kind = _upper_first(KIND_LABELS[name])
        if name == "date":
            old, new = ea.label, eb.label
        elif name in ("title", "summary"):
            kind = f"{kind} ({name})"
            old, new = f"“{_clip(old, 200)}”", f"“{_clip(new, 200)}”"
        elif name == "category":
            old, new = _category_label(a, old), _category_label(b, new)
        elif name == "sources":
            old, new = _source_names(ea, a), _source_names(eb, b)
        lines.append(f"{kind}: {old} ({na}) / {new} ({nb})")
    return lines


def _source_names(ev: Event, chron: Chronology) -> str:
    """An event's sources for people: publisher, and title when written (``none`` for none)."""
    names = []
    for sid in ev.sources:
        src = chron.sources.get(sid)
        if src is not None:
            names.append(f"{src.publisher}: {_clip(src.title, 80)}" if src.title else src.publisher)
    return "; ".join(names) or "none"


def _free(key: str, taken: Collection[str]) -> str:
    """``key``, or ``key~b`` (``key~b2``, ...) when ``taken`` has it."""
    if key not in taken:
        return key
    candidate, n = f"{key}~b", 1
    while candidate in taken:
        n += 1
        candidate = f"{key}~b{n}"
    return candidate


def differences_story(
    diff: Diff, a: Chronology, b: Chronology, *, names: tuple[str, str] = ("A", "B"), title: str | None = None
) -> Differences:
    """The changed pairs and the events on one side only of ``diff`` (pass :func:`only_shown`'s for
    the filtered events) as a story, in the time order of :func:`diff_rows`. Each step's note is
    plain text: the changes (:func:`change_lines`), or which chronology alone has the event.
    ``names`` name A and B in the notes; ``title`` defaults to ``What changed: A and B``."""
    na, nb = names
    changes = {(c.a, c.b): c for c in diff.changed}
    events: list[Event] = []
    sources: dict[str, Source] = dict(a.sources)
    categories: dict[str, Category] = dict(a.categories)
    for key, cat in b.categories.items():
        categories.setdefault(key, cat)
    taken: set[str] = set()
    steps: list[StepView] = []
    for row in diff_rows(diff, a, b):
        if row.kind == "only in B":
            ev = b.event(row.b_id)
            if ev is None:
                continue
            renamed: list[str] = []
            for sid in ev.sources:
                src = b.sources.get(sid)
                if src is None:
                    continue
                new_sid = sid if sources.get(sid, src) == src else _free(sid, sources)
                sources[new_sid] = src
                renamed.append(new_sid)
            ev = dataclasses.replace(ev, id=_free(ev.id, taken | {e.id for e in a.events}), sources=renamed)
            lines = [f"Only in {nb}: {na} has no matching event."]
        else:
            found = a.event(row.a_id)
            if found is None:
                continue
            ev = found
            if row.kind == "only in A":
                lines = [f"Only in {na}: {nb} has no matching event."]
            else:
                eb = b.event(row.b_id)
                change = changes.get((row.a_id, row.b_id))
                if eb is None or change is None:
                    continue
                lines = change_lines(change, ev, eb, a, b, names=names)
        if ev.id not in taken:
            taken.add(ev.id)
            events.append(ev)
        steps.append(StepView(ev.id, "\n".join(lines)))
    n = len(steps)
    story = StoryView(
        DIFFERENCES_STORY,
        title if title is not None else f"What changed: {na} and {nb}",
        f"{n} difference{'s' if n != 1 else ''}, in time order: each step says what differs between the two "
        "chronologies, or which one alone tells the event.",
        tuple(steps),
        plain_notes=True,
    )
    chron = Chronology(
        title=story.title,
        categories=categories,
        sources=sources,
        events=sorted(events, key=event_sort_key),
        files=[*a.files, *b.files],
        declared_categories=a.declared_categories or b.declared_categories,
    )
    return Differences(story, chron)
