"""Due items per second on a shared PostgreSQL account: 1, 2 and 4 workers beside one tick.

Prints, in one run, how fast one ``betal tick`` processes a population of due
subscriptions (the reference) and how fast ``betal worker --until-idle`` processes the same
population with 1, 2 and 4 workers at once. Each run gets a fresh copy of the population
(PostgreSQL's template databases) on a server the script starts from the installed
binaries. A due item is a charge: the first attempt of an invoice issued, or a retry.

python bench/worker_throughput.py [--subscriptions N] [--batch N]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.machine import describe  # noqa: E402
from engine.store.database import open_database  # noqa: E402
from tests.engine.test_races import population  # noqa: E402
from tests.engine.world import START, World  # noqa: E402
from tests.postgres import PostgresServer, find_bindir  # noqa: E402


def copy(server: PostgresServer, template: str, name: str) -> str:
    import psycopg

    with psycopg.connect(host=str(server.root), port=server.port, user="betal",
                         dbname="postgres", autocommit=True) as connection:
        for suffix in ("", "_vault"):
            connection.execute(f'DROP DATABASE IF EXISTS "{name}{suffix}"')
            connection.execute(f'CREATE DATABASE "{name}{suffix}" TEMPLATE '
                               f'"{template}{suffix}"')
    return server.url(name)


def run(url: str, workers: int, batch: int) -> tuple[float, int]:
    """Seconds until every due item is done, and how many charges that made."""
    base = [sys.executable, "-m", "tui.cli", "--db", url]
    command = (["tick", "--json"] if workers == 0 else
               ["worker", "--batch", str(batch), "--until-idle", "--json"])
    began = time.perf_counter()
    processes = [subprocess.Popen(base + command, cwd=ROOT, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
                 for _ in range(max(workers, 1))]
    reports = []
    for process in processes:
        out, err = process.communicate(timeout=3600)
        if process.returncode != 0:
            raise SystemExit(err)
        reports.append(json.loads(out))
    return time.perf_counter() - began, sum(report["charges"] for report in reports)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    args = parser.parse_args()
    bindir = find_bindir()
    if bindir is None:
        print("PostgreSQL's initdb and pg_ctl are not installed: nothing to measure")
        return 1
    server = PostgresServer(bindir)
    server.start()
    try:
        template = "population"
        url = server.create_database(template)
        database = open_database(url)
        world = World(database)
        population(world, args.subscriptions)
        with database.unit_of_work() as uow:
            uow.set_now(START + timedelta(days=62))
            uow.commit()
        database.dispose()
        print(f"Due items on PostgreSQL: {args.subscriptions:,} subscriptions, two months "
              f"of billing ({describe()})")
        results = {}
        for label, workers in (("tick", 0), ("1 worker", 1), ("2 workers", 2),
                               ("4 workers", 4)):
            seconds, items = run(copy(server, template, f"run{workers}"), workers, args.batch)
            results[label] = items / seconds
            print(f"  {label:>9}: {seconds:6.1f} s, {items:,} charges, "
                  f"{items / seconds:8.0f} a second")
        print(f"  4 workers / one tick: {results['4 workers'] / results['tick']:.2f} x "
              f"(load average now {os.getloadavg()[0]:.1f})")
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
