"""A one-line text box that takes at most so many characters: a long paste is cut at the
limit (Textual's box would refuse all of it) without ringing the bell for every character
beyond it, and says so."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import Input


class TextField(Input):
    class LimitReached(Message):
        """More was typed or pasted than the field takes; the rest was left out."""

        def __init__(self, field: TextField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, *args, max_length: int = 200, **kwargs) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)
        self._told = False

    def restricted(self) -> None:
        if not self._told:
            self._told = True
            self.post_message(self.LimitReached(self))

    def watch_value(self, value: str) -> None:
        if len(value) < (self.max_length or 0):
            self._told = False

    def on_paste(self, event: events.Paste) -> None:
        lines = event.text.splitlines()
        text = lines[0] if lines else ""
        start, end = sorted(self.selection)
        room = (self.max_length or len(text)) - (len(self.value) - (end - start))
        if len(text) > room:
            event.prevent_default()  # Textual's own handler would take none of it
            event.stop()
            self.insert_text_at_cursor(text[:max(room, 0)])
            self.restricted()
