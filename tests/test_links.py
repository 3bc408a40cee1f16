"""Typed links between events (issue 16): the format, the loader's checks, following a chain.

Every check reports at the link's own ``file:line:column`` with a fix, drops the broken link and
keeps the event; a chain is followed back, forward and both ways to a depth, the same on the
frame as on a store (tests/store/test_links_store.py).
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.core.frame import event_extras, to_frame
from dashboard.core.links import (
    LINK_TYPES,
    Link,
    chain_phrase,
    cycle_links,
    cycles,
    decode_link,
    encode_link,
    links_from_columns,
    notes_text,
    reachable,
)
from dashboard.core.loader import Chronology, load_bytes, load_path
from dashboard.core.models import LinkModel
from dashboard.core.query import (
    FilterState,
    apply_filters,
    check_against,
    describe,
    facet_counts_all,
    from_query_params,
    from_query_string,
    to_query_params,
    to_query_string,
)

FIXTURES = Path(__file__).parent / "fixtures"
LINKS = FIXTURES / "links.yaml"

# The expected chains of tests/fixtures/links.yaml: (chain, dir, depth) -> ids
EXPECTED: dict[tuple[str, str, int], set[str]] = {
    ("invasion", "back", 1): {"invasion", "council-vote"},
    ("invasion", "back", 2): {"invasion", "council-vote", "recognition"},
    ("invasion", "back", 3): {"invasion", "council-vote", "recognition"},
    ("invasion", "forward", 1): {"invasion", "offensive-north", "un-resolution"},
    ("invasion", "forward", 2): {"invasion", "offensive-north", "un-resolution", "sanctions"},
    ("invasion", "both", 1): {"invasion", "council-vote", "offensive-north", "un-resolution", "denial"},
    ("invasion", "both", 2): {
        "invasion", "council-vote", "recognition", "offensive-north", "un-resolution", "sanctions", "denial",
    },
    ("invasion", "both", 3): {
        "invasion", "council-vote", "recognition", "recognition-twice", "offensive-north", "un-resolution",
        "sanctions", "denial",
    },
    ("recognition", "forward", 2): {"recognition", "council-vote", "invasion"},
    ("recognition", "forward", 10): {
        "recognition", "council-vote", "invasion", "offensive-north", "un-resolution", "sanctions",
    },
    ("recognition", "back", 2): {"recognition"},
    ("recognition", "both", 1): {"recognition", "council-vote", "recognition-twice"},
    ("sanctions", "back", 2): {"sanctions", "un-resolution", "invasion"},
    ("sanctions", "back", 5): {"sanctions", "un-resolution", "invasion", "council-vote", "recognition"},
    ("offensive-north", "back", 1): {"offensive-north", "invasion"},
    ("offensive-north", "forward", 3): {"offensive-north"},
    ("unrelated", "both", 5): {"unrelated"},
    ("nowhere", "both", 2): set(),
}  # fmt: skip


def load_text(text: str) -> Chronology:
    return load_bytes(text.encode("utf-8"), file="case.yaml")


@pytest.fixture(scope="module")
def chron() -> Chronology:
    return load_path(LINKS)


# --------------------------------------------------------------------------- the format


def test_the_fixture_loads_without_problems(chron: Chronology) -> None:
    assert chron.problems == []
    assert len(chron.events) == 9


def test_link_types_are_those_of_the_model() -> None:
    assert typing.get_args(LinkModel.model_fields["type"].annotation) == LINK_TYPES


@pytest.mark.parametrize("kind", LINK_TYPES)
def test_each_type_loads(kind: str) -> None:
    chron = load_text(
        "sources:\n  s: {publisher: P, url: 'https://p.org'}\n"
        "events:\n"
        "  - {id: a, date: 2020, title: A, category: c}\n"
        f"  - {{id: b, date: 2021, title: B, category: c, links: [{{to: a, type: {kind}, note: N, sources: [s]}}]}}\n"
    )
    assert chron.problems == []
    b = chron.event("b")
    assert b is not None
    assert b.links == [Link("a", kind, "N", ("s",))]


def test_links_keep_note_and_sources(chron: Chronology) -> None:
    ev = chron.event("recognition")
    assert ev is not None
    assert ev.links == [Link("council-vote", "causes", "The vote followed the **recognition** request.", ("src-a",))]
    assert ev.related == []  # related stays a separate, untyped list


def test_the_frame_keeps_the_links(chron: Chronology) -> None:
    frame = to_frame(chron)
    row = frame.set_index("id").loc["un-resolution"]
    assert row["links"] == ["responds-to:invasion"]
    extras = event_extras(chron)
    at = int(frame.index[frame["id"] == "un-resolution"][0])
    rebuilt = links_from_columns(row["links"], extras["link_notes"].iloc[at])
    ev = chron.event("un-resolution")
    assert ev is not None
    assert rebuilt == ev.links


def test_encode_and_decode() -> None:
    assert encode_link("causes", "x-1") == "causes:x-1"
    assert decode_link("causes:x-1") == ("causes", "x-1")
    assert decode_link(" part-of : y ") == ("part-of", "y")
    assert decode_link("nothing") is None
    links = [Link("a", "causes", "n;o:te", ("s1", "s2")), Link("b", "same-as")]
    assert links_from_columns([encode_link(x.type, x.to) for x in links], notes_text(links)) == links
    assert notes_text([Link("b", "same-as")]) is None


# --------------------------------------------------------------------------- the checks

BASE = "sources:\n  s1: {publisher: P, url: 'https://p.org'}\nevents:\n"


def event(eid: str, links: str = "") -> str:
    text = f"  - id: {eid}\n    date: 2022-01-01\n    title: {eid.upper()}\n    category: c\n"
    return text + (f"    links:\n{links}" if links else "")


def problems(chron: Chronology) -> list[str]:
    return [str(p) for p in chron.problems]


def test_unknown_target_with_did_you_mean() -> None:
    chron = load_text(BASE + event("alpha") + event("beta", "      - {to: alpah, type: causes}\n"))
    assert problems(chron) == [
        "case.yaml:13:14: 'links[1]': linked event 'alpah' does not exist (did you mean 'alpha'?) -- "
        "use the id of an event in this chronology; the link is left out until then"
    ]
    beta = chron.event("beta")
    assert beta is not None
    assert beta.links == []  # the event stays, the link is dropped


def test_link_to_a_skipped_event_says_so() -> None:
    bad = "  - id: gamma\n    date: 2022-13-45\n    title: G\n    category: c\n"
    chron = load_text(BASE + bad + event("beta", "      - {to: gamma, type: causes}\n"))
    assert any("linked event 'gamma' was skipped because of its own problems" in p for p in problems(chron))


def test_link_to_itself() -> None:
    chron = load_text(BASE + event("alpha", "      - {to: alpha, type: causes}\n"))
    assert problems(chron) == [
        "case.yaml:9:14: 'links[1]': event 'alpha' links to itself -- link to another event's id, or remove this link"
    ]
    assert chron.event("alpha") is not None


def test_unknown_type_with_did_you_mean() -> None:
    chron = load_text(
        BASE
        + event("alpha")
        + event("beta", "      - {to: alpha, type: respond-to}\n      - {to: alpha, type: causes}\n")
    )
    assert problems(chron) == [
        "case.yaml:13:27: 'links[1].type': unknown link type 'respond-to' (did you mean 'responds-to'?) -- "
        "write one of causes, responds-to, part-of, contradicts, same-as; the link is left out until then"
    ]
    beta = chron.event("beta")
    assert beta is not None
    assert beta.links == [Link("alpha", "causes")]


@pytest.mark.parametrize("kind", ["causes", "part-of"])
def test_a_cycle_is_reported_naming_every_event(kind: str) -> None:
    chron = load_text(
        BASE
        + event("one", f"      - {{to: two, type: {kind}}}\n")
        + event("two", f"      - {{to: three, type: {kind}}}\n")
        + event("three", f"      - {{to: one, type: {kind}}}\n")
    )
    assert problems(chron) == [
        f"case.yaml:21:14: '{kind}' link from 'three' to 'one' closes a cycle: one -> two -> three -> one -- "
        f"a chain of '{kind}' links cannot lead back to where it starts: remove or reverse one of these links "
        "(this one is left out until then)"
    ]
    three = chron.event("three")
    assert three is not None
    assert three.links == []


def test_a_cycle_of_two_and_other_types_are_no_cycle() -> None:
    chron = load_text(
        BASE
        + event("one", "      - {to: two, type: causes}\n      - {to: two, type: contradicts}\n")
        + event("two", "      - {to: one, type: causes}\n      - {to: one, type: contradicts}\n")
    )
    assert len(chron.problems) == 1
    assert "closes a cycle: one -> two -> one" in chron.problems[0].message
    two = chron.event("two")
    assert two is not None
    assert two.links == [Link("one", "contradicts")]


def test_unknown_source_of_a_link_keeps_the_link() -> None:
    chron = load_text(BASE + event("alpha") + event("beta", "      - {to: alpha, type: causes, sources: [s2]}\n"))
    assert problems(chron) == [
        "case.yaml:13:45: 'links[1].sources': unknown source id 's2' -- "
        "a link cites sources of the registry (sources: at the top) by id"
    ]
    beta = chron.event("beta")
    assert beta is not None
    assert beta.links == [Link("alpha", "causes")]


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ("    links: alpha\n", "case.yaml:12:12: 'links' must be a list, got text"),
        ("    links: [alpha]\n", "case.yaml:12:13: 'links[1]': a link must be a mapping, got text"),
        ("    links: [{type: causes}]\n", "case.yaml:12:13: missing required field 'to' in 'links[1]'"),
        ("    links: [{to: alpha, type: causes, why: x}]\n", "case.yaml:12:39: unknown field 'why' in 'links[1]'"),
        ("    links: [{to: Alpha, type: causes}]\n", "case.yaml:12:18: 'links[1].to': invalid id 'Alpha'"),
        (
            "    links: [{to: alpha, type: causes}, {to: alpha, type: causes}]\n",
            "case.yaml:12:45: 'links[2]': a second 'causes' link to 'alpha' (the first is links[1])",
        ),
    ],
)
def test_malformed_links_are_reported_and_dropped(links: str, expected: str) -> None:
    chron = load_text(BASE + event("alpha") + event("beta").rstrip("\n") + "\n" + links)
    assert chron.problems, links
    assert str(chron.problems[0]).startswith(expected)
    assert " -- " in str(chron.problems[0])  # every problem says how to fix it
    assert chron.event("beta") is not None


def test_validate_reports_link_problems(tmp_path: Path) -> None:
    from dashboard.cli import main

    path = tmp_path / "bad.yaml"
    path.write_text(BASE + event("alpha") + event("beta", "      - {to: alpah, type: causes}\n"), encoding="utf-8")
    assert main(["validate", str(path)]) == 1


def test_cycles_helper() -> None:
    assert cycles([("a", "b", 0), ("b", "a", 1)]) == [(["a", "b"], 1)]
    assert cycles([("a", "b", 0), ("b", "c", 1)]) == []
    found = cycles([("a", "b", 0), ("b", "a", 1), ("c", "c2", 2), ("c2", "c", 3)])
    assert [key for _m, key in found] == [1, 3]


# --------------------------------------------------------------------------- following a chain


@pytest.mark.parametrize(("start", "direction", "depth"), list(EXPECTED))
def test_chain_on_the_frame(chron: Chronology, start: str, direction: str, depth: int) -> None:
    frame = to_frame(chron)
    state = FilterState(chain=start, depth=depth, direction=direction)  # type: ignore[arg-type]
    assert set(apply_filters(frame, state)["id"]) == EXPECTED[(start, direction, depth)]


def test_chain_from_the_url_with_other_filters(chron: Chronology) -> None:
    frame = to_frame(chron)
    state, warnings = from_query_string("chain=invasion&depth=2&category=diplomacy")
    assert warnings == []
    assert set(apply_filters(frame, state)["id"]) == {"un-resolution", "sanctions", "denial"}
    counts = dict(facet_counts_all(frame, state)["category"])
    assert counts == {"politics": 2, "war": 2, "diplomacy": 3}


def test_reachable_is_bounded_by_depth() -> None:
    edges = [(str(i), str(i + 1), "causes") for i in range(30)]
    assert reachable(edges, "0", depth=10, direction="forward") == {str(i) for i in range(11)}
    assert reachable(edges, "30", depth=3, direction="back") == {"30", "29", "28", "27"}
    with pytest.raises(ValueError, match="unknown direction"):
        reachable(edges, "0", direction="sideways")


def test_the_sentence(chron: Chronology) -> None:
    state = FilterState(chain="invasion")
    assert describe(state, 7, 9, chain_title="Invasion") == "7 events linked to “Invasion”: 2 steps back and forward"
    state = FilterState(chain="invasion", depth=1, direction="back", categories=("war",))
    assert describe(state, 1, 9) == "1 event linked to “invasion”: 1 step back; war"
    assert chain_phrase(3, "forward") == "3 steps forward"


def test_unknown_chain_event_is_a_warning(chron: Chronology) -> None:
    warnings = check_against(FilterState(chain="nowhere"), to_frame(chron))
    assert warnings == ["No event has the id “nowhere” (chain=nowhere): no links to follow."]


# --------------------------------------------------------------------------- the URL


@pytest.mark.parametrize(
    ("query", "fields", "n_warnings"),
    [
        ("chain=a", {"chain": "a"}, 0),
        ("chain=a&depth=5&dir=back", {"chain": "a", "depth": 5, "direction": "back"}, 0),
        ("chain=a&dir=forward", {"chain": "a", "direction": "forward"}, 0),
        ("links=0", {"links": False}, 0),
        ("links=1", {"links": True}, 0),
        ("links=yes", {}, 1),
        ("depth=0", {}, 1),
        ("depth=11", {}, 1),
        ("depth=two", {}, 1),
        ("dir=up", {}, 1),
    ],
)
def test_url_parameters(query: str, fields: dict[str, object], n_warnings: int) -> None:
    state, warnings = from_query_string(query)
    assert state == FilterState().replace(**fields)
    assert len(warnings) == n_warnings
    for w in warnings:
        assert "Ignored" in w
        assert "use" in w


@given(
    chain=st.none() | st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True),
    depth=st.integers(1, 10),
    direction=st.sampled_from(["back", "forward", "both"]),
    links=st.none() | st.booleans(),
)
def test_url_round_trip(chain: str | None, depth: int, direction: str, links: bool | None) -> None:
    state = FilterState(chain=chain, depth=depth, direction=direction, links=links)  # type: ignore[arg-type]
    again, warnings = from_query_params(to_query_params(state))
    assert warnings == []
    assert again == state
    assert from_query_string(to_query_string(state))[0] == state


def test_chain_makes_the_state_filtered() -> None:
    assert FilterState(chain="x").is_filtered()
    assert not FilterState(links=True).is_filtered()
    assert not FilterState(depth=3).is_filtered()


@given(st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9)), max_size=40))
def test_cycle_links_finds_what_cycles_finds(pairs: list[tuple[int, int]]) -> None:
    pairs = [(a, b) for a, b in dict.fromkeys(pairs) if a != b]
    names = [f"e{i}" for i in range(10)]
    expected = cycles([(names[a], names[b], i) for i, (a, b) in enumerate(pairs)])
    got = cycle_links([a for a, _ in pairs], [b for _, b in pairs], names)
    assert got == [(members, key) for members, key in expected]


def test_cycle_links_past_a_long_path() -> None:
    names = [f"e{i}" for i in range(300)]
    src, dst = [*range(299), 10, 30], [*range(1, 300), 5, 3]  # 269 links past the cycles
    got = cycle_links(src, dst, names)
    assert got == cycles([(names[a], names[b], i) for i, (a, b) in enumerate(zip(src, dst, strict=True))])
    assert [key for _m, key in got] == [300, 299]
