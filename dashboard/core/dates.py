"""Parse chronology dates (EDTF levels 0 and 1) into bounds, precision, flags and labels.

Every date becomes a :class:`DateInfo`: the normalised EDTF text, the inclusive bounds as
epoch seconds (UTC, proleptic Gregorian calendar), the precision, the EDTF qualifiers and
a human label ("21 Feb 2022", "c. Oct 2022", "23-27 Sep 2022", "15 Mar 44 BC").

What is accepted
    * days ``2022-02-21``, months ``2022-10``, years ``2022``, BC ones ``-0043-03-15``;
    * moments ``2022-09-21T09:00:00+03:00``, ``2022-01-02T10:00:00Z`` and naive
      ``2022-01-02T10:00:00`` (read as UTC); a space instead of ``T`` (as YAML writes
      timestamps), lower-case ``t``/``z``, an offset without its colon (``+0300``),
      fractional seconds and ISO 8601's ``24:00:00`` (midnight ending the day) are accepted
      and normalised to EDTF (``+03:00``, the seconds, ``00:00:00`` of the next day);
    * intervals ``a/b`` of dates with any precision on either side, open ``1985-04/..``,
      ``../1985`` and unknown ``1985/``, ``/1985`` ends. An interval of date-times
      (``2005-07-25T10:10:10Z/2006-01-01T10:10:10Z``) is not EDTF, whose intervals run from
      date to date, and is rejected with the days to write instead;
    * qualifiers ``~`` (approximate), ``?`` (uncertain), ``%`` (both), after a whole date
      or after either end of an interval;
    * seasons ``2022-21`` .. ``2022-24`` (spring, summer, autumn, winter; northern
      hemisphere: spring is March-May, summer June-August, autumn September-November and
      winter December to February *of the next year*);
    * unspecified digits ``202X`` (decade), ``19XX`` (century), ``1XXX`` (millennium, an
      extension: EDTF Level 1 stops at two X), ``2022-XX`` (year), ``1985-04-XX`` (month),
      ``1985-XX-XX`` (year), BC ones too (``-156X`` is the astronomical years -1569..-1560,
      1570-1561 BC; ``-0043-03-XX`` is March 44 BC), alone or as an end of an interval;
    * years -9999 .. 9999 only; ``Y170000002`` and ``10000-01-01`` are out of range.

What is not (every problem says what is wrong and how to fix it)
    EDTF Level 2 forms get a message that names them and a Level 1 form to write instead:
    sets ``[1667,1668]`` and lists ``{1667,1668}``, exponential and significant-digit years
    ``Y-17E7``, ``1950S2``, sub-year groupings 25-41 (``2001-34``, the second quarter),
    qualified parts ``2004?-06-~11``, unspecified digits anywhere else ``156X-12-25``,
    ``1XXX-12``, ``XXXX``. So do the withdrawn 2012 draft's forms (``199u``, parentheses)
    and ISO 8601's three-digit decade ``193`` ("write the 1930s as 193X").

Year numbering (read this before writing BC dates)
    Years are ISO 8601 *astronomical* years: year ``0000`` is 1 BC, ``-0001`` is 2 BC and
    in general year ``-N`` is ``N + 1`` BC. So ``-0044-03-15`` is 15 March **45** BC and
    is labelled "15 Mar 45 BC"; the Ides of March on which Caesar died (44 BC) are written
    ``-0043-03-15`` and labelled "15 Mar 44 BC". Labels give BC years as ``1 - year``.

Bounds
    ``earliest`` is the first second and ``latest`` the last second of what is written:
    ``2022-02-21`` spans 1645401600 .. 1645487999. A moment's bounds are that second in
    UTC (its written offset is kept in ``edtf`` and ``label``). An interval spans from its
    start's ``earliest`` to its end's ``latest``; with an open or unknown end, ``latest`` is
    the start's own upper bound, and with an open or unknown start ``earliest`` is the
    end's own lower bound. An interval is accepted when its end's ``latest`` is not before
    its start's ``earliest``. Qualifiers never widen the bounds. ``earliest <= latest``
    for every accepted date.

Speed
    The common ISO forms are parsed by one compiled regular expression and integer
    arithmetic (no ``datetime``, which cannot represent BC years). Seasons, unspecified
    digits and ``Y`` years take a second, cached path with the same calendar arithmetic
    (the ``edtf`` package is not used: its bounds for BC years with unspecified digits are
    swapped).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

__all__ = [
    "GENERIC_HINT",
    "MAX_YEAR",
    "MIN_YEAR",
    "MS_PER_DAY",
    "PRECISIONS",
    "SECONDS_PER_DAY",
    "DateError",
    "DateInfo",
    "astronomical_year",
    "civil_from_days",
    "civil_from_ms",
    "day_text",
    "days_from_civil",
    "describe_duration",
    "duration_between",
    "format_day_label",
    "format_label",
    "format_month_label",
    "format_year",
    "historical_year",
    "parse_date",
    "utc_text",
    "year_text",
]

PRECISIONS: Final = (
    "moment",
    "day",
    "month",
    "season",
    "year",
    "decade",
    "century",
    "millennium",
)
MIN_YEAR: Final = -9999
MAX_YEAR: Final = 9999
GENERIC_HINT: Final = "use EDTF such as 2022-02-21, 2022-10, 2022, 2022-09-23/2022-09-27"

SECONDS_PER_DAY: Final = 86_400
MS_PER_DAY: Final = SECONDS_PER_DAY * 1000
_DAY: Final = SECONDS_PER_DAY
_MAX_LENGTH: Final = 80
_MONTHS: Final = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)
_MONTH_NAMES: Final = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# season code -> (name, first month, last month); winter ends in February of the next year
_SEASONS: Final = {
    21: ("Spring", 3, 5),
    22: ("Summer", 6, 8),
    23: ("Autumn", 9, 11),
    24: ("Winter", 12, 2),
}


@dataclass(frozen=True, slots=True)
class DateInfo:
    """A parsed date. Bounds are inclusive epoch seconds (UTC, proleptic Gregorian)."""

    edtf: str
    earliest: int
    latest: int
    precision: str
    approximate: bool
    uncertain: bool
    interval: bool
    open_start: bool
    open_end: bool
    label: str


class DateError(ValueError):
    """A date that cannot be used; ``message`` says what is wrong, ``hint`` how to fix it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


# --------------------------------------------------------------------------- calendar


def days_from_civil(year: int, month: int, day: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (astronomical years, any sign)."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    yoe = y - era * 400
    mp = month - 3 if month > 2 else month + 9
    doy = (153 * mp + 2) // 5 + day - 1
    return era * 146_097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719_468


def civil_from_days(days: int) -> tuple[int, int, int]:
    """Inverse of :func:`days_from_civil`: (year, month, day) of a day number."""
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    return yoe + era * 400 + (month <= 2), month, day


def civil_from_ms(ms: int) -> tuple[int, int, int]:
    """(year, month, day) of the UTC day holding the epoch-millisecond instant ``ms``."""
    return civil_from_days(int(ms) // MS_PER_DAY)


def historical_year(year: int) -> int:
    """The historical number of an astronomical year (no year 0): 2022 -> 2022, 0 -> -1 (1 BC), -43 -> -44."""
    return year if year > 0 else year - 1


def astronomical_year(historical: int) -> int:
    """Inverse of :func:`historical_year`: -1 (1 BC) -> 0, -44 -> -43 (the year 0 is not historical)."""
    return historical if historical > 0 else historical + 1


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# --------------------------------------------------------------------------- labels


def format_year(year: int, *, ad: bool = False) -> str:
    """Label an astronomical year: 2022 -> "2022", 0 -> "1 BC", -43 -> "44 BC".

    ``ad=True`` writes "AD" before the years 1 to 999 ("AD 5"), where a bare number reads oddly
    (axis ticks and density bins; event labels keep the bare number).
    """
    if year <= 0:
        return f"{1 - year} BC"
    return f"AD {year}" if ad and year < 1000 else str(year)


def format_month_label(year: int, month: int, *, ad: bool = False) -> str:
    """A month's label, "Mar 44 BC", "Oct 2022" (``ad`` as in :func:`format_year`)."""
    return f"{_MONTHS[month - 1]} {format_year(year, ad=ad)}"


def format_day_label(year: int, month: int, day: int, *, ad: bool = False) -> str:
    """A day's label, "15 Mar 44 BC", "21 Feb 2022" (``ad`` as in :func:`format_year`)."""
    return f"{day} {format_month_label(year, month, ad=ad)}"


def year_text(year: int) -> str:
    """ISO 8601 / EDTF text of an astronomical year: four digits at least, ``-`` before year 0:
    2022 -> "2022", 5 -> "0005", 0 -> "0000" (1 BC), -43 -> "-0043" (44 BC)."""
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


def day_text(year: int, month: int = 0, day: int = 0) -> str:
    """ISO text of a year, month or day (astronomical years): ``-0043-03-15``, ``2022-10``.

    A month or day of 0 is not written (a day is written only with its month).
    """
    text = year_text(year)
    if month:
        text += f"-{month:02d}"
        if day:
            text += f"-{day:02d}"
    return text


def utc_text(seconds: int) -> str:
    """ISO 8601 text in UTC of an epoch second (astronomical years): ``-0043-03-15T12:00:00Z``."""
    days, rest = divmod(int(seconds), SECONDS_PER_DAY)
    hh, rest = divmod(rest, 3600)
    mm, ss = divmod(rest, 60)
    return f"{day_text(*civil_from_days(days))}T{hh:02d}:{mm:02d}:{ss:02d}Z"


def _year_range(lo: int, hi: int) -> str:
    if lo > 0:
        return f"{lo}-{hi}"
    if hi <= 0:
        return f"{1 - lo}-{1 - hi} BC"
    return f"{1 - lo} BC-{hi}"


def _span_label(lo: int, hi: int, precision: str) -> str:
    """Label of an unspecified-digit year span such as 2020..2029."""
    if lo >= 1000 and precision in ("decade", "century"):
        return f"{lo}s"
    return _year_range(lo, hi)


def _qualify(body: str, approximate: bool, uncertain: bool) -> str:
    if approximate:
        body = "c. " + body
    if uncertain:
        body += "?"
    return body


def format_label(
    earliest: int,
    precision: str,
    *,
    approximate: bool = False,
    uncertain: bool = False,
    latest: int | None = None,
) -> str:
    """Label a single (non-interval) date from its lower bound and precision.

    Useful for axis ticks and hover text (Plotly cannot show BC dates). Moments are
    labelled in UTC. ``latest`` is needed only for decade/century/millennium spans and for
    winters; without it the span is derived from ``earliest``.
    """
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}; expected one of {PRECISIONS}")
    days, secs = divmod(earliest, _DAY)
    y, m, d = civil_from_days(days)
    if precision == "moment":
        hh, rest = divmod(secs, 3600)
        mm, ss = divmod(rest, 60)
        body = _moment_body(y, m, d, hh, mm, ss, "UTC")
    elif precision == "day":
        body = format_day_label(y, m, d)
    elif precision == "month":
        body = format_month_label(y, m)
    elif precision == "season":
        season = {3: 21, 6: 22, 9: 23, 12: 24}.get(m, 21)
        body = f"{_SEASONS[season][0]} {format_year(y)}"
    elif precision == "year":
        body = format_year(y)
    else:
        width = {"decade": 10, "century": 100, "millennium": 1000}[precision]
        hi = civil_from_days(latest // _DAY)[0] if latest is not None else y + width - 1
        body = _span_label(y, hi, precision)
    return _qualify(body, approximate, uncertain)


def _moment_body(y: int, m: int, d: int, hh: int, mm: int, ss: int, zone: str) -> str:
    clock = f"{hh:02d}:{mm:02d}" if ss == 0 else f"{hh:02d}:{mm:02d}:{ss:02d}"
    return f"{d} {_MONTHS[m - 1]} {format_year(y)} {clock} {zone}"


# --------------------------------------------------------------------------- one date


class _End:
    """One date (a whole date or one end of an interval), before labels are combined."""

    __slots__ = (
        "approximate",
        "body",
        "day",
        "earliest",
        "edtf",
        "latest",
        "month",
        "precision",
        "uncertain",
        "year",
    )

    def __init__(
        self,
        edtf: str,
        earliest: int,
        latest: int,
        precision: str,
        approximate: bool,
        uncertain: bool,
        body: str,
        year: int,
        month: int,
        day: int,
    ) -> None:
        self.edtf = edtf
        self.earliest = earliest
        self.latest = latest
        self.precision = precision
        self.approximate = approximate
        self.uncertain = uncertain
        self.body = body
        self.year = year
        self.month = month  # 0 when not written
        self.day = day  # 0 when not written

    @property
    def label(self) -> str:
        return _qualify(self.body, self.approximate, self.uncertain)


_FAST_RE: Final = re.compile(
    r"(-?)(\d{4})"
    r"(?:-(\d{2})"
    r"(?:-(\d{2})"
    r"(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?"
    r")?)?"
    r"([~?%]?)",
    re.ASCII,
)
_SEASON_RE: Final = re.compile(r"(-?)(\d{4})-(2[1-4])([~?%]?)", re.ASCII)
# Level 1 unspecified digits (and, as an extension, 1XXX): X ends a year written alone, or is
# a whole month or day of a known year
_UNSPEC_RE: Final = re.compile(r"(-?)(\d{3}X|\d{2}XX|\dXXX)([~?%]?)|(-?)(\d{4})-(\d{2}|XX)(?:-(XX))?([~?%]?)", re.ASCII)
_LONG_YEAR_RE: Final = re.compile(r"Y(-?)(\d+)([~?%]?)", re.ASCII)
_SHORT_DIGITS_RE: Final = re.compile(r"(-?)(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?([~?%]?)", re.ASCII)
_BIG_YEAR_RE: Final = re.compile(r"(-?)(\d{5,})(?:-.*)?[~?%]?", re.ASCII)
_DAY_FIRST_RE: Final = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}", re.ASCII)
# Level 2 forms, recognised to say so (this format does not support them)
_EXP_YEAR_RE: Final = re.compile(r"Y(-?)(\d+)E(\d+)(?:S(\d+))?([~?%]?)", re.ASCII)
_SIG_YEAR_RE: Final = re.compile(r"(?:(-?)(\d{4})|Y(-?)(\d+))S(\d+)([~?%]?)", re.ASCII)
_GROUPING_RE: Final = re.compile(r"(-?)(\d{4})-(2[5-9]|3\d|4[01])([~?%]?)", re.ASCII)
# any date of year, month and day digits or X, with a qualifier before or after any part
_PARTS_RE: Final = re.compile(
    r"([?~%]?)(-?)([?~%]?)([\dX]{4})([?~%]?)"
    r"(?:-([?~%]?)([\dX]{2})([?~%]?)"
    r"(?:-([?~%]?)([\dX]{2})([?~%]?))?)?",
    re.ASCII,
)
_TIME_PARTS_RE: Final = re.compile(
    r"(-?\d{4}-\d{2}-\d{2})[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:[.,]\d+)?(Z|z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)
# sub-year groupings 25-41 of ISO 8601-2 (EDTF Level 2): name, first month, last month
_GROUPINGS: Final = {
    25: ("spring, northern hemisphere", 3, 5),
    26: ("summer, northern hemisphere", 6, 8),
    27: ("autumn, northern hemisphere", 9, 11),
    28: ("winter, northern hemisphere", 12, 2),
    29: ("spring, southern hemisphere", 9, 11),
    30: ("summer, southern hemisphere", 12, 2),
    31: ("autumn, southern hemisphere", 3, 5),
    32: ("winter, southern hemisphere", 6, 8),
    33: ("first quarter", 1, 3),
    34: ("second quarter", 4, 6),
    35: ("third quarter", 7, 9),
    36: ("fourth quarter", 10, 12),
    37: ("first four months", 1, 4),
    38: ("second four months", 5, 8),
    39: ("third four months", 9, 12),
    40: ("first half", 1, 6),
    41: ("second half", 7, 12),
}
_PLAUSIBLE_SPAN_START: Final = 2100  # a short year read as a later decade or century is a year
_LEVEL2: Final = "an EDTF Level 2 form, which this format does not support"
_X_HINT: Final = (
    "X may replace the last digits of a year written alone (156X, 15XX) or a whole month or day (1985-XX, 1985-04-XX)"
)


def _quote(text: str) -> str:
    if len(text) > 40:
        text = text[:37] + "..."
    return repr(text)


def _month_error(text: str, month: int) -> DateError:
    return DateError(
        f"{_quote(text)} is not a valid date: there is no month {month:02d}",
        "months are 01 to 12 (21 to 24 are the seasons spring to winter)",
    )


def _range_error(text: str, year: int) -> DateError:
    return DateError(
        f"{_quote(text)} is out of range: year {year} is outside {MIN_YEAR}..{MAX_YEAR}",
        f"years must be between {MIN_YEAR} and {MAX_YEAR} (year 0 is 1 BC)",
    )


def _minus_zero_error(text: str) -> DateError:
    return DateError(
        f"{_quote(text)} is not a valid date: year -0000 does not exist",
        "write year 0 (1 BC) as 0000",
    )


def _fast_end(text: str) -> _End | None:
    """Parse a day, month, year or moment (optionally qualified); None if not that form."""
    match = _FAST_RE.fullmatch(text)
    if match is None:
        return None
    sign, ys, ms, ds, hs, mins, ss, tz, q = match.groups()
    year = int(ys)
    if sign:
        if year == 0:
            raise _minus_zero_error(text)
        year = -year
    approximate = q == "~" or q == "%"
    uncertain = q == "?" or q == "%"
    if ms is None:
        return _End(
            text,
            days_from_civil(year, 1, 1) * _DAY,
            days_from_civil(year + 1, 1, 1) * _DAY - 1,
            "year",
            approximate,
            uncertain,
            format_year(year),
            year,
            0,
            0,
        )
    month = int(ms)
    if not 1 <= month <= 12:
        if 21 <= month <= 41 and ds is None:
            return None  # a season or (Level 2) another sub-year grouping: the slow path
        raise _month_error(text, month)
    if ds is None:
        first = days_from_civil(year, month, 1)
        return _End(
            text,
            first * _DAY,
            (first + _days_in_month(year, month)) * _DAY - 1,
            "month",
            approximate,
            uncertain,
            f"{_MONTHS[month - 1]} {format_year(year)}",
            year,
            month,
            0,
        )
    day = int(ds)
    if not 1 <= day <= _days_in_month(year, month):
        if day == 0 or day > 31:
            reason = f"there is no day {day:02d}"
        else:
            reason = f"{_MONTH_NAMES[month - 1]} {format_year(year)} has {_days_in_month(year, month)} days"
        raise DateError(
            f"{_quote(text)} is not a valid date: {reason}",
            "check the day of the month",
        )
    days = days_from_civil(year, month, day)
    if hs is None:
        return _End(
            text,
            days * _DAY,
            days * _DAY + _DAY - 1,
            "day",
            approximate,
            uncertain,
            f"{day} {_MONTHS[month - 1]} {format_year(year)}",
            year,
            month,
            day,
        )
    return _moment(text, year, month, day, days, hs, mins, ss, tz, q)


def _moment(
    text: str,
    year: int,
    month: int,
    day: int,
    days: int,
    hs: str,
    mins: str,
    ss: str,
    tz: str | None,
    q: str,
) -> _End:
    if q:
        raise DateError(
            f"{_quote(text)}: a time of day cannot be approximate or uncertain",
            f"qualify the day instead, e.g. {text[: len(text) - len(text.lstrip('-')) + 10]}{q}",
        )
    hh, mm, sec = int(hs), int(mins), int(ss)
    if hh == 24 and mm == sec == 0:  # ISO 8601's end of the day: midnight starting the next one
        days += 1
        year, month, day = civil_from_days(days)
        if year > MAX_YEAR:
            raise _range_error(text, year)
        hh = 0
    elif hh > 23 or mm > 59 or sec > 59:
        raise DateError(
            f"{_quote(text)} is not a valid time: {hs}:{mins}:{ss}",
            "times go from 00:00:00 to 23:59:59",
        )
    offset = 0
    if tz is None:
        zone_text, zone_label = "", "UTC"
    elif tz in ("Z", "z"):
        zone_text, zone_label = "Z", "UTC"
    else:
        oh = int(tz[1:3])
        om = int(tz[-2:]) if len(tz) > 3 else 0
        offset = (oh * 3600 + om * 60) * (-1 if tz[0] == "-" else 1)
        if om > 59 or not -12 * 3600 <= offset <= 14 * 3600 or (offset == 0 and tz[0] == "-"):
            raise DateError(
                f"{_quote(text)} has an invalid time zone offset {tz}",
                "write the offset as +hh:mm, from -12:00 to +14:00, e.g. +03:00, or Z for UTC (not -00:00)",
            )
        zone_text = f"{tz[0]}{oh:02d}:{om:02d}" if len(tz) > 3 else tz  # +0300 is written +03:00
        zone_label = f"UTC{tz[0]}{oh:02d}:{om:02d}"
    instant = days * _DAY + hh * 3600 + mm * 60 + sec - offset
    edtf = f"{day_text(year, month, day)}T{hh:02d}:{mm:02d}:{sec:02d}{zone_text}"
    return _End(
        edtf,
        instant,
        instant,
        "moment",
        False,
        False,
        _moment_body(year, month, day, hh, mm, sec, zone_label),
        year,
        month,
        day,
    )


# --------------------------------------------------------------------------- unspecified digits


def _pattern_values(pattern: str, *, descending: bool) -> Iterator[int]:
    """The numbers a fixed-width digit pattern with X digits may stand for, in order."""
    digits = "9876543210" if descending else "0123456789"
    for combo in itertools.product(*(digits if c == "X" else c for c in pattern)):
        yield int("".join(combo))


def _pattern_years(sign: str, pattern: str, *, descending: bool) -> Iterator[int]:
    """The astronomical years a (signed) year pattern may stand for, in order (never -0000)."""
    if not sign:
        yield from _pattern_values(pattern, descending=descending)
        return
    for magnitude in _pattern_values(pattern, descending=not descending):
        if magnitude:
            yield -magnitude


def _x_extreme(sign: str, ys: str, ms: str | None, ds: str | None, *, last: bool) -> int | None:
    """The first (or ``last``) day number a date with X digits may stand for; None if none."""
    for year in _pattern_years(sign, ys, descending=last):
        if ms is None:
            return days_from_civil(year, 12, 31) if last else days_from_civil(year, 1, 1)
        for month in _pattern_values(ms, descending=last):
            if not 1 <= month <= 12:
                continue
            if ds is None:
                return days_from_civil(year, month, _days_in_month(year, month) if last else 1)
            for day in _pattern_values(ds, descending=last):
                if 1 <= day <= _days_in_month(year, month):
                    return days_from_civil(year, month, day)
    return None


def _x_days(sign: str, ys: str, ms: str | None, ds: str | None) -> tuple[int, int] | None:
    """(first, last) day numbers of a date with X digits in any place; None if it matches no date.

    Our own calendar arithmetic, for BC years too: ``-0043-03-XX`` is 1 .. 31 March 44 BC.
    """
    if ms is not None:  # no possible month and day at all (in a leap year): skip the year search
        months = [m for m in _pattern_values(ms, descending=False) if 1 <= m <= 12]
        if ds is not None:
            day_values = list(_pattern_values(ds, descending=False))
            months = [m for m in months if any(1 <= d <= _days_in_month(0, m) for d in day_values)]
        if not months:
            return None
    first = _x_extreme(sign, ys, ms, ds, last=False)
    last = _x_extreme(sign, ys, ms, ds, last=True)
    if first is None or last is None:
        return None
    return first, last


def _x_end(text: str, sign: str, ys: str, ms: str | None, ds: str | None, q: str) -> _End:
    """A Level 1 date with unspecified digits: ``201X``, ``-15XX``, ``2004-XX``, ``-0043-03-XX``."""
    if sign and ys == "0000":
        raise _minus_zero_error(text)
    if ms is not None and ms != "XX" and not 1 <= int(ms) <= 12:
        raise _month_error(text, int(ms))
    span = _x_days(sign, ys, ms, ds)
    if span is None:  # pragma: no cover - every Level 1 form matches some date
        raise DateError(f"{_quote(text)} is not a valid date", GENERIC_HINT)
    lo, hi = span
    y_lo, m_lo, _ = civil_from_days(lo)
    y_hi = civil_from_days(hi)[0]
    x_count = ys.count("X")
    if x_count:
        precision = ("year", "decade", "century", "millennium")[x_count]
        body = _span_label(y_lo, y_hi, precision)
    elif ms == "XX":
        precision, body = "year", format_year(y_lo)
    else:
        precision, body = "month", f"{_MONTHS[m_lo - 1]} {format_year(y_lo)}"
    return _End(
        text,
        lo * _DAY,
        hi * _DAY + _DAY - 1,
        precision,
        q in ("~", "%"),
        q in ("?", "%"),
        body,
        y_lo,
        m_lo if precision == "month" else 0,
        0,
    )


# --------------------------------------------------------------------------- the rare forms


@lru_cache(maxsize=4096)
def _slow_end(text: str) -> _End:
    """Seasons, unspecified digits and Y-years (cached); every other text gets its error."""
    season = _SEASON_RE.fullmatch(text)
    if season is not None:
        sign, ys, code, q = season.groups()
        year = int(ys)
        if sign:
            if year == 0:
                raise _minus_zero_error(text)
            year = -year
        # northern hemisphere; winter runs December to February of the next year
        name, first, last = _SEASONS[int(code)]
        last_year = year + 1 if last < first else year
        return _End(
            text,
            days_from_civil(year, first, 1) * _DAY,
            (days_from_civil(last_year, last, _days_in_month(last_year, last)) + 1) * _DAY - 1,
            "season",
            q in ("~", "%"),
            q in ("?", "%"),
            f"{name} {format_year(year)}",
            year,
            first,
            0,
        )

    unspec = _UNSPEC_RE.fullmatch(text)
    if unspec is not None and "X" in text:
        y_sign, y_pattern, y_q, sign, ys, ms, ds, q = unspec.groups()
        if y_pattern is not None:
            return _x_end(text, y_sign, y_pattern, None, None, y_q)
        return _x_end(text, sign, ys, ms, ds, q)

    long_year = _LONG_YEAR_RE.fullmatch(text)
    if long_year is not None:
        sign, digits, q = long_year.groups()
        year = int(sign + digits)
        if MIN_YEAR <= year <= MAX_YEAR:
            raise DateError(
                f"{_quote(text)} is not valid EDTF: the Y prefix is only for years of five or more digits",
                f"write the year with four digits: {year_text(year)}{q}",
            )
        raise _range_error(text, year)

    raise _unknown_form(text)


def _qualifier(approximate: bool, uncertain: bool) -> str:
    return "%" if approximate and uncertain else "~" if approximate else "?" if uncertain else ""


def _years_error(text: str, kind: str, year: int, span: tuple[int, int] | None, q: str) -> DateError:
    """An exponential or significant-digit year (EDTF Level 2)."""
    what = f"an EDTF Level 2 {kind}"
    if span is not None and span[0] != span[1]:
        what += f" (some year from {span[0]} to {span[1]}, estimated {year})"
    else:
        what += f" (year {year})"
    lo, hi = span if span is not None else (year, year)
    if lo < MIN_YEAR or hi > MAX_YEAR:
        return DateError(
            f"{_quote(text)} is {what}, which this format does not support, and it is out of range: "
            f"years are {MIN_YEAR}..{MAX_YEAR}",
            f"years must be between {MIN_YEAR} and {MAX_YEAR} (year 0 is 1 BC)",
        )
    if lo == hi:
        hint = f"write the year: {year_text(year)}{q}"
    else:
        hint = (
            f"write the estimate as an approximate year ({year_text(year)}~) "
            f"or the span as an interval ({year_text(lo)}/{year_text(hi)})"
        )
    return DateError(f"{_quote(text)} is {what}, which this format does not support", hint)


def _significant_span(value: int, width: int, significant: int) -> tuple[int, int]:
    """The years a year of ``width`` digits with ``significant`` significant digits may be."""
    unit = 10 ** max(0, width - significant)
    lo = abs(value) // unit * unit
    hi = lo + unit - 1
    return (lo, hi) if value >= 0 else (-hi, -lo)


def _level2_years(text: str) -> DateError | None:
    """Exponential years (``Y-17E7``) and significant digits (``1950S2``, ``Y171010000S3``)."""
    exp = _EXP_YEAR_RE.fullmatch(text)
    if exp is not None:
        sign, digits, power, significant, q = exp.groups()
        if int(power) > 30:  # far out of range: do not build a huge number
            return _years_error(text, "exponential year", 10**31 * (-1 if sign else 1), None, q)
        year = int(sign + digits) * 10 ** int(power)
        span = None
        if significant is not None:
            span = _significant_span(year, len(str(abs(year))), int(significant))
        return _years_error(text, "exponential year", year, span, q)
    sig = _SIG_YEAR_RE.fullmatch(text)
    if sig is not None:
        sign4, digits4, sign_y, digits_y, significant, q = sig.groups()
        if digits4 is not None:
            if sign4 and int(digits4) == 0:
                return _minus_zero_error(text)
            year, width = int(sign4 + digits4), 4
        else:
            year, width = int(sign_y + digits_y), len(digits_y.lstrip("0") or "0")
        span = _significant_span(year, width, int(significant))
        return _years_error(text, "year with significant digits", year, span, q)
    return None


def _grouping_error(text: str, year: int, code: int, q: str) -> DateError:
    """A sub-year grouping 25-41 (EDTF Level 2): seasons by hemisphere, quarters, halves."""
    name, first, last = _GROUPINGS[code]
    if 25 <= code <= 28:
        hint = f"write the season as {day_text(year)}-{code - 4}{q} (21-24: spring to winter, northern hemisphere)"
    else:
        last_year = year + 1 if last < first else year
        hint = f"write the months as an interval: {day_text(year, first)}{q}/{day_text(last_year, last)}{q}"
    return DateError(
        f"{_quote(text)} is a sub-year grouping ({code}: {name}), {_LEVEL2}",
        hint,
    )


def _merge_marks(run: re.Match[str]) -> str:
    """One qualifier for a run of them: ``~?`` is ``%``."""
    return _qualifier(any(mark in "~%" for mark in run[0]), any(mark in "?%" for mark in run[0]))


def _level2_parts(text: str) -> DateError | None:
    """Dates with unspecified digits or qualifiers where only EDTF Level 2 allows them.

    ``156X-12-25``, ``1XXX-12``, ``XXXX``, ``2004?-06-11``, ``?2004-06-~11``, ``2004-%06`` and
    the withdrawn 2012 draft's parentheses ``2004-(06)?-11``. None if ``text`` is not of that shape.
    """
    bare = text.replace("(", "").replace(")", "")
    parens = bare != text
    # two marks in a row ("2004~?", the 2012 draft's "(2004-(06)~)?") mean both: "%"
    bare = re.sub(r"[?~%]{2,}", _merge_marks, bare)
    doubled = not parens and bare != text
    match = _PARTS_RE.fullmatch(bare)
    if match is None:
        return None
    q0, sign, q1, ys, qy, qm0, ms, qm, qd0, ds, qd = match.groups()
    marks = [mark for mark in (q0, q1, qy, qm0, qm, qd0, qd) if mark]
    trailing = qd if ds is not None else qm if ms is not None else qy
    component = len(marks) > 1 or (bool(marks) and not trailing)
    approximate = any(mark in "~%" for mark in marks)
    uncertain = any(mark in "?%" for mark in marks)
    q = _qualifier(approximate, uncertain)
    core = sign + ys + (f"-{ms}" if ms is not None else "") + (f"-{ds}" if ds is not None else "")

    if sign and ys == "0000":
        return _minus_zero_error(text)
    if ms is not None and "X" not in ms:
        month = int(ms)
        if ds is None and 21 <= month <= 41:
            if "X" in ys:
                return DateError(
                    f"{_quote(text)} gives a season or sub-year grouping of an unspecified year, {_LEVEL2}",
                    f"give the season of one year ({ys.replace('X', '0')}-{ms}) or the span of years ({sign}{ys})",
                )
            if month >= 25:
                return _grouping_error(text, int(sign + ys), month, q)
        elif not 1 <= month <= 12:
            return _month_error(text, month)
    if "X" in ys + (ms or "") + (ds or ""):
        level1 = (
            ("X" not in ys and ms == "XX" and ds in (None, "XX"))
            or ("X" not in ys and ms is not None and "X" not in ms and ds == "XX")
            or (ms is None and re.fullmatch(r"\d+X{1,3}", ys) is not None)
        )
        if not level1:
            return _x_error(text, sign, ys, ms, ds)
    if component or parens or doubled:
        fixed = core + q
        try:
            _end(fixed)
        except DateError as err:  # the date itself is wrong too: say that first
            return DateError(err.message.replace(_quote(fixed), _quote(text), 1), err.hint)
        if parens:
            message = (
                f"{_quote(text)} groups with parentheses, as the withdrawn 2012 draft of EDTF did; "
                "EDTF now qualifies one part of a date by a mark before it, a Level 2 form this format does not support"
            )
        elif component:
            message = f"{_quote(text)} qualifies one part of the date, {_LEVEL2}"
        else:
            message = f"{_quote(text)} is not a date in EDTF: it has two qualifiers in a row (% is both ? and ~)"
        if doubled:
            return DateError(message, f"write one qualifier: {fixed}")
        return DateError(message, f"qualify the whole date: {fixed} (and say in notes which part is uncertain)")
    return None


def _x_error(text: str, sign: str, ys: str, ms: str | None, ds: str | None) -> DateError:
    """Unspecified digits where only EDTF Level 2 allows them (``156X-12-25``, ``XXXX``)."""
    span = _x_days(sign, ys, ms, ds)
    if span is None:
        return DateError(
            f"{_quote(text)} is not a valid date: no date matches it",
            "months are 01 to 12, days 01 to 28, 29, 30 or 31 by month, and 29 February needs a leap year",
        )
    lo, hi = (civil_from_days(day) for day in span)
    if ms is None:
        first, last = day_text(lo[0]), day_text(hi[0])
    elif ds is None:
        first, last = day_text(*lo[:2]), day_text(*hi[:2])
    else:
        first, last = day_text(*lo), day_text(*hi)
    if ys.strip("X") == "":
        return DateError(
            f"{_quote(text)} leaves every digit of the year unspecified, {_LEVEL2}",
            "write the digits you know (1XXX, 19XX), or an interval of the years it may be, e.g. 1850/1900",
        )
    return DateError(
        f"{_quote(text)} has unspecified digits (X) where EDTF Level 1 does not allow them, {_LEVEL2}",
        f"{_X_HINT}; this date lies from {first} to {last}: write that interval, {first}/{last}",
    )


def _set_error(text: str) -> DateError:
    """A set ``[a,b,c..d]`` (one of) or ``{a,b}`` (all of): EDTF Level 2."""
    kind = {"[": "set ('one of these dates')", "{": "list ('all of these dates')"}.get(text[0])
    closing = {"[": "]", "{": "}"}.get(text[0])
    if kind is None or text[-1] != closing:
        return DateError(
            f"{_quote(text)} is not a date in EDTF: its brackets do not match",
            "EDTF Level 2 writes sets as [a,b] or {a,b}; this format takes one date or an interval, e.g. 1667/1672",
        )
    action = "give one date" if text[0] == "[" else "make one event for each date"
    hint = f"{action}, or an interval that holds them all"
    lo: _End | None = None
    hi: _End | None = None
    earlier = later = False
    try:
        for element in text[1:-1].split(","):
            first, dots, last = element.strip().partition("..")
            if not dots:
                last = first
            earlier = earlier or not first
            later = later or (bool(dots) and not last)
            for side in (first, last):
                if side:
                    one = _end(side)
                    lo = one if lo is None or one.earliest < lo.earliest else lo
                    hi = one if hi is None or one.latest > hi.latest else hi
    except DateError:
        lo = hi = None
    if lo is not None and hi is not None:
        start = ".." if earlier else lo.edtf
        end = ".." if later else hi.edtf
        hint += f": {start}/{end}" if not (earlier and later) else ""
    else:
        hint += ", e.g. 1667/1672"
    return DateError(f"{_quote(text)} is an EDTF Level 2 {kind}, which this format does not support", hint)


def _old_draft_error(text: str) -> DateError | None:
    """Forms of the withdrawn 2012 EDTF draft and lower-case x: ``199u``, ``201x``, ``open``."""
    if text in ("open", "unknown"):
        fix = "write an open end as .. (1985/..)" if text == "open" else "leave an unknown end empty (1985/)"
        return DateError(f"{_quote(text)} is the withdrawn 2012 EDTF draft's word for an {text} end", fix)
    for letter in ("u", "x"):
        if letter in text:
            fixed = text.replace(letter, "X")
            try:
                _end(fixed)
            except DateError:
                continue
            what = (
                "writes an unspecified digit as 'u', as the withdrawn 2012 EDTF draft did"
                if letter == "u"
                else "writes an unspecified digit as a lower-case 'x'"
            )
            return DateError(f"{_quote(text)} {what}", f"write a capital X: {fixed}")
    return None


def _short_year_error(text: str, sign: str, digits: str, q: str) -> DateError:
    """A year of fewer than four digits: ``800``, and the ISO 8601 decade ``193`` / century ``19``."""
    fixed_year = f"{sign}{digits.zfill(4)}{q}"
    width = 4 - len(digits)
    # "193" is the 1930s in ISO 8601 (and the 2012 EDTF draft); "800" is far likelier the year 800
    if width in (1, 2) and int(digits) * 10**width <= _PLAUSIBLE_SPAN_START:
        lo, hi = int(digits) * 10**width, int(digits) * 10**width + 10**width - 1
        if sign:
            lo, hi = -hi, -max(lo, 1)
        what = "decade" if width == 1 else "century"
        span = f"the {lo}s" if lo >= 1000 else f"the years {_year_range(lo, hi)}"
        hint = f"write {span} as {sign}{digits}{'X' * width}{q}"
        if not (sign and int(digits) == 0):  # -000 is no year
            hint += f", or the year {sign}{int(digits)} as {fixed_year}"
        return DateError(
            f"{_quote(text)} is not an EDTF date: years need four digits "
            f"(ISO 8601 writes a {what} with {len(digits)} digits; EDTF does not)",
            hint,
        )
    if sign and int(digits) == 0:
        return _minus_zero_error(text)
    return DateError(
        f"{_quote(text)} is not a valid EDTF date: years need four digits",
        f"write years with four digits: {fixed_year}",
    )


def _level2_error(text: str) -> DateError | None:
    """The error for an EDTF Level 2 form (or a near miss of one), naming it; None if not one."""
    if text[:1] in "[{" or text[-1:] in "]}":
        return _set_error(text)
    grouping = _GROUPING_RE.fullmatch(text)
    if grouping is not None:
        sign, ys, code, q = grouping.groups()
        if sign and ys == "0000":
            return _minus_zero_error(text)
        return _grouping_error(text, int(sign + ys), int(code), q)
    return _level2_years(text) or _level2_parts(text)


def _unknown_form(text: str) -> DateError:
    """The most helpful error for text that is in none of the accepted forms."""
    level2 = _level2_error(text)
    if level2 is not None:
        return level2
    short = _SHORT_DIGITS_RE.fullmatch(text)
    if short is not None:
        sign, ys, ms, ds, q = short.groups()
        if len(ys) < 4 and ms is None:
            return _short_year_error(text, sign, ys, q)
        fixed = sign + ys.zfill(4)
        if ms is not None:
            fixed += "-" + ms.zfill(2)
        if ds is not None:
            fixed += "-" + ds.zfill(2)
        fixed += q
        if len(ys) < 4:
            return DateError(
                f"{_quote(text)} is not a valid EDTF date: years need four digits",
                f"write years with four digits: {fixed}",
            )
        return DateError(
            f"{_quote(text)} is not a valid EDTF date: months and days need two digits",
            f"write months and days with two digits: {fixed}",
        )
    big = _BIG_YEAR_RE.fullmatch(text)
    if big is not None:
        return _range_error(text, int(big.group(1) + big.group(2)))
    if _DAY_FIRST_RE.fullmatch(text) is not None:
        return DateError(
            f"{_quote(text)} is not a valid EDTF date: the year must come first",
            "write dates as YYYY-MM-DD, e.g. 2022-02-21",
        )
    timed = _TIME_PARTS_RE.fullmatch(text)
    if timed is not None:
        day, hh, mm, ss, tz = timed.groups()
        fixed = f"{day}T{int(hh):02d}:{int(mm):02d}:{int(ss or 0):02d}{tz or ''}"
        return DateError(
            f"{_quote(text)} is not a valid EDTF date-time: it needs hours, minutes and seconds of two digits each",
            f"write the time as hh:mm:ss: {fixed}",
        )
    ranged = re.fullmatch(r"([^.]*)\.\.([^.]*)", text)
    if ranged is not None:
        first, last = ranged.group(1) or "..", ranged.group(2) or ".."
        return DateError(
            f"{_quote(text)} is not a date in EDTF: '..' marks a range only inside an EDTF Level 2 set",
            f"write an interval with '/': {first}/{last}",
        )
    old = _old_draft_error(text)
    if old is not None:
        return old
    if " " in text:
        fixed = text.replace(" ", "")
        try:
            _end(fixed)
        except DateError:
            pass
        else:
            return DateError(f"{_quote(text)} is not a date in EDTF: it has spaces inside", f"remove them: {fixed}")
    return DateError(f"{_quote(text)} is not a date in EDTF", GENERIC_HINT)


def _end(text: str) -> _End:
    end = _fast_end(text)
    if end is not None:
        return end
    if not text:
        raise DateError("the date is empty", GENERIC_HINT)
    return _slow_end(text)


# --------------------------------------------------------------------------- whole dates


def _same_year_prefix(end: _End) -> str:
    """The label of ``end`` without its year ("30 Sep", "Sep")."""
    month = _MONTHS[end.month - 1]
    return f"{end.day} {month}" if end.precision == "day" else month


def _interval_label(start: _End, end: _End) -> str:
    compressible = (
        start.precision in ("day", "month")
        and end.precision in ("day", "month")
        and start.year == end.year
        and not (start.approximate or start.uncertain or end.approximate or end.uncertain)
    )
    if compressible:
        if start.precision == end.precision == "day" and start.month == end.month:
            if start.day == end.day:
                return end.body
            return f"{start.day}-{end.body}"
        if start.precision == end.precision == "month" and start.month == end.month:
            return end.body
        return f"{_same_year_prefix(start)} - {end.body}"
    left, right = start.label, end.label
    return left if left == right else f"{left} - {right}"


def _moment_interval_error(text: str, start: _End | str, end: _End | str) -> DateError:
    """EDTF intervals run from one date to another: an end with a time of day is not EDTF."""

    def day(side: _End | str) -> str:
        if isinstance(side, str):
            return side
        return day_text(side.year, side.month, side.day) if side.precision == "moment" else side.edtf

    return DateError(
        f"{_quote(text)}: an interval of date-times is not EDTF (its intervals run from one date to another)",
        f"give the days, {day(start)}/{day(end)}, and the times in notes; or one moment as the date",
    )


def _parse_text(text: str) -> DateInfo:
    if len(text) > _MAX_LENGTH:
        raise DateError(
            f"the date is too long ({len(text)} characters)",
            GENERIC_HINT,
        )
    head, slash, tail = text.partition("/")
    head, tail = head.strip(), tail.strip()
    if not slash:
        one = _end(text)
        return DateInfo(
            one.edtf,
            one.earliest,
            one.latest,
            one.precision,
            one.approximate,
            one.uncertain,
            False,
            False,
            False,
            one.label,
        )
    if "/" in tail:
        if _DAY_FIRST_RE.fullmatch(text) is not None:
            raise _unknown_form(text)
        raise DateError(
            f"{_quote(text)} has more than one '/'",
            "an interval is two dates separated by one '/', e.g. 2022-09-23/2022-09-27",
        )
    open_start = head in ("", "..")
    open_end = tail in ("", "..")
    if open_start and open_end:
        raise DateError(
            f"{_quote(text)}: an interval needs at least one known date",
            "write the known end, e.g. 1985-04/.. or ../1985",
        )
    if open_start:
        end = _end(tail)
        if end.precision == "moment":
            raise _moment_interval_error(text, head, end)
        label = f"until {end.label}" if head else f"until {end.label} (start unknown)"
        return DateInfo(
            f"{head}/{end.edtf}",
            end.earliest,
            end.latest,
            end.precision,
            end.approximate,
            end.uncertain,
            True,
            True,
            False,
            label,
        )
    start = _end(head)
    if open_end:
        if start.precision == "moment":
            raise _moment_interval_error(text, start, tail)
        label = f"{start.label} onwards" if tail else f"from {start.label} (end unknown)"
        return DateInfo(
            f"{start.edtf}/{tail}",
            start.earliest,
            start.latest,
            start.precision,
            start.approximate,
            start.uncertain,
            True,
            False,
            True,
            label,
        )
    end = _end(tail)
    if start.precision == "moment" or end.precision == "moment":
        raise _moment_interval_error(text, start, end)
    if end.latest < start.earliest:
        raise DateError(
            f"{_quote(text)}: the end ({end.label}) is before the start ({start.label})",
            "write the earlier date first: start/end",
        )
    return DateInfo(
        f"{start.edtf}/{end.edtf}",
        start.earliest,
        end.latest,
        start.precision,
        start.approximate or end.approximate,
        start.uncertain or end.uncertain,
        True,
        False,
        False,
        _interval_label(start, end),
    )


def _datetime_text(value: _dt.datetime) -> str:
    offset = value.utcoffset()
    if offset is None:
        zone = ""
    else:
        seconds = int(offset.total_seconds())
        if seconds == 0:
            zone = "Z"
        elif seconds % 60:  # an offset in seconds cannot be written: use UTC
            try:
                value = value.replace(tzinfo=None) - offset
            except OverflowError:
                raise DateError(
                    f"{value.isoformat()} is out of range in UTC",
                    f"years must be between {MIN_YEAR} and {MAX_YEAR}",
                ) from None
            zone = "Z"
        else:
            sign = "-" if seconds < 0 else "+"
            hours, minutes = divmod(abs(seconds) // 60, 60)
            zone = f"{sign}{hours:02d}:{minutes:02d}"
    return (
        f"{day_text(value.year, value.month, value.day)}T{value.hour:02d}:{value.minute:02d}:{value.second:02d}{zone}"
    )


def parse_date(value: str | int | _dt.date | _dt.datetime) -> DateInfo:
    """Parse an EDTF string, a year number or a ``date``/``datetime`` into a :class:`DateInfo`.

    * ``str``: EDTF levels 0 and 1 (surrounding whitespace is ignored);
    * ``int``: a year, never a timestamp (``1066``; ``0`` is 1 BC); -9999 .. 9999;
    * ``datetime.date`` (unquoted YAML dates): that day, the same as its ISO text;
    * ``datetime.datetime``: a moment; naive values are UTC, aware ones keep their offset
      in the label and are converted to UTC for the bounds.

    Raises :class:`DateError` (a ``ValueError``) with a message and a hint.
    """
    given: object = value  # checked at run time: YAML can hand over anything
    if isinstance(given, str):
        return _parse_text(given.strip())
    if isinstance(given, bool):
        raise DateError(
            "expected a date, got a boolean",
            "quote the value or write a date such as 2022-02-21",
        )
    if isinstance(given, int):
        if not MIN_YEAR <= given <= MAX_YEAR:
            raise DateError(
                f"{given} is out of range: a bare number is a year, and years are {MIN_YEAR}..{MAX_YEAR}",
                "a number is read as a year, never a timestamp; write the date instead, e.g. 1970-01-02",
            )
        return _parse_text(year_text(given))
    if isinstance(given, _dt.datetime):
        return _parse_text(_datetime_text(given))
    if isinstance(given, _dt.date):
        return _parse_text(day_text(given.year, given.month, given.day))
    if isinstance(given, float):
        raise DateError(
            f"expected a date, got the number {given!r}",
            "write a year as a whole number (1066) or a date such as 2022-02-21",
        )
    raise DateError(f"expected a date, got {type(given).__name__}", GENERIC_HINT)


# --------------------------------------------------------------------------- durations


def _points(info: DateInfo) -> tuple[int, int]:
    """The first and last instant an event may stand for.

    A span that ends at the end of a day may stand for any day in it, so its last point
    is the start of its last day; a moment stands for itself.
    """
    if info.precision == "moment" or (info.latest + 1) % _DAY:
        return info.earliest, info.latest
    return info.earliest, info.latest + 1 - _DAY


def _seconds_between(a: DateInfo, b: DateInfo) -> tuple[int, int]:
    a_lo, a_hi = _points(a)
    b_lo, b_hi = _points(b)
    shortest = max(0, b_lo - a_hi, a_lo - b_hi)
    longest = max(b_hi - a_lo, a_hi - b_lo)
    return shortest, longest


def duration_between(a: DateInfo, b: DateInfo) -> tuple[int, int]:
    """The fewest and most whole days between two events, whichever comes first.

    Days are counted between the days an event may stand for (two day dates three days
    apart give ``(3, 3)``; ``2022-09`` and ``2022-10-05`` give ``(5, 34)``); moments count
    whole elapsed days. Overlapping events have a minimum of 0.
    """
    shortest, longest = _seconds_between(a, b)
    return shortest // _DAY, longest // _DAY


def _plural(n: int, unit: str) -> str:
    return f"{n:,} {unit}" if n == 1 else f"{n:,} {unit}s"


def _calendar_diff(first_day: int, second_day: int) -> tuple[int, int]:
    """(whole months, leftover days) from one day number to a later one."""
    y1, m1, d1 = civil_from_days(first_day)
    y2, m2, d2 = civil_from_days(second_day)
    months = (y2 - y1) * 12 + (m2 - m1)
    if d2 < d1:
        months -= 1
    yy, mm = divmod((y1 * 12 + m1 - 1) + months, 12)
    landed = days_from_civil(yy, mm + 1, min(d1, _days_in_month(yy, mm + 1)))
    return months, second_day - landed


def _years_months(months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(_plural(years, "year"))
    if rest or not years:
        parts.append(_plural(rest, "month"))
    return " ".join(parts)


def _approx(days: int) -> tuple[int, str]:
    if days < 60:
        return days, "day"
    if days < 365:
        return min(11, round(days / 30.436875)), "month"
    return max(1, round(days / 365.2425)), "year"


def describe_duration(a: DateInfo, b: DateInfo) -> str:
    """Say how far apart two events are.

    Examples: "3 days", "the same day", "5 hours", "between 2 and 33 days",
    "about 7 months (215 days)", "8 years 2 months (2,985 days)",
    "between 1 and 3 years (366-1,095 days)".
    """
    shortest, longest = duration_between(a, b)
    moments = a.precision == "moment" and b.precision == "moment" and not (a.interval or b.interval)
    if shortest != longest:
        if longest < 60:
            return f"between {shortest:,} and {longest:,} days"
        lo, lo_unit = _approx(shortest)
        hi, hi_unit = _approx(longest)
        span = f"({shortest:,}-{longest:,} days)"
        if lo_unit == hi_unit:
            if lo == hi:
                return f"about {_plural(lo, lo_unit)} {span}"
            return f"between {lo:,} and {_plural(hi, hi_unit)} {span}"
        return f"between {_plural(lo, lo_unit)} and {_plural(hi, hi_unit)} {span}"
    days = shortest
    if days == 0:
        if not moments:
            return "the same day"
        seconds = _seconds_between(a, b)[0]
        hours, rest = divmod(seconds, 3600)
        minutes = rest // 60
        if hours and minutes:
            return f"{_plural(hours, 'hour')} {_plural(minutes, 'minute')}"
        if hours:
            return _plural(hours, "hour")
        return _plural(minutes, "minute")
    if days < 60:
        return _plural(days, "day")
    first = min(_points(a)[0], _points(b)[0]) // _DAY
    months, leftover = _calendar_diff(first, first + days)
    if leftover == 0 and not moments:
        return f"{_years_months(months)} ({days:,} days)"
    if leftover * 2 >= _days_in_month(*civil_from_days(first + days)[:2]):
        months += 1
    return f"about {_years_months(months)} ({days:,} days)"
