"""The services' rules on an in-memory unit of work: no database, the same answers."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import config as engine_config
from engine.domain.model import Admin, AdminRole
from engine.errors import RuleRefusal
from engine.services import billing, subscriptions
from engine.services import payment_methods as pm
from engine.services.accounts import create_billing_profile, create_subscription
from engine.services.context import Context
from tests.engine.fakes import FakeUnitOfWork, tenant

NOW = datetime(2026, 3, 2, 9)


@pytest.fixture
def uow():
    return FakeUnitOfWork(NOW)


def ctx(uow, admin_id="ad_global", role=AdminRole.GLOBAL) -> Context:
    account = uow.tenants.get("tn_fake") or tenant(uow)
    admin = uow.admins.get(admin_id) or uow.admins.add(
        Admin(id=admin_id, tenant_id=account.id, name=admin_id, email=f"{admin_id}@x",
              role=role))
    return Context(uow, account, admin, NOW, engine_config.load())


def card(uow, admin_id="ad_global", number="4242424242424242") -> str:
    return pm.add_payment_method(ctx(uow, admin_id), kind="credit-card", number=number,
                                 expiry="12/2030", holder_name="Kari").data["payment_method"]


@pytest.mark.rule("delete-unused-only")
def test_only_use_blocks_deletion(uow):
    only = card(uow)
    pm.delete_payment_method(ctx(uow), only)
    assert uow.payment_methods.get(only).deleted_at == NOW
    used = card(uow, number="5555555555554444")
    create_subscription(uow, ctx(uow).config, ctx(uow).tenant, product="Business Basic",
                        seats=1, first_invoice=NOW, now=NOW, payment_method_id=used)
    with pytest.raises(RuleRefusal) as refused:
        pm.delete_payment_method(ctx(uow), used)
    assert refused.value.code == "delete-unused-only"


@pytest.mark.rule("card-ownership")
def test_another_admins_card_cannot_be_bought_with(uow):
    theirs = card(uow, "ad_billing")
    with pytest.raises(RuleRefusal) as refused:
        subscriptions.buy(ctx(uow), "Business Basic", "2", payment_method=theirs)
    assert refused.value.code == "card-ownership"
    assert uow.subscriptions.where() == []


@pytest.mark.rule("billing-profile-roles")
def test_a_subscription_under_a_profile_keeps_being_paid_by_it(uow):
    profile = create_billing_profile(uow, ctx(uow).tenant, name="P",
                                     payment_method_id=card(uow))
    subscription = create_subscription(uow, ctx(uow).config, ctx(uow).tenant,
                                       product="Business Basic", seats=1, first_invoice=NOW,
                                       now=NOW, billing_profile_id=profile.id)
    other = card(uow, number="5555555555554444")
    for attempt in (lambda: pm.change_subscription_method(ctx(uow), subscription.id, other),
                    lambda: billing.settle_balance(ctx(uow), subscription.id, other)):
        with pytest.raises(RuleRefusal) as refused:
            attempt()
        assert refused.value.code == "billing-profile-roles"


@pytest.mark.rule("settle-balance")
def test_settle_with_nothing_outstanding_writes_nothing(uow):
    method = card(uow)
    subscription = create_subscription(uow, ctx(uow).config, ctx(uow).tenant,
                                       product="Business Basic", seats=1, first_invoice=NOW,
                                       now=NOW, payment_method_id=method)
    other = card(uow, number="4012888888881881")
    before = len(uow.changes)
    outcome = billing.settle_balance(ctx(uow), subscription.id, other)
    assert outcome.ok and len(uow.changes) == before
    assert uow.subscriptions.get(subscription.id).payment_method_id == method
