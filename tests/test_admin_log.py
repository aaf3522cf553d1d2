"""The administration log (core/admin_log.py): every change an admin makes, from the web,
the platform admin's pages or the command line, is written with who and what, in the
change's own transaction; a refused change writes nothing; entries are never changed or
removed; a tenant sees only its own."""
import pytest
from sqlalchemy import select, text

from core.admin_log import AdminEvent
from core.cli import main
from core.extensions import db
from tests.support import PASSWORD, IsolatedClient, csrf_token, login, platform_admin, unique_slug


def entries(tenant):
    return [(e.actor, e.action, e.target, e.details) for e in db.session.scalars(
        select(AdminEvent).where(AdminEvent.tenant_id == tenant.id).order_by(AdminEvent.id))]


def test_each_admin_change_on_the_web_is_logged_with_who_and_what(client, make_tenant, make_user):
    tenant = make_tenant(plugins=["bank"])
    admin, handler = make_user(tenant, "admin"), make_user(tenant, "handler")
    login(client, tenant, admin.email)
    base = f"/t/{tenant.slug}/admin"
    token = csrf_token(client, base + "/")
    posts = [
        ("/users", {"email": "new@example.com", "role": "handler", "password": "lantern-orchard-kites"}),
        (f"/users/{handler.id}", {"role": "supervisor", "department": "OPS", "active": "on"}),
        ("/password", {"user_id": handler.id, "password": "harbour-violet-sixty", "admin_password": PASSWORD}),
        ("/departments", {"code": "LOBBY", "name": "大堂"}),
        ("/plugins", {"plugins": ["bank", "hotel"]}),
        ("/plugins/bank/settings", {"major_amount": "80000", "profile": "cbirc_2020"}),
        ("/calendar", {"day": "2026-10-10", "working": "true", "note": "调休"}),
    ]
    for path, data in posts:
        assert client.post(base + path, data=data | {"csrf_token": token}).status_code == 302, path
    day_id = db.session.scalar(text("SELECT id FROM calendar_days WHERE tenant_id = :t"), {"t": tenant.id})
    assert client.post(f"{base}/calendar/{day_id}/delete", data={"csrf_token": token}).status_code == 302
    log = entries(tenant)
    assert [action for _who, action, _target, _details in log] == [
        "user_created", "user_updated", "password_set", "department_created", "plugins_set",
        "settings_saved", "calendar_day_set", "calendar_day_removed"]
    assert {who for who, *_rest in log} == {admin.email}
    assert log[1][2:] == (handler.email, {"role": "supervisor", "department": "OPS", "active": True})
    assert log[4][3] == {"before": ["bank"], "after": ["bank", "hotel"]}
    assert log[5][2] == "bank" and log[5][3]["changed"]["major_amount"] == 80000
    assert "harbour-violet-sixty" not in str(log)  # no password is ever written down
    page = client.get(base + "/").get_data(as_text=True)
    assert "管理日志" in page and "重设密码" in page and handler.email in page


def test_a_refused_change_logs_nothing(client, make_tenant, make_user):
    tenant = make_tenant()
    admin = make_user(tenant, "admin")
    login(client, tenant, admin.email)
    base = f"/t/{tenant.slug}/admin"
    token = csrf_token(client, base + "/")
    assert client.post(base + "/users", data={"csrf_token": token, "email": "x@example.com", "role": "handler",
                                              "password": "password1"}).status_code == 422
    assert client.post(f"{base}/users/{admin.id}", data={"csrf_token": token, "role": "handler",
                                                         "active": "on"}).status_code == 409
    assert client.post(base + "/departments", data={"csrf_token": token, "code": "bad code!",
                                                     "name": "x"}).status_code == 422
    assert entries(tenant) == []


def test_own_password_change_is_logged(client, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant, "handler")
    login(client, tenant, user.email)
    url = f"/t/{tenant.slug}/account/password"
    assert client.post(url, data={"current_password": PASSWORD, "new_password": "lantern-orchard-kites",
                                  "repeat": "lantern-orchard-kites",
                                  "csrf_token": csrf_token(client, url)}).status_code == 302
    assert entries(tenant) == [(user.email, "password_changed", user.email, {})]


def test_the_command_line_and_the_platform_admin_are_logged_too(app, client, make_tenant, make_user):
    from core.tenancy import tenant_by_slug
    runner = app.test_cli_runner()
    slug = unique_slug("cli")
    assert runner.invoke(main, ["tenant", "create", slug, "--name", "命令行银行", "--plugins", "bank"]).exit_code == 0
    assert runner.invoke(main, ["user", "create", "--tenant", slug, "boss@example.com", "--role", "admin"],
                         input="lantern-orchard-kites\n").exit_code == 0
    tenant = tenant_by_slug(slug)
    assert [(who, action) for who, action, *_ in entries(tenant)] == [
        ("command line", "tenant_created"), ("command line", "user_created")]

    email = platform_admin(client)
    assert client.post(f"/admin/tenants/{slug}/active",
                       data={"csrf_token": csrf_token(client, "/admin/")}).status_code == 302
    assert entries(tenant)[-1][:3] == (f"platform admin {email}", "tenant_suspended", slug)


def test_entries_are_never_changed_or_removed(app, make_tenant):
    from core.admin_log import record
    tenant = make_tenant()
    record(tenant, None, "tenant_created", tenant.slug)
    db.session.commit()
    for statement in ("UPDATE admin_events SET actor = 'someone else'", "DELETE FROM admin_events"):
        with pytest.raises(Exception, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert entries(tenant)[0][0] == "command line"


def test_a_tenant_sees_only_its_own_log(app, client, make_tenant, make_user):
    from core.admin_log import record
    a, b = make_tenant(), make_tenant()
    admin_a = make_user(a, "admin")
    record(b, None, "department_created", "MARKER-LOG-B")
    db.session.commit()
    login(client, a, admin_a.email)
    assert "MARKER-LOG-B" not in client.get(f"/t/{a.slug}/admin/").get_data(as_text=True)
    other = IsolatedClient(app, use_cookies=True)
    login(other, b, make_user(b, "admin").email)
    assert "MARKER-LOG-B" in other.get(f"/t/{b.slug}/admin/").get_data(as_text=True)
