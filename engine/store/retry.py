"""Run a unit of work again when the database says it lost a race.

On a shared PostgreSQL account two transactions can deadlock, or one can fail to
serialize; SQLite can report that the database is locked; and a service can find that a
row it read changed before it took its lock (:class:`engine.errors.StaleRead`). Each is
safe to retry from the start, because the failed unit of work was rolled back whole. A
bounded number of attempts with growing, jittered waits keeps two retrying processes from
meeting again; after the last one the error is reported, never a traceback.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError

from engine.errors import N_, BetalError, StaleRead

T = TypeVar("T")
LOGGER = logging.getLogger("betal.retry")
ATTEMPTS = 6
FIRST_WAIT = 0.02  # seconds; doubled after every lost race, plus jitter

# PostgreSQL's SQLSTATEs for a deadlock, a serialization failure and a lock not available.
RETRYABLE_STATES = {"40P01", "40001", "55P03"}


class Contended(BetalError):
    """The database stayed too busy to finish the operation (exit 2)."""

    exit_code = 2


def lost_race(error: BaseException) -> bool:
    """Whether ``error`` means: roll back and run the same work again."""
    if isinstance(error, StaleRead):
        return True
    if not isinstance(error, DBAPIError):
        return False
    state = getattr(error.orig, "sqlstate", None)
    if state in RETRYABLE_STATES:
        return True
    return "database is locked" in str(error.orig)


def retrying(work: Callable[[], T], *, attempts: int = ATTEMPTS,
             sleep: Callable[[float], None] = time.sleep) -> T:
    """``work()``, run again after a lost race, at most ``attempts`` times in all."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except Exception as error:
            if not lost_race(error):
                raise
            if attempt == attempts:
                raise Contended(
                    "database-busy",
                    N_("The database stayed busy with other work ({attempts} tries). Nothing "
                       "was changed; try again in a moment."), attempts=attempts) from error
            wait = FIRST_WAIT * 2 ** (attempt - 1) * (1 + random.random())
            LOGGER.info("lost a race (%s), trying again in %.3f s", type(error).__name__, wait)
            sleep(wait)
    raise AssertionError("unreachable")
