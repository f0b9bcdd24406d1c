"""Seed 001: the automatic attempts after a decline, and the new card that was never linked."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine.actions.runner import execute
from engine.domain import retries
from engine.domain.model import NoticeKind
from engine.services import billing, diagnostics
from engine.services import payment_methods as pm
from tests.engine.world import START
from tests.seeds.test_declined_card import declined

seed = pytest.mark.seed


def status(world, subscription):
    with world.database.unit_of_work(write=False) as uow:
        return diagnostics.retry_status(world.ctx(uow), uow.subscriptions.get(subscription))


@seed("001:23.1")
def test_the_card_is_charged_several_times_within_four_weeks_of_the_invoice_date(world):
    _, subscription = declined(world)
    world.advance(days=40)
    invoice = min(world.all("invoices", subscription_id=subscription),
                  key=lambda i: i.issued_at)
    attempts = [a for a in world.all("charge_attempts", subscription_id=subscription)
                if a.invoice_id == invoice.id]
    offsets = sorted((a.at - invoice.issued_at).days for a in attempts)
    assert len(offsets) >= 3
    assert 21 <= max(offsets) <= 28
    assert [a.sequence for a in sorted(attempts, key=lambda a: a.at)] == [1, 2, 3]


@seed("001:23.1")
def test_the_schedule_in_the_configuration_keeps_to_three_or_four_weeks():
    import tomllib

    from engine.config import DEFAULTS, ConfigError, from_mapping

    def schedule(days):
        raw = tomllib.loads(DEFAULTS.read_text(encoding="utf-8"))
        raw["billing"]["attempt_days"] = days
        return from_mapping(raw).attempt_days

    assert schedule([0, 10, 24]) == (0, 10, 24)
    for wrong in ([0, 10], [0, 10, 35], [0, 10, 14], [0, 20, 10], [3, 10, 24], [0, -1, 24],
                  "0, 10, 24", [0, 10, True]):
        with pytest.raises(ConfigError):
            schedule(wrong)


@seed("001:23.2")
def test_after_one_or_two_decline_notices_another_attempt_is_coming(world):
    _, subscription = declined(world)
    for notices in (1, 2):
        now = status(world, subscription)
        assert now.decline_notices == notices and now.next_attempt_at is not None
        world.advance_to(now.next_attempt_at)
    last = status(world, subscription)
    assert last.decline_notices == 3 and last.next_attempt_at is None
    kinds = [n.kind for n in world.all("notices", subscription_id=subscription)]
    assert kinds.count(NoticeKind.RETRIES_EXHAUSTED) == 1


@seed("001:23.2")
def test_a_declined_settle_counts_as_a_decline_notice_this_period(world):
    _, subscription = declined(world)
    world.run("global", billing.settle_balance, subscription)
    assert status(world, subscription).decline_notices == 2


@seed("001:23.2")
def test_with_two_open_invoices_the_current_one_still_has_an_attempt_coming(world):
    """A month of declines: the first invoice's attempts are used up, the second one's
    are not, so another attempt is coming (retries.show and payment.diagnose agree)."""
    _, subscription = declined(world)
    world.advance(days=31)
    open_invoices = [i for i in world.all("invoices", subscription_id=subscription)
                     if i.status == "open"]
    assert len(open_invoices) == 2
    now = status(world, subscription)
    assert now.next_attempt_at is not None and now.decline_notices == 1
    shown = world.run("global", diagnostics.show_retries, subscription)
    assert shown.data["next_attempt_at"] is not None
    diagnosed = world.run("global", diagnostics.diagnose_payment, subscription)
    assert "retries-remaining" in {f.code for f in diagnosed.findings}


@seed("001:23.2")
def test_the_outlook_counts_only_this_billing_periods_notices():
    start = START + timedelta(days=30)
    outlook = retries.outlook(start, [START, START + timedelta(days=10), start],
                              [None, start + timedelta(days=10)])
    assert outlook.decline_notices == 1
    assert outlook.next_attempt_at == start + timedelta(days=10)


@seed("001:25")
@seed("001:43")
def test_decline_notices_keep_coming_for_the_old_card_until_the_new_one_is_linked(world):
    old, subscription = declined(world)
    new = world.add_card("global", "5555555555554444")
    world.advance(days=10)
    declines = [n for n in world.all("notices", subscription_id=subscription)
                if n.kind == NoticeKind.PAYMENT_DECLINED]
    assert [n.payment_method_id for n in declines] == [old, old]
    diagnosed = world.run("global", diagnostics.diagnose_payment, subscription)
    finding = next(f for f in diagnosed.findings if f.code == "new-card-not-linked")
    assert finding.fixes[0].params == {"subscription": subscription, "payment_method": new}
    world.run("global", pm.change_subscription_method, subscription, new)
    world.advance(days=14)
    attempts = world.all("charge_attempts", subscription_id=subscription)
    assert max(attempts, key=lambda a: a.at).payment_method_id == new
    assert {i.status for i in world.all("invoices", subscription_id=subscription)} == {"paid"}


@seed("001:29")
@seed("001:33")
def test_the_subscription_can_be_moved_to_the_new_card_or_a_bank_account(world):
    subscription = world.subscribe(world.add_card())
    for method in (world.add_card(number="5555555555554444"), world.add_bank_account()):
        world.run("global", pm.change_subscription_method, subscription, method)
        assert world.get("subscriptions", subscription).payment_method_id == method


@seed("001:41")
def test_name_address_phone_and_expiry_are_what_can_be_updated(world):
    card = world.add_card()
    result = execute(world.database, "payment-method.update",
                     {"payment_method": card, "holder_name": "Kari Nordmann",
                      "address_line": "Bryggen 2", "city": "Bergen", "region": "Vestland",
                      "postal_code": "5003", "phone": "+47 55 00 00 00", "expiry": "07/2032"},
                     admin=world.admins["global"].id)
    assert result.ok, result.message
    method = world.get("payment_methods", card)
    assert (method.holder_name, method.city, method.phone, method.exp_month,
            method.exp_year) == ("Kari Nordmann", "Bergen", "+47 55 00 00 00", 7, 2032)


@seed("001:23.2")
def test_retries_show_says_when_the_next_attempt_comes(world):
    _, subscription = declined(world)
    outcome = world.run("reader", diagnostics.show_retries, subscription)
    assert outcome.data["decline_notices"] == 1
    assert outcome.data["next_attempt_at"] == (START + timedelta(days=11)).isoformat()
    assert [s["state"] for s in outcome.data["schedule"]] == ["declined", "planned", "planned"]
