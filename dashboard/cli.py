"""Command-line interface: ``python -m dashboard validate | schema | diff | convert | export | ingest | query | bench``.

The only module that prints or exits. Library errors become ``file:line:col: message`` lines
and exit code 1; no traceback is shown for bad input.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .core.compare import Diff
from .core.loader import Chronology, load_paths
from .core.models import schema_text
from .core.yamlsafe import DEFAULT_MAX_BYTES
from .io.convert import add_subcommands, cmd_convert, cmd_export
from .storecli import add_store_commands, cmd_ingest, cmd_query

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m dashboard`` (one sub-command per task)."""
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Check and describe chronology files (the format: docs/format.md, version 1).",
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
            "A clean file prints only the summary, e.g. '31 events, 0 problems' (then the stories\n"
            "and periods when there are some: '31 events, 0 problems, 1 story, 2 periods').\n"
            "A bulk table (.csv or .parquet, the CSV import's columns) is checked on its own.\n"
            "Exit status: 0 when there is no problem, 1 when there is any, 2 for a usage error."
        ),
    )
    val.add_argument(
        "paths", nargs="+", metavar="PATH", help="a YAML file, a folder of YAML files, or one .csv/.parquet table"
    )
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
    _add_diff(sub)
    add_subcommands(sub)
    add_store_commands(sub, _positive_int)
    _add_bench(sub)
    return parser


def _add_bench(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ben = sub.add_parser(
        "bench",
        help="measure loading, filtering, figures (and the browser) at 1k..1M events",
        description=(
            "Generate chronologies of 1,000, 10,000 and 100,000 events (1,000,000 with --million), measure "
            "cold load, bare CSafeLoader parse, warm load (persistent cache), filter, figure and peak memory "
            "in fresh processes, and with --browser the time to first chart and to an updated chart after a "
            "filter change in headless Chromium, for the dashboard and for a naive px.timeline page. Prints a "
            "table and the requirements with PASS/FAIL; writes every measurement to --output as JSON. "
            "Exit status 1 when a requirement fails."
        ),
    )
    ben.add_argument(
        "--sizes", type=_sizes, default=None, metavar="N,N,...", help="event counts (default 1000,10000,100000)"
    )
    ben.add_argument("--million", action="store_true", help="add 1,000,000 events")
    ben.add_argument(
        "--store",
        action="store_true",
        help="measure the event store instead (ingest, server work, search, memory; default sizes 1k, 1M, 10M)",
    )
    ben.add_argument("--repeats", type=_count, default=3, metavar="N", help="runs per measurement (default 3; medians)")
    ben.add_argument("--browser", action="store_true", help="also measure in headless Chromium (Playwright)")
    ben.add_argument(
        "--browser-repeats", type=_count, default=5, metavar="N", help="timed visits per page (default 5; medians)"
    )
    ben.add_argument(
        "--naive-max",
        type=_count,
        default=100_000,
        metavar="N",
        help="largest size for the naive page (default 100000)",
    )
    ben.add_argument(
        "--output", "-o", type=Path, default=Path("bench-results.json"), metavar="FILE",
        help="JSON results (default bench-results.json)",
    )  # fmt: skip
    ben.add_argument(
        "--workdir",
        type=Path,
        default=None,
        metavar="DIR",
        help="keep the generated files here (default: a temporary folder)",
    )


def _add_diff(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    dif = sub.add_parser(
        "diff",
        help="compare two chronologies: events only in one, and what changed in the matched ones",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Compare chronology A with chronology B (each a YAML file or a folder). Events match when\n"
            "they have the same id, or when one lists the other in 'same_as' (docs/format.md). Prints the\n"
            "events only in A, only in B, and the matched events that were re-dated (date), re-worded\n"
            "(title, summary), re-categorised (category), or whose status or sources changed, with the\n"
            "old and new values; then the number of matched events that are the same.\n"
            "\n"
            'With --json: {"only_in_a": [ID, ...], "only_in_b": [ID, ...], "changed": [{"a": ID,\n'
            '"b": ID, "fields": {"date": [OLD, NEW], ...}}], "same": N}.\n'
            "\n"
            "Conflicts of the pair (an event matched twice, a same_as id the other file does not have)\n"
            "are printed on standard error as 'path:line:column: what -- how to fix it'.\n"
            "Exit status: 0 when both files load (conflicts or not), 1 when a file has a problem\n"
            "(printed as by 'validate'), 2 for a usage error."
        ),
    )
    dif.add_argument("a", metavar="A", help="the first chronology (a YAML file or a folder)")
    dif.add_argument("b", metavar="B", help="the second chronology")
    dif.add_argument("--json", action="store_true", help="print the differences as JSON")
    dif.add_argument(
        "--max-bytes",
        type=_positive_int,
        default=DEFAULT_MAX_BYTES,
        help=f"size limit per file in bytes (default {DEFAULT_MAX_BYTES:,})",
    )


def _diff(args: argparse.Namespace) -> int:
    from .core.compare import compare
    from .core.loader import load_path

    loaded = [load_path(path, max_bytes=args.max_bytes) for path in (args.a, args.b)]
    bad = [(path, chron) for path, chron in zip((args.a, args.b), loaded, strict=True) if chron.problems]
    if bad:
        for path, chron in bad:
            for problem in chron.problems:
                print(str(problem), file=sys.stderr)
            print(
                f"diff: {path} cannot be compared: {chron.summary_line()}; fix the problems above "
                f"(python -m dashboard validate {path})",
                file=sys.stderr,
            )
        return 1
    a, b = loaded
    result = compare(a, b)
    for problem in result.problems:
        print(str(problem), file=sys.stderr)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(_diff_text(args.a, args.b, a, b, result)))
    return 0


def _diff_text(path_a: str, path_b: str, a: Chronology, b: Chronology, result: Diff) -> list[str]:
    """The differences for people: the two chronologies, then each list, then the counts."""

    def head(side: str, path: str, chron: Chronology) -> str:
        n = len(chron.events)
        title = f" ({chron.title})" if chron.title else ""
        return f"{side}: {path}{title}, {n:,} event{'s' if n != 1 else ''}"

    def line(chron: Chronology, eid: str) -> str:
        ev = chron.event(eid)
        return f"  {ev.date.edtf}  {eid}  {ev.title}" if ev is not None else f"  {eid}"

    lines = [head("A", path_a, a), head("B", path_b, b), ""]
    lines.append(f"Only in A ({len(result.only_in_a)}):")
    lines += [line(a, eid) for eid in result.only_in_a]
    lines.append(f"Only in B ({len(result.only_in_b)}):")
    lines += [line(b, eid) for eid in result.only_in_b]
    lines.append(f"Changed ({len(result.changed)}):")
    for change in result.changed:
        lines.append(f"  {change.a} -> {change.b}: {', '.join(change.kinds)}")
        for name, (old, new) in change.fields.items():
            if name == "sources":
                old, new = ", ".join(old) or "(none)", ", ".join(new) or "(none)"
            elif name in ("title", "summary"):  # quoted, long summaries shortened (--json has them whole)
                old, new = (json.dumps(_clip(v), ensure_ascii=False) for v in (old, new))
            lines.append(f"    {name}: {old} -> {new}")
    lines.append(f"Same: {len(result.same)}")
    lines.append("")
    lines.append(
        f"{len(result.only_in_a)} only in A, {len(result.only_in_b)} only in B, "
        f"{len(result.changed)} changed, {len(result.same)} the same"
        + (
            f"; {len(result.problems)} problem{'s' if len(result.problems) != 1 else ''} (on standard error)"
            if result.problems
            else ""
        )
    )
    return lines


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected event counts such as 1000,10000, got {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"expected positive event counts, got {text!r}")
    return sizes


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {text!r}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of bytes, got {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a positive number of bytes, got {text!r}")
    return value


def _validate(args: argparse.Namespace) -> int:
    from .io.bulk import BULK_SUFFIXES, load_table

    started = time.perf_counter()
    tables = [p for p in args.paths if Path(p).suffix.lower() in BULK_SUFFIXES and not Path(p).is_dir()]
    if tables and len(args.paths) > 1:
        print(
            "validate: a .csv or .parquet table is checked on its own -- "
            "give one table, or YAML files and folders only",
            file=sys.stderr,
        )
        return 2
    chron = (
        load_table(tables[0], max_bytes=args.max_bytes) if tables else load_paths(args.paths, max_bytes=args.max_bytes)
    )
    elapsed = time.perf_counter() - started
    if not args.quiet:
        for problem in chron.problems:
            print(str(problem))
    line = chron.summary_line()
    if chron.stories:
        line += f", {len(chron.stories)} stor{'ies' if len(chron.stories) != 1 else 'y'}"
    if chron.periods:
        line += f", {len(chron.periods)} period{'s' if len(chron.periods) != 1 else ''}"
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


def _bench(args: argparse.Namespace) -> int:
    import json

    from .tools.bench import DEFAULT_SIZES, MILLION, BenchOptions, format_report, run_bench

    if args.store:
        from .tools.storebench import STORE_SIZES, format_store_report, run_store_bench

        store_results = run_store_bench(
            list(args.sizes or STORE_SIZES),
            workdir=args.workdir,
            repeats=args.repeats,
            log=lambda line: print(f"bench: {line}", file=sys.stderr, flush=True),
            browser=args.browser,
            browser_repeats=args.browser_repeats,
        )
        args.output.write_text(json.dumps(store_results, indent=2) + "\n", encoding="utf-8")
        print(format_store_report(store_results))
        print(f"\nresults written to {args.output}")
        return 0 if all(req["pass"] for req in store_results["requirements"]) else 1
    sizes = list(args.sizes or DEFAULT_SIZES)
    if args.million and MILLION not in sizes:
        sizes.append(MILLION)
    options = BenchOptions(
        sizes=sizes,
        repeats=args.repeats,
        browser=args.browser,
        browser_repeats=args.browser_repeats,
        naive_max=args.naive_max,
        workdir=args.workdir,
    )
    results = run_bench(options, log=lambda line: print(f"bench: {line}", file=sys.stderr, flush=True))
    results["command"] = "python -m dashboard bench " + " ".join(sys.argv[2:] if sys.argv[1:2] == ["bench"] else [])
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(format_report(results))
    print(f"\nresults written to {args.output}")
    return 0 if all(req["pass"] for req in results["requirements"]) else 1


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
    commands["diff"] = _diff
    commands["bench"] = _bench
    commands["ingest"] = cmd_ingest
    commands["query"] = cmd_query
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:  # pragma: no cover
        return 130
