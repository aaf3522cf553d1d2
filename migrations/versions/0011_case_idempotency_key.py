"""Cases remember the Idempotency-Key of their registration

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27

A client retrying a registration whose answer it lost finds the case it made.
"""
from alembic import op
import sqlalchemy as sa

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=100), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_cases_tenant_id_idempotency_key'),
                                          ['tenant_id', 'idempotency_key'])


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_cases_tenant_id_idempotency_key'), type_='unique')
        batch_op.drop_column('idempotency_key')
