"""Pick one of a few, in place: an inline list that stays inside its dialog (a drop-down
would open over the dialog's edge). The chosen option is marked ● and is the highlighted
one; Enter posts ``OptionSelected`` as in any option list."""

from __future__ import annotations

from rich.text import Text
from textual.widgets.option_list import Option

from tui.widgets.option_list import PagedOptionList

CHOSEN, OTHER = "● ", "○ "


class ChoiceList(PagedOptionList):
    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 8; border: none; padding: 0; }
    ChoiceList:focus { border: none; }
    """

    def __init__(self, choices: list[tuple[Text, str]], value: str | None = None,
                 **kwargs) -> None:
        self.choices = list(choices)  # before the options: adding them highlights one
        self._initial = value
        # The options from the start: the list has its height at its first layout, so a
        # dialog that scrolls to it finds it where it stays.
        super().__init__(*[Option(self._prompt(label, False), id=key)
                           for label, key in choices], **kwargs)

    def on_mount(self) -> None:
        values = [key for _label, key in self.choices]
        self.highlighted = values.index(self._initial) if self._initial in values else None
        self._mark()

    def set_choices(self, choices: list[tuple[Text, str]], value: str | None = None) -> None:
        """Show ``choices`` ((label, value) pairs), ``value`` chosen if it is one of them."""
        self.choices = list(choices)
        self.clear_options()
        self.add_options([Option(self._prompt(label, False), id=key)
                          for label, key in self.choices])
        values = [key for _label, key in self.choices]
        self.highlighted = values.index(value) if value in values else None
        self._mark()

    @property
    def value(self) -> str | None:
        if self.highlighted is None or not 0 <= self.highlighted < len(self.choices):
            return None
        return self.choices[self.highlighted][1]

    @staticmethod
    def _prompt(label: Text, chosen: bool) -> Text:
        prompt = Text(CHOSEN if chosen else OTHER, style="bold" if chosen else "dim")
        prompt.append_text(label)
        return prompt

    def _mark(self) -> None:
        for index, (label, _key) in enumerate(self.choices):
            self.replace_option_prompt_at_index(index, self._prompt(label,
                                                                    index == self.highlighted))

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if self.choices and self.option_count == len(self.choices):
            self._mark()
