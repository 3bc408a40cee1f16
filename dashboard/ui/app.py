"""Entry point of the Streamlit app: choose the chronology, load it (cached), route the view."""

from __future__ import annotations

import math
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from ..core.yamlsafe import DEFAULT_MAX_BYTES
from ..store.layout import is_store
from . import explore
from .data import Loaded, load_cached, load_store, opens_as_store
from .present import render_present

__all__ = ["SettingError", "chronology_path", "compare_paths", "main", "max_bytes"]

DEFAULT_PATH = "events.yaml"


def chronology_path(argv: Sequence[str] | None = None) -> str:
    """The file or folder to open.

    ``streamlit run app.py -- PATH`` opens PATH (a chronology file or folder, a table, or a store
    made by ``python -m dashboard ingest``); the ``DASHBOARD_PATH`` environment variable
    does the same (tests use it); otherwise ``events.yaml``.
    """
    given = _script_args(argv)
    args = [a for i, a in enumerate(given) if not a.startswith("--") and not (i > 0 and given[i - 1] == "--max-mb")]
    if args:
        return args[0]
    env = os.environ.get("DASHBOARD_PATH")
    if env:
        return env
    here = Path(DEFAULT_PATH)
    if here.exists():
        return str(here)
    return str(Path(__file__).resolve().parents[2] / DEFAULT_PATH)


def compare_paths(argv: Sequence[str] | None = None) -> list[str]:
    """The paths given after the first: ``streamlit run app.py -- events.yaml chronologies/`` offers
    each of their YAML files under *Compare with* (a folder gives each of its files)."""
    given = _script_args(argv)
    args = [a for i, a in enumerate(given) if not a.startswith("--") and not (i > 0 and given[i - 1] == "--max-mb")]
    return args[1:]


def _script_args(argv: Sequence[str] | None) -> list[str]:
    if argv is not None:
        return list(argv)
    return sys.argv[1:] if sys.argv and Path(sys.argv[0]).name == "app.py" else []


class SettingError(ValueError):
    """A setting given on the command line or in the environment that cannot be used."""


def max_bytes(argv: Sequence[str] | None = None) -> int:
    """Size limit for the opened file: ``-- PATH --max-mb 200`` or ``DASHBOARD_MAX_MB``; default 20 MB.

    Raises :class:`SettingError` (its text says what to write instead) for a value that is not a
    positive number of megabytes: a typo never silently becomes the default.
    """
    args = _script_args(argv)
    value, where = os.environ.get("DASHBOARD_MAX_MB"), "the environment variable DASHBOARD_MAX_MB"
    for i, arg in enumerate(args):
        if arg == "--max-mb":
            if i + 1 >= len(args) or args[i + 1].startswith("--"):
                raise SettingError(
                    "--max-mb needs a number of megabytes after it: write, for example, "
                    "streamlit run app.py -- events.yaml --max-mb 100"
                )
            value, where = args[i + 1], "--max-mb"
        elif arg.startswith("--max-mb="):
            value, where = arg.split("=", 1)[1], "--max-mb"
    if value is None or (where != "--max-mb" and not value.strip()):
        return DEFAULT_MAX_BYTES
    try:
        megabytes = float(value)
    except ValueError:
        megabytes = math.nan
    if not (math.isfinite(megabytes) and megabytes > 0):
        example = "--max-mb 100" if where == "--max-mb" else "DASHBOARD_MAX_MB=100"
        raise SettingError(
            f"{where} is {value!r}, which is not a positive number of megabytes: give one "
            f"(for example {example}), or leave it out for the default of {DEFAULT_MAX_BYTES // 2**20} MB"
        )
    return max(1, int(megabytes * 1024 * 1024))


def main(argv: Sequence[str] | None = None) -> None:
    """Render the page. Any unexpected error is shown as a short message, never a traceback."""
    path = chronology_path(argv)
    try:
        limit = max_bytes(argv)
    except SettingError as exc:
        st.error(f"The dashboard cannot start with this setting: {exc}.")
        print(f"dashboard: {exc}", file=sys.stderr)
        return
    try:
        if opens_as_store(path):  # a store is opened, not loaded: each session asks it
            if is_store(path):
                opened = load_store(path, max_bytes=limit)
            else:
                with st.spinner(f"Reading {Path(path).name} into an event store (once: later starts reuse it)…"):
                    opened = load_store(path, max_bytes=limit)
            explore.render(opened, source_name=path, present=render_present)
            return
    except Exception as exc:
        _failed(exc)
        return
    try:
        size = (
            sum(f.stat().st_size for f in Path(path).rglob("*")) if Path(path).is_dir() else Path(path).stat().st_size
        )
    except OSError:
        size = 0
    try:
        if size > 2_000_000:
            with st.spinner(f"Loading {Path(path).name} ({size / 1e6:.0f} MB)…"):
                loaded: Loaded = load_cached(path, max_bytes=limit)
        else:
            loaded = load_cached(path, max_bytes=limit)
        _cache_notice(loaded)
        explore.render(
            loaded, source_name=path, present=render_present, compare_with=compare_paths(argv), max_bytes=limit
        )
    except Exception as exc:
        _failed(exc)


def _failed(exc: Exception) -> None:
    """Say that the page failed, in words; the traceback goes to the server log only."""
    from ..store.engines import EngineError
    from ..store.layout import StoreFormatError

    if isinstance(exc, EngineError | StoreFormatError):
        st.error(f"The store cannot be opened: {exc}.")
    else:
        st.error(
            "Something went wrong while showing this chronology. The problem has been logged; "
            "reload the page or reset the filters."
        )
    print(f"dashboard error: {type(exc).__name__}: {exc}", file=sys.stderr)
    traceback.print_exc(file=sys.stderr)  # to the server log only


def _cache_notice(loaded: Loaded) -> None:
    """Say once per session that the persistent cache could not keep the chronology (it is logged too)."""
    if loaded.cache_problem and not st.session_state.get("_cache_notice_shown"):
        st.session_state["_cache_notice_shown"] = True
        st.sidebar.warning(f"Cache not written: {loaded.cache_problem}.")
