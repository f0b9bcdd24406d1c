"""The demo's stories hold whatever day it is made on."""

from __future__ import annotations

from datetime import datetime

import pytest

from engine import demo
from engine.actions.runner import execute
from engine.store.database import open_database


@pytest.mark.parametrize("today", [datetime(2026, 1, 31), datetime(2026, 3, 1),
                                   datetime(2026, 12, 5), datetime(2026, 12, 31),
                                   datetime(2028, 2, 29), datetime(2027, 7, 15)])
def test_the_scenarios_hold_on_any_day(tmp_path, today):
    database = open_database(f"sqlite:///{tmp_path / 'demo.db'}")
    summary = demo.create(database, today=today)
    for scenarios in summary["scenarios_by_tenant"].values():
        if "past-due" not in scenarios:
            continue

        def run(action, scenario, **params):
            return execute(database, action, {"subscription": scenario["subscription"],
                                              **params}, admin=scenario["admin"], locale="en")
        past_due = scenarios["past-due"]
        assert run("past-due.status", past_due).data["status"] == "past-due"
        retries = run("retries.show", past_due)
        assert retries.data["decline_notices"] == 2 and retries.data["next_attempt_at"]
        assert run("payment.diagnose", scenarios["expired-card"]).data["decline_reason"] == \
            "expired"
        assert run("payment.diagnose", scenarios["not-activated"]).data["decline_reason"] == \
            "not_activated"
        assert run("balance.settle", past_due).ok
    sunset = summary["scenarios"]["bank-account-sunset"]
    assert execute(database, "retries.show", {"subscription": sunset["subscription"]},
                   admin=sunset["admin"]).ok
    database.dispose()
