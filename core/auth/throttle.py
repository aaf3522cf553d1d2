"""Login throttling: after LOGIN_MAX_FAILURES failed attempts for one account (or five
times as many from one address) within LOGIN_LOCK_MINUTES, further attempts are refused
until the window has passed. Failures live in the database so every process agrees."""
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, select

from core.auth.models import LoginFailure
from core.extensions import db
from core.types import utcnow


def _window():
    return timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])


def is_locked(tenant_id, email, ip, now=None) -> bool:
    now = now or utcnow()
    since = now - _window()
    limit = current_app.config["LOGIN_MAX_FAILURES"]
    by_account = db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(
            LoginFailure.tenant_id.is_(None) if tenant_id is None else LoginFailure.tenant_id == tenant_id,
            LoginFailure.email == email, LoginFailure.at >= since))
    if by_account >= limit:
        return True
    by_address = db.session.scalar(
        select(func.count()).select_from(LoginFailure).where(
            LoginFailure.ip == ip, LoginFailure.at >= since))
    return by_address >= limit * 5


def record_failure(tenant_id, email, ip, now=None):
    db.session.add(LoginFailure(tenant_id=tenant_id, email=email, ip=ip, at=now or utcnow()))
    db.session.commit()


def clear_failures(tenant_id, email):
    db.session.execute(delete(LoginFailure).where(
        LoginFailure.tenant_id.is_(None) if tenant_id is None else LoginFailure.tenant_id == tenant_id,
        LoginFailure.email == email))
