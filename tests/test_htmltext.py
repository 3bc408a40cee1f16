"""HTML from other tools becomes Markdown or plain text; Markdown for exports becomes safe HTML."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.htmltext import html_links, html_to_markdown, html_to_text, markdown_to_html


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        (
            '<p>See <a href="https://example.org/a_(b)">the page</a>.</p>',
            "See [the page](https://example.org/a_%28b%29).",
        ),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ('<a href="//evil.example/x">x</a> <a href="data:text/html,x">y</a>', "x y"),
        ("<b>bold</b> <strong> strong </strong> <i>it</i> <em>em</em>", "**bold** **strong** *it* *em*"),
        ("<p>one</p><p>two<br>three</p>", "one\n\ntwo\nthree"),
        ("<ul><li>a</li><li>b</li></ul><ol><li>x<li>y</ol>", "- a\n- b\n\n1. x\n2. y"),
        ("<blockquote>Quote <cite>Someone</cite></blockquote>", "> Quote\n> — *Someone*"),
        ("<script>alert(1)</script><style>p{}</style>text", "text"),
        ("<img src=x onerror=alert(1)>", ""),
        ('<img src="https://example.org/i.png" alt="A cat">', "[image: A cat](https://example.org/i.png)"),
        ("a*b_c [d] `e` \\", "a\\*b\\_c \\[d\\] \\`e\\` \\\\"),
        ("&lt;script&gt; &amp; &eacute; &#x263A;", "<script> & é ☺"),
        ('<span class="tl-note">note</span>  with   spaces', "note with spaces"),
        ("<b>unclosed <i>nested", "**unclosed *nested***"),
        ("", ""),
    ],
)
def test_html_to_markdown(html: str, markdown: str) -> None:
    assert html_to_markdown(html) == markdown


def test_html_to_text_and_links() -> None:
    assert html_to_text("<p>A &amp; B</p>\n<p>C<br>D</p>") == "A & B C D"
    assert html_to_text("<i>Treaty</i> <script>x</script>signed") == "Treaty signed"
    assert html_links('<a href="https://a.example">a</a><a href="javascript:x">b</a>') == ["https://a.example"]
    assert html_links("no tags") == []


TAGS = ["<p>", "</p>", "<b>", "</b>", "<i>", "<a href='https://example.org'>", "<a href='javascript:x'>", "</a>",
        "<script>", "</script>", "<img src=x onerror=alert(1)>", "<br>", "<ul>", "<li>", "</ul>", "<blockquote>",
        "</blockquote>", "<iframe src='https://example.org'>", "</iframe>", "<div>", "<span>", "</span>"]  # fmt: skip


@given(st.lists(st.one_of(st.sampled_from(TAGS), st.text("abc *_[] ", max_size=5)), max_size=30))
def test_no_tag_survives_the_conversion(parts: list[str]) -> None:
    html = "".join(parts)
    assert "<" not in html_to_markdown(html)
    assert "<" not in html_to_text(html)
    assert "javascript" not in html_to_markdown(html)


@pytest.mark.parametrize(
    ("markdown", "fragment"),
    [
        ("**b** *i* `c`", "<strong>b</strong> <em>i</em> <code>c</code>"),
        ("[x](https://example.org/(a))", '<a href="https://example.org/(a)" rel="noopener noreferrer nofollow">x</a>'),
        ("[x](javascript:alert(1))", "<p>x</p>"),
        ("![cat](https://example.org/c.png)", '">image: cat</a>'),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("- a\n- b", "<ul><li>a</li><li>b</li></ul>"),
        ("> q\n> r", "<blockquote><p>q<br>r</p></blockquote>"),
        ("one\n\ntwo\nthree", "<p>one</p><p>two<br>three</p>"),
        ("\\*not em\\*", "<p>*not em*</p>"),
        ('" onmouseover="x', "&quot; onmouseover=&quot;x"),
    ],
)
def test_markdown_to_html(markdown: str, fragment: str) -> None:
    assert fragment in markdown_to_html(markdown)


@given(st.text(max_size=200))
def test_markdown_to_html_never_emits_raw_tags_from_text(text: str) -> None:
    out = markdown_to_html(text)
    stripped = (
        out.replace("<p>", "").replace("</p>", "").replace("<br>", "").replace("<strong>", "").replace("</strong>", "")
    )
    for tag in ("<script", "<img", "<iframe", "<style", "javascript:"):
        if tag == "javascript:":
            assert 'href="javascript' not in out.lower()
        else:
            assert tag not in stripped.lower()
