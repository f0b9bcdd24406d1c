"""What a service call runs with: the unit of work, the tenant, the acting admin, the time."""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field
from datetime import datetime

from engine.config import Config
from engine.domain import permissions
from engine.domain.model import (
    Admin,
    Invoice,
    PaymentMethod,
    ProfileRole,
    Subscription,
    Tenant,
)
from engine.domain.permissions import Permission
from engine.errors import N_, NotFound
from engine.store.uow import UnitOfWork


def new_id(prefix: str) -> str:
    """``prefix_`` and 20 hex digits: milliseconds since the epoch, then 40 random bits.

    Ids made close in time sort close together, so bulk inserts append to the indexes
    instead of scattering writes across them.
    """
    millis = time.time_ns() // 1_000_000
    return f"{prefix}_{millis & 0xFF_FFFF_FFFF:010x}{_random.getrandbits(40):010x}"


# Ids need uniqueness, not secrecy: a generator seeded from the OS, reseeded in each forked
# worker process so that two workers never draw the same sequence.
_random = random.Random(os.urandom(16))
os.register_at_fork(after_in_child=lambda: _random.seed(os.urandom(16)))


@dataclass
class Context:
    uow: UnitOfWork
    tenant: Tenant
    actor: Admin
    now: datetime
    config: Config
    checked: set[Permission] = field(default_factory=set)

    # Permission ------------------------------------------------------------------------

    def require(
        self,
        permission: Permission,
        *,
        subscription: Subscription | None = None,
        profile_id: str | None = None,
        method: PaymentMethod | None = None,
    ) -> None:
        """Refuse unless the actor may do ``permission`` here (see engine.domain.permissions).

        Under a billing profile the actor's role on the profile decides; elsewhere the
        admin role decides, and a card may be used only by the admin who added it.
        """
        self.checked.add(permission)
        if permission is Permission.VIEW:
            return
        profile_id = profile_id or (subscription.billing_profile_id if subscription else None)
        if profile_id and permission is not Permission.MANAGE_PAYMENT_METHODS:
            profile = self.uow.billing_profiles.get(profile_id)
            permissions.require_on_profile(
                self.actor, self.profile_role(profile_id), permission, profile.name
            )
            return
        permissions.require(self.actor, permission)
        if method is not None:
            permissions.require_card_owner(self.actor, method, permission)

    def profile_role(self, profile_id: str) -> ProfileRole | None:
        members = self.uow.profile_members.where(
            billing_profile_id=profile_id, admin_id=self.actor.id
        )
        return ProfileRole(members[0].role) if members else None

    # Lookups within the tenant ------------------------------------------------------------

    def subscription(self, subscription_id: str, *, for_update: bool = False) -> Subscription:
        found = self.uow.subscriptions.get(subscription_id, for_update=for_update)
        if found is None or found.tenant_id != self.tenant.id:
            raise NotFound(
                "unknown-subscription",
                N_("There is no subscription '{id}' in {tenant}."),
                id=subscription_id, tenant=self.tenant.name,
            )
        return found

    def payment_method(self, method_id: str, *, for_update: bool = False) -> PaymentMethod:
        found = self.uow.payment_methods.get(method_id, for_update=for_update)
        if found is None or found.tenant_id != self.tenant.id or found.deleted_at is not None:
            raise NotFound(
                "unknown-payment-method",
                N_("There is no payment method '{id}' in {tenant}."),
                id=method_id, tenant=self.tenant.name,
            )
        return found

    def invoice(self, invoice_id: str) -> Invoice:
        found = self.uow.invoices.get(invoice_id)
        if found is None or found.tenant_id != self.tenant.id:
            raise NotFound(
                "unknown-invoice",
                N_("There is no invoice '{id}' in {tenant}."),
                id=invoice_id, tenant=self.tenant.name,
            )
        return found

    def billing_admins(self) -> list[Admin]:
        return [a for a in self.uow.admins.where(tenant_id=self.tenant.id) if a.manages_billing]
