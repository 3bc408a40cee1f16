"""The default chronology (events.yaml): loads without problems and states the core facts.

These tests pin the checked facts of the default dataset (dates, vote counts, sources) and the
places where the TASS article of 2 November 2022 differs from independent sources, so that an
edit of events.yaml cannot silently drop or change them.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dashboard.loader import load_path

EVENTS_FILE = Path(__file__).resolve().parents[1] / "events.yaml"
ARTICLE = "tass-2022-11-02"
CATEGORIES = [
    "recognition",
    "referendum",
    "treaty",
    "legislation",
    "military",
    "diplomacy",
    "statement",
    "international-response",
]
# Terms of one side: allowed in titles and summaries only inside double quotes (attributed).
LOADED_TERMS = ("special military operation", "kiev regime", "liberat")
QUOTED = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d')


@pytest.fixture(scope="module")
def chron():
    return load_path(EVENTS_FILE)


@pytest.fixture(scope="module")
def events(chron):
    return {ev.id: ev for ev in chron.events}


def _day(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).date().isoformat()


def _step_event_id(step) -> str:
    return getattr(step.event, "id", step.event)


def _flat(text: str | None) -> str:
    """The text with every run of whitespace (line breaks of YAML blocks) as one space."""
    return " ".join((text or "").split())


def test_loads_without_problems(chron):
    assert [str(p) for p in chron.problems] == []
    assert len(chron.events) >= 20


def test_categories_declared_with_colours(chron):
    assert list(chron.categories) == CATEGORIES
    colours = [cat.color for cat in chron.categories.values()]
    assert all(colours), "every category has a colour"
    assert len(set(colours)) == len(colours), "colours are distinct"
    for ev in chron.events:
        assert ev.category in chron.categories, ev.id


@pytest.mark.parametrize(
    ("event_id", "edtf"),
    [
        ("escalation-feb-2022", "2022-02-17/2022-02-21"),
        ("recognition-dpr-lpr", "2022-02-21"),
        ("friendship-treaties-2022", "2022-02-21"),
        ("putin-boundaries-statement", "2022-02-22"),
        ("invasion-2022", "2022-02-24"),
        ("unga-es-11-1", "2022-03-02"),
        ("referendums-2022", "2022-09-23/2022-09-27"),
        ("recognition-kherson-zaporizhzhia", "2022-09-29"),
        ("accession-treaties-2022", "2022-09-30"),
        ("nsdc-decision-decree-679", "2022-09-30"),
        ("nato-application-2022", "2022-09-30"),
        ("ratification-2022", "2022-10-02/2022-10-05"),
        ("unga-es-11-4", "2022-10-12"),
        ("zakharova-briefing-2022-11-02", "2022-11-02"),
        ("unga-68-262", "2014-03-27"),
        ("minsk-ii-2015", "2015-02-12"),
    ],
)
def test_core_dates(events, event_id, edtf):
    assert events[event_id].date.edtf == edtf


def test_intervals_span_their_days(events):
    referendums = events["referendums-2022"].date
    assert referendums.interval
    assert _day(referendums.earliest) == "2022-09-23"
    assert _day(referendums.latest) == "2022-09-27"


@pytest.mark.parametrize(
    ("event_id", "counts"),
    [
        ("unga-68-262", ("100 for", "11 against", "58 abstentions")),
        ("unga-es-11-1", ("141 for", "5 against", "35 abstentions")),
        ("unga-es-11-4", ("143 for", "5 against", "35 abstentions")),
    ],
)
def test_un_general_assembly_vote_counts(events, event_id, counts):
    summary = events[event_id].summary
    for count in counts:
        assert re.search(rf"\b{count}\b", summary), (event_id, count)


def test_every_event_cites_a_source_with_a_web_address(chron):
    for ev in chron.events:
        assert ev.sources, f"{ev.id} cites no source"
        for source_id in ev.sources:
            source = chron.sources[source_id]
            assert source.url, (ev.id, source_id)
            assert source.url.startswith(("https://", "http://")), (ev.id, source_id)


def test_sources_in_registry_are_complete(chron):
    for source in chron.sources.values():
        assert source.publisher, source.id
        assert source.title, source.id
        assert source.url.startswith(("https://", "http://")), source.id
    article = chron.sources[ARTICLE]
    assert article.publisher == "TASS"
    assert article.url == "https://tass.com/politics/1531639"
    assert article.date == "2022-11-02"


def test_events_from_the_article_cite_it_beside_an_independent_source(chron):
    from_article = [ev for ev in chron.events if ARTICLE in ev.sources]
    assert len(from_article) >= 8
    for ev in from_article:
        assert any(s != ARTICLE for s in ev.sources), f"{ev.id} cites only the article"


def test_related_links_resolve(chron, events):
    for ev in chron.events:
        for other in ev.related:
            assert other in events, (ev.id, other)


def test_stories_for_class(chron, events):
    assert len(chron.stories) >= 3
    for story in chron.stories:
        assert len(story.steps) >= 5, story.id
        for step in story.steps:
            assert _step_event_id(step) in events, (story.id, step)
            assert _flat(step.note), (story.id, _step_event_id(step))


def test_loaded_terms_only_inside_quotes(chron):
    for ev in chron.events:
        for field in (ev.title, ev.summary or ""):
            outside = QUOTED.sub("", field).lower()
            for term in LOADED_TERMS:
                assert term not in outside, f"{ev.id}: unquoted {term!r}"


def test_invasion_names_the_term_only_as_attributed(events):
    invasion = events["invasion-2022"]
    assert '"special military operation"' in invasion.summary
    assert "full-scale invasion" in invasion.summary


# The five differences between the article and other sources (FACTS.md), each visible.


def test_decree_date_and_the_articles_late_october(events):
    decree = events["nsdc-decision-decree-679"]
    assert decree.date.edtf == "2022-09-30"
    assert decree.display_date is None, "the label must be the real date"
    assert _day(decree.date.earliest) == "2022-09-30"
    assert "published on 4 October 2022" in _flat(decree.summary)
    notes = _flat(decree.notes)
    assert '"in late October"' in notes
    assert '"fully excluding any talks whatsoever"' in notes
    assert "impossibility of holding negotiations" in notes
    assert "not an outright ban" in notes


def test_escalation_gives_both_accounts_and_the_osce_counts(events):
    escalation = events["escalation-feb-2022"]
    assert escalation.status == "disputed"
    summary = _flat(escalation.summary)
    text = summary + " " + _flat(escalation.notes)
    for count in ("222 (17 Feb)", "591 (18 Feb)", "2,158 (18-20 Feb)", "703 (21 Feb)"):
        assert count in summary, f"Donetsk {count}"
    for count in ("648 (17 Feb)", "975 (18 Feb)", "1,224 (21 Feb)"):
        assert count in summary, f"Luhansk {count}"
    assert "Stanytsia Luhanska" in summary
    assert "as reported by TASS" in summary, "the DPR/LPR account is attributed"
    assert "each side blamed the other" in text


def test_boundaries_come_from_the_news_conference_of_22_february(events):
    assert "did not define the territory" in _flat(events["recognition-dpr-lpr"].notes)
    statement = events["putin-boundaries-statement"]
    assert statement.date.edtf == "2022-02-22"
    assert "news conference" in _flat(statement.summary)
    assert "Minsk agreements no longer exist" in _flat(statement.summary)


def test_decrees_of_29_september_are_included(events):
    decrees = events["recognition-kherson-zaporizhzhia"]
    assert decrees.date.edtf == "2022-09-29"
    assert "Left out of the TASS article" in _flat(decrees.notes)
    assert ARTICLE not in decrees.sources


def test_referendums_are_marked_disputed(events):
    referendums = events["referendums-2022"]
    assert referendums.status == "disputed"
    assert "87.05%" in referendums.summary
    assert "99.23%" in referendums.summary
