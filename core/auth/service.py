"""Creating users and tokens, and checking credentials; no request state needed."""
import hashlib
import logging
import re
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from core.admin_log import record
from core.auth import throttle
from core.auth.models import ROLES, ApiToken, PlatformAdmin, User
from core.auth.password_policy import check_new_password
from core.auth.passwords import hash_password, verify_password
from core.errors import Conflict, InvalidInput, NotFound
from core.extensions import db
from core.tenancy import department_by_code, scoped, tenant_by_slug


log = logging.getLogger("complaints.auth")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
TOKEN_RE = re.compile(r"^ct_([a-z0-9-]+)_([0-9a-f]{64})$")


class LoginThrottled(Exception):
    pass


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not EMAIL_RE.match(email) or len(email) > 254:
        raise InvalidInput(_l("Invalid e-mail address: %(email)s", email=email), {"email": email})
    return email


def user_by_email(tenant, email):
    return db.session.execute(scoped(User, tenant).where(User.email == email)).scalar_one_or_none()


def create_user(tenant, email, *, role, password, name=None, department=None, locale=None) -> User:
    """Add a staff user to ``tenant``; ``department`` is a department code."""
    email = normalise_email(email)
    if role not in ROLES:
        raise InvalidInput(_l("Unknown role %(role)s: one of %(roles)s", role=role,
                              roles=", ".join(ROLES)), {"role": role})
    check_new_password(password, tenant=tenant, email=email, name=name)
    dept = None
    if department:
        dept = department_by_code(tenant, department)
        if dept is None:
            raise InvalidInput(_l("Unknown department: %(code)s", code=department),
                               {"department": department})
    if user_by_email(tenant, email):
        raise Conflict(_l("A user with e-mail %(email)s already exists.", email=email),
                       {"email": email})
    user = User(tenant_id=tenant.id, email=email, name=(name or email.split("@")[0]).strip(),
                role=role, department_id=dept.id if dept else None,
                password_hash=hash_password(password), locale=locale)
    db.session.add(user)
    db.session.flush()
    return user


def create_platform_admin(email, password, name=None) -> PlatformAdmin:
    email = normalise_email(email)
    check_new_password(password, email=email, name=name)
    if db.session.execute(select(PlatformAdmin).where(PlatformAdmin.email == email)).first():
        raise Conflict(_l("A user with e-mail %(email)s already exists.", email=email),
                       {"email": email})
    admin = PlatformAdmin(email=email, name=name or email.split("@")[0],
                          password_hash=hash_password(password))
    db.session.add(admin)
    db.session.flush()
    return admin


def authenticate(tenant, email, password, ip):
    """The user whose credentials these are, or None; raises LoginThrottled when locked.

    ``tenant`` None checks platform administrators.
    """
    email = (email or "").strip().lower()
    tenant_id = tenant.id if tenant else None
    if throttle.is_locked(tenant_id, email, ip):
        raise LoginThrottled()
    if tenant is None:
        user = db.session.execute(
            select(PlatformAdmin).where(PlatformAdmin.email == email)).scalar_one_or_none()
    else:
        user = user_by_email(tenant, email)
    if not verify_password(user.password_hash if user else None, password or "") or not user.active:
        throttle.record_failure(tenant_id, email, ip)
        return None
    throttle.clear_failures(tenant_id, email)
    db.session.commit()
    return user


def change_password(user, current, new, ip):
    """The user's own change (ASVS 5.0 6.2.2, 6.2.3): the current password must be given,
    and a wrong one counts as a failed sign-in, so a session left open is no way to guess
    it. Every other session of the user ends; the caller signs this one in again. Staff
    changes go to their tenant's administration log; platform admins have none, so the
    application log keeps theirs. Raises LoginThrottled when locked, InvalidInput for a
    wrong current or a weak new one."""
    tenant = getattr(user, "tenant", None)
    _confirm(user, current, ip)
    check_new_password(new, tenant=tenant, email=user.email, name=user.name, current=current)
    _replace_password(user, new)
    if tenant is not None:
        record(tenant, user, "password_changed", user.email)
    else:
        log.info("password changed by platform admin %s", user.email)


def set_password(tenant, user_id, new, *, actor=None, actor_password=None, ip="") -> User:
    """Give a user of ``tenant`` a new password (a forgotten one); the user's open sessions
    end. From the web ``actor`` is the admin, who confirms with their own password and
    changes their own on their password page; the CLI's operator has no ``actor``."""
    user = db.session.execute(scoped(User, tenant).where(User.id == user_id)).scalar_one_or_none()
    if user is None:
        raise NotFound(_l("No such user."))
    if actor is not None:
        if actor.id == user.id:
            message = _l("Change your own password on your password page.")
            raise InvalidInput(message, {"user_id": [message]})
        _confirm(actor, actor_password, ip, field="admin_password")
    check_new_password(new, tenant=tenant, email=user.email, name=user.name)
    _replace_password(user, new)
    record(tenant, actor, "password_set", user.email)
    return user


def _confirm(actor, password, ip, field="current_password"):
    """``actor``'s own password, checked and throttled like a sign-in."""
    tenant_id = getattr(actor, "tenant_id", None)
    if throttle.is_locked(tenant_id, actor.email, ip):
        raise LoginThrottled()
    if not verify_password(actor.password_hash, password or ""):
        throttle.record_failure(tenant_id, actor.email, ip)
        message = _l("The current password is wrong.")
        raise InvalidInput(message, {field: [message]})


def _replace_password(user, new):
    user.password_hash = hash_password(new)
    user.session_version += 1
    db.session.flush()


def _token_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


SCOPES = ("read", "write")


def create_token(tenant, user, name="api", scopes=SCOPES) -> str:
    """Create a token for ``user`` and return it; it is shown this once and kept hashed.
    ``scopes``: ``read`` (GET) and/or ``write`` (everything else)."""
    scopes = sorted(set(scopes))
    if not scopes or set(scopes) - set(SCOPES):
        raise InvalidInput(_l("Scopes are read and/or write."), {"scopes": scopes})
    secret = secrets.token_hex(32)
    token = f"ct_{tenant.slug}_{secret}"
    db.session.add(ApiToken(tenant_id=tenant.id, user_id=user.id, name=name,
                            token_hash=_token_hash(token), scopes=scopes))
    db.session.flush()
    return token


def user_for_token(token: str):
    """(tenant, user, scopes) the bearer token acts for, or None. The tenant comes from
    the token."""
    match = TOKEN_RE.match(token or "")
    if not match:
        return None
    tenant = tenant_by_slug(match.group(1))
    if tenant is None:
        return None
    row = db.session.execute(scoped(ApiToken, tenant).where(
        ApiToken.token_hash == _token_hash(token), ApiToken.revoked_at.is_(None))).scalar_one_or_none()
    if row is None or not row.user.active:
        return None
    return tenant, row.user, tuple(row.scopes or ())
