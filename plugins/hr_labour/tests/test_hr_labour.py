from core.cases.intake import register_case
from core.plugins import categories_for
from tests.support import complaint


def test_bureau_categories_name_their_channel(app, make_tenant, make_user):
    tenant = make_tenant(plugins=["hr_labour"])
    channels = {c.code: c.group for c in categories_for(tenant)}
    assert channels["wage_arrears"] == "inspection" and channels["labour_dispute"] == "arbitration"
    case, _ = register_case(tenant, make_user(tenant, "intake"), complaint(
        category="wage_arrears", fields={"employer": "某建筑公司", "workers_affected": 12}))
    assert case.fields["workers_affected"] == 12
