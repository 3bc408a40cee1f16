"""Real-browser fixtures: a `streamlit run` server on a free port and Debian's Chromium.

The server is started the way Streamlit's own e2e tests start it (headless, no file watcher,
no usage stats); readiness is `/_stcore/health`, and a page is ready when
`[data-testid=stApp][data-test-script-state=notRunning]` is present.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.tools.bench import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

ROOT = Path(__file__).resolve().parents[2]


class Server(StreamlitServer):
    """The dashboard (``app.py -- ARGS``), its log in ``test-artifacts/`` (kept for CI)."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.log = ROOT / "test-artifacts" / f"streamlit-{uuid.uuid4().hex[:12]}.log"
        self.log.parent.mkdir(exist_ok=True)
        super().__init__(ROOT / "app.py", args, env or {}, self.log)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (check.sh does it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()


IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def wait_ready(page: Any, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and the page has settled."""
    page.wait_for_selector(IDLE, timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector(IDLE, timeout=timeout)


# The explore page's timeline is a custom component (``dashboard/ui/chart.py``): an iframe whose
# page draws the figure with plotly.js. Its URL names the component.
TIMELINE = "chronology_timeline"
TIMELINE_IFRAME = f"iframe[src*={TIMELINE}]"
_DRAWN = "() => { const g = document.querySelector('.js-plotly-plot'); return !!(g && g.data && g._fullLayout); }"
# what the chart shows (a hash of it): its real width, its figure's meta, traces, notes and shapes
_SIGNATURE = """() => {
  const g = document.querySelector('.js-plotly-plot');
  if (!g || !g.data || !g._fullLayout) return null;
  const text = JSON.stringify([g._fullLayout._size && g._fullLayout._size.w, g.layout.meta,
    g.data.map(t => [t.meta, t.x, t.y, t.text, t.customdata]), g.layout.annotations, g.layout.shapes]);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return text.length + ':' + h;
}"""


def _drawn_frames(page: Any) -> list[Any]:
    """The timeline component's frames whose chart plotly.js has drawn (newest last)."""
    from playwright.sync_api import Error as PlaywrightError

    found = []
    for frame in page.frames:
        if TIMELINE not in frame.url or frame.is_detached():
            continue
        try:
            if frame.evaluate(_DRAWN):
                found.append(frame)
        except PlaywrightError:  # detached or navigating while asked
            continue
    return found


def chart_frame(page: Any, timeout: float = 30_000) -> Any:
    """The timeline component's frame (a Playwright ``Frame``), once plotly.js has drawn its chart
    (``.js-plotly-plot`` with ``_fullLayout`` and ``data``); waits up to ``timeout`` ms."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        found = _drawn_frames(page)
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            urls = [f.url for f in page.frames]
            raise AssertionError(f"no drawn timeline in a {TIMELINE} frame after {timeout / 1000:g} s; frames: {urls}")
        page.wait_for_timeout(100)


def wait_plot(page: Any, timeout: float = 30_000) -> Any:
    """Wait until the app is idle and the timeline is drawn and settled; returns its frame.

    The chart reports its real width after its first drawing, and the page then draws it again
    for that width (once): the chart is settled when the app is idle, one component frame is
    drawn, and what it shows has not changed for a while.
    """
    deadline = time.monotonic() + timeout / 1000
    last: tuple[Any, str | None] | None = None
    same = 0
    while True:
        if page.locator(IDLE).count() != 1:
            wait_ready(page)
            same = 0
        frame = chart_frame(page, timeout=max(1_000.0, (deadline - time.monotonic()) * 1000))
        try:
            signature = frame.evaluate(_SIGNATURE)
        except Exception:  # the frame went away while asked: look again
            signature = None
        now = (frame, signature)
        idle = page.locator(IDLE).count() == 1
        if signature is not None and idle and last == now and len(_drawn_frames(page)) == 1:
            same += 1
            if same >= 3:
                return frame
        else:
            same = 0
        last = now
        if time.monotonic() > deadline:
            raise AssertionError("the timeline did not settle: the app kept running or the chart kept changing")
        page.wait_for_timeout(250)


def to_page(page: Any, x: float, y: float) -> tuple[float, float]:
    """A point of the timeline frame's viewport (e.g. from ``getBoundingClientRect`` inside it)
    in the page's viewport, for ``page.mouse``: the iframe element's position added."""
    iframe = page.locator(TIMELINE_IFRAME)
    box = iframe.bounding_box()
    assert box is not None, "the timeline's iframe is not laid out"
    # the content starts inside the iframe's border (none as Streamlit draws it, but be exact)
    border = iframe.evaluate("e => [e.clientLeft, e.clientTop]")
    return box["x"] + border[0] + x, box["y"] + border[1] + y


def drawn_ids(page: Any) -> list[str]:
    """Ids of every event drawn on the timeline: customdata[0] of the event traces."""
    frame = wait_plot(page)
    return list(
        frame.evaluate(
            """() => {
            const g = document.querySelector('.js-plotly-plot');
            const ids = [];
            for (const t of g.data) {
              if (!t.meta || t.meta.role !== 'events') continue;
              for (const c of (t.customdata || [])) {
                if (Array.isArray(c) && typeof c[0] === 'string') ids.push(c[0]);
              }
            }
            return ids;
        }"""
        )
    )
