"""Examples shown in empty form fields, for the tenant's country: a Dutch admin sees a Dutch
phone number and postal code, never a Norwegian one."""

from __future__ import annotations

from tui.i18n import _

# country: (phone, postal code, city, county or state, IBAN)
EXAMPLES = {
    "NO": ("+47 22 12 34 56", "0155", "Oslo", "Oslo", "NO93 8601 1117 947"),
    "NL": ("+31 20 123 4567", "1015 CJ", "Amsterdam", "Noord-Holland",
           "NL91 ABNA 0417 1643 00"),
    "SE": ("+46 8 123 456 78", "111 22", "Stockholm", "Stockholms län",
           "SE45 5000 0000 0583 9825 7466"),
    "BE": ("+32 2 123 45 67", "1000", "Brussel", "Brussel", "BE68 5390 0754 7034"),
    "FR": ("+33 1 23 45 67 89", "75001", "Paris", "Île-de-France",
           "FR14 2004 1010 0505 0001 3M02 606"),
    "IT": ("+39 06 1234 5678", "00184", "Roma", "RM", "IT60 X054 2811 1010 0000 0123 456"),
    "LU": ("+352 12 34 56", "L-1111", "Luxembourg", "Luxembourg",
           "LU28 0019 4006 4475 0000"),
    "PT": ("+351 21 123 4567", "1100-148", "Lisboa", "Lisboa",
           "PT50 0002 0123 1234 5678 9015 4"),
    "ES": ("+34 912 345 678", "28001", "Madrid", "Madrid", "ES91 2100 0418 4502 0005 1332"),
    "US": ("+1 212 555 0100", "10001", "New York", "NY", ""),
}
CARD = "1234 5678 9012 3456"
FIELDS = {"phone": 0, "postal_code": 1, "city": 2, "region": 3}


def placeholder(param, country: str | None, *, bank_account: bool = False) -> str:
    """An example of what ``param`` takes, for a tenant in ``country``."""
    examples = EXAMPLES.get((country or "").upper())
    if param.type == "expiry":
        return _("MM/YY")
    if param.type == "security-code":
        return "123"
    if param.type == "count":
        return "10"
    if param.type in ("card-number", "account-number"):
        iban = examples[4] if examples else ""
        return iban if (bank_account and iban) else CARD
    if param.type == "country":
        return (country or "").upper()
    if examples and (param.name in FIELDS or param.type in ("phone", "postal-code")):
        index = FIELDS.get(param.name, 0 if param.type == "phone" else 1)
        return examples[index]
    return ""
