"""Staff users of a tenant, platform administrators, API tokens and failed logins."""
from datetime import datetime

from sqlalchemy import ForeignKey, ForeignKeyConstraint, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db
from core.types import JSONDoc, UTCDateTime, utcnow

# The roles of DESIGN.md, from most to least powerful.
ROLES = ("admin", "supervisor", "handler", "intake", "auditor")


class User(db.Model):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("tenant_id", "email"),
        UniqueConstraint("tenant_id", "id"),
        ForeignKeyConstraint(["tenant_id", "department_id"],
                             ["departments.tenant_id", "departments.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    department_id: Mapped[int | None] = mapped_column()
    password_hash: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str | None] = mapped_column(String(10))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tenant = relationship("Tenant", lazy="joined")
    department = relationship(
        "Department", lazy="joined", viewonly=True, uselist=False,
        primaryjoin="and_(User.tenant_id == foreign(Department.tenant_id), "
                    "User.department_id == foreign(Department.id))")

    # Flask-Login protocol
    is_authenticated = True
    is_anonymous = False
    is_platform_admin = False

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        # The session names the generation of the user's sessions: signing out (or being
        # disabled) moves it on, and every cookie issued before stops working.
        return f"u:{self.id}:{self.session_version}"

    def __repr__(self):
        return f"<User {self.email} {self.role}>"


class PlatformAdmin(db.Model):
    """Manages tenants; holds no tenant and so can read no complaint."""

    __tablename__ = "platform_admins"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    is_authenticated = True
    is_anonymous = False
    is_platform_admin = True
    tenant_id = None
    locale = None
    role = "platform_admin"

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        return f"p:{self.id}:{self.session_version}"


class ApiToken(db.Model):
    """A bearer token acting as one user of one tenant; only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    __table_args__ = (
        UniqueConstraint("tenant_id", "token_hash"),
        ForeignKeyConstraint(["tenant_id", "user_id"], ["users.tenant_id", "users.id"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    user_id: Mapped[int] = mapped_column()
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[list] = mapped_column(JSONDoc, default=lambda: ["read", "write"])
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user = relationship(
        "User", lazy="joined", viewonly=True, uselist=False,
        primaryjoin="and_(ApiToken.tenant_id == foreign(User.tenant_id), "
                    "ApiToken.user_id == foreign(User.id))")


class LoginFailure(db.Model):
    """One failed login, kept for the throttling window (see core/auth/throttle.py).

    ``tenant_id`` is empty for the platform administrators' login.
    """

    __tablename__ = "login_failures"
    __table_args__ = (
        Index(None, "tenant_id", "email", "at"),
        Index(None, "ip", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(ForeignKey("tenants.id"))
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
