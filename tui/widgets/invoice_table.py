"""The invoices, as a virtual table: it draws only the visible rows (Textual's Line API)
and fetches pages of rows on demand from a loader, by keyset when it knows a neighbouring
page and by offset for a jump. 100,000 invoices cost no more than 100 to show.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.actions import SkipAction
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import i18n, keymap
from tui.glossary import INVOICE_STATUS
from tui.i18n import N_, _
from tui.text import visible

PAGE = 100
# (title, the narrowest the column may be); the product column takes what is left.
COLUMNS = (
    (N_("Issued"), 10), (N_("Product"), 0), (N_("Amount"), 13), (N_("Status"), 6),
    (N_("Attempts"), 3), (N_("Next attempt"), 10),
)
PRODUCT = 1
PRODUCT_WIDTHS = (14, 30)  # the product column's narrowest and widest
STATUS = INVOICE_STATUS

# loader(offset, limit, after=key|None, before=key|None, search=str|None)
Loader = Callable[..., None]


class InvoiceTable(ScrollView, can_focus=True):
    BINDINGS = keymap.bindings(keymap.LIST)

    DEFAULT_CSS = """
    InvoiceTable { height: 1fr; background: $surface; }
    """

    cursor_row: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        row: Any

    @dataclass
    class Filter(Message):
        """The list asks its screen to show the filter box."""

    @dataclass
    class ClearFilter(Message):
        """The list asks its screen to drop the filter."""

    def __init__(self, loader: Loader | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.loader = loader
        self.search: str | None = None
        self.reset()

    def reset(self, total: int | None = None) -> None:
        self._widths_for: tuple | None = None
        self._widths: list[int] = []
        self.total = total or 0
        self.known_total = total is not None
        self.pages: dict[int, list[Any]] = {}
        self.pending: set[int] = set()
        self.wanted: set[int] = set()
        self._cells: dict[int, list[str]] = {}
        self.virtual_size = Size(self._width(), self.total + 1)
        self.refresh()

    def column_widths(self) -> list[int]:
        """Each column as wide as its title (in this language) and its values need; the
        product column takes the room that is left, within bounds."""
        available = self.size.width if self.is_mounted else 0
        key = (available, i18n.get_locale())
        if self._widths_for != key:
            widths = [max(least, cell_len(_(title))) for title, least in COLUMNS]
            others = sum(w + 1 for i, w in enumerate(widths) if i != PRODUCT)
            least, most = PRODUCT_WIDTHS
            widths[PRODUCT] = max(least, min(most, available - others - 2))
            self._widths_for, self._widths = key, widths
        return self._widths

    def _width(self) -> int:
        return sum(width + 1 for width in self.column_widths())

    def on_resize(self) -> None:
        self._widths_for = None
        self.virtual_size = Size(self._width(), self.total + 1)

    # Data ----------------------------------------------------------------------------------

    def start(self, search: str | None = None) -> None:
        """Load from the top (again), optionally filtered."""
        self.search = search or None
        self.reset()
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False)
        self.fetch(0)

    def fetch(self, page: int) -> None:
        if page < 0 or page in self.pages or page in self.pending or self.loader is None:
            return
        if self.known_total and page * PAGE >= self.total:
            return
        if page - 1 in self.pending or page + 1 in self.pending:
            # A neighbour is on its way: fetch this one after it, by keyset.
            self.wanted.add(page)
            return
        self.wanted.discard(page)
        self.pending.add(page)
        after = before = None
        if page - 1 in self.pages and self.pages[page - 1]:
            row = self.pages[page - 1][-1]
            after = (row.issued_at, row.id)
        elif page + 1 in self.pages and self.pages[page + 1]:
            row = self.pages[page + 1][0]
            before = (row.issued_at, row.id)
        self.loader(page * PAGE, PAGE, after=after, before=before, search=self.search)

    def add_page(self, offset: int, rows: list[Any], total: int,
                 search: str | None = None) -> None:
        if (search or None) != self.search:
            return
        page = offset // PAGE
        self.pending.discard(page)
        self.pages[page] = rows
        if total != self.total or not self.known_total:
            self.total, self.known_total = total, True
            self.virtual_size = Size(self._width(), self.total + 1)
        self.refresh()
        if page == self.cursor_row // PAGE:
            self._announce()
        for waiting in sorted(self.wanted):
            self.fetch(waiting)

    def row(self, index: int) -> Any | None:
        index = int(index)
        page = self.pages.get(index // PAGE)
        if page is None:
            return None
        offset = index % PAGE
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> Any | None:
        return self.row(self.cursor_row)

    # Rendering ----------------------------------------------------------------------------

    def relocalize(self) -> None:
        self._cells.clear()
        self._widths_for = None
        self.virtual_size = Size(self._width(), self.total + 1)
        self.refresh()

    def _format(self, index: int, row: Any) -> list[str]:
        cells = self._cells.get(index)
        if cells is None:
            cells = [i18n.day(row.issued_at), visible(row.product), i18n.money(row.total),
                     _(STATUS.get(row.status, "")), str(row.attempts_made),
                     i18n.day(row.next_attempt_at) if row.status == "open" else ""]
            self._cells[index] = cells
        return cells

    def _line(self, cells: list[str], style: Style) -> list[Segment]:
        segments = []
        for width, cell in zip(self.column_widths(), cells, strict=False):
            text = cell[: width - 1] + "…" if cell_len(cell) > width else cell
            segments.append(Segment(text.ljust(width) + " ", style))
        return segments

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        base = self.rich_style
        if y == 0:
            header = self._line([_(title) for title, _w in COLUMNS], base + Style(bold=True,
                                                                                 underline=True))
            return Strip(header).crop_extend(scroll_x, scroll_x + width, base)
        index = scroll_y + y - 1
        if index >= self.total:
            return Strip.blank(width, base)
        row = self.row(index)
        if row is None:
            self.call_later(self.fetch, index // PAGE)
            cells = ["…"] + [""] * (len(COLUMNS) - 1)
            style = base + Style(dim=True)
        else:
            cells = self._format(index, row)
            style = base
            if row.status == "open" and row.attempts_made:
                style = base + Style(color="red")
        if index == self.cursor_row:
            style = style + Style(reverse=True) if self.has_focus else style + Style(
                bgcolor="grey30")
        return Strip(self._line(cells, style)).crop_extend(scroll_x, scroll_x + width, base)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # Moving -------------------------------------------------------------------------------

    @property
    def _visible_rows(self) -> int:
        return max(self.scrollable_content_region.height - 1, 1)

    def watch_cursor_row(self, old: int, new: int) -> None:
        visible = self._visible_rows
        if new < self.scroll_y:
            self.scroll_to(y=new, animate=False)
        elif new >= self.scroll_y + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        page = new // PAGE
        self.fetch(page)
        self.fetch(page + 1)
        if page:
            self.fetch(page - 1)
        self.refresh()
        self._announce()

    def _announce(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Highlighted(row))

    def _move(self, row: int) -> None:
        if self.total:
            self.cursor_row = max(0, min(row, self.total - 1))

    def action_cursor_down(self) -> None:
        self._move(self.cursor_row + 1)

    def action_cursor_up(self) -> None:
        self._move(self.cursor_row - 1)

    def action_page_down(self) -> None:
        self.scroll_to(y=self.scroll_y + self._visible_rows, animate=False, immediate=True)
        self._move(self.cursor_row + self._visible_rows)

    def action_page_up(self) -> None:
        self.scroll_to(y=max(self.scroll_y - self._visible_rows, 0), animate=False,
                       immediate=True)
        self._move(self.cursor_row - self._visible_rows)

    def action_scroll_top(self) -> None:
        self._move(0)

    def action_scroll_bottom(self) -> None:
        self._move(self.total - 1)

    def action_filter(self) -> None:
        self.post_message(self.Filter())

    def action_clear_filter(self) -> None:
        if not self.search:
            raise SkipAction()
        self.post_message(self.ClearFilter())
