"""The staff pages of the foundation: home, case page, language switch, confidentiality."""
from core.extensions import db
from tests.support import complaint, csrf_token, login


def test_home_lists_the_tenants_cases_and_counts(client, make_tenant, make_user, make_case):
    tenant = make_tenant(locale="en")
    user = make_user(tenant, "handler")
    case = make_case(tenant, user, title="Queue too long")
    login(client, tenant, user.email)
    page = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert case.reference in page and "Queue too long" in page and tenant.name in page


def test_case_page_shows_facts_and_history(client, make_tenant, make_user, make_case):
    tenant = make_tenant(locale="zh_CN")
    user = make_user(tenant, "handler")
    case = make_case(tenant, user, description="ATM取款疑似取到假币")
    login(client, tenant, user.email)
    page = client.get(f"/t/{tenant.slug}/cases/{case.id}").get_data(as_text=True)
    assert "ATM取款疑似取到假币" in page and "王建国" in page and "登记投诉" in page


def test_the_person_complained_about_cannot_see_the_case(client, make_tenant, make_user, make_case):
    """Art. 1 §9, Art. 5: the complaint never reaches the person it is about."""
    tenant = make_tenant()
    clerk, teller = make_user(tenant, "intake"), make_user(tenant, "handler")
    case = make_case(tenant, clerk, title="态度冷淡", subject={"person": teller.email})
    other = make_case(tenant, clerk, title="别的投诉")
    login(client, tenant, teller.email)
    assert client.get(f"/t/{tenant.slug}/cases/{case.id}").status_code == 404
    home = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert case.reference not in home and other.reference in home


def test_staff_see_who_the_complaint_is_about(client, make_tenant, make_user, make_case):
    tenant = make_tenant()
    clerk, teller = make_user(tenant, "intake"), make_user(tenant, "handler", name="柜员小张")
    case = make_case(tenant, clerk, subject={"person": teller.email, "department": "OPS", "name": "3号窗口"})
    login(client, tenant, clerk.email)
    page = client.get(f"/t/{tenant.slug}/cases/{case.id}").get_data(as_text=True)
    assert "被投诉对象" in page and "Department OPS · 柜员小张 · 3号窗口" in page


def test_auditor_sees_the_complainant_masked(client, make_tenant, make_user, make_case):
    tenant = make_tenant()
    clerk, auditor = make_user(tenant, "intake"), make_user(tenant, "auditor")
    case = make_case(tenant, clerk)
    login(client, tenant, auditor.email)
    page = client.get(f"/t/{tenant.slug}/cases/{case.id}").get_data(as_text=True)
    assert "13812345678" not in page and "138****5678" in page


def test_confidential_complainant_hidden_from_other_handlers(client, make_tenant, make_user,
                                                             make_case):
    tenant = make_tenant()
    clerk, handler = make_user(tenant, "intake"), make_user(tenant, "handler")
    case = make_case(tenant, clerk, confidential=True)
    login(client, tenant, handler.email)
    page = client.get(f"/t/{tenant.slug}/cases/{case.id}").get_data(as_text=True)
    assert "13812345678" not in page


def test_language_switch_is_remembered_for_the_user(client, make_tenant, make_user):
    tenant = make_tenant(locale="zh_CN")
    user = make_user(tenant)
    login(client, tenant, user.email)
    assert "最新投诉" in client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    token = csrf_token(client, f"/t/{tenant.slug}/")
    client.post("/language", data={"locale": "en", "next": f"/t/{tenant.slug}/",
                                   "csrf_token": token})
    assert "Latest complaints" in client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    db.session.refresh(user)
    assert user.locale == "en"


def test_language_switch_refuses_offsite_redirects(client):
    token = csrf_token(client, "/")
    response = client.post("/language", data={"locale": "en", "next": "//evil.example/",
                                              "csrf_token": token})
    assert response.location == "/"


def test_index_sends_staff_to_their_tenant(client, make_tenant):
    tenant = make_tenant()
    assert client.get(f"/?org={tenant.slug}").location.endswith(f"/t/{tenant.slug}/login")
    assert client.get("/?org=nobody-here").status_code == 404


def test_case_page_shows_deadlines_and_what_the_user_may_do(client, make_tenant, make_user, make_case):
    tenant = make_tenant(locale="en")
    clerk = make_user(tenant, "intake")
    case = make_case(tenant, clerk)
    login(client, tenant, clerk.email)
    page = client.get(f"/t/{tenant.slug}/cases/{case.id}").get_data(as_text=True)
    assert "Deadlines" in page and "acknowledge" in page and "running" in page
    assert "What you can do now" in page and 'id="action-accept"' in page and 'id="action-approve"' not in page


def test_identifying_plugin_fields_are_masked_like_the_complainant(app, client, make_tenant, make_user):
    from core.cases.intake import register_case
    tenant = make_tenant(plugins=["auto_dealer"], departments=("CRM",))
    clerk, auditor = make_user(tenant, "intake"), make_user(tenant, "auditor")
    case, _ = register_case(tenant, clerk, complaint(fields={"plate": "沪A12345", "vin": "LSVAU2180N2123456",
                                                             "work_order": "WO-1"}))
    db.session.commit()
    login(client, tenant, auditor.email)
    page = client.get(f"/t/{tenant.slug}/cases/{case.id}").get_data(as_text=True)
    assert "LSVAU2180N2123456" not in page and "沪A12345" not in page and "WO-1" in page
