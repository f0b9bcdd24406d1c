"""billing day, lifecycle, 64-bit amounts, and the constraints that make doubles impossible

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05 00:30:00

- subscriptions keep their billing day (the day of the month they are invoiced on) and
  when a payment last cleared a past-due balance (rule past-due-lingers);
- amounts are 64-bit;
- one invoice per subscription and billing period, each scheduled attempt once per
  invoice, one notice per attempt (or invoice) and kind: unique constraints, so a bug
  becomes an error, never a second charge or a second notice;
- the bank's record holds the street line too (rule details-must-match).

A database with two invoices for one period already (made by an earlier version under
concurrent workers) is not upgraded: the duplicates are listed and need a person.
"""

from collections import Counter

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    duplicates = connection.execute(sa.text(
        "select subscription_id, issued_at, count(*) from invoices "
        "group by subscription_id, issued_at having count(*) > 1")).all()
    if duplicates:
        listed = ", ".join(f"{row[0]} {row[1]}" for row in duplicates[:10])
        raise RuntimeError(
            "This database holds more than one invoice for one billing period "
            f"({listed}); resolve them before upgrading Betal.")

    with op.batch_alter_table("subscriptions") as table:
        table.add_column(sa.Column("billing_day", sa.Integer(), nullable=True))
        table.add_column(sa.Column("past_due_paid_at", sa.DateTime(), nullable=True))
        table.alter_column("unit_price", type_=sa.BigInteger(), existing_nullable=False)
    subscriptions = sa.table("subscriptions", sa.column("id", sa.String),
                             sa.column("next_invoice_at", sa.DateTime),
                             sa.column("billing_day", sa.Integer))
    for row in connection.execute(sa.select(subscriptions.c.id,
                                            subscriptions.c.next_invoice_at)).all():
        connection.execute(subscriptions.update().where(subscriptions.c.id == row.id)
                           .values(billing_day=row.next_invoice_at.day))
    with op.batch_alter_table("subscriptions") as table:
        table.alter_column("billing_day", existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table("invoices") as table:
        table.alter_column("amount", type_=sa.BigInteger(), existing_nullable=False)
        table.create_unique_constraint("uq_invoices_period", ["subscription_id", "issued_at"])

    with op.batch_alter_table("charge_attempts") as table:
        table.alter_column("amount", type_=sa.BigInteger(), existing_nullable=False)
        table.add_column(sa.Column("sequence", sa.Integer(), nullable=True))
    attempts = sa.table("charge_attempts", sa.column("id", sa.String),
                        sa.column("invoice_id", sa.String), sa.column("at", sa.DateTime),
                        sa.column("trigger", sa.String), sa.column("sequence", sa.Integer))
    numbered: Counter = Counter()
    for row in connection.execute(
            sa.select(attempts.c.id, attempts.c.invoice_id)
            .where(attempts.c.trigger == "scheduled")
            .order_by(attempts.c.invoice_id, attempts.c.at, attempts.c.id)).all():
        numbered[row.invoice_id] += 1
        connection.execute(attempts.update().where(attempts.c.id == row.id)
                           .values(sequence=numbered[row.invoice_id]))
    op.create_index("uq_attempts_scheduled", "charge_attempts", ["invoice_id", "sequence"],
                    unique=True, sqlite_where=sa.text("sequence IS NOT NULL"),
                    postgresql_where=sa.text("sequence IS NOT NULL"))

    with op.batch_alter_table("notices") as table:
        table.add_column(sa.Column("key", sa.String(length=120), nullable=True))
    notices = sa.table("notices", sa.column("id", sa.String), sa.column("kind", sa.String),
                       sa.column("attempt_id", sa.String), sa.column("invoice_id", sa.String),
                       sa.column("sent_at", sa.DateTime), sa.column("key", sa.String))
    seen = set()
    for row in connection.execute(sa.select(notices).order_by(notices.c.sent_at,
                                                              notices.c.id)).all():
        key = f"{row.kind}:{row.attempt_id or row.invoice_id}"
        if key in seen:  # a duplicate an earlier version sent: kept, under its own key
            key = f"{row.kind}:{row.id}"
        seen.add(key)
        connection.execute(notices.update().where(notices.c.id == row.id).values(key=key))
    with op.batch_alter_table("notices") as table:
        table.alter_column("key", existing_type=sa.String(length=120), nullable=False)
        table.create_unique_constraint("uq_notices_key", ["key"])

    with op.batch_alter_table("issuer_records") as table:
        table.add_column(sa.Column("address_line", sa.String(length=200), nullable=False,
                                   server_default=""))


def downgrade() -> None:
    raise NotImplementedError("Betal's migrations go forward only")
