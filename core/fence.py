"""The database's half of tenant isolation (migration 0012): a request bound to a tenant
tells PostgreSQL which tenant it serves, for every transaction it runs, and row-level
security then hides and refuses every other tenant's rows. The application's own filter
(``core.tenancy.scoped``) stays the first wall; this one holds if a query forgets it.
SQLite has no row-level security: there the first wall is the only one."""
from flask import g, has_request_context
from sqlalchemy import event, text

from core.extensions import db

SETTING = "complaints.tenant_id"


def fence(tenant_id: int):
    """From now until the end of the request, transactions serve ``tenant_id`` only."""
    g._complaints_fence = int(tenant_id)
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT set_config(:name, :value, true)"),
                           {"name": SETTING, "value": str(int(tenant_id))})


def _after_begin(session, transaction, connection):
    if connection.dialect.name != "postgresql" or not has_request_context():
        return
    tenant_id = g.get("_complaints_fence")
    if tenant_id is not None:
        connection.exec_driver_sql("SELECT set_config(%s, %s, true)", (SETTING, str(tenant_id)))


def init_app(app):
    if not getattr(db, "_complaints_fence_listener", False):
        event.listen(db.session, "after_begin", _after_begin)
        db._complaints_fence_listener = True
