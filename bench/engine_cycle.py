"""Simulate 30 days of billing for 100,000 subscriptions on SQLite.

Prints our figure beside the target and a reference in one run. The population: one
tenant, admins, and 100,000 subscriptions spread over the month, paid by 1,000 cards of
which a few percent are in a declining state, so the run issues invoices, charges,
declines, retries and notices.

The reference is SQLite's own share, the floor for any engine on this schema: the rows our
run wrote (as many invoices and charge attempts, and the subscriptions' new billing
dates), prepared in advance and written with the sqlite3 module's ``executemany`` in one
transaction, without any billing logic. Usage:
python bench/engine_cycle.py [--subscriptions N] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from engine import config as engine_config
from engine.domain.calendar import billing_day_of
from engine.domain.model import AdminRole
from engine.services import accounts
from engine.services.billing_cycle import run_due
from engine.services.context import Context
from engine.services.payment_methods import add_payment_method
from engine.store import schema
from engine.store.database import copy_sqlite_account, open_database

TARGET_SECONDS = 5.0
START = datetime(2026, 1, 1)


def luhn_number(index: int, prefix: str = "4917") -> str:
    from stdnum import luhn

    body = f"{prefix}{index:011d}"
    return body + luhn.calc_check_digit(body)


def populate(database, subscriptions: int, cards: int) -> None:
    config = engine_config.load()
    rng = random.Random(7)
    with database.unit_of_work() as uow:
        uow.set_now(START)
        tenant = accounts.create_tenant(uow, config, name="Bench AS", country="NO", now=START)
        admin = accounts.add_admin(uow, tenant, name="Bench", email="bench@example",
                                   role=AdminRole.GLOBAL)
        ctx = Context(uow, tenant, admin, START, config)
        method_ids = []
        declining = ["4000000000000119", "4000000000000150", "4000000000000127"]
        for index in range(cards):
            number = declining[index % 3] if index < 3 else luhn_number(index)
            outcome = add_payment_method(ctx, kind="credit-card", number=number,
                                         expiry="12/2030", holder_name="Bench Holder",
                                         city="Oslo", postal_code="0155")
            method_ids.append(outcome.data["payment_method"])
        price = config.prices["Business Basic"]["NOK"]
        rows = []
        for index in range(subscriptions):
            # About 3% of subscriptions use a card the bank declines.
            method = method_ids[rng.randrange(3)] if rng.random() < 0.03 else \
                method_ids[3 + rng.randrange(cards - 3)]
            rows.append({
                "id": f"sub_{index:012x}", "tenant_id": tenant.id, "product": "Business Basic",
                "seats": 1 + index % 50, "unit_price": price, "currency": "NOK",
                "status": "active", "created_at": START, "payment_method_id": method,
                "billing_profile_id": None, "past_due_since": None, "last_paid_at": None,
                "next_invoice_at": (first := START + timedelta(
                    minutes=rng.randrange(30 * 24 * 60))),
                "billing_day": billing_day_of(first, tenant.zone),
            })
        uow.connection.execute(insert(schema.subscriptions), rows)
        uow.commit()


def sqlite_floor(path: str) -> float:
    """Write again, with sqlite3 alone, the rows a billing run wrote; the seconds it took.

    The rows are read back from ``path`` (a database after our run) and written to a copy
    of the population (``path`` with ``.floor`` added) with the same indexes and pragmas.
    """
    import sqlite3

    source = sqlite3.connect(path)
    invoices = source.execute("SELECT * FROM invoices").fetchall()
    attempts = source.execute("SELECT * FROM charge_attempts").fetchall()
    notices = source.execute("SELECT * FROM notices").fetchall()
    subscriptions = source.execute(
        "SELECT status, next_invoice_at, past_due_since, last_paid_at, id FROM subscriptions"
    ).fetchall()
    source.close()
    target = sqlite3.connect(path + ".floor", isolation_level=None)
    for pragma in ("foreign_keys=ON", "synchronous=NORMAL", "cache_size=-65536"):
        target.execute(f"PRAGMA {pragma}")
    for table in ("notices", "charge_attempts", "invoices"):
        target.execute(f"DELETE FROM {table}")
    began = time.perf_counter()
    target.execute("BEGIN IMMEDIATE")
    for table, rows in (("invoices", invoices), ("charge_attempts", attempts),
                        ("notices", notices)):
        marks = ", ".join("?" * len(rows[0]))
        target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    target.executemany("UPDATE subscriptions SET status = ?, next_invoice_at = ?, "
                       "past_due_since = ?, last_paid_at = ? WHERE id = ?", subscriptions)
    target.execute("COMMIT")
    elapsed = time.perf_counter() - began
    target.close()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3,
                        help="runs on fresh copies of the population; the best is reported")
    args = parser.parse_args()
    timings, cpu_times, floors = [], [], []
    with tempfile.TemporaryDirectory() as scratch:
        template = os.path.join(scratch, "population.db")
        database = open_database(f"sqlite:///{template}")
        populate(database, args.subscriptions, args.cards)
        database.dispose()
        for run in range(args.runs):
            path = os.path.join(scratch, f"run{run}.db")
            copy_sqlite_account(template, path)
            database = open_database(f"sqlite:///{path}")
            began, cpu = time.perf_counter(), time.process_time()
            with database.unit_of_work() as uow:
                uow.set_now(START + timedelta(days=30))
                report = run_due(uow, engine_config.load())
                uow.commit()
            timings.append(time.perf_counter() - began)
            cpu_times.append(time.process_time() - cpu)
            database.dispose()
            shutil.copy(template, path + ".floor")
            floors.append(sqlite_floor(path))
            os.remove(path + ".floor")
    print(f"30 simulated days, {args.subscriptions:,} subscriptions on SQLite "
          f"(best of {args.runs} runs, wall clock; all runs: "
          f"{', '.join(f'{t:.2f}' for t in timings)} s)")
    print(f"  processed: {report.to_dict()}")
    print(f"  {'target':>8}: {TARGET_SECONDS:6.2f} s")
    print(f"  {'betal':>8}: {min(timings):6.2f} s (CPU {min(cpu_times):.2f} s)")
    print(f"  {'sqlite3':>8}: {min(floors):6.2f} s (reference: the same rows written by "
          f"sqlite3's executemany alone, no billing logic; all runs: "
          f"{', '.join(f'{t:.2f}' for t in floors)} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
