"""The countries a tenant can be in: currency, time zone and the language Betal speaks there.

These are facts about the countries, not settings. The billing rules that name countries
(``same-country``, ``bank-availability``) take their lists from the configuration; this
table says what a tenant in each country uses. A tenant's day-based rules (a card's expiry
month, the bank-account sunset date) are judged in its country's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Country:
    code: str
    currency: str
    zone: str  # IANA time zone
    locale: str  # the language Betal speaks to the tenant: nb-NO, nl-NL or en


COUNTRIES: dict[str, Country] = {c.code: c for c in (
    Country("NO", "NOK", "Europe/Oslo", "nb-NO"),
    Country("NL", "EUR", "Europe/Amsterdam", "nl-NL"),
    Country("SE", "SEK", "Europe/Stockholm", "en"),
    Country("BE", "EUR", "Europe/Brussels", "nl-NL"),
    Country("FR", "EUR", "Europe/Paris", "en"),
    Country("IT", "EUR", "Europe/Rome", "en"),
    Country("LU", "EUR", "Europe/Luxembourg", "en"),
    Country("PT", "EUR", "Europe/Lisbon", "en"),
    Country("ES", "EUR", "Europe/Madrid", "en"),
    Country("US", "USD", "America/New_York", "en"),
)}


def zone_of(country: str) -> str:
    """The time zone of a tenant in ``country`` (UTC for a country not in the table)."""
    found = COUNTRIES.get(country.upper())
    return found.zone if found else "UTC"
