"""Passphrases for shared accounts: scrypt at today's cost, a sign-in policy in the database
that only a Global admin changes, one-time codes for a first passphrase, lockouts, and an
audit entry for every failure, lockout and change."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from engine import config as engine_config
from engine.actions.runner import Session, execute, open_session
from engine.errors import BetalError, InputError
from engine.services import auth
from engine.store.database import open_database
from tests.engine.world import World
from tui.cli import main

PASSPHRASE = "correct horse battery"
ROOT = Path(__file__).parents[2]


def give_passphrase(world: World, name: str, passphrase: str = PASSPHRASE) -> None:
    """``name`` sets a first passphrase with a code the tenant's Global admin issued."""
    with world.database.unit_of_work() as uow:
        issuer = uow.admins.get(world.admins["global"].id)
        admin = uow.admins.get(world.admins[name].id)
        code, _ = auth.issue_code(uow, issuer, admin)
        auth.set_passphrase(uow, admin, passphrase, engine_config.load(), code=code)
        uow.commit()


@pytest.fixture
def world(database):
    world = World(database)
    give_passphrase(world, "global")
    return world


def cookies(world, passphrase=None, admin="global"):
    return execute(world.database, "browser.cookies", {}, admin=world.admins[admin].id,
                   passphrase=passphrase)


def stored_admin(world, name="global"):
    return world.get("admins", world.admins[name].id)


def audit(world, action: str) -> list[str]:
    return sorted(e.outcome for e in world.all("audit_events") if e.action == action)


# Hashing -----------------------------------------------------------------------------------


def test_passphrases_are_salted_scrypt_hashes_at_owasps_cost():
    first, second = auth.hash_passphrase(PASSPHRASE), auth.hash_passphrase(PASSPHRASE)
    assert first.startswith("scrypt$131072$8$1$"), "N=2^17, r=8, p=1 (OWASP)"
    assert first != second and PASSPHRASE not in first
    assert auth.verify_passphrase(PASSPHRASE, first)
    assert not auth.verify_passphrase(PASSPHRASE + "!", first)
    assert not auth.verify_passphrase(PASSPHRASE, "md5$whatever")


def test_a_stored_hash_cannot_make_a_check_take_any_amount_of_memory(monkeypatch):
    calls = []
    monkeypatch.setattr(auth, "scrypt_hash", lambda *args: calls.append(args) or b"")
    forged = "scrypt$1073741824$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"
    assert not auth.verify_passphrase(PASSPHRASE, forged)
    assert calls == [], "a cost beyond what Betal makes is refused before hashing"


def test_a_hash_of_a_lower_cost_is_remade_at_the_next_sign_in(world, monkeypatch):
    with world.database.unit_of_work() as uow:
        admin = uow.admins.get(world.admins["global"].id)
        monkeypatch.setattr(auth, "SCRYPT_N", 2**14)
        admin.passphrase_hash = auth.hash_passphrase(PASSPHRASE)
        monkeypatch.undo()
        uow.admins.save(admin)
        uow.commit()
    assert stored_admin(world).passphrase_hash.startswith("scrypt$16384$")
    assert cookies(world, PASSPHRASE).ok
    assert stored_admin(world).passphrase_hash.startswith("scrypt$131072$8$1$")
    assert cookies(world, PASSPHRASE).ok


def test_checking_an_unknown_admin_does_the_same_work_as_a_known_one(world, monkeypatch):
    """By structure, not by timing: the same scrypt call with the same cost runs once for
    a wrong passphrase of a real admin and once for an admin who does not exist."""
    calls = []
    real = auth.scrypt_hash

    def counted(secret, salt, n, r, p, length):
        calls.append((n, r, p, length))
        return real(secret, salt, n, r, p, length)

    monkeypatch.setattr(auth, "scrypt_hash", counted)
    known = cookies(world, "wrong passphrase")
    work_for_known, calls[:] = list(calls), []
    unknown = execute(world.database, "browser.cookies", {}, admin="nobody@test.example",
                      passphrase="wrong passphrase")
    assert (known.code, unknown.code) == ("sign-in-failed", "unknown-admin")
    assert calls == work_for_known == [(2**17, 8, 1, 32)]


# Signing in ----------------------------------------------------------------------------------


def test_an_admin_with_a_passphrase_must_give_it(world):
    assert cookies(world).code == "passphrase-required"
    assert cookies(world, "wrong passphrase").code == "sign-in-failed"
    assert cookies(world, PASSPHRASE).ok
    assert cookies(world, admin="billing").ok, "admins without a passphrase are not asked"


def test_repeated_failures_lock_the_admin_for_a_while_and_it_is_audited(world):
    for _ in range(5):
        assert cookies(world, "wrong passphrase").code == "sign-in-failed"
    locked = cookies(world, PASSPHRASE)
    assert locked.code == "account-locked" and locked.exit_code == 2
    admin = stored_admin(world)
    assert admin.locked_until - auth.wall_clock() > timedelta(minutes=14)
    assert audit(world, "admin.sign-in") == ["account-locked"] + ["sign-in-failed"] * 5
    assert audit(world, "admin.lockout") == ["locked"]
    with world.database.unit_of_work() as uow:
        admin = uow.admins.get(admin.id)
        admin.locked_until = auth.wall_clock() - timedelta(seconds=1)
        uow.admins.save(admin)
        uow.commit()
    assert cookies(world, PASSPHRASE).ok
    assert stored_admin(world).failed_signins == 0


def test_sign_ins_are_audited_without_the_passphrase(world):
    cookies(world, "wrong passphrase")
    cookies(world, PASSPHRASE)
    events = [e for e in world.all("audit_events") if e.action.startswith("admin.")]
    assert audit(world, "admin.sign-in") == ["ok", "sign-in-failed"]
    assert all(PASSPHRASE not in e.params for e in events)


def test_a_session_signs_in_once_for_many_actions(world):
    with pytest.raises(InputError) as wrong:
        open_session(world.database, world.admins["global"].id, passphrase="wrong passphrase")
    assert wrong.value.code == "sign-in-failed"
    session = open_session(world.database, world.admins["global"].id, passphrase=PASSPHRASE)
    for _ in range(3):
        result = execute(world.database, "browser.cookies", {},
                         admin=world.admins["global"].id, session=session)
        assert result.ok
    assert audit(world, "admin.sign-in") == ["ok", "sign-in-failed"], "one sign-in, not three"


def test_a_session_is_only_made_by_signing_in_and_only_for_its_database(world, tmp_path):
    admin = stored_admin(world)
    with pytest.raises(TypeError):
        Session(admin, world.database.url, object())
    session = open_session(world.database, admin.id, passphrase=PASSPHRASE)
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    with pytest.raises(ValueError):
        execute(other, "browser.cookies", {}, admin=admin.id, session=session)
    other.dispose()


# Passphrases and one-time codes ---------------------------------------------------------------


def test_changing_a_passphrase_needs_the_current_one_and_is_audited(world):
    config = engine_config.load()
    with world.database.unit_of_work() as uow:
        admin = uow.admins.get(world.admins["global"].id)
        with pytest.raises(BetalError) as refused:
            auth.set_passphrase(uow, admin, "a new passphrase", config,
                                current="wrong passphrase")
        assert refused.value.code == "sign-in-failed"
        with pytest.raises(BetalError) as weak:
            auth.set_passphrase(uow, admin, "short", config, current=PASSPHRASE)
        assert weak.value.code == "weak-passphrase"
        assert auth.set_passphrase(uow, admin, "a new passphrase", config,
                                   current=PASSPHRASE) == "changed"
        uow.commit()
    assert audit(world, "admin.passphrase") == ["changed", "set"]
    assert cookies(world, "a new passphrase").ok


def test_a_first_passphrase_needs_a_one_time_code_from_a_global_admin(world):
    config = engine_config.load()
    with world.database.unit_of_work() as uow:
        billing = uow.admins.get(world.admins["billing"].id)
        with pytest.raises(BetalError) as without:
            auth.set_passphrase(uow, billing, PASSPHRASE, config)
        assert without.value.code == "one-time-code-required"
        other_billing = uow.admins.get(world.admins["billing2"].id)
        with pytest.raises(BetalError) as not_global:
            auth.issue_code(uow, other_billing, billing)
        assert (not_global.value.code, not_global.value.exit_code) == ("global-admin-only", 1)
        issuer = uow.admins.get(world.admins["global"].id)
        code, expires = auth.issue_code(uow, issuer, billing)
        assert expires - auth.wall_clock() <= timedelta(hours=24)
        with pytest.raises(BetalError) as wrong:
            auth.set_passphrase(uow, billing, PASSPHRASE, config, code="ABCD-EFGH-JKLM-NPQR")
        assert wrong.value.code == "one-time-code-wrong"
        assert auth.set_passphrase(uow, billing, PASSPHRASE, config,
                                   code=code.lower()) == "set"
        uow.commit()
    assert cookies(world, PASSPHRASE, admin="billing").ok
    with world.database.unit_of_work() as uow:
        billing = uow.admins.get(world.admins["billing"].id)
        billing.passphrase_hash = None  # as if it were reset: the code is spent all the same
        uow.admins.save(billing)
        with pytest.raises(BetalError) as again:
            auth.set_passphrase(uow, billing, PASSPHRASE, config, code=code)
        assert again.value.code == "one-time-code-wrong"
        codes = uow.connection.exec_driver_sql("select code_hash from one_time_codes").all()
        assert codes and all(code.replace("-", "") not in row[0] for row in codes)
    assert audit(world, "admin.one-time-code") == ["issued", "issued"]  # global's own, billing's
    assert "one-time-code-wrong" in audit(world, "admin.passphrase")


def test_an_expired_code_or_one_replaced_by_a_newer_one_is_refused(world):
    config = engine_config.load()
    with world.database.unit_of_work() as uow:
        issuer = uow.admins.get(world.admins["global"].id)
        billing = uow.admins.get(world.admins["billing"].id)
        first, _ = auth.issue_code(uow, issuer, billing)
        second, _ = auth.issue_code(uow, issuer, billing)
        with pytest.raises(BetalError):
            auth.set_passphrase(uow, billing, PASSPHRASE, config, code=first)
        uow.connection.exec_driver_sql(
            "update one_time_codes set expires_at = issued_at")  # both are now out of date
        with pytest.raises(BetalError) as expired:
            auth.set_passphrase(uow, billing, PASSPHRASE, config, code=second)
        assert expired.value.code == "one-time-code-wrong"


def test_wrong_codes_count_towards_the_lockout(world):
    config = engine_config.load()
    with world.database.unit_of_work() as uow:
        billing = uow.admins.get(world.admins["billing"].id)
        for _ in range(5):
            with pytest.raises(BetalError):
                auth.set_passphrase(uow, billing, PASSPHRASE, config, code="NOPE-NOPE-NOPE-NOPE")
        assert billing.locked_until is not None
        with pytest.raises(BetalError) as locked:
            auth.set_passphrase(uow, billing, PASSPHRASE, config, code="NOPE-NOPE-NOPE-NOPE")
        assert locked.value.code == "account-locked"
        uow.commit()
    assert audit(world, "admin.lockout") == ["locked"]


# The sign-in policy --------------------------------------------------------------------------


def test_the_policy_is_the_defaults_until_a_global_admin_changes_it(world):
    config = engine_config.load()
    with world.database.unit_of_work() as uow:
        rules = auth.policy(uow, world.tenant.id, config)
        assert (rules.max_failures, rules.lockout, rules.set_by) == (5, timedelta(minutes=15),
                                                                     None)
        helpdesk = uow.admins.get(world.admins["helpdesk"].id)
        with pytest.raises(BetalError) as refused:
            auth.set_policy(uow, helpdesk, config, max_failures=2)
        assert refused.value.code == "global-admin-only"
        actor = uow.admins.get(world.admins["global"].id)
        with pytest.raises(BetalError) as silly:
            auth.set_policy(uow, actor, config, max_failures=0)
        assert silly.value.code == "invalid-value"
        rules = auth.set_policy(uow, actor, config, max_failures=2, lockout_minutes=60)
        assert (rules.max_failures, rules.lockout, rules.min_passphrase_length,
                rules.set_by) == (2, timedelta(hours=1), 10, actor.id)
        uow.commit()
    assert audit(world, "tenant.sign-in-policy") == ["ok"]
    for _ in range(2):
        assert cookies(world, "wrong passphrase").code == "sign-in-failed"
    assert cookies(world, PASSPHRASE).code == "account-locked", "locked after two, not five"
    assert stored_admin(world).locked_until - auth.wall_clock() > timedelta(minutes=59)


# The command line ------------------------------------------------------------------------------


def sqlite_only(database):
    if database.engine.dialect.name != "sqlite":
        pytest.skip("command-line plumbing; the backend does not matter")


def test_the_command_line_sets_a_first_passphrase_with_a_code(database, monkeypatch, capsys):
    sqlite_only(database)
    world = World(database)
    url, admin, issuer = database.url, world.admins["billing"].email, world.admins["global"]
    monkeypatch.setenv("BETAL_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["--db", url, "passphrase", "--as", admin]) == 2
    assert "one-time-code" in capsys.readouterr().err
    assert main(["--db", url, "one-time-code", "--as", world.admins["billing2"].email,
                 "--for", admin]) == 1, "only a Global admin issues codes"
    capsys.readouterr()
    assert main(["--db", url, "one-time-code", "--as", issuer.email, "--for", admin,
                 "--json"]) == 0
    import json

    code = json.loads(capsys.readouterr().out)["code"]
    monkeypatch.setenv("BETAL_ONE_TIME_CODE", code)
    assert main(["--db", url, "passphrase", "--as", admin]) == 0
    monkeypatch.delenv("BETAL_NEW_PASSPHRASE")
    assert main(["--db", url, "run", "browser.cookies", "--as", admin]) == 2
    assert "BETAL_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("BETAL_PASSPHRASE", PASSPHRASE)
    assert main(["--db", url, "run", "browser.cookies", "--as", admin]) == 0


def test_the_command_line_shows_and_sets_the_policy(database, monkeypatch, capsys):
    sqlite_only(database)
    world = World(database)
    url = database.url
    assert main(["--db", url, "--locale", "en", "sign-in-policy", "--as",
                 world.admins["helpdesk"].email]) == 0
    assert "5 wrong passphrases" in capsys.readouterr().out
    assert main(["--db", url, "sign-in-policy", "--as", world.admins["helpdesk"].email,
                 "--max-failures", "3"]) == 1
    assert main(["--db", url, "--locale", "nb-NO", "sign-in-policy", "--as",
                 world.admins["global"].email, "--max-failures", "3",
                 "--lockout-minutes", "30"]) == 0
    out = capsys.readouterr().out
    assert "3" in out and "30 minutter" in out and world.admins["global"].email in out


def test_a_config_file_cannot_set_the_sign_in_policy(tmp_path):
    config = tmp_path / "betal.toml"
    config.write_text("[auth]\nmax_failures = 1000\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--db", str(tmp_path / "x.db"), "--locale", "en",
         "demo"], cwd=ROOT, capture_output=True, text=True, check=False,
        env={"PATH": "/usr/bin:/bin", "BETAL_CONFIG": str(config),
             "BETAL_LOG": str(tmp_path / "log")})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "sign-in-policy" in result.stderr
    assert "Traceback" not in result.stderr
