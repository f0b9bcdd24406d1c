"""The issuer simulator's vault: card numbers and the banks' records, kept apart.

Betal handles card data as a payment processor's customer does: the full number goes to
the vault once, when a payment method is added, and Betal keeps only the vault's token
with the brand, the last four digits, the expiry, the country, the holder and the billing
address. The security code is checked and then forgotten; it is never stored, hashed or
not. The vault is a store of its own (a SQLite file beside Betal's, or a database of its
own on the PostgreSQL server), so a copy of Betal's database holds nothing derived from a
card number: not a hash, not a keyed fingerprint, not its key.

The vault also keeps each issuing bank's record of its cards (state, holder, expiry,
address), which is what :func:`engine.domain.charging.decide` compares a charge with
(how a record opens is :mod:`engine.issuer`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    create_engine,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url

from engine.cards import clean_digits
from engine.domain.model import IssuerRecord

metadata = MetaData()

cards = Table(
    "vault_cards", metadata,
    Column("token", String(40), primary_key=True),
    Column("tenant_id", String(40), nullable=False),
    # The number keyed with the vault's own key: finds a number again within a tenant.
    Column("fingerprint", String(64)),
    Column("number", String(40)),
    Column("state", String(40), nullable=False),
    Column("country", String(2), nullable=False),
    Column("holder_name", String(200), nullable=False),
    Column("exp_month", Integer, nullable=False),
    Column("exp_year", Integer, nullable=False),
    Column("address_line", String(200), nullable=False, default=""),
    Column("city", String(100), nullable=False, default=""),
    Column("region", String(100), nullable=False, default=""),
    Column("postal_code", String(20), nullable=False, default=""),
    UniqueConstraint("tenant_id", "fingerprint"),
)

keys = Table(
    "vault_keys", metadata,
    Column("name", String(40), primary_key=True),
    Column("value", String(128), nullable=False),
)

RECORD_FIELDS = ("state", "country", "holder_name", "exp_month", "exp_year", "address_line",
                 "city", "region", "postal_code")


def vault_url(database_url: str) -> str:
    """The vault beside an account database: ``$BETAL_VAULT``, else ``NAME.vault.db`` beside
    a SQLite file, else the database ``NAME_vault`` on the same PostgreSQL server."""
    chosen = os.environ.get("BETAL_VAULT")
    if chosen:
        return chosen if "://" in chosen else f"sqlite:///{Path(chosen).expanduser().resolve()}"
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = url.database or ""
        if path in ("", ":memory:"):
            return "sqlite://"
        return str(url.set(database=str(Path(path).with_suffix("")) + ".vault.db"))
    return url.set(database=f"{url.database}_vault").render_as_string(hide_password=False)


def _create_postgres_database(url) -> None:
    """Create the vault's database on the server when it is not there yet."""
    import psycopg
    from psycopg import sql

    admin = url.set(database="postgres")
    params = {k: v for k, v in {"host": admin.host, "port": admin.port,
                                "user": admin.username, "password": admin.password,
                                "dbname": "postgres", **admin.query}.items() if v}
    with psycopg.connect(autocommit=True, **params) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                    (url.database,)).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(
                sql.Identifier(url.database)))


class Vault:
    """One vault store. Sessions from :meth:`session` are its transactions."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database not in (None, "", ":memory:"):
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url, connect_args={"timeout": 60})
        else:
            _create_postgres_database(parsed)
            self.engine = create_engine(url, pool_pre_ping=True)
        metadata.create_all(self.engine)

    def session(self) -> VaultSession:
        return VaultSession(lambda: self)

    def dispose(self) -> None:
        self.engine.dispose()


class VaultSession:
    """A transaction on the vault, opened on first use and committed with Betal's unit of
    work (just before it), or rolled back with it."""

    def __init__(self, vault: Callable[[], Vault]) -> None:
        self._vault = vault  # opening the vault waits until the session is first used
        self._connection = None
        self._transaction = None

    @property
    def connection(self):
        if self._connection is None:
            self._connection = self._vault().engine.connect()
            self._transaction = self._connection.begin()
        return self._connection

    def commit(self) -> None:
        if self._transaction is not None and self._transaction.is_active:
            self._transaction.commit()

    def close(self) -> None:
        if self._connection is not None:
            if self._transaction.is_active:
                self._transaction.rollback()
            self._connection.close()
            self._connection = None

    # Keys ---------------------------------------------------------------------------------

    def _key(self) -> bytes:
        found = self.connection.execute(
            select(keys.c.value).where(keys.c.name == "fingerprint")).scalar()
        if found is None:
            found = secrets.token_hex(32)
            self.connection.execute(insert(keys).values(name="fingerprint", value=found))
        return bytes.fromhex(found)

    def digest(self, tenant_id: str, value: str) -> str:
        """A keyed digest of a secret value within a tenant; the key never leaves the vault."""
        message = f"{tenant_id}:{clean_digits(value).upper()}".encode()
        return hmac.new(self._key(), message, hashlib.sha256).hexdigest()

    # Cards --------------------------------------------------------------------------------

    def find(self, tenant_id: str, number: str) -> str | None:
        """The token the vault already holds for ``number`` in this tenant, if any."""
        return self.connection.execute(
            select(cards.c.token).where(cards.c.tenant_id == tenant_id,
                                        cards.c.fingerprint == self.digest(tenant_id, number))
        ).scalar()

    def tokenize(self, tenant_id: str, number: str, record: IssuerRecord) -> str:
        """Keep ``number`` with its bank's ``record`` and give back its token (the same
        token when the number is in the vault already; its record then stays)."""
        existing = self.find(tenant_id, number)
        if existing is not None:
            return existing
        token = "tok_" + secrets.token_hex(12)
        self.connection.execute(insert(cards).values(
            token=token, tenant_id=tenant_id, fingerprint=self.digest(tenant_id, number),
            number=clean_digits(number).upper(),
            **{name: getattr(record, name) for name in RECORD_FIELDS}))
        return token

    def record(self, token: str) -> IssuerRecord | None:
        return self.records([token]).get(token)

    def records(self, tokens: Iterable[str]) -> dict[str, IssuerRecord]:
        wanted = sorted({t for t in tokens if t})
        found: dict[str, IssuerRecord] = {}
        for start in range(0, len(wanted), 5000):
            query = select(cards.c.token, *(cards.c[name] for name in RECORD_FIELDS)).where(
                cards.c.token.in_(wanted[start:start + 5000]))
            for values in self.connection.execute(query).mappings():
                found[values["token"]] = IssuerRecord(
                    token=values["token"], **{name: values[name] for name in RECORD_FIELDS})
        return found

    def reissue(self, token: str, exp_month: int, exp_year: int) -> None:
        """The bank mails a new card with the same number and a later expiry date."""
        self.connection.execute(update(cards).where(cards.c.token == token)
                                .values(exp_month=exp_month, exp_year=exp_year))
