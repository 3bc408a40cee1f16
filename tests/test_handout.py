"""Handout: a story as one self-contained, printable, inert HTML page."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dashboard.core.dates import parse_date
from dashboard.core.frame import to_frame
from dashboard.core.loader import Chronology, Event, Image, Source, Story, load_bytes, load_path
from dashboard.core.query import FilterState
from dashboard.core.stories import StepView, StoryView, adhoc_story, story_from_file
from dashboard.render.handout import CSP, handout_filename, handout_html

ROOT = Path(__file__).resolve().parents[1]
CHRON = load_path(ROOT / "events.yaml")


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser would read them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Tags:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser


def visible_text(page: str) -> str:
    body = page.split("<body>", 1)[1]
    return " ".join(" ".join(parse(body).text).split())


def assert_inert(page: str) -> None:
    """No scripts, no loaded resources, links only to http(s), the CSP in place."""
    lowered = page.lower()
    # any "<" of a text is escaped, so these can only be real tags
    for tag in ("<script", "<img", "<iframe", "<link", "<object", "<embed", "<svg", "<base"):
        assert tag not in lowered
    assert lowered.count("<style>") == 1
    css = lowered.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "url(" not in css
    assert "@import" not in css
    assert "@font-face" not in css
    tags = parse(page).tags
    names = {t for t, _ in tags}
    assert not names & {"script", "img", "iframe", "object", "embed", "link", "base", "form", "video", "audio"}
    for tag, attrs in tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert value is not None
                assert re.match(r"https?://", value), value
            assert name not in ("src", "srcset", "style", "action", "formaction"), (tag, name)
    metas = [a for t, a in tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert metas == [{"http-equiv": "Content-Security-Policy", "content": CSP}]
    assert CSP == "default-src 'none'; style-src 'unsafe-inline'"


@pytest.mark.parametrize("story", CHRON.stories, ids=[s.id for s in CHRON.stories])
def test_handout_has_every_step(story: Story) -> None:
    view = story_from_file(CHRON, story.id)
    assert view is not None
    page = handout_html(view, CHRON)
    assert page.startswith("<!DOCTYPE html>")
    assert_inert(page)
    text = visible_text(page)
    assert story.title in text
    assert f"{view.total} steps" in text
    for number, step in enumerate(view.steps, start=1):
        ev = CHRON.event(step.event)
        assert ev is not None
        assert html.escape(ev.title, quote=True) in page
        assert ev.title in text
        assert ev.label in text
        assert f"Step {number} of {view.total}" in text
        # the narration: its words in order (a note may use emphasis, e.g. "(link: *causes*)", which
        # the page renders as <em>: compared without the markers and the spaces around the tags)
        assert "".join(step.note.replace("*", "").split()) in "".join(text.split())
        for sid in ev.sources:
            src = CHRON.sources[sid]
            assert src.publisher in text
            if src.url:
                assert f'href="{html.escape(src.url, quote=True)}"' in page
    # steps come in story order
    positions = [page.index(f'id="step-{k}"') for k in range(1, view.total + 1)]
    assert positions == sorted(positions)


def test_handout_of_filtered_events() -> None:
    frame = to_frame(CHRON)
    state = FilterState(categories=("treaty",))
    view = adhoc_story(frame[frame["category"] == "treaty"], state, total=len(frame))
    page = handout_html(view, CHRON)
    assert_inert(page)
    assert html.escape(view.title) in page
    for step in view.steps:
        assert html.escape(CHRON.event(step.event).title) in page  # type: ignore[union-attr]
    assert handout_filename(view) == "story-filtered-events.html"


HOSTILE = """
title: "Chronology <b>bold</b>"
sources:
  bad-src:
    publisher: "<script>alert('pub')</script>"
    title: "x\\" onmouseover=\\"alert(1)"
    url: "https://example.org/a?b=1&c=\\"2\\""
events:
  - id: evil
    date: 2022-01-01
    title: "<script>alert('title')</script> & <img src=x onerror=alert(1)>"
    category: x
    summary: >-
      Look ![pic](https://example.org/p.png) and [bad](javascript:alert(1))
      and [ok](https://example.org/ok) **bold** <iframe src=https://example.org>
    notes: "- one\\n- <b>two</b>"
    sources: [bad-src, {publisher: Inline, url: "https://example.org/inline"}]
    image:
      {url: "https://example.org/image.jpg", alt: "A \\"quoted\\" <alt>", caption: "Cap <i>", credit: "Credit & co"}
  - id: plain
    date: 2022-02-01
    title: "Bidi \u202etxet"
    category: x
stories:
  - id: evil-story
    title: "Story </title><script>alert(2)</script>"
    description: "Desc <style>body{background:url(https://example.org/x)}</style>"
    steps:
      - {event: evil, note: "Note [link](https://example.org/n) <svg onload=alert(3)>"}
      - {event: plain}
"""


def test_hostile_text_is_escaped_and_nothing_loads() -> None:
    chron = load_bytes(HOSTILE.encode(), file="hostile.yaml")
    assert chron.problems == [], chron.problems
    view = story_from_file(chron, "evil-story")
    assert view is not None
    assert view.total == 2
    page = handout_html(view, chron)
    assert_inert(page)
    text = visible_text(page)
    # the text is shown as written
    assert "<script>alert('title')</script> & <img src=x onerror=alert(1)>" in text
    assert "Story </title><script>alert(2)</script>" in text
    assert "<svg onload=alert(3)>" in text
    assert "<style>body{background:url(https://example.org/x)}</style>" in text
    # links: http(s) kept, javascript: dropped to its text, images never loaded but linked
    hrefs = [a["href"] for t, a in parse(page).tags if t == "a"]
    assert "https://example.org/ok" in hrefs
    assert "https://example.org/n" in hrefs
    assert "https://example.org/p.png" in hrefs
    assert "https://example.org/image.jpg" in hrefs
    assert "https://example.org/inline" in hrefs
    assert 'https://example.org/a?b=1&c="2"' in hrefs
    assert not any("javascript" in h for h in hrefs if h)
    assert "image: pic" in text
    assert 'Image: A "quoted" <alt> · Cap <i> · Credit: Credit & co' in text
    assert "<strong>bold</strong>" in page
    assert "<li>one</li><li>&lt;b&gt;two&lt;/b&gt;</li>" in page
    # bidirectional overrides are made visible
    assert "\u202e" not in page
    assert "Bidi \ufffdtxet" in text


def test_missing_event_and_empty_story() -> None:
    chron = Chronology(events=[Event(id="a", date=parse_date("2020"), title="A", category="c")])
    view = StoryView("s", "S", steps=(StepView("a"), StepView("gone", "why")))
    page = handout_html(view, chron)
    assert_inert(page)
    assert "gone" in page
    assert "not in the chronology" in page
    empty = handout_html(StoryView(None, "Nothing"), chron)
    assert_inert(empty)
    assert "This story has no steps" in empty


def test_image_without_http_link_is_text_only() -> None:
    ev = Event(
        id="a",
        date=parse_date("2020"),
        title="A",
        category="c",
        image=Image("ftp://example.org/x.png", alt="Alt text"),
        sources=["s"],
    )
    chron = Chronology(events=[ev], sources={"s": Source("s", "Pub", url="file:///etc/passwd")})
    page = handout_html(StoryView("s", "S", steps=(StepView("a"),)), chron)
    assert_inert(page)
    assert "Image: Alt text" in visible_text(page)
    assert "ftp://" not in page
    assert "file://" not in page


def test_printable() -> None:
    view = story_from_file(CHRON, CHRON.stories[0].id)
    assert view is not None
    page = handout_html(view, CHRON)
    assert "@media print" in page
    assert "break-inside: avoid" in page
    assert '<meta charset="utf-8">' in page


@pytest.mark.parametrize(
    ("story_id", "expected"),
    [("road-to-accession", "story-road-to-accession.html"), (None, "story-filtered-events.html")],
)
def test_handout_filename(story_id: str | None, expected: str) -> None:
    assert handout_filename(StoryView(story_id, "T")) == expected
