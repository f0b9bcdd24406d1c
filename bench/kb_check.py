"""Benchmark: `betal kb check` on the real corpus, cold and warm, beside a naive parse.

    python bench/kb_check.py [CORPUS] [--runs N]

ours cold   the whole command in a new process (interpreter start, imports, every file
            read, parsed and checked, the report written) with an empty cache folder
ours warm   the same command again with the cache the cold run left
reference   a naive ruamel.yaml round-trip parse of every file's front matter, in this
            process, nothing else (what a checker built on the round-trip loader pays)

Each of ours is run --runs times (default 5); the best and median wall-clock times are
shown with the least CPU time (user + system, all processes) a run took. The reference is
run once. CPU time is the steadier figure on a machine that other work shares. The corpus
is ../shared/corpus/alchemy-insights next to the checkout unless given. Targets: cold
<= 1.0 s, warm <= 0.25 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import describe  # bench/, this script's folder

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "alchemy-insights"


def command(corpus: Path, cache: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", "kb", "check", str(corpus), "--format", "json",
            "--cache-dir", cache]


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ours(corpus: Path, runs: int) -> tuple[list[tuple], list[tuple]]:
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(timed(command(corpus, cache)))
            warm.append(timed(command(corpus, cache)))
    return cold, warm


def reference(corpus: Path) -> tuple[float, int]:
    from ruamel.yaml import YAML

    start = time.perf_counter()
    parsed = 0
    for directory, _, names in os.walk(corpus):
        for name in names:
            if not name.endswith(".md"):
                continue
            with open(os.path.join(directory, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            if not text.startswith("---"):
                continue
            end = text.find("\n---", 3)
            try:
                YAML().load(text[3:end])
                parsed += 1
            except Exception:
                pass
    return time.perf_counter() - start, parsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    files = sum(name.endswith(".md") for _, _, names in os.walk(args.corpus) for name in names)
    print(f"kb check on {files} files in {args.corpus}")
    print(f"machine: {describe()}")
    load = os.getloadavg()[0]
    cold, warm = ours(args.corpus, args.runs)
    cpu_start = time.process_time()
    naive, parsed = reference(args.corpus)
    naive_cpu = time.process_time() - cpu_start
    print(f"load average before the runs: {load:.2f}")
    print(f"{'':24}{'best':>8}{'median':>9}{'CPU':>8}  target")
    for name, runs, target in (("ours, cold", cold, "<= 1.00 s"),
                               ("ours, warm cache", warm, "<= 0.25 s")):
        walls = [wall for wall, _ in runs]
        cpu = min(cpu for _, cpu in runs)
        print(f"{name:24}{min(walls):7.2f}s{statistics.median(walls):8.2f}s{cpu:7.2f}s  {target}")
    print(f"{'reference (ruamel rt)':24}{naive:7.2f}s{'':9}{naive_cpu:7.2f}s  parse only, "
          f"{parsed} files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
