"""The issuer simulator: the banks that issued the cards, and what they hold about them.

A bank keeps a record of each card it issued (state, country, holder, expiry, billing
address). Test card numbers in the configuration open records in known states; any other
valid number opens an active record with the details the admin typed. Whether a charge
is approved is decided from that record by :func:`engine.domain.charging.decide`.
"""

from __future__ import annotations

from engine.cards import CardNumber
from engine.config import Config
from engine.domain.model import CardState, IssuerRecord, PaymentMethod


def issuing_country(number: CardNumber, billing_country: str, config: Config) -> str:
    test_card = config.test_cards.get(number.digits)
    if test_card and test_card.country:
        return test_card.country
    return billing_country


def open_record(
    number: CardNumber, fingerprint: str, method: PaymentMethod, config: Config
) -> IssuerRecord:
    """The record a bank holds for a card it issued, as first seen when it is added."""
    test_card = config.test_cards.get(number.digits)
    state = CardState(test_card.state) if test_card else CardState.ACTIVE
    postal_code = method.postal_code
    if test_card and test_card.bank_postal_code:
        postal_code = test_card.bank_postal_code
    return IssuerRecord(
        fingerprint=fingerprint,
        state=state,
        country=method.country,
        holder_name=method.holder_name,
        exp_month=method.exp_month or 0,
        exp_year=method.exp_year or 0,
        address_line=method.address_line,
        city=method.city,
        region=method.region,
        postal_code=postal_code,
    )
