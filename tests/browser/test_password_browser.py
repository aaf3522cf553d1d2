"""Changing one's password in real Chromium: from the header, a refusal that says why,
then the change; the new password signs in, the old one no longer does."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import screenshot
from tests.browser.test_staff_browser import bank, sign_in  # noqa: F401  (the fixture)
from tests.support import PASSWORD

pytestmark = pytest.mark.browser
NEW = "lantern-orchard-sixty-kites"


def test_a_handler_changes_their_password(chromium, bank):  # noqa: F811
    base, (slug, _other) = bank
    page = sign_in(chromium, base, slug, "handler@bank.test")
    page.get_by_role("link", name="密码").click()
    expect(page.get_by_role("heading", name="修改密码")).to_be_visible()
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill("woaini1314")
    page.get_by_label("再次输入新密码").fill("woaini1314")
    page.get_by_role("button", name="修改密码").click()
    expect(page.get_by_role("alert")).to_contain_text("最常见的密码")
    screenshot(page, "staff-password-refused")
    page.get_by_label("当前密码").fill(PASSWORD)
    page.get_by_label("新密码", exact=True).fill(NEW)
    page.get_by_label("再次输入新密码").fill(NEW)
    page.get_by_role("button", name="修改密码").click()
    page.wait_for_url(re.compile(rf"/t/{slug}/$"))
    expect(page.locator(".flash")).to_contain_text("密码已修改")
    page.get_by_role("button", name="退出登录").click()
    page.locator("#email").fill("handler@bank.test")
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()  # the old password no longer signs in
    page.locator("#password").fill(NEW)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/t/{slug}/$"))
    page.context.close()
