"""Row-level security on every table that holds a tenant's rows (PostgreSQL)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27

The second wall behind the application's tenant filter: a request bound to a tenant sets
``complaints.tenant_id`` for its transactions (core/fence.py), and the database then
shows and accepts only that tenant's rows, even to a query that forgot its filter. Work
that is not bound to one tenant (sweeps, workers, the CLI, sign-in lookups) leaves the
setting empty. Forced, so the tables' owner is held to it too; superusers are not.
"""
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

TABLES = ('audit_heads', 'calendar_days', 'case_sequences', 'departments', 'login_failures', 'users',
          'api_tokens', 'cases', 'attachments', 'case_events', 'deadlines', 'outbox')
FENCE = "NULLIF(current_setting('complaints.tenant_id', true), '')"


def upgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY tenant_fence ON {table} USING "
                   f"({FENCE} IS NULL OR tenant_id = {FENCE}::integer)")


def downgrade():
    if op.get_bind().dialect.name != 'postgresql':
        return
    for table in TABLES:
        op.execute(f"DROP POLICY IF EXISTS tenant_fence ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
