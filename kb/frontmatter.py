"""Split an article into front matter and body, and read the front matter with positions:
the knowledge base's one reader of front matter (:class:`kb.article.Article` reads every
article with :func:`parse`; docs/performance.md compares it with ruamel.yaml's C-backed
safe loader).

Learn front matter is a small subset of YAML: ``key: value`` lines, plain or quoted scalars
on one line, and block lists of such scalars. :func:`parse` reads that subset with a strict
line-by-line reader and hands anything else (flow collections, block scalars, anchors,
aliases, tags, escapes, tabs, continuation lines, values YAML would not read as text) to
ruamel.yaml, whose composer gives the same keys, values and positions. Both paths keep
every key, duplicates included, with the line and column of the key and its value, and
neither raises: a syntax error becomes a :class:`YamlError` with a line.

Reading ruamel.yaml's node graph instead of constructing Python objects keeps alias bombs
harmless: aliases are expanded here against a node budget, and cycles are refused.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from typing import Any, NamedTuple

MAX_NODES = 10_000
MAX_DEPTH = 50

_OPEN = re.compile(r"---[ \t]*(?:\n|\Z)")
_CLOSE = re.compile(r"\n(?:---|\.\.\.)[ \t]*(?=\n|\Z)")
# Plain scalars that YAML (1.2, or ruamel.yaml's extensions of it) may read as something
# other than text. Deliberately broad: a match only sends the file to the full parser.
_NOT_TEXT = re.compile(
    r"""(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|<<|=
        |[-+]?[0-9_]*\.?[0-9_]*(?:[eE][-+]?[0-9_]+)?
        |[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)
        |[-+]?0(?:[bB][01_]+|[oO][0-7_]+|[xX][0-9a-fA-F_]+)
        |[-+]?[0-9][0-9_]*(?::[0-9_]+)+(?:\.[0-9_]*)?
        |[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?.*
        )$""",
    re.VERBOSE,
)
_DECIMAL = re.compile(r"(?:0|[1-9][0-9]{0,17})$")
# Characters YAML does not allow inside a stream (and a byte-order mark past its start).
_FORBIDDEN = re.compile("[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\ufffe\uffff"
                        "\ud800-\udfff]")


class Item(NamedTuple):
    """One element of a list value."""

    value: Any
    line: int
    column: int


class Entry(NamedTuple):
    """One ``key: value`` of the front matter; positions are 1-based lines and columns.

    ``end_line``/``end_column`` mark where the value ends (exclusive). ``style`` is
    ``plain``, ``double``, ``single``, ``literal``, ``folded``, ``list``, ``map``, ``flow``
    or ``empty``.
    """

    key: Any
    value: Any
    line: int
    column: int
    value_line: int
    value_column: int
    end_line: int
    end_column: int
    style: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class YamlError:
    line: int
    column: int
    detail: str


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """What :func:`parse` found. ``last_line`` is the closing ``---`` (0 when not closed)."""

    present: bool = False
    closed: bool = False
    last_line: int = 0
    entries: tuple[Entry, ...] = ()
    errors: tuple[YamlError, ...] = ()
    is_mapping: bool = True
    parser: str = ""
    index: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # a repeated key keeps its last entry, as YAML loaders keep its last value
        if self.parser == "fast":  # keys are text
            object.__setattr__(self, "index", {entry.key: entry for entry in self.entries})
        else:
            object.__setattr__(self, "index", {_hashable(entry.key): entry
                                               for entry in self.entries})

    def mapping(self) -> dict[Any, Any]:
        """Keys to values."""
        return {key: entry.value for key, entry in self.index.items()}

    def get(self, key: str) -> Entry | None:
        """The last entry for ``key``."""
        return self.index.get(key)


def normalize_newlines(text: str) -> str:
    """``\r\n`` and a lone ``\r`` both end a line, as in YAML and Markdown."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def parse(text: str) -> tuple[FrontMatter, int, int]:
    """The front matter of an article's text (with ``\\n`` line breaks), the offset where
    its body starts and the body's first line number."""
    opening = _OPEN.match(text)
    if opening is None:
        return FrontMatter(), 0, 1
    closing = _CLOSE.search(text, opening.end() - 1)
    if closing is None:
        return FrontMatter(present=True), len(text), text.count("\n") + 2
    block = text[opening.end(): closing.start() + 1]
    last_line = block.count("\n") + 2
    body = closing.end() + 1 if closing.end() < len(text) else closing.end()
    fast = _fast(block)
    if fast is not None:
        return FrontMatter(True, True, last_line, tuple(fast), parser="fast"), body, last_line + 1
    entries, errors, is_mapping = _compose(block)
    return (FrontMatter(True, True, last_line, tuple(entries), tuple(errors), is_mapping,
                        "ruamel"), body, last_line + 1)


def may_be_plain(text: str) -> bool:
    """False when YAML could read ``text``, written unquoted, as something other than
    text (a number, a date, true, null...)."""
    return not _NOT_TEXT.match(text)


def _hashable(key: Any) -> Any:
    try:
        hash(key)
    except TypeError:
        return repr(key)
    return key


# -- the fast path -------------------------------------------------------------------------

_FIRST = r"[^\s#'\"\[\]{}&*!|>%@`,?:\-]"
_PLAIN = _FIRST + r"[^\n :]*(?:(?::(?=[^ \n])|[ ]+(?=[^ \n#]))[^\n :]*)*"
_VALUE = r"\"([^\"\\\n]*)\"|'((?:[^'\n]|'')*)'|(" + _PLAIN + ")"
_TAIL = r"(?:[ ]+#[^\n]*|[ ]*)\n"
# One line of the subset: ``key: value``, ``key:``, ``- item``, blank or comment. Groups:
# key, spaces before the colon, spaces after it, the value as double/single/plain, then the
# indent, spaces after the dash and double/single/plain value of a list item.
_LINE = re.compile(
    r"^(?:(" + _FIRST + r"[^:#\t\n ]*(?:[ ]+[^:#\t\n ]+)*)([ ]*)"
    + r":(?:([ ]+)(?:" + _VALUE + r"))?" + _TAIL
    + r"|([ ]*)-([ ]+)(?:" + _VALUE + r")" + _TAIL
    + r"|[ ]*(?:#[^\n]*)?\n)",
    re.MULTILINE,
)
_MAYBE_NOT_TEXT = frozenset("0123456789+-.~nNtTfF<=")


def _fast(block: str) -> list[Entry] | None:
    """Entries of the front matter ``block`` (which starts on line 2), or None when it
    leaves the Learn subset."""
    lines = block.split("\n")
    lines.pop()  # the block ends with a line break, or is empty
    rows = ROW_MEMO
    entries: list[Entry] = []
    open_list: list | None = None
    for number, line in enumerate(lines, 2):
        row = rows.get(line)
        if row is None:
            row = _row(line)
            if len(line) <= _ROW_MEMO_WIDTH:
                if len(rows) >= _ROW_MEMO_SIZE:
                    rows.clear()
                rows[line] = row
        kind = row[0]
        if kind == _PAIR:
            if open_list is not None:
                entries.append(_list_entry(*open_list))
                open_list = None
            _, key, value, column, end, style = row
            entries.append(Entry(key, value, number, 1, number, column, number, end, style))
        elif kind == _ITEM:
            if open_list is None:
                return None
            items = open_list[3]
            _, value, column, indent, length = row
            if items and items[0][3] != indent:
                return None
            items.append((value, number, column, indent, length))
        elif kind == _KEY_ONLY:
            if open_list is not None:
                entries.append(_list_entry(*open_list))
            open_list = [row[1], number, row[2], []]
        elif kind == _OUTSIDE:
            return None
    if open_list is not None:
        entries.append(_list_entry(*open_list))
    return entries


# What a line holds does not depend on where it is, and most lines of a knowledge base
# recur from file to file (``ms.topic: article``, ``ROBOTS: NOINDEX, NOFOLLOW``): each
# distinct line is read once, its row kept here (short lines only, and not without end).
_PAIR, _ITEM, _KEY_ONLY, _NOTHING, _OUTSIDE = range(5)
ROW_MEMO: dict[str, tuple] = {}
_ROW_MEMO_WIDTH = 200
_ROW_MEMO_SIZE = 100_000


def _row(line: str) -> tuple:
    """One line of front matter (without its line break), read the same wherever it is:
    (_PAIR, key, value, value column, end column, style), (_ITEM, value, column, indent,
    length as written), (_KEY_ONLY, key, column after the colon), (_NOTHING,) for a blank
    or comment line, or (_OUTSIDE,) when the line leaves the subset."""
    if _FORBIDDEN.search(line):
        return (_OUTSIDE,)
    match = _LINE.match(line + "\n")
    if match is None:
        return (_OUTSIDE,)
    key, before, after, dq, sq, plain, indent, gap, idq, isq, iplain = match.groups("")
    if key:
        if (key[0] in _MAYBE_NOT_TEXT and _NOT_TEXT.match(key)) or len(key) > 1000:
            return (_OUTSIDE,)
        if not after:
            return (_KEY_ONLY, key, len(key) + 1)
        column = len(key) + len(before) + len(after) + 2
        value, style, length = _value_of(dq, sq, plain)
        if style is None:
            return (_OUTSIDE,)
        if style == "empty":
            style = "single" if line[column - 1] == "'" else "double"
        return (_PAIR, key, value, column, column + length, style)
    if gap:
        column = len(indent) + len(gap) + 2
        value, style, length = _value_of(idq, isq, iplain)
        if style is None:
            return (_OUTSIDE,)
        return (_ITEM, value, column, indent, length)
    return (_NOTHING,)


def _value_of(dq: str, sq: str, plain: str):
    """(value, style, length as written); style None when YAML may not read it as text."""
    if plain:
        if plain[0] in _MAYBE_NOT_TEXT and _NOT_TEXT.match(plain):
            if _DECIMAL.match(plain):
                return int(plain), "plain", len(plain)
            return None, None, 0
        return plain, "plain", len(plain)
    if dq:
        return dq, "double", len(dq) + 2
    if sq:
        return sq.replace("''", "'"), "single", len(sq) + 2
    return "", "empty", 2  # an empty quoted value: the caller looks at which quote


def _list_entry(key: str, number: int, key_end: int, items: list) -> Entry:
    if not items:
        return Entry(key, None, number, 1, number, key_end, number, key_end, "empty")
    last = items[-1]
    return Entry(key, [item[0] for item in items], number, 1, items[0][1],
                 len(items[0][3]) + 1, last[1], last[2] + last[4], "list",
                 tuple(Item(value, line, column) for value, line, column, _, _ in items))


# -- the full parser -----------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, node, detail: str) -> None:
        super().__init__(detail)
        self.node = node
        self.detail = detail


_yaml = None


def _composer():
    global _yaml
    if _yaml is None:
        from ruamel.yaml import YAML

        _yaml = YAML(typ="safe")  # the C parser when ruamel.yaml.clib is installed
    return _yaml


def _compose(block: str):
    """(entries, errors, is_mapping) for the front matter ``block``, read by ruamel.yaml.

    The block starts on line 2 of the file, so a 0-based line ``n`` of it is line ``n + 2``.
    """
    errors: list[YamlError] = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node = _composer().compose(block)
    except RecursionError:
        return [], [YamlError(2, 1, "nested too deeply")], True
    except Exception as error:  # every YAMLError, and anything a hostile stream provokes
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        detail = (getattr(error, "problem", None) or str(error) or type(error).__name__)
        line, column = (2, 1) if mark is None else (2 + mark.line, mark.column + 1)
        return [], [YamlError(line, column, " ".join(str(detail).split())[:200])], True
    if node is None:
        return [], [], True
    from ruamel.yaml.nodes import MappingNode

    if not isinstance(node, MappingNode):
        return [], [], False
    entries = []
    budget = [MAX_NODES]
    for key_node, value_node in node.value:
        try:
            key = _value(key_node, budget, 0, set())
            value = _value(value_node, budget, 0, set())
        except _Refused as refused:
            mark = refused.node.start_mark
            errors.append(YamlError(2 + mark.line, mark.column + 1, refused.detail))
            break
        except RecursionError:
            mark = key_node.start_mark
            errors.append(YamlError(2 + mark.line, mark.column + 1, "nested too deeply"))
            break
        entries.append(_entry(key, value, key_node, value_node, 2))
    return entries, errors, True


def _entry(key, value, key_node, value_node, offset: int) -> Entry:
    start, end = value_node.start_mark, value_node.end_mark
    kind = type(value_node).__name__
    items: tuple[Item, ...] = ()
    if kind == "ScalarNode":
        style = {'"': "double", "'": "single", "|": "literal", ">": "folded"}.get(
            value_node.style or "", "plain")
        if value is None and value_node.value == "":
            style = "empty"
    else:
        style = "flow" if value_node.flow_style else ("list" if kind == "SequenceNode" else "map")
        if kind == "SequenceNode" and isinstance(value, list):
            items = tuple(Item(item, offset + child.start_mark.line, child.start_mark.column + 1)
                          for item, child in zip(value, value_node.value, strict=False))
            if value_node.value:
                end = value_node.value[-1].end_mark
    if style == "empty":
        # an empty value's node sits where the next token starts; keep it beside the key
        start = end = key_node.end_mark
    return Entry(key if isinstance(key, str) else _hashable(key), value,
                 offset + key_node.start_mark.line, key_node.start_mark.column + 1,
                 offset + start.line, start.column + 1, offset + end.line, end.column + 1,
                 style, items)


def _value(node, budget: list[int], depth: int, active: set[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _Refused(node, f"more than {MAX_NODES} values once aliases are expanded")
    if depth > MAX_DEPTH:
        raise _Refused(node, f"nested more than {MAX_DEPTH} levels deep")
    kind = type(node).__name__
    if kind == "ScalarNode":
        return _scalar_value(node.tag, node.value)
    if id(node) in active:
        raise _Refused(node, "an alias refers to the collection that contains it")
    active.add(id(node))
    try:
        if kind == "SequenceNode":
            return [_value(child, budget, depth + 1, active) for child in node.value]
        result = {}
        for key_node, value_node in node.value:
            key = _hashable(_value(key_node, budget, depth + 1, active))
            result[key] = _value(value_node, budget, depth + 1, active)
        return result
    finally:
        active.discard(id(node))


def _scalar_value(tag: str, text: str) -> Any:
    kind = tag.rsplit(":", 1)[-1]
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int":
        try:
            return int(text.replace("_", ""), 0)
        except ValueError:
            return text
    if kind == "float":
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    return text
