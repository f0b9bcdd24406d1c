"""Read models for screens: plain functions over a unit of work, returning plain dataclasses.

Nothing here changes data. Texts that a person reads are :class:`engine.i18n.Message` values
so a caller can render them in any language, and again after the language changes, without
asking the database twice. The terminal UI is the first user, but nothing here knows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select

from engine.domain.calendar import local_day
from engine.domain.charging import expired_on
from engine.domain.method_rules import method_label
from engine.domain.model import AdminRole, NoticeKind
from engine.domain.money import Money
from engine.i18n import Message
from engine.services.describe import decline_reason
from engine.store import schema

A, T, PM, SUB, INV, CH, NT, EV, BP, MEM = (
    schema.admins, schema.tenants, schema.payment_methods, schema.subscriptions,
    schema.invoices, schema.charge_attempts, schema.notices, schema.audit_events,
    schema.billing_profiles, schema.profile_members,
)

RECENT = timedelta(days=14)


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


@dataclass(frozen=True)
class AttentionItem:
    """Something on Home that needs an admin. ``kind`` is ``past-due``, ``decline``,
    ``unlinked-method`` or ``next-retry``; the caller words it in its own language."""

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

    @property
    def past_due(self) -> bool:
        return self.status == "past-due"


@dataclass(frozen=True)
class UseRow:
    kind: str  # "subscription" or "billing-profile"
    id: str
    name: str


@dataclass(frozen=True)
class MethodRow:
    id: str
    kind: str
    label: Message
    holder_name: str
    country: str
    expiry: str
    expired: bool
    added_by: str
    added_by_name: str
    created_at: datetime
    address: str
    phone: str
    used_by: tuple[UseRow, ...] = ()


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
class AuditRow:
    id: str
    at: datetime
    actor: str
    action: str
    params: str
    outcome: str


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


# Subscriptions ----------------------------------------------------------------------------

def subscriptions(uow, tenant_id: str) -> list[SubscriptionRow]:
    labels = _method_labels(uow, tenant_id)
    profiles = {p.id: p.name for p in uow.billing_profiles.where(tenant_id=tenant_id)}
    owed = dict(uow.connection.execute(
        select(INV.c.subscription_id, func.sum(INV.c.amount))
        .where(INV.c.tenant_id == tenant_id, INV.c.status == "open")
        .group_by(INV.c.subscription_id)).all())
    rows = []
    for sub in uow.subscriptions.find(SUB.c.tenant_id == tenant_id,
                                      order_by=(SUB.c.product, SUB.c.id)):
        rows.append(SubscriptionRow(
            id=sub.id, product=sub.product, seats=sub.seats, period_amount=sub.period_amount,
            status=str(sub.status), past_due_since=sub.past_due_since,
            next_invoice_at=sub.next_invoice_at, payment_method_id=sub.payment_method_id,
            method=labels.get(sub.payment_method_id) if sub.payment_method_id else None,
            billing_profile_id=sub.billing_profile_id,
            billing_profile=profiles.get(sub.billing_profile_id),
            outstanding=Money(int(owed.get(sub.id) or 0), sub.currency),
            last_paid_at=sub.last_paid_at,
        ))
    return rows


# Payment methods --------------------------------------------------------------------------

def payment_methods(uow, tenant_id: str) -> list[MethodRow]:
    today = local_day(uow.now(), uow.tenants.get(tenant_id).zone)
    names = _admin_names(uow, tenant_id)
    uses: dict[str, list[UseRow]] = {}
    for sub in uow.subscriptions.where(tenant_id=tenant_id):
        if sub.payment_method_id:
            uses.setdefault(sub.payment_method_id, []).append(
                UseRow("subscription", sub.id, sub.product))
    for profile in uow.billing_profiles.where(tenant_id=tenant_id):
        if profile.payment_method_id:
            uses.setdefault(profile.payment_method_id, []).append(
                UseRow("billing-profile", profile.id, profile.name))
    rows = []
    methods = uow.payment_methods.find(PM.c.tenant_id == tenant_id, PM.c.deleted_at.is_(None),
                                       order_by=(PM.c.created_at, PM.c.id))
    for m in methods:
        address = ", ".join(part for part in (m.address_line, f"{m.postal_code} {m.city}".strip(),
                                              m.region) if part)
        rows.append(MethodRow(
            id=m.id, kind=str(m.kind), label=method_label(m), holder_name=m.holder_name,
            country=m.country, expiry=m.expiry, expired=expired_on(m, today),
            added_by=m.added_by, added_by_name=names.get(m.added_by, m.added_by),
            created_at=m.created_at, address=address, phone=m.phone,
            used_by=tuple(uses.get(m.id, ())),
        ))
    return rows


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


def invoices_by_id(uow, ids: list[str]) -> list[InvoiceRow]:
    """The invoices with these ids, in the order given."""
    if not ids:
        return []
    query = (select(INV, SUB.c.product).join(SUB, INV.c.subscription_id == SUB.c.id)
             .where(INV.c.id.in_(ids)))
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

def notices(uow, tenant_id: str, *, limit: int = 500) -> list[NoticeRow]:
    labels = _method_labels(uow, tenant_id)
    names = _admin_names(uow, tenant_id)
    products = {s.id: s.product for s in uow.subscriptions.where(tenant_id=tenant_id)}
    reasons = {}
    query = (select(NT, CH.c.decline_reason, CH.c.decline_detail)
             .outerjoin(CH, NT.c.attempt_id == CH.c.id)
             .where(NT.c.tenant_id == tenant_id)
             .order_by(NT.c.sent_at.desc(), NT.c.id.desc()).limit(limit))
    rows = []
    for r in uow.connection.execute(query):
        if r.decline_reason:
            reasons[r.id] = decline_reason(r.decline_reason, r.decline_detail or "")
        rows.append(NoticeRow(
            id=r.id, kind=r.kind, sent_at=r.sent_at,
            recipients=tuple(names.get(i, i) for i in r.recipients.split(",") if i),
            subscription_id=r.subscription_id, product=products.get(r.subscription_id),
            method=labels.get(r.payment_method_id) if r.payment_method_id else None,
            reason=reasons.get(r.id), automatic=bool(r.automatic)))
    return rows


def audit_events(uow, tenant_id: str, *, limit: int = 500) -> list[AuditRow]:
    names = _admin_names(uow, tenant_id)
    query = (select(EV).where(EV.c.tenant_id == tenant_id)
             .order_by(EV.c.at.desc(), EV.c.id.desc()).limit(limit))
    return [AuditRow(r.id, r.at, names.get(r.actor_id, r.actor_id or "-"), r.action, r.params,
                     r.outcome) for r in uow.connection.execute(query)]


# Home: what needs attention ---------------------------------------------------------------

def attention(uow, tenant_id: str) -> list[AttentionItem]:
    """Past-due subscriptions, recent declines, new cards linked to nothing, the next
    automatic retry: the things an admin should look at first."""
    moment = uow.now()
    items: list[AttentionItem] = []
    for sub in subscriptions(uow, tenant_id):
        if sub.past_due:
            items.append(AttentionItem("past-due", sub.past_due_since, product=sub.product,
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
