"""the demo summary keeps no card number

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 23:45:00

Accounts made by ``betal demo`` before this revision stored the foreign-card scenario's
test card number in the demo summary (the ``demo`` setting). No full card number is kept
in the database, so it is taken out; ``engine.demo.exists`` gives it back when read.
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))


def upgrade() -> None:
    connection = op.get_bind()
    stored = connection.execute(
        sa.select(settings.c.value).where(settings.c.key == "demo")).scalar()
    if stored is None:
        return
    summary = json.loads(stored)
    scenario_sets = [*summary.get("scenarios_by_tenant", {}).values(),
                     summary.get("scenarios", {})]
    for scenarios in scenario_sets:
        scenarios.get("foreign-card", {}).pop("card_number", None)
    connection.execute(settings.update().where(settings.c.key == "demo")
                       .values(value=json.dumps(summary)))


def downgrade() -> None:
    pass  # the number is not needed in the database: demo.exists() adds it when read
