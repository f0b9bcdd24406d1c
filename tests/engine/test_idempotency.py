"""The same request, fired at once from several processes, charges exactly once."""

from __future__ import annotations

import json
import multiprocessing
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text, update

from engine.actions.runner import execute
from engine.services import payment_methods as pm
from engine.store import schema
from engine.store.database import open_database
from tests.engine.world import START, World


def past_due(world: World) -> tuple[str, str]:
    """A past-due subscription whose card has since been corrected: settling pays."""
    card = world.add_card(number="4000000000000168")
    subscription = world.subscribe(card, first_invoice=START + timedelta(days=1))
    world.advance(days=1)
    world.run("global", pm.update_payment_method, card, postal_code="9999")
    return subscription, world.admins["global"].id


def _settle(url, subscription, admin, key, barrier, results):
    database = open_database(url)
    barrier.wait()
    result = execute(database, "balance.settle", {"subscription": subscription}, admin=admin,
                     idempotency_key=key)
    results.put((result.ok, result.code, result.message, result.replayed))
    database.dispose()


def fire(url: str, subscription: str, admin: str, key: str | None, processes: int = 8):
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    workers = [context.Process(target=_settle,
                               args=(url, subscription, admin, key, barrier, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    return [results.get(timeout=5) for _ in workers]


def successful_settles(database, subscription: str) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text(
            "select count(*) from charge_attempts where subscription_id = :s "
            "and trigger = 'settle' and succeeded"), {"s": subscription}).scalar()


def test_eight_processes_with_one_key_charge_once(database):
    world = World(database)
    subscription, admin = past_due(world)
    database.dispose()
    outcomes = fire(database.url, subscription, admin, key="settle-once")
    assert successful_settles(database, subscription) == 1
    assert len({(ok, code, message) for ok, code, message, _ in outcomes}) == 1
    assert sum(1 for *_, replayed in outcomes if not replayed) == 1


def test_eight_processes_without_a_key_still_charge_once(database):
    world = World(database)
    subscription, admin = past_due(world)
    database.dispose()
    outcomes = fire(database.url, subscription, admin, key=None)
    assert successful_settles(database, subscription) == 1
    assert all(ok for ok, *_ in outcomes), "the others find nothing outstanding"


def test_a_failure_is_replayed_too(database):
    world = World(database)
    subscription = world.subscribe(world.add_card("billing"))
    first = execute(database, "balance.settle", {"subscription": subscription},
                    admin=world.admins["helpdesk"].id, idempotency_key="k")
    second = execute(database, "balance.settle", {"subscription": subscription},
                     admin=world.admins["helpdesk"].id, idempotency_key="k")
    assert first.code == second.code == "admin-roles"
    assert second.replayed and second.exit_code == 1


@pytest.mark.parametrize("age,replayed", [(timedelta(hours=23), True),
                                          (timedelta(hours=49), False)])
def test_keys_are_kept_at_least_a_day(database, age, replayed):
    world = World(database)
    admin = world.admins["global"].id
    first = world.add_card()
    execute(database, "payment-method.update", {"payment_method": first, "city": "Bergen"},
            admin=admin, idempotency_key="old")
    with database.unit_of_work() as uow:
        uow.connection.execute(update(schema.idempotency_keys).values(
            created_at=datetime.now(UTC).replace(tzinfo=None) - age))
        uow.commit()
    # Any keyed request sweeps expired keys.
    execute(database, "payment-method.update", {"payment_method": first, "city": "Oslo"},
            admin=admin, idempotency_key="new")
    again = execute(database, "payment-method.update",
                    {"payment_method": first, "city": "Bergen"}, admin=admin,
                    idempotency_key="old")
    assert again.replayed is replayed


# Who owns a key ---------------------------------------------------------------------------


def test_another_admins_key_is_a_conflict_that_reveals_nothing(database):
    world = World(database)
    subscription, admin = past_due(world)
    first = execute(database, "balance.settle", {"subscription": subscription}, admin=admin,
                    idempotency_key="shared-key")
    assert first.ok and not first.replayed
    other = execute(database, "balance.settle", {"subscription": subscription},
                    admin=world.admins["billing"].id, idempotency_key="shared-key",
                    locale="en")
    assert (other.code, other.exit_code, other.replayed) == ("idempotency-conflict", 2, False)
    unrelated = execute(database, "payment-method.delete", {"payment_method": "pm_00000000"},
                        admin=world.admins["billing"].id, idempotency_key="shared-key",
                        locale="en")
    assert other.message == unrelated.message, "the same words whatever the first request was"
    shown = json.dumps(other.to_dict())
    for secret in (first.message, subscription, first.data["attempt"],
                   str(first.data["amount"]), "Business Basic", admin, "Global"):
        assert secret not in shown, secret
    assert successful_settles(database, subscription) == 1


def test_a_refusal_under_one_admins_key_never_blocks_another_admin(database):
    world = World(database)
    subscription, _ = past_due(world)
    helpdesk, billing = world.admins["helpdesk"].id, world.admins["global"].id
    refused = execute(database, "balance.settle", {"subscription": subscription},
                      admin=helpdesk, idempotency_key="settle-nov")
    assert refused.code == "admin-roles"
    again = execute(database, "balance.settle", {"subscription": subscription},
                    admin=helpdesk, idempotency_key="settle-nov")
    assert again.replayed and again.code == "admin-roles", "the refusal is theirs to replay"
    paid = execute(database, "balance.settle", {"subscription": subscription},
                   admin=billing, idempotency_key="settle-nov")
    assert paid.ok and not paid.replayed, "another admin's request with the key runs"
    assert execute(database, "balance.settle", {"subscription": subscription},
                   admin=billing, idempotency_key="settle-nov").replayed
    late = execute(database, "balance.settle", {"subscription": subscription},
                   admin=helpdesk, idempotency_key="settle-nov")
    assert late.code == "idempotency-conflict", "now the key is the payer's"
    assert successful_settles(database, subscription) == 1


def test_keys_of_different_tenants_do_not_meet(database):
    one, two = World(database), World(database)
    first, _ = past_due(one)
    second, _ = past_due(two)
    for world, subscription in ((one, first), (two, second)):
        result = execute(database, "balance.settle", {"subscription": subscription},
                         admin=world.admins["global"].id, idempotency_key="same")
        assert result.ok and not result.replayed


@pytest.mark.parametrize("key,words", [
    ("", "empty"), ("   ", "empty"), ("k" * 201, "201"), ("k\n1", "U+000A"),
])
def test_an_empty_over_long_or_control_key_is_refused_before_anything_runs(database, key,
                                                                         words):
    world = World(database)
    subscription, admin = past_due(world)
    result = execute(database, "balance.settle", {"subscription": subscription}, admin=admin,
                     idempotency_key=key, locale="en")
    assert (result.code, result.exit_code) == ("invalid-idempotency-key", 2)
    assert words in result.message
    assert successful_settles(database, subscription) == 0


def test_a_key_of_200_characters_is_fine(database):
    world = World(database)
    subscription, admin = past_due(world)
    key = "k" * 200
    assert execute(database, "balance.settle", {"subscription": subscription}, admin=admin,
                   idempotency_key=key).ok
    assert execute(database, "balance.settle", {"subscription": subscription}, admin=admin,
                   idempotency_key=key).replayed


@pytest.mark.parametrize("locale,words", [("en", "empty"), ("nb-NO", "tom"),
                                          ("nl-NL", "leeg")])
def test_the_command_line_refuses_an_empty_key_in_the_users_language(demo_db, capsys, locale,
                                                                    words):
    from tui.cli import main

    _, path, summary = demo_db
    scenario = summary["scenarios"]["past-due"]
    code = main(["--db", str(path), "--locale", locale, "run", "balance.settle", "--as",
                 scenario["admin"], "--param", f"subscription={scenario['subscription']}",
                 "--idempotency-key", ""])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and words in err, err


def test_records_made_before_keys_had_owners_are_conflicts_for_everyone(tmp_path):
    """Migration 0003 keeps them with no owner: a retry is refused, never run twice."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from engine.store import database as db_module

    url = f"sqlite:///{tmp_path / 'betal.db'}"
    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    engine.dispose()
    database = open_database(url)
    world = World(database)
    subscription, admin = past_due(world)
    with database.engine.begin() as connection:
        connection.execute(text("insert into idempotency_keys (tenant_id, key, admin_id, "
                                "refused, action, request_hash, result, created_at) values "
                                "(:t, 'old', '', false, 'balance.settle', 'x', '{}', :at)"),
                           {"t": world.tenant.id, "at": datetime.now(UTC).replace(tzinfo=None)})
    result = execute(database, "balance.settle", {"subscription": subscription}, admin=admin,
                     idempotency_key="old")
    assert result.code == "idempotency-conflict"
    assert successful_settles(database, subscription) == 0
    database.dispose()


@pytest.mark.parametrize("locale,words", [
    ("en", "Not run again"), ("nb-NO", "Ikke kjørt på nytt"), ("nl-NL", "Niet opnieuw uitgevoerd"),
])
def test_a_retried_command_says_it_ran_nothing_again(demo_db, capsys, locale, words):
    """The second run with a key prints the first result, and says first that nothing ran
    again: an admin who retries must not think the card was charged twice."""
    from tui.cli import main

    _, path, summary = demo_db
    scenario = summary["scenarios"]["past-due"]
    command = ["--db", str(path), "--locale", locale, "run", "balance.settle", "--as",
               scenario["admin"], "--param", f"subscription={scenario['subscription']}",
               "--idempotency-key", f"retry-{locale}"]
    assert main(command) == 0
    first = capsys.readouterr().out
    assert words not in first and first.startswith("✓")
    assert main(command) == 0
    again = capsys.readouterr().out
    assert again.startswith(words), again
    assert again.splitlines()[1:] == first.splitlines(), "the first result, as it was"
