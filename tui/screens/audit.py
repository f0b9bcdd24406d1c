"""The audit log: every action an admin ran, refusals included, each with its outcome in
words: done, declined by the bank (recorded), or refused by a rule (nothing changed)."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text

from tui import i18n
from tui.glossary import METHOD_KINDS, OTHER_ACTIONS, OUTCOMES, SIGN_IN_OUTCOMES
from tui.i18n import N_, _, render
from tui.screens.base import ListScreen
from tui.text import plain

STYLES = {"done": "green", "declined": "red", "refused": "yellow"}


def title(row) -> str:
    if row.title is not None:
        return render(row.title)
    return _(OTHER_ACTIONS[row.action]) if row.action in OTHER_ACTIONS else _("Another action")


def outcome(row) -> Text:
    text = Text(_(OUTCOMES[row.outcome]), style=STYLES[row.outcome])
    if row.outcome == "refused" and row.code in SIGN_IN_OUTCOMES:
        text.append(f": {_(SIGN_IN_OUTCOMES[row.code])}")
    return text


def value(param) -> Text:
    if param.value is None:
        return Text(_("not shown"), style="dim italic")
    if param.name == "kind" and param.value in METHOD_KINDS:
        return Text(_(METHOD_KINDS[param.value]))
    shown = render(param.value)
    return plain(shown) if shown else Text("–", style="dim")


class AuditScreen(ListScreen):
    NAME = "audit"
    TITLE = N_("Audit log")
    QUERY = "audit_events"

    def columns(self) -> list[str]:
        return [_("When"), _("Action"), _("Outcome"), _("Who")]

    def row_cells(self, row) -> list:
        return [i18n.moment(row.at), plain(title(row)), outcome(row), plain(row.actor or "–")]

    def detail(self, row):
        lines = [plain(title(row), "bold"), Text("")]
        lines.append(Text(_("When: {when}", when=i18n.when(row.at))))
        lines.append(plain(_("Who: {who}", who=row.actor or "–")))
        line = Text(_("Outcome:") + " ")
        line.append_text(outcome(row))
        lines.append(line)
        if row.reason is not None:
            lines.append(plain(_("Reason: {reason}", reason=render(row.reason))))
        if row.rule is not None:
            lines.append(Text(""))
            lines.append(Text(_("The rule"), style="bold underline"))
            lines.append(plain(render(row.rule)))
        shown = [p for p in row.params if p.label is not None]
        if shown:
            lines.append(Text(""))
            lines.append(Text(_("What was given"), style="bold underline"))
            for param in shown:
                line = Text(f"{render(param.label)}: ", style="dim")
                line.append_text(value(param))
                lines.append(line)
        return Group(*lines)
