"""The Betal app: the backend mixed into a Textual App, the routes, the language."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

from textual.actions import SkipAction
from textual.app import App
from textual.command import CommandPalette
from textual.screen import ModalScreen

from engine.locales import LOCALES
from tui import keymap
from tui.backend import Backend
from tui.commands import BetalCommands
from tui.i18n import _, get_locale, set_locale
from tui.screens import HIDDEN_ROUTES, ROUTES

# Below this width or height, dialogs take the whole terminal and fields stack their labels.
NARROW, SHORT = 100, 30


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
        self.context: dict[str, str] = {}  # the ids an action started now works on
        self.context_names: dict[str, str] = {}  # and what a reader calls them
        self.account_refused: dict[str, Any] = {}  # action id -> why the admin may not
        self.user_keymap: dict[str, str] = {}
        self.data_version = 0
        self.now = None
        self._first_frame_shown = False

    def get_default_screen(self):
        from tui.screens.signin import SignInScreen

        return SignInScreen()

    def on_mount(self) -> None:
        loaded = keymap.load(self.keymap_path)
        self.user_keymap = loaded.keymap
        if loaded.keymap:
            self.set_keymap(loaded.keymap)
        for problem in loaded.problems:
            self.notify(problem, title=_("Your keymap file has a problem"), severity="error",
                        timeout=15, markup=False)

    @property
    def is_ready(self) -> bool:
        return self._first_frame_shown

    def on_ready(self) -> None:
        self.on_resize()
        if self._first_frame_shown:
            return
        self._first_frame_shown = True
        if self.admin is None and self.screen_stack and getattr(
                self.screen, "NAME", "") == "signin":
            self.screen.complete()

    def on_resize(self, event=None) -> None:
        from tui.widgets.too_small import MIN_HEIGHT, MIN_WIDTH

        size = event.size if event is not None else self.size  # self.size follows later
        self.set_class(size.width < MIN_WIDTH or size.height < MIN_HEIGHT, "-too-small")
        self.set_class(size.width < NARROW or size.height < SHORT, "-narrow")

    # Navigation ----------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The screen keys (1-9) work on screens, not in a dialog, the help or the palette:
        there they would pull the dialog out from under the keys still coming to it."""
        return not (action == "open" and isinstance(self.screen, ModalScreen))

    def action_open(self, name: str, **context: Any) -> None:
        routes = {**ROUTES, **HIDDEN_ROUTES}
        if self.admin is None or name not in routes:
            return
        for screen in reversed(self.screen_stack):
            if getattr(screen, "NAME", None) == name:
                while self.screen is not screen and len(self.screen_stack) > 1:
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
        from tui.widgets.palette import Palette

        if not CommandPalette.is_open(self):
            self.push_screen(Palette(id="--command-palette",
                                     placeholder=_("Search for commands…")))

    def action_help_quit(self) -> None:
        """Ctrl+C copies in a text box; elsewhere, say which key quits."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(_("Press {key} to quit Betal.", key=self.get_key_display(
                    active.binding)), title=_("Quit?"), markup=False)
                return

    # Keys land where the focus was when they were pressed: moving the focus is done here,
    # in the order the keys arrived, not after the keys already sent to the field left.

    def action_next_field(self) -> None:
        if getattr(self.focused, "OWN_TAB", False):
            raise SkipAction()
        self.screen.focus_next()

    def action_previous_field(self) -> None:
        if getattr(self.focused, "OWN_TAB", False):
            raise SkipAction()
        self.screen.focus_previous()

    # Actions --------------------------------------------------------------------------------

    def refusal(self, action_id: str):
        """Why the signed-in admin may not start ``action_id`` here, else None: the current
        screen's row knows best, the account's role check otherwise."""
        ask = getattr(self.screen, "refusal", None)
        if ask is not None:
            return ask(action_id)
        return self.account_refused.get(action_id)

    def run_action_screen(self, action_id: str, params: dict[str, str] | None = None) -> None:
        from tui.i18n import render
        from tui.screens.action import ActionScreen
        from tui.text import visible

        if self.admin is None:
            return
        refusal = self.refusal(action_id)
        if refusal is not None:
            self.notify(visible(render(refusal)), title=_("Not available to you"),
                        severity="warning", markup=False)
            return
        self.push_screen(ActionScreen(action_id, params or {}))

    # Language and data ---------------------------------------------------------------------

    def action_next_language(self) -> None:
        index = LOCALES.index(get_locale()) if get_locale() in LOCALES else -1
        self.set_language(LOCALES[(index + 1) % len(LOCALES)])

    def set_language(self, locale: str) -> None:
        """Every open screen shows itself in ``locale``, in place: what was typed, the
        focus and the selection stay."""
        self.chosen_locale = set_locale(locale)
        for screen in self.screen_stack:
            relocalize = getattr(screen, "relocalize", None)
            if relocalize is not None:
                relocalize()
        self.refresh_bindings()

    def on_data_changed(self, _message) -> None:
        self.data_version += 1
        self.load(self, "now", "now")
        self.load(self, "refusals", "account_refusals")
        reload = getattr(self.screen, "reload", None)
        if reload is not None:
            reload()

    def on_loaded(self, message) -> None:
        if message.key == "now":
            self.now = message.data
            for screen in self.screen_stack:
                show = getattr(screen, "show_header", None)
                if show is not None:
                    show()
        elif message.key == "refusals":
            self.account_refused = dict(message.data)
            self.screen.refresh_bindings()

    def on_failed(self, message) -> None:
        from tui.text import visible

        self.notify(visible(message.error), title=_("Something went wrong"), severity="error",
                    timeout=10, markup=False)
