"""Hostile text in a real browser (BAD_INPUTS 31-34): nothing runs, nothing loads, text stays text.

A chronology with script, event-handler, Markdown-image, javascript: link, LaTeX, Plotly
template and right-to-left-override text in every text field is opened on every page. The
page gets a trap: any write to ``window.__pwned`` or any alert/confirm/prompt dialog is
recorded; every request the page makes is recorded, and none may go to another host.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT, Server, wait_plot, wait_ready

pytestmark = pytest.mark.browser

HOSTILE = ROOT / "tests" / "fixtures" / "hostile.yaml"

TRAP = """
(() => {
  window.__hits = [];
  Object.defineProperty(window, '__pwned', {
    configurable: false,
    set(v) { window.__hits.push(String(v)); },
    get() { return undefined; },
  });
  for (const name of ['alert', 'confirm', 'prompt']) {
    window[name] = (m) => { window.__hits.push(name + ':' + m); };
  }
})();
"""


@pytest.fixture(scope="module")
def hostile_server() -> Iterator[Server]:
    srv = Server(str(HOSTILE))
    yield srv
    srv.stop()


class Watch:
    def __init__(self, page: Any, server: Server) -> None:
        self.page = page
        self.host = urlsplit(server.url).hostname
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        page.add_init_script(TRAP)
        page.on("request", self._request)
        page.on("dialog", self._dialog)

    def _request(self, request: Any) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about", "file"):
            return
        if parts.hostname != self.host:
            self.foreign.append(request.url)

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check(self) -> None:
        self.page.wait_for_timeout(1000)
        hits = self.page.evaluate("() => window.__hits")
        assert hits == [], f"script ran: {hits}"
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.foreign == [], f"requests left for other hosts: {self.foreign}"


@pytest.fixture
def watched(hostile_server: Server, page: Any) -> Watch:
    return Watch(page, hostile_server)


def visible_text(page: Any) -> str:
    return str(page.inner_text("[data-testid=stMain]"))


def test_explore_page_is_inert(hostile_server: Server, watched: Watch) -> None:
    page = watched.page
    page.goto(hostile_server.url + "/")
    wait_ready(page)
    wait_plot(page)
    # the title is shown literally, not as markup
    assert "<script>window.__pwned = 'title'</script> Hostile" in visible_text(page)
    # hover every event mark: the hover label shows the text literally
    points = page.evaluate(
        """() => {
        const g = document.querySelector('.js-plotly-plot'); const L = g._fullLayout; const out = [];
        const box = g.getBoundingClientRect();
        for (const t of g._fullData) {
          if (!t.meta || t.meta.role !== 'events') continue;
          for (let i = 0; i < t.x.length; i++) {
            out.push({x: box.left + L.xaxis._offset + L.xaxis.d2p(t.x[i]),
                      y: box.top + L.yaxis._offset + L.yaxis.d2p(t.y[i])});
          }
        }
        return out;
    }"""
    )
    assert len(points) == 3
    seen = []
    for p in points:
        page.mouse.move(p["x"], p["y"])
        page.wait_for_timeout(400)
        seen.append(
            page.evaluate("() => Array.from(document.querySelectorAll('.hovertext')).map(e => e.textContent).join(' ')")
        )
    joined = " ".join(seen)
    assert "<img src=x onerror" in joined or "%{x}" in joined, joined
    # no hover label contains a real element built from chronology text
    assert page.locator(".hoverlayer img, .hoverlayer script, .hoverlayer a[href^='javascript']").count() == 0
    watched.check()


def test_details_are_inert(hostile_server: Server, watched: Watch) -> None:
    page = watched.page
    for event_id in ("xss-title", "xss-template", "xss-image"):
        page.goto(f"{hostile_server.url}/?event={event_id}")
        wait_ready(page)
        page.get_by_text(f"id: {event_id}", exact=False).first.wait_for(timeout=30_000)
        main = page.locator("[data-testid=stMain]")
        assert main.locator("img[src*='tracker'], iframe, img[onerror], svg[onload]").count() == 0
        hrefs = page.eval_on_selector_all("[data-testid=stMain] a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            assert href.startswith(("http://", "https://", "#", "/", "?")), href
    page.goto(f"{hostile_server.url}/?event=xss-title")
    wait_ready(page)
    text = visible_text(page)
    assert "<img src=x onerror=\"window.__pwned='evtitle'\"><script>window.__pwned='s'</script>" in text
    assert "$\\href{javascript:window.__pwned='tex'}{x}$" in text  # shown as typed, never as TeX
    assert "%{customdata[0]}" in text
    watched.check()


def test_table_is_inert(hostile_server: Server, watched: Watch) -> None:
    page = watched.page
    page.goto(f"{hostile_server.url}/?view=table")
    wait_ready(page)
    page.wait_for_selector("[data-testid=stDataFrame] table tbody tr", state="attached", timeout=30_000)
    cells = page.eval_on_selector_all("[data-testid=stDataFrame] td", "els => els.map(e => e.textContent)")
    assert any("<img src=x onerror" in c for c in cells), cells
    watched.check()


def test_present_page_and_handout_are_inert(hostile_server: Server, watched: Watch, tmp_path: Any) -> None:
    page = watched.page
    page.goto(f"{hostile_server.url}/?view=present&story=hostile-story&step=1")
    wait_ready(page)
    page.get_by_role("button", name="Next").first.wait_for(timeout=30_000)
    text = visible_text(page)
    assert "<img src=x onerror=\"window.__pwned='evtitle'\">" in text
    for step in (2, 3):
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(s) => location.search.includes('step=' + s)", arg=step, timeout=20_000)
        wait_ready(page)
    page.get_by_text("Image <img src=https://tracker.example/i.png>", exact=False).first.wait_for(timeout=30_000)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Handout").click()
    path = tmp_path / "handout.html"
    info.value.save_as(path)
    handout = path.read_text(encoding="utf-8")
    assert "<script" not in handout.lower()
    assert "<img" not in handout.lower()
    assert "onerror=" not in handout.replace("onerror=&quot;", "").replace("onerror=\\", "")
    assert "&lt;img src=x onerror=" in handout
    watched.check()
    # the handout opened in the browser runs nothing and loads nothing either
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    assert page.evaluate("() => window.__hits") == []
    assert watched.foreign == []


def test_every_export_is_inert(hostile_server: Server, watched: Watch, tmp_path: Any) -> None:
    from dashboard.ui.files import DOWNLOAD_LABELS

    page = watched.page
    page.goto(hostile_server.url + "/")
    wait_ready(page)
    page.get_by_text("Download the 3 shown events").click()
    files = {}
    for fmt, label in DOWNLOAD_LABELS.items():
        button = page.get_by_role("button", name=label, exact=True)
        button.wait_for(timeout=30_000)
        with page.expect_download(timeout=60_000) as info:
            button.click()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        files[fmt] = target
    watched.check()
    for fmt, target in files.items():
        data = target.read_bytes().decode("utf-8-sig")
        assert data, fmt
        if fmt == "html":
            # escaped in the page, and still inert when opened
            assert "<script>window.__pwned" not in data
            assert "&lt;img src=x onerror=" in data
            page.goto(target.as_uri())
            page.wait_for_load_state("load")
            page.wait_for_timeout(1500)
            assert page.evaluate("() => window.__hits") == [], "the offline HTML export ran chronology text"
            assert watched.foreign == [], watched.foreign
        else:
            # data formats carry the text as data, verbatim
            assert "onerror" in data, fmt
