"""A list of rows with a filter box: the lists of every screen.

``set_rows`` takes the column titles and rows ``(key, cells)``; the filter keeps rows whose
cells contain every typed word. The highlighted row survives a reload by its key. An empty
list (nothing yet, or nothing the filter keeps) takes every key like a full one.

A burst of typing in the filter box (a fast typist, a paste) filters once, for the text it
ends with: a change message that the box's text has already moved past is skipped.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Input

from tui.i18n import _
from tui.text import plain
from tui.widgets.filter_box import FilterBox
from tui.widgets.list_table import ListTable

MAX_COLUMN = 72


class DataList(Vertical):
    DEFAULT_CSS = """
    DataList { height: 1fr; }
    DataList > ListTable { height: 1fr; }
    """

    @dataclass
    class Highlighted(Message):
        data_list: DataList
        key: str | None

    @dataclass
    class Chosen(Message):
        data_list: DataList
        key: str

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.columns: list[str] = []
        self.rows: list[tuple[str, list[Any]]] = []
        self.filter_text = ""
        self.search_texts: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield FilterBox(placeholder=_("Filter: type to narrow the list"), id="filter")
        yield ListTable(id="rows")

    def relocalize(self) -> None:
        self.query_one(FilterBox).placeholder = _("Filter: type to narrow the list")

    @property
    def table(self) -> ListTable:
        return self.query_one(ListTable)

    @property
    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        with contextlib.suppress(Exception):
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return None

    @property
    def natural_width(self) -> int:
        """The width the columns take, to give the list what it needs."""
        return sum(self._widths()) + 2 * len(self.columns) + 2

    def set_rows(self, columns: list[str], rows: list[tuple[str, list[Any]]],
                 select: str | None = None, search_texts: dict[str, str] | None = None) -> None:
        """``search_texts`` adds text the filter also looks in (an article's body)."""
        self.columns = columns
        self.rows = rows
        self.search_texts = search_texts or {}
        self._show(select or self.current_key)

    def _matches(self, key: str, cells: list[Any]) -> bool:
        words = self.filter_text.casefold().split()
        if not words:
            return True
        text = " ".join(c.plain if isinstance(c, Text) else str(c) for c in cells)
        text = f"{text} {self.search_texts.get(key, '')}".casefold()
        return all(word in text for word in words)

    def _widths(self) -> list[int]:
        # Widths from every row (not only the ones the filter keeps), decided here rather
        # than when the table is next idle, so that the first frame is already right.
        widths = [cell_len(title) for title in self.columns]
        for _key, cells in self.rows:
            for index, cell in enumerate(cells[:len(widths)]):
                text = cell.plain if isinstance(cell, Text) else str(cell)
                widths[index] = max(widths[index], cell_len(text))
        return [min(width, MAX_COLUMN) for width in widths]

    def _show(self, select: str | None) -> None:
        table = self.table
        table.clear(columns=True)
        for title, width in zip(self.columns, self._widths(), strict=False):
            table.add_column(Text(title), width=width)
        for key, cells in self.rows:
            if self._matches(key, cells):
                # Text as it was stored: a str cell would be read as markup.
                table.add_row(*(c if isinstance(c, Text) else plain(c) for c in cells),
                              key=key)
        table.filtered = bool(self.filter_text.strip())
        if select is not None:
            with contextlib.suppress(Exception):
                table.move_cursor(row=table.get_row_index(select), animate=False)
        self.post_message(self.Highlighted(self, self.current_key))

    def apply_filter(self, text: str) -> None:
        if text != self.filter_text:
            self.filter_text = text
            self._show(self.current_key)

    @on(ListTable.Filter)
    def open_filter(self, event: ListTable.Filter) -> None:
        event.stop()
        box = self.query_one(FilterBox)
        box.value = self.filter_text
        box.open()

    @on(ListTable.ClearFilter)
    def clear_filter(self, event: ListTable.ClearFilter) -> None:
        event.stop()
        self.query_one(FilterBox).action_close()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value == event.input.value:  # else a later change is on its way
            self.apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.apply_filter(event.input.value)
        self.table.focus()

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        key = event.row_key.value if event.row_key is not None else None
        self.post_message(self.Highlighted(self, key))

    @on(DataTable.RowSelected)
    def chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key is not None and event.row_key.value is not None:
            self.post_message(self.Chosen(self, event.row_key.value))

    def focus_list(self) -> None:
        self.table.focus()
