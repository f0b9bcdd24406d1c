"""Checks and safe forms of what an admin types for a card or bank account.

The full number is used only here and by the issuer simulator's vault while a payment
method is added; Betal keeps the vault's token, the brand and the last four digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.exceptions import ValidationError

from engine.errors import N_, InputError

_BRANDS = (
    ("American Express", re.compile(r"3[47]")),
    ("Mastercard", re.compile(r"5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720)")),
    ("Visa", re.compile(r"4")),
)


@dataclass(frozen=True)
class CardNumber:
    digits: str

    @property
    def brand(self) -> str:
        """The card network from the number's prefix, or "" when it is not one we know."""
        for name, prefix in _BRANDS:
            if prefix.match(self.digits):
                return name
        return ""

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    def masked(self) -> str:
        return "•••• " + self.last4


def clean_digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "")


def parse_card_number(text: str) -> CardNumber:
    digits = clean_digits(text)
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        raise InputError(
            "invalid-card-number",
            N_("The card number must be 12 to 19 digits (spaces and dashes are allowed)."),
        )
    try:
        luhn.validate(digits)
    except ValidationError:
        raise InputError(
            "invalid-card-number",
            N_("The card number ending in {last4} is not valid: its check digit is wrong. "
               "Type it again exactly as it is printed on the card."),
            last4=digits[-4:],
        ) from None
    return CardNumber(digits)


_EXPIRY = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*$")


def parse_expiry(text: str, now: datetime) -> tuple[int, int]:
    """``MM/YY`` or ``MM/YYYY`` into (month, year); a month already past is refused."""
    match = _EXPIRY.match(text or "")
    if not match:
        raise InputError(
            "invalid-expiry",
            N_("The expiry date '{value}' is not in the form MM/YY or MM/YYYY."),
            value=text,
        )
    month, year = int(match[1]), int(match[2])
    if year < 100:
        year += 2000
    if not 1 <= month <= 12:
        raise InputError(
            "invalid-expiry",
            N_("The expiry date '{value}' has no month {month}: use 01 to 12."),
            value=text, month=month,
        )
    if (year, month) < (now.year, now.month):
        raise InputError(
            "card-expired",
            N_("The expiry date {value} has already passed. Use the date printed on your "
               "current card."),
            value=f"{month:02d}/{year}",
        )
    if year > now.year + 20:
        raise InputError(
            "invalid-expiry",
            N_("The expiry date '{value}' is too far in the future."),
            value=text,
        )
    return month, year


def validate_security_code(text: str, card: CardNumber) -> None:
    length = 4 if card.brand == "American Express" else 3
    if not (text.isdigit() and len(text) == length):
        raise InputError(
            "invalid-security-code",
            N_("The security code must be {length} digits."),
            length=length,
        )


@dataclass(frozen=True)
class BankAccount:
    iban: str

    @property
    def country(self) -> str:
        return self.iban[:2]

    @property
    def last4(self) -> str:
        return self.iban[-4:]


def parse_iban(text: str) -> BankAccount:
    compact = stdnum_iban.compact(text or "")
    try:
        stdnum_iban.validate(compact)
    except ValidationError:
        raise InputError(
            "invalid-iban",
            N_("The IBAN ending in {last4} is not valid. Check the country code, the two "
               "check digits and the account number."),
            last4=compact[-4:],
        ) from None
    return BankAccount(compact)

