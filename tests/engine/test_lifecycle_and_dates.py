"""The subscription lifecycle, billing days, the tenant's time zone and amounts."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.actions.runner import execute
from engine.domain import calendar, lifecycle
from engine.domain.model import SubscriptionStatus
from engine.domain.money import MAX_MINOR, Money
from engine.errors import InputError
from engine.i18n import format_money
from engine.services import billing, diagnostics
from tests.engine.world import START, World


@pytest.fixture
def world(database):
    return World(database)


def test_a_subscription_billed_on_the_31st_keeps_its_day():
    zone = "Europe/Oslo"
    moment = calendar.to_utc(datetime(2027, 1, 31, 9), zone)
    seen = []
    for _ in range(4):
        seen.append(calendar.local(moment, zone))
        moment = calendar.next_billing(moment, 31, zone)
    assert [(m.month, m.day, m.hour) for m in seen] == [(1, 31, 9), (2, 28, 9), (3, 31, 9),
                                                        (4, 30, 9)]
    leap = calendar.next_billing(calendar.to_utc(datetime(2028, 1, 31, 9), zone), 31, zone)
    assert calendar.local(leap, zone).day == 29


def test_the_billing_cycle_invoices_on_the_billing_day(world):
    first = calendar.to_utc(datetime(2026, 3, 31, 9), world.tenant.zone)
    world.advance_to(first - timedelta(days=1))
    subscription = world.subscribe(world.add_card(), first_invoice=first)
    world.advance(days=95)
    issued = sorted(calendar.local(i.issued_at, world.tenant.zone).date()
                    for i in world.all("invoices", subscription_id=subscription))
    assert [(d.month, d.day) for d in issued] == [(3, 31), (4, 30), (5, 31), (6, 30)]


def test_a_past_due_subscription_expires_is_disabled_then_deleted(world):
    stages = world.config.stages
    card = world.add_card(number="4000000000000150")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.PAST_DUE
    world.advance(days=stages.past_due_days)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.EXPIRED
    invoices = len(world.all("invoices", subscription_id=subscription))
    world.advance(days=stages.expired_days)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.DISABLED
    assert len(world.all("invoices", subscription_id=subscription)) == invoices, \
        "expired and disabled subscriptions are not invoiced"
    world.advance(days=stages.disabled_days)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.DELETED
    with pytest.raises(InputError) as refused:
        world.run("global", billing.settle_balance, subscription)
    assert refused.value.code == "subscription-deleted"


def test_settling_an_expired_subscription_makes_it_active_and_billing_resumes(world):
    card = world.add_card(number="4000000000000168", postal_code="0155")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1 + world.config.stages.past_due_days)
    assert world.get("subscriptions", subscription).status == SubscriptionStatus.EXPIRED
    outcome = world.run("global", billing.settle_balance, subscription, postal_code="9999")
    assert outcome.ok
    after = world.get("subscriptions", subscription)
    assert after.status == SubscriptionStatus.ACTIVE and after.next_invoice_at > world.now()
    assert after.past_due_paid_at is not None
    world.advance(days=31)
    assert world.all("invoices", subscription_id=subscription)[-1].issued_at > START + \
        timedelta(days=60)


def test_the_stage_thresholds_agree_with_the_stage_of_one_subscription():
    stages = lifecycle.Stages(10, 5, 7)
    since = START
    for days in range(0, 30):
        now = since + timedelta(days=days)
        by_threshold = next((status for status, at_most in lifecycle.thresholds(now, stages)
                             if since <= at_most), SubscriptionStatus.PAST_DUE)
        assert lifecycle.stage_at(lifecycle.Standing(SubscriptionStatus.PAST_DUE, since), now,
                                  stages) == by_threshold


def test_times_are_shown_in_the_tenants_zone_in_every_language(world):
    card = world.add_card(number="4000000000000119")
    subscription = world.subscribe(card, first_invoice=datetime(2026, 3, 3, 23, 30))
    world.advance_to(datetime(2026, 3, 3, 23, 30))
    for locale in ("en", "nb-NO", "nl-NL"):
        result = execute(world.database, "payment.diagnose", {"subscription": subscription},
                         admin=world.admins["global"].id, locale=locale)
        assert "00:30" in result.message, (locale, result.message)


def test_a_diagnosis_after_the_expiry_was_corrected_no_longer_asks_for_it(world):
    card = world.add_card(expiry="03/2026")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=31))
    world.advance(days=31)
    before = world.run("global", diagnostics.diagnose_payment, subscription)
    assert "payment-method.update" in {fix.action for fix in before.findings[0].fixes}
    world.reissue(card, "03/2029")
    from engine.services import payment_methods as pm

    world.run("global", pm.update_payment_method, card, expiry="03/2029")
    after = world.run("global", diagnostics.diagnose_payment, subscription)
    assert after.findings[0].code == "fixed-since"
    assert "expiry" not in after.findings[0].message.render("en")
    assert after.data["fixed"] is True


def test_a_settle_with_another_card_shows_the_relink_in_its_preview_and_outcome(world):
    card = world.add_card(number="4000000000000150")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    good = world.add_card(number="5555555555554444")
    admin = world.admins["global"].id
    params = {"subscription": subscription, "payment_method": good}
    preview = execute(world.database, "balance.settle", params, admin=admin, preview=True)
    relinks = [c for c in preview.changes if c["entity"] == "subscription"
               and "payment_method_id" in c["fields"]]
    assert relinks and relinks[0]["fields"]["payment_method_id"] == [card, good]
    assert world.get("subscriptions", subscription).payment_method_id == card, "a preview"
    result = execute(world.database, "balance.settle", params, admin=admin, locale="en")
    assert any("payment_method_id" in c["fields"] for c in result.changes
               if c["entity"] == "subscription")
    assert any("now paid with" in detail for detail in result.details)


def test_money_has_bounds_and_large_amounts_are_formatted_exactly():
    with pytest.raises(OverflowError):
        Money(MAX_MINOR + 1, "NOK")
    with pytest.raises(TypeError):
        Money(1.5, "NOK")
    assert format_money(Money(123456789012345, "NOK"), "nb-NO").startswith(
        "1\xa0234\xa0567\xa0890\xa0123,45")
    assert format_money(Money(999999999999999, "EUR"), "nl-NL") == "€\xa09.999.999.999.999,99"


@pytest.mark.parametrize(("country", "currency"), [
    ("NO", "NOK"), ("NL", "EUR"), ("SE", "SEK"), ("BE", "EUR"), ("FR", "EUR"), ("IT", "EUR"),
    ("LU", "EUR"), ("PT", "EUR"), ("ES", "EUR"), ("US", "USD")])
def test_tenants_in_every_country_the_rules_name(database, country, currency):
    world = World(database, country=country)
    assert world.tenant.currency == currency
    card = world.add_card()
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    invoice = world.all("invoices", subscription_id=subscription)[0]
    assert (invoice.currency, invoice.status) == (currency, "paid")



@settings(max_examples=400, deadline=None)
@given(moment=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2032, 12, 31)),
       day=st.integers(min_value=1, max_value=31),
       zone=st.sampled_from(["Europe/Oslo", "America/New_York", "Europe/Lisbon", "UTC",
                             "Asia/Kathmandu", "Australia/Lord_Howe"]))
def test_the_quarter_hour_shortcut_gives_what_the_calendar_says(moment, day, zone):
    """The billing date and the local day, taken through the quarter hour's cache, are the
    ones the plain conversions give, across daylight-saving changes too."""
    plain_next = calendar.to_utc(calendar.month_on_day(calendar.local(moment, zone), 1, day),
                                 zone)
    assert calendar.next_billing(moment, day, zone) == plain_next
    assert calendar.local_day(moment, zone) == calendar.local(moment, zone).date()
