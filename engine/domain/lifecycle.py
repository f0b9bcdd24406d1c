"""A subscription's standing: active, past due, and the later stages of its lifecycle.

Past due (seeds 000, 002, 003): a declined charge, or an invoice that passes its due date
unpaid, makes a subscription past due; paying the whole outstanding balance (rule
``settle-balance``) makes it active again. After such a payment the past-due notice can
linger (rule ``past-due-lingers``, seed 002: "After a payment has been made, the past due
notification may still be visible for a short period of time. Please wait at least 48
hours before contacting support."): that advice follows a payment of a past-due balance,
never a routine charge.

Later stages, modelled on the Microsoft 365 subscription lifecycle (the seeds name the
statuses only as "regardless of status"): a subscription that stays past due expires,
is then disabled and at last deleted, each after a number of days that is Betal's own
choice (``lifecycle`` in defaults.toml). Paying the balance of an expired or disabled
subscription makes it active again; a deleted one stays deleted. Only active and
past-due subscriptions are invoiced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from engine.domain.model import SubscriptionStatus

ACTIVE, PAST_DUE = SubscriptionStatus.ACTIVE, SubscriptionStatus.PAST_DUE
EXPIRED, DISABLED, DELETED = (SubscriptionStatus.EXPIRED, SubscriptionStatus.DISABLED,
                              SubscriptionStatus.DELETED)
# Statuses that still receive invoices and automatic attempts.
BILLED = frozenset({ACTIVE, PAST_DUE})
# Statuses whose balance, once paid, makes the subscription active again.
RECOVERABLE = frozenset({PAST_DUE, EXPIRED, DISABLED})


@dataclass(frozen=True)
class Stages:
    """Days a subscription spends in each stage before the next (Betal's own figures)."""

    past_due_days: int  # past due -> expired
    expired_days: int  # expired -> disabled
    disabled_days: int  # disabled -> deleted


@dataclass(frozen=True)
class Standing:
    status: SubscriptionStatus
    past_due_since: datetime | None = None


def after_decline(standing: Standing, at: datetime) -> Standing:
    """A declined charge or an overdue invoice at ``at``: an active subscription becomes
    past due from then; one that is past due already (or further along) stays where it is."""
    if standing.status is ACTIVE:
        return Standing(PAST_DUE, at)
    return standing


@dataclass(frozen=True)
class AfterPayment:
    standing: Standing
    cleared_past_due: bool  # the payment cleared a past-due balance (starts the 48 hours)


def after_payment(standing: Standing, still_overdue: bool) -> AfterPayment:
    """A payment: the subscription is active again unless another of its invoices is still
    declined or overdue. A deleted subscription stays deleted."""
    if standing.status is DELETED or still_overdue:
        return AfterPayment(standing, False)
    return AfterPayment(Standing(ACTIVE, None), standing.status in RECOVERABLE)


def thresholds(now: datetime, stages: Stages) -> list[tuple[SubscriptionStatus, datetime]]:
    """For each later stage, latest stage first: a subscription past due since this moment
    or earlier has reached it ``now``. The billing cycle applies these set-wise."""
    expires = timedelta(days=stages.past_due_days)
    disabled = expires + timedelta(days=stages.expired_days)
    deleted = disabled + timedelta(days=stages.disabled_days)
    return [(DELETED, now - deleted), (DISABLED, now - disabled), (EXPIRED, now - expires)]


def stage_at(standing: Standing, now: datetime, stages: Stages) -> SubscriptionStatus:
    """Where a subscription that has been past due since ``past_due_since`` stands ``now``."""
    if standing.status not in RECOVERABLE or standing.past_due_since is None:
        return standing.status
    for status, since_at_most in thresholds(now, stages):
        if standing.past_due_since <= since_at_most:
            return status
    return PAST_DUE


@dataclass(frozen=True)
class Lingering:
    """After paying a past-due balance: until when the notice may still show, and from
    when it is worth contacting support."""

    paid_at: datetime
    notice_may_show_until: datetime
    contact_support_after: datetime


def lingering(past_due_paid_at: datetime | None, now: datetime, lingers: timedelta,
              wait: timedelta) -> Lingering | None:
    """The advice of rule ``past-due-lingers`` while it applies, else None."""
    if past_due_paid_at is None or now >= past_due_paid_at + wait:
        return None
    return Lingering(past_due_paid_at, past_due_paid_at + lingers, past_due_paid_at + wait)
