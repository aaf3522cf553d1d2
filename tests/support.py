"""Test fixtures: a fresh database per test session (PostgreSQL or SQLite), made by the
migrations; a fresh app (and plugin manager) per test; tenants with unique slugs.

Choose the database with ``TEST_DATABASE_URL``: a PostgreSQL URL names the server (a new
database is created on it and dropped afterwards); unset or ``sqlite`` uses a temporary
SQLite file.
"""
import os
import re
import uuid

import psycopg
from flask.testing import FlaskClient
import pytest
from sqlalchemy.engine import make_url

from core import create_app
from core.extensions import db

PASSWORD = "correct-horse-battery"


def _postgres_admin_url():
    url = os.environ.get("TEST_DATABASE_URL", "")
    return url if url.startswith("postgres") else None


def is_postgres():
    return _postgres_admin_url() is not None


def create_postgres_database(prefix="complaints_test"):
    """Create an empty database on the test server; return its SQLAlchemy URL."""
    admin = make_url(_postgres_admin_url())
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.set(drivername="postgresql+psycopg", database=name).render_as_string(
        hide_password=False)


def drop_postgres_database(url):
    admin = make_url(_postgres_admin_url())
    name = make_url(url).database
    with psycopg.connect(admin.set(drivername="postgresql").render_as_string(hide_password=False),
                         autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_app(database_url, instance_path, **overrides):
    config = {"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
              "SECRET_KEY": "test-secret", "INSTANCE_PATH": str(instance_path),
              "PASSWORD_HASH_PROFILE": "test"}
    config.update(overrides)
    return create_app(config)


def pytest_collection_modifyitems(config, items):
    if is_postgres():
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set TEST_DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    if is_postgres():
        url = create_postgres_database()
    else:
        url = f"sqlite:///{instance / 'test.db'}"
    app = make_app(url, instance)
    with app.app_context():
        from core.migrations import upgrade_database
        upgrade_database()
        db.engine.dispose()
    yield url
    if is_postgres():
        drop_postgres_database(url)


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


class IsolatedClient(FlaskClient):
    """Runs every request in an app context of its own, as a server would: its own ``g``
    and its own database session, never the test's."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def host(app):
    return app.extensions["complaints.plugins"]


def unique_slug(stem="t"):
    return f"{stem}-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def make_tenant(app):
    from core.tenancy import create_department, create_tenant

    def factory(plugins=(), stem="t", departments=("GEN", "OPS"), **kwargs):
        tenant = create_tenant(unique_slug(stem), f"Tenant {stem}",
                               plugins=plugins if isinstance(plugins, dict) else list(plugins),
                               **kwargs)
        for code in departments:
            create_department(tenant, code, f"Department {code}")
        db.session.commit()
        return tenant
    return factory


@pytest.fixture
def make_user(app):
    from core.auth.service import create_user

    def factory(tenant, role="handler", email=None, **kwargs):
        user = create_user(tenant, email or f"{role}-{uuid.uuid4().hex[:6]}@example.com",
                           role=role, password=PASSWORD, **kwargs)
        db.session.commit()
        return user
    return factory


def complaint(**overrides):
    """A valid registration payload."""
    payload = {"channel": "walk_in", "description": "柜员办理业务时态度冷淡。",
               "demand": "道歉", "complainant": {"name": "王建国", "phone": "13812345678"}}
    payload.update(overrides)
    return payload


@pytest.fixture
def make_case(app):
    from core.cases.intake import register_case

    def factory(tenant, actor, **overrides):
        case, code = register_case(tenant, actor, complaint(**overrides))
        db.session.commit()
        return case
    return factory


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token(client, url):
    page = client.get(url).get_data(as_text=True)
    match = CSRF_RE.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1) or match.group(2)


def login(client, tenant, email, password=PASSWORD):
    url = f"/t/{tenant.slug}/login"
    token = csrf_token(client, url)
    return client.post(url, data={"email": email, "password": password, "csrf_token": token})


def admin_login(client, email, password=PASSWORD):
    """Sign in on the platform administration's page."""
    return client.post("/admin/login", data={"email": email, "password": password,
                                             "csrf_token": csrf_token(client, "/admin/login")})


def platform_admin(client=None):
    """A new platform administrator (signed in on ``client`` when given); their e-mail."""
    from core.auth.service import create_platform_admin
    email = f"root-{uuid.uuid4().hex[:8]}@platform.test"
    create_platform_admin(email, PASSWORD)
    db.session.commit()
    if client is not None:
        assert admin_login(client, email).status_code == 302
    return email


def table_counts():
    """Row counts of every table: to show that a refused action wrote nothing."""
    from sqlalchemy import func, select
    return {table.name: db.session.scalar(select(func.count()).select_from(table))
            for table in db.metadata.sorted_tables}
