"""The store's commands: ``python -m dashboard ingest`` and ``python -m dashboard query``.

Registered by :mod:`dashboard.cli` (the only modules that print or exit).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .core.query import from_query_string
from .core.yamlsafe import DEFAULT_MAX_BYTES

__all__ = ["add_store_commands", "cmd_ingest", "cmd_query"]


def add_store_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], positive_int: Any) -> None:
    ing = sub.add_parser(
        "ingest",
        help="read files into a store (DuckDB), with every check; nothing redone when unchanged",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Read chronology files into a store folder: YAML files and folders, CSV and Parquet tables\n"
            "(the CSV import's columns), TimelineJS JSON and sheets, chronology JSON. Every check of\n"
            "'validate' is made; each problem is printed as 'path:line:column: what -- how to fix it'.\n"
            "Valid events are stored even when others are skipped. An ingest of unchanged inputs into\n"
            "the same store does nothing. Open the store with 'streamlit run app.py -- STORE' or ask it\n"
            "with 'python -m dashboard query STORE'.\n"
            "Exit status: 0 when the store was written or was up to date (problems or not), 1 when no\n"
            "event could be stored, 2 for a usage error."
        ),
    )
    ing.add_argument("sources", nargs="+", metavar="SOURCE", help="a file or a folder of YAML files")
    ing.add_argument("-o", "--output", required=True, type=Path, metavar="STORE", help="the store folder to write")
    ing.add_argument(
        "--max-bytes",
        type=positive_int,
        default=DEFAULT_MAX_BYTES,
        help=f"size limit per file in bytes (default {DEFAULT_MAX_BYTES:,})",
    )
    ing.add_argument("--force", action="store_true", help="ingest again even when nothing changed")
    ing.add_argument(
        "--parquet",
        action="store_true",
        help="also write the store's tables as Parquet (STORE/parquet/), to load into another engine",
    )
    ing.add_argument("--quiet", "-q", action="store_true", help="print only the summary line")

    qry = sub.add_parser(
        "query",
        help="print what the dashboard shows for a URL's filters (counts, facets, density)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=(
            "Answer the dashboard's questions for one view, given as the dashboard's own URL parameters:\n"
            "\n"
            "  python -m dashboard query STORE --filters 'category=treaty&from=2022-01-01' --json\n"
            "\n"
            'prints {"total": N, "matched": M, "facets": {"category": {...}, "actor": {...}, ...},\n'
            '"density": {"unit": "month", "buckets": {"2022-01": 3, ...}}, "warnings": [...]}.\n'
            "SOURCE is a store folder, or files to ingest first (into the persistent cache).\n"
            "--engine pyspark runs the same queries on Spark in local mode; an Ibis URL\n"
            "(clickhouse://..., trino://..., bigquery://...) runs them on that engine's tables."
        ),
    )
    qry.add_argument("source", nargs="+", metavar="SOURCE", help="a store folder, or files to ingest")
    qry.add_argument(
        "--engine",
        default=None,
        metavar="NAME_OR_URL",
        help="duckdb (default), pyspark, or an Ibis connection URL (default: $DASHBOARD_ENGINE or duckdb)",
    )
    qry.add_argument(
        "--filters", default="", metavar="QUERY", help="the URL's parameters, e.g. 'tag=x&from=2022-01-01'"
    )
    qry.add_argument("--json", action="store_true", help="print JSON (default: readable lines)")
    qry.add_argument("--facet-limit", type=positive_int, default=None, help="values listed per facet (default 1000)")
    qry.add_argument(
        "--unit",
        choices=("day", "month", "year", "decade", "century", "millennium"),
        default=None,
        help="density unit (default: the finest with at most 2,000 buckets)",
    )


def _print_problems(problems: Any) -> None:
    for problem in problems:
        print(str(problem))


def cmd_ingest(args: argparse.Namespace) -> int:
    from .store.engines import parquet_files
    from .store.ingest import Progress, ingest

    missing = [s for s in args.sources if not Path(s).exists()]
    if missing:
        print(f"ingest: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    progress = Progress(enabled=None if not args.quiet else False)
    try:
        result = ingest(args.sources, args.output, max_bytes=args.max_bytes, force=args.force, progress=progress)
    except ValueError as exc:
        progress.close()
        print(f"ingest: {exc}", file=sys.stderr)
        return 2
    progress.close()
    if args.parquet:
        parquet_files(args.output)
    meta = result.meta
    if not args.quiet and not result.up_to_date:
        _print_problems(result.problems)
    n, p = meta.rows, meta.problem_count
    line = f"{n:,} event{'s' if n != 1 else ''}, {p:,} problem{'s' if p != 1 else ''}"
    if meta.skipped:
        line += f" ({meta.skipped:,} event{'s' if meta.skipped != 1 else ''} skipped)"
    if result.up_to_date:
        print(f"{args.output} is up to date: {line}")
    else:
        print(f"{line}; stored in {args.output} in {result.seconds:.1f} s")
    return 1 if n == 0 and p else 0


def cmd_query(args: argparse.Namespace) -> int:
    from .store.engines import ENGINE_ENV, EngineError
    from .store.layout import StoreFormatError
    from .store.queries import FACET_LIMIT, open_store, view_warnings

    missing = [s for s in args.source if not Path(s).exists()]
    if missing:
        print(f"query: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    state, warnings = from_query_string(args.filters)
    engine = args.engine or os.environ.get(ENGINE_ENV) or None
    try:
        from .store.opening import store_for

        folder = store_for(args.source)
        store = open_store(folder, engine)
        warnings += view_warnings(store, state)
        limit = args.facet_limit or FACET_LIMIT
        result: dict[str, Any] = {
            "total": store.total,
            "matched": store.count(state),
            "facets": {name: dict(pairs) for name, pairs in store.facets(state, limit=limit).items()},
            "density": store.density(state, unit=args.unit).as_dict(),
            "warnings": warnings,
            "engine": store.engine,
        }
    except (EngineError, StoreFormatError, ValueError) as exc:
        print(f"query: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return 0
    for warning in warnings:
        print(f"warning: {warning}")
    print(f"{result['matched']:,} of {result['total']:,} events (engine {result['engine']})")
    for name, counts in result["facets"].items():
        top = ", ".join(f"{value} {n:,}" for value, n in list(counts.items())[:10])
        print(f"{name}: {top}{' ...' if len(counts) > 10 else ''}")
    density = result["density"]
    print(f"density by {density['unit']}: {len(density['buckets']):,} buckets")
    return 0
