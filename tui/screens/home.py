"""Home: what needs attention now. Enter opens the screen that deals with an item."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import i18n
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen
from tui.text import plain

KINDS = {
    "past-due": ("●", "bold red", N_("Past due")),
    "expired": ("●", "bold red", N_("Expired")),
    "disabled": ("●", "bold red", N_("Disabled")),
    "decline": ("✗", "red", N_("Declined")),
    "unlinked-method": ("○", "yellow", N_("Not linked")),
    "next-retry": ("↻", "cyan", N_("Next attempt")),
}
TARGETS = {"past-due": "products", "expired": "products", "disabled": "products",
           "decline": "invoices", "unlinked-method": "payment-methods", "next-retry": "invoices"}


def describe(item) -> str:
    if item.kind == "past-due":
        return _("{product} is past due: {amount} outstanding", product=item.product,
                 amount=i18n.money(item.amount))
    if item.kind == "expired":
        return _("{product} has expired: {amount} outstanding", product=item.product,
                 amount=i18n.money(item.amount))
    if item.kind == "disabled":
        return _("{product} is disabled: {amount} outstanding", product=item.product,
                 amount=i18n.money(item.amount))
    if item.kind == "decline":
        return _("A payment for {product} was declined: {reason}", product=item.product,
                 reason=render(item.reason))
    if item.kind == "unlinked-method":
        return _("{method} was added but pays for nothing", method=render(item.method))
    return _("{product} is charged again on {date}", product=item.product,
             date=i18n.day(item.at))


class HomeScreen(ListScreen):
    NAME = "home"
    TITLE = N_("Home")
    QUERY = "attention"

    def row_key(self, row) -> str:
        return f"{row.kind}:{row.subscription_id or row.payment_method_id}:{row.at}"

    def columns(self) -> list[str]:
        return ["", _("When"), _("Needs attention")]

    def row_cells(self, row) -> list:
        mark, style, _label = KINDS[row.kind]
        return [Text(mark, style=style), i18n.day(row.at), plain(describe(row))]

    def context_names(self, row) -> dict[str, str]:
        if row is None:
            return {}
        if row.kind == "unlinked-method":
            return {"payment_method": render(row.method)}
        return {"subscription": row.product or ""}

    def action_context(self) -> dict[str, str]:
        row = self.current
        if row is None:
            return {}
        if row.kind == "unlinked-method":
            return {"payment_method": row.payment_method_id}
        return {"subscription": row.subscription_id}

    def detail(self, row):
        mark, style, label = KINDS[row.kind]
        lines = [Text(f"{mark} {_(label)}", style=style), Text(""), plain(describe(row)),
                 Text("")]
        if row.kind in ("past-due", "expired", "disabled"):
            lines.append(Text(_("Correct the card details if needed, then Settle balance on "
                                "Your products."), style="italic"))
        elif row.kind == "decline":
            lines.append(Text(_("The decline notice went to the Global and Billing admins."),
                              style="italic"))
        elif row.kind == "unlinked-method":
            lines.append(Text(_("Notices keep coming for the old card until the new one is "
                                "linked: change the payment method of a subscription, or "
                                "replace the old method for all."), style="italic"))
        else:
            lines.append(Text(_("While only one or two decline notices have come, another "
                                "automatic attempt is still coming."), style="italic"))
        lines.append(Text(""))
        lines.append(Text(_("Enter opens it."), style="dim"))
        return Group(*lines)

    def on_data_list_chosen(self, message) -> None:
        row = self.find(message.key)
        if row is None:
            return
        target = TARGETS[row.kind]
        select = row.payment_method_id if target == "payment-methods" else row.subscription_id
        self.app.action_open(target, select=select)
