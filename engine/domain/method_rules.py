"""Which payment method may pay for what, and when one may go (seed 004).

Each function checks one rule on plain values and raises :class:`RuleRefusal` (code = the
rule id) when the rule refuses; the services call them for interactive actions and the
billing cycle for batch work. Who may act at all is :mod:`engine.domain.permissions`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from engine.domain.model import PaymentMethod
from engine.errors import N_, RuleRefusal
from engine.i18n import Message


@dataclass(frozen=True)
class BankAccountRules:
    """Rule ``bank-availability``: where paying by bank account is unavailable, and where
    (from which date) no new bank account and no new subscription on one is accepted."""

    unavailable_in: frozenset[str]
    closed_in: frozenset[str]
    closed_from: date

    def closed(self, country: str, day: date) -> bool:
        return country in self.closed_in and day >= self.closed_from


def method_label(method: PaymentMethod) -> Message:
    """How a reader knows a payment method: its brand (or kind) and last four digits."""
    if method.is_card:
        if method.brand:
            return Message(N_("{brand} ending in {last4}"), brand=method.brand,
                           last4=method.last4)
        return Message(N_("card ending in {last4}"), last4=method.last4)
    return Message(N_("bank account ending in {last4}"), last4=method.last4)


def check_same_country(issued_in: str, tenant_name: str, tenant_country: str) -> None:
    """Rule ``same-country``: "You must use a payment method that is issued in the same
    country as the tenant." """
    if issued_in != tenant_country:
        raise RuleRefusal(
            "same-country",
            N_("This payment method was issued in {issued}, but {tenant} is in {country}. "
               "Use a card or bank account issued in {country}."),
            issued=issued_in, tenant=tenant_name, country=tenant_country,
        )


def check_new_bank_account(rules: BankAccountRules, country: str, day: date) -> None:
    """Rule ``bank-availability`` for adding a bank account in ``country`` on ``day``."""
    _check_available(rules, country)
    if rules.closed(country, day):
        raise RuleRefusal(
            "bank-availability",
            N_("New bank accounts are not supported in {country} since {date}. Use a "
               "credit or debit card."),
            country=country, date=rules.closed_from,
        )


def check_bank_account_takes(rules: BankAccountRules, country: str, day: date) -> None:
    """Rule ``bank-availability`` for putting a subscription on an existing bank account:
    where new bank accounts were withdrawn, existing ones keep paying for what they pay
    for but take no new subscriptions."""
    _check_available(rules, country)
    if rules.closed(country, day):
        raise RuleRefusal(
            "bank-availability",
            N_("Since {date}, a bank account in {country} keeps paying for the subscriptions "
               "it has but cannot take new ones. Use a credit or debit card."),
            country=country, date=rules.closed_from,
        )


def _check_available(rules: BankAccountRules, country: str) -> None:
    if country in rules.unavailable_in:
        raise RuleRefusal(
            "bank-availability",
            N_("Paying by bank account is not available in {country}. Use a credit or debit "
               "card."), country=country,
        )


def check_profile_method(method: PaymentMethod) -> None:
    """Rule ``profile-cards-only``: subscriptions under a billing profile are paid by credit
    or debit card only."""
    if not method.is_card:
        raise RuleRefusal(
            "profile-cards-only",
            N_("Subscriptions under a billing profile can only be paid by credit or debit "
               "card, so {method} cannot be used for them."),
            method=method_label(method),
        )


def check_can_take(method: PaymentMethod, *, under_profile: bool, rules: BankAccountRules,
                   country: str, day: date) -> None:
    """Whether ``method`` may start paying for something new: a subscription (under a
    billing profile or not) or a billing profile."""
    if method.is_card:
        return
    if under_profile:
        check_profile_method(method)
    check_bank_account_takes(rules, country, day)


def check_unused(method: PaymentMethod, subscriptions: list[str], profiles: list[str]) -> None:
    """Rule ``delete-unused-only``: "You can only delete a payment method that's not
    associated with a subscription or billing profile. This applies to all subscriptions,
    regardless of status." Names are the products and profiles that use it."""
    if subscriptions or profiles:
        raise RuleRefusal(
            "delete-unused-only",
            N_("This payment method ({method}) pays for {uses}. Replace it with another "
               "payment method first, then delete it."),
            method=method_label(method), uses=[*subscriptions, *profiles],
        )

