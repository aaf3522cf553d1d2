from tests.support import login


def test_register_and_see_case(app, client, make_tenant, make_user, make_case):
    tenant = make_tenant(plugins=["bank"])
    user = make_user(tenant, "intake")
    case = make_case(tenant, user)
    assert case.reference.endswith("-000001")
    r = login(client, tenant, user.email)
    assert r.status_code == 302
    page = client.get(f"/t/{tenant.slug}/").get_data(as_text=True)
    assert case.reference in page
