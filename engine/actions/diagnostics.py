"""Diagnostic actions: they change nothing and point at the article that covers a finding."""

from __future__ import annotations

from engine.actions.base import Action, Param
from engine.domain.permissions import Permission
from engine.errors import N_

SUBSCRIPTION = Param("subscription", "subscription", N_("Subscription"), required=True)

ACTIONS = (
    Action(
        id="payment.diagnose",
        title=N_("Why was this payment declined?"),
        summary=N_("Explain the last declined charge of a subscription and what fixes it."),
        permission=Permission.VIEW,
        mutates=False,
        params=(SUBSCRIPTION, Param("invoice", "invoice", N_("Invoice"))),
        rules=("decline-notice", "details-must-match", "issuer-refusals",
               "new-card-not-linked", "retries-remaining"),
    ),
    Action(
        id="retries.show",
        title=N_("When is the next automatic attempt?"),
        summary=N_("The retry schedule of the open invoice, the notices so far and whether "
                   "another automatic attempt is coming."),
        permission=Permission.VIEW,
        mutates=False,
        params=(SUBSCRIPTION,),
        rules=("retry-window", "retries-remaining"),
    ),
    Action(
        id="past-due.status",
        title=N_("Is this subscription past due?"),
        summary=N_("Whether a subscription is past due, what is outstanding, and how long a "
                   "past-due notice can linger after payment."),
        permission=Permission.VIEW,
        mutates=False,
        params=(SUBSCRIPTION,),
        rules=("past-due-lingers", "settle-balance"),
    ),
    Action(
        id="support.contact",
        title=N_("Contact support"),
        summary=N_("When to contact support, and what to have ready."),
        permission=Permission.VIEW,
        mutates=False,
        params=(Param("subscription", "subscription", N_("Subscription")),),
        rules=("contact-support", "past-due-lingers"),
    ),
    Action(
        id="browser.cookies",
        title=N_("The browser blocks cookies"),
        summary=N_("Fix the 'browser is set to block cookies' error."),
        permission=Permission.VIEW,
        mutates=False,
        rules=("blocked-cookies",),
    ),
)
