"""The billing rules the engine executes, each with the article and heading that states it.

A rule's id is also the ``code`` of a :class:`engine.errors.RuleRefusal` it raises. Articles
are named by ``ms.assetid`` (the same in every language) and headings by an explicit anchor
that both translations carry, so a citation resolves in nb-NO and nl-NL alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.errors import N_

ARTICLES = {
    "declined-credit-card": "4e6d34b3-e3e5-4fcd-a52e-34b54746feeb",
    "payment-declined": "3195f5b5-150b-4467-b314-e7768368b577",
    "past-due-account": "29635602-3521-4663-9d85-d111f85b3a19",
    "manage-payment-methods": "f430e575-477c-4d8e-baea-88dbc9327a4a",
}


@dataclass(frozen=True)
class Rule:
    id: str
    summary: str
    article: str
    anchor: str
    seeds: tuple[str, ...]
    # The functions that decide it (dotted names), for docs/rules.md and its test.
    implemented_by: tuple[str, ...] = ()

    @property
    def assetid(self) -> str:
        return ARTICLES[self.article]

    @property
    def citation(self) -> str:
        """``article-slug#anchor``: where a reader finds the rule."""
        return f"{self.article}#{self.anchor}"


_RULES = (
    Rule("decline-notice",
         N_("A declined charge sends the admins a notice that the payment could not be processed."),
         "declined-credit-card", "declined-credit-card", ("000", "003", "004"),
         ("engine.services.billing_cycle._Pass._charge",
          "engine.services.billing._record_attempt")),
    Rule("retry-window",
         N_("After the invoice date the card is charged again several times over 3-4 weeks."),
         "payment-declined", "automatic-retries", ("001",),
         ("engine.domain.retries.next_attempt", "engine.config._schedule")),
    Rule("retries-remaining",
         N_("While only one or two decline notices have gone out this billing period, "
            "another automatic attempt is still coming."),
         "payment-declined", "automatic-retries", ("001",),
         ("engine.domain.retries.outlook",)),
    Rule("settle-balance",
         N_("Settle balance pays the whole outstanding balance at once and resubmits the "
            "payment immediately."),
         "past-due-account", "settle-balance", ("000", "002", "004"),
         ("engine.services.billing.settle_balance",)),
    Rule("past-due-lingers",
         N_("After paying a past-due balance the past-due notice can stay visible for a while; "
            "wait at least 48 hours before contacting support."),
         "past-due-account", "after-payment", ("002",),
         ("engine.domain.lifecycle.after_payment", "engine.domain.lifecycle.lingering")),
    Rule("details-must-match",
         N_("Card number, expiry, name on card and billing address must match the bank's "
            "records, or the charge is declined."),
         "declined-credit-card", "check-card-details", ("000", "003", "004"),
         ("engine.domain.charging.decide", "engine.domain.charging.mismatched_fields")),
    Rule("issuer-refusals",
         N_("An inactive card, or one not approved for online, international or recurring "
            "payments, is declined; the bank can fix it."),
         "declined-credit-card", "contact-your-bank", ("000", "003", "004"),
         ("engine.domain.charging.decide", "engine.domain.charging.bank_fixes")),
    Rule("new-card-not-linked",
         N_("Adding a payment method links no subscription; notices keep coming for the old "
            "card until the new one is linked."),
         "payment-declined", "link-new-card", ("001", "004"),
         ("engine.services.payment_methods.add_payment_method",
          "engine.services.diagnostics._unlinked_newer_method")),
    Rule("admin-roles",
         N_("Only Global admins and Billing admins manage payment methods."),
         "manage-payment-methods", "before-you-begin", ("004",),
         ("engine.domain.permissions.require",)),
    Rule("card-ownership",
         N_("Without a billing profile, admins may use every bank account but only the cards "
            "they added; only the admin who added a card may change it."),
         "manage-payment-methods", "payment-methods-you-can-use", ("002", "004"),
         ("engine.domain.permissions.require_card_owner",)),
    Rule("billing-profile-roles",
         N_("Owners and contributors may use a billing profile to buy or pay; invoice "
            "managers may only pay invoices; a subscription under a profile is paid the way "
            "the profile pays."),
         "manage-payment-methods", "payment-methods-you-can-use", ("004",),
         ("engine.domain.permissions.require_on_profile",
          "engine.services.billing.paying_method_id")),
    Rule("same-country",
         N_("A payment method must be issued in the tenant's country."),
         "manage-payment-methods", "payment-methods-you-can-use", ("004",),
         ("engine.domain.method_rules.check_same_country",)),
    Rule("bank-availability",
         N_("Bank-account payment is unavailable in some countries; where it was withdrawn, "
            "an existing bank account takes no new subscriptions."),
         "manage-payment-methods", "payment-methods-you-can-use", ("004",),
         ("engine.domain.method_rules.check_new_bank_account",
          "engine.domain.method_rules.check_bank_account_takes")),
    Rule("number-immutable",
         N_("Name, billing address, phone and expiry can be edited; the card or account "
            "number cannot: replace, then delete."),
         "manage-payment-methods", "update-payment-method-details", ("001", "004"),
         ("engine.services.payment_methods.edit_details",
          "engine.actions.payment_methods.ACTIONS")),
    Rule("replace-everywhere",
         N_("Replacing a payment method moves every subscription and billing profile that "
            "uses it; the old one stays available."),
         "manage-payment-methods", "replace-payment-method", ("004",),
         ("engine.services.payment_methods.replace_payment_method",)),
    Rule("profile-cards-only",
         N_("Subscriptions under a billing profile can only be paid by credit or debit card."),
         "manage-payment-methods", "replace-payment-method", ("004",),
         ("engine.domain.method_rules.check_profile_method",)),
    Rule("change-one",
         N_("The payment method of a single subscription can be changed."),
         "manage-payment-methods", "change-payment-method-single-subscription", ("004",),
         ("engine.services.payment_methods.change_subscription_method",)),
    Rule("delete-unused-only",
         N_("A payment method can be deleted only when no subscription, whatever its status, "
            "and no billing profile uses it; one in use must be replaced first."),
         "manage-payment-methods", "delete-payment-method", ("004",),
         ("engine.domain.method_rules.check_unused",)),
    Rule("blocked-cookies",
         N_("The 'browser blocks cookies' error is fixed by allowing third-party cookies."),
         "manage-payment-methods", "troubleshoot-payment-methods", ("004",),
         ("engine.services.diagnostics.browser_cookies",)),
    Rule("contact-support",
         N_("When a card or bank account cannot be entered at all, contact support."),
         "manage-payment-methods", "troubleshoot-payment-methods", ("004",),
         ("engine.services.diagnostics.contact_support",)),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def get(rule_id: str) -> Rule:
    return RULES[rule_id]
