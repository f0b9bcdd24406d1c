"""Every key binding with a stable id, its default keys, and the user's keymap file.

The keymap file is TOML in the user's config directory (``~/.config/betal/keymap.toml`` on
Linux), mapping binding ids to keys, several keys separated by commas::

    [keymap]
    "app.quit" = "ctrl+q"
    "list.down" = "j,down,n"

Unknown ids and malformed values are reported (the app shows them) and the rest applies.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding

from tui.i18n import N_


class Key:
    """A binding's id, its default keys and what it does; a plain class, built 45 times
    before the first frame."""

    __slots__ = ("action", "description", "id", "key_display", "keys", "priority", "show")

    def __init__(self, id: str, keys: str, action: str, description: str, *,
                 show: bool = True, priority: bool = False,
                 key_display: str | None = None) -> None:
        self.id, self.keys, self.action, self.description = id, keys, action, description
        self.show, self.priority, self.key_display = show, priority, key_display

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.description, show=self.show,
                       priority=self.priority, id=self.id, key_display=self.key_display)


def _keys(*keys: Key) -> dict[str, Key]:
    return {key.id: key for key in keys}


APP = _keys(
    Key("app.quit", "q", "quit", N_("Quit")),
    Key("app.help", "question_mark,f1", "help", N_("Help"), key_display="?"),
    Key("app.palette", "ctrl+p", "command_palette", N_("Commands"), show=False,
        priority=True),
    Key("app.language", "f2", "next_language", N_("Language"), show=False),
    Key("app.next-field", "tab", "next_field", N_("Next field"), show=False, priority=True),
    Key("app.previous-field", "shift+tab", "previous_field", N_("Previous field"),
        show=False, priority=True),
    Key("app.home", "1", "open('home')", N_("Home"), show=False),
    Key("app.products", "2", "open('products')", N_("Your products"), show=False),
    Key("app.payment-methods", "3", "open('payment-methods')", N_("Payment methods"),
        show=False),
    Key("app.billing-profiles", "4", "open('billing-profiles')", N_("Billing profiles"),
        show=False),
    Key("app.invoices", "5", "open('invoices')", N_("Invoices and payments"), show=False),
    Key("app.notices", "6", "open('notices')", N_("Notices"), show=False),
    Key("app.knowledge", "7", "open('knowledge')", N_("Knowledge base"), show=False),
    Key("app.clock", "8", "open('clock')", N_("Clock"), show=False),
    Key("app.audit", "9", "open('audit')", N_("Audit log"), show=False),
)

SCREEN = _keys(
    Key("screen.back", "escape", "back", N_("Back")),
)

LIST = _keys(
    Key("list.down", "j,down", "cursor_down", N_("Down"), show=False),
    Key("list.up", "k,up", "cursor_up", N_("Up"), show=False),
    Key("list.top", "g,home", "scroll_top", N_("First"), show=False),
    Key("list.bottom", "G,end", "scroll_bottom", N_("Last"), show=False),
    Key("list.page-down", "pagedown", "page_down", N_("Page down"), show=False),
    Key("list.page-up", "pageup", "page_up", N_("Page up"), show=False),
    Key("list.filter", "slash", "filter", N_("Filter"), key_display="/"),
    Key("list.clear-filter", "escape", "clear_filter", N_("Clear the filter"), show=False),
)

ARTICLE = _keys(
    Key("article.next", "tab,j", "next_item", N_("Next row or link"), priority=True),
    Key("article.previous", "shift+tab,k", "previous_item", N_("Previous row or link"),
        priority=True),
    Key("article.run", "enter", "run_item", N_("Run")),
    Key("article.top", "g,home", "scroll_home", N_("First"), show=False),
    Key("article.bottom", "G,end", "scroll_end", N_("Last"), show=False),
)

PRODUCTS = _keys(
    Key("products.settle", "s", "settle", N_("Settle balance")),
    Key("products.change", "c", "change_method", N_("Change payment method")),
    Key("products.diagnose", "w", "diagnose", N_("Why declined?")),
    Key("products.article", "a", "article", N_("Article")),
)

METHODS = _keys(
    Key("methods.add", "a", "add", N_("Add")),
    Key("methods.edit", "e", "edit", N_("Edit")),
    Key("methods.replace", "r", "replace", N_("Replace for all")),
    Key("methods.change-one", "c", "change_one", N_("Change for one")),
    Key("methods.delete", "d", "delete", N_("Delete")),
    Key("methods.check", "x", "check", N_("Check"), show=False),
)

CLOCK = _keys(
    Key("clock.day", "d", "advance('1d')", N_("+1 day")),
    Key("clock.week", "w", "advance('7d')", N_("+7 days")),
    Key("clock.custom", "c", "custom", N_("Custom")),
)

SIGNIN = _keys(
    Key("signin.cancel", "escape", "cancel", N_("Choose another admin")),
)

MODAL = _keys(
    Key("modal.close", "escape", "close", N_("Close")),
    Key("modal.confirm", "ctrl+s", "confirm", N_("Confirm")),
)

FILTER = _keys(
    Key("filter.close", "escape", "close", N_("Close the filter"), show=False),
    Key("filter.done", "enter", "done", N_("Back to the list"), show=False),
)

INVOICES = _keys(
    Key("invoices.diagnose", "w", "diagnose", N_("Why declined?")),
)

ALL: dict[str, Key] = {
    **APP, **SCREEN, **SIGNIN, **LIST, **ARTICLE, **PRODUCTS, **METHODS, **CLOCK, **MODAL,
    **INVOICES, **FILTER,
}


def bindings(group: dict[str, Key]) -> list[Binding]:
    return [key.binding() for key in group.values()]


def config_path() -> Path:
    override = os.environ.get("BETAL_KEYMAP")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("betal", appauthor=False) / "keymap.toml"


@dataclass
class Loaded:
    keymap: dict[str, str]
    problems: list[str]
    path: Path


def load(path: Path | None = None) -> Loaded:
    """The user's keymap; ``problems`` holds one English line per thing that is wrong."""
    path = path or config_path()
    if not path.exists():
        return Loaded({}, [], path)
    import difflib
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return Loaded({}, [f"{path}: {error}"], path)
    table = data.get("keymap", data)
    keymap: dict[str, str] = {}
    problems: list[str] = []
    if not isinstance(table, dict):
        return Loaded({}, [f"{path}: [keymap] must be a table"], path)
    for binding_id, keys in table.items():
        if binding_id not in ALL:
            close = difflib.get_close_matches(binding_id, list(ALL), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            problems.append(f"{path}: unknown binding id '{binding_id}'{hint}")
            continue
        if isinstance(keys, list):
            keys = ",".join(str(k) for k in keys)
        if not isinstance(keys, str) or not keys.strip():
            problems.append(f"{path}: '{binding_id}' needs keys as text, e.g. \"ctrl+q\"")
            continue
        keymap[binding_id] = ",".join(part.strip() for part in keys.split(",") if part.strip())
    return Loaded(keymap, problems, path)
