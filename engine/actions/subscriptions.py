"""Actions on subscriptions: buy one, change its payment method, settle its balance."""

from __future__ import annotations

from engine.actions.base import Action, Param
from engine.actions.payment_methods import DETAILS, EXPIRY
from engine.domain.permissions import Permission
from engine.errors import N_

SUBSCRIPTION = Param("subscription", "subscription", N_("Subscription"), required=True)

ACTIONS = (
    Action(
        id="subscription.change-payment-method",
        title=N_("Change the payment method of one subscription"),
        summary=N_("Pay for a single subscription with another card or bank account."),
        permission=Permission.BUY,
        mutates=True,
        params=(SUBSCRIPTION,
                Param("payment_method", "payment_method", N_("Payment method"), required=True)),
        rules=("change-one", "profile-cards-only", "card-ownership", "billing-profile-roles",
               "new-card-not-linked"),
    ),
    Action(
        id="balance.settle",
        title=N_("Settle balance"),
        summary=N_("Pay the whole outstanding balance now, with the subscription's payment "
                   "method or another one."),
        permission=Permission.PAY,
        mutates=True,
        params=(SUBSCRIPTION,
                Param("payment_method", "payment_method", N_("Payment method")),
                EXPIRY, *DETAILS),
        rules=("settle-balance", "card-ownership", "billing-profile-roles",
               "details-must-match", "issuer-refusals"),
    ),
    Action(
        id="subscription.buy",
        title=N_("Buy a subscription"),
        summary=N_("Buy licences of a product, paid with an existing payment method or through "
                   "a billing profile."),
        permission=Permission.BUY,
        mutates=True,
        params=(Param("product", "string", N_("Product"), required=True),
                Param("licences", "count", N_("Licences"), required=True),
                Param("payment_method", "payment_method", N_("Payment method")),
                Param("billing_profile", "billing_profile", N_("Billing profile"))),
        rules=("billing-profile-roles", "card-ownership", "bank-availability",
               "admin-roles"),
    ),
)
