"""Card numbers, expiry dates, IBANs, durations and months: what admins type."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine import cards
from engine.clock import add_months, parse_duration
from engine.errors import InputError

NOW = datetime(2026, 3, 15)


def test_a_valid_card_number_keeps_only_brand_and_last_four():
    card = cards.parse_card_number("4242 4242-4242 4242")
    assert (card.brand, card.last4, card.masked()) == ("Visa", "4242", "•••• 4242")
    assert cards.parse_card_number("5555555555554444").brand == "Mastercard"
    assert cards.parse_card_number("378282246310005").brand == "American Express"


@pytest.mark.parametrize("number", ["4242424242424241", "1234", "4242x42424242424", ""])
def test_a_wrong_card_number_is_refused_with_its_reason(number):
    with pytest.raises(InputError) as refused:
        cards.parse_card_number(number)
    assert refused.value.code == "invalid-card-number"


def test_the_luhn_error_names_the_last_four_digits_not_the_number():
    with pytest.raises(InputError) as refused:
        cards.parse_card_number("4242424242424241")
    assert "4241" in str(refused.value) and "424242424242" not in str(refused.value)


@pytest.mark.parametrize("text,expected", [
    ("03/26", (3, 2026)), ("3/2026", (3, 2026)), (" 12 / 2030 ", (12, 2030)),
])
def test_expiry_dates(text, expected):
    assert cards.parse_expiry(text, NOW) == expected


@pytest.mark.parametrize("text,code", [
    ("02/26", "card-expired"), ("13/27", "invalid-expiry"), ("2027-01", "invalid-expiry"),
    ("00/27", "invalid-expiry"), ("01/2099", "invalid-expiry"),
])
def test_bad_expiry_dates_are_refused(text, code):
    with pytest.raises(InputError) as refused:
        cards.parse_expiry(text, NOW)
    assert refused.value.code == code


def test_ibans():
    assert cards.parse_iban("NO93 8601 1117 947").country == "NO"
    assert cards.parse_iban("nl91abna0417164300").iban == "NL91ABNA0417164300"
    with pytest.raises(InputError) as refused:
        cards.parse_iban("NO93 8601 1117 948")
    assert refused.value.code == "invalid-iban"


def test_security_code_length_depends_on_the_brand():
    visa, amex = cards.parse_card_number("4242424242424242"), cards.parse_card_number(
        "378282246310005")
    cards.validate_security_code("123", visa)
    cards.validate_security_code("1234", amex)
    for code, card in (("1234", visa), ("12a", visa), ("123", amex)):
        with pytest.raises(InputError):
            cards.validate_security_code(code, card)


def test_the_vault_finds_a_number_again_only_within_its_tenant(tmp_path):
    from engine.store.vault import Vault

    vault = Vault(f"sqlite:///{tmp_path / 'v.db'}")
    session = vault.session()
    one = session.digest("tn_a", "4242424242424242")
    assert one == session.digest("tn_a", "4242 4242 4242 4242")
    assert one != session.digest("tn_b", "4242424242424242")
    session.close()
    vault.dispose()


@pytest.mark.parametrize("text,span", [
    ("7d", timedelta(days=7)), ("2w", timedelta(weeks=2)), ("36h", timedelta(hours=36)),
    ("1d12h", timedelta(days=1, hours=12)), ("90m", timedelta(minutes=90)),
])
def test_durations(text, span):
    assert parse_duration(text) == span


@pytest.mark.parametrize("text", ["", "7", "d", "7x", "-1d", "0d", "7d junk", "99999d"])
def test_bad_durations_are_refused(text):
    with pytest.raises(InputError) as refused:
        parse_duration(text)
    assert refused.value.code == "invalid-duration"


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(datetime(2026, 1, 31, 9), 1) == datetime(2026, 2, 28, 9)
    assert add_months(datetime(2028, 1, 31), 1) == datetime(2028, 2, 29)
    assert add_months(datetime(2026, 11, 15), 2) == datetime(2027, 1, 15)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
       st.integers(min_value=0, max_value=120))
def test_add_months_moves_forward_by_whole_months(moment, months):
    later = add_months(moment, months)
    assert (later.year * 12 + later.month) - (moment.year * 12 + moment.month) == months
    assert later.day <= moment.day and later.time() == moment.time()
