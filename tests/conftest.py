"""Fixtures shared by every test package: account databases on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from engine import demo
from engine.store.database import copy_sqlite_account, open_database
from engine.store.schema import metadata
from tests.postgres import PostgresServer, find_bindir

DEMO_TODAY = datetime(2026, 11, 20)
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(autouse=True)
def plain_language_environment(monkeypatch):
    """No language from the shell the tests run in: Betal falls back to English or the
    tenant's language unless a test asks for one. The character set stays UTF-8, as
    terminals (tmux) need it."""
    monkeypatch.delenv("BETAL_LOCALE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(scope="session")
def postgres():
    """A PostgreSQL server of this test session (one per xdist worker)."""
    bindir = find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL is not installed (no initdb/pg_ctl found)")
    server = PostgresServer(bindir)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres):
    """A migrated PostgreSQL database that tests empty before use."""
    url = postgres.create_database("betal_tests")
    open_database(url).dispose()
    return url


def empty_postgres(url: str):
    database = open_database(url)
    tables = ", ".join(table.name for table in metadata.sorted_tables)
    with database.engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} CASCADE"))
    return database


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path):
    """An empty, migrated account database: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        db = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    else:
        db = empty_postgres(request.getfixturevalue("postgres_url"))
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo account, built once per test session; tests get copies of its file."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(f"sqlite:///{path}")
    summary = demo.create(db, today=DEMO_TODAY)
    db.dispose()  # closing the last connection folds the WAL into the file
    return path, summary


@pytest.fixture
def demo_db(demo_template, tmp_path):
    """A fresh copy of the demo account: (database, path, summary)."""
    source, summary = demo_template
    path = tmp_path / "betal.db"
    copy_sqlite_account(source, path)
    db = open_database(f"sqlite:///{path}")
    yield db, path, summary
    db.dispose()
