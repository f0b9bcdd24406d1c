"""The knowledge base: the articles in the current language; ``/`` searches titles and
text, Enter opens one."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on

from tui import messages
from tui.i18n import N_, _, get_locale
from tui.screens.base import ListScreen
from tui.text import plain


class KnowledgeScreen(ListScreen):
    NAME = "knowledge"
    TITLE = N_("Knowledge base")

    def reload(self) -> None:
        super().reload()
        self.app.load_articles(self, get_locale())

    def relocalize(self) -> None:
        self.data.pop("rows", None)
        super().relocalize()
        self.reload()

    @on(messages.Loaded)
    def loaded(self, message: messages.Loaded) -> None:
        if message.key == "articles":
            message.key = "rows"
        super().loaded(message)

    def row_key(self, row) -> str:
        return row.slug

    def columns(self) -> list[str]:
        return [_("Article")]

    def row_cells(self, row) -> list:
        return [plain(row.title)]

    def populate(self) -> None:
        data_list = self.query_one("#list")
        data_list.set_rows(self.columns(),
                           [(self.row_key(row), self.row_cells(row)) for row in self.rows_data],
                           search_texts={row.slug: row.body for row in self.rows_data})
        self.fit()
        if not self.rows_data:
            self.query_one("#detail").update(
                _("No articles in this language yet.") if "rows" in self.data else "")
        else:
            self.show_detail(data_list.current_key)

    def detail(self, row):
        lines = [plain(row.title, "bold"), Text("")]
        body = [line for line in row.body.splitlines()
                if line.strip() and not line.startswith(("#", "|", ">", "[", ":::", "<"))]
        if body:
            lines.append(plain(body[0][:400]))
        lines.append(Text(""))
        lines.append(Text(_("Enter opens the article."), style="dim"))
        return Group(*lines)

    def action_context(self) -> dict[str, str]:
        return dict(self.app.context)

    def context_names(self, row) -> None:
        return None

    def on_data_list_chosen(self, message) -> None:
        self.app.action_open("article", slug=message.key)
