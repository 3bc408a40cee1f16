"""The word index and the search box cut text into the same words."""

from __future__ import annotations

import unicodedata

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.store.words import MAX_WORD, query_words, words_table


def index_words(text: str) -> set[str]:
    table = words_table([pa.array([text])], pa.array([0], pa.int64()))
    return set(table.column("word").to_pylist())


@given(st.text(max_size=60))
def test_index_and_query_agree(text: str) -> None:
    assert index_words(text) == set(query_words(text))


def test_words_examples() -> None:
    assert query_words("Anti-war  DONETSK, 2022") == ["donetsk", "2022", "anti", "war"]
    assert index_words("Ἀθῆναι naïve x_y") == {"ἀθῆναι", "naïve", "x", "y"}
    assert query_words("a" * 100) == ["a" * MAX_WORD]
    # decomposed and composed accents are the same word
    assert index_words("Cafe\u0301") == index_words("Café") == {"café"}


def test_words_of_every_text_of_a_row() -> None:
    table = words_table([pa.array(["war war", "peace"]), pa.array(["war", None])], pa.array([7, 8], pa.int64()))
    pairs = set(zip(table.column("word").to_pylist(), table.column("seq").to_pylist(), strict=True))
    assert pairs == {("peace", 8), ("war", 7)}
    # texts are joined with a space: a word never runs on from one text into the next
    joined = words_table([pa.array(["end"]), pa.array(["start"])], pa.array([1], pa.int64()))
    assert set(joined.column("word").to_pylist()) == {"end", "start"}


@pytest.mark.parametrize(
    "text",
    [
        "\uf900",  # a CJK compatibility ideograph: NFC maps it to U+8C48, with no combining mark
        "\u1f71\u03b8\u03b7\u03bd\u03b1",  # Greek alpha with oxia: NFC makes it alpha with tonos
        "5 \u2126 resistor",  # the Ohm sign: NFC makes it a capital omega
        "\u1100\u1161\u11a8",  # conjoining Hangul jamo: NFC composes the syllable
    ],
)
def test_texts_that_nfc_changes_without_a_mark_are_found(text: str) -> None:
    assert index_words(text) == set(query_words(text))
    assert index_words(text) == set(query_words(unicodedata.normalize("NFC", text)))
