"""Engines: where the store's queries run.

``duckdb`` (the default)
    Embedded DuckDB on the store's ``events.duckdb``: one read-only connection per process and
    store file, shared; every caller (a Streamlit session, a thread) gets its own cursor, since a
    DuckDB connection is not thread-safe.
``pyspark``
    Spark in local mode (``local[2]``) on the store's Parquet files (``events`` written on first use), with
    the session time zone UTC and ``SPARK_LOCAL_IP=127.0.0.1``. Needs the ``spark`` extra
    (``pip install 'ibis-framework[pyspark]'``) and Java 17 or newer.
an Ibis connection URL
    ``clickhouse://user:pass@host:9000/db``, ``trino://user@host:8080/catalog/schema``,
    ``bigquery://project/dataset``...: an engine that already holds the tables ``events``,
    ``details``, ``words`` and ``sources`` (load the store's Parquet files into it: ``python -m
    dashboard ingest ... --parquet``). The engine's Ibis backend must be installed
    (``pip install 'ibis-framework[clickhouse]'`` and so on).

Every engine gets the same Ibis expressions (:mod:`.queries`) and must give the same results as
DuckDB: ``tests/store/test_conformance.py`` runs them on DuckDB and on PySpark.
"""

from __future__ import annotations

import os
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from .layout import DB_FILE, DB_TABLES, PARQUET_DIR, PARQUET_TABLES, TABLES

__all__ = ["ENGINE_ENV", "Connection", "EngineError", "connect", "engine_name", "parquet_files"]

ENGINE_ENV: Final = "DASHBOARD_ENGINE"
_LOCK = threading.Lock()
_DUCKDB: dict[tuple[str, int, int], Any] = {}
_SPARK: dict[str, Any] = {}
_DUCKDB_MEMORY: Final = "1GB"


class EngineError(Exception):
    """An engine that cannot be used: the message names the engine and says how to fix it."""


@dataclass(frozen=True)
class Connection:
    """An Ibis backend and the store's tables on it."""

    name: str
    backend: Any
    events: Any
    details: Any
    words: Any
    sources: Any
    facet_values: Any
    links: Any


def engine_name(engine: str | None) -> str:
    """``duckdb``, ``pyspark``, or the scheme of a URL (``clickhouse``); passwords never shown."""
    if not engine or engine == "duckdb":
        return "duckdb"
    if "://" in engine:
        return engine.split("://", 1)[0] or "?"
    return engine


def _duckdb_connection(db: Path) -> Any:
    """A cursor on the process's one read-only connection to ``db`` (a new connection when the
    file was replaced, e.g. by a new ingest: the key holds its inode and modification time)."""
    import duckdb

    path = str(db.resolve())
    stat = db.stat()
    key = (path, stat.st_ino, stat.st_mtime_ns)
    with _LOCK:
        con = _DUCKDB.get(key)
        if con is None:
            for old in [k for k in _DUCKDB if k[0] == path]:
                _DUCKDB.pop(old).close()
            con = duckdb.connect(path, read_only=True, config={"memory_limit": _DUCKDB_MEMORY})
            _DUCKDB[key] = con
        return con.cursor()


def parquet_files(folder: str | Path) -> dict[str, str]:
    """The store's tables as Parquet (paths or globs): the tables of the DuckDB file (``events``,
    ``facet_values``) are written the first time they are asked for; the others are Parquet already."""
    folder = Path(folder)
    out: dict[str, str] = {}
    for table in DB_TABLES:
        path = folder / PARQUET_DIR / f"{table}.parquet"
        if not path.is_file():
            path.parent.mkdir(exist_ok=True)
            con = _duckdb_connection(folder / DB_FILE)
            try:
                tmp = path.with_suffix(".parquet.tmp")
                con.table(table).to_parquet(str(tmp))
                tmp.replace(path)
            finally:
                con.close()
        out[table] = str(path)
    return {**out, **{name: str(folder / name / "*.parquet") for name in PARQUET_TABLES}}


def _spark_backend() -> Any:
    with _LOCK:
        backend = _SPARK.get("backend")
        if backend is not None:
            return backend
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        try:
            import ibis
            from pyspark.sql import SparkSession
        except ImportError as exc:
            raise EngineError(
                f"engine pyspark: {exc.name or 'pyspark'} is not installed. "
                "Install the spark extra: pip install 'ibis-framework[pyspark]' (and Java 17+, "
                "e.g. apt-get install default-jre-headless)"
            ) from None
        try:
            session = (
                SparkSession.builder.master("local[2]")
                .appName("chronology-dashboard")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.extraJavaOptions", "-Dlog4j2.level=ERROR")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate()
            )
            session.sparkContext.setLogLevel("ERROR")
        except Exception as exc:  # Java missing or failing: say so
            raise EngineError(
                f"engine pyspark could not start Spark ({type(exc).__name__}: {str(exc)[:300]}). "
                "Spark needs Java 17 or newer: apt-get install default-jre-headless"
            ) from None
        backend = ibis.pyspark.connect(session)
        _SPARK["backend"] = backend
        return backend


def connect(folder: str | Path | None, engine: str | None = None) -> Connection:
    """The store's tables on ``engine`` (see the module docstring); ``folder`` is the store.

    ``folder`` may be None only for a URL engine (the tables live there). Raises
    :class:`EngineError` naming the engine and the fix when it cannot connect.
    """
    import ibis

    name = engine_name(engine)
    if name == "duckdb":
        if folder is None:
            raise EngineError("engine duckdb needs a store folder: give one (python -m dashboard ingest ... -o STORE)")
        db = Path(folder) / DB_FILE
        if not db.is_file():
            raise EngineError(f"engine duckdb: {db} does not exist; ingest the data first")
        try:
            backend = ibis.duckdb.from_connection(_duckdb_connection(db))
            parts = {
                table: backend.read_parquet(str(Path(folder) / table / "*.parquet"), table_name=_view_name(table))
                for table in PARQUET_TABLES
            }
            return Connection(name, backend, **{t: backend.table(t) for t in DB_TABLES}, **parts)
        except Exception as exc:
            raise EngineError(f"engine duckdb cannot open {folder}: {exc}; ingest the data again") from None
    if name == "pyspark":
        if folder is None:
            raise EngineError("engine pyspark needs a store folder to read its Parquet files")
        backend = _spark_backend()
        files = parquet_files(folder)
        tables = {table: backend.read_parquet(path, table_name=_view_name(table)) for table, path in files.items()}
        return Connection(name, backend, **tables)
    if "://" not in (engine or ""):
        raise EngineError(
            f"unknown engine {engine!r}: use duckdb, pyspark, or an Ibis connection URL such as "
            "clickhouse://user:password@host:9000/database"
        )
    try:
        backend = ibis.connect(engine)
    except ImportError as exc:
        raise EngineError(
            f"engine {name}: its Ibis backend is not installed ({exc}). "
            f"Install it: pip install 'ibis-framework[{name}]'"
        ) from None
    except Exception as exc:
        raise EngineError(
            f"engine {name} could not connect ({type(exc).__name__}: {str(exc)[:300]}). "
            "Check the host, port, user and password of the URL, and that the server runs"
        ) from None
    try:
        return Connection(name, backend, **{table: backend.table(table) for table in TABLES})
    except Exception as exc:
        raise EngineError(
            f"engine {name} has no tables {', '.join(TABLES)} ({type(exc).__name__}). "
            "Load the store's Parquet files (python -m dashboard ingest ... --parquet) into it"
        ) from None


def _view_name(table: str) -> str:
    """A name of our own for a view of a table's files (one per connection; never user input)."""
    return f"store_{table}_{uuid.uuid4().hex[:12]}"
