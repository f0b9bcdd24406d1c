"""The box that ``/`` opens above a list: typing narrows the list; Esc clears the filter
and closes the box, Enter goes back to the list keeping it."""

from __future__ import annotations

from tui import keymap
from tui.widgets.text_field import TextField


class FilterBox(TextField):
    BINDINGS = keymap.bindings(keymap.FILTER)

    DEFAULT_CSS = """
    FilterBox { display: none; height: 3; border: tall $accent; }
    FilterBox.-open { display: block; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(max_length=100, **kwargs)

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
