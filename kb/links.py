"""What an article body links to and what it can be linked to: links, anchors, action links.

A heading's anchor is its explicit attr_list id (``## Title {#anchor}``) or, without one, the
id MkDocs' toc extension derives from its text. ``<a name>`` and any ``id`` attribute are
anchors too. Anchors are compared exactly: ``#Settle`` does not find ``{#settle}``.

An action link is an ordinary Markdown link whose target uses the ``action:`` scheme:
``[Gjør opp saldo](action:balance.settle)`` or ``action:balance.settle?subscription=sub_1``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

from kb.text import Locator, blank_code

_ATTRS = re.compile(r"[ \t]*\{:?[ \t]*([^}]*)\}[ \t]*$")
_CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
_TAG = re.compile(r"<[^>]*>")
_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"[*_`]")
_NOT_WORD = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")
_LINK = re.compile(
    r"\[([^\[\]\n]*(?:\[[^\[\]\n]*\][^\[\]\n]*)*)\]"
    r"\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^)\n]*\)))?\s*\)"
)

# What the body is scanned for: headings, reference definitions, numbered steps, alerts
# and table lines, in one pass (tests/kb/test_links.py holds one pattern for each, which
# this one must match alike). Each stays inside the line it starts on, and a line's first
# character after its indentation (#, [, a digit, > or |) decides which it can be, so a
# lookahead for that character passes over most lines at one test. The text is scanned
# with "\n" put in front, so every line starts with its line break. Groups: heading 1-2,
# reference 3-4, step 5, alert 6, table 7.
LINE_SCAN = re.compile(
    r"\n(?=[ \t]*[#\[\d>|])(?: {0,3}(#{1,6})(?=[ \t\n]|\Z)([^\n]*)"
    r"| {0,3}\[([^\]\n]+)\]:[ \t]*<?([^\s>]+)>?"
    r"|[ \t]*(\d{1,9})[.)][ \t]+\S"
    r"|[ \t]*(?:>[ \t]*)+\[!((?i:NOTE|TIP|IMPORTANT|CAUTION|WARNING))\]"
    r"|([ \t]*\|[^\n]*))"
)
# HTML anchors and links in one pass: at each "<", the first name/id attribute of the
# tag (groups 1-2) and the first href/src attribute (groups 3-4 or 5-6), looked for ahead
# so that neither hides the other. A "<" that the previous match of the same kind ran past
# is skipped, as a scan for that kind alone would (see scan_html).
_ANCHOR_AHEAD = r"""(?=([A-Za-z][^>]*?\s(?:name|id)\s*=\s*["']([^"']*)["']))"""
_LINK_AHEAD = r"""(?=([A-Za-z][^>]*?\s(?:href|src)\s*=\s*["']([^"']*)["']))"""
_HTML = re.compile(f"<(?:{_ANCHOR_AHEAD}(?:{_LINK_AHEAD})?|{_LINK_AHEAD})")
_PIPE = re.compile(r"(?<!\\)\|")
_DELIMITER = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


class Heading(NamedTuple):
    level: int
    text: str
    anchor: str
    explicit: bool
    line: int
    column: int


class Link(NamedTuple):
    """A link target where it is written; ``kind`` is ``link``, ``image``, ``reference`` or
    ``html`` (an href or src attribute)."""

    text: str
    target: str
    line: int
    column: int
    kind: str


class Row(NamedTuple):
    line: int
    cells: tuple[str, ...]
    columns: tuple[int, ...]


class Table(NamedTuple):
    line: int
    header: tuple[str, ...]
    rows: tuple[Row, ...]


class Outline(NamedTuple):
    """The parts of a body that rules and the site look at."""

    headings: tuple[Heading, ...]
    anchors: frozenset[str]
    links: tuple[Link, ...]
    steps: int
    alerts: tuple[str, ...]
    tables: tuple[Table, ...]

    @property
    def action_links(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if is_action(link.target))


def outline(body: str, first_line: int = 1, prose: str | None = None) -> Outline:
    """Scan ``body`` (which starts on line ``first_line`` of its file); ``prose`` is the
    body with code blanked out, when the caller has it already."""
    text = "\n" + (blank_code(body) if prose is None else prose)
    where = Locator(text, first_line - 1)
    heading_lines, references, alerts, table_lines = [], [], [], []
    steps = 0
    for match in LINE_SCAN.finditer(text):
        kind = match.lastindex
        if kind == 2:
            heading_lines.append(match)
        elif kind == 5:
            steps += 1
        elif kind == 4:
            references.append(match)
        elif kind == 7:
            table_lines.append(match)
        else:
            alerts.append(match.group(6).upper())
    headings = _headings(heading_lines, body, where) if heading_lines else []
    anchors = {heading.anchor for heading in headings if heading.anchor}
    html_links: list[tuple[int, str]] = []
    if "<" in text:
        scan_html(text, anchors, html_links)
    return Outline(tuple(headings), frozenset(anchors),
                   tuple(_links(text, where, references, html_links)),
                   steps, tuple(alerts),
                   tuple(_tables(table_lines, where)) if table_lines else ())


def slugify(text: str, separator: str = "-") -> str:
    """The id MkDocs' toc extension gives a heading with this text (before de-duplication)."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = _NOT_WORD.sub("", text).strip().lower()
    if separator == "-":
        if text[:1] == "-" or text[-1:] == "-":
            return _SEPARATORS.sub("-", text)
        # the same as the pattern when no hyphen starts or ends the text (str.split and
        # \s know the same whitespace), in a fifth of the time
        return "-".join(text.replace("-", " ").split())
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, text)


def plain_text(markdown: str) -> str:
    """Heading text as a reader sees it: no tags, link targets or emphasis markers."""
    text = _TAG.sub("", markdown) if "<" in markdown else markdown
    if "](" in text:
        text = _INLINE_LINK.sub(r"\1", text)
    return _EMPHASIS.sub("", text).strip()


def _headings(matches: list[re.Match], body: str, where: Locator) -> list[Heading]:
    headings = []
    seen: dict[str, int] = {}
    for match in matches:
        # found in the text with code hidden, read from the body with code shown
        raw = body[match.start(2) - 1:match.end(2) - 1].strip()
        if raw.endswith("#"):
            raw = _CLOSING_HASHES.sub("", raw)
        explicit = None
        attrs = _ATTRS.search(raw) if raw.endswith("}") else None
        if attrs:
            ids = [part[1:] for part in attrs.group(1).split() if part.startswith("#")]
            if ids:
                explicit = ids[-1]
                raw = raw[: attrs.start()]
        title = plain_text(raw)
        if explicit is None:
            anchor = slugify(title)
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{anchor}_{seen[anchor]}"
            else:
                seen[anchor] = 0
        else:
            anchor = explicit
        line, column = where.position(match.start(1))
        headings.append(Heading(len(match.group(1)), title, anchor, explicit is not None,
                                line, column))
    return headings


def scan_html(text: str, anchors: set[str], links: list[tuple[int, str]]) -> None:
    """Add the name/id attributes of ``text``'s tags to ``anchors`` and the (offset, value)
    of their href/src attributes to ``links``."""
    anchor_end = link_end = 0
    for match in _HTML.finditer(text):
        start = match.start()
        if match.start(1) >= 0 and start >= anchor_end:
            anchors.add(match.group(2))
            anchor_end = match.end(1)
        group = 3 if match.start(3) >= 0 else 5 if match.start(5) >= 0 else 0
        if group and start >= link_end:
            links.append((match.start(group + 1), match.group(group + 1)))
            link_end = match.end(group)


def _links(text: str, where: Locator, references: list[re.Match],
           html: list[tuple[int, str]]) -> list[Link]:
    found = []
    if "](" in text:
        # positions counted here, not by the locator: one call less per link
        count, rfind = text.count, text.rfind
        line, last = where.first_line, 0
        for match in _LINK.finditer(text):
            start = match.start(2)
            line += count("\n", last, start)
            last = start
            label, target = match.group(1, 2)
            if target[:1] == "<":
                target = target[1:-1]
            found.append(Link(label, target, line, start - rfind("\n", 0, start),
                              "image" if text[match.start() - 1] == "!" else "link"))
    kinds = 1 if found else 0
    if references:
        kinds += 1
        for match in references:
            line, column = where.position(match.start(4))
            found.append(Link(match.group(3), match.group(4), line, column, "reference"))
    if html:
        kinds += 1
        for offset, target in html:
            line, column = where.position(offset)
            found.append(Link("", target, line, column, "html"))
    if kinds > 1:  # each scan finds its links in order already
        found.sort(key=_position)
    return found


def _position(link: Link) -> tuple[int, int]:
    return link.line, link.column


def _tables(matches: list[re.Match], where: Locator) -> list[Table]:
    tables = []
    block: list[tuple[int, str]] = []
    previous_end = -2
    for match in matches:
        if match.start() != previous_end and block:
            tables.extend(_table(block, where))
            block = []
        block.append((match.start(7), match.group(7)))
        previous_end = match.end()
    if block:
        tables.extend(_table(block, where))
    return tables


def _table(block: list[tuple[int, str]], where: Locator) -> list[Table]:
    if len(block) < 2 or not _DELIMITER.match(block[1][1]):
        return []
    header = split_row(block[0][1])[0]
    rows = []
    for offset, line_text in block[2:]:
        cells, columns = split_row(line_text)
        line, column = where.position(offset)
        rows.append(Row(line, tuple(cells), tuple(column + c for c in columns)))
    return [Table(where.position(block[0][0])[0], tuple(header), tuple(rows))]


def split_row(line: str) -> tuple[list[str], list[int]]:
    """The cells of a table row and the 0-based column where each starts."""
    parts = _PIPE.split(line)
    cells, columns = [], []
    position = len(parts[0]) + 1
    for index, part in enumerate(parts[1:], 1):
        if index < len(parts) - 1 or part.strip():
            stripped = part.lstrip()
            cells.append(stripped.rstrip())
            columns.append(position + len(part) - len(stripped))
        position += len(part) + 1
    return cells, columns


def is_action(target: str) -> bool:
    return target.startswith("action:")


class ActionTarget(NamedTuple):
    action: str
    params: tuple[tuple[str, str], ...]


def parse_action(target: str) -> ActionTarget:
    """``action:ID?name=value&name=value`` as an id and its parameters, in order."""
    from urllib.parse import parse_qsl

    rest = target[len("action:"):]
    action, _, query = rest.partition("?")
    params = tuple(parse_qsl(query, keep_blank_values=True)) if query else ()
    return ActionTarget(action, params)
