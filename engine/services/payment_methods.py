"""Adding, editing, replacing, linking and deleting payment methods (seed 004).

Each service runs inside the caller's unit of work and locks rows in the engine's one
order: payment methods first (in id order), then subscriptions and billing profiles, then
invoices. A link to a payment method locks the method, so it cannot be deleted in the
same moment, and refuses one that is deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine import cards, issuer
from engine.domain import method_rules
from engine.domain.method_rules import method_label
from engine.domain.model import MethodKind, PaymentMethod, Subscription
from engine.domain.permissions import PERSONAL_DETAILS, Permission
from engine.errors import N_, InputError, RuleRefusal
from engine.i18n import Message
from engine.services.context import Context, new_id
from engine.services.outcome import Fix, Outcome


@dataclass(frozen=True)
class NewMethod:
    """What an admin typed for a new payment method, already checked."""

    kind: MethodKind
    number: str
    country: str
    last4: str
    brand: str | None
    exp_month: int | None
    exp_year: int | None
    card: cards.CardNumber | None


def parse_new_method(
    ctx: Context,
    kind: str,
    number: str,
    *,
    expiry: str | None = None,
    country: str | None = None,
    security_code: str | None = None,
) -> NewMethod:
    """Check a new card or bank account against the input rules and the country rules."""
    method_kind = MethodKind(kind)
    billing_country = (country or ctx.tenant.country).upper()
    if method_kind.is_card:
        card = cards.parse_card_number(number)
        if not expiry:
            raise InputError("missing-parameter",
                             N_("A card needs its expiry date (month and year)."))
        exp_month, exp_year = cards.parse_expiry(expiry, ctx.today)
        if security_code:
            cards.validate_security_code(security_code, card)
        issued_in = issuer.issuing_country(card, billing_country, ctx.config)
        parsed = NewMethod(method_kind, card.digits, issued_in, card.last4, card.brand,
                           exp_month, exp_year, card)
    else:
        account = cards.parse_iban(number)
        method_rules.check_new_bank_account(ctx.bank_rules, ctx.tenant.country, ctx.today)
        parsed = NewMethod(method_kind, account.iban, account.country, account.last4, None,
                           None, None, None)
    method_rules.check_same_country(parsed.country, ctx.tenant.name, ctx.tenant.country)
    return parsed


def add_payment_method(
    ctx: Context,
    *,
    kind: str,
    number: str,
    holder_name: str,
    expiry: str | None = None,
    country: str | None = None,
    security_code: str | None = None,
    address_line: str = "",
    city: str = "",
    region: str = "",
    postal_code: str = "",
    phone: str = "",
) -> Outcome:
    """Add a card or bank account; rule ``new-card-not-linked``: it pays for nothing yet."""
    ctx.require(Permission.MANAGE_PAYMENT_METHODS)
    parsed = parse_new_method(ctx, kind, number, expiry=expiry, country=country,
                              security_code=security_code)
    if not holder_name.strip():
        raise InputError("missing-parameter",
                         N_("Enter the name exactly as it appears on the card or account."))
    known = ctx.uow.vault.find(ctx.tenant.id, parsed.number)
    for existing in ctx.uow.payment_methods.with_token(ctx.tenant.id, known) if known else ():
        raise InputError(
            "duplicate-payment-method",
            N_("This {method} is already on file as {id}."),
            method=method_label(existing), id=existing.id,
        )
    method = PaymentMethod(
        id=new_id("pm"), tenant_id=ctx.tenant.id, kind=parsed.kind, added_by=ctx.actor.id,
        country=parsed.country, last4=parsed.last4, token="",
        holder_name=holder_name.strip(), created_at=ctx.now, brand=parsed.brand,
        exp_month=parsed.exp_month, exp_year=parsed.exp_year,
        address_line=address_line.strip(), city=city.strip(), region=region.strip(),
        postal_code=postal_code.strip(), phone=phone.strip(),
    )
    method.token = ctx.uow.vault.tokenize(
        ctx.tenant.id, parsed.number, issuer.opening_record(parsed.card, method, ctx.config))
    ctx.uow.payment_methods.add(method)
    return Outcome(
        Message(N_("Added {method}. It pays for nothing yet: link it to a subscription or use "
                   "it to replace another payment method."), method=method_label(method)),
        rule="new-card-not-linked",
        fixes=[Fix("subscription.change-payment-method", {"payment_method": method.id}),
               Fix("payment-method.replace", {"replacement": method.id})],
        data={"payment_method": method.id},
    )


def edit_details(ctx: Context, method: PaymentMethod, *, expiry: str | None = None,
                 **fields: str | None) -> bool:
    """Apply new editable details to a locked ``method`` (rule ``number-immutable``: name,
    billing address, phone and expiry can change) and save it; whether anything changed."""
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=method)
    if expiry:
        if not method.is_card:
            raise InputError("invalid-value", N_("A bank account has no expiry date."))
        method.exp_month, method.exp_year = cards.parse_expiry(expiry, ctx.today)
    for name, value in fields.items():
        if name not in PERSONAL_DETAILS:
            raise InputError("unknown-parameter", N_("'{name}' cannot be edited."), name=name)
        if value is not None:
            if name == "holder_name" and not value.strip():
                raise InputError("invalid-value",
                                 N_("The name on the card or account cannot be empty."))
            setattr(method, name, value.strip())
    before = len(ctx.uow.changes)
    ctx.uow.payment_methods.save(method)
    return len(ctx.uow.changes) > before


def update_payment_method(
    ctx: Context, method_id: str, *, expiry: str | None = None, **fields: str | None,
) -> Outcome:
    """Edit what rule ``number-immutable`` lets change; the action refuses a new number."""
    method = ctx.payment_method(method_id, for_update=True)
    if not edit_details(ctx, method, expiry=expiry, **fields):
        raise InputError("nothing-to-change",
                         N_("Nothing to change: give at least one new value."))
    return Outcome(Message(N_("Updated {method}."), method=method_label(method)),
                   rule="number-immutable", data={"payment_method": method.id})


def check_may_pay_with(ctx: Context, subscription: Subscription, method: PaymentMethod,
                       permission: Permission) -> None:
    """Who may put ``subscription`` on ``method`` (``permission`` BUY) or pay it with it
    (PAY), and whether the method may take it."""
    if subscription.billing_profile_id:
        profile = ctx.billing_profile(subscription.billing_profile_id)
        raise RuleRefusal(
            "billing-profile-roles",
            N_("{product} is under the billing profile '{profile}' and is paid the way the "
               "profile pays, so it cannot be put on another payment method."),
            product=subscription.product, profile=profile.name,
        )
    ctx.require(permission, subscription=subscription, method=method)
    if permission is Permission.BUY and subscription.payment_method_id != method.id:
        method_rules.check_can_take(method, under_profile=False, rules=ctx.bank_rules,
                                    country=ctx.tenant.country, day=ctx.today)


def link_subscription(ctx: Context, subscription: Subscription, method: PaymentMethod) -> None:
    """Point one subscription at ``method`` (both locked by the caller) after checking who
    may and whether it may."""
    check_may_pay_with(ctx, subscription, method, Permission.BUY)
    subscription.payment_method_id = method.id
    ctx.uow.subscriptions.save(subscription)


def change_subscription_method(ctx: Context, subscription_id: str, method_id: str) -> Outcome:
    """Rule ``change-one``: move a single subscription to another payment method."""
    method = ctx.payment_method(method_id, for_update=True)
    subscription = ctx.subscription(subscription_id, for_update=True)
    if subscription.payment_method_id == method.id:
        raise InputError(
            "nothing-to-change",
            N_("{product} is already paid with {method}."),
            product=subscription.product, method=method_label(method),
        )
    link_subscription(ctx, subscription, method)
    return Outcome(
        Message(N_("{product} is now paid with {method}."),
                product=subscription.product, method=method_label(method)),
        rule="change-one", data={"subscription": subscription.id, "payment_method": method.id},
    )


def replace_payment_method(ctx: Context, method_id: str, replacement_id: str) -> Outcome:
    """Rule ``replace-everywhere``: move everything that uses a method to another one."""
    if replacement_id == method_id:
        raise InputError("invalid-value",
                         N_("A payment method cannot replace itself: pick another one."))
    locked = ctx.lock_payment_methods([method_id, replacement_id])
    old, new = locked[method_id], locked[replacement_id]
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=old)
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=new)
    subscriptions = ctx.uow.subscriptions.using_method(old.id, for_update=True)
    profiles = ctx.uow.billing_profiles.using_method(old.id, for_update=True)
    if subscriptions or profiles:
        method_rules.check_can_take(new, under_profile=bool(profiles), rules=ctx.bank_rules,
                                    country=ctx.tenant.country, day=ctx.today)
    for subscription in subscriptions:
        subscription.payment_method_id = new.id
        ctx.uow.subscriptions.save(subscription)
    for profile in profiles:
        profile.payment_method_id = new.id
        ctx.uow.billing_profiles.save(profile)
    return Outcome(
        Message(N_("Replaced {old} with {new} everywhere it was used (subscriptions: "
                   "{subscriptions}, billing profiles: {profiles}). The replaced method stays on "
                   "file for other uses."),
                old=method_label(old), new=method_label(new),
                subscriptions=len(subscriptions), profiles=len(profiles)),
        rule="replace-everywhere",
        data={"subscriptions": [s.id for s in subscriptions],
              "billing_profiles": [p.id for p in profiles]},
    )


def delete_payment_method(ctx: Context, method_id: str) -> Outcome:
    """Rule ``delete-unused-only``: a method nothing uses goes at once, whatever else is on
    file; one in use must be replaced first."""
    method = ctx.payment_method(method_id, for_update=True)
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=method)
    subscriptions = ctx.uow.subscriptions.using_method(method.id)
    profiles = ctx.uow.billing_profiles.using_method(method.id)
    method_rules.check_unused(method, [s.product for s in subscriptions],
                              [p.name for p in profiles])
    method.deleted_at = ctx.now
    ctx.uow.payment_methods.save(method)
    return Outcome(Message(N_("Deleted {method}."), method=method_label(method)),
                   rule="delete-unused-only", data={"payment_method": method.id})
