"""The issuer simulator: how a card's bank answers a charge.

A bank keeps a record of each card it issued (state, country, holder, expiry, address).
Test card numbers in the configuration open records in known states; any other valid
number opens an active record with the details the admin typed. A charge is approved
only when the card is active and allowed for online, international and recurring
payments, not expired, and the details on file match the bank's record
(rules ``issuer-refusals`` and ``details-must-match``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

from engine.cards import CardNumber
from engine.config import Config
from engine.domain.model import CardState, DeclineReason, IssuerRecord, PaymentMethod

_STATE_DECLINES = {
    CardState.NOT_ACTIVATED: DeclineReason.NOT_ACTIVATED,
    CardState.NOT_APPROVED_ONLINE: DeclineReason.NOT_APPROVED_ONLINE,
    CardState.NOT_APPROVED_INTERNATIONAL: DeclineReason.NOT_APPROVED_INTERNATIONAL,
    CardState.NOT_APPROVED_RECURRING: DeclineReason.NOT_APPROVED_RECURRING,
    CardState.INSUFFICIENT_FUNDS: DeclineReason.INSUFFICIENT_FUNDS,
}

# The fields a bank compares, in the order a reader checks them on the card and statement.
MATCHED_FIELDS = ("exp_month", "exp_year", "holder_name", "city", "region", "postal_code")


@dataclass(frozen=True)
class Decision:
    approved: bool
    reason: DeclineReason | None = None
    detail: str = ""

    @classmethod
    def approve(cls) -> Decision:
        return cls(True)

    @classmethod
    def decline(cls, reason: DeclineReason, detail: str = "") -> Decision:
        return cls(False, reason, detail)


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
        city=method.city,
        region=method.region,
        postal_code=postal_code,
    )


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _fold(a) == _fold(b)
    return a == b


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def mismatched_fields(method: PaymentMethod, record: IssuerRecord) -> list[str]:
    return [
        name for name in MATCHED_FIELDS
        if not _same(getattr(method, name), getattr(record, name))
    ]


def decide(method: PaymentMethod | None, record: IssuerRecord | None, at: datetime) -> Decision:
    """The bank's answer to a charge on ``method`` at ``at``."""
    if method is None or method.deleted_at is not None:
        return Decision.decline(DeclineReason.NO_PAYMENT_METHOD)
    if not method.is_card:
        return Decision.approve()
    if method.expired_at(at):
        return Decision.decline(DeclineReason.EXPIRED, method.expiry)
    if record is None:
        return Decision.decline(DeclineReason.UNKNOWN_CARD)
    state = CardState(record.state)
    if state in _STATE_DECLINES and state is not CardState.INSUFFICIENT_FUNDS:
        return Decision.decline(_STATE_DECLINES[state])
    mismatched = mismatched_fields(method, record)
    if mismatched:
        fields = sorted({"expiry" if f.startswith("exp_") else f for f in mismatched},
                        key=lambda f: ("expiry", *MATCHED_FIELDS).index(f))
        return Decision.decline(DeclineReason.DETAILS_MISMATCH, ",".join(fields))
    if state is CardState.INSUFFICIENT_FUNDS:
        return Decision.decline(DeclineReason.INSUFFICIENT_FUNDS)
    return Decision.approve()
