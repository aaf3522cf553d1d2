"""Report pages, exports and the API's XLSX: who may read them, what the files hold, and
that a spreadsheet never runs a formula someone typed into a complaint."""
import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from core.auth.service import create_token
from core.extensions import db
from tests.support import login
from tests.workflow_support import Office

SH = ZoneInfo("Asia/Shanghai")
EVIL = '=HYPERLINK("http://evil.example","点我")'


def office_with_cases(make_tenant, make_user, locale="zh_CN"):
    tenant = make_tenant(plugins=["bank"], locale=locale)
    o = Office(tenant, make_user(tenant, "intake"), make_user(tenant, "handler", department="OPS"),
               make_user(tenant, "handler"), make_user(tenant, "supervisor", department="OPS"),
               make_user(tenant, "admin"), make_user(tenant, "auditor"), make_user(tenant, "handler"))
    march = datetime(2026, 3, 2, 10, tzinfo=SH)
    o.register(now=march, title=EVIL)
    o.register(now=march, title="排队时间太长")
    return o


def test_readers_see_the_list_and_a_month_with_its_chart(client, make_tenant, make_user):
    o = office_with_cases(make_tenant, make_user)
    login(client, o.tenant, o.supervisor.email)
    listing = client.get(f"/t/{o.tenant.slug}/reports").get_data(as_text=True)
    assert "投诉处理情况汇总" in listing and "客户投诉情况登记表" in listing  # the core's and the bank's
    page = client.get(f"/t/{o.tenant.slug}/reports/summary?period=month&on=2026-03-05")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "2026-03-01 – 2026-03-31" in body and "<svg" in body
    assert "投诉件数" in body and "<script" not in body
    assert client.get(f"/t/{o.tenant.slug}/reports/summary?period=fortnight").status_code == 400
    reversed_days = client.get(f"/t/{o.tenant.slug}/reports/summary?period=custom&from=2026-03-05&to=2026-03-01")
    assert reversed_days.status_code == 400 and "截止日不能早于起始日" in reversed_days.get_data(as_text=True)
    assert client.get(f"/t/{o.tenant.slug}/reports/no_such_report").status_code == 404


def test_handlers_may_not_read_reports(client, make_tenant, make_user):
    o = office_with_cases(make_tenant, make_user)
    login(client, o.tenant, o.handler.email)
    assert client.get(f"/t/{o.tenant.slug}/reports").status_code == 403
    assert client.get(f"/t/{o.tenant.slug}/reports/summary").status_code == 403


def test_csv_and_xlsx_keep_chinese_and_defuse_formulas(client, make_tenant, make_user):
    o = office_with_cases(make_tenant, make_user)
    login(client, o.tenant, o.supervisor.email)
    url = f"/t/{o.tenant.slug}/reports/overdue?period=custom&from=2026-03-01&to=2026-03-31"
    raw = client.get(url + "&format=csv")
    assert raw.headers["Content-Type"].startswith("text/csv") and raw.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["编号", "投诉事由", "状态"]
    titles = {row[1] for row in rows[1:]}
    assert "'" + EVIL in titles and EVIL not in titles and "排队时间太长" in titles
    xlsx = client.get(url + "&format=xlsx")
    assert "spreadsheetml" in xlsx.headers["Content-Type"] and "overdue_2026-03-01_2026-03-31.xlsx" in \
        xlsx.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert [c.value for c in sheet[3]][:3] == ["编号", "投诉事由", "状态"]
    cells = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "'" + EVIL in cells and EVIL not in cells


def test_api_gives_xlsx_in_the_callers_tenant_only(client, make_tenant, make_user):
    o = office_with_cases(make_tenant, make_user, locale="en")
    other = office_with_cases(make_tenant, make_user)
    token = create_token(o.tenant, o.supervisor)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get("/api/v1/reports/volume_by_channel?from=2026-03-01&to=2026-03-31&format=xlsx",
                          headers=headers)
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet["A1"].value.startswith(o.tenant.name) and sheet["A3"].value == "Name"
    assert [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)] == [2]  # not the other tenant's 2 more
    assert other.tenant.id != o.tenant.id
    assert client.get("/api/v1/reports/summary?from=2026-03-01&to=2026-03-31&format=pdf",
                      headers=headers).status_code == 422


def test_no_report_or_export_shows_another_tenants_cases(client, make_tenant, make_user):
    """Every report the tenant has (the core's and the bank's), as a page, CSV and XLSX:
    the other tenant's marker never appears, while the tenant's own does where listed."""
    mine = office_with_cases(make_tenant, make_user)
    theirs = office_with_cases(make_tenant, make_user)
    marker = "别家银行的秘密投诉"
    theirs.register(now=datetime(2026, 3, 3, 10, tzinfo=SH), title=marker,
                    complainant={"name": "外人", "phone": "13900000000"})
    login(client, mine.tenant, mine.supervisor.email)
    from core.reports import reports_for
    names = list(reports_for(mine.tenant))
    assert {"summary", "overdue", "causes", "bank_complaint_register"} <= set(names)
    for name in names:
        base = f"/t/{mine.tenant.slug}/reports/{name}?period=custom&from=2026-03-01&to=2026-03-31"
        for suffix in ("", "&format=csv", "&format=xlsx"):
            response = client.get(base + suffix)
            assert response.status_code == 200, (name, suffix)
            data = response.data
            if suffix.endswith("xlsx"):
                sheet = load_workbook(io.BytesIO(data)).active
                data = "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row).encode()
            assert marker.encode() not in data and b"13900000000" not in data, (name, suffix)
    register = client.get(f"/t/{mine.tenant.slug}/reports/bank_complaint_register?period=custom"
                          f"&from=2026-03-01&to=2026-03-31").get_data(as_text=True)
    assert "排队时间太长" in register  # the tenant's own case is there
