"""Comparing two chronologies on the explore page (issue 17): "Compare with", the two bands, the
difference table.

``streamlit run app.py -- events.yaml chronologies/`` opens the first path as the main chronology;
every other YAML file given (a folder gives each of its YAML files) is offered under *Compare
with* in the sidebar, by its ``id:`` or its file name without the extension (never a path), and a
chronology can be uploaded there too (parsed in the sandbox, kept in this session only).
``?compare=NAME`` shows both chronologies on one time axis, each in its band of lanes, matched
events joined by lines (:mod:`dashboard.render.compare`), and the difference table below it
(:mod:`dashboard.core.compare`), synced with the chart: a click on an event or a row selects the
pair in both. ``&align=ID_A,ID_B`` shifts the second chronology so that the two events share day
0. The filters apply to both chronologies. Everything is in the URL (:mod:`dashboard.core.query`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import streamlit as st

from ..core.compare import (
    Diff,
    Differences,
    DiffRow,
    anchor_offset,
    chronology_key,
    compare,
    diff_rows,
    differences_story,
    only_shown,
    rows_csv,
)
from ..core.frame import to_frame
from ..core.loader import YAML_SUFFIXES, Chronology, Event, load_path
from ..core.query import FilterState, apply_filters
from ..core.safetext import md_escape, safe_markdown
from ..core.sourcelist import source_items, sources_markdown
from ..core.yamlsafe import DEFAULT_MAX_BYTES
from ..io.sandbox import SandboxLimits, parse_sandboxed
from ..render.compare import Band, compare_figure
from ..render.figures import figure_config
from .data import Loaded
from .present import start_differences

__all__ = ["Candidate", "Comparing", "candidate_files", "differences", "render_section", "setup", "sidebar"]

MAX_UPLOAD_MB = 5
_UPLOADS = "_compare_uploads"  # this session's uploaded chronologies: key -> (digest, Chronology)
_SELECTED = "cmp_sel"  # (band, event id) chosen on the chart or in the table
_ROW_IDS = "_compare_row_ids"  # (a id, b id) of each row of the table as drawn
_NONE_LABEL = "(none)"
_ROW_PX = 35  # a row of st.dataframe
_MAX_TABLE_PX = 1500


@dataclass(frozen=True, slots=True)
class Candidate:
    """A chronology offered under *Compare with*."""

    key: str
    chron: Chronology
    where: str  # the file, or "your upload NAME"


@dataclass(slots=True)
class Comparing:
    """What the page needs to compare: the main chronology, the candidates, the chosen one."""

    main: Chronology | None
    main_frame: pd.DataFrame | None
    candidates: dict[str, Candidate]
    chosen: Candidate | None = None
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- loading


def candidate_files(paths: Sequence[str], main_path: str) -> list[str]:
    """The YAML files to offer: each file given, and each YAML file of each folder given (in name
    order), without the main chronology's own files and without repeats."""
    main = Path(main_path).resolve()
    skip = {p.resolve() for p in main.rglob("*") if p.is_file()} if main.is_dir() else {main}
    out: list[str] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        files = (
            sorted(p for p in path.rglob("*") if p.suffix.lower() in YAML_SUFFIXES and p.is_file())
            if path.is_dir()
            else [path]
        )
        for file in files:
            real = file.resolve()
            if real in skip or real in seen:
                continue
            seen.add(real)
            out.append(str(file))
    return out


def _signature(path: str) -> tuple[int, int]:
    try:
        stat = Path(path).stat()
    except OSError:
        return (-1, 0)
    return (stat.st_size, stat.st_mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=32)
def _load_yaml(path: str, signature: tuple[int, int], max_bytes: int) -> Chronology:
    """A chronology read from its YAML with every field (shared between sessions: never mutated)."""
    return load_path(path, max_bytes=max_bytes)


def _main_chronology(loaded: Loaded) -> tuple[Chronology, pd.DataFrame] | None:
    """The main chronology and its frame (the persistent cache keeps ``id`` and ``same_as``);
    None for an event store."""
    if loaded.store is not None:
        return None
    return loaded.chron, loaded.frame


def setup(
    loaded: Loaded, *, source_name: str, paths: Sequence[str], state: FilterState, max_bytes: int = DEFAULT_MAX_BYTES
) -> Comparing:
    """The candidates, and the chronology ``state.compare`` names (a warning when none has that name)."""
    main = _main_chronology(loaded)
    warnings: list[str] = []
    candidates: dict[str, Candidate] = {}
    for path in candidate_files(paths, source_name) if main is not None else []:
        chron = _load_yaml(path, _signature(path), max_bytes)
        key = chronology_key(chron, Path(path).stem)
        if key in candidates:  # two files with one id: the later one goes by its file name
            key = Path(path).stem
        if key in candidates:
            warnings.append(f"“{path}” is not offered to compare with: another chronology is also called “{key}”.")
            continue
        candidates[key] = Candidate(key, chron, path)
    for key, (_digest, name, chron) in st.session_state.get(_UPLOADS, {}).items():
        candidates.setdefault(key, Candidate(key, chron, f"your upload “{name}”"))
    comparing = Comparing(main[0] if main else None, main[1] if main else None, candidates, warnings=warnings)
    if state.compare is None:
        return comparing
    if main is None:
        warnings.append("Comparing needs a chronology file (YAML) as the main chronology; this is an event store.")
        return comparing
    chosen = candidates.get(state.compare)
    if chosen is None:
        known = ", ".join(f"“{k}”" for k in candidates) or "none: give them after the main file"
        warnings.append(
            f"No chronology “{state.compare}” to compare with (offered: {known}). Choose one under "
            "“Compare with” in the sidebar, or upload it there."
        )
        return comparing
    comparing.chosen = chosen
    if chosen.chron.problems:
        n = len(chosen.chron.problems)
        warnings.append(
            f"The compared chronology has {n} problem{'s' if n != 1 else ''} "
            f"(python -m dashboard validate {chosen.where}); its valid events are compared."
        )
    return comparing


def _short_name(chron: Chronology, key: str) -> str:
    """How the notes name a chronology: its title when short, else its key."""
    return chron.title if chron.title and len(chron.title) <= 30 else key


def differences(comparing: Comparing, state: FilterState) -> Differences | None:
    """The differences between the main and the compared chronology, among the filtered events of
    each, as a story to present (None when nothing is compared)."""
    main, main_frame, chosen = comparing.main, comparing.main_frame, comparing.chosen
    if main is None or main_frame is None or chosen is None:
        return None
    other = chosen.chron
    shown_a = apply_filters(main_frame, state)
    shown_b = apply_filters(to_frame(other), state)
    diff = only_shown(compare(main, other), set(shown_a["id"]), set(shown_b["id"]))
    names = ("this chronology", _short_name(other, chosen.key))
    title = f"What changed: {main.title or chronology_key(main, 'this chronology')} and {other.title or chosen.key}"
    return differences_story(diff, main, other, names=names, title=title)


# --------------------------------------------------------------------------- sidebar


def _on_upload(widget: str) -> None:
    ss = st.session_state
    uploaded = ss.get(widget)
    if uploaded is None:
        return
    data = uploaded.getvalue()
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    chron = parse_sandboxed(data, file=uploaded.name, limits=SandboxLimits(max_bytes=MAX_UPLOAD_MB * 1024 * 1024))
    key = chronology_key(chron, Path(uploaded.name).stem)
    uploads = dict(ss.get(_UPLOADS, {}))
    uploads[key] = (digest, uploaded.name, chron)
    ss[_UPLOADS] = uploads
    ss["w_compare"] = key
    ss["w_align"] = ""


def _on_compare_change() -> None:
    st.session_state["w_align"] = ""
    st.session_state.pop(_SELECTED, None)


def sidebar(comparing: Comparing, state: FilterState) -> None:
    """The sidebar's *Compare with* box: the offered chronologies, an upload, the alignment."""
    if comparing.main is None:
        return
    sb = st.sidebar
    sb.header("Compare")
    options = ["", *comparing.candidates]
    current = st.session_state.get("w_compare", "")
    if current and current not in options:
        options.append(current)  # a name from the URL that nothing has: kept (and warned about)

    def label(key: str) -> str:
        if not key:
            return _NONE_LABEL
        found = comparing.candidates.get(key)
        if found is None:
            return f"{key} (not available)"
        return f"{found.chron.title or key} ({key})" if found.chron.title else key

    sb.selectbox(
        "Compare with",
        options=options,
        key="w_compare",
        format_func=label,
        on_change=_on_compare_change,
        help="Show another account or version of these events beside this one, with what changed.",
    )
    sb.file_uploader(
        f"…or upload a chronology to compare with (YAML, up to {MAX_UPLOAD_MB} MB)",
        type=["yaml", "yml"],
        key="compare_upload",
        max_upload_size=MAX_UPLOAD_MB,
        on_change=_on_upload,
        args=("compare_upload",),
        help="It stays in your session; other users do not see it.",
    )
    if comparing.chosen is None or comparing.main is None:
        return
    main, other = comparing.main, comparing.chosen.chron
    pairs = compare(main, other).pairs
    align_options = ["", *(f"{p.a},{p.b}" for p in pairs)]
    now = st.session_state.get("w_align", "")
    if now and now not in align_options:
        align_options.append(now)

    def align_label(value: str) -> str:
        if not value:
            return "(not aligned: calendar dates)"
        a_id, _, b_id = value.partition(",")
        ea, eb = main.event(a_id), other.event(b_id)
        if ea is None or eb is None:
            return f"{value} (not found)"
        return f"{ea.label} / {eb.label}: {ea.title[:60]}"

    sb.selectbox(
        "Align on (day 0)",
        options=align_options,
        key="w_align",
        format_func=align_label,
        help="Shift the compared chronology so that these two matched events share day 0: the axis then "
        "counts days before and after them.",
    )


# --------------------------------------------------------------------------- the section


def _on_chart_select() -> None:
    sel = st.session_state.get("compare_chart")
    selection = sel.get("selection", {}) if isinstance(sel, Mapping) else getattr(sel, "selection", {})
    if not isinstance(selection, Mapping):
        return
    for point in selection.get("points", None) or []:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, list) and len(data) >= 2 and isinstance(data[0], str) and data[1] in ("A", "B"):
            st.session_state[_SELECTED] = (data[1], data[0])
            return


def _on_table_select() -> None:
    ss = st.session_state
    sel = ss.get("compare_table")
    selection = sel.get("selection", {}) if isinstance(sel, Mapping) else getattr(sel, "selection", {})
    rows = selection.get("rows", []) if isinstance(selection, Mapping) else []
    ids: list[tuple[str, str]] = ss.get(_ROW_IDS, [])
    if rows and 0 <= rows[0] < len(ids):
        a_id, b_id = ids[rows[0]]
        ss[_SELECTED] = ("A", a_id) if a_id else ("B", b_id)


def _selected_pair(rows: Sequence[DiffRow], diff: Diff) -> tuple[str | None, str | None]:
    chosen = st.session_state.get(_SELECTED)
    if not chosen:
        return None, None
    band, eid = chosen
    for row in rows:
        if (band == "A" and row.a_id == eid) or (band == "B" and row.b_id == eid):
            return row.a_id or None, row.b_id or None
    for pair in diff.pairs:  # a pair that is the same: not a row, still selectable on the chart
        if (band == "A" and pair.a == eid) or (band == "B" and pair.b == eid):
            return pair.a, pair.b
    return (eid, None) if band == "A" else (None, eid)


def _details(ev: Event | None, chron: Chronology, heading: str) -> None:
    with st.container(border=True):
        st.caption(heading)
        if ev is None:
            st.markdown("*No matching event.*")
            return
        st.markdown(f"**{md_escape(ev.title)}**")
        st.markdown(f"{md_escape(ev.label)} · EDTF {md_escape(ev.date.edtf)} · Status: **{md_escape(ev.status)}**")
        if ev.summary:
            st.markdown(safe_markdown(ev.summary))
        items = source_items(chron.sources, ev.sources)
        if items:
            st.markdown("**Sources**")
            st.markdown(sources_markdown(items))
        st.caption(f"id: {ev.id}")


def render_section(comparing: Comparing, state: FilterState) -> None:
    """The two bands and the difference table (call only when a chronology is chosen)."""
    main, main_frame, chosen = comparing.main, comparing.main_frame, comparing.chosen
    if main is None or main_frame is None or chosen is None:
        return
    other = chosen.chron
    other_frame = to_frame(other)
    shown_a = apply_filters(main_frame, state)
    shown_b = apply_filters(other_frame, state)
    diff = compare(main, other)
    shown = only_shown(diff, set(shown_a["id"]), set(shown_b["id"]))
    for problem in diff.problems:
        st.warning(f"Matching: {problem}")
    anchors: tuple[int, int] | None = None
    if state.align is not None:
        shift, warnings = anchor_offset(main, other, *state.align)
        for text in warnings:
            st.warning(text)
        ea, eb = main.event(state.align[0]), other.event(state.align[1])
        if shift is not None and ea is not None and eb is not None:
            anchors = (ea.date.earliest * 1000, eb.date.earliest * 1000)
    changed = {c.a for c in diff.changed}
    pairs = [(p.a, p.b, p.a in changed) for p in shown.pairs]
    rows = diff_rows(shown, main, other)
    selected = _selected_pair(rows, diff)
    name_a = main.title or chronology_key(main, "main")
    name_b = other.title or chosen.key
    band_a = Band(shown_a, name_a, main.categories, len(main.events), anchors[0] if anchors else None)
    band_b = Band(shown_b, name_b, other.categories, len(other.events), anchors[1] if anchors else None)
    fig = compare_figure(band_a, band_b, pairs=pairs, selected=selected)
    st.caption(f"Compared: {fig.layout.meta['description']}")
    st.plotly_chart(
        fig,
        key="compare_chart",
        on_select=_on_chart_select,
        selection_mode=("points",),
        config=figure_config(f"compare-{chronology_key(main, 'main')}-{chosen.key}"),
        theme=None,
        width="stretch",
    )
    _table(rows, shown, selected, names=(chronology_key(main, "main"), chosen.key))
    st.button(
        f"Present the {len(rows)} differences",
        key="compare-present",
        icon=":material/slideshow:",
        on_click=start_differences,
        disabled=not rows,
        help="Step through the differences one at a time, in date order, for a projector. The link can be shared.",
    )
    if selected != (None, None):
        left, right = st.columns(2)
        with left:
            _details(main.event(selected[0]) if selected[0] else None, main, f"In {name_a}")
        with right:
            _details(other.event(selected[1]) if selected[1] else None, other, f"In {name_b}")


def _table(
    rows: Sequence[DiffRow], shown: Diff, selected: tuple[str | None, str | None], *, names: tuple[str, str]
) -> None:
    n_same = len(shown.same)
    st.markdown(
        f"**What changed** (shown events): {len(shown.only_in_a)} only in A, {len(shown.only_in_b)} only in B, "
        f"{len(shown.changed)} changed, {n_same} the same. A is the main chronology, B the compared one."
    )
    st.session_state[_ROW_IDS] = [(r.a_id, r.b_id) for r in rows]
    table = pd.DataFrame(
        {
            "": ["▶" if (r.a_id or None, r.b_id or None) == selected and r.a_id + r.b_id else "" for r in rows],
            "Difference": [r.kind for r in rows],
            "Changes": [r.changes for r in rows],
            "A id": [r.a_id for r in rows],
            "B id": [r.b_id for r in rows],
            "A date": [r.a_date for r in rows],
            "A title": [r.a_title for r in rows],
            "B date": [r.b_date for r in rows],
            "B title": [r.b_title for r in rows],
            "Details": [r.details for r in rows],
        }
    )
    st.dataframe(
        table,
        key="compare_table",
        hide_index=True,
        on_select=_on_table_select,
        selection_mode="single-row",
        width="stretch",
        column_config={
            "A title": st.column_config.TextColumn("A title", width="medium"),
            "B title": st.column_config.TextColumn("B title", width="medium"),
            "Details": st.column_config.TextColumn("Details", width="large"),
        },
        height=min(_ROW_PX * (len(rows) + 1) + 3, _MAX_TABLE_PX),  # every row visible up to about 40
    )
    st.download_button(
        f"Download the {len(rows)} differences (CSV)",
        data=rows_csv(rows, names=names).encode("utf-8"),
        file_name=re.sub(r"[^A-Za-z0-9._-]+", "-", f"differences-{names[0]}-{names[1]}")[:120] + ".csv",
        mime="text/csv",
        key="compare_csv",
    )
