"""Read models for screens: plain functions over a unit of work, returning plain dataclasses.

Nothing here changes data. Texts that a person reads are :class:`engine.i18n.Message` values
so a caller can render them in any language, and again after the language changes, without
asking the database twice; what has no engine message comes as a code for the caller to
word. The terminal UI is the first user, but nothing here knows it.

Read models that show an admin something take the ``viewer`` (the admin's id) and return
only what that admin may see: a payment method's holder name, billing address and phone are
left out for an admin who may not see them (``sees_personal_details``), so no screen can show
them by accident. They also say which actions the viewer may not start on a row, with the
engine's own reason (``refused``), so that a screen can strike an action through before its
form opens.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any

from sqlalchemy import and_, func, or_, select

from engine.domain.calendar import local_day
from engine.domain.charging import expired_on
from engine.domain.countries import zone_of
from engine.domain.lifecycle import RECOVERABLE
from engine.domain.method_rules import method_label
from engine.domain.model import AdminRole, NoticeKind, PaymentMethod, SubscriptionStatus
from engine.domain.money import Money
from engine.domain.permissions import PERSONAL_DETAILS, Permission, sees_personal_details
from engine.errors import BetalError
from engine.i18n import Message
from engine.services.describe import decline_reason
from engine.store import schema

A, T, PM, SUB, INV, CH, NT, EV, BP, MEM = (
    schema.admins, schema.tenants, schema.payment_methods, schema.subscriptions,
    schema.invoices, schema.charge_attempts, schema.notices, schema.audit_events,
    schema.billing_profiles, schema.profile_members,
)

RECENT = timedelta(days=14)
NOTHING: Mapping[str, Message] = MappingProxyType({})


@dataclass(frozen=True)
class AdminRow:
    id: str
    name: str
    email: str
    role: str
    tenant_id: str
    tenant_name: str
    tenant_locale: str
    tenant_country: str
    has_passphrase: bool = False

    @property
    def tenant_zone(self) -> str:
        """The time zone the tenant's moments are shown in."""
        return zone_of(self.tenant_country)


@dataclass(frozen=True)
class AttentionItem:
    """Something on Home that needs an admin. ``kind`` is ``past-due`` (or ``expired``,
    ``disabled``: later stages of a balance left unpaid), ``decline``, ``unlinked-method``
    or ``next-retry``; the caller words it in its own language."""

    kind: str
    at: datetime | None
    product: str | None = None
    subscription_id: str | None = None
    payment_method_id: str | None = None
    method: Message | None = None
    amount: Money | None = None
    reason: Message | None = None


@dataclass(frozen=True)
class SubscriptionRow:
    id: str
    product: str
    seats: int
    period_amount: Money
    status: str
    past_due_since: datetime | None
    next_invoice_at: datetime
    payment_method_id: str | None
    method: Message | None
    billing_profile_id: str | None
    billing_profile: str | None
    outstanding: Money
    last_paid_at: datetime | None
    # Under a billing profile the profile pays (rule billing-profile-roles): "card" with
    # ``profile_method``, or "invoice"; None outside a profile.
    profile_pays_by: str | None = None
    profile_method: Message | None = None
    # Rule past-due-lingers: after a past-due balance was paid, when the notice may stop
    # showing and from when contacting support is worth it (None when it does not apply).
    paid_after_past_due: datetime | None = None
    support_after: datetime | None = None
    # action id -> why the viewer may not start it on this subscription
    refused: Mapping[str, Message] = field(default_factory=dict, compare=False)

    @property
    def past_due(self) -> bool:
        return self.status == "past-due"

    @property
    def deleted(self) -> bool:
        return self.status == "deleted"


@dataclass(frozen=True)
class UseRow:
    kind: str  # "subscription" or "billing-profile"
    id: str
    name: str


@dataclass(frozen=True)
class MethodRow:
    """A payment method as the viewer may see it: ``personal`` says whether the holder's
    name, billing address and phone are included (they are empty strings otherwise)."""

    id: str
    kind: str
    label: Message
    country: str
    expiry: str
    expired: bool
    added_by: str
    added_by_name: str
    created_at: datetime
    personal: bool = False
    holder_name: str = ""
    address_line: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    phone: str = ""
    used_by: tuple[UseRow, ...] = ()
    # action id -> why the viewer may not start it on this payment method
    refused: Mapping[str, Message] = field(default_factory=dict, compare=False)

    @property
    def is_card(self) -> bool:
        return self.kind != "bank-account"

    @property
    def address(self) -> str:
        place = f"{self.postal_code} {self.city}".strip()
        return ", ".join(part for part in (self.address_line, place, self.region) if part)


@dataclass(frozen=True)
class ProfileRow:
    id: str
    name: str
    pays_by: str
    payment_method_id: str | None
    method: Message | None
    members: tuple[tuple[str, str], ...]  # (admin name, profile role)
    subscriptions: tuple[str, ...]


@dataclass(frozen=True)
class InvoiceRow:
    id: str
    subscription_id: str
    product: str
    issued_at: datetime
    due_at: datetime
    total: Money
    status: str
    attempts_made: int
    next_attempt_at: datetime | None
    paid_at: datetime | None


@dataclass(frozen=True)
class AttemptRow:
    id: str
    invoice_id: str
    subscription_id: str
    product: str
    at: datetime
    amount: Money
    succeeded: bool
    trigger: str
    reason: Message | None
    method: Message | None


@dataclass(frozen=True)
class RetryWindow:
    """One invoice's automatic attempts: planned moments and what happened at each."""

    invoice_id: str
    product: str
    issued_at: datetime
    closes_at: datetime
    planned: tuple[datetime, ...]
    attempts: tuple[AttemptRow, ...]
    next_attempt_at: datetime | None
    status: str


@dataclass(frozen=True)
class NoticeRow:
    id: str
    kind: str
    sent_at: datetime
    recipients: tuple[str, ...]
    subscription_id: str | None
    product: str | None
    method: Message | None
    reason: Message | None
    automatic: bool


@dataclass(frozen=True)
class AuditParam:
    """One parameter of an audited action: its label and its value in words. ``value`` is
    None when it is not shown: a secret, or personal details the viewer may not see."""

    name: str
    label: Message | None
    value: Message | str | None


@dataclass(frozen=True)
class AuditRow:
    """An action an admin ran. ``outcome`` is ``done``, ``declined`` (a charge the bank
    declined, which was recorded) or ``refused`` (nothing changed); ``code`` is the engine's
    (the rule id for a rule's refusal), ``rule`` that rule's statement."""

    id: str
    at: datetime
    actor: str
    action: str
    title: Message | None
    outcome: str
    code: str
    rule: Message | None
    reason: Message | None
    params: tuple[AuditParam, ...]


@dataclass(frozen=True)
class ClockReport:
    """What one move of the clock did in one tenant."""

    before: datetime
    after: datetime
    invoices_issued: int
    attempts: tuple[AttemptRow, ...]  # oldest first
    notices: tuple[NoticeRow, ...]  # oldest first
    became_past_due: int

    @property
    def paid(self) -> int:
        return sum(1 for a in self.attempts if a.succeeded)

    @property
    def declined(self) -> int:
        return sum(1 for a in self.attempts if not a.succeeded)


@dataclass(frozen=True)
class TenantFacts:
    """What a form needs to know of the tenant: its country (placeholders, the one country
    a payment method may come from) and whether bank accounts can be added or linked now
    (None, or the engine's reason why not)."""

    country: str
    currency: str
    zone: str
    new_bank_account: Message | None
    bank_account_link: Message | None


@dataclass(frozen=True)
class ActionForm:
    """Everything the form of one action needs, for one viewer and one context.

    ``refusal`` is the engine's reason why the viewer may not run the action here at all.
    ``usable`` names, for each parameter that picks an entity, the ids the viewer may pick
    (``withheld`` gives the reasons for the ones left out), as the engine's own checks
    decide for this action. The rows are what the viewer may see of each entity, for
    labels and for prefilling an edit form; ``editable`` names the payment methods whose
    details (expiry, name, address, phone) the viewer may correct, and ``products`` the
    products that can be bought, with their price per licence in the tenant's currency."""

    action: str
    refusal: Message | None
    refusal_rule: str | None
    subscriptions: tuple[SubscriptionRow, ...]
    methods: tuple[MethodRow, ...]
    profiles: tuple[ProfileRow, ...]
    invoices: tuple[InvoiceRow, ...]
    usable: Mapping[str, tuple[str, ...]]
    withheld: Mapping[str, tuple[Message, ...]]
    facts: TenantFacts
    editable: tuple[str, ...] = ()
    products: tuple[tuple[str, Money], ...] = ()


@dataclass
class Page:
    """A page of invoices in (issued_at desc, id desc) order, with the keys to page on."""

    rows: list[InvoiceRow] = field(default_factory=list)
    offset: int = 0

    @property
    def first_key(self) -> tuple[datetime, str] | None:
        return (self.rows[0].issued_at, self.rows[0].id) if self.rows else None

    @property
    def last_key(self) -> tuple[datetime, str] | None:
        return (self.rows[-1].issued_at, self.rows[-1].id) if self.rows else None


# Accounts -------------------------------------------------------------------------------

_ROLE_ORDER = {AdminRole.GLOBAL: 0, AdminRole.BILLING: 1, AdminRole.HELPDESK: 2, AdminRole.USER: 3}


def now(uow) -> datetime:
    return uow.now()


def admins(uow) -> list[AdminRow]:
    """Every admin of every tenant, tenants in creation order, Global admins first."""
    query = select(A, T.c.name.label("tenant_name"), T.c.locale, T.c.country, T.c.created_at).join(
        T, A.c.tenant_id == T.c.id)
    rows = [
        AdminRow(r.id, r.name, r.email, r.role, r.tenant_id, r.tenant_name, r.locale, r.country,
                 r.passphrase_hash is not None)
        for r in uow.connection.execute(query)
    ]
    created = {r.tenant_id: r.created_at for r in uow.connection.execute(query)}
    return sorted(rows, key=lambda a: (created[a.tenant_id], a.tenant_name,
                                       _ROLE_ORDER.get(AdminRole(a.role), 9), a.name))


def _method_labels(uow, tenant_id: str) -> dict[str, Message]:
    return {m.id: method_label(m) for m in uow.payment_methods.where(tenant_id=tenant_id)}


def _admin_names(uow, tenant_id: str) -> dict[str, str]:
    return {a.id: a.name for a in uow.admins.where(tenant_id=tenant_id)}


# Who may do what --------------------------------------------------------------------------
#
# Every answer here comes from the engine's own checks (permissions, card ownership, the
# payment-method rules, the billing profile's way of paying), asked with what the form or
# the row already knows, so that a screen refuses what the action would refuse, for the
# same reason, before its form opens.

def _checker(uow, tenant_id: str, viewer: str | None):
    """The engine's context for the viewer, to ask its permission checks; None when the
    viewer is not an admin of the tenant."""
    from engine.config import load as load_config
    from engine.services.context import Context

    actor = uow.admins.get(viewer) if viewer else None
    tenant = uow.tenants.get(tenant_id)
    if actor is None or tenant is None or actor.tenant_id != tenant_id:
        return None
    return Context(uow, tenant, actor, uow.now(), load_config())


def _refusal(check) -> BetalError | None:
    try:
        check()
    except BetalError as refusal:
        return refusal
    return None


def _message(refusal: BetalError) -> Message:
    return Message(refusal.message, **refusal.params)


def _targets(action, param: str) -> bool:
    """Whether ``param`` names what the action works on (not a choice it offers)."""
    declared = action.param(param)
    return declared is not None and (param == "subscription" or (
        declared.required and action.permission is Permission.MANAGE_PAYMENT_METHODS))


def _settle_under_profile(ctx, subscription) -> None:
    """Settle balance under a billing profile charges the profile's card; a profile that
    pays by invoice is refused (rule billing-profile-roles)."""
    from engine.services.billing import paying_method_id

    if subscription.billing_profile_id:
        paying_method_id(ctx, subscription, None)


def _relink_under_profile(ctx, subscription) -> None:
    """A subscription under a billing profile is paid the way the profile pays: it cannot be
    put on a payment method of its own (rule billing-profile-roles). The engine refuses
    that before it looks at the method chosen."""
    from engine.services.payment_methods import check_may_pay_with

    if subscription.billing_profile_id:
        check_may_pay_with(ctx, subscription, None, Permission.BUY)


# What the engine refuses on a subscription before anything is chosen in the form.
SUBSCRIPTION_CHECKS = {
    "balance.settle": _settle_under_profile,
    "subscription.change-payment-method": _relink_under_profile,
}


def _may_not(ctx, action, *, subscription=None, method: PaymentMethod | None = None,
             profile_id: str | None = None) -> BetalError | None:
    """The engine's refusal when the viewer may not start ``action`` on these, else None.

    A deleted subscription refuses every change; then the role checks and card ownership
    are asked, as the action itself asks them, and on a subscription what the action
    refuses before anything is chosen (:data:`SUBSCRIPTION_CHECKS`). What the admin then
    picks in the form is checked by :func:`_may_not_pick`."""
    if not action.mutates or ctx is None:
        return None
    on_subscription = subscription if action.param("subscription") else None
    if on_subscription is not None and on_subscription.status == SubscriptionStatus.DELETED:
        found = _refusal(lambda: ctx.subscription(on_subscription.id))  # the engine's words
        if found is not None:
            return found
    found = _refusal(lambda: ctx.require(
        action.permission, subscription=on_subscription,
        method=method if action.param("payment_method") else None,
        profile_id=profile_id if action.param("billing_profile") else None))
    check = SUBSCRIPTION_CHECKS.get(action.id)
    if found is None and on_subscription is not None and check is not None:
        found = _refusal(lambda: check(ctx, on_subscription))
    return found


def _may_not_pick(ctx, action, param: str, method: PaymentMethod, *, subscription=None,
                  target_uses: tuple[UseRow, ...] = ()) -> BetalError | None:
    """The engine's refusal of ``method`` as the value of ``param``: a method to pay with
    (who may use it, and whether it may take something new), or the one acted on."""
    from engine.domain.method_rules import check_can_take
    from engine.services.billing import paying_method_id
    from engine.services.payment_methods import check_may_pay_with

    def can_take(under_profile: bool = False) -> None:
        check_can_take(method, under_profile=under_profile, rules=ctx.bank_rules,
                       country=ctx.tenant.country, day=ctx.today)

    def check() -> None:
        if _targets(action, param):
            ctx.require(action.permission, method=method)
        elif param == "replacement":
            ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=method)
            if target_uses:  # what replaces a method takes on everything it paid for
                can_take(any(use.kind == "billing-profile" for use in target_uses))
        elif action.id == "balance.settle" and subscription is not None:
            paying_method_id(ctx, subscription, method.id)
            if not subscription.billing_profile_id:
                relink = method.id != subscription.payment_method_id
                check_may_pay_with(ctx, subscription, method,
                                   Permission.BUY if relink else Permission.PAY)
        elif subscription is not None and action.param("subscription"):
            check_may_pay_with(ctx, subscription, method, Permission.BUY)
        else:
            ctx.require(action.permission, method=method)
            if action.permission is Permission.BUY:
                can_take()

    if not action.mutates or ctx is None:
        return None
    return _refusal(check)


def _refused_actions(ctx, **on) -> Mapping[str, Message]:
    from engine.actions.registry import REGISTRY

    found = {}
    for action in REGISTRY.values():
        refusal = _may_not(ctx, action, **on)
        if refusal is not None:
            found[action.id] = _message(refusal)
    return MappingProxyType(found)


def account_refusals(uow, tenant_id: str, *, viewer: str) -> Mapping[str, Message]:
    """For each action the viewer may not start anywhere in the account (their role does
    not allow it), the engine's reason."""
    return _refused_actions(_checker(uow, tenant_id, viewer))


# Subscriptions ----------------------------------------------------------------------------

def subscriptions(uow, tenant_id: str, *, viewer: str | None = None) -> list[SubscriptionRow]:
    """The tenant's subscriptions, deleted ones too (rule delete-unused-only counts them)."""
    from engine.config import load as load_config
    from engine.domain.lifecycle import lingering

    config = load_config()
    moment = uow.now()
    labels = _method_labels(uow, tenant_id)
    profiles = {p.id: p for p in uow.billing_profiles.where(tenant_id=tenant_id)}
    owed = dict(uow.connection.execute(
        select(INV.c.subscription_id, func.sum(INV.c.amount))
        .where(INV.c.tenant_id == tenant_id, INV.c.status == "open")
        .group_by(INV.c.subscription_id)).all())
    ctx = _checker(uow, tenant_id, viewer)
    rows = []
    for sub in uow.subscriptions.find(SUB.c.tenant_id == tenant_id,
                                      order_by=(SUB.c.product, SUB.c.id)):
        profile = profiles.get(sub.billing_profile_id) if sub.billing_profile_id else None
        advice = lingering(sub.past_due_paid_at, moment, config.notice_lingers,
                           config.support_wait)
        rows.append(SubscriptionRow(
            id=sub.id, product=sub.product, seats=sub.seats, period_amount=sub.period_amount,
            status=str(sub.status), past_due_since=sub.past_due_since,
            next_invoice_at=sub.next_invoice_at, payment_method_id=sub.payment_method_id,
            method=labels.get(sub.payment_method_id) if sub.payment_method_id else None,
            billing_profile_id=sub.billing_profile_id,
            billing_profile=profile.name if profile else None,
            outstanding=Money(int(owed.get(sub.id) or 0), sub.currency),
            last_paid_at=sub.last_paid_at,
            profile_pays_by=profile.pays_by if profile else None,
            profile_method=labels.get(profile.payment_method_id)
            if profile and profile.payment_method_id else None,
            paid_after_past_due=advice.paid_at if advice else None,
            support_after=advice.contact_support_after if advice else None,
            refused=_refused_actions(ctx, subscription=sub) if ctx else NOTHING,
        ))
    return rows


# Payment methods --------------------------------------------------------------------------

def _uses(uow, tenant_id: str) -> dict[str, list[UseRow]]:
    uses: dict[str, list[UseRow]] = {}
    for sub in uow.subscriptions.find(SUB.c.tenant_id == tenant_id,
                                      order_by=(SUB.c.product, SUB.c.id)):
        if sub.payment_method_id:
            uses.setdefault(sub.payment_method_id, []).append(
                UseRow("subscription", sub.id, sub.product))
    for profile in uow.billing_profiles.where(tenant_id=tenant_id):
        if profile.payment_method_id:
            uses.setdefault(profile.payment_method_id, []).append(
                UseRow("billing-profile", profile.id, profile.name))
    return uses


def _method_row(m: PaymentMethod, today: date, names: dict[str, str],
                uses: dict[str, list[UseRow]], ctx) -> MethodRow:
    personal = ctx is not None and sees_personal_details(ctx.actor, m)
    details = {name: getattr(m, name) for name in PERSONAL_DETAILS} if personal else {}
    return MethodRow(
        id=m.id, kind=str(m.kind), label=method_label(m), country=m.country, expiry=m.expiry,
        expired=expired_on(m, today), added_by=m.added_by,
        added_by_name=names.get(m.added_by, ""), created_at=m.created_at,
        personal=personal, used_by=tuple(uses.get(m.id, ())),
        refused=_refused_actions(ctx, method=m) if ctx else NOTHING, **details,
    )


def _live_methods(uow, tenant_id: str) -> list[PaymentMethod]:
    return uow.payment_methods.find(PM.c.tenant_id == tenant_id, PM.c.deleted_at.is_(None),
                                    order_by=(PM.c.created_at, PM.c.id))


def payment_methods(uow, tenant_id: str, *, viewer: str | None = None) -> list[MethodRow]:
    """The tenant's payment methods as ``viewer`` may see them (nothing personal without a
    viewer)."""
    today = local_day(uow.now(), uow.tenants.get(tenant_id).zone)
    names = _admin_names(uow, tenant_id)
    uses = _uses(uow, tenant_id)
    ctx = _checker(uow, tenant_id, viewer)
    return [_method_row(m, today, names, uses, ctx) for m in _live_methods(uow, tenant_id)]


# Billing profiles -------------------------------------------------------------------------

def billing_profiles(uow, tenant_id: str) -> list[ProfileRow]:
    labels = _method_labels(uow, tenant_id)
    names = _admin_names(uow, tenant_id)
    rows = []
    for profile in uow.billing_profiles.find(BP.c.tenant_id == tenant_id, order_by=BP.c.name):
        members = tuple(sorted(
            ((names.get(m.admin_id, m.admin_id), str(m.role))
             for m in uow.profile_members.where(billing_profile_id=profile.id)),
            key=lambda pair: pair[0]))
        subs = tuple(s.product for s in uow.subscriptions.where(billing_profile_id=profile.id))
        rows.append(ProfileRow(profile.id, profile.name, profile.pays_by,
                               profile.payment_method_id,
                               labels.get(profile.payment_method_id), members, subs))
    return rows


# Invoices, page by page -------------------------------------------------------------------

def _matching(query, search: str | None):
    """Invoices whose product, id or status contains ``search`` (case-insensitive)."""
    if not search:
        return query
    pattern = f"%{search.strip()}%"
    return query.where(or_(SUB.c.product.ilike(pattern), INV.c.id.ilike(pattern),
                           INV.c.status.ilike(pattern)))


def _invoice_query(tenant_id: str, search: str | None = None):
    return _matching(select(INV, SUB.c.product).join(SUB, INV.c.subscription_id == SUB.c.id)
                     .where(INV.c.tenant_id == tenant_id), search)


def _invoice_row(r) -> InvoiceRow:
    return InvoiceRow(r.id, r.subscription_id, r.product, r.issued_at, r.due_at,
                      Money(r.amount, r.currency), r.status, r.attempts_made,
                      r.next_attempt_at, r.paid_at)


def invoice_count(uow, tenant_id: str, search: str | None = None) -> int:
    query = select(func.count()).select_from(INV).where(INV.c.tenant_id == tenant_id)
    if search:
        query = _matching(query.join(SUB, INV.c.subscription_id == SUB.c.id), search)
    return uow.connection.execute(query).scalar_one()


def invoice_page(uow, tenant_id: str, *, after: tuple[datetime, str] | None = None,
                 before: tuple[datetime, str] | None = None, limit: int = 100,
                 search: str | None = None) -> list[InvoiceRow]:
    """Newest first. ``after`` is the key of the last row already shown (the next page);
    ``before`` the key of the first one (the previous page, returned in display order)."""
    query = _invoice_query(tenant_id, search)
    if before is not None:
        at, key = before
        query = query.where(or_(INV.c.issued_at > at, and_(INV.c.issued_at == at, INV.c.id > key)))
        query = query.order_by(INV.c.issued_at.asc(), INV.c.id.asc()).limit(limit)
        return [_invoice_row(r) for r in uow.connection.execute(query)][::-1]
    if after is not None:
        at, key = after
        query = query.where(or_(INV.c.issued_at < at, and_(INV.c.issued_at == at, INV.c.id < key)))
    query = query.order_by(INV.c.issued_at.desc(), INV.c.id.desc()).limit(limit)
    return [_invoice_row(r) for r in uow.connection.execute(query)]


def invoice_page_at(uow, tenant_id: str, offset: int, limit: int = 100,
                    search: str | None = None) -> list[InvoiceRow]:
    """The page that starts at row ``offset``: for a jump (the end of the list, a drag of
    the scroll bar) where no neighbouring key is known yet."""
    query = (_invoice_query(tenant_id, search).order_by(INV.c.issued_at.desc(), INV.c.id.desc())
             .offset(max(offset, 0)).limit(limit))
    return [_invoice_row(r) for r in uow.connection.execute(query)]


def invoice_keys(uow, tenant_id: str, *, after: tuple[datetime, str] | None = None,
                 offset: int = 0, limit: int = 2000,
                 search: str | None = None) -> list[tuple[datetime, str]]:
    """The keys (issued_at, id) of ``limit`` invoices in display order: after the key
    ``after`` (keyset), else from row ``offset``. Sorting keys alone is several times cheaper
    than sorting whole rows, so a reader pages through a window of keys and fetches the
    rows of one page by id (:func:`invoices_by_id`)."""
    query = select(INV.c.issued_at, INV.c.id).where(INV.c.tenant_id == tenant_id)
    if search:
        query = _matching(query.join(SUB, INV.c.subscription_id == SUB.c.id), search)
    if after is not None:
        at, key = after
        query = query.where(or_(INV.c.issued_at < at, and_(INV.c.issued_at == at, INV.c.id < key)))
    query = query.order_by(INV.c.issued_at.desc(), INV.c.id.desc()).limit(limit)
    if after is None and offset:
        query = query.offset(offset)
    return [(r.issued_at, r.id) for r in uow.connection.execute(query)]


def invoices_by_id(uow, ids: list[str], tenant_id: str | None = None) -> list[InvoiceRow]:
    """The invoices with these ids (of ``tenant_id`` only, when given), in the order given."""
    if not ids:
        return []
    query = (select(INV, SUB.c.product).join(SUB, INV.c.subscription_id == SUB.c.id)
             .where(INV.c.id.in_(ids)))
    if tenant_id is not None:
        query = query.where(INV.c.tenant_id == tenant_id)
    found = {r.id: _invoice_row(r) for r in uow.connection.execute(query)}
    return [found[i] for i in ids if i in found]


# Charge attempts --------------------------------------------------------------------------

def _attempt_row(r, labels: dict[str, Message]) -> AttemptRow:
    reason = decline_reason(r.decline_reason, r.decline_detail or "") if r.decline_reason else None
    return AttemptRow(r.id, r.invoice_id, r.subscription_id, r.product, r.at,
                      Money(r.amount, r.currency), bool(r.succeeded), r.trigger, reason,
                      labels.get(r.payment_method_id) if r.payment_method_id else None)


def attempts(uow, tenant_id: str, *, subscription_id: str | None = None,
             limit: int = 500) -> list[AttemptRow]:
    """Charge attempts, newest first."""
    labels = _method_labels(uow, tenant_id)
    query = (select(CH, SUB.c.product).join(SUB, CH.c.subscription_id == SUB.c.id)
             .where(CH.c.tenant_id == tenant_id))
    if subscription_id:
        query = query.where(CH.c.subscription_id == subscription_id)
    query = query.order_by(CH.c.at.desc(), CH.c.id.desc()).limit(limit)
    return [_attempt_row(r, labels) for r in uow.connection.execute(query)]


def retry_windows(uow, tenant_id: str, attempt_days: tuple[int, ...], window_days: int,
                  *, limit: int = 12) -> list[RetryWindow]:
    """The retry windows of the invoices with automatic attempts, newest invoice first: open
    ones and those paid or declined within the last window."""
    labels = _method_labels(uow, tenant_id)
    moment = uow.now()
    query = (select(INV, SUB.c.product).join(SUB, INV.c.subscription_id == SUB.c.id)
             .where(INV.c.tenant_id == tenant_id,
                    or_(INV.c.attempts_made > 0, INV.c.next_attempt_at.is_not(None)),
                    or_(INV.c.status == "open",
                        INV.c.issued_at >= moment - timedelta(days=window_days)))
             .order_by(INV.c.issued_at.desc(), INV.c.id.desc()).limit(limit))
    invoices = uow.connection.execute(query).all()
    found: dict[str, list[AttemptRow]] = {}
    if invoices:
        rows = uow.connection.execute(
            select(CH, SUB.c.product).join(SUB, CH.c.subscription_id == SUB.c.id)
            .where(CH.c.invoice_id.in_([i.id for i in invoices])).order_by(CH.c.at))
        for r in rows:
            found.setdefault(r.invoice_id, []).append(_attempt_row(r, labels))
    return [RetryWindow(
        invoice_id=i.id, product=i.product, issued_at=i.issued_at,
        closes_at=i.issued_at + timedelta(days=window_days),
        planned=tuple(i.issued_at + timedelta(days=d) for d in attempt_days),
        attempts=tuple(found.get(i.id, ())), next_attempt_at=i.next_attempt_at,
        status=i.status) for i in invoices]


# Notices and audit ------------------------------------------------------------------------

def _notice_rows(uow, tenant_id: str, *conditions, limit: int = 500,
                 newest_first: bool = True) -> list[NoticeRow]:
    labels = _method_labels(uow, tenant_id)
    names = _admin_names(uow, tenant_id)
    products = {s.id: s.product for s in uow.subscriptions.where(tenant_id=tenant_id)}
    order = (NT.c.sent_at.desc(), NT.c.id.desc()) if newest_first else (NT.c.sent_at, NT.c.id)
    query = (select(NT, CH.c.decline_reason, CH.c.decline_detail)
             .outerjoin(CH, NT.c.attempt_id == CH.c.id)
             .where(NT.c.tenant_id == tenant_id, *conditions)
             .order_by(*order).limit(limit))
    rows = []
    for r in uow.connection.execute(query):
        reason = decline_reason(r.decline_reason, r.decline_detail or "") if r.decline_reason \
            else None
        rows.append(NoticeRow(
            id=r.id, kind=r.kind, sent_at=r.sent_at,
            recipients=tuple(names.get(i, i) for i in r.recipients.split(",") if i),
            subscription_id=r.subscription_id, product=products.get(r.subscription_id),
            method=labels.get(r.payment_method_id) if r.payment_method_id else None,
            reason=reason, automatic=bool(r.automatic)))
    return rows


def notices(uow, tenant_id: str, *, limit: int = 500) -> list[NoticeRow]:
    return _notice_rows(uow, tenant_id, limit=limit)


def _audit_value(param, raw: Any, names: Mapping[str, Message | str]) -> Message | str:
    if param is not None and param.is_entity:
        return names.get(str(raw), "")
    return str(raw)


def _decline_reasons(uow, tenant_id: str) -> dict[tuple[str, datetime, str], Message | None]:
    """The bank's reason for each declined Settle balance, by (actor, moment, subscription):
    the audit event of a declined settle is recorded at the moment of its charge attempt."""
    query = select(CH.c.actor_id, CH.c.at, CH.c.subscription_id, CH.c.decline_reason,
                   CH.c.decline_detail).where(
        CH.c.tenant_id == tenant_id, CH.c.trigger == "settle", CH.c.succeeded.is_(False))
    return {(r.actor_id, r.at, r.subscription_id):
            decline_reason(r.decline_reason, r.decline_detail or "") if r.decline_reason
            else None for r in uow.connection.execute(query)}


def _entity_names(uow, tenant_id: str) -> dict[str, Message | str]:
    """Every entity of the tenant by id, as a reader names it (deleted methods too)."""
    names: dict[str, Message | str] = dict(_method_labels(uow, tenant_id))
    names.update({s.id: s.product for s in uow.subscriptions.where(tenant_id=tenant_id)})
    names.update({p.id: p.name for p in uow.billing_profiles.where(tenant_id=tenant_id)})
    return names


def audit_events(uow, tenant_id: str, *, viewer: str | None = None,
                 limit: int = 500) -> list[AuditRow]:
    """What the admins did, refusals included, newest first: each action by its title, its
    parameters in words (secrets and personal details the viewer may not see left out)."""
    from engine import rules
    from engine.actions.registry import REGISTRY

    people = _admin_names(uow, tenant_id)
    names = _entity_names(uow, tenant_id)
    declined = _decline_reasons(uow, tenant_id)
    viewer_admin = uow.admins.get(viewer) if viewer else None
    methods = {m.id: m for m in uow.payment_methods.where(tenant_id=tenant_id)}
    query = (select(EV).where(EV.c.tenant_id == tenant_id)
             .order_by(EV.c.at.desc(), EV.c.id.desc()).limit(limit))
    rows = []
    for r in uow.connection.execute(query):
        action = REGISTRY.get(r.action)
        try:
            raw = json.loads(r.params) if r.params else {}
        except ValueError:
            raw = {}
        if not isinstance(raw, dict):
            raw = {}
        method = methods.get(str(raw.get("payment_method", "")))
        personal = viewer_admin is not None and (
            viewer_admin.manages_billing or r.actor_id == viewer_admin.id
            or (method is not None and sees_personal_details(viewer_admin, method)))
        params = []
        for name, value in raw.items():
            param = action.param(name) if action else None
            hidden = (param is not None and param.secret) or (
                name in PERSONAL_DETAILS and not personal)
            params.append(AuditParam(name, Message(param.label) if param else None,
                                     None if hidden else _audit_value(param, value, names)))
        reason = declined.get((r.actor_id, r.at, str(raw.get("subscription", "")))) \
            if r.result == "declined" else None
        rule = rules.RULES.get(r.outcome)
        rows.append(AuditRow(
            id=r.id, at=r.at, actor=people.get(r.actor_id, ""), action=r.action,
            title=Message(action.title) if action else None, outcome=r.result, code=r.outcome,
            rule=Message(rule.summary) if rule else None, reason=reason, params=tuple(params)))
    return rows


# The clock -------------------------------------------------------------------------------

def clock_report(uow, tenant_id: str, *, before: datetime, after: datetime) -> ClockReport:
    """What happened in the tenant between two moments of the simulated clock."""
    labels = _method_labels(uow, tenant_id)
    issued = uow.connection.execute(
        select(func.count()).select_from(INV).where(
            INV.c.tenant_id == tenant_id, INV.c.issued_at > before, INV.c.issued_at <= after)
    ).scalar_one()
    made = uow.connection.execute(
        select(CH, SUB.c.product).join(SUB, CH.c.subscription_id == SUB.c.id)
        .where(CH.c.tenant_id == tenant_id, CH.c.at > before, CH.c.at <= after)
        .order_by(CH.c.at, CH.c.id))
    sent = _notice_rows(uow, tenant_id, NT.c.sent_at > before, NT.c.sent_at <= after,
                        limit=10_000, newest_first=False)
    past_due = uow.connection.execute(
        select(func.count()).select_from(SUB).where(
            SUB.c.tenant_id == tenant_id, SUB.c.past_due_since > before,
            SUB.c.past_due_since <= after)).scalar_one()
    return ClockReport(before, after, issued, tuple(_attempt_row(r, labels) for r in made),
                       tuple(sent), past_due)


# Forms ----------------------------------------------------------------------------------

def tenant_facts(uow, tenant_id: str) -> TenantFacts:
    from engine.config import load as load_config
    from engine.domain.method_rules import check_bank_account_takes, check_new_bank_account

    tenant = uow.tenants.get(tenant_id)
    rules, day = load_config().bank_accounts, local_day(uow.now(), tenant.zone)
    new = _refusal(lambda: check_new_bank_account(rules, tenant.country, day))
    link = _refusal(lambda: check_bank_account_takes(rules, tenant.country, day))
    return TenantFacts(tenant.country, tenant.currency, tenant.zone,
                       _message(new) if new else None, _message(link) if link else None)


def products(uow, tenant_id: str) -> tuple[tuple[str, Money], ...]:
    """What can be bought, with the price of one licence a month in the tenant's currency."""
    from engine.config import load as load_config

    currency = uow.tenants.get(tenant_id).currency
    return tuple((name, Money(prices[currency], currency))
                 for name, prices in load_config().prices.items() if currency in prices)


def _open_invoices(uow, tenant_id: str, subscription_id: str | None) -> list[InvoiceRow]:
    query = _invoice_query(tenant_id).where(INV.c.status == "open")
    if subscription_id:
        query = query.where(INV.c.subscription_id == subscription_id)
    query = query.order_by(INV.c.issued_at.desc(), INV.c.id.desc()).limit(100)
    return [_invoice_row(r) for r in uow.connection.execute(query)]


Choices = Mapping[str, tuple[str, ...]]  # parameter -> the ids that may be picked
Withheld = Mapping[str, tuple[Message, ...]]  # parameter -> why the others may not


def _choices(uow, tenant_id: str, ctx, action, params, *, subs, live, subscription, target,
             target_uses) -> tuple[Choices, Withheld]:
    """For each parameter of ``params`` that picks an entity, the ids the viewer may pick,
    and the engine's reasons for those left out."""
    usable: dict[str, tuple[str, ...]] = {}
    withheld: dict[str, tuple[Message, ...]] = {}
    for param in params:
        kept, left = [], []
        if param.type == "payment_method":
            for m in live:
                if target is not None and m.id == target.id:
                    continue  # a method does not replace itself
                if (action.id == "subscription.change-payment-method" and subscription
                        is not None and m.id == subscription.payment_method_id):
                    continue  # what it is paid with already is no change
                found = _may_not_pick(ctx, action, param.name, m, subscription=subscription,
                                      target_uses=target_uses)
                (left if found else kept).append(_message(found) if found else m.id)
        elif param.type == "subscription":
            for row in subs:
                sub = uow.subscriptions.get(row.id)
                found = _may_not(ctx, action, subscription=sub, method=target)
                if found is not None and found.code == "subscription-deleted":
                    continue  # gone: nothing to pick
                if found is None and target is not None and action.param("payment_method"):
                    if row.payment_method_id == target.id:
                        continue  # already paid with it
                    found = _may_not_pick(ctx, action, "payment_method", target,
                                          subscription=sub)
                (left if found else kept).append(_message(found) if found else row.id)
        elif param.type == "billing_profile":
            for profile in uow.billing_profiles.where(tenant_id=tenant_id):
                found = _may_not(ctx, action, profile_id=profile.id)
                (left if found else kept).append(_message(found) if found else profile.id)
        else:
            continue
        usable[param.name], withheld[param.name] = tuple(kept), tuple(left)
    return MappingProxyType(usable), MappingProxyType(withheld)


def action_form(uow, tenant_id: str, *, viewer: str, action_id: str,
                context: Mapping[str, str]) -> ActionForm:
    """The rows, choices and refusal for the form of ``action_id`` started with ``context``
    (the ids it was started on: a subscription, a payment method, ...)."""
    from engine.actions.registry import REGISTRY

    action = REGISTRY[action_id]
    ctx = _checker(uow, tenant_id, viewer)
    subs = subscriptions(uow, tenant_id, viewer=viewer)
    names, uses = _admin_names(uow, tenant_id), _uses(uow, tenant_id)
    today = local_day(uow.now(), uow.tenants.get(tenant_id).zone)
    live = _live_methods(uow, tenant_id)
    rows = tuple(_method_row(m, today, names, uses, ctx) for m in live)
    by_id = {m.id: m for m in live}
    subscription = uow.subscriptions.get(context.get("subscription", ""))
    if subscription is not None and subscription.tenant_id != tenant_id:
        subscription = None
    target = by_id.get(context.get("payment_method", "")) if _targets(
        action, "payment_method") else None
    refusal = _may_not(ctx, action, subscription=subscription, method=target,
                       profile_id=context.get("billing_profile"))
    target_uses = tuple(uses.get(target.id, ())) if target is not None else ()
    params = [p for p in action.params if p.name not in context]
    if action.id == "payment-method.delete" and target_uses:
        # A method in use is deleted the seed's way: replaced first, so the form offers
        # what may replace it.
        action = REGISTRY["payment-method.replace"]
        params = [action.param("replacement")]
    usable, withheld = _choices(uow, tenant_id, ctx, action, params, subs=subs, live=live,
                                subscription=subscription, target=target,
                                target_uses=target_uses)
    editable = tuple(m.id for m in live if ctx is not None and _refusal(
        lambda m=m: ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=m)) is None)
    return ActionForm(
        action=action_id, refusal=_message(refusal) if refusal else None,
        refusal_rule=refusal.code if refusal else None, subscriptions=tuple(subs),
        methods=rows, profiles=tuple(billing_profiles(uow, tenant_id)),
        invoices=tuple(_open_invoices(uow, tenant_id, context.get("subscription"))),
        usable=usable, withheld=withheld, facts=tenant_facts(uow, tenant_id),
        editable=editable,
        products=products(uow, tenant_id) if REGISTRY[action_id].param("product") else ())


# Home: what needs attention ---------------------------------------------------------------

def attention(uow, tenant_id: str) -> list[AttentionItem]:
    """Past-due subscriptions, recent declines, new cards linked to nothing, the next
    automatic retry: the things an admin should look at first."""
    moment = uow.now()
    items: list[AttentionItem] = []
    for sub in subscriptions(uow, tenant_id):
        if sub.status in RECOVERABLE:  # a balance that Settle balance pays
            items.append(AttentionItem(sub.status, sub.past_due_since, product=sub.product,
                                       subscription_id=sub.id,
                                       payment_method_id=sub.payment_method_id,
                                       method=sub.method, amount=sub.outstanding))
    for attempt in attempts(uow, tenant_id, limit=50):
        if attempt.succeeded or attempt.at < moment - RECENT:
            continue
        items.append(AttentionItem("decline", attempt.at, product=attempt.product,
                                   subscription_id=attempt.subscription_id,
                                   method=attempt.method, amount=attempt.amount,
                                   reason=attempt.reason))
    for method in payment_methods(uow, tenant_id):
        if not method.used_by and method.created_at >= moment - timedelta(days=30):
            items.append(AttentionItem("unlinked-method", method.created_at,
                                       payment_method_id=method.id, method=method.label))
    next_retry = uow.connection.execute(
        select(INV.c.next_attempt_at, INV.c.subscription_id, INV.c.amount, INV.c.currency,
               SUB.c.product)
        .join(SUB, INV.c.subscription_id == SUB.c.id)
        .where(INV.c.tenant_id == tenant_id, INV.c.status == "open",
               INV.c.next_attempt_at.is_not(None), INV.c.attempts_made > 0)
        .order_by(INV.c.next_attempt_at).limit(1)).first()
    if next_retry is not None:
        items.append(AttentionItem("next-retry", next_retry.next_attempt_at,
                                   product=next_retry.product,
                                   subscription_id=next_retry.subscription_id,
                                   amount=Money(next_retry.amount, next_retry.currency)))
    return items


def notice_kinds() -> list[str]:
    return [kind.value for kind in NoticeKind]
