"""The Alembic migrations build exactly the schema the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from engine.store import database as db_module
from engine.store.schema import metadata


def test_head_constant_is_the_newest_migration():
    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == db_module.HEAD


def test_migrated_database_matches_the_declared_schema(database):
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_opening_twice_does_not_migrate_again(database):
    assert database.current_revision() == db_module.HEAD
    database.upgrade()
    assert database.current_revision() == db_module.HEAD


def test_a_new_sqlite_file_has_large_pages_and_a_write_ahead_log(tmp_path):
    database = db_module.open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    with database.engine.connect() as connection:
        pragma = {name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                  for name in ("page_size", "journal_mode", "foreign_keys")}
    database.dispose()
    assert pragma == {"page_size": db_module.SQLITE_PAGE_SIZE, "journal_mode": "wal",
                      "foreign_keys": 1}


def test_an_older_demo_account_loses_its_stored_card_number(tmp_path):
    import json

    from alembic import command
    from sqlalchemy import create_engine, text

    from engine import demo

    url = f"sqlite:///{tmp_path / 'betal.db'}"
    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    old = {"tenants": [{"id": "tn_1"}], "scenarios_by_tenant": {"tn_1": {
        "foreign-card": {"tenant": "tn_1", "card_number": demo.FOREIGN_CARD}}}}
    old["scenarios"] = old["scenarios_by_tenant"]["tn_1"]
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text("INSERT INTO settings VALUES ('demo', :value)"),
                           {"value": json.dumps(old)})
    engine.dispose()
    database = db_module.open_database(url)  # migrates to the newest revision
    with database.engine.connect() as connection:
        stored = connection.execute(text("SELECT value FROM settings")).scalar()
    assert demo.FOREIGN_CARD not in stored
    assert demo.exists(database)["scenarios"]["foreign-card"]["card_number"] == demo.FOREIGN_CARD
    database.dispose()


def test_a_connection_lost_while_reading_the_schema_is_not_taken_for_another_programs_tables(
        tmp_path):
    """The check of the schema's migration fails (the server cut the connection): the
    failure is raised as it is, never reported as "another program's tables"."""
    import pytest
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    path = tmp_path / "betal.db"
    db_module.open_database(f"sqlite:///{path}").dispose()
    database = db_module.Database(f"sqlite:///{path}", create=False)
    cuts = []

    @event.listens_for(database.engine, "before_cursor_execute")
    def cut_once(*_args):
        if not cuts:
            cuts.append(1)
            raise OperationalError("SELECT", {}, Exception("server closed the connection"))

    with pytest.raises(OperationalError, match="server closed the connection"):
        database.upgrade()
    assert cuts
    database.upgrade()  # the next attempt finds Betal's schema, as it is
    assert database.current_revision() == db_module.HEAD
    database.dispose()
