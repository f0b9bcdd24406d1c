"""The named queries the services ask, one repository per entity.

Services never build SQL: they call these by name (``uow.invoices.open_for(sub)``), so a
fake unit of work can answer the same questions from memory (tests/engine/fakes.py) and
the locking order of the whole engine is visible here: payment methods, then
subscriptions, then invoices, each in id order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import and_, insert, or_, select, update

from engine.domain import model
from engine.domain.model import AdminRole, InvoiceStatus, NoticeKind, ProfileRole, Trigger
from engine.store import schema
from engine.store.repository import Repository

PM, SUB, BP, INV, CH, NT = (schema.payment_methods, schema.subscriptions,
                            schema.billing_profiles, schema.invoices,
                            schema.charge_attempts, schema.notices)


class PaymentMethods(Repository[model.PaymentMethod]):
    def lock(self, method_ids: Iterable[str]) -> dict[str, model.PaymentMethod]:
        """Lock payment methods in id order (the first step of the locking order), so a
        method cannot be deleted while something is being linked to it."""
        found = {}
        for method_id in sorted(set(method_ids)):
            method = self.get(method_id, for_update=True)
            if method is not None:
                found[method_id] = method
        return found

    def active_in(self, tenant_id: str) -> list[model.PaymentMethod]:
        return self.find(PM.c.tenant_id == tenant_id, PM.c.deleted_at.is_(None),
                         order_by=(PM.c.created_at, PM.c.id))

    def with_token(self, tenant_id: str, token: str) -> list[model.PaymentMethod]:
        """Methods on file (not deleted) for the card or account the vault's token names."""
        return self.find(PM.c.tenant_id == tenant_id, PM.c.token == token,
                         PM.c.deleted_at.is_(None))

    def added_after(self, tenant_id: str, moment: datetime) -> list[model.PaymentMethod]:
        """Methods on file added after ``moment``, newest first."""
        return self.find(PM.c.tenant_id == tenant_id, PM.c.deleted_at.is_(None),
                         PM.c.created_at > moment, order_by=PM.c.created_at.desc())


class Subscriptions(Repository[model.Subscription]):
    def using_method(self, method_id: str, *, for_update: bool = False
                     ) -> list[model.Subscription]:
        """Every subscription paid with ``method_id``, whatever its status."""
        return self.find(SUB.c.payment_method_id == method_id, order_by=SUB.c.id,
                         for_update=for_update)

    def in_tenant(self, tenant_id: str) -> list[model.Subscription]:
        return self.find(SUB.c.tenant_id == tenant_id, order_by=(SUB.c.product, SUB.c.id))


class BillingProfiles(Repository[model.BillingProfile]):
    def using_method(self, method_id: str, *, for_update: bool = False
                     ) -> list[model.BillingProfile]:
        return self.find(BP.c.payment_method_id == method_id, order_by=BP.c.id,
                         for_update=for_update)


class ProfileMembers(Repository[model.ProfileMember]):
    def role_of(self, profile_id: str, admin_id: str) -> ProfileRole | None:
        members = self.where(billing_profile_id=profile_id, admin_id=admin_id)
        return ProfileRole(members[0].role) if members else None


class Admins(Repository[model.Admin]):
    def in_tenant(self, tenant_id: str) -> list[model.Admin]:
        return self.where(tenant_id=tenant_id)

    def notice_recipients(self, tenant_id: str, profile_id: str | None = None) -> str:
        """Who receives billing notices: Global and Billing admins, and the owners of the
        billing profile if there is one; comma-separated ids."""
        admins, members = schema.admins, schema.profile_members
        condition = admins.c.role.in_([AdminRole.GLOBAL, AdminRole.BILLING])
        if profile_id:
            owners = select(members.c.admin_id).where(
                members.c.billing_profile_id == profile_id,
                members.c.role == ProfileRole.OWNER)
            condition = or_(condition, admins.c.id.in_(owners))
        query = (select(admins.c.id).where(and_(admins.c.tenant_id == tenant_id, condition))
                 .order_by(admins.c.id))
        return ",".join(self.connection.execute(query).scalars())


class Invoices(Repository[model.Invoice]):
    def open_for(self, subscription_id: str, *, for_update: bool = False
                 ) -> list[model.Invoice]:
        """The subscription's unpaid invoices, oldest first (locked after the
        subscription, in the locking order)."""
        return self.find(INV.c.subscription_id == subscription_id,
                         INV.c.status == InvoiceStatus.OPEN,
                         order_by=(INV.c.issued_at, INV.c.id), for_update=for_update)

    def latest_for(self, subscription_id: str) -> model.Invoice | None:
        """The invoice of the subscription's current billing period."""
        found = self.find(INV.c.subscription_id == subscription_id,
                          order_by=(INV.c.issued_at.desc(), INV.c.id.desc()), limit=1)
        return found[0] if found else None


class ChargeAttempts(Repository[model.ChargeAttempt]):
    def scheduled_for(self, invoice_id: str) -> list[model.ChargeAttempt]:
        """An invoice's automatic attempts, in order."""
        return self.find(CH.c.invoice_id == invoice_id, CH.c.trigger == Trigger.SCHEDULED,
                         order_by=(CH.c.sequence, CH.c.at))

    def last_for(self, subscription_id: str, *, invoice_id: str | None = None,
                 declined: bool = False) -> model.ChargeAttempt | None:
        conditions = [CH.c.subscription_id == subscription_id]
        if invoice_id:
            conditions.append(CH.c.invoice_id == invoice_id)
        if declined:
            conditions.append(CH.c.succeeded.is_(False))
        found = self.find(*conditions, order_by=(CH.c.at.desc(), CH.c.id.desc()), limit=1)
        return found[0] if found else None


class Notices(Repository[model.Notice]):
    def decline_times(self, subscription_id: str) -> list[datetime]:
        """When each decline notice about the subscription was sent (automatic attempts
        and Settle balance alike)."""
        query = select(NT.c.sent_at).where(NT.c.subscription_id == subscription_id,
                                           NT.c.kind == NoticeKind.PAYMENT_DECLINED)
        return list(self.connection.execute(query).scalars())


class SignInPolicies:
    """Each tenant's sign-in policy, as a Global admin set it (rows of signin_policies)."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def of(self, tenant_id: str):
        table = schema.signin_policies
        return self.connection.execute(
            select(table).where(table.c.tenant_id == tenant_id)).first()

    def put(self, tenant_id: str, **values) -> None:
        table = schema.signin_policies
        if self.of(tenant_id) is None:
            self.connection.execute(insert(table).values(tenant_id=tenant_id, **values))
        else:
            self.connection.execute(update(table).where(table.c.tenant_id == tenant_id)
                                    .values(**values))


class OneTimeCodes:
    """The codes a Global admin issues for an admin's first passphrase."""

    def __init__(self, connection) -> None:
        self.connection = connection

    def issue(self, *, at: datetime, **values) -> None:
        """A new code for an admin; any unused earlier one is used up."""
        table = schema.one_time_codes
        self.connection.execute(update(table).where(table.c.admin_id == values["admin_id"],
                                                    table.c.used_at.is_(None))
                                .values(used_at=at))
        self.connection.execute(insert(table).values(issued_at=at, used_at=None, **values))

    def unused(self, admin_id: str, now: datetime):
        """The admin's newest code that is neither used nor expired, if any."""
        table = schema.one_time_codes
        return self.connection.execute(
            select(table).where(table.c.admin_id == admin_id, table.c.used_at.is_(None),
                                table.c.expires_at > now)
            .order_by(table.c.issued_at.desc()).limit(1)).first()

    def use(self, code_id: str, at: datetime) -> None:
        table = schema.one_time_codes
        self.connection.execute(update(table).where(table.c.id == code_id).values(used_at=at))
