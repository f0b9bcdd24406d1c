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
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from itertools import islice

from sqlalchemy import bindparam, func, insert, select, update

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

INVOICE, SUB, METHOD, RECORD = (
    schema.invoices, schema.subscriptions, schema.payment_methods, schema.issuer_records,
)
_METHOD_FIELDS = [c.name for c in METHOD.c]
_RECORD_FIELDS = [c.name for c in RECORD.c]


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


def run_due(uow, config: Config, *, batch: int | None = None) -> CycleReport:
    """Process every item due at the clock's current time, until nothing is left.

    With ``batch`` each step takes at most that many items per pass (workers use it so
    that several of them share the work); the loop still runs until nothing is due.
    """
    now = uow.now()
    report = CycleReport()
    while True:
        step = CycleReport()
        _issue_invoices(uow, now, config, step, batch)
        _charge_due(uow, now, config, step, batch)
        _mark_overdue(uow, now, step)
        if not step.anything:
            return report
        report.add(step)


def _chunks(items: Iterable, size: int = 5000) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _lock(query, uow, *tables):
    """Let concurrent workers on PostgreSQL skip rows another worker has claimed."""
    if uow.is_sqlite:
        return query
    return query.with_for_update(skip_locked=True, of=tables)


def _issue_invoices(uow, now: datetime, config: Config, report: CycleReport,
                    batch: int | None) -> None:
    profile = schema.billing_profiles
    query = (
        select(SUB.c.id, SUB.c.tenant_id, SUB.c.seats, SUB.c.unit_price, SUB.c.currency,
               SUB.c.next_invoice_at, profile.c.pays_by)
        .select_from(SUB.outerjoin(profile, SUB.c.billing_profile_id == profile.c.id))
        .where(SUB.c.next_invoice_at <= now)
        .order_by(SUB.c.next_invoice_at)
        .limit(batch)
    )
    rows = uow.connection.execute(_lock(query, uow, SUB)).all()
    if not rows:
        return
    first_attempt = timedelta(days=config.attempt_days[0])
    terms = timedelta(days=config.invoice_terms_days)
    invoices, advances = [], []
    for row in rows:
        issued = row.next_invoice_at
        by_invoice = row.pays_by == "invoice"
        invoices.append({
            "id": new_id("inv"), "tenant_id": row.tenant_id, "subscription_id": row.id,
            "issued_at": issued, "due_at": issued + terms if by_invoice else issued,
            "amount": row.seats * row.unit_price, "currency": row.currency, "status": "open",
            "attempts_made": 0, "next_attempt_at": None if by_invoice else issued + first_attempt,
            "paid_at": None, "paid_by": None,
        })
        advances.append({"b_id": row.id, "b_next": add_months(issued, 1)})
    uow.connection.execute(insert(INVOICE), invoices)
    uow.connection.execute(
        update(SUB).where(SUB.c.id == bindparam("b_id"))
        .values(next_invoice_at=bindparam("b_next")),
        advances,
    )
    report.invoices_issued += len(invoices)


def _method(row) -> PaymentMethod | None:
    if row.pm_id is None:
        return None
    return PaymentMethod(**{name: getattr(row, f"pm_{name}") for name in _METHOD_FIELDS})


def _record(row) -> IssuerRecord | None:
    if row.rec_fingerprint is None:
        return None
    return IssuerRecord(**{name: getattr(row, f"rec_{name}") for name in _RECORD_FIELDS})


def _charge_due(uow, now: datetime, config: Config, report: CycleReport,
                batch: int | None) -> None:
    query = (
        select(
            INVOICE.c.id, INVOICE.c.tenant_id, INVOICE.c.subscription_id, INVOICE.c.issued_at,
            INVOICE.c.amount, INVOICE.c.currency, INVOICE.c.attempts_made,
            INVOICE.c.next_attempt_at, SUB.c.billing_profile_id,
            SUB.c.past_due_since, SUB.c.last_paid_at,
            *(c.label(f"pm_{c.name}") for c in METHOD.c),
            *(c.label(f"rec_{c.name}") for c in RECORD.c),
        )
        .select_from(
            INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id)
            .outerjoin(METHOD, SUB.c.payment_method_id == METHOD.c.id)
            .outerjoin(RECORD, METHOD.c.fingerprint == RECORD.c.fingerprint)
        )
        .where(INVOICE.c.status == "open", INVOICE.c.next_attempt_at <= now)
        .order_by(INVOICE.c.next_attempt_at)
        .limit(batch)
    )
    rows = uow.connection.execute(_lock(query, uow, INVOICE)).all()
    if not rows:
        return
    attempts, notices, invoice_updates = [], [], []
    first_decline: dict[str, datetime] = {}
    paid: dict[str, datetime] = {}
    subscription_rows = {}
    recipients: dict[tuple[str, str | None], str] = {}
    schedule = config.attempt_days
    for row in rows:
        at = row.next_attempt_at
        method = _method(row)
        decision = issuer.decide(method, _record(row), at)
        attempt_id = new_id("ch")
        attempts.append({
            "id": attempt_id, "tenant_id": row.tenant_id,
            "subscription_id": row.subscription_id, "invoice_id": row.id,
            "payment_method_id": method.id if method else None, "at": at,
            "amount": row.amount, "currency": row.currency, "succeeded": decision.approved,
            "trigger": Trigger.SCHEDULED.value,
            "decline_reason": decision.reason.value if decision.reason else None,
            "decline_detail": decision.detail, "actor_id": None,
        })
        subscription_rows[row.subscription_id] = row
        made = row.attempts_made + 1
        if decision.approved:
            paid[row.subscription_id] = max(at, paid.get(row.subscription_id, at))
            invoice_updates.append({"b_id": row.id, "b_status": "paid", "b_made": made,
                                    "b_next": None, "b_paid_at": at, "b_paid_by": attempt_id})
            continue
        first_decline.setdefault(row.subscription_id, at)
        next_at = row.issued_at + timedelta(days=schedule[made]) if made < len(schedule) else None
        invoice_updates.append({"b_id": row.id, "b_status": "open", "b_made": made,
                                "b_next": next_at, "b_paid_at": None, "b_paid_by": None})
        key = (row.tenant_id, row.billing_profile_id)
        if key not in recipients:
            recipients[key] = notice_recipients(uow, *key)
        kinds = [NoticeKind.PAYMENT_DECLINED]
        if next_at is None:
            kinds.append(NoticeKind.RETRIES_EXHAUSTED)
        for kind in kinds:
            notices.append({
                "id": new_id("nt"), "tenant_id": row.tenant_id, "kind": kind.value,
                "sent_at": at, "recipients": recipients[key],
                "subscription_id": row.subscription_id, "invoice_id": row.id,
                "attempt_id": attempt_id, "payment_method_id": attempts[-1]["payment_method_id"],
                "automatic": True,
            })
    connection = uow.connection
    connection.execute(insert(schema.charge_attempts), attempts)
    connection.execute(
        update(INVOICE).where(INVOICE.c.id == bindparam("b_id")).values(
            status=bindparam("b_status"), attempts_made=bindparam("b_made"),
            next_attempt_at=bindparam("b_next"), paid_at=bindparam("b_paid_at"),
            paid_by=bindparam("b_paid_by"),
        ),
        invoice_updates,
    )
    if notices:
        connection.execute(insert(schema.notices), notices)
    report.charges += len(attempts)
    report.declined += sum(1 for a in attempts if not a["succeeded"])
    report.paid += len(attempts) - sum(1 for a in attempts if not a["succeeded"])
    report.notices += len(notices)
    _refresh_status(uow, now, subscription_rows, first_decline, paid, report)


def _overdue_subscriptions(uow, now: datetime, ids: list[str]) -> set[str]:
    """Which of ``ids`` still have an open invoice that was declined or is past its due date."""
    overdue: set[str] = set()
    for chunk in _chunks(ids):
        query = select(INVOICE.c.subscription_id).distinct().where(
            INVOICE.c.subscription_id.in_(chunk),
            INVOICE.c.status == "open",
            (INVOICE.c.attempts_made > 0) | (INVOICE.c.due_at < now),
        )
        overdue.update(uow.connection.execute(query).scalars())
    return overdue


def _refresh_status(uow, now, rows, first_decline, paid, report) -> None:
    overdue = _overdue_subscriptions(uow, now, list(rows))
    updates = []
    for subscription_id, row in rows.items():
        last_paid = paid.get(subscription_id, row.last_paid_at)
        if subscription_id in overdue:
            since = row.past_due_since or first_decline.get(subscription_id, now)
            if row.past_due_since is None:
                report.became_past_due += 1
            updates.append({"b_id": subscription_id, "b_status": SubscriptionStatus.PAST_DUE.value,
                            "b_since": since, "b_paid": last_paid})
        else:
            updates.append({"b_id": subscription_id, "b_status": SubscriptionStatus.ACTIVE.value,
                            "b_since": None, "b_paid": last_paid})
    uow.connection.execute(
        update(SUB).where(SUB.c.id == bindparam("b_id")).values(
            status=bindparam("b_status"), past_due_since=bindparam("b_since"),
            last_paid_at=bindparam("b_paid"),
        ),
        updates,
    )


def _mark_overdue(uow, now: datetime, report: CycleReport) -> None:
    """Invoices paid by invoice (billing profiles) that passed their due date unpaid."""
    query = (
        select(INVOICE.c.subscription_id, SUB.c.tenant_id, SUB.c.billing_profile_id,
               func.min(INVOICE.c.due_at).label("due_at"), func.min(INVOICE.c.id).label("inv"))
        .select_from(INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id))
        .where(INVOICE.c.status == "open", INVOICE.c.next_attempt_at.is_(None),
               INVOICE.c.attempts_made == 0, INVOICE.c.due_at <= now,
               SUB.c.status == SubscriptionStatus.ACTIVE.value)
        .group_by(INVOICE.c.subscription_id, SUB.c.tenant_id, SUB.c.billing_profile_id)
    )
    rows = uow.connection.execute(query).all()
    for row in rows:
        uow.connection.execute(
            update(SUB).where(SUB.c.id == row.subscription_id)
            .values(status=SubscriptionStatus.PAST_DUE.value, past_due_since=row.due_at)
        )
        uow.connection.execute(insert(schema.notices).values(
            id=new_id("nt"), tenant_id=row.tenant_id, kind=NoticeKind.INVOICE_OVERDUE.value,
            sent_at=row.due_at,
            recipients=notice_recipients(uow, row.tenant_id, row.billing_profile_id),
            subscription_id=row.subscription_id, invoice_id=row.inv, automatic=True,
        ))
    report.became_past_due += len(rows)
    report.notices += len(rows)
