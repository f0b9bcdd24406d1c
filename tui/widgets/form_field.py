"""One field of an action's form: label, input, and the error beside it as you type.

The engine's own parameter check (``Param.parse``) decides what is valid, so the form says
exactly what ``betal run`` would say. A card number is masked once entered (the input
loses focus); security codes are never shown.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, Select

from tui.i18n import _, get_locale, render

MASKED_TYPES = {"card-number", "account-number"}


def mask(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isalnum())
    if len(digits) <= 4:
        return digits
    return "•" * (len(digits) - 4) + digits[-4:]


class FormField(Horizontal):
    DEFAULT_CSS = """
    FormField { height: auto; min-height: 3; margin: 0 0 0 0; }
    FormField > Label.field-label { width: 28; padding: 1 1 0 0; }
    FormField > Input, FormField > Select { width: 36; }
    FormField > Label.field-error { width: 1fr; padding: 1 0 0 1; color: $error; }
    FormField > Label.field-ok { width: 1fr; padding: 1 0 0 1; color: $success; }
    """

    def __init__(self, param: Any, value: str = "",
                 options: list[tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.param = param
        self.initial = value
        self.options = options
        self.secret_value = value
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        star = " *" if self.param.required else ""
        yield Label(render(_label(self.param)) + star, classes="field-label")
        if self.options is not None:
            yield Select(self.options, value=self.initial or Select.NULL,
                         id=f"field-{self.param.name}", allow_blank=not self.param.required)
        else:
            yield Input(value=self.initial, id=f"field-{self.param.name}",
                        password=self.param.type == "security-code",
                        placeholder=_placeholder(self.param))
        yield Label("", classes="field-error")

    @property
    def value(self) -> str:
        if self.options is not None:
            selected = self.query_one(Select).value
            return "" if selected is Select.NULL or selected is None else str(selected)
        if self.param.type in MASKED_TYPES:
            return self.secret_value
        return self.query_one(Input).value

    def validate(self) -> str | None:
        """The engine's complaint about the value, or None; shown beside the field."""
        value = self.value
        error = None
        if value.strip() == "":
            if self.param.required:
                error = _("Required")
        else:
            try:
                self.param.parse(value)
                _deeper_check(self.param, value, getattr(self.app, "now", None))
            except Exception as problem:
                error = problem.render(get_locale()) if hasattr(problem, "render") else str(
                    problem)
        self.error = error
        label = self.query_one(".field-error", Label)
        label.update(error or "")
        return error

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.param.type in MASKED_TYPES:
            if "•" in event.value:
                # Editing a masked number starts over.
                if event.value != mask(self.secret_value):
                    self.secret_value = ""
                    event.input.value = ""
                    return
                return
            self.secret_value = event.value
        self.validate()

    @on(Select.Changed)
    def selected(self, event: Select.Changed) -> None:
        event.stop()
        self.validate()

    def on_descendant_blur(self, event) -> None:
        if self.param.type in MASKED_TYPES and self.secret_value and self.error is None:
            field = self.query_one(Input)
            field.value = mask(self.secret_value)


def _deeper_check(param: Any, value: str, now) -> None:
    """The engine's checks of a new card or account: Luhn, IBAN, expiry in the future."""
    from datetime import datetime

    from engine import cards

    if param.type in MASKED_TYPES:
        if any(ch.isalpha() for ch in value):
            cards.parse_iban(value)
        else:
            cards.parse_card_number(value)
    elif param.type == "expiry":
        cards.parse_expiry(value, now or datetime.now())


def _label(param: Any):
    from engine.i18n import Message

    return Message(param.label)


def _placeholder(param: Any) -> str:
    return {
        "expiry": "MM/YY", "card-number": "4242 4242 4242 4242",
        "account-number": _("card number or IBAN"), "country": "NO / NL",
        "security-code": "•••", "phone": "+47 …", "postal-code": "0155",
    }.get(param.type, "")
