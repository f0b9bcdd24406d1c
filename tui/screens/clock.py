"""The clock: move simulated time on and watch retries and notices happen. The billing
cycle runs in a worker with a progress bar; afterwards every screen reloads."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, ProgressBar, Static

from tui import i18n, keymap, messages
from tui.i18n import N_, _, render
from tui.screens.base import BaseScreen
from tui.screens.notices import KINDS as NOTICE_KINDS


class ClockScreen(BaseScreen):
    NAME = "clock"
    TITLE = N_("Clock")
    BINDINGS = keymap.bindings(keymap.CLOCK)

    def compose_body(self) -> ComposeResult:
        with Vertical(id="clock"):
            yield Static(id="now", classes="title")
            yield Static(_("d: +1 day · w: +7 days · c: another duration (7d, 2w, 36h)"),
                         classes="hint")
            yield ProgressBar(total=3, show_eta=False, id="progress")
            yield Static(id="report")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#progress").display = False
        self.show_now()
        self.populate()

    def show_now(self) -> None:
        now = self.app.now
        self.query_one("#now", Static).update(
            _("Simulated time: {now}", now=i18n.when(now)) if now else "")

    def action_advance(self, duration: str) -> None:
        progress = self.query_one("#progress", ProgressBar)
        progress.display = True
        progress.update(progress=0)
        self.query_one("#report", Static).update(_("Running the billing cycle…"))
        self.app.advance_clock(self, duration)

    def action_custom(self) -> None:
        found = self.query("#duration")
        if found:
            found.first().focus()
            return
        field = Input(placeholder=_("Duration, e.g. 3d"), id="duration")
        self.query_one("#clock").mount(field, after=1)
        field.focus()

    @on(Input.Submitted, "#duration")
    def custom_done(self, event: Input.Submitted) -> None:
        from engine.clock import parse_duration
        from engine.errors import InputError

        try:
            parse_duration(event.value)
        except InputError as error:
            self.notify(error.render(i18n.get_locale()), severity="error")
            return
        event.input.remove()
        self.action_advance(event.value)
        event.input.value = ""

    @on(messages.Progress)
    def progress(self, message: messages.Progress) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total,
                                                        progress=message.done)

    @on(messages.ClockAdvanced)
    def advanced(self, message: messages.ClockAdvanced) -> None:
        self.app.now = message.now
        self.data["report"] = message
        self.query_one("#progress").display = False
        self.show_header()
        self.show_now()
        self.populate()

    def populate(self) -> None:
        message = self.data.get("report")
        if message is None:
            return
        report = message.report
        lines = [Text(_("From {before} to {now}", before=i18n.when(message.before),
                        now=i18n.when(message.now)), style="bold"),
                 Text(_("{invoices} invoices issued, {charges} charges ({paid} paid, "
                        "{declined} declined), {notices} notices sent, {past_due} "
                        "subscriptions became past due.", invoices=report.invoices_issued,
                        charges=report.charges, paid=report.paid, declined=report.declined,
                        notices=report.notices, past_due=report.became_past_due)),
                 Text("")]
        if message.attempts:
            lines.append(Text(_("Charge attempts"), style="bold underline"))
        for a in reversed(message.attempts):
            mark = Text("✓ ", style="green") if a.succeeded else Text("✗ ", style="red")
            mark.append(f"{i18n.day(a.at)}  {a.product}  {i18n.money(a.amount)}")
            if a.reason:
                mark.append(f"  {render(a.reason)}", style="dim")
            lines.append(mark)
        if message.notices:
            lines.append(Text(""))
            lines.append(Text(_("Notices"), style="bold underline"))
        for n in reversed(message.notices):
            lines.append(Text(f"✉ {i18n.day(n.sent_at)}  {_(NOTICE_KINDS.get(n.kind, n.kind))}"
                              f"  {n.product or ''}"))
        if not message.attempts and not message.notices:
            lines.append(Text(_("Nothing fell due."), style="dim"))
        self.report_shown = Group(*lines)
        self.query_one("#report", Static).update(self.report_shown)
