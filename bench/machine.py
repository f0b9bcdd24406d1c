"""What the benchmarks print about the machine they ran on."""

from __future__ import annotations

import os


def describe() -> str:
    """CPUs, the ones this process may use, and the CPU model (Linux)."""
    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo
                         if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}"
