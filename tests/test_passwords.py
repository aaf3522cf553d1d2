"""Passwords as OWASP ASVS 5.0 chapter 6 asks: what a new one must be, changing one's own,
an admin setting a forgotten one; each refusal says why and changes nothing."""
import pytest

from core.auth.password_policy import MAX_LENGTH, WeakPassword, check_new_password
from core.auth.passwords import verify_password
from core.extensions import db
from tests.support import PASSWORD, IsolatedClient, admin_login, csrf_token, login, platform_admin

STRONG = "lantern-orchard-sixty-kites"


def refusal(password, **context):
    with pytest.raises(WeakPassword) as caught:
        check_new_password(password, **context)
    assert caught.value.fields == {"password": [caught.value.message]}  # a sentence, not a code
    return caught.value.reason


@pytest.mark.parametrize("password, reason", [
    ("Tr0ub4d", "too short"),                      # 6.2.1
    ("x" * (MAX_LENGTH + 1), "too long"),
    ("password", "common"), ("Password1", "common"), ("iloveyou", "common"),   # 6.2.4, 6.2.12
    ("woaini1314", "common"), ("5201314520", "common"), ("QQ123456", "common"),  # Chinese breaches
    ("abcdefghij", "guessable"), ("aaaaaaaaaaaa", "guessable"), ("qwertyuiop[]", "guessable"),
    ("19880808", "guessable"),
])
def test_common_and_guessable_passwords_are_refused(app, password, reason):
    assert refusal(password) == reason


def test_passwords_built_on_context_words_are_refused(app, make_tenant):
    """ASVS 5.0 6.2.11: the organisation, the person and the product (docs/SECURITY.md)."""
    tenant = make_tenant(stem="harbour")
    person = {"tenant": tenant, "email": "li.xiaoming@example.com", "name": "Li Xiaoming"}
    for password in (f"{tenant.slug}2026", "xiaoming2026", "Complaints2026", "tousu2026!"):
        assert refusal(password, **person) == "context", password
    check_new_password(STRONG, **person)


@pytest.mark.parametrize("password", [
    STRONG, "correct horse battery", "我的密码是一首很长的诗句", "x7#Kq!v2Lp9m",
    "a" + "-b2c3d4e5f6g7h8" * 4,           # 64 characters and more are allowed (6.2.9)
])
def test_any_composition_and_length_up_to_the_limit_is_taken(app, password):
    check_new_password(password)  # no composition rules (6.2.5), Unicode welcome


def test_long_passwords_are_kept_exactly_as_typed(app, make_tenant, make_user):
    """ASVS 5.0 6.2.8: nothing is truncated or folded: a long password differing only in
    its last character, or only in case, does not verify."""
    from core.auth.service import set_password
    tenant = make_tenant()
    user = make_user(tenant)
    long_one = STRONG + "-" + "q" * 90 + "Z"
    set_password(tenant, user.id, long_one)
    assert verify_password(user.password_hash, long_one)
    assert not verify_password(user.password_hash, long_one[:-1] + "z")
    assert not verify_password(user.password_hash, long_one[:72])
    assert not verify_password(user.password_hash, long_one.upper())


def test_the_same_rules_apply_when_an_admin_adds_a_user(app, client, make_tenant, make_user):
    from core.auth.models import User
    tenant = make_tenant()
    admin = make_user(tenant, "admin")
    login(client, tenant, admin.email)
    url = f"/t/{tenant.slug}/admin/"
    response = client.post(f"/t/{tenant.slug}/admin/users", data={
        "email": "new@example.com", "role": "handler", "password": "woaini1314",
        "csrf_token": csrf_token(client, url)})
    assert response.status_code == 422
    assert "这是最常见的密码之一" in response.get_data(as_text=True)  # the tenant's language
    assert db.session.query(User).filter_by(tenant_id=tenant.id, email="new@example.com").count() == 0


def change(client, tenant, current, new, repeat=None, locale=None):
    url = f"/t/{tenant.slug}/account/password"
    return client.post(url, data={"current_password": current, "new_password": new,
                                  "repeat": new if repeat is None else repeat,
                                  "csrf_token": csrf_token(client, url)},
                       headers={"Accept-Language": locale} if locale else {})


def test_changing_ones_password_ends_every_other_session(app, client, make_tenant, make_user):
    """ASVS 5.0 6.2.2, 6.2.3: the current password and the new one; this session goes
    on, a copy of the old cookie stops working, the old password no longer signs in."""
    tenant = make_tenant()
    user = make_user(tenant, "handler")
    login(client, tenant, user.email)
    elsewhere = IsolatedClient(app, use_cookies=True)
    elsewhere.set_cookie("session", client.get_cookie("session").value)
    page = client.get(f"/t/{tenant.slug}/account/password").get_data(as_text=True)
    assert 'autocomplete="current-password"' in page and 'autocomplete="new-password"' in page
    assert 'type="password"' in page  # 6.2.6
    done = change(client, tenant, PASSWORD, STRONG)
    assert done.status_code == 302
    assert client.get(f"/t/{tenant.slug}/").status_code == 200
    assert elsewhere.get(f"/t/{tenant.slug}/").status_code == 302
    fresh = IsolatedClient(app, use_cookies=True)
    assert login(fresh, tenant, user.email, PASSWORD).status_code == 401
    assert login(fresh, tenant, user.email, STRONG).status_code == 302


@pytest.mark.parametrize("current, new, repeat, field, message", [
    ("not-my-password", STRONG, None, "current_password", "The current password is wrong."),
    (PASSWORD, "woaini1314", None, "new_password", "most common"),
    (PASSWORD, PASSWORD, None, "new_password", "must differ"),
    (PASSWORD, STRONG, STRONG + "x", "repeat", "differ"),
])
def test_a_refused_change_says_why_and_keeps_the_old_password(app, client, make_tenant, make_user,
                                                              current, new, repeat, field, message):
    tenant = make_tenant(locale="en")
    user = make_user(tenant, "handler")
    login(client, tenant, user.email)
    before = (user.password_hash, user.session_version)
    response = change(client, tenant, current, new, repeat)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    db.session.refresh(user)
    assert (user.password_hash, user.session_version) == before
    assert client.get(f"/t/{tenant.slug}/").status_code == 200  # still signed in


def test_refusals_in_chinese(app, client, make_tenant, make_user):
    tenant = make_tenant(locale="zh_CN")
    user = make_user(tenant, "handler")
    login(client, tenant, user.email)
    page = change(client, tenant, PASSWORD, "woaini1314").get_data(as_text=True)
    assert "这是最常见的密码之一" in page and "修改密码" in page


def test_guessing_the_current_password_is_throttled_like_sign_in(app, client, make_tenant, make_user):
    """A session left open is no way to guess the password: wrong current passwords
    count as failed sign-ins, and once locked even the right one is refused."""
    tenant = make_tenant(locale="en")
    user = make_user(tenant, "handler")
    login(client, tenant, user.email)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert change(client, tenant, "guess-" + STRONG, STRONG).status_code == 422
    locked = change(client, tenant, PASSWORD, STRONG)
    assert locked.status_code == 422 and "Too many failed attempts" in locked.get_data(as_text=True)
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_the_page_of_another_tenant_is_404(app, client, make_tenant, make_user):
    a, b = make_tenant(), make_tenant()
    user = make_user(a, "admin")
    login(client, a, user.email)
    assert client.get(f"/t/{b.slug}/account/password").status_code == 404
    assert client.post(f"/t/{b.slug}/account/password", data={
        "current_password": PASSWORD, "new_password": STRONG, "repeat": STRONG,
        "csrf_token": csrf_token(client, f"/t/{a.slug}/account/password")}).status_code == 404
    db.session.refresh(user)
    assert verify_password(user.password_hash, PASSWORD)


def test_an_admin_sets_a_forgotten_password(app, client, make_tenant, make_user):
    tenant = make_tenant(locale="en")
    admin, handler = make_user(tenant, "admin"), make_user(tenant, "handler")
    theirs = IsolatedClient(app, use_cookies=True)
    login(theirs, tenant, handler.email)
    login(client, tenant, admin.email)
    url = f"/t/{tenant.slug}/admin/password"
    form = {"user_id": handler.id, "admin_password": PASSWORD}
    weak = client.post(url, data=form | {"password": "password1",
                                         "csrf_token": csrf_token(client, f"/t/{tenant.slug}/admin/")})
    page = weak.get_data(as_text=True)
    assert weak.status_code == 422 and page.count("most common") == 1 and ": common" not in page
    unconfirmed = client.post(url, data=form | {"password": STRONG, "admin_password": "not-" + PASSWORD,
                                                "csrf_token": csrf_token(client, f"/t/{tenant.slug}/admin/")})
    assert unconfirmed.status_code == 422 and "The current password is wrong." in unconfirmed.get_data(as_text=True)
    assert theirs.get(f"/t/{tenant.slug}/").status_code == 200  # nothing happened
    done = client.post(url, data=form | {"password": STRONG,
                                         "csrf_token": csrf_token(client, f"/t/{tenant.slug}/admin/")})
    assert done.status_code == 302
    assert theirs.get(f"/t/{tenant.slug}/").status_code == 302  # their open session ended
    assert login(IsolatedClient(app, use_cookies=True), tenant, handler.email, STRONG).status_code == 302


def test_an_admin_cannot_set_the_password_of_another_tenants_user(app, client, make_tenant, make_user):
    a, b = make_tenant(), make_tenant()
    admin, foreign = make_user(a, "admin"), make_user(b, "admin")
    login(client, a, admin.email)
    response = client.post(f"/t/{a.slug}/admin/password", data={
        "user_id": foreign.id, "password": STRONG, "admin_password": PASSWORD,
        "csrf_token": csrf_token(client, f"/t/{a.slug}/admin/")})
    assert response.status_code == 404
    db.session.refresh(foreign)
    assert verify_password(foreign.password_hash, PASSWORD)


def test_an_admin_changes_their_own_password_on_their_own_page(app, client, make_tenant, make_user):
    """Setting one's own through the admin form would skip the current-password check."""
    tenant = make_tenant(locale="en")
    admin = make_user(tenant, "admin")
    login(client, tenant, admin.email)
    response = client.post(f"/t/{tenant.slug}/admin/password", data={
        "user_id": admin.id, "password": STRONG, "admin_password": PASSWORD,
        "csrf_token": csrf_token(client, f"/t/{tenant.slug}/admin/")})
    assert response.status_code == 422 and "on your password page" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert verify_password(admin.password_hash, PASSWORD)


def test_a_forged_user_id_is_a_clean_404(app, client, make_tenant, make_user):
    tenant = make_tenant()
    login(client, tenant, make_user(tenant, "admin").email)
    for forged in ("²", "-1", "99999999999999999999", "abc"):
        response = client.post(f"/t/{tenant.slug}/admin/password", data={
            "user_id": forged, "password": STRONG, "admin_password": PASSWORD,
            "csrf_token": csrf_token(client, f"/t/{tenant.slug}/admin/")})
        assert response.status_code == 404, forged


def test_only_admins_set_passwords_for_others(app, client, make_tenant, make_user):
    tenant = make_tenant()
    supervisor, handler = make_user(tenant, "supervisor"), make_user(tenant, "handler")
    login(client, tenant, supervisor.email)
    response = client.post(f"/t/{tenant.slug}/admin/password", data={
        "user_id": handler.id, "password": STRONG, "csrf_token": csrf_token(client, f"/t/{tenant.slug}/")})
    assert response.status_code == 403
    db.session.refresh(handler)
    assert verify_password(handler.password_hash, PASSWORD)


def test_a_platform_admin_changes_their_password(app, client):
    email = platform_admin(client)
    elsewhere = IsolatedClient(app, use_cookies=True)
    elsewhere.set_cookie("session", client.get_cookie("session").value)
    url = "/admin/password"
    response = client.post(url, data={"current_password": PASSWORD, "new_password": STRONG, "repeat": STRONG,
                                      "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    assert client.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302  # the other session ended

    assert admin_login(IsolatedClient(app, use_cookies=True), email).status_code == 401
    assert admin_login(IsolatedClient(app, use_cookies=True), email, STRONG).status_code == 302


def test_the_cli_sets_a_password_under_the_same_rules(app, make_tenant, make_user):
    tenant = make_tenant()
    user = make_user(tenant, "handler")
    from core.cli import main
    runner = app.test_cli_runner()
    weak = runner.invoke(main, ["user", "set-password", "--tenant", tenant.slug, user.email], input="password1\n",
                         env={"LC_ALL": "en_US.UTF-8"})
    assert weak.exit_code != 0 and "most common" in weak.output
    done = runner.invoke(main, ["user", "set-password", "--tenant", tenant.slug, user.email], input=STRONG + "\n")
    assert done.exit_code == 0, done.output
    db.session.refresh(user)
    assert verify_password(user.password_hash, STRONG)
