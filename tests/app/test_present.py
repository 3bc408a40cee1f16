"""AppTest: the presentation page (view=present): stories, steps, URL, controls, images."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.core.frame import to_frame
from dashboard.core.loader import load_path
from dashboard.core.query import FilterState, apply_filters
from dashboard.core.safetext import md_escape, safe_markdown
from dashboard.core.stories import adhoc_story, story_from_file

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
CHRON = load_path(ROOT / "events.yaml")
FRAME = to_frame(CHRON)
STORY = CHRON.stories[0]


def run(params: dict[str, str | list[str]] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    check(at)
    return at


def check(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def qp(at: AppTest, key: str) -> str | None:
    if key not in at.query_params:
        return None
    value = at.query_params[key]
    return value[-1] if isinstance(value, list) else value


def shown_title(at: AppTest) -> str:
    titles = [m.value for m in at.markdown if m.value.startswith("# ")]
    assert len(titles) == 1, titles
    return titles[0]


def counter(at: AppTest) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("Step "))


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    check(at)
    return at


def title_of(event_id: str) -> str:
    ev = CHRON.event(event_id)
    assert ev is not None
    return f"# {md_escape(ev.title)}"


@pytest.mark.parametrize("story", CHRON.stories, ids=[s.id for s in CHRON.stories])
def test_story_opens_at_step_one_by_url(story: Any) -> None:
    at = run({"view": "present", "story": story.id, "step": "1"})
    assert shown_title(at) == title_of(story.steps[0].event)
    assert counter(at) == f"Step 1 of {len(story.steps)}"
    assert qp(at, "view") == "present"
    assert qp(at, "story") == story.id
    assert qp(at, "step") == "1"
    # the narration and the event's summary are both on the slide
    values = [m.value for m in at.markdown]
    ev = CHRON.event(story.steps[0].event)
    assert ev is not None
    assert safe_markdown(story.steps[0].note) in values  # the whole narration, as Markdown made safe
    assert safe_markdown(ev.summary) in values


def test_next_previous_first_last_and_the_ends() -> None:
    n = len(STORY.steps)
    at = run({"view": "present", "story": STORY.id, "step": "1"})
    assert at.button(key="present-prev").disabled
    assert at.button(key="present-first").disabled
    for k in range(2, n + 1):
        click(at, "present-next")
        assert shown_title(at) == title_of(STORY.steps[k - 1].event)
        assert qp(at, "step") == str(k)
        assert counter(at) == f"Step {k} of {n}"
    assert at.button(key="present-next").disabled
    assert at.button(key="present-last").disabled
    click(at, "present-prev")
    assert qp(at, "step") == str(n - 1)
    click(at, "present-first")
    assert qp(at, "step") == "1"
    assert shown_title(at) == title_of(STORY.steps[0].event)
    assert at.button(key="present-prev").disabled
    click(at, "present-last")
    assert qp(at, "step") == str(n)
    assert shown_title(at) == title_of(STORY.steps[-1].event)


def test_step_in_url_is_kept_and_clamped() -> None:
    at = run({"view": "present", "story": STORY.id, "step": "3"})
    assert shown_title(at) == title_of(STORY.steps[2].event)
    at = run({"view": "present", "story": STORY.id, "step": "99"})
    n = len(STORY.steps)
    assert shown_title(at) == title_of(STORY.steps[-1].event)
    assert qp(at, "step") == str(n)
    assert any(f"This story has {n} steps" in w.value for w in at.warning)


@pytest.mark.parametrize("step", ["0", "-2", "two"])
def test_bad_step_warns_and_starts_at_one(step: str) -> None:
    at = run({"view": "present", "story": STORY.id, "step": step})
    assert shown_title(at) == title_of(STORY.steps[0].event)
    assert qp(at, "step") == "1"
    assert any(f"step={step}" in w.value for w in at.warning)


def test_unknown_story_warns_and_presents_the_filtered_events() -> None:
    at = run({"view": "present", "story": "no-such-story"})
    assert any("no-such-story" in w.value for w in at.warning)
    first = adhoc_story(FRAME, FilterState()).steps[0].event
    assert shown_title(at) == title_of(first)
    assert qp(at, "story") is None


def test_filtered_events_are_an_adhoc_story_in_time_order() -> None:
    state = FilterState(categories=("treaty",))
    expected = adhoc_story(apply_filters(FRAME, state), state, total=len(FRAME))
    assert expected.total >= 2
    at = run({"view": "present", "category": "treaty"})
    assert counter(at) == f"Step 1 of {expected.total}"
    for k, step in enumerate(expected.steps, start=1):
        assert shown_title(at) == title_of(step.event)
        assert qp(at, "step") == str(k)
        assert qp(at, "category") == "treaty"  # the link carries the filters
        if k < expected.total:
            click(at, "present-next")
    assert at.button(key="present-story-filtered").label == f"Current filtered events ({expected.total})"


def test_story_menu_lists_stories_with_descriptions_and_switches() -> None:
    at = run({"view": "present"})
    labels = {b.key: b.label for b in at.button}
    captions = " ".join(c.value for c in at.caption)
    for story in CHRON.stories:
        assert labels[f"present-story-{story.id}"].startswith(md_escape(story.title))
        assert story.description.split()[0] in captions
    other = CHRON.stories[-1]
    click(at, f"present-story-{other.id}")
    assert qp(at, "story") == other.id
    assert qp(at, "step") == "1"
    assert shown_title(at) == title_of(other.steps[0].event)
    assert at.session_state["p_stories_open"] is False
    click(at, "present-next")
    click(at, "present-story-filtered")
    assert qp(at, "story") is None
    assert qp(at, "step") == "1"


def test_mini_timeline_marks_the_current_step() -> None:
    at = run({"view": "present", "story": STORY.id, "step": "2"})
    charts = at.get("plotly_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    current = [t for t in spec["data"] if t.get("meta", {}).get("role") == "story-current"]
    steps = [t for t in spec["data"] if t.get("meta", {}).get("role") == "story-steps"]
    assert current[0]["customdata"][0][0] == STORY.steps[1].event
    assert [c[0] for c in steps[0]["customdata"]] == [s.event for s in STORY.steps]
    # equal spacing in story order, neighbours named
    assert steps[0]["x"] == list(range(len(STORY.steps)))
    notes = " ".join(a["text"] for a in spec["layout"].get("annotations", []))
    assert "←" in notes
    assert "→" in notes


def test_dark_theme_and_projector_layout() -> None:
    at = run({"view": "present", "story": STORY.id})
    css = at.get("html")[0].proto.body
    assert "#ffffff" in css.split(".st-key-present-stage {")[1].split("}")[0]
    assert 'section[data-testid="stSidebar"]' in css  # projector layout hides the sidebar
    at.toggle(key="p_dark").set_value(True).run()
    check(at)
    css = at.get("html")[0].proto.body
    assert "#0b0b0b" in css.split(".st-key-present-stage {")[1].split("}")[0]
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["layout"]["font"]["color"] == "#ffffff"
    at.toggle(key="p_projector").set_value(False).run()
    check(at)
    assert 'section[data-testid="stSidebar"]' not in at.get("html")[0].proto.body
    # the settings survive a visit to another view
    at.query_params["view"] = "explore"
    at.session_state["w_view"] = "explore"
    at.run()
    check(at)
    at.session_state["w_view"] = "present"
    at.run()
    check(at)
    assert at.toggle(key="p_dark").value is True
    assert at.toggle(key="p_projector").value is False


def test_autoplay_button_and_any_control_stops_it() -> None:
    at = run({"view": "present", "story": STORY.id, "step": "2"})
    assert at.button(key="present-autoplay").label == "Autoplay"
    click(at, "present-autoplay")
    assert at.session_state["p_autoplay"] is True
    assert at.button(key="present-autoplay").label == "Pause"
    click(at, "present-next")
    assert at.session_state["p_autoplay"] is False
    assert at.button(key="present-autoplay").label == "Autoplay"
    assert qp(at, "step") == "3"
    # from the last step, autoplay starts again from the first
    click(at, "present-last")
    click(at, "present-autoplay")
    assert qp(at, "step") == "1"
    click(at, "present-autoplay")
    assert at.session_state["p_autoplay"] is False


def test_handout_download_button() -> None:
    at = run({"view": "present", "story": STORY.id})
    buttons = at.get("download_button")
    keys = [b.key for b in buttons]
    assert keys.count("present-handout") == 1
    # the sidebar's export buttons are the only other downloads on the page
    assert all(k == "present-handout" or k.startswith("download-") for k in keys)


IMAGE_CHRONOLOGY = """
events:
  - id: with-image
    date: 2022-01-01
    title: "An event with an *image*"
    category: x
    summary: Summary text.
    image:
      url: https://example.org/picture.png
      alt: "A map of the *line*"
      caption: "Caption [link](https://example.org)"
      credit: "Photo: Someone"
  - id: plain
    date: 2022-02-01
    title: Second
    category: x
stories:
  - id: pictures
    title: Pictures
    steps:
      - {event: with-image, note: Look at the map.}
      - {event: plain}
"""


def test_image_with_alt_caption_and_credit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "img.yaml"
    path.write_text(IMAGE_CHRONOLOGY, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_PATH", str(path))
    at = run({"view": "present", "story": "pictures"})
    assert shown_title(at) == r"# An event with an \*image\*"
    # nothing is loaded from the image's site until the viewer allows it
    assert len(at.get("image")) == 0
    assert any("A map of the \\*line\\*" in m.value for m in at.markdown)
    click(at, "present-images-with-image")
    images = at.get("image")
    assert len(images) == 1
    proto = images[0].proto.imgs[0]
    assert proto.url == "https://example.org/picture.png"
    assert proto.alt == "A map of the *line*"
    assert proto.caption == md_escape("Caption [link](https://example.org)") + " · " + md_escape(
        "Credit: Photo: Someone"
    )
    click(at, "present-next")
    assert len(at.get("image")) == 0


def test_present_filtered_button_starts_an_adhoc_story() -> None:
    def page() -> None:
        import streamlit as st

        from dashboard.ui.present import present_filtered_button

        present_filtered_button(3)
        st.write(st.session_state.get("w_view"), st.session_state.get("p_story"), st.session_state.get("p_step"))

    at = AppTest.from_function(page)
    at.session_state["p_story"] = "some-story"
    at.session_state["p_step"] = 4
    at.run()
    assert at.button[0].label == "Present these 3 events"
    at.button[0].click().run()
    assert at.session_state["w_view"] == "present"
    assert at.session_state["p_story"] is None
    assert at.session_state["p_step"] == 1


def test_story_from_file_matches_the_page() -> None:
    view = story_from_file(CHRON, STORY.id)
    assert view is not None
    at = run({"view": "present", "story": STORY.id, "step": str(view.total)})
    assert shown_title(at) == title_of(view.steps[-1].event)


HOSTILE_CHRONOLOGY = """
events:
  - id: evil
    date: 2022-01-01
    title: "**bold** <b>html</b> :red[red] $x$ [link](javascript:alert(1))"
    category: x
    summary: "<script>alert(1)</script> [ok](https://example.org)"
  - id: plain
    date: 2022-02-01
    title: Plain
    category: x
stories:
  - id: evil-story
    title: "Story <img src=x onerror=alert(1)> :blue[b]"
    description: "Desc ![img](https://example.org/x.png)"
    steps:
      - {event: evil, note: "Note <iframe src=https://example.org>"}
      - {event: plain}
"""


def test_chronology_text_stays_text(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_CHRONOLOGY, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_PATH", str(path))
    at = run({"view": "present", "story": "evil-story"})
    assert shown_title(at) == "# " + md_escape("**bold** <b>html</b> :red[red] $x$ [link](javascript:alert(1))")
    assert at.button(key="present-story-evil-story").label.startswith(md_escape("Story <img src=x onerror=alert(1)>"))
    values = " ".join(m.value for m in at.markdown)
    assert "<script>" not in values
    assert "<iframe" not in values
    assert "&lt;script&gt;" in values
    assert "javascript:" not in values.replace("javascript\\:", "")
    # the only raw HTML on the page is our constant CSS
    for element in at.get("html"):
        assert "alert" not in element.proto.body
        assert "Story" not in element.proto.body


def test_slide_sources_are_the_shared_items(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The slide lists dashboard.core.sourcelist's items as its Markdown (as the explore page does)."""
    from dashboard.core.sourcelist import source_items, sources_markdown

    from .test_app import SOURCES_CHRONOLOGY

    path = tmp_path / "sources.yaml"
    path.write_text(SOURCES_CHRONOLOGY, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_PATH", str(path))
    chron = load_path(path)
    ev = chron.event("cited")
    assert ev is not None
    at = run({"view": "present"})
    values = [m.value for m in at.markdown]
    assert "**Sources**\n" + sources_markdown(source_items(chron.sources, ev.sources)) in values
