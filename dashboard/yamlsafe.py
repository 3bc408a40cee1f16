"""Safe YAML reading: bytes -> plain Python values with the position of every key and value.

PyYAML's loaders are not safe for files written by strangers (DESIGN.md, BAD_INPUTS.md):
libyaml's composer segfaults on deep nesting, aliases expand small files into gigabytes,
duplicate keys are silently accepted, ``yes`` becomes a boolean and tags construct objects.
So we never construct with PyYAML. We read libyaml's *event stream* (flat, no recursion in C)
and build the values ourselves in one pass, checking as we go:

- nesting depth (rejected as soon as it passes the limit, before libyaml's quadratic cases grow);
- anchors/aliases (a small budget of aliases, and of the nodes they would expand to);
- tags (any explicit tag is rejected; nothing is ever constructed from a tag);
- duplicate keys (both lines named) and keys that are not text;
- invalid UTF-8, lone surrogates, U+2028/U+2029 and a BOM after the start.

Plain scalars are resolved with YAML 1.1's rules, but *dates and times stay text* (the date
parser reads them), and the raw text of every non-text scalar is kept, so that a later check can
say "YAML reads 12:30 as the number 750: quote it".

The result is a tree of :class:`YMap` (a dict) and :class:`YList` (a list) that carry 1-based
line/column positions, and the problems found. Mapping-level problems (duplicate or non-text
keys) do not stop the read: they are reported with positions so that the loader can skip the
event that contains them and keep the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from .problems import Problem

__all__ = [
    "YMap",
    "YList",
    "Pos",
    "ReadLimits",
    "ReadResult",
    "read_yaml",
    "DEFAULT_MAX_BYTES",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

try:  # libyaml's parser, 5x faster; only its event stream is used (never its composer)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class Pos:
    """1-based line and column of a value, and its raw text when YAML did not read it as text."""

    line: int
    column: int
    raw: str | None = None


class YMap(dict[str, Any]):
    """A mapping read from YAML, with positions: ``pos`` (the mapping), ``key_pos``, ``value_pos``."""

    __slots__ = ("pos", "key_pos", "value_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Pos] = {}
        self.value_pos: dict[str, Pos] = {}


class YList(list[Any]):
    """A sequence read from YAML, with ``pos`` (the sequence) and ``item_pos`` (each item)."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []


@dataclass(frozen=True, slots=True, kw_only=True)
class ReadLimits:
    """Limits applied while reading. The defaults are far above what a chronology needs."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = 16
    max_aliases: int = 100
    max_alias_nodes: int = 10_000


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
# First characters after which a plain scalar can only be text (letters that start no YAML
# 1.1 boolean/null word, and most punctuation): the fast path skips the resolver for them.
_ALWAYS_TEXT_START = frozenset(
    "abcdeghijklmpqrsuvwxzABCDEGHIJKLMPQRSUVWXZ\"'()[]{}/\\,;!?@#$&*=^`|<>"
) | frozenset(chr(c) for c in range(0x80, 0x3000))


class _Fatal(Exception):
    def __init__(self, line: int, column: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def _decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return None, [
            Problem(
                file,
                line,
                column,
                f"the file must be UTF-8: byte 0x{bad} is not valid UTF-8",
                "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
            )
        ]
    problems = []
    for char, name in (("\ufeff", "a byte-order mark (U+FEFF)"), ("\u2028", "U+2028 LINE SEPARATOR"),
                       ("\u2029", "U+2029 PARAGRAPH SEPARATOR")):
        at = text.find(char)
        if at >= 0:
            line = text.count("\n", 0, at) + 1
            column = at - (text.rfind("\n", 0, at) + 1) + 1
            problems.append(
                Problem(file, line, column, f"{name} is not allowed inside the file",
                        "delete it, or use an ordinary line break")
            )
    if problems:
        return None, problems
    return text, []


def _size(value: Any) -> int:
    """Number of nodes in a value (what walking an alias to it costs)."""
    if isinstance(value, dict):
        return 1 + sum(_size(v) for v in value.values()) + len(value)
    if isinstance(value, list):
        return 1 + sum(_size(v) for v in value)
    return 1


def _scalar(event: yaml.ScalarEvent) -> tuple[Any, str | None]:
    """Resolve a plain scalar with YAML 1.1's rules; return (value, raw text if not text)."""
    value: str = event.value
    if not event.implicit[0]:  # quoted or block scalar: always text
        return value, None
    if not value:
        return None, value
    if value[0] in _ALWAYS_TEXT_START:
        return value, None
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
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
    return value, None  # merge keys, values: keep as text; the schema check rejects them


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
        return _build(text, file, limits)
    except _Fatal as exc:
        return ReadResult(None, [Problem(file, exc.line, exc.column, exc.message, exc.hint)], fatal=True)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        hint = "check the indentation (spaces, not tabs), quotes and brackets around this place"
        if "\t" in text.splitlines()[line - 1] if 0 < line <= len(text.splitlines()) else False:
            hint = "indent with spaces: YAML does not allow tabs for indentation"
        return ReadResult(None, [Problem(file, line, column, f"invalid YAML: {what}", hint)], fatal=True)
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml errors always carry a mark
        return ReadResult(None, [Problem(file, 1, 1, f"invalid YAML: {exc}", "check the file's syntax")], fatal=True)


def _build(text: str, file: str, limits: ReadLimits) -> ReadResult:
    problems: list[Problem] = []
    stack: list[Any] = []  # containers being built
    pending_key: list[Any] = []  # per mapping on the stack: the key waiting for its value (or _NOKEY)
    anchors: dict[str, tuple[Any, int]] = {}
    anchor_of: list[str | None] = []
    aliases = 0
    alias_nodes = 0
    documents = 0
    root: Any = None
    have_root = False

    def add(value: Any, pos: Pos, anchor: str | None) -> None:
        nonlocal root, have_root
        if anchor is not None:
            anchors[anchor] = (value, _size(value) if isinstance(value, (dict, list)) else 1)
        if not stack:
            root, have_root = value, True
            return
        parent = stack[-1]
        if isinstance(parent, YList):
            parent.append(value)
            parent.item_pos.append(pos)
            return
        key = pending_key[-1]
        if key is _NOKEY:  # this value is a key
            if isinstance(value, str) and pos.raw is None:
                pending_key[-1] = (value, pos)
            else:
                what = "a mapping" if isinstance(value, dict) else "a list" if isinstance(value, list) else (
                    f"{pos.raw!r}" if pos.raw is not None else repr(value))
                if isinstance(value, str):
                    what = f"the date {value!r}"
                problems.append(
                    Problem(file, pos.line, pos.column, f"keys must be text, got {what}",
                            "write field names as plain words such as title:, and quote a key that looks like a date or number")
                )
                pending_key[-1] = (_BADKEY, pos)
            return
        pending_key[-1] = _NOKEY
        name, kpos = key
        if name is _BADKEY:
            return
        if name in parent:
            first = parent.key_pos[name]
            problems.append(
                Problem(file, kpos.line, kpos.column,
                        f"duplicate key '{name}' (also on line {first.line}); YAML would silently keep only the last",
                        f"keep one '{name}' (lines {first.line} and {kpos.line})")
            )
            return
        parent[name] = value
        parent.key_pos[name] = kpos
        parent.value_pos[name] = pos

    for event in yaml.parse(text, Loader=_Loader):
        cls = event.__class__
        if cls is yaml.ScalarEvent:
            mark = event.start_mark
            if event.tag is not None:
                _reject_tag(event.tag, mark)
            value, raw = _scalar(event)
            if event.style == '"' and any("\ud800" <= c <= "\udfff" for c in value):
                raise _Fatal(mark.line + 1, mark.column + 1, "a lone surrogate (\\ud800-\\udfff) is not valid text",
                             "remove the escape; write the character itself")
            add(value, Pos(mark.line + 1, mark.column + 1, raw), event.anchor)
        elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            mark = event.start_mark
            if event.tag is not None:
                _reject_tag(event.tag, mark)
            if len(stack) >= limits.max_depth:
                raise _Fatal(mark.line + 1, mark.column + 1,
                             f"nesting is deeper than {limits.max_depth} levels",
                             "a chronology needs only a few levels (events: - id: ... sources: - ...); check the brackets")
            pos = Pos(mark.line + 1, mark.column + 1)
            container: Any = YMap(pos) if cls is yaml.MappingStartEvent else YList(pos)
            stack.append(container)
            pending_key.append(_NOKEY)
            anchor_of.append(event.anchor)
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            done = stack.pop()
            pending_key.pop()
            anchor = anchor_of.pop()
            add(done, done.pos, anchor)
        elif cls is yaml.AliasEvent:
            mark = event.start_mark
            aliases += 1
            if aliases > limits.max_aliases:
                raise _Fatal(mark.line + 1, mark.column + 1,
                             f"anchors/aliases over budget: more than {limits.max_aliases} aliases",
                             "write the values out instead of using *aliases")
            target = anchors.get(event.anchor)
            if target is None:  # libyaml reports unknown anchors itself; defensive
                raise _Fatal(mark.line + 1, mark.column + 1, f"unknown alias *{event.anchor}", "define the &anchor first")
            value, size = target
            alias_nodes += size
            if alias_nodes > limits.max_alias_nodes or (isinstance(value, str) and len(value) * aliases > limits.max_bytes):
                raise _Fatal(mark.line + 1, mark.column + 1,
                             f"anchors/aliases over budget: aliases expand to more than {limits.max_alias_nodes:,} values",
                             "write the values out instead of using *aliases")
            if isinstance(value, str) and len(value) > 1000:
                raise _Fatal(mark.line + 1, mark.column + 1,
                             f"anchors/aliases over budget: an alias repeats a text of {len(value):,} characters",
                             "write the text once, or shorten it")
            add(value, Pos(mark.line + 1, mark.column + 1), None)
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise _Fatal(mark.line + 1, mark.column + 1,
                             "expected a mapping with `events:`, found a second YAML document",
                             "a chronology is one document: remove the second '---', or split it into two files")
    if not have_root:
        root = None
    return ReadResult(root, problems)


def _reject_tag(tag: str, mark: Any) -> None:
    raise _Fatal(mark.line + 1, mark.column + 1, f"tags are not allowed: {tag}",
                 "remove the tag; write plain values (quote text if needed)")


class _Marker:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NOKEY: Any = _Marker("NOKEY")
_BADKEY: Any = _Marker("BADKEY")
