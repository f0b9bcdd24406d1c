"""How a subscription, payment method, billing profile or invoice is named in a picker or a
dialog: enough to tell it from the others (a product with its licences, price and payment
method; a card with its kind and expiry), as plain text that shows what was stored."""

from __future__ import annotations

from rich.text import Text

from tui import i18n
from tui.glossary import METHOD_KINDS, PAYS_BY
from tui.i18n import _, ngettext, render
from tui.text import plain

SEPARATOR = " · "


def subscription(row) -> Text:
    parts = [row.product,
             ngettext("{count} license", "{count} licenses", row.seats),
             _("{amount} per month", amount=i18n.money(row.period_amount)),
             render(row.method) if row.method else _("no payment method")]
    if row.billing_profile:
        parts.append(_("billing profile {name}", name=row.billing_profile))
    text = plain(SEPARATOR.join(parts))
    if row.past_due:
        text.append(SEPARATOR + _("past due"), style="bold red")
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


def names(form) -> dict[str, object]:
    """Every entity of an action's form by id, as a sentence names it."""
    found: dict[str, object] = {}
    found.update({m.id: m.label for m in form.methods})
    found.update({s.id: s.product for s in form.subscriptions})
    found.update({p.id: p.name for p in form.profiles})
    found.update({i.id: _("the invoice of {day} for {product}", day=i18n.day(i.issued_at),
                          product=i.product) for i in form.invoices})
    return found
