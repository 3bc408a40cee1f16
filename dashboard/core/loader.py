"""Loading: files -> a checked :class:`Chronology` (events, sources, stories, periods, problems).

``load_path`` reads a YAML file or a folder of YAML files. It never raises for bad content:
every problem is collected with ``file:line:column``, a message and a hint, and every valid
event is kept. Whole-file problems (size, encoding, syntax, depth, aliases, tags) reject that
file; problems inside one event (including a duplicate key, or a bad date of one of its inline
sources) skip that event only, and a registry source, a story or a period with a problem is
skipped the same way; a broken reference (an unknown or skipped source, related event, linked event or story
step) is reported and dropped, and the event that holds it is kept.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ValidationError

from .dates import DateError, DateInfo, parse_date
from .links import CYCLE_TYPES, LINK_TYPES, Link, cycles, guess_type, link_cycle_problem, self_link_problem
from .models import (
    ID_PATTERN,
    IMPORTANCE_RANGE,
    ORDER_RANGE,
    CategoryModel,
    ChronologyFile,
    EventModel,
    ImageModel,
    InlineSourceModel,
    LinkModel,
    PeriodModel,
    SourceModel,
    StoryModel,
    StoryStepModel,
)
from .problems import Problem
from .yamlsafe import DEFAULT_MAX_BYTES, Pos, ReadLimits, YList, YMap, gc_paused, read_yaml

__all__ = [
    "YAML_SUFFIXES",
    "Category",
    "Chronology",
    "Event",
    "Image",
    "Link",
    "Period",
    "Source",
    "Story",
    "StoryStep",
    "event_sort_key",
    "load_bytes",
    "load_data",
    "load_path",
    "load_paths",
    "sort_key",
]

YAML_SUFFIXES = (".yaml", ".yml")
_ID_RE = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$"))


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: str
    color: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    publisher: str
    title: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """A checked event. ``date`` holds the parsed bounds, precision and label."""

    id: str
    date: DateInfo
    title: str
    category: str
    summary: str = ""
    notes: str = ""
    actors: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    importance: int = 3
    status: str = "confirmed"
    display_date: str | None = None
    sources: list[str] = field(default_factory=list)
    related: list[str] = field(default_factory=list)
    image: Image | None = None
    file: str = ""
    line: int = 0
    order: int | None = None
    """Position among events that start at the same instant (1..999), or None."""
    links: list[Link] = field(default_factory=list)
    """Typed links to other events (checked: every target exists, no cycle of causes or part-of)."""
    same_as: list[str] = field(default_factory=list)
    """Ids of events in another chronology that tell the same event (``same_as:``), for comparing
    two chronologies (:mod:`dashboard.core.compare`). Kept by the persistent cache, the frame's
    extras (:func:`dashboard.core.frame.event_extras`), the exports and the imports; an event store has none."""

    @property
    def label(self) -> str:
        """The date as shown: ``display_date`` when given, else the computed label."""
        return self.display_date or self.date.label


def sort_key(earliest: int, order: int | None, event_id: str) -> tuple[int, int, str]:
    """The order of events: earliest bound, then ``order`` (none first), then id.

    Events that start at the same instant (two events of one day) sort by their ``order``;
    those without one come first, and ties are broken by id. It orders the loader's events,
    the frame's rows (its ``order`` column holds 0 for none), the bulk tables and the exports;
    the ad-hoc story (:func:`dashboard.core.stories.adhoc_story`) uses the same key with the latest
    bound before the id.
    """
    return earliest, order or 0, event_id


def event_sort_key(ev: Event) -> tuple[int, int, str]:
    """:func:`sort_key` of an event: ``sorted(events, key=event_sort_key)``."""
    return sort_key(ev.date.earliest, ev.order, ev.id)


@dataclass(frozen=True, slots=True)
class Period:
    """A checked period (``periods:``): a named span of time drawn behind the events.

    ``earliest_ms`` and ``latest_ms`` are the inclusive bounds of ``date`` in epoch milliseconds
    (UTC, proleptic Gregorian), as the frame's columns of the same names: the first and the last
    second of what is written, times 1000 (``1990`` spans 1990-01-01T00:00:00 to
    1990-12-31T23:59:59). With an open or unknown end the bound on that side is the other end's
    own bound and ``open_start`` / ``open_end`` says so: ``1990/..`` spans the year 1990 with
    ``open_end``, to be drawn to the end of what is shown. ``date`` is the normalised EDTF text,
    ``date_label`` its label for people ("44 BC - 31 BC").
    """

    id: str
    label: str
    date: str
    earliest_ms: int
    latest_ms: int
    date_label: str = ""
    color: str | None = None
    description: str | None = None
    open_start: bool = False
    open_end: bool = False

    @classmethod
    def from_date(
        cls, period_id: str, label: str, date: DateInfo, *, color: str | None = None, description: str | None = None
    ) -> Period:
        """The period of a parsed date (see :func:`dashboard.core.dates.parse_date`)."""
        return cls(
            id=period_id,
            label=label,
            date=date.edtf,
            earliest_ms=date.earliest * 1000,
            latest_ms=date.latest * 1000,
            date_label=date.label,
            color=color,
            description=description,
            open_start=date.open_start,
            open_end=date.open_end,
        )

    def to_json(self) -> dict[str, Any]:
        """The period as JSON values (what ``store.json`` and the persistent cache keep)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Period:
        """The period of :meth:`to_json`; raises ``KeyError``, ``TypeError`` or ``ValueError`` when
        ``data`` is not one."""
        if not isinstance(data, Mapping):
            raise TypeError(f"a period is a mapping, got {type(data).__name__}")
        color, description = data.get("color"), data.get("description")
        return cls(
            id=str(data["id"]),
            label=str(data["label"]),
            date=str(data["date"]),
            earliest_ms=int(data["earliest_ms"]),
            latest_ms=int(data["latest_ms"]),
            date_label=str(data.get("date_label", "")),
            color=None if color is None else str(color),
            description=None if description is None else str(description),
            open_start=bool(data.get("open_start", False)),
            open_end=bool(data.get("open_end", False)),
        )


@dataclass(frozen=True, slots=True)
class StoryStep:
    event: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    description: str = ""
    steps: list[StoryStep] = field(default_factory=list)


class _IndexedEvents(Protocol):
    def by_id(self, event_id: str) -> Event | None: ...


@dataclass(slots=True)
class Chronology:
    """The result of loading: what is valid, and every problem found.

    ``events`` is the list the loader builds, sorted by :func:`event_sort_key` (earliest bound,
    then ``order``, then id); a chronology read from the persistent cache or a bulk table holds a
    :class:`dashboard.core.frame.FrameEvents` instead (the same events, built on demand). ``sources``
    may likewise be a read-only mapping.
    """

    title: str = ""
    description: str = ""
    categories: dict[str, Category] = field(default_factory=dict)
    sources: Mapping[str, Source] = field(default_factory=dict)
    events: Sequence[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: int = 0
    """Events present in the files but not loaded because of a problem."""
    declared_categories: bool = False
    periods: list[Period] = field(default_factory=list)
    """The periods (``periods:``) in the order written, file after file; a period with a problem
    is reported and left out."""
    id: str = ""
    """The chronology's ``id:`` (the first file's that has one), or "" when none is written."""
    same_as_at: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    """Where each ``same_as`` id is written: ``(event id, other id) -> (line, column)`` in the
    event's file (what :mod:`dashboard.core.compare` names in its problems)."""

    def event(self, event_id: str) -> Event | None:
        """The event with this id, or None (a dictionary lookup for frame-backed events)."""
        events = self.events
        if not isinstance(events, list) and hasattr(events, "by_id"):
            indexed: _IndexedEvents = events
            return indexed.by_id(event_id)
        for ev in events:
            if ev.id == event_id:
                return ev
        return None

    def summary_line(self) -> str:
        """``31 events, 0 problems`` (with skipped events when there are some)."""
        n, p = len(self.events), len(self.problems)
        text = f"{n:,} event{'s' if n != 1 else ''}, {p:,} problem{'s' if p != 1 else ''}"
        if self.skipped:
            text += f" ({self.skipped:,} event{'s' if self.skipped != 1 else ''} skipped)"
        return text


# --------------------------------------------------------------------------- entry points


def load_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Load a YAML file, or every ``*.yaml``/``*.yml`` file of a folder as one chronology."""
    return load_paths([path], max_bytes=max_bytes)


def load_paths(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Load several files and folders as one chronology (ids unique across all of them).

    A folder contributes its ``*.yaml`` and ``*.yml`` files (recursively, in name order).
    Never raises for bad content or unreadable paths: they become problems.
    """
    files: list[tuple[str, bytes | None, Problem | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
            if not found:
                files.append(
                    (
                        str(path),
                        None,
                        Problem(
                            str(path),
                            0,
                            0,
                            "the folder has no .yaml or .yml files",
                            "put the chronology's YAML files in this folder",
                        ),
                    )
                )
            files.extend(_read(p, max_bytes) for p in found)
        else:
            files.append(_read(path, max_bytes))
    return _assemble(files, max_bytes=max_bytes)


def load_bytes(data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Load one chronology from bytes (an upload); ``file`` names it in problems. Never raises."""
    return _assemble([(file, data, None)], max_bytes=max_bytes)


def load_data(data: Mapping[str, Any], *, file: str = "<data>") -> Chronology:
    """Check an already-parsed mapping (from an importer) with the same rules as a file.

    Problems have no positions (line and column 0) unless ``data`` comes from
    :func:`dashboard.core.yamlsafe.read_yaml`.
    """
    with gc_paused():
        builder = _Builder()
        builder.files.append(file)
        builder.add_document(file, dict(data) if isinstance(data, Mapping) and not isinstance(data, dict) else data)
        chron = builder.finish()
        del builder
    return chron


def _read(path: Path, max_bytes: int) -> tuple[str, bytes | None, Problem | None]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return (
                name,
                None,
                Problem(
                    name,
                    0,
                    0,
                    f"the file is {size:,} bytes, over the size limit of {max_bytes:,} bytes",
                    "split it into several files in one folder, or raise the limit (--max-bytes)",
                ),
            )
        with path.open("rb") as fh:
            return name, fh.read(max_bytes + 1), None
    except FileNotFoundError:
        return name, None, Problem(name, 0, 0, "no such file or folder", "check the path")
    except OSError as exc:
        return (
            name,
            None,
            Problem(name, 0, 0, f"cannot read the file: {exc.strerror}", "check the path and its permissions"),
        )


def _assemble(files: Sequence[tuple[str, bytes | None, Problem | None]], *, max_bytes: int) -> Chronology:
    limits = ReadLimits(max_bytes=max_bytes)
    # The YAML trees are large and acyclic: build and drop them with the collector paused, so
    # that it never walks them (see gc_paused); only the loaded chronology outlives the pause.
    with gc_paused():
        builder = _Builder()
        for name, data, problem in files:
            builder.files.append(name)
            if problem is not None or data is None:
                if problem is not None:
                    builder.problems.append(problem)
                continue
            result = read_yaml(data, file=name, limits=limits)
            builder.problems.extend(result.problems)
            if not result.fatal:
                builder.add_document(name, result.data)
            del result
        chron = builder.finish()
        del builder
    return chron


# --------------------------------------------------------------------------- messages

_NO_POS = Pos(0, 0)
# the top-level blocks checked part by part (a bad item is skipped, the others kept)
_BLOCKS = frozenset({"categories", "sources", "periods", "events", "stories"})
# pydantic puts the tag of a union member into the error location: after `date` (text, year)
# and after an item of `sources` (id, inline)
_UNION_TAGS = {"text", "year", "id", "inline"}
_PLAIN_INT = re.compile(r"[-+]?[0-9]+")
# the event fields with a range: (smallest, largest, hint)
_RANGES: dict[str, tuple[int, int, str]] = {
    "importance": (*IMPORTANCE_RANGE, "1 is minor, 5 is major"),
    "order": (
        *ORDER_RANGE,
        "write 1 for the first of the events that share a date, 2 for the next; or leave order out",
    ),
}


def _clean_loc(loc: Sequence[Any]) -> list[str | int]:
    """An error location without pydantic's union tags."""
    out: list[str | int] = []
    for i, step in enumerate(loc):
        if i and step in _UNION_TAGS:
            prev = loc[i - 1]
            if prev == "date" or (isinstance(prev, int) and i >= 2 and loc[i - 2] == "sources"):
                continue
        out.append(step)
    return out


def _where(loc: Sequence[str | int]) -> str:
    """A location for people: ``sources[2].url`` (items counted from 1)."""
    text = ""
    for step in loc:
        if isinstance(step, int):
            text += f"[{step + 1}]"
        else:
            text += ("." if text else "") + step
    return text or "value"


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "text"


def _quote_hint(value: Any, raw: str | None) -> str:
    written = raw if raw is not None else str(value)
    extra = ""
    if isinstance(value, bool):
        extra = f"YAML reads {written} as {str(value).lower()}; "
    elif isinstance(value, (int, float)) and raw is not None and ":" in raw:
        extra = f"YAML reads {raw} as the base-60 number {value}; "
    elif isinstance(value, (int, float)) and raw is not None and raw != str(value):
        extra = f"YAML reads {raw} as the number {value}; "
    return f'{extra}quote it: "{written}"'


def _message(err: Mapping[str, Any], where: str, raw: str | None) -> tuple[str, str]:
    """Turn one pydantic error into (message, hint) in our words. ``where`` names the field."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "string_type":
        if value is None:
            return f"'{where}' is empty: expected text", f"write the text, or remove '{where}'"
        if isinstance(value, (bool, int, float)):
            return f"'{where}' expected text, got {_kind(value)}", _quote_hint(value, raw)
        return f"'{where}' expected text, got {_kind(value)}", "write plain text here"
    if kind == "list_type":
        if isinstance(value, str):
            return f"'{where}' must be a list, got text", f"write it as a list: [{value}]"
        return f"'{where}' must be a list, got {_kind(value)}", "write it as a list: [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            f"'{where}' must be a mapping (field: value), got {_kind(value)}",
            "write it as fields, one per line (see docs/format.md)",
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        got = repr(value) if isinstance(value, float) else _kind(value)
        hint = "write a number such as 3, without quotes"
        if isinstance(value, bool) and raw is not None and raw.lower() != str(value).lower():
            hint = f"YAML reads {raw} as {str(value).lower()}; {hint}"
        return f"'{where}' must be a whole number, got {got}", hint
    if kind in ("less_than_equal", "greater_than_equal") and where in _RANGES:
        low, high, hint = _RANGES[where]
        return f"'{where}' must be between {low} and {high}, got {value!r}", hint
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"'{where}' must be one of {expected}, got {value!r}", f"write one of {expected}"
    if kind == "date_kind":
        hint = "write an EDTF date such as 2022-02-21, or a year such as 1066"
        if isinstance(value, bool) and raw is not None:
            hint = f"YAML reads {raw} as {str(value).lower()}; {hint}"
        return f"'{where}' expected a date, got {_kind(value)}", hint
    if kind == "source_kind":
        return (
            f"'{where}': a source must be an id or a mapping, got {_kind(value)}",
            "write a source id, or {publisher: ..., url: https://...}",
        )
    if kind == "string_too_short":
        return f"'{where}' is empty text", "remove the empty item, or write the text"
    if kind == "too_short":
        return f"'{where}' is empty", "add at least one item"
    if kind == "bool_type":
        return f"'{where}' must be true or false", "write true or false"
    hint = str(ctx.get("hint", ""))
    msg = str(err.get("msg", "invalid value"))
    return f"'{where}': {msg}", hint or "see docs/format.md for what this field takes"


# The models of the mappings nested in a model, by location (an int stands for any list index).
_NESTED: dict[tuple[type[BaseModel], tuple[str | type[int], ...]], type[BaseModel]] = {
    (EventModel, ("image",)): ImageModel,
    (EventModel, ("sources", int)): InlineSourceModel,
    (StoryModel, ("steps", int)): StoryStepModel,
}


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel]:
    """The model of the mapping at ``loc`` inside ``model`` (``model`` itself for the top)."""
    if not loc:
        return model
    key = tuple(int if isinstance(step, int) else step for step in loc)
    return _NESTED.get((model, key), model)


def _pos_of(node: Any, loc: Sequence[str | int], key: bool, fallback: Pos) -> Pos:
    """Position of the value (or the key, for ``key``) at ``loc`` in a YMap/YList tree (deepest known)."""
    pos = node.pos if isinstance(node, (YMap, YList)) else fallback
    for i, step in enumerate(loc):
        if isinstance(node, YMap) and isinstance(step, str) and step in node:
            pos = node.key_pos[step] if (key and i == len(loc) - 1) else node.value_pos[step]
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            pos = node.item_pos[step]
            node = node[step]
        else:
            break
    return pos


def _date_input(value: str | int, pos: Pos) -> str | int:
    """The value to parse as a date; a number must be written as a plain decimal year.

    YAML 1.1 reads ``12:30`` as 750, ``0700`` as 448 (octal) and ``0x7E6`` as 2022: such a
    value is an error, never a year. ``0700`` itself is the year 700.
    """
    if isinstance(value, int) and pos.raw is not None and pos.raw != str(value):
        if _PLAIN_INT.fullmatch(pos.raw):
            return int(pos.raw, 10)
        raise DateError(
            f"YAML reads {pos.raw} as the number {value}, which is not a date",
            f'write a year as digits (1066) or a date such as 2022-02-21; to keep {pos.raw}, quote it: "{pos.raw}"',
        )
    return value


def _misread_number(value: int, pos: Pos) -> tuple[str, str] | None:
    """(message, hint) when YAML 1.1 read a whole number other than as it is written, else None.

    ``010`` is octal 8, ``0x10`` 16, ``1_0`` 10 and ``1:30`` the base-60 number 90; ``+5``
    and ``05`` are 5 as written.
    """
    raw = pos.raw
    if raw is None or raw == str(value) or (_PLAIN_INT.fullmatch(raw) and int(raw, 10) == value):
        return None
    digits = str(int(raw, 10)) if _PLAIN_INT.fullmatch(raw) else None
    return (
        f"YAML reads {raw} as the number {value}",
        f"write it as plain digits without leading zeros, such as {digits}"
        if digits is not None
        else "write it as plain digits, such as 2",
    )


# --------------------------------------------------------------------------- assembly


class _Builder:
    def __init__(self) -> None:
        self.files: list[str] = []
        self.problems: list[Problem] = []
        self.title = ""
        self.description = ""
        self.categories: dict[str, Category] = {}
        self.category_where: dict[str, str] = {}
        self.declared = False
        self.sources: dict[str, Source] = {}
        self.source_where: dict[str, str] = {}
        self.bad_sources: set[str] = set()  # registry sources skipped for their own problems
        self.events: list[Event] = []
        self.event_where: dict[str, tuple[str, int]] = {}
        self.pending_sources: list[tuple[Event, list[tuple[str, Pos]]]] = []
        self.pending_related: list[tuple[Event, list[tuple[str, Pos]]]] = []
        # each link of an event with where its target and each of its sources are written
        self.pending_links: list[tuple[Event, list[tuple[Link, Pos, list[Pos], str]]]] = []
        self.pending_category: list[tuple[Event, Pos]] = []
        self.stories: list[tuple[str, StoryModel, Any, Pos]] = []
        self.periods: list[Period] = []
        self.period_where: dict[str, str] = {}
        self.id = ""
        self.id_where = ""
        self.same_as_at: dict[tuple[str, str], tuple[int, int]] = {}
        self.skipped = 0
        self.attempted: set[str] = set()  # ids of events skipped for their own problems
        # dates already parsed (many events share a day or a year); a DateInfo is immutable
        self.dates: dict[str | int, DateInfo] = {}

    def problem(self, file: str, pos: Pos, message: str, hint: str, event_id: str | None = None) -> None:
        self.problems.append(Problem(file, pos.line, pos.column, message, hint, event_id))

    def date_problem(self, file: str, value: Any, pos: Pos, where: str, event_id: str | None = None) -> None:
        """Report what is wrong with a written date, if anything, once its mapping failed validation
        (pydantic checks only that it is text or a year)."""
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            try:
                parse_date(_date_input(value, pos))
            except DateError as exc:
                self.problem(file, pos, f"'{where}': {exc.message}", exc.hint, event_id)

    def validation_problems(
        self,
        file: str,
        node: Any,
        exc: ValidationError,
        model: type[BaseModel],
        *,
        prefix: Sequence[str | int] = (),
        fallback: Pos = _NO_POS,
        event_id: str | None = None,
    ) -> None:
        """Report pydantic's errors for ``node`` (a YMap/YList tree, validated as ``model``).

        ``prefix`` is where ``node`` sits in the file (for the messages), ``fallback`` the
        position when ``node`` has none.
        """
        errors = [(err, _clean_loc(err["loc"])) for err in exc.errors()]
        # "titel" given and "title" missing in the same mapping: one problem, not two
        missing = {
            (tuple(loc[:-1]), loc[-1])
            for err, loc in errors
            if err["type"] == "missing" and loc and isinstance(loc[-1], str)
        }
        renamed: dict[tuple[str | int, ...], str] = {}
        for err, loc in errors:
            if err["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
                parent = tuple(loc[:-1])
                candidates = sorted(name for where, name in missing if where == parent)
                close = difflib.get_close_matches(loc[-1], candidates, n=1, cutoff=0.6)
                if close:
                    renamed[tuple(loc)] = close[0]
                    missing.discard((parent, close[0]))
        seen: set[tuple[int, int, str]] = set()
        for err, loc in errors:
            kind = err["type"]
            if kind == "missing" and loc and (tuple(loc[:-1]), loc[-1]) not in missing:
                continue  # reported as a misspelling
            pos = _pos_of(node, loc, kind == "extra_forbidden", fallback)
            if kind in ("missing", "extra_forbidden") and loc:
                message, hint = self._field_message(err, model, loc, prefix, pos, renamed.get(tuple(loc)))
                if kind == "extra_forbidden" and isinstance(err.get("input"), (bool, int, float)):
                    raw = _pos_of(node, loc, False, fallback).raw
                    if raw is not None:
                        hint += f"; note that {_quote_hint(err.get('input'), raw)}"
            else:
                message, hint = _message(err, _where([*prefix, *loc]), pos.raw)
            key = (pos.line, pos.column, message)
            if key not in seen:
                seen.add(key)
                self.problem(file, pos, message, hint, event_id)

    @staticmethod
    def _field_message(
        err: Mapping[str, Any],
        model: type[BaseModel],
        loc: Sequence[str | int],
        prefix: Sequence[str | int],
        pos: Pos,
        renamed: str | None,
    ) -> tuple[str, str]:
        """(message, hint) for a missing or unknown field, with the fields of the mapping it is in."""
        fields = tuple(_model_at(model, loc[:-1]).model_fields)
        parent = _where([*prefix, *loc[:-1]]) if [*prefix, *loc[:-1]] else ""
        inside = f" in '{parent}'" if parent else ""
        name = str(loc[-1])
        if err["type"] == "missing":
            required = [f for f, info in _model_at(model, loc[:-1]).model_fields.items() if info.is_required()]
            return f"missing required field '{name}'{inside}", f"add {name}: (required: {', '.join(required)})"
        if renamed is not None:
            return f"unknown field '{name}'{inside} (did you mean '{renamed}'?)", f"rename it to '{renamed}'"
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        guess = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown field '{name}'{inside}{guess}", "allowed fields: " + ", ".join(fields)

    def add_document(self, file: str, data: Any) -> None:
        if not isinstance(data, dict) or "events" not in data:
            pos = data.pos if isinstance(data, (YMap, YList)) else Pos(1, 1)
            got = "an empty file" if data is None else _kind(data)
            if isinstance(data, dict):
                got = "a mapping without `events:`"
                close = difflib.get_close_matches("events", [k for k in data if isinstance(k, str)], n=1)
                if close:
                    got += f" (is '{close[0]}' meant to be 'events'?)"
            self.problem(
                file,
                pos,
                f"expected a mapping with `events:`, got {got}",
                "a chronology is a mapping: title: ..., events: followed by a list of events (see docs/format.md)",
            )
            return
        ymap = data if isinstance(data, YMap) else None
        # top-level keys and scalar metadata; the blocks are checked part by part below
        meta = {k: v for k, v in data.items() if k not in _BLOCKS}
        try:
            parsed = ChronologyFile.model_validate({**meta, "events": []})
            if parsed.title and not self.title:
                self.title = parsed.title
            if parsed.description and not self.description:
                self.description = parsed.description
            if parsed.id is not None:
                self._chronology_id(file, parsed.id, ymap)
        except ValidationError as exc:
            self.validation_problems(file, data, exc, ChronologyFile)
        self._categories(file, data.get("categories"), ymap)
        self._sources(file, data.get("sources"), ymap)
        self._events(file, data.get("events"), ymap)
        stories = data.get("stories")
        if stories is not None:
            self._stories(file, stories, ymap)
        periods = data.get("periods")
        if periods is not None:
            self._periods(file, periods, ymap)

    def _chronology_id(self, file: str, value: str, ymap: YMap | None) -> None:
        """Keep the first ``id:``; a file of the same folder naming another id is reported."""
        pos = self._block_pos(ymap, "id")
        if not self.id:
            self.id, self.id_where = value, f"{file}:{pos.line}:{pos.column}"
        elif value != self.id:
            self.problem(
                file,
                pos,
                f"the chronology's id is '{self.id}' (at {self.id_where}), this file says '{value}'",
                f"write id: {self.id} here too, or leave id: out of this file",
            )

    def _block_pos(self, parent: YMap | None, name: str) -> Pos:
        return parent.value_pos[name] if parent is not None and name in parent.value_pos else _NO_POS

    def _bad_key(self, file: str, what: str, key: Any, pos: Pos) -> bool:
        """Report a registry key that is not a valid id; True when it is bad."""
        if isinstance(key, str) and _ID_RE.fullmatch(key):
            return False
        self.problem(
            file,
            pos,
            f"invalid {what} id {key!r}: ids use lowercase letters, digits and hyphens, "
            "starting with a letter or digit",
            "for example: recognition-dpr-lpr",
        )
        return True

    def _categories(self, file: str, cats: Any, parent: YMap | None) -> None:
        if cats is None:
            return
        self.declared = True
        if not isinstance(cats, dict):
            self.problem(
                file,
                self._block_pos(parent, "categories"),
                f"'categories' must be a mapping, got {_kind(cats)}",
                "write categories: then one key per category, e.g. recognition: {label: Recognition}",
            )
            return
        for key, value in cats.items():
            kpos = cats.key_pos[key] if isinstance(cats, YMap) else _NO_POS
            vpos = cats.value_pos[key] if isinstance(cats, YMap) else _NO_POS
            if self._bad_key(file, "category", key, kpos):
                continue
            try:
                cat = CategoryModel.model_validate(value if value is not None else {})
            except ValidationError as exc:
                self.validation_problems(file, value, exc, CategoryModel, prefix=("categories", key), fallback=vpos)
                continue
            made = Category(key, cat.label or key, cat.color, cat.description)
            if key in self.categories and self.categories[key] != made:
                self.problem(
                    file,
                    kpos,
                    f"category '{key}' is defined differently in {self.category_where[key]}",
                    "define each category once, or identically in every file",
                )
                continue
            self.categories[key] = made
            self.category_where.setdefault(key, f"{file}:{kpos.line}")

    def _sources(self, file: str, sources: Any, parent: YMap | None) -> None:
        if sources is None:
            return
        if not isinstance(sources, dict):
            self.problem(
                file,
                self._block_pos(parent, "sources"),
                f"'sources' must be a mapping of id: source, got {_kind(sources)}",
                "write sources: then one id per source, e.g. tass-2022-11-02: {publisher: TASS, url: https://...}",
            )
            return
        for key, value in sources.items():
            kpos = sources.key_pos[key] if isinstance(sources, YMap) else _NO_POS
            vpos = sources.value_pos[key] if isinstance(sources, YMap) else _NO_POS
            if self._bad_key(file, "source", key, kpos):
                continue
            if key in self.sources or key in self.bad_sources:
                where = self.source_where.get(key, "")
                self.problem(
                    file,
                    kpos,
                    f"duplicate source id '{key}' (also at {where})",
                    f"give each source its own id ({where} and {file}:{kpos.line})",
                )
                continue
            self.source_where[key] = f"{file}:{kpos.line}"
            try:
                src = SourceModel.model_validate(value)
                date_text = self._source_date(src, value, vpos)
            except ValidationError as exc:
                self.validation_problems(file, value, exc, SourceModel, prefix=("sources", key), fallback=vpos)
                self.bad_sources.add(key)
                continue
            except DateError as exc:
                dpos = value.value_pos.get("date", vpos) if isinstance(value, YMap) else vpos
                self.problem(file, dpos, f"'sources.{key}.date': {exc.message}", exc.hint)
                self.bad_sources.add(key)
                continue
            self.sources[key] = Source(key, src.publisher, src.title, src.url, date_text)

    @staticmethod
    def _source_date(src: InlineSourceModel, node: Any, fallback: Pos) -> str | None:
        """The normalised date of a source; raises DateError."""
        if src.date is None:
            return None
        pos = node.value_pos.get("date", fallback) if isinstance(node, YMap) else fallback
        return parse_date(_date_input(src.date, pos)).edtf

    def _list_items(self, file: str, block: Any, parent: YMap | None, name: str, hint: str) -> list[tuple[Any, Pos]]:
        """The items of a top-level list block with their positions; a block that is no list is
        reported (with ``hint``) and gives none."""
        if not isinstance(block, list):
            self.problem(file, self._block_pos(parent, name), f"'{name}' must be a list, got {_kind(block)}", hint)
            return []
        return [(item, block.item_pos[i] if isinstance(block, YList) else _NO_POS) for i, item in enumerate(block)]

    def _events(self, file: str, events: Any, parent: YMap | None) -> None:
        if events is None:
            return
        for item, ipos in self._list_items(
            file, events, parent, "events", "write events: then one '- id: ...' item per event"
        ):
            if not isinstance(item, dict):
                self.problem(
                    file,
                    ipos,
                    f"an event must be a mapping, got {_kind(item)}",
                    "write each event as '- id: ...' followed by date:, title:, category:",
                )
                self.skipped += 1
                continue
            if isinstance(item, YMap) and item.bad:  # a duplicate or non-text key, already reported
                if isinstance(item.get("id"), str):
                    self.attempted.add(item["id"])
                self.skipped += 1
                continue
            if self._event(file, item, ipos) is None:
                self.skipped += 1

    def _event(self, file: str, item: Any, ipos: Pos) -> Event | None:
        raw_id = item.get("id")
        eid = raw_id if isinstance(raw_id, str) else None
        vpos: Mapping[str, Pos] = item.value_pos if isinstance(item, YMap) else {}
        links_node = item.get("links")
        try:
            # links are checked one by one (a broken link is dropped, the event kept): see _links
            model = EventModel.model_validate({k: v for k, v in item.items() if k != "links"})
        except ValidationError as exc:
            self.validation_problems(file, item, exc, EventModel, fallback=ipos, event_id=eid)
            if eid is not None:
                self.attempted.add(eid)
            self.date_problem(file, item.get("date"), vpos.get("date", ipos), "date", eid)
            return None
        try:
            written = _date_input(model.date, vpos.get("date", ipos))
            info = self.dates.get(written)
            if info is None:
                info = self.dates[written] = parse_date(written)
        except DateError as exc:
            self.problem(file, vpos.get("date", ipos), f"'date': {exc.message}", exc.hint, model.id)
            self.attempted.add(model.id)
            return None
        if model.order is not None:
            opos = vpos.get("order", ipos)
            misread = _misread_number(model.order, opos)
            if misread is not None:
                self.problem(file, opos, f"'order': {misread[0]}", misread[1], model.id)
                self.attempted.add(model.id)
                return None
        if model.id in self.event_where:
            first_file, first_line = self.event_where[model.id]
            self.problem(
                file,
                vpos.get("id", ipos),
                f"duplicate event id '{model.id}' (first at {first_file}:{first_line})",
                f"give each event its own id: rename the one here or the one at {first_file}:{first_line}",
                model.id,
            )
            return None
        # sources: inline ones are registered under generated ids (after all checks pass)
        source_ids: list[str] = []
        refs: list[tuple[str, Pos]] = []
        inline: list[Source] = []
        src_node = item.get("sources")
        for n, ref in enumerate(model.sources, start=1):
            spos = src_node.item_pos[n - 1] if isinstance(src_node, YList) else ipos
            if isinstance(ref, str):
                source_ids.append(ref)
                refs.append((ref, spos))
                continue
            sid = f"{model.id}--{n}"
            try:
                date_text = self._source_date(ref, src_node[n - 1] if isinstance(src_node, list) else None, spos)
            except DateError as exc:
                node = src_node[n - 1] if isinstance(src_node, list) else None
                dpos = node.value_pos.get("date", spos) if isinstance(node, YMap) else spos
                self.problem(file, dpos, f"'sources[{n}].date': {exc.message}", exc.hint, model.id)
                self.attempted.add(model.id)
                return None
            inline.append(Source(sid, ref.publisher, ref.title, ref.url, date_text))
            source_ids.append(sid)
        for src in inline:
            self.sources[src.id] = src
            self.source_where[src.id] = f"{file}:{ipos.line}"
        rel_node = item.get("related")
        related = [
            (r, rel_node.item_pos[k] if isinstance(rel_node, YList) else ipos) for k, r in enumerate(model.related)
        ]
        same_as = self._same_as(file, model, item.get("same_as"), ipos)
        image = None
        if model.image is not None:
            image = Image(model.image.url, model.image.caption, model.image.credit, model.image.alt)
        event = Event(
            id=model.id,
            date=info,
            title=model.title,
            category=model.category,
            summary=model.summary or "",
            notes=model.notes or "",
            actors=list(model.actors),
            places=list(model.places),
            tags=list(model.tags),
            importance=model.importance,
            status=model.status,
            display_date=model.display_date,
            sources=source_ids,
            related=[r for r, _ in related],
            image=image,
            file=file,
            line=ipos.line,
            order=model.order,
            same_as=list(same_as),
        )
        links = self._links(file, links_node, model.id, vpos.get("links", ipos))
        if links:
            event = _replace(event, links=[link for link, _p, _s, _w in links])
        for other, spos in same_as.items():
            self.same_as_at[(model.id, other)] = (spos.line, spos.column)
        self.event_where[model.id] = (file, ipos.line)
        self.events.append(event)
        if links:
            self.pending_links.append((event, links))
        if refs:
            self.pending_sources.append((event, refs))
        if related:
            self.pending_related.append((event, related))
        self.pending_category.append((event, vpos.get("category", ipos)))
        return event

    def _links(self, file: str, node: Any, eid: str, pos: Pos) -> list[tuple[Link, Pos, list[Pos], str]]:
        """The well-formed links of event ``eid`` (``links:``), each with where its target and its
        sources are written and its place (``links[2]``); a link with a problem is reported and
        left out (the event is kept). Targets, sources and cycles are checked once every event is
        read (:meth:`finish`)."""
        if node is None:
            return []
        if not isinstance(node, list):
            self.problem(
                file,
                pos,
                f"'links' must be a list, got {_kind(node)}",
                "write links: then one '- {to: ID, type: causes}' item per link",
                eid,
            )
            return []
        out: list[tuple[Link, Pos, list[Pos], str]] = []
        seen: dict[tuple[str, str], int] = {}
        for k, item in enumerate(node):
            ipos = node.item_pos[k] if isinstance(node, YList) else pos
            where = f"links[{k + 1}]"
            if isinstance(item, YMap) and item.bad:  # a duplicate or non-text key, already reported
                continue
            if not isinstance(item, dict):
                self.problem(
                    file,
                    ipos,
                    f"'{where}': a link must be a mapping, got {_kind(item)}",
                    "write {to: ID, type: causes} (type: causes, responds-to, part-of, contradicts or same-as)",
                    eid,
                )
                continue
            lpos: Mapping[str, Pos] = item.value_pos if isinstance(item, YMap) else {}
            written = item.get("type")
            if isinstance(written, str) and written not in LINK_TYPES:
                close = guess_type(written)
                guess = f" (did you mean '{close}'?)" if close else ""
                self.problem(
                    file,
                    lpos.get("type", ipos),
                    f"'{where}.type': unknown link type '{written}'{guess}",
                    f"write one of {', '.join(LINK_TYPES)}; the link is left out until then",
                    eid,
                )
                continue
            try:
                model = LinkModel.model_validate(item)
            except ValidationError as exc:
                self.validation_problems(file, item, exc, LinkModel, prefix=("links", k), fallback=ipos, event_id=eid)
                continue
            tpos = lpos.get("to", ipos)
            if model.to == eid:
                self.problem(file, tpos, *self_link_problem(k + 1, eid), eid)
                continue
            key = (model.to, model.type)
            if key in seen:
                self.problem(
                    file,
                    tpos,
                    f"'{where}': a second '{model.type}' link to '{model.to}' (the first is links[{seen[key]}])",
                    "keep one link of each type to an event; put both notes in one",
                    eid,
                )
                continue
            seen[key] = k + 1
            src_node = item.get("sources")
            spos = [
                src_node.item_pos[n] if isinstance(src_node, YList) else lpos.get("sources", ipos)
                for n in range(len(model.sources))
            ]
            out.append((Link(model.to, model.type, model.note or "", tuple(model.sources)), tpos, spos, where))
        return out

    def _check_links(self, events: list[Event], kept: set[str], fixed: dict[str, Event]) -> None:
        """Drop and report the links whose target is no event, then those that close a cycle of
        ``causes`` or ``part-of`` links; an unknown source of a link is reported and dropped."""
        good: list[tuple[Event, Link, Pos]] = []
        for event, links in self.pending_links:
            if event.id not in kept:
                continue
            changed = False
            for link, tpos, spos, where in links:
                if link.to not in kept:
                    message, hint = self._missing_event(f"'{where}': linked event '{link.to}'", link.to, kept)
                    self.problem(event.file, tpos, message, hint + "; the link is left out until then", event.id)
                    changed = True
                    continue
                bad = [(s, p) for s, p in zip(link.sources, spos, strict=True) if s not in self.sources]
                for sid, p in bad:
                    close = difflib.get_close_matches(sid, [s for s in self.sources if "--" not in s], n=1)
                    guess = f" (did you mean '{close[0]}'?)" if close else ""
                    self.problem(
                        event.file,
                        p,
                        f"'{where}.sources': unknown source id '{sid}'{guess}",
                        "a link cites sources of the registry (sources: at the top) by id",
                        event.id,
                    )
                if bad:
                    link = dataclasses.replace(link, sources=tuple(s for s in link.sources if s in self.sources))
                    changed = True
                good.append((event, link, tpos))
            if changed:
                self._set_links(fixed, event, [link for e, link, _p in good if e is event])
        dropped: set[tuple[str, int]] = set()
        for kind in CYCLE_TYPES:
            edges = [(e.id, link.to, i) for i, (e, link, _p) in enumerate(good) if link.type == kind]
            for members, closing in cycles(edges):
                assert isinstance(closing, int)
                event, link, tpos = good[closing]
                self.problem(event.file, tpos, *link_cycle_problem(link.type, event.id, link.to, members), event.id)
                dropped.add((event.id, closing))
        if dropped:
            by_event: dict[str, list[Link]] = {}
            owner: dict[str, Event] = {}
            for i, (event, link, _p) in enumerate(good):
                owner[event.id] = event
                if (event.id, i) not in dropped:
                    by_event.setdefault(event.id, []).append(link)
            for eid in {e for e, _i in dropped}:
                self._set_links(fixed, owner[eid], by_event.get(eid, []))

    @staticmethod
    def _set_links(fixed: dict[str, Event], event: Event, links: list[Link]) -> None:
        fixed[event.id] = _replace(fixed.get(event.id, event), links=links)

    def _same_as(self, file: str, model: EventModel, node: Any, ipos: Pos) -> dict[str, Pos]:
        """The ``same_as`` ids of an event with their positions; a repeated id is reported and dropped."""
        kept: dict[str, Pos] = {}
        for k, other in enumerate(model.same_as):
            pos = node.item_pos[k] if isinstance(node, YList) else ipos
            if other in kept:
                first = kept[other]
                self.problem(
                    file,
                    pos,
                    f"'same_as' lists '{other}' twice (first at {file}:{first.line}:{first.column})",
                    f"remove the second '{other}'",
                    model.id,
                )
                continue
            kept[other] = pos
        return kept

    def _stories(self, file: str, stories: Any, parent: YMap | None) -> None:
        hint = "write stories: then one '- id: ...' item per story"
        for i, (item, ipos) in enumerate(self._list_items(file, stories, parent, "stories", hint)):
            if isinstance(item, (YMap, YList)) and item.bad:
                continue  # a duplicate or non-text key, already reported
            try:
                model = StoryModel.model_validate(item)
            except ValidationError as exc:
                self.validation_problems(file, item, exc, StoryModel, prefix=("stories", i), fallback=ipos)
                continue
            self.stories.append((file, model, item, ipos))

    def _periods(self, file: str, periods: Any, parent: YMap | None) -> None:
        hint = "write periods: then one '- id: ...' item per period, with label: and date:"
        for i, (item, ipos) in enumerate(self._list_items(file, periods, parent, "periods", hint)):
            if isinstance(item, (YMap, YList)) and item.bad:
                continue  # a duplicate or non-text key, already reported
            period = self._period(file, i, item, ipos)
            if period is not None:
                self.periods.append(period)

    def _period(self, file: str, index: int, item: Any, ipos: Pos) -> Period | None:
        """The period of one item of ``periods:``, or None when it has a problem (reported)."""
        prefix = ("periods", index)
        vpos: Mapping[str, Pos] = item.value_pos if isinstance(item, YMap) else {}
        dpos = vpos.get("date", ipos)
        where = _where([*prefix, "date"])
        try:
            model = PeriodModel.model_validate(item)
        except ValidationError as exc:
            self.validation_problems(file, item, exc, PeriodModel, prefix=prefix, fallback=ipos)
            self.date_problem(file, item.get("date") if isinstance(item, dict) else None, dpos, where)
            return None
        try:
            info = parse_date(_date_input(model.date, dpos))
        except DateError as exc:
            self.problem(file, dpos, f"'{where}': {exc.message}", exc.hint)
            return None
        if isinstance(item, dict) and "color" in item and item["color"] is None:
            self.problem(
                file,
                vpos.get("color", ipos),
                f"'{_where([*prefix, 'color'])}' is empty (an unquoted # starts a YAML comment)",
                'quote the colour: color: "#4C78A8"; or remove color:',
            )
            return None
        if model.id in self.period_where:
            first = self.period_where[model.id]
            self.problem(
                file,
                vpos.get("id", ipos),
                f"duplicate period id '{model.id}' (first at {first})",
                f"give each period its own id: rename the one here or the one at {first}",
            )
            return None
        self.period_where[model.id] = f"{file}:{ipos.line}"
        return Period.from_date(model.id, model.label, info, color=model.color, description=model.description)

    def _missing_event(self, what: str, ref: str, kept: set[str]) -> tuple[str, str]:
        if ref in self.attempted:
            return (
                f"{what} was skipped because of its own problems",
                f"fix the problems of event '{ref}' (listed with it)",
            )
        close = difflib.get_close_matches(ref, list(kept), n=1)
        guess = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{what} does not exist{guess}", "use the id of an event in this chronology"

    def finish(self) -> Chronology:
        # categories: declared ones constrain events; otherwise they come from the events
        events: list[Event] = []
        declared = ", ".join(self.categories) or "(none)"
        for event, pos in self.pending_category:
            if self.declared and event.category not in self.categories:
                close = difflib.get_close_matches(event.category, list(self.categories), n=1)
                guess = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(
                    event.file,
                    pos,
                    f"category '{event.category}' is not declared in categories:{guess}; declared: {declared}",
                    f"use one of: {declared}; or add '{event.category}' to categories:",
                    event.id,
                )
                self.skipped += 1
                self.attempted.add(event.id)
                continue
            if not self.declared and event.category not in self.categories:
                self.categories[event.category] = Category(event.category, event.category)
            events.append(event)
        kept = {ev.id for ev in events}
        fixed: dict[str, Event] = {}
        for event, refs in self.pending_sources:
            bad = [(r, p) for r, p in refs if r not in self.sources]
            for ref, pos in bad:
                if ref in self.bad_sources:
                    message = f"source '{ref}' was skipped because of its own problems"
                    hint = f"fix the problems of source '{ref}' at {self.source_where.get(ref, '')}"
                else:
                    close = difflib.get_close_matches(ref, [s for s in self.sources if "--" not in s], n=1)
                    guess = f" (did you mean '{close[0]}'?)" if close else ""
                    message = f"unknown source id '{ref}'{guess}"
                    hint = "add it to sources: at the top, or write the source inline"
                self.problem(event.file, pos, message, hint, event.id)
            if bad:
                names = {r for r, _ in bad}
                fixed[event.id] = _replace(
                    fixed.get(event.id, event), sources=[s for s in event.sources if s not in names]
                )
        for event, related in self.pending_related:
            bad = [(r, p) for r, p in related if r not in kept]
            for ref, pos in bad:
                self.problem(event.file, pos, *self._missing_event(f"related event '{ref}'", ref, kept), event.id)
            if bad:
                names = {r for r, _ in bad}
                base = fixed.get(event.id, event)
                fixed[event.id] = _replace(base, related=[r for r in base.related if r not in names])
        self._check_links(events, kept, fixed)
        if fixed:
            events = [fixed.get(ev.id, ev) for ev in events]
        events.sort(key=event_sort_key)
        stories: list[Story] = []
        story_where: dict[str, str] = {}
        for file, model, node, ipos in self.stories:
            idpos = node.value_pos.get("id", ipos) if isinstance(node, YMap) else ipos
            if model.id in story_where:
                self.problem(
                    file,
                    idpos,
                    f"duplicate story id '{model.id}' (first at {story_where[model.id]})",
                    "give each story its own id",
                )
                continue
            story_where[model.id] = f"{file}:{ipos.line}"
            steps: list[StoryStep] = []
            steps_node = node.get("steps") if isinstance(node, dict) else None
            for k, step in enumerate(model.steps):
                if step.event not in kept:
                    pos = ipos
                    if isinstance(steps_node, YList) and isinstance(steps_node[k], YMap):
                        pos = steps_node[k].value_pos.get("event", steps_node.item_pos[k])
                    what = f"story '{model.id}' step {k + 1}: event '{step.event}'"
                    self.problem(file, pos, *self._missing_event(what, step.event, kept))
                    continue
                steps.append(StoryStep(step.event, step.note or ""))
            if steps:
                stories.append(Story(model.id, model.title, model.description or "", steps))
        order = {name: i for i, name in enumerate(self.files)}
        self.problems.sort(key=lambda p: (order.get(p.file, 0), p.line, p.column))
        return Chronology(
            title=self.title,
            description=self.description,
            categories=self.categories,
            sources=self.sources,
            events=events,
            stories=stories,
            problems=self.problems,
            files=self.files,
            skipped=self.skipped,
            declared_categories=self.declared,
            periods=self.periods,
            id=self.id,
            same_as_at={key: pos for key, pos in self.same_as_at.items() if key[0] in kept},
        )


def _replace(event: Event, **changes: Any) -> Event:
    return dataclasses.replace(event, **changes)
