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
    assert len(doc["access_code"]) == 12
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
