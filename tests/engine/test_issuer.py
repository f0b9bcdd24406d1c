"""The issuer simulator's answers (rules issuer-refusals and details-must-match)."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import config, issuer
from engine.cards import CardNumber
from engine.domain.model import CardState, DeclineReason, IssuerRecord, PaymentMethod

AT = datetime(2026, 5, 10)


def method(**changes) -> PaymentMethod:
    values = dict(id="pm_1", tenant_id="tn_1", kind="credit-card", added_by="ad_1",
                  country="NO", last4="4242", fingerprint="f", holder_name="Kari Nordmann",
                  created_at=AT, brand="Visa", exp_month=12, exp_year=2030, city="Oslo",
                  region="Oslo", postal_code="0155")
    return PaymentMethod(**(values | changes))


def record(**changes) -> IssuerRecord:
    values = dict(fingerprint="f", state=CardState.ACTIVE, country="NO",
                  holder_name="Kari Nordmann", exp_month=12, exp_year=2030, city="Oslo",
                  region="Oslo", postal_code="0155")
    return IssuerRecord(**(values | changes))


def test_an_active_card_with_matching_details_is_approved():
    assert issuer.decide(method(), record(), AT).approved


def test_name_and_address_compare_without_case_or_extra_spaces():
    assert issuer.decide(method(holder_name=" kari  NORDMANN ", city="OSLO"), record(),
                         AT).approved


@pytest.mark.rule("issuer-refusals")
@pytest.mark.parametrize("state,reason", [
    (CardState.NOT_ACTIVATED, DeclineReason.NOT_ACTIVATED),
    (CardState.NOT_APPROVED_ONLINE, DeclineReason.NOT_APPROVED_ONLINE),
    (CardState.NOT_APPROVED_INTERNATIONAL, DeclineReason.NOT_APPROVED_INTERNATIONAL),
    (CardState.NOT_APPROVED_RECURRING, DeclineReason.NOT_APPROVED_RECURRING),
    (CardState.INSUFFICIENT_FUNDS, DeclineReason.INSUFFICIENT_FUNDS),
])
def test_states_the_bank_refuses(state, reason):
    decision = issuer.decide(method(), record(state=state), AT)
    assert not decision.approved and decision.reason == reason


@pytest.mark.rule("details-must-match")
def test_every_mismatched_field_is_named():
    decision = issuer.decide(method(postal_code="0150", holder_name="K. Nordmann"),
                             record(), AT)
    assert decision.reason == DeclineReason.DETAILS_MISMATCH
    assert decision.detail == "holder_name,postal_code"


@pytest.mark.rule("details-must-match")
def test_a_card_is_valid_through_the_last_day_of_its_expiry_month():
    card = method(exp_month=5, exp_year=2026)
    bank = record(exp_month=5, exp_year=2026)
    assert issuer.decide(card, bank, datetime(2026, 5, 31, 23, 59)).approved
    assert issuer.decide(card, bank, datetime(2026, 6, 1)).reason == DeclineReason.EXPIRED


def test_a_bank_account_needs_no_card_record_and_a_deleted_method_never_pays():
    assert issuer.decide(method(kind="bank-account", exp_month=None, exp_year=None), None,
                         AT).approved
    assert issuer.decide(method(deleted_at=AT), record(), AT).reason == \
        DeclineReason.NO_PAYMENT_METHOD
    assert issuer.decide(method(), None, AT).reason == DeclineReason.UNKNOWN_CARD


def test_test_cards_open_records_in_their_configured_state():
    settings = config.load()
    card = CardNumber("4000000000000119")
    assert issuer.open_record(card, "f", method(), settings).state == CardState.NOT_ACTIVATED
    mismatch = issuer.open_record(CardNumber("4000000000000168"), "f", method(), settings)
    assert mismatch.postal_code == "9999"
    assert issuer.issuing_country(CardNumber("4000000000000176"), "NO", settings) == "SE"
    assert issuer.issuing_country(CardNumber("4242424242424242"), "NO", settings) == "NO"
