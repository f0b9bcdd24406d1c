"""Run an action: the parameters from the context, a form for the missing ones (checked
as you type), the preview of what would change, a confirmation when it changes anything,
the run in a worker, and the outcome with the articles it cites."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, LoadingIndicator, Static

from tui import keymap, messages
from tui.backend import PERMISSION_REFUSALS
from tui.i18n import N_, _, get_locale, render
from tui.widgets.form_field import FormField

OPERATIONS = {"create": N_("new"), "update": N_("changed"), "delete": N_("deleted")}
ENTITIES = {
    "charge_attempt": N_("charge attempt"), "notice": N_("notice"), "invoice": N_("invoice"),
    "subscription": N_("subscription"), "payment_method": N_("payment method"),
    "billing_profile": N_("billing profile"), "audit_event": N_("audit event"),
    "issuer_record": N_("bank record"), "clock": N_("clock"),
}

# Actions whose form shows every parameter, not only the missing required ones.
FULL_FORMS = {"payment-method.add", "payment-method.update"}
ENTITY_QUERIES = {"payment_method": "payment_methods", "replacement": "payment_methods",
                  "subscription": "subscriptions", "billing_profile": "billing_profiles"}


class ActionScreen(ModalScreen):
    BINDINGS = keymap.bindings(keymap.MODAL)

    def __init__(self, action_id: str, params: dict[str, str]) -> None:
        super().__init__()
        from engine.actions.registry import REGISTRY

        self.spec = REGISTRY.get(action_id)
        self.spec_id = action_id
        self.params = {k: v for k, v in params.items()
                       if self.spec and self.spec.param(k) is not None}
        self.state = "start"
        self.choices: dict[str, list] = {}
        self.result = None
        self.shown = None

    # Layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        from engine.i18n import Message

        title = render(Message(self.spec.title)) if self.spec else self.spec_id
        summary = render(Message(self.spec.summary)) if self.spec else ""
        with Vertical(id="dialog"):
            yield Static(title, classes="title")
            yield Static(summary, classes="hint")
            with VerticalScroll(id="action-body"):
                yield Vertical(id="form")
                yield Static(id="outcome")
            yield LoadingIndicator(id="busy")
            with Horizontal(id="buttons"):
                yield Button(_("Continue"), id="continue", variant="primary")
                yield Button(_("Confirm"), id="confirm", variant="warning")
                yield Button(_("Close"), id="close")

    def on_mount(self) -> None:
        if self.spec is None:
            self._show_text(Text(_("There is no action '{action}'.", action=self.spec_id),
                                 style="red"))
            self._buttons("close")
            return
        self._buttons()
        needed = self.fields()
        entity_params = [p for p in needed if p.is_entity]
        if entity_params:
            self._busy(True)
            for query in {ENTITY_QUERIES.get(p.name, ENTITY_QUERIES.get(p.type, ""))
                          for p in entity_params} - {""}:
                self.app.load(self, query, query)
        elif needed:
            self.show_form()
        else:
            self.preview()

    def fields(self) -> list:
        action = self.spec
        if action.id in FULL_FORMS:
            return [p for p in action.params if p.name not in self.params]
        return [p for p in action.params if p.required and p.name not in self.params]

    def _buttons(self, *shown: str) -> None:
        for button in self.query(Button):
            button.display = button.id in shown
        for name in shown:
            if name != "close":
                self.query_one(f"#{name}", Button).focus()
                return
        if "close" in shown:
            self.query_one("#close", Button).focus()

    def _busy(self, busy: bool) -> None:
        self.query_one("#busy").display = busy

    def _show_text(self, renderable) -> None:
        self.shown = renderable
        self._busy(False)
        self.query_one("#outcome", Static).update(renderable)

    # The form ------------------------------------------------------------------------------

    @on(messages.Loaded)
    def loaded(self, message: messages.Loaded) -> None:
        self.choices[message.key] = message.data
        wanted = {ENTITY_QUERIES.get(p.name, ENTITY_QUERIES.get(p.type, ""))
                  for p in self.fields() if p.is_entity} - {""}
        if wanted <= set(self.choices):
            self.show_form()

    def _options(self, param) -> list[tuple[str, str]] | None:
        if param.type == "choice":
            from tui.screens.payment_methods import KINDS

            return [(_(KINDS[choice]) if choice in KINDS else choice, choice)
                    for choice in param.choices]
        if not param.is_entity:
            return None
        rows = self.choices.get(ENTITY_QUERIES.get(param.name, ENTITY_QUERIES.get(param.type)),
                                [])
        chosen = self.params.get("payment_method")
        options = []
        for row in rows:
            if param.type == "payment_method":
                if param.name == "replacement" and row.id == chosen:
                    continue
                options.append((f"{render(row.label)} · {row.holder_name}", row.id))
            elif param.type == "subscription":
                options.append((f"{row.product} · {row.id}", row.id))
            else:
                options.append((row.name, row.id))
        return options

    def show_form(self) -> None:
        self._busy(False)
        self.state = "form"
        form = self.query_one("#form", Vertical)
        for param in self.fields():
            form.mount(FormField(param, value=self._prefill(param), options=self._options(param)))
        self._buttons("continue", "close")
        self.call_after_refresh(self._focus_first)

    def _focus_first(self) -> None:
        fields = list(self.query(FormField))
        if fields:
            fields[0].children[1].focus()

    def _prefill(self, param) -> str:
        if self.spec_id == "payment-method.add":
            return {"kind": "credit-card"}.get(param.name, "")
        return ""

    def submit_form(self) -> None:
        values: dict[str, str] = {}
        problems = 0
        for field in self.query(FormField):
            if field.validate():
                problems += 1
            elif field.value.strip():
                values[field.param.name] = field.value.strip()
        if problems:
            self.notify(_("Correct the fields marked in red."), severity="warning")
            return
        self.params.update(values)
        self.query_one("#form").display = False
        self.preview()

    # Preview, confirm, run -----------------------------------------------------------------

    def preview(self) -> None:
        self.state = "previewing"
        self._busy(True)
        self._buttons("close")
        self.app.perform(self, self.spec_id, dict(self.params), preview=True)

    def confirm(self) -> None:
        if self.state != "preview":
            return
        self.state = "running"
        self._busy(True)
        self._buttons("close")
        self.app.perform(self, self.spec_id, dict(self.params), preview=False)

    @on(messages.ActionDone)
    def done(self, message: messages.ActionDone) -> None:
        result = message.result
        self.result = result
        if message.preview:
            if result.code in PERMISSION_REFUSALS:
                self.state = "refused"
                self._show_text(Group(Text(_("Not available to you"), style="bold red"),
                                      Text(result.message), *self._citation(result)))
                self._buttons("close")
            elif self.spec.mutates and result.ok:
                self.state = "preview"
                self._show_text(self._describe(result, preview=True))
                self._buttons("confirm", "close")
            else:
                self.state = "done"
                self._show_text(self._describe(result, preview=False))
                self._buttons("close")
        else:
            self.state = "done"
            self._show_text(self._describe(result, preview=False))
            self._buttons("close")

    @on(messages.Failed)
    def failed(self, message: messages.Failed) -> None:
        self.state = "done"
        self._show_text(Text(message.error, style="red"))
        self._buttons("close")

    def _citation(self, result_or_finding: Any) -> list[Text]:
        rule = (result_or_finding.rule if hasattr(result_or_finding, "rule")
                else result_or_finding.get("rule"))
        if not rule:
            return []
        from tui import knowledge

        article = knowledge.find(get_locale(), assetid=rule["assetid"])
        title = article.title if article else rule["article"]
        heading = article.heading(rule["anchor"]) if article else None
        return [Text("  " + _("See: {article}, “{anchor}”", article=title,
                              anchor=heading or rule["anchor"]), style="italic cyan")]

    def _describe(self, result, *, preview: bool) -> Group:
        parts: list[Any] = []
        if preview:
            parts.append(Text(_("Preview: nothing has changed yet."), style="bold yellow"))
        mark, style = ("✓ ", "bold green") if result.ok else ("✗ ", "bold red")
        parts.append(Text(mark + result.message, style=style))
        parts.extend(Text("  " + detail) for detail in result.details)
        for finding in result.findings:
            parts.append(Text("• " + finding["message"]))
            parts.extend(self._citation(finding))
        if result.rule and not result.findings:
            parts.extend(self._citation(result))
        if result.changes:
            parts.append(Text(""))
            parts.append(Text(_("Would change:") if preview else _("Changed:"),
                              style="bold underline"))
            for change in result.changes:
                fields = ", ".join(f"{name}: {_plain(a)} → {_plain(b)}"
                                   for name, (a, b) in change["fields"].items())
                operation = _(OPERATIONS.get(change["op"], change["op"]))
                entity = _(ENTITIES.get(change["entity"], change["entity"]))
                line = f"  {operation}: {entity} {change['id']}"
                if change["op"] != "create" and fields:
                    line += f"  {fields}"
                parts.append(Text(line))
        elif preview:
            parts.append(Text(_("Nothing would change.")))
        if preview:
            parts.append(Text(""))
            parts.append(Text(_("Enter confirms, Esc cancels."), style="dim"))
        return Group(*parts)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "continue":
            self.submit_form()
        elif event.button.id == "confirm":
            self.confirm()
        else:
            self.action_close()

    def action_confirm(self) -> None:
        if self.state == "form":
            self.submit_form()
        elif self.state == "preview":
            self.confirm()

    def action_close(self) -> None:
        self.dismiss(self.result)


def _plain(value: Any) -> str:
    return "-" if value is None else str(value)
