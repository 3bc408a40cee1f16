"""Words: how text is cut into the words of the search index, on both sides (index and query).

A word is a run of letters and digits (Unicode categories L and N), lower-cased after NFC
normalisation, at most :data:`MAX_WORD` characters (longer runs are cut: a search for their
beginning still finds them). Both sides cut text with the same pyarrow (RE2, utf8proc) calls.
"""

from __future__ import annotations

from typing import Final

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["MAX_WORD", "WORD_SPLIT_RE2", "query_words", "words_table"]

MAX_WORD: Final = 40
WORD_SPLIT_RE2: Final = r"[^\p{L}\p{N}]+"


def query_words(q: str) -> list[str]:
    """The distinct words of a search box text, longest first (they narrow the most).

    Cut by the same pyarrow functions as the index (:func:`words_table`), so both sides agree
    on every character, whatever Unicode version Python knows."""
    words = _words(pa.array([q], pa.string()))
    return sorted(dict.fromkeys(w for w in words.to_pylist() if w), key=lambda w: (-len(w), w))


def _words(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    text = pc.utf8_lower(pc.utf8_normalize(pc.fill_null(column, ""), "NFC"))
    return pc.utf8_slice_codeunits(pc.list_flatten(pc.split_pattern_regex(text, WORD_SPLIT_RE2)), 0, MAX_WORD)


def words_table(texts: list[pa.ChunkedArray | pa.Array], keys: pa.Array | pa.ChunkedArray) -> pa.Table:
    """The ``(word, seq)`` pairs of the rows: each word of a row's texts, with the row's key.

    ``texts`` are string columns of the same rows (title, summary, notes), joined with a space;
    ``keys`` the rows' keys. A word that a row repeats may come more than once (a search asks
    whether a row has a word, so repeats change no answer; removing them costs more than it saves).
    """
    filled = [pc.fill_null(column, "") for column in texts]
    text = pc.binary_join_element_wise(*filled, " ") if len(filled) > 1 else filled[0]
    # NFC changes only text with combining marks: normalise those rows only (most have none)
    marks = pc.match_substring_regex(text, r"\p{M}")
    if pc.any(marks).as_py():
        text = pc.if_else(marks, pc.utf8_normalize(text, "NFC"), text)
    lists = pc.split_pattern_regex(pc.utf8_lower(text), WORD_SPLIT_RE2)
    flat = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists)
    keep = pc.greater(pc.utf8_length(flat), 0)
    words = pc.utf8_slice_codeunits(pc.filter(flat, keep), 0, MAX_WORD)
    seq = pc.take(keys, pc.filter(parents, keep))
    return pa.table({"word": words.cast(pa.string()), "seq": seq.cast(pa.int64())})
