"""Text from a chronology is text: helpers that make it inert wherever it is shown.

- :func:`md_escape` turns plain text (titles, actors, labels) into Markdown that shows exactly
  those characters: no emphasis, links, images, HTML, LaTeX (``$``), Streamlit directives
  (``:red[...]``, ``:material/icon:``) or emoji shortcodes.
- :func:`safe_markdown` keeps the Markdown of summaries and notes (emphasis, lists, http/https
  links) but never lets it load anything or run anything: raw HTML is shown as text, images
  become links that are not loaded, links other than http/https become plain text, and ``$``
  does not start LaTeX.
- :func:`is_http_url` is the one test for links; :func:`link_target` writes one into Markdown,
  :func:`html_link` into HTML.

Pure Python; used by the UI and by the exports.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

__all__ = [
    "LINK_REL",
    "html_link",
    "html_text",
    "is_http_url",
    "link_target",
    "md_escape",
    "safe_markdown",
    "strip_bidi",
]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~&=^@])")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)]*)\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+.*$", re.MULTILINE)


def is_http_url(url: str | None) -> bool:
    """True for absolute http/https links with a host; everything else is refused."""
    if not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return (
        parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and not any(c.isspace() for c in url.strip())
    )


LINK_REL = "noopener noreferrer nofollow"
"""The ``rel`` of every link we write in HTML: no window handle, no referrer, no endorsement."""


def html_link(url: str, inner_html: str) -> str:
    """``inner_html`` (already HTML) linked to ``url`` when it is an http/https link, else alone."""
    if not is_http_url(url):
        return inner_html
    return f'<a href="{html_text(url.strip())}" rel="{LINK_REL}">{inner_html}</a>'


def strip_bidi(text: str) -> str:
    """Replace bidirectional override/isolate controls (U+202A-202E, U+2066-2069), which can
    make text read in a different order than it is stored, by a visible marker."""
    return _BIDI.sub("\ufffd", text)


def md_escape(text: str) -> str:
    """Markdown that renders as exactly ``text`` (one paragraph; newlines become spaces)."""
    text = strip_bidi(text).replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", text)


def html_text(text: str) -> str:
    """Text for an HTML context (exports, Plotly hover): escaped, bidi controls made visible."""
    return html.escape(strip_bidi(text), quote=True)


def _escape_inline(text: str) -> str:
    # HTML and LaTeX/directive openers become literal characters
    text = text.replace("\\", "\\\\")
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("$", "\\$")
    text = re.sub(r":(?=[A-Za-z0-9_/+-]+[:\[])", "\\:", text)
    return text


def safe_markdown(text: str) -> str:
    """Markdown from a chronology, made safe to hand to ``st.markdown``.

    Emphasis, lists and paragraphs are kept. ``[text](https://...)`` links are kept;
    other links keep their text only; images become a link to the image (never loaded);
    reference definitions are dropped; raw HTML is shown as text; ``$`` is literal.
    """
    text = strip_bidi(text)
    out: list[str] = []
    pos = 0
    tokens: list[tuple[int, int, str]] = []
    for m in _IMAGE.finditer(text):
        alt, url = m.group(1), m.group(2).strip().strip("<>").split(" ")[0]
        label = f"image: {alt}" if alt.strip() else "image"
        if is_http_url(url):
            tokens.append((m.start(), m.end(), f"[{_escape_inline(label)}]({link_target(url)})"))
        else:
            tokens.append((m.start(), m.end(), f"({_escape_inline(label)})"))
    for m in _LINK.finditer(text):
        if any(s <= m.start() < e for s, e, _ in tokens) or (m.start() > 0 and text[m.start() - 1] == "!"):
            continue
        label, url = m.group(1), m.group(2)
        shown = _escape_inline(label) or _escape_inline(url)
        if is_http_url(url):
            tokens.append((m.start(), m.end(), f"[{shown}]({link_target(url)})"))
        else:
            tokens.append((m.start(), m.end(), shown))
    for m in _AUTOLINK.finditer(text):
        if any(s <= m.start() < e for s, e, _ in tokens):
            continue
        url = m.group(1)
        if is_http_url(url):
            tokens.append((m.start(), m.end(), f"[{_escape_inline(url)}]({link_target(url)})"))
        else:
            tokens.append((m.start(), m.end(), _escape_inline(url)))
    tokens.sort()
    for start, end, replacement in tokens:
        if start < pos:
            continue
        out.append(_escape_inline(text[pos:start]))
        out.append(replacement)
        pos = end
    out.append(_escape_inline(text[pos:]))
    result = "".join(out)
    return _REF_DEF.sub("", result)


def link_target(url: str) -> str:
    """A URL made safe inside ``(...)`` of a Markdown link: trimmed, and the parentheses and
    spaces that would end the link early percent-encoded."""
    return url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29")
