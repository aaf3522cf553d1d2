"""Row-level security, the second wall (migration 0012, core/fence.py). On PostgreSQL:
every table holding tenants' rows has it forced with a policy; and with the
application's own tenant filter switched off, a user or token of tenant A connected as
an ordinary role (superusers bypass row-level security) still cannot reach tenant B's
objects. The same request through a superuser connection, guard off, does reach them:
so it is the database that stops it."""
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.auth.service import create_token
from core.extensions import db
from tests.support import IsolatedClient, complaint, login, make_app

pytestmark = pytest.mark.postgres
ROLE = "complaints_rls_test"


def test_every_tenant_table_has_forced_row_level_security_and_a_policy(app):
    tables = [t.name for t in db.metadata.sorted_tables if "tenant_id" in t.c]
    rows = {r.relname: r for r in db.session.execute(text(
        "SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, "
        "(SELECT count(*) FROM pg_policies p WHERE p.tablename = c.relname) AS policies "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind = 'r'"))}
    for table in tables:
        assert rows[table].relrowsecurity and rows[table].relforcerowsecurity, table
        assert rows[table].policies >= 1, table


def grant_ordinary_role(database_url):
    """The URL of the test database for the application's runtime role: no superuser
    power, no BYPASSRLS, granted by `complaints grant-runtime-role` (core/db_roles.py);
    created once, in the test's app context."""
    from core.db_roles import grant_runtime_role
    db.session.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') "
                            f"THEN CREATE ROLE {ROLE} LOGIN NOSUPERUSER NOBYPASSRLS; END IF; END $$"))
    grant_runtime_role(ROLE)
    db.session.commit()
    return make_url(database_url).set(username=ROLE, password=None).render_as_string(hide_password=False)


@pytest.fixture
def ordinary_role_url(app, database_url):
    return grant_ordinary_role(database_url)


@pytest.fixture
def two_banks(app, make_tenant, make_user, make_case):
    a, b = make_tenant(plugins=["bank"]), make_tenant(plugins=["bank"])
    users = {t.slug: make_user(t, "supervisor") for t in (a, b)}
    cases = {t.slug: make_case(t, users[t.slug], title=f"{t.slug} 的投诉") for t in (a, b)}
    tokens = {t.slug: create_token(t, users[t.slug]) for t in (a, b)}
    db.session.commit()
    return a, b, users, cases, tokens


def unguarded_client(url, tmp_path):
    guardless = make_app(url, tmp_path, TENANT_GUARD=False)
    guardless.test_client_class = IsolatedClient
    return guardless, guardless.test_client()


def test_with_the_guard_off_row_level_security_alone_holds(ordinary_role_url, two_banks, tmp_path):
    a, b, users, cases, tokens = two_banks
    guardless, client = unguarded_client(ordinary_role_url, tmp_path)
    try:
        assert login(client, a, users[a.slug].email).status_code == 302
        mine, theirs = cases[a.slug], cases[b.slug]
        assert client.get(f"/t/{a.slug}/cases/{mine.id}").status_code == 200
        page = client.get(f"/t/{a.slug}/cases/{theirs.id}")
        assert page.status_code == 404 and theirs.title.encode() not in page.data
        listing = client.get(f"/t/{a.slug}/cases").get_data(as_text=True)
        assert mine.reference in listing and theirs.reference not in listing
        headers = {"Authorization": f"Bearer {tokens[a.slug]}"}
        assert client.get(f"/api/v1/cases/{theirs.id}", headers=headers).status_code == 404
        assert [i["reference"] for i in client.get("/api/v1/cases", headers=headers).get_json()["items"]] == \
            [mine.reference]
    finally:
        with guardless.app_context():
            db.engine.dispose()


def test_the_same_requests_leak_without_it(database_url, two_banks, tmp_path):
    """Guard off and a superuser connection (row-level security bypassed): the case of
    tenant B opens under tenant A's address. This is what the database wall stops."""
    a, b, users, cases, _tokens = two_banks
    guardless, client = unguarded_client(database_url, tmp_path)
    try:
        login(client, a, users[a.slug].email)
        assert client.get(f"/t/{a.slug}/cases/{cases[b.slug].id}").status_code == 200
    finally:
        with guardless.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("statement", [
    "UPDATE case_events SET type = 'note'", "DELETE FROM case_events", "TRUNCATE case_events CASCADE",
    "UPDATE admin_events SET actor = 'x'", "DELETE FROM admin_events", "TRUNCATE admin_events",
    "UPDATE alembic_version SET version_num = '0001'",
])
def test_the_runtime_role_may_not_change_events(ordinary_role_url, two_banks, statement):
    """The role the application runs as lacks the privilege itself: PostgreSQL refuses
    before any trigger runs (the message is the privilege's, not the trigger's)."""
    import psycopg
    url = make_url(ordinary_role_url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(url) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied for table"):
            conn.execute(statement)
    assert db.session.scalar(text("SELECT count(*) FROM case_events")) >= 2


def test_the_application_works_as_the_runtime_role(ordinary_role_url, two_banks, tmp_path):
    """Everything a day brings, done as the runtime role with the guard on: register,
    act, read the chain, sweep, sign in and out."""
    from datetime import timedelta
    from core.audit import verify_chain
    from core.sweep import sweep
    from core.types import utcnow
    a, _b, users, _cases, tokens = two_banks
    runtime = make_app(ordinary_role_url, tmp_path)
    runtime.test_client_class = IsolatedClient
    client = runtime.test_client()
    try:
        headers = {"Authorization": f"Bearer {tokens[a.slug]}"}
        made = client.post("/api/v1/cases", headers=headers, json=complaint())
        assert made.status_code == 201, made.get_json()
        case = made.get_json()
        noted = client.post(f"/api/v1/cases/{case['id']}/actions", headers=headers,
                            json={"action": "note", "text": "回访前先核对流水", "version": case["version"]})
        assert noted.status_code == 200, noted.get_json()
        assert login(client, a, users[a.slug].email).status_code == 302
        assert client.get(f"/t/{a.slug}/cases/{case['id']}").status_code == 200
        with runtime.app_context():
            sweep(now=utcnow() + timedelta(days=90))
            assert verify_chain(a.id).ok
            db.session.commit()
    finally:
        with runtime.app_context():
            db.engine.dispose()


def ensure_role(name, options=""):
    db.session.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') "
                            f"THEN CREATE ROLE {name} LOGIN {options}; END IF; END $$"))


@pytest.mark.parametrize("role, refusal", [
    ("postgres", "superuser, has BYPASSRLS or may create roles"),
    ("complaints_creator_test", "superuser, has BYPASSRLS or may create roles"),
    ("complaints_member_test", "member of their owner's role"),
    ("nobody_here_xyz", "No role nobody_here_xyz"),
    ("x; DROP TABLE cases", "Not a plain role name"),
])
def test_grant_runtime_role_refuses_roles_that_would_defeat_it(app, role, refusal):
    from core.cli import main
    ensure_role("complaints_creator_test", "CREATEROLE")
    ensure_role("complaints_member_test")
    db.session.execute(text("GRANT postgres TO complaints_member_test"))  # the tables' owner here
    db.session.commit()
    result = app.test_cli_runner().invoke(main, ["grant-runtime-role", role], env={"LC_ALL": "en_US.UTF-8"})
    assert result.exit_code == 1 and refusal in result.output, result.output


def test_grant_runtime_role_run_by_a_role_that_may_not_grant_says_so(app, ordinary_role_url, tmp_path):
    """PostgreSQL only warns when a GRANT gives nothing: the command checks the rights
    it meant to give, and fails rather than report a role ready that is not."""
    from core.db_roles import grant_runtime_role
    from flask_babel import force_locale
    from core.errors import InvalidInput
    ensure_role("complaints_fresh_test")
    db.session.commit()
    wrong_runner = make_app(ordinary_role_url, tmp_path)
    try:
        with wrong_runner.app_context():
            with pytest.raises(InvalidInput) as caught:
                grant_runtime_role("complaints_fresh_test")
            db.session.rollback()
            with force_locale("en"):
                assert "run this as the owner" in str(caught.value.message)
    finally:
        with wrong_runner.app_context():
            db.engine.dispose()
