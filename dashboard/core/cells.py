"""The rules of a CSV cell, written once: what the CSV export writes and the CSV imports read.

- **Trimming**: a cell is read without its surrounding whitespace (:func:`clean_cell`).
- **Formula protection**: a text cell that a spreadsheet would run as a formula (starting with
  ``= + - @``, a tab or a carriage return, after any ``'``) gets a ``'`` in front when exported
  (:func:`protect_cell`); the import takes it off again (:func:`unprotect_cell`), so
  ``unprotect_cell(protect_cell(text)) == text`` for every text.
- **Lists**: items separated by ``;`` (written ``; ``), ``\\;`` for a semicolon and ``\\\\`` for a
  backslash inside an item (:func:`join_list`, :func:`split_list`, :func:`split_aligned`).
- **Links** (the ``links`` column): ``type:id`` items in a list cell, ``causes:invasion-2022;
  part-of:war`` (:func:`join_links`, :func:`split_links`); a link's note and sources are not in CSV.
- **Whole numbers** (``importance``, ``order``): optional sign, up to nine digits, whitespace
  around them (:func:`whole_cell`).

Used by :mod:`dashboard.io.exporters` (writing), :mod:`dashboard.io.importers` (the CSV import) and
:mod:`dashboard.io.bulk` (its fast path, which must read cells as the import does). Pure Python.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

__all__ = [
    "FORMULA_START",
    "NEEDS_CLEANING_RE2",
    "clean_cell",
    "join_links",
    "join_list",
    "needs_protection",
    "protect_cell",
    "split_aligned",
    "split_links",
    "split_list",
    "unprotect_cell",
    "whole_cell",
]

FORMULA_START: Final = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula."""

NEEDS_CLEANING_RE2: Final = r"^[\s\p{Z}]|[\s\p{Z}]$|^'"
"""RE2 pattern (pyarrow compute) of the cells that :func:`clean_cell` may change: whitespace at
either end or a leading ``'``; every other cell is already clean. (Python's ``str.strip`` also
takes the control characters U+001C-U+001F and U+0085, which no imported cell may hold.)"""

_WHOLE: Final = re.compile(r"\s*([-+]?[0-9]{1,9})\s*")


def needs_protection(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula, also behind ``'`` quotes."""
    quotes = len(text) - len(text.lstrip("'"))
    return quotes < len(text) and text[quotes] in FORMULA_START


def protect_cell(text: str) -> str:
    """The export's cell: a ``'`` before text a spreadsheet would run as a formula."""
    return "'" + text if needs_protection(text) else text


def unprotect_cell(text: str) -> str:
    """Undo :func:`protect_cell` (a ``'`` before ``= + - @``, also before more quotes); no trimming."""
    if text.startswith("'") and needs_protection(text[1:]):
        return text[1:]
    return text


def clean_cell(text: str) -> str:
    """The CSV import's reading of a cell: trimmed, then the export's formula protection undone."""
    return unprotect_cell(text.strip())


def _split_escaped(cell: str) -> list[str]:
    """The items of a ``;``-separated cell, untrimmed, ``\\;`` and ``\\\\`` unescaped."""
    if "\\" not in cell:
        return cell.split(";")
    items: list[str] = []
    current: list[str] = []
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell) and cell[i + 1] in ";\\":
            current.append(cell[i + 1])
            i += 2
            continue
        if ch == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    items.append("".join(current))
    return items


def split_list(cell: str) -> list[str]:
    """A ``;``-separated cell as a list: items trimmed, empty items dropped, ``\\;`` is a ``;``."""
    return [item for item in map(str.strip, _split_escaped(cell)) if item]


def split_aligned(cell: str) -> list[str]:
    """Like :func:`split_list` but keeps empty items (the source columns are matched by position)."""
    return [item.strip() for item in _split_escaped(cell)]


def join_list(items: Iterable[str], *, separator: str = "; ") -> str:
    """The export's list cell: items joined by ``; ``, ``\\`` and ``;`` inside an item escaped.

    ``separator`` must hold one ``;`` (and only whitespace besides, which the split trims)."""
    return separator.join(item.replace("\\", "\\\\").replace(";", "\\;") for item in items)


def join_links(links: Iterable[tuple[str, str]]) -> str:
    """The export's ``links`` cell of ``(type, id)`` pairs: ``causes:a; part-of:b``."""
    return join_list(f"{kind}:{to}" for kind, to in links)


def split_links(cell: str) -> list[tuple[str, str | None]]:
    """The ``(type, id)`` pairs of a ``links`` cell, trimmed; an item without ``:`` is ``(item, None)``
    (a link with no type: the import reports it)."""
    out: list[tuple[str, str | None]] = []
    for item in split_list(cell):
        kind, sep, to = item.partition(":")
        out.append((kind.strip(), to.strip()) if sep else (item, None))
    return out


def whole_cell(cell: str) -> int | None:
    """A cell of a whole-number column (``importance``, ``order``) as a number, or None when it
    is not one (``high``, ``2.5``, ``true``). The range is not checked here."""
    m = _WHOLE.fullmatch(cell)
    return int(m.group(1)) if m is not None else None
