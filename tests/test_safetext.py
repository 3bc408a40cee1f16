"""Chronology text stays text: escaping for Markdown, HTML and links (BAD_INPUTS 31-34)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.safetext import html_text, is_http_url, md_escape, safe_markdown


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://tass.com/politics/1531639", True),
        ("http://example.org/a?b=c#d", True),
        ("HTTPS://EXAMPLE.ORG", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        ("//evil.example/x", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox(1)", False),
        ("ftp://example.org/file", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("", False),
        (None, False),
    ],
)
def test_is_http_url(url: str | None, ok: bool) -> None:
    assert is_http_url(url) is ok


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "<script>alert(1)</script>",
        "![](https://tracker.example/x.png)",
        "[click](javascript:alert(1))",
        "$\\href{javascript:alert(1)}{x}$",
        "%{x} :red[alarm] :material/home: *bold* _it_ `code` # head",
        "a\u202eb",
    ],
)
def test_md_escape_leaves_no_markup(text: str) -> None:
    out = md_escape(text)
    # every Markdown/HTML opener is backslash-escaped, so nothing renders as markup
    for ch in "<>[]()!$*_`#:":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch and i > 0) or ch not in out
    assert "\u202e" not in out


def test_safe_markdown_keeps_http_links_and_emphasis() -> None:
    out = safe_markdown("See *this* [report](https://osce.org/r?a=1) now.")
    assert "[report](https://osce.org/r?a=1)" in out
    assert "*this*" in out


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("[x](javascript:alert(1))", "javascript:"),
        ("[x](//evil.example)", "](//evil"),
        ("[x](data:text/html;base64,AAAA)", "data:"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("<script>alert(1)</script>", "<script"),
        ("$\\href{javascript:alert(1)}{x}$", "$\\href"),
        ("<javascript:alert(1)>", "<javascript"),
        ("[a]: javascript:alert(1)\n\n[x][a]", "]: javascript"),
    ],
)
def test_safe_markdown_neutralises(text: str, forbidden: str) -> None:
    assert forbidden not in safe_markdown(text)


def test_markdown_image_is_not_loaded() -> None:
    out = safe_markdown("before ![pixel](https://tracker.example/x.png) after")
    assert "![" not in out
    # it stays reachable as an ordinary link the reader may choose to open
    assert "[image: pixel](https://tracker.example/x.png)" in out


def test_html_text_escapes_and_marks_bidi() -> None:
    assert html_text('<b a="1">&') == "&lt;b a=&quot;1&quot;&gt;&amp;"
    assert "\u202e" not in html_text("abc\u202edef")


@given(st.text())
def test_safe_markdown_never_emits_raw_angle_brackets(text: str) -> None:
    out = safe_markdown(text)
    assert "<" not in out
    assert ">" not in out.replace("&gt;", "")
    # every "![" is escaped: no image can be made from chronology text
    assert re.search(r"(?<!\\)!\[", out) is None, out


@given(st.text())
def test_md_escape_never_emits_raw_html(text: str) -> None:
    out = md_escape(text)
    assert "<" not in out.replace("\\<", "")
    assert "\n" not in out
