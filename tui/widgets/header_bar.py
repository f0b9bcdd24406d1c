"""The top line of every screen: the screen's title, the account, who is signed in and the
simulated time (in the tenant's time zone)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tui import i18n
from tui.i18n import _
from tui.text import plain


class HeaderBar(Static):
    DEFAULT_CSS = """
    HeaderBar { dock: top; height: 1; background: $primary; color: $text; padding: 0 1; }
    """

    def show(self, title: str) -> None:
        app = self.app
        text = Text()
        text.append("Betal", style="bold")
        text.append(" / ")
        text.append(title, style="bold")
        admin = getattr(app, "admin", None)
        if admin is not None:
            text.append("    ")
            text.append_text(plain(f"{admin.tenant_name}, {admin.name}"))
        now = getattr(app, "now", None)
        if now is not None:
            shown = i18n.when(now) if self.app.size.width >= 120 else i18n.moment(now)
            text.append("    " + _("Simulated time: {now}", now=shown))
        text.no_wrap, text.overflow = True, "ellipsis"
        self.update(text)
