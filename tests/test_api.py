"""The first API endpoints: bearer tokens, registration, errors in the caller's terms."""
import pytest

from core.auth.service import create_token
from core.extensions import db
from tests.support import complaint, table_counts


@pytest.fixture
def api(app, client, make_tenant, make_user):
    tenant = make_tenant(plugins=["bank"], locale="en")
    user = make_user(tenant, "intake")
    token = create_token(tenant, user)
    db.session.commit()

    def call(method, url, **kwargs):
        headers = kwargs.pop("headers", {"Authorization": f"Bearer {token}"})
        return client.open(url, method=method, headers=headers, **kwargs)
    call.tenant, call.user = tenant, user
    return call


def test_register_returns_the_case_document(api):
    response = api("POST", "/api/v1/cases", json=complaint(
        received_at="2026-03-02T09:30:00+08:00", fields={"amount": "60000"}))
    assert response.status_code == 201
    doc = response.get_json()
    assert doc["status"] == "received" and doc["version"] == 1
    assert doc["reference"].startswith(api.tenant.reference_prefix + "-")
    assert doc["received_at"] == "2026-03-02T09:30:00+08:00"
    assert doc["major"] is True and doc["major_reasons"] == ["amount_over_threshold"]
    assert len(doc["access_code"].replace("-", "")) == 24
    got = api("GET", f"/api/v1/cases/{doc['id']}").get_json()
    assert [e["type"] for e in got["events"]] == ["register"]
    assert "access_code" not in got


def test_invalid_registration_is_422_with_fields_and_writes_nothing(api):
    before = table_counts()
    response = api("POST", "/api/v1/cases", json={"channel": "pigeon"})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) >= {"channel", "description"}
    assert table_counts() == before


def test_errors_in_the_token_users_language(api):
    api.user.locale = "zh_CN"
    db.session.commit()
    response = api("POST", "/api/v1/cases", json={"channel": "phone"})
    error = response.get_json()["error"]
    assert "投诉未能登记" in error["message"]
    assert error["fields"]["description"] == ["此项为必填项。"]


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"},
                                     {"Authorization": "Basic abc"}])
def test_missing_or_bad_token_is_401(api, headers):
    response = api("GET", "/api/v1/cases/1", headers=headers)
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


def test_non_json_body_is_400(api):
    response = api("POST", "/api/v1/cases", data="not json", content_type="text/plain")
    assert response.status_code == 400


def test_actions_through_the_api(api, make_user):
    created = api("POST", "/api/v1/cases", json=complaint()).get_json()
    assert {d["kind"] for d in created["deadlines"]} == {"acknowledge", "decide"}
    url = f"/api/v1/cases/{created['id']}/actions"
    accepted = api("POST", url, json={"action": "accept", "version": 1, "category": "work_error"})
    assert accepted.status_code == 200
    doc = accepted.get_json()
    assert doc["status"] == "accepted" and doc["version"] == 2 and doc["event"]["type"] == "accept"
    stale = api("POST", url, json={"action": "note", "version": 1, "text": "x"})
    assert stale.status_code == 409 and stale.get_json()["error"]["code"] == "conflict"
    wrong_state = api("POST", url, json={"action": "approve", "version": 2})
    assert wrong_state.status_code == 409 and wrong_state.get_json()["error"]["code"] == "not_allowed_now"
    bad = api("POST", url, json={"action": "reject", "version": 2})
    assert bad.status_code == 409  # no longer received
    missing = api("POST", url, json={"text": "no action"})
    assert missing.status_code == 422 and set(missing.get_json()["error"]["fields"]) == {"action", "version"}
    invalid = api("POST", url, json={"action": "assign", "version": 2})
    assert invalid.status_code == 422 and "assignee" in invalid.get_json()["error"]["fields"]


def test_action_refused_for_role_is_403(api, make_user, app):
    from core.auth.service import create_token
    created = api("POST", "/api/v1/cases", json=complaint()).get_json()
    auditor = make_user(api.tenant, "auditor")
    token = create_token(api.tenant, auditor)
    db.session.commit()
    response = api("POST", f"/api/v1/cases/{created['id']}/actions",
                   json={"action": "note", "version": 1, "text": "x"},
                   headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403 and response.get_json()["error"]["code"] == "forbidden"


def test_list_filters_paginates_and_counts(api, make_user):
    refs = {}
    for title, description in [("排队时间过长", "等了一个小时"), ("ATM吞卡", "取款时银行卡被吞"),
                               ("态度冷淡", "柜员不耐烦")]:
        doc = api("POST", "/api/v1/cases", json=complaint(title=title, description=description)).get_json()
        refs[title] = doc
    api("POST", f"/api/v1/cases/{refs['ATM吞卡']['id']}/actions",
        json={"action": "accept", "version": 1, "category": "work_error"})
    everything = api("GET", "/api/v1/cases?per_page=2").get_json()
    assert everything["total"] == 3 and len(everything["items"]) == 2 and everything["page"] == 1
    second = api("GET", "/api/v1/cases?per_page=2&page=2").get_json()
    assert len(second["items"]) == 1
    assert {i["id"] for i in everything["items"] + second["items"]} == {d["id"] for d in refs.values()}
    accepted = api("GET", "/api/v1/cases?status=accepted").get_json()
    assert [i["title"] for i in accepted["items"]] == ["ATM吞卡"]
    found = api("GET", "/api/v1/cases?q=银行卡").get_json()  # Chinese substring, no spaces
    assert [i["title"] for i in found["items"]] == ["ATM吞卡"]
    assert api("GET", "/api/v1/cases?q=100%25").get_json()["total"] == 0  # % is literal
    assert api("GET", "/api/v1/cases?category=work_error").get_json()["total"] == 1
    assert api("GET", "/api/v1/cases?overdue=true").get_json()["total"] == 0
    assert everything["total_capped"] is False
    # Soonest due first: the accepted case's decide deadline was met; its next is resolve, later.
    by_due = api("GET", "/api/v1/cases?sort=due").get_json()["items"]
    assert by_due[-1]["title"] == "ATM吞卡" and by_due[0]["next_due_at"] <= by_due[-1]["next_due_at"]
    bad = api("GET", "/api/v1/cases?status=lost&per_page=1000")
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) == {"status", "per_page"}


def test_overdue_filter(api):
    from datetime import timedelta
    from core.sweep import sweep_tenant
    from core.types import utcnow
    doc = api("POST", "/api/v1/cases", json=complaint()).get_json()
    sweep_tenant(api.tenant, now=utcnow() + timedelta(days=30))
    overdue = api("GET", "/api/v1/cases?overdue=true").get_json()
    assert [i["id"] for i in overdue["items"]] == [doc["id"]] and overdue["items"][0]["overdue"]


def test_read_only_token_cannot_write(api, app):
    from core.auth.service import create_token
    token = create_token(api.tenant, api.user, scopes=["read"])
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert api("GET", "/api/v1/cases", headers=headers).status_code == 200
    refused = api("POST", "/api/v1/cases", json=complaint(), headers=headers)
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"


def test_rate_limit_per_token(api, app, make_user):
    from core.auth.service import create_token
    app.config["API_RATE_LIMIT"] = "3/minute"
    for _ in range(3):
        assert api("GET", "/api/v1/categories").status_code == 200
    limited = api("GET", "/api/v1/categories")
    assert limited.status_code == 429 and limited.get_json()["error"]["code"] == "rate_limited"
    assert "Retry-After" in limited.headers
    other = create_token(api.tenant, make_user(api.tenant, "handler"))
    db.session.commit()
    assert api("GET", "/api/v1/categories", headers={"Authorization": f"Bearer {other}"}).status_code == 200


def test_categories_in_the_callers_language(api):
    english = {c["code"]: c["label"] for c in api("GET", "/api/v1/categories").get_json()}
    assert english["work_error"] == "Work error"
    api.user.locale = "zh_CN"
    db.session.commit()
    chinese = {c["code"]: c["label"] for c in api("GET", "/api/v1/categories").get_json()}
    assert chinese["work_error"] == "工作失误"


def test_openapi_document_lists_the_tenants_plugin_fields(api, client):
    generic = client.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/cases", "/api/v1/cases/{case_id}", "/api/v1/cases/{case_id}/actions",
            "/api/v1/categories", "/api/v1/reports"} <= set(generic["paths"])
    assert "hall_scenario" not in str(generic["components"]["schemas"]["CaseFields"])
    mine = api("GET", "/api/v1/openapi.json").get_json()
    fields = mine["components"]["schemas"]["CaseFields"]["properties"]
    assert {"branch", "account", "amount", "hall_scenario"} <= set(fields)


def test_errors_are_json_on_api_paths_only(api, client):
    missing = api("GET", "/api/v1/nowhere")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong_method = api("DELETE", "/api/v1/cases")
    assert wrong_method.status_code == 405 and wrong_method.get_json()["error"]["code"] == "method_not_allowed"
    page = client.get("/no/such/page")
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_nul_characters_are_refused_not_crashed_on(api):
    bad = api("POST", "/api/v1/cases", json=complaint(description="a\u0000b"))
    assert bad.status_code == 422 and "description" in bad.get_json()["error"]["fields"]
    assert api("GET", "/api/v1/cases?q=a%00b").status_code == 422


def test_field_messages_with_values_are_translated(api):
    api.user.locale = "zh_CN"
    db.session.commit()
    response = api("POST", "/api/v1/cases", json=complaint(channel="pigeon", title="x" * 300))
    fields = response.get_json()["error"]["fields"]
    assert fields["title"] == ["长度须在 1 到 200 之间。"]
    assert fields["channel"] == ["未知的投诉渠道。"]


def test_forbidden_says_who_may(api, make_user):
    from core.auth.service import create_token
    created = api("POST", "/api/v1/cases", json=complaint()).get_json()
    other = make_user(api.tenant, "handler")
    token = create_token(api.tenant, other)
    db.session.commit()
    response = api("POST", f"/api/v1/cases/{created['id']}/actions",
                   json={"action": "accept", "version": 1, "category": "work_error"},
                   headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert "first responder or assignee" in response.get_json()["error"]["message"]


def test_reports_are_for_readers_and_never_about_the_reader(app, client, make_tenant, make_user):
    from core.cases.intake import register_case
    from core.auth.service import create_token
    tenant = make_tenant(plugins=["bank"])
    clerk, supervisor, other = make_user(tenant, "intake"), make_user(tenant, "supervisor"), make_user(tenant, "supervisor")
    about_him, _ = register_case(tenant, clerk, complaint(subject={"person": supervisor.email}))
    plain, _ = register_case(tenant, clerk, complaint())
    tokens = {u: create_token(tenant, u) for u in (clerk, supervisor, other)}
    db.session.commit()
    today = __import__("datetime").date.today().isoformat()
    url = f"/api/v1/reports/bank_complaint_register?from={today}&to={today}"

    def refs(user):
        response = client.get(url, headers={"Authorization": f"Bearer {tokens[user]}"})
        return response.status_code, [r["reference"] for r in (response.get_json().get("rows") or [])]
    assert refs(clerk)[0] == 403
    assert refs(supervisor) == (200, [plain.reference])
    assert refs(other) == (200, sorted([about_him.reference, plain.reference]))


def test_extensions_past_two_years_are_refused(api, make_user):
    from core.auth.service import create_token
    boss = create_token(api.tenant, make_user(api.tenant, "supervisor"))
    db.session.commit()
    headers = {"Authorization": f"Bearer {boss}"}
    created = api("POST", "/api/v1/cases", json=complaint()).get_json()
    url = f"/api/v1/cases/{created['id']}/actions"
    api("POST", url, json={"action": "accept", "version": 1, "category": "work_error"})
    far = api("POST", url, headers=headers,
              json={"action": "extend", "version": 2, "due_at": "9999-12-31T23:00:00Z", "reason": "r"})
    assert far.status_code == 422
    assert api("GET", f"/api/v1/cases/{created['id']}").get_json()["version"] == 2


def test_report_dates_out_of_range_and_csv_formulas(api, make_user):
    from core.auth.service import create_token
    boss = make_user(api.tenant, "supervisor")
    token = create_token(api.tenant, boss)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert api("GET", "/api/v1/reports/bank_by_category?from=0001-01-01&to=0001-01-02", headers=headers).status_code == 422
    api("POST", "/api/v1/cases", json=complaint(title="=HYPERLINK(\"http://x\")"))
    today = __import__("datetime").date.today().isoformat()
    csv = api("GET", f"/api/v1/reports/bank_complaint_register?from={today}&to={today}&format=csv", headers=headers)
    assert "'=HYPERLINK" in csv.get_data(as_text=True)


def test_plugin_actions_through_the_api(app, client, make_tenant, make_user):
    from core.auth.service import create_token
    tenant = make_tenant(plugins=["hotel"])
    boss = make_user(tenant, "supervisor")
    token = create_token(tenant, boss)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/cases", headers=headers, json=complaint()).get_json()
    response = client.post(f"/api/v1/cases/{created['id']}/actions", headers=headers,
                           json={"action": "propose_malicious", "version": 1, "reason": "多次否认消费"})
    assert response.status_code == 200 and response.get_json()["event"]["type"] == "propose_malicious"
    unknown = client.post(f"/api/v1/cases/{created['id']}/actions", headers=headers,
                          json={"action": "teleport", "version": 2})
    assert unknown.status_code == 422


def test_idempotency_key_registers_once(api):
    auth = api("GET", "/api/v1/cases").request.headers["Authorization"]
    first = api("POST", "/api/v1/cases", json=complaint(), headers={"Authorization": auth, "Idempotency-Key": "k-1"})
    again = api("POST", "/api/v1/cases", json=complaint(title="different"),
                headers={"Authorization": auth, "Idempotency-Key": "k-1"})
    assert first.status_code == 201 and first.get_json()["access_code"]
    assert again.status_code == 200 and again.get_json()["id"] == first.get_json()["id"]
    assert again.get_json()["access_code"] is None
    other = api("POST", "/api/v1/cases", json=complaint(), headers={"Authorization": auth, "Idempotency-Key": "k-2"})
    assert other.status_code == 201 and other.get_json()["id"] != first.get_json()["id"]
    bad = api("POST", "/api/v1/cases", json=complaint(), headers={"Authorization": auth, "Idempotency-Key": "has space"})
    assert bad.status_code == 422 and "Idempotency-Key" in bad.get_json()["error"]["fields"]
    assert api("GET", "/api/v1/cases").get_json()["total"] == 2
