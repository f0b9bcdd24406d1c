"""The billing cycle's bulk helpers: values to and from the driver's form."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, select, type_coerce

from engine.store import schema
from engine.store.bulk import from_driver, to_driver
from tests.engine.world import World

MOMENTS = [datetime(2026, 1, 31, 23, 59, 59, 999999), datetime(2024, 2, 29), None]


def test_a_moment_survives_the_drivers_form_both_ways(database):
    with database.engine.connect() as connection:
        to, back = to_driver(connection, DateTime()), from_driver(connection, DateTime())
        assert [back(to(moment)) for moment in MOMENTS] == MOMENTS


def test_a_moment_read_in_the_drivers_form_is_the_stored_one(database):
    world = World(database)
    subscription = world.get("subscriptions", world.subscribe(world.add_card()))
    table = schema.subscriptions
    with database.engine.connect() as connection:
        raw = connection.execute(
            select(type_coerce(table.c.next_invoice_at, String))
            .where(table.c.id == subscription.id)).scalar_one()
        assert from_driver(connection, DateTime())(raw) == subscription.next_invoice_at
        assert to_driver(connection, DateTime())(subscription.next_invoice_at) == raw


def test_rows_go_to_the_driver_in_the_statements_order_each_value_converted_once(database):
    from sqlalchemy import bindparam, update

    from engine.store.bulk import execute_rows

    world = World(database)
    card = world.add_card()
    ids = [world.subscribe(card) for _ in range(2)]
    table = schema.subscriptions
    moment = datetime(2027, 5, 4, 3, 2, 1)
    statement = update(table).where(table.c.id == bindparam("b_id")).values(
        next_invoice_at=bindparam("b_when"), last_paid_at=bindparam("b_when"))
    with database.engine.begin() as connection:
        execute_rows(connection, statement, ["b_when", "b_id"],
                     [[moment, ids[0]], [moment, ids[1]]])
    for subscription_id in ids:
        stored = world.get("subscriptions", subscription_id)
        assert stored.next_invoice_at == stored.last_paid_at == moment
