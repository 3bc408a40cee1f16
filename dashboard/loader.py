"""Loading: files -> a checked :class:`Chronology` (events, sources, stories, problems).

``load_path`` reads a YAML file or a folder of YAML files. It never raises for bad content:
every problem is collected with ``file:line:column``, a message and a hint, and every valid
event is kept. Whole-file problems (size, encoding, syntax, depth, aliases, tags) reject that
file; problems inside one event skip that event only; a broken reference (an unknown source,
related event or story step) is reported and dropped, and the event is kept.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .dates import DateError, DateInfo, parse_date
from .models import (
    CategoryModel,
    ChronologyFile,
    EventModel,
    InlineSourceModel,
    SourceModel,
    StoryModel,
)
from .problems import Problem
from .yamlsafe import DEFAULT_MAX_BYTES, Pos, ReadLimits, YList, YMap, read_yaml

__all__ = [
    "Category",
    "Source",
    "Image",
    "Event",
    "StoryStep",
    "Story",
    "Chronology",
    "load_path",
    "load_paths",
    "load_bytes",
    "load_data",
    "YAML_SUFFIXES",
]

YAML_SUFFIXES = (".yaml", ".yml")
_TOP_KEYS = tuple(ChronologyFile.model_fields)
_EVENT_KEYS = tuple(EventModel.model_fields)


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

    @property
    def label(self) -> str:
        """The date as shown: ``display_date`` when given, else the computed label."""
        return self.display_date or self.date.label


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


@dataclass(slots=True)
class Chronology:
    """The result of loading: what is valid, and every problem found."""

    title: str = ""
    description: str = ""
    categories: dict[str, Category] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    skipped: int = 0
    """Events present in the files but not loaded because of a problem."""
    declared_categories: bool = False

    def event(self, event_id: str) -> Event | None:
        for ev in self.events:
            if ev.id == event_id:
                return ev
        return None

    def summary_line(self) -> str:
        """``31 events, 0 problems`` (with skipped events when there are some)."""
        n, p = len(self.events), len(self.problems)
        text = f"{n} event{'s' if n != 1 else ''}, {p} problem{'s' if p != 1 else ''}"
        if self.skipped:
            text += f" ({self.skipped} event{'s' if self.skipped != 1 else ''} skipped)"
        return text


# --------------------------------------------------------------------------- entry points


def load_path(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Load a YAML file, or every ``*.yaml``/``*.yml`` file of a folder as one chronology."""
    return load_paths([path], max_bytes=max_bytes)


def load_paths(paths: Iterable[str | os.PathLike[str]], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Load several files and folders as one chronology (ids unique across all of them)."""
    files: list[tuple[str, bytes | None, Problem | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
            if not found:
                files.append(
                    (str(path), None, Problem(str(path), 0, 0, "the folder has no .yaml or .yml files",
                                              "put the chronology's YAML files in this folder"))
                )
            files.extend(_read(p, max_bytes) for p in found)
        else:
            files.append(_read(path, max_bytes))
    return _assemble(files, max_bytes=max_bytes)


def load_bytes(data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES) -> Chronology:
    """Load one chronology from bytes (an upload); ``file`` names it in problems."""
    return _assemble([(file, data, None)], max_bytes=max_bytes)


def load_data(data: Mapping[str, Any], *, file: str = "<data>") -> Chronology:
    """Check an already-parsed mapping (from an importer) with the same rules as a file."""
    builder = _Builder()
    builder.add_document(file, data)
    return builder.finish()


def _read(path: Path, max_bytes: int) -> tuple[str, bytes | None, Problem | None]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return name, None, Problem(
                name, 0, 0, f"the file is {size:,} bytes, over the size limit of {max_bytes:,} bytes",
                "split it into several files in one folder, or raise the limit (--max-bytes)")
        with path.open("rb") as fh:
            return name, fh.read(max_bytes + 1), None
    except FileNotFoundError:
        return name, None, Problem(name, 0, 0, "no such file or folder", "check the path")
    except OSError as exc:
        return name, None, Problem(name, 0, 0, f"cannot read the file: {exc.strerror}", "check the path and its permissions")


def _assemble(files: Sequence[tuple[str, bytes | None, Problem | None]], *, max_bytes: int) -> Chronology:
    builder = _Builder()
    limits = ReadLimits(max_bytes=max_bytes)
    for name, data, problem in files:
        builder.files.append(name)
        if problem is not None or data is None:
            if problem is not None:
                builder.problems.append(problem)
            continue
        result = read_yaml(data, file=name, limits=limits)
        builder.problems.extend(result.problems)
        if result.fatal:
            continue
        builder.add_document(name, result.data, read_problems=result.problems)
    return builder.finish()


# --------------------------------------------------------------------------- messages


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
    return f'{extra}quote it: "{written}"'


def _message(err: Mapping[str, Any], fields: Sequence[str], raw: str | None) -> tuple[str, str]:
    """Turn one pydantic error into (message, hint) in our words."""
    kind = err["type"]
    value = err.get("input")
    loc = [x for x in err["loc"] if isinstance(x, str) and x not in ("text", "year", "id", "inline")]
    name = loc[-1] if loc else "value"
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{name}'", f"add {name}: (events need id, date, title and category)"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
        guess = f" (did you mean '{close[0]}'?)" if close else ""
        note = ""
        if isinstance(value, (bool, int, float)) and raw is not None:
            note = f"; note that {_quote_hint(value, raw)}"
        return f"unknown field '{name}'{guess}", "allowed fields: " + ", ".join(fields) + note
    if kind == "string_type":
        if value is None:
            return f"'{name}' is empty: expected text", f"write the text, or remove '{name}'"
        if isinstance(value, (bool, int, float)):
            return f"'{name}' expected text, got {_kind(value)}", _quote_hint(value, raw)
        return f"'{name}' expected text, got {_kind(value)}", "write plain text here"
    if kind == "list_type":
        if isinstance(value, str):
            return f"'{name}' must be a list, got text", f"write it as a list: [{value}]"
        return f"'{name}' must be a list, got {_kind(value)}", "write it as a list: [a, b]"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping (field: value), got {_kind(value)}", "see FORMAT.md for the fields"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"'{name}' must be a whole number, got {_kind(value)}", "write a number such as 3, without quotes"
    if kind in ("less_than_equal", "greater_than_equal"):
        return f"'{name}' must be between 1 and 5, got {value!r}", "1 is minor, 5 is major"
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        return f"'{name}' must be one of {expected}, got {value!r}", f"write one of {expected}"
    if kind == "date_kind":
        return f"expected a date, got {_kind(value)}", "write an EDTF date such as 2022-02-21, or a year such as 1066"
    if kind == "source_kind":
        return f"a source must be an id or a mapping, got {_kind(value)}", "write a source id, or {publisher: ..., url: https://...}"
    if kind == "string_too_short":
        return f"empty text in '{name}'", "remove the empty item"
    if kind == "too_short":
        return f"'{name}' is empty", "add at least one item"
    if kind == "bool_type":
        return f"'{name}' must be true or false", "write true or false"
    hint = str(ctx.get("hint", ""))
    msg = str(err.get("msg", "invalid value"))
    return msg, hint or "see FORMAT.md"


def _pos_of(container: Any, loc: Sequence[Any], key_error: bool) -> Pos:
    """Position of the value at ``loc`` inside a YMap/YList tree (deepest known)."""
    node = container
    pos: Pos = container.pos if isinstance(container, (YMap, YList)) else Pos(0, 0)
    for i, step in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, YMap) and isinstance(step, str) and step in node:
            pos = node.key_pos[step] if (last and key_error) else node.value_pos[step]
            node = node[step]
        elif isinstance(node, YList) and isinstance(step, int) and 0 <= step < len(node):
            pos = node.item_pos[step]
            node = node[step]
        elif isinstance(step, str) and step in ("text", "year", "id", "inline"):
            continue
        else:
            break
    return pos


def _raw_of(container: Any, loc: Sequence[Any]) -> str | None:
    pos = _pos_of(container, loc, False)
    return pos.raw


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
        self.events: list[Event] = []
        self.event_where: dict[str, tuple[str, int]] = {}
        self.pending_sources: list[tuple[Event, list[tuple[str, Pos]]]] = []
        self.pending_related: list[tuple[Event, list[tuple[str, Pos]]]] = []
        self.pending_category: list[tuple[Event, Pos]] = []
        self.stories: list[tuple[str, StoryModel, Any]] = []
        self.skipped = 0
        self.attempted: set[str] = set()  # ids of events skipped for their own problems

    def problem(self, file: str, pos: Pos, message: str, hint: str = "", event_id: str | None = None) -> None:
        self.problems.append(Problem(file, pos.line, pos.column, message, hint, event_id))

    def validation_problems(
        self, file: str, node: Any, exc: ValidationError, fields: Sequence[str], prefix: Sequence[Any] = (),
        event_id: str | None = None,
    ) -> None:
        seen: set[tuple[int, int, str]] = set()
        for err in exc.errors():
            loc = list(prefix) + list(err["loc"])
            raw = _raw_of(node, err["loc"])
            message, hint = _message(err, fields, raw)
            pos = _pos_of(node, err["loc"], err["type"] == "extra_forbidden")
            parts = [str(x) for x in loc if x not in ("text", "year", "id", "inline")]
            where = ".".join(parts)
            if len(parts) > 1 and err["type"] not in ("extra_forbidden", "missing"):
                message = f"{where}: {message}"
            key = (pos.line, pos.column, message)
            if key not in seen:
                seen.add(key)
                self.problem(file, pos, message, hint, event_id)

    def add_document(self, file: str, data: Any, *, read_problems: Sequence[Problem] = ()) -> None:
        if not isinstance(data, dict) or "events" not in data:
            pos = data.pos if isinstance(data, (YMap, YList)) else Pos(1, 1)
            got = "an empty file" if data is None else _kind(data)
            if isinstance(data, dict):
                got = "a mapping without `events:`"
                close = difflib.get_close_matches("events", [k for k in data if isinstance(k, str)], n=1)
                if close:
                    got += f" (is '{close[0]}' meant to be 'events'?)"
            self.problem(file, pos, f"expected a mapping with `events:`, got {got}",
                         "a chronology is a mapping: title: ..., events: [list of events]")
            return
        ymap = data if isinstance(data, YMap) else None
        # top-level keys and scalar metadata
        meta = {k: v for k, v in data.items() if k not in ("categories", "sources", "events", "stories")}
        try:
            parsed = ChronologyFile.model_validate(meta)
            if parsed.title and not self.title:
                self.title = parsed.title
            if parsed.description and not self.description:
                self.description = parsed.description
        except ValidationError as exc:
            self.validation_problems(file, data, exc, _TOP_KEYS)
        self._categories(file, data.get("categories"), ymap)
        self._sources(file, data.get("sources"), ymap)
        self._events(file, data.get("events"), ymap, read_problems)
        stories = data.get("stories")
        if stories is not None:
            self._stories(file, stories, ymap)

    def _categories(self, file: str, cats: Any, parent: YMap | None) -> None:
        if cats is None:
            return
        self.declared = True
        if not isinstance(cats, dict):
            pos = parent.value_pos["categories"] if parent is not None else Pos(1, 1)
            self.problem(file, pos, f"categories must be a mapping, got {_kind(cats)}",
                         "write categories: then one key per category, e.g. recognition: {label: Recognition}")
            return
        for key, value in cats.items():
            kpos = cats.key_pos[key] if isinstance(cats, YMap) else Pos(1, 1)
            try:
                model = ChronologyFile.model_validate({"categories": {key: value if value is not None else {}}})
            except ValidationError as exc:
                self.validation_problems(file, {"categories": cats} if not isinstance(parent, YMap) else parent,
                                         exc, tuple(CategoryModel.model_fields))
                continue
            assert model.categories is not None
            cat = model.categories[key]
            made = Category(key, cat.label or key, cat.color, cat.description)
            if key in self.categories and self.categories[key] != made:
                self.problem(file, kpos, f"category '{key}' is defined differently in {self.category_where[key]}",
                             "define each category once, or identically in every file")
                continue
            self.categories[key] = made
            self.category_where[key] = f"{file}:{kpos.line}"

    def _sources(self, file: str, sources: Any, parent: YMap | None) -> None:
        if sources is None:
            return
        if not isinstance(sources, dict):
            pos = parent.value_pos["sources"] if parent is not None else Pos(1, 1)
            self.problem(file, pos, f"sources must be a mapping of id: source, got {_kind(sources)}",
                         "write sources: then one id per source, e.g. tass-2022-11-02: {publisher: TASS, url: https://...}")
            return
        for key, value in sources.items():
            kpos = sources.key_pos[key] if isinstance(sources, YMap) else Pos(1, 1)
            try:
                model = ChronologyFile.model_validate({"sources": {key: value}})
            except ValidationError as exc:
                self.validation_problems(file, parent if parent is not None else {"sources": sources}, exc,
                                         tuple(SourceModel.model_fields))
                continue
            src = model.sources[key]
            date_text = self._source_date(file, src, value)
            if key in self.sources:
                self.problem(file, kpos, f"duplicate source id '{key}' (also at {self.source_where[key]})",
                             "give each source its own id")
                continue
            self.sources[key] = Source(key, src.publisher, src.title, src.url, date_text)
            self.source_where[key] = f"{file}:{kpos.line}"

    def _source_date(self, file: str, src: InlineSourceModel, node: Any) -> str | None:
        if src.date is None:
            return None
        try:
            return parse_date(src.date).edtf
        except DateError as exc:
            pos = node.value_pos.get("date", node.pos) if isinstance(node, YMap) else Pos(1, 1)
            self.problem(file, pos, f"source date: {exc.message}", exc.hint)
            return str(src.date)

    def _events(self, file: str, events: Any, parent: YMap | None, read_problems: Sequence[Problem]) -> None:
        if events is None:
            return
        if not isinstance(events, list):
            pos = parent.value_pos["events"] if parent is not None else Pos(1, 1)
            self.problem(file, pos, f"events must be a list, got {_kind(events)}",
                         "write events: then one '- id: ...' item per event")
            return
        starts = [p.line for p in events.item_pos] if isinstance(events, YList) else []
        # events that contain a reading problem (duplicate or non-text key) are skipped
        bad_items: set[int] = set()
        if starts:
            for prob in read_problems:
                i = bisect.bisect_right(starts, prob.line) - 1
                if 0 <= i < len(starts) and prob.line >= events.pos.line:
                    bad_items.add(i)
        for i, item in enumerate(events):
            ipos = events.item_pos[i] if isinstance(events, YList) else Pos(1, 1)
            if i in bad_items:
                self.skipped += 1
                continue
            if not isinstance(item, dict):
                self.problem(file, ipos, f"an event must be a mapping, got {_kind(item)}",
                             "write each event as '- id: ...' followed by date:, title:, category:")
                self.skipped += 1
                continue
            event = self._event(file, item, ipos)
            if event is None:
                self.skipped += 1

    def _event(self, file: str, item: Any, ipos: Pos) -> Event | None:
        eid = item.get("id") if isinstance(item.get("id"), str) else None
        try:
            model = EventModel.model_validate(item)
        except ValidationError as exc:
            self.validation_problems(file, item, exc, _EVENT_KEYS, event_id=eid)
            self.attempted.add(eid or "")
            date = item.get("date")
            if isinstance(date, (str, int)) and not isinstance(date, bool):
                try:
                    parse_date(date)
                except DateError as dexc:
                    dpos = item.value_pos["date"] if isinstance(item, YMap) and "date" in item else ipos
                    self.problem(file, dpos, f"date: {dexc.message}", dexc.hint, eid)
            return None
        vpos = item.value_pos if isinstance(item, YMap) else {}
        try:
            info = parse_date(model.date)
        except DateError as exc:
            self.problem(file, vpos.get("date", ipos), f"date: {exc.message}", exc.hint, model.id)
            self.attempted.add(model.id)
            return None
        if model.id in self.event_where:
            where = self.event_where[model.id]
            self.problem(file, vpos.get("id", ipos), f"duplicate event id '{model.id}' (first at {where[0]}:{where[1]})",
                         "give each event its own id")
            return None
        # sources: inline ones are registered under generated ids
        source_ids: list[str] = []
        refs: list[tuple[str, Pos]] = []
        src_node = item.get("sources")
        for n, ref in enumerate(model.sources, start=1):
            spos = src_node.item_pos[n - 1] if isinstance(src_node, YList) else ipos
            if isinstance(ref, str):
                source_ids.append(ref)
                refs.append((ref, spos))
            else:
                sid = f"{model.id}--{n}"
                date_text = self._source_date(file, ref, src_node[n - 1] if isinstance(src_node, YList) else None)
                self.sources[sid] = Source(sid, ref.publisher, ref.title, ref.url, date_text)
                self.source_where[sid] = f"{file}:{spos.line}"
                source_ids.append(sid)
        rel_node = item.get("related")
        related = [
            (r, rel_node.item_pos[k] if isinstance(rel_node, YList) else ipos) for k, r in enumerate(model.related)
        ]
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
        )
        self.event_where[model.id] = (file, ipos.line)
        self.events.append(event)
        self.pending_sources.append((event, refs))
        self.pending_related.append((event, related))
        self.pending_category.append((event, vpos.get("category", ipos)))
        return event

    def _stories(self, file: str, stories: Any, parent: YMap | None) -> None:
        if not isinstance(stories, list):
            pos = parent.value_pos["stories"] if parent is not None else Pos(1, 1)
            self.problem(file, pos, f"stories must be a list, got {_kind(stories)}",
                         "write stories: then one '- id: ...' item per story")
            return
        for i, item in enumerate(stories):
            try:
                model = StoryModel.model_validate(item)
            except ValidationError as exc:
                self.validation_problems(file, item, exc, tuple(StoryModel.model_fields))
                continue
            self.stories.append((file, model, item))

    def _missing_event(self, what: str, ref: str, kept: set[str]) -> tuple[str, str]:
        if ref in self.attempted:
            return f"{what} was skipped because of its own problems", "fix that event's problems (listed above)"
        close = difflib.get_close_matches(ref, list(kept), n=1)
        guess = f" (did you mean '{close[0]}'?)" if close else ""
        return f"{what} does not exist{guess}", "use the id of an event in this chronology"

    def finish(self) -> Chronology:
        # categories: declared ones constrain events; otherwise they come from the events
        events: list[Event] = []
        for event, pos in self.pending_category:
            if self.declared and event.category not in self.categories:
                declared = ", ".join(self.categories) or "(none)"
                close = difflib.get_close_matches(event.category, list(self.categories), n=1)
                guess = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(event.file, pos, f"category '{event.category}' is not declared in categories:{guess}",
                             f"use one of: {declared}; or add it to categories:", event.id)
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
                close = difflib.get_close_matches(ref, list(self.sources), n=1)
                guess = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(event.file, pos, f"unknown source id '{ref}'{guess}",
                             "add it to sources: at the top, or write the source inline", event.id)
            if bad:
                names = {r for r, _ in bad}
                fixed[event.id] = _replace(fixed.get(event.id, event), sources=[s for s in event.sources if s not in names])
        for event, related in self.pending_related:
            bad = [(r, p) for r, p in related if r not in kept]
            for ref, pos in bad:
                self.problem(event.file, pos, *self._missing_event(f"related event '{ref}'", ref, kept), event.id)
            if bad:
                names = {r for r, _ in bad}
                base = fixed.get(event.id, event)
                fixed[event.id] = _replace(base, related=[r for r in base.related if r not in names])
        events = [fixed.get(ev.id, ev) for ev in events]
        events.sort(key=lambda ev: (ev.date.earliest, ev.id))
        stories: list[Story] = []
        story_ids: set[str] = set()
        for file, model, node in self.stories:
            spos = node.pos if isinstance(node, (YMap, YList)) else Pos(1, 1)
            if model.id in story_ids:
                self.problem(file, spos, f"duplicate story id '{model.id}'", "give each story its own id")
                continue
            story_ids.add(model.id)
            steps: list[StoryStep] = []
            steps_node = node.get("steps") if isinstance(node, dict) else None
            for k, step in enumerate(model.steps):
                if step.event not in kept:
                    pos = spos
                    if isinstance(steps_node, YList) and isinstance(steps_node[k], YMap):
                        pos = steps_node[k].value_pos.get("event", steps_node.item_pos[k])
                    what = f"story '{model.id}' step {k + 1}: event '{step.event}'"
                    self.problem(file, pos, *self._missing_event(what, step.event, kept))
                    continue
                steps.append(StoryStep(step.event, step.note or ""))
            if steps:
                stories.append(Story(model.id, model.title, model.description or "", steps))
        self.problems.sort(key=lambda p: (self.files.index(p.file) if p.file in self.files else 0, p.line, p.column))
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
        )


def _replace(event: Event, **changes: Any) -> Event:
    return dataclasses.replace(event, **changes)
