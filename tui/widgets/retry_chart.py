"""A timeline of charge attempts across each invoice's retry window.

One line per invoice: the window from the invoice date to when it closes, with a mark per
automatic attempt (✓ paid, ✗ declined, ○ still planned), ◆ for a Settle balance, and │ for
the simulated time now.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.widget import Widget

from tui import i18n
from tui.i18n import _
from tui.text import visible

LABEL = 22


class RetryChart(Widget):
    DEFAULT_CSS = """
    RetryChart { height: auto; min-height: 3; padding: 0 1; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.windows: list[Any] = []
        self.now: datetime | None = None

    def show(self, windows: list[Any], now: datetime | None) -> None:
        self.windows = windows
        self.now = now
        self.refresh(layout=True)

    def relocalize(self) -> None:
        self.refresh(layout=True)

    def get_content_height(self, container, viewport, width: int) -> int:
        return max(len(self.windows), 1) * 2 + 2

    def render(self) -> Text:
        text = Text()
        if not self.windows:
            text.append(_("No automatic attempts in the last retry window."), style="dim")
            return text
        width = max(self.size.width - LABEL - 4, 10)
        for window in self.windows:
            span = (window.closes_at - window.issued_at).total_seconds() or 1

            def column(moment: datetime, width: int = width, span: float = span,
                       window: Any = window) -> int:
                share = (moment - window.issued_at).total_seconds() / span
                return max(0, min(width - 1, round(share * (width - 1))))

            cells = [("─", "grey50")] * width
            if self.now is not None and window.issued_at <= self.now <= window.closes_at:
                cells[column(self.now)] = ("│", "yellow")
            made = [a for a in window.attempts if a.trigger == "scheduled"]
            for number, planned in enumerate(window.planned):
                if number >= len(made) and window.status == "open" and window.next_attempt_at:
                    cells[column(planned)] = ("○", "cyan")
            for attempt in window.attempts:
                if attempt.trigger != "scheduled":
                    mark = ("◆", "green" if attempt.succeeded else "red")
                else:
                    mark = ("✓", "green") if attempt.succeeded else ("✗", "red")
                cells[column(attempt.at)] = mark
            label = visible(window.product)[: LABEL - 1].ljust(LABEL)
            text.append(label, style="bold")
            text.append("├")
            for char, style in cells:
                text.append(char, style=style)
            text.append("┤\n")
            dates = f"{i18n.day(window.issued_at)}".ljust(width // 2 + 1)
            text.append(" " * LABEL + dates, style="dim")
            text.append(i18n.day(window.closes_at).rjust(width - width // 2 + 1) + "\n",
                        style="dim")
        text.append(_("✓ paid  ✗ declined  ○ planned  ◆ Settle balance  │ now"), style="dim")
        return text
