"""Notices: the e-mails the admins received, newest first."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import i18n
from tui.glossary import NOTICE_SUBJECTS
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen
from tui.text import plain

KINDS = NOTICE_SUBJECTS


class NoticesScreen(ListScreen):
    NAME = "notices"
    TITLE = N_("Notices")
    QUERY = "notices"

    def columns(self) -> list[str]:
        return [_("Sent"), _("Subject"), _("Product"), _("Recipients")]

    def row_cells(self, row) -> list:
        return [i18n.day(row.sent_at), _(KINDS.get(row.kind, "")), plain(row.product or "–"),
                str(len(row.recipients))]

    def action_context(self) -> dict[str, str]:
        row = self.current
        return {"subscription": row.subscription_id} if row and row.subscription_id else {}

    def context_names(self, row) -> dict[str, str]:
        return {"subscription": row.product} if row and row.product else {}

    def detail(self, row):
        product = row.product or "–"
        lines = [Text(_(KINDS.get(row.kind, "")), style="bold"), Text("")]
        lines.append(Text(_("Sent: {when}", when=i18n.when(row.sent_at)), style="dim"))
        lines.append(plain(_("To: {names}", names=", ".join(row.recipients)), "dim"))
        lines.append(Text(""))
        if row.kind == "payment-declined":
            lines.append(plain(_("We couldn't process the payment for {product}.",
                                 product=product)))
            if row.method:
                lines.append(plain(_("Payment method: {method}", method=render(row.method))))
            if row.reason:
                lines.append(plain(_("Reason: {reason}", reason=render(row.reason))))
            lines.append(Text(""))
            lines.append(Text(_("Check the card details, then use Settle balance on Your "
                                "products."), style="italic"))
        elif row.kind == "retries-exhausted":
            lines.append(plain(_("All automatic attempts for {product} were declined. Settle "
                                 "the balance to keep the subscription.", product=product)))
        elif row.kind == "invoice-overdue":
            lines.append(plain(_("The invoice for {product} is past its due date.",
                                 product=product)))
        else:
            lines.append(plain(_("Thank you: the payment for {product} went through.",
                                 product=product)))
        return Group(*lines)
