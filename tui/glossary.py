"""One word for each thing: the names of kinds, states and roles as every screen says them.

Engine values (``credit-card``, ``past-due``, ``invoice-manager``) are never shown as they
are; each has one message id here, translated once in each catalog, so "declined" or
"invoice manager" is the same word on every screen (the engine's own messages use the same
terms, seed 004's).
"""

from __future__ import annotations

from tui.i18n import N_

METHOD_KINDS = {"credit-card": N_("Credit card"), "debit-card": N_("Debit card"),
                "bank-account": N_("Bank account")}
# The Microsoft 365 lifecycle the engine follows (engine.domain.lifecycle).
SUBSCRIPTION_STATUS = {"active": N_("Active"), "past-due": N_("Past due"),
                       "expired": N_("Expired"), "disabled": N_("Disabled"),
                       "deleted": N_("Deleted")}
INVOICE_STATUS = {"open": N_("open"), "paid": N_("paid")}
NOTICE_SUBJECTS = {
    "payment-declined": N_("We couldn't process your payment"),
    "payment-received": N_("We received your payment"),
    "retries-exhausted": N_("No more automatic attempts"),
    "invoice-overdue": N_("Your invoice is overdue"),
}
ROLES = {"global-admin": N_("Global admin"), "billing-admin": N_("Billing admin"),
         "helpdesk-admin": N_("Helpdesk admin"), "user": N_("User")}
PROFILE_ROLES = {"owner": N_("Owner"), "contributor": N_("Contributor"), "reader": N_("Reader"),
                 "invoice-manager": N_("Invoice manager")}
PAYS_BY = {"card": N_("Card"), "invoice": N_("Invoice")}
TRIGGERS = {"scheduled": N_("automatic"), "settle": N_("Settle balance")}
# The audit log: how an action ended, and the actions that are not in the registry.
OUTCOMES = {"done": N_("Done"), "declined": N_("Declined"), "refused": N_("Refused")}
OTHER_ACTIONS = {"admin.sign-in": N_("Sign in"), "admin.lockout": N_("Locked out"),
                 "admin.one-time-code": N_("One-time code issued"),
                 "admin.passphrase": N_("Passphrase set")}
SIGN_IN_OUTCOMES = {"sign-in-failed": N_("wrong passphrase"),
                    "account-locked": N_("locked after too many attempts"),
                    "locked": N_("locked after too many attempts"),
                    "passphrase-required": N_("no passphrase given"),
                    "one-time-code-wrong": N_("wrong one-time code"),
                    "code-required": N_("a one-time code is needed"),
                    "code-wrong": N_("wrong one-time code")}
