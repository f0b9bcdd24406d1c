"""the audit log says how each action ended: done, declined or refused

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 16:00:00

``outcome`` keeps the result's code (ok, or the rule or input error); ``result`` says
whether the action was done, declined by the bank (its attempt and notice recorded) or
refused (nothing done). Events from before this revision were done when their outcome was
ok and are counted as refused otherwise (a declined Settle balance among them cannot be
told apart any more).
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_events") as table:
        table.add_column(sa.Column("result", sa.String(length=10), nullable=False,
                                   server_default="done"))
    op.get_bind().execute(sa.text(
        "UPDATE audit_events SET result = 'refused' WHERE outcome NOT IN "
        "('ok', 'issued', 'set', 'changed')"))


def downgrade() -> None:
    with op.batch_alter_table("audit_events") as table:
        table.drop_column("result")
