"""Buying a subscription (seed 004): "When you buy business products or services from
Microsoft, you can use an existing payment method or add a new one." Owners and
contributors of a billing profile may buy with it; invoice managers may only pay."""

from __future__ import annotations

from engine.domain import method_rules
from engine.domain.method_rules import method_label
from engine.domain.money import Money, period_amount
from engine.domain.permissions import Permission
from engine.errors import N_, InputError, RuleRefusal
from engine.i18n import Message
from engine.services import accounts
from engine.services.context import Context
from engine.services.outcome import Fix, Outcome


def buy(ctx: Context, product: str, licences: str, payment_method: str | None = None,
        billing_profile: str | None = None) -> Outcome:
    """Buy ``licences`` licences of ``product``, paid with ``payment_method`` or through
    ``billing_profile``. The first invoice falls due at once; the billing run (``betal
    tick`` or a worker) issues and charges it."""
    seats = int(licences)
    if billing_profile:
        profile = ctx.billing_profile(billing_profile)
        ctx.require(Permission.BUY, profile_id=profile.id)
        if payment_method:
            raise RuleRefusal(
                "billing-profile-roles",
                N_("A subscription bought with the billing profile '{profile}' is paid the way "
                   "the profile pays: leave out the payment method."), profile=profile.name)
        method = None
        paid_with = Message(N_("the billing profile '{profile}'"), profile=profile.name)
    elif payment_method:
        method = ctx.payment_method(payment_method, for_update=True)
        ctx.require(Permission.BUY, method=method)
        method_rules.check_can_take(method, under_profile=False, rules=ctx.bank_rules,
                                    country=ctx.tenant.country, day=ctx.today)
        paid_with = method_label(method)
    else:
        raise InputError("missing-parameter",
                         N_("Choose how to pay: a payment method, or a billing profile."))
    subscription = accounts.create_subscription(
        ctx.uow, ctx.config, ctx.tenant, product=product, seats=seats, first_invoice=ctx.now,
        now=ctx.now, payment_method_id=method.id if method else None,
        billing_profile_id=billing_profile)
    amount = Money(period_amount(seats, subscription.unit_price), subscription.currency)
    return Outcome(
        Message(N_("Bought {licences} licences of {product} for {amount} a month, paid with "
                   "{method}. The first invoice is due now: the next billing run issues and "
                   "charges it."),
                licences=seats, product=product, amount=amount, method=paid_with),
        rule="billing-profile-roles" if billing_profile else "card-ownership",
        fixes=[Fix("retries.show", {"subscription": subscription.id})],
        data={"subscription": subscription.id, "billing_day": subscription.billing_day},
    )
