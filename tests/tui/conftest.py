"""Fixtures for the TUI's tests: a deterministic demo account and a started app.

The demo account is built once per test process with a fixed date and counting ids (so
snapshots do not change from run to run) and copied for each test.
"""

from __future__ import annotations

import asyncio
import itertools
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from engine.store.database import copy_sqlite_account, open_database

DATA = Path(__file__).with_name("data")
KB = DATA / "kb"
TODAY = datetime(2026, 3, 2)
ID_MODULES = ("engine.services.context", "engine.services.accounts", "engine.services.billing",
              "engine.services.billing_cycle", "engine.services.payment_methods",
              "engine.actions.runner")


def counting_ids(monkeypatch, start: int = 1) -> None:
    """Ids that count up from ``start``, the same from run to run."""
    import importlib

    counter = itertools.count(start)

    def new_id(prefix: str) -> str:
        return f"{prefix}_{next(counter):012x}"

    for name in ID_MODULES:
        monkeypatch.setattr(importlib.import_module(name), "new_id", new_id)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory) -> tuple[Path, dict]:
    from engine import demo

    path = tmp_path_factory.mktemp("template") / "betal.db"
    with pytest.MonkeyPatch.context() as monkeypatch:
        counting_ids(monkeypatch)
        database = open_database(f"sqlite:///{path}")
        summary = demo.create(database, today=TODAY)
        database.dispose()
    return path, summary


@pytest.fixture
def account(tmp_path, demo_template, monkeypatch):
    """A copy of the demo account; ids made during the test count on from 'f' * 3."""
    template, summary = demo_template
    path = tmp_path / "betal.db"
    copy_sqlite_account(template, path)
    counting_ids(monkeypatch, start=0xFFF000)
    monkeypatch.setenv("BETAL_KB_DIR", str(KB))
    monkeypatch.delenv("BETAL_KEYMAP", raising=False)
    return f"sqlite:///{path}", summary


def make_app(url: str, locale: str | None = "nb-NO", keymap_path: Path | None = None):
    from tui.app import BetalApp

    return BetalApp(url, locale=locale,
                    keymap_path=keymap_path or Path("/nonexistent/betal/keymap.toml"))


def drive(url: str, steps, *, locale: str | None = "nb-NO", size=(140, 45),
          keymap_path: Path | None = None):
    """``await steps(app, pilot)`` in the app on ``url``, run headless at ``size``; returns
    the app once it has stopped."""

    async def scenario():
        app = make_app(url, locale=locale, keymap_path=keymap_path)
        async with app.run_test(size=size) as pilot:
            await steps(app, pilot)
        return app

    return run(scenario())


async def settle(pilot, rounds: int = 3) -> None:
    """Wait until the workers are done and the screen has caught up."""
    for _ in range(rounds):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def press(pilot, *keys: str) -> None:
    """Press ``keys`` and wait until the app has caught up with them."""
    await pilot.press(*keys)
    await settle(pilot)


async def sign_in(pilot, admin_index: int = 0) -> None:
    """Sign in as the n-th admin of the list (0: Ingrid Berg, Global admin, Nordlys)."""
    await settle(pilot)
    for _ in range(admin_index):
        await pilot.press("down")
    await press(pilot, "enter")


def off_loop(function, *args, **kwargs):
    """Call ``function`` where no event loop is running: here, or in a thread of its own
    when one is (Playwright's sync API, which the site tests keep open for the session,
    leaves a running loop in the main thread of a worker)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args, **kwargs).result()


def run(coro):
    return off_loop(asyncio.run, coro)


def log_textual_to(monkeypatch, path: Path) -> Path:
    """Have Textual write its debugging log to ``path`` (what ``TEXTUAL_LOG=path`` does)."""
    from textual import constants

    monkeypatch.setattr(constants, "LOG_FILE", str(path))
    return path


def logged_workers(path: Path) -> list[str]:
    """The lines of Textual's debugging log that describe a worker."""
    return [line for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("<Worker")]


def plain(renderable, width: int = 300) -> str:
    """What a Rich renderable shows, as plain text."""
    from rich.console import Console

    console = Console(width=width, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


@pytest.fixture
def notifications(monkeypatch) -> list[str]:
    """The messages the app shows as notifications during the test, in order."""
    from textual.app import App

    shown: list[str] = []
    notify = App.notify

    def recorded(app, message, *args, **kwargs):
        shown.append(str(message))
        return notify(app, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", recorded)
    return shown
