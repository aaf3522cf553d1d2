"""The plugin manager: entry points load, a tenant's hooks reach only its plugins."""
import types

import pytest

from core.hookspecs import hookimpl
from core.plugins import PluginHost, case_fields_schema, categories_for, hooks_for
from core.toolkit import Category, fields


def recording_plugin(name, calls):
    module = types.ModuleType(name)

    @hookimpl
    def register_categories(tenant):
        calls.append((name, tenant.slug))
        return [Category(f"{name}_cat", f"{name}类", f"{name} category")]

    module.register_categories = register_categories
    return module


@pytest.fixture
def recorders(host):
    calls = []
    for name in ("rec_one", "rec_two"):
        host.register(recording_plugin(name, calls), name=name)
    yield calls
    for name in ("rec_one", "rec_two"):
        host.unregister(name)


def test_entry_points_register_the_four_plugins(host):
    assert {"bank", "hotel", "auto_dealer", "hr_labour"} <= set(host.available())


def test_a_hook_reaches_only_the_plugins_the_tenant_enabled(app, make_tenant, recorders):
    a = make_tenant(plugins=["rec_one"])
    b = make_tenant(plugins=["rec_two"])
    assert [c.code for c in categories_for(a)] == ["rec_one_cat"]
    assert [c.code for c in categories_for(b)] == ["rec_two_cat"]
    assert recorders == [("rec_one", a.slug), ("rec_two", b.slug)]


def test_tenant_without_plugins_uses_its_own_categories(app, make_tenant):
    tenant = make_tenant(settings={"categories": [
        {"code": "food", "label_zh": "餐饮", "label_en": "Food"}]})
    assert [(c.code, c.label("en"), c.label("zh_CN")) for c in categories_for(tenant)] == [
        ("food", "Food", "餐饮")]


def test_bank_categories_only_for_bank_tenants(app, make_tenant):
    bank, hotel = make_tenant(plugins=["bank"]), make_tenant(plugins=["hotel"])
    assert "financial_crime" in {c.code for c in categories_for(bank)}
    assert "financial_crime" not in {c.code for c in categories_for(hotel)}
    assert "double_sold_room" in {c.code for c in categories_for(hotel)}


def test_duplicate_category_codes_fail_loudly(app, host, make_tenant):
    module = types.ModuleType("dup")

    @hookimpl
    def register_categories(tenant):
        return [Category("work_error", "重复", "Duplicate")]

    module.register_categories = register_categories
    host.register(module, name="dup")
    try:
        tenant = make_tenant(plugins=["bank", "dup"])
        with pytest.raises(RuntimeError, match="work_error"):
            categories_for(tenant)
    finally:
        host.unregister("dup")


def test_duplicate_case_field_names_fail_loudly(app, host, make_tenant):
    module = types.ModuleType("dupfield")

    @hookimpl
    def case_fields(tenant):
        return {"branch": fields.String()}

    module.case_fields = case_fields
    host.register(module, name="dupfield")
    try:
        with pytest.raises(RuntimeError, match="branch"):
            case_fields_schema(make_tenant(plugins=["bank", "dupfield"]))
    finally:
        host.unregister("dupfield")


def test_misspelled_hookimpl_is_caught_at_registration(app):
    module = types.ModuleType("typo")

    @hookimpl
    def register_categoriez(tenant):
        return []

    module.register_categoriez = register_categoriez
    from pluggy import PluginValidationError
    with pytest.raises(PluginValidationError):
        PluginHost(load_entry_points=False, extra_plugins=[module])


def test_hooks_for_tenant_exposes_enabled_set(app, make_tenant):
    tenant = make_tenant(plugins=["hotel", "bank"])
    assert hooks_for(tenant).enabled == {"hotel", "bank"}
