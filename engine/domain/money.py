"""Money as an integer amount of minor units (øre, cents) in one currency, with bounds.

Amounts never pass through floating point: they are whole minor units here and Decimal
when formatted. The bounds keep every stored amount, and every sum of a subscription's
invoices, far inside a 64-bit column.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_SEATS = 100_000
MAX_UNIT_PRICE = 100_000_000  # minor units per seat and month: a million in major units
MAX_MINOR = 10**15  # the largest amount Betal handles, in minor units


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.minor, int) or isinstance(self.minor, bool):
            raise TypeError("money is a whole number of minor units")
        if abs(self.minor) > MAX_MINOR:
            raise OverflowError(f"{self.minor} minor units is beyond Betal's bound")

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        return self + Money(-other.minor, other.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)


def period_amount(seats: int, unit_price: int) -> int:
    """What one billing period of ``seats`` licences costs, in minor units."""
    return seats * unit_price
