"""Invoices and payments: every invoice (a virtual table, page by page), the charge
attempts with their decline reasons, and a timeline of the attempts across each retry
window."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Static, TabbedContent, TabPane

from tui import i18n, keymap, messages
from tui.glossary import TRIGGERS
from tui.i18n import N_, _, render
from tui.screens.base import BaseScreen
from tui.text import plain
from tui.widgets.data_list import DataList
from tui.widgets.filter_box import FilterBox
from tui.widgets.invoice_table import PAGE, InvoiceTable
from tui.widgets.retry_chart import RetryChart

TABS = {"tab-invoices": N_("Invoices"), "tab-attempts": N_("Charge attempts"),
        "tab-chart": N_("Retry timeline")}


class InvoicesScreen(BaseScreen):
    NAME = "invoices"
    TITLE = N_("Invoices and payments")
    BINDINGS = keymap.bindings(keymap.INVOICES)
    ACTIONS = {"diagnose": "payment.diagnose"}

    def compose_body(self) -> ComposeResult:
        with TabbedContent(id="tabs"):
            with TabPane(_(TABS["tab-invoices"]), id="tab-invoices"):
                yield FilterBox(placeholder=_("Filter: product or status"),
                                id="invoice-filter")
                yield InvoiceTable(loader=self._load_page, id="invoices")
                yield Static(id="invoice-detail", classes="strip")
            with TabPane(_(TABS["tab-attempts"]), id="tab-attempts"):
                yield DataList(id="attempts")
            with TabPane(_(TABS["tab-chart"]), id="tab-chart"), VerticalScroll():
                yield RetryChart(id="chart")

    def mounted(self) -> None:
        super().mounted()
        self.query_one(InvoiceTable).focus()

    def _load_page(self, offset: int, limit: int, **keys) -> None:
        self.app.load_page(self, offset, limit, **keys)

    def reload(self) -> None:
        super().reload()
        table = self.query_one(InvoiceTable)
        table.start(table.search)
        self.load("attempts", "attempts")
        self.load("windows", "retry_windows")

    @on(messages.PageLoaded)
    def page_loaded(self, message: messages.PageLoaded) -> None:
        message.stop()
        self.query_one(InvoiceTable).add_page(message.offset, message.rows, message.total,
                                              message.search)

    def populate(self) -> None:
        table = self.query_one(InvoiceTable)
        if not table.pages and not table.pending:
            table.start(table.search)
        attempts = self.data.get("attempts") or []
        rows = []
        for a in attempts:
            outcome = (Text(_("paid"), style="green") if a.succeeded else
                       Text(_("declined"), style="red"))
            # The decline reason last: the one column that can be long.
            rows.append((a.id, [i18n.day(a.at), plain(a.product), i18n.money(a.amount),
                                outcome, plain(render(a.method)) if a.method else "–",
                                _(TRIGGERS.get(a.trigger, "")),
                                plain(render(a.reason)) if a.reason else ""]))
        self.query_one("#attempts", DataList).set_rows(
            [_("When"), _("Product"), _("Amount"), _("Outcome"), _("Payment method"),
             _("Trigger"), _("Decline reason")], rows)
        self.query_one(RetryChart).show(self.data.get("windows") or [], self.app.now)

    @on(InvoiceTable.Highlighted)
    def invoice_highlighted(self, message: InvoiceTable.Highlighted) -> None:
        row = message.row
        self.app.context = {"subscription": row.subscription_id, "invoice": row.id}
        self.app.context_names = {"subscription": row.product}
        text = plain(_("{product}: {amount}, issued {issued}, due {due}", product=row.product,
                       amount=i18n.money(row.total), issued=i18n.day(row.issued_at),
                       due=i18n.day(row.due_at)))
        if row.status == "open" and row.attempts_made:
            text.append("  " + _("w: why was it declined?"), style="italic")
        self.query_one("#invoice-detail", Static).update(text)

    def action_context(self) -> dict[str, str]:
        return {k: v for k, v in self.app.context.items() if k == "subscription"}

    def action_diagnose(self) -> None:
        context = self.app.context
        if "subscription" in context:
            self.start("payment.diagnose", {"subscription": context["subscription"]})

    @on(InvoiceTable.Filter)
    def open_filter(self, event: InvoiceTable.Filter) -> None:
        event.stop()
        box = self.query_one("#invoice-filter", FilterBox)
        box.value = self.query_one(InvoiceTable).search or ""
        box.open()

    @on(InvoiceTable.ClearFilter)
    def clear_filter(self, event: InvoiceTable.ClearFilter) -> None:
        event.stop()
        self.query_one("#invoice-filter", FilterBox).action_close()

    @on(Input.Changed, "#invoice-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.value != event.input.value:
            return  # a burst of typing: filter once, for the text it ends with
        search = event.value.strip() or None
        table = self.query_one(InvoiceTable)
        if search != table.search:
            table.start(search)

    @on(Input.Submitted, "#invoice-filter")
    def filter_done(self, event: Input.Submitted) -> None:
        event.stop()
        search = event.input.value.strip() or None
        table = self.query_one(InvoiceTable)
        if search != table.search:
            table.start(search)
        table.focus()

    def relocalize(self) -> None:
        tabs = self.query_one(TabbedContent)
        for pane, title in TABS.items():
            tabs.get_tab(pane).label = _(title)
        self.query_one("#invoice-filter", FilterBox).placeholder = _(
            "Filter: product or status")
        super().relocalize()


__all__ = ["PAGE", "InvoicesScreen"]
