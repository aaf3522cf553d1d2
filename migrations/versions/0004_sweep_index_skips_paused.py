"""The sweep's partial index leaves out paused deadlines

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27

A deadline paused while waiting for information is not due; without this the sweep would
walk every overdue paused deadline on each run.
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

OLD = "met_at IS NULL AND breached_at IS NULL AND cancelled_at IS NULL"
NEW = OLD + " AND paused_at IS NULL"


def _replace(condition):
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index('ix_deadlines_running_due')
        batch_op.create_index('ix_deadlines_running_due', ['tenant_id', 'due_at'], unique=False,
                              postgresql_where=sa.text(condition), sqlite_where=sa.text(condition))


def upgrade():
    _replace(NEW)


def downgrade():
    _replace(OLD)
