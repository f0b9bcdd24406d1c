"""An in-memory unit of work for service tests that need no database.

It answers the same named questions as engine/store/repositories.py, from dicts, so the
rules a service applies can be tested in microseconds and apart from SQL.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime

from engine.domain import model
from engine.domain.model import AdminRole, InvoiceStatus, NoticeKind, ProfileRole, Trigger
from engine.services.unit_of_work import AbstractUnitOfWork


class FakeRepository:
    def __init__(self, uow: FakeUnitOfWork, entity: str, key: str = "id") -> None:
        self.uow, self.entity, self.key = uow, entity, key
        self.rows: dict[str, object] = {}

    def _all(self) -> list:
        return [copy.copy(row) for row in self.rows.values()]

    def get(self, key: str, *, for_update: bool = False):
        row = self.rows.get(key)
        return copy.copy(row) if row is not None else None

    def where(self, **equals) -> list:
        return [row for row in self._all()
                if all(getattr(row, name) == value for name, value in equals.items())]

    def add(self, entity):
        self.rows[getattr(entity, self.key)] = copy.copy(entity)
        self.uow.changes.append((self.entity, getattr(entity, self.key), "create"))
        return entity

    def save(self, entity) -> None:
        key = getattr(entity, self.key)
        if dataclasses.asdict(self.rows[key]) != dataclasses.asdict(entity):
            self.rows[key] = copy.copy(entity)
            self.uow.changes.append((self.entity, key, "update"))


class PaymentMethods(FakeRepository):
    def lock(self, method_ids) -> dict:
        return {m: self.get(m) for m in sorted(set(method_ids)) if m in self.rows}

    def active_in(self, tenant_id: str) -> list:
        return [m for m in self.where(tenant_id=tenant_id) if m.deleted_at is None]

    def with_token(self, tenant_id: str, token: str) -> list:
        return [m for m in self.active_in(tenant_id) if m.token == token]

    def added_after(self, tenant_id: str, moment: datetime) -> list:
        return sorted((m for m in self.active_in(tenant_id) if m.created_at > moment),
                      key=lambda m: m.created_at, reverse=True)


class Users(FakeRepository):
    def using_method(self, method_id: str, *, for_update: bool = False) -> list:
        return sorted(self.where(payment_method_id=method_id), key=lambda row: row.id)

    def in_tenant(self, tenant_id: str) -> list:
        return self.where(tenant_id=tenant_id)


class Members(FakeRepository):
    def role_of(self, profile_id: str, admin_id: str):
        found = self.where(billing_profile_id=profile_id, admin_id=admin_id)
        return ProfileRole(found[0].role) if found else None


class Admins(FakeRepository):
    def in_tenant(self, tenant_id: str) -> list:
        return self.where(tenant_id=tenant_id)

    def notice_recipients(self, tenant_id: str, profile_id: str | None = None) -> str:
        owners = {m.admin_id for m in self.uow.profile_members.where(
            billing_profile_id=profile_id, role=ProfileRole.OWNER)} if profile_id else set()
        return ",".join(sorted(a.id for a in self.in_tenant(tenant_id)
                               if a.role in (AdminRole.GLOBAL, AdminRole.BILLING)
                               or a.id in owners))


class Invoices(FakeRepository):
    def open_for(self, subscription_id: str, *, for_update: bool = False) -> list:
        return sorted((i for i in self.where(subscription_id=subscription_id)
                       if i.status == InvoiceStatus.OPEN), key=lambda i: (i.issued_at, i.id))

    def latest_for(self, subscription_id: str):
        found = sorted(self.where(subscription_id=subscription_id),
                       key=lambda i: (i.issued_at, i.id))
        return found[-1] if found else None


class Attempts(FakeRepository):
    def scheduled_for(self, invoice_id: str) -> list:
        return sorted((a for a in self.where(invoice_id=invoice_id)
                       if a.trigger == Trigger.SCHEDULED), key=lambda a: a.sequence or 0)

    def last_for(self, subscription_id: str, *, invoice_id=None, declined=False):
        found = [a for a in self.where(subscription_id=subscription_id)
                 if (invoice_id is None or a.invoice_id == invoice_id)
                 and (not declined or not a.succeeded)]
        return max(found, key=lambda a: (a.at, a.id)) if found else None


class Notices(FakeRepository):
    def decline_times(self, subscription_id: str) -> list:
        return [n.sent_at for n in self.where(subscription_id=subscription_id)
                if n.kind == NoticeKind.PAYMENT_DECLINED]


class FakeVault:
    """The issuer simulator's vault, in memory."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], str] = {}
        self.cards: dict[str, object] = {}

    def find(self, tenant_id: str, number: str) -> str | None:
        return self.numbers.get((tenant_id, number.replace(" ", "")))

    def tokenize(self, tenant_id: str, number: str, record) -> str:
        token = self.find(tenant_id, number) or f"tok_{len(self.numbers):04d}"
        self.numbers[(tenant_id, number.replace(" ", ""))] = token
        self.cards.setdefault(token, dataclasses.replace(record, token=token))
        return token

    def record(self, token: str):
        return self.cards.get(token)

    def digest(self, tenant_id: str, value: str) -> str:
        return f"{tenant_id}:{hash(value)}"


class FakeUnitOfWork(AbstractUnitOfWork):
    def __init__(self, now: datetime) -> None:
        self.changes: list = []
        self.committed = False
        self._now = now
        self.tenants = FakeRepository(self, "tenant")
        self.admins = Admins(self, "admin")
        self.payment_methods = PaymentMethods(self, "payment_method")
        self.vault = FakeVault()
        self.billing_profiles = Users(self, "billing_profile")
        self.profile_members = Members(self, "profile_member")
        self.subscriptions = Users(self, "subscription")
        self.invoices = Invoices(self, "invoice")
        self.charge_attempts = Attempts(self, "charge_attempt")
        self.notices = Notices(self, "notice")
        self.audit_events = FakeRepository(self, "audit_event")

    def commit(self) -> None:
        self.committed = True

    def rollback(self) -> None:
        pass

    def now(self) -> datetime:
        return self._now


def tenant(uow: FakeUnitOfWork, country: str = "NO") -> model.Tenant:
    from engine.domain.countries import COUNTRIES

    found = COUNTRIES[country]
    return uow.tenants.add(model.Tenant(id="tn_fake", name="Fake AS", country=country,
                                        currency=found.currency, locale=found.locale,
                                        created_at=uow.now()))
