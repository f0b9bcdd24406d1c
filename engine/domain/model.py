"""The entities of a business billing account. Plain data: no storage, no I/O.

All moments are naive ``datetime`` values in UTC, read from the account's clock; a tenant's
days are judged in its time zone (:mod:`engine.domain.calendar`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from engine.domain.countries import zone_of
from engine.domain.money import Money


class AdminRole(StrEnum):
    GLOBAL = "global-admin"
    BILLING = "billing-admin"
    HELPDESK = "helpdesk-admin"
    USER = "user"


class ProfileRole(StrEnum):
    OWNER = "owner"
    CONTRIBUTOR = "contributor"
    READER = "reader"
    INVOICE_MANAGER = "invoice-manager"


class MethodKind(StrEnum):
    CREDIT_CARD = "credit-card"
    DEBIT_CARD = "debit-card"
    BANK_ACCOUNT = "bank-account"

    @property
    def is_card(self) -> bool:
        return self is not MethodKind.BANK_ACCOUNT


class SubscriptionStatus(StrEnum):
    """The Microsoft 365 lifecycle (see :mod:`engine.domain.lifecycle`)."""

    ACTIVE = "active"
    PAST_DUE = "past-due"
    EXPIRED = "expired"
    DISABLED = "disabled"
    DELETED = "deleted"


class InvoiceStatus(StrEnum):
    OPEN = "open"
    PAID = "paid"


class CardState(StrEnum):
    """What the issuing bank knows about a card (the issuer simulator's states)."""

    ACTIVE = "active"
    NOT_ACTIVATED = "not_activated"
    NOT_APPROVED_ONLINE = "not_approved_online"
    NOT_APPROVED_INTERNATIONAL = "not_approved_international"
    NOT_APPROVED_RECURRING = "not_approved_recurring"
    INSUFFICIENT_FUNDS = "insufficient_funds"


class DeclineReason(StrEnum):
    EXPIRED = "expired"
    NOT_ACTIVATED = "not_activated"
    NOT_APPROVED_ONLINE = "not_approved_online"
    NOT_APPROVED_INTERNATIONAL = "not_approved_international"
    NOT_APPROVED_RECURRING = "not_approved_recurring"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    DETAILS_MISMATCH = "details_mismatch"
    UNKNOWN_CARD = "unknown_card"
    NO_PAYMENT_METHOD = "no_payment_method"


class NoticeKind(StrEnum):
    PAYMENT_DECLINED = "payment-declined"
    PAYMENT_RECEIVED = "payment-received"
    RETRIES_EXHAUSTED = "retries-exhausted"
    INVOICE_OVERDUE = "invoice-overdue"


class Trigger(StrEnum):
    SCHEDULED = "scheduled"
    SETTLE = "settle"


@dataclass
class Tenant:
    id: str
    name: str
    country: str
    currency: str
    locale: str
    created_at: datetime

    @property
    def zone(self) -> str:
        """The IANA time zone the tenant's days are judged and shown in."""
        return zone_of(self.country)


@dataclass
class Admin:
    id: str
    tenant_id: str
    name: str
    email: str
    role: AdminRole
    passphrase_hash: str | None = None
    failed_signins: int = 0
    locked_until: datetime | None = None

    @property
    def manages_billing(self) -> bool:
        return self.role in (AdminRole.GLOBAL, AdminRole.BILLING)


@dataclass
class ProfileMember:
    id: str
    tenant_id: str
    billing_profile_id: str
    admin_id: str
    role: ProfileRole


@dataclass
class PaymentMethod:
    """A card or bank account on file: the vault's token stands for the number, which Betal
    never keeps (nor the security code)."""

    id: str
    tenant_id: str
    kind: MethodKind
    added_by: str
    country: str
    last4: str
    token: str
    holder_name: str
    created_at: datetime
    brand: str | None = None
    exp_month: int | None = None
    exp_year: int | None = None
    address_line: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    phone: str = ""
    deleted_at: datetime | None = None

    @property
    def is_card(self) -> bool:
        return MethodKind(self.kind).is_card

    @property
    def expiry(self) -> str:
        return f"{self.exp_month:02d}/{self.exp_year}" if self.exp_month else ""


@dataclass
class IssuerRecord:
    """The issuing bank's record of a card, kept in the issuer simulator's vault under the
    card's token."""

    token: str
    state: CardState
    country: str
    holder_name: str
    exp_month: int
    exp_year: int
    address_line: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""


@dataclass
class BillingProfile:
    id: str
    tenant_id: str
    name: str
    pays_by: str  # "card" or "invoice"
    payment_method_id: str | None = None

    @property
    def pays_by_invoice(self) -> bool:
        return self.pays_by == "invoice"


@dataclass
class Subscription:
    id: str
    tenant_id: str
    product: str
    seats: int
    unit_price: int
    currency: str
    status: SubscriptionStatus
    next_invoice_at: datetime
    created_at: datetime
    billing_day: int  # the day of the month it is invoiced on (calendar.next_billing)
    # Outside a billing profile the subscription's own payment method pays; under one,
    # the profile's (and this stays None).
    payment_method_id: str | None = None
    billing_profile_id: str | None = None
    past_due_since: datetime | None = None
    last_paid_at: datetime | None = None
    # When a payment last cleared a past-due balance (rule past-due-lingers).
    past_due_paid_at: datetime | None = None

    @property
    def period_amount(self) -> Money:
        return Money(self.seats * self.unit_price, self.currency)


@dataclass
class Invoice:
    id: str
    tenant_id: str
    subscription_id: str
    issued_at: datetime
    due_at: datetime
    amount: int
    currency: str
    status: InvoiceStatus
    attempts_made: int = 0
    next_attempt_at: datetime | None = None
    paid_at: datetime | None = None
    paid_by: str | None = None

    @property
    def total(self) -> Money:
        return Money(self.amount, self.currency)


@dataclass
class ChargeAttempt:
    id: str
    tenant_id: str
    subscription_id: str
    invoice_id: str
    payment_method_id: str | None
    at: datetime
    amount: int
    currency: str
    succeeded: bool
    trigger: Trigger
    decline_reason: DeclineReason | None = None
    decline_detail: str = ""
    actor_id: str | None = None
    # The scheduled attempt's number on its invoice (1, 2, ...); None for Settle balance.
    # Unique per invoice, so an attempt can never be made twice.
    sequence: int | None = None


@dataclass
class Notice:
    """An e-mail the admins received."""

    id: str
    tenant_id: str
    kind: NoticeKind
    sent_at: datetime
    recipients: str
    subscription_id: str | None = None
    invoice_id: str | None = None
    attempt_id: str | None = None
    payment_method_id: str | None = None
    automatic: bool = True
    # What the notice is about, unique: one notice per attempt and kind, or per invoice
    # and kind (see :func:`notice_key`).
    key: str = ""


def notice_key(kind: NoticeKind | str, *, attempt_id: str | None = None,
               invoice_id: str | None = None) -> str:
    """The unique key of a notice: a second notice for the same thing cannot be stored."""
    return f"{NoticeKind(kind).value}:{attempt_id or invoice_id}"


@dataclass
class AuditEvent:
    id: str
    tenant_id: str
    actor_id: str | None
    action: str
    params: str
    outcome: str  # the result's code: ok, or the rule or input error that stopped it
    at: datetime
    result: str = "done"  # done, declined (the bank said no) or refused (nothing done)
