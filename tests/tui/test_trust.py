"""What the screens say: stored text as typed, each role's view of a card, what an action
would do and did (as the engine recorded it), refusals before a form opens, the audit
log's refusals, the tenant's time zone and the clock's totals."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine.actions import runner
from engine.store.database import open_database
from tests.tui.conftest import drive, plain, press, settle, sign_in
from tui import i18n
from tui.i18n import set_locale, set_zone
from tui.text import plain as shown_plain
from tui.text import visible


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_locale("en")
    set_zone(None)


def _admin(summary, role: str, tenant: int = 0) -> str:
    return next(a["id"] for a in summary["tenants"][tenant]["admins"] if a["role"] == role)


def _index(app, admin_id: str) -> int:
    return next(i for i, a in enumerate(app.screen.admins) if a.id == admin_id)


def test_stored_markup_and_control_characters_show_as_typed(account):
    url, summary = account
    hostile = "[bold red]Kari[/] \x1b[2J\x1b]0;pwned\x07 \u202eevil"
    method = summary["scenarios"]["past-due"]["payment_method"]
    # The engine refuses control characters in what it is given, but a database shared
    # with other tools (or older versions) may hold anything: stored here directly.
    database = open_database(url)
    with database.unit_of_work() as uow:
        stored = uow.payment_methods.get(method)
        stored.holder_name = hostile
        uow.payment_methods.save(stored)
        uow.commit()
    database.dispose()

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3")
        app.screen.update_context(select=method)
        await settle(pilot)
        detail = app.screen.query_one("#detail").content
        text = plain(detail)
        assert "[bold red]Kari[/]" in text  # not interpreted as markup
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
        assert "␛[2J" in text
        await press(pilot, "e")  # the edit form, prefilled with the same name
        field = next(f for f in app.screen.query("FormField")
                     if f.param.name == "holder_name")
        assert "\x1b" not in field.control.value and "[bold red]" in field.control.value

    drive(url, steps, locale="en")


def test_visible_shows_every_control_character():
    assert visible("a\x1b[31mb\rc\x00\u202e") == "a␛[31mb␍c␀<U+202E>"
    assert shown_plain("[b]x[/b]").plain == "[b]x[/b]"
    assert visible("line\nnext", lines=True) == "line\nnext"


@pytest.mark.rule("admin-roles")
@pytest.mark.parametrize(("role", "sees"), [("global-admin", True), ("billing-admin", True),
                                            ("helpdesk-admin", False), ("user", False)])
def test_each_role_sees_on_the_payment_methods_screen_what_it_may(account, role, sees):
    url, summary = account
    viewer = _admin(summary, role)
    other_card = summary["scenarios"]["expired-card"]["payment_method"]  # Lars's

    async def steps(app, pilot):
        await settle(pilot)
        await press(pilot, *(["down"] * _index(app, viewer)), "enter")
        await press(pilot, "3")
        app.screen.update_context(select=other_card)
        await settle(pilot)
        text = plain(app.screen.query_one("#detail").content)
        assert ("Lars Haugen" in text.split("Added by")[0]) is sees  # the holder's name
        assert ("Storgata 1" in text) is sees and ("+47" in text) is sees
        assert "Mastercard" in text and "4444" in text  # what every role needs
        if not sees:
            assert "show only to Global and Billing admins" in text

    drive(url, steps, locale="en")


def test_an_action_the_admin_may_not_run_is_refused_before_its_form(account, notifications):
    url, summary = account
    helpdesk = _admin(summary, "helpdesk-admin")

    async def steps(app, pilot):
        await settle(pilot)
        await press(pilot, *(["down"] * _index(app, helpdesk)), "enter")
        await press(pilot, "3")
        footer = {key.description: key for key in app.screen.query("FooterKey")}
        assert footer["Add"].has_class("-refused")  # struck through
        await press(pilot, "a")
        assert type(app.screen).__name__ == "PaymentMethodsScreen"  # no form opened
        [note] = [n for n in notifications if "Helpdesk admin" in n]
        assert "Only Global admins and Billing admins" in note
        await press(pilot, "ctrl+p", *"Run: Add a payment")
        options = app.screen.query_one("CommandList")
        prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
        assert any("strike" in repr(p) for p in prompts if "Add a payment" in str(p)), prompts

    drive(url, steps, locale="en")


def test_settle_with_a_card_someone_else_added_offers_another_or_a_new_one(account):
    url, summary = account
    scenario = summary["scenarios"]["expired-card"]  # Business Basic, on Lars's card
    ingrid = summary["tenants"][0]["admins"][0]["id"]

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        await press(pilot, "s")
        dialog = app.screen
        field = dialog.query_one("FormField")
        values = [key for _label, key in field.choices]
        assert scenario["payment_method"] not in values and "+new" in values
        assert "added by another admin" in plain(dialog.query_one("#form-note").content)
        # Add a new card on the way; it is then the one chosen.
        field.set_choices(field.choices, "+new")
        await press(pilot, "ctrl+s")
        add = app.screen
        assert add.spec_id == "payment-method.add" and add.state == "form"
        fields = {f.param.name: f for f in add.query("FormField")}
        fields["number"].focus_control()
        await settle(pilot)
        await press(pilot, *"4000056655665556", "tab", *"12/30", "tab", *"123", "tab",
                    *"Ingrid Berg")
        await press(pilot, "ctrl+s")
        assert add.state == "preview", add.result
        await press(pilot, "enter")
        assert add.result.ok
        await press(pilot, "escape")
        assert app.screen is dialog
        new = add.result.data["payment_method"]
        assert field.value == new
        await press(pilot, "ctrl+s")
        assert dialog.state == "preview"
        await press(pilot, "enter")
        assert dialog.state == "done" and dialog.result.ok, dialog.result

    drive(url, steps, locale="en")
    database = open_database(url)
    with database.unit_of_work(write=False) as uow:
        subscription = uow.subscriptions.get(scenario["subscription"])
        assert subscription.status == "active"
        assert uow.payment_methods.get(subscription.payment_method_id).added_by == ingrid
    database.dispose()


def test_a_declined_settle_is_previewed_as_such_and_reported_as_recorded(account):
    url, summary = account
    scenario = summary["scenarios"]["not-activated"]

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        await press(pilot, "s", "enter")
        dialog = app.screen
        preview = plain(dialog.query_one("#outcome").content)
        assert preview.startswith("Preview: nothing has changed yet.")
        assert "If you confirm, it will not succeed:" in preview
        assert "✓" not in preview and "Changed:" not in preview
        assert "What would be recorded:" in preview and "declined" in preview
        await press(pilot, "enter")
        outcome = plain(dialog.query_one("#outcome").content)
        assert outcome.startswith("✗ ") and "Changed:" in outcome
        assert "Notice to the admins: payment declined" in outcome  # in the engine's words
        assert "ch_" not in outcome and "charge_attempt" not in outcome and "None" not in outcome
        result = dialog.result
        # The same in substance as `betal run` for the same input.
        database = open_database(url)
        with database.unit_of_work(write=False) as uow:
            attempts = uow.charge_attempts.where(subscription_id=scenario["subscription"],
                                                 trigger="settle")
        database.dispose()
        assert len(attempts) == 1 and not attempts[0].succeeded
        assert {c["entity"] for c in result.changes} >= {"charge_attempt", "notice"}
        await press(pilot, "escape", "9")
        rows = app.screen.rows_data
        assert rows[0].outcome == "declined"
        assert "Declined" in plain(app.screen.query_one("#detail").content)

    drive(url, steps, locale="en")


def test_the_audit_log_shows_a_refusal_with_its_rule_in_words(account):
    url, summary = account
    only = summary["scenarios"]["only-payment-method"]
    runner.execute(open_database(url), "payment-method.delete",
                   {"payment_method": only["payment_method"]}, admin=only["admin"],
                   tenant=only["tenant"])

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "9")
        row = app.screen.rows_data[0]
        assert row.outcome == "refused"
        text = plain(app.screen.query_one("#detail").content)
        assert "Delete a payment method" in text and "Refused" in text
        assert "payment method can be deleted only" in text.lower() or "The rule" in text
        assert "{" not in text and "pm_" not in text and "payment-method.delete" not in text
        cells = plain(app.screen.query_one("ListTable").get_row_at(0)[1])
        assert "Delete a payment method" in cells

    drive(url, steps, locale="en")


def test_times_show_in_the_tenants_zone_in_every_language():
    moment = datetime(2026, 3, 1, 23, 30)  # UTC: already 2 March in Oslo and Amsterdam
    try:
        for locale in ("en", "nb-NO", "nl-NL"):
            set_locale(locale)
            set_zone("Europe/Oslo")
            assert "2" in i18n.day(moment).split(".")[0].split("/")[0].split("-")[0]
            assert "00:30" in i18n.when(moment)
            set_zone("America/New_York")
            assert "18:30" in i18n.when(moment) or "6:30" in i18n.when(moment)
    finally:
        set_zone(None)


def test_signing_in_sets_the_tenants_zone(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot, 7)  # Sanne de Vries, Tulpenveld (NL)
        assert i18n.get_zone() == "Europe/Amsterdam"
        await press(pilot, "escape")  # back to sign-in: no tenant, no zone
        assert i18n.get_zone() is None

    drive(url, steps, locale="en")


def test_placeholders_follow_the_tenants_country(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot, 7)
        await press(pilot, "3", "a")
        fields = {f.param.name: f for f in app.screen.query("FormField")}
        assert fields["phone"].control.placeholder.startswith("+31")
        assert "country" not in fields  # only the tenant's would ever be accepted
        kinds = [key for _label, key in fields["kind"].choices]
        assert kinds == ["credit-card", "debit-card", "bank-account"]

    drive(url, steps, locale="en")


def test_the_edit_form_is_prefilled_and_a_bank_account_is_not_asked_an_expiry(account):
    url, summary = account
    bank = summary["scenarios"]["bank-account"]["payment_method"]
    card = summary["scenarios"]["past-due"]["payment_method"]

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "3")
        app.screen.update_context(select=card)
        await settle(pilot)
        await press(pilot, "e")
        fields = {f.param.name: f for f in app.screen.query("FormField")}
        assert fields["holder_name"].value == "Ingrid Berg"
        assert fields["city"].value == "Oslo" and fields["expiry"].applies
        await press(pilot, "escape")
        app.screen.update_context(select=bank)
        await settle(pilot)
        await press(pilot, "e")
        fields = {f.param.name: f for f in app.screen.query("FormField")}
        assert not fields["expiry"].applies
        await press(pilot, "ctrl+s")  # nothing changed: the engine says so, nothing runs
        assert app.screen.result.code == "nothing-to-change"

    drive(url, steps, locale="en")


def test_the_clock_counts_what_the_lists_show(account):
    url, _summary = account

    async def steps(app, pilot):
        await sign_in(pilot)
        await press(pilot, "8")
        await pilot.press("w")
        await settle(pilot, rounds=6)
        report = app.screen.data["report"]
        text = plain(app.screen.report_shown)
        assert f"{len(report.attempts)} charge" in text
        assert f"{len(report.notices)} notice" in text
        await press(pilot, "6")
        shown = [n for n in app.screen.rows_data if n.sent_at > report.before]
        assert len(shown) == len(report.notices)

    drive(url, steps, locale="en")
