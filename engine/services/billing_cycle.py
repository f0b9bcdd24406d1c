"""Everything that falls due with time: invoices, charges, retries, notices, the lifecycle.

This is what ``betal tick`` and ``betal worker`` run. It works set-wise on rows (one query
per kind of due item, bulk writes) so a month of billing for 100,000 subscriptions takes
seconds, and it decides with the same pure rules as the interactive services:
:func:`engine.domain.charging.decide` for each charge, :mod:`engine.domain.retries` for
the schedule (rules ``retry-window``, ``retries-remaining``), :mod:`engine.domain.lifecycle`
for past-due and later stages, :mod:`engine.domain.calendar` for billing dates.

Each item is processed at the moment it was due, not at the clock's current time, so
advancing the clock by a month and ticking once gives the same history as ticking daily.

Exactly once: a pass claims subscriptions with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL
(with their due invoices), so concurrent workers never take the same one and an admin's
Settle balance waits for the row; what a pass writes back is what it locked. The schema
backs this up: one invoice per subscription and period, each scheduled attempt once per
invoice, one notice per attempt (or invoice) and kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import (
    Boolean,
    DateTime,
    String,
    bindparam,
    case,
    insert,
    literal_column,
    select,
    type_coerce,
    update,
)

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
from engine.store import schema
from engine.store.bulk import execute_converted, execute_many, from_driver, to_driver
from engine.store.retry import retrying

INVOICE, SUB, METHOD, PROFILE, TENANT = (
    schema.invoices, schema.subscriptions, schema.payment_methods, schema.billing_profiles,
    schema.tenants,
)
ACTIVE = SubscriptionStatus.ACTIVE.value
SCHEDULED = Trigger.SCHEDULED.value
DECLINED, EXHAUSTED, OVERDUE = (NoticeKind.PAYMENT_DECLINED, NoticeKind.RETRIES_EXHAUSTED,
                                NoticeKind.INVOICE_OVERDUE)
INVOICE_COLUMNS = tuple(c.name for c in INVOICE.c)
ATTEMPT_COLUMNS = tuple(c.name for c in schema.charge_attempts.c)
# A literal (not a bound parameter), so the databases use the partial index of open invoices.
OPEN = INVOICE.c.status == literal_column("'open'")
# Statuses that can still be due for an invoice: whether one is issued is judged at its date.
NOT_DELETED = SUB.c.status != literal_column(f"'{SubscriptionStatus.DELETED.value}'")
# Under a billing profile the profile's payment method pays (rule billing-profile-roles).
PAYING_METHOD = case((SUB.c.billing_profile_id.is_(None), SUB.c.payment_method_id),
                     else_=PROFILE.c.payment_method_id).label("paying_method_id")


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


def run_due_committed(database, config: Config, **options) -> CycleReport:
    """:func:`run_due` in its own unit of work, committed, and run again from the start if
    it loses a race with another process (engine.store.retry)."""
    def attempt() -> CycleReport:
        with database.unit_of_work() as uow:
            report = run_due(uow, config, **options)
            uow.commit()
        return report
    return retrying(attempt)


def _chunks(items: Iterable, size: int = 5000) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _claim(query, uow, *tables):
    """Let concurrent workers on PostgreSQL skip rows another worker has claimed."""
    if uow.is_sqlite:
        return query
    return query.with_for_update(skip_locked=True, of=tables)


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
        self.zones = {row.id: zone_of(row.country)
                      for row in uow.connection.execute(select(TENANT.c.id, TENANT.c.country))}

    def load(self, method_ids: Iterable[str | None]) -> None:
        """Load the methods and, from the issuer simulator's vault, their banks' records."""
        missing = {m for m in method_ids if m and m not in self.methods}
        for chunk in _chunks(missing):
            found = [PaymentMethod(**values) for values in self.uow.connection.execute(
                select(METHOD).where(METHOD.c.id.in_(chunk))).mappings()]
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
        # The lean path builds its rows already in the driver's form (see store.bulk).
        self.driver_time = to_driver(self.uow.connection, DateTime())
        self.from_driver_time = from_driver(self.uow.connection, DateTime())
        self.driver_true = to_driver(self.uow.connection, Boolean())(True)

    # Finding what is due ----------------------------------------------------------------

    def invoice_due_subscriptions(self, batch: int | None) -> None:
        """Issue the invoices of subscriptions whose billing date came, and make the first
        attempt, which is on the invoice date."""
        # The billing date comes as the driver gives it: the lean path writes it back as
        # it is (the invoice's date) and parses it once for the month's arithmetic.
        query = (
            select(SUB.c.id, SUB.c.tenant_id, SUB.c.seats, SUB.c.unit_price, SUB.c.currency,
                   type_coerce(SUB.c.next_invoice_at, String).label("issued"),
                   PAYING_METHOD, SUB.c.billing_profile_id, SUB.c.status,
                   SUB.c.past_due_since, SUB.c.billing_day, PROFILE.c.pays_by)
            .select_from(SUB.outerjoin(PROFILE, SUB.c.billing_profile_id == PROFILE.c.id))
            .where(SUB.c.next_invoice_at <= self.now, NOT_DELETED)
            .order_by(SUB.c.next_invoice_at)
            .limit(batch)
        )
        rows = self.uow.connection.execute(_claim(query, self.uow, SUB)).all()
        self.bank.load(row.paying_method_id for row in rows)
        from_driver = self.from_driver_time
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
        states = self._subscription_states([row.id for row, _issued in rows])
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

    def _subscription_states(self, ids: list[str]) -> dict[str, _SubscriptionView]:
        states = {}
        for chunk in _chunks(ids):
            query = select(SUB.c.id.label("sub_id"), SUB.c.status, SUB.c.past_due_since,
                           SUB.c.last_paid_at, SUB.c.next_invoice_at, SUB.c.past_due_paid_at,
                           SUB.c.billing_profile_id).where(SUB.c.id.in_(chunk))
            for row in self.uow.connection.execute(query):
                states[row.sub_id] = _SubscriptionView(row)
        return states

    def _paid_on_issue(self, row, issued: datetime) -> None:
        """The common case, kept lean: an active subscription's invoice is issued and its
        first charge, on the invoice date, is approved."""
        subscription_id, tenant_id, seats, unit_price, currency, at, method_id = row[:7]
        next_invoice = calendar.next_billing(issued, row.billing_day, self.bank.zones[tenant_id])
        self.paid_on_issue.append((subscription_id, tenant_id, seats * unit_price, currency,
                                   at, method_id, self.driver_time(next_invoice)))

    def retry_due_invoices(self, batch: int | None) -> None:
        """Charge the open invoices whose next automatic attempt has come."""
        query = (
            select(INVOICE.c.id, INVOICE.c.tenant_id, INVOICE.c.subscription_id,
                   INVOICE.c.issued_at, INVOICE.c.amount, INVOICE.c.currency,
                   INVOICE.c.attempts_made, INVOICE.c.next_attempt_at,
                   SUB.c.id.label("sub_id"), PAYING_METHOD, SUB.c.billing_profile_id,
                   SUB.c.status, SUB.c.past_due_since, SUB.c.last_paid_at,
                   SUB.c.next_invoice_at, SUB.c.past_due_paid_at)
            .select_from(INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id)
                         .outerjoin(PROFILE, SUB.c.billing_profile_id == PROFILE.c.id))
            .where(OPEN, INVOICE.c.next_attempt_at <= self.now)
            .order_by(INVOICE.c.next_attempt_at)
            .limit(batch)
        )
        rows = self.uow.connection.execute(_claim(query, self.uow, SUB, INVOICE)).all()
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
        connection = self.uow.connection
        execute_many(connection, insert(INVOICE), self.new_invoices)
        execute_many(
            connection,
            update(INVOICE).where(INVOICE.c.id == bindparam("b_id")).values(
                status=bindparam("status"), attempts_made=bindparam("attempts_made"),
                next_attempt_at=bindparam("next_attempt_at"), paid_at=bindparam("paid_at"),
                paid_by=bindparam("paid_by")),
            self.invoice_updates,
        )
        execute_many(connection, insert(schema.charge_attempts), self.attempts)
        execute_many(connection, insert(schema.notices), self.notices)
        self._settle_statuses()
        execute_many(
            connection,
            update(SUB).where(SUB.c.id == bindparam("b_id")).values(
                status=bindparam("b_status"), past_due_since=bindparam("b_since"),
                last_paid_at=bindparam("b_paid"), next_invoice_at=bindparam("b_next_invoice"),
                past_due_paid_at=bindparam("b_cleared")),
            list(self.subscription_updates.values()),
        )
        self._write_paid_on_issue()

    def _write_paid_on_issue(self) -> None:
        """The lean path last, set-wise, its ids drawn in one go: an invoice paid by its
        first attempt per row. Its subscription update only moves the billing date on and
        keeps the latest payment, so it composes with any update written above."""
        paid = self.paid_on_issue
        if not paid:
            return
        connection, true = self.uow.connection, self.driver_true
        invoice_ids, attempt_ids = new_ids("inv", len(paid)), new_ids("ch", len(paid))
        execute_converted(connection, insert(INVOICE), INVOICE_COLUMNS, [
            (invoice, tenant, subscription, at, at, amount, currency, "paid", 1, None, at,
             attempt)
            for invoice, attempt, (subscription, tenant, amount, currency, at, _method, _next)
            in zip(invoice_ids, attempt_ids, paid, strict=True)])
        execute_converted(connection, insert(schema.charge_attempts), ATTEMPT_COLUMNS, [
            (attempt, tenant, subscription, invoice, method, at, amount, currency, true,
             SCHEDULED, None, "", None, 1)
            for invoice, attempt, (subscription, tenant, amount, currency, at, method, _next)
            in zip(invoice_ids, attempt_ids, paid, strict=True)])
        execute_converted(
            connection,
            update(SUB).where(SUB.c.id == bindparam("b_id")).values(
                next_invoice_at=bindparam("b_next_invoice"),
                last_paid_at=case((SUB.c.last_paid_at > bindparam("b_paid"), SUB.c.last_paid_at),
                                  else_=bindparam("b_paid"))),
            ("b_id", "b_next_invoice", "b_paid"),
            [(row[0], row[6], row[4]) for row in paid])
        self.report.invoices_issued += len(paid)
        self.report.charges += len(paid)
        self.report.paid += len(paid)

    def _settle_statuses(self) -> None:
        """After a payment, a subscription that was not active is active again unless
        another of its invoices is still declined or overdue (lifecycle.after_payment).
        Runs after the invoices are written."""
        if not self.recheck:
            return
        overdue = set()
        for chunk in _chunks(self.recheck):
            query = select(INVOICE.c.subscription_id).distinct().where(
                INVOICE.c.subscription_id.in_(chunk), OPEN,
                (INVOICE.c.attempts_made > 0) | (INVOICE.c.due_at < self.now))
            overdue.update(self.uow.connection.execute(query).scalars())
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
    query = (
        select(INVOICE.c.id, INVOICE.c.subscription_id, INVOICE.c.due_at, SUB.c.tenant_id,
               SUB.c.billing_profile_id)
        .select_from(INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id))
        .where(OPEN, INVOICE.c.next_attempt_at.is_(None), INVOICE.c.attempts_made == 0,
               INVOICE.c.due_at <= now, SUB.c.status == ACTIVE)
        .order_by(INVOICE.c.due_at, INVOICE.c.id)
        .limit(batch)
    )
    handled = set()
    for row in uow.connection.execute(_claim(query, uow, SUB, INVOICE)).all():
        if row.subscription_id in handled:
            continue
        handled.add(row.subscription_id)
        after = lifecycle.after_decline(lifecycle.Standing(SubscriptionStatus.ACTIVE),
                                        row.due_at)
        uow.connection.execute(
            update(SUB).where(SUB.c.id == row.subscription_id)
            .values(status=after.status.value, past_due_since=after.past_due_since))
        uow.connection.execute(insert(schema.notices).values(
            id=new_id("nt"), tenant_id=row.tenant_id, kind=OVERDUE.value, sent_at=row.due_at,
            recipients=uow.admins.notice_recipients(row.tenant_id, row.billing_profile_id),
            subscription_id=row.subscription_id, invoice_id=row.id, automatic=True,
            key=notice_key(OVERDUE, invoice_id=row.id)))
        report.became_past_due += 1
        report.notices += 1


def _advance_lifecycle(uow, config: Config, now: datetime, report: CycleReport,
                       batch: int | None = None) -> None:
    """Past-due subscriptions expire, are disabled and are deleted as their time comes
    (lifecycle.thresholds), set-wise; rows another worker holds are left to it."""
    moving = [s.value for s in lifecycle.RECOVERABLE]
    for status, since_at_most in lifecycle.thresholds(now, config.stages):
        due = (select(SUB.c.id)
               .where(SUB.c.status.in_(moving), SUB.c.past_due_since <= since_at_most,
                      SUB.c.status != status.value)
               .order_by(SUB.c.id).limit(batch))
        ids = list(uow.connection.execute(_claim(due, uow, SUB)).scalars())
        for chunk in _chunks(ids):
            uow.connection.execute(update(SUB).where(SUB.c.id.in_(chunk))
                                   .values(status=status.value))
        setattr(report, status.value, getattr(report, status.value) + len(ids))
        moving = [s for s in moving if s != status.value]
