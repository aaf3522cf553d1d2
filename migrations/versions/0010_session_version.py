"""Users and platform admins carry the generation of their sessions

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-27

Signing out moves it on, so a session cookie copied before stops working.
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    for table in ('users', 'platform_admins'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    for table in ('platform_admins', 'users'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('session_version')
