"""Fixtures shared by every test package: account databases, empty or with the demo."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

from engine import demo
from engine.store.database import open_database

DEMO_TODAY = datetime(2026, 11, 20)


@pytest.fixture
def database(tmp_path):
    """An empty, migrated SQLite account database in a file of its own."""
    db = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
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
    shutil.copy(source, path)
    db = open_database(f"sqlite:///{path}")
    yield db, path, summary
    db.dispose()
