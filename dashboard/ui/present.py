"""The presentation page (``view=present``): one story step per screen, for a projector.

A story comes from the chronology file (``story=ID``) or, with no ``story`` in the URL, is
made of the currently filtered events in chronological order (the filters are in the same
URL, so the link can be shared). ``step=N`` is the 1-based step number. While another chronology
is compared (``compare=KEY``), *Present the differences* (``story=_differences``) steps through
the changed and one-sided events of the filtered ones, each step saying what differs (plain text,
:func:`dashboard.core.compare.differences_story`).

State: the story and step live in ``st.session_state`` (:data:`STORY_KEY`, :data:`STEP_KEY`),
initialised once per session from the URL state, and are written back to ``st.query_params``
(``view=present``, ``story``, ``step``, plus the filters) on every step change, so the URL
follows and a reload keeps the step.

Only the stage (the step, its controls and the mini timeline) is a fragment: stepping reruns
only that part. Keyboard: Right/Left arrows are the Next/Previous buttons' shortcuts, Home/End
the first/last step. Autoplay reruns the stage every N seconds (``st.fragment(run_every=N)``);
it stops at the last step and when any stage control or its shortcut is used (a listener for
*any* key would need a custom component; the arrow keys, Home and End do stop it).

Chronology text is shown only through :func:`~dashboard.core.safetext.md_escape` and
:func:`~dashboard.core.safetext.safe_markdown`; the only raw HTML written is the constant CSS below.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from ..core.compare import DIFFERENCES_STORY, Differences
from ..core.frame import to_frame
from ..core.loader import Chronology, Event
from ..core.query import FilterState, apply_filters, to_query_params
from ..core.safetext import is_http_url, md_escape, safe_markdown, strip_bidi
from ..core.sourcelist import source_items, sources_markdown
from ..core.stories import StoryView, adhoc_story, clamp_step, story_frame, story_from_file
from ..render.figures import story_strip_figure
from ..render.handout import handout_filename, handout_html
from .data import Loaded

__all__ = [
    "AUTOPLAY_KEY",
    "INTERVALS",
    "STEP_KEY",
    "STORY_KEY",
    "THEME_KEY",
    "present_filtered_button",
    "render_present",
    "start_adhoc",
    "start_differences",
    "url_story_step",
]

STORY_KEY: Final = "p_story"
"""Session key: id of the presented file story, or ``None`` for the filtered events."""
STEP_KEY: Final = "p_step"
"""Session key: the 1-based step number."""
AUTOPLAY_KEY: Final = "p_autoplay"
THEME_KEY: Final = "p_dark"
INTERVALS: Final = (3, 5, 8, 10, 15, 20, 30, 60)
"""Autoplay intervals offered, in seconds."""

_INIT_KEY: Final = "p_init"
_STORIES_KEY: Final = "p_stories_open"
_INTERVAL_KEY: Final = "p_interval"
_PROJECTOR_KEY: Final = "p_projector"
_FULL_RUN_KEY: Final = "p_full_run"
_STOP_KEY: Final = "p_autoplay_stop"
_NOTICE_KEY: Final = "p_notice"
_SHOWN_AT_KEY: Final = "p_shown_at"
_STRIP_HEIGHT: Final = 135

# --------------------------------------------------------------------------- constant CSS
# Written by us, never built from chronology text. Class names: st.container(key=K) gets
# the class st-key-K.

_LIGHT: Final = {"bg": "#ffffff", "fg": "#000000", "muted": "#333333", "accent": "#0b3d91", "rule": "#000000",
                 "button_bg": "#ffffff", "button_fg": "#000000", "link": "#0b3d91"}  # fmt: skip
_DARK: Final = {"bg": "#0b0b0b", "fg": "#ffffff", "muted": "#dddddd", "accent": "#9cc4ff", "rule": "#ffffff",
                "button_bg": "#1d1d1d", "button_fg": "#ffffff", "link": "#9cc4ff"}  # fmt: skip

_STAGE_CSS: Final = """
<style>
.st-key-present-stage {{
  background: {bg}; color: {fg}; border: 3px solid {rule}; border-radius: 14px;
  padding: 1.1rem 1.8rem 1.2rem;
}}
.st-key-present-stage p, .st-key-present-stage li, .st-key-present-stage h1,
.st-key-present-stage span, .st-key-present-stage figcaption,
.st-key-present-stage [data-testid="stCaptionContainer"] {{ color: {fg}; }}
.st-key-present-stage a {{ color: {link}; text-decoration: underline; }}
.st-key-present-stage button {{ background: {button_bg}; color: {button_fg}; border: 2px solid {rule};
  min-height: clamp(2.6rem, 3.4vw, 3.6rem); }}
.st-key-present-stage button:disabled {{ opacity: .35; }}
.st-key-present-stage button p {{ font-size: clamp(1.05rem, 1.15vw, 1.45rem); font-weight: 600; }}
.st-key-present-counter p {{ font-size: clamp(1.1rem, 1.5vw, 1.9rem); font-weight: 700; text-align: center;
  margin: 0; }}
.st-key-present-date p {{ color: {accent}; font-size: clamp(1.35rem, 2.1vw, 2.6rem); font-weight: 700;
  margin: .4rem 0 0; letter-spacing: .01em; }}
.st-key-present-title h1 {{ font-size: clamp(2.1rem, 3.5vw, 4.4rem); line-height: 1.12; font-weight: 800;
  padding: .15rem 0 .5rem; }}
.st-key-present-title h1 a {{ display: none; }}
.st-key-present-note {{ border-left: 6px solid {accent}; padding-left: 1rem; }}
.st-key-present-note p, .st-key-present-note li {{ font-size: clamp(1.3rem, 1.75vw, 2.2rem); line-height: 1.4; }}
.st-key-present-summary p, .st-key-present-summary li {{ font-size: clamp(1.1rem, 1.35vw, 1.7rem);
  line-height: 1.45; color: {muted}; }}
.st-key-present-sources p, .st-key-present-sources li {{ font-size: clamp(1rem, 1.15vw, 1.4rem); }}
.st-key-present-stage [data-testid="stCaptionContainer"] p {{ font-size: clamp(1rem, 1.1vw, 1.35rem); }}
</style>
"""

_PROJECTOR_CSS: Final = """
<style>
section[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"], .block-container { padding-top: .8rem !important;
  padding-bottom: 1rem !important; max-width: 100% !important; }
[data-testid="stHeading"] h1 { font-size: 1.35rem !important; padding: .2rem 0 !important; }
</style>
"""


def _css(*, dark: bool, projector: bool) -> str:
    css = _STAGE_CSS.format(**(_DARK if dark else _LIGHT))
    return css + (_PROJECTOR_CSS if projector else "")


# --------------------------------------------------------------------------- state helpers


def start_adhoc() -> None:
    """Callback: present the currently filtered events from step 1 (the explore page's button)."""
    ss = st.session_state
    ss[STORY_KEY] = None
    ss[STEP_KEY] = 1
    ss[_INIT_KEY] = True
    ss["w_view"] = "present"


def start_differences() -> None:
    """Callback: present the differences from the compared chronology from step 1 (the compare view's button)."""
    start_adhoc()
    st.session_state[STORY_KEY] = DIFFERENCES_STORY


def present_filtered_button(count: int, *, key: str = "present-filtered") -> None:
    """The explore page's "Present these N events" button (a no-op label when nothing matches)."""
    noun = "event" if count == 1 else "events"
    st.button(
        f"Present these {count:,} {noun}" if count else "Present (no events match)",
        key=key,
        icon=":material/slideshow:",
        on_click=start_adhoc,
        disabled=count == 0,
        help="Show the filtered events one at a time, in date order, for a projector. The link can be shared.",
    )


def url_story_step(view: str) -> tuple[str | None, int | None]:
    """The ``story`` and ``step`` to put in the URL for ``view`` (none outside the present view).

    For the explore page's serialiser: ``state.replace(story=..., step=...)``.
    """
    ss = st.session_state
    if view != "present" or not ss.get(_INIT_KEY):
        return None, None
    step = ss.get(STEP_KEY)
    return ss.get(STORY_KEY), int(step) if isinstance(step, int) else None


def _init(state: FilterState) -> None:
    ss = st.session_state
    if not ss.get(_INIT_KEY):
        ss[STORY_KEY] = state.story
        ss[STEP_KEY] = state.step or 1
        ss[_INIT_KEY] = True


def _resolve(
    loaded: Loaded,
    state: FilterState,
    filtered: pd.DataFrame,
    total: int,
    matched: int,
    differences: Differences | None = None,
) -> tuple[StoryView, list[str], Loaded]:
    """The story to present, the warnings, and what its steps show (the differences' own events)."""
    ss = st.session_state
    chron = loaded.chron
    warnings: list[str] = []
    story_id: str | None = ss.get(STORY_KEY)
    story: StoryView | None = None
    if story_id == DIFFERENCES_STORY:
        if differences is not None:
            return differences.story, warnings, Loaded(differences.chron, to_frame(differences.chron), "")
        warnings.append(
            "There are no differences to present: no chronology is compared. Choose one under “Compare with” "
            "(the Timeline view's sidebar), or add compare=NAME to the address; showing the filtered events."
        )
        ss[STORY_KEY] = story_id = None
    if story_id is not None:
        story = story_from_file(chron, story_id)
        if story is None:
            known = ", ".join(s.id for s in chron.stories) or "(this chronology has none)"
            warnings.append(f"No story has the id “{story_id}”; showing the filtered events. Stories: {known}.")
            ss[STORY_KEY] = None
    if story is None:
        labels = {k: c.label for k, c in chron.categories.items()}
        story = adhoc_story(filtered, state, total=total, category_labels=labels, matched=matched)
    return story, warnings, loaded


def _write_url(base: FilterState, story: StoryView, step: int) -> None:
    params = to_query_params(base.replace(view="present", story=story.id, step=step))
    current = {key: st.query_params.get_all(key) for key in st.query_params}
    if params != current:
        st.query_params.from_dict(params)


def _set_step(number: int) -> None:
    ss = st.session_state
    ss[STEP_KEY] = number
    ss[_SHOWN_AT_KEY] = time.monotonic()


def _control(number: int) -> None:
    """Callback of every stage control: go to step ``number`` and stop autoplay."""
    ss = st.session_state
    _set_step(max(1, number))
    if ss.get(AUTOPLAY_KEY):
        ss[AUTOPLAY_KEY] = False
        ss[_STOP_KEY] = True


def _move(delta: int, total: int) -> None:
    """Callback: move relative to the step shown now (two quick key presses move two steps)."""
    current = clamp_step(st.session_state.get(STEP_KEY), total)
    _control(clamp_step(current + delta, total))


def _choose(story_id: str | None) -> None:
    """Callback of the story menu: present ``story_id`` (None: the filtered events) from step 1."""
    ss = st.session_state
    ss[STORY_KEY] = story_id
    _set_step(1)
    ss[AUTOPLAY_KEY] = False
    ss[_STORIES_KEY] = False  # close the menu


def _toggle_autoplay(total: int) -> None:
    """Callback of the Autoplay/Pause button (a button, not a switch: a focused switch is an
    input, and Streamlit ignores arrow-key shortcuts while an input has the focus)."""
    ss = st.session_state
    ss[AUTOPLAY_KEY] = not ss.get(AUTOPLAY_KEY, False)
    ss[_SHOWN_AT_KEY] = time.monotonic()
    if ss[AUTOPLAY_KEY] and clamp_step(ss.get(STEP_KEY), total) >= total:
        ss[STEP_KEY] = 1  # autoplay from the last step starts again from the first


def _keep(key: str) -> None:
    """Callback: remember a setting's value when its widget is not on the page (other views)."""
    st.session_state[f"_keep_{key}"] = st.session_state.get(key)


def _restore(key: str, default: Any) -> None:
    ss = st.session_state
    ss[key] = ss.get(f"_keep_{key}", default)


def _on_strip_select() -> None:
    sel = st.session_state.get("present-strip")
    selection: Any = sel.get("selection", {}) if isinstance(sel, Mapping) else getattr(sel, "selection", {})
    points = selection.get("points", []) if isinstance(selection, Mapping) else []
    for point in points:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, list) and len(data) >= 4 and isinstance(data[3], (int, float)):
            _control(int(data[3]))
            return


# --------------------------------------------------------------------------- page


def render_present(
    loaded: Loaded,
    state: FilterState,
    filtered: pd.DataFrame | None = None,
    *,
    total: int | None = None,
    matched: int | None = None,
    differences: Differences | None = None,
) -> None:
    """The presentation page. ``state`` is the current filter state (story/step from the URL on
    the first run); ``filtered`` is ``apply_filters(loaded.frame, state)`` (computed if omitted).
    From a store, ``filtered`` holds only the events to step through: ``total`` is the number of
    events and ``matched`` of those passing the filters (defaults: the frames' lengths).
    ``differences``: the differences from the compared chronology, offered as a story."""
    ss = st.session_state
    if filtered is None:
        filtered = apply_filters(loaded.frame, state)
    _init(state)
    count = len(filtered) if matched is None else matched
    story, warnings, loaded = _resolve(
        loaded,
        state,
        filtered,
        len(loaded.frame) if total is None else total,
        count,
        differences,
    )
    requested = ss.get(STEP_KEY)
    step = clamp_step(requested if isinstance(requested, int) else None, story.total)
    if isinstance(requested, int) and requested != step and story.total:
        warnings.append(f"This story has {story.total} steps; showing step {step}.")
    ss[STEP_KEY] = step
    if ss.pop(_STOP_KEY, False) or (ss.get(AUTOPLAY_KEY) and story.total <= 1):
        ss[AUTOPLAY_KEY] = False
    ss.setdefault(AUTOPLAY_KEY, False)
    _restore(THEME_KEY, False)
    _restore(_PROJECTOR_KEY, True)
    _restore(_INTERVAL_KEY, 8)

    st.html(_css(dark=bool(ss[THEME_KEY]), projector=bool(ss[_PROJECTOR_KEY])))
    for warning in warnings:
        st.warning(warning)
    if differences is not None and story.id != DIFFERENCES_STORY:
        _differences_button(differences, key="present-differences")
    _controls(loaded, story, count, differences)

    ss[_FULL_RUN_KEY] = True
    autoplay = bool(ss.get(AUTOPLAY_KEY)) and story.total > 1
    interval = float(ss.get(_INTERVAL_KEY, 8))
    stage = st.fragment(_stage, run_every=interval if autoplay else None)
    stage(loaded, story, state, "dark" if ss[THEME_KEY] else "light")


def _differences_button(differences: Differences, *, key: str, width: Any = "content") -> None:
    n = differences.story.total
    st.button(
        f"Present the differences ({n:,} step{'s' if n != 1 else ''})",
        key=key,
        icon=":material/difference:",
        on_click=_choose,
        args=(DIFFERENCES_STORY,),
        disabled=n == 0,
        width=width,
        help="Step through the events that changed or that only one chronology tells, in date order, each "
        "step saying what differs. The filters apply to both chronologies.",
    )


def _controls(loaded: Loaded, story: StoryView, count: int, differences: Differences | None = None) -> None:
    ss = st.session_state
    chron = loaded.chron
    story_col, play_col, settings_col, out_col = st.columns([6, 1.3, 1.3, 1.5], vertical_alignment="center")
    # The story picker is a popover of buttons, not a selectbox: a focused selectbox is an
    # input, and Streamlit ignores the arrow-key shortcuts while an input has the focus.
    # Choosing closes the popover (its state is set in the callback), so the keys work at once.
    with story_col.popover(
        md_escape(story.title),
        icon=":material/auto_stories:",
        key=_STORIES_KEY,
        on_change="rerun",
        width="stretch",
        wrap=False,
        help="The story presented; open to read about it or to choose another.",
    ):
        _story_menu(chron, story, count, differences)
    playing = bool(ss.get(AUTOPLAY_KEY))
    play_col.button(
        "Pause" if playing else "Autoplay",
        key="present-autoplay",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        type="primary" if playing else "secondary",
        on_click=_toggle_autoplay,
        args=(story.total,),
        disabled=story.total <= 1,
        width="stretch",
        help="Move to the next step every few seconds (interval in Settings); any step control or arrow key stops it.",
    )
    with settings_col.popover("Settings", icon=":material/tune:", width="stretch"):
        st.selectbox(
            "Autoplay: next step every",
            options=list(INTERVALS),
            key=_INTERVAL_KEY,
            format_func=lambda s: f"{s} seconds",
            on_change=_keep,
            args=(_INTERVAL_KEY,),
        )
        st.toggle(
            "Dark slides",
            key=THEME_KEY,
            on_change=_keep,
            args=(THEME_KEY,),
            help="Light or dark slides (high contrast either way).",
        )
        st.toggle(
            "Projector layout",
            key=_PROJECTOR_KEY,
            on_change=_keep,
            args=(_PROJECTOR_KEY,),
            help="Hide the sidebar and the menu and use the whole width; turn off to change the filters.",
        )
        st.caption("After changing a setting, click the slide (or press Esc) before using the arrow keys.")
    out_col.download_button(
        "Handout",
        data=handout_html(story, chron),
        file_name=handout_filename(story),
        mime="text/html",
        key="present-handout",
        icon=":material/download:",
        on_click="ignore",
        disabled=story.total == 0,
        width="stretch",
        help="Every step with its date, text and sources, as one printable HTML page that works offline.",
    )


def _story_menu(chron: Chronology, story: StoryView, count: int, differences: Differences | None = None) -> None:
    st.markdown(f"**Now presenting: {md_escape(story.title)}** ({story.total:,} step{'s' if story.total != 1 else ''})")
    if story.description:
        st.markdown(safe_markdown(story.description))
    if story.adhoc:
        st.markdown(
            "The events chosen by the filters, in date order. Change the filters on the explore page "
            "(Timeline), then come back: the link to this page keeps them."
        )
    if story.truncated and story.matched is not None:
        st.markdown(
            f"{story.matched:,} events match: showing the {story.total:,} most important. "
            "Narrow the filters to present the others."
        )
    st.divider()
    if chron.stories:
        st.markdown("**Stories of this chronology**")
    for s in chron.stories:
        n = len(s.steps)
        st.button(
            f"{md_escape(s.title)} ({n} step{'s' if n != 1 else ''})",
            key=f"present-story-{s.id}",
            type="primary" if s.id == story.id else "secondary",
            on_click=_choose,
            args=(s.id,),
            width="stretch",
        )
        if s.description:
            st.caption(safe_markdown(s.description))
    st.button(
        f"Current filtered events ({count:,})",
        key="present-story-filtered",
        type="primary" if story.adhoc else "secondary",
        on_click=_choose,
        args=(None,),
        width="stretch",
    )
    st.caption("The events chosen by the filters of the explore page, in date order.")
    if differences is not None:
        _differences_button(differences, key="present-story-differences", width="stretch")
        st.caption("What changed between this chronology and the compared one, step by step.")
    st.caption("Keys: → next, ← previous, Home first, End last. Every step has its own link: copy the address.")


# --------------------------------------------------------------------------- the stage (a fragment)


def _stage(loaded: Loaded, story: StoryView, base: FilterState, theme: str) -> None:
    ss = st.session_state
    chron = loaded.chron
    total = story.total
    full_run = bool(ss.pop(_FULL_RUN_KEY, False))
    step = clamp_step(ss.get(STEP_KEY), total)
    if not full_run:
        interval = float(ss.get(_INTERVAL_KEY, 8))
        elapsed = time.monotonic() - float(ss.get(_SHOWN_AT_KEY, 0.0))
        if ss.get(AUTOPLAY_KEY) and step < total and elapsed >= interval * 0.8:
            step += 1
            _set_step(step)
            if step >= total:
                ss[_STOP_KEY] = True
        if ss.get(_STOP_KEY):
            # autoplay stopped (a control was used, or the end was reached): one full rerun
            # shows the toggle off and drops the fragment's timer
            ss[STEP_KEY] = step
            st.rerun(scope="app")
    ss[STEP_KEY] = step
    if _SHOWN_AT_KEY not in ss:
        ss[_SHOWN_AT_KEY] = time.monotonic()
    _write_url(base, story, step)

    with st.container(key="present-stage"):
        if total == 0:
            st.markdown("### No events to present")
            st.markdown("No event matches the filters. Go back to the timeline and widen them, or pick a story above.")
            return
        _nav(step, total)
        _strip(loaded, story, step, theme)
        event = chron.event(story.step(step).event)
        if event is None:  # not possible for stories built by dashboard.core.stories; kept for safety
            st.markdown(f"Event {md_escape(story.step(step).event)} is not in this chronology.")
            return
        _slide(event, story.step(step).note, chron, plain=story.plain_notes)


def _nav(step: int, total: int) -> None:
    first, prev, counter, nxt, last = st.columns([1, 1.3, 1.6, 1.3, 1], vertical_alignment="center")
    first.button(
        "First",
        key="present-first",
        icon=":material/first_page:",
        on_click=_control,
        args=(1,),
        disabled=step <= 1,
        shortcut="Home",
        width="stretch",
    )
    prev.button(
        "Previous",
        key="present-prev",
        icon=":material/arrow_back:",
        on_click=_move,
        args=(-1, total),
        disabled=step <= 1,
        shortcut="Left",
        width="stretch",
    )
    with counter.container(key="present-counter"):
        st.markdown(f"Step {step} of {total}")
    nxt.button(
        "Next",
        key="present-next",
        icon=":material/arrow_forward:",
        on_click=_move,
        args=(1, total),
        disabled=step >= total,
        shortcut="Right",
        width="stretch",
    )
    last.button(
        "Last",
        key="present-last",
        icon=":material/last_page:",
        on_click=_control,
        args=(total,),
        disabled=step >= total,
        shortcut="End",
        width="stretch",
    )


def _slide(event: Event, note: str, chron: Chronology, *, plain: bool = False) -> None:
    with st.container(key="present-date"):
        st.markdown(md_escape(event.label))
    with st.container(key="present-title"):
        st.markdown(f"# {md_escape(event.title)}")
    sources = source_items(chron.sources, event.sources)
    has_side = event.image is not None or bool(sources)
    main, side = st.columns([3, 2], gap="large") if has_side else (st.container(), None)
    with main:
        if note.strip():
            with st.container(key="present-note"):
                if plain:  # text, not Markdown: each line a paragraph, shown exactly
                    for line in note.splitlines():
                        st.markdown(md_escape(line))
                else:
                    st.markdown(safe_markdown(note))
        if event.summary.strip():
            with st.container(key="present-summary"):
                st.markdown(safe_markdown(event.summary))
    if side is None:
        return
    with side:
        if event.image is not None:
            _image(event)
        if sources:
            with st.container(key="present-sources"):
                st.markdown("**Sources**\n" + sources_markdown(sources))


def _image(event: Event) -> None:
    image = event.image
    if image is None:
        return
    words = [image.caption or image.alt or ""]
    if image.credit:
        words.append(f"Credit: {image.credit}")
    caption = " · ".join(md_escape(w) for w in words if w)
    alt = strip_bidi(image.alt or image.caption or "")
    if not is_http_url(image.url):
        if caption:
            st.caption(caption)
        return
    # An image lives on another site: loading it tells that site who is watching. It is loaded
    # only once the viewer allows images for this session (the teacher's choice).
    if st.session_state.get(_IMAGES_KEY):
        st.image(image.url.strip(), caption=caption or None, alt=alt or None, width="stretch")
        return
    host = urlsplit(image.url.strip()).hostname or "another site"
    st.markdown(f"**Image:** {md_escape(alt) or 'no description'}")
    if caption:
        st.caption(caption)
    st.button(
        f"Show images (loads them from {host} and other sites)",
        key=f"present-images-{event.id}",
        on_click=_allow_images,
        icon=":material/image:",
    )


def _allow_images() -> None:
    st.session_state[_IMAGES_KEY] = True


_IMAGES_KEY: Final = "p_load_images"


def _strip(loaded: Loaded, story: StoryView, step: int, theme: str) -> None:
    rows = story_frame(loaded.frame, story)
    fig = story_strip_figure(rows, current_index=step - 1, categories=loaded.chron.categories, theme=theme)
    _space_by_step(fig, step - 1, len(rows), theme=theme)
    fig.update_layout(
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"size": 14, "color": "#ffffff" if theme == "dark" else "#000000"},
        height=_STRIP_HEIGHT,
        margin={"l": 10, "r": 10, "t": 4, "b": 26},
    )
    st.plotly_chart(
        fig,
        key="present-strip",
        on_select=_on_strip_select,
        selection_mode="points",
        config={"displayModeBar": False, "responsive": True},
        theme=None,
        width="stretch",
    )


def _space_by_step(fig: Any, current: int, n: int, *, theme: str) -> None:
    """Place the steps at equal distances in story order, each labelled with its date.

    story_strip_figure places them by date; in a story the events may be years apart (seven
    steps in one week and one in 2015 overlap) or not in date order at all, and what the
    class needs on the projector is "where are we in the story": the sequence. The hover
    text, colours, the highlighted current step and the neighbours' titles are the figure's.
    """
    if n == 0:
        return
    outline = "#ffffff" if theme == "dark" else "#000000"
    dates: list[str] = []
    titles: list[str] = []
    for trace in fig.data:
        role = (trace.meta or {}).get("role")
        if role == "story-steps":
            dates = [str(c[1]) for c in trace.customdata]
            titles = [str(t) for t in trace.text]
            trace.update(x=list(range(n)), text=None, mode="markers")
        elif role == "story-current":
            where = "top center"
            if n > 2 and current == 0:
                where = "top right"
            elif n > 2 and current == n - 1:
                where = "top left"
            trace.update(x=[current], textposition=where, cliponaxis=False, textfont={"size": 17})
    # the neighbours: larger marks, and their titles under the line at the left and right
    # edges (below the Previous and Next buttons), so they never overlap or get cut off
    for trace in fig.data:
        if (trace.meta or {}).get("role") == "story-steps":
            trace.marker.size = [15 if abs(k - current) == 1 else 10 for k in range(n)]
            # an outline keeps pale and black categories visible on either background
            trace.marker.line = {"color": outline, "width": 1.5}
    for k, side in ((current - 1, 0.0), (current + 1, 1.0)):
        if 0 <= k < n and k < len(titles) and titles[k]:
            text = f"← {titles[k]}" if side == 0.0 else f"{titles[k]} →"
            fig.add_annotation(
                x=side,
                xref="paper",
                y=-0.62,
                text=text,
                showarrow=False,
                xanchor="left" if side == 0.0 else "right",
                yanchor="middle",
                font={"size": 14},
            )
    near = {current - 1, current, current + 1}
    ticks = list(range(n)) if n <= 9 else sorted(k for k in {0, n - 1, *near} if 0 <= k < n)
    fig.update_xaxes(
        type="linear",
        range=[-0.5, n - 0.5],
        tickmode="array",
        tickvals=ticks,
        ticktext=[dates[k] if k < len(dates) else "" for k in ticks],
        showgrid=False,
        zeroline=False,
        showline=True,
        fixedrange=True,
        tickfont={"size": 13},
    )
