"""Adding, editing, replacing, linking and deleting payment methods (seed 004)."""

from __future__ import annotations

from dataclasses import dataclass

from engine import cards, issuer
from engine.domain.model import (
    BillingProfile,
    MethodKind,
    PaymentMethod,
    Subscription,
)
from engine.domain.permissions import Permission
from engine.errors import N_, InputError, RuleRefusal
from engine.i18n import Message
from engine.services.billing import method_in_use
from engine.services.context import Context, new_id
from engine.services.describe import method_label
from engine.services.outcome import Fix, Outcome

EDITABLE = ("holder_name", "address_line", "city", "region", "postal_code", "phone")


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
                             N_("A card needs its expiry date (MM/YY)."))
        exp_month, exp_year = cards.parse_expiry(expiry, ctx.now)
        if security_code:
            cards.validate_security_code(security_code, card)
        issued_in = issuer.issuing_country(card, billing_country, ctx.config)
        parsed = NewMethod(method_kind, card.digits, issued_in, card.last4, card.brand,
                           exp_month, exp_year, card)
    else:
        account = cards.parse_iban(number)
        check_bank_accounts_allowed(ctx, new_account=True)
        parsed = NewMethod(method_kind, account.iban, account.country, account.last4, None,
                           None, None, None)
    if parsed.country != ctx.tenant.country:
        raise RuleRefusal(
            "same-country",
            N_("This payment method was issued in {issued}, but {tenant} is in {country}. "
               "Use a card or bank account issued in {country}."),
            issued=parsed.country, tenant=ctx.tenant.name, country=ctx.tenant.country,
        )
    return parsed


def check_bank_accounts_allowed(ctx: Context, *, new_account: bool) -> None:
    """Rule ``bank-availability`` for the tenant's country at the current time."""
    country, config = ctx.tenant.country, ctx.config
    if country in config.bank_accounts_unavailable_in:
        raise RuleRefusal(
            "bank-availability",
            N_("Paying by bank account is not available in {country}. Use a credit or debit "
               "card."), country=country,
        )
    if country in config.bank_accounts_closed_in and (
        ctx.now.date() >= config.bank_accounts_closed_from
    ):
        if new_account:
            raise RuleRefusal(
                "bank-availability",
                N_("New bank accounts are not supported in {country} since {date}. Use a "
                   "credit or debit card."),
                country=country, date=config.bank_accounts_closed_from,
            )
        raise RuleRefusal(
            "bank-availability",
            N_("Since {date}, a bank account in {country} keeps paying for the subscriptions "
               "it has but cannot take new ones. Use a credit or debit card."),
            country=country, date=config.bank_accounts_closed_from,
        )


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
    ctx.require(Permission.MANAGE_PAYMENT_METHODS)
    parsed = parse_new_method(ctx, kind, number, expiry=expiry, country=country,
                              security_code=security_code)
    if not holder_name.strip():
        raise InputError("missing-parameter",
                         N_("Enter the name exactly as it appears on the card or account."))
    fingerprint = cards.fingerprint(ctx.uow.fingerprint_secret(), ctx.tenant.id, parsed.number)
    for existing in ctx.uow.payment_methods.where(tenant_id=ctx.tenant.id,
                                                  fingerprint=fingerprint):
        if existing.deleted_at is None:
            raise InputError(
                "duplicate-payment-method",
                N_("This {method} is already on file as {id}."),
                method=method_label(existing), id=existing.id,
            )
    method = PaymentMethod(
        id=new_id("pm"), tenant_id=ctx.tenant.id, kind=parsed.kind, added_by=ctx.actor.id,
        country=parsed.country, last4=parsed.last4, fingerprint=fingerprint,
        holder_name=holder_name.strip(), created_at=ctx.now, brand=parsed.brand,
        exp_month=parsed.exp_month, exp_year=parsed.exp_year,
        address_line=address_line.strip(), city=city.strip(), region=region.strip(),
        postal_code=postal_code.strip(), phone=phone.strip(),
    )
    ctx.uow.payment_methods.add(method)
    if parsed.card and ctx.uow.issuer_records.get(fingerprint) is None:
        ctx.uow.issuer_records.add(issuer.open_record(parsed.card, fingerprint, method,
                                                      ctx.config))
    return Outcome(
        Message(N_("Added {method}. It pays for nothing yet: link it to a subscription or use "
                   "it to replace another payment method."), method=method_label(method)),
        rule="new-card-not-linked",
        fixes=[Fix("subscription.change-payment-method", {"payment_method": method.id}),
               Fix("payment-method.replace", {"replacement": method.id})],
        data={"payment_method": method.id},
    )


def update_payment_method(
    ctx: Context, method_id: str, *, expiry: str | None = None, **fields: str | None,
) -> Outcome:
    """Edit what rule ``number-immutable`` lets change; the action refuses a new number."""
    method = ctx.payment_method(method_id, for_update=True)
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=method)
    if expiry:
        if not method.is_card:
            raise InputError("invalid-value", N_("A bank account has no expiry date."))
        method.exp_month, method.exp_year = cards.parse_expiry(expiry, ctx.now)
    for name, value in fields.items():
        if name not in EDITABLE:
            raise InputError("unknown-parameter", N_("'{name}' cannot be edited."), name=name)
        if value is not None:
            if name == "holder_name" and not value.strip():
                raise InputError("invalid-value",
                                 N_("The name on the card or account cannot be empty."))
            setattr(method, name, value.strip())
    before = len(ctx.uow.changes)
    ctx.uow.payment_methods.save(method)
    if len(ctx.uow.changes) == before:
        raise InputError("nothing-to-change",
                         N_("Nothing to change: give at least one new value."))
    return Outcome(Message(N_("Updated {method}."), method=method_label(method)),
                   rule="number-immutable", data={"payment_method": method.id})


def check_can_link(
    ctx: Context,
    method: PaymentMethod,
    subscriptions: list[Subscription],
    profiles: list[BillingProfile],
) -> None:
    """Rules ``profile-cards-only`` and ``bank-availability`` for moving things onto ``method``."""
    if method.is_card:
        return
    if profiles or any(s.billing_profile_id for s in subscriptions):
        raise RuleRefusal(
            "profile-cards-only",
            N_("Subscriptions under a billing profile can only be paid by credit or debit "
               "card, so {method} cannot be used for them."),
            method=method_label(method),
        )
    check_bank_accounts_allowed(ctx, new_account=False)


def link_subscription(ctx: Context, subscription: Subscription, method: PaymentMethod) -> None:
    """Point one subscription at ``method`` after checking who may and whether it may."""
    ctx.require(Permission.BUY, subscription=subscription, method=method)
    check_can_link(ctx, method, [subscription], [])
    subscription.payment_method_id = method.id
    ctx.uow.subscriptions.save(subscription)


def change_subscription_method(ctx: Context, subscription_id: str, method_id: str) -> Outcome:
    """Rule ``change-one``: move a single subscription to another payment method."""
    subscription = ctx.subscription(subscription_id, for_update=True)
    method = ctx.payment_method(method_id)
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
    old = ctx.payment_method(method_id, for_update=True)
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=old)
    new = ctx.payment_method(replacement_id)
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=new)
    if new.id == old.id:
        raise InputError("invalid-value",
                         N_("A payment method cannot replace itself: pick another one."))
    subscriptions, profiles = method_in_use(ctx, old)
    check_can_link(ctx, new, subscriptions, profiles)
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
    """Rule ``delete-unused-only``: only a method nothing uses can go."""
    method = ctx.payment_method(method_id, for_update=True)
    ctx.require(Permission.MANAGE_PAYMENT_METHODS, method=method)
    subscriptions, profiles = method_in_use(ctx, method)
    if subscriptions or profiles:
        raise RuleRefusal(
            "delete-unused-only",
            N_("This payment method ({method}) pays for {uses}. Replace it with another "
               "payment method first, then delete it."),
            method=method_label(method),
            uses=[s.product for s in subscriptions] + [p.name for p in profiles],
        )
    others = [m for m in ctx.uow.payment_methods.where(tenant_id=ctx.tenant.id)
              if m.deleted_at is None and m.id != method.id]
    if not others and ctx.uow.subscriptions.where(tenant_id=ctx.tenant.id):
        raise RuleRefusal(
            "delete-unused-only",
            N_("This payment method ({method}) is the only one on the account. Add another "
               "one and replace it before you delete it."),
            method=method_label(method),
        )
    method.deleted_at = ctx.now
    ctx.uow.payment_methods.save(method)
    return Outcome(Message(N_("Deleted {method}."), method=method_label(method)),
                   rule="delete-unused-only", data={"payment_method": method.id})
