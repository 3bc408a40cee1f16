"""Real-browser fixtures: a `streamlit run` server on a free port and Debian's Chromium.

The server is started the way Streamlit's own e2e tests start it (headless, no file watcher,
no usage stats); readiness is `/_stcore/health`, and a page is ready when
`[data-testid=stApp][data-test-script-state=notRunning]` is present.
"""

from __future__ import annotations

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


def wait_ready(page: Any, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and the page has settled."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=timeout)


def wait_plot(page: Any) -> None:
    """Wait until plotly has drawn the timeline."""
    page.wait_for_function(
        "() => { const g = document.querySelector('.js-plotly-plot'); return g && g.data && g._fullLayout; }",
        timeout=30_000,
    )


def drawn_ids(page: Any) -> list[str]:
    """Ids of every event drawn on the timeline: customdata[0] of the event traces."""
    wait_plot(page)
    return list(
        page.evaluate(
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
