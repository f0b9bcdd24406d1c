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
