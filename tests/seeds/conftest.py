"""The seed conformance suite runs on an embedded SQLite account (the store itself is tested
on both SQLite and PostgreSQL in tests/engine)."""

from __future__ import annotations

import pytest

from engine.store.database import open_database
from tests.engine.world import World


@pytest.fixture
def database(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    yield db
    db.dispose()


@pytest.fixture
def world(database):
    return World(database)
