"""The word index and the search box cut text into the same words."""

from __future__ import annotations

import pyarrow as pa
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
