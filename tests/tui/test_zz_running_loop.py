"""The TUI's tests still run when another test left an event loop running in this thread,
as Playwright's sync API does for the site tests."""

from __future__ import annotations

import asyncio

from tests.tui.conftest import make_app, off_loop, run, settle


def test_a_pilot_runs_beside_a_running_loop(account):
    url, _summary = account

    async def scenario():
        app = make_app(url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            return type(app.screen).__name__

    async def outer():
        return run(scenario())

    def beside_a_loop():
        return asyncio.run(outer())

    # The outer loop may itself have to start off a loop this worker already runs.
    assert off_loop(beside_a_loop) == "SignInScreen"
