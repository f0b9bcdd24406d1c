"""Localizable descriptions of declines, shared by actions, read models and the TUI."""

from __future__ import annotations

from engine.domain.model import DeclineReason
from engine.errors import N_
from engine.i18n import Message

FIELD_LABELS = {
    "expiry": N_("expiry date"),
    "holder_name": N_("name on the card"),
    "address_line": N_("street address"),
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


def decline_reason(reason: str, detail: str = "") -> Message:
    fields = [Message(FIELD_LABELS[name]) for name in detail.split(",") if name in FIELD_LABELS]
    return Message(DECLINE_REASONS[DeclineReason(reason)], fields=fields)
