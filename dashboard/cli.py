"""Command-line interface: ``python -m dashboard validate | schema``.

The only module that prints or exits. Library errors become ``file:line:col: message`` lines
and exit code 1; no traceback is shown for bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .loader import load_paths
from .models import schema_text
from .yamlsafe import DEFAULT_MAX_BYTES

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Check, describe and convert chronology files (format: FORMAT.md, version 1).",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    val = sub.add_parser(
        "validate",
        help="check chronology files and folders; one line per problem",
        description=(
            "Check chronology YAML files or folders of them. Prints one 'path:line:col: message (hint)' "
            "line per problem, then a summary line such as '31 events, 0 problems'. "
            "Exit status: 0 when there is no problem, 1 otherwise."
        ),
    )
    val.add_argument("paths", nargs="+", metavar="PATH", help="a YAML file or a folder of YAML files")
    val.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        help=f"size limit per file in bytes (default {DEFAULT_MAX_BYTES:,})",
    )
    val.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")
    val.add_argument("--time", action="store_true", help="also print how long loading took")

    sch = sub.add_parser(
        "schema",
        help="print the JSON Schema of the format",
        description="Print the JSON Schema of the chronology format, generated from the models "
        "(the file schema/events.schema.json holds the same text).",
    )
    sch.add_argument("--output", "-o", type=Path, help="write it to this file instead of printing it")
    return parser


def _validate(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    chron = load_paths(args.paths, max_bytes=args.max_bytes)
    elapsed = time.perf_counter() - started
    if not args.quiet:
        for problem in chron.problems:
            print(str(problem))
    line = chron.summary_line()
    if chron.stories:
        line += f", {len(chron.stories)} stor{'ies' if len(chron.stories) != 1 else 'y'}"
    print(line)
    if args.time:
        print(f"loaded in {elapsed:.2f} s")
    return 1 if chron.problems else 0


def _schema(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return _validate(args)
        if args.command == "schema":
            return _schema(args)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    parser.error(f"unknown command {args.command}")  # pragma: no cover
    return 2  # pragma: no cover
