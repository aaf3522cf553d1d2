"""Staff login: argon2 hashes, CSRF, secure cookies, throttling; API tokens kept hashed."""
import pytest
from sqlalchemy import select

from core.auth.models import ApiToken
from core.auth.service import create_token, create_user, user_for_token
from core.errors import Conflict, InvalidInput
from core.extensions import db
from tests.support import PASSWORD, csrf_token, login


def test_passwords_are_stored_as_argon2id(app, make_tenant, make_user):
    user = make_user(make_tenant())
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    app.config["PASSWORD_HASH_PROFILE"] = "default"
    strong = make_user(make_tenant())
    assert "m=19456,t=2,p=1" in strong.password_hash  # OWASP's argon2id setting


@pytest.mark.parametrize("kwargs, field", [
    ({"email": "not-an-email"}, "email"),
    ({"role": "boss"}, "role"),
    ({"password": "short"}, "password"),
    ({"department": "NOPE"}, "department"),
])
def test_bad_user_values_are_refused(app, make_tenant, kwargs, field):
    tenant = make_tenant()
    values = {"email": "new@example.com", "role": "handler", "password": PASSWORD} | kwargs
    with pytest.raises(InvalidInput) as err:
        create_user(tenant, values.pop("email"), **values)
    assert field in err.value.fields


def test_same_email_in_two_tenants_but_not_twice_in_one(app, make_tenant, make_user):
    a, b = make_tenant(), make_tenant()
    make_user(a, email="li@example.com")
    make_user(b, email="li@example.com")
    with pytest.raises(Conflict):
        make_user(a, email="LI@example.com")


def test_login_and_logout(client, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant)
    assert client.get(f"/t/{tenant.slug}/").status_code == 302  # to the login page
    response = login(client, tenant, user.email.upper())
    assert response.status_code == 302 and response.location.endswith(f"/t/{tenant.slug}/")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get(f"/t/{tenant.slug}/").status_code == 200
    token = csrf_token(client, f"/t/{tenant.slug}/")
    client.post(f"/t/{tenant.slug}/logout", data={"csrf_token": token})
    assert client.get(f"/t/{tenant.slug}/").status_code == 302


def test_deactivated_user_loses_an_open_session(client, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant)
    login(client, tenant, user.email)
    assert client.get(f"/t/{tenant.slug}/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get(f"/t/{tenant.slug}/").status_code == 302


def test_wrong_password_is_refused_with_a_message(client, make_tenant, make_user):
    tenant = make_tenant(locale="en")
    user = make_user(tenant)
    response = login(client, tenant, user.email, "wrong-password")
    assert response.status_code == 401
    assert "Wrong e-mail or password." in response.get_data(as_text=True)


def test_login_message_in_chinese_for_a_chinese_tenant(client, make_tenant, make_user):
    tenant = make_tenant(locale="zh_CN")
    user = make_user(tenant)
    response = login(client, tenant, user.email, "wrong-password")
    assert "邮箱或密码错误" in response.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant)
    response = client.post(f"/t/{tenant.slug}/login",
                           data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get(f"/t/{tenant.slug}/").status_code == 302  # still signed out


def test_throttling_after_repeated_failures(client, app, make_tenant, make_user):
    tenant = make_tenant(locale="en")
    user = make_user(tenant)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, tenant, user.email, "wrong-password").status_code == 401
    response = login(client, tenant, user.email)  # the right password, but locked now
    assert response.status_code == 401
    assert "Too many failed attempts" in response.get_data(as_text=True)
    # Another account of the same tenant is not locked by it.
    other = make_user(tenant)
    assert login(client, tenant, other.email).status_code == 302


def test_user_of_one_tenant_cannot_log_in_to_another(client, make_tenant, make_user):
    a, b = make_tenant(), make_tenant()
    user = make_user(a)
    assert login(client, b, user.email).status_code == 401


def test_api_tokens_are_stored_hashed_and_carry_their_tenant(app, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant)
    token = create_token(tenant, user)
    db.session.commit()
    stored = db.session.scalars(select(ApiToken).where(ApiToken.tenant_id == tenant.id)).one()
    assert token not in stored.token_hash and tenant.slug in token
    assert user_for_token(token) == (tenant, user, ("read", "write"))
    assert user_for_token(token[:-1] + ("0" if token[-1] != "0" else "1")) is None
    other = make_tenant()
    forged = token.replace(tenant.slug, other.slug)  # same secret, other tenant
    assert user_for_token(forged) is None


def test_platform_admin_login(client, app):
    from tests.support import admin_login, platform_admin
    email = platform_admin()
    assert admin_login(client, email).status_code == 302
    assert client.get("/admin/").status_code == 200
