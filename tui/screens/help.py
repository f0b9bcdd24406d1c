"""Help (``?``, F1): the keys of the focused part of the screen first, then the screen's and
those that work everywhere, with the keys the user's keymap gives them and the name each
binding has in the keymap file."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingsMap
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tui import keymap
from tui.i18n import N_, _
from tui.widgets.too_small import TooSmall

# Textual's own bindings, described in English by Textual: listed here so that the help
# shows them in the current language too.
TEXTUAL_DESCRIPTIONS = (
    N_("Bottom"), N_("Copy selected text"), N_("Cursor down"), N_("Cursor left"),
    N_("Cursor right"), N_("Cursor up"), N_("Cut selected text"), N_("Delete all to the right"),
    N_("Delete character left"), N_("Delete character right"), N_("End"), N_("Focus Next"),
    N_("Focus Previous"), N_("Go to end"), N_("Go to start"), N_("Move cursor left a word"),
    N_("Move cursor left"), N_("Move cursor right"), N_("Next tab"), N_("Page Down"),
    N_("Page Left"), N_("Page Right"), N_("Page Up"), N_("Paste text from the clipboard"),
    N_("Previous tab"), N_("Scroll Down"), N_("Scroll End"), N_("Scroll Home"),
    N_("Scroll Left"), N_("Scroll Right"), N_("Scroll Up"), N_("Select all"), N_("Select"),
    N_("Show menu"), N_("Submit"), N_("Top"), N_("palette"), N_("Quit"),
    N_("Move cursor right a word"), N_("Delete left to start of line"),
    N_("Delete right to end of line"), N_("Delete left one word"), N_("Delete right one word"),
    N_("Delete all"), N_("Home"),
)
# What each part of the screen is called in the help, by the class the part is made of.
PARTS = {
    "ListTable": N_("This list"), "DataTable": N_("This list"),
    "InvoiceTable": N_("The invoices"), "ArticleView": N_("This article"),
    "FilterBox": N_("The filter"), "TextField": N_("This field"), "Input": N_("This field"),
    "ChoiceList": N_("This choice"), "OptionList": N_("This list"),
    "Button": N_("This button"), "Tabs": N_("The tabs"), "ActionScreen": N_("This dialog"),
    "HelpScreen": N_("Help"), "BetalApp": N_("Everywhere"),
}


def part_name(node) -> str | None:
    """What the help calls ``node``: a screen by its title, a part by what it is; None
    for the containers in between (they have no keys of their own worth a heading)."""
    title = getattr(node, "TITLE", "")
    if isinstance(node, Screen) and title:
        return _(title)
    for cls in type(node).__mro__:
        if cls.__name__ in PARTS:
            return _(PARTS[cls.__name__])
    return None


def _bindings_of(node) -> BindingsMap:
    """The bindings ``node`` has, its classes' in the order Textual merges them."""
    merged = []
    for cls in reversed(type(node).__mro__):
        merged.extend(cls.__dict__.get("BINDINGS", ()))
    return BindingsMap(merged)


class HelpScreen(ModalScreen):
    BINDINGS = keymap.bindings(keymap.MODAL)

    def __init__(self, focused) -> None:
        super().__init__()
        self.focused_node = focused

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(_("Help"), classes="title")
            yield Static(self._table(), id="help-keys")
            yield Static(_("Esc closes. Change any key in {path}: the last column names it.",
                           path=str(keymap.config_path())), classes="hint", markup=False)
        yield TooSmall()

    def relocalize(self) -> None:
        self.query_one("#help-keys", Static).update(self._table())

    def _sections(self):
        node = self.focused_node
        keymap_in_use = getattr(self.app, "user_keymap", {})
        while node is not None:
            bindings = _bindings_of(node)
            if keymap_in_use:
                bindings.apply_keymap(keymap_in_use)
            rows = [(key, binding) for key, binding in bindings
                    if binding.description and not binding.system]
            if rows:
                yield node, rows
            node = node.parent

    def _table(self) -> Table:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column(_("Key"), style="bold cyan", no_wrap=True)
        table.add_column(_("What it does"))
        table.add_column(_("Name in the keymap file"), style="dim")
        shown: set[str] = set()
        seen_keys: set[str] = set()  # a key listed once, where it acts (ours first)
        for node, rows in self._sections():
            grouped: dict[str, list[str]] = {}
            described: dict[str, object] = {}
            for key, binding in sorted(rows, key=lambda row: row[1].id is None):
                ident = binding.id or f"{type(node).__name__}.{binding.action}"
                if ident in shown or (key in seen_keys and ident not in grouped):
                    continue
                seen_keys.add(key)
                grouped.setdefault(ident, []).append(self.app.get_key_display(binding))
                described[ident] = binding
            if not grouped:
                continue
            name = part_name(node) or _("Here")
            table.add_row(Text(name, style="bold underline"), "", "")
            for ident, keys in grouped.items():
                shown.add(ident)
                binding = described[ident]
                table.add_row(Text(", ".join(dict.fromkeys(keys))),
                              Text(_(binding.description)), Text(binding.id or ""))
        return table

    def action_close(self) -> None:
        self.dismiss()

    def action_confirm(self) -> None:
        self.dismiss()
