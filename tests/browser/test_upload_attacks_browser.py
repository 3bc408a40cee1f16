"""Resource attacks uploaded through the browser (BAD_INPUTS 1-7) end in a message, and the
server keeps serving: a second session opened afterwards loads and filters normally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dashboard.core.loader import load_path

from .conftest import ROOT, Server, wait_ready

pytestmark = pytest.mark.browser

DEFAULT = load_path(ROOT / "events.yaml")


def _alias_bomb() -> bytes:
    lines = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = name
    return ("\n".join(lines) + "\nevents: []\n").encode()


def _big_string_aliases() -> bytes:
    head = "s: &s " + "x" * 100_000 + "\nevents:\n"
    body = "".join(f"  - {{id: e{i}, date: 2022-01-01, title: *s, category: c}}\n" for i in range(5000))
    return (head + body).encode()


ATTACKS: dict[str, tuple[bytes, str]] = {
    "1-alias-bomb.yaml": (_alias_bomb(), "anchors/aliases over budget"),
    "2-big-string-aliases.yaml": (_big_string_aliases(), "anchors/aliases over budget"),
    "3-deep-brackets.yaml": (b"[" * 25_000, "nesting is deeper"),
    "4-unclosed-braces.yaml": (b"{" * 100_000, "nesting is deeper"),
    "5-nested-dashes.yaml": ("".join("  " * i + "-\n" for i in range(1100)).encode(), "nesting is deeper"),
    "6-too-big.yaml": (b"events: []\n" + b"#" * (6 * 1024 * 1024), "5.0MB or smaller"),
    "7-python-tag.yaml": (
        b"events: !!python/object/apply:os.system ['touch /tmp/pwned-by-upload']\n",
        "tags are not allowed",
    ),
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_upload_gives_a_message_and_server_survives(
    server: Server, browser: Any, tmp_path: Path, name: str
) -> None:
    data, expected = ATTACKS[name]
    path = tmp_path / name
    path.write_bytes(data)
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    page.goto(server.url + "/")
    wait_ready(page)
    page.locator("[data-testid=stSidebar] input[type=file]").first.set_input_files(str(path))
    # the message is in the page (for files that were read: in the problems list, with the
    # file's name, line and column, behind a visible "0 events loaded ... problem" notice)
    page.get_by_text(expected, exact=False).first.wait_for(state="attached", timeout=90_000)
    wait_ready(page)
    if not name.startswith("6-"):
        assert page.get_by_text(f"{name}:", exact=False).count() >= 1
        page.get_by_text("0 events loaded", exact=False).first.wait_for(timeout=30_000)
    assert not Path("/tmp/pwned-by-upload").exists()
    assert server.proc.poll() is None, "the server process died"
    ctx.close()
    # a second session, opened afterwards, loads and filters normally
    ctx2 = browser.new_context(viewport={"width": 1400, "height": 1000})
    page2 = ctx2.new_page()
    page2.goto(server.url + "/?category=treaty")
    wait_ready(page2)
    n = sum(1 for e in DEFAULT.events if e.category == "treaty")
    page2.get_by_text(f"{n} of {len(DEFAULT.events)} events", exact=False).first.wait_for(timeout=30_000)
    ctx2.close()
