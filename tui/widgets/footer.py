"""The footer, in the current language: binding descriptions are message ids. A key whose
action the signed-in admin may not run here is struck through (pressing it says why)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer

from tui.i18n import _


class LocalizedFooter(Footer):
    def compose(self) -> ComposeResult:
        refused = getattr(self.screen, "refused_binding", None)
        for widget in super().compose():
            description = getattr(widget, "description", "")  # a FooterKey
            if description and isinstance(description, str):
                widget.description = _(description)
                if refused is not None and refused(getattr(widget, "action", "")) is not None:
                    widget.add_class("-refused")
            yield widget
