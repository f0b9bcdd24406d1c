"""A line of the UI's own words: a message id translated when shown, and shown again in the
new language when the language changes (no recomposing, so nothing loses its focus)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets import Static

from tui.i18n import _


class Words(Static):
    def __init__(self, msgid: str, *, id: str | None = None, classes: str | None = None,
                 **params: Any) -> None:
        super().__init__(id=id, classes=classes)
        self.msgid, self.params = msgid, params

    def on_mount(self) -> None:
        self.relocalize()

    def relocalize(self) -> None:
        self.update(Text(_(self.msgid, **self.params)))
