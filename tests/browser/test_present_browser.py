"""The presentation page in a real browser (Chromium via Playwright) against `streamlit run app.py`.

Every story of events.yaml opens by URL; the arrow keys walk through every step and the URL
follows; the ends hold; a reload keeps the step; only the stage reruns on a step change; the
handout has every step and loads nothing. Screenshots at 1280x720 and 1920x1080 go to
test-artifacts/ (and to docs/screenshots/ with SCREENSHOTS=1).
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from dashboard.core.frame import to_frame
from dashboard.core.loader import Story, load_path
from dashboard.core.query import FilterState, apply_filters
from dashboard.core.stories import adhoc_story

from .conftest import ROOT, Server, wait_ready

pytestmark = pytest.mark.browser

CHRON = load_path(ROOT / "events.yaml")
FRAME = to_frame(CHRON)
TITLE = ".st-key-present-title h1"
NEXT = ".st-key-present-next button"


def title(event_id: str) -> str:
    ev = CHRON.event(event_id)
    assert ev is not None
    return ev.title


def url_params(page: Any) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def open_present(page: Any, server: Server, query: str) -> None:
    page.goto(f"{server.url}/?{query}")
    wait_ready(page)
    # widgets appear once their code has loaded; a shortcut works once its button is there
    page.locator(NEXT).wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(300)


def wait_strip(page: Any) -> None:
    """Wait until plotly has drawn the mini timeline."""
    page.wait_for_function(
        "() => { const g = document.querySelector('.st-key-present-strip .js-plotly-plot');"
        " return g && g._fullLayout; }",
        timeout=30_000,
    )


def shown(page: Any) -> str:
    return str(page.locator(TITLE).inner_text()).strip()


def press(page: Any, key: str, step: int, expected_title: str) -> None:
    """Press a key and wait until the URL says ``step`` and the slide shows ``expected_title``.

    A key pressed while the page is still binding its shortcuts is lost (the browser had no
    listener yet): when the app is idle, the step has not moved and nothing is on its way, the
    key is pressed again, at most three times in all. A press that was taken moves the URL
    before the app is idle again, so a retry never steps twice.
    """
    before = url_params(page).get("step")
    moved = "(s) => new URLSearchParams(window.location.search).get('step') === s"
    for _ in range(3):
        page.keyboard.press(key)
        try:
            page.wait_for_function(moved, arg=str(step), timeout=7_000)
            break
        except PlaywrightTimeout:
            wait_ready(page)
            if url_params(page).get("step") != before:
                break
    page.wait_for_function(moved, arg=str(step), timeout=20_000)
    wait_ready(page)
    page.wait_for_function(
        "([sel, t]) => { const h = document.querySelector(sel); return h && h.innerText.trim() === t; }",
        arg=[TITLE, expected_title],
        timeout=20_000,
    )
    assert url_params(page)["step"] == [str(step)]


def press_stays(page: Any, key: str, step: int, expected_title: str) -> None:
    """Press a key at an end: nothing moves."""
    page.keyboard.press(key)
    page.wait_for_timeout(1200)
    wait_ready(page)
    assert url_params(page)["step"] == [str(step)]
    assert shown(page) == expected_title


@pytest.mark.parametrize("story", CHRON.stories, ids=[s.id for s in CHRON.stories])
def test_every_story_by_url_and_arrow_keys(server: Server, page: Any, story: Story) -> None:
    titles = [title(s.event) for s in story.steps]
    n = len(titles)
    open_present(page, server, f"view=present&story={story.id}&step=1")
    assert shown(page) == titles[0]
    assert page.get_by_text(f"Step 1 of {n}", exact=True).count() == 1
    assert url_params(page) == {"view": ["present"], "story": [story.id], "step": ["1"]}
    for k in range(2, n + 1):
        press(page, "ArrowRight", k, titles[k - 1])
        assert url_params(page)["story"] == [story.id]
        assert page.get_by_text(f"Step {k} of {n}", exact=True).count() == 1
    press_stays(page, "ArrowRight", n, titles[-1])
    for k in range(n - 1, 0, -1):
        press(page, "ArrowLeft", k, titles[k - 1])
    press_stays(page, "ArrowLeft", 1, titles[0])


def test_right_arrow_then_reload_keeps_the_step(server: Server, page: Any) -> None:
    story = CHRON.stories[0]
    open_present(page, server, f"view=present&story={story.id}&step=1")
    assert page.get_by_role("heading", name=title(story.steps[0].event)).count() == 1
    press(page, "ArrowRight", 2, title(story.steps[1].event))
    assert "step=2" in page.url
    page.reload()
    wait_ready(page)
    page.locator(NEXT).wait_for(state="visible", timeout=30_000)
    assert shown(page) == title(story.steps[1].event)
    assert url_params(page)["step"] == ["2"]
    # and the keys go on from there
    press(page, "ArrowRight", 3, title(story.steps[2].event))


def test_home_end_and_buttons(server: Server, page: Any) -> None:
    story = CHRON.stories[1]
    titles = [title(s.event) for s in story.steps]
    open_present(page, server, f"view=present&story={story.id}&step=3")
    assert shown(page) == titles[2]
    press(page, "End", len(titles), titles[-1])
    press(page, "Home", 1, titles[0])
    page.get_by_role("button", name="Next").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('step') === '2'", timeout=20_000)
    wait_ready(page)
    assert shown(page) == titles[1]


def test_only_the_stage_reruns_on_a_step_change(server: Server, page: Any) -> None:
    """After a key press the server sends the new slide and nothing of the rest of the page."""
    frames: list[bytes] = []

    def on_socket(ws: Any) -> None:
        ws.on(
            "framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes) else payload.encode())
        )

    page.on("websocket", on_socket)
    story = CHRON.stories[0]
    open_present(page, server, f"view=present&story={story.id}&step=1")
    assert any(CHRON.title.encode() in f for f in frames), "a full run sends the page title"
    frames.clear()
    press(page, "ArrowRight", 2, title(story.steps[1].event))
    page.wait_for_timeout(500)
    received = b"".join(frames)
    assert title(story.steps[1].event).encode() in received
    assert CHRON.title.encode() not in received, "the page title was sent again: the whole page reran"
    assert b"Search title, summary, notes" not in received, "the sidebar was sent again"


def test_click_a_step_on_the_mini_timeline(server: Server, page: Any) -> None:
    story = CHRON.stories[2]
    open_present(page, server, f"view=present&story={story.id}&step=1")
    wait_strip(page)
    pos = page.evaluate(
        """(k) => {
        const g = document.querySelector('.st-key-present-strip .js-plotly-plot');
        const L = g._fullLayout;
        const t = g._fullData.find(t => t.meta && t.meta.role === 'story-steps');
        const box = g.getBoundingClientRect();
        return {x: box.left + L.xaxis._offset + L.xaxis.d2p(t.x[k]),
                y: box.top + L.yaxis._offset + L.yaxis.d2p(t.y[k])};
    }""",
        4,
    )
    page.mouse.click(pos["x"], pos["y"])
    page.wait_for_function("() => new URLSearchParams(location.search).get('step') === '5'", timeout=20_000)
    wait_ready(page)
    assert shown(page) == title(story.steps[4].event)
    press(page, "ArrowRight", 6, title(story.steps[5].event))


def test_filtered_events_presented_with_the_filters_in_the_link(server: Server, page: Any) -> None:
    state = FilterState(categories=("treaty",))
    story = adhoc_story(apply_filters(FRAME, state), state, total=len(FRAME))
    titles = [title(s.event) for s in story.steps]
    open_present(page, server, "view=present&category=treaty")
    assert shown(page) == titles[0]
    press(page, "ArrowRight", 2, titles[1])
    params = url_params(page)
    assert params["category"] == ["treaty"]
    assert params["view"] == ["present"]
    assert "story" not in params


def test_handout_download_has_every_step_and_loads_nothing(server: Server, page: Any, tmp_path: Path) -> None:
    first, other = CHRON.stories[0], CHRON.stories[-1]
    open_present(page, server, f"view=present&story={first.id}&step=1")
    for story in (first, other):
        if story is other:
            # choose the other story from the menu (which then closes, so the keys work at once)
            page.locator(".st-key-p_stories_open button").first.click()
            page.locator(f".st-key-present-story-{story.id} button").click()
            page.wait_for_function("(id) => location.search.includes('story=' + id)", arg=story.id, timeout=20_000)
            wait_ready(page)
            assert shown(page) == title(story.steps[0].event)
            press(page, "ArrowRight", 2, title(story.steps[1].event))
        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name="Handout").click()
        download = info.value
        assert download.suggested_filename == f"story-{story.id}.html"
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        text = target.read_text(encoding="utf-8")
        for step in story.steps:
            assert html.escape(title(step.event), quote=True) in text
        assert "<script" not in text.lower()
        assert 'src="http' not in text.lower()
        assert "Content-Security-Policy" in text


def _no_overflow(page: Any) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], "the page scrolls sideways"


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_screenshot_readable_on_a_projector(server: Server, browser: Any, width: int, height: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        story = CHRON.stories[0]
        open_present(page, server, f"view=present&story={story.id}&step=3")
        wait_strip(page)
        page.wait_for_timeout(800)
        _no_overflow(page)
        # the sidebar is hidden, and the step's title, counter, controls and mini timeline are on screen
        assert not page.locator("section[data-testid=stSidebar]").is_visible()
        for selector in (TITLE, NEXT, ".st-key-present-counter", ".st-key-present-strip", ".st-key-present-date"):
            box = page.locator(selector).first.bounding_box()
            assert box is not None, selector
            assert box["y"] >= 0, (selector, box)
            assert box["y"] + box["height"] <= height, (selector, box)
        size = page.evaluate(f"() => parseFloat(getComputedStyle(document.querySelector('{TITLE}')).fontSize)")
        assert size >= 32, f"title font {size}px is too small for a projector"
        note = page.evaluate(
            "() => parseFloat(getComputedStyle(document.querySelector('.st-key-present-note p')).fontSize)"
        )
        assert note >= 20, f"narration font {note}px is too small for a projector"
        name = f"present-{width}x{height}.png"
        out = ROOT / "test-artifacts"
        out.mkdir(exist_ok=True)
        page.screenshot(path=str(out / name))
        if os.environ.get("SCREENSHOTS"):
            (ROOT / "docs" / "screenshots").mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ROOT / "docs" / "screenshots" / name))
    finally:
        context.close()
