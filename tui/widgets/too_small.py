"""What every screen shows instead of itself when the terminal is smaller than Betal needs:
the size it has and the size it needs (the app sets the class ``-too-small``)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui.i18n import _

MIN_WIDTH, MIN_HEIGHT = 60, 16


class TooSmall(Static):
    DEFAULT_CSS = """
    TooSmall {
        display: none; dock: top; width: 100%; height: 100%;
        content-align: center middle; text-align: center; padding: 1 2;
        background: $panel; color: $text;
    }
    """

    def on_mount(self) -> None:
        self.relocalize()

    def on_resize(self) -> None:
        self.relocalize()

    def relocalize(self) -> None:
        size = self.app.size
        self.update(Text(_("The terminal is too small for Betal: it needs at least {width} × "
                           "{height} characters, this one has {now_width} × {now_height}. "
                           "Make the window larger.", width=MIN_WIDTH, height=MIN_HEIGHT,
                           now_width=size.width, now_height=size.height)))
