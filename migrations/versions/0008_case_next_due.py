"""Cases carry the earliest due time of their running deadlines

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27

The case list sorts by due time and the board counts overdue and due-soon cases; with the
time on the case row both walk ``(tenant_id, next_due_at)`` instead of grouping every
running deadline of the tenant.
"""
from alembic import op
import sqlalchemy as sa

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('next_due_at', sa.DateTime(), nullable=True))
    op.execute("""UPDATE cases SET next_due_at = (
        SELECT min(d.due_at) FROM deadlines d WHERE d.tenant_id = cases.tenant_id
        AND d.case_id = cases.id AND d.met_at IS NULL AND d.cancelled_at IS NULL
        AND d.paused_at IS NULL)""")
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_tenant_id_next_due_at'), ['tenant_id', 'next_due_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_tenant_id_next_due_at'))
        batch_op.drop_column('next_due_at')
