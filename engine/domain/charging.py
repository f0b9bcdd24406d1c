"""What happens to a charge: the bank's answer and what fixes a decline.

Rules ``details-must-match`` and ``issuer-refusals`` (seeds 000, 003, 004): a charge is
declined when the card is not active or not approved for online, international or
recurring payments, when it has expired, or when the number, expiry, name on the card or
billing address (street, city, county or state, postal code) differ from the bank's
records. The issuer simulator holds the bank's records; this module decides.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from engine.domain.model import CardState, DeclineReason, IssuerRecord, PaymentMethod

_STATE_DECLINES = {
    CardState.NOT_ACTIVATED: DeclineReason.NOT_ACTIVATED,
    CardState.NOT_APPROVED_ONLINE: DeclineReason.NOT_APPROVED_ONLINE,
    CardState.NOT_APPROVED_INTERNATIONAL: DeclineReason.NOT_APPROVED_INTERNATIONAL,
    CardState.NOT_APPROVED_RECURRING: DeclineReason.NOT_APPROVED_RECURRING,
}

# The details a bank compares, in the order a reader checks them on the card and statement.
MATCHED_FIELDS = ("exp_month", "exp_year", "holder_name", "address_line", "city", "region",
                  "postal_code")

# Which rule explains each decline, and so who fixes it: the bank (issuer-refusals), the
# admin by correcting the details on file (details-must-match), or the admin by linking a
# payment method (new-card-not-linked).
DECLINE_RULES = {
    DeclineReason.EXPIRED: "details-must-match",
    DeclineReason.DETAILS_MISMATCH: "details-must-match",
    DeclineReason.UNKNOWN_CARD: "details-must-match",
    DeclineReason.NOT_ACTIVATED: "issuer-refusals",
    DeclineReason.NOT_APPROVED_ONLINE: "issuer-refusals",
    DeclineReason.NOT_APPROVED_INTERNATIONAL: "issuer-refusals",
    DeclineReason.NOT_APPROVED_RECURRING: "issuer-refusals",
    DeclineReason.INSUFFICIENT_FUNDS: "issuer-refusals",
    DeclineReason.NO_PAYMENT_METHOD: "new-card-not-linked",
}


@dataclass(frozen=True)
class Decision:
    approved: bool
    reason: DeclineReason | None = None
    detail: str = ""  # the mismatched fields, comma-separated, for DETAILS_MISMATCH

    @classmethod
    def approve(cls) -> Decision:
        return cls(True)

    @classmethod
    def decline(cls, reason: DeclineReason, detail: str = "") -> Decision:
        return cls(False, reason, detail)

    @property
    def rule(self) -> str | None:
        return DECLINE_RULES[self.reason] if self.reason else None


def expired_on(method: PaymentMethod, day: date) -> bool:
    """A card is valid through the last day of its expiry month, in the tenant's zone."""
    if not method.is_card or method.exp_year is None or method.exp_month is None:
        return False
    return (day.year, day.month) > (method.exp_year, method.exp_month)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _same(a: object, b: object) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return _fold(a) == _fold(b)
    return a == b


def mismatched_fields(method: PaymentMethod, record: IssuerRecord) -> list[str]:
    """The details on file that differ from the bank's record, named as a reader knows
    them (``expiry`` for month and year), in :data:`MATCHED_FIELDS` order."""
    names = []
    for name in MATCHED_FIELDS:
        if not _same(getattr(method, name), getattr(record, name)):
            shown = "expiry" if name.startswith("exp_") else name
            if shown not in names:
                names.append(shown)
    return names


def decide(method: PaymentMethod | None, record: IssuerRecord | None, day: date) -> Decision:
    """The bank's answer to a charge on ``method`` on ``day`` (the tenant's local date)."""
    if method is None or method.deleted_at is not None:
        return Decision.decline(DeclineReason.NO_PAYMENT_METHOD)
    if not method.is_card:
        return Decision.approve()
    if expired_on(method, day):
        return Decision.decline(DeclineReason.EXPIRED, method.expiry)
    if record is None:
        return Decision.decline(DeclineReason.UNKNOWN_CARD)
    state = CardState(record.state)
    if state in _STATE_DECLINES:
        return Decision.decline(_STATE_DECLINES[state])
    mismatched = mismatched_fields(method, record)
    if mismatched:
        return Decision.decline(DeclineReason.DETAILS_MISMATCH, ",".join(mismatched))
    if state is CardState.INSUFFICIENT_FUNDS:
        return Decision.decline(DeclineReason.INSUFFICIENT_FUNDS)
    return Decision.approve()


def bank_fixes(reason: DeclineReason) -> bool:
    """Whether only the card's bank can fix this decline (rule ``issuer-refusals``): a card
    not activated, not approved for a kind of payment, or without funds."""
    return DECLINE_RULES[reason] == "issuer-refusals"
