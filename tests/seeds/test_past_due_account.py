"""Seed 002: a past-due account, Settle balance, and the notice that lingers after paying."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.domain.model import DeclineReason, SubscriptionStatus
from engine.errors import RuleRefusal
from engine.services import billing, diagnostics
from engine.services import payment_methods as pm
from tests.engine.world import START
from tests.seeds.test_declined_card import declined

seed = pytest.mark.seed


def expired_card_world(world, admin="global"):
    """A subscription whose card expired before its invoice date; the bank has since
    mailed a new card that expires in March 2029."""
    card = world.add_card(admin, expiry="03/2026")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=31))
    world.advance(days=31)
    world.reissue(card, "03/2029")
    return card, subscription


@seed("002:26.1")
def test_a_charge_on_an_expired_card_is_declined(world):
    _, subscription = expired_card_world(world)
    attempt = world.all("charge_attempts", subscription_id=subscription)[0]
    assert attempt.decline_reason == DeclineReason.EXPIRED
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.PAST_DUE


@seed("002:26.1")
def test_expiry_is_judged_on_the_tenants_own_calendar_day(world):
    """A card valid through March is still valid at 00:30 on 1 April in UTC when that is
    02:30 in Oslo? No: Oslo is ahead of UTC, so 23:30 UTC on 31 March is already 1 April
    there, and the card has expired on the tenant's calendar."""
    card = world.add_card(expiry="03/2026")
    subscription = world.subscribe(card, first_invoice=START.replace(day=31, hour=23, minute=30))
    world.advance_to(START.replace(day=31, hour=23, minute=30))
    attempt = world.all("charge_attempts", subscription_id=subscription)[0]
    assert attempt.decline_reason == DeclineReason.EXPIRED


@seed("002:26.2")
def test_settle_balance_changes_the_card_and_resubmits_in_one_transaction(world):
    card, subscription = expired_card_world(world)
    outcome = world.run("global", billing.settle_balance, subscription, expiry="03/2029")
    assert outcome.ok, outcome.message.render("en")
    method = world.get("payment_methods", card)
    assert (method.exp_month, method.exp_year) == (3, 2029)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.ACTIVE


@seed("002:26.2")
def test_a_refused_detail_leaves_nothing_half_written(world):
    card, subscription = expired_card_world(world)
    from engine.errors import InputError

    with pytest.raises(InputError):
        world.run("global", billing.settle_balance, subscription, expiry="13/2029")
    assert world.get("payment_methods", card).exp_year == 2026
    assert len(world.all("charge_attempts", subscription_id=subscription)) == 1


@seed("002:29")
def test_settle_balance_pays_the_entire_outstanding_balance_in_one_charge(world):
    card, subscription = declined(world, number="4000000000000168", postal_code="0155")
    world.advance(days=31)
    invoices = world.all("invoices", subscription_id=subscription)
    assert len(invoices) == 2 and {i.status for i in invoices} == {"open"}
    world.run("global", pm.update_payment_method, card, postal_code="9999")
    outcome = world.run("global", billing.settle_balance, subscription)
    assert outcome.ok and outcome.data["amount"] == sum(i.amount for i in invoices)
    paid = world.all("invoices", subscription_id=subscription)
    assert {i.status for i in paid} == {"paid"} and len({i.paid_by for i in paid}) == 1
    assert all(i.next_attempt_at is None for i in paid), "no retry after settling"


@seed("002:29")
def test_with_nothing_outstanding_settle_changes_nothing(world):
    subscription = world.subscribe(world.add_card())
    other = world.add_card(number="5555555555554444")
    outcome = world.run("global", billing.settle_balance, subscription, other)
    assert outcome.ok and "nothing was changed" in outcome.message.render("en")
    assert world.get("subscriptions", subscription).payment_method_id != other
    assert world.all("charge_attempts", subscription_id=subscription) == []


@seed("002:30")
def test_the_owner_of_the_card_may_change_its_expiry_while_settling(world):
    card, subscription = expired_card_world(world, admin="billing")
    outcome = world.run("billing", billing.settle_balance, subscription, expiry="03/2029")
    assert outcome.ok
    assert world.get("payment_methods", card).exp_year == 2029


@seed("002:30")
def test_the_owner_may_pick_a_different_card_and_it_is_linked_only_when_it_pays(world):
    _, subscription = expired_card_world(world)
    good = world.add_card(number="5555555555554444")
    outcome = world.run("global", billing.settle_balance, subscription, good)
    assert outcome.ok
    assert world.get("subscriptions", subscription).payment_method_id == good
    assert any("now paid with" in d.render("en") for d in outcome.details)


@seed("002:30")
def test_a_declined_settle_with_another_card_keeps_the_old_link(world):
    old, subscription = expired_card_world(world)
    bad = world.add_card(number="4000000000000150")
    outcome = world.run("global", billing.settle_balance, subscription, bad)
    assert not outcome.ok
    assert world.get("subscriptions", subscription).payment_method_id == old


@seed("002:31")
def test_someone_who_does_not_own_the_card_cannot_change_it_but_may_pick_their_own(world):
    card, subscription = expired_card_world(world, admin="billing")
    with pytest.raises(RuleRefusal) as refused:
        world.run("global", billing.settle_balance, subscription, expiry="03/2029")
    assert refused.value.code == "card-ownership"
    assert world.get("payment_methods", card).exp_year == 2026
    mine = world.add_card("global", number="5555555555554444")
    assert world.run("global", billing.settle_balance, subscription, mine).ok
    diagnosed = world.run("billing", diagnostics.diagnose_payment, subscription)
    assert "went through" in diagnosed.message.render("en") and not diagnosed.findings


@seed("002:34.1")
@seed("002:34.2")
def test_after_paying_a_past_due_balance_wait_48_hours_before_contacting_support(world):
    _, subscription = expired_card_world(world)
    world.run("global", billing.settle_balance, subscription, expiry="03/2029")
    status = world.run("global", diagnostics.past_due_status, subscription)
    assert status.rule == "past-due-lingers"
    support = world.run("global", diagnostics.contact_support, subscription)
    assert support.data["wait"] is True and support.rule == "past-due-lingers"
    world.advance(hours=49)
    assert world.run("global", diagnostics.contact_support, subscription).data["wait"] is False


@seed("002:34.1")
def test_a_routine_monthly_payment_starts_no_wait(world):
    subscription = world.subscribe(world.add_card(), first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    status = world.run("global", diagnostics.past_due_status, subscription)
    assert status.rule != "past-due-lingers" and "no longer past due" not in \
        status.message.render("en")
    assert world.run("global", diagnostics.contact_support, subscription).data["wait"] is False
