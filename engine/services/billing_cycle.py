"""Everything that falls due with time: invoices, charges, retries, notices, the lifecycle.

This is what ``betal tick`` and ``betal worker`` run. It works set-wise on rows (one query
per kind of due item, bulk writes) so a month of billing for 100,000 subscriptions takes
seconds, and it decides with the same pure rules as the interactive services:
:func:`engine.domain.charging.decide` for each charge, :mod:`engine.domain.retries` for
the schedule (rules ``retry-window``, ``retries-remaining``), :mod:`engine.domain.lifecycle`
for past-due and later stages, :mod:`engine.domain.calendar` for billing dates.

Each item is processed at the moment it was due, not at the clock's current time, so
advancing the clock by a month and ticking once gives the same history as ticking daily.

The rows come from, and the decisions go to, the unit of work's ``due`` repository
(:class:`engine.store.due_work.DueWork`), set-wise. Exactly once: a pass claims
subscriptions with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (with their due invoices), so
concurrent workers never take the same one and an admin's Settle balance waits for the
row; what a pass writes back is what it locked. The schema backs this up: one invoice per
subscription and period, each scheduled attempt once per invoice, one notice per attempt
(or invoice) and kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from engine.config import Config
from engine.domain import calendar, lifecycle, retries
from engine.domain.charging import Decision, decide
from engine.domain.countries import zone_of
from engine.domain.model import (
    IssuerRecord,
    NoticeKind,
    PaymentMethod,
    SubscriptionStatus,
    Trigger,
    notice_key,
)
from engine.services.context import new_id, new_ids

ACTIVE = SubscriptionStatus.ACTIVE.value
SCHEDULED = Trigger.SCHEDULED.value
DECLINED, EXHAUSTED, OVERDUE = (NoticeKind.PAYMENT_DECLINED, NoticeKind.RETRIES_EXHAUSTED,
                                NoticeKind.INVOICE_OVERDUE)


@dataclass
class CycleReport:
    invoices_issued: int = 0
    charges: int = 0
    paid: int = 0
    declined: int = 0
    notices: int = 0
    became_past_due: int = 0
    expired: int = 0
    disabled: int = 0
    deleted: int = 0

    def add(self, other: CycleReport) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    @property
    def anything(self) -> bool:
        return any(asdict(self).values())

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def run_due(uow, config: Config, *, batch: int | None = None,
            max_passes: int | None = None) -> CycleReport:
    """Process every item due at the clock's current time, until nothing is left.

    With ``batch`` each step takes at most that many items per pass, and ``max_passes``
    stops early: a worker runs one small pass per transaction so that several workers share
    the work and no transaction holds its locks for long.
    """
    now = uow.now()
    bank = _Bank(uow)
    report = CycleReport()
    passes = 0
    while max_passes is None or passes < max_passes:
        passes += 1
        step = _Pass(uow, config, now, bank)
        step.invoice_due_subscriptions(batch)
        step.retry_due_invoices(batch)
        step.write()
        _mark_overdue(uow, now, step.report, batch)
        if not step.report.anything:
            break
        report.add(step.report)
    _advance_lifecycle(uow, config, now, report, batch)
    return report


class _Bank:
    """The bank's answers, loaded once per payment method and cached per local month.

    A charge's outcome depends on the method, the bank's record and (for expiry) the
    tenant's month of the charge, so thousands of subscriptions on one card cost one
    decision a month.
    """

    def __init__(self, uow) -> None:
        self.uow = uow
        self.methods: dict[str, tuple[PaymentMethod, IssuerRecord | None]] = {}
        self.decisions: dict[tuple[str, int, int], Decision] = {}
        self.zones = {tenant: zone_of(country)
                      for tenant, country in uow.due.tenant_countries().items()}

    def load(self, method_ids: Iterable[str | None]) -> None:
        """Load the methods and, from the issuer simulator's vault, their banks' records."""
        found = self.uow.due.methods({m for m in method_ids if m and m not in self.methods})
        records = self.uow.vault.records(m.token for m in found if m.is_card)
        for method in found:
            self.methods[method.id] = (method, records.get(method.token))

    def decide(self, method_id: str | None, at: datetime, tenant_id: str) -> Decision:
        # A decision depends on the moment only through the tenant's month (a card's
        # expiry). Away from the ends of a UTC month, every zone is in that same month, so
        # only moments near them need the tenant's calendar.
        day = at.date() if 2 <= at.day <= 27 else calendar.local_day(at, self.zones[tenant_id])
        key = (method_id, day.year, day.month)
        decision = self.decisions.get(key)
        if decision is None:
            method, record = self.methods.get(method_id, (None, None))
            decision = self.decisions[key] = decide(method, record, day)
        return decision


@dataclass
class _Pass:
    """One pass over what is due: decisions are collected, then written in bulk."""

    uow: object
    config: Config
    now: datetime
    bank: _Bank
    report: CycleReport = field(default_factory=CycleReport)
    new_invoices: list[dict] = field(default_factory=list)
    invoice_updates: list[dict] = field(default_factory=list)
    attempts: list[dict] = field(default_factory=list)
    notices: list[dict] = field(default_factory=list)
    subscription_updates: dict[str, dict] = field(default_factory=dict)
    paid_on_issue: list[tuple] = field(default_factory=list)
    recheck: dict[str, datetime] = field(default_factory=dict)
    recipients: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.due = self.uow.due

    # Finding what is due ----------------------------------------------------------------

    def invoice_due_subscriptions(self, batch: int | None) -> None:
        """Issue the invoices of subscriptions whose billing date came, and make the first
        attempt, which is on the invoice date."""
        rows = self.due.subscriptions_due(self.now, batch)
        self.bank.load(row.paying_method_id for row in rows)
        from_driver = self.due.from_driver_time
        others = []
        for row in rows:
            issued = from_driver(row.issued)
            if (row.status == ACTIVE and row.pays_by != "invoice"
                    and self.bank.decide(row.paying_method_id, issued, row.tenant_id).approved):
                self._paid_on_issue(row, issued)
            else:
                others.append((row, issued))
        if others:
            self._invoice_others(others)

    def _invoice_others(self, rows) -> None:
        """Issue and charge the invoices that take the general path: declines, past-due
        subscriptions, billing profiles paid by invoice; skip those no longer billed."""
        states = {row.sub_id: _SubscriptionView(row)
                  for row in self.due.subscription_states([row.id for row, _issued in rows])}
        terms = timedelta(days=self.config.invoice_terms_days)
        for row, issued in rows:
            subscription = states[row.id]
            zone = self.bank.zones[row.tenant_id]
            next_invoice = calendar.next_billing(issued, row.billing_day, zone)
            standing = lifecycle.Standing(SubscriptionStatus(row.status), row.past_due_since)
            if lifecycle.stage_at(standing, issued, self.config.stages) not in lifecycle.BILLED:
                # Expired or disabled by its billing date: no invoice; billing resumes on
                # the first billing date after it is paid and active again.
                self._subscription(subscription)["b_next_invoice"] = (
                    calendar.next_billing_after(issued, row.billing_day, zone, self.now))
                continue
            by_invoice = row.pays_by == "invoice"
            invoice = {
                "id": new_id("inv"), "tenant_id": row.tenant_id, "subscription_id": row.id,
                "issued_at": issued, "due_at": issued + terms if by_invoice else issued,
                "amount": row.seats * row.unit_price, "currency": row.currency,
                "status": "open", "attempts_made": 0,
                "next_attempt_at": None if by_invoice else retries.next_attempt(
                    issued, 0, self.config.attempt_days),
                "paid_at": None, "paid_by": None,
            }
            self.new_invoices.append(invoice)
            self.report.invoices_issued += 1
            self._subscription(subscription)["b_next_invoice"] = next_invoice
            first = invoice["next_attempt_at"]
            if first is not None and first <= self.now:
                self._charge(subscription, invoice, row.paying_method_id, first, invoice)

    def _paid_on_issue(self, row, issued: datetime) -> None:
        """The common case, kept lean: an active subscription's invoice is issued and its
        first charge, on the invoice date, is approved."""
        subscription_id, tenant_id, seats, unit_price, currency, at, method_id = row[:7]
        next_invoice = calendar.next_billing(issued, row.billing_day, self.bank.zones[tenant_id])
        self.paid_on_issue.append((subscription_id, tenant_id, seats * unit_price, currency,
                                   at, method_id, self.due.driver_time(next_invoice)))

    def retry_due_invoices(self, batch: int | None) -> None:
        """Charge the open invoices whose next automatic attempt has come."""
        rows = self.due.retries_due(self.now, batch)
        self.bank.load(row.paying_method_id for row in rows)
        for row in rows:
            invoice = {"id": row.id, "tenant_id": row.tenant_id,
                       "subscription_id": row.subscription_id, "issued_at": row.issued_at,
                       "amount": row.amount, "currency": row.currency,
                       "attempts_made": row.attempts_made}
            update = {"b_id": row.id}
            self.invoice_updates.append(update)
            self._charge(_SubscriptionView(row), invoice, row.paying_method_id,
                         row.next_attempt_at, update)

    # Deciding ---------------------------------------------------------------------------

    def _subscription(self, row) -> dict:
        """The pending update of a subscription, starting from its current state."""
        update = self.subscription_updates.get(row.id)
        if update is None:
            update = self.subscription_updates[row.id] = {
                "b_id": row.id, "b_status": row.status, "b_since": row.past_due_since,
                "b_paid": row.last_paid_at, "b_next_invoice": row.next_invoice_at,
                "b_cleared": row.past_due_paid_at,
            }
        return update

    def _charge(self, subscription, invoice: dict, method_id: str | None, at: datetime,
                target: dict) -> None:
        """One automatic attempt on ``invoice`` at ``at``; results go into ``target``
        (the new invoice's values, or an update of an existing invoice)."""
        decision = self.bank.decide(method_id, at, invoice["tenant_id"])
        attempt_id = new_id("ch")
        made = invoice["attempts_made"] + 1
        self.attempts.append({
            "id": attempt_id, "tenant_id": invoice["tenant_id"],
            "subscription_id": invoice["subscription_id"], "invoice_id": invoice["id"],
            "payment_method_id": method_id, "at": at, "amount": invoice["amount"],
            "currency": invoice["currency"], "succeeded": decision.approved,
            "trigger": SCHEDULED,
            "decline_reason": decision.reason.value if decision.reason else None,
            "decline_detail": decision.detail, "actor_id": None, "sequence": made,
        })
        self.report.charges += 1
        state = self._subscription(subscription)
        if decision.approved:
            self.report.paid += 1
            target.update(status="paid", attempts_made=made, next_attempt_at=None, paid_at=at,
                          paid_by=attempt_id)
            state["b_paid"] = max(at, state["b_paid"] or at)
            if state["b_status"] != ACTIVE:
                self.recheck[subscription.id] = max(at, self.recheck.get(subscription.id, at))
            return
        self.report.declined += 1
        schedule = self.config.attempt_days
        target.update(status="open", attempts_made=made, paid_at=None, paid_by=None,
                      next_attempt_at=retries.next_attempt(invoice["issued_at"], made, schedule))
        standing = lifecycle.Standing(SubscriptionStatus(state["b_status"]), state["b_since"])
        after = lifecycle.after_decline(standing, at)
        if after != standing:
            state["b_status"], state["b_since"] = after.status.value, after.past_due_since
            self.report.became_past_due += 1
        profile = subscription.billing_profile_id
        self._notice(DECLINED, invoice, profile, at, attempt_id, method_id,
                     notice_key(DECLINED, attempt_id=attempt_id))
        if retries.exhausted(made, schedule):
            self._notice(EXHAUSTED, invoice, profile, at, attempt_id, method_id,
                         notice_key(EXHAUSTED, invoice_id=invoice["id"]))

    def _notice(self, kind: NoticeKind, invoice: dict, profile_id: str | None, at: datetime,
                attempt_id: str, method_id: str | None, key: str) -> None:
        audience = (invoice["tenant_id"], profile_id)
        if audience not in self.recipients:
            self.recipients[audience] = self.uow.admins.notice_recipients(*audience)
        self.notices.append({
            "id": new_id("nt"), "tenant_id": invoice["tenant_id"], "kind": kind.value,
            "sent_at": at, "recipients": self.recipients[audience],
            "subscription_id": invoice["subscription_id"], "invoice_id": invoice["id"],
            "attempt_id": attempt_id, "payment_method_id": method_id, "automatic": True,
            "key": key,
        })
        self.report.notices += 1

    # Writing ----------------------------------------------------------------------------

    def write(self) -> None:
        self.due.write(new_invoices=self.new_invoices, invoice_updates=self.invoice_updates,
                       attempts=self.attempts, notices=self.notices)
        self._settle_statuses()  # once the invoices it looks at are written
        self.due.update_subscriptions(list(self.subscription_updates.values()))
        paid = self.paid_on_issue  # the lean path last, its ids drawn in one go
        self.due.write_paid_on_issue(paid, new_ids("inv", len(paid)), new_ids("ch", len(paid)))
        self.report.invoices_issued += len(paid)
        self.report.charges += len(paid)
        self.report.paid += len(paid)

    def _settle_statuses(self) -> None:
        """After a payment, a subscription that was not active is active again unless
        another of its invoices is still declined or overdue (lifecycle.after_payment).
        Runs after the invoices are written."""
        if not self.recheck:
            return
        overdue = self.due.still_overdue(self.recheck, self.now)
        for subscription_id, paid_at in self.recheck.items():
            state = self.subscription_updates[subscription_id]
            standing = lifecycle.Standing(SubscriptionStatus(state["b_status"]),
                                          state["b_since"])
            after = lifecycle.after_payment(standing, subscription_id in overdue)
            state["b_status"] = after.standing.status.value
            state["b_since"] = after.standing.past_due_since
            if after.cleared_past_due:
                state["b_cleared"] = paid_at


class _SubscriptionView:
    """The subscription columns of a due row, under the names a subscription row has."""

    __slots__ = ("billing_profile_id", "id", "last_paid_at", "next_invoice_at",
                 "past_due_paid_at", "past_due_since", "status")

    def __init__(self, row) -> None:
        self.id = row.sub_id
        self.status = row.status
        self.past_due_since = row.past_due_since
        self.last_paid_at = row.last_paid_at
        self.next_invoice_at = row.next_invoice_at
        self.past_due_paid_at = row.past_due_paid_at
        self.billing_profile_id = row.billing_profile_id


def _mark_overdue(uow, now: datetime, report: CycleReport, batch: int | None) -> None:
    """Invoices paid by invoice (billing profiles) that passed their due date unpaid make
    their active subscription past due from the due date, with one notice each."""
    handled = set()
    for row in uow.due.invoices_overdue(now, batch):
        if row.subscription_id in handled:
            continue
        handled.add(row.subscription_id)
        after = lifecycle.after_decline(lifecycle.Standing(SubscriptionStatus.ACTIVE),
                                        row.due_at)
        uow.due.mark_past_due(row.subscription_id, after.status.value, after.past_due_since)
        uow.due.add_notice({
            "id": new_id("nt"), "tenant_id": row.tenant_id, "kind": OVERDUE.value,
            "sent_at": row.due_at,
            "recipients": uow.admins.notice_recipients(row.tenant_id, row.billing_profile_id),
            "subscription_id": row.subscription_id, "invoice_id": row.id, "automatic": True,
            "key": notice_key(OVERDUE, invoice_id=row.id)})
        report.became_past_due += 1
        report.notices += 1


def _advance_lifecycle(uow, config: Config, now: datetime, report: CycleReport,
                       batch: int | None = None) -> None:
    """Past-due subscriptions expire, are disabled and are deleted as their time comes
    (lifecycle.thresholds), set-wise; rows another worker holds are left to it."""
    moving = [s.value for s in lifecycle.RECOVERABLE]
    for status, since_at_most in lifecycle.thresholds(now, config.stages):
        ids = uow.due.moving_on(moving, since_at_most, status.value, batch)
        uow.due.set_status(ids, status.value)
        setattr(report, status.value, getattr(report, status.value) + len(ids))
        moving = [s for s in moving if s != status.value]
