"""who is asking: idempotency keys owned by an admin, sign-in policy, one-time codes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 10:00:00

- ``idempotency_keys`` gains ``admin_id`` (the admin the key belongs to) and ``refused``
  (the stored result is a refusal). Records made before this revision name no admin: they
  are kept with an empty ``admin_id``, which no admin has, so a retry with such a key is
  refused as a conflict and never runs twice; they expire within 48 hours as before.
- ``signin_policies``: a tenant's failures before lockout, lockout time and shortest
  passphrase, set by a Global admin.
- ``one_time_codes``: the codes a Global admin issues for an admin's first passphrase
  (a scrypt hash of each, who issued it, when it expires, when it was used).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.add_column(sa.Column("admin_id", sa.String(length=40), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("refused", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.alter_column("admin_id", server_default=None)
        batch.alter_column("refused", server_default=None)
    op.create_table(
        "signin_policies",
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("max_failures", sa.Integer(), nullable=False),
        sa.Column("lockout_minutes", sa.Integer(), nullable=False),
        sa.Column("min_passphrase_length", sa.Integer(), nullable=False),
        sa.Column("set_by", sa.String(length=40), nullable=False),
        sa.Column("set_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["set_by"], ["admins.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("tenant_id"),
    )
    op.create_table(
        "one_time_codes",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.String(length=40), nullable=False),
        sa.Column("admin_id", sa.String(length=40), nullable=False),
        sa.Column("code_hash", sa.Text(), nullable=False),
        sa.Column("issued_by", sa.String(length=40), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["admin_id"], ["admins.id"]),
        sa.ForeignKeyConstraint(["issued_by"], ["admins.id"]),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_one_time_codes_admin_id", "one_time_codes", ["admin_id"])
    op.create_index("ix_one_time_codes_tenant_id", "one_time_codes", ["tenant_id"])


def downgrade() -> None:
    op.drop_index("ix_one_time_codes_tenant_id", table_name="one_time_codes")
    op.drop_index("ix_one_time_codes_admin_id", table_name="one_time_codes")
    op.drop_table("one_time_codes")
    op.drop_table("signin_policies")
    with op.batch_alter_table("idempotency_keys") as batch:
        batch.drop_column("refused")
        batch.drop_column("admin_id")
