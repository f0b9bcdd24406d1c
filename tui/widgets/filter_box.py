"""The box that ``/`` opens above a list: typing narrows the list, Esc closes it."""

from __future__ import annotations

from textual.widgets import Input

from tui import keymap


class FilterBox(Input):
    BINDINGS = keymap.bindings(keymap.FILTER)

    DEFAULT_CSS = """
    FilterBox { display: none; height: 3; border: tall $accent; }
    FilterBox.-open { display: block; }
    """

    def open(self) -> None:
        self.add_class("-open")
        self.focus()

    def action_close(self) -> None:
        self.value = ""
        self.remove_class("-open")
        self.post_message(self.Submitted(self, ""))

    def action_done(self) -> None:
        if not self.value:
            self.remove_class("-open")
        self.post_message(self.Submitted(self, self.value))
