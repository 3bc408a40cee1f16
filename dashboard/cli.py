"""Command-line interface: ``python -m dashboard validate | schema | convert | export``.

The only module that prints or exits. Library errors become ``file:line:col: message`` lines
and exit code 1; no traceback is shown for bad input.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .convert import add_subcommands, cmd_convert, cmd_export
from .loader import load_paths
from .models import schema_text
from .yamlsafe import DEFAULT_MAX_BYTES

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m dashboard`` (one sub-command per task)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Check and describe chronology files (the format: FORMAT.md, version 1).",
        epilog="Run 'python -m dashboard COMMAND --help' for the options of a command.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    val = sub.add_parser(
        "validate",
        help="check chronology files and folders; one line per problem",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Check chronology YAML files, or folders of them (their *.yaml and *.yml files load as one\n"
            "chronology: event ids must be unique across them).\n"
            "\n"
            "Prints one line per problem, 'path:line:column: what is wrong -- how to fix it'\n"
            "(line and column 0 mean the whole file), then a summary line:\n"
            "\n"
            "  events.yaml:12:11: 'date': '2022-02-30' is not a valid date: February 2022 has 28 days -- ...\n"
            "  30 events, 1 problem (1 event skipped)\n"
            "\n"
            "A clean file prints only the summary, e.g. '31 events, 0 problems'.\n"
            "Exit status: 0 when there is no problem, 1 when there is any, 2 for a usage error."
        ),
    )
    val.add_argument("paths", nargs="+", metavar="PATH", help="a YAML file or a folder of YAML files")
    val.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_BYTES,
        help=f"size limit per file in bytes; larger files are rejected unread (default {DEFAULT_MAX_BYTES:,})",
    )
    val.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")
    val.add_argument("--time", action="store_true", help="also print how long loading took")

    sch = sub.add_parser(
        "schema",
        help="print the JSON Schema of the format",
        description=(
            "Print the JSON Schema (draft 2020-12) of the chronology format, generated from the models. "
            "schema/events.schema.json holds the same text: regenerate it with "
            "'python -m dashboard schema -o schema/events.schema.json'. Editors use it to complete and "
            "check files that start with '# yaml-language-server: $schema=schema/events.schema.json'."
        ),
    )
    sch.add_argument("--output", "-o", type=Path, metavar="FILE", help="write it to FILE instead of printing it")
    add_subcommands(sub)
    return parser


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of bytes, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes, got {text!r}")
    return value


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


def _safe_output() -> None:
    """Never die on printing: text a terminal cannot encode is written as escapes."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 problems found, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _safe_output()
    commands = {"validate": _validate, "schema": _schema, "convert": cmd_convert, "export": cmd_export}
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
