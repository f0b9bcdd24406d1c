"""kb.pool: results in order, whatever the number of workers; failures are not lost."""

import os
import time

import pytest

from kb import pool

PARENT = os.getpid()


def double_each(batch):
    return [item * 2 for item in batch]


def in_worker(item):
    return os.getpid() != PARENT


def dies_in_workers(batch):
    if os.getpid() != PARENT:
        os._exit(1)  # a worker killed in the middle of its batch
    return double_each(batch)


def fails_on_seven(item):
    if item == 7:
        raise ValueError("seven")
    return item


def one_result_short(batch):
    return batch[1:]


@pytest.mark.parametrize(("jobs", "batch_size"), [(1, 3), (2, 3), (3, 1), (2, 100)])
def test_results_come_in_the_order_of_the_items(jobs, batch_size):
    items = list(range(25))
    assert pool.map_batches(double_each, items, jobs=jobs, batch_size=batch_size) == \
        [item * 2 for item in items]
    assert pool.map(str, items, jobs=jobs, batch_size=batch_size) == [str(i) for i in items]


def test_one_job_or_one_batch_runs_here():
    assert not any(pool.map(in_worker, range(10), jobs=1, batch_size=2))
    assert not any(pool.map(in_worker, range(10), jobs=4, batch_size=10))
    assert all(pool.map(in_worker, range(10), jobs=2, batch_size=2))


def test_a_batch_whose_worker_died_is_run_here():
    assert pool.map_batches(dies_in_workers, range(10), jobs=2, batch_size=2) == \
        [item * 2 for item in range(10)]


def test_an_exception_in_a_worker_is_raised_here():
    with pytest.raises(ValueError, match="seven"):
        pool.map(fails_on_seven, range(10), jobs=2, batch_size=2)


def test_a_function_that_loses_results_is_refused():
    with pytest.raises(ValueError, match="results for"):
        pool.map_batches(one_result_short, range(4), jobs=1)


def test_nothing_to_do():
    assert pool.map(str, [], jobs=2) == []


def test_the_default_is_one_job_per_cpu_this_process_may_use(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 3, 5})
    assert pool.default_jobs() == 3


def slow_mark(item):
    folder, number = item
    if number == 0:
        raise ValueError("first")
    time.sleep(0.02)
    (folder / str(number)).touch()
    return number


def test_after_an_exception_the_batches_not_started_are_dropped(tmp_path):
    with pytest.raises(ValueError, match="first"):
        pool.map(slow_mark, [(tmp_path, number) for number in range(200)], jobs=2,
                 batch_size=1)
    assert len(list(tmp_path.iterdir())) < 50  # not the 199 others
