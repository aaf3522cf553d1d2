"""The tenant's administration log, append-only

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-27

Who changed users, roles, passwords, departments, plugins, settings and calendar days
(core/admin_log.py). Like case events, entries are only added: triggers refuse UPDATE and
DELETE (and on PostgreSQL TRUNCATE); row-level security fences it like every tenant table.
"""
from alembic import op
import sqlalchemy as sa

from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

FENCE = "NULLIF(current_setting('complaints.tenant_id', true), '')"


def upgrade():
    op.create_table(
        'admin_events',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('tenant_id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('actor', sa.String(length=254), nullable=False),
        sa.Column('action', sa.String(length=40), nullable=False),
        sa.Column('target', sa.String(length=254), nullable=False),
        sa.Column('details', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'),
                  nullable=False),
        sa.ForeignKeyConstraint(['tenant_id', 'actor_id'], ['users.tenant_id', 'users.id'],
                                name=op.f('fk_admin_events_tenant_id_actor_id_users')),
        sa.ForeignKeyConstraint(['tenant_id'], ['tenants.id'], name=op.f('fk_admin_events_tenant_id_tenants')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_admin_events')),
    )
    with op.batch_alter_table('admin_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_admin_events_tenant_id_id'), ['tenant_id', 'id'], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("""
            CREATE FUNCTION admin_events_append_only() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION 'admin_events is append-only: % refused', TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$ LANGUAGE plpgsql""")
        op.execute("""CREATE TRIGGER admin_events_no_change BEFORE UPDATE OR DELETE ON admin_events
                      FOR EACH ROW EXECUTE FUNCTION admin_events_append_only()""")
        op.execute("""CREATE TRIGGER admin_events_no_truncate BEFORE TRUNCATE ON admin_events
                      FOR EACH STATEMENT EXECUTE FUNCTION admin_events_append_only()""")
        op.execute("ALTER TABLE admin_events ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE admin_events FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_fence ON admin_events USING "
                   f"({FENCE} IS NULL OR tenant_id = {FENCE}::integer)")
    elif dialect == 'sqlite':
        op.execute("""CREATE TRIGGER admin_events_no_update BEFORE UPDATE ON admin_events
                      BEGIN SELECT RAISE(ABORT, 'admin_events is append-only: UPDATE refused'); END""")
        op.execute("""CREATE TRIGGER admin_events_no_delete BEFORE DELETE ON admin_events
                      BEGIN SELECT RAISE(ABORT, 'admin_events is append-only: DELETE refused'); END""")


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == 'postgresql':
        op.execute("DROP POLICY IF EXISTS tenant_fence ON admin_events")
        op.execute("DROP TRIGGER IF EXISTS admin_events_no_truncate ON admin_events")
        op.execute("DROP TRIGGER IF EXISTS admin_events_no_change ON admin_events")
    elif dialect == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS admin_events_no_update")
        op.execute("DROP TRIGGER IF EXISTS admin_events_no_delete")
    with op.batch_alter_table('admin_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_admin_events_tenant_id_id'))
    op.drop_table('admin_events')
    if dialect == 'postgresql':
        op.execute("DROP FUNCTION IF EXISTS admin_events_append_only()")
