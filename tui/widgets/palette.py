"""The command palette, made safe for keys that arrive in bursts.

* Page Up/Page Down move option by option (see option_list.py).
* It closes once: a second Enter in the same burst as the first would otherwise close the
  screen under it too.
* Once closed, it no longer answers what the keys of that burst still bring (text typed
  after Enter would start a new search in a palette that is going away, and that search
  would fail looking for its list).
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Input, OptionList

from tui.widgets.option_list import page


class Palette(CommandPalette):
    BINDINGS = [
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.closing = False

    def action_page(self, direction: int) -> None:
        if not self.closing:
            page(self.query_one(CommandList), direction)

    @on(Input.Changed)
    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    @on(OptionList.OptionHighlighted)
    def after_closing(self, event) -> None:
        if self.closing:
            event.prevent_default()  # not to the palette's own handlers
            event.stop()

    def dismiss(self, result=None):
        if self.closing or self.app.screen is not self:
            return None  # already closed by an earlier key of the same burst
        self.closing = True
        self.workers.cancel_all()
        return super().dismiss(result)
