"""The ``convert`` and ``export`` commands of the command line (wired in :mod:`dashboard.cli`).

``python -m dashboard convert IN OUT [--from F] [--to F] [--base-url URL]``
    Read a chronology in any import format (YAML, chronology JSON, CSV, TimelineJS JSON, the
    TimelineJS sheet as CSV) and write it in any export format (YAML, JSON, CSV, iCalendar,
    TimelineJS JSON, HTML). Formats come from the extensions (``.yaml``/``.yml``, ``.json``,
    ``.csv``, ``.ics``, ``.html``; an output named ``*timelinejs.json`` or ``*.timeline.json`` is
    TimelineJS) or from ``--from``/``--to``. ``--base-url`` is the http(s) address that the
    relative media paths of a TimelineJS file (``./media/x.jpg``) are relative to: they are
    resolved against it (without it they are reported and left out).
``python -m dashboard export PATH --format F [filters] -o OUT``
    Write the events that the dashboard would show with the same filters; the filter options
    are the URL parameters (``--from 2022-01-01 --category treaty --category referendum``).

Problems of the input are printed as ``file:line:col: message -- hint`` on standard error; the
valid events are still written (said so), and the exit status is 1. Exit status 0 means the
input had no problem; 2 is a usage error (unknown format, bad filter). ``-`` as OUT writes to
standard output.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.facets import FACETS
from ..core.loader import YAML_SUFFIXES, Chronology, load_paths
from ..core.models import STATUSES
from ..core.problems import Problem
from ..core.safetext import is_http_url
from ..core.yamlsafe import DEFAULT_MAX_BYTES
from .importers import IMPORT_FORMATS, load_any

if TYPE_CHECKING:  # pandas and plotly are imported when a command runs, not for `validate`
    from .exporters import Exported

__all__ = ["EXPORT_FORMATS", "add_subcommands", "cmd_convert", "cmd_export", "output_format"]

EXPORT_FORMATS = ("csv", "json", "yaml", "ics", "timelinejs", "html")
"""The same as :data:`dashboard.io.exporters.EXPORT_FORMATS` (kept here so that building the
command line does not import pandas and Plotly; a test checks that they agree)."""
MATCHES = ("overlap", "within")

_OUTPUT_SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".json": "json",
    ".csv": "csv",
    ".ics": "ics",
    ".ical": "ics",
    ".html": "html",
    ".htm": "html",
}


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of bytes, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes, got {text!r}")
    return value


def _base_url(text: str) -> str:
    if not is_http_url(text):
        raise argparse.ArgumentTypeError(
            f"expected an http or https address such as https://example.org/timeline/, got {text!r}"
        )
    return text.strip()


def add_subcommands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``convert`` and ``export`` to the command line's subcommands."""
    conv = subparsers.add_parser(
        "convert",
        help="convert a chronology between YAML, JSON, CSV, TimelineJS, iCalendar and HTML",
        description=(
            "Read IN (YAML, chronology JSON, CSV, TimelineJS JSON or the TimelineJS sheet as CSV) and write "
            "every valid event to OUT. Formats come from the extensions or from --from/--to. Problems are "
            "printed as 'file:line:col: message -- hint'; the valid events are still written. "
            "Exit status: 0 when IN has no problem, 1 otherwise, 2 for a usage error."
        ),
    )
    conv.add_argument("input", metavar="IN", help="the chronology to read (a file, or a folder of YAML files)")
    conv.add_argument("output", metavar="OUT", help="the file to write; '-' for standard output")
    conv.add_argument("--from", dest="from_format", choices=IMPORT_FORMATS, help="format of IN (default: guessed)")
    conv.add_argument("--to", dest="to_format", choices=EXPORT_FORMATS, help="format of OUT (default: its extension)")
    conv.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_BYTES,
        help=f"size limit of IN in bytes (default {DEFAULT_MAX_BYTES:,})",
    )
    conv.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help=(
            "the http(s) address that relative media paths of a TimelineJS file (./media/x.jpg) are relative to, "
            "e.g. the address of the page or of the JSON file; without it they are reported and left out"
        ),
    )

    exp = subparsers.add_parser(
        "export",
        help="export the events chosen by filters (as in the dashboard's URL)",
        description=(
            "Write the events of PATH that pass the filters, in the format F. The filters are the "
            "dashboard's URL parameters: a link ...?category=treaty&from=2022-01-01 is "
            "--category treaty --from 2022-01-01. Exit status: 0 when PATH has no problem, 1 otherwise "
            "(the valid events are still exported), 2 for a usage error."
        ),
    )
    exp.add_argument("path", metavar="PATH", help="the chronology (YAML file or folder, JSON, CSV, TimelineJS)")
    exp.add_argument("--format", "-f", dest="fmt", required=True, choices=EXPORT_FORMATS, help="output format")
    exp.add_argument("--output", "-o", default="-", metavar="OUT", help="the file to write (default: standard output)")
    exp.add_argument("--input-format", choices=IMPORT_FORMATS, help="format of PATH (default: guessed)")
    exp.add_argument("--from", dest="date_from", metavar="DAY", help="first day, YYYY-MM-DD (-0043-03-15 for 44 BC)")
    exp.add_argument("--to", dest="date_to", metavar="DAY", help="last day, YYYY-MM-DD")
    exp.add_argument("--match", choices=MATCHES, help="overlap (default): touches the range; within: certainly inside")
    for facet in FACETS:  # one option per facet, named as its URL key
        what = f"{facet.article}: {', '.join(STATUSES)}" if facet.name == "status" else facet.article
        exp.add_argument(f"--{facet.name}", action="append", default=[], metavar="VALUE", help=f"{what} (repeatable)")
    exp.add_argument("--importance", metavar="N", help="minimum importance, 1-5")
    exp.add_argument("--q", "--search", dest="q", metavar="WORDS", help="words that must occur in the text")
    exp.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_BYTES,
        help=f"size limit per file in bytes (default {DEFAULT_MAX_BYTES:,})",
    )


def output_format(name: str) -> str | None:
    """The export format for an output file name, from its extension (None when unknown)."""
    lower = name.lower()
    if lower.endswith(("timelinejs.json", ".timeline.json")):
        return "timelinejs"
    return _OUTPUT_SUFFIXES.get(Path(lower).suffix)


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _load(path: str, fmt: str | None, max_bytes: int, *, base_url: str | None = None) -> Chronology:
    p = Path(path)
    if p.is_dir() or (fmt in (None, "yaml") and p.suffix.lower() in YAML_SUFFIXES):
        return load_paths([p], max_bytes=max_bytes)
    try:
        with p.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except FileNotFoundError:
        return Chronology(problems=[Problem(path, 0, 0, "no such file or folder", "check the path")], files=[path])
    except OSError as exc:
        return Chronology(
            problems=[
                Problem(path, 0, 0, f"cannot read the file: {exc.strerror}", "check the path and its permissions")
            ],
            files=[path],
        )
    return load_any(data, file=path, max_bytes=max_bytes, fmt=fmt, base_url=base_url)


def _write(output: str, data: bytes) -> None:
    """Write ``data`` to ``output`` (``-``: standard output) without leaving half a file behind."""
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _report(chron: Chronology) -> None:
    for problem in chron.problems:
        _err(str(problem))


def _finish(chron: Chronology, exported: Exported, source: str, output: str) -> int:
    where = "standard output" if output == "-" else output
    n = exported.count
    _err(f"wrote {n:,} event{'s' if n != 1 else ''} to {where} ({exported.fmt})")
    if exported.skipped:
        k = len(exported.skipped)
        names = ", ".join(exported.skipped[:10]) + (", ..." if k > 10 else "")
        _err(
            f"skipped {k:,} event{'s' if k != 1 else ''} that iCalendar cannot represent "
            f"(dates before AD 1 or after 9999): {names}"
        )
    for notice in exported.notices:
        _err(notice)
    if chron.problems:
        p = len(chron.problems)
        _err(
            f"{source}: {p:,} problem{'s' if p != 1 else ''}, {chron.skipped:,} event"
            f"{'s' if chron.skipped != 1 else ''} not converted; the valid events were written"
        )
        return 1
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    """``convert IN OUT``: see the module docstring. Returns the exit status."""
    to = args.to_format or output_format(args.output)
    if to is None:
        _err(
            f"cannot tell the output format from {args.output!r}: use --to with one of {', '.join(EXPORT_FORMATS)} "
            "(or an extension: .yaml, .json, .csv, .ics, .html, .timeline.json)"
        )
        return 2
    chron = _load(args.input, args.from_format, args.max_bytes, base_url=getattr(args, "base_url", None))
    _report(chron)
    if not chron.events and chron.problems:
        _err(f"{args.input}: no valid event to convert; nothing written")
        return 1
    from .exporters import render

    exported = render(chron, None, to)
    try:
        _write(args.output, exported.data)
    except OSError as exc:
        _err(f"{args.output}: cannot write: {exc.strerror or exc}")
        return 1
    return _finish(chron, exported, args.input, args.output)


def cmd_export(args: argparse.Namespace) -> int:
    """``export PATH --format F [filters] -o OUT``: see the module docstring. Returns the exit status."""
    from ..core.frame import to_frame
    from ..core.query import apply_filters, check_against, describe, from_query_params
    from .exporters import render

    params: dict[str, list[str]] = {}
    for key, value in (
        ("from", args.date_from),
        ("to", args.date_to),
        ("match", args.match),
        ("importance", args.importance),
        ("q", args.q),
    ):
        if value is not None:
            params[key] = [value]
    for facet in FACETS:
        values = getattr(args, facet.name)
        if values:
            params[facet.name] = list(values)
    state, warnings = from_query_params(params)
    if warnings:
        for warning in warnings:
            _err(f"export: {warning.replace('Ignored', 'bad filter:', 1)}")
        return 2
    chron = _load(args.path, args.input_format, args.max_bytes)
    _report(chron)
    if not chron.events and chron.problems:
        _err(f"{args.path}: no valid event to export; nothing written")
        return 1
    frame = to_frame(chron)
    filtered = apply_filters(frame, state)
    for note in check_against(state, frame, event=False):
        _err(f"note: {note}")
    labels = {k: c.label for k, c in chron.categories.items()}
    subtitle = describe(state, len(filtered), len(frame), category_labels=labels)
    exported = render(chron, filtered, args.fmt, subtitle=subtitle)
    try:
        _write(args.output, exported.data)
    except OSError as exc:
        _err(f"{args.output}: cannot write: {exc.strerror or exc}")
        return 1
    _err(subtitle)
    return _finish(chron, exported, args.path, args.output)
