"""Links between events in a real browser (issue 16): a file with links draws its arrows, the
details panel lists the links, and ``?chain=ID`` shows exactly the chain's events, also after a
reload."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.query import apply_filters, from_query_string

from .conftest import ROOT, Server, drawn_ids, wait_plot, wait_ready

pytestmark = pytest.mark.browser

FILE = ROOT / "tests" / "fixtures" / "links.yaml"
FRAME = to_frame(load_path(FILE))


@pytest.fixture(scope="module")
def links_server() -> Iterator[Server]:
    srv = Server(str(FILE))
    yield srv
    srv.stop()


def arrows(page: Any) -> list[str]:
    """Names of the link arrows drawn: the figure's annotations named ``link <type> <a> -> <b>``."""
    frame = wait_plot(page)
    return list(
        frame.evaluate(
            """() => {
            const g = document.querySelector('.js-plotly-plot');
            return (g.layout.annotations || []).map(a => a.name || '').filter(n => n.startsWith('link '));
        }"""
        )
    )


def expected(query: str) -> set[str]:
    state, warnings = from_query_string(query)
    assert warnings == []
    return set(apply_filters(FRAME, state)["id"])


def test_the_arrows_are_drawn_and_switched_off(links_server: Server, page: Any) -> None:
    page.goto(links_server.url + "/")
    wait_ready(page)
    assert sorted(drawn_ids(page)) == sorted(FRAME["id"])
    assert "link causes council-vote -> invasion" in arrows(page)
    assert len(arrows(page)) == 7
    # the arrows are drawn in the SVG (plotly's annotation arrows), and the legend names the types
    # (in the timeline component's frame)
    frame = wait_plot(page)
    assert frame.locator(".annotation-arrow-g path").count() >= 7
    assert frame.get_by_text("→ causes").count() >= 1
    page.goto(links_server.url + "/?links=0")
    wait_ready(page)
    assert arrows(page) == []


@pytest.mark.parametrize(
    "query",
    [
        "chain=invasion",
        "chain=invasion&depth=1&dir=back",
        "chain=recognition&dir=forward&depth=3",
        "chain=sanctions&dir=back&depth=5",
    ],
)
def test_chain_url_shows_exactly_the_chain_after_a_reload(links_server: Server, page: Any, query: str) -> None:
    want = expected(query)
    page.goto(f"{links_server.url}/?{query}")
    wait_ready(page)
    assert set(drawn_ids(page)) == want
    assert page.get_by_text(f"{len(want)} events linked to", exact=False).count() >= 1
    page.reload()
    wait_ready(page)
    assert set(drawn_ids(page)) == want
    for part in query.split("&"):
        assert part in page.url


def test_details_list_the_links_and_follow_them(links_server: Server, page: Any) -> None:
    page.goto(links_server.url + "/?event=invasion")
    wait_ready(page)
    # the details panel is drawn once the chart beside it has said its width (one more rerun)
    page.locator("button", has_text="Caused by: 22 Feb 2022: Council vote").first.wait_for(timeout=30_000)
    wait_ready(page)
    for label in ("Caused by: 22 Feb 2022: Council vote", "Has part: 25 Feb 2022: Northern offensive"):
        assert page.locator("button", has_text=label).count() >= 1
    # a link's note is text: no HTML and no javascript: link from the chronology reaches the page
    assert page.locator("a[href^='javascript']").count() == 0
    page.locator("button", has_text="Follow its links (chain)").first.click()
    wait_ready(page)
    assert "chain=invasion" in page.url
    assert set(drawn_ids(page)) == expected("chain=invasion")
