"""The default chronology (events.yaml): loads without problems and states the core facts.

These tests pin the checked facts of the default dataset (dates, vote counts, sources) and the
places where the TASS article of 2 November 2022 differs from independent sources, so that an
edit of events.yaml cannot silently drop or change them. They also pin the file's editorial
rules (see the chronology's description and docs/default-chronology.md): every event cites a
source that is neither state media nor an authority of either side; state media and governments
are labelled the same way; events on the same day have a defined order, which the stories follow;
one rule for `status` and for annexation wording applies to 2014 and 2022 alike; one side's terms
appear only in quotation marks; each OSCE figure cites the report that counts that day.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from dashboard.core.loader import load_path

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
# Terms of one side (or a legal judgement of one side): in titles, summaries, notes and story
# texts they may appear only inside double quotes, that is, attributed.
LOADED_TERMS = (
    "special military operation",
    "kiev regime",
    "liberat",
    "referend",
    "accession",
    "reunification",
    "illegal",
    "sham",
    "terrorist",
    "junta",
    "puppet",
    "nazi",
)
QUOTED = re.compile(r'"[^"\n]*"|\u201c[^\u201d\n]*\u201d')

# A publisher that is state media or an authority of either side says so in its name.
SIDE_LABEL = re.compile(r"\((?:[^()]*;\s*)?(?:Russian|Ukrainian) (?:state|government)\b")
STATE_LABEL = re.compile(r"\((?:[^()]*;\s*)?[A-Z][a-z]+ (?:state|government)\b")
# Addresses of state media and authorities (of any state) whose publisher must carry the label.
STATE_HOSTS = {
    "tass.com": "Russian",
    "tass.ru": "Russian",
    "ria.ru": "Russian",
    "rt.com": "Russian",
    "sputniknews.com": "Russian",
    "kremlin.ru": "Russian",
    "mid.ru": "Russian",
    "duma.gov.ru": "Russian",
    "council.gov.ru": "Russian",
    "president.gov.ua": "Ukrainian",
    "mfa.gov.ua": "Ukrainian",
    "rada.gov.ua": "Ukrainian",
    "ukrinform.net": "Ukrainian",
    "crimea-platform.org": "Ukrainian",
    "prensalatina.com.br": "Cuban",
    "cgtn.com": "Chinese",
    "xinhuanet.com": "Chinese",
    "invest.gov.tr": "Turkish",
}

# Events on the same day, in the order in which they happened (sources in each event's notes,
# under "Order on the day"); each has `order:` so that the timeline, table and stories agree.
SAME_DAY_ORDER = {
    "2022-02-21": ["recognition-dpr-lpr", "friendship-treaties-2022"],
    "2022-02-22": [
        "duma-ratifies-friendship-treaties",
        "federation-council-force-abroad",
        "putin-boundaries-statement",
    ],
    "2022-09-30": [
        "putin-talks-offer-2022",
        "accession-treaties-2022",
        "nsdc-decision-decree-679",
        "nato-application-2022",
        "unsc-veto-2022",
    ],
}
# Stories whose steps claim the order of events (the other one follows the article's differences).
CHRONOLOGICAL_STORIES = ("recognition-to-invasion", "referendums-and-annexation", "negotiations")

# The acts by which Russia claimed Ukrainian territory, 2014 and 2022, and the votes on status.
ANNEXATION_ACTS = {
    "crimea-recognition-2014": "68/262",
    "crimea-treaty-2014": "68/262",
    "crimea-laws-2014": "68/262",
    "recognition-dpr-lpr": "ES-11/1",
    "recognition-kherson-zaporizhzhia": "ES-11/4",
    "accession-treaties-2022": "ES-11/4",
    "ratification-2022": "ES-11/4",
}
STATUS_VOTES = ("crimea-vote-2014", "donbas-status-votes-2014", "referendums-2022")

# OSCE SMM daily reports: number -> (the day or days it counts, as written in the event, and the
# date the report was issued, the day after the last evening counted).
OSCE_REPORTS = {
    38: ("17 Feb", date(2022, 2, 17), date(2022, 2, 18)),
    39: ("18 Feb", date(2022, 2, 18), date(2022, 2, 19)),
    40: ("18-20 Feb", date(2022, 2, 20), date(2022, 2, 21)),
    41: ("21 Feb", date(2022, 2, 21), date(2022, 2, 22)),
    42: ("22 Feb", date(2022, 2, 22), date(2022, 2, 23)),
}


@pytest.fixture(scope="module")
def chron():
    return load_path(EVENTS_FILE)


@pytest.fixture(scope="module")
def events(chron):
    return {ev.id: ev for ev in chron.events}


@pytest.fixture(scope="module")
def stories(chron):
    return {story.id: story for story in chron.stories}


def _day(epoch_seconds: int) -> str:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).date().isoformat()


def _step_event_id(step) -> str:
    return getattr(step.event, "id", step.event)


def _flat(text: str | None) -> str:
    """The text with every run of whitespace (line breaks of YAML blocks) as one space."""
    return " ".join((text or "").split())


def _unquoted(text: str | None) -> str:
    """The text without its quotations, lower-cased: the file's own voice."""
    return QUOTED.sub("", _flat(text)).lower()


def _publishers(chron, ev) -> list[str]:
    return [chron.sources[s].publisher if isinstance(s, str) else s.publisher for s in ev.sources]


def test_loads_without_problems(chron):
    assert [str(p) for p in chron.problems] == []
    assert len(chron.events) >= 40


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
        ("crimea-vote-2014", "2014-03-16"),
        ("crimea-recognition-2014", "2014-03-17"),
        ("crimea-treaty-2014", "2014-03-18"),
        ("crimea-laws-2014", "2014-03-20/2014-03-21"),
        ("unga-68-262", "2014-03-27"),
        ("kyiv-ato-2014", "2014-04-13/2014-04-15"),
        ("donbas-status-votes-2014", "2014-05-11"),
        ("minsk-protocol-2014", "2014-09-05"),
        ("minsk-ii-2015", "2015-02-12"),
        ("unsc-2202-2015", "2015-02-17"),
        ("draft-treaties-2021", "2021-12-17"),
        ("escalation-feb-2022", "2022-02-17/2022-02-22"),
        ("recognition-dpr-lpr", "2022-02-21"),
        ("friendship-treaties-2022", "2022-02-21"),
        ("federation-council-force-abroad", "2022-02-22"),
        ("putin-boundaries-statement", "2022-02-22"),
        ("invasion-2022", "2022-02-24"),
        ("belarus-talks-2022", "2022-02-28"),
        ("unga-es-11-1", "2022-03-02"),
        ("istanbul-talks-2022", "2022-03-29"),
        ("unga-hrc-suspension-2022", "2022-04-07"),
        ("black-sea-grain-initiative-2022", "2022-07-22"),
        ("partial-mobilisation-2022", "2022-09-21"),
        ("referendums-2022", "2022-09-23/2022-09-27"),
        ("recognition-kherson-zaporizhzhia", "2022-09-29"),
        ("putin-talks-offer-2022", "2022-09-30"),
        ("accession-treaties-2022", "2022-09-30"),
        ("nsdc-decision-decree-679", "2022-09-30"),
        ("nato-application-2022", "2022-09-30"),
        ("unsc-veto-2022", "2022-09-30"),
        ("lyman-2022", "2022-10-01"),
        ("ratification-2022", "2022-10-02/2022-10-05"),
        ("unga-es-11-4", "2022-10-12"),
        ("zakharova-briefing-2022-11-02", "2022-11-02"),
        ("kherson-city-2022", "2022-11-11"),
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
        ("unga-hrc-suspension-2022", ("93 for", "24 against", "58 abstentions")),
        ("unga-es-11-4", ("143 for", "5 against", "35 abstentions")),
    ],
)
def test_un_general_assembly_vote_counts(events, event_id, counts):
    summary = events[event_id].summary
    for count in counts:
        assert re.search(rf"\b{count}\b", summary), (event_id, count)


def test_security_council_veto_counts(events):
    summary = _flat(events["unsc-veto-2022"].summary)
    assert "Ten members vote for it" in summary
    assert "Russia votes against" in summary
    assert "Brazil, China, Gabon and India abstain" in summary


# ---------------------------------------------------------------------------------------------
# Sources


def test_every_event_cites_a_source_with_a_web_address(chron):
    for ev in chron.events:
        assert ev.sources, f"{ev.id} cites no source"
        for source_id in ev.sources:
            source = chron.sources[source_id]
            assert source.url, (ev.id, source_id)
            assert source.url.startswith(("https://", "http://")), (ev.id, source_id)


def test_sources_in_registry_are_complete_and_used(chron):
    cited = {s for ev in chron.events for s in ev.sources}
    for source in chron.sources.values():
        assert source.publisher, source.id
        assert source.title, source.id
        assert source.url.startswith(("https://", "http://")), source.id
        assert source.id in cited, f"{source.id} is in the registry but no event cites it"
    article = chron.sources[ARTICLE]
    assert article.publisher == "TASS (Russian state news agency)"
    assert article.url == "https://tass.com/politics/1531639"
    assert article.date == "2022-11-02"


def test_state_media_and_authorities_are_labelled_the_same_way(chron):
    """TASS, Prensa Latina, CGTN, the Kremlin, the Crimea Platform...: each says so, by state."""
    for source in chron.sources.values():
        host = re.sub(r"^https?://(www\.)?", "", source.url).split("/")[0]
        for state_host, state in STATE_HOSTS.items():
            if host == state_host or host.endswith("." + state_host):
                assert f"({state} state" in source.publisher or f"({state} government" in source.publisher, (
                    f"{source.id}: {source.publisher!r} should say '({state} state ...)' or '({state} government ...)'"
                )
    # Publishers named after a state outlet carry the label even when read through another site.
    for source in chron.sources.values():
        for name in ("TASS", "RIA Novosti", "Sputnik", "Prensa Latina", "CGTN", "Xinhua", "Crimea Platform"):
            if source.publisher.startswith(name):
                assert STATE_LABEL.search(source.publisher), source.id


def test_every_event_cites_a_source_that_is_not_either_sides_state_media_or_authority(chron):
    for ev in chron.events:
        independent = [p for p in _publishers(chron, ev) if not SIDE_LABEL.search(p)]
        assert independent, f"{ev.id} cites only state media or authorities of Russia or Ukraine"


def test_events_from_the_article_cite_it_beside_an_independent_source(chron):
    from_article = [ev for ev in chron.events if ARTICLE in ev.sources]
    assert len(from_article) >= 8
    for ev in from_article:
        assert any(s != ARTICLE for s in ev.sources), f"{ev.id} cites only the article"


def test_sources_named_in_notes_are_cited(chron, events):
    """A note that names a source ("(The Kyiv Independent)", "Ukrainska Pravda") cites it."""
    for ev in chron.events:
        text = _flat(ev.summary) + " " + _flat(ev.notes)
        cited = " ".join(_publishers(chron, ev))
        for name in (
            "Ukrainska Pravda",
            "Interfax-Ukraine",
            "The Kyiv Independent",
            "Human Rights Watch",
            "Novaya Gazeta Europe",
            "The Moscow Times",
            "i24NEWS",
            "Lauterpacht Centre",
            "Censor.NET",
            "tagesschau.de",
            "Eurasia Review",
            "USA Today",
            "Daily Sabah",
            "The Independent",
        ):
            if name in text:
                short = name.removeprefix("The ").split()[0].rstrip(".")
                assert short in cited, f"{ev.id} names {name} but does not cite it"


def test_weak_sources_replaced(chron):
    publishers = " ".join(s.publisher for s in chron.sources.values())
    urls = " ".join(s.url for s in chron.sources.values())
    for weak in ("Wikipedia", "Daily Beast", "KATC", "India.com"):
        assert weak not in publishers, weak
    assert "qil-qdi.org/author" not in urls
    assert "https://digitallibrary.un.org/record/767565" in urls, "A/RES/68/262"
    assert "https://press.un.org/en/2014/ga11493.doc.htm" in urls, "GA/11493"
    assert "http://en.kremlin.ru/events/president/news/67838" in urls, "22 February transcript"


def test_labels_of_authorities(chron):
    text = EVENTS_FILE.read_text(encoding="utf-8")
    assert "Russian-installed" not in text
    assert "no government" not in text.lower()
    assert "No UN member state recognises them" in _flat(
        next(ev for ev in chron.events if ev.id == "donbas-status-votes-2014").summary
    )


# ---------------------------------------------------------------------------------------------
# Words


def test_loaded_terms_only_inside_quotes(chron):
    texts = [("title", chron.title)]
    for ev in chron.events:
        texts += [(ev.id, ev.title), (ev.id, ev.summary), (ev.id, ev.notes)]
    for story in chron.stories:
        texts += [(story.id, story.title), (story.id, story.description)]
        texts += [(story.id, step.note) for step in story.steps]
    for where, text in texts:
        outside = _unquoted(text)
        for term in LOADED_TERMS:
            assert term not in outside, f"{where}: unquoted {term!r}"


def test_story_titles_quote_one_sides_terms(stories):
    title = stories["referendums-and-annexation"].title
    assert "referendum" not in title.lower()
    assert "accession" not in title.lower()
    assert "votes" in title.lower()


def test_invasion_names_the_term_only_as_attributed(events):
    invasion = events["invasion-2022"]
    assert '"special military operation"' in invasion.summary
    assert "full-scale invasion" in invasion.summary


# ---------------------------------------------------------------------------------------------
# One rule for status and for annexation wording, 2014 and 2022 alike


def test_the_rule_is_written_in_the_description(chron):
    description = _flat(chron.description)
    assert "One rule for status and for annexation wording" in description
    assert "never whether it was lawful" in description
    assert "never says that an act made a territory part of Russia" in description


@pytest.mark.parametrize(("event_id", "resolution"), sorted(ANNEXATION_ACTS.items()))
def test_acts_claiming_territory_are_confirmed_and_name_the_un_answer(events, event_id, resolution):
    ev = events[event_id]
    assert ev.status == "confirmed", f"{event_id}: acts are confirmed as acts, 2014 and 2022 alike"
    assert resolution in _flat(ev.summary), f"{event_id} must state the UN answer ({resolution})"
    assert "Ukrain" in _flat(ev.summary) or "Kyiv" in _flat(ev.summary), f"{event_id} must state Ukraine's position"


@pytest.mark.parametrize("event_id", STATUS_VOTES)
def test_votes_on_status_are_disputed_alike(events, event_id):
    assert events[event_id].status == "disputed"


def test_every_status_vote_follows_the_rule(chron):
    for ev in chron.events:
        if ev.category == "referendum":
            assert ev.status == "disputed", ev.id


def test_annexation_wording_is_the_same_for_2014_and_2022(chron, events):
    effect = re.compile(r"\b(?:mak\w*|made|became|becomes)\b[^.;]{0,80}\bpart of russia\b")
    for ev in chron.events:
        for field in (ev.title, ev.summary, ev.notes):
            assert not effect.search(_unquoted(field)), f"{ev.id}: says an act made it part of Russia"
    treaty_2014 = events["crimea-treaty-2014"]
    treaties_2022 = events["accession-treaties-2022"]
    for ev in (treaty_2014, treaties_2022):
        assert "annexing" in ev.title, ev.id
        assert "annexes" in _unquoted(ev.summary), ev.id
        assert '"accession"' in ev.summary, f"{ev.id}: Russia's term, quoted"
        assert ev.status == "confirmed", ev.id
    assert '"attempted illegal annexation"' in treaties_2022.summary


# ---------------------------------------------------------------------------------------------
# Order within a day, and the stories' order


def test_same_day_events_have_a_defined_order(chron):
    by_day = defaultdict(list)
    for ev in chron.events:
        if ev.date.interval or ev.date.precision not in ("day", "moment"):
            continue
        by_day[_day(ev.date.earliest) if ev.date.precision == "day" else ev.date.edtf[:10]].append(ev)
    for day, group in by_day.items():
        if len(group) < 2:
            continue
        moments = [ev.date.earliest for ev in group if ev.date.precision == "moment"]
        if len(moments) == len(group) and len(set(moments)) == len(group):
            continue  # distinct times order them
        assert day in SAME_DAY_ORDER, f"{day}: {[ev.id for ev in group]} have no defined order"
        assert sorted(SAME_DAY_ORDER[day]) == sorted(ev.id for ev in group), day
        ids = {ev.id: ev for ev in group}
        for position, event_id in enumerate(SAME_DAY_ORDER[day], start=1):
            assert "Order on the day" in _flat(ids[event_id].notes), f"{event_id} must state its order"
            assert ids[event_id].order == position, f"{event_id} needs order: {position}"
        # the loaded chronology (timeline, table, exports) lists them in that order
        assert [ev.id for ev in chron.events if ev.id in ids] == SAME_DAY_ORDER[day]


def _position(ev) -> tuple[int, int]:
    day = _day(ev.date.earliest)
    order = SAME_DAY_ORDER.get(day, [])
    return (ev.date.earliest, order.index(ev.id) if ev.id in order else 0)


@pytest.mark.parametrize("story_id", CHRONOLOGICAL_STORIES)
def test_story_steps_follow_the_order_of_events(events, stories, story_id):
    steps = [events[_step_event_id(step)] for step in stories[story_id].steps]
    positions = [_position(ev) for ev in steps]
    assert positions == sorted(positions), [ev.id for ev in steps]


def test_federation_council_vote_came_before_putins_remarks(events, stories):
    steps = [_step_event_id(step) for step in stories["recognition-to-invasion"].steps]
    assert steps.index("federation-council-force-abroad") < steps.index("putin-boundaries-statement")
    assert '"has just approved"' in _flat(events["federation-council-force-abroad"].notes)


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


def test_negotiations_story_shows_both_sides(stories):
    steps = [_step_event_id(step) for step in stories["negotiations"].steps]
    assert "putin-talks-offer-2022" in steps, "Putin's call for talks of 30 September"
    assert "nsdc-decision-decree-679" in steps
    assert steps.index("putin-talks-offer-2022") < steps.index("nsdc-decision-decree-679")


# ---------------------------------------------------------------------------------------------
# The five differences between the article and other sources (FACTS.md), each visible


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
    assert "with Putin personally" in notes
    assert "legal commentators" not in notes, "an unnamed, uncited authority"
    assert '"dated September 30"' in notes
    assert {"interfax-ukraine-862995", "up-2022-10-04"} <= set(decree.sources)


def test_escalation_gives_both_accounts_and_the_osce_counts(events):
    escalation = events["escalation-feb-2022"]
    assert escalation.status == "disputed"
    summary = _flat(escalation.summary)
    text = summary + " " + _flat(escalation.notes)
    for count in ("222 (17 Feb)", "591 (18 Feb)", "2,158 (18-20 Feb)", "703 (21 Feb)", "528 (22 Feb)"):
        assert count in summary, f"Donetsk {count}"
    for count in ("648 (17 Feb)", "975 (18 Feb)", "1,224 (21 Feb)", "1,182 (22 Feb)"):
        assert count in summary, f"Luhansk {count}"
    assert "ceasefire violations" in summary, "what the numbers count"
    assert "explosions" in summary, "what the numbers count"
    assert "Stanytsia Luhanska" in summary
    assert "as reported by TASS" in summary, "the DPR/LPR account is attributed"
    assert "each side blamed the other" in text


@pytest.mark.parametrize("number", sorted(OSCE_REPORTS))
def test_osce_report_numbers_match_the_days_counted(chron, events, number):
    label, last_evening, issued = OSCE_REPORTS[number]
    escalation = events["escalation-feb-2022"]
    source_id = f"osce-smm-{number}-2022"
    assert source_id in escalation.sources, f"the {label} figure cites its own report"
    source = chron.sources[source_id]
    assert issued == last_evening + timedelta(days=1), "a report is issued the day after it counts"
    assert source.date == issued.isoformat(), source_id
    assert f"Daily Report {number}/2022 issued on {issued.day} February 2022" in source.title
    assert f"{issued.day}-february" in source.url, source_id
    assert re.search(rf"{re.escape(label)}, (?:Daily )?Report {number}/2022", _flat(escalation.notes)), label
    assert f"({label})" in _flat(escalation.summary), label


def test_no_osce_report_is_cited_for_a_day_it_does_not_count(events):
    cited = {s for s in events["escalation-feb-2022"].sources if s.startswith("osce-smm-")}
    assert cited == {f"osce-smm-{n}-2022" for n in OSCE_REPORTS}


def test_boundaries_come_from_the_answers_of_22_february(events, stories):
    assert "did not define the territory" in _flat(events["recognition-dpr-lpr"].notes)
    statement = events["putin-boundaries-statement"]
    assert statement.date.edtf == "2022-02-22"
    summary = _flat(statement.summary)
    assert "news conference" in summary
    assert "Minsk agreements no longer exist" in summary
    assert "constitutions" in summary, "worded as he said it"
    assert not re.search(r"\bclaims?\b", _unquoted(statement.title) + " " + _unquoted(summary))
    for story in stories.values():
        for step in story.steps:
            if _step_event_id(step) == "putin-boundaries-statement":
                assert "claims the" not in _flat(step.note), story.id


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


def test_ratification_gives_both_dates(events):
    summary = _flat(events["ratification-2022"].summary)
    assert "dated 4 October" in summary
    assert "published on 5 October" in summary


def test_zakharova_briefing_cites_the_transcript_and_no_guess(events):
    briefing = events["zakharova-briefing-2022-11-02"]
    assert "mid-1836563" in briefing.sources
    notes = _flat(briefing.notes)
    assert "nearest candidates" not in notes, "what officials said, not a guess"
    assert "Lavrov" in notes
    assert "Peskov" in notes


# ---------------------------------------------------------------------------------------------
# Typed links (issue 16)


def test_links_are_sourced_and_neutral(chron):
    links = [(ev, link) for ev in chron.events for link in ev.links]
    assert len(links) >= 15
    assert {link.type for _ev, link in links} >= {"causes", "responds-to", "part-of"}
    for ev, link in links:
        assert link.sources, f"{ev.id} -> {link.to}: a link cites its sources"
        assert set(link.sources) <= set(chron.sources), (ev.id, link.to)
        assert link.note, f"{ev.id} -> {link.to}: a link says what supports it"
        outside = _unquoted(link.note)
        for term in LOADED_TERMS:
            assert term not in outside, f"{ev.id} -> {link.to}: unquoted {term!r}"


@pytest.mark.parametrize(
    ("source", "link_type", "target"),
    [
        ("federation-council-force-abroad", "causes", "invasion-2022"),
        ("federation-council-force-abroad", "responds-to", "friendship-treaties-2022"),
        # one act: the treaties were signed in the recognition's ceremony (not a response to it)
        ("friendship-treaties-2022", "part-of", "recognition-dpr-lpr"),
        # a ratification is a stage of the treaty it ratifies
        ("duma-ratifies-friendship-treaties", "part-of", "friendship-treaties-2022"),
        ("referendums-2022", "causes", "accession-treaties-2022"),
        ("accession-treaties-2022", "causes", "ratification-2022"),
        ("unga-es-11-4", "responds-to", "accession-treaties-2022"),
        ("unga-es-11-4", "responds-to", "referendums-2022"),
        ("nsdc-decision-decree-679", "responds-to", "accession-treaties-2022"),
    ],
)
def test_the_links_the_sources_support(chron, source, link_type, target):
    ev = chron.event(source)
    assert ev is not None
    assert (target, link_type) in [(link.to, link.type) for link in ev.links]


def test_the_chain_story_is_the_chain_of_the_treaties(chron, stories):
    from dashboard.core.frame import to_frame
    from dashboard.core.query import FilterState, apply_filters
    from dashboard.core.stories import adhoc_story

    frame = to_frame(chron)
    state = FilterState(chain="accession-treaties-2022", depth=1)
    chain = adhoc_story(apply_filters(frame, state), state, total=len(frame))
    assert [step.event for step in stories["annexation-chain"].steps] == chain.event_ids()
    assert (
        chain.title
        == "6 events linked to “" + chron.event("accession-treaties-2022").title + "”: 1 step back and forward"
    )


def test_the_links_by_type(chron):
    from collections import Counter

    counts = Counter(link.type for ev in chron.events for link in ev.links)
    assert counts == {"responds-to": 9, "causes": 4, "part-of": 2}
