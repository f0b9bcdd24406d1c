"""The TUI's tests still run when another test left an event loop running in this thread,
as Playwright's sync API does for the site tests.

The loop is started in a thread of the test's own, so this test leaves the event loop of
the thread that runs it as it found it, whichever tests come before or after."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from tests.tui.conftest import make_app, run, settle


def test_a_pilot_runs_beside_a_running_loop(account):
    url, _summary = account

    async def scenario():
        app = make_app(url)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            return type(app.screen).__name__

    async def outer():
        asyncio.get_running_loop()  # a loop runs here, as Playwright's would
        return run(scenario())

    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(asyncio.run, outer()).result() == "SignInScreen"

