"""Indexes for the statistics

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-27

A period's figures read the cases received in it, the deadlines due in it and the return
visits started in it: each by a range on an index with the tenant first.
"""
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cases_tenant_id_received_at'), ['tenant_id', 'received_at'], unique=False)
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadlines_tenant_id_due_at'), ['tenant_id', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deadlines_tenant_id_kind_starts_at'), ['tenant_id', 'kind', 'starts_at'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadlines_tenant_id_kind_starts_at'))
        batch_op.drop_index(batch_op.f('ix_deadlines_tenant_id_due_at'))
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cases_tenant_id_received_at'))
