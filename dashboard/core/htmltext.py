"""HTML <-> text for imports and exports: imported HTML never stays HTML.

- :func:`html_to_markdown` turns HTML from another tool (TimelineJS text, captions) into the
  Markdown of the chronology format: ``<a href>`` becomes ``[text](url)`` when the link is
  http/https (otherwise only its text is kept), ``<b>``/``<strong>`` become ``**``,
  ``<i>``/``<em>`` become ``*``, ``<p>``/``<div>``/``<br>`` become line breaks, list items
  become ``- `` lines, ``<blockquote>`` becomes ``> `` lines, images and embedded frames
  become links (never loaded); every other tag is dropped (its text kept), ``<script>`` and
  ``<style>`` are dropped with their content, entities are decoded, and characters that
  Markdown would read as markup (``* _ ` [ ] \\``) are escaped.
- :func:`html_to_text` gives the plain text (titles, captions, labels): tags dropped,
  entities decoded, whitespace collapsed.
- :func:`markdown_to_html` goes the other way for the exports (TimelineJS text, the offline
  HTML page): it escapes everything and rebuilds only paragraphs, line breaks, ``-``/``1.``
  lists, ``>`` quotes, emphasis, code and http/https links. Images become links.

Pure Python (``html.parser`` from the standard library); no Streamlit.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .safetext import html_link, html_text, is_http_url, link_target

__all__ = ["html_links", "html_to_markdown", "html_to_text", "markdown_to_html", "md_text"]

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "main", "nav", "figure",
        "figcaption", "table", "tr", "ul", "ol", "dl", "dt", "dd", "pre", "hr", "address",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "li", "caption", "tbody", "thead",
    }
)  # fmt: skip
_SKIP_CONTENT = frozenset({"script", "style", "template", "noscript", "head", "title", "object", "svg", "math"})
_VOID = frozenset({"br", "img", "hr", "wbr", "input", "meta", "link", "source", "track", "area", "col", "embed"})
_MD_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]])")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_RUN_OF_SPACES = re.compile(r" {2,}")


def md_text(text: str) -> str:
    """Plain text as Markdown that shows the same characters (emphasis and link marks escaped)."""
    return _MD_INLINE_SPECIAL.sub(r"\\\1", text)


class _Converter(HTMLParser):
    """HTML -> Markdown (``markdown=True``) or plain text."""

    def __init__(self, *, markdown: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.markdown = markdown
        self.out: list[str] = []
        # open inline constructs: (tag, index in out where their content starts, extra)
        self.inline: list[tuple[str, int, str]] = []
        self.blocks: list[tuple[str, int]] = []  # open blockquotes / lists: (tag, index)
        self.skip = 0
        self.list_stack: list[list[int]] = []  # per open list: [kind 0=ul 1=ol, counter]

    # -- helpers
    def _text(self, text: str) -> None:
        if self.skip:
            return
        text = _SPACES.sub(" ", text)
        if not text:
            return
        self.out.append(md_text(text) if self.markdown else text)

    def _break(self, paragraph: bool) -> None:
        self.out.append("\n\n" if paragraph else "\n")

    # -- parser callbacks
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k.lower(): (v or "") for k, v in attrs}
        if tag in _SKIP_CONTENT:
            if tag not in _VOID:
                self.skip += 1
            return
        if self.skip:
            return
        if tag == "br":
            self._break(False)
            return
        if tag in ("img", "iframe", "embed", "video", "audio"):
            url = attr.get("src", "").strip()
            label = attr.get("alt", "").strip() or attr.get("title", "").strip()
            kind = "image" if tag == "img" else "embedded content"
            text = f"{kind}: {label}" if label else kind
            if self.markdown and is_http_url(url):
                self.out.append(f"[{md_text(text)}]({link_target(url)})")
            elif label:
                self.out.append(md_text(label) if self.markdown else label)
            if tag in ("iframe", "video", "audio"):
                self.skip += 1  # fallback content inside the frame is not text of the page
            return
        if tag in _BLOCK_TAGS:
            self._break(tag != "li")
            if tag == "li":
                if self.markdown:
                    if self.list_stack and self.list_stack[-1][0] == 1:
                        self.list_stack[-1][1] += 1
                        self.out.append(f"{self.list_stack[-1][1]}. ")
                    else:
                        self.out.append("- ")
                self.blocks.append(("li", len(self.out)))
            elif tag in ("ul", "ol"):
                self.list_stack.append([1 if tag == "ol" else 0, 0])
            elif tag == "blockquote":
                self.blocks.append(("blockquote", len(self.out)))
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt"):
                self.inline.append(("strong", len(self.out), ""))
            return
        if tag == "a":
            self.inline.append(("a", len(self.out), attr.get("href", "").strip()))
        elif tag in ("b", "strong"):
            self.inline.append(("strong", len(self.out), ""))
        elif tag in ("i", "em", "cite"):
            if tag == "cite" and any(t == "blockquote" for t, _ in self.blocks):
                self._break(False)
                self.out.append("— ")
            self.inline.append(("em", len(self.out), ""))
        elif tag == "code":
            self.inline.append(("code", len(self.out), ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_CONTENT or (tag in ("iframe", "video", "audio") and self.skip):
            if self.skip:
                self.skip -= 1
            return
        if self.skip:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt"):
            self._close_inline("strong")
            self._break(True)
            return
        if tag in _BLOCK_TAGS:
            if tag in ("ul", "ol") and self.list_stack:
                self.list_stack.pop()
            elif tag in ("li", "blockquote"):
                self._close_block(tag)
            if tag != "li":
                self._break(True)
            return
        if tag == "a":
            self._close_inline("a")
        elif tag in ("b", "strong"):
            self._close_inline("strong")
        elif tag in ("i", "em", "cite"):
            self._close_inline("em")
        elif tag == "code":
            self._close_inline("code")

    def handle_data(self, data: str) -> None:
        self._text(data)

    # -- closing constructs
    def _close_inline(self, kind: str) -> None:
        for k in range(len(self.inline) - 1, -1, -1):
            if self.inline[k][0] == kind:
                break
        else:
            return  # a closing tag without its opening: ignored
        # close everything opened after it too (HTML as written by people is not always nested)
        while len(self.inline) > k:
            what, start, extra = self.inline.pop()
            self._wrap(what, start, extra)

    def _wrap(self, what: str, start: int, extra: str) -> None:
        content = "".join(self.out[start:])
        del self.out[start:]
        if not self.markdown:
            self.out.append(content)
            return
        core = content.strip()
        lead = content[: len(content) - len(content.lstrip())]
        trail = content[len(content.rstrip()) :]
        if not core:
            if what == "a" and is_http_url(extra):
                self.out.append(f"{lead}[{md_text(extra)}]({link_target(extra)}){trail}")
            else:
                self.out.append(content)
            return
        if what == "a":
            wrapped = f"[{core}]({link_target(extra)})" if is_http_url(extra) else core
        elif what == "strong":
            wrapped = f"**{core}**"
        elif what == "em":
            wrapped = f"*{core}*"
        else:
            wrapped = f"`{core.replace('`', '')}`"
        self.out.append(f"{lead}{wrapped}{trail}")

    def _close_block(self, kind: str) -> None:
        for k in range(len(self.blocks) - 1, -1, -1):
            if self.blocks[k][0] == kind:
                break
        else:
            return
        _, start = self.blocks[k]
        del self.blocks[k:]
        if kind != "blockquote" or not self.markdown:
            return
        content = _tidy("".join(self.out[start:]))
        del self.out[start:]
        if content:
            self.out.append("\n".join(f"> {line}" if line else ">" for line in content.split("\n")))

    def result(self) -> str:
        self.close()
        while self.inline:
            what, start, extra = self.inline.pop()
            self._wrap(what, start, extra)
        while self.blocks:
            self._close_block(self.blocks[-1][0])
        return _tidy("".join(self.out))


def _tidy(text: str) -> str:
    """Trim spaces around line breaks, at most one blank line in a row, no outer blank space."""
    lines = [_RUN_OF_SPACES.sub(" ", line.strip()) for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out)


def html_to_markdown(text: str) -> str:
    """Markdown from HTML (see the module docstring); plain text comes back escaped for Markdown."""
    if not text:
        return ""
    if "<" not in text and "&" not in text:  # no markup: the text itself, spaces collapsed as HTML does
        return md_text(_SPACES.sub(" ", text).strip())
    conv = _Converter(markdown=True)
    conv.feed(text)
    return conv.result()


def html_to_text(text: str) -> str:
    """Plain text from HTML, on one line: tags dropped, entities decoded, whitespace collapsed."""
    if not text:
        return ""
    if "<" not in text and "&" not in text:
        return _SPACES.sub(" ", text).strip()
    conv = _Converter(markdown=False)
    conv.feed(text)
    return _SPACES.sub(" ", conv.result()).strip()


class _LinkFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            for k, v in attrs:
                if k.lower() == "href" and v and is_http_url(v.strip()):
                    self.links.append(v.strip())


def html_links(text: str) -> list[str]:
    """The http/https links (``<a href>``) in an HTML fragment."""
    if not text or "<" not in text:
        return []
    finder = _LinkFinder()
    finder.feed(text)
    finder.close()
    return finder.links


# --------------------------------------------------------------------------- Markdown -> HTML

_INLINE = re.compile(
    r"""
      (?P<esc>\\[\\`*_{}\[\]()\#+\-.!|<>$:~&=^@])
    | (?P<img>!\[(?P<ialt>[^\]]*)\]\(\s*<?(?P<iurl>(?:[^()\s<>]|\([^()\s<>]*\))*)>?(?:\s+"[^"]*")?\s*\))
    | (?P<link>\[(?P<ltext>[^\]]*)\]\(\s*<?(?P<lurl>(?:[^()\s<>]|\([^()\s<>]*\))*)>?(?:\s+"[^"]*")?\s*\))
    | (?P<auto><(?P<aurl>https?://[^>\s]+)>)
    | (?P<code>`(?P<ctext>[^`]+)`)
    | (?P<strong>(?:\*\*|__)(?P<stext>\S(?:.*?\S)?)(?:\*\*|__))
    | (?P<em>(?<![\w*])[*_](?P<etext>[^\s*_](?:[^*_]*?[^\s*_])?)[*_](?![\w*]))
    """,
    re.VERBOSE,
)
_LIST_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|(?P<num>[0-9]{1,9})[.)])\s+(?P<text>.*)$")


def _inline_html(text: str) -> str:
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(html_text(text[pos : m.start()]))
        pos = m.end()
        if m.group("esc"):
            out.append(html_text(m.group("esc")[1]))
        elif m.group("img") is not None:
            alt = m.group("ialt") or ""
            label = html_text(f"image: {alt}" if alt.strip() else "image")
            url = m.group("iurl") or ""
            out.append(html_link(url, label))
        elif m.group("link") is not None:
            label_html = _inline_html(m.group("ltext") or "") or html_text(m.group("lurl") or "")
            url = m.group("lurl") or ""
            out.append(html_link(url, label_html))
        elif m.group("auto") is not None:
            url = m.group("aurl") or ""
            out.append(html_link(url, html_text(url)) if is_http_url(url) else html_text(m.group(0)))
        elif m.group("code") is not None:
            out.append(f"<code>{html_text(m.group('ctext') or '')}</code>")
        elif m.group("strong") is not None:
            out.append(f"<strong>{_inline_html(m.group('stext') or '')}</strong>")
        else:
            out.append(f"<em>{_inline_html(m.group('etext') or '')}</em>")
    out.append(html_text(text[pos:]))
    return "".join(out)


def markdown_to_html(text: str) -> str:
    """Safe HTML for Markdown from a chronology (see the module docstring). Never raises."""
    if not text or not text.strip():
        return ""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n").strip())
    parts: list[str] = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith(">") for line in lines):
            inner = "\n".join(line.lstrip()[1:].removeprefix(" ") for line in lines)
            parts.append(f"<blockquote>{markdown_to_html(inner)}</blockquote>")
            continue
        items = [_LIST_ITEM.match(line) for line in lines]
        if all(items):
            ordered = all(m is not None and m.group("num") for m in items)
            tag = "ol" if ordered else "ul"
            body = "".join(f"<li>{_inline_html(m.group('text'))}</li>" for m in items if m is not None)
            parts.append(f"<{tag}>{body}</{tag}>")
            continue
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", lines[0])
        if heading and len(lines) == 1:
            parts.append(f"<p><strong>{_inline_html(heading.group(1))}</strong></p>")
            continue
        parts.append("<p>" + "<br>".join(_inline_html(line.strip()) for line in lines) + "</p>")
    return "".join(parts)
