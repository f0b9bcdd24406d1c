"""The bank's answer to a charge (rules issuer-refusals and details-must-match)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from engine import config, issuer
from engine.cards import CardNumber
from engine.domain.charging import decide
from engine.domain.model import CardState, DeclineReason, IssuerRecord, PaymentMethod

AT = datetime(2026, 5, 10)
DAY = AT.date()


def method(**changes) -> PaymentMethod:
    values = dict(id="pm_1", tenant_id="tn_1", kind="credit-card", added_by="ad_1",
                  country="NO", last4="4242", token="t", holder_name="Kari Nordmann",
                  created_at=AT, brand="Visa", exp_month=12, exp_year=2030, city="Oslo",
                  region="Oslo", postal_code="0155", address_line="Storgata 1")
    return PaymentMethod(**(values | changes))


def record(**changes) -> IssuerRecord:
    values = dict(token="t", state=CardState.ACTIVE, country="NO",
                  holder_name="Kari Nordmann", exp_month=12, exp_year=2030, city="Oslo",
                  region="Oslo", postal_code="0155", address_line="Storgata 1")
    return IssuerRecord(**(values | changes))


def test_an_active_card_with_matching_details_is_approved():
    assert decide(method(), record(), DAY).approved


def test_name_and_address_compare_without_case_or_extra_spaces():
    assert decide(method(holder_name=" kari  NORDMANN ", city="OSLO"), record(),
                         DAY).approved


@pytest.mark.rule("issuer-refusals")
@pytest.mark.parametrize("state,reason", [
    (CardState.NOT_ACTIVATED, DeclineReason.NOT_ACTIVATED),
    (CardState.NOT_APPROVED_ONLINE, DeclineReason.NOT_APPROVED_ONLINE),
    (CardState.NOT_APPROVED_INTERNATIONAL, DeclineReason.NOT_APPROVED_INTERNATIONAL),
    (CardState.NOT_APPROVED_RECURRING, DeclineReason.NOT_APPROVED_RECURRING),
    (CardState.INSUFFICIENT_FUNDS, DeclineReason.INSUFFICIENT_FUNDS),
])
def test_states_the_bank_refuses(state, reason):
    decision = decide(method(), record(state=state), DAY)
    assert not decision.approved and decision.reason == reason


@pytest.mark.rule("details-must-match")
def test_every_mismatched_field_is_named():
    decision = decide(method(postal_code="0150", holder_name="K. Nordmann"),
                             record(), DAY)
    assert decision.reason == DeclineReason.DETAILS_MISMATCH
    assert decision.detail == "holder_name,postal_code"


@pytest.mark.rule("details-must-match")
def test_a_card_is_valid_through_the_last_day_of_its_expiry_month():
    card = method(exp_month=5, exp_year=2026)
    bank = record(exp_month=5, exp_year=2026)
    assert decide(card, bank, date(2026, 5, 31)).approved
    assert decide(card, bank, date(2026, 6, 1)).reason == DeclineReason.EXPIRED


def test_a_bank_account_needs_no_card_record_and_a_deleted_method_never_pays():
    assert decide(method(kind="bank-account", exp_month=None, exp_year=None), None,
                         DAY).approved
    assert decide(method(deleted_at=AT), record(), DAY).reason == \
        DeclineReason.NO_PAYMENT_METHOD
    assert decide(method(), None, DAY).reason == DeclineReason.UNKNOWN_CARD


def test_test_cards_open_records_in_their_configured_state():
    settings = config.load()
    card = CardNumber("4000000000000119")
    assert issuer.opening_record(card, method(), settings).state == CardState.NOT_ACTIVATED
    mismatch = issuer.opening_record(CardNumber("4000000000000168"), method(), settings)
    assert mismatch.postal_code == "9999"
    assert issuer.issuing_country(CardNumber("4000000000000176"), "NO", settings) == "SE"
    assert issuer.issuing_country(CardNumber("4242424242424242"), "NO", settings) == "NO"


@pytest.mark.rule("details-must-match")
def test_the_street_line_is_compared_too():
    decision = decide(method(address_line="Storgata 2"), record(), DAY)
    assert decision.reason == DeclineReason.DETAILS_MISMATCH
    assert decision.detail == "address_line"


def test_an_unknown_card_number_is_declined_as_such():
    assert decide(method(), None, DAY).reason == DeclineReason.UNKNOWN_CARD
