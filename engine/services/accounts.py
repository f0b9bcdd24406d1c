"""Setting up an account: tenants, admins, billing profiles and subscriptions.

These are the operations that create the world the actions work in (the demo account,
tests, benchmarks); they run inside a unit of work like every service.
"""

from __future__ import annotations

from datetime import datetime

from engine.config import Config
from engine.domain.calendar import billing_day_of
from engine.domain.countries import COUNTRIES
from engine.domain.model import (
    Admin,
    AdminRole,
    BillingProfile,
    ProfileMember,
    ProfileRole,
    Subscription,
    SubscriptionStatus,
    Tenant,
)
from engine.domain.money import MAX_SEATS
from engine.errors import N_, InputError
from engine.i18n import Message
from engine.safe_text import first_control
from engine.services.context import new_id


def _text(value: str, what: str, longest: int = 200) -> str:
    """A name or address as typed: one line of plain text, not empty, not too long."""
    value = (value or "").strip()
    if not value or len(value) > longest or first_control(value) is not None:
        raise InputError("invalid-value",
                         N_("The {what} must be one line of 1 to {longest} characters, without "
                            "control characters."), what=Message(what), longest=longest)
    return value


def create_tenant(uow, config: Config, *, name: str, country: str, now: datetime) -> Tenant:
    name = _text(name, N_("organisation's name"))
    country = country.upper()
    settings = COUNTRIES.get(country)
    if settings is None:
        raise InputError("unsupported-country",
                         N_("Betal has no currency and language set up for {country}."),
                         country=country)
    tenant = Tenant(id=new_id("tn"), name=name, country=country, currency=settings.currency,
                    locale=settings.locale, created_at=now)
    return uow.tenants.add(tenant)


def add_admin(uow, tenant: Tenant, *, name: str, email: str, role: AdminRole) -> Admin:
    name, email = _text(name, N_("admin's name")), _text(email, N_("e-mail address"), 320)
    if "@" not in email or " " in email:
        raise InputError("invalid-value", N_("'{email}' is not an e-mail address."),
                         email=email)
    return uow.admins.add(Admin(id=new_id("ad"), tenant_id=tenant.id, name=name,
                                email=email, role=role))


def create_billing_profile(uow, tenant: Tenant, *, name: str, pays_by: str = "card",
                           payment_method_id: str | None = None) -> BillingProfile:
    return uow.billing_profiles.add(BillingProfile(
        id=new_id("bp"), tenant_id=tenant.id, name=name, pays_by=pays_by,
        payment_method_id=payment_method_id))


def add_profile_member(uow, profile: BillingProfile, admin: Admin,
                       role: ProfileRole) -> ProfileMember:
    return uow.profile_members.add(ProfileMember(
        id=new_id("bm"), tenant_id=profile.tenant_id, billing_profile_id=profile.id,
        admin_id=admin.id, role=role))


def unit_price(config: Config, tenant: Tenant, product: str) -> int:
    """The product's price per licence and month in the tenant's currency."""
    prices = config.prices.get(product)
    if prices is None or tenant.currency not in prices:
        raise InputError("unknown-product",
                         N_("There is no product '{product}' in {currency}. Products: "
                            "{products}."),
                         product=product, currency=tenant.currency,
                         products=sorted(p for p, by in config.prices.items()
                                         if tenant.currency in by))
    return prices[tenant.currency]


def create_subscription(
    uow, config: Config, tenant: Tenant, *, product: str, seats: int, first_invoice: datetime,
    now: datetime, payment_method_id: str | None = None, billing_profile_id: str | None = None,
) -> Subscription:
    """A subscription billed monthly on the day of ``first_invoice`` (in the tenant's zone).
    Under a billing profile the profile pays, so it has no payment method of its own."""
    if billing_profile_id and payment_method_id:
        raise ValueError("a subscription under a billing profile is paid by the profile")
    if not 1 <= seats <= MAX_SEATS:
        raise InputError("invalid-value",
                         N_("The number of licences must be from 1 to {most}."), most=MAX_SEATS)
    return uow.subscriptions.add(Subscription(
        id=new_id("sub"), tenant_id=tenant.id, product=product, seats=seats,
        unit_price=unit_price(config, tenant, product), currency=tenant.currency,
        status=SubscriptionStatus.ACTIVE, next_invoice_at=first_invoice, created_at=now,
        billing_day=billing_day_of(first_invoice, tenant.zone),
        payment_method_id=payment_method_id, billing_profile_id=billing_profile_id))
