"""The database role the application runs as, on PostgreSQL: fewer rights than the
role that owns the tables and runs the migrations.

- Events are append-only (DOMAIN.md, 留痕): the role may read and add them, never
  UPDATE, DELETE or TRUNCATE them. The triggers of migration 0001 refuse those for every
  role too; the missing privilege is a second wall, enforced before any trigger runs.
- It may not touch the migration record.
- It is no superuser, has no BYPASSRLS and cannot create roles, so row-level security
  (migration 0012) holds; it is not the owner of the tables nor a member of the owner's
  role (``SET ROLE`` would give the owner's rights back).

The command checks the result: run as a role that may not grant (PostgreSQL then only
warns), it fails instead of reporting rights it did not take away.

Run ``complaints grant-runtime-role ROLE`` as the owner after every upgrade: grants name
the tables that exist when they are given.
"""
import re

from sqlalchemy import text

from flask_babel import lazy_gettext as _l

from core.errors import InvalidInput
from core.extensions import db

APPEND_ONLY = ("case_events", "admin_events")
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def grant_runtime_role(role: str):
    """Give ``role`` (which must exist) exactly what the application needs; idempotent."""
    if db.session.get_bind().dialect.name != "postgresql":
        raise InvalidInput(_l("Database roles are a PostgreSQL matter; SQLite has none."))
    if not _IDENTIFIER.match(role or ""):
        raise InvalidInput(_l("Not a plain role name: %(role)s (lower-case letters, digits, _).", role=role))
    found = db.session.execute(text("SELECT rolsuper, rolbypassrls, rolcreaterole FROM pg_roles "
                                    "WHERE rolname = :r"), {"r": role}).first()
    if found is None:
        raise InvalidInput(_l("No role %(role)s: create it first (CREATE ROLE %(role)s LOGIN PASSWORD '…').",
                              role=role))
    if found.rolsuper or found.rolbypassrls or found.rolcreaterole:
        raise InvalidInput(_l("%(role)s is a superuser, has BYPASSRLS or may create roles: row-level "
                              "security would not hold for it.", role=role))
    owners = db.session.scalars(text(
        "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public' "
        "AND pg_has_role(:r, tableowner, 'MEMBER')"), {"r": role}).all()
    if owners:
        raise InvalidInput(_l("%(role)s owns the tables or is a member of their owner's role: it could "
                              "grant itself back what is taken away.", role=role))
    for statement in (
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON {', '.join(APPEND_ONLY)} FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    ):
        db.session.execute(text(statement))
    rights = db.session.execute(text(
        "SELECT has_table_privilege(:r, 'case_events', 'UPDATE') OR has_table_privilege(:r, 'case_events', 'DELETE')"
        " OR has_table_privilege(:r, 'case_events', 'TRUNCATE') AS may_change,"
        " has_table_privilege(:r, 'cases', 'INSERT') AND has_table_privilege(:r, 'case_events', 'INSERT')"
        " AS may_work"), {"r": role}).one()
    if rights.may_change or not rights.may_work:
        raise InvalidInput(_l("The rights of %(role)s could not be set: run this as the owner of the tables.",
                              role=role))