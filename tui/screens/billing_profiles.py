"""Billing profiles: how each pays, with which card, and who may use it in which role."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui.i18n import N_, _, render
from tui.screens.base import ListScreen

PROFILE_ROLES = {"owner": N_("Owner"), "contributor": N_("Contributor"), "reader": N_("Reader"),
                 "invoice-manager": N_("Invoice manager")}
PAYS_BY = {"card": N_("Card"), "invoice": N_("Invoice")}


class BillingProfilesScreen(ListScreen):
    NAME = "billing-profiles"
    TITLE = N_("Billing profiles")
    QUERY = "billing_profiles"

    def columns(self) -> list[str]:
        return [_("Billing profile"), _("Pays by"), _("Payment method"), _("Subscriptions")]

    def row_cells(self, row) -> list:
        return [row.name, _(PAYS_BY.get(row.pays_by, row.pays_by)),
                render(row.method) if row.method else "-", str(len(row.subscriptions))]

    def action_context(self) -> dict[str, str]:
        row = self.current
        return {"billing_profile": row.id} if row else {}

    def detail(self, row):
        lines = [Text(row.name, style="bold"), Text("")]
        lines.append(Text(_("Pays by: {how}", how=_(PAYS_BY.get(row.pays_by, row.pays_by)))))
        if row.method:
            lines.append(Text(_("Payment method: {method}", method=render(row.method))))
        lines.append(Text(""))
        lines.append(Text(_("Roles"), style="bold underline"))
        for name, role in row.members:
            lines.append(Text(f"  • {name}: {_(PROFILE_ROLES.get(role, role))}"))
        lines.append(Text(""))
        lines.append(Text(_("Subscriptions"), style="bold underline"))
        for product in row.subscriptions:
            lines.append(Text(f"  • {product}"))
        lines.append(Text(""))
        lines.append(Text(_("Owners and contributors can buy and pay with this profile; "
                            "invoice managers can only pay invoices; readers can look."),
                          style="italic dim"))
        return Group(*lines)
