"""A database is a sandbox (simulated time, the demo) or live (real time, its own tenants):
simulated time and demo data never touch a live account."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest

from engine import demo
from engine.store.database import open_database
from tui.cli import main


def betal(path, *args, stdin: str = "", monkeypatch=None, capsys=None):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["--db", str(path), "--locale", "en", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def run(tmp_path, monkeypatch, capsys):
    path = tmp_path / "betal.db"
    return lambda *args, stdin="": betal(path, *args, stdin=stdin, monkeypatch=monkeypatch,
                                         capsys=capsys)


def test_a_live_account_runs_on_real_time_and_refuses_the_demo_and_clock_moves(run, tmp_path):
    assert run("init", "live")[0] == 0
    code, out, _ = run("tenant", "create", "--name", "Fjord AS", "--country", "NO",
                       "--admin-name", "Anne Fjord", "--admin-email", "anne@fjord.example",
                       "--json")
    assert code == 0 and json.loads(out)["currency"] == "NOK"
    for args in (("demo",), ("demo", "--reset", "--yes"), ("clock", "advance", "7d")):
        code, _, err = run(*args)
        assert code == 2 and "live account" in err, (args, err)
    database = open_database(str(tmp_path / "betal.db"))
    with database.unit_of_work(write=False) as uow:
        assert uow.live
        assert abs((uow.now() - datetime.now(UTC).replace(tzinfo=None)).total_seconds()) < 60
    assert demo.for_start(database) is None
    with database.unit_of_work(write=False) as uow:
        assert [t.name for t in uow.tenants.where()] == ["Fjord AS"]
    database.dispose()


def test_a_database_with_tenants_of_its_own_never_gets_the_demo(run, tmp_path):
    run("init", "sandbox")
    run("tenant", "create", "--name", "Eget AS", "--country", "NO", "--admin-name", "Eva",
        "--admin-email", "eva@eget.example")
    code, out, _ = run()  # betal with no command, without a terminal
    assert code == 0 and "account of its own" in out
    code, _, err = run("demo")
    assert code == 2 and "never put into it" in err
    database = open_database(str(tmp_path / "betal.db"))
    with database.unit_of_work(write=False) as uow:
        assert len(uow.tenants.where()) == 1
    database.dispose()


def test_resetting_a_sandbox_asks_first(run):
    run("demo")
    code, _, err = run("demo", "--reset")  # no terminal to ask on, no --yes
    assert code == 2 and "--yes" in err
    code, out, _ = run("demo", "--reset", "--yes", "--json")
    assert code == 0 and json.loads(out)["tenants"]


def test_init_refuses_a_database_that_holds_an_account(run):
    run("demo")
    code, _, err = run("init", "live")
    assert code == 2 and "already holds an account" in err


@pytest.mark.parametrize(("name", "email"), [("", "x@y.example"), ("A\x1b[2J", "x@y.example"),
                                             ("Anne", "not an address"), ("A" * 201, "a@b.c")])
def test_a_tenant_needs_a_real_name_and_address(run, name, email):
    run("init", "live")
    code, _, err = run("tenant", "create", "--name", "Fjord AS", "--country", "NO",
                       "--admin-name", name, "--admin-email", email)
    assert code == 2 and "Traceback" not in err
