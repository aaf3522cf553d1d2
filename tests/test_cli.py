"""The ``complaints`` command: each validates, explains a refusal in one line on stderr,
exits non-zero and leaves the database as it was."""
import pytest
from sqlalchemy import text

from core.auth.service import user_for_token
from core.cli import main
from core.extensions import db
from core.tenancy import tenant_by_slug
from tests.support import PASSWORD, is_postgres, table_counts, unique_slug


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def invoke(*args, input=None):
        with app.app_context():  # a context of its own, as a separate process has
            return runner.invoke(main, list(args), input=input)
    return invoke


def test_tenant_create(cli):
    slug = unique_slug()
    result = cli("tenant", "create", slug, "--name", "城东支行", "--plugins", "bank,hotel",
                 "--timezone", "Asia/Shanghai", "--calendar", "CN", "--locale", "zh_CN")
    assert result.exit_code == 0, result.output
    tenant = tenant_by_slug(slug)
    assert tenant.name == "城东支行" and tenant.enabled_plugins == ["bank", "hotel"]


@pytest.mark.parametrize("args, says", [
    (["Bad Slug", "--name", "X"], "Invalid slug"),
    (["{slug}", "--name", "X", "--plugins", "bank,teleport"], "Unknown plugin: teleport"),
    (["{slug}", "--name", "X", "--timezone", "Moon/Base"], "Unknown time zone"),
    (["{slug}", "--name", "X", "--calendar", "ZZ"], "Unknown holiday calendar"),
    (["{slug}", "--name", "X", "--locale", "fr"], "Unknown language"),
    (["{slug}", "--name", "X", "--prefix", "no-good"], "Invalid reference prefix"),
])
def test_tenant_create_refuses_bad_input(cli, args, says):
    before = table_counts()
    slug = unique_slug()
    result = cli("tenant", "create", *[a.format(slug=slug) for a in args])
    assert result.exit_code == 1
    assert says in result.stderr and result.stderr.count("\n") == 1
    assert table_counts() == before


def test_user_create_reads_the_password_from_stdin(cli, make_tenant):
    tenant = make_tenant()
    result = cli("user", "create", "--tenant", tenant.slug, "li@example.com", "--role",
                 "supervisor", "--department", "OPS", input=PASSWORD + "\n")
    assert result.exit_code == 0, result.stderr
    from core.auth.service import authenticate
    user = authenticate(tenant, "li@example.com", PASSWORD, "127.0.0.1")
    assert user.role == "supervisor" and user.department.code == "OPS"


@pytest.mark.parametrize("args, password, says", [
    (["--tenant", "no-such-tenant", "a@example.com", "--role", "handler"], PASSWORD, "No tenant"),
    (["--tenant", "{slug}", "a@example.com", "--role", "king"], PASSWORD, "Unknown role"),
    (["--tenant", "{slug}", "not-an-email", "--role", "handler"], PASSWORD, "Invalid e-mail"),
    (["--tenant", "{slug}", "a@example.com", "--role", "handler"], "short", "at least 8"),
    (["--tenant", "{slug}", "a@example.com", "--role", "handler", "--department", "XX"],
     PASSWORD, "Unknown department"),
])
def test_user_create_refuses_bad_input(cli, make_tenant, args, password, says):
    tenant = make_tenant()
    before = table_counts()
    result = cli("user", "create", *[a.format(slug=tenant.slug) for a in args],
                 input=password + "\n")
    assert result.exit_code == 1 and says in result.stderr
    assert table_counts() == before


def test_token_create_prints_the_token_last(cli, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant)
    result = cli("token", "create", "--tenant", tenant.slug, "--user", user.email)
    assert result.exit_code == 0
    token = result.output.strip().splitlines()[-1]
    found_tenant, found_user, scopes = user_for_token(token)
    assert scopes == ("read", "write")
    assert (found_tenant.id, found_user.id) == (tenant.id, user.id)
    refused = cli("token", "create", "--tenant", tenant.slug, "--user", "ghost@example.com")
    assert refused.exit_code == 1 and "No user" in refused.stderr
    read_only = cli("token", "create", "--tenant", tenant.slug, "--user", user.email, "--scopes", "read")
    assert user_for_token(read_only.output.strip().splitlines()[-1])[2] == ("read",)
    bad = cli("token", "create", "--tenant", tenant.slug, "--user", user.email, "--scopes", "admin")
    assert bad.exit_code == 1 and "Scopes are read and/or write." in bad.stderr


def test_audit_verify_passes_then_names_the_tampered_event(cli, make_tenant, make_user, make_case):
    tenant = make_tenant()
    clerk = make_user(tenant, "intake")
    for _ in range(3):
        make_case(tenant, clerk)
    ok = cli("audit", "verify", "--tenant", tenant.slug)
    assert ok.exit_code == 0 and "OK: 3 events verified" in ok.output
    event_id = db.session.scalar(text(
        "SELECT id FROM case_events WHERE tenant_id = :t AND seq = 2"), {"t": tenant.id})
    if is_postgres():
        db.session.execute(text("ALTER TABLE case_events DISABLE TRIGGER USER"))
        db.session.execute(text("UPDATE case_events SET type = 'x' WHERE id = :id"), {"id": event_id})
        db.session.execute(text("ALTER TABLE case_events ENABLE TRIGGER USER"))
    else:
        db.session.execute(text("DROP TRIGGER case_events_no_update"))
        db.session.execute(text("UPDATE case_events SET type = 'x' WHERE id = :id"), {"id": event_id})
        db.session.execute(text("""CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
            BEGIN SELECT RAISE(ABORT, 'case_events is append-only: UPDATE refused'); END"""))
    db.session.commit()
    broken = cli("audit", "verify", "--tenant", tenant.slug)
    assert broken.exit_code == 1
    assert f"BROKEN at event seq 2 (id {event_id})" in broken.stderr


def test_init_and_demo(cli):
    assert cli("init").exit_code == 0
    result = cli("demo")
    assert result.exit_code == 0, result.stderr
    for slug in ("demo-bank", "demo-hotel", "demo-auto", "demo-labour"):
        assert f"/t/{slug}/login" in result.output
        assert cli("audit", "verify", "--tenant", slug).exit_code == 0
    assert "handler@bank.demo" in result.output and "root@platform.demo" in result.output
    again = cli("demo")
    assert again.exit_code == 0 and "already loaded" in again.output
    from core.cases.models import Case
    from sqlalchemy import func, select
    bank = tenant_by_slug("demo-bank")
    assert db.session.scalar(select(func.count()).select_from(Case)
                             .where(Case.tenant_id == bank.id)) == 11
    majors = db.session.scalars(select(Case.title).where(Case.tenant_id == bank.id,
                                                          Case.major.is_(True))).all()
    assert "理财产品亏损，销售时未提示风险" in majors
