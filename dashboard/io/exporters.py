"""Export: chosen events of a chronology -> CSV, JSON, YAML, iCalendar, TimelineJS JSON, HTML.

Pure Python (no Streamlit, nothing printed). The events to write are given as the filtered
events frame (its ``id`` column), as ids, or as ``None`` for every event; they are written in
the chronology's order (earliest first).

``yaml``
    The chronology format (docs/format.md), loadable again with the same events: every text value
    is quoted (so ``yes`` or ``12:30`` stay text; multi-line text is a ``|`` block), dates are
    the EDTF text of each event. It keeps the title, description and categories, the registry
    sources that the written events cite, inline sources inline, every period, and the stories whose
    steps are all written; ``related`` ids, and ``links`` to events, that are not written are left
    out (a link keeps its type, note and sources). The chronology's ``id`` and every event's
    ``same_as`` (ids in another chronology) are kept.
``json``
    The same document as JSON (``import_json`` / ``load_any`` read it back).
``csv``
    One row per event with the columns :mod:`dashboard.io.importers` reads (lists separated by
    ``; ``, ``\\;`` for a semicolon inside an item; sources inline, matched by position), then
    the computed ``label``, ``earliest``, ``latest`` (UTC, ISO 8601, astronomical years) and
    ``precision``, and last ``same_as`` (a list, as ``related``; the CSV import reads it). UTF-8
    with a byte-order mark (so spreadsheets read it as UTF-8); a text cell that a spreadsheet
    would run as a formula (starting with ``= + - @``) gets a ``'`` in front, which the CSV
    import removes again. ``links`` holds ``type:id`` items (the cell rule of
    :func:`dashboard.core.cells.join_links`); a link's note and sources are not in CSV.
``ics``
    iCalendar (RFC 5545, the ``icalendar`` package): day precision gives an all-day event;
    months, years, seasons, decades and intervals an all-day span (``DTEND`` is the day after
    the last day); moments a ``DTSTART`` in UTC (intervals between two moments a ``DTEND``).
    iCalendar cannot write years before AD 1 (or after 9999): such events are skipped and
    listed in :attr:`Exported.skipped`. iCalendar has no links between events: they are left
    out, and :attr:`Exported.notices` says so (TimelineJS likewise).
``timelinejs``
    TimelineJS 3 JSON: one slide per event (``start_date``/``end_date`` parts, historical
    years: astronomical ``-0043`` is written ``-44``), the title slide from the chronology,
    headline and text as escaped HTML (the summary's Markdown rebuilt as HTML, sources as
    links), the category label as ``group``, the image as ``media``. Each slide also carries
    ``unique_id`` (the event id) and ``edtf`` (the exact date), which TimelineJS ignores and
    the TimelineJS import reads back. The periods are written as ``eras`` (label as the headline,
    description as the text, ``unique_id``, ``edtf`` and ``color`` as for slides). TimelineJS needs
    both dates of an era and drops an end it finds equal to the start: a closed interval keeps the
    parts written (``1939/1945``: the years), any other date gets the first and last day of its
    bounds (and their times for one day).
``html``
    One self-contained page for offline reading: the interactive timeline (plotly.js inlined)
    and the event list. A Content-Security-Policy forbids every remote request (no scripts,
    styles, fonts, images or connections from elsewhere); all chronology text is escaped and
    links are http/https only.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd
import yaml

from ..core.cells import join_links, join_list, protect_cell
from ..core.dates import SECONDS_PER_DAY, DateError, civil_from_days, historical_year, parse_date, utc_text
from ..core.frame import to_frame
from ..core.htmltext import markdown_to_html
from ..core.loader import Chronology, Event, Link, Period
from ..core.models import FORMAT_VERSION, ID_PATTERN
from ..core.safetext import html_link, html_text, is_http_url
from ..core.sourcelist import first_link, source_html, source_items, source_text
from ..render.figures import figure_config, timeline_figure
from .importers import slugify

__all__ = [
    "CSV_HEADER",
    "EXPORT_FORMATS",
    "MEDIA_TYPES",
    "Exported",
    "export",
    "export_basename",
    "file_name",
    "render",
    "select_events",
    "to_document",
]

EXPORT_FORMATS: Final = ("csv", "json", "yaml", "ics", "timelinejs", "html")
MEDIA_TYPES: Final = {
    "csv": "text/csv",
    "json": "application/json",
    "yaml": "application/yaml",
    "ics": "text/calendar",
    "timelinejs": "application/json",
    "html": "text/html",
}
_SUFFIXES: Final = {
    "csv": ".csv",
    "json": ".json",
    "yaml": ".yaml",
    "ics": ".ics",
    "timelinejs": "-timelinejs.json",
    "html": ".html",
}
CSV_HEADER: Final = (
    "id", "date", "title", "category", "category_label", "summary", "notes", "actors", "places",
    "tags", "importance", "order", "status", "display_date", "related", "links", "source_publisher", "source_title",
    "source_url", "source_date", "image_url", "image_caption", "image_credit", "image_alt",
    "label", "earliest", "latest", "precision", "same_as",
)  # fmt: skip
_UNPROTECTED: Final = frozenset({"date", "earliest", "latest"})
_ID_RE: Final = re.compile(ID_PATTERN)
_PLAIN_KEY: Final = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_STR_TAG: Final = "tag:yaml.org,2002:str"
_ISO_PART: Final = re.compile(
    r"(-?)([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?)?"
)
_EPOCH: Final = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Exported:
    """An export: the bytes, how many events they hold, and the ids that could not be written."""

    data: bytes
    fmt: str
    media_type: str
    suffix: str
    count: int
    skipped: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()
    """What the format could not hold, in words (links left out of iCalendar and TimelineJS)."""


# --------------------------------------------------------------------------- selection


def select_events(chron: Chronology, selection: pd.DataFrame | Iterable[str] | None = None) -> list[Event]:
    """The events to export, in the chronology's order: ``selection`` is the filtered events
    frame (its ``id`` column), some ids, or ``None`` for all."""
    if selection is None:
        return list(chron.events)
    ids = {str(i) for i in selection["id"]} if isinstance(selection, pd.DataFrame) else {str(i) for i in selection}
    return [ev for ev in chron.events if ev.id in ids]


def export_basename(chron: Chronology, count: int) -> str:
    """``<chronology-slug>-<n>-events``: a file name (without suffix) that says what is in it."""
    slug = slugify(chron.title or "", max_length=60) or "chronology"
    return f"{slug}-{count}-event{'s' if count != 1 else ''}"


def file_name(chron: Chronology, count: int, fmt: str) -> str:
    """The download name of an export: ``<chronology-slug>-<n>-events.<ext>``."""
    return export_basename(chron, count) + _SUFFIXES[fmt]


# --------------------------------------------------------------------------- the document


def _inline_source(ev: Event, sid: str) -> bool:
    rest = sid[len(ev.id) + 2 :] if sid.startswith(f"{ev.id}--") else ""
    return rest.isdigit()


def _source_dict(chron: Chronology, sid: str) -> dict[str, Any]:
    src = chron.sources[sid]
    out: dict[str, Any] = {"publisher": src.publisher}
    if src.title:
        out["title"] = src.title
    if src.url:
        out["url"] = src.url
    if src.date:
        out["date"] = src.date
    return out


def _period_dict(period: Period) -> dict[str, Any]:
    out: dict[str, Any] = {"id": period.id, "label": period.label, "date": period.date}
    if period.color:
        out["color"] = period.color
    if period.description:
        out["description"] = period.description
    return out


def _link_dict(link: Link) -> dict[str, Any]:
    out: dict[str, Any] = {"to": link.to, "type": link.type}
    if link.note:
        out["note"] = link.note
    if link.sources:
        out["sources"] = list(link.sources)
    return out


def _links_left_out(events: Sequence[Event], fmt: str) -> tuple[str, ...]:
    """The notice of a format that cannot hold links, when the written events have some."""
    ids = {ev.id for ev in events}
    n = sum(1 for ev in events for link in ev.links if link.to in ids)
    if not n:
        return ()
    name = {"ics": "iCalendar", "timelinejs": "TimelineJS"}[fmt]
    return (
        f"{name} has no links between events: the {n:,} link{'s' if n != 1 else ''} between the exported "
        "events are left out (export YAML, JSON or CSV to keep them)",
    )


def to_document(chron: Chronology, events: Sequence[Event]) -> dict[str, Any]:
    """The chosen events as a chronology document (docs/format.md), ready for YAML or JSON."""
    ids = {ev.id for ev in events}
    doc: dict[str, Any] = {"format": FORMAT_VERSION}
    if chron.id:
        doc["id"] = chron.id
    if chron.title:
        doc["title"] = chron.title
    if chron.description:
        doc["description"] = chron.description
    if chron.declared_categories and all(_ID_RE.match(k) for k in chron.categories):
        cats: dict[str, Any] = {}
        for key, cat in chron.categories.items():
            entry: dict[str, Any] = {"label": cat.label}
            if cat.color:
                entry["color"] = cat.color
            if cat.description:
                entry["description"] = cat.description
            cats[key] = entry
        doc["categories"] = cats
    if chron.periods:  # every period: they frame the events, whichever are written
        doc["periods"] = [_period_dict(p) for p in chron.periods]
    registry: dict[str, Any] = {}
    out_events: list[dict[str, Any]] = []
    for ev in events:
        item: dict[str, Any] = {"id": ev.id, "date": ev.date.edtf, "title": ev.title, "category": ev.category}
        if ev.summary:
            item["summary"] = ev.summary
        for name in ("actors", "places", "tags"):
            values = getattr(ev, name)
            if values:
                item[name] = list(values)
        if ev.importance != 3:
            item["importance"] = ev.importance
        if ev.order is not None:
            item["order"] = ev.order
        if ev.status != "confirmed":
            item["status"] = ev.status
        if ev.display_date:
            item["display_date"] = ev.display_date
        sources: list[Any] = []
        for sid in ev.sources:
            if sid not in chron.sources:
                continue
            if _inline_source(ev, sid):
                sources.append(_source_dict(chron, sid))
            else:
                sources.append(sid)
                registry.setdefault(sid, _source_dict(chron, sid))
        if sources:
            item["sources"] = sources
        if ev.notes:
            item["notes"] = ev.notes
        related = [r for r in ev.related if r in ids]
        if related:
            item["related"] = related
        links = [link for link in ev.links if link.to in ids]
        if links:
            item["links"] = [_link_dict(link) for link in links]
            for sid in (sid for link in links for sid in link.sources if sid in chron.sources):
                registry.setdefault(sid, _source_dict(chron, sid))
        if ev.image is not None:
            image: dict[str, Any] = {"url": ev.image.url}
            for name in ("caption", "credit", "alt"):
                value = getattr(ev.image, name)
                if value:
                    image[name] = value
            item["image"] = image
        if ev.same_as:  # ids in another chronology: written whichever events are written
            item["same_as"] = list(ev.same_as)
        out_events.append(item)
    if registry:
        doc["sources"] = {k: registry[k] for k in chron.sources if k in registry}
    doc["events"] = out_events
    stories = []
    for story in chron.stories:
        if story.steps and all(step.event in ids for step in story.steps):
            entry = {"id": story.id, "title": story.title}
            if story.description:
                entry["description"] = story.description
            steps = []
            for step in story.steps:
                s: dict[str, Any] = {"event": step.event}
                if step.note:
                    s["note"] = step.note
                steps.append(s)
            entry["steps"] = steps
            stories.append(entry)
    if stories:
        doc["stories"] = stories
    return doc


# --------------------------------------------------------------------------- YAML / JSON


class _Dumper(yaml.SafeDumper):
    """Every text value quoted (a ``|`` block when it has line breaks); keys plain when safe."""


_resolve_tag: Callable[[type, str, tuple[bool, bool]], str] = yaml.resolver.Resolver().resolve  # untyped in stubs


def _plain_key(key: str) -> bool:
    return bool(_PLAIN_KEY.fullmatch(key)) and _resolve_tag(yaml.ScalarNode, key, (True, False)) == _STR_TAG


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else '"'
    return dumper.represent_scalar(_STR_TAG, value, style=style)


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    node = yaml.MappingNode("tag:yaml.org,2002:map", pairs, flow_style=False)
    for key, value in data.items():
        key_node = yaml.ScalarNode(_STR_TAG, key, style=None if _plain_key(key) else '"')
        pairs.append((key_node, dumper.represent_data(value)))
    return node


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(dict, _represent_dict)


def _yaml(doc: dict[str, Any]) -> bytes:
    text = yaml.dump(
        doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=2**31 - 1, default_flow_style=False
    )
    header = "# Chronology format version 1 (docs/format.md); exported by the chronology dashboard.\n"
    return (header + text).encode("utf-8")


def _json(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- CSV


def _csv(chron: Chronology, events: Sequence[Event]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for ev in events:
        cat = chron.categories.get(ev.category)
        srcs = [chron.sources[s] for s in ev.sources if s in chron.sources]
        row = {
            "id": ev.id,
            "date": ev.date.edtf,
            "title": ev.title,
            "category": ev.category,
            "category_label": cat.label if cat and cat.label != ev.category else "",
            "summary": ev.summary,
            "notes": ev.notes,
            "actors": join_list(ev.actors),
            "places": join_list(ev.places),
            "tags": join_list(ev.tags),
            "importance": str(ev.importance),
            "order": str(ev.order) if ev.order is not None else "",
            "status": ev.status,
            "display_date": ev.display_date or "",
            "related": join_list(r for r in ev.related if r in {e.id for e in events}),
            "links": join_links((link.type, link.to) for link in ev.links if link.to in {e.id for e in events}),
            "source_publisher": join_list(s.publisher for s in srcs),
            "source_title": join_list(s.title or "" for s in srcs) if any(s.title for s in srcs) else "",
            "source_url": join_list(s.url or "" for s in srcs) if any(s.url for s in srcs) else "",
            "source_date": join_list(s.date or "" for s in srcs) if any(s.date for s in srcs) else "",
            "image_url": ev.image.url if ev.image else "",
            "image_caption": (ev.image.caption or "") if ev.image else "",
            "image_credit": (ev.image.credit or "") if ev.image else "",
            "image_alt": (ev.image.alt or "") if ev.image else "",
            "label": ev.label,
            "earliest": utc_text(ev.date.earliest),
            "latest": utc_text(ev.date.latest),
            "precision": ev.date.precision,
            "same_as": join_list(ev.same_as),
        }
        writer.writerow([row[c] if c in _UNPROTECTED else protect_cell(row[c]) for c in CSV_HEADER])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------- iCalendar


def _utc(seconds: int) -> dt.datetime:
    return _EPOCH + dt.timedelta(seconds=seconds)


def _day(days: int) -> dt.date:
    year, month, day = civil_from_days(days)
    return dt.date(year, month, day)


def _plain_description(chron: Chronology, ev: Event) -> str:
    parts = [ev.label if ev.label == ev.date.label else f"{ev.label} ({ev.date.label})"]
    if ev.summary:
        parts.append(ev.summary)
    if ev.notes:
        parts.append(f"Notes: {ev.notes}")
    lines = [
        f"- {source_text(item)}" + (f" <{item.url}>" if item.url else "")
        for item in source_items(chron.sources, ev.sources)
    ]
    if lines:
        parts.append("Sources:\n" + "\n".join(lines))
    return "\n\n".join(parts)


def _ics(chron: Chronology, events: Sequence[Event], now: dt.datetime) -> tuple[bytes, list[str], int]:
    import icalendar  # the only module that needs it

    cal = icalendar.Calendar()
    cal.add("prodid", "-//chronology-dashboard//export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if chron.title:
        cal.add("x-wr-calname", chron.title)
    domain = slugify(chron.title or "", max_length=40) or "chronology"
    skipped: list[str] = []
    written = 0
    for ev in events:
        d = ev.date
        first_day, last_day = d.earliest // SECONDS_PER_DAY, d.latest // SECONDS_PER_DAY
        lo_year, hi_year = civil_from_days(first_day)[0], civil_from_days(last_day + 1)[0]
        if lo_year < 1 or hi_year > 9999:
            skipped.append(ev.id)
            continue
        item = icalendar.Event()
        item.add("uid", f"{ev.id}@{domain}")
        item.add("dtstamp", now)
        item.add("summary", ev.title)
        parts = [p for p in d.edtf.split("/") if p not in ("", "..")]
        if parts and all("T" in p for p in parts):
            item.add("dtstart", _utc(d.earliest))
            if d.interval and not (d.open_start or d.open_end) and d.latest > d.earliest:
                item.add("dtend", _utc(d.latest))
        else:
            item.add("dtstart", _day(first_day))
            item.add("dtend", _day(last_day + 1))
        item.add("description", _plain_description(chron, ev))
        cat = chron.categories.get(ev.category)
        item.add("categories", [cat.label if cat else ev.category])
        if ev.places:
            item.add("location", "; ".join(ev.places))
        url = first_link(chron.sources, ev.sources)
        if url:
            item.add("url", url)
        item.add("status", "CONFIRMED" if ev.status == "confirmed" else "TENTATIVE")
        cal.add_component(item)
        written += 1
    return bytes(cal.to_ical()), skipped, written


# --------------------------------------------------------------------------- TimelineJS


def _iso_match(text: str) -> re.Match[str] | None:
    if "T" in text:
        text = re.sub(r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$", "", text)
    m = _ISO_PART.fullmatch(text)
    if m is None or (m.group(3) is not None and int(m.group(3)) > 12):
        return None  # a season (2022-21) or another EDTF form
    return m


def _tl_parts(text: str, *, end: bool = False) -> dict[str, Any] | None:
    """TimelineJS date parts of one end of an EDTF date (None for an open or unknown end).

    Seasons and unspecified digits give the first (``end``: the last) month or year of what is written.
    """
    text = text.strip().rstrip("~?%")
    if text in ("", ".."):
        return None
    m = _iso_match(text)
    if m is not None:
        year = int(m.group(2)) * (-1 if m.group(1) else 1)
        parts: dict[str, Any] = {"year": historical_year(year)}
        for key, group in (("month", 3), ("day", 4), ("hour", 5), ("minute", 6), ("second", 7)):
            if m.group(group) is not None:
                parts[key] = int(m.group(group))
        return parts
    try:
        info = parse_date(text)
    except DateError:
        return None
    year, month, _ = civil_from_days((info.latest if end else info.earliest) // SECONDS_PER_DAY)
    parts = {"year": historical_year(year)}
    if info.precision in ("season", "month"):
        parts["month"] = month
    return parts


def _tl_instant(ms: int, *, with_time: bool) -> dict[str, Any]:
    """TimelineJS date parts of an instant: its day, and with ``with_time`` its time of day (UTC)."""
    seconds = ms // 1000
    year, month, day = civil_from_days(seconds // SECONDS_PER_DAY)
    parts: dict[str, Any] = {"year": historical_year(year), "month": month, "day": day}
    if with_time:
        hour, rest = divmod(seconds % SECONDS_PER_DAY, 3600)
        parts.update(hour=hour, minute=rest // 60, second=rest % 60)
    return parts


def _tl_same(start: dict[str, Any], end: dict[str, Any]) -> bool:
    """Whether TimelineJS takes ``end`` for ``start`` (it compares the parts that ``start`` has)."""
    return all(end.get(key) == value for key, value in start.items())


def _era_dates(period: Period) -> tuple[dict[str, Any], dict[str, Any]]:
    """``start_date`` and ``end_date`` of a period's era: both always, never equal for TimelineJS.

    A closed interval keeps the precision written (``1939/1945``: the years, as a slide's); one
    date, or an interval with an open or unknown end, gives the first and last day of the bounds
    (and their times when that is one day, up to the millisecond for a moment).
    """
    start_text, slash, end_text = period.date.partition("/")
    if slash and start_text not in ("", "..") and end_text not in ("", ".."):
        written = _tl_parts(start_text), _tl_parts(end_text, end=True)
        if written[0] is not None and written[1] is not None and not _tl_same(written[0], written[1]):
            return written[0], written[1]
    first = _tl_instant(period.earliest_ms, with_time=False)
    last = _tl_instant(period.latest_ms, with_time=False)
    if _tl_same(first, last):  # one day: its first and last second
        first = _tl_instant(period.earliest_ms, with_time=True)
        last = _tl_instant(period.latest_ms, with_time=True)
    if _tl_same(first, last):  # one moment: to the end of its second
        first["millisecond"], last["millisecond"] = 0, 999
    return first, last


def _tl_era(period: Period) -> dict[str, Any]:
    start, end = _era_dates(period)
    era: dict[str, Any] = {"unique_id": period.id, "edtf": period.date, "start_date": start, "end_date": end}
    era["text"] = {"headline": html_text(period.label), "text": markdown_to_html(period.description or "")}
    if period.color:
        era["color"] = period.color
    return era


def _representable(ev: Event) -> bool:
    d = ev.date
    if d.approximate or d.uncertain or d.open_start or d.open_end:
        return False
    return d.precision in ("moment", "day", "month", "year")


def _sources_html(chron: Chronology, ev: Event) -> str:
    items = [source_html(item) for item in source_items(chron.sources, ev.sources)]
    return "<p>Sources: " + "; ".join(items) + "</p>" if items else ""


def _timelinejs(chron: Chronology, events: Sequence[Event]) -> bytes:
    slides: list[dict[str, Any]] = []
    for ev in events:
        start_text, slash, end_text = ev.date.edtf.partition("/")
        start = _tl_parts(start_text) if start_text not in ("", "..") else _tl_parts(end_text)
        slide: dict[str, Any] = {
            "unique_id": ev.id,
            "edtf": ev.date.edtf,
            "start_date": start or {"year": 1},
        }
        if slash and start_text not in ("", ".."):
            end = _tl_parts(end_text, end=True)
            if end is not None:
                slide["end_date"] = end
        display = ev.display_date or (None if _representable(ev) else ev.date.label)
        if display:
            slide["display_date"] = html_text(display)
        slide["text"] = {
            "headline": html_text(ev.title),
            "text": markdown_to_html(ev.summary) + _sources_html(chron, ev),
        }
        cat = chron.categories.get(ev.category)
        slide["group"] = html_text(cat.label if cat else ev.category)
        if ev.image is not None:
            media: dict[str, Any] = {"url": ev.image.url}
            if ev.image.caption:
                media["caption"] = html_text(ev.image.caption)
            if ev.image.credit:
                media["credit"] = html_text(ev.image.credit)
            if ev.image.alt:
                media["alt"] = html_text(ev.image.alt)
            slide["media"] = media
        slides.append(slide)
    doc: dict[str, Any] = {}
    if chron.title or chron.description:
        doc["title"] = {"text": {"headline": html_text(chron.title or ""), "text": markdown_to_html(chron.description)}}
    doc["events"] = slides
    if chron.periods:
        doc["eras"] = [_tl_era(p) for p in chron.periods]
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --------------------------------------------------------------------------- HTML

_CSP: Final = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'"
)
_STYLE: Final = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 1rem 1.5rem; color: #1f2328; line-height: 1.45; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
.meta, .when, .facts { color: #57606a; font-size: 0.9rem; }
ol.events { list-style: none; padding: 0; }
ol.events > li { border-top: 1px solid #d0d7de; padding: 0.8rem 0; }
ol.events > li.hit { background: #fff8c5; }
ol.events h3 { margin: 0.2rem 0; font-size: 1.1rem; }
.edtf { font-family: ui-monospace, monospace; font-size: 0.8rem; }
blockquote { border-left: 3px solid #d0d7de; margin: 0.5rem 0; padding-left: 0.8rem; color: #57606a; }
"""
_SCRIPT: Final = """
window.addEventListener("load", function () {
  var g = document.getElementById("timeline");
  if (!g || typeof g.on !== "function") { return; }
  g.on("plotly_click", function (e) {
    var p = e && e.points && e.points[0];
    var id = p && p.customdata && p.customdata[0];
    if (typeof id !== "string") { return; }
    var el = document.getElementById("ev-" + id);
    if (!el) { return; }
    document.querySelectorAll("li.hit").forEach(function (x) { x.classList.remove("hit"); });
    el.classList.add("hit");
    el.scrollIntoView({behavior: "smooth", block: "start"});
  });
});
"""


def _event_html(chron: Chronology, ev: Event) -> str:
    cat = chron.categories.get(ev.category)
    facts = [html_text(cat.label if cat else ev.category), html_text(ev.status), f"importance {ev.importance}/5"]
    for name, values in (("actors", ev.actors), ("places", ev.places), ("tags", ev.tags)):
        if values:
            facts.append(f"{name}: " + html_text(", ".join(values)))
    parts = [
        f'<li id="ev-{html_text(ev.id)}">',
        f'<div class="when">{html_text(ev.label)} <span class="edtf">{html_text(ev.date.edtf)}</span></div>',
        f"<h3>{html_text(ev.title)}</h3>",
        f'<div class="facts">{" · ".join(facts)}</div>',
    ]
    if ev.summary:
        parts.append(f'<div class="summary">{markdown_to_html(ev.summary)}</div>')
    if ev.notes:
        parts.append(f'<div class="notes"><strong>Notes.</strong> {markdown_to_html(ev.notes)}</div>')
    if ev.image is not None and is_http_url(ev.image.url):
        label = html_text("Image" + (f": {ev.image.caption}" if ev.image.caption else ""))
        credit = f" ({html_text(ev.image.credit)})" if ev.image.credit else ""
        parts.append(f"<p>{html_link(ev.image.url, label)}{credit}</p>")
    parts.append(_sources_html(chron, ev))
    parts.append(f'<div class="meta">id: {html_text(ev.id)}</div></li>')
    return "".join(parts)


def _html(
    chron: Chronology,
    events: Sequence[Event],
    frame: pd.DataFrame | None,
    *,
    subtitle: str | None,
    now: dt.datetime,
    theme: str,
) -> bytes:
    if frame is None:
        frame = to_frame(dataclasses.replace(chron, events=list(events)))
    fig = timeline_figure(frame, categories=chron.categories, theme=theme, periods=chron.periods)
    config = figure_config(f"{export_basename(chron, len(events))}-timeline")
    chart = fig.to_html(include_plotlyjs=True, full_html=False, config=config, div_id="timeline")
    title = chron.title or "Chronology"
    n = len(events)
    meta = f"{n:,} event{'s' if n != 1 else ''} · exported {now:%Y-%m-%d %H:%M} UTC"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(title)}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{html_text(title)}</h1>",
        f'<p class="meta">{html_text(meta)}</p>',
    ]
    if subtitle:
        parts.append(f'<p class="meta">{html_text(subtitle)}</p>')
    if chron.description:
        parts.append(
            f"<details><summary>About this chronology</summary>{markdown_to_html(chron.description)}</details>"
        )
    parts.append(f'<div class="chart">{chart}</div>')
    parts.append('<h2>Events</h2><ol class="events">')
    parts.extend(_event_html(chron, ev) for ev in events)
    parts.append("</ol>")
    parts.append(f"<script>{_SCRIPT}</script></body></html>")
    return "\n".join(parts).encode("utf-8")


# --------------------------------------------------------------------------- entry points


def render(
    chron: Chronology,
    selection: pd.DataFrame | Iterable[str] | None,
    fmt: str,
    *,
    subtitle: str | None = None,
    now: dt.datetime | None = None,
    theme: str = "light",
) -> Exported:
    """Export the chosen events of ``chron`` in ``fmt`` (one of :data:`EXPORT_FORMATS`).

    ``subtitle`` (the HTML page) says what was chosen, e.g. the filter sentence. Raises
    ``ValueError`` for an unknown format.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    events = select_events(chron, selection)
    stamp = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    skipped: list[str] = []
    count = len(events)
    if fmt == "yaml":
        data = _yaml(to_document(chron, events))
    elif fmt == "json":
        data = _json(to_document(chron, events))
    elif fmt == "csv":
        data = _csv(chron, events)
    elif fmt == "ics":
        data, skipped, count = _ics(chron, events, stamp)
    elif fmt == "timelinejs":
        data = _timelinejs(chron, events)
    else:
        frame = selection if isinstance(selection, pd.DataFrame) else None
        data = _html(chron, events, frame, subtitle=subtitle, now=stamp, theme=theme)
    notices = _links_left_out(events, fmt) if fmt in ("ics", "timelinejs") else ()
    return Exported(data, fmt, MEDIA_TYPES[fmt], _SUFFIXES[fmt], count, tuple(skipped), notices)


def export(
    chron: Chronology,
    selection: pd.DataFrame | Iterable[str] | None,
    fmt: str,
    *,
    subtitle: str | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The bytes of :func:`render` (see there)."""
    return render(chron, selection, fmt, subtitle=subtitle, now=now).data
