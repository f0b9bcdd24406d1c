"""What every screen after sign-in shares: the header, the footer, loading through the
backend, reloading when data changed and composing again when the language changed."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.screen import Screen

from tui import keymap, messages
from tui.i18n import _, get_locale
from tui.widgets.footer import LocalizedFooter
from tui.widgets.header_bar import HeaderBar


class BaseScreen(Screen):
    NAME = ""
    TITLE = ""
    BINDINGS = keymap.bindings(keymap.SCREEN)

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

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.show_header()
        self.reload()

    def show_header(self) -> None:
        self.query_one(HeaderBar).show(_(self.TITLE))

    # Loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Ask the backend for this screen's data (results arrive as Loaded messages)."""
        self._version = self.app.data_version

    def load(self, key: str, query: str, **kwargs: Any) -> None:
        self.app.load(self, key, query, **kwargs)

    @on(messages.Loaded)
    def loaded(self, message: messages.Loaded) -> None:
        self.data[message.key] = message.data
        if self.is_mounted:
            self.populate()

    @on(messages.Failed)
    def failed(self, message: messages.Failed) -> None:
        self.notify(message.error, title=_("Something went wrong"), severity="error",
                    timeout=10)

    def populate(self) -> None:
        """Fill the widgets from ``self.data`` (also after composing again)."""

    def update_context(self, **context: Any) -> None:
        self.context.update(context)

    # Language and staleness ----------------------------------------------------------------

    async def relocalize(self) -> None:
        self._locale = get_locale()
        await self.recompose()
        self.show_header()
        self.populate()
        self.refresh_bindings()

    async def on_screen_resume(self) -> None:
        if self._locale != get_locale():
            await self.relocalize()
        if self._version != self.app.data_version:
            self.reload()
        self.show_header()

    def action_back(self) -> None:
        self.app.go_back()

    def action_context(self) -> dict[str, str]:
        """The ids an action started here works on (subscription, payment method, ...)."""
        return {k: v for k, v in self.context.items() if isinstance(v, str)}


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

    def on_mount(self) -> None:
        super().on_mount()
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
        self.context.pop("select", None)
        self.show_detail(data_list.current_key)

    def find(self, key: str | None):
        return next((row for row in self.rows_data if self.row_key(row) == key), None)

    @property
    def current(self):
        return self.find(self.query_one("#list").current_key)

    def on_data_list_highlighted(self, message) -> None:
        self.show_detail(message.key)

    def on_data_list_chosen(self, message) -> None:
        self.show_detail(message.key)

    def show_detail(self, key: str | None) -> None:
        row = self.find(key)
        self.app.context = self.action_context()
        if self.PANE:
            from textual.widgets import Static

            self.query_one("#detail", Static).update(self.detail(row) if row else "")

    def detail(self, row):
        return ""

    def update_context(self, **context: Any) -> None:
        super().update_context(**context)
        if "select" in context and self.rows_data:
            self.populate()

    def action_context(self) -> dict[str, str]:
        return {}
