"""The command palette, made safe for keys that arrive in bursts.

* Page Up/Page Down move option by option (see option_list.py).
* It closes once: a second Enter in the same burst as the first would otherwise close the
  screen under it too.
* Once closed, it no longer answers what the keys of that burst still bring (text typed
  after Enter would start a new search in a palette that is going away, and that search
  would fail looking for its list).
* A search starts for the text the box holds, not for each key of a burst: a change the
  box has already moved past is skipped (each search cancels every earlier one, so a
  10,000-key paste searched key by key took minutes). The box keeps at most
  ``SEARCH_LENGTH`` characters, as the filter boxes do.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import Input, OptionList

from tui.widgets.option_list import page

SEARCH_LENGTH = 100


class Palette(CommandPalette):
    BINDINGS = [
        Binding("pagedown", "page(1)", show=False),
        Binding("pageup", "page(-1)", show=False),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.closing = False

    def on_mount(self) -> None:
        self.query_one(CommandInput).max_length = SEARCH_LENGTH

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

    @on(Input.Changed)
    def after_typing(self, event: Input.Changed) -> None:
        if event.value != event.input.value:  # a later change is on its way
            event.prevent_default()
            event.stop()

    def dismiss(self, result=None):
        if self.closing or self.app.screen is not self:
            return None  # already closed by an earlier key of the same burst
        self.closing = True
        self.workers.cancel_all()
        return super().dismiss(result)
