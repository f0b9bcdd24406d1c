"""Localizable descriptions of entities and outcomes, shared by actions and the TUI."""

from __future__ import annotations

from engine.domain.model import DeclineReason, PaymentMethod
from engine.errors import N_
from engine.i18n import Message

FIELD_LABELS = {
    "expiry": N_("expiry date"),
    "holder_name": N_("name on the card"),
    "city": N_("city"),
    "region": N_("county or state"),
    "postal_code": N_("postal code"),
}

DECLINE_REASONS = {
    DeclineReason.EXPIRED: N_("the card has expired"),
    DeclineReason.NOT_ACTIVATED: N_("the card has not been activated"),
    DeclineReason.NOT_APPROVED_ONLINE: N_("the card is not approved for online payments"),
    DeclineReason.NOT_APPROVED_INTERNATIONAL: N_(
        "the card is not approved for international payments"),
    DeclineReason.NOT_APPROVED_RECURRING: N_("the card is not approved for recurring payments"),
    DeclineReason.INSUFFICIENT_FUNDS: N_("the bank reports insufficient funds"),
    DeclineReason.DETAILS_MISMATCH: N_("details that do not match the bank's records ({fields})"),
    DeclineReason.UNKNOWN_CARD: N_("the bank does not recognize the card number"),
    DeclineReason.NO_PAYMENT_METHOD: N_("no payment method is linked"),
}

# Which rule governs each decline: the ones a bank can fix (issuer-refusals) and the ones
# the admin fixes by correcting the details on file (details-must-match).
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


def method_label(method: PaymentMethod) -> Message:
    if method.is_card:
        if method.brand:
            return Message(N_("{brand} ending in {last4}"), brand=method.brand,
                           last4=method.last4)
        return Message(N_("card ending in {last4}"), last4=method.last4)
    return Message(N_("bank account ending in {last4}"), last4=method.last4)


def decline_reason(reason: str, detail: str = "") -> Message:
    fields = [Message(FIELD_LABELS[name]) for name in detail.split(",") if name in FIELD_LABELS]
    return Message(DECLINE_REASONS[DeclineReason(reason)], fields=fields)
