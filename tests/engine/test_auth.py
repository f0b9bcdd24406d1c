"""Passphrases for shared accounts: hashed with scrypt, required, and locked after failures."""

from __future__ import annotations

from datetime import timedelta

import pytest

from engine import config as engine_config
from engine.actions.runner import Session, execute, open_session
from engine.errors import InputError
from engine.services import auth
from engine.store.database import open_database
from tests.engine.world import World
from tui.cli import main

PASSPHRASE = "correct horse battery"


@pytest.fixture
def world(database):
    world = World(database)
    with database.unit_of_work() as uow:
        admin = uow.admins.get(world.admins["global"].id)
        auth.set_passphrase(uow, admin, PASSPHRASE, engine_config.load())
        uow.commit()
    return world


def cookies(world, passphrase=None):
    return execute(world.database, "browser.cookies", {}, admin=world.admins["global"].id,
                   passphrase=passphrase)


def stored_admin(world):
    return world.get("admins", world.admins["global"].id)


def test_passphrases_are_salted_scrypt_hashes():
    first, second = auth.hash_passphrase(PASSPHRASE), auth.hash_passphrase(PASSPHRASE)
    assert first.startswith("scrypt$") and first != second and PASSPHRASE not in first
    assert auth.verify_passphrase(PASSPHRASE, first)
    assert not auth.verify_passphrase(PASSPHRASE + "!", first)
    assert not auth.verify_passphrase(PASSPHRASE, "md5$whatever")


def test_an_admin_with_a_passphrase_must_give_it(world):
    assert cookies(world).code == "passphrase-required"
    assert cookies(world, "wrong passphrase").code == "sign-in-failed"
    assert cookies(world, PASSPHRASE).ok
    other = execute(world.database, "browser.cookies", {}, admin=world.admins["billing"].id)
    assert other.ok, "admins without a passphrase are not asked"


def test_repeated_failures_lock_the_admin_for_a_while(world):
    for _ in range(5):
        assert cookies(world, "wrong passphrase").code == "sign-in-failed"
    locked = cookies(world, PASSPHRASE)
    assert locked.code == "account-locked" and locked.exit_code == 2
    admin = stored_admin(world)
    assert admin.locked_until - auth.wall_clock() > timedelta(minutes=14)
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
    events = [e for e in world.all("audit_events") if e.action == "admin.sign-in"]
    assert sorted(e.outcome for e in events) == ["ok", "sign-in-failed"]
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
    events = [e.outcome for e in world.all("audit_events") if e.action == "admin.sign-in"]
    assert sorted(events) == ["ok", "sign-in-failed"], "one sign-in, not one per action"


def test_a_session_is_only_made_by_signing_in_and_only_for_its_database(world, tmp_path):
    admin = stored_admin(world)
    with pytest.raises(TypeError):
        Session(admin, world.database.url, object())
    session = open_session(world.database, admin.id, passphrase=PASSPHRASE)
    other = open_database(f"sqlite:///{tmp_path / 'other.db'}")
    with pytest.raises(ValueError):
        execute(other, "browser.cookies", {}, admin=admin.id, session=session)
    other.dispose()


def test_changing_a_passphrase_needs_the_current_one(world):
    with world.database.unit_of_work() as uow:
        admin = uow.admins.get(world.admins["global"].id)
        with pytest.raises(Exception) as refused:
            auth.set_passphrase(uow, admin, "a new passphrase", engine_config.load(),
                                current="wrong passphrase")
        assert refused.value.code == "sign-in-failed"
        with pytest.raises(Exception) as weak:
            auth.set_passphrase(uow, admin, "short", engine_config.load(), current=PASSPHRASE)
        assert weak.value.code == "weak-passphrase"


def test_the_command_line_reads_passphrases_from_the_environment(database, monkeypatch,
                                                                 capsys):
    if database.engine.dialect.name != "sqlite":
        pytest.skip("command-line plumbing; the backend does not matter")
    world = World(database)
    email = world.admins["global"].email
    url = database.url
    monkeypatch.setenv("BETAL_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["--db", url, "passphrase", "--as", email]) == 0
    monkeypatch.delenv("BETAL_NEW_PASSPHRASE")
    assert main(["--db", url, "run", "browser.cookies", "--as", email]) == 2
    assert "BETAL_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("BETAL_PASSPHRASE", PASSPHRASE)
    assert main(["--db", url, "run", "browser.cookies", "--as", email]) == 0
