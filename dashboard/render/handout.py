"""Handout: a story as one self-contained, printable HTML page (pure Python, no Streamlit).

The page has every step with its date, title, narration, summary, notes, image reference and
sources. It is safe to open anywhere and works offline:

* no scripts, no external requests: styles are inline; images are never loaded (no ``<img>``),
  only their alt text and a link; a ``Content-Security-Policy`` meta tag
  (``default-src 'none'; style-src 'unsafe-inline'``) makes the browser refuse anything else;
* every chronology text is escaped with :func:`dashboard.core.safetext.html_text`; links are kept
  only for http/https addresses (:func:`dashboard.core.safetext.is_http_url`).

Markdown in notes and summaries is reduced to a small safe subset: paragraphs, "-"/"*"/"1."
lists, ``**strong**``, ``*emphasis*`` and ``[text](https://...)`` links; anything else is
shown as the text it is.
"""

from __future__ import annotations

import re
from typing import Final

from ..core.loader import Chronology, Event
from ..core.safetext import html_link, html_text, is_http_url
from ..core.sourcelist import source_html, source_items
from ..core.stories import StoryView

__all__ = ["CSP", "handout_filename", "handout_html"]

CSP: Final = "default-src 'none'; style-src 'unsafe-inline'"

_LINK: Final = re.compile(r"\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_IMAGE: Final = re.compile(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"\n]*\")?\s*\)")
_STRONG: Final = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM: Final = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LIST_ITEM: Final = re.compile(r"^\s{0,3}(?:[-*+]|[0-9]{1,9}[.)])\s+")
_ORDERED_ITEM: Final = re.compile(r"^\s{0,3}[0-9]{1,9}[.)]\s+")
_FILENAME_UNSAFE: Final = re.compile(r"[^a-z0-9]+")

_CSS: Final = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 46rem; padding: 2rem 1.25rem 3rem; color: #111; background: #fff;
  font: 12pt/1.5 Georgia, "Times New Roman", serif; }
h1, h2, .meta, .date, .stepno, footer, nav { font-family: "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .4rem; }
h2 { font-size: 1.35rem; line-height: 1.25; margin: .1rem 0 .5rem; }
h3 { font-size: 1rem; margin: .9rem 0 .2rem; font-family: "Helvetica Neue", Arial, sans-serif; }
.meta { color: #444; font-size: .95rem; margin: 0 0 1rem; }
nav ol { padding-left: 1.6rem; margin: .3rem 0 1.5rem; }
nav li { margin: .1rem 0; }
.step { border-top: 2px solid #111; padding: .9rem 0 .6rem; break-inside: avoid-page; page-break-inside: avoid; }
.stepno { font-size: .85rem; text-transform: uppercase; letter-spacing: .06em; color: #444; margin: 0; }
.date { font-size: 1.05rem; font-weight: bold; color: #0b3d91; margin: .2rem 0 0; }
.note { font-size: 1.08rem; border-left: 4px solid #0b3d91; padding: .1rem 0 .1rem .8rem; margin: .6rem 0; }
.image { font-style: italic; color: #333; }
.sources { padding-left: 1.3rem; margin: .2rem 0; }
a { color: #0b3d91; }
footer { margin-top: 2rem; font-size: .85rem; color: #444; border-top: 1px solid #999; padding-top: .5rem; }
@page { margin: 16mm 15mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav { break-after: page; page-break-after: always; }
  a { color: #000; }
  .sources a[href]::after { content: " <" attr(href) ">"; font-size: .85em; word-break: break-all; }
}
""".strip()


def handout_filename(story: StoryView) -> str:
    """A file name for the handout: ``story-<id>.html`` (``story-filtered-events.html`` ad hoc)."""
    stem = _FILENAME_UNSAFE.sub("-", (story.id or "filtered-events").lower()).strip("-")[:80]
    return f"story-{stem or 'handout'}.html"


def handout_html(story: StoryView, chron: Chronology) -> str:
    """The story as a self-contained printable HTML page (see the module docstring).

    Steps whose event is not in ``chron`` are listed with their id and a note saying so.
    """
    events = {ev.id: ev for ev in chron.events}
    total = story.total
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html_text(story.title)}</title>",
        f"<style>\n{_CSS}\n</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{html_text(story.title)}</h1>",
    ]
    meta = [f"{total} step{'s' if total != 1 else ''}"]
    if chron.title:
        meta.insert(0, f"From the chronology “{html_text(chron.title)}”")
    if story.truncated and story.matched is not None:
        meta.append(f"the {total} most important of {story.matched} matching events")
    out.append(f'<p class="meta">{" · ".join(meta)}</p>')
    if story.description:
        out.append(_markdown(story.description))
    out.append("</header>")

    if total:
        out.append('<nav aria-label="Steps"><h3>Steps</h3><ol>')
        for step in story.steps:
            ev = events.get(step.event)
            if ev is None:
                out.append(f"<li>{html_text(step.event)}</li>")
            else:
                out.append(f"<li>{html_text(ev.label)}: {html_text(ev.title)}</li>")
        out.append("</ol></nav>")
    else:
        out.append("<p>This story has no steps.</p>")

    out.append("<main>")
    for number, step in enumerate(story.steps, start=1):
        note = _plain_html(step.note) if story.plain_notes else _markdown(step.note)
        out.append(_step_html(number, total, note, events.get(step.event), step.event, chron))
    out.append("</main>")
    footer = "Printed from the chronology dashboard"
    if story.id:
        footer += f" · story “{html_text(story.id)}”"
    out.append(f"<footer>{footer}. Links point to the original sources.</footer>")
    out.append("</body>")
    out.append("</html>")
    return "\n".join(out) + "\n"


def _step_html(number: int, total: int, note: str, ev: Event | None, event_id: str, chron: Chronology) -> str:
    """One step's section; ``note`` is its narration, already HTML ("" for none)."""
    parts = [f'<section class="step" id="step-{number}">', f'<p class="stepno">Step {number} of {total}</p>']
    if ev is None:
        parts.append(f"<h2>{html_text(event_id)}</h2>")
        parts.append("<p>(This event is not in the chronology.)</p>")
        if note.strip():
            parts.append(f'<div class="note">{note}</div>')
        parts.append("</section>")
        return "\n".join(parts)
    parts.append(f'<p class="date">{html_text(ev.label)}</p>')
    parts.append(f"<h2>{html_text(ev.title)}</h2>")
    if note.strip():
        parts.append(f'<div class="note">{note}</div>')
    if ev.summary.strip():
        parts.append(_markdown(ev.summary))
    if ev.image is not None:
        img = ev.image
        words = [img.alt or img.caption or "image"]
        if img.caption and img.caption != words[0]:
            words.append(img.caption)
        if img.credit:
            words.append(f"Credit: {img.credit}")
        text = " · ".join(html_text(w) for w in words)
        parts.append(f'<p class="image">Image: {html_link(img.url, text)}</p>')
    if ev.notes.strip():
        parts.append("<h3>Notes</h3>")
        parts.append(_markdown(ev.notes))
    sources = source_items(chron.sources, ev.sources)
    if sources:
        parts.append("<h3>Sources</h3>")
        parts.append('<ul class="sources">')
        parts.extend(f"<li>{source_html(item)}</li>" for item in sources)
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- Markdown subset


def _plain_html(text: str) -> str:
    """Plain text as HTML: each line a paragraph, escaped (a story's ``plain_notes``)."""
    return "\n".join(f"<p>{html_text(line)}</p>" for line in text.splitlines() if line.strip())


def _markdown(text: str) -> str:
    """A small, safe Markdown subset as HTML: paragraphs, lists, strong, emphasis, http links."""
    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line for line in para.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_LIST_ITEM.match(line) for line in lines):
            tag = "ol" if all(_ORDERED_ITEM.match(line) for line in lines) else "ul"
            items = "".join(f"<li>{_inline(_LIST_ITEM.sub('', line, count=1))}</li>" for line in lines)
            blocks.append(f"<{tag}>{items}</{tag}>")
        else:
            blocks.append(f"<p>{_inline(' '.join(line.strip() for line in lines))}</p>")
    return "\n".join(blocks)


def _inline(text: str) -> str:
    """One paragraph: links and images become tokens first, the rest is escaped, then emphasis."""
    pieces: list[str] = []
    pos = 0
    matches = sorted([*_IMAGE.finditer(text), *_LINK.finditer(text)], key=lambda m: m.start())
    for m in matches:
        if m.start() < pos:
            continue
        is_image = m.re is _IMAGE
        if not is_image and m.start() > 0 and text[m.start() - 1] == "!":
            continue
        label, url = m.group(1), m.group(2)
        pieces.append(_emphasis(html_text(text[pos : m.start()])))
        shown = _emphasis(html_text(label)) or html_text(url)
        if is_image:
            shown = f"image: {shown}" if label.strip() else "image"
        if is_http_url(url):
            pieces.append(html_link(url, shown))
        else:
            pieces.append(f"({shown})" if is_image else shown)
        pos = m.end()
    pieces.append(_emphasis(html_text(text[pos:])))
    return "".join(pieces)


def _emphasis(escaped: str) -> str:
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    return _EM.sub(r"<em>\1</em>", escaped)
