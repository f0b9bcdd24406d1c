"""Diagnostics: why a payment was declined, whether a method can be used, when the next
retry comes, what a past-due notice means, when to contact support. They change nothing;
each finding names the rule (and so the article heading) that covers it, and each is
judged on the account as it is now: a decline whose cause has since been fixed is said
to be fixed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from engine.domain import lifecycle, retries
from engine.domain.charging import DECLINE_RULES, Decision, bank_fixes
from engine.domain.method_rules import method_label
from engine.domain.model import (
    CardState,
    ChargeAttempt,
    DeclineReason,
    Invoice,
    MethodKind,
    PaymentMethod,
    Subscription,
    SubscriptionStatus,
    Trigger,
)
from engine.domain.money import Money
from engine.domain.permissions import Permission
from engine.errors import N_, BetalError, InputError
from engine.i18n import Message
from engine.rules import RULES
from engine.services.billing import bank_decision, outstanding, paying_method_id
from engine.services.context import Context
from engine.services.describe import decline_reason
from engine.services.outcome import Finding, Fix, Outcome
from engine.services.payment_methods import check_may_pay_with, parse_new_method

# Retries ------------------------------------------------------------------------------


@dataclass
class RetryStatus:
    """The automatic attempts of the subscription's open invoices and what comes next."""

    invoice: Invoice | None  # the invoice the next attempt is for, else the newest open one
    planned: list[datetime]
    attempts: list[ChargeAttempt]
    decline_notices: int
    next_attempt_at: datetime | None

    @property
    def remaining(self) -> int:
        if self.next_attempt_at is None:
            return 0
        return sum(1 for moment in self.planned if moment >= self.next_attempt_at)


def retry_status(ctx: Context, subscription: Subscription) -> RetryStatus:
    """Rules ``retry-window`` and ``retries-remaining`` over every open invoice."""
    invoices = [i for i in ctx.uow.invoices.open_for(subscription.id)
                if i.next_attempt_at or i.attempts_made]
    latest = ctx.uow.invoices.latest_for(subscription.id)
    outlook = retries.outlook(latest.issued_at if latest else None,
                              ctx.uow.notices.decline_times(subscription.id),
                              [i.next_attempt_at for i in invoices])
    if not invoices:
        return RetryStatus(None, [], [], outlook.decline_notices, None)
    coming = [i for i in invoices if i.next_attempt_at == outlook.next_attempt_at]
    invoice = coming[0] if outlook.attempt_coming else invoices[-1]
    return RetryStatus(invoice, retries.planned(invoice.issued_at, ctx.config.attempt_days),
                       ctx.uow.charge_attempts.scheduled_for(invoice.id),
                       outlook.decline_notices, outlook.next_attempt_at)


def show_retries(ctx: Context, subscription_id: str) -> Outcome:
    subscription = ctx.subscription(subscription_id, deleted=True)
    ctx.require(Permission.VIEW)
    status = retry_status(ctx, subscription)
    if status.invoice is None:
        message = Message(
            N_("Nothing is outstanding on {product}, so no automatic attempt is planned. The "
               "next invoice is on {date}."),
            product=subscription.product, date=subscription.next_invoice_at)
    elif status.next_attempt_at:
        message = Message(
            N_("Decline notices so far this billing period: {notices}. Another automatic "
               "attempt comes on {date} (attempt {next} of {total})."),
            notices=status.decline_notices, date=status.next_attempt_at,
            next=len(status.attempts) + 1, total=len(status.planned))
    else:
        message = Message(
            N_("All {total} automatic attempts were declined and no more will come. Correct "
               "the payment method and settle the balance."),
            total=len(status.planned))
    schedule, details = [], []
    for number, planned in enumerate(status.planned, start=1):
        attempt = status.attempts[number - 1] if number <= len(status.attempts) else None
        if attempt is None:
            state = "planned" if status.next_attempt_at else "not-needed"
            details.append(Message(N_("Attempt {number}: {date}, planned"), number=number,
                                   date=planned) if state == "planned" else
                           Message(N_("Attempt {number}: {date}, not needed"), number=number,
                                   date=planned))
        elif attempt.succeeded:
            state = "paid"
            details.append(Message(N_("Attempt {number}: {date}, paid"), number=number,
                                   date=attempt.at))
        else:
            state = "declined"
            details.append(Message(N_("Attempt {number}: {date}, declined: {reason}"),
                                   number=number, date=attempt.at,
                                   reason=decline_reason(attempt.decline_reason,
                                                         attempt.decline_detail)))
        schedule.append({"attempt": number, "at": planned.isoformat(), "state": state})
    fixes = [Fix("balance.settle", {"subscription": subscription.id})] if status.invoice else []
    return Outcome(
        message, rule="retries-remaining", details=details, fixes=fixes,
        data={
            "invoice": status.invoice.id if status.invoice else None,
            "schedule": schedule,
            "decline_notices": status.decline_notices,
            "remaining": status.remaining,
            "next_attempt_at": status.next_attempt_at.isoformat()
            if status.next_attempt_at else None,
        },
    )


# Past due -----------------------------------------------------------------------------


_STAGE_MESSAGES = {
    SubscriptionStatus.EXPIRED: N_("{product} has expired: it was past due since {since} and "
                                   "{amount} is outstanding. Settle balance makes it active "
                                   "again."),
    SubscriptionStatus.DISABLED: N_("{product} is disabled: it was past due since {since} and "
                                    "{amount} is outstanding. Settle balance makes it active "
                                    "again."),
}


def past_due_status(ctx: Context, subscription_id: str) -> Outcome:
    subscription = ctx.subscription(subscription_id, deleted=True)
    ctx.require(Permission.VIEW)
    data: dict = {"status": str(subscription.status)}
    if subscription.status == SubscriptionStatus.DELETED:
        return Outcome(Message(N_("{product} has been deleted."), product=subscription.product),
                       rule="settle-balance", data=data)
    if subscription.status in lifecycle.RECOVERABLE:
        amount = outstanding(ctx.uow.invoices.open_for(subscription.id), subscription.currency)
        data |= {"past_due_since": subscription.past_due_since.isoformat()
                 if subscription.past_due_since else None, "outstanding": amount.minor}
        text = _STAGE_MESSAGES.get(
            subscription.status,
            N_("{product} is past due since {since}: {amount} is outstanding. Settle balance "
               "pays all of it at once."))
        return Outcome(
            Message(text, product=subscription.product, since=subscription.past_due_since,
                    amount=amount),
            rule="settle-balance", data=data,
            fixes=[Fix("payment.diagnose", {"subscription": subscription.id}),
                   Fix("balance.settle", {"subscription": subscription.id})],
        )
    advice = _lingering(ctx, subscription)
    if advice is not None:
        data |= {"paid_at": advice.paid_at.isoformat(),
                 "notice_may_show_until": advice.notice_may_show_until.isoformat(),
                 "contact_support_after": advice.contact_support_after.isoformat()}
        return Outcome(
            Message(N_("{product} was paid on {paid} and is no longer past due. The past-due "
                       "notice may still show for a while; if you still see it after {wait}, "
                       "contact support."),
                    product=subscription.product, paid=advice.paid_at,
                    wait=advice.contact_support_after),
            rule="past-due-lingers", data=data,
        )
    return Outcome(Message(N_("{product} is not past due."), product=subscription.product),
                   rule="settle-balance", data=data)


def _lingering(ctx: Context, subscription: Subscription) -> lifecycle.Lingering | None:
    return lifecycle.lingering(subscription.past_due_paid_at, ctx.now,
                               ctx.config.notice_lingers, ctx.config.support_wait)


# Why was this payment declined ------------------------------------------------------------


def _update(method: PaymentMethod, fields: list[str]) -> Fix:
    """Updating ``fields`` of ``method``: each is named, its value left for the admin (the
    command shows it as a word in capitals, or MM/YY for an expiry)."""
    return Fix("payment-method.update", {"payment_method": method.id, **{
        name: "MM/YY" if name == "expiry" else name.upper() for name in fields}})


def _fix_for(reason: DeclineReason, ctx: Context, subscription: Subscription,
             method: PaymentMethod | None, detail: str = "") -> tuple[str, list[Fix]]:
    """What fixes a decline of ``reason`` on ``method``, for the admin asking."""
    settle = Fix("balance.settle", {"subscription": subscription.id})
    change = Fix("subscription.change-payment-method", {"subscription": subscription.id})
    owns = method is not None and (not method.is_card or method.added_by == ctx.actor.id)
    if reason is DeclineReason.EXPIRED:
        if owns:
            return (N_("The card expired. Update its expiry date to the one on your new card, "
                       "then settle the balance."),
                    [_update(method, ["expiry"]), settle])
        return (N_("The card expired and another admin added it, so only they can update it. "
                   "Pick a card you added or add a new one, then settle the balance."),
                [change, settle])
    if reason is DeclineReason.DETAILS_MISMATCH:
        return (N_("Check that the {fields} on file are exactly as on the card and its "
                   "statement, correct them, then settle the balance."),
                [_update(method, [f for f in detail.split(",") if f]), settle])
    if reason is DeclineReason.UNKNOWN_CARD:
        return (N_("The bank does not know this card number. Add a card with the right number, "
                   "replace this one with it, then delete this one."),
                [Fix("payment-method.replace", {"payment_method": method.id}), settle])
    if reason is DeclineReason.NO_PAYMENT_METHOD:
        return (N_("Link a payment method to the subscription, then settle the balance."),
                [change, settle])
    if reason is DeclineReason.NOT_ACTIVATED:
        return (N_("Contact your bank: a card that came in the post must be activated before it "
                   "can be charged. Then settle the balance."), [settle])
    if reason is DeclineReason.INSUFFICIENT_FUNDS:
        return (N_("Contact your bank about the card's limit, or pick another card, then settle "
                   "the balance."), [change, settle])
    return (N_("Contact your bank: ask them to approve the card for online, international "
               "and recurring payments. Then settle the balance."), [settle])


def _decline_finding(ctx: Context, subscription: Subscription, decision: Decision,
                     method: PaymentMethod | None) -> Finding:
    text, fixes = _fix_for(decision.reason, ctx, subscription, method, decision.detail)
    if subscription.billing_profile_id:  # the profile's card pays: no relinking there
        fixes = [f for f in fixes if f.action != "subscription.change-payment-method"]
    fields = decline_reason(decision.reason, decision.detail).params.get("fields", [])
    return Finding(decision.reason.value, Message(text, fields=fields), rule=decision.rule,
                   fixes=fixes)


def _unlinked_newer_method(ctx: Context, than: PaymentMethod | None) -> PaymentMethod | None:
    """The newest method the actor may use that was added after ``than`` and pays for nothing
    (rule ``new-card-not-linked``)."""
    if than is None:
        return None
    for method in ctx.uow.payment_methods.added_after(ctx.tenant.id, than.created_at):
        if method.is_card and method.added_by != ctx.actor.id:
            continue
        if not (ctx.uow.subscriptions.using_method(method.id)
                or ctx.uow.billing_profiles.using_method(method.id)):
            return method
    return None


def _current_method(ctx: Context, subscription: Subscription) -> PaymentMethod | None:
    """The payment method that would pay now, or None."""
    try:
        method_id = paying_method_id(ctx, subscription, None)
    except BetalError:
        return None
    method = ctx.uow.payment_methods.get(method_id) if method_id else None
    return method if method is not None and method.deleted_at is None else None


def diagnose_payment(ctx: Context, subscription_id: str, invoice_id: str | None = None) -> Outcome:
    subscription = ctx.subscription(subscription_id, deleted=True)
    ctx.require(Permission.VIEW)
    invoice = ctx.invoice(invoice_id).id if invoice_id else None
    attempt = ctx.uow.charge_attempts.last_for(subscription.id, invoice_id=invoice)
    if attempt is None or attempt.succeeded:
        if subscription.status in lifecycle.RECOVERABLE:
            return Outcome(
                Message(N_("{product} is past due because an invoice passed its due date "
                           "unpaid; no card was declined."), product=subscription.product),
                rule="settle-balance",
                fixes=[Fix("balance.settle", {"subscription": subscription.id})])
        if attempt is not None:
            return Outcome(Message(N_("The last charge for {product}, on {date}, went through; "
                                      "no declined payment is waiting."),
                                   product=subscription.product, date=attempt.at),
                           rule="decline-notice", data={"attempt": attempt.id})
        return Outcome(Message(N_("No declined payment on record for {product}."),
                               product=subscription.product), rule="decline-notice")
    charged = (ctx.uow.payment_methods.get(attempt.payment_method_id)
               if attempt.payment_method_id else None)
    declined = Decision.decline(DeclineReason(attempt.decline_reason), attempt.decline_detail)
    current = _current_method(ctx, subscription)
    now = bank_decision(ctx, current)
    outstanding_now = bool(ctx.uow.invoices.open_for(subscription.id))
    findings = []
    if not outstanding_now:
        findings.append(Finding(
            "paid-since", Message(N_("Everything has been paid since; nothing is outstanding.")),
            rule="settle-balance", blocking=False))
    elif now.approved:
        findings.append(Finding(
            "fixed-since",
            Message(N_("That has been fixed since: {method} would be charged now. Settle the "
                       "balance to pay at once, or wait for the next automatic attempt."),
                    method=method_label(current)),
            rule="settle-balance",
            fixes=[Fix("balance.settle", {"subscription": subscription.id})]))
    else:
        findings.append(_decline_finding(ctx, subscription, now, current))
    newer = _unlinked_newer_method(ctx, charged)
    if newer is not None and outstanding_now and not subscription.billing_profile_id:
        findings.append(Finding(
            "new-card-not-linked",
            Message(N_("{new} was added on {date} but pays for nothing. Decline notices keep "
                       "coming for {old} until you link the new one to the subscription."),
                    new=method_label(newer), date=newer.created_at,
                    old=method_label(charged)),
            rule="new-card-not-linked",
            fixes=[Fix("subscription.change-payment-method",
                       {"subscription": subscription.id, "payment_method": newer.id})]))
    status = retry_status(ctx, subscription)
    if status.next_attempt_at and outstanding_now:
        findings.append(Finding(
            "retries-remaining",
            Message(N_("Another automatic attempt comes on {date}; you can also settle now."),
                    date=status.next_attempt_at),
            rule="retries-remaining", blocking=False))
    reason = decline_reason(declined.reason, declined.detail)
    amount = Money(attempt.amount, attempt.currency)
    message = (
        Message(N_("The charge of {amount} on {date} with {method} was declined: {reason}."),
                amount=amount, date=attempt.at, method=method_label(charged), reason=reason)
        if charged else
        Message(N_("The charge of {amount} on {date} was declined: {reason}."),
                amount=amount, date=attempt.at, reason=reason)
    )
    return Outcome(
        message,
        rule=declined.rule, findings=findings, fixes=findings[0].fixes,
        data={"attempt": attempt.id, "decline_reason": attempt.decline_reason,
              "payment_method": attempt.payment_method_id,
              "settle": attempt.trigger == Trigger.SETTLE,
              "bank_fixes": bank_fixes(declined.reason),
              "fixed": now.approved and outstanding_now},
    )


# Can this card or bank account be added or used here ------------------------------------------


def check_payment_method(
    ctx: Context,
    *,
    payment_method: str | None = None,
    subscription: str | None = None,
    kind: str | None = None,
    number: str | None = None,
    expiry: str | None = None,
    country: str | None = None,
) -> Outcome:
    ctx.require(Permission.VIEW)
    target = ctx.subscription(subscription) if subscription else None
    findings: list[Finding] = []
    if payment_method:
        method = ctx.payment_method(payment_method)
        label = method_label(method)
        findings += _existing_method_findings(ctx, method, target)
    else:
        if not number:
            raise InputError("missing-parameter",
                             N_("Give either payment_method, or kind and number to check."))
        label = Message(N_("the one entered"))
        findings += _new_method_findings(ctx, kind or "credit-card", number, expiry, country)
    blocking = [f for f in findings if f.blocking]
    if blocking:
        message = Message(N_("This payment method ({method}) cannot be used here."),
                          method=label)
    else:
        message = Message(N_("This payment method ({method}) can be used here."), method=label)
    return Outcome(
        message, rule=blocking[0].rule if blocking else None, findings=findings,
        details=[f.message for f in blocking],
        fixes=[fix for f in blocking for fix in f.fixes],
        data={"usable": not blocking, "findings": [f.code for f in findings]},
    )


def _refusal_finding(error: BetalError) -> Finding:
    return Finding(error.code, Message(error.message, **error.params),
                   rule=error.code if error.code in RULES else None)


def _new_method_findings(ctx, kind, number, expiry, country) -> list[Finding]:
    findings = []
    try:
        parsed = parse_new_method(ctx, kind, number, expiry=expiry, country=country)
    except BetalError as error:
        findings.append(_refusal_finding(error))
        if error.code not in ("same-country", "bank-availability"):
            findings.append(Finding(
                "contact-support",
                Message(N_("If the details are right and it still cannot be entered, contact "
                           "support.")),
                rule="contact-support", fixes=[Fix("support.contact")], blocking=False))
        return findings
    try:
        ctx.require(Permission.MANAGE_PAYMENT_METHODS)
    except BetalError as error:
        findings.append(_refusal_finding(error))
    if MethodKind(kind).is_card:
        test_card = ctx.config.test_cards.get(parsed.number)
        if test_card and test_card.state != CardState.ACTIVE:
            findings.append(Finding(
                test_card.state,
                Message(N_("It can be added, but the bank will decline charges: {reason}."),
                        reason=decline_reason(test_card.state)),
                rule="issuer-refusals", blocking=False))
        known = ctx.uow.vault.find(ctx.tenant.id, parsed.number)
        if known and ctx.uow.payment_methods.with_token(ctx.tenant.id, known):
            findings.append(Finding("duplicate-payment-method",
                                    Message(N_("It is already on file.")), blocking=True))
    return findings


def _existing_method_findings(ctx, method, target) -> list[Finding]:
    findings = []
    try:
        if target is not None:
            permission = (Permission.PAY if target.payment_method_id == method.id
                          else Permission.BUY)
            check_may_pay_with(ctx, target, method, permission)
        else:
            ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=method)
    except BetalError as error:
        findings.append(_refusal_finding(error))
    if method.is_card:
        decision = bank_decision(ctx, method)
        if not decision.approved:
            findings.append(Finding(
                decision.reason.value,
                Message(N_("The bank would decline a charge now: {reason}."),
                        reason=decline_reason(decision.reason, decision.detail)),
                rule=DECLINE_RULES[decision.reason],
                fixes=[_update(method, ["expiry"] if decision.reason is DeclineReason.EXPIRED
                               else [f for f in decision.detail.split(",") if f])]
                if decision.reason in (DeclineReason.EXPIRED, DeclineReason.DETAILS_MISMATCH)
                else []))
    return findings


# Support and browsers ----------------------------------------------------------------------


def contact_support(ctx: Context, subscription_id: str | None = None) -> Outcome:
    ctx.require(Permission.VIEW)
    wait = ctx.config.support_wait
    ready = {"tenant": ctx.tenant.id, "admin": ctx.actor.id}
    details = [Message(N_("Have this ready: your tenant ID {tenant} and your admin account "
                          "{admin}."), tenant=ctx.tenant.id, admin=ctx.actor.email)]
    if subscription_id:
        subscription = ctx.subscription(subscription_id, deleted=True)
        ready["subscription"] = subscription.id
        invoices = ctx.uow.invoices.open_for(subscription.id)
        ready["open_invoices"] = [i.id for i in invoices]
        details.append(Message(N_("The subscription {product} ({id}) and its open invoices: "
                                  "{invoices}."), product=subscription.product,
                               id=subscription.id,
                               invoices=[i.id for i in invoices] or ["-"]))
        last = ctx.uow.charge_attempts.last_for(subscription.id, declined=True)
        if last:
            method = (ctx.uow.payment_methods.get(last.payment_method_id)
                      if last.payment_method_id else None)
            ready["last_decline"] = {"at": last.at.isoformat(), "reason": last.decline_reason}
            details.append(Message(
                N_("The last declined charge: {date}, {method}, {reason}. Never give support "
                   "the full card number or security code."),
                date=last.at,
                method=method_label(method) if method else "-",
                reason=decline_reason(last.decline_reason, last.decline_detail)))
            if bank_fixes(DeclineReason(last.decline_reason)) and invoices:
                details.append(Message(N_("A decline like this one is for your bank to fix, "
                                          "not for support: contact your bank first.")))
        advice = _lingering(ctx, subscription)
        if advice is not None:
            return Outcome(
                Message(N_("Wait until {date} before contacting support: after a payment the "
                           "past-due notice can stay visible for up to {wait}."),
                        date=advice.contact_support_after, wait=wait),
                rule="past-due-lingers", details=details, data={"ready": ready, "wait": True})
    return Outcome(
        Message(N_("Contact support when a card or bank account cannot be entered at all, or when "
                   "a past-due notice still shows {wait} after you paid."), wait=wait),
        rule="contact-support", details=details, data={"ready": ready, "wait": False})


def browser_cookies(ctx: Context) -> Outcome:
    ctx.require(Permission.VIEW)
    return Outcome(
        Message(N_("The message 'Your browser is set to block cookies' goes away when the "
                   "browser allows third-party cookies. Allow them, then try again.")),
        rule="blocked-cookies",
        details=[
            Message(N_("Edge and Chrome: Settings > Cookies and site permissions (Privacy and "
                       "security) > allow third-party cookies.")),
            Message(N_("Firefox: Settings > Privacy & Security > Enhanced Tracking Protection > "
                       "Custom, and let cookies from other sites through.")),
            Message(N_("Safari: Settings > Privacy > turn off 'Prevent cross-site tracking'.")),
        ],
    )
