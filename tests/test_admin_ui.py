"""Tenant admin pages (users, departments, plugins and settings, calendar) and the
platform admin's tenants: each change validated, a refusal changes nothing and says why."""
from datetime import date

from sqlalchemy import select

from core.auth.models import User
from core.extensions import db
from core.tenancy import Tenant
from core.tenant_calendar import calendar_for
from tests.support import csrf_token, login, table_counts, unique_slug


def admin_of(client, make_tenant, make_user, **kwargs):
    tenant = make_tenant(**kwargs)
    admin = make_user(tenant, "admin")
    login(client, tenant, admin.email)
    return tenant, admin, csrf_token(client, f"/t/{tenant.slug}/admin/")


def test_admin_adds_and_changes_users(client, make_tenant, make_user):
    tenant, admin, token = admin_of(client, make_tenant, make_user, locale="en")
    base = f"/t/{tenant.slug}/admin"
    before = table_counts()
    weak = client.post(base + "/users", data={"csrf_token": token, "email": "new@example.com",
                                              "name": "New Handler", "role": "handler", "password": "short"})
    assert weak.status_code == 422 and 'value="New Handler"' in weak.get_data(as_text=True)
    assert table_counts() == before
    assert client.post(base + "/users", data={"csrf_token": token, "email": "new@example.com", "name": "New Handler",
                                              "role": "handler", "department": "OPS",
                                              "password": "a-long-enough-pass"}).status_code == 302
    user = db.session.scalar(select(User).where(User.tenant_id == tenant.id, User.email == "new@example.com"))
    assert user.role == "handler" and user.department_id is not None
    # Disabled: the user can no longer sign in.
    assert client.post(f"{base}/users/{user.id}", data={"csrf_token": token, "role": "supervisor",
                                                        "department": ""}).status_code == 302
    db.session.refresh(user)
    assert (user.role, user.department_id, user.active) == ("supervisor", None, False)
    from tests.support import IsolatedClient
    other = IsolatedClient(client.application, use_cookies=True)
    assert login(other, tenant, "new@example.com", "a-long-enough-pass").status_code != 302
    # The last active admin cannot step down.
    refused = client.post(f"{base}/users/{admin.id}", data={"csrf_token": token, "role": "handler", "active": "on"})
    assert refused.status_code == 409 and "last active admin" in refused.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == "admin" and admin.active


def test_non_admins_get_forbidden(client, make_tenant, make_user):
    tenant = make_tenant()
    login(client, tenant, make_user(tenant, "supervisor").email)
    assert client.get(f"/t/{tenant.slug}/admin/").status_code == 403
    assert client.get(f"/t/{tenant.slug}/admin/settings").status_code == 403


def test_departments_and_calendar_days(client, make_tenant, make_user):
    tenant, _admin, token = admin_of(client, make_tenant, make_user)
    base = f"/t/{tenant.slug}/admin"
    assert client.post(base + "/departments", data={"csrf_token": token, "code": "LOBBY",
                                                    "name": "大堂"}).status_code == 302
    duplicate = client.post(base + "/departments", data={"csrf_token": token, "code": "LOBBY", "name": "又一个"})
    assert duplicate.status_code == 409
    # A company make-up Saturday becomes a working day for this tenant's deadlines.
    saturday = date(2026, 6, 6)
    assert not calendar_for(tenant).is_working_day(saturday)
    assert client.post(base + "/calendar", data={"csrf_token": token, "day": saturday.isoformat(),
                                                 "working": "true", "note": "调休"}).status_code == 302
    db.session.rollback()  # a calendar is read once per transaction
    assert calendar_for(tenant).is_working_day(saturday)
    assert client.post(base + "/calendar", data={"csrf_token": token, "day": "not-a-day"}).status_code == 422
    from core.tenant_calendar import CalendarDay
    day_id = db.session.scalar(select(CalendarDay.id).where(CalendarDay.tenant_id == tenant.id))
    assert client.post(f"{base}/calendar/{day_id}/delete", data={"csrf_token": token}).status_code == 302
    db.session.rollback()
    assert not calendar_for(tenant).is_working_day(saturday)


def test_plugin_settings_form_is_generated_and_validated(client, make_tenant, make_user):
    tenant, _admin, token = admin_of(client, make_tenant, make_user, plugins=["bank"], locale="en")
    url = f"/t/{tenant.slug}/admin/plugins/bank/settings"
    page = client.get(url).get_data(as_text=True)
    assert 'name="major_amount"' in page and 'value="50000"' in page and 'name="profile"' in page
    bad = client.post(url, data={"csrf_token": token, "major_amount": "-5", "profile": "house"})
    assert bad.status_code == 422 and 'value="-5"' in bad.get_data(as_text=True)
    db.session.refresh(tenant)
    assert tenant.plugins["bank"]["major_amount"] == 50000
    assert client.post(url, data={"csrf_token": token, "major_amount": "80000", "profile": "cbirc_2020",
                                  "approval_limits": '{"handler": 300}'}).status_code == 302
    db.session.refresh(tenant)
    assert tenant.plugins["bank"]["major_amount"] == 80000 and tenant.plugins["bank"]["approval_limits"] == {"handler": 300}
    assert client.get(f"/t/{tenant.slug}/admin/plugins/hotel/settings").status_code == 404  # not enabled


def test_tenant_settings_give_a_plugin_less_tenant_its_categories(client, make_tenant, make_user):
    tenant, _admin, token = admin_of(client, make_tenant, make_user)
    url = f"/t/{tenant.slug}/admin/settings"
    broken = client.post(url, data={"csrf_token": token, "categories": "[{'code': oops"})
    assert broken.status_code == 422 and "JSON" in broken.get_data(as_text=True)
    invalid = client.post(url, data={"csrf_token": token, "categories": '[{"code": "Bad Code"}]'})
    assert invalid.status_code == 422
    db.session.refresh(tenant)
    before = dict(tenant.settings or {})
    assert client.post(url, data={"csrf_token": token, "reminder_hours": "12", "contact.phone": "0571-1234",
                                  "categories": '[{"code": "food", "label_zh": "餐饮", "label_en": "Food"}]'}
                       ).status_code == 302
    db.session.refresh(tenant)
    assert tenant.settings["categories"][0]["code"] == "food" and tenant.settings["reminder_hours"] == 12
    assert tenant.settings != before and tenant.settings["contact"] == {"phone": "0571-1234"}
    from core.plugins import categories_for
    assert "food" in {c.code for c in categories_for(tenant)}


def test_plugins_are_enabled_and_disabled(client, make_tenant, make_user):
    tenant, _admin, token = admin_of(client, make_tenant, make_user)
    base = f"/t/{tenant.slug}/admin"
    assert client.post(base + "/plugins", data={"csrf_token": token, "plugins": ["hotel"]}).status_code == 302
    db.session.refresh(tenant)
    assert tenant.enabled_plugins == ["hotel"]
    assert client.post(base + "/plugins", data={"csrf_token": token, "plugins": ["casino"]}).status_code == 422
    db.session.refresh(tenant)
    assert tenant.enabled_plugins == ["hotel"]


def test_platform_admin_creates_and_suspends_tenants(client, app):
    from tests.support import platform_admin
    platform_admin(client)
    token = csrf_token(client, "/admin/")
    slug = unique_slug("park")
    form = {"csrf_token": token, "slug": slug, "name": "欢乐谷", "timezone": "Asia/Shanghai", "calendar": "CN",
            "locale": "zh_CN", "admin_email": "boss@park.test", "admin_password": "a-long-enough-pass"}
    bad = client.post("/admin/tenants", data=form | {"timezone": "Mars/Olympus"})
    assert bad.status_code == 422 and f'value="{slug}"' in bad.get_data(as_text=True)
    assert db.session.scalar(select(Tenant).where(Tenant.slug == slug)) is None
    assert client.post("/admin/tenants", data=form | {"plugins": ["hotel"]}).status_code == 302
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    assert tenant.enabled_plugins == ["hotel"]
    from tests.support import IsolatedClient
    staff = IsolatedClient(client.application, use_cookies=True)
    assert login(staff, tenant, "boss@park.test", "a-long-enough-pass").status_code == 302
    assert client.post(f"/admin/tenants/{slug}/active", data={"csrf_token": token}).status_code == 302
    assert staff.get(f"/t/{slug}/").status_code == 404  # suspended: gone for its staff too
