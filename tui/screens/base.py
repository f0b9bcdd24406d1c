"""What every screen after sign-in shares: the header, the footer, loading through the
backend, reloading when data changed, showing itself again in another language (in place,
so the focus, the selection and what was typed stay), and the actions its keys start,
struck through with the reason when the signed-in admin may not run them."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen

from tui import keymap, messages
from tui.i18n import _, get_locale
from tui.text import visible
from tui.widgets.footer import LocalizedFooter
from tui.widgets.header_bar import HeaderBar
from tui.widgets.too_small import TooSmall

PANE_MIN = 26  # the detail pane's narrowest


def closed(screen: Screen) -> bool:
    """Whether ``screen`` (a screen or a dialog) has left the stack. The keys right after
    the one that opened it can close it before it is composed; its mount and resume events
    still come, to a screen with nothing in it to show or load."""
    return screen not in screen.app.screen_stack


class BaseScreen(Screen):
    NAME = ""
    TITLE = ""
    BINDINGS = keymap.bindings(keymap.SCREEN)
    # binding action -> the engine action it starts (struck through when refused)
    ACTIONS: dict[str, str] = {}

    def __init__(self, **context: Any) -> None:
        super().__init__()
        self.context = context
        self.data: dict[str, Any] = {}
        self._locale = get_locale()
        self._version = -1

    def compose(self) -> ComposeResult:
        yield HeaderBar()
        yield from self.compose_body()
        yield LocalizedFooter()
        yield TooSmall()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        # Textual calls the on_mount of every class of a screen, so subclasses extend
        # mounted() instead.
        if not closed(self):
            self.mounted()

    def mounted(self) -> None:
        """What a screen does once it is on the stack and composed."""
        self.show_header()
        self.reload()

    def show_header(self) -> None:
        for bar in self.query(HeaderBar):
            bar.show(_(self.TITLE))

    # Loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Ask the backend for this screen's data (results arrive as Loaded messages)."""
        self._version = self.app.data_version

    def load(self, key: str, query: str, **kwargs: Any) -> None:
        self.app.load(self, key, query, **kwargs)

    @on(messages.Loaded)
    def loaded(self, message: messages.Loaded) -> None:
        message.stop()
        self.data[message.key] = message.data
        if self.is_mounted:
            self.populate()
            self.refresh_bindings()

    @on(messages.Failed)
    def failed(self, message: messages.Failed) -> None:
        message.stop()
        self.notify(visible(message.error), title=_("Something went wrong"), severity="error",
                    timeout=10, markup=False)

    def populate(self) -> None:
        """Fill the widgets from ``self.data`` (also after a language change)."""

    def update_context(self, **context: Any) -> None:
        self.context.update(context)

    # Language and staleness ----------------------------------------------------------------

    def relocalize(self) -> None:
        self._locale = get_locale()
        for widget in self.query("*"):
            relocalize = getattr(widget, "relocalize", None)
            if callable(relocalize):
                relocalize()
        self.show_header()
        if self.is_mounted:
            self.populate()
        self.refresh_bindings()

    def on_screen_resume(self) -> None:
        if closed(self):
            return
        if self._locale != get_locale():
            self.relocalize()
        if self._version != self.app.data_version:
            self.reload()
        self.show_header()
        self.refresh_bindings()

    def action_back(self) -> None:
        self.app.go_back()

    def action_context(self) -> dict[str, str]:
        """The ids an action started here works on (subscription, payment method, ...)."""
        return {k: v for k, v in self.context.items() if isinstance(v, str)}

    # Actions --------------------------------------------------------------------------------

    @property
    def current(self):
        return None

    def refusal(self, action_id: str):
        """Why the signed-in admin may not start ``action_id`` on what is selected here."""
        row = self.current
        refused = getattr(row, "refused", None)
        if refused is not None:  # the row knows: a profile role can allow what a role does not
            return refused.get(action_id)
        return self.app.account_refused.get(action_id)

    def refused_binding(self, binding_action: str):
        action_id = self.ACTIONS.get(binding_action)
        return self.refusal(action_id) if action_id else None

    def start(self, action_id: str, params: dict[str, str] | None = None) -> None:
        """Open ``action_id``'s dialog, or say why the admin may not run it here."""
        self.app.run_action_screen(action_id, params or {})


class ListScreen(BaseScreen):
    """A list on the left and what the highlighted row holds on the right."""

    QUERY = ""  # the engine.queries function that loads the rows
    PANE = True

    def compose_body(self) -> ComposeResult:
        from textual.containers import Horizontal, VerticalScroll
        from textual.widgets import Static

        from tui.widgets.data_list import DataList

        with Horizontal(classes="body"):
            yield DataList(id="list")
            if self.PANE:
                with VerticalScroll(id="pane"):
                    yield Static(id="detail")

    def mounted(self) -> None:
        super().mounted()
        self.query_one("#list").focus_list()

    def reload(self) -> None:
        super().reload()
        if self.QUERY:
            self.load("rows", self.QUERY)

    @property
    def rows_data(self) -> list:
        return self.data.get("rows") or []

    def columns(self) -> list[str]:
        return []

    def row_cells(self, row) -> list:
        return []

    def row_key(self, row) -> str:
        return row.id

    def populate(self) -> None:
        data_list = self.query_one("#list")
        select = self.context.get("select")
        data_list.set_rows(self.columns(),
                           [(self.row_key(row), self.row_cells(row)) for row in self.rows_data],
                           select=select)
        if select is not None and data_list.current_key == select:
            self.context.pop("select", None)
        self.fit()
        self.show_detail(data_list.current_key)

    def fit(self) -> None:
        """The list takes the width its columns need; the detail pane what is left."""
        if not self.PANE:
            return
        data_list = self.query_one("#list")
        total = self.size.width or self.app.size.width
        width = max(min(data_list.natural_width, total - PANE_MIN), total // 2)
        data_list.styles.width = width

    def on_resize(self) -> None:
        if self.is_mounted and self.query("#list"):
            self.fit()

    def find(self, key: str | None):
        return next((row for row in self.rows_data if self.row_key(row) == key), None)

    @property
    def current(self):
        found = self.query("#list")
        return self.find(found.first().current_key) if found else None

    def on_data_list_highlighted(self, message) -> None:
        self.show_detail(message.key)
        refused = frozenset(a for a in self.ACTIONS if self.refused_binding(a) is not None)
        if refused != getattr(self, "_refused_shown", None):
            self._refused_shown = refused
            self.refresh_bindings()  # the footer strikes through what is refused here

    def on_data_list_chosen(self, message) -> None:
        self.show_detail(message.key)

    def show_detail(self, key: str | None) -> None:
        row = self.find(key)
        self.app.context = self.action_context()
        names = self.context_names(row)
        if names is not None:
            self.app.context_names = names
        if self.PANE:
            from textual.widgets import Static

            for detail in self.query("#detail").results(Static):
                detail.update(self.detail(row) if row else "")

    def detail(self, row):
        return ""

    def context_names(self, row) -> dict[str, str] | None:
        """What the context's ids are called, by parameter (None: keep the app's)."""
        return {}

    def update_context(self, **context: Any) -> None:
        super().update_context(**context)
        if "select" in context and self.rows_data:
            self.populate()

    def action_context(self) -> dict[str, str]:
        return {}
