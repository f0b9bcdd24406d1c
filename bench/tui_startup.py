"""Start to first interactive frame: Betal's TUI beside a trivial Textual app, in one run.

Each app runs headless in a fresh Python process; the time is from launching the process
to the app's Ready event (posted after the first frame is on screen, when the sign-in
screen's skeleton accepts keys). The demo account exists beforehand, as on any start after
the first. Prints the median of several runs. Usage: python bench/tui_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 0.30

TRIVIAL = """
from textual.app import App
from textual.widgets import Static

class Trivial(App):
    def compose(self):
        yield Static("Hello")
    def on_ready(self):
        print("READY", flush=True)
        self.exit()

Trivial().run(headless=True, size=(120, 40))
"""

BETAL = """
import os, sys
sys.path.insert(0, {root!r})
from tui.app import BetalApp

class Timed(BetalApp):
    def on_ready(self):
        print("READY", flush=True)
        os._exit(0)  # do not wait for the worker that opens the account

Timed({url!r}, locale="nb-NO").run(headless=True, size=(120, 40))
"""


def time_to_ready(code: str) -> float:
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE,
                               text=True, cwd=ROOT)
    for line in process.stdout:
        if line.strip() == "READY":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError("the app never became ready")
    process.wait(timeout=60)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/betal.db"
        subprocess.run([sys.executable, "-m", "tui.cli", "--db", url, "demo"], cwd=ROOT,
                       check=True, capture_output=True)
        betal = BETAL.format(root=str(ROOT), url=url)
        time_to_ready(TRIVIAL)  # warm the file cache
        time_to_ready(betal)
        trivial, ours = [], []
        for _ in range(args.runs):  # alternate, so that both see the same load
            trivial.append(time_to_ready(TRIVIAL))
            ours.append(time_to_ready(betal))
    print(f"TUI start to first interactive frame ({args.runs} runs each, alternating)")
    print("                                     median    best")
    print(f"  reference, a trivial Textual app:  {statistics.median(trivial):.3f} s"
          f"  {min(trivial):.3f} s")
    print(f"  Betal (sign-in screen):            {statistics.median(ours):.3f} s"
          f"  {min(ours):.3f} s   target <= {TARGET:.2f} s"
          f"   {'OK' if statistics.median(ours) <= TARGET else 'SLOWER THAN TARGET'}")


if __name__ == "__main__":
    main()
