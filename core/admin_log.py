"""The tenant's administration log: who changed users, roles, passwords, departments,
plugins, settings and calendar days, and when. Changes to how complaints are handled
(deadlines, limits, routing) are themselves a record a regulator may ask for; like case
events, entries are only ever added (triggers refuse UPDATE and DELETE, migration 0013).

Each interface records its own changes in the same transaction as the change: the web's
tenant admin and platform admin pages, and the command line (``actor`` None)."""
from datetime import datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from core.extensions import db
from core.tenancy import scoped
from core.types import JSONDoc, UTCDateTime, utcnow

SHOWN = 50
COMMAND_LINE = "command line"


class AdminEvent(db.Model):
    __tablename__ = "admin_events"
    __table_args__ = (
        Index(None, "tenant_id", "id"),
        ForeignKeyConstraint(["tenant_id", "actor_id"], ["users.tenant_id", "users.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The tenant's own staff by id; a platform admin or the command line by ``actor`` alone.
    actor_id: Mapped[int | None] = mapped_column()
    actor: Mapped[str] = mapped_column(String(254))
    action: Mapped[str] = mapped_column(String(40))
    target: Mapped[str] = mapped_column(String(254), default="")
    details: Mapped[dict] = mapped_column(JSONDoc, default=dict)


def record(tenant, actor, action, target="", **details):
    """Add an entry; ``actor`` is a staff user, a platform admin or None (command line).
    Call inside the change's own transaction, so both are kept or neither."""
    if actor is None:
        label, actor_id = COMMAND_LINE, None
    elif getattr(actor, "is_platform_admin", False):
        label, actor_id = f"platform admin {actor.email}", None
    else:
        label, actor_id = actor.email, actor.id
    db.session.add(AdminEvent(tenant_id=tenant.id, at=utcnow(), actor_id=actor_id, actor=label,
                              action=action, target=str(target or "")[:254], details=details))


def changed(before: dict, after: dict) -> dict:
    """The top-level keys whose values differ, with their new values."""
    return {key: after.get(key) for key in sorted(set(before) | set(after)) if before.get(key) != after.get(key)}


def recent(tenant, limit=SHOWN):
    return db.session.scalars(scoped(AdminEvent, tenant).order_by(AdminEvent.id.desc()).limit(limit)).all()
