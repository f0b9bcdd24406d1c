"""Benchmark: `betal kb check` on the real corpus, cold and warm, beside a naive parse; and
the front-matter reader beside ruamel.yaml's C-backed safe loader.

    python bench/kb_check.py [CORPUS] [--runs N] [--jobs N]

ours cold   the whole command in a new process (interpreter start, imports, every file
            read, parsed and checked, the report written) with an empty cache folder
ours warm   the same command again with the cache the cold run left
reference   a naive ruamel.yaml round-trip parse of every file's front matter, in this
            process, nothing else (what a checker built on the round-trip loader pays)

Each of ours is run --runs times (default 3); the best and median wall-clock times are
shown with the least CPU time (user + system, all processes) a run took, and the best
time as a share of the reference, which is run once. Targets: cold <= 0.06 x, warm <=
0.015 x the reference.

Then the front matter of every file, already in memory, is read once by each reader in
this process (CPU time): the knowledge base's reader (kb.frontmatter.parse: keys, values
and their positions, which the checker needs) and ruamel.yaml's safe loader, which uses
the C parser of ruamel.yaml.clib when it is installed (keys and values only). The corpus
is ../shared/corpus/alchemy-insights next to the checkout unless given. The machine's
load is printed before and after: on a shared machine the figures are noisy.
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
TARGETS = {"cold": 0.06, "warm": 0.015}


def command(corpus: Path, cache: str, jobs: int | None) -> list[str]:
    argv = [sys.executable, "-m", "tui.cli", "kb", "check", str(corpus), "--format", "json",
            "--cache-dir", cache]
    return argv + (["--jobs", str(jobs)] if jobs else [])


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, cwd=ROOT, stdout=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ours(corpus: Path, runs: int, jobs: int | None) -> tuple[list[tuple], list[tuple]]:
    cold, warm = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(timed(command(corpus, cache, jobs)))
            warm.append(timed(command(corpus, cache, jobs)))
    return cold, warm


def markdown_files(corpus: Path) -> list[str]:
    return sorted(os.path.join(directory, name) for directory, _, names in os.walk(corpus)
                  for name in names if name.endswith(".md"))


def reference(paths: list[str]) -> tuple[float, int]:
    from ruamel.yaml import YAML

    start = time.perf_counter()
    parsed = 0
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if not text.startswith("---"):
            continue
        end = text.find("\n---", 3)
        try:
            YAML().load(text[3:end])
            parsed += 1
        except Exception:
            pass
    return time.perf_counter() - start, parsed


def readers(paths: list[str]) -> list[tuple[str, float, int]]:
    """(reader, CPU seconds, files whose front matter it read without an error)."""
    sys.path.insert(0, str(ROOT))
    from ruamel.yaml import YAML

    from kb.frontmatter import normalize_newlines, parse
    from kb.text import decode

    texts = []
    for path in paths:
        with open(path, "rb") as handle:
            texts.append(normalize_newlines(decode(handle.read())[0]))
    blocks = [text[4:text.find("\n---", 3) + 1] for text in texts
              if text.startswith("---\n") and text.find("\n---", 3) > 0]
    start = time.process_time()
    fronts = [parse(text)[0] for text in texts]
    line_reader = time.process_time() - start
    safe = YAML(typ="safe")
    start = time.process_time()
    loaded = 0
    for block in blocks:
        try:
            safe.load(block)
            loaded += 1
        except Exception:
            pass
    loader = time.process_time() - start
    c_parser = "C parser" if "CParser" in safe.Parser.__name__ else "pure Python parser"
    return [("kb.frontmatter.parse (positions too)", line_reader,
             sum(1 for front in fronts if front.closed and not front.errors)),
            (f"ruamel.yaml safe load ({c_parser})", loader, loaded)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None,
                        help="passed to betal kb check (default: its own, one per CPU)")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    paths = markdown_files(args.corpus)
    print(f"kb check on {len(paths)} files in {args.corpus}")
    print(f"machine: {describe()}")
    print("load average before: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    cold, warm = ours(args.corpus, args.runs, args.jobs)
    cpu_start = time.process_time()
    naive, parsed = reference(paths)
    naive_cpu = time.process_time() - cpu_start
    print(f"{'':28}{'best':>8}{'median':>9}{'CPU':>8}{'x ref':>8}  target")
    for name, key, runs in (("ours, cold", "cold", cold), ("ours, warm cache", "warm", warm)):
        walls = [wall for wall, _ in runs]
        cpu = min(cpu for _, cpu in runs)
        print(f"{name:28}{min(walls):7.2f}s{statistics.median(walls):8.2f}s{cpu:7.2f}s"
              f"{min(walls) / naive:8.3f}  <= {TARGETS[key]} x")
    print(f"{'reference (ruamel rt)':28}{naive:7.2f}s{'':9}{naive_cpu:7.2f}s{1:8.3f}  "
          f"parse only, {parsed} files")
    print("front matter read once, in memory (CPU):")
    for name, seconds, count in readers(paths):
        print(f"  {name:44}{seconds:7.3f}s  {count} files")
    print("load average after:  {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
