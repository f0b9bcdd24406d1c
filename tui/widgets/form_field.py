"""One field of an action's form: its label, a text box or an inline list of choices, and
the error beside it as you type.

The engine's own parameter check (``Param.parse`` and the card checks) decides what is
valid, so the form says what ``betal run`` would say, without the parameter's internal
name. A card number is masked once entered (the field loses focus); security codes are
never shown. A field takes at most 200 characters, as the engine does.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label, OptionList

from tui.i18n import _, get_locale, render
from tui.placeholders import placeholder
from tui.text import plain, visible
from tui.widgets.choice_list import ChoiceList
from tui.widgets.text_field import TextField

MASKED_TYPES = {"card-number", "account-number"}
MAX_LENGTH = 200  # what Param.parse accepts


def mask(number: str) -> str:
    digits = "".join(ch for ch in number if ch.isalnum())
    if len(digits) <= 4:
        return digits
    return "•" * (len(digits) - 4) + digits[-4:]


class FormField(Horizontal):
    """Label, control and error side by side, with no container in between: every key
    typed into the control passes up the widgets above it, so fewer of them make a long
    paste faster."""

    DEFAULT_CSS = """
    FormField { height: auto; margin: 0 0 1 0; }
    FormField .field-label { width: 26; padding: 0 1 0 0; }
    FormField TextField { width: 2fr; }
    FormField ChoiceList { width: 2fr; }
    FormField .field-error { display: none; width: 1fr; padding: 0 0 0 1; color: $error; }
    FormField.-error .field-error { display: block; }
    FormField.-na { display: none; }
    """

    class Submit(Message):
        """Enter in the field: the form is done."""

    class Edited(Message):
        """The field's value changed."""

        def __init__(self, field: FormField) -> None:
            super().__init__()
            self.field = field

    def __init__(self, param: Any, value: str = "",
                 choices: list[tuple[Text, str]] | None = None, *, country: str | None = None,
                 bank_account: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.param = param
        self.initial = value
        self.choices = choices
        self.country = country
        self.bank_account = bank_account
        self.applies = True  # False: hidden, not asked (a bank account has no expiry)
        self.secret_value = value if param.type in MASKED_TYPES else ""
        self.error: str | None = None

    @property
    def control_id(self) -> str:
        return f"field-{self.param.name}"

    def compose(self) -> ComposeResult:
        yield Label(self._label_text(), classes="field-label")
        if self.choices is not None:
            yield ChoiceList(self.choices, self.initial or None, id=self.control_id)
        else:
            yield TextField(value=visible(self.initial), id=self.control_id,
                            password=self.param.type == "security-code", compact=True,
                            placeholder=self._placeholder(), max_length=MAX_LENGTH)
        yield Label(plain(self.error or "", lines=True), classes="field-error")

    def set_applies(self, applies: bool) -> None:
        self.applies = applies
        self.set_class(not applies, "-na")

    @property
    def control(self):
        return self.query_one(f"#{self.control_id}")

    def focus_control(self, *, scroll: bool = True) -> None:
        """Focus the text box or list (once it is there: mounting takes a moment); with
        ``scroll``, its dialog scrolls to show it."""
        if not self.is_attached:
            return  # its dialog closed in the meantime
        found = self.query(f"#{self.control_id}")
        if found:
            found.first().focus(scroll_visible=scroll)
        else:
            self.call_after_refresh(self.focus_control, scroll=scroll)

    def set_value(self, value: str) -> None:
        """Show ``value`` as the one on file (an edit that is not the admin's own)."""
        self.initial = value
        for control in self.query(TextField):
            control.value = visible(value)

    def _label_text(self) -> Text:
        from engine.i18n import Message

        text = Text(render(Message(self.param.label)))
        if self.param.required:
            text.append(" *", style="bold")
        return text

    def _placeholder(self) -> str:
        return placeholder(self.param, self.country, bank_account=self.bank_account)

    # The value ------------------------------------------------------------------------------

    @property
    def value(self) -> str:
        if self.param.type in MASKED_TYPES and self.choices is None:
            return self.secret_value
        found = self.query(f"#{self.control_id}")
        if not found:  # not composed yet
            return self.initial or ""
        return found.first().value or ""

    @property
    def changed(self) -> bool:
        """Whether the value differs from the one the form was opened with."""
        return self.value.strip() != (self.initial or "").strip()

    def set_choices(self, choices: list[tuple[Text, str]], value: str | None) -> None:
        self.choices = choices
        for control in self.query(ChoiceList):
            control.set_choices(choices, value)

    def set_bank_account(self, bank_account: bool) -> None:
        self.bank_account = bank_account
        for control in self.query(TextField):
            control.placeholder = self._placeholder()

    # Checking -----------------------------------------------------------------------------

    def validate(self) -> str | None:
        """The engine's complaint about the value, or None; shown beside the field."""
        value = self.value
        error = None
        if value.strip() == "":
            if self.param.required:
                error = _("Required")
        elif self.choices is None:
            try:
                self.param.parse(value)
                _deeper_check(self.param, value, getattr(self.app, "now", None))
            except Exception as problem:  # the engine's InputError, worded for the reader
                error = _problem(problem)
        self.set_error(error)
        return error

    def set_error(self, error: str | None) -> None:
        self.error = error
        for label in self.query(".field-error").results(Label):  # none before compose
            label.update(plain(error or "", lines=True))
        self.set_class(bool(error), "-error")

    def relocalize(self) -> None:
        for label in self.query(".field-label").results(Label):
            label.update(self._label_text())
        for control in self.query(TextField):
            control.placeholder = self._placeholder()
        if self.error is not None and self.query(".field-error"):
            self.validate()

    # Events -------------------------------------------------------------------------------

    @on(Input.Changed)
    def changed_text(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != event.input.value:
            return  # a burst of typing: check once, for the text it ends with
        if self.param.type in MASKED_TYPES:
            if "•" in event.value:
                # Editing a masked number starts over.
                if event.value != mask(self.secret_value):
                    self.secret_value = ""
                    event.input.value = ""
                return
            self.secret_value = event.value
        self.validate()
        if (self.param.type in MASKED_TYPES and self.error is None and self.secret_value
                and not event.input.has_focus):
            event.input.value = mask(self.secret_value)  # left in the same burst
        self.post_message(self.Edited(self))

    @on(OptionList.OptionHighlighted)
    def changed_choice(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if self.error:
            self.validate()
        self.post_message(self.Edited(self))

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def submitted(self, event) -> None:
        event.stop()
        self.post_message(self.Submit())

    @on(TextField.LimitReached)
    def too_long(self, event: TextField.LimitReached) -> None:
        event.stop()
        self.set_error(_("At most {count} characters: the rest was left out.",
                         count=MAX_LENGTH))

    def on_descendant_blur(self, event) -> None:
        if self.param.type in MASKED_TYPES and self.secret_value and self.error is None:
            for control in self.query(TextField):
                control.value = mask(self.secret_value)


def _problem(problem: Exception) -> str:
    """What is wrong, without the parameter's internal name."""
    from engine.i18n import Message

    params = getattr(problem, "params", {}) or {}
    if getattr(problem, "code", "") == "invalid-parameter" and isinstance(
            params.get("problem"), Message):
        return render(params["problem"])
    if hasattr(problem, "render"):
        return problem.render(get_locale())
    return str(problem)


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
