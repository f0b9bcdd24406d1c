"""The background worker: processes whatever falls due, continuously.

Each pass runs in its own transaction and takes at most ``batch`` items of each kind. On
PostgreSQL the items are claimed with ``FOR UPDATE SKIP LOCKED``, so several workers on
one database share the work and never process the same item twice; on SQLite the write
lock makes them take turns.

A pass that fails (a lost connection, a database that went away, a batch that raised) is
rolled back whole, so nothing of it is half-done: the worker logs it, waits a little longer
after each failure in a row (1 s, 2 s, 4 s, … up to a minute) and goes on. Only with
``until_idle`` does it give up, after ``GIVE_UP`` failures in a row, by raising the last.
Opening the database is tried again the same way while the server cannot be reached (one
that is starting or restarting, a connection cut), and given up after ``GIVE_UP`` failures.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError

from engine import config as engine_config
from engine.errors import InputError
from engine.logs import LOGGER
from engine.services.billing_cycle import CycleReport, run_due
from engine.store.retry import retrying

FIRST_BACKOFF, MAX_BACKOFF = 1.0, 60.0
GIVE_UP = 5

Opened = TypeVar("Opened")


def backoff(failures: int) -> float:
    """Seconds to wait after ``failures`` failed passes in a row."""
    return min(MAX_BACKOFF, FIRST_BACKOFF * 2 ** (failures - 1))


def unreachable(error: Exception) -> bool:
    """Whether ``error`` says the database server could not be reached or dropped the
    connection, as opposed to a wrong address, a missing account or a damaged file."""
    if isinstance(error, InputError):
        return error.code == "database-unavailable"
    return isinstance(error, OperationalError | InterfaceError)


def open_when_reachable(
    open_account: Callable[[], Opened],
    *,
    stop: threading.Event,
    on_failure: Callable[[Exception, float], None] | None = None,
) -> Opened:
    """``open_account()``, tried again with the passes' backoff while the database cannot be
    reached; any other error, or the ``GIVE_UP``-th failure in a row, is raised."""
    failures = 0
    while True:
        try:
            return open_account()
        except Exception as error:
            if not unreachable(error):
                raise
            failures += 1
            _after_failure("worker could not open the database", error, failures, stop,
                           on_failure, give_up=failures >= GIVE_UP or stop.is_set())


def _after_failure(what: str, error: Exception, failures: int, stop: threading.Event,
                   on_failure: Callable[[Exception, float], None] | None, *, give_up: bool,
                   exc_info: bool = False) -> None:
    """Log the ``failures``-th failure in a row; then raise it (``give_up``), or tell
    ``on_failure`` and wait the backoff before the next try."""
    delay = backoff(failures)
    LOGGER.warning("%s (%d in a row), next try in %.0f s: %s", what, failures, delay, error,
                   exc_info=exc_info)
    if give_up:
        raise error
    if on_failure is not None:
        on_failure(error, delay)
    stop.wait(delay)


def work(
    database,
    *,
    batch: int = 500,
    interval: float = 5.0,
    until_idle: bool = False,
    stop: threading.Event | None = None,
    on_pass: Callable[[CycleReport], None] | None = None,
    on_failure: Callable[[Exception, float], None] | None = None,
) -> CycleReport:
    """Run passes until stopped (or, with ``until_idle``, until a pass finds nothing)."""
    stop = stop or threading.Event()
    config = engine_config.load()
    total = CycleReport()
    failures = 0
    while not stop.is_set():
        try:
            report = _pass(database, config, batch)
        except Exception as error:  # whatever failed, the pass was rolled back whole
            failures += 1
            _after_failure("worker pass failed", error, failures, stop, on_failure,
                           give_up=until_idle and failures >= GIVE_UP, exc_info=True)
            continue
        failures = 0
        total.add(report)
        if on_pass is not None:
            on_pass(report)
        if not report.anything:
            if until_idle:
                break
            stop.wait(interval)
    return total


def _pass(database, config, batch: int) -> CycleReport:
    return run_due_committed(database, config, batch=batch, max_passes=1)


def run_due_committed(database, config, **options) -> CycleReport:
    """The billing cycle (engine.services.billing_cycle.run_due) in a unit of work of its
    own, committed, and run again from the start if it loses a race with another process
    (engine.store.retry): what ``betal tick`` and each worker pass run."""
    def attempt() -> CycleReport:
        with database.unit_of_work() as uow:
            report = run_due(uow, config, **options)
            uow.commit()
        return report
    return retrying(attempt)


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT, so the current pass finishes before exiting."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop
