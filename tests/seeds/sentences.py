"""Every checkable sentence of the five seed articles, in English, with the rule it states.

A reference is ``NNN:LINE`` (the seed file's number and the line the sentence is on), with
``.k`` for the k-th sentence when a line holds several. ``quote`` is a few words of the
line as the seed has them (Norsk bokmål or Nederlands, or the English original of the
side-by-side markup), so the references can be checked against the seed files when they
are present. Tests name the sentence they hold the engine to with
``@pytest.mark.seed("NNN:LINE")``; docs/rules.md is generated from these and the markers.
"""

from __future__ import annotations

from typing import NamedTuple


class Sentence(NamedTuple):
    english: str
    rule: str
    quote: str


SEEDS = {
    "000": "000_a6c5b289217991f7.txt",
    "001": "001_e9055220b31344a3.txt",
    "002": "002_75fa3d88d86c6b2d.txt",
    "003": "003_5bb239355f9c3273.txt",
    "004": "004_9d2ed0bdc4663d13.txt",
}

SENTENCES: dict[str, Sentence] = {
    # 000: Avslått kredittkort (nb-NO)
    "000:25.1": Sentence(
        "If you pay by credit card and the payment is declined, you receive an e-mail saying "
        "that we could not process the payment.", "decline-notice",
        "mottar du en e-postmelding"),
    "000:25.2": Sentence(
        "Double-check that the credit card details (card number, expiry date, name on the "
        "card and address, including city, state and postal code) appear exactly as they do "
        "on the credit card and the card statement.", "details-must-match",
        "kortnummer, utløpsdato, navn på kredittkort"),
    "000:25.3": Sentence(
        "You can update the credit card information and submit the payment immediately with "
        "the Settle balance option.", "settle-balance", "umiddelbart sende betalingen"),
    "000:29.1": Sentence(
        "If you still see the 'declined' message, you must contact your bank.",
        "issuer-refusals", "må du kontakte banken din"),
    "000:29.2": Sentence(
        "Your credit card may not be active: if you recently received the card in the post "
        "with an updated expiry date, you may need to activate it.", "issuer-refusals",
        "må du kanskje aktivere det"),
    "000:29.3": Sentence(
        "Your bank can also tell you if the credit card is not approved for online, "
        "international or recurring transactions.", "issuer-refusals",
        "nettbaserte, internasjonale eller gjentakende"),
    # 001: Betaling avtatt (nb-NO with the English original side by side)
    "001:23.1": Sentence(
        "Microsoft will attempt to charge your card multiple times in the 3-4 weeks after "
        "the invoice date.", "retry-window", "multiple times in the 3-4 weeks"),
    "001:23.2": Sentence(
        "If you have received only one or two decline notices for this billing period, "
        "Microsoft will automatically attempt to charge your payment instrument again.",
        "retries-remaining", "only one or two decline notices"),
    "001:25": Sentence(
        "If you've added a new card and you are still getting a decline notice on the old "
        "credit card, you may need to associate that new card with the subscription.",
        "new-card-not-linked", "associate that new card with the subscription"),
    "001:29": Sentence(
        "Select the subscription that you want to pay with the new card or bank account; "
        "next to the payment method, click Edit.", "change-one",
        "pay with the new card or bank account"),
    "001:33": Sentence(
        "From the drop-down menu, select an alternate payment method, or add a new payment "
        "method.", "change-one", "select an alternate payment method"),
    "001:41": Sentence(
        "Update your payment method information (name on the card or bank account, billing "
        "address, phone number, or expiration date), then click Save.", "number-immutable",
        "billing address, phone number, or expiration date"),
    "001:43": Sentence(
        "Remember to change how you are paying for your subscription(s) to this new payment "
        "method.", "new-card-not-linked", "Remember to change how you are paying"),
    # 002: Past due account (nb-NO with the English original side by side)
    "002:26.1": Sentence(
        "A payment can be declined for several reasons, including if the credit card has "
        "expired.", "details-must-match", "including if the credit card has expired"),
    "002:26.2": Sentence(
        "You can use the Settle balance feature at any time to change your credit card "
        "information and immediately resubmit the payment.", "settle-balance",
        "immediately resubmit the payment"),
    "002:29": Sentence(
        "Find the subscription with the outstanding balance and click Settle balance to pay "
        "the entire outstanding balance.", "settle-balance",
        "pay the entire outstanding balance"),
    "002:30": Sentence(
        "If you own the credit card, you can change the expiration date, pick a different "
        "card, or add a new card.", "card-ownership", "If you own the credit card"),
    "002:31": Sentence(
        "If you don't own the credit card, you can choose a different credit card or add a "
        "new card.", "card-ownership", "t own the credit card"),
    "002:34.1": Sentence(
        "After a payment has been made, the past due notification may still be visible for "
        "a short period of time.", "past-due-lingers", "may still be visible"),
    "002:34.2": Sentence(
        "Please wait at least 48 hours before contacting support.", "past-due-lingers",
        "wait at least **48 hours**"),
    # 003: Geweigerde creditcard (nl-NL, the translation of 000)
    "003:25.1": Sentence(
        "If you pay by credit card but your card is declined, you receive an e-mail saying "
        "that we could not process the payment.", "decline-notice",
        "ontvangt u een e-mailbericht"),
    "003:25.2": Sentence(
        "Check that the credit card details (card number, expiry date, name on the card and "
        "address, including city, state and postal code) appear exactly as on the card and "
        "your statement.", "details-must-match", "kaartnummer, vervaldatum, naam op de"),
    "003:25.3": Sentence(
        "You can update your credit card details and submit the payment immediately with "
        "the Settle balance option.", "settle-balance", "betaling onmiddellijk indienen"),
    "003:29.1": Sentence(
        "Contact the bank if your credit card is still declined.", "issuer-refusals",
        "Neem contact op met de bank"),
    "003:29.2": Sentence(
        "Your credit card may not be activated: if you recently received a card with an "
        "updated expiry date by post, you may still need to activate it.",
        "issuer-refusals", "nog activeren"),
    "003:29.3": Sentence(
        "You can also ask your bank whether your card may not be approved for online, "
        "international or recurring transactions.", "issuer-refusals",
        "online, internationale of terugkerende"),
    # 004: Administrere betalingsmåter (nb-NO, plain text)
    "004:5.1": Sentence(
        "From 26 January 2021 new bank accounts are no longer supported for customers in "
        "Belgium, France, Italy, Luxembourg, Portugal, Spain and the United States.",
        "bank-availability", "Fra 26. januar 2021"),
    "004:5.2": Sentence(
        "An existing customer in one of these countries can continue to pay for the "
        "subscription with an existing bank account in good standing.", "bank-availability",
        "eksisterende bankkonto med god status"),
    "004:5.3": Sentence(
        "However, you cannot add new subscriptions to the bank account.", "bank-availability",
        "ikke legge til nye abonnementer på bankkontoen"),
    "004:7.1": Sentence(
        "When you buy business products or services from Microsoft, you can use an existing "
        "payment method or add a new one.", "new-card-not-linked",
        "bruke en eksisterende betalingsmåte eller legge til en ny"),
    "004:7.2": Sentence(
        "You can use a credit or debit card or a bank account to pay for what you buy.",
        "card-ownership", "kreditt- eller debetkort eller en bankkonto"),
    "004:9.1": Sentence(
        "If your business account has a billing profile and you are an owner or contributor "
        "on it, you can use the billing profile, backed by a credit card or invoice payment, "
        "to make purchases or pay invoices.", "billing-profile-roles",
        "eier eller bidragsyter for faktureringsprofilen"),
    "004:9.2": Sentence(
        "If you are an invoice manager, you can only use a billing profile to pay invoices.",
        "billing-profile-roles", "bare bruke en faktureringsprofil til å betale fakturaer"),
    "004:11.1": Sentence(
        "If your business account does not have a billing profile, any global or billing "
        "admin can manage and use all bank accounts added to the business account.",
        "card-ownership", "alle bankkontoer som er lagt til"),
    "004:11.2": Sentence(
        "However, you can only manage or use credit cards that you add.", "card-ownership",
        "bare administrere eller bruke kredittkort du legger til"),
    "004:15": Sentence(
        "Payment by bank account is unavailable in some countries or regions.",
        "bank-availability", "utilgjengelig i noen land"),
    "004:17": Sentence(
        "You must use a payment method issued in the same country as the tenant.",
        "same-country", "utstedt i samme land som leieren"),
    "004:29": Sentence(
        "You must be a global administrator or billing administrator to do the tasks in "
        "this article.", "admin-roles", "global administrator eller faktureringsadministrator"),
    "004:33.1": Sentence(
        "Adding a payment method does not associate any subscriptions with it.",
        "new-card-not-linked", "knyttes det ikke noen abonnementer til den"),
    "004:33.2": Sentence(
        "To assign a single subscription to the payment method, change the payment method "
        "of a single subscription.", "change-one", "tilordne et enkeltabonnement"),
    "004:33.3": Sentence(
        "To change all subscriptions that use another payment method to the new one, replace "
        "that payment method.", "replace-everywhere", "endre alle abonnementer"),
    "004:42.1": Sentence(
        "You can change the name, billing address or expiry date of the credit or debit card "
        "of an existing payment method.", "number-immutable",
        "endre navn, fakturaadresse eller utløpsdato"),
    "004:42.2": Sentence(
        "However, you cannot change the card or account number.", "number-immutable",
        "ikke endre kort- eller kontonummer"),
    "004:42.3": Sentence(
        "If the account number has changed, you must replace it with another payment method "
        "and then delete the old one.", "number-immutable", "deretter slette det gamle"),
    "004:50.1": Sentence(
        "When you replace a payment method, you replace it for all subscriptions and billing "
        "profiles that use the same payment method.", "replace-everywhere",
        "for alle abonnementer og faktureringsprofiler"),
    "004:50.2": Sentence(
        "Replacing a payment method does not delete the existing payment method.",
        "replace-everywhere", "slettes ikke den eksisterende betalingsmåten"),
    "004:50.3": Sentence(
        "It remains available for selection and use by other subscriptions and billing "
        "profiles.", "replace-everywhere", "fortsatt være tilgjengelig"),
    "004:61.1": Sentence(
        "If you have subscriptions associated with a billing profile, you can only use a "
        "credit or debit card to pay for them.", "profile-cards-only",
        "bare bruke et kreditt- eller debetkort"),
    "004:61.2": Sentence(
        "Bank accounts listed on the Payment methods page cannot be selected in the "
        "drop-down list.", "profile-cards-only", "kan de ikke velges i rullegardinlisten"),
    "004:64": Sentence(
        "You must use a payment method from the same country as the tenant.", "same-country",
        "fra samme land som leieren"),
    "004:69": Sentence(
        "You can change the payment method used to pay for a single subscription.",
        "change-one", "betale for et enkeltabonnement"),
    "004:80.1": Sentence(
        "You can only delete a payment method that is not associated with a subscription or "
        "a billing profile.", "delete-unused-only", "bare slette en betalingsmåte som ikke"),
    "004:80.2": Sentence(
        "This applies to all subscriptions, regardless of status.", "delete-unused-only",
        "uavhengig av status"),
    "004:84": Sentence(
        "If the payment method is not associated with a subscription or billing profile, you "
        "can delete it immediately.", "delete-unused-only", "kan du slette den umiddelbart"),
    "004:92": Sentence(
        "If a payment method is associated with subscriptions or billing profiles, it must "
        "first be replaced with an existing or a new payment method, then the old one "
        "deleted.", "delete-unused-only", "må den først erstattes"),
    "004:111": Sentence(
        "'Your browser is set to block cookies': configure the browser to allow third-party "
        "cookies and try again.", "blocked-cookies", "tillate tredjeparts informasjonskapsler"),
    "004:112": Sentence(
        "If your card payment is declined, you receive an e-mail; double-check the card "
        "details, including county, city and postal code, and submit the payment at once "
        "with Settle balance in the Billing section of the subscription.", "settle-balance",
        "Gjør opp saldo i avsnittet Fakturering"),
    "004:114": Sentence(
        "If you still see the 'declined' message, contact your bank: the card may not be "
        "active, or not approved for online, international or recurring transactions.",
        "issuer-refusals", "må du kontakte banken din"),
    "004:115": Sentence(
        "You cannot change the card or account number of an existing payment method; replace "
        "it with another payment method, which moves all active subscriptions to the new one, "
        "then delete the old one.", "replace-everywhere", "flytter alle aktive abonnementer"),
    "004:116": Sentence(
        "If you have only one payment method, you must replace it with a new payment method "
        "before you can delete it.", "delete-unused-only", "bare har én betalingsmåte"),
    "004:117.1": Sentence(
        "You must use a payment method issued in the same country as the tenant.",
        "same-country", "utstedt i samme land som leieren"),
    "004:117.2": Sentence(
        "If you have trouble entering your card or bank account information, contact "
        "support.", "contact-support", "kan du kontakte kundestøtte"),
}
