from core.cases.intake import register_case
from core.plugins import categories_for
from tests.support import complaint


def test_hotel_categories_and_fields(app, make_tenant, make_user):
    tenant = make_tenant(plugins=["hotel"])
    assert {"facilities", "double_sold_room"} <= {c.code for c in categories_for(tenant)}
    case, _ = register_case(tenant, make_user(tenant, "intake"), complaint(
        category="double_sold_room", fields={"room_number": "1208"}))
    assert case.fields == {"room_number": "1208"} and case.category == "double_sold_room"
