"""Lost races are run again, a bounded number of times, then reported plainly."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from engine.errors import StaleRead
from engine.store.retry import Contended, retrying


class Deadlock(Exception):
    sqlstate = "40P01"


def failing(times: int, error: Exception):
    calls = []

    def work():
        calls.append(1)
        if len(calls) <= times:
            raise error
        return "done"
    return work, calls


@pytest.mark.parametrize("error", [
    OperationalError("update", {}, Deadlock()),
    OperationalError("insert", {}, Exception("database is locked")),
    StaleRead("changed"),
])
def test_a_lost_race_is_run_again(error):
    work, calls = failing(2, error)
    waits = []
    assert retrying(work, sleep=waits.append) == "done"
    assert len(calls) == 3 and len(waits) == 2 and waits[1] > waits[0] / 2


def test_after_the_last_try_it_is_a_clear_error_not_a_traceback():
    work, calls = failing(99, StaleRead("changed"))
    with pytest.raises(Contended) as error:
        retrying(work, attempts=4, sleep=lambda _: None)
    assert len(calls) == 4 and error.value.exit_code == 2
    assert "Nothing was changed" in error.value.render("en")


def test_other_errors_are_not_retried():
    work, calls = failing(1, ValueError("bad"))
    with pytest.raises(ValueError):
        retrying(work, sleep=lambda _: None)
    assert len(calls) == 1
