"""Help (``?``, F1): the keys of the focused widget first, then its screen's and the app's,
with the keys the user's keymap gives them."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import keymap
from tui.i18n import N_, _

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
    N_("Show menu"), N_("Submit"), N_("Top"), N_("palette"),
)


class HelpScreen(ModalScreen):
    BINDINGS = keymap.bindings(keymap.MODAL)

    def __init__(self, focused) -> None:
        super().__init__()
        self.focused_node = focused

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog"):
            yield Static(_("Help"), classes="title")
            yield Static(self._table(), id="help-keys")
            yield Static(_("Esc closes. Change any key in {path}.",
                           path=str(keymap.config_path())), classes="hint")

    def _sections(self):
        node = self.focused_node
        keymap_in_use = getattr(self.app, "_keymap", {})
        while node is not None:
            bindings = node._bindings.copy()
            if keymap_in_use:
                bindings.apply_keymap(keymap_in_use)
            rows = list(bindings)
            if rows:
                yield node, rows
            node = node.parent

    def _table(self) -> Table:
        table = Table(box=None, expand=True, show_header=True, header_style="bold")
        table.add_column(_("Key"), style="bold cyan", no_wrap=True)
        table.add_column(_("What it does"))
        table.add_column(_("Binding id"), style="dim")
        shown: set[str] = set()
        for node, rows in self._sections():
            name = type(node).__name__
            title = (_("Focused: {widget}", widget=name) if node is self.focused_node
                     else name)
            table.add_row(Text(title, style="bold underline"), "", "")
            grouped: dict[str, list[str]] = {}
            described: dict[str, object] = {}
            for _key, binding in rows:
                ident = binding.id or f"{name}.{binding.action}"
                grouped.setdefault(ident, []).append(self.app.get_key_display(binding))
                described[ident] = binding
            for ident, keys in grouped.items():
                if ident in shown:
                    continue
                shown.add(ident)
                binding = described[ident]
                description = _(binding.description) if binding.description else binding.action
                table.add_row(", ".join(dict.fromkeys(keys)), description,
                              ident if binding.id else "")
        return table

    def action_close(self) -> None:
        self.dismiss()

    def action_confirm(self) -> None:
        self.dismiss()
