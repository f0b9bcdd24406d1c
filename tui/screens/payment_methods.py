"""Payment methods: the list, and on the right what uses the highlighted one. Add, edit,
replace for all, change for one subscription and delete, each by the engine's rules. The
holder's name, billing address and phone show only to those who may see them (the read
model leaves them out for everyone else)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import keymap
from tui.glossary import METHOD_KINDS
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen
from tui.text import plain

KINDS = METHOD_KINDS


class PaymentMethodsScreen(ListScreen):
    NAME = "payment-methods"
    TITLE = N_("Payment methods")
    QUERY = "payment_methods"
    BINDINGS = keymap.bindings(keymap.METHODS)
    ACTIONS = {"add": "payment-method.add", "edit": "payment-method.update",
               "replace": "payment-method.replace",
               "change_one": "subscription.change-payment-method",
               "delete": "payment-method.delete", "check": "payment-method.check"}

    def columns(self) -> list[str]:
        return [_("Payment method"), _("Type"), _("Expires"), _("Added by"), _("Used by")]

    def row_cells(self, row) -> list:
        expiry = Text(row.expiry or "–", style="bold red" if row.expired else "")
        used = str(len(row.used_by)) if row.used_by else Text(_("nothing"), style="yellow")
        return [plain(render(row.label)), _(KINDS.get(row.kind, "")), expiry,
                plain(row.added_by_name), used]

    def action_context(self) -> dict[str, str]:
        row = self.current
        return {"payment_method": row.id} if row else {}

    def context_names(self, row) -> dict[str, str]:
        return {"payment_method": render(row.label)} if row else {}

    def detail(self, row):
        lines = [plain(render(row.label), "bold"), Text("")]

        def pair(label: str, value: str, style: str = "") -> Text:
            text = Text(f"{label}: ", style="dim")
            text.append_text(plain(value or "–", style))
            return text

        lines.append(pair(_("Type"), _(KINDS.get(row.kind, ""))))
        if row.expiry:
            lines.append(pair(_("Expires"), row.expiry + (f"  ({_('expired')})"
                                                          if row.expired else ""),
                              "bold red" if row.expired else ""))
        if row.personal:
            lines.append(pair(_("Name on card or account"), row.holder_name))
            lines.append(pair(_("Billing address"), row.address))
            lines.append(pair(_("Phone number"), row.phone))
        lines.append(pair(_("Issued in"), row.country))
        lines.append(pair(_("Added by"), row.added_by_name))
        if not row.personal:
            lines.append(Text(""))
            lines.append(Text(_("The name, billing address and phone number show only to "
                                "Global and Billing admins and to the admin who added it."),
                              style="dim italic"))
        lines.append(Text(""))
        lines.append(Text(_("Used by"), style="bold underline"))
        if not row.used_by:
            lines.append(Text(_("Nothing uses this payment method. Adding one links no "
                                "subscription."), style="yellow"))
        for use in row.used_by:
            kind = _("subscription") if use.kind == "subscription" else _("billing profile")
            lines.append(plain(f"  • {use.name}  ({kind})"))
        lines.append(Text(""))
        lines.append(Text(_("a: add · e: edit · r: replace for all · c: change for one "
                            "subscription · d: delete"), style="italic dim"))
        return Group(*lines)

    def _run(self, action_id: str, with_method: bool = True) -> None:
        row = self.current
        if with_method and row is None:
            return
        self.start(action_id, {"payment_method": row.id} if with_method else {})

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
