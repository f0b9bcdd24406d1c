"""Rules about adding, editing, replacing, linking and deleting payment methods (seed 004)."""

from __future__ import annotations

from datetime import date

import pytest

from engine.actions import registry
from engine.errors import InputError, RuleRefusal
from engine.services import payment_methods as pm
from engine.services import subscriptions
from tests.engine.world import World, with_bank_rules

rule = pytest.mark.rule


@pytest.fixture
def world(database):
    return World(database)


def refusal(excinfo) -> str:
    return excinfo.value.code


@rule("admin-roles")
@pytest.mark.parametrize("admin", ["helpdesk", "owner", "reader"])
def test_only_global_and_billing_admins_add_payment_methods(world, admin):
    with pytest.raises(RuleRefusal) as refused:
        world.add_card(admin)
    assert refusal(refused) == "admin-roles"
    assert world.all("payment_methods") == []


@rule("admin-roles")
@pytest.mark.parametrize("admin", ["global", "billing"])
def test_global_and_billing_admins_add_payment_methods(world, admin):
    method_id = world.add_card(admin)
    assert world.get("payment_methods", method_id).added_by == world.admins[admin].id


@rule("same-country")
def test_a_card_issued_in_another_country_is_refused(world):
    with pytest.raises(RuleRefusal) as refused:
        world.add_card(number="4000000000000176")  # issued in SE
    assert refusal(refused) == "same-country"
    assert "SE" in str(refused.value)


@rule("same-country")
def test_a_bank_account_from_another_country_is_refused(world):
    with pytest.raises(RuleRefusal) as refused:
        world.add_bank_account(iban="NL91ABNA0417164300")
    assert refusal(refused) == "same-country"


@rule("same-country")
def test_a_card_with_a_domestic_billing_country_is_accepted(world):
    method = world.get("payment_methods", world.add_card())
    assert method.country == "NO"


@rule("bank-availability")
def test_no_new_bank_accounts_where_they_were_withdrawn(database):
    config = with_bank_rules(closed_in=frozenset({"NO"}), closed_from=date(2021, 1, 26))
    world = World(database, config=config)
    with pytest.raises(RuleRefusal) as refused:
        world.add_bank_account()
    assert refusal(refused) == "bank-availability"


@rule("bank-availability")
def test_bank_accounts_were_allowed_before_the_withdrawal_date(database):
    config = with_bank_rules(closed_in=frozenset({"NO"}), closed_from=date(2030, 1, 1))
    world = World(database, config=config)
    assert world.add_bank_account().startswith("pm_")


@rule("bank-availability")
def test_an_existing_bank_account_takes_no_new_subscriptions_after_withdrawal(database):
    world = World(database)
    bank = world.add_bank_account()
    subscription = world.subscribe(world.add_card())
    world.config = with_bank_rules(closed_in=frozenset({"NO"}), closed_from=date(2021, 1, 26))
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", pm.change_subscription_method, subscription, bank)
    assert refusal(refused) == "bank-availability"


@rule("bank-availability")
def test_bank_accounts_unavailable_in_a_country(database):
    world = World(database, config=with_bank_rules(unavailable_in=frozenset({"NO"})))
    with pytest.raises(RuleRefusal) as refused:
        world.add_bank_account()
    assert refusal(refused) == "bank-availability"


@rule("new-card-not-linked")
def test_adding_a_payment_method_links_no_subscription(world):
    old = world.add_card()
    subscription = world.subscribe(old)
    outcome = world.run("global", pm.add_payment_method, kind="credit-card",
                        number="5555555555554444", expiry="01/2031", holder_name="Global")
    assert outcome.rule == "new-card-not-linked"
    assert world.get("subscriptions", subscription).payment_method_id == old
    assert {fix.action for fix in outcome.fixes} >= {"subscription.change-payment-method"}


@rule("number-immutable")
def test_the_number_cannot_be_changed(world):
    method_id = world.add_card()
    with pytest.raises(RuleRefusal) as refused:
        registry.validate(registry.get("payment-method.update"),
                          {"payment_method": method_id, "number": "5555555555554444"})
    assert refusal(refused) == "number-immutable"
    assert world.get("payment_methods", method_id).last4 == "4242"


@rule("number-immutable")
def test_name_address_phone_and_expiry_can_be_edited(world):
    method_id = world.add_card()
    world.run("global", pm.update_payment_method, method_id, expiry="07/2032",
              holder_name="Kari Nordmann", city="Bergen", region="Vestland",
              postal_code="5003", phone="+47 55 00 00 00", address_line="Bryggen 2")
    method = world.get("payment_methods", method_id)
    assert (method.exp_month, method.exp_year) == (7, 2032)
    assert (method.holder_name, method.city, method.region, method.postal_code,
            method.phone, method.address_line) == (
        "Kari Nordmann", "Bergen", "Vestland", "5003", "+47 55 00 00 00", "Bryggen 2")


def test_an_update_with_nothing_new_is_refused(world):
    method_id = world.add_card()
    with pytest.raises(InputError) as refused:
        world.run("global", pm.update_payment_method, method_id, holder_name="Global")
    assert refusal(refused) == "nothing-to-change"


@rule("card-ownership")
def test_only_the_admin_who_added_a_card_may_change_it(world):
    method_id = world.add_card("billing")
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", pm.update_payment_method, method_id, expiry="01/2033")
    assert refusal(refused) == "card-ownership"
    world.run("billing", pm.update_payment_method, method_id, expiry="01/2033")
    assert world.get("payment_methods", method_id).exp_year == 2033


@rule("card-ownership")
def test_admins_use_only_their_own_cards(world):
    mine = world.add_card("global")
    theirs = world.add_card("billing", "5555555555554444")
    subscription = world.subscribe(mine)
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", pm.change_subscription_method, subscription, theirs)
    assert refusal(refused) == "card-ownership"
    assert world.get("subscriptions", subscription).payment_method_id == mine


@rule("card-ownership")
def test_every_billing_admin_may_use_every_bank_account(world):
    bank = world.add_bank_account("billing")
    subscription = world.subscribe(world.add_card("global"))
    world.run("global", pm.change_subscription_method, subscription, bank)
    assert world.get("subscriptions", subscription).payment_method_id == bank


@rule("replace-everywhere")
def test_replacing_moves_every_subscription_and_profile(world):
    old = world.add_card()
    new = world.add_card(number="5555555555554444")
    other = world.add_card(number="4012888888881881")
    subscriptions = [world.subscribe(old), world.subscribe(old, product="Business Premium")]
    untouched = world.subscribe(other)
    profile = world.profile(old)
    outcome = world.run("global", pm.replace_payment_method, old, new)
    assert sorted(outcome.data["subscriptions"]) == sorted(subscriptions)
    for subscription in subscriptions:
        assert world.get("subscriptions", subscription).payment_method_id == new
    assert world.get("billing_profiles", profile).payment_method_id == new
    assert world.get("subscriptions", untouched).payment_method_id == other
    old_method = world.get("payment_methods", old)
    assert old_method.deleted_at is None, "the replaced method stays available"


@rule("profile-cards-only")
def test_a_bank_account_cannot_replace_a_card_used_by_a_billing_profile(world):
    card = world.add_card()
    bank = world.add_bank_account()
    profile = world.profile(card)
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", pm.replace_payment_method, card, bank)
    assert refusal(refused) == "profile-cards-only"
    assert world.get("billing_profiles", profile).payment_method_id == card


@rule("billing-profile-roles")
@pytest.mark.parametrize("admin", ["global", "owner", "contributor"])
def test_a_subscription_under_a_profile_is_paid_the_way_the_profile_pays(world, admin):
    """Nobody moves it onto another method, least of all onto a card another admin added."""
    card = world.add_card()
    theirs = world.add_card("billing", "5555555555554444")
    bank = world.add_bank_account()
    subscription = world.subscribe(None, profile_id=world.profile(card))
    for method in (theirs, bank):
        with pytest.raises(RuleRefusal) as refused:
            world.run(admin, pm.change_subscription_method, subscription, method)
        assert refusal(refused) == "billing-profile-roles"
    assert world.get("subscriptions", subscription).payment_method_id is None


@rule("change-one")
def test_changing_one_subscription_leaves_the_others(world):
    old = world.add_card()
    new = world.add_card(number="5555555555554444")
    first, second = world.subscribe(old), world.subscribe(old)
    outcome = world.run("global", pm.change_subscription_method, first, new)
    assert outcome.rule == "change-one"
    assert world.get("subscriptions", first).payment_method_id == new
    assert world.get("subscriptions", second).payment_method_id == old


@rule("delete-unused-only")
def test_a_method_in_use_cannot_be_deleted(world):
    card = world.add_card()
    world.add_card(number="5555555555554444")
    world.subscribe(card)
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", pm.delete_payment_method, card)
    assert refusal(refused) == "delete-unused-only"
    assert world.get("payment_methods", card).deleted_at is None


@rule("delete-unused-only")
def test_a_method_used_only_by_a_billing_profile_cannot_be_deleted(world):
    card = world.add_card()
    world.add_card(number="5555555555554444")
    world.profile(card)
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", pm.delete_payment_method, card)
    assert refusal(refused) == "delete-unused-only"


@rule("delete-unused-only")
def test_the_only_payment_method_in_use_must_be_replaced_before_it_goes(world):
    card = world.add_card()
    subscription = world.subscribe(card)
    new = world.add_card(number="5555555555554444")
    world.run("global", pm.replace_payment_method, card, new)
    assert world.get("subscriptions", subscription).payment_method_id == new
    world.run("global", pm.delete_payment_method, card)
    assert world.get("payment_methods", card).deleted_at is not None
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", pm.delete_payment_method, new)
    assert refusal(refused) == "delete-unused-only"


@rule("delete-unused-only")
def test_the_only_method_on_file_goes_at_once_when_nothing_uses_it(world):
    spare = world.add_card()
    world.run("global", pm.delete_payment_method, spare)
    assert world.get("payment_methods", spare).deleted_at is not None


@rule("delete-unused-only")
def test_an_unused_method_is_deleted(world):
    world.subscribe(world.add_card())
    spare = world.add_card(number="5555555555554444")
    world.run("global", pm.delete_payment_method, spare)
    assert world.get("payment_methods", spare).deleted_at is not None


@rule("billing-profile-roles")
@pytest.mark.parametrize("admin,allowed", [
    ("owner", True), ("contributor", True), ("reader", False), ("invoices", False),
])
def test_profile_roles_decide_who_buys_with_a_profile(world, admin, allowed):
    profile = world.profile(world.add_card())
    if allowed:
        outcome = world.run(admin, subscriptions.buy, "Business Basic", "3",
                            billing_profile=profile)
        bought = world.get("subscriptions", outcome.data["subscription"])
        assert (bought.billing_profile_id, bought.payment_method_id) == (profile, None)
    else:
        with pytest.raises(RuleRefusal) as refused:
            world.run(admin, subscriptions.buy, "Business Basic", "3", billing_profile=profile)
        assert refusal(refused) == "billing-profile-roles"
        assert world.all("subscriptions") == []


def test_a_duplicate_card_is_refused(world):
    world.add_card()
    with pytest.raises(InputError) as refused:
        world.add_card(number="4242 4242 4242 4242")
    assert refusal(refused) == "duplicate-payment-method"
