"""Who may do what, checked for every combination of admin role, billing-profile role,
permission, scope and card ownership (rules admin-roles, billing-profile-roles and
card-ownership)."""

from __future__ import annotations

import itertools

import pytest

from engine.domain.model import AdminRole, ProfileRole
from engine.domain.permissions import Permission
from engine.errors import RuleRefusal
from engine.services import accounts
from engine.services.context import Context
from tests.engine.world import World

# The seeds, as a table: what each role may do on the account and on a billing profile.
ACCOUNT = {
    AdminRole.GLOBAL: {"view", "manage-payment-methods", "pay", "buy"},
    AdminRole.BILLING: {"view", "manage-payment-methods", "pay", "buy"},
    AdminRole.HELPDESK: {"view"},
    AdminRole.USER: {"view"},
}
PROFILE = {
    ProfileRole.OWNER: {"view", "pay", "buy"},
    ProfileRole.CONTRIBUTOR: {"view", "pay", "buy"},
    ProfileRole.INVOICE_MANAGER: {"view", "pay"},
    ProfileRole.READER: {"view"},
    None: {"view"},
}
OWNERSHIP = ["no-method", "own-card", "other-card", "bank-account"]


def expected(admin_role, profile_role, permission, under_profile, ownership) -> str:
    """"allowed" or the code of the rule that refuses."""
    if permission == "view":
        return "allowed"
    if under_profile and permission != "manage-payment-methods":
        return "allowed" if permission in PROFILE[profile_role] else "billing-profile-roles"
    if permission not in ACCOUNT[admin_role]:
        return "admin-roles"
    return "card-ownership" if ownership == "other-card" else "allowed"


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    from engine.store.database import open_database

    database = open_database(f"sqlite:///{tmp_path_factory.mktemp('matrix') / 'm.db'}")
    world = World(database)
    card = world.add_card("global")
    bank = world.add_bank_account("global")
    profile_id = world.profile(card)
    plain = world.subscribe(card)
    under = world.subscribe(None, profile_id=profile_id)
    admins = {}
    with database.unit_of_work() as uow:
        profile = uow.billing_profiles.get(profile_id)
        for admin_role, profile_role in itertools.product(ACCOUNT, PROFILE):
            admin = accounts.add_admin(uow, world.tenant, name=f"{admin_role}/{profile_role}",
                                       email=f"{admin_role}.{profile_role}@m.example",
                                       role=admin_role)
            if profile_role:
                accounts.add_profile_member(uow, profile, admin, profile_role)
            admins[admin_role, profile_role] = admin
        uow.commit()
    yield world, admins, {"card": card, "bank": bank, "plain": plain, "under": under}
    database.dispose()


@pytest.mark.rule("admin-roles")
@pytest.mark.rule("billing-profile-roles")
@pytest.mark.rule("card-ownership")
@pytest.mark.parametrize("admin_role,profile_role", list(itertools.product(ACCOUNT, PROFILE)))
def test_every_combination_matches_the_table(setup, admin_role, profile_role):
    world, admins, ids = setup
    admin = admins[admin_role, profile_role]
    with world.database.unit_of_work(write=False) as uow:
        methods = uow.payment_methods
        card, bank = methods.get(ids["card"]), methods.get(ids["bank"])
        own = type(card)(**{**card.__dict__, "added_by": admin.id})
        other = type(card)(**{**card.__dict__, "added_by": "ad_someone_else"})
        method_for = {"no-method": None, "own-card": own, "other-card": other,
                      "bank-account": bank}
        ctx = Context(uow, world.tenant, admin, uow.now(), world.config)
        checked = 0
        for permission, under_profile, ownership in itertools.product(
                [p.value for p in Permission], [False, True], OWNERSHIP):
            subscription = uow.subscriptions.get(ids["under" if under_profile else "plain"])
            want = expected(admin_role, profile_role, permission, under_profile, ownership)
            try:
                ctx.require(Permission(permission), subscription=subscription,
                            method=method_for[ownership])
                got = "allowed"
            except RuleRefusal as refusal:
                got = refusal.code
            assert got == want, (admin_role, profile_role, permission, under_profile,
                                 ownership)
            checked += 1
        assert checked == len(Permission) * 2 * len(OWNERSHIP)


@pytest.mark.parametrize(("role", "own", "sees"), [
    (AdminRole.GLOBAL, False, True), (AdminRole.BILLING, False, True),
    (AdminRole.HELPDESK, False, False), (AdminRole.USER, False, False),
    (AdminRole.USER, True, True),
])
def test_personal_details_are_seen_by_payment_method_managers_and_the_owner(role, own, sees):
    from datetime import datetime

    from engine.domain.model import Admin, MethodKind, PaymentMethod
    from engine.domain.permissions import sees_personal_details

    admin = Admin(id="ad_viewer", tenant_id="tn_1", name="V", email="v@x", role=role)
    method = PaymentMethod(id="pm_1", tenant_id="tn_1", kind=MethodKind.CREDIT_CARD,
                           added_by="ad_viewer" if own else "ad_other", country="NO",
                           last4="4242", token="t", holder_name="Kari",
                           created_at=datetime(2026, 1, 1))
    assert sees_personal_details(admin, method) is sees
