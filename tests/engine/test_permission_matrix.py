"""Who may do what, checked for every combination of admin role, billing-profile role,
permission, scope and card ownership (rules admin-roles, billing-profile-roles and
card-ownership)."""

from __future__ import annotations

import contextlib
import io
import itertools
import json

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


# Viewing: what `betal run` shows each role of a card's holder, address and phone ---------

PERSONAL = {"holder_name": "Zebulon Quist", "address_line": "Quistveien 77",
            "city": "Quistby", "region": "Quistfylke", "postal_code": "7777",
            "phone": "+47 777 77 777"}


def _requests(ids: dict[str, str]) -> list[tuple[str, dict[str, str], bool]]:
    """Every action, with parameters that point at the card: (action, params, preview)."""
    card, sub = ids["personal_card"], ids["personal_sub"]
    return [
        ("payment.diagnose", {"subscription": sub}, False),
        ("retries.show", {"subscription": sub}, False),
        ("past-due.status", {"subscription": sub}, False),
        ("support.contact", {"subscription": sub}, False),
        ("payment-method.check", {"payment_method": card}, False),
        ("payment-method.check", {"payment_method": card, "subscription": sub}, False),
        ("browser.cookies", {}, False),
        ("payment-method.update", {"payment_method": card, "city": "Nyby"}, True),
        ("payment-method.replace", {"payment_method": card, "replacement": ids["bank"]}, True),
        ("payment-method.delete", {"payment_method": card}, True),
        ("subscription.change-payment-method", {"subscription": sub,
                                                "payment_method": ids["bank"]}, True),
        ("balance.settle", {"subscription": sub}, True),
    ]


@pytest.fixture(scope="module")
def personal(setup):
    world, admins, ids = setup
    card = world.add_card("global", number="4000000000000168", **PERSONAL)
    subscription = world.subscribe(card)
    world.advance(days=1)  # the bank holds another postal code: declined, with a notice
    return world, admins, ids | {"personal_card": card, "personal_sub": subscription}


@pytest.mark.parametrize("admin_role,profile_role", list(itertools.product(ACCOUNT, PROFILE)))
def test_betal_run_shows_personal_details_only_to_those_who_may_see_them(personal, admin_role,
                                                                        profile_role):
    from engine.actions.runner import execute
    from engine.cli import Output, print_result
    from engine.domain.permissions import sees_personal_details

    world, admins, ids = personal
    admin = admins[admin_role, profile_role]
    method = world.get("payment_methods", ids["personal_card"])
    may_see = sees_personal_details(admin, method)
    assert may_see is (admin_role in (AdminRole.GLOBAL, AdminRole.BILLING))
    for action, params, preview in _requests(ids):
        for locale in ("nb-NO", "en"):
            result = execute(world.database, action, params, admin=admin.id, preview=preview,
                             locale=locale)
            shown = json.dumps(result.to_dict(), ensure_ascii=False)
            with contextlib.redirect_stdout(io.StringIO()) as out, \
                    contextlib.redirect_stderr(io.StringIO()) as err:
                print_result(result, Output(locale))
            shown += out.getvalue() + err.getvalue()
            if not may_see:
                for name, value in PERSONAL.items():
                    assert value not in shown, (action, name, shown)


def test_a_manager_sees_the_details_an_edit_changes(personal):
    """The other side of the test above: the details do show where they may."""
    from engine.actions.runner import execute

    world, _, ids = personal
    result = execute(world.database, "payment-method.update",
                     {"payment_method": ids["personal_card"], "city": "Nyby"},
                     admin=world.admins["global"].id, preview=True, locale="en")
    assert result.ok
    assert "Visa ending in 0168: new city “Nyby” (was “Quistby”)" in result.changes[0]["lines"]


def test_changes_to_a_method_hide_its_details_from_an_admin_who_may_not_see_them(personal):
    from engine.actions.change_text import HIDDEN, shown_changes
    from engine.store.repository import Change

    world, admins, ids = personal
    card = ids["personal_card"]
    viewer = admins[AdminRole.HELPDESK, None]
    with world.database.unit_of_work(write=False) as uow:
        changes = [Change("payment_method", card, "update",
                          {"city": ["Quistby", "Nyby"], "phone": ["+47 777 77 777", ""]})]
        shown = shown_changes(uow, viewer, changes, "en", "Europe/Oslo")
        manager = shown_changes(uow, world.admins["global"], changes, "en", "Europe/Oslo")
    assert len(shown) == 1
    assert shown[0]["fields"] == {"city": [HIDDEN, HIDDEN], "phone": [HIDDEN, HIDDEN]}
    assert shown[0]["lines"] == ["Visa ending in 0168: new city",
                                 "Visa ending in 0168: new phone number"]
    assert manager[0]["lines"] == ["Visa ending in 0168: new city “Nyby” (was “Quistby”)",
                                   "Visa ending in 0168: phone number removed"]
