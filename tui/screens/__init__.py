"""Betal's screens, one per module. ``ROUTES`` names each screen for navigation."""

from __future__ import annotations

from tui.i18n import N_

# name -> (module, class, title msgid); modules are imported when first opened.
ROUTES: dict[str, tuple[str, str, str]] = {
    "home": ("tui.screens.home", "HomeScreen", N_("Home")),
    "products": ("tui.screens.products", "ProductsScreen", N_("Your products")),
    "payment-methods": ("tui.screens.payment_methods", "PaymentMethodsScreen",
                        N_("Payment methods")),
    "billing-profiles": ("tui.screens.billing_profiles", "BillingProfilesScreen",
                         N_("Billing profiles")),
    "invoices": ("tui.screens.invoices", "InvoicesScreen", N_("Invoices and payments")),
    "notices": ("tui.screens.notices", "NoticesScreen", N_("Notices")),
    "knowledge": ("tui.screens.knowledge", "KnowledgeScreen", N_("Knowledge base")),
    "clock": ("tui.screens.clock", "ClockScreen", N_("Clock")),
    "audit": ("tui.screens.audit", "AuditScreen", N_("Audit log")),
}

# Screens opened from another one, not from the palette.
HIDDEN_ROUTES: dict[str, tuple[str, str, str]] = {
    "article": ("tui.screens.article", "ArticleScreen", N_("Article")),
}
