"""``betal … | head`` ends quietly when the reader goes away, as well-behaved Unix tools do:
no BrokenPipeError traceback, the exit status a shell reports for SIGPIPE (141). Real
processes and real pipes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import EXIT_READER_GONE

ROOT = Path(__file__).parents[2]


def commands(summary) -> dict[str, list[str]]:
    scenario = summary["scenarios"]["past-due"]
    run = ["run", "past-due.status", "--as", scenario["admin"], "--param",
           f"subscription={scenario['subscription']}"]
    return {
        "actions": ["actions"],
        "actions --json": ["actions", "--json"],
        "run": run,
        "run --json": [*run, "--json"],
        "run --preview": ["run", "balance.settle", "--as", scenario["admin"], "--param",
                          f"subscription={scenario['subscription']}", "--preview"],
        "demo --json": ["demo", "--json"],
        "clock show": ["clock", "show"],
        "tick": ["tick"],
        "kb rules": ["kb", "rules"],
        "help": ["--help"],
    }


@pytest.fixture
def environment(tmp_path):
    return {"PATH": "/usr/bin:/bin", "BETAL_LOG": str(tmp_path / "betal.log"),
            "XDG_DATA_HOME": str(tmp_path / "data")}


@pytest.mark.parametrize("name", list(commands({"scenarios": {"past-due": {
    "admin": "a", "subscription": "s"}}})))
def test_a_reader_that_goes_away_at_once_ends_betal_quietly(demo_db, environment, name):
    """The reader closes its end before betal writes anything (``betal … | true``)."""
    _, path, summary = demo_db
    read, write = os.pipe()
    os.close(read)  # nobody will ever read
    process = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(path), *commands(summary)[name]],
        cwd=ROOT, stdout=write, stderr=subprocess.PIPE, env=environment, check=False,
        timeout=120)
    os.close(write)
    assert process.stderr == b"", process.stderr.decode()
    assert process.returncode in (0, EXIT_READER_GONE), process.returncode


def test_head_takes_the_first_line_and_the_pipeline_reports_sigpipe(demo_db, environment):
    _, path, summary = demo_db
    scenario = summary["scenarios"]["past-due"]
    betal = f"{sys.executable} -m tui.cli --db {path}"
    for command in (f"{betal} actions", f"{betal} actions --json",
                    f"{betal} run retries.show --as {scenario['admin']} --param "
                    f"subscription={scenario['subscription']} --json"):
        result = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {command} | head -n 1; "
                           f"echo \"status ${{PIPESTATUS[0]}}\""],
            cwd=ROOT, capture_output=True, text=True, env=environment, check=False,
            timeout=120)
        first, status = result.stdout.splitlines()
        assert first.strip(), command
        assert result.stderr == "", result.stderr
        assert status in ("status 0", f"status {EXIT_READER_GONE}"), status


def test_betal_still_writing_when_the_reader_goes_away_exits_141(demo_db, environment):
    """The pipe holds one page, so betal is still writing when the reader has gone."""
    import fcntl

    _, path, _ = demo_db
    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)
    process = subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "kb", "rules", "--markdown"],
        cwd=ROOT, stdout=write, stderr=subprocess.PIPE, env=environment)
    os.close(write)
    assert os.read(read, 10)  # betal has begun to write, and blocks on a full pipe
    os.close(read)
    _, err = process.communicate(timeout=120)
    assert err == b"" and process.returncode == EXIT_READER_GONE


def test_a_worker_whose_reader_goes_away_stops_quietly(demo_db, environment):
    _, path, _ = demo_db
    read, write = os.pipe()
    os.close(read)
    process = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(path), "worker", "--until-idle"],
        cwd=ROOT, stdout=write, stderr=subprocess.PIPE, env=environment, check=False,
        timeout=120)
    os.close(write)
    assert process.stderr == b""
    assert process.returncode in (0, EXIT_READER_GONE)
