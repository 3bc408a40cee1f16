"""The sources list of an event: one list of items, rendered as Markdown, HTML and text alike."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from dashboard.core.dates import parse_date
from dashboard.core.loader import Chronology, Event, Source, load_data
from dashboard.core.safetext import LINK_REL, md_escape
from dashboard.core.sourcelist import (
    SourceItem,
    first_link,
    source_html,
    source_items,
    source_markdown,
    source_text,
    sources_markdown,
)
from dashboard.core.stories import StepView, StoryView
from dashboard.io.exporters import export
from dashboard.render.handout import handout_html

HOSTILE_PUBLISHER = "<script>alert(1)</script> [x](javascript:alert(1)) **b** :red[r] $m$"
SOURCES = {
    "hostile": Source("hostile", HOSTILE_PUBLISHER, title='T "q" & <i>', url="https://example.org/a_(b)?c=1&d=<2>"),
    "padded": Source("padded", "Padded", url="  https://example.org/padded \n", date="2022-01-02"),
    "file": Source("file", "File", title="local", url="file:///etc/passwd"),
    "js": Source("js", "Js", url="javascript:alert(1)"),
    "plain": Source("plain", "Plain", title=""),
}
EVENT = Event(
    id="e",
    date=parse_date("2022-01-01"),
    title="E",
    category="c",
    sources=["hostile", "missing", "padded", "file", "js", "plain"],
)
CHRON = Chronology(events=[EVENT], sources=SOURCES)


def test_items_keep_order_text_and_only_http_links() -> None:
    items = source_items(CHRON.sources, EVENT.sources)
    assert items == [
        SourceItem(HOSTILE_PUBLISHER, 'T "q" & <i>', None, "https://example.org/a_(b)?c=1&d=<2>"),
        SourceItem("Padded", None, "2022-01-02", "https://example.org/padded"),  # trimmed
        SourceItem("File", "local", None, None),
        SourceItem("Js", None, None, None),
        SourceItem("Plain", None, None, None),
    ]
    assert first_link(CHRON.sources, EVENT.sources) == "https://example.org/a_(b)?c=1&d=<2>"
    assert first_link(CHRON.sources, ["missing", "file", "padded"]) == "https://example.org/padded"
    assert first_link(CHRON.sources, ["file", "js"]) is None


def test_text() -> None:
    assert source_text(SourceItem("P", "T", "2022")) == "P: T (2022)"
    assert source_text(SourceItem("P", None, "2022")) == "P (2022)"
    assert source_text(SourceItem("P")) == "P"
    assert source_text(SourceItem("<P>", "&"), str.upper) == "<P>: &"


def test_markdown_shows_the_text_and_links_only_http() -> None:
    items = source_items(CHRON.sources, EVENT.sources)
    hostile = source_markdown(items[0])
    assert hostile == (
        f"[{md_escape(HOSTILE_PUBLISHER)}: {md_escape(items[0].title or '')}](https://example.org/a_%28b%29?c=1&d=<2>)"
    )
    assert "<script>" not in hostile
    # the only link is ours: every "[" and "(" of the chronology's text is escaped
    assert len(re.findall(r"(?<!\\)\]\(", hostile)) == 1
    assert source_markdown(items[1]) == "[Padded (2022\\-01\\-02)](https://example.org/padded)"
    assert source_markdown(items[2]) == "File: local"
    assert "javascript" not in source_markdown(items[3])
    assert sources_markdown(items).split("\n") == [f"- {source_markdown(item)}" for item in items]
    assert sources_markdown([]) == ""


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> _Links:
    parser = _Links()
    parser.feed(fragment)
    parser.close()
    return parser


def test_html_is_escaped_text_in_a_link_only_for_http() -> None:
    items = source_items(CHRON.sources, EVENT.sources)
    got = parse(source_html(items[0]))
    assert got.tags == ["a"]
    assert got.links == [{"href": "https://example.org/a_(b)?c=1&d=<2>", "rel": LINK_REL}]
    assert "".join(got.text) == source_text(items[0])
    for item in items[2:]:
        plain = parse(source_html(item))
        assert plain.tags == []
        assert "".join(plain.text) == source_text(item)


@pytest.mark.parametrize("where", ["html export", "timelinejs export", "handout"])
def test_every_html_renderer_writes_the_same_items(where: str) -> None:
    """The HTML export used rel="noopener noreferrer nofollow", the handout rel="noreferrer":
    now each writes :func:`source_html` of the same items."""
    if where == "handout":
        page = handout_html(StoryView("s", "S", steps=(StepView("e"),)), CHRON)
        list_html = "".join(f"<li>{source_html(item)}</li>" for item in source_items(CHRON.sources, EVENT.sources))
        assert list_html in page.replace("\n", "")
    else:
        fmt = "html" if where == "html export" else "timelinejs"
        page = export(CHRON, None, fmt).decode()
        if fmt == "timelinejs":
            page = json.loads(page)["events"][0]["text"]["text"]
        items = "; ".join(source_html(item) for item in source_items(CHRON.sources, EVENT.sources))
        assert f"<p>Sources: {items}</p>" in page
    assert "file:///" not in page
    assert 'href="javascript' not in page


def test_calendar_description_lists_the_items_as_text() -> None:
    chron = load_data(
        {
            "events": [
                {
                    "id": "e",
                    "date": "2022-01-01",
                    "title": "E",
                    "category": "c",
                    "sources": [
                        {"publisher": "P", "title": "T", "date": "2022-01-02", "url": "https://example.org/x"},
                        {"publisher": "Q"},
                    ],
                }
            ]
        }
    )
    ics = export(chron, None, "ics").decode().replace("\r\n ", "")
    assert "Sources:\\n- P: T (2022-01-02) <https://example.org/x>\\n- Q" in ics
    assert "URL:https://example.org/x" in ics
