"""Safe YAML reading: bytes -> plain Python values with the position of every key and value.

PyYAML's loaders are not safe for files written by strangers (DESIGN.md, BAD_INPUTS.md):
libyaml's composer segfaults on deep nesting, aliases expand small files into gigabytes,
duplicate keys are silently accepted, ``yes`` becomes a boolean and tags construct objects.
So we never construct with PyYAML. We read libyaml's *event stream* (flat, no recursion in C)
and build the values ourselves in one pass, checking as we go:

- nesting depth (rejected as soon as it passes the limit, before libyaml's quadratic cases grow;
  an alias counts with the depth of what it repeats);
- anchors/aliases (a small budget of aliases, of the values they repeat and of the characters
  they repeat);
- tags (any explicit tag is rejected; nothing is ever constructed from a tag);
- duplicate keys (both lines named) and keys that are not text;
- invalid UTF-8, control characters, lone surrogates, U+2028/U+2029/U+0085 and a BOM after
  the start.

Plain scalars are resolved with YAML 1.1's rules, but *dates and times stay text* (the date
parser reads them), and the raw text of every non-text scalar is kept, so that a later check can
say "YAML reads 12:30 as the number 750: quote it".

The result is a tree of :class:`YMap` (a dict) and :class:`YList` (a list) that carry 1-based
line/column positions, and the problems found. Mapping-level problems (duplicate or non-text
keys) do not stop the read: they are reported with positions, and every container that holds
one (at any depth) has a non-zero ``bad`` count, so that the loader can skip the event that
contains it and keep the others.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import yaml

from .problems import Problem

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Pos",
    "ReadLimits",
    "ReadResult",
    "YList",
    "YMap",
    "bracket_rise",
    "gc_paused",
    "read_yaml",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

try:  # libyaml's parser, 5x faster; only its event stream is used (never its composer)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]
# PyYAML's own parser, in Python: no nesting limit of its own, used for texts with deep brackets
_PyLoader = yaml.SafeLoader


class Pos(NamedTuple):
    """1-based line and column of a value, and its raw text when YAML did not read it as text.

    ``raw`` is set for plain scalars that YAML 1.1 reads as something else than text
    (``yes``, ``12:30``, ``1066``, ``null``) and for unquoted dates and times (which are kept
    as text, but are not text *as keys*).
    """

    line: int
    column: int
    raw: str | None = None


_new_pos = tuple.__new__  # Pos(...) without the keyword-argument handling, in the hot loop


class YMap(dict[str, Any]):
    """A mapping read from YAML, with positions: ``pos`` (the mapping), ``key_pos``, ``value_pos``.

    ``bad`` counts the reading problems (duplicate or non-text keys) inside it, at any depth.
    """

    __slots__ = ("bad", "key_pos", "pos", "value_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}
        self.bad = 0


class YList(list[Any]):
    """A sequence read from YAML, with ``pos`` (the sequence) and ``item_pos`` (each item).

    ``bad`` counts the reading problems (duplicate or non-text keys) inside it, at any depth.
    """

    __slots__ = ("bad", "item_pos", "pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []
        self.bad = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadLimits:
    """Limits applied while reading. The defaults are far above what a chronology needs.

    A chronology needs about five levels of nesting (top mapping, ``events`` list, event,
    ``sources`` list, inline source). Aliases are allowed within a small budget: at most
    ``max_aliases`` of them, repeating at most ``max_alias_nodes`` values and
    ``max_alias_chars`` characters of text in all.
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = 16
    max_aliases: int = 100
    max_alias_nodes: int = 10_000
    max_alias_chars: int = 50_000


@dataclass(slots=True)
class ReadResult:
    """What :func:`read_yaml` gives: the document (``None`` when unreadable) and the problems.

    ``fatal`` is true when the document could not be read at all (size, syntax, depth,
    aliases, tags, encoding); the problems then say why.
    """

    data: Any
    problems: list[Problem] = field(default_factory=list)
    fatal: bool = False


_RESOLVER = yaml.resolver.Resolver()
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_PLAIN = (True, False)
_resolve_tag: Callable[[type, str, tuple[bool, bool]], str] = _RESOLVER.resolve  # untyped in types-PyYAML
# First characters after which a plain scalar can only be text (letters that start no YAML
# 1.1 boolean/null word, and most punctuation): the fast path skips the resolver for them.
_ALWAYS_TEXT_START = frozenset("abcdeghijklmpqrsuvwxzABCDEGHIJKLMPQRSUVWXZ\"'()[]{}/\\,;!?@#$&*=^`|<>") | frozenset(
    chr(c) for c in range(0x80, 0x3000)
)
# Characters that libyaml reads as line breaks but editors and our line numbers do not, and
# a byte-order mark that is not at the start: rejected before parsing.
_FORBIDDEN = (
    (
        "\ufeff",
        "a byte-order mark (U+FEFF) is not allowed inside the file",
        "delete it (it is invisible in most editors)",
    ),
    ("\u2028", "U+2028 LINE SEPARATOR is not allowed in the file", "delete it, or use an ordinary line break"),
    ("\u2029", "U+2029 PARAGRAPH SEPARATOR is not allowed in the file", "delete it, or use an ordinary line break"),
    ("\x85", "U+0085 NEXT LINE is not allowed in the file", "delete it, or use an ordinary line break"),
)


class _Fatal(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def _line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting line breaks as libyaml does."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[start : exc.start].decode("utf-8", errors="replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                file,
                line,
                column,
                f"the file must be UTF-8: byte 0x{bad} is not valid UTF-8 (is it Latin-1 or Windows-1252?)",
                "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
            )
        ]
    problems = []
    for char, message, hint in _FORBIDDEN:
        at = text.find(char)
        if at >= 0:
            line, column = _line_col(text, at)
            problems.append(Problem(file, line, column, message, hint))
    if problems:
        problems.sort(key=lambda p: (p.line, p.column))
        return None, problems
    return text, []


def _measure(value: Any) -> tuple[int, int, int]:
    """(values, characters of text, nesting height) of a value: what repeating it costs.

    Iterative (aliases can nest values deeper than the reading depth); values shared through
    aliases are walked each time they appear, as a consumer of the data would walk them.
    """
    nodes = chars = height = 0
    todo: list[tuple[Any, int]] = [(value, 1)]
    while todo:
        item, level = todo.pop()
        nodes += 1
        if isinstance(item, dict):
            height = max(height, level)
            nodes += len(item)
            chars += sum(len(k) for k in item if isinstance(k, str))
            todo.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            height = max(height, level)
            todo.extend((v, level + 1) for v in item)
        elif isinstance(item, str):
            chars += len(item)
    return nodes, chars, height


# The only plain scalars starting with a letter that YAML 1.1 does not read as text.
_WORDS = frozenset(
    {"yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE"}
    | {"on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL"}
)


def _scalar(value: str, implicit: tuple[bool, bool]) -> tuple[Any, str | None]:
    """Resolve a plain scalar with YAML 1.1's rules; return (value, raw text if not text)."""
    if not implicit[0]:  # quoted or block scalar: always text
        return value, None
    if not value:
        return None, value
    first = value[0]
    if first in _ALWAYS_TEXT_START or (first.isalpha() and value not in _WORDS):
        return value, None
    if len(value) <= 40:
        return _resolve_cached(value)
    return _resolve(value)


def _resolve(value: str) -> tuple[Any, str | None]:
    tag = _resolve_tag(yaml.ScalarNode, value, _PLAIN)
    if tag == _STR:
        return value, None
    if tag == _TIMESTAMP:  # dates stay text (the date parser reads them); raw marks it for keys
        return value, value
    node = yaml.ScalarNode(tag, value)
    try:
        if tag == _BOOL:
            return _CONSTRUCTOR.construct_yaml_bool(node), value
        if tag == _NULL:
            return None, value
        if tag == _INT:
            return _CONSTRUCTOR.construct_yaml_int(node), value
        if tag == _FLOAT:
            return _CONSTRUCTOR.construct_yaml_float(node), value
    except (ValueError, OverflowError):
        return value, None
    return value, value  # merge keys (<<), value keys (=): kept as text, but not text as keys


# short plain scalars that need the resolver repeat a lot (dates, numbers): cache them
_resolve_cached = lru_cache(maxsize=8192)(_resolve)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large, acyclic tree is built.

    Reading builds hundreds of thousands of small objects that all stay alive; the collector
    would walk them again and again (half of the reading time on a 10,000-event file) and
    find nothing to free. The previous state is restored afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_yaml(data: bytes, *, file: str = "<input>", limits: ReadLimits | None = None) -> ReadResult:
    """Read one YAML document safely. Never raises for bad input: problems are returned."""
    limits = limits or ReadLimits()
    if len(data) > limits.max_bytes:
        return ReadResult(
            None,
            [
                Problem(
                    file,
                    0,
                    0,
                    f"the file is {len(data):,} bytes, over the size limit of {limits.max_bytes:,} bytes",
                    "split it into several files in one folder, or raise the limit (--max-bytes)",
                )
            ],
            fatal=True,
        )
    text, problems = _decode(data, file)
    if text is None:
        return ReadResult(None, problems, fatal=True)
    try:
        with gc_paused():
            deep = bracket_rise(data) > limits.max_depth
            return _build(text, file, limits, deep=deep)
    except _Fatal as exc:
        return ReadResult(None, [Problem(file, exc.line, exc.column, exc.message, exc.hint)], fatal=True)
    except yaml.MarkedYAMLError as exc:
        return ReadResult(None, [_syntax_problem(exc, text, file)], fatal=True)
    except yaml.reader.ReaderError as exc:
        line, column = _line_col(text, exc.position)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        return ReadResult(
            None,
            [
                Problem(
                    file,
                    line,
                    column,
                    f"invalid character U+{code:04X}: {exc.reason}",
                    'delete it; control characters can only be written as escapes in double quotes, e.g. "\\t"',
                )
            ],
            fatal=True,
        )
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml errors carry a mark or a position
        return ReadResult(None, [Problem(file, 1, 1, f"invalid YAML: {exc}", "check the file's syntax")], fatal=True)


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    what = exc.problem or "invalid YAML"
    if exc.context:
        what = f"{exc.context}, {what}"
    hint = "check the indentation (spaces, not tabs), quotes and brackets around this place"
    lines = text.splitlines()
    if 0 < line <= len(lines) and "\t" in lines[line - 1][: max(column, 1)]:
        hint = "indent with spaces: YAML does not allow tabs for indentation"
    elif "escape" in what:
        what += " (a \\u escape must be a whole character; lone surrogates such as \\ud800 are not text)"
        hint = "remove the escape, or write the character itself"
    return Problem(file, line, column, f"invalid YAML: {what}", hint)


def _container_kind(value: Any) -> str:
    return "a mapping" if isinstance(value, dict) else "a list"


_STEP = np.zeros(256, dtype=np.int8)
_STEP[[ord("["), ord("{")]] = 1
_STEP[[ord("]"), ord("}")]] = -1
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def bracket_rise(data: bytes) -> int:
    """The most ``[``/``{`` opened after any point of ``data`` (UTF-8) and not closed before a later one.

    An upper bound of how deep flow collections nest, counted on the raw bytes (brackets in
    quotes and comments count too, so it may be more, never much less). It decides which parser
    reads the event stream: libyaml scans up to 1,024 characters ahead of the event it gives,
    and libyaml 0.2.6 stops at its own limit of 1,000 flow levels inside that window, before our
    depth check sees the first event. Texts whose brackets could nest deeper than the limit are
    read with PyYAML's Python parser instead, which has no limit of its own, so that the nesting
    is always reported by our check, with our message and the line:column where it passes the
    limit, whatever libyaml version is installed.
    """
    only = data.translate(None, _NOT_BRACKETS)
    if not only:
        return 0
    steps = _STEP[np.frombuffer(only, dtype=np.uint8)]
    depth = np.cumsum(steps, dtype=np.int32)
    lowest = np.minimum.accumulate(np.concatenate(([0], depth[:-1])))
    return int((depth - lowest).max())


def _build(text: str, file: str, limits: ReadLimits, *, deep: bool) -> ReadResult:
    problems: list[Problem] = []
    stack: list[Any] = []  # containers being built (YMap / YList)
    pending: list[Any] = []  # per container: for a YMap, the key waiting for its value (or _NOKEY)
    anchor_of: list[str | None] = []  # per container: its anchor
    anchors: dict[str, tuple[Any, int, int, int]] = {}  # name -> (value, nodes, chars, height)
    aliases = alias_nodes = alias_chars = documents = 0
    max_depth = limits.max_depth
    root: Any = None
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    map_start, seq_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
    map_end, seq_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    doc_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    loader = (_PyLoader if deep else _Loader)(text)
    get_event: Callable[[], Any] = loader.get_event  # events are typed loosely: read them as Any

    def attach(value: Any, pos: Pos) -> None:
        """Put a finished value into the container on top of the stack (or make it the root)."""
        nonlocal root
        if not stack:
            root = value
            return
        parent = stack[-1]
        if isinstance(value, (YMap, YList)) and value.bad:
            parent.bad += value.bad
        if parent.__class__ is YList:
            parent.append(value)
            parent.item_pos.append(pos)
            return
        key = pending[-1]
        if key is _NOKEY:  # this value is a key
            if isinstance(value, str) and pos.raw is None:
                pending[-1] = (value, pos)
                return
            if isinstance(value, str):
                what = f"the date {value!r}" if pos.raw == value else repr(value)
            elif isinstance(value, (dict, list)):
                what = _container_kind(value)
            else:
                what = f"{pos.raw!r}" if pos.raw is not None else repr(value)
            problems.append(
                Problem(
                    file,
                    pos.line,
                    pos.column,
                    f"keys must be text, got {what}",
                    "write field names as plain words such as title:, and quote a key that looks like "
                    'a date, a number or yes/no ("2020-01-01": ...)',
                )
            )
            parent.bad += 1
            pending[-1] = (_BADKEY, pos)
            return
        pending[-1] = _NOKEY
        name, kpos = key
        if name is _BADKEY:
            return
        if name in parent:
            first = parent.key_pos[name]
            problems.append(
                Problem(
                    file,
                    kpos.line,
                    kpos.column,
                    f"duplicate key '{name}' (also on line {first.line}); YAML would silently keep only the last",
                    f"keep one '{name}' (lines {first.line} and {kpos.line})",
                )
            )
            parent.bad += 1
            return
        parent[name] = value
        parent.key_pos[name] = kpos
        parent.value_pos[name] = pos

    while True:
        event = get_event()
        cls = event.__class__
        if cls is scalar_event:
            mark = event.start_mark
            if event.tag is not None:
                _reject_tag(event.tag, mark)
            value, raw = _scalar(event.value, event.implicit)
            pos = _new_pos(Pos, (mark.line + 1, mark.column + 1, raw))
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1, len(value) if isinstance(value, str) else 0, 0)
            # the common cases inline (this loop runs for every value of the file); the rest,
            # with its checks and messages, in attach()
            if not stack:
                attach(value, pos)
                continue
            parent = stack[-1]
            if parent.__class__ is YList:
                parent.append(value)
                parent.item_pos.append(pos)
                continue
            key = pending[-1]
            if key is _NOKEY:
                if raw is None:  # a text key
                    pending[-1] = (value, pos)
                else:
                    attach(value, pos)
                continue
            name = key[0]
            if name is _BADKEY or name in parent:
                attach(value, pos)
                continue
            pending[-1] = _NOKEY
            parent[name] = value
            parent.key_pos[name] = key[1]
            parent.value_pos[name] = pos
        elif cls is map_start or cls is seq_start:
            mark = event.start_mark
            if event.tag is not None:
                _reject_tag(event.tag, mark)
            if len(stack) >= max_depth:
                _too_deep(max_depth, mark)
            pos = _new_pos(Pos, (mark.line + 1, mark.column + 1, None))
            stack.append(YMap(pos) if cls is map_start else YList(pos))
            pending.append(_NOKEY)
            anchor_of.append(event.anchor)
        elif cls is map_end or cls is seq_end:
            done = stack.pop()
            pending.pop()
            anchor = anchor_of.pop()
            if anchor is not None:
                anchors[anchor] = (done, *_measure(done))
            attach(done, done.pos)
        elif cls is alias_event:
            mark = event.start_mark
            aliases += 1
            if aliases > limits.max_aliases:
                raise _Fatal(
                    mark.line + 1,
                    mark.column + 1,
                    f"anchors/aliases over budget: more than {limits.max_aliases} aliases",
                    "write the values out instead of using *aliases",
                )
            target = anchors.get(event.anchor)
            if target is None:  # libyaml leaves this to the composer, which we do not use
                raise _Fatal(
                    mark.line + 1,
                    mark.column + 1,
                    f"unknown alias *{event.anchor}: there is no &{event.anchor} before it",
                    "define the anchor before the alias, or write the value out",
                )
            value, nodes, chars, height = target
            alias_nodes += nodes
            alias_chars += chars
            if alias_nodes > limits.max_alias_nodes:
                raise _Fatal(
                    mark.line + 1,
                    mark.column + 1,
                    f"anchors/aliases over budget: aliases repeat more than {limits.max_alias_nodes:,} values",
                    "write the values out instead of using *aliases",
                )
            if alias_chars > limits.max_alias_chars:
                raise _Fatal(
                    mark.line + 1,
                    mark.column + 1,
                    f"anchors/aliases over budget: aliases repeat more than {limits.max_alias_chars:,} "
                    "characters of text",
                    "write the text once, or shorten it, instead of repeating it with *aliases",
                )
            if len(stack) + height > max_depth:
                _too_deep(max_depth, mark)
            attach(value, _new_pos(Pos, (mark.line + 1, mark.column + 1, None)))
        elif cls is doc_start:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise _Fatal(
                    mark.line + 1,
                    mark.column + 1,
                    "expected a mapping with `events:`, found a second YAML document",
                    "a chronology is one document: remove the second '---', or split it into two files",
                )
        elif cls is stream_end:
            break
    return ReadResult(root, problems)


def _too_deep(max_depth: int, mark: Any) -> None:
    raise _Fatal(
        mark.line + 1,
        mark.column + 1,
        f"nesting is deeper than {max_depth} levels",
        "a chronology needs only a few levels (events: - id: ... sources: - ...); check the brackets and indentation",
    )


def _reject_tag(tag: str, mark: Any) -> None:
    raise _Fatal(
        mark.line + 1,
        mark.column + 1,
        f"tags are not allowed: {tag}",
        "remove the tag; write plain values (quote text if needed)",
    )


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY: Any = _Marker("NOKEY")
_BADKEY: Any = _Marker("BADKEY")
