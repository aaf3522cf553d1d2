"""The route matrix: every rule of the web URL map is declared here with who may open it;
each is requested by every role of tenant A, and anonymously, on A's objects and on
tenant B's. A foreign object always answers 404, a role outside the rule 403, and no
answer ever carries the marker planted in B's data. An undeclared route fails the test."""
import pytest

from core.extensions import db
from tests.support import login
from tests.test_isolation import PORTAL, PUBLIC, fill

MARKER = "MARKER-7f3a9c"
ROLES = ("admin", "supervisor", "handler", "intake", "auditor")
STAFF = set(ROLES)
READERS = {"admin", "supervisor", "auditor"}
# endpoint: roles that may GET it (the others get 403); POST routes are checked for CSRF.
MATRIX = {
    "web.home": STAFF, "web.cases": STAFF, "web.case": STAFF, "web.attachment": STAFF, "web.new_case": STAFF,
    "web.act": STAFF, "web.reports": READERS, "web.report_page": READERS,
    "web.failed_notifications": {"admin"}, "web.retry_notification": {"admin"},
    "web.admin_home": {"admin"}, "web.admin_create_user": {"admin"}, "web.admin_update_user": {"admin"},
    "web.admin_create_department": {"admin"}, "web.admin_set_plugins": {"admin"},
    "web.admin_settings": {"admin"}, "web.admin_plugin_settings": {"admin"}, "web.admin_add_day": {"admin"},
    "web.admin_remove_day": {"admin"}, "web.admin_set_password": {"admin"},
    "auth.login": STAFF, "auth.logout": STAFF, "auth.password": STAFF,
}


@pytest.fixture
def planted(app, make_tenant, make_user, make_case):
    from datetime import date
    from core.attachments import store
    from core.outbox import OutboxMessage
    from core.tenancy import create_department
    from core.tenant_calendar import set_day
    a, b = make_tenant(plugins=["bank"]), make_tenant(plugins=["bank"])
    from core.admin_log import record
    create_department(b, "MRK", f"{MARKER} dept")
    record(b, None, "department_created", f"{MARKER} log")
    users = {t.slug: {role: make_user(t, role) for role in ROLES} for t in (a, b)}
    users[b.slug]["admin"].name = f"{MARKER} user"
    cases = {}
    for t in (a, b):
        mark = MARKER if t is b else "plain"
        case = make_case(t, users[t.slug]["intake"], title=f"{mark} title", description=f"{mark} description",
                         complainant={"name": f"{mark} name", "phone": "13800000000"})
        case.attachment = store(t, case, [(f"{mark}.pdf", b"%PDF-1.4 x", "application/pdf")], "staff")[0]
        case.failed_message = OutboxMessage(tenant_id=t.id, case_id=case.id, template="case_received",
                                            channel="sms", recipient="13800000000", locale="zh_CN",
                                            payload={"title": f"{mark}"}, idempotency_key=f"m-{t.slug}",
                                            status="failed", attempts=5)
        db.session.add(case.failed_message)
        case.user, case.day = users[t.slug]["handler"], set_day(t, date(2026, 6, 6), True, mark)
        cases[t.slug] = case
    db.session.commit()
    return a, b, users, cases


def web_rules(app):
    return [r for r in app.url_map.iter_rules() if r.endpoint not in PUBLIC and not r.endpoint.startswith(PORTAL)
            and not r.rule.startswith("/api/")]


def test_every_web_route_is_in_the_matrix(app):
    missing = sorted({r.endpoint for r in web_rules(app)} - set(MATRIX))
    assert missing == [], f"declare these in MATRIX: {missing}"


@pytest.fixture(params=["guarded", pytest.param("rls-only", marks=pytest.mark.postgres)])
def matrix_client(request, client, tmp_path):
    """The ordinary client; and on PostgreSQL a second round with the application's tenant
    filter switched off, connected as an ordinary role: row-level security alone."""
    if request.param == "guarded":
        yield client
        return
    from tests.support import IsolatedClient, make_app
    from tests.test_rls import grant_ordinary_role
    guardless = make_app(grant_ordinary_role(request.getfixturevalue("database_url")), tmp_path, TENANT_GUARD=False)
    guardless.test_client_class = IsolatedClient
    yield guardless.test_client()
    with guardless.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_meets_the_matrix(app, planted, matrix_client, role):
    a, b, users, cases = planted
    client = matrix_client
    assert login(client, a, users[a.slug][role].email).status_code == 302
    for rule in web_rules(app):
        if rule.endpoint.startswith("auth."):
            continue  # signing in and out: tests/test_auth.py and tests/test_security.py
        method = "GET" if "GET" in rule.methods else "POST"
        theirs = client.open(fill(rule, b, cases[b.slug]), method=method)
        assert theirs.status_code == 404, (role, rule.rule)
        assert MARKER.encode() not in theirs.data, (role, rule.rule)
        own = client.open(fill(rule, a, cases[a.slug]), method=method)
        if method == "POST":
            assert own.status_code == 400, (role, rule.rule)  # no CSRF token: refused first
        else:
            expected = 200 if role in MATRIX[rule.endpoint] else 403
            assert own.status_code == expected, (role, rule.rule, own.status_code)
        assert MARKER.encode() not in own.data, (role, rule.rule)


def test_anonymous_reaches_nothing(app, client, planted):
    a, b, _users, cases = planted
    for rule in web_rules(app):
        if rule.endpoint.startswith("auth."):
            continue
        method = "GET" if "GET" in rule.methods else "POST"
        for tenant in (a, b):
            response = client.open(fill(rule, tenant, cases[tenant.slug]), method=method)
            assert response.status_code in (302, 400, 404), rule.rule
            assert MARKER.encode() not in response.data, rule.rule


def test_api_tokens_of_every_role_see_nothing_of_b(app, client, planted):
    from core.auth.service import create_token
    a, b, users, cases = planted
    for role in ROLES:
        token = create_token(a, users[a.slug][role])
        db.session.commit()
        headers = {"Authorization": f"Bearer {token}"}
        for url in ("/api/v1/cases", f"/api/v1/cases/{cases[b.slug].id}", "/api/v1/cases?q=MARKER",
                    "/api/v1/reports/bank_complaint_register?from=2026-01-01&to=2026-12-31&format=csv"):
            response = client.get(url, headers=headers)
            assert MARKER.encode() not in response.data, (role, url)
        assert client.get(f"/api/v1/cases/{cases[b.slug].id}", headers=headers).status_code == 404
