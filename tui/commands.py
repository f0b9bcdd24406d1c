"""The command palette (ctrl+p): every screen, every action, the languages, quit.

Titles are rendered when the palette asks, so they follow the current language.
"""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui.i18n import _, get_locale, render
from tui.screens import ROUTES

LANGUAGE_NAMES = {"nb-NO": "Norsk bokmål", "nl-NL": "Nederlands", "en": "English"}


class BetalCommands(Provider):
    def _commands(self):
        app = self.app
        signed_in = getattr(app, "admin", None) is not None
        if signed_in:
            for name, (_module, _cls, title) in ROUTES.items():
                yield (_("Go to: {screen}", screen=_(title)), partial(app.action_open, name),
                       _("Open the screen"))
            from engine.actions.registry import all_actions
            from engine.i18n import Message

            for action in all_actions():
                yield (_("Run: {action}", action=render(Message(action.title))),
                       partial(self._run, action.id),
                       render(Message(action.summary)))
        for locale, label in LANGUAGE_NAMES.items():
            if locale != get_locale():
                yield (_("Language: {language}", language=label),
                       partial(app.set_language, locale), _("Switch the language"))
        yield (_("Help"), app.action_help, _("The keys of the focused part of the screen"))
        yield (_("Quit"), app.exit, _("Leave Betal"))

    def _run(self, action_id: str) -> None:
        screen = self.app.screen
        context = screen.action_context() if hasattr(screen, "action_context") else {}
        self.app.run_action_screen(action_id, dict(self.app.context, **context))

    async def discover(self) -> Hits:
        for title, callback, help_text in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, callback, help_text in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
