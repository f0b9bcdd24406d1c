"""Notices: the e-mails the admins received, newest first."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import i18n
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen

KINDS = {
    "payment-declined": N_("We couldn't process your payment"),
    "payment-received": N_("We received your payment"),
    "retries-exhausted": N_("No more automatic attempts"),
    "invoice-overdue": N_("Your invoice is overdue"),
}


class NoticesScreen(ListScreen):
    NAME = "notices"
    TITLE = N_("Notices")
    QUERY = "notices"

    def columns(self) -> list[str]:
        return [_("Sent"), _("Subject"), _("Product"), _("Recipients")]

    def row_cells(self, row) -> list:
        return [i18n.day(row.sent_at), _(KINDS.get(row.kind, row.kind)), row.product or "-",
                str(len(row.recipients))]

    def action_context(self) -> dict[str, str]:
        row = self.current
        return {"subscription": row.subscription_id} if row and row.subscription_id else {}

    def detail(self, row):
        lines = [Text(_(KINDS.get(row.kind, row.kind)), style="bold"), Text("")]
        lines.append(Text(_("Sent: {when}", when=i18n.when(row.sent_at)), style="dim"))
        lines.append(Text(_("To: {names}", names=", ".join(row.recipients)), style="dim"))
        lines.append(Text(""))
        if row.kind == "payment-declined":
            lines.append(Text(_("We couldn't process the payment for {product}.",
                                product=row.product or "-")))
            if row.method:
                lines.append(Text(_("Payment method: {method}", method=render(row.method))))
            if row.reason:
                lines.append(Text(_("Reason: {reason}", reason=render(row.reason))))
            lines.append(Text(""))
            lines.append(Text(_("Check the card details, then use Settle balance on Your "
                                "products."), style="italic"))
        elif row.kind == "retries-exhausted":
            lines.append(Text(_("All automatic attempts for {product} were declined. Settle "
                                "the balance to keep the subscription.",
                                product=row.product or "-")))
        elif row.kind == "invoice-overdue":
            lines.append(Text(_("The invoice for {product} is past its due date.",
                                product=row.product or "-")))
        else:
            lines.append(Text(_("Thank you: the payment for {product} went through.",
                                product=row.product or "-")))
        return Group(*lines)
