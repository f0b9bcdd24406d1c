"""Card numbers live only in the issuer simulator's vault, apart from Betal's database.

The attack this guards against: someone holds a copy of Betal's database and knows a
card's first six and last four digits (printed on receipts). Before, the database kept a
fingerprint of the number keyed with a secret stored beside it, so trying the million
middle digits found the card. Now nothing in the database is derived from the number.
"""

from __future__ import annotations

import hashlib
import hmac
import sqlite3

import pytest
from stdnum import luhn

from engine.store.database import open_database
from tests.engine.world import World

FIRST6, LAST4 = "492181", "0004"


def card_number() -> str:
    """A valid number with the known first six and last four digits."""
    for middle in range(10**6):
        number = f"{FIRST6}{middle:06d}{LAST4}"
        if luhn.is_valid(number):
            return number
    raise AssertionError


def stored_strings(path) -> set[str]:
    """Every text value in every table of a SQLite file."""
    connection = sqlite3.connect(path)
    found = set()
    tables = [r[0] for r in connection.execute(
        "select name from sqlite_master where type = 'table'")]
    for table in tables:
        for row in connection.execute(f'select * from "{table}"'):
            found.update(value for value in row if isinstance(value, str))
    connection.close()
    return found


def recover(values: set[str], tenants: list[str]) -> str | None:
    """Try every possible number against every derivation an attacker would try, keyed
    with every stored value as a possible key."""
    keys = [bytes.fromhex(v) for v in values if len(v) == 64 and _is_hex(v)] + \
        [v.encode() for v in values if len(v) >= 16]
    targets = {v.lower() for v in values}
    for middle in range(10**6):
        number = f"{FIRST6}{middle:06d}{LAST4}"
        if not luhn.is_valid(number):
            continue
        plain = number.encode()
        for digest in (hashlib.sha256(plain).hexdigest(), hashlib.sha1(plain).hexdigest(),
                       hashlib.md5(plain).hexdigest()):
            if digest in targets or digest[:32] in targets:
                return number
        for key in keys:
            for tenant in tenants:
                keyed = hmac.new(key, f"{tenant}:{number}".encode(), hashlib.sha256).hexdigest()
                if keyed in targets or keyed[:32] in targets:
                    return number
    return None


def _is_hex(text: str) -> bool:
    try:
        bytes.fromhex(text)
    except ValueError:
        return False
    return True


@pytest.fixture
def embedded(tmp_path):
    database = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    yield database, tmp_path
    database.dispose()


@pytest.mark.slow
def test_a_copy_of_the_database_does_not_give_a_card_back(embedded):
    database, folder = embedded
    world = World(database)
    number = card_number()
    world.add_card(number=number)
    database.dispose()
    values = stored_strings(folder / "betal.db")
    assert not any(number in value for value in values)
    assert recover(values, [world.tenant.id]) is None


@pytest.mark.slow
def test_the_attack_finds_a_card_kept_the_old_way(tmp_path):
    """The search above is a real one: against a fingerprint keyed with a secret stored
    beside it (what Betal did before the vault), it finds the number."""
    number = card_number()
    secret = "ab" * 32
    tenant = "tn_old"
    fingerprint = hmac.new(bytes.fromhex(secret), f"{tenant}:{number}".encode(),
                           hashlib.sha256).hexdigest()[:32]
    assert recover({secret, fingerprint, tenant}, [tenant]) == number


def test_the_number_is_in_the_vault_and_only_there(embedded):
    database, folder = embedded
    world = World(database)
    number = card_number()
    method = world.add_card(number=number)
    database.dispose()
    assert number in stored_strings(folder / "betal.vault.db")
    assert not any(number in value for value in stored_strings(folder / "betal.db"))
    with database.unit_of_work(write=False) as uow:
        token = uow.payment_methods.get(method).token
        assert token.startswith("tok_") and uow.vault.record(token).holder_name == "Global"


def test_a_card_added_again_is_recognised_by_the_vault(embedded):
    from engine.errors import InputError
    from engine.services import payment_methods as pm

    world = World(embedded[0])
    first = world.add_card(number="4242424242424242")
    with pytest.raises(InputError) as refused:
        world.add_card(number="4242 4242 4242 4242")
    assert refused.value.code == "duplicate-payment-method"
    world.run("global", pm.delete_payment_method, first)
    again = world.add_card(number="4242424242424242")
    assert world.get("payment_methods", again).token == world.get("payment_methods", first).token


def test_an_older_database_moves_its_bank_records_into_the_vault(tmp_path):
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from engine.store import database as db_module

    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        connection.execute(text(
            "insert into tenants values ('tn_1', 'Old AS', 'NO', 'NOK', 'nb-NO', '2026-01-01')"))
        connection.execute(text(
            "insert into admins (id, tenant_id, name, email, role, failed_signins) values "
            "('ad_1', 'tn_1', 'Kari', 'k@x', 'global-admin', 0)"))
        connection.execute(text(
            "insert into payment_methods (id, tenant_id, kind, added_by, country, last4, "
            "fingerprint, holder_name, created_at, address_line, city, region, postal_code, "
            "phone) values ('pm_1', 'tn_1', 'credit-card', 'ad_1', 'NO', '0119', 'f1', 'Kari', "
            "'2026-01-01', '', 'Oslo', '', '0155', '')"))
        connection.execute(text(
            "insert into issuer_records values ('f1', 'not_activated', 'NO', 'Kari', 12, 2030, "
            "'Oslo', '', '0155', 'Storgata 1')"))
        connection.execute(text("insert into settings values ('fingerprint_secret', 'ab')"))
    engine.dispose()
    database = db_module.open_database(url)
    with database.unit_of_work(write=False) as uow:
        token = uow.payment_methods.get("pm_1").token
        record = uow.vault.record(token)
        assert (record.state, record.exp_year, record.address_line) == (
            "not_activated", 2030, "Storgata 1")
        assert uow.setting("fingerprint_secret") is None
    database.dispose()
    assert "f1" not in stored_strings(tmp_path / "old.db")


def test_a_preview_of_adding_a_card_keeps_nothing_in_the_vault(embedded):
    from engine.actions.runner import execute

    database, folder = embedded
    world = World(database)
    result = execute(database, "payment-method.add",
                     {"kind": "credit-card", "number": card_number(), "expiry": "12/2030",
                      "holder_name": "Kari"}, admin=world.admins["global"].id, preview=True)
    assert result.ok and result.preview
    database.dispose()
    connection = sqlite3.connect(folder / "betal.vault.db")
    assert connection.execute("select count(*) from vault_cards").fetchone() == (0,)
    connection.close()
