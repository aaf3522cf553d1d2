import pytest

from core.errors import Conflict, InvalidInput
from core.extensions import db
from core.tenancy import create_department, create_tenant
from tests.support import table_counts, unique_slug


@pytest.mark.parametrize("kwargs, field", [
    ({"slug": "Bad_Slug"}, "slug"),
    ({"slug": "x"}, "slug"),
    ({"name": "  "}, "name"),
    ({"plugins": ["bank", "nope"]}, "plugins"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"calendar": "XX"}, "calendar"),
    ({"locale": "fr"}, "locale"),
    ({"reference_prefix": "bad-prefix"}, "reference_prefix"),
    ({"plugins": {"bank": {"major_amount": -5}}}, "bank"),
    ({"plugins": {"bank": {"unknown_setting": 1}}}, "bank"),
    ({"plugins": {"hr_labour": {"anything": 1}}}, "hr_labour"),
])
def test_bad_tenant_values_are_refused_and_write_nothing(app, kwargs, field):
    before = table_counts()
    values = {"slug": unique_slug(), "name": "Bank"} | kwargs
    slug, name = values.pop("slug"), values.pop("name")
    with pytest.raises(InvalidInput) as err:
        create_tenant(slug, name, **values)
    assert field in err.value.fields
    db.session.rollback()
    assert table_counts() == before


def test_duplicate_slug_is_a_conflict(app, make_tenant):
    tenant = make_tenant()
    with pytest.raises(Conflict):
        create_tenant(tenant.slug, "Again")


def test_plugin_settings_are_validated_and_defaulted(app):
    tenant = create_tenant(unique_slug(), "Bank", plugins={"bank": {"major_amount": 100000}})
    assert tenant.plugins["bank"]["major_amount"] == 100000
    assert tenant.plugins["bank"]["register_period"] == "half_month"
    assert tenant.plugins["bank"]["general_days"] == 3 and tenant.plugins["bank"]["profile"] == "house"
    other = create_tenant(unique_slug(), "Bank 2", plugins=["bank"])
    assert other.plugins["bank"]["major_amount"] == 50000


def test_calendars_china_and_holidays_countries(app):
    assert create_tenant(unique_slug(), "CN", calendar="cn").calendar == "CN"
    assert create_tenant(unique_slug(), "HK", calendar="HK", timezone="Asia/Hong_Kong").calendar == "HK"
    assert create_tenant(unique_slug(), "US-CA", calendar="US-CA", locale="en",
                         timezone="America/Los_Angeles").calendar == "US-CA"


def test_departments_are_unique_per_tenant_only(app, make_tenant):
    a, b = make_tenant(departments=()), make_tenant(departments=())
    create_department(a, "OPS", "Operations")
    create_department(b, "OPS", "Operations")  # same code in another tenant is fine
    with pytest.raises(Conflict):
        create_department(a, "OPS", "Again")
    with pytest.raises(InvalidInput):
        create_department(a, "bad code!", "Bad")
