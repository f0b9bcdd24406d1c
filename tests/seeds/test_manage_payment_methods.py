"""Seed 004: managing payment methods: who may, which ones, add, update, replace, change,
delete, and the troubleshooting table."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from engine.actions import registry
from engine.actions.runner import execute
from engine.domain.model import SubscriptionStatus
from engine.errors import InputError, RuleRefusal
from engine.services import billing, diagnostics, subscriptions
from engine.services import payment_methods as pm
from tests.engine.world import START, World, with_bank_rules

seed = pytest.mark.seed
WITHDRAWN = date(2021, 1, 26)


def refused(world, admin, service, *args, **kwargs) -> str:
    with pytest.raises((RuleRefusal, InputError)) as error:
        world.run(admin, service, *args, **kwargs)
    return error.value.code


def belgian(database, now=START) -> World:
    return World(database, country="BE", now=now)


# Bank accounts withdrawn in some countries -------------------------------------------------

@seed("004:5.1")
@pytest.mark.parametrize(("country", "iban"), [
    ("BE", "BE71096123456769"), ("FR", "FR1420041010050500013M02606"),
    ("IT", "IT60X0542811101000000123456"), ("LU", "LU280019400644750000"),
    ("PT", "PT50000201231234567890154"), ("ES", "ES9121000418450200051332"),
])
def test_no_new_bank_account_from_26_january_2021(database, country, iban):
    world = World(database, country=country)
    assert refused(world, "global", pm.add_payment_method, kind="bank-account", number=iban,
                   holder_name="Test") == "bank-availability"
    assert world.all("payment_methods") == []


@seed("004:5.1")
def test_the_united_states_are_on_the_list_too():
    from engine.config import load
    from engine.domain.method_rules import check_new_bank_account

    with pytest.raises(RuleRefusal):
        check_new_bank_account(load().bank_accounts, "US", WITHDRAWN)
    check_new_bank_account(load().bank_accounts, "US", WITHDRAWN - timedelta(days=1))


@seed("004:5.1")
def test_before_26_january_2021_a_bank_account_could_still_be_added(database):
    world = belgian(database, now=datetime(2021, 1, 25, 12))
    assert world.add_bank_account(iban="BE71096123456769").startswith("pm_")


@seed("004:5.1")
def test_the_withdrawal_date_is_judged_on_the_tenants_calendar(database):
    """23:30 UTC on 25 January 2021 is already 26 January in Brussels."""
    world = belgian(database, now=datetime(2021, 1, 25, 23, 30))
    assert refused(world, "global", pm.add_payment_method, kind="bank-account",
                   number="BE71096123456769", holder_name="T") == "bank-availability"


@seed("004:5.2")
def test_an_existing_belgian_bank_account_in_good_standing_keeps_paying(database):
    world = belgian(database, now=datetime(2020, 6, 1, 9))
    bank = world.add_bank_account(iban="BE71096123456769")
    subscription = world.subscribe(bank, first_invoice=datetime(2026, 3, 3, 9))
    world.advance_to(datetime(2026, 3, 3, 9))
    attempts = world.all("charge_attempts", subscription_id=subscription)
    assert [a.succeeded for a in attempts] == [True]


@seed("004:5.3")
def test_an_existing_belgian_bank_account_takes_no_new_subscription(database):
    world = belgian(database, now=datetime(2020, 6, 1, 9))
    bank = world.add_bank_account(iban="BE71096123456769")
    world.advance_to(START)
    card = world.add_card()
    on_card = world.subscribe(card)
    assert refused(world, "global", subscriptions.buy, "Business Basic", "2",
                   payment_method=bank) == "bank-availability"
    assert refused(world, "global", pm.change_subscription_method, on_card,
                   bank) == "bank-availability"
    assert world.run("global", subscriptions.buy, "Business Basic", "2",
                     payment_method=card).ok


# Buying ---------------------------------------------------------------------------------

@seed("004:7.1")
def test_buying_uses_an_existing_payment_method_or_a_new_one(world):
    existing = world.add_card()
    bought = world.run("global", subscriptions.buy, "Business Premium", "5",
                       payment_method=existing)
    subscription = world.get("subscriptions", bought.data["subscription"])
    assert (subscription.payment_method_id, subscription.seats) == (existing, 5)
    new = world.add_card(number="5555555555554444")
    again = world.run("global", subscriptions.buy, "Business Basic", "1", payment_method=new)
    assert world.get("subscriptions", again.data["subscription"]).payment_method_id == new


@seed("004:7.1")
def test_a_bought_subscription_is_invoiced_and_charged_by_the_next_billing_run(world):
    card = world.add_card()
    bought = world.run("global", subscriptions.buy, "Business Basic", "3", payment_method=card)
    world.advance(hours=1)
    invoices = world.all("invoices", subscription_id=bought.data["subscription"])
    assert [(i.amount, i.status) for i in invoices] == [(3 * 7000, "paid")]


@seed("004:7.2")
@pytest.mark.parametrize("kind", ["credit-card", "debit-card", "bank-account"])
def test_credit_cards_debit_cards_and_bank_accounts_all_pay_for_purchases(world, kind):
    method = (world.add_bank_account() if kind == "bank-account"
              else world.add_card(kind=kind))
    bought = world.run("global", subscriptions.buy, "Business Basic", "1",
                       payment_method=method)
    world.advance(hours=1)
    assert [i.status for i in world.all("invoices",
                                        subscription_id=bought.data["subscription"])] == ["paid"]


@seed("004:7.2")
@pytest.mark.parametrize(("product", "licences", "code"), [
    ("Business Gold", "1", "unknown-product"), ("Business Basic", "0", "invalid-parameter"),
    ("Business Basic", "100001", "invalid-parameter"), ("Business Basic", "-3",
                                                        "invalid-parameter"),
])
def test_buying_something_that_does_not_exist_is_a_clear_error(world, product, licences, code):
    card = world.add_card()
    result = execute(world.database, "subscription.buy",
                     {"product": product, "licences": licences, "payment_method": card},
                     admin=world.admins["global"].id)
    assert (result.exit_code, result.code) == (2, code)
    assert world.all("subscriptions") == []


# Billing profiles ----------------------------------------------------------------------

@seed("004:9.1")
@pytest.mark.parametrize(("admin", "allowed"), [
    ("owner", True), ("contributor", True), ("invoices", False), ("reader", False)])
def test_owners_and_contributors_buy_with_a_billing_profile(world, admin, allowed):
    profile = world.profile(world.add_card())
    if allowed:
        bought = world.run(admin, subscriptions.buy, "Business Basic", "1",
                           billing_profile=profile)
        assert world.get("subscriptions", bought.data["subscription"]).billing_profile_id \
            == profile
    else:
        assert refused(world, admin, subscriptions.buy, "Business Basic", "1",
                       billing_profile=profile) == "billing-profile-roles"


@seed("004:9.1")
def test_a_subscription_under_a_profile_is_charged_on_the_profiles_card(world):
    profile_card = world.add_card()
    subscription = world.subscribe(None, profile_id=world.profile(profile_card),
                                   first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    attempt = world.all("charge_attempts", subscription_id=subscription)[0]
    assert (attempt.payment_method_id, attempt.succeeded) == (profile_card, True)


@seed("004:9.1")
def test_a_profile_paid_by_invoice_issues_invoices_that_fall_due_after_their_terms(world):
    profile = world.profile(None, pays_by="invoice")
    subscription = world.subscribe(None, profile_id=profile,
                                   first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    invoice = world.all("invoices", subscription_id=subscription)[0]
    assert invoice.status == "open" and world.all("charge_attempts") == []
    world.advance(days=world.config.invoice_terms_days)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.PAST_DUE


@seed("004:9.1")
def test_a_profile_contributor_cannot_move_a_subscription_onto_another_admins_card(world):
    subscription = world.subscribe(None, profile_id=world.profile(world.add_card()))
    theirs = world.add_card("billing", "5555555555554444")
    assert refused(world, "contributor", pm.change_subscription_method, subscription,
                   theirs) == "billing-profile-roles"
    assert refused(world, "contributor", billing.settle_balance, subscription,
                   theirs) == "billing-profile-roles"


@seed("004:9.2")
@pytest.mark.parametrize(("admin", "allowed"), [
    ("owner", True), ("contributor", True), ("invoices", True), ("reader", False)])
def test_invoice_managers_may_only_pay(world, admin, allowed):
    card = world.add_card(number="4000000000000168")
    subscription = world.subscribe(None, profile_id=world.profile(card),
                                   first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    if allowed:
        assert world.run(admin, billing.settle_balance, subscription).code == \
            "details-must-match"
    else:
        assert refused(world, admin, billing.settle_balance, subscription) == \
            "billing-profile-roles"


# Who may use which method, without a billing profile --------------------------------------

@seed("004:11.1")
def test_every_global_or_billing_admin_may_use_every_bank_account(world):
    bank = world.add_bank_account("billing")
    subscription = world.subscribe(world.add_card("global"))
    world.run("global", pm.change_subscription_method, subscription, bank)
    assert world.get("subscriptions", subscription).payment_method_id == bank
    assert world.run("billing2", subscriptions.buy, "Business Basic", "1",
                     payment_method=bank).ok


@seed("004:11.2")
def test_admins_manage_and_use_only_the_cards_they_added(world):
    theirs = world.add_card("billing")
    subscription = world.subscribe(world.add_card("global", "5555555555554444"))
    assert refused(world, "global", pm.change_subscription_method, subscription,
                   theirs) == "card-ownership"
    assert refused(world, "global", pm.update_payment_method, theirs,
                   city="Bergen") == "card-ownership"
    assert refused(world, "global", subscriptions.buy, "Business Basic", "1",
                   payment_method=theirs) == "card-ownership"


@seed("004:15")
def test_paying_by_bank_account_can_be_unavailable_in_a_country(database):
    world = World(database, config=with_bank_rules(unavailable_in=frozenset({"NO"})))
    assert refused(world, "global", pm.add_payment_method, kind="bank-account",
                   number="NO9386011117947", holder_name="T") == "bank-availability"


@seed("004:17")
@seed("004:64")
@seed("004:117.1")
@pytest.mark.parametrize(("kind", "number"), [("credit-card", "4000000000000176"),
                                              ("bank-account", "NL91ABNA0417164300")])
def test_a_payment_method_issued_in_another_country_is_refused(world, kind, number):
    assert refused(world, "global", pm.add_payment_method, kind=kind, number=number,
                   holder_name="T", expiry="12/2030") == "same-country"
    assert world.all("payment_methods") == []


@seed("004:29")
@pytest.mark.parametrize("admin", ["global", "billing"])
def test_global_and_billing_admins_add_payment_methods(world, admin):
    method_id = world.add_card(admin)
    assert world.get("payment_methods", method_id).added_by == world.admins[admin].id


@seed("004:29")
@pytest.mark.parametrize("admin", ["helpdesk", "owner", "reader"])
def test_only_global_and_billing_admins_manage_payment_methods(world, admin):
    card = world.add_card()
    assert refused(world, admin, pm.add_payment_method, kind="credit-card",
                   number="5555555555554444", holder_name="T",
                   expiry="12/2030") == "admin-roles"
    assert refused(world, admin, pm.delete_payment_method, card) == "admin-roles"


# Add, update ----------------------------------------------------------------------------

@seed("004:33.1")
def test_adding_a_payment_method_links_no_subscription(world):
    old = world.add_card()
    subscription = world.subscribe(old)
    outcome = world.run("global", pm.add_payment_method, kind="credit-card",
                        number="5555555555554444", expiry="01/2031", holder_name="Global")
    assert outcome.rule == "new-card-not-linked"
    assert world.get("subscriptions", subscription).payment_method_id == old


@seed("004:33.2")
@seed("004:69")
def test_one_subscription_can_be_moved_to_another_method_alone(world):
    old, new = world.add_card(), world.add_card(number="5555555555554444")
    first, second = world.subscribe(old), world.subscribe(old)
    world.run("global", pm.change_subscription_method, first, new)
    assert [world.get("subscriptions", s).payment_method_id for s in (first, second)] == \
        [new, old]


@seed("004:33.3")
@seed("004:50.1")
def test_replacing_moves_every_subscription_and_billing_profile(world):
    old, new = world.add_card(), world.add_card(number="5555555555554444")
    other = world.add_card(number="4012888888881881")
    moved = [world.subscribe(old), world.subscribe(old, product="Business Premium")]
    untouched = world.subscribe(other)
    profile = world.profile(old)
    world.run("global", pm.replace_payment_method, old, new)
    assert {world.get("subscriptions", s).payment_method_id for s in moved} == {new}
    assert world.get("billing_profiles", profile).payment_method_id == new
    assert world.get("subscriptions", untouched).payment_method_id == other


@seed("004:17")
def test_a_card_with_a_billing_address_in_the_tenants_country_is_accepted(world):
    assert world.get("payment_methods", world.add_card()).country == "NO"


@seed("004:42.1")
def test_an_update_with_nothing_new_is_refused(world):
    card = world.add_card()
    assert refused(world, "global", pm.update_payment_method, card,
                   holder_name="Global") == "nothing-to-change"


@seed("004:42.1")
def test_name_billing_address_and_expiry_can_be_edited(world):
    card = world.add_card()
    world.run("global", pm.update_payment_method, card, holder_name="Kari Nordmann",
              address_line="Bryggen 2", expiry="07/2032")
    method = world.get("payment_methods", card)
    assert (method.holder_name, method.address_line, method.exp_year) == (
        "Kari Nordmann", "Bryggen 2", 2032)


@seed("004:42.2")
def test_the_card_or_account_number_cannot_be_changed(world):
    card = world.add_card()
    with pytest.raises(RuleRefusal) as error:
        registry.validate(registry.get("payment-method.update"),
                          {"payment_method": card, "number": "5555555555554444"})
    assert error.value.code == "number-immutable"
    assert world.get("payment_methods", card).last4 == "4242"


@seed("004:42.3")
@seed("004:115")
def test_a_new_number_means_replace_then_delete(world):
    old = world.add_card()
    subscription = world.subscribe(old)
    new = world.add_card(number="5555555555554444")
    world.run("global", pm.replace_payment_method, old, new)
    world.run("global", pm.delete_payment_method, old)
    assert world.get("subscriptions", subscription).payment_method_id == new
    assert world.get("payment_methods", old).deleted_at is not None


@seed("004:50.2")
@seed("004:50.3")
def test_the_replaced_method_stays_on_file_for_other_uses(world):
    old, new = world.add_card(), world.add_card(number="5555555555554444")
    world.subscribe(old)
    world.run("global", pm.replace_payment_method, old, new)
    assert world.get("payment_methods", old).deleted_at is None
    later = world.subscribe(world.add_card(number="4012888888881881"))
    world.run("global", pm.change_subscription_method, later, old)
    assert world.get("subscriptions", later).payment_method_id == old


@seed("004:61.1")
@seed("004:61.2")
def test_a_bank_account_cannot_pay_for_a_billing_profile(world):
    card, bank = world.add_card(), world.add_bank_account()
    profile = world.profile(card)
    assert refused(world, "global", pm.replace_payment_method, card,
                   bank) == "profile-cards-only"
    assert world.get("billing_profiles", profile).payment_method_id == card
    check = world.run("global", diagnostics.check_payment_method, payment_method=bank,
                      subscription=world.subscribe(None, profile_id=profile))
    assert check.data["usable"] is False


# Delete ---------------------------------------------------------------------------------

@seed("004:80.1")
def test_a_method_a_subscription_or_profile_uses_cannot_be_deleted(world):
    card, spare = world.add_card(), world.add_card(number="5555555555554444")
    world.subscribe(card)
    world.profile(spare)
    for method in (card, spare):
        assert refused(world, "global", pm.delete_payment_method, method) == \
            "delete-unused-only"


@seed("004:80.2")
@pytest.mark.parametrize("status", ["past-due", "expired", "disabled", "deleted"])
def test_a_subscription_blocks_deletion_whatever_its_status(world, status):
    card = world.add_card()
    subscription = world.subscribe(card)
    with world.database.unit_of_work() as uow:
        found = uow.subscriptions.get(subscription)
        found.status = SubscriptionStatus(status)
        uow.subscriptions.save(found)
        uow.commit()
    assert refused(world, "global", pm.delete_payment_method, card) == "delete-unused-only"


@seed("004:84")
def test_a_method_nothing_uses_is_deleted_at_once_even_the_only_one(world):
    spare = world.add_card()
    outcome = world.run("global", pm.delete_payment_method, spare)
    assert outcome.rule == "delete-unused-only"
    assert world.get("payment_methods", spare).deleted_at is not None


@seed("004:92")
@seed("004:116")
def test_the_only_method_in_use_is_replaced_first_then_deleted(world):
    only = world.add_card()
    subscription = world.subscribe(only)
    assert refused(world, "global", pm.delete_payment_method, only) == "delete-unused-only"
    new = world.add_card(number="5555555555554444")
    world.run("global", pm.replace_payment_method, only, new)
    world.run("global", pm.delete_payment_method, only)
    assert world.get("subscriptions", subscription).payment_method_id == new


# Troubleshooting ------------------------------------------------------------------------

@seed("004:111")
def test_the_blocked_cookies_error_is_fixed_by_allowing_third_party_cookies(world):
    outcome = world.run("reader", diagnostics.browser_cookies)
    assert outcome.rule == "blocked-cookies"
    assert "third-party cookies" in outcome.message.render("en")


@seed("004:117.2")
def test_a_card_that_cannot_be_entered_at_all_leads_to_support(world):
    check = world.run("global", diagnostics.check_payment_method, kind="credit-card",
                      number="4242424242424241", expiry="12/2030")
    assert check.data["usable"] is False
    assert "contact-support" in check.data["findings"]
    support = world.run("global", diagnostics.contact_support)
    assert support.rule == "contact-support"
