"""Run an action: what it acts on, a form generated from its declaration, the preview of
what it would change, a confirmation, and the outcome as the engine recorded it.

The form shows the parameters the context did not give (every one for an action that
changes something; the required ones for a diagnosis), prefilled with what is on file, and
checks each as you type with the engine's own rules. Pickers offer only what the engine
would accept here (the read model says why the rest is left out). A subscription under a
billing profile is paid the way the profile pays: no other payment method is offered for
it. A payment method's details (expiry, name, address, phone) are asked only where the
admin may correct them. A refusal keeps the form: the error goes beside the field it
concerns, or above the buttons with the rule's reason. Deleting a payment method that
something uses goes the seed's way: pick (or add) the one that takes over, Next, Delete.
"""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Button, LoadingIndicator, Static

from tui import i18n, keymap, labels, messages, results
from tui.glossary import METHOD_KINDS
from tui.i18n import N_, _, render
from tui.screens.base import closed
from tui.text import plain
from tui.widgets.form_field import FormField
from tui.widgets.too_small import TooSmall

NEW_METHOD = "+new"  # the picker's "Add a new card or account…"
NO_PROFILE = "-"  # the billing-profile picker's "none: pay with a payment method"
DETAILS = ("expiry", "holder_name", "address_line", "city", "region", "postal_code", "phone")
CARD_ONLY_TYPES = {"expiry", "security-code"}
# The parameter types a rule's refusal is about, to show it beside that field.
RULE_FIELDS = {
    "same-country": ("account-number", "card-number", "country"),
    "bank-availability": ("choice", "payment_method"),
    "card-ownership": ("payment_method",),
    "profile-cards-only": ("payment_method",),
    "details-must-match": ("expiry",),
}
BUTTONS = {"continue": N_("Continue"), "confirm": N_("Confirm"), "change": N_("Change"),
           "next-step": N_("Next step"), "close": N_("Close")}


class ActionScreen(ModalScreen):
    BINDINGS = keymap.bindings(keymap.MODAL)

    def __init__(self, action_id: str, params: dict[str, str] | None = None) -> None:
        super().__init__()
        from engine.actions.registry import REGISTRY

        self.spec = REGISTRY.get(action_id)
        self.spec_id = action_id
        self.given = {k: v for k, v in (params or {}).items()
                      if self.spec and self.spec.param(k) is not None and v}
        self.state = "loading"
        self.form = None  # engine.queries.ActionForm
        self.replacing = False  # deleting a method in use: replace it first
        self.result = None  # the last ActionResult (preview or run)
        self.results: list = []  # what the last confirmed run did
        self.cites: dict = {}
        self.pending: tuple[str, str] | None = None  # (field, id) to pick once reloaded
        self.steps: list[tuple[str, dict[str, str]]] = []

    # Layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(id="dialog-title", classes="title")
            yield Static(id="dialog-about", classes="hint")
            with VerticalScroll(id="action-body"):
                yield Static(id="target")
                yield Static(id="form-note")
                # the fields go here, straight in the body (see FormField)
                yield Static(id="form-error")
                yield Static(id="outcome")
            yield LoadingIndicator(id="busy")
            with Horizontal(id="buttons"):
                for name in BUTTONS:
                    yield Button("", id=name, compact=True,
                                 variant={"continue": "primary",
                                          "confirm": "warning"}.get(name, "default"))
        yield TooSmall()

    def on_mount(self) -> None:
        if closed(self):
            return
        self.relocalize()
        self.on_resize()
        if self.spec is None:
            self._show(Text(_("There is no action “{action}”.", action=self.spec_id),
                            style="red"))
            self._buttons("close")
            self.state = "done"
            return
        self._busy(True)
        self._buttons("close")
        self.app.load(self, "form", "action_form", action_id=self.spec_id,
                      context=dict(self.given))

    def relocalize(self) -> None:
        from engine.i18n import Message

        title = render(Message(self.spec.title)) if self.spec else ""
        about = render(Message(self.spec.summary)) if self.spec else ""
        self.query_one("#dialog-title", Static).update(plain(title))
        self.query_one("#dialog-about", Static).update(plain(about))
        self._label_buttons()
        for field in self.query(FormField):
            field.relocalize()
        if self.form is not None:
            self._show_target()
            self._show_note()
        if self.state == "preview":
            self.preview()
        elif self.state == "done" and self.results:
            self._show_outcome()

    def on_resize(self, _event=None) -> None:
        """The buttons stay on screen: the body scrolls within what is left of it."""
        around = 8 if self.app.has_class("-narrow") else 12
        for body in self.query("#action-body"):  # none in a dialog closed before composed
            body.styles.max_height = max(3, self.app.size.height - around)

    def _label_buttons(self) -> None:
        for name, words in BUTTONS.items():
            self.query_one(f"#{name}", Button).label = _(words)
        if self.replacing:
            self.query_one("#continue", Button).label = _("Next")
            self.query_one("#confirm", Button).label = _("Delete")

    def _buttons(self, *shown: str, focus: bool = True) -> None:
        for button in self.query(Button):
            button.display = button.id in shown
        if not focus:
            return
        for name in shown:
            if name not in ("close", "change"):
                self.query_one(f"#{name}", Button).focus()
                return
        if "close" in shown:
            self.query_one("#close", Button).focus()

    def _busy(self, busy: bool) -> None:
        self.query_one("#busy").display = busy

    def _set(self, selector: str, renderable) -> None:
        """Show ``renderable`` in a part of the dialog; an empty part takes no room."""
        shown = self.query_one(selector, Static)
        shown.update(renderable)
        shown.display = bool(renderable)

    def _show(self, renderable) -> None:
        self._busy(False)
        self._set("#outcome", renderable)

    def _form_visible(self, visible: bool) -> None:
        self.set_class(not visible, "-form-hidden")
        if not visible:
            self.query_one("#form-note").display = self.query_one("#form-error").display = False

    # What it acts on ----------------------------------------------------------------------

    def _row(self, kind: str, key: str | None):
        rows = {"subscription": self.form.subscriptions, "payment_method": self.form.methods,
                "billing_profile": self.form.profiles, "invoice": self.form.invoices}
        return next((row for row in rows.get(kind, ()) if row.id == key), None)

    def _describe(self, param, value: str) -> Text:
        row = self._row(param.type, value)
        if row is None:
            return plain(value if not param.is_entity else "–")
        return {"subscription": labels.subscription, "payment_method": labels.method,
                "billing_profile": labels.profile, "invoice": labels.invoice}[param.type](row)

    def _show_target(self) -> None:
        from engine.i18n import Message

        lines = []
        for param in self.spec.params:
            if param.name in self.given:
                line = Text(render(Message(param.label)) + ": ", style="bold")
                line.append_text(self._describe(param, self.given[param.name]))
                lines.append(line)
        profile = self._paying_profile()
        if profile is not None and self.spec.param("payment_method") is not None:
            line = Text(render(Message(self.spec.param("payment_method").label)) + ": ",
                        style="bold")
            line.append_text(labels.paid_through(profile.name, profile.pays_by, profile.method))
            lines.append(line)
        shown = self.query_one("#target", Static)
        shown.update(Group(*lines) if lines else "")
        shown.display = bool(lines)

    def _show_note(self) -> None:
        note: list[Text] = []
        target = self._target_method()
        if self.replacing and target is not None:
            uses = ", ".join(use.name for use in target.used_by)
            note.append(plain(_("{method} pays for: {uses}. Pick the payment method that takes "
                                "over (or add a new one), then Next: it replaces {method} "
                                "everywhere, then {method} is deleted.",
                                method=render(target.label), uses=uses)))
        kind = self._field("kind")
        facts = self.form.facts
        if kind is not None and facts.new_bank_account is not None and self.spec.mutates:
            note.append(plain(render(facts.new_bank_account), "dim"))
        for name, reasons in (self.form.withheld or {}).items():
            field = self._field(name)
            if reasons and field is not None and field.applies:
                note.append(plain(_("Not listed: {count} that you may not use here. {reason}",
                                    count=len(reasons), reason=render(reasons[0])),
                                  "dim"))
        shown = self.query_one("#form-note", Static)
        shown.update(Group(*note) if note else "")
        shown.display = bool(note) and self.state in ("form", "loading")

    # The form ------------------------------------------------------------------------------

    @on(messages.Loaded)
    async def loaded(self, message: messages.Loaded) -> None:
        message.stop()
        if message.key != "form":
            return
        reloaded = self.form is not None
        self.form = message.data
        if reloaded:
            self._refresh_choices()
            return
        if self.form.refusal is not None:
            self.state = "refused"
            self._show_target()
            self._show(Group(Text(_("Not available to you"), style="bold red"),
                             plain(render(self.form.refusal), lines=True)))
            self._buttons("close")
            return
        target = self._target_method()
        self.replacing = (self.spec_id == "payment-method.delete" and target is not None
                          and bool(target.used_by))
        self._show_target()
        params = self._form_params()
        if not params:
            self._busy(False)
            self.preview()
            return
        await self.show_form(params)

    def _target_method(self):
        if self.form is None or "payment_method" not in self.given:
            return None
        return self._row("payment_method", self.given["payment_method"])

    def _paying_profile(self):
        """The billing profile that pays for the subscription acted on, if it has one."""
        if self.form is None:
            return None
        sub = self._row("subscription", self.given.get("subscription"))
        if sub is None or not sub.billing_profile_id:
            return None
        return self._row("billing_profile", sub.billing_profile_id)

    def _form_params(self) -> list:
        from engine.actions.registry import REGISTRY

        if self.replacing:
            return [REGISTRY["payment-method.replace"].param("replacement")]
        missing = [p for p in self.spec.params if p.name not in self.given]
        sub = self._row("subscription", self.given.get("subscription"))
        if self.spec_id == "balance.settle" and sub is not None and not sub.outstanding.minor:
            return []  # nothing to settle: the engine says so and changes nothing
        if self.spec.mutates and self.spec.params:
            # A country other than the tenant's is always refused (same-country): the
            # engine takes the tenant's when none is given. Under a billing profile the
            # profile's card pays: no other is asked. An optional pick with nothing to
            # pick from is not asked either.
            under_profile = self._paying_profile() is not None
            missing = [p for p in missing if p.type != "country"
                       and not (under_profile and p.type == "payment_method")
                       and (p.required or not p.is_entity or self._choices(p))]
            if not any(p.type == "payment_method" for p in missing):  # the method is set
                method = self._details_method()
                if method is not None and method.id not in self.form.editable:
                    missing = [p for p in missing if p.name not in DETAILS]
            return missing
        required = [p for p in missing if p.required]
        if required or self.given:
            return required
        return missing  # a check of something new, started from nowhere: ask for it all

    async def show_form(self, params: list) -> None:
        """Mount the fields and focus the first in the same frame they appear in: a key
        typed as soon as the form shows goes into its first field."""
        self._busy(False)
        fields = [FormField(param, value=self._prefill(param), choices=self._choices(param),
                            country=self.form.facts.country,
                            bank_account=self._bank_account()) for param in params]
        self._label_buttons()
        self._buttons("continue", "close", focus=False)
        try:
            await self.query_one("#action-body").mount_all(fields, before="#form-error")
            # A form until its fields are there: a Ctrl+S of the same burst must not
            # check fields that are still being built.
            self.state = "form"
            self._apply_fields()
            self._show_note()
        except NoMatches:
            return  # the dialog was closed meanwhile, by a key of the same burst
        shown = self._fields()
        if shown:
            # The dialog opens at its top (what it acts on, and why); the first field,
            # right below, has the keys.
            shown[0].focus_control(scroll=False)

    def _fields(self) -> list[FormField]:
        """The fields the form asks (not those that do not apply)."""
        return [f for f in self.query(FormField) if f.applies]

    def _field(self, name: str) -> FormField | None:
        return next((f for f in self.query(FormField) if f.param.name == name), None)


    def _choices(self, param) -> list[tuple[Text, str]] | None:
        form = self.form
        if param.name == "product" and form.products:
            return [(plain(_("{product} · {price} per license per month", product=name,
                             price=i18n.money(price))), name)
                    for name, price in form.products]
        if param.type == "choice":
            values = list(param.choices)
            if (self.spec.mutates and form.facts.new_bank_account is not None
                    and "bank-account" in values):
                values.remove("bank-account")
            return [(Text(_(METHOD_KINDS[v])) if v in METHOD_KINDS else plain(v), v)
                    for v in values]
        if not param.is_entity:
            return None
        usable = form.usable.get(param.name)
        if param.type == "subscription":
            return [(labels.subscription(r), r.id) for r in form.subscriptions
                    if usable is None or r.id in usable]
        if param.type == "payment_method":
            choices = [(labels.method(r), r.id) for r in form.methods
                       if usable is None or r.id in usable]
            if self._may_add(param):
                choices.append((Text(_("Add a new card or bank account…"), style="italic"),
                                NEW_METHOD))
            return choices
        if param.type == "billing_profile":
            profiles = [(labels.profile(r), r.id) for r in form.profiles
                        if usable is None or r.id in usable]
            if profiles and not param.required:
                profiles.insert(0, (Text(_("None: pay with a payment method"), style="italic"),
                                    NO_PROFILE))
            return profiles
        return [(labels.invoice(r), r.id) for r in form.invoices]

    def _may_add(self, param) -> bool:
        """A picker of the method to use (not the one acted on) offers to add a new one."""
        from engine.actions.registry import REGISTRY

        add = REGISTRY.get("payment-method.add")
        acts_on = (param.name == "payment_method" and param.required
                   and self.spec.permission.value == "manage-payment-methods")
        return add is not None and not acts_on and self.spec.mutates and (
            add.id not in getattr(self.app, "account_refused", {}))

    def _prefill(self, param) -> str:
        if param.type == "billing_profile" and not param.required:
            return NO_PROFILE
        if param.name == "kind" and param.choices:
            return "credit-card" if "credit-card" in param.choices else param.choices[0]
        if param.type == "payment_method" and not param.required:
            # The engine's own default: the subscription's payment method.
            sub = self._row("subscription", self.given.get("subscription"))
            usable = self.form.usable.get(param.name, ())
            if sub is not None and sub.payment_method_id in usable:
                return sub.payment_method_id
            return ""
        if param.name in DETAILS:
            method = self._details_method()
            if method is not None and (param.name == "expiry" or method.personal):
                return getattr(method, param.name, "") or ""
        return ""

    def _details_method(self):
        """The payment method whose details an edit form shows: the one acted on, else the
        one chosen in the form."""
        target = self._target_method()
        if target is not None or self.form is None:
            return target
        profile = self._paying_profile()
        if profile is not None:
            return self._row("payment_method", profile.payment_method_id)
        field = self._field("payment_method") if self.is_mounted else None
        key = field.value if field is not None else self._prefill(
            self.spec.param("payment_method")) if self.spec.param("payment_method") else ""
        return self._row("payment_method", key)

    def _bank_account(self) -> bool:
        field = self._field("kind") if self.is_mounted else None
        if field is not None:
            return field.value == "bank-account"
        method = self._details_method()
        return method is not None and not method.is_card

    def _apply_fields(self) -> None:
        """Ask only what applies now: nothing a bank account has no use for (expiry,
        security code); the details of a payment method only where the admin may correct
        them; a payment method only when no billing profile pays."""
        bank = self._bank_account()
        method = self._details_method()
        details = self.spec.param("payment_method") is None or (
            method is not None and method.id in self.form.editable)
        profile = self._field("billing_profile")
        by_profile = profile is not None and profile.value not in ("", NO_PROFILE)
        for field in self.query(FormField):
            name = field.param.name
            field.set_applies(not (bank and field.param.type in CARD_ONLY_TYPES)
                              and (details or name not in DETAILS)
                              and not (by_profile and name == "payment_method"))
            field.set_bank_account(bank)

    def _refresh_choices(self) -> None:
        for field in self.query(FormField):
            choices = self._choices(field.param)
            if choices is None:
                continue
            value = field.value
            if self.pending and self.pending[0] == field.param.name:
                value = self.pending[1]
            field.set_choices(choices, value)
        self.pending = None
        self._show_note()

    @on(FormField.Edited)
    def edited(self, message: FormField.Edited) -> None:
        name = message.field.param.name
        if name in ("kind", "billing_profile"):
            self._apply_fields()
        elif name == "payment_method":
            self._refill_details()
        self._set("#form-error", "")

    def _refill_details(self) -> None:
        """Another method was chosen: its details replace the ones not edited yet."""
        for field in self.query(FormField):
            if field.param.name in DETAILS and not field.changed and field.choices is None:
                field.set_value(self._prefill(field.param))
        self._apply_fields()

    @on(FormField.Submit)
    def field_submitted(self, message: FormField.Submit) -> None:
        message.stop()
        self.submit_form()

    def submit_form(self) -> None:
        if self.state != "form":
            return
        fields = self._fields()
        if any(f.value == NEW_METHOD for f in fields):
            self._add_method(next(f for f in fields if f.value == NEW_METHOD))
            return
        problems = [f for f in fields if f.validate()]
        if problems:
            problems[0].focus_control()
            return
        values = {}
        for field in fields:
            value = field.value.strip()
            if not value or value == NO_PROFILE:
                continue
            if not field.param.required and field.initial and not field.changed:
                continue  # unchanged: what is on file, or the engine's own default
            values[field.param.name] = value
        params = {**self.given, **values}
        if self.replacing:
            target = self.given["payment_method"]
            self.steps = [("payment-method.replace",
                           {"payment_method": target, "replacement": values["replacement"]}),
                          ("payment-method.delete", {"payment_method": target})]
        else:
            self.steps = [(self.spec_id, params)]
        self.preview()

    def _add_method(self, field: FormField) -> None:
        def added(result) -> None:
            if result is not None and result.ok and result.data.get("payment_method"):
                self.pending = (field.param.name, result.data["payment_method"])
                self.app.load(self, "form", "action_form", action_id=self.spec_id,
                              context=dict(self.given))
            else:
                field.set_choices(field.choices, field.initial or None)
            field.focus_control()

        self.app.push_screen(ActionScreen("payment-method.add", {}), added)

    # Preview, confirm, run -----------------------------------------------------------------

    def preview(self) -> None:
        if not self.steps:
            self.steps = [(self.spec_id, dict(self.given))]
        self.state = "previewing"
        self._busy(True)
        self._buttons("close")
        self._set("#form-error", "")
        # An action that changes nothing just runs: there is nothing to confirm.
        self.app.perform(self, self.steps, preview=bool(self.spec.mutates))

    def confirm(self) -> None:
        if self.state != "preview" or not results.confirmable(self.result):
            return
        self.state = "running"
        self._busy(True)
        self._buttons("close")
        self.app.perform(self, self.steps, preview=False)

    @on(messages.ActionDone)
    def done(self, message: messages.ActionDone) -> None:
        message.stop()
        self.cites = message.citations
        result = message.result
        self.result = result
        if not message.preview:
            self.state = "done"
            self.results = message.results
            self._form_visible(False)
            self._show_outcome()
            self._buttons(*(["next-step"] if result.fixes else []), "close")
            return
        if not result.ok and not result.changes:
            self._refused(result)
            return
        self.state = "preview"
        self._form_visible(False)
        target = self._target_method()
        then = [results.action_title(action) + (f": {render(target.label)}" if target else "")
                for action, _params in self.steps[1:]]
        self._show(results.preview(result, self.cites, then))
        self._buttons(*(["confirm"] if results.confirmable(result) else []),
                      *(["change"] if self.query(FormField) else []), "close")

    def _show_outcome(self) -> None:
        parts = []
        for index, result in enumerate(self.results):
            if len(self.steps) > 1:
                parts.append(plain(results.action_title(self.steps[index][0]), "bold underline"))
            parts.append(results.outcome(result, self.cites))
        for action, _params in self.steps[len(self.results):]:
            parts.append(plain(_("Not done: {step}", step=results.action_title(action)),
                               "bold yellow"))
        self._show(Group(*parts))

    def _refused(self, result) -> None:
        """A refusal before anything changed: with a form, keep it and say where."""
        if not self.query(FormField):
            self.state = "done"
            self._show(Group(plain("✗ " + result.message, "bold red", lines=True),
                             *results.citation(result.rule, self.cites),
                             Text(""), Text(_("Nothing has changed."))))
            self._buttons("close")
            return
        self._back_to_form()
        field = self._field(result.param) if result.param else None
        if field is None or not field.applies:
            field = self._field_for(result.code)
        error = Group(plain(result.message, "red", lines=True),
                      *results.citation(result.rule, self.cites))
        if field is not None:
            field.set_error(result.message)
            field.focus_control()
            cited = results.citation(result.rule, self.cites)
            self._set("#form-error", Group(*cited) if cited else "")
        else:
            self._set("#form-error", error)

    def _field_for(self, code: str) -> FormField | None:
        types = RULE_FIELDS.get(code, ())
        return next((f for f in self._fields()
                     if (f.param.type in types
                                       or (f.param.type == "choice" and "choice" in types
                                           and f.param.name == "kind"))), None)

    def _back_to_form(self) -> None:
        self.state = "form"
        self._busy(False)
        self._set("#outcome", "")
        self._form_visible(True)
        self._show_note()
        self._buttons("continue", "close")

    @on(messages.ParamRefused)
    def param_refused(self, message: messages.ParamRefused) -> None:
        message.stop()
        field = self._field(message.name)
        if field is None and self.query(FormField):
            self._back_to_form()
            self._set("#form-error", plain(message.problem, "red"))
            return
        if field is None:
            self.state = "done"
            self._show(plain(message.problem, "red"))
            self._buttons("close")
            return
        self._back_to_form()
        field.set_error(message.problem)
        field.focus_control()

    @on(messages.Failed)
    def failed(self, message: messages.Failed) -> None:
        message.stop()
        if self.query(FormField) and self.state in ("previewing", "form"):
            self._back_to_form()
            self._set("#form-error", plain(message.error, "red"))
            return
        self.state = "done"
        self._show(plain(message.error, "red", lines=True))
        self._buttons("close")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        event.stop()
        button = event.button.id
        if button == "continue":
            self.submit_form()
        elif button == "confirm":
            self.confirm()
        elif button == "change":
            self._back_to_form()
            fields = self._fields()
            if fields:
                fields[0].focus_control()
        elif button == "next-step":
            self._next_step()
        else:
            self.action_close()

    def _next_step(self) -> None:
        if self.result is None or not self.result.fixes:
            return
        fix = self.result.fixes[0]
        self.app.run_action_screen(fix["action"], dict(fix["params"]))

    def action_confirm(self) -> None:
        if self.state == "form":
            self.submit_form()
        elif self.state == "preview":
            self.confirm()

    def action_close(self) -> None:
        if self.state == "running":
            return  # the engine is changing the account: its answer is on the way
        self.dismiss(self.results[-1] if self.results else None)
