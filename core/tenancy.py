"""Tenants and their departments, and the one place a request or job learns its tenant.

Every tenant-owned table carries ``tenant_id`` first in each unique constraint and index;
rows are only ever fetched through :func:`scoped` or a ``get_*_or_404(tenant, …)`` loader.
"""
import re
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from flask import abort, g
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, UniqueConstraint, select
from sqlalchemy.orm import Mapped, mapped_column

from core.errors import Conflict, InvalidInput
from core.extensions import db
from core.types import JSONDoc, UTCDateTime, utcnow

LOCALES = ("zh_CN", "en")
SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{1,38}[a-z0-9]$")
PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]{1,11}$")
DEPARTMENT_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
# Calendars: "CN" uses the official holiday and adjusted-working-day tables of
# chinese-calendar; any other code is a country (or subdivision "US-CA") of `holidays`.
CHINA = "CN"


class Tenant(db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    calendar: Mapped[str] = mapped_column(String(16), default=CHINA)
    reference_prefix: Mapped[str] = mapped_column(String(12))
    # {plugin name: its settings}, validated by the plugin's settings schema.
    plugins: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    settings: Mapped[dict] = mapped_column(JSONDoc, default=dict)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def enabled_plugins(self) -> list[str]:
        return sorted(self.plugins or {})

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def __repr__(self):
        return f"<Tenant {self.slug}>"


class Department(db.Model):
    __tablename__ = "departments"
    __table_args__ = (
        UniqueConstraint("tenant_id", "code"),
        UniqueConstraint("tenant_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tenant_id: Mapped[int] = mapped_column(ForeignKey("tenants.id"))
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))


# --- scoped access ---------------------------------------------------------------------

def scoped(model, tenant):
    """``SELECT model WHERE tenant_id = tenant.id``: the start of every tenant query.
    ``TENANT_GUARD=False`` drops the filter: only the isolation tests use it, to show that
    row-level security alone holds (tests/test_rls.py)."""
    from flask import current_app, has_app_context
    if has_app_context() and current_app.config.get("TENANT_GUARD") is False:
        return select(model)
    return select(model).where(model.tenant_id == tenant.id)


def get_or_404(model, tenant, ident):
    """Load one tenant-owned row by id, or 404 whether it is missing or another tenant's."""
    row = db.session.execute(scoped(model, tenant).where(model.id == ident)).scalar_one_or_none()
    if row is None:
        abort(404)
    return row


def tenant_by_slug(slug: str):
    return db.session.execute(
        select(Tenant).where(Tenant.slug == slug, Tenant.active.is_(True))
    ).scalar_one_or_none()


def current_tenant() -> Tenant:
    """The tenant of this request, set once from the URL slug or the API token."""
    return g.tenant


def department_by_code(tenant, code):
    return db.session.execute(
        scoped(Department, tenant).where(Department.code == code)
    ).scalar_one_or_none()


# --- validation and creation -------------------------------------------------------------

def validate_timezone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(_l("Unknown time zone: %(name)s", name=name), {"timezone": name})
    return name


def validate_calendar(code: str) -> str:
    code = (code or "").strip().upper()
    if code == CHINA:
        return code
    country, _, subdivision = code.partition("-")
    supported = holidays.list_supported_countries()
    if country not in supported or (subdivision and subdivision not in supported[country]):
        raise InvalidInput(
            _l("Unknown holiday calendar: %(code)s (use CN or a country code such as HK, US, GB)",
               code=code),
            {"calendar": code},
        )
    return code


def validate_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise InvalidInput(_l("Unknown language: %(locale)s (zh_CN or en)", locale=locale),
                           {"locale": locale})
    return locale


def default_prefix(slug: str) -> str:
    letters = re.sub(r"[^A-Z0-9]", "", slug.upper())
    return letters[:12] if letters else "C"


def create_tenant(slug, name, *, plugins=None, timezone="Asia/Shanghai", calendar=CHINA,
                  locale="zh_CN", reference_prefix=None, settings=None, host=None) -> Tenant:
    """Create a tenant after checking every value; nothing is written when one is wrong.

    ``plugins`` is a list of names or a {name: settings} mapping; settings are checked by
    each plugin's ``settings_schema``.
    """
    from core.audit import AuditHead
    from core.plugins import plugin_host

    slug = (slug or "").strip()
    if not SLUG_RE.match(slug):
        raise InvalidInput(
            _l("Invalid slug %(slug)s: 3-40 lower-case letters, digits or hyphens, "
               "starting with a letter", slug=slug), {"slug": slug})
    if not (name or "").strip():
        raise InvalidInput(_l("A tenant needs a name."), {"name": name})
    prefix = reference_prefix or default_prefix(slug)
    if not PREFIX_RE.match(prefix):
        raise InvalidInput(_l("Invalid reference prefix %(prefix)s: 2-12 capital letters or "
                              "digits", prefix=prefix), {"reference_prefix": prefix})
    validate_timezone(timezone)
    calendar = validate_calendar(calendar)
    validate_locale(locale)
    if isinstance(plugins, (list, tuple)):
        plugins = {p: {} for p in plugins}
    host = host or plugin_host()
    plugin_settings = host.validate_plugin_settings(plugins or {})
    from core.tenant_settings import validate_settings
    settings = validate_settings(settings or {})
    if db.session.execute(select(Tenant.id).where(Tenant.slug == slug)).first():
        raise Conflict(_l("A tenant with slug %(slug)s already exists.", slug=slug), {"slug": slug})

    tenant = Tenant(slug=slug, name=name.strip(), locale=locale, timezone=timezone,
                    calendar=calendar, reference_prefix=prefix, plugins=plugin_settings,
                    settings=settings or {})
    db.session.add(tenant)
    db.session.flush()
    db.session.add(AuditHead(tenant_id=tenant.id))
    db.session.flush()
    return tenant


def create_department(tenant, code, name) -> Department:
    if not DEPARTMENT_CODE_RE.match(code or ""):
        raise InvalidInput(_l("Invalid department code %(code)s: letters, digits, - or _",
                              code=code), {"code": code})
    if department_by_code(tenant, code):
        raise Conflict(_l("Department %(code)s already exists.", code=code), {"code": code})
    dept = Department(tenant_id=tenant.id, code=code, name=name)
    db.session.add(dept)
    db.session.flush()
    return dept
