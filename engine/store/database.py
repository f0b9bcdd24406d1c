"""Open the account's database: SQLite by default, PostgreSQL by URL, migrated to the head.

The URL comes from ``--db``, else ``$BETAL_DB``, else a SQLite file in the user's data
directory. A plain path is taken as a SQLite file.

What can go wrong with a database becomes one :class:`~engine.errors.InputError` with a
plain message (:func:`database_error`): a file that is not a database, a damaged one, one
made by a newer Betal, an unknown kind of URL, a full disk. A SQLite file is created only
when the caller asks for it (``create=True``: ``betal demo`` and the terminal UI's first
start), so a mistyped path never leaves an empty database behind.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import ArgumentError, DBAPIError

from engine.errors import N_, InputError

HEAD = "0006"
MIGRATIONS = Path(__file__).with_name("migrations")
SCHEMES = ("sqlite", "postgresql", "postgresql+psycopg", "postgres")


def default_url() -> str:
    from platformdirs import user_data_path

    return f"sqlite:///{user_data_path('betal', appauthor=False) / 'betal.db'}"


def resolve_url(url: str | None = None) -> str:
    chosen = url or os.environ.get("BETAL_DB") or default_url()
    if "://" not in chosen:
        chosen = f"sqlite:///{Path(chosen).expanduser().resolve()}"
    scheme = chosen.split("://", 1)[0]
    if scheme.lower() not in SCHEMES:
        raise InputError(
            "unknown-database-kind",
            N_("Betal cannot use a database of the kind '{scheme}'. Give a file path, "
               "sqlite:///PATH or postgresql://HOST/NAME."), scheme=scheme)
    if chosen.startswith(("postgresql://", "postgres://")):
        chosen = "postgresql+psycopg://" + chosen.split("://", 1)[1]
    return chosen


SQLITE_PAGE_SIZE = 65536


def sqlite_path(url: str) -> str | None:
    """The file of a SQLite URL; None for an in-memory database."""
    path = url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else ""
    return path if path and path != ":memory:" else None


def sqlite_engine(url: str, *, create: bool) -> Engine:
    path = sqlite_path(url)
    if path:
        # An empty file is what SQLite would turn into a new database: no account either.
        if not create and (not Path(path).exists() or Path(path).stat().st_size == 0):
            raise InputError(
                "no-database",
                N_("There is no Betal database at {path}. Check the path (--db or BETAL_DB), "
                   "or create the demo account there with 'betal demo'."), path=path)
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

    def __init__(self, url: str, *, create: bool = True,
                 vault_url: str | None = None) -> None:
        self.url = url
        self.vault_url = vault_url
        self._vault = None
        if url.startswith("sqlite"):
            self.engine = sqlite_engine(url, create=create)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)

    @property
    def vault(self):
        """The issuer simulator's vault beside this database (engine.store.vault), opened when
        first needed."""
        if self._vault is None:
            from engine.store.vault import Vault, vault_url

            self._vault = Vault(self.vault_url or vault_url(self.url))
        return self._vault

    def vault_session(self):
        from engine.store.vault import VaultSession

        return VaultSession(lambda: self.vault)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def current_revision(self) -> str | None:
        """The schema's migration, None in a database without Betal's schema. A failure to
        read (a lost connection, a damaged file) is raised, never taken for "no schema"."""
        with self.engine.connect().execution_options(betal_write=False) as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (creating it in an empty database).

        A database made by a newer Betal, or one that holds another program's tables, is
        refused rather than changed."""
        current = self.current_revision()
        if current == HEAD:
            return
        from alembic import command
        from alembic.config import Config
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        known = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
        if current is not None and current not in known:
            raise InputError(
                "database-too-new",
                N_("The database {url} was made by a newer version of Betal (schema {found}; "
                   "this version knows schemas up to {head}). Update Betal to open it."),
                url=redact(self.url), found=current, head=HEAD)
        if current is None and self._foreign_tables():
            raise InputError(
                "not-a-betal-database",
                N_("The database {url} holds another program's tables, not a Betal account. "
                   "Check --db or BETAL_DB."), url=redact(self.url))
        with self.engine.begin() as connection:
            config.attributes["connection"] = connection
            config.attributes["vault"] = lambda: self.vault  # migration 0004 moves cards there
            command.upgrade(config, "head")

    def _foreign_tables(self) -> list[str]:
        with self.engine.connect().execution_options(betal_write=False) as connection:
            return [name for name in inspect(connection).get_table_names()
                    if name != "alembic_version"]

    def unit_of_work(self, *, write: bool = True):
        from engine.store.uow import UnitOfWork

        return UnitOfWork(self, write=write)

    def dispose(self) -> None:
        self.engine.dispose()
        if self._vault is not None:
            self._vault.dispose()


def open_database(url: str | None = None, *, migrate: bool = True,
                  create: bool = True) -> Database:
    """The database at ``url``, migrated to the newest schema.

    With ``create=False`` a SQLite file that does not exist is an error instead of a new,
    empty database."""
    resolved = resolve_url(url)
    try:
        database = Database(resolved, create=create)
        if migrate:
            database.upgrade()
    except (DBAPIError, ArgumentError, ModuleNotFoundError) as error:
        raise database_error(error, resolved) from error
    return database


# SQLite's primary result codes, and PostgreSQL's SQLSTATE for a full disk.
_SQLITE_FULL, _SQLITE_CORRUPT, _SQLITE_READONLY, _SQLITE_NOTADB = 13, 11, 8, 26
_PG_DISK_FULL = "53100"


def database_error(error: Exception, url: str) -> InputError:
    """What a database failure means for the person at the command line, in one line.

    A transaction that fails is rolled back whole (SQLite's and PostgreSQL's atomic
    commit), so for a full disk or a refused write nothing was changed."""
    shown = redact(url)
    origin = getattr(error, "orig", None) or error
    code = getattr(origin, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    reason = " ".join(str(origin).split())
    if primary == _SQLITE_NOTADB:
        return InputError("not-a-betal-database",
                          N_("{url} is not a database Betal can read (it is not a SQLite "
                             "file). Check --db or BETAL_DB."), url=shown)
    if primary == _SQLITE_CORRUPT:
        return InputError("database-damaged",
                          N_("The database {url} is damaged ({reason}). Restore it from a "
                             "backup; Betal changed nothing."), url=shown, reason=reason)
    if primary == _SQLITE_FULL or getattr(origin, "sqlstate", None) == _PG_DISK_FULL:
        return InputError("disk-full",
                          N_("The disk of the database {url} is full, so nothing was changed. "
                             "Free some space and run the command again."), url=shown)
    if primary == _SQLITE_READONLY:
        return InputError("database-read-only",
                          N_("The database {url} cannot be written to, so nothing was changed "
                             "({reason})."), url=shown, reason=reason)
    if isinstance(error, ArgumentError):
        return InputError("unknown-database-kind",
                          N_("Betal cannot read the database address {url}: {reason}"),
                          url=shown, reason=reason)
    return InputError("database-unavailable",
                      N_("The database {url} cannot be used: {reason}"),
                      url=shown, reason=reason)


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("://", 1)[0] + "://…"


def copy_sqlite_account(source: str | Path, target: str | Path) -> None:
    """Copy an embedded account, closed: its database file and the vault file beside it
    (a copy of the database alone has no card records, by design)."""
    import shutil

    source, target = Path(source), Path(target)
    shutil.copyfile(source, target)
    vault = source.with_suffix(".vault.db")
    if vault.exists():
        shutil.copyfile(vault, target.with_suffix(".vault.db"))
