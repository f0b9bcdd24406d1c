"""Several workers on one database never process the same item twice."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
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


# A worker survives what goes wrong around it ----------------------------------------------


class FlakyDatabase:
    """A database whose first passes fail, as a lost connection would, then work."""

    def __init__(self, database, failures: int) -> None:
        self.database, self.failures = database, failures

    def unit_of_work(self, **kwargs):
        if self.failures:
            self.failures -= 1
            from sqlalchemy.exc import OperationalError

            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return self.database.unit_of_work(**kwargs)


def test_a_worker_logs_a_failed_pass_backs_off_and_goes_on(tmp_path, caplog):
    import threading

    from engine import worker

    database = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    world = World(database)
    due_attempts(world, 20)
    waits, failures = [], []

    class Stop(threading.Event):
        def wait(self, timeout=None):
            waits.append(timeout)
            return False

    with caplog.at_level("WARNING", logger="betal"):
        report = worker.work(FlakyDatabase(database, failures=3), batch=100, interval=5,
                             until_idle=True, stop=Stop(),
                             on_failure=lambda error, delay: failures.append(delay))
    assert report.charges == 20, "it went on and did the work"
    assert waits == [1.0, 2.0, 4.0], "it waited longer after each failure in a row"
    assert failures == waits
    logged = [record.getMessage() for record in caplog.records]
    assert len(logged) == 3 and "worker pass failed (3 in a row), next try in 4 s" in logged[2]
    assert all("server closed the connection" in line for line in logged)
    database.dispose()


class Waits(threading.Event):
    """A stop event that records each wait instead of waiting."""

    def __init__(self):
        super().__init__()
        self.waits = []

    def wait(self, timeout=None):
        self.waits.append(timeout)
        return False


def unavailable():
    from engine.errors import InputError

    return InputError("database-unavailable", "The database {url} cannot be used: {reason}",
                      url="postgresql://betal@db/betal", reason="connection refused")


def test_a_worker_opening_a_database_that_cannot_be_reached_tries_again_with_backoff():
    """A server that is starting or restarting, or a connection cut while the worker opens
    the database: it waits as after a failed pass and goes on."""
    from engine.worker import open_when_reachable

    attempts, told = [], []

    def open_account():
        attempts.append(1)
        if len(attempts) < 3:
            raise unavailable()
        return "the database"

    stop = Waits()
    opened = open_when_reachable(open_account, stop=stop,
                                 on_failure=lambda error, delay: told.append(delay))
    assert opened == "the database" and len(attempts) == 3
    assert stop.waits == [1.0, 2.0] and told == stop.waits


def test_a_worker_gives_up_opening_after_failures_in_a_row_and_at_once_on_other_errors():
    from engine.errors import InputError
    from engine.worker import GIVE_UP, open_when_reachable

    attempts = []

    def never(error):
        def open_account():
            attempts.append(1)
            raise error
        return open_account

    stop = Waits()
    with pytest.raises(InputError) as raised:
        open_when_reachable(never(unavailable()), stop=stop)
    assert raised.value.code == "database-unavailable" and len(attempts) == GIVE_UP
    assert len(stop.waits) == GIVE_UP - 1

    attempts.clear()
    missing = InputError("no-account", "There is no account in this database yet.")
    with pytest.raises(InputError) as raised:
        open_when_reachable(never(missing), stop=Waits())
    assert raised.value is missing and len(attempts) == 1, "nothing to wait for"


def test_backoff_doubles_to_a_minute():
    from engine.worker import backoff

    assert [backoff(n) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


def test_an_idle_worker_gives_up_after_failures_in_a_row_and_says_so_in_one_line(
        tmp_path, monkeypatch, capsys):
    from engine import worker
    from tui.cli import main

    database = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    World(database)
    database.dispose()

    def broken(*args, **kwargs):
        raise RuntimeError("the batch failed")

    monkeypatch.setattr(worker, "_pass", broken)
    monkeypatch.setattr(worker, "backoff", lambda failures: 0)
    code = main(["--db", str(tmp_path / "betal.db"), "--locale", "en", "worker",
                 "--until-idle"])
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err
    assert err.count("A pass failed (the batch failed); trying again in 0 seconds.") == 4
    assert err.splitlines()[-1].startswith("error: Betal failed unexpectedly (RuntimeError)")


@pytest.mark.slow
def test_a_worker_on_postgresql_survives_its_connection_being_cut(postgres_url):
    """The server ends the worker's sessions while it works; it logs, reconnects and
    finishes, each attempt made once."""
    import time

    from tests.conftest import empty_postgres

    world = World(empty_postgres(postgres_url))
    due_attempts(world, 3000)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", postgres_url, "--locale", "en", "worker",
         "--batch", "50", "--until-idle", "--json"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    cut = 0
    with world.database.engine.connect() as connection:
        deadline = time.monotonic() + 120
        while cut < 3 and process.poll() is None and time.monotonic() < deadline:
            cut += connection.execute(text(
                "select count(pg_terminate_backend(pid)) from pg_stat_activity "
                "where datname = current_database() and pid <> pg_backend_pid() "
                "and application_name = '' and state <> 'idle'")).scalar()
            connection.commit()
            time.sleep(0.05)
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, out + err
    assert "Traceback" not in err
    if cut:  # cut while it opened the database, or during a pass
        assert ("cannot be reached" in err or "A pass failed" in err) and "trying again" in err
    with world.database.engine.connect() as connection:
        counts = {n for (n,) in connection.execute(text(
            "select count(*) from charge_attempts where invoice_id like 'inv_w%' "
            "group by invoice_id"))}
        made = connection.execute(text(
            "select count(*) from charge_attempts where invoice_id like 'inv_w%'")).scalar()
    assert counts == {1} and made == 3000
    assert cut, "the test cut at least one connection"
    world.database.dispose()
