"""The sources list of an event, written once for every place that shows it.

:func:`source_items` turns an event's sources into :class:`SourceItem` values: the text parts
(publisher, title, date: chronology text, never markup) and the link, kept only when it is an
http/https address (:func:`dashboard.core.safetext.is_http_url`), trimmed. Every renderer formats
those items the same way, "Publisher: Title (date)", linked when there is a link:

- :func:`source_markdown` for Streamlit (each part escaped by :func:`~dashboard.core.safetext.md_escape`,
  the link target by :func:`~dashboard.core.safetext.link_target`): the explore page's event details
  and the present page's slide;
- :func:`source_html` for the exports (each part escaped by :func:`~dashboard.core.safetext.html_text`,
  the link by :func:`~dashboard.core.safetext.html_link`): the HTML export, the TimelineJS slides and
  the story handout;
- :func:`source_text` for plain text (the iCalendar description).

Pure Python; no Streamlit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .loader import Source
from .safetext import html_link, html_text, is_http_url, link_target, md_escape

__all__ = [
    "SourceItem",
    "first_link",
    "source_html",
    "source_items",
    "source_markdown",
    "source_text",
    "sources_markdown",
]


@dataclass(frozen=True, slots=True)
class SourceItem:
    """One source as shown: its text parts and a safe link (``None`` unless http/https)."""

    publisher: str
    title: str | None = None
    date: str | None = None
    url: str | None = None


def _link(source: Source) -> str | None:
    return source.url.strip() if source.url and is_http_url(source.url) else None


def source_items(sources: Mapping[str, Source], ids: Iterable[str]) -> list[SourceItem]:
    """The sources ``ids`` of an event (``event.sources``) in their order, looked up in ``sources``
    (``chronology.sources``); ids it does not hold are left out."""
    items: list[SourceItem] = []
    for sid in ids:
        src = sources.get(sid)
        if src is not None:
            items.append(SourceItem(src.publisher, src.title or None, src.date or None, _link(src)))
    return items


def first_link(sources: Mapping[str, Source], ids: Iterable[str]) -> str | None:
    """The link of the first of ``ids`` that has one (as :func:`source_items` gives it), or None."""
    for sid in ids:
        src = sources.get(sid)
        link = _link(src) if src is not None else None
        if link is not None:
            return link
    return None


def source_text(item: SourceItem, escape: Callable[[str], str] = str) -> str:
    """The text "Publisher: Title (date)", each part passed through ``escape`` (the separators are ours)."""
    text = escape(item.publisher)
    if item.title:
        text += f": {escape(item.title)}"
    if item.date:
        text += f" ({escape(item.date)})"
    return text


def source_markdown(item: SourceItem) -> str:
    """The item as Markdown that shows exactly its text, a link only to its http/https URL."""
    text = source_text(item, md_escape)
    return f"[{text}]({link_target(item.url)})" if item.url else text


def sources_markdown(items: Iterable[SourceItem]) -> str:
    """A Markdown list of the items, one ``- `` line each ("" for none)."""
    return "\n".join(f"- {source_markdown(item)}" for item in items)


def source_html(item: SourceItem) -> str:
    """The item as HTML: escaped text, in an ``<a>`` only for its http/https URL."""
    text = source_text(item, html_text)
    return html_link(item.url, text) if item.url else text
