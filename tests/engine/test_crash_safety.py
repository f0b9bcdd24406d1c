"""Killing the process mid-action never leaves a half-written change, and re-running the
action with its idempotency key completes it exactly once."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from engine.actions.runner import execute
from engine.services import payment_methods as pm
from tests.engine.test_properties import assert_invariants
from tests.engine.world import START, World

DRIVER = Path(__file__).with_name("crash_driver.py")
ACTIONS = 200


def build_plan(world: World) -> list[dict]:
    """200 changing actions: settles, new cards, edits and re-links, interleaved."""
    admin = world.admins["global"].id
    card = world.add_card(number="4000000000000168")
    spare = world.add_card(number="5555555555554444")
    subscriptions = [world.subscribe(card, first_invoice=START + timedelta(days=1))
                     for _ in range(50)]
    world.advance(days=1)
    world.run("global", pm.update_payment_method, card, postal_code="9999")
    plan = []
    for index in range(ACTIONS):
        kind = index % 4
        if kind == 0:
            step = {"action": "balance.settle",
                    "params": {"subscription": subscriptions[index // 4]}}
        elif kind == 1:
            step = {"action": "payment-method.add",
                    "params": {"kind": "credit-card", "number": luhn(index), "expiry": "12/2031",
                               "holder_name": f"Crash {index}"}}
        elif kind == 2:
            step = {"action": "payment-method.update",
                    "params": {"payment_method": spare, "city": f"City {index}"}}
        else:
            step = {"action": "subscription.change-payment-method",
                    "params": {"subscription": subscriptions[index // 4],
                               "payment_method": spare if index % 8 == 3 else card}}
        plan.append(step | {"admin": admin})
    return plan


def luhn(index: int) -> str:
    from stdnum import luhn as algorithm

    body = f"49170000{index:07d}"
    return body + algorithm.calc_check_digit(body)


def completed_once(database, step: dict) -> bool:
    """The action ran exactly once: one audit event for it, and its effect is there once."""
    params = step["params"]
    token = {"balance.settle": params.get("subscription"),
             "payment-method.add": params.get("holder_name"),
             "payment-method.update": params.get("city"),
             "subscription.change-payment-method": params.get("subscription")}[step["action"]]
    with database.engine.connect() as connection:
        query = connection.execute
        audited = query(text("select count(*) from audit_events where action = :a "
                             "and params like :t"),
                        {"a": step["action"], "t": f'%"{token}"%'}).scalar()
        if step["action"] == "balance.settle":
            effect = query(text("select count(*) from charge_attempts where subscription_id = :s "
                                "and trigger = 'settle' and succeeded"), {"s": token}).scalar()
        elif step["action"] == "payment-method.add":
            effect = query(text("select count(*) from payment_methods where holder_name = :h"),
                           {"h": token}).scalar()
        else:
            effect = 1
    return audited == 1 and effect == 1


def test_sigkill_at_random_points_leaves_a_consistent_database(database, tmp_path):
    world = World(database)
    plan = build_plan(world)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan))
    database.dispose()
    rng = random.Random(2026)
    position, kills, interrupted = 0, 0, 0
    while position < len(plan):
        driver = subprocess.Popen(
            [sys.executable, str(DRIVER), database.url, str(plan_file), str(position)],
            stdout=subprocess.PIPE, text=True, env=os.environ | {"PYTHONUNBUFFERED": "1"})
        assert driver.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.25))
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        kills += 1
        lines = driver.stdout.read().split()
        events = list(zip(lines[::2], map(int, lines[1::2]), strict=True))
        begun = [n for word, n in events if word == "begin"]
        ended = {n for word, n in events if word == "end"}
        assert_invariants(database)
        for index in ended:
            assert completed_once(database, plan[index]), plan[index]
        if begun and begun[-1] not in ended:
            index = begun[-1]
            interrupted += 1
            step = plan[index]
            execute(database, step["action"], step["params"], admin=step["admin"],
                    idempotency_key=f"crash-{index}")
            assert completed_once(database, step), step
            assert_invariants(database)
            position = index + 1
        elif begun:
            position = begun[-1] + 1
    assert kills >= 10 and interrupted >= 5, (kills, interrupted)


@pytest.fixture(autouse=True)
def _only_fork_safe_platforms():
    if not hasattr(signal, "SIGKILL"):
        pytest.skip("needs SIGKILL")
