"""Your products: the subscriptions, and for the highlighted one its Billing section
(payment method, past-due state, Settle balance)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import i18n, keymap
from tui.glossary import SUBSCRIPTION_STATUS
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen
from tui.text import plain

PAST_DUE_ARTICLE = "29635602-3521-4663-9d85-d111f85b3a19"   # past-due-account
DECLINED_ARTICLE = "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb"   # declined-credit-card


class ProductsScreen(ListScreen):
    NAME = "products"
    TITLE = N_("Your products")
    QUERY = "subscriptions"
    BINDINGS = keymap.bindings(keymap.PRODUCTS)
    ACTIONS = {"settle": "balance.settle", "change_method": "subscription.change-payment-method",
               "diagnose": "payment.diagnose"}

    def columns(self) -> list[str]:
        return [_("Product"), _("Licenses"), _("Status"), _("Payment method"), _("Price")]

    def row_cells(self, row) -> list:
        status = Text(_(SUBSCRIPTION_STATUS.get(row.status, row.status)),
                      style="bold red" if row.past_due else "green")
        return [plain(row.product), str(row.seats), status,
                plain(render(row.method)) if row.method else Text(_("none"), style="dim"),
                i18n.money(row.period_amount)]

    def action_context(self) -> dict[str, str]:
        row = self.current
        return {"subscription": row.id} if row else {}

    def context_names(self, row) -> dict[str, str]:
        return {"subscription": row.product} if row else {}

    def detail(self, row):
        lines = [plain(row.product, "bold"), Text(""),
                 Text(_("Billing"), style="bold underline")]

        def pair(label: str, value: str, style: str = "") -> Text:
            text = Text(f"{label}: ", style="dim")
            text.append_text(plain(value, style))
            return text

        lines.append(pair(_("Payment method"), render(row.method) if row.method
                          else _("none linked")))
        if row.billing_profile:
            lines.append(pair(_("Billing profile"), row.billing_profile))
        lines.append(pair(_("Licenses"), str(row.seats)))
        lines.append(pair(_("Price per month"), i18n.money(row.period_amount)))
        lines.append(pair(_("Next invoice"), i18n.day(row.next_invoice_at)))
        if row.last_paid_at:
            lines.append(pair(_("Last paid"), i18n.day(row.last_paid_at)))
        lines.append(Text(""))
        if row.past_due:
            lines.append(Text(_("This subscription has a past-due payment"), style="bold red"))
            lines.append(pair(_("Outstanding balance"), i18n.money(row.outstanding), "bold"))
            lines.append(pair(_("Past due since"), i18n.day(row.past_due_since)))
            lines.append(Text(""))
            lines.append(Text(_("s: Settle balance · w: why was it declined? · a: article"),
                              style="italic"))
        else:
            lines.append(Text(_("Nothing is past due."), style="green"))
            if row.outstanding.minor:
                lines.append(pair(_("Outstanding balance"), i18n.money(row.outstanding)))
        lines.append(Text(_("c: change the payment method of this subscription"),
                          style="italic dim"))
        return Group(*lines)

    def _run(self, action_id: str) -> None:
        row = self.current
        if row is not None:
            self.start(action_id, {"subscription": row.id})

    def action_settle(self) -> None:
        self._run("balance.settle")

    def action_change_method(self) -> None:
        self._run("subscription.change-payment-method")

    def action_diagnose(self) -> None:
        self._run("payment.diagnose")

    def action_article(self) -> None:
        row = self.current
        if row is None:
            return
        self.app.context = {"subscription": row.id}
        self.app.action_open("article", assetid=PAST_DUE_ARTICLE if row.past_due
                             else DECLINED_ARTICLE)
