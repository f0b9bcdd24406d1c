"""How a subscription, payment method, billing profile or invoice is named in a picker or a
dialog: enough to tell it from the others (a product with its licences, price and payment
method; a card with its kind and expiry), as plain text that shows what was stored."""

from __future__ import annotations

from rich.text import Text

from tui import i18n
from tui.glossary import METHOD_KINDS, PAYS_BY, SUBSCRIPTION_STATUS
from tui.i18n import _, ngettext, render
from tui.text import plain

SEPARATOR = " · "
# Statuses a picker names beside a subscription (an active one says nothing).
STATUS_SHOWN = ("past-due", "expired", "disabled", "deleted")


def paying(row) -> str:
    """How a subscription is paid: its payment method, or its billing profile."""
    if row.billing_profile:
        return _("through billing profile {name}", name=row.billing_profile)
    return render(row.method) if row.method else _("no payment method")


def paid_through(profile: str, pays_by: str | None, method) -> Text:
    """What pays for a subscription under the billing profile named ``profile``, which pays
    by ``pays_by`` (card or invoice) with ``method`` (rule billing-profile-roles)."""
    if pays_by == "invoice":
        return plain(_("paid through billing profile {name}, by invoice", name=profile))
    return plain(_("paid through billing profile {name}: {method}", name=profile,
                   method=render(method) if method else _("no payment method")))


def subscription(row) -> Text:
    parts = [row.product,
             ngettext("{count} license", "{count} licenses", row.seats),
             _("{amount} per month", amount=i18n.money(row.period_amount)), paying(row)]
    text = plain(SEPARATOR.join(parts))
    if row.status in STATUS_SHOWN:
        text.append(SEPARATOR + _(SUBSCRIPTION_STATUS[row.status]).lower(), style="bold red")
    return text


def method(row) -> Text:
    parts = [render(row.label), _(METHOD_KINDS.get(row.kind, "")) if row.kind in METHOD_KINDS
             else ""]
    if row.expiry:
        parts.append(_("expires {date}", date=row.expiry))
    if row.personal and row.holder_name:
        parts.append(row.holder_name)
    text = plain(SEPARATOR.join(p for p in parts if p))
    if row.expired:
        text.append(SEPARATOR + _("expired"), style="bold red")
    return text


def profile(row) -> Text:
    how = _(PAYS_BY[row.pays_by]) if row.pays_by in PAYS_BY else ""
    return plain(SEPARATOR.join(p for p in (row.name, how) if p))


def invoice(row) -> Text:
    return plain(_("Invoice of {day} for {product}: {amount}", day=i18n.day(row.issued_at),
                   product=row.product, amount=i18n.money(row.total)))
