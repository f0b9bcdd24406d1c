"""The issuer simulator: the banks that issued the cards, and what they answer.

Betal handles card data as a payment processor's customer does: the full number goes to
the simulator's vault once (:mod:`engine.store.vault`, a store apart from Betal's
database), and Betal keeps only its token. A bank keeps a record of each card it issued
(state, country, holder, expiry, billing address): test card numbers in the configuration
open records in known states; any other valid number opens an active record with the
details the admin typed. Whether a charge is approved is decided from that record by
:func:`engine.domain.charging.decide`.
"""

from __future__ import annotations

from engine.cards import CardNumber
from engine.config import Config
from engine.domain.model import CardState, IssuerRecord, PaymentMethod


def opening_record(number: CardNumber | None, method: PaymentMethod,
                   config: Config) -> IssuerRecord:
    """The record a bank holds for a card or account, as first seen when it is added: a
    test card's configured state, else active with the details the admin typed."""
    test_card = config.test_cards.get(number.digits) if number else None
    state = CardState(test_card.state) if test_card else CardState.ACTIVE
    postal_code = method.postal_code
    if test_card and test_card.bank_postal_code:
        postal_code = test_card.bank_postal_code
    return IssuerRecord(
        token="", state=state, country=method.country, holder_name=method.holder_name,
        exp_month=method.exp_month or 0, exp_year=method.exp_year or 0,
        address_line=method.address_line, city=method.city, region=method.region,
        postal_code=postal_code)


def issuing_country(number: CardNumber, billing_country: str, config: Config) -> str:
    """Where the bank issued a card: a test card's configured country, else the country of
    its billing address."""
    test_card = config.test_cards.get(number.digits)
    if test_card and test_card.country:
        return test_card.country
    return billing_country

