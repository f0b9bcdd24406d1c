"""Actions on payment methods: add, update, replace, delete, check."""

from __future__ import annotations

from engine.actions.base import Action, Param
from engine.domain.model import MethodKind
from engine.domain.permissions import Permission
from engine.errors import N_

PAYMENT_METHOD = Param("payment_method", "payment_method", N_("Payment method"), required=True)
KIND = Param("kind", "choice", N_("Kind"), choices=tuple(k.value for k in MethodKind))
EXPIRY = Param("expiry", "expiry", N_("Expiry date (MM/YY)"))
COUNTRY = Param("country", "country", N_("Country of the billing address"))
DETAILS = (
    Param("holder_name", "string", N_("Name on card or account")),
    Param("address_line", "string", N_("Billing address")),
    Param("city", "string", N_("City")),
    Param("region", "string", N_("County or state")),
    Param("postal_code", "postal-code", N_("Postal code")),
    Param("phone", "phone", N_("Phone number")),
)

ACTIONS = (
    Action(
        id="payment-method.add",
        title=N_("Add a payment method"),
        summary=N_("Add a credit card, debit card or bank account. It pays for nothing until "
                   "you link it."),
        permission=Permission.MANAGE_PAYMENT_METHODS,
        mutates=True,
        params=(
            Param("kind", "choice", N_("Kind"), required=True,
                  choices=tuple(k.value for k in MethodKind)),
            Param("number", "account-number", N_("Card number or IBAN"), required=True,
                  secret=True),
            EXPIRY,
            Param("security_code", "security-code", N_("Security code"), secret=True),
            COUNTRY,
            *(Param(p.name, p.type, p.label, required=p.name == "holder_name")
              for p in DETAILS),
        ),
        rules=("admin-roles", "same-country", "bank-availability", "new-card-not-linked"),
    ),
    Action(
        id="payment-method.update",
        title=N_("Update payment method details"),
        summary=N_("Change the name, billing address, phone or expiry date. The number "
                   "cannot be changed."),
        permission=Permission.MANAGE_PAYMENT_METHODS,
        mutates=True,
        params=(PAYMENT_METHOD, EXPIRY, *DETAILS),
        rules=("number-immutable", "card-ownership", "admin-roles"),
        refused={"number": (
            "number-immutable",
            N_("The card or account number cannot be changed. Add the new card or account, "
               "replace this one with it, then delete this one."))},
    ),
    Action(
        id="payment-method.replace",
        title=N_("Replace a payment method everywhere"),
        summary=N_("Move every subscription and billing profile that uses a payment method to "
                   "another one. The old one stays on file."),
        permission=Permission.MANAGE_PAYMENT_METHODS,
        mutates=True,
        params=(PAYMENT_METHOD,
                Param("replacement", "payment_method", N_("Replacement"), required=True)),
        rules=("replace-everywhere", "profile-cards-only", "card-ownership"),
    ),
    Action(
        id="payment-method.delete",
        title=N_("Delete a payment method"),
        summary=N_("Delete a payment method that no subscription or billing profile uses."),
        permission=Permission.MANAGE_PAYMENT_METHODS,
        mutates=True,
        params=(PAYMENT_METHOD,),
        rules=("delete-unused-only", "card-ownership"),
    ),
    Action(
        id="payment-method.check",
        title=N_("Check a payment method"),
        summary=N_("Whether a card or bank account can be added or used here, and if not, "
                   "why not."),
        permission=Permission.VIEW,
        mutates=False,
        params=(
            Param("payment_method", "payment_method", N_("Payment method")),
            Param("subscription", "subscription", N_("Subscription")),
            KIND,
            Param("number", "account-number", N_("Card number or IBAN"), secret=True),
            EXPIRY,
            COUNTRY,
        ),
        rules=("same-country", "bank-availability", "card-ownership", "profile-cards-only",
               "issuer-refusals", "details-must-match", "contact-support"),
    ),
)
