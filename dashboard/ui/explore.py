"""The explore and table pages: sidebar filters <-> FilterState <-> URL, timeline, details.

The URL is the state. On the first run of a session the query string is parsed (one parser:
:func:`dashboard.core.query.from_query_params`) into the widgets' session-state keys; afterwards the
widgets are the truth and the query string is rewritten from them on every run (one
serialiser: :func:`dashboard.core.query.to_query_params`). So a shared link reproduces the view and
a reload keeps it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from ..core.compare import Differences
from ..core.dates import describe_duration
from ..core.facets import FACET_BY_NAME, FACETS
from ..core.links import LABELS as LINK_LABELS
from ..core.loader import Chronology, Event
from ..core.query import (
    LANES,
    FilterState,
    day_of_ms,
    describe,
    format_day,
    from_query_params,
    human_day,
    parse_align,
    parse_day,
    to_query_params,
    window_of_ms,
)
from ..core.safetext import is_http_url, link_target, md_escape, safe_markdown
from ..core.sourcelist import first_link, source_items, sources_markdown
from ..core.stories import MAX_ADHOC_STEPS
from ..render.figures import DEFAULT_MAX_MARKS, figure_config
from ..store.source import TABLE_ROWS, FrameSource, ViewSource
from . import compare as compare_ui
from .chart import TimelineEvent, figure_json, timeline_chart
from .data import Loaded, view_source
from .files import download_buttons, upload_sidebar
from .present import present_filtered_button, start_adhoc, url_story_step

__all__ = ["STATE_KEYS", "render"]

# the links' state (issue 16): session key -> FilterState field
_LINK_FIELDS = {"w_links": "links", "w_chain": "chain", "w_depth": "depth", "w_dir": "direction"}
_LINK_KEYS = tuple(_LINK_FIELDS)
# (widget key, FilterState field, facet name, widget label), one per facet of dashboard.core.facets
_FACET_WIDGETS: tuple[tuple[str, str, str, str], ...] = tuple((f"w_{f.name}", f.field, f.name, f.label) for f in FACETS)
STATE_KEYS = ("w_from", "w_to", "w_match", "w_importance", "w_q", "w_lanes", "w_view", "sel_event", "w_win",
              "w_compare", "w_align", *(k for k, *_ in _FACET_WIDGETS), *_LINK_KEYS)  # fmt: skip
_VIEW_LABELS = {"explore": "Timeline", "table": "Table", "present": "Present"}
_LANE_LABELS = {name: FACET_BY_NAME[name].lane_label for name in LANES}
_MAX_MARKS = DEFAULT_MAX_MARKS
_MAX_CHOICES = 1000
# the plot area's width before the chart has said it (an underestimate: labels then never meet)
_PLOT_WIDTH_GUESS = {"main": 700, "side": 460}


# --------------------------------------------------------------------------- URL <-> widgets


def _query_params() -> dict[str, list[str]]:
    qp = st.query_params
    return {key: qp.get_all(key) for key in qp}


def _state_to_widgets(state: FilterState) -> None:
    ss = st.session_state
    ss["w_from"] = state.date_from or ""
    ss["w_to"] = state.date_to or ""
    ss["w_match"] = state.match
    ss["w_importance"] = state.importance
    ss["w_q"] = state.q
    ss["w_lanes"] = state.lanes
    ss["w_view"] = state.view
    ss["sel_event"] = state.event
    ss["w_win"] = state.win
    ss["w_compare"] = state.compare or ""
    ss["w_align"] = ",".join(state.align) if state.align else ""
    for key, field, _facet, _label in _FACET_WIDGETS:
        ss[key] = list(getattr(state, field))
    for key, field in _LINK_FIELDS.items():
        ss[key] = getattr(state, field)


def _init_from_url() -> list[str]:
    """On the first run of a session, the URL decides the view."""
    ss = st.session_state
    if ss.get("_url_loaded"):
        return list(ss.get("_url_warnings", []))
    state, warnings = from_query_params(_query_params())
    _state_to_widgets(state)
    ss["_url_loaded"] = True
    ss["_url_state"] = state
    ss["_url_warnings"] = warnings
    return warnings


def _valid_day(text: str) -> str | None:
    text = text.strip()
    if not text:
        return None
    try:
        return format_day(parse_day(text))
    except ValueError:
        return None


def _widgets_to_state() -> FilterState:
    ss = st.session_state
    base: FilterState = ss.get("_url_state", FilterState())
    date_from = _valid_day(ss.get("w_from", ""))
    date_to = _valid_day(ss.get("w_to", ""))
    if date_from and date_to and parse_day(date_from) > parse_day(date_to):
        date_from, date_to = date_to, date_from
    fields: dict[str, Any] = {
        "date_from": date_from,
        "date_to": date_to,
        "match": ss.get("w_match", "overlap"),
        "importance": int(ss.get("w_importance", 1)),
        "q": ss.get("w_q", "").strip(),
        "lanes": ss.get("w_lanes", "category"),
        "view": ss.get("w_view", "explore") or "explore",
        "event": ss.get("sel_event"),
        "win": ss.get("w_win"),
        "story": None,
        "step": None,
        "compare": ss.get("w_compare") or None,
        "align": None,
    }
    if fields["compare"] is not None:
        fields["align"] = parse_align(ss.get("w_align") or "")
    if fields["view"] == "present":
        story, step = url_story_step("present")
        if story is None and step is None:  # presentation not started yet: the URL decides
            story, step = base.story, base.step
        fields["story"], fields["step"] = story, step
    for key, field, _facet, _label in _FACET_WIDGETS:
        fields[field] = tuple(ss.get(key, []))
    fields.update({field: ss[key] for key, field in _LINK_FIELDS.items() if key in ss})
    return FilterState(**fields)


def _write_url(state: FilterState) -> None:
    params = to_query_params(state)
    if params != _query_params():
        st.query_params.from_dict(params)


def _reset() -> None:
    ss = st.session_state
    _state_to_widgets(
        FilterState(
            lanes=ss.get("w_lanes", "category"),
            view=ss.get("w_view", "explore"),
            links=ss.get("w_links"),
            compare=ss.get("w_compare") or None,
            align=parse_align(ss.get("w_align") or "") if ss.get("w_compare") else None,
        )
    )


def _select(event_id: str | None) -> None:
    st.session_state["sel_event"] = event_id


# --------------------------------------------------------------------------- sidebar


def _range_options(extent: tuple[int, int] | None) -> list[str]:
    """Day strings for the date slider: at most ~400 calendar steps over the data's range."""
    if extent is None:
        return []
    lo = np.datetime64(extent[0] // 1000, "s").astype("datetime64[D]")
    hi = np.datetime64(extent[1] // 1000, "s").astype("datetime64[D]")
    days = int((hi - lo).astype(int))
    if days <= 400:
        steps = np.arange(lo, hi + np.timedelta64(1, "D"), dtype="datetime64[D]")
    else:
        lo_m, hi_m = lo.astype("datetime64[M]"), hi.astype("datetime64[M]")
        months = int((hi_m - lo_m).astype(int))
        if months <= 400:
            steps = np.arange(lo_m, hi_m + np.timedelta64(1, "M"), dtype="datetime64[M]").astype("datetime64[D]")
        else:
            lo_y, hi_y = lo.astype("datetime64[Y]"), hi.astype("datetime64[Y]")
            years = int((hi_y - lo_y).astype(int))
            stride = max(1, -(-years // 400))
            steps = np.arange(
                lo_y, hi_y + np.timedelta64(stride, "Y"), np.timedelta64(stride, "Y"), dtype="datetime64[Y]"
            ).astype("datetime64[D]")
    options = [format_day(np.datetime64(d, "s")) for d in steps]
    return options


def _on_range_change(key: str) -> None:
    ss = st.session_state
    if key != ss.get("_range_key"):
        return  # a slider of an earlier range (another file's): its value says nothing now
    value = ss.get(key)
    if not isinstance(value, (tuple, list)) or len(value) != 2:
        return
    lo, hi = value
    opts: list[str] = ss.get("_range_opts", [])
    ss["w_from"] = "" if opts and lo == opts[0] else lo
    ss["w_to"] = "" if opts and hi == opts[-1] else hi
    ss["w_win"] = None  # the new dates are shown whole


def _snap(options: Sequence[str], day: str | None, default: str) -> str:
    if not day or not options:
        return default
    target = parse_day(day)
    best = options[0]
    for opt in options:
        if parse_day(opt) <= target:
            best = opt
    return best


def _sidebar(source: ViewSource, state_now: FilterState) -> None:
    chron = source.chron
    sb = st.sidebar
    sb.header("Filters")
    sb.text_input("Search title, summary, notes", key="w_q", placeholder="e.g. referendum")
    options = _range_options(source.extent())
    st.session_state["_range_opts"] = options
    c1, c2 = sb.columns(2)
    c1.text_input("From (YYYY-MM-DD)", key="w_from", placeholder=options[0] if options else "")
    c2.text_input("To (YYYY-MM-DD)", key="w_to", placeholder=options[-1] if options else "")
    for key in ("w_from", "w_to"):
        text = st.session_state.get(key, "").strip()
        if text and _valid_day(text) is None:
            sb.warning(f"“{text}” is not a day: write YYYY-MM-DD, e.g. 2022-09-30 (BC: -0043-03-15).")
    if len(options) >= 2:
        value = (_snap(options, state_now.date_from, options[0]), _snap(options, state_now.date_to, options[-1]))
        # keyed on the current range, so typing in the boxes moves the slider
        key = f"w_range:{value[0]}:{value[1]}:{len(options)}"
        st.session_state["_range_key"] = key
        sb.select_slider(
            "Date range",
            options=options,
            value=value,
            key=key,
            format_func=human_day,
            on_change=_on_range_change,
            args=(key,),
            help="Drag to narrow the dates; the boxes above give exact days.",
        )
    sb.radio(
        "Date match",
        options=["overlap", "within"],
        key="w_match",
        format_func=lambda m: "Overlaps the range" if m == "overlap" else "Certainly within the range",
        horizontal=True,
        help="Within: the event's earliest and latest possible dates both lie inside the range.",
    )
    cat_labels = {k: c.label for k, c in chron.categories.items()}
    all_counts = source.facets(state_now)
    for key, _field, facet, label in _FACET_WIDGETS:
        counts = all_counts[facet]
        count_of = dict(counts)
        chosen = list(st.session_state.get(key, []))
        values = [v for v, _ in counts]
        values += [v for v in chosen if v not in count_of]
        if not values:
            continue
        names: Mapping[str, str] = cat_labels if facet == "category" else {}

        def fmt(v: str, _c: dict[str, int] = count_of, _n: Mapping[str, str] = names) -> str:
            return f"{_n.get(v, v)} ({_c.get(v, 0):,})"

        sb.multiselect(label, options=values, key=key, format_func=fmt)
    sb.slider("Minimum importance", min_value=1, max_value=5, key="w_importance")
    sb.selectbox("Lanes", options=list(LANES), key="w_lanes", format_func=lambda v: _LANE_LABELS.get(v, v))
    sb.button("Reset filters", on_click=_reset, width="stretch")


# --------------------------------------------------------------------------- details


def _event_details(ev: Event, source: ViewSource, *, key_prefix: str) -> None:
    cat = source.chron.categories.get(ev.category)
    with st.container(border=True):
        st.markdown(f"#### {md_escape(ev.title)}")
        precision = ev.date.precision
        qual = []
        if ev.date.approximate:
            qual.append("approximate")
        if ev.date.uncertain:
            qual.append("uncertain")
        precision_text = f"{precision} precision" + (f", {', '.join(qual)}" if qual else "")
        if ev.date.interval:
            precision_text = "interval" + (f", {', '.join(qual)}" if qual else "")
        st.markdown(f"**{md_escape(ev.label)}** · {md_escape(precision_text)} · EDTF {md_escape(ev.date.edtf)}")
        st.markdown(
            f"Category: **{md_escape(cat.label if cat else ev.category)}** · Status: **{md_escape(ev.status)}**"
            f" · Importance: {ev.importance}/5"
        )
        if ev.summary:
            st.markdown(safe_markdown(ev.summary))
        if ev.image is not None:
            alt = md_escape(ev.image.alt or ev.image.caption or "image")
            st.markdown(
                (f"Image: [{alt}]({link_target(ev.image.url)})" if is_http_url(ev.image.url) else f"Image: {alt}")
                + (f" · {md_escape(ev.image.caption)}" if ev.image.caption else "")
                + (f" · Credit: {md_escape(ev.image.credit)}" if ev.image.credit else "")
            )
        for name, values in (("Actors", ev.actors), ("Places", ev.places), ("Tags", ev.tags)):
            if values:
                st.markdown(f"{name}: " + ", ".join(md_escape(v) for v in values))
        if ev.notes:
            st.markdown("**Notes**")
            st.markdown(safe_markdown(ev.notes))
        sources = source_items(source.sources_of(ev.sources), ev.sources)
        if sources:
            st.markdown("**Sources**")
            st.markdown(sources_markdown(sources))
        if ev.related:
            st.markdown("**Related events**")
            for rid in ev.related:
                rel = source.event(rid)
                if rel is None:
                    continue
                st.button(
                    f"{rel.label}: {rel.title}", key=f"{key_prefix}-rel-{ev.id}-{rid}", on_click=_select, args=(rid,)
                )
        _links_panel(ev, source, key_prefix=key_prefix)
        st.caption(f"id: {ev.id} · {Path(ev.file).name}:{ev.line}")


def _follow(event_id: str | None) -> None:
    """Callback: show the chain of links of ``event_id`` (None: stop following)."""
    st.session_state["w_chain"] = event_id


def _links_panel(ev: Event, source: ViewSource, *, key_prefix: str) -> None:
    """The event's outgoing and incoming typed links (issue 16): each its type, the other event (a
    button that selects it), the note (safe Markdown) and the sources; then "Follow its links"."""
    incoming = source.incoming_links(ev.id)
    rows = [(link, source.event(link.to), True) for link in ev.links] + [(lk, e, False) for e, lk in incoming]
    if not rows:
        return
    st.markdown("**Links**")
    for k, (link, other, outgoing) in enumerate(rows):
        if other is None:
            continue
        verb = LINK_LABELS.get(link.type, (link.type, link.type))[0 if outgoing else 1]
        st.button(
            f"{verb.capitalize()}: {other.label}: {other.title}",
            key=f"{key_prefix}-link-{ev.id}-{k}",
            on_click=_select,
            args=(other.id,),
        )
        if link.note:
            st.markdown(safe_markdown(link.note))
        cited = source_items(source.sources_of(list(link.sources)), list(link.sources))
        if cited:
            st.markdown(sources_markdown(cited))
    st.button(
        "Follow its links (chain)",
        key=f"{key_prefix}-follow-{ev.id}",
        on_click=_follow,
        args=(ev.id,),
        help="Show this event and the events linked to it, 2 steps back and forward (chain= in the URL).",
    )


def _chain_bar(state: FilterState, count: int) -> None:
    """With ``chain=`` in the URL: present the chain as a story in time order, or stop following it."""
    if not state.chain:
        return
    left, right = st.columns(2)
    left.button(
        f"Present this chain ({count:,} event{'s' if count != 1 else ''})",
        key="present-chain",
        icon=":material/slideshow:",
        on_click=start_adhoc,
        disabled=count == 0,
        help="The chain's events one at a time, in time order (an ad-hoc story; the link can be shared).",
    )
    right.button("Stop following links", key="stop-chain", on_click=_follow, args=(None,))


# --------------------------------------------------------------------------- problems


def _problems_panel(chron: Chronology, n: int) -> None:
    if not chron.problems:
        return
    text = f"{n:,} event{'s' if n != 1 else ''} loaded, {chron.skipped:,} skipped; {len(chron.problems):,} problem" + (
        "s" if len(chron.problems) != 1 else ""
    )
    with st.expander(f"⚠ {text}. Show the problems", expanded=False):
        st.code("\n".join(str(p) for p in chron.problems[:500]), language=None, wrap_lines=True)
        if len(chron.problems) > 500:
            st.caption(f"… and {len(chron.problems) - 500:,} more (run `python -m dashboard validate` for all).")


# --------------------------------------------------------------------------- chart


def _on_chart(key: str, where: str) -> None:
    """What the reader did on the timeline (the component's value, checked by :class:`TimelineEvent`).

    A zoom or a pan sets the window (``win``, days; None when it shows every event), which changes
    what is drawn one by one, never the filters; a click on an event, or Enter on the focused one,
    selects it and Escape closes it; a click on a bar of the density strip or a box selection
    filters to its days (:func:`dashboard.core.query.day_of_ms`: BC and any year work). The plot
    area's real width is kept so that the next drawing lays its labels out for it.
    """
    ss = st.session_state
    did = TimelineEvent(ss.get(key))
    if did.width is not None:
        ss[f"_plot_width_{where}"] = did.width
    if did.kind == "select":
        ss["sel_event"] = did.event
    elif did.kind == "window" and did.range is not None:
        extent = ss.get("_extent")
        lo, hi = did.range
        whole = isinstance(extent, tuple) and lo <= extent[0] and hi >= extent[1]
        ss["w_win"] = None if whole else window_of_ms(lo, hi)
    elif did.kind == "days" and did.range is not None:
        _set_days(day_of_ms(did.range[0]), day_of_ms(did.range[1]))


def _set_days(date_from: str, date_to: str) -> None:
    st.session_state["w_from"] = date_from
    st.session_state["w_to"] = date_to
    st.session_state["w_win"] = None  # the new dates are shown whole


def _timeline(source: ViewSource, state: FilterState, *, where: str = "main") -> None:
    chron = source.chron
    ss = st.session_state
    width = int(ss.get(f"_plot_width_{where}", _PLOT_WIDTH_GUESS[where]))
    theme = "dark" if getattr(st.context.theme, "type", None) == "dark" else "light"
    fig = source.timeline(state, max_marks=_MAX_MARKS, plot_width=width, theme=theme)
    ss["_extent"] = source.extent()
    name = (chron.title or "chronology").lower()
    filename = "".join(c if c.isalnum() else "-" for c in name).strip("-")[:60] or "chronology"
    description = str(fig.layout.meta["description"])
    # the chart's text alternative (the table view below is its accessible twin)
    st.caption(f"Timeline: {description}")
    x_range = fig.layout.xaxis.range
    key = f"timeline-{where}"
    timeline_chart(
        figure_json(fig),
        key=key,
        config=figure_config(f"{filename}-timeline"),
        window=(int(x_range[0]), int(x_range[1])) if x_range is not None else None,
        selected=state.event,
        plot_width=width,
        description=description,
        on_change=functools.partial(_on_chart, key, where),
    )


# --------------------------------------------------------------------------- table


def _table(source: ViewSource, state: FilterState, count: int) -> None:
    chron = source.chron
    offset = 0
    if source.bounded and count > TABLE_ROWS:
        pages = -(-count // TABLE_ROWS)
        page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key="table_page")
        offset = (int(page) - 1) * TABLE_ROWS
        st.caption(f"Events {offset + 1:,} to {min(offset + TABLE_ROWS, count):,} of {count:,}, in time order.")
    filtered = source.rows(state, offset=offset)
    cat_labels = {k: c.label for k, c in chron.categories.items()}
    known = source.sources_of(sorted({s for ids in filtered["sources"] for s in ids}))
    first_url = [first_link(known, ids) for ids in filtered["sources"]]
    table = pd.DataFrame(
        {
            "Date": filtered["label"].to_numpy(),
            "Title": filtered["title"].to_numpy(),
            "Category": [cat_labels.get(str(c), str(c)) for c in filtered["category"]],
            "Actors": [", ".join(v) for v in filtered["actors"]],
            "Places": [", ".join(v) for v in filtered["places"]],
            "Sources": [", ".join(v) for v in filtered["publishers"]],
            "Link": first_url,
            "Status": filtered["status"].astype(str).to_numpy(),
            "Importance": filtered["importance"].to_numpy(),
            "Start": filtered["date"].to_numpy(),
            "id": filtered["id"].to_numpy(),
        }
    )
    event = st.dataframe(
        table,
        key="table",
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        width="stretch",
        column_config={
            "Link": st.column_config.LinkColumn("Link", display_text="source"),
            "Start": st.column_config.TextColumn("EDTF", help="The date as written (EDTF); sort by it for time order"),
        },
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        row = rows[0]
        if 0 <= row < len(table):
            chosen = str(table["id"].iloc[row])
            if chosen != st.session_state.get("sel_event"):
                st.session_state["sel_event"] = chosen
                st.rerun()


# --------------------------------------------------------------------------- interval tool


def _interval_tool(source: ViewSource, state: FilterState, count: int) -> None:
    # A toggle, not an expander: an expander's content is drawn even while closed, and the two
    # lists of up to 1,000 events would slow every page load for a tool used now and then.
    if not st.toggle("Time between two events", key="iv_on", help="Pick two of the shown events."):
        return
    with st.container(border=True):
        if count < 2:
            st.caption("Filter to at least two events to compare them.")
            return
        pool = source.top(state, _MAX_CHOICES)
        if count > _MAX_CHOICES:
            st.caption(
                f"Choosing among the {_MAX_CHOICES:,} most important of {count:,} events; "
                "narrow the filters to reach the others."
            )
        ids = list(pool["id"])
        labels = dict(zip(pool["id"], pool["label"] + ": " + pool["title"], strict=True))
        sel = st.session_state.get("sel_event")
        a_index = ids.index(sel) if sel in ids else 0
        c1, c2 = st.columns(2)
        a = c1.selectbox("First event", ids, index=a_index, format_func=lambda i: labels.get(i, i), key="iv_a")
        b = c2.selectbox(
            "Second event",
            ids,
            index=min(len(ids) - 1, a_index + 1),
            format_func=lambda i: labels.get(i, i),
            key="iv_b",
        )
        ea, eb = source.event(a), source.event(b)
        if ea and eb:
            st.markdown(f"**{md_escape(describe_duration(ea.date, eb.date))}** between them.")


# --------------------------------------------------------------------------- page


def render(
    loaded: Loaded,
    *,
    source_name: str,
    present: PresentPage | None = None,
    compare_with: Sequence[str] = (),
    max_bytes: int | None = None,
) -> None:
    """The page. ``compare_with``: the other paths given on the command line, offered under
    *Compare with* (:mod:`dashboard.ui.compare`)."""
    uploaded = upload_sidebar()
    if uploaded is not None:
        loaded, source_name = uploaded, uploaded.chron.files[0] if uploaded.chron.files else "upload"
    source = view_source(loaded)
    chron = source.chron
    warnings = _init_from_url()
    # Widget values are already in session_state (from the URL on a session's first run, else
    # from the widgets), so the state is known before any widget is drawn.
    state = _widgets_to_state()
    selected = source.event(state.event) if state.event is not None else None
    if state.event is not None and selected is None:
        warnings = [*warnings, f"No event has the id “{state.event}”."]
        st.session_state["sel_event"] = None
        state = state.replace(event=None)
    _write_url(state)
    limit = {"max_bytes": max_bytes} if max_bytes is not None else {}
    comparing = compare_ui.setup(loaded, source_name=source_name, paths=compare_with, state=state, **limit)
    warnings = [*warnings, *comparing.warnings]
    st.title(chron.title or Path(source_name).name)
    # The chart is sent to the browser first (it is what takes longest to draw: plotly.js loads
    # while the rest arrives); containers keep the page's order: header, then the view.
    header = st.container()
    body = st.container()
    view = st.session_state.get("w_view") or "explore"
    compared = view == "explore" and comparing.chosen is not None
    if view == "explore" and selected is None and not compared:
        with body:
            _timeline(source, state)
    count = source.count(state)
    with header:
        for w in [*warnings, *source.warnings(state)]:
            st.warning(w)
        _problems_panel(chron, source.total)
        cat_labels = {k: c.label for k, c in chron.categories.items()}
        chain_event = source.event(state.chain) if state.chain else None
        sentence = describe(
            state,
            count,
            source.total,
            category_labels=cat_labels,
            chain_title=chain_event.title if chain_event is not None else None,
        )
        st.markdown(f"**{md_escape(sentence)}**")
        if view != "present":
            _chain_bar(state, count)
            present_filtered_button(count)
        st.segmented_control(
            "View",
            options=["explore", "table", "present"],
            key="w_view",
            format_func=lambda v: _VIEW_LABELS[v],
            label_visibility="collapsed",
        )
    compare_ui.sidebar(comparing, state)
    _sidebar(source, state)
    download_buttons(source, state, count)
    with body:
        if compared:
            compare_ui.render_section(comparing, state)
        else:
            differences = compare_ui.differences(comparing, state) if view == "present" else None
            _view(view, selected, source, state, count, present, differences)


PresentPage = Callable[..., None]
"""``present(loaded, state, filtered, *, total=None, matched=None)``: the present page."""


def _view(
    view: str,
    selected: Event | None,
    source: ViewSource,
    state: FilterState,
    count: int,
    present: PresentPage | None,
    differences: Differences | None = None,
) -> None:
    """The body below the header: the present, table or explore view (its chart already drawn);
    ``differences`` (while comparing) are offered on the present page."""
    if view == "present" and present is not None:
        if isinstance(source, FrameSource):
            more = {"differences": differences} if differences is not None else {}
            present(Loaded(source.chron, source.frame, ""), state, source.rows(state), **more)
        else:  # a store: the most important of the filtered events, with their details
            rows = source.top(state, MAX_ADHOC_STEPS)
            present(Loaded(source.chronology_of(rows), rows, ""), state, rows, total=source.total, matched=count)
        return
    if view == "table":
        _table(source, state, count)
        if selected is not None:
            _event_details(selected, source, key_prefix="table")
        return
    if selected is None:  # the chart is already there
        st.caption(
            "Click an event on the timeline to see its details and sources; drag to pan, use the buttons to zoom."
        )
        _interval_tool(source, state, count)
        return
    left, right = st.columns([2.2, 1])
    with left:
        _timeline(source, state, where="side")
        _interval_tool(source, state, count)
    with right:
        _event_details(selected, source, key_prefix="side")
        st.button("Close details", on_click=_select, args=(None,), key="close-details")
