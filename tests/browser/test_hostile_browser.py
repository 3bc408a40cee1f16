"""Hostile text in a real browser (BAD_INPUTS 31-34): nothing runs, nothing loads, text stays text.

A chronology with script, event-handler, Markdown-image, javascript: link, LaTeX, Plotly
template and right-to-left-override text in every text field is opened on every page. The
page and every frame in it (the timeline is a component: an iframe drawing with plotly.js) get
a trap: any write to ``window.__pwned`` or any alert/confirm/prompt dialog is recorded; every
request the page or a frame makes is recorded, and none may go to another host; the timeline's
frame holds no element or event handler built from chronology text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT, TIMELINE, TIMELINE_IFRAME, Server, to_page, wait_plot, wait_ready

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
        # the trap is in every frame too (init scripts run in each), the timeline's among them
        for frame in self.page.frames:
            if frame is self.page.main_frame or frame.is_detached() or not frame.url.startswith("http"):
                continue
            hits = frame.evaluate("() => window.__hits")
            assert hits == [], f"script ran in the frame {frame.url}: {hits}"
            if TIMELINE in frame.url:
                frame_is_inert(frame)
        assert self.dialogs == [], f"dialogs opened: {self.dialogs}"
        assert self.foreign == [], f"requests left for other hosts: {self.foreign}"


# Inside the timeline's frame: its only scripts are its own two files, no element that loads or
# embeds anything, no event-handler attribute, no link but http(s) (chronology text reaches the
# frame only through plotly.js, escaped by the server, and textContent).
FRAME_FINDINGS = r"""() => {
  const out = [];
  const scripts = Array.from(document.scripts).map(s => s.getAttribute('src') || 'inline:' + s.textContent);
  if (JSON.stringify(scripts) !== JSON.stringify(['plotly.min.js', 'timeline.js'])) out.push('scripts: ' + scripts);
  const embeds = 'img, image, iframe, object, embed, video, audio, foreignObject, link, base, meta[http-equiv]';
  for (const e of document.querySelectorAll(embeds)) {
    // plotly.js draws a heatmap (the lanes' density strips) as a PNG it renders itself
    const href = e.getAttribute('href') || e.getAttribute('xlink:href') || '';
    if (e.tagName === 'image' && e.closest('.hm') && href.startsWith('data:image/png;base64,')) continue;
    out.push('element: ' + e.outerHTML.slice(0, 200));
  }
  for (const e of document.body.querySelectorAll('style')) out.push('style: ' + e.outerHTML.slice(0, 200));
  for (const e of document.querySelectorAll('*')) {
    for (const a of e.attributes) {
      if (a.name.startsWith('on')) out.push('handler: ' + e.tagName + ' ' + a.name + '=' + a.value);
      const own = e.tagName === 'image' && e.closest('.hm') && a.value.startsWith('data:image/png;base64,');
      if (!own && /^\s*(javascript|data|vbscript):/i.test(a.value) && /href|src|action/i.test(a.name)) {
        out.push('url: ' + e.tagName + ' ' + a.name + '=' + a.value);
      }
    }
  }
  for (const a of document.querySelectorAll('a')) {
    const href = a.getAttribute('href') || a.getAttribute('xlink:href');
    if (href && !/^https?:\/\//.test(href)) out.push('link: ' + href);
  }
  return out;
}"""


def frame_is_inert(frame: Any) -> None:
    assert frame.evaluate("() => Array.isArray(window.__hits)"), "the trap is not set in the timeline's frame"
    findings = frame.evaluate(FRAME_FINDINGS)
    assert findings == [], f"the timeline's frame holds markup from the chronology: {findings}"


@pytest.fixture
def watched(hostile_server: Server, page: Any) -> Watch:
    return Watch(page, hostile_server)


HOVER_TEXT = "() => Array.from(document.querySelectorAll('.hovertext')).map(e => e.textContent).join(' ')"


def visible_text(page: Any) -> str:
    return str(page.inner_text("[data-testid=stMain]"))


def test_explore_page_is_inert(hostile_server: Server, watched: Watch) -> None:
    page = watched.page
    page.goto(hostile_server.url + "/")
    wait_ready(page)
    frame = wait_plot(page)
    # the title is shown literally, not as markup
    assert "<script>window.__pwned = 'title'</script> Hostile" in visible_text(page)
    frame_is_inert(frame)
    # the chart's text is SVG text: lane names and labels written literally
    svg_text = " ".join(frame.eval_on_selector_all(".js-plotly-plot text", "els => els.map(e => e.textContent)"))
    assert "<img src=x onerror" in svg_text, svg_text
    # hover every event mark: the hover label shows the text literally
    points = frame.evaluate(
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
        page.mouse.move(*to_page(page, p["x"], p["y"]))
        page.wait_for_timeout(400)
        seen.append(frame.evaluate(HOVER_TEXT))
    joined = " ".join(seen)
    assert "<img src=x onerror" in joined or "%{x}" in joined, joined
    # no hover label contains a real element built from chronology text
    assert frame.locator(".hoverlayer img, .hoverlayer script, .hoverlayer a[href^='javascript']").count() == 0
    frame_is_inert(frame)
    # the keyboard's focus line says an event's title as text, never as markup
    frame.locator("#chart").focus()
    for _ in range(3):
        frame.locator("#chart").press("ArrowRight")
    line = frame.locator("#focus-line")
    assert "Image <img src=https://tracker.example/i.png>" in line.inner_text()
    assert line.evaluate("e => e.children.length") == 0
    frame_is_inert(frame)
    watched.check()


def test_details_are_inert(hostile_server: Server, watched: Watch) -> None:
    page = watched.page
    for event_id in ("xss-title", "xss-template", "xss-image"):
        page.goto(f"{hostile_server.url}/?event={event_id}")
        wait_ready(page)
        page.get_by_text(f"id: {event_id}", exact=False).first.wait_for(timeout=30_000)
        main = page.locator("[data-testid=stMain]")
        embedded = f"img[src*='tracker'], img[onerror], svg[onload], iframe:not({TIMELINE_IFRAME})"
        assert main.locator(embedded).count() == 0
        # the only frame is the timeline component's own page, from this server
        own = f"{hostile_server.url}/component/dashboard.ui.chart.{TIMELINE}/index.html"
        for src in page.eval_on_selector_all("iframe", "els => els.map(e => e.src)"):
            assert src.startswith(own), src
        frame_is_inert(wait_plot(page))
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
    wait_plot(page)  # the chart has said its width and been drawn for it: the page reran once
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
