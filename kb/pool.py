"""Run work in parallel: one pool of worker processes, for the checker, ``--fix``, the site
and the TUI alike.

```python
from kb import pool

results = pool.map(read_one, paths, jobs=args.jobs)          # function(item) -> result
results = pool.map_batches(read_many, paths, jobs=args.jobs)  # function(items) -> results
```

Both return one result per item, in the order of the items. Work is handed out in
batches (``batch_size`` items, 64 unless given), so that a worker that finishes early
takes the next batch and long and short items even out. ``jobs`` is the number of worker
processes, :func:`default_jobs` (one per CPU this process may use) when None. With one
job, or a single batch, the work runs in this process and no worker is started.

``function`` must be defined at the top level of a module and its items and results must
be picklable, as for :class:`concurrent.futures.ProcessPoolExecutor`, on which this
stands. An exception that ``function`` raises in a worker is raised here, and the batches
not started yet are dropped (so is all of them on Ctrl-C). A batch whose worker died
(killed, out of memory) is run again here, so a result is never lost.

Workers are forked, and so start with every module this process has imported, where
forking is safe: on a system that has it, when this process runs no other thread (the
TUI runs workers in threads). Otherwise they start afresh and import what they need.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

BATCH_SIZE = 64


def default_jobs() -> int:
    """One worker per CPU this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map(function: Callable[[Any], Any], items: Iterable, *, jobs: int | None = None,
        batch_size: int = BATCH_SIZE) -> list:
    """``[function(item) for item in items]``, in up to ``jobs`` processes."""
    return map_batches(functools.partial(_each, function), items, jobs=jobs,
                       batch_size=batch_size)


def map_batches(function: Callable[[list], Sequence], items: Iterable, *,
                jobs: int | None = None, batch_size: int = BATCH_SIZE) -> list:
    """``function`` over ``items`` a batch at a time, in up to ``jobs`` processes: the
    concatenation of ``function(batch)`` for the batches, in order."""
    items = list(items)
    batches = [items[start:start + batch_size] for start in range(0, len(items), batch_size)]
    jobs = min(default_jobs() if jobs is None else jobs, len(batches))
    if jobs <= 1:
        return [result for batch in batches for result in _one_each(function(batch), batch)]
    import multiprocessing

    executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(_start_method()))
    try:
        futures = [executor.submit(function, batch) for batch in batches]
        results = []
        for batch, future in zip(batches, futures, strict=True):
            try:
                done = future.result()
            except BrokenProcessPool:  # its worker died: the batch is run here
                done = function(batch)
            results.extend(_one_each(done, batch))
        return results
    finally:  # after an error or Ctrl-C, the batches not started yet are dropped
        executor.shutdown(cancel_futures=True)


def _start_method() -> str:
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _each(function: Callable[[Any], Any], batch: list) -> list:
    return [function(item) for item in batch]


def _one_each(results: Sequence, batch: list) -> Sequence:
    """``results``, when there is one for each item of ``batch``."""
    if len(results) != len(batch):
        raise ValueError(f"{len(results)} results for {len(batch)} items")
    return results
