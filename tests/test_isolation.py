"""Tenants never see each other: a user or token of tenant A gets 404 for every URL and
object of tenant B. The route list is read from the app, so a new route is covered (or
this test fails until it is added to the table below)."""
import pytest

from core.auth.service import create_token
from core.extensions import db
from tests.support import complaint, login

# Routes that take no tenant from the URL and hold no tenant data.
PUBLIC = {"static", "web.index", "i18n.set_language", "admin.login", "admin.logout",
          "admin.tenants", "admin.create_tenant_view", "admin.toggle_tenant", "admin.password", "api_spec.openapi_json"}
# The public portal of every tenant is open to all; its own isolation is tested in
# tests/test_portal.py (a status page opened for one tenant's case shows nothing elsewhere).
PORTAL = "portal."


@pytest.fixture
def two_tenants(app, make_tenant, make_user, make_case):
    a, b = make_tenant(plugins=["bank"]), make_tenant(plugins=["bank"])
    users = {t.slug: make_user(t, "admin") for t in (a, b)}
    from core.tenant_calendar import set_day
    from datetime import date
    days = {t.slug: set_day(t, date(2026, 6, 6), True, "调休") for t in (a, b)}
    cases = {t.slug: make_case(t, users[t.slug]) for t in (a, b)}
    from core.attachments import store
    from core.outbox import OutboxMessage
    for t in (a, b):
        cases[t.slug].attachment = store(t, cases[t.slug], [("收据.pdf", b"%PDF-1.4 test", "application/pdf")],
                                         "staff")[0]
        failed = OutboxMessage(tenant_id=t.id, case_id=cases[t.slug].id, template="case_received",
                               channel="sms", recipient="13800000000", locale="zh_CN", payload={},
                               idempotency_key=f"test-failed-{t.slug}", status="failed", attempts=5)
        db.session.add(failed)
        db.session.flush()
        cases[t.slug].failed_message = failed
        cases[t.slug].user, cases[t.slug].day = users[t.slug], days[t.slug]
    db.session.commit()
    return a, b, users, cases


def tenant_routes(app):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint not in PUBLIC and not rule.endpoint.startswith(PORTAL)]


def fill(rule, tenant, case):
    values = {"slug": tenant.slug, "case_id": case.id, "attachment_id": case.attachment.id,
              "message_id": case.failed_message.id, "name": "note", "user_id": case.user.id,
              "day_id": case.day.id, "plugin": "bank", "report": "summary"}
    return rule.build({k: values[k] for k in rule.arguments})[1]


def test_every_route_is_known(app):
    for rule in tenant_routes(app):
        assert rule.arguments <= {"slug", "case_id", "attachment_id", "name", "message_id", "user_id",
                                  "day_id", "plugin", "report"}, \
            f"add {rule} to this test"
        assert "slug" in rule.arguments or rule.rule.startswith("/api/"), rule


def test_user_of_a_gets_404_for_every_url_of_b(app, client, two_tenants):
    a, b, users, cases = two_tenants
    assert login(client, a, users[a.slug].email).status_code == 302
    web_rules = [r for r in tenant_routes(app) if not r.rule.startswith("/api/")]
    assert web_rules
    for rule in web_rules:
        url = fill(rule, b, cases[b.slug])
        method = "GET" if "GET" in rule.methods else "POST"
        assert client.open(url, method=method).status_code == 404, url
        # ...while the same route of A answers.
        own = fill(rule, a, cases[a.slug])
        assert client.open(own, method=method).status_code != 404, own


def test_token_of_a_gets_404_for_every_object_of_b(app, client, two_tenants):
    a, b, users, cases = two_tenants
    token = create_token(a, users[a.slug])
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    api_rules = [r for r in tenant_routes(app) if r.rule.startswith("/api/")]
    object_rules = [r for r in api_rules if "case_id" in r.arguments]
    assert object_rules
    for rule in api_rules:
        if "case_id" in rule.arguments or "GET" not in rule.methods:
            continue
        # Collections and reports list only the token's own tenant.
        url = rule.build({"name": "bank_complaint_register"})[1] if "name" in rule.arguments else rule.rule
        this_year = __import__("datetime").date.today().year
        listed = client.get(url, headers=headers, query_string={
            "from": f"{this_year}-01-01", "to": f"{this_year}-12-31"} if "name" in rule.arguments else None)
        assert listed.status_code == 200, rule.rule
        assert cases[b.slug].reference not in listed.get_data(as_text=True), rule.rule
    listed = client.get("/api/v1/cases", headers=headers).get_json()
    assert [i["reference"] for i in listed["items"]] == [cases[a.slug].reference]
    this_year = __import__("datetime").date.today().year
    register = client.get("/api/v1/reports/bank_complaint_register", headers=headers, query_string={
        "from": f"{this_year}-01-01", "to": f"{this_year}-12-31"}).get_json()
    assert [r["reference"] for r in register["rows"]] == [cases[a.slug].reference]
    for rule in object_rules:
        method = "GET" if "GET" in rule.methods else "POST"
        body = {"action": "note", "version": 1, "text": "x"}
        url = fill(rule, b, cases[b.slug])
        response = client.open(url, method=method, headers=headers, json=body)
        assert response.status_code == 404, url
        assert response.get_json()["error"]["code"] == "not_found"
        own = client.open(fill(rule, a, cases[a.slug]), method=method, headers=headers, json=body)
        assert own.status_code == 200, own.get_json()


def test_api_create_lands_in_the_tokens_tenant(app, client, two_tenants):
    a, b, users, _ = two_tenants
    token = create_token(a, users[a.slug])
    db.session.commit()
    response = client.post("/api/v1/cases", json=complaint(),
                           headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 201
    from core.cases.models import Case
    assert db.session.get(Case, response.get_json()["id"]).tenant_id == a.id


def test_own_slug_with_another_tenants_case_id_is_404(app, client, two_tenants):
    """The case loader itself is scoped: the slug check alone would not catch this."""
    a, b, users, cases = two_tenants
    login(client, a, users[a.slug].email)
    assert client.get(f"/t/{a.slug}/cases/{cases[b.slug].id}").status_code == 404
    assert client.get(f"/t/{a.slug}/cases/{cases[a.slug].id}").status_code == 200
    theirs, mine = cases[b.slug], cases[a.slug]
    assert client.get(f"/t/{a.slug}/cases/{mine.id}/attachments/{theirs.attachment.id}").status_code == 404
    assert client.get(f"/t/{a.slug}/cases/{theirs.id}/attachments/{theirs.attachment.id}").status_code == 404
    assert client.get(f"/t/{a.slug}/cases/{mine.id}/attachments/{mine.attachment.id}").status_code == 200


def test_unknown_tenant_slug_is_404(client):
    assert client.get("/t/no-such-tenant/login").status_code == 404
    assert client.get("/t/no-such-tenant/").status_code == 404


def test_platform_admin_cannot_open_tenant_pages(app, client, two_tenants):
    from tests.support import platform_admin
    a, _, _, cases = two_tenants
    platform_admin(client)
    assert client.get(f"/t/{a.slug}/").status_code == 404
    assert client.get(f"/t/{a.slug}/cases/{cases[a.slug].id}").status_code == 404


def test_tenant_user_cannot_open_platform_admin(app, client, two_tenants):
    a, _, users, _ = two_tenants
    login(client, a, users[a.slug].email)
    assert client.get("/admin/").status_code == 404
