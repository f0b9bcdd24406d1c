"""A row table with the list keys: j/k, g/G, page up/down and ``/`` to filter."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import DataTable

from tui import keymap


class ListTable(DataTable):
    BINDINGS = keymap.bindings(keymap.LIST)

    @dataclass
    class Filter(Message):
        """Asks the enclosing list to open its filter box."""

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)

    def action_filter(self) -> None:
        self.post_message(self.Filter())
