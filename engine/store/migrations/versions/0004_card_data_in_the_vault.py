"""card data moves to the issuer simulator's vault

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 03:00:00

Betal's database kept a fingerprint of each card number, keyed with a secret stored in
the same database, and the banks' records beside them: with a copy of the database and a
card's first six and last four digits, the number could be found again. Now a payment
method keeps the vault's token, and the banks' records live in the vault (a store of its
own, see engine.issuer). Each existing method gets a token and its bank's record moves to
the vault; the fingerprints, the records and their key are dropped. Numbers were never
stored, so a card added before this revision is not recognised as a duplicate if it is
added again.
"""

import secrets

import sqlalchemy as sa
from alembic import context, op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

FIELDS = ("state", "country", "holder_name", "exp_month", "exp_year", "address_line", "city",
          "region", "postal_code")


def upgrade() -> None:
    connection = op.get_bind()
    with op.batch_alter_table("payment_methods") as table:
        table.add_column(sa.Column("token", sa.String(length=40), nullable=True))
    methods = sa.table("payment_methods", sa.column("id", sa.String),
                       sa.column("tenant_id", sa.String), sa.column("fingerprint", sa.String),
                       sa.column("token", sa.String))
    records = sa.table("issuer_records", sa.column("fingerprint", sa.String),
                       *(sa.column(name) for name in FIELDS))
    rows = connection.execute(sa.select(methods.c.id, methods.c.tenant_id,
                                        methods.c.fingerprint)).all()
    banks = {row.fingerprint: row for row in connection.execute(sa.select(records)).all()}
    moving = []
    for row in rows:
        token = "tok_" + secrets.token_hex(12)
        connection.execute(methods.update().where(methods.c.id == row.id).values(token=token))
        bank = banks.get(row.fingerprint)
        if bank is not None:
            moving.append({"token": token, "tenant_id": row.tenant_id, "fingerprint": None,
                           "number": None, **{name: getattr(bank, name) for name in FIELDS}})
    if moving:
        opener = context.config.attributes.get("vault")
        if opener is None:
            raise RuntimeError("Upgrade through engine.store.database.Database.upgrade(), "
                               "which names the vault the cards move to")
        from engine.store.vault import cards

        with opener().engine.begin() as vault:
            vault.execute(sa.insert(cards), moving)
    with op.batch_alter_table("payment_methods") as table:
        table.alter_column("token", existing_type=sa.String(length=40), nullable=False)
        table.create_index("ix_payment_methods_token", ["token"])
        table.drop_column("fingerprint")
    op.drop_table("issuer_records")
    connection.execute(sa.text("DELETE FROM settings WHERE key = 'fingerprint_secret'"))


def downgrade() -> None:
    raise NotImplementedError("Betal's migrations go forward only")
