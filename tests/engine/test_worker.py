"""Several workers on one database never process the same item twice."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from engine.store import schema
from engine.store.database import open_database
from tests.engine.world import START, World

ROOT = Path(__file__).parents[2]


def due_attempts(world: World, count: int) -> None:
    """``count`` open invoices whose next automatic attempt is due now."""
    cards = [world.add_card(), world.add_card(number="4000000000000150")]
    subscriptions, invoices = [], []
    for index in range(count):
        subscription_id, invoice_id = f"sub_w{index:08d}", f"inv_w{index:08d}"
        subscriptions.append({
            "id": subscription_id, "tenant_id": world.tenant.id, "product": "Business Basic",
            "seats": 1, "unit_price": 7000, "currency": "NOK", "status": "active",
            "next_invoice_at": START + timedelta(days=30), "created_at": START,
            "payment_method_id": cards[index % 7 == 0], "billing_profile_id": None,
            "past_due_since": None, "last_paid_at": None, "billing_day": 1})
        invoices.append({
            "id": invoice_id, "tenant_id": world.tenant.id, "subscription_id": subscription_id,
            "issued_at": START, "due_at": START, "amount": 7000, "currency": "NOK",
            "status": "open", "attempts_made": 0, "next_attempt_at": START, "paid_at": None,
            "paid_by": None})
    with world.database.unit_of_work() as uow:
        uow.connection.execute(insert(schema.subscriptions), subscriptions)
        uow.connection.execute(insert(schema.invoices), invoices)
        uow.commit()


def run_workers(url: str, workers: int, batch: int) -> list[dict]:
    processes = [
        subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", url, "worker", "--batch",
                          str(batch), "--until-idle", "--json"], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(workers)
    ]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err
        reports.append(json.loads(out))
    return reports


@pytest.mark.slow
@pytest.mark.parametrize("count", [10_000])
def test_four_workers_on_postgresql_charge_each_due_attempt_exactly_once(postgres_url, count):
    from tests.conftest import empty_postgres

    world = World(empty_postgres(postgres_url))
    due_attempts(world, count)
    reports = run_workers(postgres_url, workers=4, batch=250)
    with world.database.engine.connect() as connection:
        per_invoice = connection.execute(text(
            "select invoice_id, count(*) from charge_attempts where invoice_id like 'inv_w%' "
            "group by invoice_id")).all()
        declined = connection.execute(text(
            "select count(*) from notices where kind = 'payment-declined'")).scalar()
    assert len(per_invoice) == count
    assert {n for _, n in per_invoice} == {1}, "an invoice was charged twice"
    assert sum(r["charges"] for r in reports) == count
    assert sum(1 for r in reports if r["charges"]) >= 2, "the workers shared the work"
    assert declined == sum(1 for i in range(count) if i % 7 == 0)
    world.database.dispose()


def test_workers_on_sqlite_take_turns_and_still_charge_once(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    world = World(database)
    due_attempts(world, 600)
    run_workers(database.url, workers=3, batch=100)
    with database.engine.connect() as connection:
        counts = {n for (n,) in connection.execute(text(
            "select count(*) from charge_attempts group by invoice_id"))}
    assert counts == {1}
    database.dispose()
