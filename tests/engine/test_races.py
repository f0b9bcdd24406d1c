"""A shared PostgreSQL account under load: workers, ticks and admins at once.

Whatever runs at the same time, each due item is processed once: the history four
workers write is the history one ``betal tick`` writes, row for row; admins replacing,
settling, changing and deleting among running workers leave no link to a deleted method,
no second invoice or notice, and every process ends cleanly. ``BETAL_RACE_ROUNDS``
repeats the runs (``make race`` runs them five times).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, text

from engine.actions.runner import execute
from engine.domain.calendar import billing_day_of
from engine.store import schema
from engine.store.database import open_database
from tests.conftest import empty_postgres
from tests.engine.test_properties import assert_invariants
from tests.engine.world import START, World

ROOT = Path(__file__).parents[2]
ROUNDS = int(os.environ.get("BETAL_RACE_ROUNDS", "1"))
DECLINING = ["4000000000000150", "4000000000000119", "4000000000000127"]


def population(world: World, count: int, cards: int = 20) -> list[str]:
    """``count`` subscriptions falling due within the first day, on ``cards`` cards of which
    a few decline."""
    from stdnum import luhn

    methods = []
    for index in range(cards):
        number = DECLINING[index] if index < len(DECLINING) else (
            body := f"4917{index:011d}") + luhn.calc_check_digit(body)
        methods.append(world.add_card(number=number))
    rng = random.Random(count)
    rows = []
    for index in range(count):
        first = START + timedelta(minutes=rng.randrange(24 * 60))
        rows.append({
            "id": f"sub_r{index:08d}", "tenant_id": world.tenant.id,
            "product": "Business Basic", "seats": 1 + index % 9, "unit_price": 7000,
            "currency": "NOK", "status": "active", "next_invoice_at": first,
            "created_at": START, "billing_day": billing_day_of(first, world.tenant.zone),
            "payment_method_id": methods[index % cards], "billing_profile_id": None,
            "past_due_since": None, "last_paid_at": None, "past_due_paid_at": None})
    with world.database.unit_of_work() as uow:
        uow.connection.execute(insert(schema.subscriptions), rows)
        uow.commit()
    return methods


def betal(url: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tui.cli", "--db", url, *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float = 600) -> str:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    return out


def history(database) -> dict[str, list]:
    """What the billing wrote, without the ids it drew: per subscription, its invoices,
    attempts and notices in order."""
    with database.engine.connect() as connection:
        invoices = connection.execute(text(
            "select subscription_id, issued_at, amount, status, attempts_made from invoices "
            "order by subscription_id, issued_at")).all()
        attempts = connection.execute(text(
            "select a.subscription_id, i.issued_at, a.sequence, a.at, a.succeeded, "
            "a.decline_reason from charge_attempts a join invoices i on i.id = a.invoice_id "
            "order by a.subscription_id, a.at, a.sequence")).all()
        notices = connection.execute(text(
            "select subscription_id, kind, sent_at from notices "
            "order by subscription_id, sent_at, kind")).all()
        standing = connection.execute(text(
            "select id, status, past_due_since, next_invoice_at from subscriptions "
            "order by id")).all()
    return {"invoices": [tuple(r) for r in invoices], "attempts": [tuple(r) for r in attempts],
            "notices": [tuple(r) for r in notices], "standing": [tuple(r) for r in standing]}


def fresh(postgres, name: str):
    url = postgres.create_database(name)
    return url, empty_postgres(url)


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_four_workers_write_the_history_one_tick_writes(postgres, round_):
    count = 10_000
    histories = []
    for mode in ("tick", "workers"):
        url, database = fresh(postgres, f"race_{mode}")
        world = World(database)
        population(world, count)
        with database.unit_of_work() as uow:
            uow.set_now(START + timedelta(days=62))  # two months of billing
            uow.commit()
        if mode == "tick":
            finish(betal(url, "tick", "--json"))
        else:
            workers = [betal(url, "worker", "--batch", "300", "--until-idle", "--json")
                       for _ in range(4)]
            reports = [json.loads(finish(worker)) for worker in workers]
            assert sum(1 for report in reports if report["charges"]) >= 2, "work was shared"
        histories.append(history(database))
        assert_invariants(database)
        database.dispose()
    ticked, worked = histories
    assert len(ticked["invoices"]) >= 2 * count
    assert worked == ticked


def _admin(url: str, admin: str, methods: list[str], subscriptions: list[str], seed: int,
           steps: int, failures) -> None:
    rng = random.Random(seed)
    database = open_database(url)
    try:
        for _ in range(steps):
            choice = rng.randrange(4)
            if choice == 0:
                action, params = "payment-method.replace", {
                    "payment_method": rng.choice(methods), "replacement": rng.choice(methods)}
            elif choice == 1:
                action, params = "balance.settle", {"subscription": rng.choice(subscriptions)}
            elif choice == 2:
                action, params = "subscription.change-payment-method", {
                    "subscription": rng.choice(subscriptions),
                    "payment_method": rng.choice(methods)}
            else:
                action, params = "payment-method.delete", {"payment_method": rng.choice(methods)}
            result = execute(database, action, params, admin=admin)
            if result.exit_code not in (0, 1, 2) or result.code == "database-busy":
                failures.put((action, result.code, result.message))
    except Exception as error:  # any exception is a failure of the engine
        failures.put(("exception", type(error).__name__, str(error)))
    finally:
        database.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("round_", range(ROUNDS))
def test_admins_racing_workers_leave_a_consistent_account(postgres, round_):
    url, database = fresh(postgres, "race_admins")
    log_start = postgres.log.stat().st_size
    world = World(database)
    methods = population(world, 400, cards=8)
    subscriptions = [f"sub_r{index:08d}" for index in range(400)]
    with database.unit_of_work() as uow:
        uow.set_now(START + timedelta(days=40))
        uow.commit()
    workers = [betal(url, "worker", "--batch", "50", "--interval", "0.05") for _ in range(3)]
    context = multiprocessing.get_context("fork")
    failures = context.Queue()
    admins = [context.Process(target=_admin, args=(
        url, world.admins["global"].id, methods, subscriptions, seed, 40, failures))
        for seed in range(4)]
    for process in admins:
        process.start()
    for process in admins:
        process.join(300)
        assert process.exitcode == 0
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        finish(worker, timeout=120)
    found = []
    while not failures.empty():
        found.append(failures.get())
    assert found == []
    with postgres.log.open(errors="replace") as log:
        log.seek(log_start)
        # Admins and workers lock in one order, so the server never has to break a cycle.
        assert "deadlock detected" not in log.read()
    assert_invariants(database)
    with database.engine.connect() as connection:
        twice = connection.execute(text(
            "select invoice_id, sequence from charge_attempts where sequence is not null "
            "group by invoice_id, sequence having count(*) > 1")).all()
    assert twice == []
    database.dispose()
