"""Payment methods: the list, and on the right what uses the highlighted one. Add, edit,
replace for all, change for one subscription and delete, each by the engine's rules."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import keymap
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen

KINDS = {"credit-card": N_("Credit card"), "debit-card": N_("Debit card"),
         "bank-account": N_("Bank account")}


class PaymentMethodsScreen(ListScreen):
    NAME = "payment-methods"
    TITLE = N_("Payment methods")
    QUERY = "payment_methods"
    BINDINGS = keymap.bindings(keymap.METHODS)

    def columns(self) -> list[str]:
        return [_("Payment method"), _("Type"), _("Expires"), _("Added by"), _("Used by")]

    def row_cells(self, row) -> list:
        expiry = Text(row.expiry or "-", style="bold red" if row.expired else "")
        used = str(len(row.used_by)) if row.used_by else Text(_("nothing"), style="yellow")
        return [render(row.label), _(KINDS.get(row.kind, row.kind)), expiry, row.added_by_name,
                used]

    def action_context(self) -> dict[str, str]:
        row = self.current
        return {"payment_method": row.id} if row else {}

    def detail(self, row):
        lines = [Text(render(row.label), style="bold"), Text("")]

        def pair(label: str, value: str, style: str = "") -> Text:
            text = Text(f"{label}: ", style="dim")
            text.append(value or "-", style=style)
            return text

        lines.append(pair(_("Name"), row.holder_name))
        if row.expiry:
            lines.append(pair(_("Expires"), row.expiry + (f"  ({_('expired')})"
                                                          if row.expired else ""),
                              "bold red" if row.expired else ""))
        lines.append(pair(_("Billing address"), row.address))
        lines.append(pair(_("Phone number"), row.phone))
        lines.append(pair(_("Issued in"), row.country))
        lines.append(pair(_("Added by"), row.added_by_name))
        lines.append(Text(""))
        lines.append(Text(_("Used by"), style="bold underline"))
        if not row.used_by:
            lines.append(Text(_("Nothing uses this payment method. Adding one links no "
                                "subscription."), style="yellow"))
        for use in row.used_by:
            kind = _("Subscription") if use.kind == "subscription" else _("Billing profile")
            lines.append(Text(f"  • {use.name}  ({kind})"))
        lines.append(Text(""))
        lines.append(Text(_("a: add · e: edit · r: replace for all · c: change for one "
                            "subscription · d: delete"), style="italic dim"))
        return Group(*lines)

    def _run(self, action_id: str, with_method: bool = True) -> None:
        row = self.current
        params = {"payment_method": row.id} if (row and with_method) else {}
        self.app.run_action_screen(action_id, params)

    def action_add(self) -> None:
        self._run("payment-method.add", with_method=False)

    def action_edit(self) -> None:
        self._run("payment-method.update")

    def action_replace(self) -> None:
        self._run("payment-method.replace")

    def action_change_one(self) -> None:
        self._run("subscription.change-payment-method")

    def action_delete(self) -> None:
        self._run("payment-method.delete")

    def action_check(self) -> None:
        self._run("payment-method.check")
