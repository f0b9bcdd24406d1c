"""The Betal app: the backend mixed into a Textual App, the routes, the language."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from textual.app import App
from textual.command import CommandPalette

from engine.locales import LOCALES
from tui import keymap
from tui.backend import Backend
from tui.commands import BetalCommands
from tui.i18n import _, get_locale, set_locale
from tui.screens import HIDDEN_ROUTES, ROUTES


class BetalApp(Backend, App):
    CSS_PATH = Path(__file__).with_name("styles") / "app.tcss"
    TITLE = "Betal"
    BINDINGS = keymap.bindings(keymap.APP)
    COMMANDS = {BetalCommands}
    ENABLE_COMMAND_PALETTE = True

    def __init__(self, db_url: str | None = None, *, locale: str | None = None,
                 database: Any = None, keymap_path: Any = None) -> None:
        super().__init__()
        self.db_url, self.database = db_url, database
        self.chosen_locale = locale  # None: the signed-in tenant's language
        set_locale(locale or "en")
        self.keymap_path = keymap_path
        self.context: dict[str, str] = {}
        self.data_version = 0
        self.now = None
        self._first_frame_shown = False

    def get_default_screen(self):
        from tui.screens.signin import SignInScreen

        return SignInScreen()

    def on_mount(self) -> None:
        loaded = keymap.load(self.keymap_path)
        if loaded.keymap:
            self.set_keymap(loaded.keymap)
        for problem in loaded.problems:
            self.notify(problem, title=_("Your keymap file has a problem"), severity="error",
                        timeout=15)

    @property
    def is_ready(self) -> bool:
        return self._first_frame_shown

    def on_ready(self) -> None:
        if self._first_frame_shown:
            return
        self._first_frame_shown = True
        if self.admin is None and self.screen_stack and getattr(
                self.screen, "NAME", "") == "signin":
            self.screen.complete()

    # Navigation ----------------------------------------------------------------------------

    def action_open(self, name: str, **context: Any) -> None:
        routes = {**ROUTES, **HIDDEN_ROUTES}
        if self.admin is None or name not in routes:
            return
        for screen in reversed(self.screen_stack):
            if getattr(screen, "NAME", None) == name:
                while self.screen is not screen:
                    self.pop_screen()
                screen.update_context(**context)
                return
        module, cls, _title = routes[name]
        self.push_screen(getattr(importlib.import_module(module), cls)(**context))

    def go_back(self) -> None:
        """The previous screen; from Home, back to sign-in."""
        if len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.focused or self.screen))

    def action_command_palette(self) -> None:
        if not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(id="--command-palette",
                                            placeholder=_("Search for commands…")))

    def run_action_screen(self, action_id: str, params: dict[str, str] | None = None) -> None:
        from tui.screens.action import ActionScreen

        if self.admin is not None:
            self.push_screen(ActionScreen(action_id, params or {}))

    # Language and data ---------------------------------------------------------------------

    def action_next_language(self) -> None:
        index = LOCALES.index(get_locale()) if get_locale() in LOCALES else -1
        self.set_language(LOCALES[(index + 1) % len(LOCALES)])

    def set_language(self, locale: str) -> None:
        self.chosen_locale = set_locale(locale)
        relocalize = getattr(self.screen, "relocalize", None)
        if relocalize is not None:
            self.call_later(relocalize)
        self.refresh_bindings()

    def on_data_changed(self, _message) -> None:
        self.data_version += 1
        self.load(self, "now", "now")
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    def on_loaded(self, message) -> None:
        if message.key == "now":
            self.now = message.data
            show = getattr(self.screen, "show_header", None)
            if show is not None:
                show()
