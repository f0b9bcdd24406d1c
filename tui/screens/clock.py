"""The clock: move simulated time on and watch retries and notices happen. The billing
cycle runs in a worker with a progress bar; afterwards every screen reloads. The report
counts what happened in the signed-in admin's tenant, as its lists show."""

from __future__ import annotations

from rich.console import Group
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, ProgressBar, Static

from tui import i18n, keymap, messages
from tui.glossary import NOTICE_SUBJECTS
from tui.i18n import N_, _, ngettext, render
from tui.screens.base import BaseScreen
from tui.text import plain, visible
from tui.widgets.text_field import TextField
from tui.widgets.words import Words


class ClockScreen(BaseScreen):
    NAME = "clock"
    TITLE = N_("Clock")
    BINDINGS = keymap.bindings(keymap.CLOCK)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="clock"):
            yield Static(id="now", classes="title")
            yield Words(N_("d: +1 day · w: +7 days · c: another duration (7d, 2w, 36h)"),
                        classes="hint")
            yield ProgressBar(total=3, show_eta=False, id="progress")
            yield Static(id="report")

    def mounted(self) -> None:
        super().mounted()
        self.query_one("#progress").display = False
        self.populate()

    def show_header(self) -> None:
        super().show_header()
        now = self.app.now
        for shown in self.query("#now").results(Static):
            shown.update(_("Simulated time: {now}", now=i18n.when(now)) if now else "")

    def action_advance(self, duration: str) -> None:
        if self.data.get("running"):
            return  # one move at a time
        self.data["running"] = True
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
        field = TextField(placeholder=_("Duration, e.g. 3d"), id="duration", max_length=20)
        self.query_one("#clock").mount(field, after=1)
        field.focus()

    @on(Input.Submitted, "#duration")
    def custom_done(self, event: Input.Submitted) -> None:
        from engine.clock import parse_duration
        from engine.errors import InputError

        event.stop()
        try:
            parse_duration(event.value)
        except InputError as error:
            self.notify(visible(error.render(i18n.get_locale())), severity="error",
                        markup=False)
            return
        event.input.remove()
        self.action_advance(event.value)

    @on(messages.Progress)
    def progress(self, message: messages.Progress) -> None:
        message.stop()
        self.query_one("#progress", ProgressBar).update(total=message.total,
                                                        progress=message.done)

    @on(messages.ClockAdvanced)
    def advanced(self, message: messages.ClockAdvanced) -> None:
        message.stop()
        self.data["running"] = False
        self.app.now = message.report.after
        self.data["report"] = message.report
        self.query_one("#progress").display = False
        self.show_header()
        self.populate()

    @on(messages.Failed)
    def failed(self, message: messages.Failed) -> None:
        self.data["running"] = False
        self.query_one("#progress").display = False
        super().failed(message)

    def populate(self) -> None:
        report = self.data.get("report")
        if report is None:
            return
        lines = [Text(_("From {before} to {now}", before=i18n.when(report.before),
                        now=i18n.when(report.after)), style="bold"),
                 Text(", ".join([
                     ngettext("{count} invoice issued", "{count} invoices issued",
                              report.invoices_issued),
                     ngettext("{count} charge", "{count} charges", len(report.attempts))
                     + " (" + _("{paid} paid, {declined} declined", paid=report.paid,
                                declined=report.declined) + ")",
                     ngettext("{count} notice sent", "{count} notices sent",
                              len(report.notices)),
                     ngettext("{count} subscription became past due",
                              "{count} subscriptions became past due",
                              report.became_past_due)]) + "."),
                 Text("")]
        if report.attempts:
            lines.append(Text(_("Charge attempts"), style="bold underline"))
        for a in report.attempts:
            mark = Text("✓ ", style="green") if a.succeeded else Text("✗ ", style="red")
            mark.append_text(plain(f"{i18n.day(a.at)}  {a.product}  {i18n.money(a.amount)}"))
            if a.reason:
                mark.append_text(plain(f"  {render(a.reason)}", "dim"))
            lines.append(mark)
        if report.notices:
            lines.append(Text(""))
            lines.append(Text(_("Notices"), style="bold underline"))
        for n in report.notices:
            lines.append(plain(f"✉ {i18n.day(n.sent_at)}  {_(NOTICE_SUBJECTS.get(n.kind, ''))}"
                               f"  {n.product or ''}"))
        if not report.attempts and not report.notices:
            lines.append(Text(_("Nothing fell due."), style="dim"))
        self.report_shown = Group(*lines)
        self.query_one("#report", Static).update(self.report_shown)
