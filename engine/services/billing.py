"""Settle balance: pay the whole outstanding balance of one subscription now.

Rule ``settle-balance`` (seeds 000, 002, 004): the admin can correct the card's details
and resubmit the payment at once, with the subscription's own payment method, another
one, or (under a billing profile) the profile's. The batch version that makes every due
charge is :mod:`engine.services.billing_cycle`; both decide with
:func:`engine.domain.charging.decide` and move the subscription's standing with
:mod:`engine.domain.lifecycle`.
"""

from __future__ import annotations

from engine.domain import calendar, lifecycle
from engine.domain.charging import Decision, decide
from engine.domain.method_rules import method_label
from engine.domain.model import (
    ChargeAttempt,
    Invoice,
    InvoiceStatus,
    Notice,
    NoticeKind,
    PaymentMethod,
    Subscription,
    Trigger,
    notice_key,
)
from engine.domain.money import Money
from engine.domain.permissions import Permission
from engine.errors import N_, RuleRefusal, StaleRead
from engine.i18n import Message
from engine.services.context import Context, new_id
from engine.services.describe import decline_reason
from engine.services.outcome import Fix, Outcome
from engine.services.payment_methods import check_may_pay_with, edit_details


def outstanding(invoices: list[Invoice], currency: str) -> Money:
    total = Money.zero(currency)
    for invoice in invoices:
        total += invoice.total
    return total


def bank_decision(ctx: Context, method: PaymentMethod | None) -> Decision:
    """What the card's bank answers to a charge now (a bank account always pays)."""
    record = ctx.uow.vault.record(method.token) if method and method.is_card else None
    return decide(method, record, ctx.today)


def paying_method_id(ctx: Context, subscription: Subscription,
                     chosen: str | None) -> str | None:
    """The payment method a settle charges: under a billing profile the profile's card
    (rule ``billing-profile-roles``: a subscription there is paid the way the profile
    pays), else the chosen one or the subscription's own."""
    if not subscription.billing_profile_id:
        return chosen or subscription.payment_method_id
    profile = ctx.billing_profile(subscription.billing_profile_id)
    if chosen and chosen != profile.payment_method_id:
        raise RuleRefusal(
            "billing-profile-roles",
            N_("{product} is under the billing profile '{profile}' and is paid the way the "
               "profile pays: its payment method is charged, not another one."),
            product=subscription.product, profile=profile.name)
    if profile.pays_by_invoice:
        raise RuleRefusal(
            "billing-profile-roles",
            N_("{product} is under the billing profile '{profile}', which pays by invoice: "
               "pay its open invoices as they say, by their due date."),
            product=subscription.product, profile=profile.name)
    return profile.payment_method_id


def settle_balance(ctx: Context, subscription_id: str, method_id: str | None = None,
                   **details: str | None) -> Outcome:
    """Pay the whole outstanding balance now (rule ``settle-balance``), after applying the
    card's corrected ``details`` (expiry, name, address, phone), all in one transaction.

    With ``method_id`` another payment method pays, and when it pays the subscription
    stays on it (as the admin center's Settle balance page does). Nothing changes when
    nothing is outstanding; a declined charge is recorded with its notice and the
    subscription keeps the method it had.
    """
    seen = ctx.subscription(subscription_id)
    ctx.require(Permission.PAY, subscription=seen)
    chosen = paying_method_id(ctx, seen, method_id)
    methods = ctx.lock_payment_methods([chosen]) if chosen else {}
    subscription = ctx.subscription(subscription_id, for_update=True)
    if (subscription.payment_method_id, subscription.billing_profile_id) != (
            seen.payment_method_id, seen.billing_profile_id):
        raise StaleRead("the subscription changed while Settle balance began")
    invoices = ctx.uow.invoices.open_for(subscription.id, for_update=True)
    if not invoices:
        return Outcome(Message(N_("Nothing is outstanding on {product}; there is nothing to "
                                  "settle and nothing was changed."),
                               product=subscription.product), rule="settle-balance")
    method = methods.get(chosen) if chosen else None
    relink = method is not None and method.id != subscription.payment_method_id and (
        not subscription.billing_profile_id)
    notes = []
    changing = any(value is not None for value in details.values())
    if method is not None and changing and edit_details(ctx, method, **details):
        notes.append(Message(N_("Updated {method} first."), method=method_label(method)))
    if method is not None and not subscription.billing_profile_id:
        check_may_pay_with(ctx, subscription, method,
                           Permission.BUY if relink else Permission.PAY)
    total = outstanding(invoices, subscription.currency)
    decision = bank_decision(ctx, method)
    attempt = _record_attempt(ctx, subscription, invoices, method, total, decision)
    data = {"amount": total.minor, "currency": total.currency, "attempt": attempt.id,
            "invoices": [invoice.id for invoice in invoices]}
    standing = lifecycle.Standing(subscription.status, subscription.past_due_since)
    if decision.approved:
        return _paid(ctx, subscription, invoices, method, attempt, standing, relink, notes,
                     data)
    after = lifecycle.after_decline(standing, ctx.now)
    subscription.status, subscription.past_due_since = after.status, after.past_due_since
    ctx.uow.subscriptions.save(subscription)
    data["decline_reason"] = decision.reason.value
    message = (
        Message(N_("The payment of {amount} with {method} was declined: {reason}. "
                   "The admins were sent a decline notice."),
                amount=total, method=method_label(method),
                reason=decline_reason(decision.reason, decision.detail))
        if method else
        Message(N_("{product} has no payment method to charge. Link one, then settle the "
                   "balance."), product=subscription.product)
    )
    if relink:
        notes.append(Message(N_("{product} stays on {method}, the payment method it had."),
                             product=subscription.product,
                             method=_current_label(ctx, subscription)))
    return Outcome(message, ok=False, code=decision.rule, rule=decision.rule, details=notes,
                   data=data, fixes=[Fix("payment.diagnose", {"subscription": subscription.id})])


def _current_label(ctx: Context, subscription: Subscription) -> Message:
    if subscription.payment_method_id is None:
        return Message(N_("no payment method"))
    return method_label(ctx.uow.payment_methods.get(subscription.payment_method_id))


def _record_attempt(ctx: Context, subscription: Subscription, invoices: list[Invoice],
                    method: PaymentMethod | None, total: Money,
                    decision: Decision) -> ChargeAttempt:
    """The charge attempt and the notice it sends (rule ``decline-notice`` on a decline)."""
    attempt = ChargeAttempt(
        id=new_id("ch"), tenant_id=ctx.tenant.id, subscription_id=subscription.id,
        invoice_id=invoices[0].id, payment_method_id=method.id if method else None,
        at=ctx.now, amount=total.minor, currency=total.currency, succeeded=decision.approved,
        trigger=Trigger.SETTLE, decline_reason=decision.reason, decline_detail=decision.detail,
        actor_id=ctx.actor.id,
    )
    ctx.uow.charge_attempts.add(attempt)
    kind = NoticeKind.PAYMENT_RECEIVED if decision.approved else NoticeKind.PAYMENT_DECLINED
    ctx.uow.notices.add(Notice(
        id=new_id("nt"), tenant_id=ctx.tenant.id, kind=kind, sent_at=ctx.now,
        recipients=ctx.uow.admins.notice_recipients(ctx.tenant.id,
                                                    subscription.billing_profile_id),
        subscription_id=subscription.id, invoice_id=invoices[0].id, attempt_id=attempt.id,
        payment_method_id=attempt.payment_method_id, automatic=False,
        key=notice_key(kind, attempt_id=attempt.id),
    ))
    return attempt


def _paid(ctx: Context, subscription: Subscription, invoices: list[Invoice],
          method: PaymentMethod | None, attempt: ChargeAttempt, standing: lifecycle.Standing,
          relink: bool, notes: list[Message], data: dict) -> Outcome:
    for invoice in invoices:
        invoice.status = InvoiceStatus.PAID
        invoice.paid_at = ctx.now
        invoice.paid_by = attempt.id
        invoice.next_attempt_at = None
        ctx.uow.invoices.save(invoice)
    after = lifecycle.after_payment(standing, still_overdue=False)
    subscription.status = after.standing.status
    subscription.past_due_since = after.standing.past_due_since
    subscription.last_paid_at = ctx.now
    if after.cleared_past_due:
        subscription.past_due_paid_at = ctx.now
    if subscription.next_invoice_at <= ctx.now:  # active again after a pause in billing
        subscription.next_invoice_at = calendar.next_billing_after(
            subscription.next_invoice_at, subscription.billing_day, ctx.tenant.zone, ctx.now)
    if relink:
        subscription.payment_method_id = method.id
        notes.append(Message(N_("{product} is now paid with {method}."),
                             product=subscription.product, method=method_label(method)))
    ctx.uow.subscriptions.save(subscription)
    if after.cleared_past_due:
        notes.append(Message(N_("The past-due notice may stay visible for a while; wait at "
                                "least {wait} before contacting support."),
                             wait=ctx.config.support_wait))
        message = N_("Paid {amount} for {product} with {method}. The subscription is no "
                     "longer past due.")
    else:
        message = N_("Paid {amount} for {product} with {method}.")
    return Outcome(Message(message, amount=Money(attempt.amount, attempt.currency),
                           product=subscription.product, method=method_label(method)),
                   rule="settle-balance", details=notes, data=data)
