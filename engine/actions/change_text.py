"""What an action changed (or, in a preview, would change), as the admin who asked sees it.

The unit of work records every write as a :class:`~engine.store.repository.Change`. Before
they are shown, :func:`shown_changes` leaves out what is not the account's (the issuer
simulator's record of a card), hides the holder's name, billing address and phone of a
payment method from an admin who may not see them (``sees_personal_details``), and puts
each change in words: "Business Basic: paid with Mastercard ending in 4444 instead of Visa
ending in 4242", not "update subscription payment_method_id: pm_… → pm_…". The lines read
the same under "Would change" and "Changed", so a preview never claims what did not happen.
"""

from __future__ import annotations

from typing import Any

from engine.domain.method_rules import method_label
from engine.domain.model import Admin, DeclineReason, NoticeKind, SubscriptionStatus
from engine.domain.money import Money
from engine.domain.permissions import PERSONAL_DETAILS, sees_personal_details
from engine.errors import N_
from engine.i18n import Message
from engine.services.describe import decline_reason
from engine.store.repository import Change

HIDDEN = "[hidden]"

FIELDS = {
    "holder_name": N_("name on the card or account"),
    "address_line": N_("billing address"),
    "city": N_("city"),
    "region": N_("county or state"),
    "postal_code": N_("postal code"),
    "phone": N_("phone number"),
}
NOTICES = {
    NoticeKind.PAYMENT_RECEIVED: N_("payment received"),
    NoticeKind.PAYMENT_DECLINED: N_("payment declined"),
    NoticeKind.RETRIES_EXHAUSTED: N_("no more automatic attempts"),
    NoticeKind.INVOICE_OVERDUE: N_("invoice overdue"),
}
ENTITIES = {
    "tenant": N_("tenant"), "admin": N_("admin"), "payment_method": N_("payment method"),
    "billing_profile": N_("billing profile"), "profile_member": N_("billing profile role"),
    "subscription": N_("subscription"), "invoice": N_("invoice"),
    "charge_attempt": N_("charge"), "notice": N_("notice"), "audit_event": N_("audit event"),
    "clock": N_("simulated clock"),
}
_OPERATIONS = {"create": N_("{entity} {id}: added"), "update": N_("{entity} {id}: changed"),
               "delete": N_("{entity} {id}: removed")}


def shown_changes(uow, actor: Admin, changes: list[Change], locale: str,
                  zone: str) -> list[dict[str, Any]]:
    """The changes ``actor`` is shown, each as its record (``entity``, ``id``, ``op``,
    ``fields``) and its ``lines`` in ``locale``."""
    shown = []
    for change in changes:
        record = change.to_dict()
        visible = True
        if change.entity == "payment_method":
            method = uow.payment_methods.get(change.id)
            visible = method is None or sees_personal_details(actor, method)
            if not visible:
                for name in PERSONAL_DETAILS:
                    if name in record["fields"]:
                        record["fields"][name] = [HIDDEN, HIDDEN]
        record["lines"] = [message.render(locale, zone)
                           for message in describe(uow, change, visible=visible)]
        shown.append(record)
    return shown


def describe(uow, change: Change, *, visible: bool = True) -> list[Message]:
    """``change`` in words: one line or a few (one per field an admin would name)."""
    before = {name: values[0] for name, values in change.fields.items()}
    after = {name: values[1] for name, values in change.fields.items()}
    describer = _DESCRIBERS.get(change.entity)
    lines = describer(uow, change, before, after, visible) if describer else []
    if lines:
        return lines
    entity = Message(ENTITIES.get(change.entity, change.entity))
    return [Message(_OPERATIONS[change.op], entity=entity, id=change.id)]


def _method(uow, method_id: str | None) -> Message | None:
    method = uow.payment_methods.get(method_id) if method_id else None
    return method_label(method) if method else None


def _payment_method(uow, change, before, after, visible) -> list[Message]:
    label = _method(uow, change.id)
    if label is None:
        return []
    if change.op == "create":
        return [Message(N_("{method}: added"), method=label)]
    if after.get("deleted_at"):
        return [Message(N_("{method}: deleted"), method=label)]
    lines = []
    if "exp_month" in after or "exp_year" in after:
        method = uow.payment_methods.get(change.id)
        old = (before.get("exp_month", method.exp_month), before.get("exp_year", method.exp_year))
        lines.append(Message(N_("{method}: new expiry date {after} (was {before})"),
                             method=label, after=method.expiry,
                             before=f"{old[0]:02d}/{old[1]}" if old[0] else "-"))
    for name in PERSONAL_DETAILS:
        if name not in after:
            continue
        field = Message(FIELDS[name])
        if not visible:
            lines.append(Message(N_("{method}: new {field}"), method=label, field=field))
        elif not after[name]:
            lines.append(Message(N_("{method}: {field} removed"), method=label, field=field))
        elif not before.get(name):
            lines.append(Message(N_("{method}: new {field} “{after}”"), method=label,
                                 field=field, after=after[name]))
        else:
            lines.append(Message(N_("{method}: new {field} “{after}” (was “{before}”)"),
                                 method=label, field=field, after=after[name],
                                 before=before[name]))
    return lines


def _paid_with(subject: str | Message, new: Message | None, old: Message | None) -> Message:
    if new is None:
        return Message(N_("{subject}: no payment method"), subject=subject)
    if old is None:
        return Message(N_("{subject}: paid with {new}"), subject=subject, new=new)
    return Message(N_("{subject}: paid with {new} instead of {old}"), subject=subject,
                   new=new, old=old)


def _subscription(uow, change, before, after, visible) -> list[Message]:
    subscription = uow.subscriptions.get(change.id)
    if subscription is None:
        return []
    product = subscription.product
    if change.op == "create":
        return [Message(N_("{product}: new subscription"), product=product)]
    lines = []
    if "payment_method_id" in after:
        lines.append(_paid_with(product, _method(uow, after["payment_method_id"]),
                                _method(uow, before.get("payment_method_id"))))
    if "status" in after:
        lines.append(Message(N_("{product}: no longer past due"), product=product)
                     if after["status"] == SubscriptionStatus.ACTIVE else
                     Message(N_("{product}: past due"), product=product))
    return lines


def _billing_profile(uow, change, before, after, visible) -> list[Message]:
    profile = uow.billing_profiles.get(change.id)
    if profile is None or "payment_method_id" not in after:
        return []
    subject = Message(N_("Billing profile {name}"), name=profile.name)
    return [_paid_with(subject, _method(uow, after["payment_method_id"]),
                       _method(uow, before.get("payment_method_id")))]


def _invoice(uow, change, before, after, visible) -> list[Message]:
    invoice = uow.invoices.get(change.id)
    if invoice is None:
        return []
    if change.op == "create":
        return [Message(N_("Invoice {id}: issued for {amount}"), id=invoice.id,
                        amount=invoice.total)]
    if after.get("status") == "paid":
        return [Message(N_("Invoice {id} of {amount}: paid"), id=invoice.id,
                        amount=invoice.total)]
    return []


def _charge_attempt(uow, change, before, after, visible) -> list[Message]:
    if change.op != "create":
        return []
    amount = Money(after["amount"], after["currency"])
    method = _method(uow, after.get("payment_method_id"))
    if after.get("succeeded"):
        return [Message(N_("Charge of {amount} to {method}: approved by the bank"),
                        amount=amount, method=method)]
    reason = decline_reason(DeclineReason(after["decline_reason"]),
                            after.get("decline_detail") or "")
    if method is None:
        return [Message(N_("Charge of {amount}: not possible ({reason})"), amount=amount,
                        reason=reason)]
    return [Message(N_("Charge of {amount} to {method}: declined by the bank ({reason})"),
                    amount=amount, method=method, reason=reason)]


def _notice(uow, change, before, after, visible) -> list[Message]:
    if change.op != "create" or after.get("kind") not in NOTICES:
        return []
    return [Message(N_("Notice to the admins: {kind}"),
                    kind=Message(NOTICES[NoticeKind(after["kind"])]))]


_DESCRIBERS = {
    "payment_method": _payment_method,
    "subscription": _subscription,
    "billing_profile": _billing_profile,
    "invoice": _invoice,
    "charge_attempt": _charge_attempt,
    "notice": _notice,
}
