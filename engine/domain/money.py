"""Money as an integer amount of minor units (øre, cents) in one currency."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Money:
    minor: int
    currency: str

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        return self + Money(-other.minor, other.currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(0, currency)
