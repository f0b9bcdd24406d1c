"""Bad input at scale: every action's parameters and the command line, 10,000 cases each.

Every input gets a clean success or refusal (never a traceback), and a refused input
changes nothing.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.actions.registry import REGISTRY
from engine.actions.runner import ActionResult, execute
from tui.cli import main

CASES = 10_000
ACTIONS = sorted(REGISTRY)
NAMES = sorted({p.name for a in REGISTRY.values() for p in a.params} | {"bogus", "", "x" * 300})
NASTY = st.sampled_from([
    "", " ", "\x00", "\n", "'; drop table subscriptions; --", "ä" * 5000, "4242424242424242",
    "4242424242424241", "12/30", "13/99", "NO9386011117947", "credit-card", "bank-account",
    "sub_", "pm_0000", "-1", "1e309", "NaN", "\ud7ff", "🙂", "%s%n", "{0}", "{}", "\\", "nb-NO",
])
VALUES = st.one_of(NASTY, st.text(max_size=40), st.text(alphabet="0123456789 /-", max_size=25))
SETTINGS = settings(max_examples=CASES, deadline=None, database=None,
                    suppress_health_check=list(HealthCheck))


WATCHED = ("tenants", "admins", "payment_methods", "billing_profiles",
           "profile_members", "subscriptions", "invoices", "charge_attempts", "notices",
           "clock", "settings")


def count_writes(path) -> None:
    """Triggers in this test's copy of the database that count every write to the account
    (all tables but the audit log and idempotency records, which refusals do write)."""
    connection = sqlite3.connect(path)
    connection.execute("create table fuzz_writes (n integer)")
    connection.execute("insert into fuzz_writes values (0)")
    for table in WATCHED:
        for event in ("insert", "update", "delete"):
            connection.execute(f"create trigger fuzz_{table}_{event} after {event} on {table} "
                               "begin update fuzz_writes set n = n + 1; end")
    connection.commit()
    connection.close()


def snapshot(database) -> int:
    with database.engine.connect() as connection:
        return connection.exec_driver_sql("select n from fuzz_writes").scalar()


@pytest.fixture(scope="module")
def fuzz_db(tmp_path_factory, demo_template):

    from engine.store.database import copy_sqlite_account, open_database

    source, summary = demo_template
    path = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    copy_sqlite_account(source, path)
    count_writes(path)
    database = open_database(f"sqlite:///{path}")
    state = {"snapshot": snapshot(database)}
    ids = sorted({value for scenarios in summary["scenarios_by_tenant"].values()
                  for scenario in scenarios.values() for key, value in scenario.items()
                  if key != "description"})
    admins = [a["id"] for t in summary["tenants"] for a in t["admins"]]
    yield database, state, ids, admins, path
    database.dispose()


@pytest.mark.slow
def test_every_action_input_is_refused_cleanly_or_done(fuzz_db):
    database, state, ids, admins, _ = fuzz_db
    values = st.one_of(VALUES, st.sampled_from(ids))

    @SETTINGS
    @given(action=st.one_of(st.sampled_from(ACTIONS), st.text(max_size=20)),
           params=st.dictionaries(st.one_of(st.sampled_from(NAMES), st.text(max_size=10)),
                                  values, max_size=5),
           admin=st.one_of(st.sampled_from(admins), VALUES),
           preview=st.booleans(), locale=st.sampled_from(["nb-NO", "nl-NL", "en", None]))
    def case(action, params, admin, preview, locale):
        result = execute(database, action, params, admin=admin, preview=preview,
                         locale=locale)
        assert isinstance(result, ActionResult)
        assert result.exit_code in (0, 1, 2) and result.message
        if result.exit_code != 0 and not result.changes:
            assert snapshot(database) == state["snapshot"], (action, params, result.code)
        elif result.changes and not preview:
            state["snapshot"] = snapshot(database)

    case()


COMMANDS = ["run", "actions", "clock", "show", "advance", "tick", "demo", "--json",
            "--preview", "--param", "--as", "--tenant", "--locale", "--db", "--help",
            "--idempotency-key", "--no-tick", "balance.settle", "payment-method.add",
            "subscription=x", "kind=credit-card", "7d", "1w", "nb-NO", "nl-NL", "-x", "--"]


@pytest.mark.slow
def test_the_command_line_never_shows_a_traceback(fuzz_db):
    _, _, ids, admins, path = fuzz_db
    tokens = st.one_of(st.sampled_from(COMMANDS), st.sampled_from(admins + ids), VALUES)

    @SETTINGS
    @given(st.lists(tokens, max_size=8))
    def case(argv):
        if "demo" in argv or ("--db" in argv and argv.index("--db") < len(argv) - 1):
            return  # keep the shared database in place: demo --reset would rebuild it
        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = main(["--db", str(path), *argv])
            except SystemExit as exit_:
                code = exit_.code
        assert code in (0, 1, 2), (argv, code, stderr.getvalue())
        assert "Traceback" not in stderr.getvalue() + stdout.getvalue()

    case()
