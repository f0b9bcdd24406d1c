"""Charging and notices for one subscription: what Settle balance does.

The batch version that runs every due charge lives in :mod:`engine.services.billing_cycle`;
both use the issuer simulator's :func:`engine.issuer.decide` and the helpers here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, or_, select

from engine import issuer
from engine.domain.model import (
    AdminRole,
    ChargeAttempt,
    Invoice,
    InvoiceStatus,
    Notice,
    NoticeKind,
    PaymentMethod,
    ProfileRole,
    Subscription,
    SubscriptionStatus,
    Trigger,
)
from engine.domain.money import Money
from engine.domain.permissions import Permission
from engine.errors import N_
from engine.i18n import Message
from engine.services.context import Context, new_id
from engine.services.describe import DECLINE_RULES, decline_reason, method_label
from engine.services.outcome import Fix, Outcome
from engine.store import schema


def notice_recipients(uow, tenant_id: str, profile_id: str | None = None) -> str:
    """Global and Billing admins, and the owners of the billing profile if there is one."""
    admins = schema.admins
    condition = admins.c.role.in_([AdminRole.GLOBAL, AdminRole.BILLING])
    if profile_id:
        members = schema.profile_members
        owners = select(members.c.admin_id).where(
            members.c.billing_profile_id == profile_id, members.c.role == ProfileRole.OWNER
        )
        condition = or_(condition, admins.c.id.in_(owners))
    query = (
        select(admins.c.id)
        .where(and_(admins.c.tenant_id == tenant_id, condition))
        .order_by(admins.c.id)
    )
    return ",".join(uow.connection.execute(query).scalars())


def open_invoices(ctx: Context, subscription: Subscription) -> list[Invoice]:
    return ctx.uow.invoices.find(
        schema.invoices.c.subscription_id == subscription.id,
        schema.invoices.c.status == InvoiceStatus.OPEN,
        order_by=schema.invoices.c.issued_at,
    )


def outstanding(ctx: Context, subscription: Subscription) -> Money:
    total = Money.zero(subscription.currency)
    for invoice in open_invoices(ctx, subscription):
        total += invoice.total
    return total


def mark_paid(subscription: Subscription, invoices: list[Invoice], attempt_id: str,
              at: datetime) -> None:
    for invoice in invoices:
        invoice.status = InvoiceStatus.PAID
        invoice.paid_at = at
        invoice.paid_by = attempt_id
        invoice.next_attempt_at = None
    subscription.status = SubscriptionStatus.ACTIVE
    subscription.past_due_since = None
    subscription.last_paid_at = at


def settle_balance(ctx: Context, subscription_id: str, method_id: str | None = None) -> Outcome:
    """Pay the whole outstanding balance now (rule ``settle-balance``).

    With ``method_id`` the subscription is first moved to that payment method (as the
    Settle balance page lets you pick another card), otherwise its current one pays.
    """
    from engine.services.payment_methods import link_subscription

    subscription = ctx.subscription(subscription_id, for_update=True)
    ctx.require(Permission.PAY, subscription=subscription)
    if method_id and method_id != subscription.payment_method_id:
        link_subscription(ctx, subscription, ctx.payment_method(method_id))
    method = (
        ctx.payment_method(subscription.payment_method_id)
        if subscription.payment_method_id else None
    )
    if method is not None:
        ctx.require(Permission.PAY, subscription=subscription, method=method)
    invoices = open_invoices(ctx, subscription)
    if not invoices:
        return Outcome(Message(N_("Nothing is outstanding on {product}; there is nothing to "
                                  "settle."), product=subscription.product), rule="settle-balance")
    total = Money.zero(subscription.currency)
    for invoice in invoices:
        total += invoice.total
    record = ctx.uow.issuer_records.get(method.fingerprint) if method else None
    decision = issuer.decide(method, record, ctx.now)
    attempt = ChargeAttempt(
        id=new_id("ch"), tenant_id=ctx.tenant.id, subscription_id=subscription.id,
        invoice_id=invoices[0].id, payment_method_id=method.id if method else None,
        at=ctx.now, amount=total.minor, currency=total.currency, succeeded=decision.approved,
        trigger=Trigger.SETTLE, decline_reason=decision.reason, decline_detail=decision.detail,
        actor_id=ctx.actor.id,
    )
    ctx.uow.charge_attempts.add(attempt)
    notice = Notice(
        id=new_id("nt"), tenant_id=ctx.tenant.id,
        kind=NoticeKind.PAYMENT_RECEIVED if decision.approved else NoticeKind.PAYMENT_DECLINED,
        sent_at=ctx.now,
        recipients=notice_recipients(ctx.uow, ctx.tenant.id, subscription.billing_profile_id),
        subscription_id=subscription.id, invoice_id=invoices[0].id, attempt_id=attempt.id,
        payment_method_id=attempt.payment_method_id, automatic=False,
    )
    ctx.uow.notices.add(notice)
    data = {"amount": total.minor, "currency": total.currency, "attempt": attempt.id,
            "invoices": [invoice.id for invoice in invoices]}
    if decision.approved:
        mark_paid(subscription, invoices, attempt.id, ctx.now)
        for invoice in invoices:
            ctx.uow.invoices.save(invoice)
        ctx.uow.subscriptions.save(subscription)
        return Outcome(
            Message(N_("Paid {amount} for {product} with {method}. The subscription is no "
                       "longer past due."),
                    amount=total, product=subscription.product, method=method_label(method)),
            rule="settle-balance",
            details=[Message(N_("The past-due notice may stay visible for a while; wait at "
                                "least {wait} before contacting support."),
                             wait=ctx.config.support_wait)],
            data=data,
        )
    rule = DECLINE_RULES[decision.reason]
    data["decline_reason"] = decision.reason.value
    reason = decline_reason(decision.reason, decision.detail)
    message = (
        Message(N_("The payment of {amount} with {method} was declined: {reason}. "
                   "The admins were sent a decline notice."),
                amount=total, method=method_label(method), reason=reason)
        if method else
        Message(N_("{product} has no payment method to charge. Link one, then settle the "
                   "balance."), product=subscription.product)
    )
    return Outcome(message, ok=False, code=rule, rule=rule, data=data,
                   fixes=[Fix("payment.diagnose", {"subscription": subscription.id})])


def method_in_use(ctx: Context, method: PaymentMethod) -> tuple[list, list]:
    """The subscriptions (any status) and billing profiles that use ``method``."""
    subscriptions = ctx.uow.subscriptions.where(
        tenant_id=ctx.tenant.id, payment_method_id=method.id
    )
    profiles = ctx.uow.billing_profiles.where(tenant_id=ctx.tenant.id, payment_method_id=method.id)
    return subscriptions, profiles
