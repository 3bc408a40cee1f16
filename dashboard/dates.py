"""Parse chronology dates (EDTF levels 0 and 1) into bounds, precision, flags and labels.

Every date becomes a :class:`DateInfo`: the normalised EDTF text, the inclusive bounds as
epoch seconds (UTC, proleptic Gregorian calendar), the precision, the EDTF qualifiers and
a human label ("21 Feb 2022", "c. Oct 2022", "23-27 Sep 2022", "15 Mar 44 BC").

What is accepted
    * days ``2022-02-21``, months ``2022-10``, years ``2022``;
    * moments ``2022-09-21T09:00:00+03:00``, ``2022-01-02T10:00:00Z`` and naive
      ``2022-01-02T10:00:00`` (read as UTC); a space instead of ``T`` (as YAML writes
      timestamps) and fractional seconds are accepted and normalised away;
    * intervals ``a/b`` with any precision on either side, open ``1985-04/..``,
      ``../1985`` and unknown ``1985/``, ``/1985`` ends;
    * qualifiers ``~`` (approximate), ``?`` (uncertain), ``%`` (both), after a whole date
      or after either end of an interval;
    * seasons ``2022-21`` .. ``2022-24`` (spring, summer, autumn, winter; northern
      hemisphere: spring is March-May, summer June-August, autumn September-November and
      winter December to February *of the next year*);
    * unspecified digits ``202X`` (decade), ``19XX`` (century), ``1XXX`` (millennium),
      ``2022-XX`` (year), ``1985-04-XX`` (month), ``1985-XX-XX`` (year);
    * years -9999 .. 9999 only; ``Y170000002`` and ``10000-01-01`` are out of range.

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
    end's own lower bound. Qualifiers never widen the bounds.

Speed
    The common ISO forms are parsed by one compiled regular expression and integer
    arithmetic (no ``datetime``, which cannot represent BC years). The ``edtf`` package is
    imported lazily and used only for seasons, unspecified digits and ``Y`` years; its
    results are cached.
"""

from __future__ import annotations

import datetime as _dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, cast

__all__ = [
    "GENERIC_HINT",
    "MAX_YEAR",
    "MIN_YEAR",
    "PRECISIONS",
    "DateError",
    "DateInfo",
    "civil_from_days",
    "days_from_civil",
    "describe_duration",
    "duration_between",
    "format_label",
    "format_year",
    "parse_date",
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

_DAY: Final = 86_400
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


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _days_in_month(year: int, month: int) -> int:
    if month == 2:
        return 29 if _is_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


# --------------------------------------------------------------------------- labels


def format_year(year: int) -> str:
    """Label an astronomical year: 2022 -> "2022", 0 -> "1 BC", -43 -> "44 BC"."""
    return str(year) if year > 0 else f"{1 - year} BC"


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
        body = f"{d} {_MONTHS[m - 1]} {format_year(y)}"
    elif precision == "month":
        body = f"{_MONTHS[m - 1]} {format_year(y)}"
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
    r"(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,]\d+)?(Z|z|[+-]\d{2}(?::\d{2})?)?)?"
    r")?)?"
    r"([~?%]?)",
    re.ASCII,
)
_SEASON_RE: Final = re.compile(r"(-?)(\d{4})-(2[1-4])([~?%]?)", re.ASCII)
_UNSPEC_RE: Final = re.compile(r"(-?)(\d{4}|\d{3}X|\d{2}XX|\dXXX)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?([~?%]?)", re.ASCII)
_LONG_YEAR_RE: Final = re.compile(r"Y(-?)(\d+)([~?%]?)", re.ASCII)
_SHORT_DIGITS_RE: Final = re.compile(r"(-?)(\d{1,4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?([~?%]?)", re.ASCII)
_BIG_YEAR_RE: Final = re.compile(r"(-?)(\d{5,})(?:-.*)?[~?%]?", re.ASCII)
_DAY_FIRST_RE: Final = re.compile(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}", re.ASCII)


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


def _fast_end(text: str) -> _End | None:
    """Parse a day, month, year or moment (optionally qualified); None if not that form."""
    match = _FAST_RE.fullmatch(text)
    if match is None:
        return None
    sign, ys, ms, ds, hs, mins, ss, tz, q = match.groups()
    year = int(ys)
    if sign:
        if year == 0:
            raise DateError(
                f"{_quote(text)} is not a valid date: year -0000 does not exist",
                "write year 0 (1 BC) as 0000",
            )
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
        if 21 <= month <= 24 and ds is None:
            return None  # a season: the slow path
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
            f"qualify the day instead, e.g. {text[:10]}{q}",
        )
    hh, mm, sec = int(hs), int(mins), int(ss)
    if hh > 23 or mm > 59 or sec > 59:
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
        om = int(tz[4:6]) if len(tz) > 3 else 0
        if oh > 23 or om > 59:
            raise DateError(
                f"{_quote(text)} has an invalid time zone offset {tz}",
                "write the offset as +hh:mm, e.g. +03:00, or Z for UTC",
            )
        offset = (oh * 3600 + om * 60) * (-1 if tz[0] == "-" else 1)
        zone_text, zone_label = tz, f"UTC{tz[0]}{oh:02d}:{om:02d}"
    instant = days * _DAY + hh * 3600 + mm * 60 + sec - offset
    edtf = f"{text[: len(text) - len(text.lstrip('-')) + 10]}T{hs}:{mins}:{ss}{zone_text}"
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


def _struct_days(value: time.struct_time) -> int:
    """Day number of an edtf ``struct_time`` bound."""
    return days_from_civil(value.tm_year, value.tm_mon, value.tm_mday)


@lru_cache(maxsize=4096)
def _slow_end(text: str) -> _End:
    """Seasons, unspecified digits and Y-years, through the ``edtf`` package (cached)."""
    import edtf  # lazily: importing edtf takes ~0.1 s and it is rarely needed

    q = text[-1] if text[-1] in "~?%" else ""
    approximate = q in ("~", "%")
    uncertain = q in ("?", "%")
    core = text[:-1] if q else text

    season = _SEASON_RE.fullmatch(text)
    if season is not None:
        if season.group(1) and season.group(2) == "0000":
            raise DateError(
                f"{_quote(text)} is not a valid date: year -0000 does not exist",
                "write year 0 (1 BC) as 0000",
            )
        parsed = _edtf_parse(core, text)
        if not isinstance(parsed, edtf.Season):
            raise DateError(f"{_quote(text)} is not a valid season", GENERIC_HINT)
        # The year comes from edtf; the months are ours: edtf ends winter on 31 December,
        # this project's winter runs December to February of the next year.
        year = parsed.lower_strict().tm_year
        name, first, last = _SEASONS[int(season.group(3))]
        last_year = year + 1 if last < first else year
        return _End(
            text,
            days_from_civil(year, first, 1) * _DAY,
            (days_from_civil(last_year, last, _days_in_month(last_year, last)) + 1) * _DAY - 1,
            "season",
            approximate,
            uncertain,
            f"{name} {format_year(year)}",
            year,
            first,
            0,
        )

    unspec = _UNSPEC_RE.fullmatch(text)
    if unspec is not None and "X" in text:
        _, ys, ms, ds, _ = unspec.groups()
        if ms is not None and ms != "XX" and not 1 <= int(ms) <= 12:
            raise _month_error(text, int(ms))
        parsed = _edtf_parse(core, text)
        # PartialUnspecified (20XX-XX, 156X-12-25, 2022-XX-15) is EDTF level 2
        if type(parsed) is not edtf.Unspecified or (ds is not None and ds != "XX"):
            raise DateError(
                f"{_quote(text)} uses unspecified digits in a way EDTF level 1 does not allow",
                "X may replace the last digits of a year alone (202X, 19XX) "
                "or a whole month or day (2022-XX, 1985-04-XX, 1985-XX-XX)",
            )
        # Unspecified.lower_strict is not annotated in edtf 5
        lower = cast("Callable[[], time.struct_time]", parsed.lower_strict)
        lo, hi = _struct_days(lower()), _struct_days(parsed.upper_strict())
        y_lo, m_lo, _ = civil_from_days(lo)
        y_hi = civil_from_days(hi)[0]
        x_count = ys.count("X")
        if x_count:
            precision = ("year", "decade", "century", "millennium")[x_count]
            body = _span_label(y_lo, y_hi, precision)
        elif ms == "XX":
            precision, body = "year", format_year(y_lo)
        elif ds == "XX":
            precision, body = "month", f"{_MONTHS[m_lo - 1]} {format_year(y_lo)}"
        else:  # pragma: no cover - excluded by the "X" test above
            raise DateError(f"{_quote(text)} is not a valid date", GENERIC_HINT)
        return _End(
            text,
            lo * _DAY,
            hi * _DAY + _DAY - 1,
            precision,
            approximate,
            uncertain,
            body,
            y_lo,
            m_lo if precision == "month" else 0,
            0,
        )

    if _LONG_YEAR_RE.fullmatch(text) is not None:
        parsed = _edtf_parse(core, text)
        if not isinstance(parsed, edtf.LongYear):
            raise DateError(f"{_quote(text)} is not a valid EDTF year", GENERIC_HINT)
        year = parsed.lower_strict().tm_year
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise _range_error(text, year)
        return _End(  # pragma: no cover - edtf only accepts Y-years of 5+ digits
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

    raise _unknown_form(text)


def _edtf_parse(core: str, text: str) -> object:
    """``edtf.parse_edtf(core)``, its failures (of any type) turned into a DateError."""
    import edtf  # lazily: importing edtf takes ~0.1 s and it is rarely needed

    try:
        result: object = edtf.parse_edtf(core)
    except Exception as err:  # EDTFParseException, but also bare ValueErrors
        raise DateError(f"{_quote(text)} is not valid EDTF", GENERIC_HINT) from err
    return result


def _unknown_form(text: str) -> DateError:
    """The most helpful error for text that is in none of the accepted forms."""
    short = _SHORT_DIGITS_RE.fullmatch(text)
    if short is not None:
        sign, ys, ms, ds, q = short.groups()
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


def _year_text(year: int) -> str:
    return f"{year:04d}" if year >= 0 else f"-{-year:04d}"


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
        f"{_year_text(value.year)}-{value.month:02d}-{value.day:02d}"
        f"T{value.hour:02d}:{value.minute:02d}:{value.second:02d}{zone}"
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
        return _parse_text(_year_text(given))
    if isinstance(given, _dt.datetime):
        return _parse_text(_datetime_text(given))
    if isinstance(given, _dt.date):
        return _parse_text(f"{_year_text(given.year)}-{given.month:02d}-{given.day:02d}")
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
