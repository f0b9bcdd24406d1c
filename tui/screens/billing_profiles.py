"""Billing profiles: how each pays, with which card, and who may use it in which role."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui.glossary import PAYS_BY, PROFILE_ROLES
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen
from tui.text import plain


class BillingProfilesScreen(ListScreen):
    NAME = "billing-profiles"
    TITLE = N_("Billing profiles")
    QUERY = "billing_profiles"

    def columns(self) -> list[str]:
        return [_("Billing profile"), _("Pays by"), _("Payment method"), _("Subscriptions")]

    def row_cells(self, row) -> list:
        return [plain(row.name), _(PAYS_BY.get(row.pays_by, "")),
                plain(render(row.method)) if row.method else "–", str(len(row.subscriptions))]

    def action_context(self) -> dict[str, str]:
        row = self.current
        return {"billing_profile": row.id} if row else {}

    def context_names(self, row) -> dict[str, str]:
        return {"billing_profile": row.name} if row else {}

    def detail(self, row):
        lines = [plain(row.name, "bold"), Text("")]
        lines.append(Text(_("Pays by: {how}", how=_(PAYS_BY.get(row.pays_by, "")))))
        if row.method:
            lines.append(plain(_("Payment method: {method}", method=render(row.method))))
        lines.append(Text(""))
        lines.append(Text(_("Roles"), style="bold underline"))
        for name, role in row.members:
            lines.append(plain(f"  • {name}: {_(PROFILE_ROLES.get(role, ''))}"))
        lines.append(Text(""))
        lines.append(Text(_("Subscriptions"), style="bold underline"))
        for product in row.subscriptions:
            lines.append(plain(f"  • {product}"))
        lines.append(Text(""))
        lines.append(Text(_("Owners and contributors can buy and pay with this profile; "
                            "invoice managers can only pay invoices; readers can look."),
                          style="italic dim"))
        return Group(*lines)
