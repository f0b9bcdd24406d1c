"""The service function behind each action, by action id.

Declarations (:mod:`engine.actions.registry`) are plain data; this module binds them to the
services, so only the runner loads the services and the store. Each handler takes the
:class:`~engine.services.context.Context` and the action's checked parameters by name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from engine.services import billing, diagnostics, subscriptions
from engine.services import payment_methods as methods

HANDLERS: dict[str, Callable[..., Any]] = {
    "payment-method.add": methods.add_payment_method,
    "payment-method.update":
        lambda ctx, payment_method, **fields: methods.update_payment_method(
            ctx, payment_method, **fields),
    "payment-method.replace":
        lambda ctx, payment_method, replacement: methods.replace_payment_method(
            ctx, payment_method, replacement),
    "payment-method.delete":
        lambda ctx, payment_method: methods.delete_payment_method(ctx, payment_method),
    "payment-method.check": diagnostics.check_payment_method,
    "subscription.change-payment-method":
        lambda ctx, subscription, payment_method: methods.change_subscription_method(
            ctx, subscription, payment_method),
    "balance.settle":
        lambda ctx, subscription, payment_method=None, **details: billing.settle_balance(
            ctx, subscription, payment_method, **details),
    "subscription.buy": subscriptions.buy,
    "payment.diagnose":
        lambda ctx, subscription, invoice=None: diagnostics.diagnose_payment(
            ctx, subscription, invoice),
    "retries.show": lambda ctx, subscription: diagnostics.show_retries(ctx, subscription),
    "past-due.status": lambda ctx, subscription: diagnostics.past_due_status(ctx, subscription),
    "support.contact":
        lambda ctx, subscription=None: diagnostics.contact_support(ctx, subscription),
    "browser.cookies": lambda ctx: diagnostics.browser_cookies(ctx),
}
