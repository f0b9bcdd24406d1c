"""The changes an action made (or a preview would make), in words.

The engine reports each change as ``{"entity", "id", "op", "fields": {name: [before,
after]}}`` (what ``betal run`` prints as it is). Here each becomes a sentence a person
reads: which subscription, payment method or invoice, by its name, and what became of it,
with money and dates formatted for the language. Bookkeeping (ids, who did it, the bank
simulator's own record of a card) is left out; a change of a kind this module does not
know is still counted, so nothing that happened goes unmentioned.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from rich.text import Text

from tui import i18n
from tui.glossary import METHOD_KINDS, NOTICE_SUBJECTS, SUBSCRIPTION_STATUS
from tui.i18n import N_, _, ngettext, render
from tui.text import visible

# Entities that are not the account's own data: the issuing bank's record in the simulator.
NOT_THE_ACCOUNTS = {"issuer_record"}
FIELD_LABELS = {
    "holder_name": N_("name on card or account"), "address_line": N_("billing address"),
    "city": N_("city"), "region": N_("county or state"), "postal_code": N_("postal code"),
    "phone": N_("phone number"), "seats": N_("licenses"),
}

Names = Mapping[str, Any]  # id -> what a reader calls it (a Message or text)


def _name(names: Names, key: Any, fallback: str = "") -> str:
    found = names.get(str(key)) if key else None
    return visible(render(found)) if found is not None else fallback


def _moment(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _money(fields: Mapping[str, list], amount: str = "amount") -> str:
    from engine.domain.money import Money

    value, currency = fields.get(amount, [None, None])[1], fields.get("currency", [None, None])[1]
    return i18n.money(Money(int(value), currency)) if value is not None and currency else ""


def _after(fields: Mapping[str, list], name: str) -> Any:
    return fields.get(name, [None, None])[1]


def _attempt(change: dict, names: Names) -> str:
    fields = change["fields"]
    amount = _money(fields)
    product = _name(names, _after(fields, "subscription_id"))
    method = _name(names, _after(fields, "payment_method_id"), _("no payment method"))
    if _after(fields, "succeeded"):
        return _("A payment of {amount} for {product} with {method}: paid", amount=amount,
                 product=product, method=method)
    reason = _after(fields, "decline_reason")
    if reason:
        from engine.services.describe import decline_reason

        why = render(decline_reason(reason, _after(fields, "decline_detail") or ""))
        return _("A payment of {amount} for {product} with {method}: declined, {reason}",
                 amount=amount, product=product, method=method, reason=why)
    return _("A payment of {amount} for {product} with {method}: declined", amount=amount,
             product=product, method=method)


def _notice(change: dict, names: Names) -> str:
    fields = change["fields"]
    kind = _after(fields, "kind")
    recipients = [r for r in str(_after(fields, "recipients") or "").split(",") if r]
    subject = _(NOTICE_SUBJECTS[kind]) if kind in NOTICE_SUBJECTS else ""
    return ngettext("A notice “{subject}” to {count} admin",
                    "A notice “{subject}” to {count} admins", len(recipients), subject=subject)


def _invoice(change: dict, names: Names) -> str:
    fields = change["fields"]
    invoice = _name(names, change["id"], _("an invoice"))
    if _after(fields, "status") == "paid":
        paid = _moment(_after(fields, "paid_at"))
        return _("{invoice}: paid on {day}", invoice=invoice, day=i18n.day(paid)) if paid \
            else _("{invoice}: paid", invoice=invoice)
    if "next_attempt_at" in fields and _after(fields, "next_attempt_at") is None:
        return _("{invoice}: no more automatic attempts", invoice=invoice)
    return _("{invoice}: changed", invoice=invoice)


def _subscription(change: dict, names: Names) -> str:
    fields = change["fields"]
    product = _name(names, change["id"], _("a subscription"))
    parts = []
    if "payment_method_id" in fields:
        parts.append(_("now paid with {method}",
                       method=_name(names, _after(fields, "payment_method_id"),
                                    _("no payment method"))))
    if "status" in fields:
        before, after = fields["status"]
        if before == "past-due" and after == "active":
            parts.append(_("no longer past due"))
        else:
            parts.append(_(SUBSCRIPTION_STATUS.get(after, N_("status changed"))))
    if "seats" in fields:
        parts.append(_("licenses: {before} → {after}", before=fields["seats"][0],
                       after=fields["seats"][1]))
    if not parts:
        parts.append(_("changed"))
    return f"{product}: {', '.join(parts)}"


def _method_created(fields: Mapping[str, list]) -> str:
    kind = _after(fields, "kind")
    brand, last4 = _after(fields, "brand"), _after(fields, "last4") or ""
    if kind == "bank-account":
        return _("bank account ending in {last4}", last4=last4)
    if brand:
        return _("{brand} ending in {last4}", brand=visible(brand), last4=last4)
    return _("card ending in {last4}", last4=last4)


def _expiry(fields: Mapping[str, list], index: int) -> str:
    month = fields.get("exp_month", [None, None])[index]
    year = fields.get("exp_year", [None, None])[index]
    return f"{int(month):02d}/{year}" if month and year else "–"


def _payment_method(change: dict, names: Names) -> str:
    fields = change["fields"]
    if change["op"] == "create":
        method = _method_created(fields)
        kind = _after(fields, "kind")
        return _("New payment method: {method} ({kind})", method=method,
                 kind=_(METHOD_KINDS[kind]).lower() if kind in METHOD_KINDS else "")
    method = _name(names, change["id"], _("a payment method"))
    if _after(fields, "deleted_at"):
        return _("{method}: deleted", method=method)
    parts = []
    if "exp_month" in fields or "exp_year" in fields:
        parts.append(_("expiry date {before} → {after}", before=_expiry(fields, 0),
                       after=_expiry(fields, 1)))
    for name, (before, after) in fields.items():
        if name in FIELD_LABELS:
            parts.append(f"{_(FIELD_LABELS[name])} «{visible(before or '–')}» → "
                         f"«{visible(after or '–')}»")
    return f"{method}: {'; '.join(parts) or _('changed')}"


def _billing_profile(change: dict, names: Names) -> str:
    fields = change["fields"]
    profile = _name(names, change["id"], _("a billing profile"))
    if "payment_method_id" in fields:
        return _("Billing profile {profile}: now paid with {method}", profile=profile,
                 method=_name(names, _after(fields, "payment_method_id"),
                              _("no payment method")))
    return _("Billing profile {profile}: changed", profile=profile)


DESCRIBE: dict[str, Callable[[dict, Names], str]] = {
    "charge_attempt": _attempt, "notice": _notice, "invoice": _invoice,
    "subscription": _subscription, "payment_method": _payment_method,
    "billing_profile": _billing_profile,
}


def describe(changes: list[dict], names: Names) -> list[Text]:
    """One line per change, in the order the engine made them."""
    lines, others = [], 0
    for change in changes:
        if change.get("entity") in NOT_THE_ACCOUNTS:
            continue
        describe_one = DESCRIBE.get(change.get("entity", ""))
        if describe_one is None:
            others += 1
            continue
        lines.append(Text("  • " + describe_one(change, names)))
    if others:
        lines.append(Text("  • " + ngettext("{count} other record", "{count} other records",
                                            others)))
    return lines
