"""Rules about charging, declines, retries, notices and settling (seeds 000-003)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.domain.model import DeclineReason, NoticeKind, SubscriptionStatus
from engine.errors import RuleRefusal
from engine.services import billing, diagnostics
from engine.services import payment_methods as pm
from tests.engine.world import START, World

rule = pytest.mark.rule


@pytest.fixture
def world(database):
    return World(database)


def declined_world(world, number="4000000000000119", **card):
    """A subscription whose card the bank declines at the first charge."""
    card_id = world.add_card(number=number, **card)
    subscription = world.subscribe(card_id, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    return card_id, subscription


@rule("decline-notice")
def test_a_declined_charge_sends_the_admins_a_notice(world):
    _, subscription = declined_world(world)
    notices = world.all("notices", subscription_id=subscription)
    assert [n.kind for n in notices] == [NoticeKind.PAYMENT_DECLINED]
    recipients = set(notices[0].recipients.split(","))
    assert recipients == {world.admins["global"].id, world.admins["billing"].id,
                          world.admins["billing2"].id}


@rule("decline-notice")
def test_a_paid_charge_sends_no_decline_notice(world):
    subscription = world.subscribe(world.add_card(), first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    assert world.all("notices", subscription_id=subscription) == []
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.ACTIVE


@rule("retry-window")
def test_retries_follow_the_configured_schedule_within_four_weeks(world):
    _, subscription = declined_world(world)
    world.advance(days=40)
    attempts = sorted(world.all("charge_attempts", subscription_id=subscription),
                      key=lambda a: a.at)
    invoice = min(world.all("invoices", subscription_id=subscription), key=lambda i: i.issued_at)
    offsets = [(a.at - invoice.issued_at).days for a in attempts if a.invoice_id == invoice.id]
    assert offsets == list(world.config.attempt_days)
    assert max(offsets) <= 28
    assert len(offsets) >= 3


@rule("retries-remaining")
def test_after_one_or_two_notices_another_attempt_is_coming(world):
    _, subscription = declined_world(world)
    for notices_so_far in (1, 2):
        status = retry_status(world, subscription)
        assert status.decline_notices == notices_so_far
        assert status.next_attempt_at is not None
        assert status.remaining == 3 - notices_so_far
        world.advance_to(status.next_attempt_at)
    status = retry_status(world, subscription)
    assert status.decline_notices == 3
    assert status.next_attempt_at is None and status.remaining == 0
    kinds = [n.kind for n in world.all("notices", subscription_id=subscription)]
    assert kinds.count(NoticeKind.RETRIES_EXHAUSTED) == 1


def retry_status(world, subscription):
    with world.database.unit_of_work(write=False) as uow:
        return diagnostics.retry_status(world.ctx(uow), uow.subscriptions.get(subscription))


@rule("retries-remaining")
def test_retries_show_says_when_the_next_attempt_comes(world):
    _, subscription = declined_world(world)
    outcome = world.run("reader", diagnostics.show_retries, subscription)
    assert outcome.data["decline_notices"] == 1
    assert outcome.data["next_attempt_at"] == (START + timedelta(days=11)).isoformat()
    assert [s["state"] for s in outcome.data["schedule"]] == ["declined", "planned", "planned"]


@rule("settle-balance")
def test_settle_pays_the_whole_outstanding_balance_at_once(world):
    card, subscription = declined_world(world, number="4000000000000168", postal_code="0155")
    world.advance(days=31)  # a second month's invoice is outstanding too
    invoices = world.all("invoices", subscription_id=subscription)
    assert len(invoices) == 2 and all(i.status == "open" for i in invoices)
    world.run("global", pm.update_payment_method, card, postal_code="9999")
    outcome = world.run("global", billing.settle_balance, subscription)
    assert outcome.ok
    assert outcome.data["amount"] == sum(i.amount for i in invoices)
    paid = world.all("invoices", subscription_id=subscription)
    assert {i.status for i in paid} == {"paid"}
    assert len({i.paid_by for i in paid}) == 1, "one charge pays every open invoice"
    after = world.get("subscriptions", subscription)
    assert after.status == SubscriptionStatus.ACTIVE and after.past_due_since is None
    assert all(i.next_attempt_at is None for i in paid), "no retry after settling"


@rule("settle-balance")
def test_settle_with_another_card_links_it_and_pays(world):
    _, subscription = declined_world(world)
    new = world.add_card(number="5555555555554444")
    outcome = world.run("global", billing.settle_balance, subscription, new)
    assert outcome.ok
    assert world.get("subscriptions", subscription).payment_method_id == new


@rule("settle-balance")
def test_a_declined_settle_keeps_the_attempt_and_sends_a_notice(world):
    _, subscription = declined_world(world)
    outcome = world.run("global", billing.settle_balance, subscription)
    assert not outcome.ok and outcome.code == "issuer-refusals"
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.PAST_DUE
    notices = world.all("notices", subscription_id=subscription)
    assert [n.automatic for n in notices].count(False) == 1


@rule("settle-balance")
def test_nothing_to_settle_changes_nothing(world):
    subscription = world.subscribe(world.add_card(), first_invoice=START + timedelta(days=60))
    outcome = world.run("global", billing.settle_balance, subscription)
    assert outcome.ok
    assert world.all("charge_attempts") == []


@rule("past-due-lingers")
def test_after_payment_the_past_due_notice_may_linger_and_support_waits_48_hours(world):
    card, subscription = declined_world(world, number="4000000000000168")
    world.run("global", pm.update_payment_method, card, postal_code="9999")
    world.run("global", billing.settle_balance, subscription)
    outcome = world.run("global", diagnostics.past_due_status, subscription)
    assert outcome.rule == "past-due-lingers"
    paid_at = world.get("subscriptions", subscription).last_paid_at
    assert outcome.data["contact_support_after"] == (paid_at + timedelta(hours=48)).isoformat()
    support = world.run("global", diagnostics.contact_support, subscription)
    assert support.rule == "past-due-lingers" and support.data["wait"] is True
    world.advance(hours=49)
    assert world.run("global", diagnostics.past_due_status, subscription).rule != \
        "past-due-lingers"
    assert world.run("global", diagnostics.contact_support, subscription).data["wait"] is False


@rule("details-must-match")
@pytest.mark.parametrize("field,value,label", [
    ("holder_name", "Someone Else", "holder_name"),
    ("city", "Bergen", "city"),
    ("region", "Vestland", "region"),
    ("postal_code", "5003", "postal_code"),
    ("expiry", "11/2031", "expiry"),
])
def test_details_that_differ_from_the_bank_are_declined(world, field, value, label):
    card = world.add_card()
    world.run("global", pm.update_payment_method, card, **{field: value})
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    (attempt,) = world.all("charge_attempts", subscription_id=subscription)
    assert attempt.decline_reason == DeclineReason.DETAILS_MISMATCH
    assert attempt.decline_detail == label


@rule("details-must-match")
def test_an_expired_card_is_declined_until_its_expiry_is_updated(world):
    card = world.add_card(expiry="03/2026")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=31))
    world.advance(days=31)
    (attempt,) = world.all("charge_attempts", subscription_id=subscription)
    assert attempt.decline_reason == DeclineReason.EXPIRED


@rule("issuer-refusals")
@pytest.mark.parametrize("number,reason", [
    ("4000000000000119", DeclineReason.NOT_ACTIVATED),
    ("4000000000000127", DeclineReason.NOT_APPROVED_ONLINE),
    ("4000000000000135", DeclineReason.NOT_APPROVED_INTERNATIONAL),
    ("4000000000000143", DeclineReason.NOT_APPROVED_RECURRING),
    ("4000000000000150", DeclineReason.INSUFFICIENT_FUNDS),
])
def test_the_bank_refuses_cards_in_these_states(world, number, reason):
    _, subscription = declined_world(world, number=number)
    (attempt,) = world.all("charge_attempts", subscription_id=subscription)
    assert attempt.decline_reason == reason
    diagnosis = world.run("global", diagnostics.diagnose_payment, subscription)
    assert diagnosis.rule == "issuer-refusals"


@rule("new-card-not-linked")
def test_notices_keep_coming_for_the_old_card_until_the_new_one_is_linked(world):
    old, subscription = declined_world(world)
    new = world.add_card(number="5555555555554444")
    world.advance(days=10)
    notices = world.all("notices", subscription_id=subscription)
    assert {n.payment_method_id for n in notices} == {old}
    diagnosis = world.run("global", diagnostics.diagnose_payment, subscription)
    linked = [f for f in diagnosis.findings if f.code == "new-card-not-linked"]
    assert linked and linked[0].fixes[0].params["payment_method"] == new
    world.run("global", pm.change_subscription_method, subscription, new)
    world.advance(days=14)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.ACTIVE
    assert len(world.all("notices", subscription_id=subscription)) == len(notices)


@rule("billing-profile-roles")
@pytest.mark.parametrize("admin,allowed", [
    ("owner", True), ("contributor", True), ("invoices", True), ("reader", False),
])
def test_invoice_managers_may_pay_but_readers_may_not(world, admin, allowed):
    card = world.add_card(number="4000000000000168")
    subscription = world.subscribe(None, profile_id=world.profile(card),
                                   first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    if allowed:
        outcome = world.run(admin, billing.settle_balance, subscription)
        assert outcome.code == "details-must-match"
    else:
        with pytest.raises(RuleRefusal) as refused:
            world.run(admin, billing.settle_balance, subscription)
        assert refused.value.code == "billing-profile-roles"


@rule("card-ownership")
def test_settling_with_someone_elses_card_is_refused(world):
    _, subscription = declined_world(world)
    with pytest.raises(RuleRefusal) as refused:
        world.run("billing", billing.settle_balance, subscription)
    assert refused.value.code == "card-ownership"


def test_invoices_of_a_profile_paid_by_invoice_fall_past_due_after_their_terms(world):
    profile = world.profile(None, pays_by="invoice")
    subscription = world.subscribe(None, profile_id=profile,
                                   first_invoice=START + timedelta(days=1))
    world.advance(days=30)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.ACTIVE
    world.advance(days=2)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.PAST_DUE
    assert world.all("charge_attempts") == []
