"""The public portal in real headless Chromium: complain with evidence, follow the
complaint, supply what was asked for."""
import pytest
from sqlalchemy import select

from core.cases.models import Case
from core.extensions import db
from tests.browser.support import screenshot

pytestmark = pytest.mark.browser
PDF = b"%PDF-1.4\n% receipt\n"


@pytest.fixture
def hotel(live_server):
    app, base = live_server
    with app.app_context():
        from core.auth.service import create_user
        from core.tenancy import create_department, create_tenant
        from tests.support import PASSWORD, unique_slug
        tenant = create_tenant(unique_slug("hotel"), "示范国际大酒店", plugins=["hotel"],
                               settings={"contact": {"phone": "0571-88880000", "address": "西湖大道1号"}})
        create_department(tenant, "FO", "前厅部")
        create_user(tenant, "duty@hotel.test", role="supervisor", password=PASSWORD)
        db.session.commit()
        slug, tenant_id = tenant.slug, tenant.id
        db.session.remove()
    return app, base, slug, tenant_id


def test_complain_follow_and_add_evidence(page, hotel, tmp_path):
    app, base, slug, tenant_id = hotel
    page.goto(f"{base}/p/{slug}/")
    assert page.get_by_role("heading", name="如何投诉").is_visible()
    assert "个工作日" in page.content()  # the expected times, from the policy
    screenshot(page, "portal-how-to-complain")

    page.get_by_role("link", name="我要投诉").first.click()
    page.get_by_label("姓名").fill("周杰")
    page.get_by_label("电话").fill("13800138000")
    page.get_by_label("发生了什么？").fill("1208房间空调噪音很大，半夜无法入睡。")
    page.get_by_label("您的诉求是什么？").fill("换房并减免房费")
    page.get_by_label("房间号").fill("1208")
    receipt = tmp_path / "账单.pdf"
    receipt.write_bytes(PDF)
    page.get_by_label("凭证", exact=False).set_input_files(str(receipt))
    screenshot(page, "portal-complaint-form")
    page.get_by_role("button", name="提交投诉").click()

    reference = page.locator("#reference").inner_text()
    code = page.locator("#access-code").inner_text()
    assert reference and len(code.replace("-", "")) == 24
    with app.app_context():
        case = db.session.execute(select(Case).where(Case.tenant_id == tenant_id,
                                                     Case.reference == reference)).scalar_one()
        assert case.channel == "web" and case.fields == {"room_number": "1208"}
        case_id = case.id
        # Staff ask for more (as the duty manager would on the case page).
        from core.auth.models import User
        from core.tenancy import Tenant
        from core.workflow import perform
        tenant = db.session.get(Tenant, tenant_id)
        duty = db.session.execute(select(User).where(User.email == "duty@hotel.test",
                                                     User.tenant_id == tenant_id)).scalar_one()
        perform(tenant, duty, case_id, "request_info", {"missing": "请上传入住账单照片"}, version=case.version)
        db.session.commit()
        db.session.remove()

    page.get_by_role("link", name="查询投诉").click()
    page.get_by_label("编号").fill(reference)
    page.get_by_label("查询码").fill("WRONGCODE123")
    page.get_by_role("button", name="打开").click()
    assert page.get_by_role("alert").inner_text() == "没有与此编号和查询码相符的投诉。"
    page.get_by_label("编号").fill(reference)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="打开").click()

    assert page.locator("#status").inner_text() == "待补充材料"
    assert "请上传入住账单照片" in page.locator("#history").inner_text()
    screenshot(page, "portal-status")
    photo = tmp_path / "bill.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    page.get_by_label("您的留言").fill("账单照片见附件")
    page.get_by_label("附件（PDF、JPEG、PNG 或 GIF）").set_input_files(str(photo))
    page.get_by_role("button", name="发送").click()
    assert page.get_by_role("status").inner_text() == "谢谢，您的信息已加入投诉。"
    assert page.locator("#status").inner_text() == "已登记"

    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.status == "received"
        from core.attachments import Attachment
        names = db.session.scalars(select(Attachment.filename).where(
            Attachment.tenant_id == tenant_id, Attachment.case_id == case_id)).all()
        assert sorted(names) == ["bill.png", "账单.pdf"]
        db.session.remove()
