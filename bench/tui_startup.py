"""Start to first interactive frame: the `betal` command beside a trivial Textual app, in one run.

Each program runs in a fresh process on a pseudo-terminal of 120 x 40, the way a terminal
emulator runs it; the time is from launching the process to the moment its first frame
reaches the terminal (for Betal, the sign-in screen, which accepts keys from then on). The
demo account exists beforehand, as on any start after the first, and Betal's modules are
compiled to bytecode beforehand, as Textual's are (pip compiles what it installs; an
editable install leaves it to the first start, or to nobody when PYTHONDONTWRITEBYTECODE
is set). Prints the median and the best of several runs, alternating the two programs so
that both see the same load.
Usage: python bench/tui_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
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

Trivial().run()
"""


def betal_command() -> list[str]:
    """The installed `betal` script, else the same entry point through `python -m`."""
    script = Path(sys.executable).with_name("betal")
    return [str(script)] if script.exists() else [sys.executable, "-m", "tui.cli"]


def time_to_frame(command: list[str], marker: bytes) -> float:
    """Seconds from launching ``command`` on a new pseudo-terminal until ``marker`` (a text
    of its first frame) has been written to the terminal."""
    terminal, program_side = os.openpty()
    fcntl.ioctl(program_side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=program_side, stdout=program_side,
                               stderr=program_side, cwd=ROOT, start_new_session=True,
                               env={**os.environ, "TERM": "xterm-256color"})
    os.close(program_side)
    screen = b""
    try:
        while marker not in screen:
            if not select.select([terminal], [], [], 30)[0]:
                raise RuntimeError(f"no first frame from {command[0]}: {screen[-300:]!r}")
            screen += os.read(terminal, 65536)
        return time.perf_counter() - start
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        os.close(terminal)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "compileall", "-q", "engine", "kb", "tui"], cwd=ROOT,
                   check=True)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/betal.db"
        subprocess.run([*betal_command(), "--db", url, "demo"], cwd=ROOT, check=True,
                       capture_output=True)
        trivial = ([sys.executable, "-c", TRIVIAL], b"Hello")
        # The sign-in screen's title, in Norwegian: "Sign in".
        betal = ([*betal_command(), "--db", url, "--locale", "nb-NO"], "Logg på".encode())
        time_to_frame(*trivial)  # warm the file cache
        time_to_frame(*betal)
        trivial_times, betal_times = [], []
        for _ in range(args.runs):
            trivial_times.append(time_to_frame(*trivial))
            betal_times.append(time_to_frame(*betal))
    median = statistics.median(betal_times)
    print(f"Start to first frame on a 120 x 40 terminal ({args.runs} runs each, alternating)")
    print("                                     median    best")
    print(f"  reference, a trivial Textual app:  {statistics.median(trivial_times):.3f} s"
          f"  {min(trivial_times):.3f} s")
    print(f"  betal (the sign-in screen):        {median:.3f} s  {min(betal_times):.3f} s"
          f"   target <= {TARGET:.2f} s"
          f"   {'OK' if median <= TARGET else 'SLOWER THAN TARGET'}")


if __name__ == "__main__":
    main()
