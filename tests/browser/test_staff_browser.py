"""A day at the complaint desk in real headless Chromium: register a complaint with the
bank's fields, take it through assignment, a proposal above the handler's limit, approval,
reply and follow-up to closed; a refused action says why; the language switches; other
tenants and the person complained about get "not found"."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import screenshot
from tests.support import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def bank(live_server):
    app, base = live_server
    with app.app_context():
        from core.auth.service import create_user
        from core.extensions import db
        from core.tenancy import create_department, create_tenant
        from tests.support import unique_slug
        tenant = create_tenant(unique_slug("bank"), "示范银行杭州分行", plugins=["bank"])
        other = create_tenant(unique_slug("other"), "另一家银行", plugins=["bank"])
        create_department(tenant, "OPS", "运营管理部")
        create_user(tenant, "intake@bank.test", role="intake", password=PASSWORD, name="前台小李")
        create_user(tenant, "handler@bank.test", role="handler", password=PASSWORD, name="王经办",
                    department="OPS")
        create_user(tenant, "supervisor@bank.test", role="supervisor", password=PASSWORD, name="赵主管",
                    department="OPS")
        create_user(tenant, "teller@bank.test", role="handler", password=PASSWORD, name="柜员小张",
                    department="OPS")
        create_user(tenant, "admin@bank.test", role="admin", password=PASSWORD, name="钱行长")
        create_user(other, "admin@other.test", role="admin", password=PASSWORD, name="他行管理员")
        db.session.commit()
        slugs = tenant.slug, other.slug
        db.session.remove()
    return base, slugs


def sign_in(chromium, base, slug, email, locale="zh-CN"):
    context = chromium.new_context(locale=locale, viewport={"width": 1180, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto(f"{base}/t/{slug}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.keyboard.press("Enter")  # keyboard alone
    page.wait_for_url(re.compile(rf"/t/{slug}/$"))
    return page


def act(page, name, fill=None, select=None):
    """Open the action's panel, fill its form, submit."""
    page.locator(f"#action-{name} > summary").click()
    for field, value in (fill or {}).items():
        page.locator(f"#{name}-{field}").fill(value)
    for field, value in (select or {}).items():
        page.locator(f"#{name}-{field}").select_option(value)
    with page.expect_navigation():
        page.locator(f"#action-{name} button[type=submit]").click()


def test_a_complaint_from_intake_to_closed(chromium, bank):
    base, (slug, other_slug) = bank
    desk = sign_in(chromium, base, slug, "intake@bank.test")
    screenshot(desk, "staff-board")
    desk.get_by_role("link", name="登记投诉").click()
    desk.get_by_label("渠道").select_option("walk_in")
    desk.get_by_label("投诉人姓名", exact=True).fill("陈平")
    desk.get_by_label("电话", exact=True).fill("13800138000")
    desk.get_by_label("被投诉员工（电子邮箱），如已知").fill("teller@bank.test")
    desk.get_by_label("标题", exact=True).fill("柜员办理转账输错金额")
    desk.get_by_label("发生了什么？").fill("我在柜台转账6000元，柜员输成了66000元，至今未退回。")
    desk.get_by_label("网点").fill("西湖支行")
    desk.get_by_label("涉及金额（元）").fill("60000")
    desk.get_by_role("button", name="检查").click()
    expect(desk.get_by_role("heading", name="登记前请注意")).to_be_visible()
    assert "重大投诉" in desk.content()  # the bank's amount threshold, before saving
    screenshot(desk, "staff-intake-check")
    desk.get_by_role("button", name="登记", exact=True).click()
    expect(desk.locator(".flash")).to_contain_text("已登记")
    flash = desk.locator(".flash").inner_text()
    reference = re.search(r"[A-Z0-9]+-\d{4}-\d{6}", flash).group(0)
    case_url = desk.url
    act(desk, "accept", select={"category": "work_error"})
    expect(desk.locator(".flash")).to_contain_text("已完成")
    expect(desk.locator(".flash")).to_contain_text("已完成")

    boss = sign_in(chromium, base, slug, "supervisor@bank.test")
    boss.goto(f"{base}/t/{slug}/cases?q=输错")
    boss.get_by_role("link", name=reference).click()
    act(boss, "assign", select={"department": "OPS", "assignee": "handler@bank.test"})
    act(boss, "record_check", select={"check": "regulator_report"}, fill={"note": "已电话报告"})

    handler = sign_in(chromium, base, slug, "handler@bank.test")
    handler.locator("#tile-mine").click()
    handler.get_by_role("link", name=reference).click()
    act(handler, "determine", select={"responsibility": "liable"}, fill={"findings": "柜员输错金额"})
    act(handler, "propose", fill={"resolution": "退还多转款项并赔付利息", "compensation-amount": "1000"},
        select={"compensation-kind": "money"})
    # Above the handler's own limit: the reply is refused, with the reason, on the same page.
    reply = {"text": "经核实系柜员操作失误，已退还。", "cause": "柜员输错金额", "findings": "监控与流水一致",
             "staff_action": "通报批评", "corrective_measures": "大额转账双人复核",
             "contact": "运营管理部 0571-88888888"}
    act(handler, "reply", fill=reply)
    expect(handler.locator("#refusal")).to_contain_text("审批")
    assert handler.locator("#reply-corrective_measures").input_value() == "大额转账双人复核"  # kept
    screenshot(handler, "staff-refused-action")

    boss.goto(case_url)
    act(boss, "approve", fill={"note": "同意"})
    handler.goto(case_url)
    act(handler, "reply", fill=reply)
    desk.goto(case_url)
    act(desk, "follow_up", select={"satisfaction": "satisfied"}, fill={"note": "回访满意"})
    expect(desk.locator("table").first).to_contain_text("已办结")
    screenshot(desk, "staff-case-closed")

    # The supervisor's month: the closed complaint counts, with its chart.
    boss.get_by_role("link", name="统计报表").click()
    boss.get_by_role("link", name="投诉处理情况汇总").click()
    expect(boss.locator("svg[role=img]")).to_be_visible()
    expect(boss.locator("table")).to_contain_text("办结率")
    screenshot(boss, "staff-report-summary")

    # English, remembered for this user.
    desk.get_by_label("语言").select_option("en")
    desk.get_by_role("button", name="切换").click()
    expect(desk.get_by_role("link", name="Board")).to_be_visible()
    desk.goto(f"{base}/t/{slug}/cases")
    screenshot(desk, "staff-case-list")

    # Another tenant's admin and the teller complained about: the case does not exist.
    stranger = sign_in(chromium, base, other_slug, "admin@other.test")
    assert stranger.goto(case_url).status == 404
    assert stranger.goto(case_url.replace(f"/t/{slug}/", f"/t/{other_slug}/")).status == 404
    teller = sign_in(chromium, base, slug, "teller@bank.test")
    assert teller.goto(case_url).status == 404
    teller.goto(f"{base}/t/{slug}/cases?q=输错")
    assert reference not in teller.content()


def test_tenant_admin_sets_up_the_office(chromium, bank):
    base, (slug, _other) = bank
    page = sign_in(chromium, base, slug, "supervisor@bank.test")
    assert page.goto(f"{base}/t/{slug}/admin/").status == 403  # not an admin
    admin_context = chromium.new_context(locale="zh-CN", viewport={"width": 1180, "height": 900})
    admin = admin_context.new_page()
    admin.goto(f"{base}/t/{slug}/login")
    admin.locator("#email").fill("admin@bank.test")
    admin.locator("#password").fill(PASSWORD)
    admin.keyboard.press("Enter")
    admin.get_by_role("link", name="管理").click()
    admin.locator("#dept-code").fill("LEGAL")
    admin.locator("#dept-name").fill("法律合规部")
    admin.get_by_role("button", name="添加部门").click()
    expect(admin.locator(".flash")).to_contain_text("已添加部门")
    admin.locator("#new-email").fill("newbie@bank.test")
    admin.locator("#new-name").fill("新同事")
    admin.locator("#new-role").select_option("handler")
    admin.locator("#new-department").select_option("LEGAL")
    admin.locator("#new-password").fill("short")
    admin.get_by_role("button", name="添加用户").click()
    expect(admin.locator(".error")).to_be_visible()
    assert admin.locator("#new-name").input_value() == "新同事"  # kept after the refusal
    admin.locator("#new-password").fill("a-long-enough-pass")
    admin.get_by_role("button", name="添加用户").click()
    expect(admin.locator(".flash")).to_contain_text("新同事")
    screenshot(admin, "admin-tenant")
    admin.get_by_role("link", name="设置", exact=True).click()
    admin.get_by_label("重大投诉金额（元）").fill("80000")
    admin.get_by_role("button", name="保存设置").click()
    expect(admin.locator(".flash")).to_contain_text("已保存设置")
    admin_context.close()
