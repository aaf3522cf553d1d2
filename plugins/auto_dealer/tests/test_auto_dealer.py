import pytest

from core.cases.intake import register_case
from core.errors import InvalidInput
from core.plugins import categories_for
from tests.support import complaint


def test_dealer_categories_and_vin_check(app, make_tenant, make_user):
    tenant = make_tenant(plugins=["auto_dealer"])
    assert "repair_quality" in {c.code for c in categories_for(tenant)}
    clerk = make_user(tenant, "intake")
    case, _ = register_case(tenant, clerk, complaint(fields={"vin": "LSVAU2180N2123456"}))
    assert case.fields["vin"] == "LSVAU2180N2123456"
    with pytest.raises(InvalidInput):
        register_case(tenant, clerk, complaint(fields={"vin": "IOQ"}))
    assert tenant.plugins["auto_dealer"] == {"ledger_reminder_day": 4}
