"""Properties over random sequences of actions and clock advances.

Whatever admins do and however time moves: money is conserved, nothing points at a
deleted payment method, and a refused action changes nothing.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from engine.actions.runner import execute
from engine.store import schema
from engine.store.database import open_database
from tests.conftest import BACKENDS, empty_postgres
from tests.engine.world import START, World

ADMINS = ["global", "billing", "billing2", "helpdesk", "owner", "contributor", "invoices"]
NUMBERS = ["4242424242424242", "5555555555554444", "4000000000000119", "4000000000000150",
           "4000000000000168", "4000000000000176", "4242424242424241", "4012888888881881"]
EXPIRIES = ["12/2030", "05/2026", "01/2020", "13/2030"]

index = st.integers(min_value=0, max_value=20)
admin = st.sampled_from(ADMINS)
operations = st.one_of(
    st.tuples(st.just("payment-method.add"), admin, st.sampled_from(NUMBERS),
              st.sampled_from(EXPIRIES)),
    st.tuples(st.just("payment-method.update"), admin, index,
              st.sampled_from(["expiry=11/2031", "postal_code=9999", "number=4242424242424242",
                               "holder_name=Kari", "expiry=01/2019"])),
    st.tuples(st.just("payment-method.replace"), admin, index, index),
    st.tuples(st.just("payment-method.delete"), admin, index),
    st.tuples(st.just("subscription.change-payment-method"), admin, index, index),
    st.tuples(st.just("balance.settle"), admin, index, st.one_of(st.none(), index),
              st.sampled_from([None, "expiry=11/2031", "postal_code=9999"])),
    st.tuples(st.just("subscription.buy"), admin, st.sampled_from(["1", "7", "0"]),
              st.one_of(st.none(), index)),
    st.tuples(st.just("advance"), st.integers(min_value=1, max_value=40)),
)


def snapshot(database) -> str:
    """A digest of every row except the audit log and idempotency records."""
    digest = hashlib.sha256()
    with database.engine.connect() as connection:
        for table in schema.metadata.sorted_tables:
            if table.name in ("audit_events", "idempotency_keys"):
                continue
            for row in connection.execute(select(table).order_by(*table.primary_key.columns)):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


def pick(items: list[str], position: int) -> str | None:
    return items[position % len(items)] if items else None


def run_operation(world: World, operation: tuple) -> None:
    kind = operation[0]
    if kind == "advance":
        world.advance(days=operation[1])
        return
    methods = [m.id for m in world.all("payment_methods") if m.deleted_at is None]
    subscriptions = [s.id for s in world.all("subscriptions")]
    who = world.admins[operation[1]].id
    if kind == "payment-method.add":
        params = {"kind": "credit-card", "number": operation[2], "expiry": operation[3],
                  "holder_name": "Kari", "city": "Oslo", "postal_code": "0155"}
    elif kind == "payment-method.update":
        name, value = operation[3].split("=")
        params = {"payment_method": pick(methods, operation[2]), name: value}
    elif kind == "payment-method.replace":
        params = {"payment_method": pick(methods, operation[2]),
                  "replacement": pick(methods, operation[3])}
    elif kind == "payment-method.delete":
        params = {"payment_method": pick(methods, operation[2])}
    elif kind == "subscription.change-payment-method":
        params = {"subscription": pick(subscriptions, operation[2]),
                  "payment_method": pick(methods, operation[3])}
    elif kind == "subscription.buy":
        params = {"product": "Business Standard", "licences": operation[2]}
        if operation[3] is None:
            params["billing_profile"] = world.all("billing_profiles")[0].id
        else:
            params["payment_method"] = pick(methods, operation[3])
    else:
        params = {"subscription": pick(subscriptions, operation[2])}
        if operation[3] is not None:
            params["payment_method"] = pick(methods, operation[3])
        if operation[4] is not None:
            name, value = operation[4].split("=")
            params[name] = value
    params = {k: v for k, v in params.items() if v is not None}
    before = snapshot(world.database)
    result = execute(world.database, kind, params, admin=who)
    refused = not result.ok and result.code != "ok" and not result.changes
    if result.exit_code and refused:
        assert snapshot(world.database) == before, (kind, params, result.code)
    assert_invariants(world.database)


def assert_invariants(database) -> None:
    with database.engine.connect() as connection:
        paid_total = connection.execute(text(
            "select coalesce(sum(amount), 0) from invoices where status = 'paid'")).scalar()
        charged = connection.execute(text(
            "select coalesce(sum(amount), 0) from charge_attempts where succeeded")).scalar()
        assert paid_total == charged, "every payment settles exactly its invoices"
        mismatched = connection.execute(text(
            "select a.id from charge_attempts a join invoices i on i.paid_by = a.id "
            "group by a.id, a.amount having sum(i.amount) != a.amount")).all()
        assert mismatched == []
        unpaid_by_success = connection.execute(text(
            "select count(*) from charge_attempts a where a.succeeded and not exists "
            "(select 1 from invoices i where i.paid_by = a.id)")).scalar()
        assert unpaid_by_success == 0
        dangling = connection.execute(text(
            "select s.id from subscriptions s join payment_methods m "
            "on s.payment_method_id = m.id where m.deleted_at is not null "
            "union all select p.id from billing_profiles p join payment_methods m "
            "on p.payment_method_id = m.id where m.deleted_at is not null")).all()
        assert dangling == [], "nothing points at a deleted payment method"
        both = connection.execute(text(
            "select id from subscriptions where billing_profile_id is not null "
            "and payment_method_id is not null")).all()
        assert both == [], "a subscription under a billing profile is paid by the profile"
        stray = connection.execute(text(
            "select i.id from invoices i join subscriptions s on s.id = i.subscription_id "
            "where i.issued_at < s.created_at")).all()
        assert stray == [], "no invoice before the subscription existed"


@pytest.fixture(params=BACKENDS)
def fresh_database(request, tmp_path_factory):
    """Makes an empty account database per example, on each backend."""
    if request.param == "sqlite":
        return lambda: open_database(f"sqlite:///{tmp_path_factory.mktemp('prop') / 'b.db'}")
    url = request.getfixturevalue("postgres_url")
    return lambda: empty_postgres(url)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(operations, min_size=1, max_size=14))
def test_random_sequences_keep_the_invariants(fresh_database, sequence):
    database = fresh_database()
    try:
        world = World(database)
        first = world.add_card()
        second = world.add_card("billing", "5555555555554444")
        world.subscribe(first, first_invoice=START + timedelta(days=1))
        world.subscribe(second, product="Business Premium", first_invoice=START + timedelta(days=3))
        world.subscribe(None, profile_id=world.profile(first))
        for operation in sequence:
            run_operation(world, operation)
    finally:
        database.dispose()
