"""Safe JSON reading with positions: bytes -> :class:`~dashboard.core.yamlsafe.YMap`/``YList`` trees.

Python's ``json`` module gives no positions, accepts duplicate keys silently (keeping the last),
``NaN`` and lone surrogates, and recurses without a limit of its own. This reader is a small
recursive-descent parser (strings are decoded by ``json.decoder.scanstring``, the C scanner)
that builds the same trees as :func:`dashboard.core.yamlsafe.read_yaml`, so that the loader and the
importers can report every problem at its ``line:column``:

- the size limit is checked before reading, and nesting deeper than ``max_depth`` is rejected
  as soon as it is seen;
- duplicate keys are reported with both lines, and the containers holding them get a non-zero
  ``bad`` count (the loader then skips the event, as for YAML);
- invalid UTF-8, lone surrogates (``"\\ud800"``), ``NaN``/``Infinity`` and trailing text are
  rejected with their position.

The raw text of numbers, ``true``, ``false`` and ``null`` is kept in ``Pos.raw``, as the YAML
reader does for values that are not text.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Callable
from json.decoder import JSONDecodeError
from typing import Any

from ..core.problems import Problem
from ..core.yamlsafe import DEFAULT_MAX_BYTES, Pos, ReadResult, YList, YMap, gc_paused

__all__ = ["read_json"]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SURROGATE = re.compile("[\ud800-\udfff]")
_LITERALS = {"true": True, "false": False, "null": None}
_new_pos = tuple.__new__  # Pos(...) without the keyword handling: one per value
# the C string scanner of the json module (not in its type stubs)
_scanstring: Callable[[str, int, bool], tuple[str, int]] = vars(json.decoder)["scanstring"]


class _Fail(Exception):
    def __init__(self, index: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.index, self.message, self.hint = index, message, hint


class _Parser:
    def __init__(self, text: str, file: str, max_depth: int) -> None:
        self.text = text
        self.file = file
        self.max_depth = max_depth
        self.problems: list[Problem] = []
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def pos(self, index: int, raw: str | None = None) -> Pos:
        line = bisect.bisect_right(self.line_starts, index)
        return _new_pos(Pos, (line, index - self.line_starts[line - 1] + 1, raw))

    def skip(self, index: int) -> int:
        m = _WS.match(self.text, index)
        return m.end() if m else index

    def value(self, index: int, depth: int) -> tuple[Any, Pos, int]:
        text = self.text
        if index >= len(text):
            raise _Fail(index, "invalid JSON: the text ends where a value was expected", "complete or remove the value")
        ch = text[index]
        if ch == "{":
            return self.obj(index, depth + 1)
        if ch == "[":
            return self.arr(index, depth + 1)
        if ch == '"':
            value, end = self.string(index)
            return value, self.pos(index), end
        m = _NUMBER.match(text, index)
        if m and m.end() > index:
            raw = m.group(0)
            if len(raw) > 100:
                raise _Fail(index, f"invalid JSON: a number of {len(raw):,} characters", "write a shorter number")
            number: int | float = float(raw) if (m.group(1) or m.group(2)) else int(raw)
            return number, self.pos(index, raw), m.end()
        for word, literal in _LITERALS.items():
            if text.startswith(word, index):
                return literal, self.pos(index, word), index + len(word)
        bare = re.compile(r"[A-Za-z_]+").match(text, index)
        what = f"'{bare.group(0)}'" if bare else repr(ch)
        raise _Fail(
            index,
            f"invalid JSON: unexpected {what} where a value was expected",
            'text must be in double quotes ("..."); numbers are digits; true, false and null are lowercase',
        )

    def string(self, index: int) -> tuple[str, int]:
        try:
            value, end = _scanstring(self.text, index + 1, True)
        except JSONDecodeError as exc:
            raise _Fail(
                exc.pos, f"invalid JSON: {exc.msg}", "check the quotes and backslash escapes of this text"
            ) from None
        bad = _SURROGATE.search(value)
        if bad is not None:
            raise _Fail(
                index,
                f"invalid JSON text: lone surrogate U+{ord(bad.group(0)):04X} is not a character",
                "remove the \\uD8xx escape, or write the character itself",
            )
        return value, end

    def obj(self, start: int, depth: int) -> tuple[YMap, Pos, int]:
        if depth > self.max_depth:
            raise _Fail(start, f"nesting is deeper than {self.max_depth} levels", "check the brackets")
        node = YMap(self.pos(start))
        index = self.skip(start + 1)
        text = self.text
        if index < len(text) and text[index] == "}":
            return node, node.pos, index + 1
        while True:
            if index >= len(text) or text[index] != '"':
                raise _Fail(
                    index,
                    "invalid JSON: expected a key in double quotes",
                    'write keys as "name": value, separated by commas, with no comma after the last',
                )
            key, after = self.string(index)
            kpos = self.pos(index)
            index = self.skip(after)
            if index >= len(text) or text[index] != ":":
                raise _Fail(index, "invalid JSON: expected ':' after the key", 'write "name": value')
            index = self.skip(index + 1)
            value, vpos, index = self.value(index, depth)
            if isinstance(value, (YMap, YList)):
                node.bad += value.bad
            if key in node:
                first = node.key_pos[key]
                self.problems.append(
                    Problem(
                        self.file,
                        kpos.line,
                        kpos.column,
                        f"duplicate key '{key}' (also on line {first.line}); JSON readers would keep only the last",
                        f"keep one '{key}' (lines {first.line} and {kpos.line})",
                    )
                )
                node.bad += 1
            else:
                node[key] = value
                node.key_pos[key] = kpos
                node.value_pos[key] = vpos
            index = self.skip(index)
            if index < len(text) and text[index] == ",":
                index = self.skip(index + 1)
                continue
            if index < len(text) and text[index] == "}":
                return node, node.pos, index + 1
            raise _Fail(index, "invalid JSON: expected ',' or '}' after a value", "separate fields with commas")

    def arr(self, start: int, depth: int) -> tuple[YList, Pos, int]:
        if depth > self.max_depth:
            raise _Fail(start, f"nesting is deeper than {self.max_depth} levels", "check the brackets")
        node = YList(self.pos(start))
        index = self.skip(start + 1)
        text = self.text
        if index < len(text) and text[index] == "]":
            return node, node.pos, index + 1
        while True:
            value, vpos, index = self.value(index, depth)
            if isinstance(value, (YMap, YList)):
                node.bad += value.bad
            node.append(value)
            node.item_pos.append(vpos)
            index = self.skip(index)
            if index < len(text) and text[index] == ",":
                index = self.skip(index + 1)
                continue
            if index < len(text) and text[index] == "]":
                return node, node.pos, index + 1
            raise _Fail(
                index,
                "invalid JSON: expected ',' or ']' after an item",
                "separate items with commas, no comma after the last",
            )


def _decode(data: bytes, file: str) -> tuple[str | None, Problem | None]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", errors="replace")) + 1
        return None, Problem(
            file,
            line,
            column,
            f"the file must be UTF-8: byte 0x{data[exc.start : exc.start + 1].hex()} is not valid UTF-8",
            "save the file as UTF-8",
        )


def read_json(
    data: bytes, *, file: str = "<input>", max_bytes: int = DEFAULT_MAX_BYTES, max_depth: int = 32
) -> ReadResult:
    """Read one JSON document with positions. Never raises for bad input: problems are returned."""
    if len(data) > max_bytes:
        return ReadResult(
            None,
            [
                Problem(
                    file,
                    0,
                    0,
                    f"the file is {len(data):,} bytes, over the size limit of {max_bytes:,} bytes",
                    "split it into smaller files, or raise the limit",
                )
            ],
            fatal=True,
        )
    text, problem = _decode(data, file)
    if text is None:
        return ReadResult(None, [problem] if problem else [], fatal=True)
    parser = _Parser(text, file, max_depth)
    try:
        index = parser.skip(0)
        if index >= len(text):
            raise _Fail(index, "the file is empty: expected a JSON object", "write { ... } with the timeline's events")
        with gc_paused():  # a large acyclic tree: the collector would walk it again and again
            value, _pos, index = parser.value(index, 0)
        index = parser.skip(index)
        if index < len(text):
            raise _Fail(
                index, "invalid JSON: text after the end of the document", "remove it, or merge it into the object"
            )
    except _Fail as exc:
        pos = parser.pos(min(exc.index, len(text)))
        return ReadResult(None, [Problem(file, pos.line, pos.column, exc.message, exc.hint)], fatal=True)
    except RecursionError:  # pragma: no cover - max_depth keeps far below the interpreter's limit
        return ReadResult(None, [Problem(file, 1, 1, "nesting is too deep", "check the brackets")], fatal=True)
    return ReadResult(value, parser.problems)
