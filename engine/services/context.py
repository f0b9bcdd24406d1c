"""What a service call runs with: the unit of work, the tenant, the acting admin, the time."""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime

from engine.config import Config
from engine.domain import permissions
from engine.domain.calendar import local_day
from engine.domain.method_rules import BankAccountRules
from engine.domain.model import (
    Admin,
    BillingProfile,
    Invoice,
    PaymentMethod,
    ProfileRole,
    Subscription,
    SubscriptionStatus,
    Tenant,
)
from engine.domain.permissions import Permission
from engine.errors import N_, InputError, NotFound
from engine.services.unit_of_work import AbstractUnitOfWork


def new_id(prefix: str) -> str:
    """``prefix_`` and 20 hex digits: milliseconds since the epoch, then 40 random bits.

    Ids made close in time sort close together, so bulk inserts append to the indexes
    instead of scattering writes across them.
    """
    millis = time.time_ns() // 1_000_000
    return f"{prefix}_{millis & 0xFF_FFFF_FFFF:010x}{_random.getrandbits(40):010x}"


def new_ids(prefix: str, count: int) -> list[str]:
    """``count`` ids like :func:`new_id`'s, drawn in one go (for rows written set-wise)."""
    head = f"{prefix}_{(time.time_ns() // 1_000_000) & 0xFF_FFFF_FFFF:010x}"
    bits = _random.randbytes(5 * count).hex()
    return [head + bits[start:start + 10] for start in range(0, 10 * count, 10)]


# Ids need uniqueness, not secrecy: a generator seeded from the OS, reseeded in each forked
# worker process so that two workers never draw the same sequence.
_random = random.Random(os.urandom(16))
os.register_at_fork(after_in_child=lambda: _random.seed(os.urandom(16)))


@dataclass
class Context:
    uow: AbstractUnitOfWork
    tenant: Tenant
    actor: Admin
    now: datetime
    config: Config
    checked: set[Permission] = field(default_factory=set)

    @property
    def today(self) -> date:
        """The tenant's calendar day now: day-based rules are judged on it."""
        return local_day(self.now, self.tenant.zone)

    @property
    def bank_rules(self) -> BankAccountRules:
        return self.config.bank_accounts

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
        return self.uow.profile_members.role_of(profile_id, self.actor.id)

    # Lookups within the tenant ------------------------------------------------------------

    def _owned(self, found, kind: str, key: str):
        """``found`` when it is this tenant's, else the same "no such thing" whether it does
        not exist or belongs to another tenant (which must not be told apart)."""
        if found is None or found.tenant_id != self.tenant.id:
            raise NotFound(f"unknown-{kind}", _UNKNOWN[kind], id=key, tenant=self.tenant.name)
        return found

    def subscription(self, subscription_id: str, *, for_update: bool = False,
                     deleted: bool = False) -> Subscription:
        """The tenant's subscription; a deleted one only when ``deleted`` allows it."""
        found = self._owned(self.uow.subscriptions.get(subscription_id, for_update=for_update),
                            "subscription", subscription_id)
        if found.status == SubscriptionStatus.DELETED and not deleted:
            raise InputError(
                "subscription-deleted",
                N_("{product} ({id}) has been deleted: it can no longer be paid or changed."),
                product=found.product, id=found.id,
            )
        return found

    def billing_profile(self, profile_id: str) -> BillingProfile:
        return self._owned(self.uow.billing_profiles.get(profile_id), "billing-profile",
                           profile_id)

    def payment_method(self, method_id: str, *, for_update: bool = False) -> PaymentMethod:
        """The tenant's payment method, not deleted (locked with ``for_update``)."""
        return self.lock_payment_methods([method_id])[method_id] if for_update else \
            self._live_method(self.uow.payment_methods.get(method_id), method_id)

    def lock_payment_methods(self, method_ids: list[str]) -> dict[str, PaymentMethod]:
        """Lock the tenant's payment methods ``method_ids`` (the first step of the locking
        order); a deleted or unknown one is refused."""
        locked = self.uow.payment_methods.lock(method_ids)
        for method_id in method_ids:
            self._live_method(locked.get(method_id), method_id)
        return locked

    def _live_method(self, found: PaymentMethod | None, key: str) -> PaymentMethod:
        return self._owned(None if found and found.deleted_at else found, "payment-method", key)

    def invoice(self, invoice_id: str) -> Invoice:
        return self._owned(self.uow.invoices.get(invoice_id), "invoice", invoice_id)


_UNKNOWN = {
    "subscription": N_("There is no subscription '{id}' in {tenant}."),
    "billing-profile": N_("There is no billing profile '{id}' in {tenant}."),
    "payment-method": N_("There is no payment method '{id}' in {tenant}."),
    "invoice": N_("There is no invoice '{id}' in {tenant}."),
}
