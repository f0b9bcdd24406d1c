"""Everything that falls due with time: invoices, charges, retries, notices, past-due states.

This is what ``betal tick`` and ``betal worker`` run. It works set-wise on rows (one query
per kind of due item, bulk writes) so a month of billing for 100,000 subscriptions takes
seconds, and it uses the same pure decisions as the interactive services:
:func:`engine.issuer.decide` for each charge and the retry schedule from the configuration
(rules ``retry-window``, ``retries-remaining`` and ``decline-notice``).

Each item is processed at the moment it was due, not at the clock's current time, so
advancing the clock by a month and ticking once gives the same history as ticking daily.
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
    func,
    insert,
    literal_column,
    select,
    type_coerce,
    update,
)

from engine import issuer
from engine.clock import add_months
from engine.config import Config
from engine.domain.model import (
    IssuerRecord,
    NoticeKind,
    PaymentMethod,
    SubscriptionStatus,
    Trigger,
)
from engine.services.billing import notice_recipients
from engine.services.context import new_id
from engine.store import schema
from engine.store.bulk import execute_converted, execute_many, from_driver, to_driver

INVOICE, SUB, METHOD, RECORD = (
    schema.invoices, schema.subscriptions, schema.payment_methods, schema.issuer_records,
)
PAST_DUE, ACTIVE = SubscriptionStatus.PAST_DUE.value, SubscriptionStatus.ACTIVE.value
SCHEDULED = Trigger.SCHEDULED.value  # an enum member's value is a descriptor lookup each time
INVOICE_COLUMNS = tuple(c.name for c in INVOICE.c)
ATTEMPT_COLUMNS = tuple(c.name for c in schema.charge_attempts.c)
# A literal (not a bound parameter), so the databases use the partial index of open invoices.
OPEN = INVOICE.c.status == literal_column("'open'")


@dataclass
class CycleReport:
    invoices_issued: int = 0
    charges: int = 0
    paid: int = 0
    declined: int = 0
    notices: int = 0
    became_past_due: int = 0

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
        _mark_overdue(uow, now, step.report)
        if not step.report.anything:
            break
        report.add(step.report)
    return report


def _chunks(items: Iterable, size: int = 5000) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _lock(query, uow, *tables):
    """Let concurrent workers on PostgreSQL skip rows another worker has claimed."""
    if uow.is_sqlite:
        return query
    return query.with_for_update(skip_locked=True, of=tables)


class _Bank:
    """The issuer's answers, loaded once per payment method and cached per month.

    A charge's outcome depends on the method, the bank's record and (for expiry) the month
    of the charge, so thousands of subscriptions on one card cost one decision a month.
    """

    def __init__(self, uow) -> None:
        self.uow = uow
        self.methods: dict[str, tuple[PaymentMethod, IssuerRecord | None]] = {}
        self.decisions: dict[tuple[str, int, int], issuer.Decision] = {}

    def load(self, method_ids: Iterable[str | None]) -> None:
        missing = {m for m in method_ids if m and m not in self.methods}
        for chunk in _chunks(missing):
            query = (
                select(METHOD, *(c.label(f"rec_{c.name}") for c in RECORD.c))
                .select_from(METHOD.outerjoin(RECORD, METHOD.c.fingerprint == RECORD.c.fingerprint))
                .where(METHOD.c.id.in_(chunk))
            )
            for row in self.uow.connection.execute(query):
                values = row._mapping
                method = PaymentMethod(**{c.name: values[c.name] for c in METHOD.c})
                record = None
                if values["rec_fingerprint"] is not None:
                    record = IssuerRecord(**{c.name: values[f"rec_{c.name}"] for c in RECORD.c})
                self.methods[method.id] = (method, record)

    def decide(self, method_id: str | None, at: datetime) -> issuer.Decision:
        if method_id is None:
            return issuer.decide(None, None, at)
        key = (method_id, at.year, at.month)
        decision = self.decisions.get(key)
        if decision is None:
            method, record = self.methods.get(method_id, (None, None))
            decision = self.decisions[key] = issuer.decide(method, record, at)
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
    paid_invoices: list[tuple] = field(default_factory=list)
    paid_attempts: list[tuple] = field(default_factory=list)
    paid_subscriptions: list[tuple] = field(default_factory=list)
    recheck: set[str] = field(default_factory=set)
    recipients: dict[tuple[str, str | None], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # The lean path builds its rows already in the driver's form (see store.bulk).
        self.driver_time = to_driver(self.uow.connection, DateTime())
        self.from_driver_time = from_driver(self.uow.connection, DateTime())
        self.driver_true = to_driver(self.uow.connection, Boolean())(True)

    # Finding what is due ----------------------------------------------------------------

    def invoice_due_subscriptions(self, batch: int | None) -> None:
        """Issue the invoices of subscriptions whose billing date came, and charge those
        whose first attempt is on the invoice date."""
        profile = schema.billing_profiles
        # The billing date comes as the driver gives it: the lean path writes it back as
        # it is (the invoice's date) and parses it once for the month's arithmetic.
        query = (
            select(SUB.c.id, SUB.c.tenant_id, SUB.c.seats, SUB.c.unit_price, SUB.c.currency,
                   type_coerce(SUB.c.next_invoice_at, String).label("issued"),
                   SUB.c.payment_method_id, SUB.c.billing_profile_id, SUB.c.status,
                   profile.c.pays_by)
            .select_from(SUB.outerjoin(profile, SUB.c.billing_profile_id == profile.c.id))
            .where(SUB.c.next_invoice_at <= self.now)
            .order_by(SUB.c.next_invoice_at)
            .limit(batch)
        )
        rows = self.uow.connection.execute(_lock(query, self.uow, SUB)).all()
        self.bank.load(row.payment_method_id for row in rows)
        days = self.config.attempt_days
        lean = days[0] == 0
        from_driver = self.from_driver_time
        others = []
        for row in rows:
            issued = from_driver(row.issued)
            if (lean and row.pays_by != "invoice" and row.status == ACTIVE
                    and self.bank.decide(row.payment_method_id, issued).approved):
                self._paid_on_issue(row, issued)
            else:
                others.append((row, issued))
        if others:
            self._invoice_others(others)

    def _invoice_others(self, rows) -> None:
        """Issue and, when due, charge the invoices that take the general path: declines,
        past-due subscriptions, billing profiles paid by invoice."""
        states = self._subscription_states([row.id for row, _issued in rows])
        days = self.config.attempt_days
        terms = timedelta(days=self.config.invoice_terms_days)
        for row, issued in rows:
            subscription = states[row.id]
            by_invoice = row.pays_by == "invoice"
            invoice = {
                "id": new_id("inv"), "tenant_id": row.tenant_id, "subscription_id": row.id,
                "issued_at": issued, "due_at": issued + terms if by_invoice else issued,
                "amount": row.seats * row.unit_price, "currency": row.currency,
                "status": "open", "attempts_made": 0,
                "next_attempt_at": None if by_invoice else issued + timedelta(days=days[0]),
                "paid_at": None, "paid_by": None,
            }
            self.new_invoices.append(invoice)
            self.report.invoices_issued += 1
            self._subscription(subscription)["b_next_invoice"] = add_months(issued, 1)
            first = invoice["next_attempt_at"]
            if first is not None and first <= self.now:
                self._charge(subscription, invoice, row.payment_method_id, first, invoice)

    def _subscription_states(self, ids: list[str]) -> dict[str, _SubscriptionView]:
        states = {}
        for chunk in _chunks(ids):
            query = select(SUB.c.id.label("sub_id"), SUB.c.status, SUB.c.past_due_since,
                           SUB.c.last_paid_at, SUB.c.next_invoice_at,
                           SUB.c.billing_profile_id).where(SUB.c.id.in_(chunk))
            for row in self.uow.connection.execute(query):
                states[row.sub_id] = _SubscriptionView(row)
        return states

    def _paid_on_issue(self, row, issued: datetime) -> None:
        """The common case, kept lean: an active subscription's invoice is issued and its
        first charge, on the invoice date, is approved."""
        (subscription_id, tenant_id, seats, unit_price, currency, at, method_id,
         *_rest) = row
        invoice_id, attempt_id, amount = new_id("inv"), new_id("ch"), seats * unit_price
        true = self.driver_true
        self.paid_invoices.append((invoice_id, tenant_id, subscription_id, at, at,
                                   amount, currency, "paid", 1, None, at, attempt_id))
        self.paid_attempts.append((attempt_id, tenant_id, subscription_id, invoice_id,
                                   method_id, at, amount, currency, true,
                                   SCHEDULED, None, "", None))
        self.paid_subscriptions.append((subscription_id,
                                        self.driver_time(add_months(issued, 1)), at))
        self.report.invoices_issued += 1
        self.report.charges += 1
        self.report.paid += 1

    def retry_due_invoices(self, batch: int | None) -> None:
        """Charge the open invoices whose next automatic attempt has come."""
        query = (
            select(INVOICE.c.id, INVOICE.c.tenant_id, INVOICE.c.subscription_id,
                   INVOICE.c.issued_at, INVOICE.c.amount, INVOICE.c.currency,
                   INVOICE.c.attempts_made, INVOICE.c.next_attempt_at,
                   SUB.c.id.label("sub_id"), SUB.c.payment_method_id, SUB.c.billing_profile_id,
                   SUB.c.status, SUB.c.past_due_since, SUB.c.last_paid_at,
                   SUB.c.next_invoice_at)
            .select_from(INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id))
            .where(OPEN, INVOICE.c.next_attempt_at <= self.now)
            .order_by(INVOICE.c.next_attempt_at)
            .limit(batch)
        )
        rows = self.uow.connection.execute(_lock(query, self.uow, INVOICE)).all()
        self.bank.load(row.payment_method_id for row in rows)
        for row in rows:
            invoice = {"id": row.id, "tenant_id": row.tenant_id,
                       "subscription_id": row.subscription_id, "issued_at": row.issued_at,
                       "amount": row.amount, "currency": row.currency,
                       "attempts_made": row.attempts_made}
            update = {"b_id": row.id}
            self.invoice_updates.append(update)
            self._charge(_SubscriptionView(row), invoice, row.payment_method_id,
                         row.next_attempt_at, update)

    # Deciding ---------------------------------------------------------------------------

    def _subscription(self, row) -> dict:
        """The pending update of a subscription, starting from its current state."""
        update = self.subscription_updates.get(row.id)
        if update is None:
            update = self.subscription_updates[row.id] = {
                "b_id": row.id, "b_status": row.status, "b_since": row.past_due_since,
                "b_paid": row.last_paid_at, "b_next_invoice": row.next_invoice_at,
            }
        return update

    def _charge(self, subscription, invoice: dict, method_id: str | None, at: datetime,
                target: dict) -> None:
        """One automatic attempt on ``invoice`` at ``at``; results go into ``target``
        (the new invoice's values, or an update of an existing invoice)."""
        decision = self.bank.decide(method_id, at)
        attempt_id = new_id("ch")
        self.attempts.append({
            "id": attempt_id, "tenant_id": invoice["tenant_id"],
            "subscription_id": invoice["subscription_id"], "invoice_id": invoice["id"],
            "payment_method_id": method_id, "at": at, "amount": invoice["amount"],
            "currency": invoice["currency"], "succeeded": decision.approved,
            "trigger": SCHEDULED,
            "decline_reason": decision.reason.value if decision.reason else None,
            "decline_detail": decision.detail, "actor_id": None,
        })
        self.report.charges += 1
        made = invoice["attempts_made"] + 1
        state = self._subscription(subscription)
        if decision.approved:
            self.report.paid += 1
            _set(target, status="paid", attempts_made=made, next_attempt_at=None, paid_at=at,
                 paid_by=attempt_id)
            state["b_paid"] = max(at, state["b_paid"] or at)
            if state["b_status"] == PAST_DUE:
                self.recheck.add(subscription.id)
            return
        self.report.declined += 1
        schedule = self.config.attempt_days
        next_at = (invoice["issued_at"] + timedelta(days=schedule[made])
                   if made < len(schedule) else None)
        _set(target, status="open", attempts_made=made, next_attempt_at=next_at, paid_at=None,
             paid_by=None)
        if state["b_status"] != PAST_DUE:
            state["b_status"], state["b_since"] = PAST_DUE, at
            self.report.became_past_due += 1
        kinds = [NoticeKind.PAYMENT_DECLINED]
        if next_at is None:
            kinds.append(NoticeKind.RETRIES_EXHAUSTED)
        for kind in kinds:
            self._notice(kind, invoice, subscription.billing_profile_id, at, attempt_id,
                         method_id)

    def _notice(self, kind, invoice, profile_id, at, attempt_id, method_id) -> None:
        key = (invoice["tenant_id"], profile_id)
        if key not in self.recipients:
            self.recipients[key] = notice_recipients(self.uow, *key)
        self.notices.append({
            "id": new_id("nt"), "tenant_id": invoice["tenant_id"], "kind": kind.value,
            "sent_at": at, "recipients": self.recipients[key],
            "subscription_id": invoice["subscription_id"], "invoice_id": invoice["id"],
            "attempt_id": attempt_id, "payment_method_id": method_id, "automatic": True,
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
                last_paid_at=bindparam("b_paid"), next_invoice_at=bindparam("b_next_invoice")),
            list(self.subscription_updates.values()),
        )
        # The lean path last: its subscription update only moves the billing date on and
        # keeps the latest payment, so it composes with any update written above.
        execute_converted(connection, insert(INVOICE), INVOICE_COLUMNS, self.paid_invoices)
        execute_converted(connection, insert(schema.charge_attempts), ATTEMPT_COLUMNS,
                          self.paid_attempts)
        execute_converted(
            connection,
            update(SUB).where(SUB.c.id == bindparam("b_id")).values(
                next_invoice_at=bindparam("b_next_invoice"),
                last_paid_at=case((SUB.c.last_paid_at > bindparam("b_paid"), SUB.c.last_paid_at),
                                  else_=bindparam("b_paid"))),
            ("b_id", "b_next_invoice", "b_paid"), self.paid_subscriptions,
        )

    def _settle_statuses(self) -> None:
        """A past-due subscription that paid is active again unless another invoice of it
        is still declined or overdue. Runs after the invoices are written."""
        if not self.recheck:
            return
        overdue = set()
        for chunk in _chunks(self.recheck):
            query = select(INVOICE.c.subscription_id).distinct().where(
                INVOICE.c.subscription_id.in_(chunk), INVOICE.c.status == "open",
                (INVOICE.c.attempts_made > 0) | (INVOICE.c.due_at < self.now))
            overdue.update(self.uow.connection.execute(query).scalars())
        for subscription_id in self.recheck - overdue:
            state = self.subscription_updates[subscription_id]
            state["b_status"], state["b_since"] = ACTIVE, None


def _set(target: dict, **values) -> None:
    target.update(values)


class _SubscriptionView:
    """The subscription columns of an invoice row, under the names a subscription row has."""

    __slots__ = ("billing_profile_id", "id", "last_paid_at", "next_invoice_at",
                 "past_due_since", "status")

    def __init__(self, row) -> None:
        self.id = row.sub_id
        self.status = row.status
        self.past_due_since = row.past_due_since
        self.last_paid_at = row.last_paid_at
        self.next_invoice_at = row.next_invoice_at
        self.billing_profile_id = row.billing_profile_id


def _mark_overdue(uow, now: datetime, report: CycleReport) -> None:
    """Invoices paid by invoice (billing profiles) that passed their due date unpaid."""
    query = (
        select(INVOICE.c.subscription_id, SUB.c.tenant_id, SUB.c.billing_profile_id,
               func.min(INVOICE.c.due_at).label("due_at"), func.min(INVOICE.c.id).label("inv"))
        .select_from(INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id))
        .where(INVOICE.c.status == "open", INVOICE.c.next_attempt_at.is_(None),
               INVOICE.c.attempts_made == 0, INVOICE.c.due_at <= now, SUB.c.status == ACTIVE)
        .group_by(INVOICE.c.subscription_id, SUB.c.tenant_id, SUB.c.billing_profile_id)
    )
    for row in uow.connection.execute(query).all():
        uow.connection.execute(
            update(SUB).where(SUB.c.id == row.subscription_id)
            .values(status=PAST_DUE, past_due_since=row.due_at))
        uow.connection.execute(insert(schema.notices).values(
            id=new_id("nt"), tenant_id=row.tenant_id, kind=NoticeKind.INVOICE_OVERDUE.value,
            sent_at=row.due_at,
            recipients=notice_recipients(uow, row.tenant_id, row.billing_profile_id),
            subscription_id=row.subscription_id, invoice_id=row.inv, automatic=True))
        report.became_past_due += 1
        report.notices += 1
