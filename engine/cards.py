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


@dataclass(frozen=True)
class Brand:
    """A card network: the number prefixes (issuer identification ranges, ISO/IEC 7812) it
    was given, and the lengths its numbers have."""

    name: str
    ranges: tuple[tuple[int, int], ...]  # (first, last) prefixes of one length, inclusive
    lengths: tuple[int, ...]

    def issued(self, digits: str) -> bool:
        return any(first <= int(digits[:len(str(first))]) <= last
                   for first, last in self.ranges)


# The networks a card payment in Norway and the Netherlands goes through, with their
# published ranges and lengths. python-stdnum checks the Luhn digit but knows no card
# ranges, so they are written out here. Order matters: a narrower range comes first.
BRANDS = (
    Brand("American Express", ((34, 34), (37, 37)), (15,)),
    Brand("Diners Club", ((300, 305), (3095, 3095), (36, 36), (38, 39)), (14, 15, 16, 17, 18, 19)),
    Brand("JCB", ((3528, 3589),), (16, 17, 18, 19)),
    Brand("Maestro", ((5018, 5018), (5020, 5020), (5038, 5038), (5893, 5893), (6304, 6304),
                      (6759, 6759), (6761, 6763)), tuple(range(12, 20))),
    Brand("Mastercard", ((51, 55), (2221, 2720)), (16,)),
    Brand("Discover", ((6011, 6011), (644, 649), (65, 65)), (16, 17, 18, 19)),
    Brand("Visa", ((4, 4),), (13, 16, 19)),
)


def brand_of(digits: str) -> Brand | None:
    return next((brand for brand in BRANDS if brand.issued(digits)), None)


@dataclass(frozen=True)
class CardNumber:
    digits: str

    @property
    def brand(self) -> str:
        """The card network from the number's prefix, or "" when it is not one we know."""
        brand = brand_of(self.digits)
        return brand.name if brand else ""

    @property
    def last4(self) -> str:
        return self.digits[-4:]

    def masked(self) -> str:
        return "•••• " + self.last4


def clean_digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text or "")


def parse_card_number(text: str) -> CardNumber:
    """A card number that can exist: digits only, a network's prefix and length, the
    right check digit. Messages name at most the last four digits."""
    digits = clean_digits(text)
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        raise InputError(
            "invalid-card-number",
            N_("The card number must be 12 to 19 digits (spaces and dashes are allowed)."),
        )
    if not digits.strip("0"):
        raise InputError("invalid-card-number",
                         N_("A card number is never all zeros. Type the number printed on the "
                            "card."))
    brand = brand_of(digits)
    if brand is None:
        raise InputError(
            "invalid-card-number",
            N_("The card number ending in {last4} belongs to no card network Betal takes "
               "({brands}). Check the first digits."),
            last4=digits[-4:], brands=[b.name for b in BRANDS])
    if len(digits) not in brand.lengths:
        raise InputError(
            "invalid-card-number",
            N_("The {brand} card number ending in {last4} has {count} digits, but {brand} "
               "numbers have {lengths}. Check that no digit is missing or extra."),
            brand=brand.name, last4=digits[-4:], count=len(digits),
            lengths=[str(n) for n in brand.lengths])
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

