"""Real-browser fixtures: a `streamlit run` server on a free port and Debian's Chromium.

The server is started the way Streamlit's own e2e tests start it (headless, no file watcher,
no usage stats); readiness is `/_stcore/health`, and a page is ready when
`[data-testid=stApp][data-test-script-state=notRunning]` is present.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = ROOT / "test-artifacts" / f"streamlit-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        cmd = [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        if args:
            cmd += ["--", *args]
        self._fh = self.log.open("wb")
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=self._fh, stderr=subprocess.STDOUT,
                                     env={**os.environ, **(env or {})})  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("streamlit did not become healthy in 90 s")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._fh.close()


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
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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
