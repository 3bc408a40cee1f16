"""Import: CSV, TimelineJS JSON and the TimelineJS Google Sheets template -> a checked chronology.

Every importer builds a mapping in the chronology format (docs/format.md) out of
:class:`~dashboard.core.yamlsafe.YMap`/``YList`` nodes that carry the position of each value *in the
imported file*, and hands it to :func:`dashboard.core.loader.load_data`: so every check of a YAML
file applies, every problem points at the row and column (CSV: the line of the cell in the
file and the 1-based number of its column) or at the ``line:column`` of the JSON value, with
the JSON path (``events[3].start_date.month``, items counted from 0 as in JavaScript) in the
message, and every valid event is kept. Pure Python: no Streamlit, nothing printed.

CSV (:func:`import_csv`)
    A header row, then one event per row. UTF-8 (a byte-order mark is fine); the delimiter is
    ``,``, or ``;`` or a tab when the header uses it. Columns (case and spaces ignored):
    ``id``, ``date`` (EDTF) *or* ``start``/``end`` (an interval), ``title``, ``category``
    (optional ``category_label``), ``summary``, ``notes``, ``actors``, ``places``, ``tags``,
    ``related`` (lists separated by ``;``, ``\\;`` for a literal semicolon), ``importance``,
    ``order``, ``status``, ``display_date``, ``source_publisher``/``source_title``/``source_url``/
    ``source_date`` (one source per ``;``-separated item, matched by position; a missing
    publisher is the link's host name), ``image_url``/``image_caption``/``image_credit``/
    ``image_alt``, ``same_as`` (ids of the same events in another chronology: a list as ``related``).
    The computed columns the CSV export adds (``label``, ``earliest``,
    ``latest``, ``precision``) are ignored; any other column is reported (its cells are not
    imported). Every cell is text: ``yes`` and ``12:30`` stay text. Cells are trimmed; empty
    cells are absent values. A missing ``id`` is generated (see :func:`event_id`); without a
    ``category`` column every event is in the category ``events``. A text cell that the export
    protected against spreadsheet formulas (a ``'`` before ``= + - @``) is read back without it.

TimelineJS JSON (:func:`import_timelinejs_json`)
    ``events`` (slides), the ``title`` slide and ``eras``. ``start_date``/``end_date`` parts
    become EDTF with the precision written: a year only gives year precision, year and month
    month precision, a day a day, an hour a moment (``YYYY-MM-DDTHH:MM:SS``, read as UTC), and
    an ``end_date`` an interval (an end equal to the start is dropped, as TimelineJS does; an
    interval with times of day becomes the interval of its days, the times kept in ``notes``).
    **Years:** TimelineJS years are historical, with no year 0: ``-44`` is 44 BC, which is the
    astronomical year ``-0043`` of EDTF (year 0 is reported). Years, as numbers or text, must lie
    between -10000 and 9999: beyond them (TimelineJS's cosmological scale) the slide is reported
    as out of range and not imported. ``millisecond`` is kept when :mod:`dashboard.core.dates` keeps
    fractions of a second; otherwise the slide is imported at the whole second and the lost
    milliseconds are reported. ``text.headline`` becomes the title (HTML -> plain text), ``text.text``
    the summary (HTML -> Markdown, :mod:`dashboard.core.htmltext`), ``group`` the category (its slug as
    the id, the group as the label; ``events`` when empty), ``display_date`` the display date,
    ``unique_id`` the id (made a valid id). A slide without a headline is titled as TimelineJS
    labels its marker: by its text, else its media caption (then credit, alt text, media title),
    as plain text, shortened. **Links:** a protocol-relative link (``//upload.wikimedia.org/...``)
    is read as https; a relative path (``./media/x.jpg``) is joined to ``base_url`` when one is
    given (``convert --base-url``), and is otherwise reported and left out; only http and https
    links are ever imported. ``media``: an http/https link to an image (png, jpg, jpeg, gif, webp,
    svg) becomes the event's image (caption and credit as plain text, their links added to the
    summary), as does an image ``thumbnail`` of other media; another http/https link is added to
    the summary as a Markdown link with its caption and credit; HTML in place of a link (a quote,
    an embed) is added to the summary as Markdown; other links are reported and left out. The
    title slide gives the chronology's title (its headline, else the start of its text) and
    description. Each era becomes a period (``periods:``): ``text.headline`` the label (HTML ->
    plain text; without one, the start of its text, else its date), ``text.text`` the description
    (HTML -> Markdown), ``start_date``/``end_date`` the date as for slides (an era with no
    ``start_date``, or with a date the format cannot hold, is reported and not imported; the times
    of an interval of date-times go to the description), ``unique_id`` the id (else one is
    generated from the label and the date), and ``edtf`` and ``color``, which the TimelineJS export
    of this project adds, the exact date and the colour. ``background``, ``autolink`` and ``scale``
    are presentation settings and are not imported. The TimelineJS export of this project adds
    ``edtf`` to each slide (the date exactly as in the chronology); when present it is used instead
    of the date parts.
    Older files are read too: ``{"timeline": {"slides": [...]}}`` (the first TimelineJS 3 files:
    every slide an event) and TimelineJS 2, ``{"timeline": {"headline", "text", "asset",
    "date": [...], "era": [...]}}`` with dates as text (``"2011,3,23"``, ``"1963"``,
    ``"2012-01-10"``, ``"3/23/2011"``), ``asset`` as the media and ``tag`` as the group.

TimelineJS Google Sheets template as CSV (:func:`import_timelinejs_sheet`)
    Columns ``Year, Month, Day, Time, End Year, End Month, End Day, End Time, Display Date,
    Headline, Text, Media, Media Credit, Media Caption, Media Thumbnail, Type, Group,
    Background`` (and ``Alt Text``): each row is read as the slide TimelineJS would build from it
    (``Type`` is ``title``, ``era`` or empty), then imported as above. Numbers are read as
    TimelineJS reads them (``1,815`` is 1815). ``Time`` is ``HH:MM``, ``HH:MM:SS``, ``HHMM`` or
    ``HH.MM``, with ``am``/``pm`` allowed and milliseconds as ``HH:MM:SS.mmm``. The first template's
    ``Start Date``, ``End Date`` (dates as text) and ``Tag`` columns are read as well.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from ..core.cells import clean_cell, split_aligned, split_links, split_list, unprotect_cell, whole_cell
from ..core.dates import DateError, astronomical_year, parse_date, year_text
from ..core.htmltext import html_links, html_to_markdown, html_to_text, md_text
from ..core.loader import Chronology, load_bytes, load_data
from ..core.models import ID_PATTERN, IMPORTANCE_RANGE, ORDER_RANGE, is_color
from ..core.problems import Problem
from ..core.safetext import is_http_url, link_target
from ..core.yamlsafe import DEFAULT_MAX_BYTES, Pos, YList, YMap
from .jsonread import read_json

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_CATEGORY",
    "IMAGE_SUFFIXES",
    "IMPORT_FORMATS",
    "MAX_TIMELINEJS_YEAR",
    "MIN_TIMELINEJS_YEAR",
    "SHEET_COLUMNS",
    "detect_format",
    "event_id",
    "import_csv",
    "import_json",
    "import_timelinejs_json",
    "import_timelinejs_sheet",
    "load_any",
    "slugify",
    "split_list",
    "unprotect_cell",
    "whole_cell",
]

IMPORT_FORMATS: Final = ("yaml", "json", "csv", "timelinejs", "timelinejs-sheet")
"""``yaml`` and ``json``: the chronology format; ``csv``: a table with a header;
``timelinejs``: TimelineJS JSON; ``timelinejs-sheet``: the TimelineJS sheet template as CSV."""
DEFAULT_CATEGORY: Final = ("events", "Events")
IMAGE_SUFFIXES: Final = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg")

CSV_COLUMNS: Final = (
    "id", "date", "start", "end", "title", "category", "category_label", "summary", "notes",
    "actors", "places", "tags", "related", "links", "importance", "order", "status", "display_date",
    "source_publisher", "source_title", "source_url", "source_date",
    "image_url", "image_caption", "image_credit", "image_alt", "same_as",
)  # fmt: skip
_CSV_ALIASES: Final = {
    "headline": "title",
    "description": "summary",
    "text": "summary",
    "url": "source_url",
    "link": "source_url",
    "publisher": "source_publisher",
    "image": "image_url",
    "actor": "actors",
    "place": "places",
    "tag": "tags",
    "group": "category",
    "unique_id": "id",
}
# written by the CSV export (computed from the date), ignored on import
_CSV_DERIVED: Final = frozenset(
    {"label", "earliest", "latest", "earliest_ms", "latest_ms", "precision", "approximate", "uncertain",
     "interval", "open_start", "open_end", "publishers", "has_image", "file", "line"}
)  # fmt: skip
_LIST_COLUMNS: Final = ("actors", "places", "tags", "related", "same_as")
_SOURCE_COLUMNS: Final = ("source_publisher", "source_title", "source_url", "source_date")

SHEET_COLUMNS: Final = {
    "year": ("start_date", "year"),
    "month": ("start_date", "month"),
    "day": ("start_date", "day"),
    "time": ("start_date", "time"),
    "end_year": ("end_date", "year"),
    "end_month": ("end_date", "month"),
    "end_day": ("end_date", "day"),
    "end_time": ("end_date", "time"),
    "start_date": ("start_date",),  # the first sheet template: one cell per date, as text
    "end_date": ("end_date",),
    "display_date": ("display_date",),
    "headline": ("text", "headline"),
    "text": ("text", "text"),
    "media": ("media", "url"),
    "media_credit": ("media", "credit"),
    "media_caption": ("media", "caption"),
    "media_thumbnail": ("media", "thumbnail"),
    "media_alt": ("media", "alt"),
    "alt_text": ("media", "alt"),
    "media_title": ("media", "title"),
    "type": ("type",),
    "group": ("group",),
    "tag": ("group",),  # the first sheet template's name for Group
    "background": ("background", "url"),
    "background_color": ("background", "color"),
    "unique_id": ("unique_id",),
}
"""The TimelineJS sheet columns (normalised: lowercase, ``_`` for spaces) and the slide field each fills."""

_ID_RE: Final = re.compile(ID_PATTERN)
_NO_POS: Final = Pos(0, 0)
_CSV_WHOLE: Final = {
    "importance": (IMPORTANCE_RANGE, "write 1 (minor) to 5 (major), or leave the cell empty for 3"),
    "order": (ORDER_RANGE, "write 1 for the first of the events that share a date, 2 for the next; or leave it empty"),
}
"""The CSV columns of whole numbers: (range, hint). A cell is read by :func:`whole_cell`; the
range is checked by the loader (the model's), so an out-of-range number gets its message."""
_DATE_PART: Final = re.compile(r"\s*([-+]?[0-9]{1,40})\s*")  # any size: a year beyond the range is reported as such
_SHEET_NUMBER_NOISE: Final = re.compile(r"[\s,]+")  # the sheet's "1,815" and "13 800 000 000" (TimelineJS drops them)
_TIME: Final = re.compile(
    r"\s*(?:(?P<hhmm>[0-9]{3,4})|(?P<h>[0-9]{1,2})(?:[:.](?P<m>[0-9]{1,2})(?:[:.](?P<s>[0-9]{1,2})"
    r"(?:[.,:](?P<frac>[0-9]+))?)?)?)\s*(?P<ampm>[AaPp]\.?\s*[Mm]\.?)?\s*"
)
"""The sheet's Time column as TimelineJS reads it: ``9``, ``9:30``, ``0930``, ``9.30``, ``21:05:07``,
``21:05:07.250`` (also ``,250`` and ``:250`` for the fraction of a second), each with ``am``/``pm``."""
_ISO_DATE: Final = re.compile(
    r"\s*(?P<year>[-+]?[0-9]{1,40})(?:-(?P<month>[0-9]{1,2})(?:-(?P<day>[0-9]{1,2})"
    r"(?:[T ](?P<time>[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?)Z?)?)?)?\s*"
)
_SLASH_DATE: Final = re.compile(
    r"\s*(?P<month>[0-9]{1,2})/(?:(?P<day>[0-9]{1,2})/)?(?P<year>[-+]?[0-9]{1,40})(?P<rest>.*)"
)
_SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_HTML_URL_ATTR: Final = re.compile(r"""(\b(?:href|src)\s*=\s*)("[^"]*"|'[^']*'|[^\s"'>]+)""", re.IGNORECASE)
MIN_TIMELINEJS_YEAR: Final = -10000  # 10000 BC, the astronomical year -9999 (the chronology format's first year)
MAX_TIMELINEJS_YEAR: Final = 9999
_YAML_HINT: Final = re.compile(r"^YAML reads .*?; quote it: ")
_CONTROL: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


# --------------------------------------------------------------------------- small helpers


def slugify(text: str, *, max_length: int = 40) -> str:
    """Lowercase ASCII letters and digits joined by ``-``: ``"Rózsa Péter!"`` -> ``"rozsa-peter"``.

    Accents are dropped; other scripts give ``""`` (callers fall back to a hash).
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-")


def _hash_slug(text: str, prefix: str) -> str:
    return prefix + hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


def _date_slug(date: str | None) -> str:
    """The start day of a date for ids: ``2022-02-21``, ``1951``, ``44bc-03-15``."""
    if not date:
        return ""
    try:
        edtf = parse_date(date).edtf
    except DateError:
        return slugify(date, max_length=20)
    start, _, end = edtf.partition("/")
    start = start if start not in ("", "..") else end
    m = re.match(r"(-?)([0-9X]{4})(-[0-9X]{2})?(-[0-9X]{2})?", start)
    if not m:
        return slugify(start, max_length=20)
    sign, year, month, day = m.group(1), m.group(2), m.group(3) or "", m.group(4) or ""
    if sign and year.isdigit():
        year = f"{int(year) + 1}bc"
    return slugify(f"{year}{month}{day}".replace("X", "x"), max_length=20)


def event_id(title: str, date: str | None) -> str:
    """The id generated for an event without one: ``slugify(title)[:40]-YYYY-MM-DD``.

    The date part is the start of the date as written (``1951``, ``1943-07``, ``44bc-03-15``
    for 44 BC). A title with no Latin letters or digits gives a short hash of the title.
    """
    base = slugify(title) or (_hash_slug(title, "e") if title.strip() else "event")
    part = _date_slug(date)
    return f"{base}-{part}" if part else base


def _ymap(pos: Pos, items: Iterable[tuple[str, Any, Pos]]) -> YMap:
    node = YMap(pos)
    for key, value, vpos in items:
        node[key] = value
        node.key_pos[key] = vpos
        node.value_pos[key] = vpos
    return node


def _ylist(pos: Pos, items: Iterable[tuple[Any, Pos]]) -> YList:
    node = YList(pos)
    for value, vpos in items:
        node.append(value)
        node.item_pos.append(vpos)
    return node


def _failed(file: str, problems: list[Problem]) -> Chronology:
    return Chronology(problems=list(problems), files=[file])


def _size_problem(file: str, size: int, max_bytes: int) -> Problem:
    mb = max_bytes / (1024 * 1024)
    limit = f"{mb:.0f} MB" if mb >= 1 else f"{max_bytes:,} bytes"
    return Problem(
        file,
        0,
        0,
        f"the file is {size:,} bytes, over the size limit of {limit} ({max_bytes:,} bytes)",
        "split it into smaller files, or filter it before importing",
    )


@dataclass
class _Import:
    """Collects the importer's own problems and merges them with the loader's."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    skipped: int = 0
    event_prefix: dict[str, str] = field(default_factory=dict)

    def problem(self, pos: Pos, message: str, hint: str, event_id: str | None = None) -> None:
        line, column = (pos.line, pos.column) if pos.line > 0 and pos.column > 0 else (0, 0)
        self.problems.append(Problem(self.file, line, column, message, hint, event_id))

    def finish(self, document: YMap) -> Chronology:
        chron = load_data(document, file=self.file)
        merged = list(self.problems)
        for p in chron.problems:
            prefix = self.event_prefix.get(p.event_id or "")
            merged.append(dataclasses.replace(p, message=f"{prefix}: {p.message}") if prefix else p)
        merged.sort(key=lambda p: (p.line, p.column))
        chron.problems = merged
        chron.skipped += self.skipped
        return chron


class _Ids:
    """Generated ids: stable (title + date), never equal to a written id, deduplicated -2, -3..."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)

    def make(self, title: str, date: str | None) -> str:
        base = event_id(title, date)
        candidate, n = base, 2
        while candidate in self.taken:
            candidate = f"{base}-{n}"
            n += 1
        self.taken.add(candidate)
        return candidate


def _category(label: str, categories: dict[str, str]) -> str:
    """The category id for a label (declared in ``categories`` id -> label on first use)."""
    label = label.strip()
    cid = label if _ID_RE.match(label) else slugify(label) or _hash_slug(label, "c")
    categories.setdefault(cid, label)
    return cid


def _categories_node(categories: Mapping[str, str]) -> YMap:
    return _ymap(
        _NO_POS, ((cid, _ymap(_NO_POS, [("label", label, _NO_POS)]), _NO_POS) for cid, label in categories.items())
    )


# --------------------------------------------------------------------------- CSV reading


@dataclass
class _Row:
    line: int
    cells: list[str]
    lines: list[int]  # line of each cell


@dataclass
class _Table:
    header: list[str] = field(default_factory=list)  # normalised names
    raw_header: list[str] = field(default_factory=list)
    header_line: int = 1
    rows: list[_Row] = field(default_factory=list)


def _normalise(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


def _decode_text(data: bytes, imp: _Import, what: str) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", errors="replace")) + 1
        imp.problem(
            Pos(line, column),
            f"the file must be UTF-8: byte 0x{data[exc.start : exc.start + 1].hex()} is not valid UTF-8 "
            "(is it Latin-1 or Windows-1252?)",
            f"save the {what} as UTF-8 (in spreadsheets: Save As, CSV UTF-8)",
        )
        return None
    bad = re.search("[\ud800-\udfff]", text)
    if bad is not None:  # pragma: no cover - the UTF-8 decoder never yields surrogates
        imp.problem(Pos(1, 1), "the file contains a lone surrogate", "save the file as UTF-8")
        return None
    return text


def _read_table(data: bytes, imp: _Import, max_bytes: int) -> _Table | None:
    if len(data) > max_bytes:
        imp.problems.append(_size_problem(imp.file, len(data), max_bytes))
        return None
    text = _decode_text(data, imp, "CSV file")
    if text is None:
        return None
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count) if any(d in first_line for d in ",;\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = _Table()
    seen_header = False
    previous = 0
    try:
        for cells in reader:
            start = previous + 1
            previous = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if not seen_header:
                seen_header = True
                table.raw_header = [c.strip() for c in cells]
                table.header = [_normalise(c) for c in cells]
                if table.header and table.header[0].startswith("\ufeff"):  # pragma: no cover - stripped above
                    table.header[0] = table.header[0].lstrip("\ufeff")
                table.header_line = start
                continue
            lines: list[int] = []
            line = start
            for cell in cells:
                lines.append(line)
                line += cell.count("\n") + cell.count("\r") - cell.count("\r\n")
            bad = next(((i, m) for i, c in enumerate(cells) if (m := _CONTROL.search(c))), None)
            if bad is not None:
                index, match = bad
                imp.problem(
                    Pos(lines[index], index + 1),
                    f"control character U+{ord(match.group(0)):04X} in this cell: the row is not imported",
                    "delete the character (it is invisible in most editors); line breaks and tabs are fine",
                )
                imp.skipped += 1
                continue
            table.rows.append(_Row(start, cells, lines))
    except csv.Error as exc:
        imp.problem(
            Pos(reader.line_num or 1, 1),
            f"cannot read the CSV file past this line: {exc}",
            'check the quotes of this row (a quote inside a quoted cell is written twice: "")',
        )
    if not seen_header:
        imp.problem(
            Pos(1, 1),
            "the CSV file is empty: expected a header row, then one event per row",
            "write a header such as id,date,title,category,summary, then one row per event",
        )
        return None
    return table


def _columns(table: _Table, imp: _Import, known: Mapping[str, Any], aliases: Mapping[str, str]) -> dict[str, int]:
    """Map known column names to their index; report unknown and repeated columns."""
    cols: dict[str, int] = {}
    for index, name in enumerate(table.header):
        if not name:
            continue
        canonical = aliases.get(name, name)
        pos = Pos(table.header_line, index + 1)
        if canonical in _CSV_DERIVED and known is not SHEET_COLUMNS:
            continue
        if canonical not in known:
            imp.problem(
                pos,
                f"unknown column '{table.raw_header[index]}': its cells are not imported",
                "rename it to one of: " + ", ".join(known) + "; or remove the column",
            )
            continue
        if canonical in cols:
            imp.problem(
                pos,
                f"column '{table.raw_header[index]}' appears twice (also column {cols[canonical] + 1}): "
                "this one is not imported",
                "keep one of the two columns",
            )
            continue
        cols[canonical] = index
    return cols


def _cell(row: _Row, cols: Mapping[str, int], name: str) -> tuple[str, Pos] | None:
    index = cols.get(name)
    if index is None or index >= len(row.cells):
        return None
    text = clean_cell(row.cells[index])
    if not text:
        return None
    return text, Pos(row.lines[index], index + 1)


def _row_cells(row: _Row, cols: Mapping[str, int]) -> dict[str, tuple[str, Pos]]:
    """The non-empty cells of a row by column name (as :func:`_cell` gives them)."""
    out: dict[str, tuple[str, Pos]] = {}
    cells, lines = row.cells, row.lines
    for name, index in cols.items():
        if index < len(cells):
            text = clean_cell(cells[index])
            if text:
                out[name] = (text, Pos(lines[index], index + 1))
    return out


def _extra_cells(table: _Table, imp: _Import) -> None:
    """Report cells beyond the header (their column has no name, so they are not imported)."""
    width = len(table.header)
    for row in table.rows:
        extra = [i for i in range(width, len(row.cells)) if row.cells[i].strip()]
        if extra:
            imp.problem(
                Pos(row.lines[extra[0]], extra[0] + 1),
                f"this row has {len(row.cells)} cells but the header has {width} columns: "
                f"{len(extra)} cell{'s' if len(extra) != 1 else ''} beyond the header not imported",
                "add a column name to the header, or check the quotes and delimiters of this row",
            )


def _is_sheet(header: Iterable[str]) -> bool:
    names = set(header)
    return "headline" in names and ("year" in names or "start_date" in names)


# --------------------------------------------------------------------------- CSV


def import_csv(
    data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES, base_url: str | None = None
) -> Chronology:
    """Import a CSV table (see the module docstring). Never raises for bad input.

    A file whose header is the TimelineJS sheet template is imported as such (``base_url`` as in
    :func:`import_timelinejs_sheet`; plain CSV tables need full links).
    """
    _check_base_url(base_url)
    imp = _Import(file)
    table = _read_table(data, imp, max_bytes)
    if table is None:
        return _failed(file, imp.problems)
    if _is_sheet(table.header):
        return _sheet(table, imp, base_url=base_url)
    _extra_cells(table, imp)
    cols = _columns(table, imp, dict.fromkeys(CSV_COLUMNS), _CSV_ALIASES)
    header_pos = Pos(table.header_line, 1)
    missing = [name for name in ("title",) if name not in cols]
    if "date" not in cols and "start" not in cols:
        missing.append("date")
    if missing:
        imp.problem(
            header_pos,
            "the CSV header has no " + " and no ".join(f"'{m}'" for m in missing) + " column",
            "the header needs at least title and date (or start and end) columns; found: "
            + ", ".join(c for c in table.raw_header if c),
        )
        imp.skipped += len(table.rows)
        return _failed(file, imp.problems) if not table.rows else _with_skipped(imp)
    categories: dict[str, str] = {}
    has_category = "category" in cols
    rows: list[tuple[_Row, YMap, str, str | None]] = []  # row, event, title, date
    for row in table.rows:
        event = _csv_event(row, cols, imp, categories, has_category)
        if event is None:
            imp.skipped += 1
            continue
        rows.append(event)
    ids = _Ids([str(ev["id"]) for _, ev, _, _ in rows if isinstance(ev.get("id"), str)])
    events = YList(_NO_POS)
    for row, ev, title, date in rows:
        pos = Pos(row.line, 1)
        if "id" not in ev:
            ev["id"] = ids.make(title, date)
            ev.key_pos["id"] = ev.value_pos["id"] = pos
        events.append(ev)
        events.item_pos.append(pos)
    if not has_category and rows:
        categories[DEFAULT_CATEGORY[0]] = DEFAULT_CATEGORY[1]
    doc = _ymap(
        _NO_POS,
        [
            ("format", 1, _NO_POS),
            ("title", Path(file).stem or "Imported chronology", _NO_POS),
            ("categories", _categories_node(categories), _NO_POS),
            ("events", events, _NO_POS),
        ],
    )
    return imp.finish(doc)


def _with_skipped(imp: _Import) -> Chronology:
    chron = _failed(imp.file, imp.problems)
    chron.skipped = imp.skipped
    return chron


def _csv_event(
    row: _Row, cols: Mapping[str, int], imp: _Import, categories: dict[str, str], has_category: bool
) -> tuple[_Row, YMap, str, str | None] | None:
    row_pos = Pos(row.line, 1)
    ev = YMap(row_pos)
    cell = _row_cells(row, cols).get

    def put(key: str, value: Any, pos: Pos) -> None:
        ev[key] = value
        ev.key_pos[key] = ev.value_pos[key] = pos

    ok = True
    cell_id = cell("id")
    eid = cell_id[0] if cell_id else None
    if cell_id:
        put("id", *cell_id)
    title = cell("title")
    if title is None:
        imp.problem(
            row_pos, "this row has no title", "fill in the 'title' cell (an event needs a title and a date)", eid
        )
        ok = False
    else:
        put("title", *title)
    date, start, end = cell("date"), cell("start"), cell("end")
    date_text: str | None = None
    if date and (start or end):
        imp.problem(
            date[1],
            "this row has both a 'date' and a 'start'/'end'",
            "fill in either date (EDTF, e.g. 2022-09-23/2022-09-27) or start and end",
            eid,
        )
        ok = False
    elif date:
        date_text = date[0]
        put("date", *date)
    elif end and not start:
        imp.problem(
            end[1],
            "this row has an 'end' but no 'start'",
            "fill in start; for an unknown start write ../END in the date column",
            eid,
        )
        ok = False
    elif start:
        date_text = f"{start[0]}/{end[0]}" if end else start[0]
        put("date", date_text, start[1])
    else:
        imp.problem(
            row_pos,
            "this row has no date",
            "fill in the 'date' cell (EDTF: 2022-02-21, 2022-10, 2022, 2022-09-23/2022-09-27)"
            + (" or the 'start' cell" if "start" in cols else ""),
            eid,
        )
        ok = False
    if has_category:
        cat = cell("category")
        if cat is None:
            imp.problem(row_pos, "this row has no category", "fill in the 'category' cell", eid)
            ok = False
        else:
            label = cell("category_label")
            cid = _category(cat[0], categories)
            if label is not None and categories.get(cid) == cat[0].strip():
                categories[cid] = label[0]
            put("category", cid, cat[1])
    else:
        put("category", DEFAULT_CATEGORY[0], row_pos)
    for name in ("summary", "notes", "display_date"):
        value = cell(name)
        if value is not None:
            put(name, *value)
    status = cell("status")
    if status is not None:
        put("status", status[0].lower(), status[1])
    for name, ((low, high), hint) in _CSV_WHOLE.items():
        number = cell(name)
        if number is None:
            continue
        got = whole_cell(number[0])
        if got is None:
            imp.problem(
                number[1],
                f"'{name}' must be a whole number from {low} to {high}, got {number[0][:40]!r}",
                hint,
                eid,
            )
            ok = False
        else:
            put(name, got, number[1])
    for name in _LIST_COLUMNS:
        value = cell(name)
        if value is not None:
            listed = split_list(value[0])
            if listed:
                put(name, _ylist(value[1], ((item, value[1]) for item in listed)), value[1])
    links = cell("links")
    if links is not None and split_links(links[0]):
        pos = links[1]
        # "causes:x" -> {to: x, type: causes}; an item without a type -> {to: item}, reported by the loader
        maps = (
            _ymap(pos, [("to", to, pos), ("type", kind, pos)] if to is not None else [("to", kind, pos)])
            for kind, to in split_links(links[0])
        )
        put("links", _ylist(pos, ((m, pos) for m in maps)), pos)
    sources = _csv_sources(cell)
    if sources is not None:
        put("sources", sources, sources.pos)
    image_url = cell("image_url")
    image_fields = [(k, cell(f"image_{k}")) for k in ("caption", "credit", "alt")]
    if image_url is not None or any(v for _, v in image_fields):
        pos = image_url[1] if image_url else next(v[1] for _, v in image_fields if v)
        items: list[tuple[str, Any, Pos]] = [("url", image_url[0], image_url[1])] if image_url else []
        items += [(k, v[0], v[1]) for k, v in image_fields if v]
        put("image", _ymap(pos, items), pos)
    if not ok:
        return None
    return row, ev, str(ev.get("title", "")), date_text


def _csv_sources(cell: Callable[[str], tuple[str, Pos] | None]) -> YList | None:
    cells = {name: cell(name) for name in _SOURCE_COLUMNS}
    present = {k: v for k, v in cells.items() if v is not None}
    if not present:
        return None
    split = {k: split_aligned(v[0]) for k, v in present.items()}
    count = max(len(v) for v in split.values())
    first_pos = next(iter(present.values()))[1]
    out = YList(first_pos)
    for i in range(count):
        fields: list[tuple[str, Any, Pos]] = []
        for name, values in split.items():
            value = values[i] if i < len(values) else ""
            if value:
                fields.append((name.removeprefix("source_"), value, present[name][1]))
        if not fields:
            continue
        got = {k for k, _, _ in fields}
        if "publisher" not in got:
            url = next((v for k, v, _ in fields if k == "url"), "")
            host = urlsplit(url).hostname if is_http_url(url) else None
            if host:
                fields.insert(0, ("publisher", host.removeprefix("www."), present["source_url"][1]))
            elif url:  # a bad link: its own problem says what is wrong, not a missing publisher as well
                fields.insert(0, ("publisher", url, present["source_url"][1]))
        out.append(_ymap(first_pos, fields))
        out.item_pos.append(first_pos)
    return out if out else None


# --------------------------------------------------------------------------- TimelineJS


@dataclass
class _Era:
    """An era as imported: the period it becomes, as a mapping of the chronology format."""

    node: YMap
    label: str
    date: str


@dataclass
class _Media:
    """A slide's media as imported: the event's image, Markdown lines for the summary, its plain texts."""

    image: YMap | None = None
    lines: list[str] = field(default_factory=list)
    caption: str = ""
    credit: str = ""
    alt: str = ""
    title: str = ""
    quote: str = ""  # the text of HTML given instead of a link (a quote, an embedded post)


_DATE_PARTS: Final = ("year", "month", "day", "hour", "minute", "second", "millisecond")
_TIME_PARTS: Final = ("hour", "minute", "second", "millisecond")


def _is_relative_path(url: str) -> bool:
    """A link without scheme and host (``./media/x.jpg``, ``/img/x.png``, ``x.jpg``): not HTML, not a sentence."""
    return (
        bool(url)
        and not _SCHEME.match(url)
        and not url.startswith("//")
        and "<" not in url
        and not any(c.isspace() for c in url)
    )


def _absolute_url(url: str, base_url: str | None) -> str:
    """``//host/x`` -> ``https://host/x``; a relative path joined to ``base_url`` when there is one; else as is."""
    url = url.strip()
    if url.startswith("//"):
        return "https:" + url
    if base_url and _is_relative_path(url):
        return urljoin(base_url, url)
    return url


def _absolute_links(fragment: str, base_url: str | None) -> str:
    """The ``href``/``src`` links of an HTML fragment made absolute as :func:`_absolute_url` does.

    Links to a place in the same page (``#make``) are left alone: they have no address to resolve.
    """
    if "//" not in fragment and not base_url:
        return fragment

    def fix(m: re.Match[str]) -> str:
        value = m.group(2)
        quote = value[0] if value[0] in "\"'" else ""
        inner = (value[1:-1] if quote else value).strip()
        if inner.startswith("#"):
            return m.group(0)
        fixed = _absolute_url(inner, base_url)
        if fixed == inner:
            return m.group(0)
        q = quote or '"'
        return f"{m.group(1)}{q}{fixed}{q}"

    return _HTML_URL_ATTR.sub(fix, fragment)


def _is_image_url(url: str) -> bool:
    return urlsplit(url).path.lower().endswith(IMAGE_SUFFIXES)


def _date_text_parts(text: str) -> dict[str, str] | None:
    """A date written as text, as TimelineJS 2 and the first sheet template (Start Date) wrote it.

    ``1963``, ``-44``, ``2011,3,23`` (year, month, day, hour, minute, second), ``2012-01-10``,
    ``2012-01-10T09:30:00``, ``3/23/2011`` and ``3/2011`` (month first), the last two with an
    optional time after a space. None when it is none of these.
    """
    text = text.strip()
    if "," in text:
        cells = [cell.strip() for cell in text.split(",")]
        if len(cells) > 6 or not all(_DATE_PART.fullmatch(c) for c in cells if c) or not cells[0]:
            return None
        return {name: cell for name, cell in zip(_DATE_PARTS, cells, strict=False) if cell}
    iso = _ISO_DATE.fullmatch(text)
    if iso is not None:
        return {k: v for k, v in iso.groupdict().items() if v}
    slash = _SLASH_DATE.fullmatch(text)
    if slash is not None:
        rest = slash.group("rest").strip()
        if rest and _TIME.fullmatch(rest) is None:
            return None
        parts = {k: v for k, v in slash.groupdict().items() if v and k != "rest"}
        if rest:
            parts["time"] = rest
        return parts
    return None


def _day_interval(date: str) -> str | None:
    """An interval with a time of day at either end, as days, when only the days make a valid date.

    EDTF intervals run from one date to another: ``2022-09-21T09:00:00/2022-09-23`` is not one,
    ``2022-09-21/2022-09-23`` is (and two times of the same day give that day). None when the
    date is fine as it is, or is no interval of date-times, or the days are no valid date either.
    """
    start, slash, end = date.partition("/")
    if not slash or ("T" not in start and "T" not in end):
        return None
    try:
        parse_date(date)
        return None
    except DateError:
        pass
    first, last = start.partition("T")[0], end.partition("T")[0]
    days = first if first == last else f"{first}/{last}"
    try:
        parse_date(days)
    except DateError:
        return None
    return days


def _plain_title(body_html: str, media: _Media) -> str:
    """The title of a slide without a headline, as TimelineJS labels its marker: the text, else the caption.

    Then the text of a quote given as media, the credit, the alt text and the media's title; plain
    text, shortened; never a link.
    """
    for candidate in (html_to_text(body_html), media.caption, media.quote, media.credit, media.alt, media.title):
        short = _short(candidate)
        if short:
            return short
    return "Untitled"


class _Timeline:
    """Slides (TimelineJS JSON, or sheet rows read as slides) -> a chronology mapping.

    ``base_url``: what relative media paths are relative to (``convert --base-url``); ``sheet``:
    numbers are read as TimelineJS reads sheet cells (``1,815`` is 1815); ``text_dates``: a
    date may be text (``2011,3,23``, ``2012-01-10``), as in TimelineJS 2 and the first sheets.
    """

    def __init__(
        self, imp: _Import, *, base_url: str | None = None, sheet: bool = False, text_dates: bool = False
    ) -> None:
        self.imp = imp
        self.base_url = base_url
        self.sheet = sheet
        self.text_dates = text_dates
        self.categories: dict[str, str] = {}
        self.events: list[tuple[YMap, Pos, str, str | None, str]] = []  # event, pos, title, date, prefix
        self.title: str | None = None
        self.description: list[str] = []
        self.eras: list[_Era] = []
        self.notes: list[tuple[Pos, str, str]] = []  # problems of the slide being read that do not skip it

    # -- values
    def text(self, node: Any, key: str, where: Callable[[tuple[str, ...]], str], path: tuple[str, ...]) -> str | None:
        """Text at ``node[key]`` (numbers become text); None when absent; raises _Bad when not text."""
        if not isinstance(node, dict):
            return None
        value = node.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        pos = node.value_pos.get(key, node.pos) if isinstance(node, YMap) else _NO_POS
        raise _Bad(pos, f"{where((*path, key))}: expected text, got {_kind(value)}", "write the text in quotes")

    def html(self, node: Any, key: str, where: Callable[[tuple[str, ...]], str], path: tuple[str, ...]) -> str:
        """HTML at ``node[key]`` ("" when absent) with its links made absolute (``//``, ``--base-url``)."""
        return _absolute_links(self.text(node, key, where, path) or "", self.base_url)

    def whole(self, node: YMap, key: str, where: Callable[[tuple[str, ...]], str], path: tuple[str, ...]) -> int | None:
        value = node.get(key)
        pos = node.value_pos.get(key, node.pos)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, bool):
            raise _Bad(pos, f"{where((*path, key))}: expected a whole number, got a boolean", "write digits, e.g. 1943")
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            m = _DATE_PART.fullmatch(_SHEET_NUMBER_NOISE.sub("", value) if self.sheet else value)
            if m:
                return int(m.group(1))
        raise _Bad(
            pos,
            f"{where((*path, key))}: expected a whole number, got {str(value)[:40]!r}",
            "write digits only, e.g. 1943 for the year, 7 for July",
        )

    def clock(self, text: str, pos: Pos, what: str) -> dict[str, int | None]:
        """The sheet's Time column (see :data:`_TIME`) as hour, minute, second and millisecond."""
        m = _TIME.fullmatch(text)
        if m is None or not (m["hhmm"] or m["h"]):
            raise _Bad(
                pos,
                f"{what}: {text!r} is not a time",
                "write HH:MM or HH:MM:SS, e.g. 09:30 or 21:05:00 (21:05:00.250 with milliseconds)",
            )
        hour = int(m["hhmm"][:-2] if m["hhmm"] else m["h"])
        minute: int | None = int(m["hhmm"][-2:]) if m["hhmm"] else int(m["m"]) if m["m"] else None
        second = int(m["s"]) if m["s"] else None
        millisecond = int((m["frac"] + "00")[:3]) if m["frac"] else None
        if m["ampm"]:
            if not 1 <= hour <= 12:
                raise _Bad(pos, f"{what}: {text!r} is not a time", "write 1-12 am/pm, or 0-23 without am/pm")
            hour = hour % 12 + (12 if m["ampm"].lower().startswith("p") else 0)
        return {"hour": hour, "minute": minute, "second": second, "millisecond": millisecond}

    def parts_date(
        self, slide: YMap, key: str, where: Callable[[tuple[str, ...]], str], path: tuple[str, ...]
    ) -> str | None:
        """EDTF of ``slide[key]`` (a TimelineJS date object); None when absent.

        Problems that do not stop the date (milliseconds the format cannot keep) go to ``self.notes``.
        """
        node = slide.get(key)
        if node is None or node == "":
            return None
        npos = slide.value_pos.get(key, slide.pos)
        sub = (*path, key)
        if self.text_dates and isinstance(node, (str, int)) and not isinstance(node, bool):
            parts = _date_text_parts(str(node))
            if parts is None:
                raise _Bad(
                    npos,
                    f"{where(sub)}: {str(node)[:40]!r} is not a date",
                    "write the year (1963), or YYYY-MM-DD, or year,month,day (2011,3,23), or M/D/YYYY",
                )
            node = _ymap(npos, ((name, value, npos) for name, value in parts.items()))
        if not isinstance(node, YMap):
            raise _Bad(
                npos,
                f'{where(sub)}: expected an object such as {{"year": 1943, "month": 7}}',
                "write the date as year, month, day (and hour, minute, second) fields",
            )
        values: dict[str, int | None] = {part: self.whole(node, part, where, sub) for part in _DATE_PARTS}
        time_key = "time" if "time" in node else "hour"
        if "time" in node:  # the sheet's Time column
            time_text = self.text(node, "time", where, sub)
            if time_text and time_text.strip():
                values.update(self.clock(time_text, node.value_pos.get("time", npos), where((*sub, "time"))))
        year, month, day = values["year"], values["month"], values["day"]
        hour, minute, second, millisecond = (values[part] for part in _TIME_PARTS)

        def pos_of(part: str) -> Pos:
            return node.value_pos.get(part, npos)

        def where_of(part: str) -> str:
            return where((*sub, time_key if part in _TIME_PARTS and time_key == "time" else part))

        time_pos, time_where = pos_of(time_key), where((*sub, time_key))

        if year is None:
            if any(v is not None for v in values.values()):
                raise _Bad(npos, f"{where(sub)}: the year is missing", "every date needs a year")
            return None
        if year == 0:
            raise _Bad(
                pos_of("year"),
                f"{where_of('year')}: TimelineJS has no year 0 (its years are historical: -1 is 1 BC)",
                "write 1 for AD 1 or -1 for 1 BC",
            )
        if not MIN_TIMELINEJS_YEAR <= year <= MAX_TIMELINEJS_YEAR:
            raise _Bad(
                pos_of("year"),
                f"{where_of('year')}: year {year} is out of range: the chronology format holds the years "
                f"10000 BC to AD 9999 (TimelineJS years {MIN_TIMELINEJS_YEAR} to {MAX_TIMELINEJS_YEAR})",
                "TimelineJS's cosmological scale (such as -13800000000 for the Big Bang) cannot be imported: "
                "leave the slide out, or give it a year in range and the real date as its display_date",
            )
        if month is None and day is not None:
            raise _Bad(pos_of("day"), f"{where_of('day')}: a day without a month", "add the month, or remove the day")
        if month is not None and not 1 <= month <= 12:
            raise _Bad(pos_of("month"), f"{where_of('month')}: month {month} is not 1-12", "write the month as 1-12")
        has_time = any(v is not None for v in (hour, minute, second)) or bool(millisecond)  # 0 ms: no time
        if has_time and day is None:
            raise _Bad(time_pos, f"{time_where}: a time without a day", "add the month and day, or remove the time")
        text = year_text(astronomical_year(year))
        if month is not None:
            text += f"-{month:02d}"
        if day is not None:
            text += f"-{day:02d}"
        if has_time:
            h, mi, s, ms = hour or 0, minute or 0, second or 0, millisecond or 0
            if not (0 <= h <= 23 and 0 <= mi <= 59 and 0 <= s <= 59 and 0 <= ms <= 999):
                shown = f"{h}:{mi:02d}:{s:02d}" + (f".{ms:03d}" if ms else "")
                raise _Bad(
                    time_pos,
                    f"{time_where}: {shown} is not a time",
                    "hours 0-23, minutes and seconds 0-59, milliseconds 0-999",
                )
            text += f"T{h:02d}:{mi:02d}:{s:02d}"
            if ms:
                self.notes.append(
                    (
                        pos_of("millisecond" if time_key == "hour" else "time"),
                        f"{where_of('millisecond')}: {ms} milliseconds cannot be kept (the chronology format's "
                        f"times are whole seconds): the date is imported as {text}",
                        "slides that differ only in milliseconds now have the same time: "
                        "tell them apart with a display_date, or leave the milliseconds out",
                    )
                )
        try:
            parse_date(text)
        except DateError as exc:
            raise _Bad(npos, f"{where(sub)}: {exc.message}", exc.hint or "check the date's parts") from None
        return text

    def relative(self, pos: Pos, what: str, url: str) -> None:
        """Report a relative media path (there is no ``base_url`` to resolve it)."""
        self.imp.problem(
            pos,
            f"{what}: {url[:80]!r} is a relative path, which TimelineJS loads from the site that shows the "
            "timeline; this file does not say which site: left out",
            "give the address it is relative to: python -m dashboard convert IN OUT --base-url "
            "https://example.org/timeline/ (or write the full https:// address)",
        )

    def media(self, slide: YMap, where: Callable[[tuple[str, ...]], str], path: tuple[str, ...]) -> _Media:
        """The slide's media: an image for the event, or lines for the summary (see the module docstring)."""
        node = slide.get("media")
        out = _Media()
        if not isinstance(node, YMap):
            if node not in (None, "") and not isinstance(node, dict):
                raise _Bad(
                    slide.value_pos.get("media", slide.pos),
                    f"{where((*path, 'media'))}: expected an object with url, caption, credit",
                    'write media as {"url": "https://...", "caption": "..."}',
                )
            return out
        sub = (*path, "media")
        url = _absolute_url(self.text(node, "url", where, sub) or "", self.base_url)
        caption_html = self.html(node, "caption", where, sub)
        credit_html = self.html(node, "credit", where, sub)
        out.alt = html_to_text(self.text(node, "alt", where, sub) or "")
        out.title = html_to_text(self.text(node, "title", where, sub) or "")
        link = _absolute_url(self.text(node, "link", where, sub) or "", self.base_url)
        thumbnail = _absolute_url(self.text(node, "thumbnail", where, sub) or "", self.base_url)
        out.caption, out.credit = html_to_text(caption_html), html_to_text(credit_html)
        upos = node.value_pos.get("url", node.pos)
        tpos = node.value_pos.get("thumbnail", upos)
        lines = out.lines

        def image_node(link: str, pos: Pos) -> YMap:
            items: list[tuple[str, Any, Pos]] = [("url", link, pos)]
            for name, value in (("caption", out.caption), ("credit", out.credit), ("alt", out.alt)):
                if value:
                    items.append((name, value, node.value_pos.get(name, pos)))
            return _ymap(pos, items)

        def link_line() -> None:  # where a click on the media leads
            if not link or link == url:
                return
            lpos = node.value_pos.get("link", upos)
            if is_http_url(link):
                host = (urlsplit(link).hostname or link).removeprefix("www.")
                lines.append(f"Media link: [{md_text(host)}]({link_target(link)})")
            elif _is_relative_path(link):
                self.relative(lpos, where((*sub, "link")), link)
            else:
                self.imp.problem(
                    lpos,
                    f"{where((*sub, 'link'))}: only http and https links are imported, got {link[:80]!r}: left out",
                    "write a full address starting with https://",
                )

        if url and is_http_url(url) and _is_image_url(url):
            out.image = image_node(url, upos)
            for name, raw in (("Caption", caption_html), ("Credit", credit_html)):
                if html_links(raw):
                    lines.append(f"{name}: {html_to_markdown(raw)}")
            link_line()
            return out
        if url and is_http_url(url):
            host = (urlsplit(url).hostname or url).removeprefix("www.")
            text = md_text(out.caption or host)
            line = f"Media: [{text}]({link_target(url)})"
            if credit_html:
                line += f" (credit: {html_to_markdown(credit_html)})"
            lines.append(line)
        elif url and _is_relative_path(url):
            self.relative(upos, where((*sub, "url")), url)
        elif url and _SCHEME.match(url) and "<" not in url:
            self.imp.problem(
                upos,
                f"{where((*sub, 'url'))}: only http and https links are imported, got {url[:80]!r}: left out",
                "write a full address starting with https://",
            )
        elif url:
            out.quote = html_to_text(url)
            quoted = html_to_markdown(_absolute_links(url, self.base_url))
            if quoted:
                lines.append(quoted)
            if caption_html:
                lines.append(html_to_markdown(caption_html))
            if credit_html:
                lines.append(f"Credit: {html_to_markdown(credit_html)}")
        link_line()
        if thumbnail and is_http_url(thumbnail) and _is_image_url(thumbnail):
            out.image = image_node(thumbnail, tpos)
        elif thumbnail and _is_relative_path(thumbnail):
            self.relative(tpos, where((*sub, "thumbnail")), thumbnail)
        return out

    # -- slides
    def slide(self, slide: Any, pos: Pos, prefix: str, where: Callable[[tuple[str, ...]], str]) -> None:
        if not isinstance(slide, YMap):
            self.imp.problem(
                pos,
                f"{prefix}: a slide must be an object, got {_kind(slide)}",
                'write each slide as {"start_date": {...}, "text": {...}}',
            )
            self.imp.skipped += 1
            return
        if slide.bad:  # a duplicate key, already reported
            self.imp.skipped += 1
            return
        self.notes = []
        try:
            self._slide(slide, pos, prefix, where)
        except _Bad as bad:
            self.imp.problem(bad.pos if bad.pos.line else pos, bad.message, bad.hint)
            self.imp.skipped += 1
        else:
            for npos, message, hint in self.notes:
                self.imp.problem(npos, message, hint)
        self.notes = []

    def _slide(self, slide: YMap, pos: Pos, prefix: str, where: Callable[[tuple[str, ...]], str]) -> None:
        ev = YMap(pos)

        def put(key: str, value: Any, vpos: Pos) -> None:
            ev[key] = value
            ev.key_pos[key] = ev.value_pos[key] = vpos

        text_node = slide.get("text")
        if text_node is not None and not isinstance(text_node, dict) and text_node != "":
            raise _Bad(
                slide.value_pos.get("text", pos),
                f"{where(('text',))}: expected an object with headline and text",
                'write text as {"headline": "...", "text": "..."}',
            )
        headline_html = self.html(text_node, "headline", where, ("text",))
        body_html = self.html(text_node, "text", where, ("text",))
        tpos = text_node.value_pos.get("headline", pos) if isinstance(text_node, YMap) else pos
        edtf = self.text(slide, "edtf", where, ())
        if edtf and edtf.strip():
            date: str | None = edtf.strip()
            dpos = slide.value_pos.get("edtf", pos)
        else:
            start = self.parts_date(slide, "start_date", where, ())
            end = self.parts_date(slide, "end_date", where, ())
            dpos = slide.value_pos.get("start_date", pos)
            if start is None:
                raise _Bad(
                    dpos if end is None else slide.value_pos.get("end_date", pos),
                    f"{prefix}: the slide has no start_date",
                    'add "start_date": {"year": ...} (only the title slide and eras may have no date)',
                )
            # TimelineJS drops an end date equal to the start ("people frequently configure" one)
            date = f"{start}/{end}" if end is not None and end != start else start
            days = _day_interval(date)
            if days is not None and end is not None:  # the times are kept in the notes
                date = days
                first, last = start.replace("T", " "), end.replace("T", " ")
                put("notes", f"Times given in TimelineJS (UTC): from {first} to {last}.", dpos)
        put("date", date, dpos)
        media = self.media(slide, where, ())
        summary_parts = [p for p in (html_to_markdown(body_html), *media.lines) if p]
        put("title", html_to_text(headline_html) or _plain_title(body_html, media), tpos)
        group = html_to_text(self.text(slide, "group", where, ()) or "")
        gpos = slide.value_pos.get("group", pos)
        if group:
            put("category", _category(group, self.categories), gpos)
        else:
            self.categories.setdefault(*DEFAULT_CATEGORY)
            put("category", DEFAULT_CATEGORY[0], pos)
        if summary_parts:
            put("summary", "\n\n".join(summary_parts), slide.value_pos.get("text", pos))
        if media.image is not None:
            put("image", media.image, media.image.pos)
        display = html_to_text(self.text(slide, "display_date", where, ()) or "")
        start_node = slide.get("start_date")
        end_node = slide.get("end_date")
        if not display and isinstance(start_node, YMap):
            display = html_to_text(self.text(start_node, "display_date", where, ("start_date",)) or "")
            end_display = (
                html_to_text(self.text(end_node, "display_date", where, ("end_date",)) or "")
                if isinstance(end_node, YMap)
                else ""
            )
            if display and end_display and end_display != display:
                display = f"{display} – {end_display}"
        if display:
            try:
                redundant = display == parse_date(date or "").label
            except DateError:
                redundant = False
            if not redundant:
                put("display_date", display, slide.value_pos.get("display_date", pos))
        uid = (self.text(slide, "unique_id", where, ()) or "").strip()
        if uid:
            put("id", uid if _ID_RE.match(uid) else slugify(uid, max_length=80) or _hash_slug(uid, "e"), pos)
        self.events.append((ev, pos, str(ev["title"]), date, prefix))

    def title_slide(self, slide: Any, pos: Pos, where: Callable[[tuple[str, ...]], str]) -> None:
        if not isinstance(slide, YMap) or slide.bad:
            if not isinstance(slide, YMap) and slide not in (None, ""):
                self.imp.problem(
                    pos, f"{where(())}: the title slide must be an object", 'write {"text": {"headline": ...}}'
                )
            return
        try:
            text_node = slide.get("text")
            headline = html_to_text(self.html(text_node, "headline", where, ("text",)))
            body_html = self.html(text_node, "text", where, ("text",))
            media = self.media(slide, where, ())
        except _Bad as bad:
            self.imp.problem(bad.pos if bad.pos.line else pos, bad.message, bad.hint)
            return
        # a title slide without a headline shows its text: the chronology is titled by it (shortened)
        title = headline or _short(html_to_text(body_html))
        if title:
            self.title = title
        self.description.extend(p for p in (html_to_markdown(body_html), *media.lines) if p)

    def era(self, era: Any, pos: Pos, prefix: str, where: Callable[[tuple[str, ...]], str]) -> None:
        """An era becomes a period: headline -> label, text -> description, its dates -> the date."""
        if not isinstance(era, YMap) or era.bad:
            if not isinstance(era, YMap):
                self.imp.problem(
                    pos, f"{prefix}: an era must be an object", 'write {"start_date": ..., "end_date": ...}'
                )
            return
        self.notes = []
        try:
            made = self._era(era, pos, prefix, where)
        except _Bad as bad:
            self.imp.problem(bad.pos if bad.pos.line else pos, bad.message, bad.hint)
            return
        finally:
            notes, self.notes = self.notes, []
        if made is None:
            return
        for npos, message, hint in notes:
            self.imp.problem(npos, message, hint)
        self.eras.append(made)

    def _era(self, era: YMap, pos: Pos, prefix: str, where: Callable[[tuple[str, ...]], str]) -> _Era | None:
        """The period of an era; None when it has no date or a bad one (reported); raises _Bad."""
        text_node = era.get("text")
        headline = html_to_text(self.html(text_node, "headline", where, ("text",)))
        body = html_to_markdown(self.html(text_node, "text", where, ("text",)))
        tpos = text_node.value_pos.get("headline", pos) if isinstance(text_node, YMap) else pos
        node = YMap(pos)

        def put(key: str, value: Any, vpos: Pos) -> None:
            node[key] = value
            node.key_pos[key] = node.value_pos[key] = vpos

        date, dpos, times = self._era_date(era, pos, where)
        if date is None:
            self.imp.problem(
                era.value_pos.get("start_date", pos),
                f"{prefix}: the era has no start_date: not imported",
                "add start_date and end_date to the era",
            )
            return None
        try:
            info = parse_date(date)
        except DateError as exc:
            self.imp.problem(dpos, f"{prefix}: {exc.message}", exc.hint)
            return None
        label = headline or _short(html_to_text(body)) or info.label
        uid = (self.text(era, "unique_id", where, ()) or "").strip()
        if uid:
            put("id", uid if _ID_RE.match(uid) else slugify(uid, max_length=80) or _hash_slug(uid, "p"), pos)
        put("label", label, tpos)
        put("date", date, dpos)
        description = "\n\n".join(p for p in (body, times) if p)
        if description:
            put("description", description, era.value_pos.get("text", pos))
        color = (self.text(era, "color", where, ()) or "").strip()
        if color and is_color(color):
            put("color", color, era.value_pos.get("color", pos))
        elif color:
            self.notes.append(
                (
                    era.value_pos.get("color", pos),
                    f"{where(('color',))}: {color[:40]!r} is not a CSS hex colour: the era is imported without it",
                    'write the colour as "#4C78A8"',
                )
            )
        return _Era(node, label, date)

    def _era_date(self, era: YMap, pos: Pos, where: Callable[[tuple[str, ...]], str]) -> tuple[str | None, Pos, str]:
        """The EDTF of an era (``edtf`` when given, else its dates), its position, and the times of
        day an interval of date-times had (EDTF intervals run from day to day); raises _Bad."""
        edtf = self.text(era, "edtf", where, ())
        if edtf and edtf.strip():
            return edtf.strip(), era.value_pos.get("edtf", pos), ""
        start = self.parts_date(era, "start_date", where, ())
        end = self.parts_date(era, "end_date", where, ())
        dpos = era.value_pos.get("start_date", pos)
        if start is None:
            return None, dpos, ""
        date = f"{start}/{end}" if end and end != start else start
        days = _day_interval(date)
        if days is None or end is None:
            return date, dpos, ""
        first, last = start.replace("T", " "), end.replace("T", " ")
        return days, dpos, f"Times given in TimelineJS (UTC): from {first} to {last}."

    def finish(self) -> Chronology:
        # TimelineJS keeps every slide, making a repeated unique_id unique: so do we
        ids = _Ids(_repeated_ids(ev for ev, *_ in self.events))
        events = YList(_NO_POS)
        for ev, pos, title, date, prefix in self.events:
            if "id" not in ev:
                ev["id"] = ids.make(title, date)
                ev.key_pos["id"] = ev.value_pos["id"] = pos
            self.imp.event_prefix.setdefault(str(ev["id"]), prefix)
            events.append(ev)
            events.item_pos.append(pos)
        items: list[tuple[str, Any, Pos]] = [("format", 1, _NO_POS)]
        title = self.title or Path(self.imp.file).stem
        if title:
            items.append(("title", title, _NO_POS))
        if self.description:
            items.append(("description", "\n\n".join(self.description), _NO_POS))
        items.append(("categories", _categories_node(self.categories), _NO_POS))
        if self.eras:
            items.append(("periods", _periods_node(self.eras), _NO_POS))
        items.append(("events", events, _NO_POS))
        return self.imp.finish(_ymap(_NO_POS, items))


def _periods_node(eras: list[_Era]) -> YList:
    """The ``periods:`` of imported eras: their ids as written (a repeated one made unique, as for
    slides), else generated from the label and the date."""
    ids = _Ids(_repeated_ids([era.node for era in eras]))
    for era in eras:
        if "id" not in era.node:
            era.node["id"] = ids.make(era.label, era.date)
            era.node.key_pos["id"] = era.node.value_pos["id"] = era.node.pos
    return _ylist(_NO_POS, ((era.node, era.node.pos) for era in eras))


def _repeated_ids(nodes: Iterable[YMap]) -> set[str]:
    """Give a repeated ``id`` of ``nodes`` ``-2``, ``-3``... (as TimelineJS keeps every slide);
    returns every id then written."""
    written: set[str] = set()
    repeated: list[YMap] = []
    for node in nodes:
        uid = node.get("id")
        if isinstance(uid, str) and uid in written:
            repeated.append(node)
        elif isinstance(uid, str):
            written.add(uid)
    for node in repeated:
        base, n = str(node["id"]), 2
        while f"{base}-{n}" in written:
            n += 1
        node["id"] = f"{base}-{n}"
        written.add(node["id"])
    return written


class _Bad(Exception):
    def __init__(self, pos: Pos, message: str, hint: str) -> None:
        super().__init__(message)
        self.pos, self.message, self.hint = pos, message, hint


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return "text"


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return (cut or text[:limit]) + "…"


def _json_where(prefix: str) -> Callable[[tuple[str, ...]], str]:
    def where(path: tuple[str, ...]) -> str:
        return ".".join((prefix, *path))

    return where


def _looks_timelinejs(doc: Any) -> bool:
    if not isinstance(doc, dict):
        return False
    if "events" not in doc and isinstance(doc.get("timeline"), dict):  # {"timeline": {...}}: TimelineJS 2, early 3
        inner = doc["timeline"]
        return any(isinstance(inner.get(key), list) for key in ("date", "slides", "events"))
    if isinstance(doc.get("title"), dict) or "eras" in doc or "scale" in doc:
        return True
    events = doc.get("events")
    if isinstance(events, list):
        slide_keys = {"start_date", "text", "media", "unique_id", "edtf"}
        return any(isinstance(e, dict) and slide_keys & set(e) and "id" not in e for e in events[:50])
    return False


def _timeline_doc(doc: Any, imp: _Import, *, base_url: str | None = None) -> Chronology:
    """A TimelineJS document: ``{"title", "events", "eras"}``, or wrapped in ``{"timeline": ...}``.

    The wrapped forms are older: TimelineJS 2 (``{"timeline": {"headline", "date": [...]}}``,
    see :func:`_timeline2_doc`) and the first TimelineJS 3 files (``{"timeline": {"slides": [...]}}``,
    every slide an event).
    """
    inner = doc.get("timeline") if isinstance(doc, YMap) and "events" not in doc else None
    if isinstance(inner, YMap) and not inner.bad:
        if isinstance(inner.get("date"), list):
            return _timeline2_doc(inner, imp, base_url=base_url)
        for key in ("events", "slides"):
            if isinstance(inner.get(key), list):
                return _timeline3_doc(inner, imp, base_url=base_url, events_key=key, root="timeline.")
    return _timeline3_doc(doc, imp, base_url=base_url)


def _timeline3_doc(
    doc: Any, imp: _Import, *, base_url: str | None, events_key: str = "events", root: str = ""
) -> Chronology:
    tl = _Timeline(imp, base_url=base_url)
    if not isinstance(doc, YMap) or not isinstance(doc.get(events_key), list):
        pos = doc.pos if isinstance(doc, (YMap, YList)) else Pos(1, 1)
        imp.problem(
            pos,
            'expected a TimelineJS object with "events": [...]',
            'a TimelineJS file is {"title": {...}, "events": [{"start_date": {...}, "text": {...}}]}',
        )
        return _with_skipped(imp)
    events = doc[events_key]
    positions = events.item_pos if isinstance(events, YList) else [_NO_POS] * len(events)
    for i, slide in enumerate(events):
        prefix = f"{root}{events_key}[{i}]"
        tl.slide(slide, positions[i], prefix, _json_where(prefix))
    if "title" in doc:
        tl.title_slide(doc["title"], doc.value_pos.get("title", _NO_POS), _json_where(f"{root}title"))
    eras = doc.get("eras")
    if isinstance(eras, list):
        epos = eras.item_pos if isinstance(eras, YList) else [_NO_POS] * len(eras)
        for i, era in enumerate(eras):
            prefix = f"{root}eras[{i}]"
            tl.era(era, epos[i], prefix, _json_where(prefix))
    elif eras is not None:
        imp.problem(doc.value_pos.get("eras", _NO_POS), "'eras' must be a list", 'write "eras": [{...}, ...]')
    return tl.finish()


# --------------------------------------------------------------------------- TimelineJS 2

_TL2_NAMES: Final = {"start_date": "startDate", "end_date": "endDate", "media": "asset", "group": "tag"}
_TL2_MEDIA: Final = {"url": "media"}


def _tl2_where(prefix: str) -> Callable[[tuple[str, ...]], str]:
    """Paths named as the TimelineJS 2 file names them (``date[3].startDate``, ``date[3].asset.media``)."""

    def where(path: tuple[str, ...]) -> str:
        if path[:1] in (("start_date",), ("end_date",)):
            names: list[str] = [_TL2_NAMES[path[0]]]  # the date is one text: its parts have no place of their own
        elif path[:1] == ("text",):
            names = list(path[1:]) or ["text"]
        elif path[:1] == ("media",):
            names = ["asset", *(_TL2_MEDIA.get(p, p) for p in path[1:])]
        else:
            names = [_TL2_NAMES.get(p, p) for p in path]
        return ".".join((prefix, *names))

    return where


def _tl2_slide(item: Any) -> Any:
    """A TimelineJS 2 ``date`` item (or era, or the timeline itself) as a TimelineJS 3 slide.

    ``startDate``/``endDate`` stay text (read by :func:`_date_text_parts`), ``headline`` and
    ``text`` go to ``text``, ``asset`` (``media``, ``caption``, ``credit``, ``thumbnail``) to
    ``media``, ``tag`` to ``group``.
    """
    if not isinstance(item, YMap):
        return item
    slide = YMap(item.pos)
    slide.bad = item.bad

    def put(node: YMap, key: str, value: Any, pos: Pos) -> None:
        node[key] = value
        node.key_pos[key] = node.value_pos[key] = pos

    def pos_of(node: YMap, key: str) -> Pos:
        return node.value_pos.get(key, node.pos)

    for old, new in (("startDate", "start_date"), ("endDate", "end_date")):
        if old in item:
            put(slide, new, item[old], pos_of(item, old))
    text = YMap(item.pos)
    for key in ("headline", "text"):
        if key in item:
            put(text, key, item[key], pos_of(item, key))
    put(slide, "text", text, item.pos)
    asset = item.get("asset")
    if isinstance(asset, YMap):
        media = YMap(asset.pos)
        for old, new in (("media", "url"), ("caption", "caption"), ("credit", "credit"), ("thumbnail", "thumbnail")):
            if old in asset:
                put(media, new, asset[old], pos_of(asset, old))
        put(slide, "media", media, pos_of(item, "asset"))
    elif asset is not None:
        put(slide, "media", asset, pos_of(item, "asset"))
    for key in ("tag", "tags"):
        if item.get(key) not in (None, ""):
            put(slide, "group", item[key], pos_of(item, key))
            break
    return slide


def _timeline2_doc(timeline: YMap, imp: _Import, *, base_url: str | None) -> Chronology:
    """TimelineJS 2: ``{"timeline": {"headline", "text", "asset", "date": [...], "era": [...]}}``.

    The ``timeline`` object itself is the title slide; each ``date`` item a slide; ``era`` the eras.
    Dates are text: ``"2011,3,23"`` (year, month, day, hour, minute, second), ``"1963"``,
    ``"2012-01-10"``, ``"3/23/2011"``.
    """
    tl = _Timeline(imp, base_url=base_url, text_dates=True)
    dates = timeline["date"]
    positions = dates.item_pos if isinstance(dates, YList) else [_NO_POS] * len(dates)
    for i, item in enumerate(dates):
        prefix = f"timeline.date[{i}]"
        tl.slide(_tl2_slide(item), positions[i], prefix, _tl2_where(prefix))
    tl.title_slide(_tl2_slide(timeline), timeline.pos, _tl2_where("timeline"))
    eras = timeline.get("era")
    if isinstance(eras, list):
        epos = eras.item_pos if isinstance(eras, YList) else [_NO_POS] * len(eras)
        for i, era in enumerate(eras):
            prefix = f"timeline.era[{i}]"
            tl.era(_tl2_slide(era), epos[i], prefix, _tl2_where(prefix))
    return tl.finish()


def _check_base_url(base_url: str | None) -> None:
    if base_url is not None and not is_http_url(base_url):
        raise ValueError(f"base_url must be an http or https address, got {base_url!r}")


def import_timelinejs_json(
    data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES, base_url: str | None = None
) -> Chronology:
    """Import a TimelineJS JSON file (see the module docstring). Never raises for bad input.

    ``base_url``: the http(s) address that relative media paths (``./media/x.jpg``) are relative
    to; without it they are reported and left out.
    """
    _check_base_url(base_url)
    imp = _Import(file)
    result = read_json(data, file=file, max_bytes=max_bytes)
    imp.problems.extend(result.problems)
    if result.fatal:
        return _failed(file, imp.problems)
    return _timeline_doc(result.data, imp, base_url=base_url)


def import_json(
    data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES, base_url: str | None = None
) -> Chronology:
    """Import JSON: a TimelineJS file, or a chronology written as JSON (the JSON export).

    Which one is decided by the content (TimelineJS slides have ``start_date``/``text``).
    ``base_url`` is used for TimelineJS (see :func:`import_timelinejs_json`).
    """
    _check_base_url(base_url)
    imp = _Import(file)
    result = read_json(data, file=file, max_bytes=max_bytes)
    imp.problems.extend(result.problems)
    if result.fatal:
        return _failed(file, imp.problems)
    if _looks_timelinejs(result.data):
        return _timeline_doc(result.data, imp, base_url=base_url)
    chron = load_data(result.data, file=file)
    # the loader's hints speak of YAML's plain values; JSON's true/false/null/numbers are written as such
    json_hint = "write it as text in double quotes: "
    found = [dataclasses.replace(p, hint=_YAML_HINT.sub(json_hint, p.hint)) for p in chron.problems]
    chron.problems = sorted([*imp.problems, *found], key=lambda p: (p.line, p.column))
    return chron


# --------------------------------------------------------------------------- TimelineJS sheet


def import_timelinejs_sheet(
    data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES, base_url: str | None = None
) -> Chronology:
    """Import the TimelineJS Google Sheets template exported as CSV. Never raises for bad input.

    ``base_url``: the http(s) address that relative media paths are relative to (see
    :func:`import_timelinejs_json`).
    """
    _check_base_url(base_url)
    imp = _Import(file)
    table = _read_table(data, imp, max_bytes)
    if table is None:
        return _failed(file, imp.problems)
    if not _is_sheet(table.header):
        imp.problem(
            Pos(table.header_line, 1),
            "this is not the TimelineJS sheet template: the header has no Year and Headline columns",
            "use the template's header (Year, Month, Day, ..., Headline, Text, Media, ...), "
            "or import it as a plain CSV",
        )
        imp.skipped += len(table.rows)
        return _with_skipped(imp)
    return _sheet(table, imp, base_url=base_url)


def _sheet(table: _Table, imp: _Import, *, base_url: str | None = None) -> Chronology:
    _extra_cells(table, imp)
    cols = _columns(table, imp, SHEET_COLUMNS, {})
    names = {index: table.raw_header[index] for index in cols.values()}
    by_path = {SHEET_COLUMNS[name]: names[index] for name, index in cols.items()}
    tl = _Timeline(imp, base_url=base_url, sheet=True, text_dates=True)

    def where(path: tuple[str, ...]) -> str:
        name = by_path.get(path)
        if name is None and len(path) >= 1 and path[-1] in _TIME_PARTS:
            name = by_path.get((*path[:-1], "time"))
        if name is None and len(path) == 2 and path[0] in ("start_date", "end_date"):
            name = by_path.get(path[:1])  # the first template's Start Date / End Date
        if name is None and path in (("start_date",), ("end_date",)):
            parts = [(path[0], part) for part in ("year", "month", "day", "time")]
            names = [by_path[key] for key in parts if key in by_path]
            return f"the {'start' if path[0] == 'start_date' else 'end'} date ({', '.join(names)})"
        return f"column '{name}'" if name else "this row"

    title_seen = False
    for row in table.rows:
        slide = _sheet_slide(row, cols)
        pos = Pos(row.line, 1)
        kind = (_cell(row, cols, "type") or ("", pos))[0].strip().lower()
        if kind == "title":
            if title_seen:
                imp.problem(
                    pos,
                    "a second title row: only the first one is the title slide; this row is not imported",
                    "set Type to empty to make it an event, or delete the row",
                )
                imp.skipped += 1
                continue
            title_seen = True
            tl.title_slide(slide, pos, where)
        elif kind == "era":
            tl.era(slide, pos, f"row {row.line} (era)", where)
        else:
            tl.slide(slide, pos, f"row {row.line}", where)
    return tl.finish()


def _sheet_slide(row: _Row, cols: Mapping[str, int]) -> YMap:
    slide = YMap(Pos(row.line, 1))
    for name in cols:
        path = SHEET_COLUMNS[name]
        cell = _cell(row, cols, name)
        if cell is None:
            continue
        value, pos = cell
        node = slide
        for step in path[:-1]:
            child = node.get(step)
            if not isinstance(child, YMap):
                child = YMap(pos)
                node[step] = child
                node.key_pos[step] = node.value_pos[step] = pos
            node = child
        node[path[-1]] = value
        node.key_pos[path[-1]] = node.value_pos[path[-1]] = pos
    return slide


# --------------------------------------------------------------------------- dispatch


def _sniff_json(data: bytes) -> str:
    head = data[:65536]
    markers = (b'"start_date"', b'"headline"', b'"startDate"')  # TimelineJS 3 and 2
    return "timelinejs" if any(marker in head for marker in markers) else "json"


def _first_line(data: bytes) -> str:
    head = data[:8192].removeprefix(b"\xef\xbb\xbf").decode("utf-8", errors="replace")
    return head.split("\n", 1)[0]


def detect_format(name: str, data: bytes) -> str:
    """One of :data:`IMPORT_FORMATS`, from the file name's extension and the first bytes.

    ``.yaml``/``.yml`` -> yaml; ``.json`` -> timelinejs when it has TimelineJS slides, else
    json; ``.csv``/``.tsv``/``.txt`` -> timelinejs-sheet when the header has Year and
    Headline, else csv. Other names are recognised by their content.
    """
    suffix = Path(name).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix == ".json":
        return _sniff_json(data)
    header = [_normalise(c) for c in re.split(r"[,;\t]", _first_line(data))]
    if suffix in (".csv", ".tsv", ".txt"):
        return "timelinejs-sheet" if _is_sheet(header) else "csv"
    stripped = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"{", b"[")):
        return _sniff_json(data)
    if _is_sheet(header):
        return "timelinejs-sheet"
    if "title" in header and ("date" in header or "start" in header):
        return "csv"
    return "yaml"


def load_any(
    data: bytes,
    *,
    file: str = "<input>",
    max_bytes: int = DEFAULT_MAX_BYTES,
    fmt: str | None = None,
    base_url: str | None = None,
) -> Chronology:
    """Load a chronology from bytes in any import format (``fmt``, or :func:`detect_format`).

    The size limit is checked first; never raises for bad input. ``base_url`` (an http or https
    address) resolves relative media paths of TimelineJS files; the other formats ignore it.
    """
    _check_base_url(base_url)
    if len(data) > max_bytes:
        return _failed(file, [_size_problem(file, len(data), max_bytes)])
    kind = fmt or detect_format(file, data)
    if kind == "yaml":
        return load_bytes(data, file=file, max_bytes=max_bytes)
    if kind == "json":
        return import_json(data, file=file, max_bytes=max_bytes, base_url=base_url)
    if kind == "timelinejs":
        return import_timelinejs_json(data, file=file, max_bytes=max_bytes, base_url=base_url)
    if kind == "timelinejs-sheet":
        return import_timelinejs_sheet(data, file=file, max_bytes=max_bytes, base_url=base_url)
    if kind == "csv":
        return import_csv(data, file=file, max_bytes=max_bytes, base_url=base_url)
    raise ValueError(f"unknown import format {kind!r}: use one of {', '.join(IMPORT_FORMATS)}")
