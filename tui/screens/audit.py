"""The audit log: every action an admin ran, with its outcome."""

from __future__ import annotations

from rich.text import Text

from tui import i18n
from tui.i18n import N_, _
from tui.screens.base import ListScreen


class AuditScreen(ListScreen):
    NAME = "audit"
    TITLE = N_("Audit log")
    QUERY = "audit_events"

    def columns(self) -> list[str]:
        return [_("When"), _("Who"), _("Action"), _("Outcome")]

    def row_cells(self, row) -> list:
        outcome = Text(row.outcome, style="green" if row.outcome == "ok" else "red")
        return [i18n.when(row.at), row.actor, row.action, outcome]

    def detail(self, row):
        text = Text()
        text.append(f"{row.action}\n\n", style="bold")
        text.append(_("When: {when}", when=i18n.when(row.at)) + "\n")
        text.append(_("Who: {who}", who=row.actor) + "\n")
        text.append(_("Outcome: {outcome}", outcome=row.outcome) + "\n\n")
        text.append(_("Parameters") + "\n", style="bold underline")
        text.append(row.params)
        return text
