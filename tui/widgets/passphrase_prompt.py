"""Asks the chosen admin for their passphrase on the sign-in screen; the reason the last
attempt failed shows beside the field."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Label

from tui import keymap
from tui.i18n import _
from tui.text import plain
from tui.widgets.text_field import TextField


class PassphrasePrompt(Vertical):
    DEFAULT_CSS = """
    PassphrasePrompt { height: auto; margin: 1 0 0 0; }
    PassphrasePrompt > Horizontal { height: auto; }
    PassphrasePrompt Input { width: 40; }
    PassphrasePrompt .field-error { width: 1fr; padding: 1 0 0 1; color: $error; }
    """
    BINDINGS = keymap.bindings(keymap.SIGNIN)

    class Submitted(Message):
        def __init__(self, admin: Any, passphrase: str) -> None:
            super().__init__()
            self.admin, self.passphrase = admin, passphrase

    class Cancelled(Message):
        pass

    def __init__(self, admin: Any, **kwargs) -> None:
        super().__init__(**kwargs)
        self.admin = admin

    def compose(self) -> ComposeResult:
        yield Label(classes="prompt")
        with Horizontal():
            yield TextField(password=True, id="passphrase", placeholder=_("Passphrase"),
                            max_length=1000)
            yield Label("", id="passphrase-error", classes="field-error")

    def relocalize(self) -> None:
        self.query_one(".prompt", Label).update(plain(_(
            "Passphrase for {name} ({email}):", name=self.admin.name, email=self.admin.email)))
        self.query_one(Input).placeholder = _("Passphrase")

    def on_mount(self) -> None:
        self.relocalize()
        self.query_one(Input).focus()

    @on(Input.Submitted, "#passphrase")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.refused(_("Enter the passphrase, or Esc to choose another admin."))
            return
        field = self.query_one(Input)
        field.disabled = True
        self.query_one("#passphrase-error", Label).update(_("Signing in…"))
        self.post_message(self.Submitted(self.admin, event.value))

    def refused(self, reason: str) -> None:
        """The attempt failed: say why, empty the field and let the admin try again."""
        field = self.query_one(Input)
        field.value, field.disabled = "", False
        field.focus()
        self.query_one("#passphrase-error", Label).update(plain(reason))

    def action_cancel(self) -> None:
        self.post_message(self.Cancelled())
