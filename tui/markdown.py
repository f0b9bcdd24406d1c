"""A small Markdown renderer for articles: markdown-it-py tokens to lines of Rich text.

It knows what the articles use: headings (with ``{#anchor}``), paragraphs, lists, tables,
Learn alerts (``> [!NOTE]``), rules and code. Every ``action:`` link and every table row
that holds one becomes an :class:`Item` that the article view can focus and run. Layout is
done once per width; the view renders only the visible lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.console import Console
from rich.style import Style
from rich.text import Text

from tui.i18n import N_, _

_ANCHOR = re.compile(r"\s*\{#([^}]*)\}\s*$")
_ALERT = re.compile(r"^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*", re.IGNORECASE)
ALERT_TITLES = {"NOTE": N_("Note"), "TIP": N_("Tip"), "IMPORTANT": N_("Important"),
                "WARNING": N_("Warning"), "CAUTION": N_("Caution")}
ALERT_COLORS = {"NOTE": "blue", "TIP": "green", "IMPORTANT": "magenta", "WARNING": "yellow",
                "CAUTION": "red"}

LINK = Style(color="bright_cyan", underline=True)
ACTION = Style(color="bright_green", bold=True)


@dataclass
class Item:
    """A focusable part of the article: an ``action:`` link, or a table row with one."""

    index: int
    kind: str  # "link" or "row"
    action: str
    params: dict[str, str]
    label: str
    first_line: int = 0
    last_line: int = 0


@dataclass
class Line:
    text: Text
    item: int | None = None  # the row item this whole line belongs to


@dataclass
class Layout:
    lines: list[Line] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)


def parse_action(href: str) -> tuple[str, dict[str, str]]:
    """An ``action:ID?name=value`` target, read as the kb pipeline's checker reads it."""
    from kb.links import parse_action as kb_parse_action

    target = kb_parse_action(href.strip())
    return target.action.strip(), dict(target.params)


@dataclass
class _Block:
    kind: str
    text: Text | None = None
    level: int = 0
    anchor: str = ""
    items: list[tuple[str, Text]] = field(default_factory=list)
    header: list[Text] = field(default_factory=list)
    rows: list[list[Text]] = field(default_factory=list)
    children: list[_Block] = field(default_factory=list)
    alert: str = ""


class Document:
    """A parsed article; :meth:`layout` wraps it to a width."""

    def __init__(self, markdown: str) -> None:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark").enable("table")
        self.actions: list[tuple[str, dict[str, str], str]] = []
        self.blocks = self._blocks(parser.parse(markdown), 0, None)[0]

    # Tokens to blocks ---------------------------------------------------------------------

    def _inline(self, token) -> Text:
        text = Text()
        styles: list[Style] = []
        link: tuple[str, int] | None = None
        for child in token.children or []:
            kind = child.type
            if kind == "text":
                text.append(child.content, Style.combine(styles) if styles else None)
            elif kind == "code_inline":
                text.append(child.content, Style(bgcolor="grey23"))
            elif kind in ("softbreak",):
                text.append(" ")
            elif kind == "hardbreak":
                text.append("\n")
            elif kind == "strong_open":
                styles.append(Style(bold=True))
            elif kind == "em_open":
                styles.append(Style(italic=True))
            elif kind in ("strong_close", "em_close"):
                if styles:
                    styles.pop()
            elif kind == "link_open":
                href = child.attrs.get("href", "")
                link = (str(href), len(text))
            elif kind == "link_close" and link is not None:
                href, start = link
                label = text.plain[start:]
                if href.startswith("action:"):
                    action, params = parse_action(href)
                    index = len(self.actions)
                    self.actions.append((action, params, label))
                    text.stylize(ACTION + Style(meta={"item": index}), start, len(text))
                    text.append(" ▶", ACTION + Style(meta={"item": index}))
                else:
                    text.stylize(LINK, start, len(text))
                link = None
            elif kind == "image":
                text.append(child.content or "")
        return text

    def _blocks(self, tokens, position: int, closing: str | None) -> tuple[list[_Block], int]:
        blocks: list[_Block] = []
        while position < len(tokens):
            token = tokens[position]
            kind = token.type
            if closing and kind == closing:
                return blocks, position + 1
            if kind == "heading_open":
                text = self._inline(tokens[position + 1])
                anchor = ""
                match = _ANCHOR.search(text.plain)
                if match:
                    anchor = match.group(1).lstrip("#")
                    text = text[:match.start()]
                html = re.match(r'<a name="([^"]+)"></a>', text.plain)
                if html:
                    anchor = anchor or html.group(1)
                    text = text[html.end():]
                blocks.append(_Block("heading", text, level=int(token.tag[1]), anchor=anchor))
                position += 3
            elif kind == "paragraph_open":
                blocks.append(_Block("paragraph", self._inline(tokens[position + 1])))
                position += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                ordered = kind == "ordered_list_open"
                number = int(token.attrs.get("start", 1) or 1)
                close = kind.replace("_open", "_close")
                block = _Block("list")
                position += 1
                while tokens[position].type != close:
                    if tokens[position].type == "list_item_open":
                        inner, position = self._blocks(tokens, position + 1, "list_item_close")
                        bullet = f"{number}." if ordered else "•"
                        number += 1
                        first = Text()
                        for child in inner:
                            if child.kind == "paragraph" and child.text is not None:
                                if first.plain:
                                    first.append("\n")
                                first.append_text(child.text)
                            elif child.kind == "list":
                                for sub_bullet, sub_text in child.items:
                                    first.append("\n  " + sub_bullet + " ")
                                    first.append_text(sub_text)
                        block.items.append((bullet, first))
                    else:
                        position += 1
                blocks.append(block)
                position += 1
            elif kind == "blockquote_open":
                inner, position = self._blocks(tokens, position + 1, "blockquote_close")
                alert = ""
                if inner and inner[0].kind == "paragraph" and inner[0].text is not None:
                    match = _ALERT.match(inner[0].text.plain)
                    if match:
                        alert = match.group(1).upper()
                        rest = inner[0].text[match.end():]
                        inner[0] = _Block("paragraph", rest) if rest.plain.strip() else None
                        inner = [b for b in inner if b is not None]
                blocks.append(_Block("quote", children=inner, alert=alert))
            elif kind == "table_open":
                block = _Block("table")
                position += 1
                row: list[Text] = []
                in_head = False
                while tokens[position].type != "table_close":
                    t = tokens[position].type
                    if t == "thead_open":
                        in_head = True
                    elif t == "thead_close":
                        in_head = False
                    elif t == "tr_open":
                        row = []
                    elif t in ("th_open", "td_open"):
                        row.append(self._inline(tokens[position + 1]))
                    elif t == "tr_close":
                        if in_head:
                            block.header = row
                        else:
                            block.rows.append(row)
                    position += 1
                blocks.append(block)
                position += 1
            elif kind == "hr":
                blocks.append(_Block("rule"))
                position += 1
            elif kind in ("fence", "code_block"):
                blocks.append(_Block("code", Text(token.content.rstrip("\n"))))
                position += 1
            else:
                position += 1
        return blocks, position

    # Blocks to lines ------------------------------------------------------------------------

    def layout(self, width: int, console: Console | None = None) -> Layout:
        console = console or Console(width=width, color_system="truecolor", legacy_windows=False)
        width = max(width, 20)
        out = Layout()
        out.items = [Item(i, "link", action, params, label)
                     for i, (action, params, label) in enumerate(self.actions)]
        self._lay(self.blocks, width, console, out, prefix=None)
        while out.lines and not out.lines[-1].text.plain.strip():
            out.lines.pop()
        for item in out.items:
            item.first_line = item.last_line = -1
        for number, line in enumerate(out.lines):
            indices = {line.item} if line.item is not None else set()
            for span in line.text.spans:
                meta = span.style.meta if isinstance(span.style, Style) else {}
                if meta and "item" in meta:
                    indices.add(meta["item"])
            for index in indices:
                item = out.items[index]
                if item.first_line < 0:
                    item.first_line = number
                item.last_line = number
        return out

    def _wrap(self, text: Text, width: int, console: Console) -> list[Text]:
        return list(text.wrap(console, max(width, 1))) or [Text("")]

    def _emit(self, out: Layout, text: Text, prefix: Text | None, item: int | None = None):
        line = Text()
        if prefix is not None:
            line.append_text(prefix)
        line.append_text(text)
        out.lines.append(Line(line, item))

    def _lay(self, blocks, width, console, out: Layout, prefix: Text | None) -> None:
        inner = width - (cell_len(prefix.plain) if prefix is not None else 0)
        for block in blocks:
            if block.kind == "heading":
                style = Style(bold=True, color="bright_white" if block.level > 1 else "white",
                              underline=block.level == 1)
                if block.anchor:
                    out.anchors[block.anchor] = len(out.lines)
                text = block.text.copy()
                text.stylize(style)
                if block.level == 1:
                    text = Text("█ ", Style(color="bright_cyan")) + text
                for part in self._wrap(text, inner, console):
                    self._emit(out, part, prefix)
            elif block.kind == "paragraph":
                for part in self._wrap(block.text, inner, console):
                    self._emit(out, part, prefix)
            elif block.kind == "code":
                for part in block.text.plain.splitlines() or [""]:
                    self._emit(out, Text("  " + part, Style(color="grey70")), prefix)
            elif block.kind == "rule":
                self._emit(out, Text("─" * inner, Style(color="grey42")), prefix)
            elif block.kind == "list":
                for bullet, text in block.items:
                    head = Text(f" {bullet} ")
                    pad = Text(" " * cell_len(head.plain))
                    for number, part in enumerate(self._wrap(text, inner - len(pad), console)):
                        self._emit(out, (head if number == 0 else pad) + part, prefix)
            elif block.kind == "quote":
                color = ALERT_COLORS.get(block.alert, "grey50")
                bar = Text("▌ ", Style(color=color))
                bar_prefix = (prefix + bar) if prefix is not None else bar
                if block.alert:
                    title = Text(_(ALERT_TITLES[block.alert]), Style(bold=True, color=color))
                    self._emit(out, title, bar_prefix)
                self._lay(block.children, width, console, out, bar_prefix)
                if out.lines and not out.lines[-1].text.plain:
                    out.lines.pop()
            elif block.kind == "table":
                self._table(block, inner, console, out, prefix)
            out.lines.append(Line(Text("")))

    @staticmethod
    def _column_widths(cells: list[list[Text]], columns: int, available: int) -> list[int]:
        """Natural widths when they fit; else every column gets its longest word (up to
        24 cells) and the rest of the room goes to the columns that want more, in
        proportion to how much more they want."""
        natural = [max(cell_len(row[c].plain) for row in cells) or 1 for c in range(columns)]
        if sum(natural) <= available:
            return natural
        least = [min(max([cell_len(word) for row in cells for word in row[c].plain.split()]
                         or [1]), 24, natural[c]) for c in range(columns)]
        least = [max(w, 4) for w in least]
        room = available - sum(least)
        if room <= 0:
            return [max(available // columns, 4)] * columns
        want = [natural[c] - least[c] for c in range(columns)]
        total = sum(want) or 1
        return [least[c] + min(want[c], room * want[c] // total) for c in range(columns)]

    def _table(self, block: _Block, width: int, console, out: Layout, prefix) -> None:
        columns = max([len(block.header)] + [len(row) for row in block.rows] or [1])
        cells = [block.header + [Text("")] * (columns - len(block.header))] + [
            row + [Text("")] * (columns - len(row)) for row in block.rows]
        available = max(width - 3 * (columns - 1) - 2, columns * 4)
        widths = self._column_widths(cells, columns, available)
        separator = Text(" │ ", Style(color="grey42"))
        for number, row in enumerate(cells):
            is_header = number == 0
            item = None
            if not is_header:
                for cell in row:
                    for span in cell.spans:
                        meta = span.style.meta if isinstance(span.style, Style) else {}
                        if meta and "item" in meta:
                            item = meta["item"]
                            break
                    if item is not None:
                        break
                if item is not None:
                    out.items[item].kind = "row"
                    out.items[item].label = row[0].plain
            wrapped = [self._wrap(cell, widths[c], console) for c, cell in enumerate(row)]
            height = max(len(w) for w in wrapped)
            for line_number in range(height):
                line = Text(" ")
                for c in range(columns):
                    part = wrapped[c][line_number] if line_number < len(wrapped[c]) else Text("")
                    if is_header:
                        part = part.copy()
                        part.stylize(Style(bold=True))
                    line.append_text(part)
                    line.append(" " * (widths[c] - cell_len(part.plain)))
                    if c < columns - 1:
                        line.append_text(separator)
                self._emit(out, line, prefix, item)
            if is_header:
                rule = "─┼─".join("─" * w for w in widths)
                self._emit(out, Text(" " + rule, Style(color="grey42")), prefix)
