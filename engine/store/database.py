"""Open the account's database: SQLite by default, PostgreSQL by URL, migrated to the head.

The URL comes from ``--db``, else ``$BETAL_DB``, else a SQLite file in the user's data
directory. A plain path is taken as a SQLite file.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from engine.errors import N_, InputError

HEAD = "0004"
MIGRATIONS = Path(__file__).with_name("migrations")


def default_url() -> str:
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('betal', appauthor=False) / 'betal.db'}"


def resolve_url(url: str | None = None) -> str:
    chosen = url or os.environ.get("BETAL_DB") or default_url()
    if "://" not in chosen:
        chosen = f"sqlite:///{Path(chosen).expanduser().resolve()}"
    if chosen.startswith(("postgresql://", "postgres://")):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


SQLITE_PAGE_SIZE = 65536


def _sqlite_engine(url: str) -> Engine:
    path = url.removeprefix("sqlite:///")
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 60})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection, _record) -> None:
        # Let SQLAlchemy's "begin" event below decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # Only a new file takes this (before WAL fixes it): 64 KiB pages keep the B-trees
        # of invoices and charge attempts shallow, and a month's billing run needs about a
        # third less CPU than on 4 KiB pages (bench/engine_cycle.py).
        cursor.execute(f"PRAGMA page_size={SQLITE_PAGE_SIZE}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=60000")
        cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB: bulk billing touches many pages
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection) -> None:
        # A writer takes the write lock up front, so two writers never deadlock upgrading
        # a read lock; readers start a plain deferred transaction.
        if connection.get_execution_options().get("betal_write", True):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


class Database:
    """One account's database. Make units of work from it with :meth:`unit_of_work`."""

    def __init__(self, url: str, vault_url: str | None = None) -> None:
        self.url = url
        self.vault_url = vault_url
        self._vault = None
        if url.startswith("sqlite"):
            self.engine = _sqlite_engine(url)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)

    @property
    def vault(self):
        """The issuer simulator's vault beside this database (engine.issuer), opened when
        first needed."""
        if self._vault is None:
            from engine.issuer import Vault, vault_url

            self._vault = Vault(self.vault_url or vault_url(self.url))
        return self._vault

    def vault_session(self):
        from engine.issuer import VaultSession

        return VaultSession(lambda: self.vault)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def current_revision(self) -> str | None:
        try:
            with self.engine.connect().execution_options(betal_write=False) as connection:
                return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except (OperationalError, ProgrammingError):
            return None

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (creating it in an empty database)."""
        if self.current_revision() == HEAD:
            return
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            config.attributes["vault"] = lambda: self.vault  # migration 0004 moves cards there
            command.upgrade(config, "head")

    def unit_of_work(self, *, write: bool = True):
        from engine.store.uow import UnitOfWork

        return UnitOfWork(self, write=write)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._vault is not None:
            self._vault.dispose()


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    resolved = resolve_url(url)
    try:
        database = Database(resolved)
        if migrate:
            database.upgrade()
    except (OperationalError, ModuleNotFoundError) as error:
        raise InputError(
            "database-unavailable",
            N_("The database {url} cannot be opened: {reason}"),
            url=_redact(resolved), reason=str(getattr(error, "orig", error)).strip(),
        ) from error
    return database


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def copy_sqlite_account(source: str | Path, target: str | Path) -> None:
    """Copy an embedded account, closed: its database file and the vault file beside it
    (a copy of the database alone has no card records, by design)."""
    import shutil

    source, target = Path(source), Path(target)
    shutil.copyfile(source, target)
    vault = source.with_suffix(".vault.db")
    if vault.exists():
        shutil.copyfile(vault, target.with_suffix(".vault.db"))
