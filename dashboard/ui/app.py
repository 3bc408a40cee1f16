"""Entry point of the Streamlit app: choose the chronology, load it (cached), route the view."""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from ..yamlsafe import DEFAULT_MAX_BYTES
from . import explore
from .data import Loaded, load_cached
from .present import render_present

__all__ = ["chronology_path", "main"]

DEFAULT_PATH = "events.yaml"


def chronology_path(argv: Sequence[str] | None = None) -> str:
    """The file or folder to open.

    ``streamlit run app.py -- PATH`` opens PATH; the ``DASHBOARD_PATH`` environment variable
    does the same (tests use it); otherwise ``events.yaml``.
    """
    args = [a for a in _script_args(argv) if not a.startswith("--")]
    args = [a for i, a in enumerate(args) if not (i > 0 and args[i - 1] == "--max-mb")]
    if args:
        return args[0]
    env = os.environ.get("DASHBOARD_PATH")
    if env:
        return env
    here = Path(DEFAULT_PATH)
    if here.exists():
        return str(here)
    return str(Path(__file__).resolve().parents[2] / DEFAULT_PATH)


def _script_args(argv: Sequence[str] | None) -> list[str]:
    if argv is not None:
        return list(argv)
    return sys.argv[1:] if sys.argv and Path(sys.argv[0]).name == "app.py" else []


def max_bytes(argv: Sequence[str] | None = None) -> int:
    """Size limit for the opened file: ``-- PATH --max-mb 200`` or ``DASHBOARD_MAX_MB``; default 20 MB."""
    args = _script_args(argv)
    value = os.environ.get("DASHBOARD_MAX_MB", "")
    if "--max-mb" in args and args.index("--max-mb") + 1 < len(args):
        value = args[args.index("--max-mb") + 1]
    try:
        return max(1, int(float(value) * 1024 * 1024)) if value else DEFAULT_MAX_BYTES
    except ValueError:
        return DEFAULT_MAX_BYTES


def main(argv: Sequence[str] | None = None) -> None:
    """Render the page. Any unexpected error is shown as a short message, never a traceback."""
    path = chronology_path(argv)
    try:
        size = (
            sum(f.stat().st_size for f in Path(path).rglob("*")) if Path(path).is_dir() else Path(path).stat().st_size
        )
    except OSError:
        size = 0
    try:
        if size > 2_000_000:
            with st.spinner(f"Loading {Path(path).name} ({size / 1e6:.0f} MB)…"):
                loaded: Loaded = load_cached(path, max_bytes=max_bytes(argv))
        else:
            loaded = load_cached(path, max_bytes=max_bytes(argv))
        explore.render(loaded, source_name=path, present=render_present)
    except Exception as exc:
        st.error(
            "Something went wrong while showing this chronology. The problem has been logged; "
            "reload the page or reset the filters."
        )
        print(f"dashboard error: {type(exc).__name__}: {exc}", file=sys.stderr)
        traceback.print_exc(file=sys.stderr)  # to the server log only
