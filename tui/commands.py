"""The command palette (ctrl+p): every screen, every action, the languages, quit.

Titles are rendered when the palette asks, so they follow the current language. An action
the signed-in admin may not run here is struck through, with the engine's reason as its
help line; choosing it says why instead of opening its form.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import _, get_locale, render
from tui.screens import ROUTES
from tui.text import visible

LANGUAGE_NAMES = {"nb-NO": "Norsk bokmål", "nl-NL": "Nederlands", "en": "English"}


class BetalCommands(Provider):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._chosen = False

    def _once(self, callback):
        """A command runs once per opening of the palette, however many Enters came."""
        def run() -> None:
            if not self._chosen:
                self._chosen = True
                callback()
        return run

    def _commands(self):
        """(title, callback, help, refused) for every command available now."""
        app = self.app
        signed_in = getattr(app, "admin", None) is not None
        if signed_in:
            for name, (_module, _cls, title) in ROUTES.items():
                yield (_("Go to: {screen}", screen=_(title)), partial(app.action_open, name),
                       _("Open the screen"), False)
            from engine.actions.registry import all_actions
            from engine.i18n import Message

            ask = getattr(self.screen, "refusal", None)  # the screen the palette is over
            for action in all_actions():
                refusal = ask(action.id) if ask else app.account_refused.get(action.id)
                yield (_("Run: {action}", action=render(Message(action.title))),
                       partial(self._run, action.id),
                       visible(render(refusal)) if refusal is not None
                       else render(Message(action.summary)), refusal is not None)
        for locale, label in LANGUAGE_NAMES.items():
            if locale != get_locale():
                yield (_("Language: {language}", language=label),
                       partial(app.set_language, locale), _("Switch the language"), False)
        yield (_("Help"), app.action_help, _("The keys of the focused part of the screen"),
               False)
        yield (_("Quit"), app.exit, _("Leave Betal"), False)

    def _run(self, action_id: str) -> None:
        screen = self.screen
        context = screen.action_context() if hasattr(screen, "action_context") else {}
        self.app.run_action_screen(action_id, dict(self.app.context, **context))

    @staticmethod
    def _title(title: str, refused: bool) -> Text:
        return Text(title, style="strike dim" if refused else "")

    async def discover(self) -> Hits:
        for title, callback, help_text, refused in self._commands():
            yield DiscoveryHit(self._title(title, refused), self._once(callback),
                               help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        found = False
        for title, callback, help_text, refused in self._commands():
            score = matcher.match(title)
            if score > 0:
                found = True
                highlighted = matcher.highlight(title)
                if refused:
                    highlighted = highlighted.stylize("strike dim")
                yield Hit(score, highlighted, self._once(callback), help=help_text)
        if not found and query.strip():
            # Said here, in the reader's language (the palette's own line is English).
            yield Hit(0.001, Text(_("No command matches “{query}”", query=visible(query)),
                                  style="italic"), self.app.action_command_palette,
                      help=_("Try another word, or Esc to close"))
