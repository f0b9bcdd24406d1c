"""Seeds 000 and 003 (the declined credit card, in Norsk bokmål and Nederlands) and the
declined-card rows of seed 004's troubleshooting table."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.domain.model import DeclineReason, NoticeKind
from engine.services import billing, diagnostics
from engine.services import payment_methods as pm
from tests.engine.world import START

seed = pytest.mark.seed


def declined(world, number="4000000000000119", **card):
    """A subscription whose card the bank declines at the first charge, a day from now."""
    card_id = world.add_card(number=number, **card)
    subscription = world.subscribe(card_id, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    return card_id, subscription


@seed("000:25.1")
@seed("003:25.1")
def test_a_declined_card_payment_sends_the_admins_an_email(world):
    _, subscription = declined(world)
    notices = world.all("notices", subscription_id=subscription)
    assert [n.kind for n in notices] == [NoticeKind.PAYMENT_DECLINED]
    assert set(notices[0].recipients.split(",")) == {
        world.admins[name].id for name in ("global", "billing", "billing2")}


@seed("000:25.1")
def test_an_approved_payment_sends_no_decline_notice(world):
    subscription = world.subscribe(world.add_card(), first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    kinds = [n.kind for n in world.all("notices", subscription_id=subscription)]
    assert NoticeKind.PAYMENT_DECLINED not in kinds


@seed("000:25.2")
@seed("003:25.2")
@pytest.mark.parametrize(("field", "value", "named"), [
    ("holder_name", "K. Nordmann", "holder_name"),
    ("address_line", "Storgata 99", "address_line"),
    ("city", "Bergen", "city"),
    ("region", "Vestland", "region"),
    ("postal_code", "5003", "postal_code"),
    ("expiry", "11/2031", "expiry"),
])
def test_each_detail_that_differs_from_the_bank_declines_the_charge(world, field, value, named):
    card = world.add_card()
    world.run("global", pm.update_payment_method, card, **{field: value})
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    attempt = world.all("charge_attempts", subscription_id=subscription)[0]
    assert (attempt.succeeded, attempt.decline_reason) == (False, DeclineReason.DETAILS_MISMATCH)
    assert attempt.decline_detail == named


@seed("000:25.2")
def test_details_are_compared_without_case_or_extra_spaces(world):
    card = world.add_card(holder_name=" global ", city="OSLO")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    assert world.all("charge_attempts", subscription_id=subscription)[0].succeeded


@seed("000:25.3")
@seed("003:25.3")
@seed("004:112")
def test_settle_balance_updates_the_card_and_submits_the_payment_at_once(world):
    card, subscription = declined(world, number="4000000000000168", postal_code="0155")
    outcome = world.run("global", billing.settle_balance, subscription, postal_code="9999")
    assert outcome.ok, outcome.message
    assert world.get("payment_methods", card).postal_code == "9999"
    invoices = world.all("invoices", subscription_id=subscription)
    assert {i.status for i in invoices} == {"paid"}


@seed("000:25.3")
def test_a_settle_that_is_declined_keeps_the_corrected_details_and_says_why(world):
    card, subscription = declined(world, number="4000000000000168", postal_code="0155")
    outcome = world.run("global", billing.settle_balance, subscription, city="Bergen")
    assert not outcome.ok and outcome.code == "details-must-match"
    assert world.get("payment_methods", card).city == "Bergen"
    assert {i.status for i in world.all("invoices", subscription_id=subscription)} == {"open"}


@seed("000:29.1")
@seed("003:29.1")
@seed("004:114")
@pytest.mark.parametrize("number", ["4000000000000127", "4000000000000135",
                                    "4000000000000143", "4000000000000150"])
def test_what_only_the_bank_can_fix_sends_the_admin_to_the_bank(world, number):
    _, subscription = declined(world, number=number)
    outcome = world.run("global", diagnostics.diagnose_payment, subscription)
    assert outcome.rule == "issuer-refusals"
    assert outcome.data["bank_fixes"] is True
    assert "bank" in outcome.findings[0].message.render("en")


@seed("000:29.2")
@seed("003:29.2")
def test_a_card_that_came_by_post_and_is_not_activated_is_for_the_bank(world):
    _, subscription = declined(world, number="4000000000000119")
    attempt = world.all("charge_attempts", subscription_id=subscription)[0]
    assert attempt.decline_reason == DeclineReason.NOT_ACTIVATED
    outcome = world.run("global", diagnostics.diagnose_payment, subscription)
    finding = outcome.findings[0]
    assert finding.rule == "issuer-refusals"
    assert "Contact your bank" in finding.message.render("en")
    assert "support.contact" not in {fix.action for fix in finding.fixes}
    support = world.run("global", diagnostics.contact_support, subscription)
    assert any("bank" in detail.render("en") for detail in support.details)


@seed("000:29.3")
@seed("003:29.3")
@pytest.mark.parametrize(("number", "reason"), [
    ("4000000000000127", DeclineReason.NOT_APPROVED_ONLINE),
    ("4000000000000135", DeclineReason.NOT_APPROVED_INTERNATIONAL),
    ("4000000000000143", DeclineReason.NOT_APPROVED_RECURRING),
])
def test_cards_not_approved_for_online_international_or_recurring_payments(world, number,
                                                                             reason):
    _, subscription = declined(world, number=number)
    assert world.all("charge_attempts", subscription_id=subscription)[0].decline_reason == reason


@seed("000:25.1")
def test_a_declined_settle_keeps_its_attempt_and_sends_a_notice(world):
    _, subscription = declined(world)
    outcome = world.run("global", billing.settle_balance, subscription)
    assert not outcome.ok and outcome.code == "issuer-refusals"
    notices = world.all("notices", subscription_id=subscription)
    assert [n.automatic for n in notices].count(False) == 1
    assert len(world.all("charge_attempts", subscription_id=subscription)) == 2
