"""Files in the browser: open a chronology from the sidebar, download the shown events.

:func:`upload_sidebar` lets a user open a YAML, CSV or TimelineJS JSON file (at most
:data:`MAX_UPLOAD_MB` MB, said in the label and enforced here as well as by Streamlit). The file
is read with :func:`dashboard.io.importers.load_any` and kept **in this session's state only**: no
``st.cache_*`` is involved, so one user's upload is never seen by another session (a shared
cache keyed by content would hand the same object to anyone uploading the same bytes). Its
problems appear in the problems panel like a file's. "Back to the default chronology" forgets
the upload and clears the uploader.

:func:`download_buttons` offers the shown (filtered) events in every export format, named
``<chronology-slug>-<n>-events.<ext>``; each file is made only when its button is clicked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from ..core.frame import to_frame
from ..core.query import FilterState, describe
from ..io.exporters import EXPORT_FORMATS, MEDIA_TYPES, file_name, render
from ..io.sandbox import SandboxLimits, parse_sandboxed
from ..store.source import EXPORT_ROWS, ViewSource
from .data import Loaded

__all__ = ["DOWNLOAD_LABELS", "MAX_UPLOAD_BYTES", "MAX_UPLOAD_MB", "download_buttons", "upload_sidebar"]

MAX_UPLOAD_MB = 5
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOAD_TYPES = ("yaml", "yml", "csv", "json")
DOWNLOAD_LABELS = {
    "csv": "CSV (spreadsheet)",
    "json": "JSON (chronology format)",
    "yaml": "YAML (chronology format)",
    "ics": "iCalendar (.ics)",
    "timelinejs": "TimelineJS JSON",
    "html": "Offline HTML page",
}
_UPLOAD = "_files_upload"  # (digest, name, Loaded) of this session's upload
_GENERATION = "_files_uploader_gen"  # part of the uploader's key: a new key clears the widget
# the explore page's filter widgets: reset when another chronology is opened (view and lanes stay)
# (their defaults: assigned, not deleted, since the browser would send a deleted widget's old
# value back on the next rerun), and the chart's window, the selection and a chain
_FILTER_DEFAULTS: dict[str, Any] = {
    "w_from": "", "w_to": "", "w_q": "", "w_importance": 1, "sel_event": None, "w_win": None, "w_chain": None,
    **{key: [] for key in ("w_category", "w_actor", "w_place", "w_tag", "w_source", "w_status")},
}  # fmt: skip


def _reset_filters() -> None:
    for key, value in _FILTER_DEFAULTS.items():
        st.session_state[key] = list(value) if isinstance(value, list) else value


def _back_to_default() -> None:
    ss = st.session_state
    ss[_GENERATION] = int(ss.get(_GENERATION, 0)) + 1
    ss.pop(_UPLOAD, None)
    _reset_filters()


def upload_sidebar() -> Loaded | None:
    """The sidebar's "Open a file" box. Returns this session's uploaded chronology, or None.

    Call it before the page's other widgets (it may reset the filters when a new file is opened).
    """
    ss = st.session_state
    sb = st.sidebar
    generation = int(ss.get(_GENERATION, 0))
    uploaded = sb.file_uploader(
        f"Open a chronology (YAML, CSV or TimelineJS JSON, up to {MAX_UPLOAD_MB} MB)",
        type=list(UPLOAD_TYPES),
        key=f"upload-{generation}",
        max_upload_size=MAX_UPLOAD_MB,
        help=(
            f"A chronology file (.yaml/.yml, see docs/format.md), a CSV with a header (title, date, category, ...), "
            f"a TimelineJS JSON file, or the TimelineJS sheet saved as CSV. At most {MAX_UPLOAD_MB} MB. "
            "The file stays in your session: other users do not see it."
        ),
    )
    if uploaded is None:
        if _UPLOAD in ss:  # the user removed the file from the uploader
            ss.pop(_UPLOAD, None)
            _reset_filters()
        return None
    if uploaded.size > MAX_UPLOAD_BYTES:
        sb.error(
            f"“{uploaded.name}” is {uploaded.size / 1024 / 1024:.1f} MB, over the limit of {MAX_UPLOAD_MB} MB: "
            "not opened. Split it, or filter it before uploading."
        )
        sb.button("Back to the default chronology", on_click=_back_to_default, key="upload-back", width="stretch")
        return None
    data = uploaded.getvalue()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    kept: tuple[str, str, Loaded] | None = ss.get(_UPLOAD)
    if kept is not None and kept[0] == digest and kept[1] == uploaded.name:
        loaded = kept[2]
    else:
        # parsed in a child process with memory and time limits: a hostile file cannot take the server down
        chron = parse_sandboxed(data, file=uploaded.name, limits=SandboxLimits(max_bytes=MAX_UPLOAD_BYTES))
        loaded = Loaded(chron, to_frame(chron), digest)
        ss[_UPLOAD] = (digest, uploaded.name, loaded)
        _reset_filters()
    sb.caption(f"Showing your file “{uploaded.name}”: {loaded.chron.summary_line()}.")
    sb.button("Back to the default chronology", on_click=_back_to_default, key="upload-back", width="stretch")
    return loaded


def _maker(source: ViewSource, state: FilterState, fmt: str, subtitle: str, limit: int | None) -> Callable[[], bytes]:
    def make() -> bytes:
        rows = source.rows(state, limit=limit)
        return render(source.chronology_of(rows), rows, fmt, subtitle=subtitle).data

    return make


def download_buttons(source: ViewSource, state: FilterState, count: int, *, container: Any = None) -> None:
    """One download button per export format for the events passing ``state`` (in the sidebar by
    default); each file is made when its button is clicked. From a store, at most
    :data:`dashboard.store.source.EXPORT_ROWS` events (the first in time order), and the label says so."""
    box = container if container is not None else st.sidebar
    chron = source.chron
    limit = EXPORT_ROWS if source.bounded else None
    n = min(count, limit) if limit is not None else count
    labels = {k: c.label for k, c in chron.categories.items()}
    subtitle = describe(state, count, source.total, category_labels=labels)
    title = f"Download the {n:,} shown event{'s' if n != 1 else ''}"
    if n < count:
        title = f"Download the first {n:,} of the {count:,} shown events"
    with box.expander(title, expanded=False):
        for fmt in EXPORT_FORMATS:
            st.download_button(
                DOWNLOAD_LABELS[fmt],
                data=_maker(source, state, fmt, subtitle, limit),
                file_name=file_name(chron, n, fmt),
                mime=MEDIA_TYPES[fmt],
                key=f"download-{fmt}",
                on_click="ignore",
                width="stretch",
            )
        early = source.before_ad1(state) if n else 0
        notes = ["PNG of the chart: the camera button of the chart's toolbar."]
        if early:
            notes.insert(0, f"iCalendar cannot hold dates before AD 1: it leaves out {early:,} of these events.")
        st.caption(" ".join(notes))
