"""A row table with the list keys: j/k, g/G, page up/down, ``/`` to filter and Esc to clear
the filter (when there is none, Esc goes on to the screen: back)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.actions import SkipAction
from textual.message import Message
from textual.widgets import DataTable

from tui import keymap


class ListTable(DataTable):
    BINDINGS = keymap.bindings(keymap.LIST)

    @dataclass
    class Filter(Message):
        """Asks the enclosing list to open its filter box."""

    @dataclass
    class ClearFilter(Message):
        """Asks the enclosing list to drop its filter."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.filtered = False

    def action_filter(self) -> None:
        self.post_message(self.Filter())

    def action_clear_filter(self) -> None:
        if not self.filtered:
            raise SkipAction()
        self.post_message(self.ClearFilter())
