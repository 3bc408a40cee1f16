"""The chronology file format, version 1 (docs/format.md), as strict pydantic models.

These models are the single definition of the format: the loader validates every part of a
file with them, and ``schema/events.schema.json`` is generated from :class:`ChronologyFile`
(``python -m dashboard schema``). They are strict: text is text (``title: yes`` is a boolean
and is rejected with a hint to quote it), numbers are numbers, unknown keys are rejected.

The models describe what is *written*. What is *loaded* (dates parsed into bounds, inline
sources registered under generated ids) is in :mod:`dashboard.core.loader`.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag
from pydantic_core import PydanticCustomError

__all__ = [
    "FORMAT_VERSION",
    "ID_PATTERN",
    "IMPORTANCE_RANGE",
    "ORDER_RANGE",
    "STATUSES",
    "URL_PATTERN",
    "CategoryModel",
    "ChronologyFile",
    "EventModel",
    "ImageModel",
    "InlineSourceModel",
    "LinkModel",
    "PeriodModel",
    "SourceModel",
    "StoryModel",
    "StoryStepModel",
    "is_color",
    "json_schema",
    "schema_text",
]

FORMAT_VERSION = 1
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
STATUSES = ("confirmed", "reported", "disputed")
IMPORTANCE_RANGE = (1, 5)
"""The smallest and largest ``importance``."""
ORDER_RANGE = (1, 999)
"""The smallest and largest ``order`` (position among events that start at the same instant)."""
# fullmatch, not ^...$: in Python `$` also matches before a final newline ("abc\n")
_ID_RE = re.compile(ID_PATTERN.removeprefix("^").removesuffix("$"))
_COLOR_RE = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# The common link, checked without urlsplit: http(s), an ASCII host (no user, no brackets), no spaces.
# Anything else goes through urlsplit (same verdicts, see tests/test_models.py).
_PLAIN_URL_RE = re.compile(r"[hH][tT][tT][pP][sS]?://[A-Za-z0-9._~%!$&'()*+,;=:-]+(?:[/?#]\S*)?")
_SPACE_RE = re.compile(r"\s")


def _check_url(value: str) -> str:
    value = value.strip()
    if _PLAIN_URL_RE.fullmatch(value):
        return value
    return _check_url_slow(value)


def _check_url_slow(value: str) -> str:
    value = value.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise PydanticCustomError(
            "url_scheme",
            "only http and https links are allowed, got {url}",
            {"url": value[:80], "hint": "write a full address starting with https://"},
        )
    if _SPACE_RE.search(value):
        raise PydanticCustomError(
            "url_space",
            "a link cannot contain spaces: {url}",
            {"url": value[:80], "hint": "encode spaces as %20"},
        )
    return value


def _check_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise PydanticCustomError(
            "id_pattern",
            "invalid id {id}: ids use lowercase letters, digits and hyphens, starting with a letter or digit",
            {"id": repr(value), "hint": "for example: recognition-dpr-lpr"},
        )
    return value


def is_color(value: str) -> bool:
    """Whether ``value`` is a colour as the format takes it: a CSS hex colour (``#4C78A8``, ``#fff``)."""
    return _COLOR_RE.fullmatch(value) is not None


def _check_color(value: str) -> str:
    if not is_color(value):
        raise PydanticCustomError(
            "color",
            "invalid colour {color}: expected a CSS hex colour",
            {"color": repr(value), "hint": 'write it as "#4C78A8" (quoted, because # starts a comment)'},
        )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("empty_text", "text is empty", {"hint": "write some text, or leave the field out"})
    return value


Text = Annotated[str, AfterValidator(_check_text), Field(json_schema_extra={"pattern": r"\S"})]
"""Plain, non-empty text (not only spaces)."""
URL_PATTERN = "^[hH][tT][tT][pP][sS]?://[^/?#\\s]"
Url = Annotated[str, AfterValidator(_check_url), Field(json_schema_extra={"pattern": URL_PATTERN})]
Id = Annotated[str, AfterValidator(_check_id), Field(json_schema_extra={"pattern": ID_PATTERN})]
Color = Annotated[str, AfterValidator(_check_color), Field(json_schema_extra={"pattern": f"^{_COLOR_RE.pattern}$"})]


def _date_kind(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return "text"
    if isinstance(value, int):
        return "year"
    return None


def _source_kind(value: Any) -> str | None:
    if isinstance(value, str):
        return "id"
    if isinstance(value, dict):
        return "inline"
    return None


DateText = Annotated[
    Annotated[str, Tag("text")]
    | Annotated[int, Tag("year"), Field(json_schema_extra={"minimum": -9999, "maximum": 9999})],
    Discriminator(
        _date_kind,
        custom_error_type="date_kind",
        custom_error_message="expected a date such as 2022-02-21 or a year such as 1066",
    ),
    Field(
        description=(
            "EDTF date, levels 0 and 1: 2022-02-21, 2022-10, 2022, 2022-09-23/2022-09-27, 2022-10~, "
            "2022?, 2022-09-21T09:00:00+03:00, -0043-03-15, 1985-04/.. ; a bare number is a year"
        )
    ),
]
ListOfText = Annotated[list[Annotated[str, StringConstraints(min_length=1)]], Field(default_factory=list)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class CategoryModel(_Strict):
    """A category (lane). Order in the file is the lane order."""

    label: Text | None = Field(None, description="Label shown for the category; defaults to its key")
    color: Color | None = Field(None, description='CSS hex colour, e.g. "#4C78A8"')
    description: str | None = Field(None, description="What belongs in this category")


class InlineSourceModel(_Strict):
    """A source written inside an event's ``sources`` list."""

    publisher: Text = Field(description="Who published it, e.g. TASS, OSCE")
    title: Text | None = Field(None, description="Title of the article or document")
    url: Url | None = Field(None, description="http or https link")
    date: DateText | None = Field(None, description="Publication date, EDTF")


class SourceModel(InlineSourceModel):
    """A source in the registry (``sources:`` at the top); events cite it by id."""


class ImageModel(_Strict):
    url: Url = Field(description="http or https link to the image")
    caption: str | None = None
    credit: str | None = None
    alt: str | None = Field(None, description="Text alternative for people who cannot see the image")


class LinkModel(_Strict):
    """A typed link from an event to another (``links:``; docs/format.md, "Links")."""

    to: Id = Field(description="Id of the event linked to")
    type: Literal["causes", "responds-to", "part-of", "contradicts", "same-as"] = Field(
        description=(
            "causes: this event caused the other; responds-to: this event responds to the other; part-of: "
            "this event is a part of the other; contradicts: the two accounts contradict each other; "
            "same-as: the two are the same happening"
        )
    )
    note: str | None = Field(None, description="Markdown: why the sources support this link")
    sources: list[Id] = Field(default_factory=list, description="Ids of registry sources that support this link")


class EventModel(_Strict):
    """One dated event."""

    id: Id = Field(description="Unique id: lowercase letters, digits, hyphens")
    date: DateText
    title: Text = Field(description="Plain text")
    category: Text = Field(description="A key of `categories:` when that block is present")
    summary: str | None = Field(None, description="Markdown")
    actors: ListOfText
    places: ListOfText
    tags: ListOfText
    importance: Annotated[int, Field(ge=IMPORTANCE_RANGE[0], le=IMPORTANCE_RANGE[1])] = Field(
        3, description="1 (minor) .. 5 (major)"
    )
    order: Annotated[int, Field(ge=ORDER_RANGE[0], le=ORDER_RANGE[1])] | None = Field(
        None,
        description=(
            "Position among events of the same date, a whole number 1..999: events that start at the "
            "same instant sort by order (events without one first), then by id"
        ),
    )
    status: Literal["confirmed", "reported", "disputed"] = "confirmed"
    display_date: Text | None = Field(None, description="Text shown instead of the computed date label")
    sources: list[
        Annotated[
            Annotated[Id, Tag("id")] | Annotated[InlineSourceModel, Tag("inline")],
            Discriminator(
                _source_kind,
                custom_error_type="source_kind",
                custom_error_message="expected a source id or a mapping with publisher, title and url",
            ),
        ]
    ] = Field(default_factory=list, description="Ids of registry sources, or inline sources")
    notes: str | None = Field(None, description="Markdown; e.g. where sources disagree")
    related: list[Id] = Field(default_factory=list, description="Ids of related events")
    links: list[LinkModel] = Field(
        default_factory=list, description="Typed links to other events: causes, responds-to, part-of, ..."
    )
    same_as: list[Id] = Field(
        default_factory=list,
        description=(
            "Ids of events in another chronology that tell the same event (for comparing two chronologies); "
            "an event also matches the event of the other chronology that has its own id"
        ),
    )
    image: ImageModel | None = None


class StoryStepModel(_Strict):
    event: Id = Field(description="Id of the event shown at this step")
    note: str | None = Field(None, description="Markdown narration shown with this step")


class StoryModel(_Strict):
    """A guided tour through some events, for presenting."""

    id: Id
    title: Text
    description: str | None = None
    steps: list[StoryStepModel] = Field(min_length=1)


class PeriodModel(_Strict):
    """A named span of time (an era, a reign, a phase), drawn behind the events."""

    id: Id = Field(description="Unique id among the periods: lowercase letters, digits, hyphens")
    label: Text = Field(description="Label shown on the period, plain text")
    date: DateText = Field(
        description=(
            "EDTF date or interval, as an event's date: -0043/-0030, 1990/.. (open end), 1990, 199X; "
            "a bare number is a year"
        )
    )
    color: Color | None = Field(None, description='CSS hex colour, e.g. "#F2CF5B"')
    description: str | None = Field(None, description="Markdown")


class ChronologyFile(_Strict):
    """A chronology file (format version 1)."""

    model_config = ConfigDict(
        strict=True,
        extra="forbid",
        frozen=True,
        title="Chronology",
        json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"},
    )

    format: Literal[1] = Field(1, description="Version of the chronology format")
    id: Id | None = Field(
        None,
        description=(
            "Short name of the chronology (lowercase letters, digits, hyphens), e.g. for choosing it to compare "
            "with (?compare=ID); defaults to the file's name without its extension"
        ),
    )
    title: Text | None = None
    description: str | None = Field(None, description="Markdown")
    categories: dict[Id, CategoryModel] | None = Field(
        None, description="When present, every event's category must be one of these keys; order = lane order"
    )
    sources: dict[Id, SourceModel] = Field(default_factory=dict, description="Source registry")
    periods: list[PeriodModel] = Field(
        default_factory=list, description="Named spans of time (eras) drawn behind the events, in the order written"
    )
    events: list[EventModel] = Field(description="The events, in any order")
    stories: list[StoryModel] = Field(default_factory=list)


def _close_maps(node: Any) -> None:
    """Registries keyed by id (``categories``, ``sources``) take no other keys."""
    if isinstance(node, dict):
        if "patternProperties" in node and "additionalProperties" not in node:
            node["additionalProperties"] = False
        for value in node.values():
            _close_maps(value)
    elif isinstance(node, list):
        for value in node:
            _close_maps(value)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the format, generated from the models."""
    schema = ChronologyFile.model_json_schema(mode="validation")
    _close_maps(schema)
    return schema


def schema_text() -> str:
    """The JSON Schema as the text stored in ``schema/events.schema.json``."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
