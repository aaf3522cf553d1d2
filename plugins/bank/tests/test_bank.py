import pytest

from core.cases.intake import register_case
from core.errors import InvalidInput
from core.plugins import categories_for
from tests.support import complaint


def test_categories_follow_art_12_s14(app, make_tenant):
    groups = {c.code: c.group for c in categories_for(make_tenant(plugins=["bank"]))}
    assert groups["work_error"] == "general" and groups["rule_violation"] == "complex"
    assert groups["financial_crime"] == "inspection"


def test_major_threshold_comes_from_tenant_settings(app, make_tenant, make_user):
    tenant = make_tenant(plugins={"bank": {"major_amount": 100000}})
    clerk = make_user(tenant, "intake")
    case, _ = register_case(tenant, clerk, complaint(fields={"amount": "80000"}))
    assert not case.major
    case, _ = register_case(tenant, clerk, complaint(fields={"amount": "100000.01"}))
    assert case.major


def test_fields_are_checked(app, make_tenant, make_user):
    tenant = make_tenant(plugins=["bank"])
    with pytest.raises(InvalidInput) as err:
        register_case(tenant, make_user(tenant, "intake"),
                      complaint(fields={"amount": "-1", "account_last4": "12a4"}))
    assert set(err.value.fields["fields"]) == {"amount", "account_last4"}
