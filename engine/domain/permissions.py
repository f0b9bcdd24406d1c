"""Who may do what: the permission matrix in one table.

An action needs one :class:`Permission`. Outside a billing profile the admin's role decides
(rule ``admin-roles``); for a subscription under a billing profile, the admin's role on that
profile decides (rule ``billing-profile-roles``). On top of that, outside a billing profile a
card may be used or changed only by the admin who added it, while bank accounts are shared
(rule ``card-ownership``).
"""

from __future__ import annotations

from enum import StrEnum

from engine.domain.model import Admin, AdminRole, PaymentMethod, ProfileRole
from engine.errors import N_, RuleRefusal
from engine.i18n import Message


class Permission(StrEnum):
    VIEW = "view"
    MANAGE_PAYMENT_METHODS = "manage-payment-methods"
    PAY = "pay"
    BUY = "buy"


ALL = frozenset(Permission)

# (scope, role) -> permissions granted. Scope "tenant" is the account without a billing
# profile; scope "profile" is a subscription or profile under a billing profile.
MATRIX: dict[tuple[str, str], frozenset[Permission]] = {
    ("tenant", AdminRole.GLOBAL): ALL,
    ("tenant", AdminRole.BILLING): ALL,
    ("tenant", AdminRole.HELPDESK): frozenset({Permission.VIEW}),
    ("tenant", AdminRole.USER): frozenset(),
    ("profile", ProfileRole.OWNER): frozenset({Permission.VIEW, Permission.PAY, Permission.BUY}),
    ("profile", ProfileRole.CONTRIBUTOR): frozenset(
        {Permission.VIEW, Permission.PAY, Permission.BUY}),
    ("profile", ProfileRole.READER): frozenset({Permission.VIEW}),
    ("profile", ProfileRole.INVOICE_MANAGER): frozenset({Permission.VIEW, Permission.PAY}),
}

# Outside a billing profile, these permissions touch a card only when the admin added it.
CARD_OWNER_ONLY = frozenset({Permission.MANAGE_PAYMENT_METHODS, Permission.PAY, Permission.BUY})


def granted(scope: str, role: str | None, permission: Permission) -> bool:
    return role is not None and permission in MATRIX.get((scope, role), frozenset())


def require(admin: Admin, permission: Permission) -> None:
    """Refuse unless the admin's role grants ``permission`` on the account."""
    if granted("tenant", admin.role, permission):
        return
    raise RuleRefusal(
        "admin-roles",
        N_("{admin} is a {role}. Only Global admins and Billing admins can manage payment "
           "methods and pay for subscriptions."),
        admin=admin.name, role=role_label(admin.role),
    )


def require_on_profile(
    admin: Admin, role: ProfileRole | None, permission: Permission, profile: str
) -> None:
    """Refuse unless the admin's role on billing profile ``profile`` grants ``permission``."""
    if granted("profile", role, permission):
        return
    if role is None:
        raise RuleRefusal(
            "billing-profile-roles",
            N_("{admin} has no role on the billing profile '{profile}'. Owners and "
               "contributors can buy and pay with it; invoice managers can pay invoices."),
            admin=admin.name, profile=profile,
        )
    raise RuleRefusal(
        "billing-profile-roles",
        N_("On the billing profile '{profile}', {admin} has the role {role}, which does not "
           "allow this. Owners and contributors can buy and pay; invoice managers can only pay "
           "invoices."),
        admin=admin.name, role=role_label(role), profile=profile,
    )


def require_card_owner(admin: Admin, method: PaymentMethod, permission: Permission) -> None:
    """Outside a billing profile, a card is used or changed only by the admin who added it."""
    if not method.is_card or permission not in CARD_OWNER_ONLY or method.added_by == admin.id:
        return
    raise RuleRefusal(
        "card-ownership",
        N_("The card ending in {last4} was added by another admin, so only they can use or "
           "change it. Pick a card you added, a bank account, or add a new card."),
        last4=method.last4,
    )


# A payment method's personal details: the holder's name, billing address and phone. They
# are also what an admin may edit besides the expiry (rule number-immutable).
PERSONAL_DETAILS = ("holder_name", "address_line", "city", "region", "postal_code", "phone")


def sees_personal_details(admin: Admin, method: PaymentMethod) -> bool:
    """Whether ``admin`` may see the holder's name, billing address and phone of ``method``.

    Those who manage payment methods (rule ``admin-roles``) and the admin who added the
    card see them; everyone else sees what their role needs: the kind, brand, last four
    digits, expiry and what the method pays for.
    """
    return admin.manages_billing or method.added_by == admin.id


_ROLE_LABELS = {
    AdminRole.GLOBAL: N_("Global admin"),
    AdminRole.BILLING: N_("Billing admin"),
    AdminRole.HELPDESK: N_("Helpdesk admin"),
    AdminRole.USER: N_("user without an admin role"),
    ProfileRole.OWNER: N_("owner"),
    ProfileRole.CONTRIBUTOR: N_("contributor"),
    ProfileRole.READER: N_("reader"),
    ProfileRole.INVOICE_MANAGER: N_("invoice manager"),
}


def role_label(role: str) -> Message:
    """The role's name as a message, rendered in the reader's language."""
    return Message(_ROLE_LABELS[role])
