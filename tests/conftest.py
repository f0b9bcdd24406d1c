"""Fixtures shared by every test package: a fresh account database per test."""

from __future__ import annotations

import pytest

from engine.store.database import open_database


@pytest.fixture
def database(tmp_path):
    """An empty, migrated SQLite account database in a file of its own."""
    db = open_database(f"sqlite:///{tmp_path / 'betal.db'}")
    yield db
    db.dispose()
