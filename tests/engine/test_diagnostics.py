"""Diagnostic actions change nothing and explain each finding with the rule that covers it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.actions.runner import execute
from engine.services import diagnostics
from tests.engine.world import START, World

rule = pytest.mark.rule


@pytest.fixture
def world(database):
    return World(database)


@rule("blocked-cookies")
def test_blocked_cookies_are_fixed_by_allowing_third_party_cookies(world):
    outcome = world.run("reader", diagnostics.browser_cookies)
    assert outcome.rule == "blocked-cookies"
    assert "third-party cookies" in outcome.message.render("en")
    assert "tredjepart" in outcome.message.render("nb-NO")


@rule("contact-support")
def test_a_card_that_cannot_be_entered_points_to_support(world):
    outcome = world.run("global", diagnostics.check_payment_method, kind="credit-card",
                        number="4242424242424241", expiry="12/30")
    codes = [f.code for f in outcome.findings]
    assert codes == ["invalid-card-number", "contact-support"]
    assert outcome.data["usable"] is False
    assert any(f.rule == "contact-support" for f in outcome.findings)


@rule("contact-support")
def test_support_gets_what_to_have_ready_and_never_a_card_number(world):
    card = world.add_card(number="4000000000000119")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    outcome = world.run("global", diagnostics.contact_support, subscription)
    assert outcome.rule == "contact-support"
    ready = outcome.data["ready"]
    assert ready["subscription"] == subscription and ready["open_invoices"]
    assert ready["last_decline"]["reason"] == "not_activated"
    text = " ".join(d.render("en") for d in outcome.details)
    assert "4000000000000119" not in text and "0119" in text


@rule("same-country")
def test_check_explains_a_foreign_card_without_adding_it(world):
    outcome = world.run("global", diagnostics.check_payment_method, kind="credit-card",
                        number="4000000000000176", expiry="12/30")
    assert [f.code for f in outcome.findings] == ["same-country"]
    assert world.all("payment_methods") == []


@rule("issuer-refusals")
def test_check_warns_that_the_bank_will_decline_a_test_card(world):
    outcome = world.run("global", diagnostics.check_payment_method, kind="credit-card",
                        number="4000000000000127", expiry="12/30")
    assert outcome.data["usable"] is True
    assert [f.rule for f in outcome.findings] == ["issuer-refusals"]


@rule("card-ownership")
def test_check_an_existing_card_for_someone_else(world):
    card = world.add_card("billing")
    subscription = world.subscribe(world.add_card("global", "5555555555554444"))
    outcome = world.run("global", diagnostics.check_payment_method, payment_method=card,
                        subscription=subscription)
    assert outcome.data["usable"] is False and outcome.rule == "card-ownership"


@rule("details-must-match")
def test_diagnose_names_the_fields_that_differ_and_the_fix(world):
    card = world.add_card(number="4000000000000168")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    outcome = world.run("global", diagnostics.diagnose_payment, subscription)
    assert outcome.rule == "details-must-match"
    assert "postal code" in outcome.message.render("en")
    assert [f.action for f in outcome.fixes] == ["payment-method.update", "balance.settle"]


def test_diagnose_with_no_decline_says_so(world):
    subscription = world.subscribe(world.add_card(), first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    outcome = world.run("global", diagnostics.diagnose_payment, subscription)
    assert outcome.rule == "decline-notice" and not outcome.findings


@pytest.mark.parametrize("action,params", [
    ("payment.diagnose", {"subscription": "sub"}), ("retries.show", {"subscription": "sub"}),
    ("past-due.status", {"subscription": "sub"}), ("support.contact", {}),
    ("browser.cookies", {}), ("payment-method.check", {"payment_method": "pm"}),
])
def test_diagnostics_change_nothing_and_cite_an_article(world, action, params):
    card = world.add_card(number="4000000000000119")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    values = {name: {"sub": subscription, "pm": card}[value] for name, value in params.items()}
    result = execute(world.database, action, values, admin=world.admins["reader"].id)
    assert result.exit_code == 0, result.message
    assert result.changes == []
    cited = [result.rule] + [f["rule"] for f in result.findings]
    assert any(c and c["article"] for c in cited)
