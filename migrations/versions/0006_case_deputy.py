"""A deputy on the case

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27

A deputy acts when the assignee is away (Art. 5 (三)).
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deputy_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cases_tenant_id_deputy_id_users'), 'users',
                                    ['tenant_id', 'deputy_id'], ['tenant_id', 'id'])


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cases_tenant_id_deputy_id_users'), type_='foreignkey')
        batch_op.drop_column('deputy_id')
