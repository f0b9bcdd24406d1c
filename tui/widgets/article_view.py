"""An article, rendered line by line (Textual's Line API): only visible lines are drawn.

Each ``action:`` link and each troubleshooting row with one is an item: Tab/Shift+Tab or
j/k move between them, Enter posts :class:`ArticleView.Run` for the focused one. An item
the signed-in admin may not run is drawn dimmed, with the reason under the article title.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import keymap
from tui.markdown import Document, Item, Layout

SELECTED = Style(reverse=True)
ROW_SELECTED = Style(bgcolor="#24415f")
DISABLED = Style(dim=True, strike=True)


class ArticleView(ScrollView, can_focus=True):
    BINDINGS = keymap.bindings(keymap.ARTICLE)
    OWN_TAB = True  # Tab moves between the article's rows and links, not out of it

    DEFAULT_CSS = """
    ArticleView { background: $surface; padding: 0 1; }
    """

    cursor: reactive[int | None] = reactive(None, always_update=True)

    @dataclass
    class Run(Message):
        item: Item

    @dataclass
    class Moved(Message):
        item: Item | None

    def __init__(self, markdown: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.document = Document(markdown)
        self.markdown = markdown  # what the document was made from
        self.disabled_items: dict[int, str] = {}
        self._layout: Layout | None = None
        self._width = 0

    def update(self, markdown: str) -> None:
        self.document = Document(markdown)
        self.markdown = markdown
        self._layout = None
        self.cursor = None
        self.disabled_items = {}
        self._relayout()

    @property
    def items(self) -> list[Item]:
        return self.layout.items

    @property
    def layout(self) -> Layout:
        if self._layout is None or self._width != self._content_width():
            self._relayout()
        return self._layout

    def _content_width(self) -> int:
        return max(self.scrollable_content_region.width, 20) if self.is_mounted else 80

    def _relayout(self) -> None:
        self._width = self._content_width()
        self._layout = self.document.layout(self._width, self.app.console
                                            if self.is_attached else None)
        self.virtual_size = Size(self._width, len(self._layout.lines))
        self.refresh()

    def on_resize(self) -> None:
        self._relayout()

    def relocalize(self) -> None:
        """Alert titles are localized at layout time."""
        self._relayout()

    def set_disabled(self, disabled: dict[int, str]) -> None:
        self.disabled_items = disabled
        self.refresh()

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        number = scroll_y + y
        layout = self.layout
        width = self.scrollable_content_region.width
        if number >= len(layout.lines):
            return Strip.blank(width, self.rich_style)
        line = layout.lines[number]
        base = self.rich_style
        row_selected = line.item is not None and line.item == self.cursor
        row_disabled = line.item is not None and line.item in self.disabled_items
        segments = []
        for segment in line.text.render(self.app.console):
            style = segment.style
            meta = style.meta if style is not None else {}
            index = meta.get("item") if meta else None
            if index is not None and index in self.disabled_items:
                style = style + DISABLED
            if index is not None and index == self.cursor:
                style = style + SELECTED
            style = base + style if style else base
            if row_disabled:
                style = style + Style(dim=True)
            if row_selected:
                style = style + ROW_SELECTED
            segments.append(Segment(segment.text, style))
        strip = Strip(segments)
        if row_selected:
            strip = strip.extend_cell_length(width, base + ROW_SELECTED)
        return strip.crop_extend(scroll_x, scroll_x + width, base)

    def watch_cursor(self, cursor: int | None) -> None:
        if cursor is not None and 0 <= cursor < len(self.items):
            item = self.items[cursor]
            top, bottom = item.first_line, item.last_line
            height = self.scrollable_content_region.height
            if top < self.scroll_y:
                self.scroll_to(y=max(top - 1, 0), animate=False)
            elif bottom >= self.scroll_y + height:
                self.scroll_to(y=bottom - height + 2, animate=False)
            self.post_message(self.Moved(item))
        self.refresh()

    def action_next_item(self) -> None:
        if not self.items:
            self.scroll_down(animate=False)
            return
        self.cursor = 0 if self.cursor is None else min(self.cursor + 1, len(self.items) - 1)

    def action_previous_item(self) -> None:
        if not self.items:
            self.scroll_up(animate=False)
            return
        self.cursor = len(self.items) - 1 if self.cursor is None else max(self.cursor - 1, 0)

    def action_run_item(self) -> None:
        if self.cursor is not None and self.cursor < len(self.items):
            self.post_message(self.Run(self.items[self.cursor]))

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    def scroll_to_anchor(self, anchor: str) -> None:
        line = self.layout.anchors.get(anchor)
        if line is not None:
            self.scroll_to(y=line, animate=False)
