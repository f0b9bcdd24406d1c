"""Paying and buying as the engine's rules have them: a subscription under a billing profile
is paid the way the profile pays, Settle balance corrects a card's details and pays in one
step, buying offers only what may pay for something new, a deleted subscription takes no
action, and after a past-due balance is paid the screen says how long to wait before
contacting support."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.domain.model import Invoice, InvoiceStatus
from engine.store.database import open_database
from tests.tui.conftest import drive, plain, press, settle
from tui.i18n import set_locale, set_zone


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    set_locale("en")
    set_zone(None)


def _index(app, admin_id: str) -> int:
    return next(i for i, a in enumerate(app.screen.admins) if a.id == admin_id)


async def _sign_in_as(app, pilot, admin_id: str) -> None:
    await settle(pilot)
    await press(pilot, *(["down"] * _index(app, admin_id)), "enter")
    assert app.admin.id == admin_id


def _open_invoice(url: str, subscription_id: str) -> str:
    """An invoice of the subscription that is not paid yet (as the billing run would
    issue it on its billing day)."""
    database = open_database(url)
    with database.unit_of_work() as uow:
        sub = uow.subscriptions.get(subscription_id)
        now = uow.now()
        uow.invoices.add(Invoice(
            id="inv_000000fff000", tenant_id=sub.tenant_id, subscription_id=sub.id,
            issued_at=now - timedelta(hours=1), due_at=now + timedelta(days=14),
            amount=sub.period_amount.minor, currency=sub.currency,
            status=InvoiceStatus.OPEN))
        uow.commit()
    database.dispose()
    return "inv_000000fff000"


def _fields(dialog) -> dict:
    return {f.param.name: f for f in dialog.query("FormField") if f.applies}


@pytest.mark.rule("billing-profile-roles")
def test_settle_under_a_billing_profile_charges_the_profiles_card_and_offers_no_other(
        account):
    url, summary = account
    scenario = summary["scenarios"]["billing-profile"]
    invoice = _open_invoice(url, scenario["subscription"])

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, scenario["admin"])  # Sofie Lie, a contributor
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        detail = plain(app.screen.query_one("#detail").content)
        assert "paid through billing profile Avdeling Bergen: Visa ending in 1881" in detail
        await press(pilot, "s")
        dialog = app.screen
        # No card to choose, and no card details she may not correct: the preview at once.
        assert not _fields(dialog) and dialog.state == "preview", dialog.result
        target = plain(dialog.query_one("#target").content)
        assert "paid through billing profile Avdeling Bergen: Visa ending in 1881" in target
        await press(pilot, "enter")
        assert dialog.state == "done" and dialog.result.ok, dialog.result

    drive(url, steps, locale="en")
    database = open_database(url)
    with database.unit_of_work(write=False) as uow:
        assert uow.invoices.get(invoice).status == "paid"
        [attempt] = uow.charge_attempts.where(subscription_id=scenario["subscription"],
                                              trigger="settle")
        assert attempt.payment_method_id == scenario["payment_method"]  # the profile's card
    database.dispose()


@pytest.mark.rule("billing-profile-roles")
def test_the_profiles_owner_may_correct_its_card_but_not_pick_another(account):
    url, summary = account
    scenario = summary["scenarios"]["billing-profile"]
    _open_invoice(url, scenario["subscription"])

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, summary["tenants"][0]["admins"][0]["id"])  # Ingrid
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        await press(pilot, "s")
        fields = _fields(app.screen)
        assert "payment_method" not in fields
        assert fields["expiry"].value == fields["expiry"].initial != ""  # the card's, on file
        assert fields["holder_name"].value == "Ingrid Berg"

    drive(url, steps, locale="en")


@pytest.mark.rule("billing-profile-roles")
def test_a_subscription_under_a_billing_profile_cannot_be_put_on_another_method(
        account, notifications):
    url, summary = account
    scenario = summary["scenarios"]["billing-profile"]

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, summary["tenants"][0]["admins"][0]["id"])
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        footer = {key.description: key for key in app.screen.query("FooterKey")}
        assert footer["Change payment method"].has_class("-refused")
        assert footer["Settle balance"].has_class("-refused") is False
        await press(pilot, "c")
        assert type(app.screen).__name__ == "ProductsScreen"  # no form opened
        assert any("paid the way the profile pays" in note for note in notifications)

    drive(url, steps, locale="en")


@pytest.mark.rule("settle-balance")
def test_settle_corrects_the_cards_expiry_and_pays_in_one_step(account):
    url, summary = account
    scenario = summary["scenarios"]["expired-card"]  # Lars's card, renewed by the bank

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, scenario["admin"])
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        await press(pilot, "s")
        dialog = app.screen
        fields = _fields(dialog)
        assert fields["payment_method"].value == scenario["payment_method"]
        expiry = fields["expiry"]
        assert expiry.value != scenario["new_expiry"]  # the expiry on file, expired
        expiry.control.value = ""
        expiry.focus_control()
        await press(pilot, *scenario["new_expiry"])
        await press(pilot, "ctrl+s")
        assert dialog.state == "preview", dialog.result
        shown = plain(dialog.query_one("#outcome").content)
        assert f"new expiry date {scenario['new_expiry']}" in shown
        assert "approved by the bank" in shown
        await press(pilot, "enter")
        assert dialog.state == "done" and dialog.result.ok, dialog.result

    drive(url, steps, locale="en")
    database = open_database(url)
    with database.unit_of_work(write=False) as uow:
        method = uow.payment_methods.get(scenario["payment_method"])
        assert method.expiry == scenario["new_expiry"]
        assert uow.subscriptions.get(scenario["subscription"]).status == "active"
    database.dispose()


def test_buying_offers_products_and_only_methods_that_may_pay(account):
    url, summary = account
    ingrid = summary["tenants"][0]["admins"][0]["id"]
    card = summary["scenarios"]["past-due"]["payment_method"]  # hers

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, ingrid)
        await press(pilot, "2")
        app.run_action_screen("subscription.buy")
        await settle(pilot)
        dialog = app.screen
        fields = _fields(dialog)
        products = [key for _label, key in fields["product"].choices]
        assert products == ["Business Basic", "Business Standard", "Business Premium"]
        methods = [key for _label, key in fields["payment_method"].choices]
        lars = summary["scenarios"]["expired-card"]["payment_method"]
        assert card in methods and lars not in methods
        fields["product"].set_choices(fields["product"].choices, "Business Premium")
        fields["licences"].focus_control()
        await press(pilot, "3")
        fields["payment_method"].set_choices(fields["payment_method"].choices, card)
        await press(pilot, "ctrl+s")
        assert dialog.state == "preview", dialog.result
        assert "Business Premium: new subscription" in plain(
            dialog.query_one("#outcome").content)
        await press(pilot, "enter")
        assert dialog.state == "done" and dialog.result.ok, dialog.result

    drive(url, steps, locale="en")
    database = open_database(url)
    with database.unit_of_work(write=False) as uow:
        [bought] = [s for s in uow.subscriptions.where(tenant_id=summary["tenants"][0]["id"])
                    if s.product == "Business Premium" and s.seats == 3]
        assert bought.payment_method_id == card
    database.dispose()


@pytest.mark.rule("bank-availability")
def test_buying_in_belgium_does_not_offer_the_old_bank_account(account):
    url, summary = account
    scenario = summary["scenarios"]["bank-account-sunset"]

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, scenario["admin"])
        await press(pilot, "2")
        app.run_action_screen("subscription.buy")
        await settle(pilot)
        dialog = app.screen
        methods = [key for _label, key in _fields(dialog)["payment_method"].choices]
        assert scenario["card"] in methods and scenario["payment_method"] not in methods
        note = plain(dialog.query_one("#form-note").content)
        assert "cannot take new ones" in note  # the engine's reason, before anything runs

    drive(url, steps, locale="en")


def test_a_deleted_subscription_takes_no_action(account, notifications):
    url, summary = account
    scenario = summary["scenarios"]["past-due"]
    database = open_database(url)
    with database.unit_of_work() as uow:
        sub = uow.subscriptions.get(scenario["subscription"])
        sub.status = "deleted"
        uow.subscriptions.save(sub)
        uow.commit()
    database.dispose()

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, scenario["admin"])
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        assert "has been deleted" in plain(app.screen.query_one("#detail").content)
        footer = {key.description: key for key in app.screen.query("FooterKey")}
        assert footer["Settle balance"].has_class("-refused")
        assert footer["Change payment method"].has_class("-refused")
        await press(pilot, "s")
        assert type(app.screen).__name__ == "ProductsScreen"
        assert any("can no longer be paid or changed" in note for note in notifications)

    drive(url, steps, locale="en")


@pytest.mark.rule("past-due-lingers")
def test_after_paying_a_past_due_balance_the_screen_says_when_to_contact_support(account):
    url, summary = account
    scenario = summary["scenarios"]["past-due"]

    async def steps(app, pilot):
        await _sign_in_as(app, pilot, scenario["admin"])
        await press(pilot, "2")
        app.screen.update_context(select=scenario["subscription"])
        await settle(pilot)
        detail = plain(app.screen.query_one("#detail").content)
        assert "contact support" not in detail  # not before it is paid
        await press(pilot, "s", "ctrl+s", "enter")
        assert app.screen.result.ok, app.screen.result
        await press(pilot, "escape")
        detail = plain(app.screen.query_one("#detail").content)
        assert "Nothing is past due." in detail
        # Paid on 2 March 2026, 01:00 in Oslo: 48 hours later.
        assert "if you still see it after 4 Mar 2026, 01:00:00" in detail, detail

    drive(url, steps, locale="en")
