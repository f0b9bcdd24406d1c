"""Diagnostics: why a payment was declined, whether a method can be used, when the next
retry comes, what a past-due notice means, when to contact support. They change nothing;
each finding names the rule (and so the article heading) that covers it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from engine import cards, issuer
from engine.domain.model import (
    CardState,
    ChargeAttempt,
    DeclineReason,
    Invoice,
    MethodKind,
    NoticeKind,
    PaymentMethod,
    Subscription,
    SubscriptionStatus,
)
from engine.domain.money import Money
from engine.domain.permissions import Permission
from engine.errors import N_, BetalError, InputError
from engine.i18n import Message
from engine.rules import RULES
from engine.services.billing import method_in_use, open_invoices, outstanding
from engine.services.context import Context
from engine.services.describe import DECLINE_RULES, decline_reason, method_label
from engine.services.outcome import Finding, Fix, Outcome
from engine.services.payment_methods import (
    check_bank_accounts_allowed,
    check_can_link,
    parse_new_method,
)
from engine.store import schema

# Retries ------------------------------------------------------------------------------


@dataclass
class RetryStatus:
    invoice: Invoice | None
    planned: list[datetime]
    attempts: list[ChargeAttempt]
    decline_notices: int
    next_attempt_at: datetime | None

    @property
    def remaining(self) -> int:
        return max(len(self.planned) - len(self.attempts), 0) if self.next_attempt_at else 0


def retry_status(ctx: Context, subscription: Subscription) -> RetryStatus:
    """The automatic attempts for the subscription's oldest open invoice (rule retry-window)."""
    invoices = [i for i in open_invoices(ctx, subscription) if i.next_attempt_at or i.attempts_made]
    if not invoices:
        return RetryStatus(None, [], [], 0, None)
    invoice = invoices[0]
    planned = [invoice.issued_at + timedelta(days=d) for d in ctx.config.attempt_days]
    attempts = ctx.uow.charge_attempts.find(
        schema.charge_attempts.c.invoice_id == invoice.id,
        schema.charge_attempts.c.trigger == "scheduled",
        order_by=schema.charge_attempts.c.at,
    )
    notices = ctx.uow.notices.count(
        schema.notices.c.invoice_id == invoice.id,
        schema.notices.c.kind == NoticeKind.PAYMENT_DECLINED,
        schema.notices.c.automatic.is_(True),
    )
    return RetryStatus(invoice, planned, attempts, notices, invoice.next_attempt_at)


def show_retries(ctx: Context, subscription_id: str) -> Outcome:
    subscription = ctx.subscription(subscription_id)
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
            state = "planned" if status.next_attempt_at else "cancelled"
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


def past_due_status(ctx: Context, subscription_id: str) -> Outcome:
    subscription = ctx.subscription(subscription_id)
    ctx.require(Permission.VIEW)
    config = ctx.config
    data = {"status": subscription.status}
    if subscription.status == SubscriptionStatus.PAST_DUE:
        amount = outstanding(ctx, subscription)
        data |= {"past_due_since": subscription.past_due_since.isoformat()
                 if subscription.past_due_since else None, "outstanding": amount.minor}
        return Outcome(
            Message(N_("{product} is past due since {since}: {amount} is outstanding. Settle "
                       "balance pays all of it at once."),
                    product=subscription.product, since=subscription.past_due_since,
                    amount=amount),
            rule="settle-balance", data=data,
            fixes=[Fix("payment.diagnose", {"subscription": subscription.id}),
                   Fix("balance.settle", {"subscription": subscription.id})],
        )
    paid = subscription.last_paid_at
    if paid and ctx.now < paid + config.support_wait:
        visible_until = paid + config.notice_lingers
        wait_until = paid + config.support_wait
        data |= {"paid_at": paid.isoformat(), "notice_may_show_until": visible_until.isoformat(),
                 "contact_support_after": wait_until.isoformat()}
        return Outcome(
            Message(N_("{product} was paid on {paid} and is no longer past due. The past-due "
                       "notice may still show for a while; if you still see it after {wait}, "
                       "contact support."),
                    product=subscription.product, paid=paid, wait=wait_until),
            rule="past-due-lingers", data=data,
        )
    return Outcome(Message(N_("{product} is not past due."), product=subscription.product),
                   rule="settle-balance", data=data)


# Why was this payment declined ------------------------------------------------------------


def _decline_finding(ctx: Context, subscription: Subscription, attempt: ChargeAttempt,
                     method: PaymentMethod | None) -> Finding:
    reason = DeclineReason(attempt.decline_reason)
    rule = DECLINE_RULES[reason]
    settle = Fix("balance.settle", {"subscription": subscription.id})
    change = Fix("subscription.change-payment-method", {"subscription": subscription.id})
    owns = method is not None and (not method.is_card or method.added_by == ctx.actor.id)
    if reason is DeclineReason.EXPIRED:
        fixes = ([Fix("payment-method.update", {"payment_method": method.id}), settle]
                 if owns else [change, settle])
        text = (N_("The card expired. Update its expiry date to the one on your new card, then "
                   "settle the balance.") if owns else
                N_("The card expired and another admin added it, so only they can update it. "
                   "Pick a card you added or add a new one, then settle the balance."))
    elif reason is DeclineReason.DETAILS_MISMATCH:
        fixes = [Fix("payment-method.update", {"payment_method": method.id}), settle]
        text = N_("Check that the {fields} on file are exactly as on the card and its "
                  "statement, correct them, then settle the balance.")
    elif reason is DeclineReason.UNKNOWN_CARD:
        fixes = [Fix("payment-method.replace", {"payment_method": method.id}), settle]
        text = N_("The bank does not know this card number. Add a card with the right number, "
                  "replace this one with it, then delete this one.")
    elif reason is DeclineReason.NO_PAYMENT_METHOD:
        fixes = [change, settle]
        text = N_("Link a payment method to the subscription, then settle the balance.")
    elif reason is DeclineReason.NOT_ACTIVATED:
        fixes = [Fix("support.contact", {"subscription": subscription.id}), settle]
        text = N_("Contact your bank: a card that came in the post must be activated before it "
                  "can be charged. Then settle the balance.")
    elif reason is DeclineReason.INSUFFICIENT_FUNDS:
        fixes = [change, settle]
        text = N_("Contact your bank about the card's limit, or pick another card, then settle "
                  "the balance.")
    else:
        fixes = [change, settle]
        text = N_("Contact your bank: ask them to approve the card for online, international "
                  "and recurring payments. Then settle the balance.")
    fields = decline_reason(reason, attempt.decline_detail).params.get("fields", [])
    return Finding(reason.value, Message(text, fields=fields), rule=rule, fixes=fixes)


def _unlinked_newer_method(ctx: Context, than: PaymentMethod | None) -> PaymentMethod | None:
    """The newest method the actor may use that was added after ``than`` and pays for nothing."""
    if than is None:
        return None
    newer = ctx.uow.payment_methods.find(
        schema.payment_methods.c.tenant_id == ctx.tenant.id,
        schema.payment_methods.c.deleted_at.is_(None),
        schema.payment_methods.c.created_at > than.created_at,
        order_by=schema.payment_methods.c.created_at.desc(),
    )
    usable = (m for m in newer if not m.is_card or m.added_by == ctx.actor.id)
    return next((m for m in usable if not any(method_in_use(ctx, m))), None)


def diagnose_payment(ctx: Context, subscription_id: str, invoice_id: str | None = None) -> Outcome:
    subscription = ctx.subscription(subscription_id)
    ctx.require(Permission.VIEW)
    conditions = [schema.charge_attempts.c.subscription_id == subscription.id]
    if invoice_id:
        conditions.append(schema.charge_attempts.c.invoice_id == ctx.invoice(invoice_id).id)
    attempts = ctx.uow.charge_attempts.find(*conditions,
                                            order_by=schema.charge_attempts.c.at.desc(), limit=1)
    if not attempts or attempts[0].succeeded:
        if subscription.status == SubscriptionStatus.PAST_DUE:
            return Outcome(
                Message(N_("{product} is past due because an invoice passed its due date "
                           "unpaid; no card was declined."), product=subscription.product),
                rule="settle-balance",
                fixes=[Fix("balance.settle", {"subscription": subscription.id})])
        return Outcome(Message(N_("No declined payment on record for {product}."),
                               product=subscription.product), rule="decline-notice")
    attempt = attempts[0]
    method = ctx.uow.payment_methods.get(attempt.payment_method_id) \
        if attempt.payment_method_id else None
    findings = [_decline_finding(ctx, subscription, attempt, method)]
    newer = _unlinked_newer_method(ctx, method)
    if newer is not None:
        findings.append(Finding(
            "new-card-not-linked",
            Message(N_("{new} was added on {date} but pays for nothing. Decline notices keep "
                       "coming for {old} until you link the new one to the subscription."),
                    new=method_label(newer), date=newer.created_at, old=method_label(method)),
            rule="new-card-not-linked",
            fixes=[Fix("subscription.change-payment-method",
                       {"subscription": subscription.id, "payment_method": newer.id})]))
    retries = retry_status(ctx, subscription)
    if retries.next_attempt_at:
        findings.append(Finding(
            "retries-remaining",
            Message(N_("Another automatic attempt comes on {date}; you can also settle now."),
                    date=retries.next_attempt_at),
            rule="retries-remaining", blocking=False))
    reason = decline_reason(attempt.decline_reason, attempt.decline_detail)
    message = (
        Message(N_("The charge of {amount} on {date} with {method} was declined: {reason}."),
                amount=attempt_money(attempt), date=attempt.at, method=method_label(method),
                reason=reason)
        if method else
        Message(N_("The charge of {amount} on {date} was declined: {reason}."),
                amount=attempt_money(attempt), date=attempt.at, reason=reason)
    )
    return Outcome(
        message,
        rule=findings[0].rule, findings=findings, fixes=findings[0].fixes,
        data={"attempt": attempt.id, "decline_reason": attempt.decline_reason,
              "payment_method": attempt.payment_method_id},
    )


def attempt_money(attempt: ChargeAttempt) -> Money:
    return Money(attempt.amount, attempt.currency)


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
        fingerprint = cards.fingerprint(ctx.uow.fingerprint_secret(), ctx.tenant.id, parsed.number)
        if ctx.uow.payment_methods.count(
                schema.payment_methods.c.tenant_id == ctx.tenant.id,
                schema.payment_methods.c.fingerprint == fingerprint,
                schema.payment_methods.c.deleted_at.is_(None)):
            findings.append(Finding("duplicate-payment-method",
                                    Message(N_("It is already on file.")), blocking=True))
    return findings


def _existing_method_findings(ctx, method, target) -> list[Finding]:
    findings = []
    under_profile = bool(target and target.billing_profile_id)
    permission = Permission.BUY if target else Permission.MANAGE_PAYMENT_METHODS
    try:
        ctx.require(permission, subscription=target, method=method)
    except BetalError as error:
        findings.append(_refusal_finding(error))
    if target is not None and not method.is_card:
        try:
            if under_profile:
                check_can_link(ctx, method, [target], [])
            elif target.payment_method_id != method.id:
                check_bank_accounts_allowed(ctx, new_account=False)
        except BetalError as error:
            findings.append(_refusal_finding(error))
    if method.is_card:
        record = ctx.uow.issuer_records.get(method.fingerprint)
        decision = issuer.decide(method, record, ctx.now)
        if not decision.approved:
            findings.append(Finding(
                decision.reason.value,
                Message(N_("The bank would decline a charge now: {reason}."),
                        reason=decline_reason(decision.reason, decision.detail)),
                rule=DECLINE_RULES[decision.reason],
                fixes=[Fix("payment-method.update", {"payment_method": method.id})]
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
        subscription = ctx.subscription(subscription_id)
        ready["subscription"] = subscription.id
        invoices = open_invoices(ctx, subscription)
        ready["open_invoices"] = [i.id for i in invoices]
        details.append(Message(N_("The subscription {product} ({id}) and its open invoices: "
                                  "{invoices}."), product=subscription.product,
                               id=subscription.id,
                               invoices=[i.id for i in invoices] or ["-"]))
        last = ctx.uow.charge_attempts.find(
            schema.charge_attempts.c.subscription_id == subscription.id,
            schema.charge_attempts.c.succeeded.is_(False),
            order_by=schema.charge_attempts.c.at.desc(), limit=1)
        if last:
            method = ctx.uow.payment_methods.get(last[0].payment_method_id) \
                if last[0].payment_method_id else None
            ready["last_decline"] = {"at": last[0].at.isoformat(),
                                     "reason": last[0].decline_reason}
            details.append(Message(
                N_("The last declined charge: {date}, {method}, {reason}. Never give support "
                   "the full card number or security code."),
                date=last[0].at,
                method=method_label(method) if method else "-",
                reason=decline_reason(last[0].decline_reason, last[0].decline_detail)))
        paid = subscription.last_paid_at
        if paid and ctx.now < paid + ctx.config.support_wait:
            return Outcome(
                Message(N_("Wait until {date} before contacting support: after a payment the "
                           "past-due notice can stay visible for up to {wait}."),
                        date=paid + ctx.config.support_wait, wait=wait),
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
