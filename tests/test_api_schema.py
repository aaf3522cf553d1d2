"""Schemathesis against the API's own OpenAPI document: generated requests (valid and
invalid) never get a 500 and every response matches the document."""
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance, response_schema_conformance, status_code_conformance)

from core.auth.service import create_token, create_user
from core.cases.intake import register_case
from core.extensions import db
from core.tenancy import create_department, create_tenant
from tests.support import PASSWORD, complaint, make_app, unique_slug

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.fixture
def bank_token(database_url, tmp_path):
    app = make_app(database_url, tmp_path, API_RATE_LIMIT="100000/minute")
    with app.app_context():
        tenant = create_tenant(unique_slug("api"), "API bank", plugins=["bank"])
        create_department(tenant, "OPS", "Operations")
        user = create_user(tenant, "supervisor@api.test", role="supervisor", password=PASSWORD)
        for _ in range(3):
            register_case(tenant, user, complaint())
        token = create_token(tenant, user)
        db.session.commit()
        db.engine.dispose()
    return app, {"Authorization": f"Bearer {token}"}


def test_api_conforms_to_its_document(bank_token):
    app, headers = bank_token
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app, headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, database=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        def conforms(case):
            case.call_and_validate(headers=headers, checks=CHECKS)
        conforms()
