"""Parse millions of dates at once: a vectorised fast path of :func:`dashboard.core.dates.parse_date`.

:func:`parse_dates` takes a pyarrow string column and returns, one item per row, the fields of
:class:`dashboard.core.dates.DateInfo` as numpy arrays (``edtf`` and ``label`` as pyarrow strings),
with ``ok`` saying which rows it parsed. The rows it leaves (``ok`` False: nulls, invalid
dates and every form not listed below) are for the caller's slow path, ``parse_date`` row by
row. For every ``ok`` row each field equals what ``parse_date`` gives, the text included.

The forms parsed here (``[..]`` is optional, ``q`` one of the qualifiers ``~ ? %``)
    * ``[-]YYYY[q]``, ``[-]YYYY-MM[q]``, ``[-]YYYY-MM-DD[q]``: astronomical years (``-0000``
      is not one), months 01-12, days of that month (leap years included);
    * moments ``[-]YYYY-MM-DD(T|t| )hh:mm:ss[(.|,)digits][Z|z]``, ``24:00:00`` included (UTC;
      moments with another offset or without seconds are left);
    * intervals ``A/B`` of the day, month and year forms, open ``../B``, ``A/..`` and unknown
      ``/B``, ``A/`` ends, with or without whitespace around the ``/``;
    * whitespace around the text as ``str.strip`` sees it (Unicode), texts up to the 80
      characters ``parse_date`` accepts.

How (every step works on whole arrays: nothing runs per row or per distinct value)
    Rows are taken in batches of 64 Ki, read straight from the Arrow buffers. ASCII
    whitespace at the ends is trimmed by moving each row's start and end; a batch with
    non-ASCII text or rows over 32 bytes goes through pyarrow first, which trims Unicode
    whitespace and rewrites those rare rows with two regular expressions (whitespace around
    ``/``, long fractions of a second). The first 16 bytes of every row (32 for longer rows)
    are gathered as little-endian 64-bit words; the ``/`` is found by a word-wise zero-byte
    test, the sign and the qualifier by comparing bytes, the digits and separators are
    checked against the template of the form by a few mask operations per word, and the
    numbers are read by multiply-and-shift. The calendar comes from tables indexed by year and
    month (the first day of every year -9999..10000, checked against
    :func:`dashboard.core.dates.days_from_civil`). Labels are written into fixed-width slots as a
    few pieces of up to 16 bytes from tables (prefix, "c. ", day and month; year and "?"); an
    Arrow ``string_view`` over the slots, cast to ``string``, packs them. The ``edtf`` is a
    view on the trimmed input, rebuilt only for moments and for ``a / b``. Batches run on a
    few threads (numpy and pyarrow release the GIL).
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from functools import cache
from typing import Final

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from .dates import _MAX_LENGTH, _MONTHS, MAX_YEAR, MIN_YEAR, PRECISIONS, SECONDS_PER_DAY, days_from_civil, format_year

__all__ = ["ParsedDates", "parse_dates"]

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Words = npt.NDArray[np.uint64]
Bytes = npt.NDArray[np.uint8]

_MOMENT: Final = PRECISIONS.index("moment")
_DAY_PRECISION: Final = PRECISIONS.index("day")
_MONTH_PRECISION: Final = PRECISIONS.index("month")
_YEAR_PRECISION: Final = PRECISIONS.index("year")

_DAY: Final = SECONDS_PER_DAY
_BATCH: Final = 65_536
_WIDTH: Final = 32  # bytes of a row read as words; longer rows are rewritten first, or left
_SLOT: Final = 64  # bytes of a built label or edtf: the longest is 41, and a piece writes 16
_YEARS: Final = MAX_YEAR - MIN_YEAR + 1
# what str.strip and str.isspace call whitespace: 29 code points, ASCII, Latin-1 and Unicode spaces
_WHITESPACE: Final = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_ASCII_SPACE: Final = np.zeros(256, dtype=np.bool_)
_ASCII_SPACE[[ord(c) for c in _WHITESPACE if ord(c) < 128]] = True
_SPACE_CLASS: Final = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in _WHITESPACE) + "]"
_FRACTION_RE: Final = r"^(-?[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2})[.,][0-9]+([Zz]?)$"

_U8: Final = np.uint64(8)
_U32: Final = np.uint64(32)
_LOW7: Final = np.uint64(0x7F7F_7F7F_7F7F_7F7F)
_SLASHES: Final = np.uint64(0x2F2F_2F2F_2F2F_2F2F)
_ZEROS: Final = np.uint64(0x3030_3030_3030_3030)  # ASCII '0' in every byte
_BYTE: Final = np.uint64(0xFF)

# label prefixes: of a whole date or an interval's first end, or the separator before its second
_PREFIXES: Final = ("", "until ", "from ", "-", " - ")
_UNTIL, _FROM, _DASH, _SPACED_DASH = 1, 2, 3, 4
_SUFFIXES: Final = ("", " onwards", " (end unknown)", " (start unknown)")
_ONWARDS, _END_UNKNOWN, _START_UNKNOWN = 1, 2, 3


@dataclass(frozen=True, slots=True, eq=False)
class ParsedDates:
    """One item per input row; the fields of rows with ``ok`` False are 0, False or null."""

    ok: Bools
    earliest: Ints
    latest: Ints
    precision: npt.NDArray[np.int8]  # index into dates.PRECISIONS
    approximate: Bools
    uncertain: Bools
    interval: Bools
    open_start: Bools
    open_end: Bools
    edtf: pa.Array
    label: pa.Array

    def __len__(self) -> int:
        return len(self.ok)


# --------------------------------------------------------------------------- tables


def _words(text: str) -> tuple[int, int]:
    """Up to 16 ASCII characters as two little-endian words (first character lowest)."""
    raw = text.encode("ascii").ljust(16, b"\0")
    return int.from_bytes(raw[:8], "little"), int.from_bytes(raw[8:], "little")


@dataclass(frozen=True, slots=True)
class _Piece:
    """A table of texts of up to 16 bytes: two words and a length per entry."""

    low: Words
    high: Words
    size: Ints

    @classmethod
    def of(cls, texts: list[str]) -> _Piece:
        pairs = [_words(t) for t in texts]
        return cls(
            np.array([p[0] for p in pairs], dtype=np.uint64),
            np.array([p[1] for p in pairs], dtype=np.uint64),
            np.array([len(t) for t in texts], dtype=np.int64),
        )


@dataclass(frozen=True, slots=True)
class _Tables:
    low_bytes: Words  # a mask of the low k bytes of a word, k = 0..8
    # the template of a date of k characters (no sign, no qualifier): masks and values of
    # its two words, 0x06 in digit bytes (a byte b is a digit if b & 0xF0 == 0x30 and
    # (b + 6) & 0xF0 == 0x30), and its form: 0 none, 1 year, 2 month, 3 day
    template: tuple[Words, Words, Words, Words, Words, Words]  # mask, value, six: low word, high word
    form: Ints
    form_precision: Ints
    year_start: Ints  # day number of 1 January, for years MIN_YEAR .. MAX_YEAR + 1
    leap: Ints
    month_start: Ints  # days before month 0..12 in a common year (0 for 0)
    month_days: Ints
    head: _Piece  # (prefix * 2 + approximate) * 416 + month * 32 + day: "until c. 21 Feb "
    year: _Piece  # uncertain * _YEARS + year - MIN_YEAR: "2022", "44 BC?"
    suffix: _Piece


def _template(pattern: str) -> tuple[int, int, int, int, int, int]:
    mask = value = six = 0
    for i, ch in enumerate(pattern):
        m, v, s = (0xF0, 0x30, 0x06) if ch == "D" else (0xFF, ord(ch), 0)
        mask |= m << (8 * i)
        value |= v << (8 * i)
        six |= s << (8 * i)
    low = (1 << 64) - 1
    return mask & low, value & low, six & low, mask >> 64, value >> 64, six >> 64


@cache
def _tables() -> _Tables:
    """Constant tables, built once per process: 19,999 years (and the year labels with and
    without "?"), the 4,160 label beginnings (prefix, "c. ", month and day)."""
    templates = [(0, 0, 0, 0, 0, 0)] * (_WIDTH + 1)
    forms = [0] * (_WIDTH + 1)
    for form, pattern in enumerate(("DDDD", "DDDD-DD", "DDDD-DD-DD"), start=1):
        templates[len(pattern)] = _template(pattern)
        forms[len(pattern)] = form

    columns = [np.array(column, dtype=np.uint64) for column in zip(*templates, strict=True)]

    years = np.arange(MIN_YEAR, MAX_YEAR + 2, dtype=np.int64)
    year_start = np.array([days_from_civil(int(y), 1, 1) for y in (MIN_YEAR, 0, MAX_YEAR + 1)])
    # days_from_civil of every 1 January, from the year lengths (checked at three years)
    leap = ((years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))).astype(np.int64)
    starts = year_start[0] + np.concatenate([[0], np.cumsum(365 + leap[:-1])])
    assert starts[-MIN_YEAR] == year_start[1]
    assert starts[-1] == year_start[2]
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)

    months = ("", *_MONTHS)
    heads = []
    for prefix in _PREFIXES:
        for qualifier in ("", "c. "):
            for m in range(13):
                for d in range(32):
                    body = "" if m == 0 else f"{months[m]} " if d == 0 else f"{d} {months[m]} "
                    heads.append(prefix + qualifier + body)
    labels = [format_year(y) for y in range(MIN_YEAR, MAX_YEAR + 1)]
    return _Tables(
        np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64),
        (columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]),
        np.array(forms, dtype=np.int64),
        np.array([0, _YEAR_PRECISION, _MONTH_PRECISION, _DAY_PRECISION], dtype=np.int64),
        starts,
        leap,
        np.concatenate([[0], np.cumsum(month_days)[:-1]]),
        month_days,
        _Piece.of(heads),
        _Piece.of(labels + [label + "?" for label in labels]),
        _Piece.of(list(_SUFFIXES)),
    )


# --------------------------------------------------------------------------- words


def _low(count: Ints) -> Words:
    """Masks keeping the low ``count`` bytes of a word (any count; below 0 is 0, above 8 is 8)."""
    masks: Words = _tables().low_bytes[np.minimum(np.maximum(count, 0), 8)]
    return masks


def _word_view(buffer: Bytes) -> Words:
    """Every byte offset of ``buffer`` as the start of a (possibly unaligned) 64-bit word."""
    return np.ndarray(shape=(len(buffer) - 7,), dtype="<u8", buffer=buffer, strides=(1,))


def _fits(word: Words, mask: Words | np.uint64, value: Words | np.uint64, six: Words | np.uint64) -> Bools:
    """Whether ``word`` matches a template: its digit bytes are digits, the rest equal."""
    fits: Bools = ((word & mask) == value) & (((word + six) & mask) == value)
    return fits


def _zero_bytes(word: Words) -> Words:
    """The high bit of every zero byte of ``word`` (exact: no borrows between bytes)."""
    return ~(((word & _LOW7) + _LOW7) | word | _LOW7)


def _lowest_byte(bits: Words) -> Ints:
    """Index of the lowest byte with a set bit; 8 when ``bits`` is 0."""
    lowest = bits & (~bits + np.uint64(1))
    return (np.bitwise_count(lowest - np.uint64(1)) >> 3).astype(np.int64)


def _digits2(word: Words, byte: int) -> Ints:
    """The two-digit number at ``byte`` of a word (of digits already XOR '0')."""
    tens = (word >> np.uint64(8 * byte)) & _BYTE
    ones = (word >> np.uint64(8 * byte + 8)) & _BYTE
    return (tens * np.uint64(10) + ones).astype(np.int64)


# --------------------------------------------------------------------------- one end


@dataclass(frozen=True, slots=True)
class _End:
    """One date per row (a whole date or one end of an interval), valid where ``ok``."""

    ok: Bools
    precision: Ints
    year: Ints
    month: Ints  # 0 when not written
    day: Ints  # 0 when not written
    approximate: Bools
    uncertain: Bools
    earliest: Ints
    latest: Ints


def _parse_ends(tables: _Tables, low: Words, high: Words, size: Ints) -> _End:
    """Years, months and days of up to 16 bytes (two words, zero past ``size``)."""
    negative = (low & _BYTE) == ord("-")
    shift = negative.astype(np.uint64) * _U8  # drop the sign: numpy shifts by 64 give 0
    low = (low >> shift) | (high << (np.uint64(64) - shift))
    high = high >> shift
    size = size - negative
    at = ((size - 1) * 8).astype(np.uint64)  # the last byte (below 0 wraps to a huge shift: 0)
    last = ((low >> at) | (high >> (at - np.uint64(64)))) & _BYTE
    qualified = (last == ord("~")) | (last == ord("?")) | (last == ord("%"))
    base = size - qualified  # 0 .. _WIDTH
    form = tables.form[base]
    mask, value, six, mask_high, value_high, six_high = tables.template
    form *= _fits(low, mask[base], value[base], six[base])
    form *= _fits(high, mask_high[base], value_high[base], six_high[base])

    # digits by multiply-and-shift: "YYYY" of the low word, "MM" of it and "DD" of the high
    # one side by side; each step joins neighbouring numbers (a byte holds up to 99)
    low_digits = low ^ _ZEROS
    pairs = ((low_digits & np.uint64(0xFFFF_FFFF)) * np.uint64(10) + (low_digits >> _U8)) & np.uint64(0x00FF_00FF)
    magnitude = ((pairs * np.uint64(100) + (pairs >> np.uint64(16))) & np.uint64(0xFFFF)).astype(np.int64)
    parts = (low_digits >> np.uint64(40)) & np.uint64(0xFFFF)
    parts |= ((high ^ _ZEROS) & np.uint64(0xFFFF)) << np.uint64(16)
    parts = (parts * np.uint64(10) + (parts >> _U8)) & np.uint64(0x00FF_00FF)
    month = (parts & _BYTE).astype(np.int64) * (form >= 2)
    day = (parts >> np.uint64(16)).astype(np.int64) * (form == 3)
    year = magnitude - 2 * magnitude * negative
    valid_month = (month >= 1) & (month <= 12)
    index = (year - MIN_YEAR) * (form > 0)
    leap = tables.leap[index]
    month_index = month * valid_month + ~valid_month
    month_days = tables.month_days[month_index] + leap * (month_index == 2)
    ok = (
        (form > 0)
        & ~(negative & (magnitude == 0))
        & ((form == 1) | valid_month)
        & ((form != 3) | ((day >= 1) & (day <= month_days)))
    )
    first = tables.year_start[index] + tables.month_start[month_index] + leap * (month_index > 2) + day - (day > 0)
    days = 1 + (form == 1) * (364 + leap) + (form == 2) * (month_days - 1)
    return _End(
        ok,
        tables.form_precision[form],
        year,
        month,
        day,
        qualified & (last != ord("?")),
        qualified & (last != ord("~")),
        first * _DAY,
        (first + days) * _DAY - 1,
    )


@dataclass(frozen=True, slots=True)
class _Moments:
    ok: Bools
    year: Ints
    month: Ints
    day: Ints
    clock: Ints  # seconds into the day
    instant: Ints
    zulu: Bools
    plain: Bools  # written as EDTF writes it: T, Z or nothing, no fraction, not 24:00:00


def _parse_moments(tables: _Tables, words: Words, size: Ints) -> _Moments:
    """``[-]YYYY-MM-DD(T|t| )hh:mm:ss[(.|,)digits][Z|z]`` in rows of up to 32 bytes."""
    n = len(size)
    negative = (words[:, 0] & _BYTE) == ord("-")
    following = np.concatenate([words[:, 1:], np.zeros((n, 1), dtype=np.uint64)], axis=1)
    body = np.where(negative[:, None], (words >> _U8) | (following << np.uint64(56)), words)
    size = size - negative
    chars = body.view(np.uint8)
    mask, value, six, mask_high, value_high, six_high = (np.uint64(v) for v in _template("DDDD-DD-DD DD:DD"))
    no_separator = ~np.uint64(0xFF_0000)  # byte 10, T, t or space
    separator = body[:, 1] >> np.uint64(16) & _BYTE
    shape = (
        _fits(body[:, 0], mask, value, six)
        & _fits(body[:, 1], mask_high & no_separator, value_high & no_separator, six_high)
        & _fits(body[:, 2], np.uint64(0xF0F0FF), np.uint64(0x30303A), np.uint64(0x060600))
        & ((separator == ord("T")) | (separator == ord("t")) | (separator == ord(" ")))
    )
    rows = np.arange(n)
    last = chars[rows, np.clip(size - 1, 0, chars.shape[1] - 1)]
    zulu = ((last == ord("Z")) | (last == ord("z"))) & (size >= 20)
    end = size - zulu  # a fraction of a second runs from byte 19 to here
    columns = np.arange(chars.shape[1])
    in_fraction = (columns >= 20) & (columns < end[:, None])
    point = chars[:, 19]
    fraction_ok = (end == 19) | (
        (end >= 21)
        & ((point == ord(".")) | (point == ord(",")))
        & ~(in_fraction & ((chars - np.uint8(48)) > 9)).any(axis=1)
    )
    digits = body ^ _ZEROS
    magnitude = (_digits2(digits[:, 0], 0) * 100 + _digits2(digits[:, 0], 2)).astype(np.int64)
    year = np.where(negative, -magnitude, magnitude)
    month, day = _digits2(digits[:, 0], 5), _digits2(digits[:, 1], 0)
    hours, minutes, seconds = _digits2(digits[:, 1], 3), _digits2(digits[:, 1], 6), _digits2(digits[:, 2], 1)
    valid_month = (month >= 1) & (month <= 12)
    index = (year - MIN_YEAR) * shape
    leap = tables.leap[index]
    month_index = np.where(valid_month, month, 1)
    month_days = tables.month_days[month_index] + leap * (month_index == 2)
    in_day = ((hours <= 23) & (minutes <= 59) & (seconds <= 59)) | ((hours == 24) & (minutes == 0) & (seconds == 0))
    ok = shape & fraction_ok & in_day & ~(negative & (magnitude == 0)) & valid_month & (day >= 1) & (day <= month_days)
    first = tables.year_start[index] + tables.month_start[month_index] + leap * (month_index > 2) + day - 1
    clock = hours * 3600 + minutes * 60 + seconds
    rolled = ok & (clock == _DAY)  # 24:00:00 is midnight starting the next day
    if rolled.any():
        next_year, next_month, next_day = _civil_from_days(first + 1)
        year = np.where(rolled, next_year, year)
        month = np.where(rolled, next_month, month)
        day = np.where(rolled, next_day, day)
        ok &= year <= MAX_YEAR
    plain = (separator == ord("T")) & (size == 19 + zulu) & (last != ord("z")) & (clock != _DAY)
    return _Moments(ok, year, month, day, clock % _DAY, first * _DAY + clock, zulu, plain)


def _civil_from_days(days: Ints) -> tuple[Ints, Ints, Ints]:
    """:func:`dashboard.core.dates.civil_from_days` on arrays (numpy ``//`` floors like Python's)."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    return yoe + era * 400 + (month <= 2), month, day


# --------------------------------------------------------------------------- text


class _Writer:
    """Texts built piece by piece in fixed-width slots, one per row; pieces are table entries.

    A piece writes two whole words at the row's current end; bytes past its length are
    overwritten by the next piece or lie past the row's text (and are never read).
    """

    def __init__(self, n: int) -> None:
        self.slots = np.empty(n * _SLOT + 8, dtype=np.uint8)
        self.view = _word_view(self.slots)
        self.base = np.arange(n, dtype=np.int64) * _SLOT
        self.size = np.zeros(n, dtype=np.int64)

    def write(self, low: Words, high: Words | None, size: Ints, rows: Ints | None = None) -> None:
        """Append ``size`` bytes (of ``low`` then ``high``, at most 16) to every row or to ``rows``."""
        if rows is not None and not len(rows):
            return
        at = self.base + self.size if rows is None else self.base[rows] + self.size[rows]
        self.view[at] = low
        if high is not None:
            wide = np.flatnonzero(size > 8)
            self.view[at[wide] + 8] = high[wide]
        if rows is None:
            self.size += size
        else:
            self.size[rows] += size

    def piece(self, table: _Piece, index: Ints, size: Ints, rows: Ints | None = None) -> None:
        """Append table entries, ``size`` bytes of each."""
        self.write(table.low[index], table.high[index] if (size > 8).any() else None, size, rows)

    def views(self, buffer_index: int = 0) -> Words:
        first = self.slots[: len(self.base) * _SLOT].view(np.uint64).reshape(-1, _SLOT // 8)
        return _views(self.size, first[:, 0], first[:, 1], buffer_index, self.base)


def _views(size: Ints, low: Words, high: Words, buffer_index: int, offset: Ints) -> Words:
    """Arrow ``string_view`` headers: texts of up to 12 bytes inline, longer ones by offset."""
    low = low & _low(size)
    high = high & _low(size - 8)
    views = np.empty((len(size), 2), dtype=np.uint64)
    views[:, 0] = size.astype(np.uint64) | (low << _U32)
    inline = (low >> _U32) | (high << _U32)
    pointer = np.uint64(buffer_index) | (offset.astype(np.uint64) << _U32)
    views[:, 1] = np.where(size > 12, pointer, inline)
    return views


def _same_text(texts: pa.Array, valid: Bools) -> pa.Array:
    """The input strings themselves (their buffers, not a copy), null where not ``valid``."""
    offset_type = np.int64 if pa.types.is_large_string(texts.type) else np.int32
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=offset_type)[texts.offset : texts.offset + len(texts) + 1]
    validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    same = pa.Array.from_buffers(texts.type, len(texts), [validity, pa.py_buffer(offsets), buffers[2]])
    return same if same.type == pa.string() else same.cast(pa.string())


def _strings(views: Words, valid: Bools, buffers: list[pa.Buffer]) -> pa.Array:
    validity = pa.py_buffer(np.packbits(valid, bitorder="little"))
    array = pa.Array.from_buffers(pa.string_view(), len(valid), [validity, pa.py_buffer(views), *buffers])
    return array.cast(pa.string())


def _pack(*parts: Ints | int) -> Words:
    """Bytes (an array or a constant per position) packed into words, first byte lowest."""
    word = np.zeros(np.broadcast_shapes(*(np.shape(part) for part in parts)), dtype=np.uint64)
    for i, part in enumerate(parts):
        word |= np.asarray(part, dtype=np.uint64) << np.uint64(8 * i)
    return word


def _two_digits(value: Ints) -> tuple[Ints, Ints]:
    return value // 10 + 48, value % 10 + 48


# --------------------------------------------------------------------------- a batch


@dataclass(frozen=True, slots=True)
class _Batch:
    ok: Bools
    earliest: Ints
    latest: Ints
    precision: npt.NDArray[np.int8]
    approximate: Bools
    uncertain: Bools
    interval: Bools
    open_start: Bools
    open_end: Bools
    edtf: pa.Array
    label: pa.Array


def _layout(texts: pa.Array) -> tuple[Ints, Bytes, Bools]:
    """Row starts (n + 1, from 0) and bytes of a string array, and which rows are valid."""
    n = len(texts)
    offset_type = np.int64 if pa.types.is_large_string(texts.type) else np.int32
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=offset_type)[texts.offset : texts.offset + n + 1].astype(np.int64)
    data = np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[-1]] if n else np.zeros(0, np.uint8)
    valid = np.ones(n, dtype=np.bool_) if texts.null_count == 0 else np.asarray(texts.is_valid())
    return offsets - offsets[0], data, valid


def _prepare(texts: pa.Array) -> tuple[Ints, Ints, Bytes, bool]:
    """Where every row's text starts and how many bytes it has, trimmed as ``str.strip`` does
    (0 for null rows and rows left to the slow path), the bytes, and whether every row is as
    it was (nothing trimmed).

    ASCII whitespace is trimmed here; a batch with non-ASCII text or long rows goes through
    pyarrow, which trims Unicode whitespace and rewrites those rare rows by regex.
    """
    offsets, data, valid = _layout(texts)
    start, size = offsets[:-1].copy(), np.diff(offsets) * valid
    rows = np.flatnonzero(size)
    rows = rows[(data[start[rows]] <= 32) | (data[start[rows] + size[rows] - 1] <= 32)]
    unchanged = True
    while len(rows):  # one pass per whitespace character at the ends
        first, last = data[start[rows]], data[start[rows] + size[rows] - 1]
        lead = _ASCII_SPACE[first]
        trail = _ASCII_SPACE[last] & (size[rows] > lead)
        move = lead | trail
        rows, lead, trail = rows[move], lead[move], trail[move]
        unchanged &= not len(rows)
        start[rows] += lead
        size[rows] -= lead.astype(np.int64) + trail
        rows = rows[size[rows] > 0]
    if not ((size > _WIDTH).any() or (data >= 128).any()):
        return start, size, data, unchanged
    trimmed = pc.utf8_trim(texts, characters=_WHITESPACE)
    rare = pc.and_(
        pc.or_(pc.greater(pc.binary_length(trimmed), _WIDTH), pc.invert(pc.string_is_ascii(trimmed))),
        pc.is_valid(trimmed),
    )
    rare = pc.fill_null(rare, False)
    long = np.zeros(len(texts), dtype=np.bool_)
    if pc.any(rare).as_py():
        some = trimmed.filter(rare)
        long[np.asarray(rare)] = np.asarray(pc.greater(pc.utf8_length(some), _MAX_LENGTH))
        some = pc.replace_substring_regex(some, f"{_SPACE_CLASS}*/{_SPACE_CLASS}*", "/")
        some = pc.replace_substring_regex(some, _FRACTION_RE, r"\1\2")
        trimmed = pc.replace_with_mask(trimmed, rare, some)
    offsets, data, valid = _layout(trimmed)
    valid &= np.asarray(pc.fill_null(pc.string_is_ascii(trimmed), False)) & ~long
    return offsets[:-1], np.diff(offsets) * valid, data, False


def _parse_batch(texts: pa.Array) -> _Batch:
    tables = _tables()
    n = len(texts)
    start, size, data, unchanged = _prepare(texts)
    size *= size <= _WIDTH
    eligible = size > 0
    text = np.zeros(len(data) + 2 * _WIDTH, dtype=np.uint8)
    text[: len(data)] = data
    word_at = _word_view(text)

    # the bytes of every row as words (zero past its end): two for all, four for rows over
    # 16 bytes; and its slashes
    words = [word_at[start] & _low(size), word_at[start + 8] & _low(size - 8)]
    marks = [_zero_bytes(word ^ _SLASHES) for word in words]
    slashes = np.bitwise_count(marks[0]) + np.bitwise_count(marks[1])
    long = np.flatnonzero(size > 16)
    far = [word_at[start[long] + 8 * c] & _low(size[long] - 8 * c) for c in (2, 3)]  # of the long rows
    far_marks = [_zero_bytes(word ^ _SLASHES) for word in far]
    slashes[long] += np.bitwise_count(far_marks[0]) + np.bitwise_count(far_marks[1])
    single = eligible & (slashes == 0)
    pair = np.flatnonzero(eligible & (slashes == 1))  # the rows of intervals

    def row_words(rows: Ints) -> Words:
        """The four words of some rows."""
        matrix = np.zeros((len(rows), 4), dtype=np.uint64)
        matrix[:, 0], matrix[:, 1] = words[0][rows], words[1][rows]
        where = np.minimum(np.searchsorted(long, rows), max(len(long) - 1, 0))
        known = long[where] == rows if len(long) else np.zeros(len(rows), dtype=np.bool_)
        matrix[known, 2], matrix[known, 3] = far[0][where[known]], far[1][where[known]]
        return matrix

    # whole dates and the first ends of intervals ("heads"), the second ends ("tails")
    head_size = size * single
    head_low, head_high = words[0].copy(), words[1].copy()
    if len(pair):
        slash = _lowest_byte(marks[0][pair])  # 8 when there is none
        beyond = np.flatnonzero(slash == 8)
        slash[beyond] += _lowest_byte(marks[1][pair[beyond]])
        beyond = beyond[slash[beyond] == 16]
        if len(beyond):
            where = np.searchsorted(long, pair[beyond])
            third = _lowest_byte(far_marks[0][where])
            slash[beyond] += third + (third == 8) * _lowest_byte(far_marks[1][where])
        head_end, tail_start = slash, slash + 1
        row_size = size[pair]
        before = text[start[pair] + np.maximum(slash - 1, 0)]
        after = text[start[pair] + slash + 1]
        spaced = ((slash > 0) & _ASCII_SPACE[before]) | ((slash + 1 < row_size) & _ASCII_SPACE[after])
        if spaced.any():
            head_end, tail_start = _around(row_words(pair), row_size, slash, spaced, head_end, tail_start)
        head_size[pair] = head_end
        head_low[pair] &= _low(head_end)
        head_high[pair] &= _low(head_end - 8)
        tail_size = row_size - tail_start
        tail_low = word_at[start[pair] + tail_start] & _low(tail_size)
        tail_high = word_at[start[pair] + tail_start + 8] & _low(tail_size - 8)
        tail = _parse_ends(tables, tail_low, tail_high, tail_size)
    head = _parse_ends(tables, head_low, head_high, head_size)

    # the fields, updated in place from the heads' arrays (the interval rows' heads kept
    # apart first), and "first", the end a label starts with: the head, or the tail of ../B
    start_end = _End(*(getattr(head, f.name)[pair] for f in fields(_End)))
    ok = head.ok & single
    earliest, latest, precision = head.earliest, head.latest, head.precision
    approximate, uncertain = head.approximate, head.uncertain
    first = _End(ok, precision, head.year, head.month, head.day, approximate.copy(), uncertain.copy(), earliest, latest)
    timed = np.flatnonzero(single & (size >= 19))
    moments = None
    if len(timed):
        moments = _parse_moments(tables, row_words(timed), size[timed])
        ok[timed] = moments.ok
        earliest[timed] = latest[timed] = moments.instant
        precision[timed] = _MOMENT
        approximate[timed] = uncertain[timed] = first.approximate[timed] = first.uncertain[timed] = False
        first.year[timed], first.month[timed], first.day[timed] = moments.year, moments.month, moments.day

    prefix = np.zeros(n, dtype=np.int64)
    interval = np.zeros(n, dtype=np.bool_)
    open_start = np.zeros(n, dtype=np.bool_)
    open_end = np.zeros(n, dtype=np.bool_)
    if len(pair):
        dots = np.uint64(_words("..")[0])
        head_open = (head_end == 0) | ((head_end == 2) & (head_low[pair] == dots))
        tail_open = (tail_size == 0) | ((tail_size == 2) & (tail_low == dots))
        starts_open = head_open & ~tail_open
        ends_open = tail_open & ~head_open
        closed = ~head_open & ~tail_open
        head_ok = start_end.ok
        pair_ok = (
            (starts_open & tail.ok)
            | (ends_open & head_ok)
            | (closed & head_ok & tail.ok & (tail.latest >= start_end.earliest))
        )
        ok[pair] = interval[pair] = pair_ok
        open_start[pair] = starts_open & pair_ok
        open_end[pair] = ends_open & pair_ok
        earliest[pair] = np.where(starts_open, tail.earliest, start_end.earliest)
        latest[pair] = np.where(starts_open | closed, tail.latest, start_end.latest)
        precision[pair] = np.where(starts_open, tail.precision, start_end.precision)
        approximate[pair] = np.where(starts_open, tail.approximate, start_end.approximate | (closed & tail.approximate))
        uncertain[pair] = np.where(starts_open, tail.uncertain, start_end.uncertain | (closed & tail.uncertain))
        for name in ("year", "month", "day", "approximate", "uncertain"):
            getattr(first, name)[pair] = np.where(starts_open, getattr(tail, name), getattr(start_end, name))
        prefix[pair] = np.select([starts_open, ends_open & (tail_size == 0)], [_UNTIL, _FROM])

    # labels: [prefix, "c. ", day and month] [year, "?"], then a moment's clock, or an
    # interval's [separator, "c. ", day and month] [year, "?"] or [suffix]
    writer = _Writer(n)
    head_index = (((prefix * 2 + first.approximate) * 13 + first.month) * 32 + first.day) * ok
    year_index = (first.uncertain * _YEARS + first.year - MIN_YEAR) * ok
    head_label = tables.head.size[head_index] * ok
    year_label = tables.year.size[year_index] * ok
    if len(pair):
        separator, shown = _shorten(pair, start_end, tail, closed, head_label, year_label)
        shown &= pair_ok
    writer.piece(tables.head, head_index, head_label)
    writer.piece(tables.year, year_index, year_label)
    if moments is not None and moments.ok.any():
        _write_clock(writer, timed, moments)
    if len(pair):
        right = np.flatnonzero(closed)
        right_head = (((separator * 2 + tail.approximate) * 13 + tail.month) * 32 + tail.day) * shown
        right_year = (tail.uncertain * _YEARS + tail.year - MIN_YEAR) * shown
        sizes = tables.head.size[right_head] * shown
        writer.piece(tables.head, right_head[right], sizes[right], pair[right])
        writer.piece(tables.year, right_year[right], (tables.year.size[right_year] * shown)[right], pair[right])
        suffix = np.select(
            [ends_open & (tail_size > 0), ends_open, starts_open & (head_end == 0)],
            [_ONWARDS, _END_UNKNOWN, _START_UNKNOWN],
        )
        opened = np.flatnonzero(~closed)
        sizes = tables.suffix.size[suffix] * pair_ok
        writer.piece(tables.suffix, suffix[opened], sizes[opened], pair[opened])
    label = _strings(writer.views(), ok, [pa.py_buffer(writer.slots)])

    # edtf: the row's own text, except moments not written as EDTF writes them (normalised)
    # and "a / b" (without the whitespace); when no row changes, the input itself
    spaced_rows = pair[pair_ok & (head_end != tail_start - 1)] if len(pair) else pair
    renamed = moments.ok & ~moments.plain if moments is not None else np.zeros(0, dtype=np.bool_)
    if unchanged and not len(spaced_rows) and not renamed.any():
        edtf = _same_text(texts, ok)
    else:
        views = _views(size * ok, words[0], words[1], 0, start)
        buffers = [pa.py_buffer(text)]
        timed_ok = timed[renamed]
        if len(spaced_rows) or len(timed_ok):
            writer = _Writer(len(spaced_rows) + len(timed_ok))
            if len(spaced_rows):
                inner = np.searchsorted(pair, spaced_rows)
                _write_interval_edtf(
                    writer, word_at, start[spaced_rows], head_end[inner], tail_start[inner], size[spaced_rows]
                )
            if moments is not None and len(timed_ok):
                _write_moment_edtf(writer, len(spaced_rows), moments, renamed)
            rebuilt = np.concatenate([spaced_rows, timed_ok])
            views[rebuilt] = writer.views(1)
            buffers.append(pa.py_buffer(writer.slots))
        edtf = _strings(views, ok, buffers)
    return _Batch(
        ok,
        earliest * ok,
        latest * ok,
        (precision * ok).astype(np.int8),
        approximate & ok,
        uncertain & ok,
        interval,
        open_start,
        open_end,
        edtf,
        label,
    )


def _around(
    words: Words, size: Ints, slash: Ints, spaced: Bools, head_end: Ints, tail_start: Ints
) -> tuple[Ints, Ints]:
    """Where the ends of ``a / b`` are, whitespace around the slash left out (rare rows)."""
    rows = np.flatnonzero(spaced)
    chars = words[rows].view(np.uint8)
    columns = np.arange(chars.shape[1])
    solid = ~_ASCII_SPACE[chars]
    mark = slash[rows, None]
    head_end, tail_start = head_end.copy(), tail_start.copy()
    head_end[rows] = np.where(solid & (columns < mark), columns + 1, 0).max(axis=1)
    tail_start[rows] = np.where(solid & (columns > mark), columns, size[rows, None]).min(axis=1)
    return head_end, tail_start


def _shorten(
    pair: Ints, start: _End, tail: _End, closed: Bools, head_label: Ints, year_label: Ints
) -> tuple[Ints, Bools]:
    """Shorten the first end's label of intervals as dates._interval_label does ("23-27 Sep
    2022", "Jan - 5 Feb 2022"); the separator before the second end; and whether it is shown
    (not when both ends have the same label)."""
    plain = ~(start.approximate | start.uncertain | tail.approximate | tail.uncertain)
    days = (start.precision == _DAY_PRECISION) & (tail.precision == _DAY_PRECISION)
    months = (start.precision == _MONTH_PRECISION) & (tail.precision == _MONTH_PRECISION)
    day_or_month = (start.precision == _DAY_PRECISION) | (start.precision == _MONTH_PRECISION)
    day_or_month &= (tail.precision == _DAY_PRECISION) | (tail.precision == _MONTH_PRECISION)
    compress = closed & plain & day_or_month & (start.year == tail.year)
    same_month = start.month == tail.month
    one = compress & ((days & same_month & (start.day == tail.day)) | (months & same_month))
    run = compress & days & same_month & (start.day != tail.day)
    across = compress & ~one & ~run
    same = (
        closed
        & ~compress
        & (start.precision == tail.precision)
        & (start.year == tail.year)
        & same_month
        & (start.day == tail.day)
        & (start.approximate == tail.approximate)
        & (start.uncertain == tail.uncertain)
    )
    head_label[pair] = np.select(
        [one, run, across], [0, 1 + (start.day >= 10), head_label[pair] - 1], default=head_label[pair]
    )
    year_label[pair] *= ~compress
    separator = np.select([run, across | (closed & ~compress & ~same)], [_DASH, _SPACED_DASH])
    return separator, closed & ~same


def _write_clock(writer: _Writer, timed: Ints, moments: _Moments) -> None:
    """ " 09:00" or " 09:00:30", then " UTC", after a moment's day."""
    clock = moments.clock
    shown = moments.ok
    hh, mm, ss = _two_digits(clock // 3600), _two_digits(clock // 60 % 60), _two_digits(clock % 60)
    low = _pack(ord(" "), *hh, ord(":"), *mm, ord(":"), ss[0])
    high = _pack(ss[1], ord(" "), ord("U"), ord("T"), ord("C"))
    with_seconds = clock % 60 != 0
    low = np.where(with_seconds, low, _pack(ord(" "), *hh, ord(":"), *mm, ord(" "), ord("U")))
    high = np.where(with_seconds, high, _pack(ord("T"), ord("C")))
    writer.write(low, high, (10 + 3 * with_seconds) * shown, timed)


def _write_interval_edtf(
    writer: _Writer, word_at: Words, start: Ints, head_end: Ints, tail_start: Ints, size: Ints
) -> None:
    """``a/b`` from the bytes of ``a / b`` (the first rows of the writer)."""
    rows = np.arange(len(start))
    tail_size = size - tail_start
    for offset in (0, 8):
        word = word_at[start + offset]
        writer.write(word, None, np.clip(head_end - offset, 0, 8), rows)
    slash = np.full(len(rows), ord("/"), np.uint64)
    writer.write(slash, None, np.ones(len(rows), np.int64), rows)
    for offset in (0, 8):
        word = word_at[start + tail_start + offset]
        writer.write(word, None, np.clip(tail_size - offset, 0, 8), rows)


def _write_moment_edtf(writer: _Writer, first_row: int, moments: _Moments, chosen: Bools) -> None:
    """``[-]YYYY-MM-DDThh:mm:ss[Z]`` of the chosen moments, into rows from ``first_row`` on."""
    year, month, day = moments.year[chosen], moments.month[chosen], moments.day[chosen]
    clock, zulu = moments.clock[chosen], moments.zulu[chosen]
    rows = np.arange(first_row, first_row + len(year))
    magnitude = np.abs(year)
    digits = [magnitude // 10**p % 10 + 48 for p in (3, 2, 1, 0)]
    minus = np.full(len(rows), ord("-"), np.uint64)
    writer.write(minus, None, (year < 0).astype(np.int64), rows)
    writer.write(
        _pack(*digits, ord("-"), *_two_digits(month), ord("-")),
        _pack(*_two_digits(day), ord("T"), *_two_digits(clock // 3600), ord(":")),
        np.full(len(rows), 14, np.int64),
        rows,
    )
    tail = _pack(*_two_digits(clock // 60 % 60), ord(":"), *_two_digits(clock % 60), np.where(zulu, ord("Z"), 0))
    writer.write(tail, None, 5 + zulu.astype(np.int64), rows)


# --------------------------------------------------------------------------- the column


def _as_strings(chunk: pa.Array) -> pa.Array:
    if pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type):
        return chunk
    if pa.types.is_string_view(chunk.type) or pa.types.is_null(chunk.type):
        return chunk.cast(pa.string())
    raise TypeError(f"parse_dates needs a column of strings, got {chunk.type}")


def _concat(arrays: list[pa.Array]) -> pa.Array:
    if not arrays:
        return pa.array([], type=pa.string())
    if sum(a.nbytes for a in arrays) >= 2**31 - 1:
        arrays = [a.cast(pa.large_string()) for a in arrays]
    return pa.concat_arrays(arrays)


def parse_dates(
    texts: pa.Array | pa.ChunkedArray,
    *,
    batch_rows: int = _BATCH,
    threads: int | None = None,
) -> ParsedDates:
    """Parse a column of date texts; ``ok`` marks the rows parsed here (see the module docstring).

    ``edtf`` and ``label`` are ``pa.string()`` arrays (``large_string`` past 2 GiB of text),
    null where ``ok`` is False. ``threads`` defaults to the number of CPUs (at most 4).
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    batches = [
        chunk.slice(begin, batch_rows)
        for chunk in map(_as_strings, chunks)
        for begin in range(0, len(chunk), batch_rows)
    ]
    _tables()
    workers = threads if threads is not None else min(4, os.cpu_count() or 1)
    if workers > 1 and len(batches) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parsed = list(pool.map(_parse_batch, batches))
    else:
        parsed = [_parse_batch(batch) for batch in batches]

    def joined(name: str, dtype: type[np.generic]) -> npt.NDArray[np.generic]:
        if not parsed:
            return np.zeros(0, dtype=dtype)
        return np.concatenate([getattr(batch, name) for batch in parsed])

    return ParsedDates(
        ok=joined("ok", np.bool_),  # type: ignore[arg-type]
        earliest=joined("earliest", np.int64),  # type: ignore[arg-type]
        latest=joined("latest", np.int64),  # type: ignore[arg-type]
        precision=joined("precision", np.int8),  # type: ignore[arg-type]
        approximate=joined("approximate", np.bool_),  # type: ignore[arg-type]
        uncertain=joined("uncertain", np.bool_),  # type: ignore[arg-type]
        interval=joined("interval", np.bool_),  # type: ignore[arg-type]
        open_start=joined("open_start", np.bool_),  # type: ignore[arg-type]
        open_end=joined("open_end", np.bool_),  # type: ignore[arg-type]
        edtf=_concat([batch.edtf for batch in parsed]),
        label=_concat([batch.label for batch in parsed]),
    )
