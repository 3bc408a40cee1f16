"""Words: how text is cut into the words of the search index, on both sides (index and query).

A word is a run of letters and digits (Unicode categories L and N), lower-cased after NFC
normalisation, at most :data:`MAX_WORD` characters (longer runs are cut: a search for their
beginning still finds them). Both sides cut text with the same pyarrow (RE2, utf8proc) calls.
"""

from __future__ import annotations

import functools
import unicodedata
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


# Characters that NFC may change although they are no combining mark: conjoining Hangul jamo
# (composed into syllables) and the CJK compatibility ideographs (whole blocks, whatever Unicode
# version the index was built with), besides those :func:`_nfc_may_change_re2` finds.
_NFC_BLOCKS: Final = ((0x1100, 0x11FF), (0xA960, 0xA97F), (0xD7B0, 0xD7FF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


@functools.cache
def _nfc_may_change_re2() -> str:
    """An RE2 pattern matching a character that NFC may change: a combining mark, one of
    :data:`_NFC_BLOCKS`, or a character NFC maps to another on its own (Python's Unicode data:
    the Greek oxia vowels, the Ohm and Angstrom signs, ...)."""
    ranges = [list(block) for block in _NFC_BLOCKS]
    for cp in range(0x80, 0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if unicodedata.normalize("NFC", ch) != ch and not unicodedata.category(ch).startswith("M"):
            if ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    spans = "".join(f"\\x{{{a:X}}}-\\x{{{b:X}}}" if a != b else f"\\x{{{a:X}}}" for a, b in ranges)
    return f"[\\p{{M}}{spans}]"


def words_table(texts: list[pa.ChunkedArray | pa.Array], keys: pa.Array | pa.ChunkedArray) -> pa.Table:
    """The ``(word, seq)`` pairs of the rows: each word of a row's texts, with the row's key.

    ``texts`` are string columns of the same rows (title, summary, notes), joined with a space;
    ``keys`` the rows' keys. A word that a row repeats may come more than once (a search asks
    whether a row has a word, so repeats change no answer; removing them costs more than it saves).
    """
    filled = [pc.fill_null(column, "") for column in texts]
    text = pc.binary_join_element_wise(*filled, " ") if len(filled) > 1 else filled[0]
    # NFC changes only rows with a character that NFC may change: normalise those only (most
    # rows have none)
    marks = pc.match_substring_regex(text, _nfc_may_change_re2())
    if pc.any(marks).as_py():
        text = pc.if_else(marks, pc.utf8_normalize(text, "NFC"), text)
    lists = pc.split_pattern_regex(pc.utf8_lower(text), WORD_SPLIT_RE2)
    flat = pc.list_flatten(lists)
    parents = pc.list_parent_indices(lists)
    keep = pc.greater(pc.utf8_length(flat), 0)
    words = pc.utf8_slice_codeunits(pc.filter(flat, keep), 0, MAX_WORD)
    seq = pc.take(keys, pc.filter(parents, keep))
    return pa.table({"word": words.cast(pa.string()), "seq": seq.cast(pa.int64())})
