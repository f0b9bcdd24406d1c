"""Your products: the subscriptions, and for the highlighted one its Billing section
(payment method or the billing profile that pays, where it stands in its lifecycle,
Settle balance, and after a past-due balance is paid how long to wait before contacting
support)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import i18n, keymap, labels
from tui.glossary import SUBSCRIPTION_STATUS
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen
from tui.text import plain

PAST_DUE_ARTICLE = "29635602-3521-4663-9d85-d111f85b3a19"   # past-due-account
DECLINED_ARTICLE = "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb"   # declined-credit-card
STATUS_STYLES = {"active": "green", "deleted": "dim"}  # the others owe money: bold red
# The statuses with a balance that Settle balance pays (the subscription is active again).
OWING = {"past-due": N_("This subscription has a past-due payment"),
         "expired": N_("This subscription has expired because a payment is past due"),
         "disabled": N_("This subscription is disabled because a payment is past due")}


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
        status = Text(_(SUBSCRIPTION_STATUS[row.status]) if row.status in SUBSCRIPTION_STATUS
                      else "", style=STATUS_STYLES.get(row.status, "bold red"))
        if row.billing_profile or row.method:
            method = plain(labels.paying(row))
        else:
            method = Text(_("none"), style="dim")
        return [plain(row.product), str(row.seats), status, method,
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

        if row.billing_profile:
            lines.append(pair(_("Payment method"), labels.paid_through(
                row.billing_profile, row.profile_pays_by, row.profile_method).plain))
        else:
            lines.append(pair(_("Payment method"), render(row.method) if row.method
                              else _("none linked")))
        lines.append(pair(_("Licenses"), str(row.seats)))
        lines.append(pair(_("Price per month"), i18n.money(row.period_amount)))
        if row.deleted:
            lines += [Text(""), Text(_("This subscription has been deleted: it can no longer "
                                       "be paid or changed."), style="bold")]
            return Group(*lines)
        if row.status in ("active", "past-due"):  # the later stages are not invoiced
            lines.append(pair(_("Next invoice"), i18n.day(row.next_invoice_at)))
        if row.last_paid_at:
            lines.append(pair(_("Last paid"), i18n.day(row.last_paid_at)))
        lines.append(Text(""))
        if row.status in OWING:
            lines.append(Text(_(OWING[row.status]), style="bold red"))
            lines.append(pair(_("Outstanding balance"), i18n.money(row.outstanding), "bold"))
            lines.append(pair(_("Past due since"), i18n.day(row.past_due_since)))
            lines.append(Text(""))
            lines.append(Text(_("s: Settle balance · w: why was it declined? · a: article"),
                              style="italic"))
        else:
            lines.append(Text(_("Nothing is past due."), style="green"))
            if row.outstanding.minor:
                lines.append(pair(_("Outstanding balance"), i18n.money(row.outstanding)))
        if row.support_after is not None:
            lines.append(Text(""))
            lines.append(plain(_("The past-due balance was paid on {paid}. The past-due notice "
                                 "may still show for a while: if you still see it after "
                                 "{when}, contact support.",
                                 paid=i18n.when(row.paid_after_past_due),
                                 when=i18n.when(row.support_after)), "yellow"))
        if "subscription.change-payment-method" not in row.refused:
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
        self.app.action_open("article", assetid=PAST_DUE_ARTICLE if row.status in OWING
                             else DECLINED_ARTICLE)
