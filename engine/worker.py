"""The background worker: processes whatever falls due, continuously.

Each pass runs in its own transaction and takes at most ``batch`` items of each kind. On
PostgreSQL the items are claimed with ``FOR UPDATE SKIP LOCKED``, so several workers on
one database share the work and never process the same item twice; on SQLite the write
lock makes them take turns.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable

from engine import config as engine_config
from engine.services.billing_cycle import CycleReport, run_due_committed


def work(
    database,
    *,
    batch: int = 500,
    interval: float = 5.0,
    until_idle: bool = False,
    stop: threading.Event | None = None,
    on_pass: Callable[[CycleReport], None] | None = None,
) -> CycleReport:
    """Run passes until stopped (or, with ``until_idle``, until a pass finds nothing)."""
    stop = stop or threading.Event()
    config = engine_config.load()
    total = CycleReport()
    while not stop.is_set():
        report = run_due_committed(database, config, batch=batch, max_passes=1)
        total.add(report)
        if on_pass is not None:
            on_pass(report)
        if not report.anything:
            if until_idle:
                break
            stop.wait(interval)
    return total


def stop_on_signals() -> threading.Event:
    """An event set by SIGTERM or SIGINT, so the current pass finishes before exiting."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    return stop
