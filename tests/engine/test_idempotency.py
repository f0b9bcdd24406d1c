"""The same request, fired at once from several processes, charges exactly once."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text, update

from engine.actions.runner import execute
from engine.services import payment_methods as pm
from engine.store import schema
from engine.store.database import open_database
from tests.engine.world import START, World


def past_due(world: World) -> tuple[str, str]:
    """A past-due subscription whose card has since been corrected: settling pays."""
    card = world.add_card(number="4000000000000168")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    world.run("global", pm.update_payment_method, card, postal_code="9999")
    return subscription, world.admins["global"].id


def _settle(url, subscription, admin, key, barrier, results):
    database = open_database(url)
    barrier.wait()
    result = execute(database, "balance.settle", {"subscription": subscription}, admin=admin,
                     idempotency_key=key)
    results.put((result.ok, result.code, result.message, result.replayed))
    database.dispose()


def fire(url: str, subscription: str, admin: str, key: str | None, processes: int = 8):
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=_settle,
                               args=(url, subscription, admin, key, barrier, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    return [results.get(timeout=5) for _ in workers]


def successful_settles(database, subscription: str) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text(
            "select count(*) from charge_attempts where subscription_id = :s "
            "and trigger = 'settle' and succeeded"), {"s": subscription}).scalar()


def test_eight_processes_with_one_key_charge_once(database):
    world = World(database)
    subscription, admin = past_due(world)
    database.dispose()
    outcomes = fire(database.url, subscription, admin, key="settle-once")
    assert successful_settles(database, subscription) == 1
    assert len({(ok, code, message) for ok, code, message, _ in outcomes}) == 1
    assert sum(1 for *_, replayed in outcomes if not replayed) == 1


def test_eight_processes_without_a_key_still_charge_once(database):
    world = World(database)
    subscription, admin = past_due(world)
    database.dispose()
    outcomes = fire(database.url, subscription, admin, key=None)
    assert successful_settles(database, subscription) == 1
    assert all(ok for ok, *_ in outcomes), "the others find nothing outstanding"


def test_a_failure_is_replayed_too(database):
    world = World(database)
    subscription = world.subscribe(world.add_card("billing"))
    first = execute(database, "balance.settle", {"subscription": subscription},
                    admin=world.admins["helpdesk"].id, idempotency_key="k")
    second = execute(database, "balance.settle", {"subscription": subscription},
                     admin=world.admins["helpdesk"].id, idempotency_key="k")
    assert first.code == second.code == "admin-roles"
    assert second.replayed and second.exit_code == 1


@pytest.mark.parametrize("age,replayed", [(timedelta(hours=23), True),
                                          (timedelta(hours=49), False)])
def test_keys_are_kept_at_least_a_day(database, age, replayed):
    world = World(database)
    admin = world.admins["global"].id
    first = world.add_card()
    execute(database, "payment-method.update", {"payment_method": first, "city": "Bergen"},
            admin=admin, idempotency_key="old")
    with database.unit_of_work() as uow:
        uow.connection.execute(update(schema.idempotency_keys).values(
            created_at=datetime.now(UTC).replace(tzinfo=None) - age))
        uow.commit()
    # Any keyed request sweeps expired keys.
    execute(database, "payment-method.update", {"payment_method": first, "city": "Oslo"},
            admin=admin, idempotency_key="new")
    again = execute(database, "payment-method.update",
                    {"payment_method": first, "city": "Bergen"}, admin=admin,
                    idempotency_key="old")
    assert again.replayed is replayed
