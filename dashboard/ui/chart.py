"""The timeline component: a Streamlit custom component (components v1) around plotly.js.

``st.plotly_chart`` reports selections but never a zoom or a pan, so a chart that asks the server
for the events of the visible window needs its own component. Its page (``timeline_frontend/``)
draws the figure the server sends and answers with what the reader did (see ``timeline.js``):
the visible window after a zoom or pan (debounced), a click or Enter on an event, Escape, a click
on the density strip, a box selection, and the plot area's real width.

plotly.js comes from the installed ``plotly`` package (``package_data/plotly.min.js``): the
component's folder is built once per version of its files and of plotly, in the temporary
directory, with a copy of it beside the page. No CDN; it works offline.
"""

from __future__ import annotations

import functools
import hashlib
import math
import shutil
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

import plotly  # type: ignore[import-untyped, unused-ignore]
import streamlit.components.v1 as components

__all__ = ["TimelineEvent", "component_folder", "figure_json", "timeline_chart"]

_FRONTEND: Final = Path(__file__).with_name("timeline_frontend")
_FILES: Final = ("index.html", "timeline.js")
_MAX_MS: Final = 8.64e15  # what a JavaScript Date can hold


def _plotly_js() -> Path:
    path = Path(plotly.__file__).with_name("package_data") / "plotly.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"plotly.js is missing from the plotly package ({path}): reinstall plotly")
    return path


def component_folder(base: Path | None = None) -> Path:
    """The component's folder (its page, its script and plotly.js), built when missing.

    Its name covers the files and plotly's version, so a new version never serves old files; it is
    written beside its final place and renamed, so a reader never sees half a folder.
    """
    js = _plotly_js()
    h = hashlib.blake2b(digest_size=10)
    for name in _FILES:
        h.update((_FRONTEND / name).read_bytes())
    h.update(f"{plotly.__version__} {js.stat().st_size}".encode())
    root = base if base is not None else Path(tempfile.gettempdir())
    folder = root / f"chronology-timeline-{h.hexdigest()}"
    if (folder / "plotly.min.js").is_file():
        return folder
    work = Path(tempfile.mkdtemp(prefix=".chronology-timeline-", dir=root))
    try:
        for name in _FILES:
            shutil.copyfile(_FRONTEND / name, work / name)
        shutil.copyfile(js, work / "plotly.min.js")
        try:
            work.rename(folder)
        except OSError:  # another process built it first
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return folder


@functools.cache
def _component() -> Any:
    return components.declare_component("chronology_timeline", path=str(component_folder()))


class TimelineEvent:
    """What the reader did on the chart, read from the component's value (never trusted: every
    field is checked, anything else is None)."""

    def __init__(self, value: object) -> None:
        self.kind: str | None = None
        self.event: str | None = None
        self.range: tuple[int, int] | None = None
        self.width: int | None = None
        if not isinstance(value, Mapping):
            return
        kind = value.get("kind")
        if kind in ("window", "select", "days", "width"):
            self.kind = str(kind)
        width = value.get("width")
        if isinstance(width, int | float) and not isinstance(width, bool) and 80 <= width <= 10_000:
            self.width = int(width)
        event = value.get("event")
        if isinstance(event, str) and event:
            self.event = event
        span = value.get("window") if kind == "window" else value.get("range")
        if isinstance(span, list) and len(span) == 2 and all(_finite_ms(v) for v in span):
            lo, hi = int(span[0]), int(span[1])
            if lo < hi:
                self.range = (lo, hi)


def _finite_ms(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) and abs(v) <= _MAX_MS


def timeline_chart(
    figure_json: str,
    *,
    key: str,
    config: Mapping[str, Any],
    window: tuple[int, int] | None,
    selected: str | None,
    plot_width: int,
    description: str,
    on_change: Callable[[], None],
) -> None:
    """Show the timeline figure (its JSON, as ``plotly.io.to_json`` writes it) in the component.

    ``window`` is the x range drawn (epoch ms), ``plot_width`` the width its labels were laid out
    for; ``on_change`` runs (before the rerun) when the reader does something, the value being in
    ``st.session_state[key]`` (read it with :class:`TimelineEvent`).
    """
    _component()(
        figure=figure_json,
        config=dict(config),
        window=list(window) if window is not None else None,
        selected=selected,
        plot_width=plot_width,
        description=description,
        key=key,
        default=None,
        on_change=on_change,
    )


def figure_json(fig: Any) -> str:
    """The figure as JSON for the component (plotly's encoder: typed arrays stay compact)."""
    return str(fig.to_json())
