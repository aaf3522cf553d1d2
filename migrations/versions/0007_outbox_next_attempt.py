"""The outbox says when a pending row is handed over again

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27

The periodic dispatcher re-sends only the pending rows whose ``next_attempt_at`` has
passed (Redis lost the job, a worker died), walking a partial index per tenant, instead
of every pending row on every run.
"""
from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

PENDING = "status = 'pending'"


def upgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
    op.execute("UPDATE outbox SET next_attempt_at = created_at")
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.alter_column('next_attempt_at', existing_type=sa.DateTime(), nullable=False)
        batch_op.create_index('ix_outbox_pending_due', ['tenant_id', 'next_attempt_at'], unique=False,
                              postgresql_where=sa.text(PENDING), sqlite_where=sa.text(PENDING))


def downgrade():
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_pending_due')
        batch_op.drop_column('next_attempt_at')
