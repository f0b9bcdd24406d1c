"""A paste of 10,000 characters without bracketed paste: every character is a key press.

In one run, headless, at 140 x 45:
  * ours: Betal's add-card form, the keys sent at once into its billing-address field (the
    field keeps the first 200, as the engine does, and says so);
  * reference: a trivial Textual app with one Input of the same limit, the same keys.
Timed from sending the first key until the field has handled the last one. Prints the
load average beside the figures: this machine is shared.
Usage: python bench/tui_paste.py [--runs N] [--keys N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET = 1.0
SIZE = (140, 45)


def keys(count: int):
    from textual import events

    return [events.Key(c, c) for c in ("abcdefghij" * (count // 10 + 1))[:count]]


async def send(app, field, count: int) -> float:
    """Post ``count`` keys at once; seconds until ``field`` has handled the last."""
    done = asyncio.Event()
    start = time.perf_counter()
    for event in keys(count):
        app.post_message(event)
    # Queued behind the keys in the app, then behind them in the field.
    app.call_later(lambda: field.call_later(done.set))
    await done.wait()
    return time.perf_counter() - start


async def ours(url: str, count: int) -> float:
    from tui.app import BetalApp

    app = BetalApp(url, locale="nb-NO", keymap_path=Path("/nonexistent/keymap.toml"))
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("3", "a")
        for _ in range(5):
            await app.workers.wait_for_complete()
            await pilot.pause()
        field = next(f for f in app.screen.query("FormField")
                     if f.param.name == "address_line").control
        field.focus()
        await pilot.pause()
        seconds = await send(app, field, count)
        assert len(field.value) == 200, field.value
    return seconds


async def reference(count: int) -> float:
    from textual.app import App
    from textual.widgets import Input

    class Trivial(App):
        def compose(self):
            yield Input(max_length=200)

    app = Trivial()
    async with app.run_test(size=SIZE) as pilot:
        field = app.query_one(Input)
        field.focus()
        await pilot.pause()
        return await send(app, field, count)


def main() -> None:
    from bench.machine import describe

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keys", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    os.environ.setdefault("BETAL_KB_DIR", str(ROOT / "tests" / "tui" / "data" / "kb"))
    try:
        from engine import demo
        from engine.store.database import open_database

        template = folder / "template.db"
        database = open_database(f"sqlite:///{template}")
        demo.create(database)
        database.dispose()
        mine, theirs = [], []
        for run in range(args.runs):
            shutil.copy(template, folder / f"run{run}.db")
            mine.append(asyncio.run(ours(f"sqlite:///{folder / f'run{run}.db'}", args.keys)))
            theirs.append(asyncio.run(reference(args.keys)))
        print(f"machine: {describe()}; load average {os.getloadavg()[0]:.1f}")
        print(f"{args.keys:,} keys typed at once into one field (median / best of {args.runs}):")
        print(f"  Textual Input alone:             {statistics.median(theirs):7.3f} s "
              f"/ {min(theirs):.3f} s")
        print(f"  Betal's form field:              {statistics.median(mine):7.3f} s "
              f"/ {min(mine):.3f} s")
        print(f"  target <= {TARGET:.1f} s: "
              + ("met" if statistics.median(mine) <= TARGET else "NOT met"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
