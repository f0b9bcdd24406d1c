"""The billing cycle's questions and writes, set-wise: what is due, and its results in bulk.

:mod:`engine.services.billing_cycle` decides (with the domain's rules); this repository
finds the due rows and writes the decisions, a statement per kind of row. On PostgreSQL
every question that hands out work claims its rows with ``FOR UPDATE SKIP LOCKED``, so
concurrent workers never take the same subscription and never wait for each other; an
invoice is claimed with its subscription, in the engine's locking order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from itertools import islice
from typing import Any

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

from engine.domain.model import PaymentMethod, SubscriptionStatus, Trigger
from engine.store import schema
from engine.store.bulk import execute_converted, execute_many, from_driver, to_driver

INVOICE, SUB, METHOD, PROFILE, TENANT = (
    schema.invoices, schema.subscriptions, schema.payment_methods, schema.billing_profiles,
    schema.tenants,
)
SCHEDULED = Trigger.SCHEDULED.value
INVOICE_COLUMNS = tuple(c.name for c in INVOICE.c)
ATTEMPT_COLUMNS = tuple(c.name for c in schema.charge_attempts.c)
# A literal (not a bound parameter), so the databases use the partial index of open invoices.
OPEN = INVOICE.c.status == literal_column("'open'")
# Statuses that can still be due for an invoice: whether one is issued is judged at its date.
NOT_DELETED = SUB.c.status != literal_column(f"'{SubscriptionStatus.DELETED.value}'")
ACTIVE = literal_column(f"'{SubscriptionStatus.ACTIVE.value}'")
# Under a billing profile the profile's payment method pays (rule billing-profile-roles).
PAYING_METHOD = case((SUB.c.billing_profile_id.is_(None), SUB.c.payment_method_id),
                     else_=PROFILE.c.payment_method_id).label("paying_method_id")


def chunks(items: Iterable, size: int = 5000) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class DueWork:
    def __init__(self, connection) -> None:
        self.connection = connection
        self.sqlite = connection.dialect.name == "sqlite"
        # The lean path builds its rows already in the driver's form (see store.bulk).
        self.driver_time = to_driver(connection, DateTime())
        self.from_driver_time = from_driver(connection, DateTime())
        self.driver_true = to_driver(connection, Boolean())(True)

    def _claim(self, query, *tables):
        """Let concurrent workers on PostgreSQL skip rows another worker has claimed (a
        no-key lock, as :class:`engine.store.repository.Repository` takes)."""
        if self.sqlite:
            return query
        return query.with_for_update(skip_locked=True, of=tables, key_share=True)

    # Reading ------------------------------------------------------------------------------

    def tenant_countries(self) -> dict[str, str]:
        return dict(self.connection.execute(select(TENANT.c.id, TENANT.c.country)).all())

    def methods(self, method_ids: Iterable[str]) -> list[PaymentMethod]:
        found = []
        for chunk in chunks(method_ids):
            found += [PaymentMethod(**values) for values in self.connection.execute(
                select(METHOD).where(METHOD.c.id.in_(chunk))).mappings()]
        return found

    def subscriptions_due(self, now: datetime, batch: int | None) -> list:
        """Subscriptions whose billing date has come, oldest first, with what the invoice
        needs. The billing date comes as the driver gives it (``issued``): the lean path
        writes it back as it is and parses it once for the month's arithmetic."""
        query = (
            select(SUB.c.id, SUB.c.tenant_id, SUB.c.seats, SUB.c.unit_price, SUB.c.currency,
                   type_coerce(SUB.c.next_invoice_at, String).label("issued"),
                   PAYING_METHOD, SUB.c.billing_profile_id, SUB.c.status,
                   SUB.c.past_due_since, SUB.c.billing_day, PROFILE.c.pays_by)
            .select_from(SUB.outerjoin(PROFILE, SUB.c.billing_profile_id == PROFILE.c.id))
            .where(SUB.c.next_invoice_at <= now, NOT_DELETED)
            .order_by(SUB.c.next_invoice_at)
            .limit(batch)
        )
        return self.connection.execute(self._claim(query, SUB)).all()

    def subscription_states(self, ids: Sequence[str]) -> list:
        """The standing of each subscription (columns named as :meth:`retries_due` has them)."""
        found = []
        for chunk in chunks(ids):
            found += self.connection.execute(
                select(SUB.c.id.label("sub_id"), SUB.c.status, SUB.c.past_due_since,
                       SUB.c.last_paid_at, SUB.c.next_invoice_at, SUB.c.past_due_paid_at,
                       SUB.c.billing_profile_id).where(SUB.c.id.in_(chunk))).all()
        return found

    def retries_due(self, now: datetime, batch: int | None) -> list:
        """Open invoices whose next automatic attempt has come, with their subscription."""
        query = (
            select(INVOICE.c.id, INVOICE.c.tenant_id, INVOICE.c.subscription_id,
                   INVOICE.c.issued_at, INVOICE.c.amount, INVOICE.c.currency,
                   INVOICE.c.attempts_made, INVOICE.c.next_attempt_at,
                   SUB.c.id.label("sub_id"), PAYING_METHOD, SUB.c.billing_profile_id,
                   SUB.c.status, SUB.c.past_due_since, SUB.c.last_paid_at,
                   SUB.c.next_invoice_at, SUB.c.past_due_paid_at)
            .select_from(INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id)
                         .outerjoin(PROFILE, SUB.c.billing_profile_id == PROFILE.c.id))
            .where(OPEN, INVOICE.c.next_attempt_at <= now)
            .order_by(INVOICE.c.next_attempt_at)
            .limit(batch)
        )
        return self.connection.execute(self._claim(query, SUB, INVOICE)).all()

    def still_overdue(self, subscription_ids: Iterable[str], now: datetime) -> set[str]:
        """Of these subscriptions, those with another open invoice declined or overdue."""
        found = set()
        for chunk in chunks(subscription_ids):
            found.update(self.connection.execute(
                select(INVOICE.c.subscription_id).distinct().where(
                    INVOICE.c.subscription_id.in_(chunk), OPEN,
                    (INVOICE.c.attempts_made > 0) | (INVOICE.c.due_at < now))).scalars())
        return found

    def invoices_overdue(self, now: datetime, batch: int | None) -> list:
        """Unpaid invoices of active subscriptions paid by invoice, past their due date."""
        query = (
            select(INVOICE.c.id, INVOICE.c.subscription_id, INVOICE.c.due_at, SUB.c.tenant_id,
                   SUB.c.billing_profile_id)
            .select_from(INVOICE.join(SUB, INVOICE.c.subscription_id == SUB.c.id))
            .where(OPEN, INVOICE.c.next_attempt_at.is_(None), INVOICE.c.attempts_made == 0,
                   INVOICE.c.due_at <= now, SUB.c.status == ACTIVE)
            .order_by(INVOICE.c.due_at, INVOICE.c.id)
            .limit(batch)
        )
        return self.connection.execute(self._claim(query, SUB, INVOICE)).all()

    def moving_on(self, statuses: Sequence[str], since_at_most: datetime, status: str,
                  batch: int | None) -> list[str]:
        """Subscriptions in ``statuses``, past due since ``since_at_most`` or earlier, that
        are not yet in ``status``."""
        query = (select(SUB.c.id)
                 .where(SUB.c.status.in_(statuses), SUB.c.past_due_since <= since_at_most,
                        SUB.c.status != status)
                 .order_by(SUB.c.id).limit(batch))
        return list(self.connection.execute(self._claim(query, SUB)).scalars())

    # Writing ------------------------------------------------------------------------------

    def set_status(self, ids: Sequence[str], status: str) -> None:
        for chunk in chunks(ids):
            self.connection.execute(update(SUB).where(SUB.c.id.in_(chunk))
                                    .values(status=status))

    def write(self, *, new_invoices: list[dict], invoice_updates: list[dict],
              attempts: list[dict], notices: list[dict]) -> None:
        """The general path's invoices, attempts and notices, a statement for each kind."""
        connection = self.connection
        execute_many(connection, insert(INVOICE), new_invoices)
        execute_many(
            connection,
            update(INVOICE).where(INVOICE.c.id == bindparam("b_id")).values(
                status=bindparam("status"), attempts_made=bindparam("attempts_made"),
                next_attempt_at=bindparam("next_attempt_at"), paid_at=bindparam("paid_at"),
                paid_by=bindparam("paid_by")),
            invoice_updates,
        )
        execute_many(connection, insert(schema.charge_attempts), attempts)
        execute_many(connection, insert(schema.notices), notices)

    def update_subscriptions(self, updates: list[dict]) -> None:
        """The general path's subscriptions: standing, payments and billing dates."""
        execute_many(
            self.connection,
            update(SUB).where(SUB.c.id == bindparam("b_id")).values(
                status=bindparam("b_status"), past_due_since=bindparam("b_since"),
                last_paid_at=bindparam("b_paid"), next_invoice_at=bindparam("b_next_invoice"),
                past_due_paid_at=bindparam("b_cleared")),
            updates,
        )

    def write_paid_on_issue(self, paid: Sequence[tuple[Any, ...]], invoice_ids: Sequence[str],
                            attempt_ids: Sequence[str]) -> None:
        """The lean path's rows: per row of ``paid`` (subscription, tenant, amount,
        currency, issued as the driver gives it, payment method, next billing date in the
        driver's form), an invoice paid by its first attempt. Its subscription update only
        moves the billing date on and keeps the latest payment, so it composes with any
        update written before it."""
        if not paid:
            return
        connection, true = self.connection, self.driver_true
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

    def mark_past_due(self, subscription_id: str, status: str, since: datetime) -> None:
        self.connection.execute(update(SUB).where(SUB.c.id == subscription_id)
                                .values(status=status, past_due_since=since))

    def add_notice(self, values: dict[str, Any]) -> None:
        self.connection.execute(insert(schema.notices).values(**values))
